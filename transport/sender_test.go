package transport

import (
	"context"
	"errors"
	"log/slog"
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

// countingLimiter hands out free slots and counts the round trips it would make.
type countingLimiter struct{ trips, slots int }

func (l *countingLimiter) Reserve(context.Context, int64, state.Rate) (time.Duration, error) {
	l.trips++
	return 0, nil
}

func (l *countingLimiter) ReserveSlots(_ context.Context, _ int64, _, _ state.Rate, n int) ([]state.Slot, error) {
	l.trips++
	l.slots += n
	slots := make([]state.Slot, n)
	for i := range slots {
		slots[i].GlobalTaken = true // the chat's is free now: the token's comes with it
	}
	return slots, nil
}

// TestSlotsTakenAheadAreUsedFirst: send slots a read-ahead took for a chat serve its next
// sends without a round trip, a Prepare for more takes only the rest, another chat's sends
// do not use them, a slot kept past slotKeep is dropped, and a later read-ahead's slots are
// kept after those still good, up to maxKeptSlots.
func TestSlotsTakenAheadAreUsedFirst(t *testing.T) {
	ctx := context.Background()
	lim := &countingLimiter{}
	s := NewSender(nil, lim, nil, SenderOptions{GlobalPerSecond: 30, PrivateInterval: time.Second, PrivateBurst: 3}, nil, slog.Default())
	free := []state.Slot{{GlobalTaken: true}, {GlobalTaken: true}}
	now := time.Now()

	s.KeepSlots(7, free, now)
	if err := s.waitSlot(ctx, nil, 8); err != nil || lim.trips != 1 {
		t.Fatalf("another chat's send: %v, %d round trips, want 1", err, lim.trips)
	}
	if err := s.waitSlot(ctx, nil, 7); err != nil || lim.trips != 1 {
		t.Fatalf("a send with a slot kept: %v, %d round trips, want none more", err, lim.trips)
	}
	if got := s.Prepare(ctx, 7, 3); lim.trips != 2 || lim.slots != 3 || len(got.slots) != 3 {
		t.Fatalf("Prepare for 3 with 1 kept: %d round trips for %d slots, %d in hand; want 1 more for 2", lim.trips-1, lim.slots-1, len(got.slots))
	}
	if held := s.ahead.take(7, 1, now); len(held) != 0 {
		t.Fatalf("%d slots still kept after Prepare took them", len(held))
	}

	s.KeepSlots(9, free, now)
	if held := s.ahead.take(9, 2, now.Add(slotKeep+time.Second)); len(held) != 0 {
		t.Fatalf("slots kept past slotKeep were used: %d", len(held))
	}
	s.KeepSlots(9, free[:1], now)
	s.KeepSlots(9, free, now.Add(time.Millisecond)) // a later read-ahead's slots come after them
	if held := s.ahead.take(9, 5, now); len(held) != 3 || !held[0].at.Equal(now) || !held[2].at.Equal(now.Add(time.Millisecond)) {
		t.Fatalf("kept after a second read-ahead: %+v", held)
	}
	s.KeepSlots(9, free[:1], now)
	s.KeepSlots(9, free, now.Add(slotKeep+time.Second)) // those past slotKeep are dropped then
	if held := s.ahead.take(9, 5, now.Add(slotKeep+time.Second)); len(held) != 2 {
		t.Fatalf("kept after a read-ahead past slotKeep: %d slots, want its 2", len(held))
	}
	for range maxKeptSlots {
		s.KeepSlots(9, free, now)
	}
	if held := s.ahead.take(9, 100, now); len(held) != maxKeptSlots {
		t.Fatalf("%d slots kept for a chat, want at most %d", len(held), maxKeptSlots)
	}
}
