package transport

import (
	"context"
	"encoding/json"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife/state/redistest"
)

// scriptedSource answers getUpdates with its batches in turn, then with nothing, and notes
// the offsets asked for.
type scriptedSource struct {
	mu      sync.Mutex
	batches [][]json.RawMessage
	offsets []int
}

func (s *scriptedSource) RawUpdates(c tgbotapi.UpdateConfig) ([]json.RawMessage, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.offsets = append(s.offsets, c.Offset)
	if len(s.batches) == 0 {
		time.Sleep(5 * time.Millisecond) // a long poll that found nothing
		return nil, nil
	}
	b := s.batches[0]
	s.batches = s.batches[1:]
	return b, nil
}

func (s *scriptedSource) asked() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.offsets)
}

// TestPollerSkipsOnlyAnUpdateThatDoesNotDecode: the poller queues each update of a
// getUpdates answer (fields this client does not know included), handled in order; one
// that does not decode is skipped alone, and the next getUpdates asks past the whole answer.
func TestPollerSkipsOnlyAnUpdateThatDoesNotDecode(t *testing.T) {
	srv := redistest.Start(t)
	rec := newRecorder(2)
	p := testPipeline(t, srv, "a", rec.handle, nil)
	msg := func(id int, text string) json.RawMessage {
		return json.RawMessage(`{"update_id":` + string(rune('0'+id)) + `,"message":{"message_id":` + string(rune('0'+id)) +
			`,"date":1,"chat":{"id":7,"type":"private"},"from":{"id":7,"is_bot":false,"first_name":"A"},"text":"` + text + `","a_field_of_a_newer_bot_api":1}}`)
	}
	src := &scriptedSource{batches: [][]json.RawMessage{{msg(1, "一"), json.RawMessage(`{"update_id":2,"message":{"chat":"not a chat"}}`), msg(3, "三")}}}
	poller := NewPoller(src, p, time.Second, func(s string) string { return s }, slog.New(slog.DiscardHandler))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { poller.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	select {
	case <-rec.done:
	case <-time.After(15 * time.Second):
		t.Fatalf("handled %d of 2 updates", rec.total)
	}
	rec.mu.Lock()
	if got := rec.seen[7]; !slices.Equal(got, []string{"一", "三"}) {
		t.Errorf("handled %q, want 一 then 三", got)
	}
	rec.mu.Unlock()
	waitFor(t, func() bool { return len(src.asked()) >= 2 })
	if got := src.asked()[:2]; got[0] != 0 || got[1] != 4 {
		t.Errorf("getUpdates offsets %v, want 0 then 4 (past the skipped update)", got)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 15s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestPollerStoppingIsNoOutage: a batch that cannot be queued because the poller is
// stopping stays at Telegram, without an outage notice to its chat or a warning.
func TestPollerStoppingIsNoOutage(t *testing.T) {
	srv := redistest.Start(t)
	notified := 0
	var mu sync.Mutex
	p := testPipeline(t, srv, "a", func(context.Context, *Work, tgbotapi.Update) error { return nil },
		func(context.Context, int64) { mu.Lock(); notified++; mu.Unlock() })
	var logs strings.Builder
	poller := NewPoller(&scriptedSource{}, p, time.Second, func(s string) string { return s },
		slog.New(slog.NewTextHandler(&logs, nil)))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	u := textUpdate(1, 5, "x")
	u.Personal = true
	if poller.store(ctx, []Incoming{u}) {
		t.Fatal("a batch stored after the poller stopped")
	}
	mu.Lock()
	defer mu.Unlock()
	if notified != 0 || logs.Len() != 0 {
		t.Fatalf("stopping told %d chats of an outage and logged %q", notified, logs.String())
	}
}
