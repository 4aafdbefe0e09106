// Command botapi-fake runs the fake Telegram Bot API server of package
// telegramtest, so the bot can run locally without Telegram:
//
//	go run ./cmd/botapi-fake -addr 127.0.0.1:8081 -token 123456:local
//
// It prints the endpoint pattern and token to give the bot. With -chat (on by
// default when stdin is a terminal) the terminal is also a chat as user 1:
// every line typed is sent to the bot, "!click <button text>" presses a
// button, and the bot's messages are shown as they arrive and change.
// The JSON control API under /fake/ is available either way.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"orglife/bot/telegramtest"
)

type config struct {
	addr     string
	token    string
	username string
	chat     bool
}

func main() {
	cfg, err := parseFlags(os.Args[1:], isTerminal(os.Stdin), os.Stderr)
	if err != nil {
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cfg, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "botapi-fake:", err)
		os.Exit(1)
	}
}

// parseFlags reads the flags; -chat defaults to whether stdin is a terminal.
func parseFlags(args []string, terminal bool, errOut io.Writer) (config, error) {
	var cfg config
	fs := flag.NewFlagSet("botapi-fake", flag.ContinueOnError)
	fs.SetOutput(errOut)
	fs.StringVar(&cfg.addr, "addr", "127.0.0.1:8081", "address to listen on")
	fs.StringVar(&cfg.token, "token", "", "bot token to accept, like 123456:local (generated when empty)")
	fs.StringVar(&cfg.username, "username", "orglife_test_bot", "the bot's username")
	fs.BoolVar(&cfg.chat, "chat", terminal, "chat with the bot as user 1 in this terminal (default: on when stdin is a terminal)")
	err := fs.Parse(args)
	return cfg, err
}

// isTerminal tells a terminal by its being a character device other than
// /dev/null, which is good enough to choose a default without a terminal library.
func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	if err != nil || info.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	null, err := os.Stat(os.DevNull)
	return err != nil || !os.SameFile(info, null)
}

// run serves until ctx ends, printing the settings line for the bot first.
func run(ctx context.Context, cfg config, in io.Reader, out, errOut io.Writer) error {
	srv, err := telegramtest.New(telegramtest.Options{Addr: cfg.addr, Token: cfg.token, BotUsername: cfg.username})
	if err != nil {
		return err
	}
	defer srv.Close()
	fmt.Fprintf(out, "TELEGRAM_API_ENDPOINT=%s TELEGRAM_BOT_TOKEN=%s\n", srv.Endpoint(), srv.Token())
	fmt.Fprintf(errOut, "fake Bot API at %s; JSON control API under %s/fake/\n", srv.URL(), srv.URL())
	if cfg.chat {
		runChat(ctx, srv, in, out)
	}
	<-ctx.Done()
	return nil
}
