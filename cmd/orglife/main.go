// Command orglife runs the bot: it reads the configuration, builds the parts and serves
// until SIGINT or SIGTERM, then shuts down gracefully.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/redis/go-redis/v9"

	"orglife/app"
	"orglife/configs"
	"orglife/sandbox"
	"orglife/state"
)

func main() { os.Exit(run()) }

// run returns the exit code: 2 for a configuration or start-up problem (one line on
// stderr saying what to set), 1 for a failure while running, 0 after a clean stop.
func run() int {
	configPath := flag.String("config", os.Getenv(configs.EnvConfig), "YAML file overlaying configs/orglife.yaml (env "+configs.EnvConfig+")")
	printConfig := flag.Bool("print-config", false, "print the default configuration and exit")
	demo := flag.Bool("demo", false, "sandbox: seed a demo branch")
	addr := flag.String("addr", sandbox.DefaultAddr, "sandbox: address of the web chat")
	advance := flag.Duration("advance", 0, "sandbox: start the clock this far ahead (e.g. 72h)")
	flag.Parse()
	if *printConfig {
		_, _ = os.Stdout.Write(configs.Default())
		return 0
	}
	cfg, err := configs.Load(*configPath, os.Getenv)
	if err != nil {
		return startFailed(err)
	}
	if pct, set := cfg.GCTarget(os.Getenv); set {
		debug.SetGCPercent(pct)
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: cfg.Level()}))
	redis.SetLogger(state.RedisLogger{Log: log})
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// After the first signal, a second one ends the process at once.
	go func() { <-ctx.Done(); stop() }()
	args := flag.Args()
	m, err := chooseMode(args, cfg)
	if err != nil {
		return startFailed(err)
	}
	switch m {
	case modeImport:
		summary, err := importBranch(ctx, cfg, args[1])
		if err != nil {
			return startFailed(err)
		}
		fmt.Println(summary)
		return 0
	case modeSandbox:
		if len(args) > 0 {
			fs := flag.NewFlagSet("sandbox", flag.ContinueOnError)
			fs.BoolVar(demo, "demo", *demo, "seed a demo branch")
			fs.StringVar(addr, "addr", *addr, "address of the web chat")
			fs.DurationVar(advance, "advance", *advance, "start the clock this far ahead (e.g. 72h)")
			if err := fs.Parse(args[1:]); err != nil {
				return 2
			}
			log.Info("running the local sandbox: the bot with a stand-in Telegram and a web chat", "addr", *addr, "demo", *demo)
		} else {
			log.Info("running the local sandbox because neither "+configs.EnvToken+" nor a Redis is configured: the bot with a stand-in Telegram and a web chat",
				"addr", *addr, "demo", *demo)
		}
		err := sandbox.Run(ctx, sandbox.Options{Addr: *addr, Demo: *demo, ConfigPath: *configPath, Log: log, Advance: *advance})
		if err != nil {
			log.Error("sandbox failed", "error", err)
			return 1
		}
		return 0
	}
	a, err := app.New(ctx, cfg, log)
	if err != nil {
		return startFailed(err)
	}
	if err := a.Run(ctx); err != nil {
		log.Error("orglife failed", "error", err)
		return 1
	}
	return 0
}

func startFailed(err error) int {
	fmt.Fprintf(os.Stderr, "orglife: %v\n", err)
	return 2
}

// mode is what one start of the binary does.
type mode int

const (
	modeNone mode = iota // what chooseMode returns with an error: nothing runs
	modeBot
	modeSandbox
	modeImport
)

// chooseMode fails closed: the sandbox runs when asked for (orglife sandbox), or on a bare
// start that configures neither a token nor a Redis, a newcomer's first go run. A start that
// names a Redis but no token is a production setup missing its token: it must not run the
// sandbox against that Redis, so it is refused.
func chooseMode(args []string, cfg configs.Config) (mode, error) {
	if len(args) > 0 {
		switch args[0] {
		case "import":
			if len(args) != 2 {
				return modeNone, fmt.Errorf("usage: orglife import FILE")
			}
			return modeImport, nil
		case "sandbox":
			return modeSandbox, nil
		}
		return modeNone, fmt.Errorf("unknown command %q; the commands are sandbox and import FILE", args[0])
	}
	switch {
	case cfg.Telegram.Token != "":
		return modeBot, nil
	case cfg.RedisNamed():
		return modeNone, fmt.Errorf("%s is not set; set it to the bot's token from @BotFather (a Redis is configured, so the sandbox does not start; run `orglife sandbox` for it)", configs.EnvToken)
	}
	return modeSandbox, nil
}
