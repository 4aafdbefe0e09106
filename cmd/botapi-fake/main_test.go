package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife/bot/telegramtest"
)

// watchedBuffer is an output that tests can wait on.
type watchedBuffer struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	changed chan struct{}
}

func newWatchedBuffer() *watchedBuffer { return &watchedBuffer{changed: make(chan struct{})} }

func (b *watchedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	close(b.changed)
	b.changed = make(chan struct{})
	return b.buf.Write(p)
}

// waitFor returns the output once it contains s.
func (b *watchedBuffer) waitFor(t *testing.T, s string) string {
	t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		b.mu.Lock()
		out, changed := b.buf.String(), b.changed
		b.mu.Unlock()
		if strings.Contains(out, s) {
			return out
		}
		select {
		case <-changed:
		case <-timeout:
			t.Fatalf("output never contained %q:\n%s", s, out)
		}
	}
}

func TestParseFlags(t *testing.T) {
	tests := []struct {
		args     []string
		terminal bool
		chat     bool
	}{
		{nil, true, true},
		{nil, false, false},
		{[]string{"-chat=false"}, true, false},
		{[]string{"-chat"}, false, true},
	}
	for _, tt := range tests {
		cfg, err := parseFlags(tt.args, tt.terminal, io.Discard)
		if err != nil || cfg.chat != tt.chat || cfg.addr != "127.0.0.1:8081" {
			t.Errorf("parseFlags(%q, terminal=%v) = %+v %v", tt.args, tt.terminal, cfg, err)
		}
	}
}

func TestTerminalChat(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	in, typing := io.Pipe()
	out := newWatchedBuffer()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, config{addr: "127.0.0.1:0", token: "123456:local", chat: true}, in, out, io.Discard)
	}()

	first := out.waitFor(t, "TELEGRAM_BOT_TOKEN=123456:local\n")
	endpoint := strings.TrimPrefix(strings.Fields(first)[0], "TELEGRAM_API_ENDPOINT=")
	bot, err := tgbotapi.NewBotAPIWithClient("123456:local", endpoint, &http.Client{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	go answer(bot)

	io.WriteString(typing, "hello\n")
	out.waitFor(t, "bot #2: Hi 你 <3\n    [好] [不]\n")
	io.WriteString(typing, "!click 没有\n")
	out.waitFor(t, `no button "没有"`)
	io.WriteString(typing, "!click 好\n")
	out.waitFor(t, "bot #2 (edited): chose yes\n")
	out.waitFor(t, "    (noted)\n")

	cancel()
	typing.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// answer is a tiny bot: it greets with buttons and edits on a press.
func answer(bot *tgbotapi.BotAPI) {
	offset := 0
	for {
		updates, err := bot.GetUpdates(tgbotapi.UpdateConfig{Offset: offset, Timeout: 1})
		if err != nil {
			return // the server is gone
		}
		for _, u := range updates {
			offset = u.UpdateID + 1
			switch {
			case u.Message != nil:
				msg := tgbotapi.NewMessage(u.Message.Chat.ID, "<i>Hi</i> "+u.Message.From.FirstName+" &lt;3")
				msg.ParseMode = tgbotapi.ModeHTML
				msg.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
					tgbotapi.NewInlineKeyboardButtonData("好", "yes"), tgbotapi.NewInlineKeyboardButtonData("不", "no")))
				bot.Send(msg)
			case u.CallbackQuery != nil:
				q := u.CallbackQuery
				bot.Send(tgbotapi.NewEditMessageText(q.Message.Chat.ID, q.Message.MessageID, "chose "+q.Data))
				bot.Request(tgbotapi.NewCallback(q.ID, "noted"))
			}
		}
	}
}

func TestRender(t *testing.T) {
	tests := []struct {
		msg  telegramtest.Message
		want string
	}{
		{telegramtest.Message{ID: 1, Text: "a < b"}, "bot #1: a < b\n"},
		{telegramtest.Message{ID: 2, Text: "x", Edits: 1, Buttons: [][]telegramtest.Button{{{Text: "A"}, {Text: "B"}}, {{Text: "C"}}}},
			"bot #2 (edited): x\n    [A] [B]\n    [C]\n"},
		{telegramtest.Message{ID: 3, Deleted: true}, "bot #3 (deleted)\n"},
		{telegramtest.Message{ID: 4, Text: "Report", Document: &telegramtest.File{Name: "r.csv", Size: 3}},
			"bot #4: Report\n    [file r.csv, 3 bytes]\n"},
		{telegramtest.Message{ID: 5, Text: "pick", Keyboard: [][]string{{"是", "否"}}}, "bot #5: pick\n    keyboard: [是] [否]\n"},
	}
	for _, tt := range tests {
		if got := render(tt.msg); got != tt.want {
			t.Errorf("render(%+v) = %q, want %q", tt.msg, got, tt.want)
		}
	}
}
