package transport

import (
	"errors"
	"net/url"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife/state"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		name  string
		err   error
		kind  outcomeKind
		code  int
		after time.Duration
	}{
		{"429 with retry_after", &tgbotapi.Error{Code: 429, Message: "Too Many Requests: retry after 3", ResponseParameters: tgbotapi.ResponseParameters{RetryAfter: 3}}, outcomeRetryAfter, 429, 3 * time.Second},
		{"upload 429 has code 0", &tgbotapi.Error{Message: "Too Many Requests: retry after 7", ResponseParameters: tgbotapi.ResponseParameters{RetryAfter: 7}}, outcomeRetryAfter, 429, 7 * time.Second},
		{"429 without parameters", &tgbotapi.Error{Code: 429, Message: "Too Many Requests"}, outcomeRetryAfter, 429, time.Second},
		{"502", &tgbotapi.Error{Code: 502, Message: "Bad Gateway"}, outcomeTransient, 502, 0},
		{"upload 500 has code 0", &tgbotapi.Error{Message: "Internal Server Error"}, outcomeTransient, 500, 0},
		{"blocked", &tgbotapi.Error{Code: 403, Message: "Forbidden: bot was blocked by the user"}, outcomeBlocked, 403, 0},
		{"upload blocked", &tgbotapi.Error{Message: "Forbidden: user is deactivated"}, outcomeBlocked, 403, 0},
		{"not modified", &tgbotapi.Error{Code: 400, Message: "Bad Request: message is not modified: specified new message content"}, outcomeNotModified, 400, 0},
		{"bad request", &tgbotapi.Error{Code: 400, Message: "Bad Request: can't parse entities"}, outcomePermanent, 400, 0},
		{"unauthorized", &tgbotapi.Error{Code: 401, Message: "Unauthorized"}, outcomePermanent, 401, 0},
		{"network", &url.Error{Op: "Post", URL: "https://x/bot1:SECRET/sendMessage", Err: errors.New("connection refused")}, outcomeTransient, 0, 0},
		{"proxy html page", errors.New("invalid character '<' looking for beginning of value"), outcomeTransient, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := classify(tt.err)
			if o.kind != tt.kind || o.code != tt.code || o.retryAfter != tt.after {
				t.Fatalf("classify = %+v, want kind %v code %d after %v", o, tt.kind, tt.code, tt.after)
			}
		})
	}
}

func TestRedact(t *testing.T) {
	got := redact(`Post "https://api.telegram.org/bot123:ABC/sendMessage": EOF`, "123:ABC", "")
	if got != `Post "https://api.telegram.org/bot<redacted>/sendMessage": EOF` {
		t.Fatalf("redact = %q", got)
	}
}

func TestLocalLimiterGCRA(t *testing.T) {
	l := &FallbackLimiter{tat: map[int64]time.Time{}}
	now := time.Unix(1000, 0)
	chat := state.Rate{Interval: time.Second, Burst: 3}
	for i := range 3 {
		if w := l.reserveLocal(now.Add(time.Duration(i)*40*time.Millisecond), 7, chat); w != 0 {
			t.Fatalf("burst send %d waits %v", i, w)
		}
	}
	at := now.Add(120 * time.Millisecond)
	// The fourth send to the chat is given the slot a second after the first.
	if w := l.reserveLocal(at, 7, chat); w != 880*time.Millisecond {
		t.Fatalf("fourth send in a burst of 3 waits %v, want 880ms", w)
	}
	if w := l.reserveLocal(at, 7, chat); w != 1880*time.Millisecond {
		t.Fatalf("fifth send waits %v, want the next slot, 1880ms", w)
	}
	if w := l.reserveLocal(at, 8, chat); w != 0 {
		t.Fatalf("another chat waits %v", w)
	}
	global := state.Rate{Interval: time.Second / 30, Burst: 1}
	if w := l.reserveLocal(at, 0, global); w != 0 {
		t.Fatalf("first global slot waits %v", w)
	}
	if w := l.reserveLocal(at, 0, global); w != time.Second/30 {
		t.Fatalf("second global slot at the same instant waits %v, want 1/30 s", w)
	}
}

func TestSentID(t *testing.T) {
	tests := []struct {
		name, raw string
		want      int
		fails     bool
	}{
		{"as Telegram writes it", `{"message_id":4711,"from":{"id":1,"is_bot":true,"first_name":"b"},"chat":{"id":5,"type":"private"},"date":1,"text":"好"}`, 4711, false},
		{"alone", `{"message_id":12}`, 12, false},
		{"another order", `{"chat":{"id":5,"type":"private"},"message_id":99,"text":"x"}`, 99, false},
		{"spaces", `{ "message_id" : 7 , "date": 1}`, 7, false},
		{"no id", `{"date":1}`, 0, false},
		{"an id that is not a number", `{"message_id":"7"}`, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := sentID([]byte(tt.raw))
			if got != tt.want || (err != nil) != tt.fails {
				t.Fatalf("sentID(%s) = %d, %v; want %d, failing %v", tt.raw, got, err, tt.want, tt.fails)
			}
		})
	}
}
