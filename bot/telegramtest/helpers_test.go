package telegramtest

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// newFake starts a server and a real tgbotapi client for it.
func newFake(t *testing.T, opts Options) (*Server, *tgbotapi.BotAPI) {
	t.Helper()
	srv, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	bot, err := tgbotapi.NewBotAPIWithClient(srv.Token(), srv.Endpoint(), &http.Client{Timeout: 10 * time.Second})
	if err != nil {
		t.Fatalf("NewBotAPIWithClient: %v", err)
	}
	return srv, bot
}

func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// asTgError unwraps tgbotapi's error, failing the test if it is another kind.
func asTgError(t *testing.T, err error) *tgbotapi.Error {
	t.Helper()
	var tgErr *tgbotapi.Error
	if !errors.As(err, &tgErr) {
		t.Fatalf("want *tgbotapi.Error, got %T %v", err, err)
	}
	return tgErr
}

// wantAPIError checks that err is a Bot API error with this code and description.
func wantAPIError(t *testing.T, err error, code int, description string) {
	t.Helper()
	tgErr := asTgError(t, err)
	if tgErr.Code != code || tgErr.Message != description {
		t.Fatalf("got error %d %q, want %d %q", tgErr.Code, tgErr.Message, code, description)
	}
}

func inlineKeyboard(buttons ...tgbotapi.InlineKeyboardButton) tgbotapi.InlineKeyboardMarkup {
	return tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(buttons...))
}
