package transport

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/prometheus/client_golang/prometheus"

	"orglife/state"
	"orglife/state/redistest"
)

// pairCounter is a Limiter that counts how it is asked; the chat is busy for chatWait.
type pairCounter struct {
	pairs, singles atomic.Int32
	chatWait       time.Duration
	fail           bool
}

func (c *pairCounter) Reserve(context.Context, int64, state.Rate) (time.Duration, error) {
	c.singles.Add(1)
	if c.fail {
		return 0, errors.New("redis away")
	}
	return 0, nil
}

func (c *pairCounter) ReserveSlots(_ context.Context, _ int64, _, _ state.Rate, n int) ([]state.Slot, error) {
	c.pairs.Add(1)
	if c.fail {
		return nil, errors.New("redis away")
	}
	slots := make([]state.Slot, n)
	for i := range slots {
		slots[i] = state.Slot{ChatWait: c.chatWait, GlobalTaken: c.chatWait == 0}
	}
	return slots, nil
}

type okAPI struct{ calls atomic.Int32 }

func (a *okAPI) Request(tgbotapi.Chattable) (*tgbotapi.APIResponse, error) {
	a.calls.Add(1)
	return &tgbotapi.APIResponse{Ok: true, Result: []byte(`{"message_id":1}`)}, nil
}

func (a *okAPI) MakeRequest(string, tgbotapi.Params) (*tgbotapi.APIResponse, error) {
	return a.Request(nil)
}

func pairSender(l Limiter) (*Sender, *okAPI) {
	api := &okAPI{}
	return NewSender(api, l, nil, SenderOptions{GlobalPerSecond: 30, PrivateInterval: time.Second, PrivateBurst: 3,
		GroupPerMinute: 20, MaxRetryElapsed: time.Second, BackoffMin: time.Millisecond, BackoffMax: time.Millisecond},
		NewMetrics(prometheus.NewRegistry()), slog.New(slog.DiscardHandler)), api
}

func TestSenderTakesBothSlotsInOneStepWhenTheChatIsFree(t *testing.T) {
	ctx := context.Background()
	free := &pairCounter{}
	s, api := pairSender(free)
	if _, err := s.Send(ctx, tgbotapi.NewMessage(5, "hi")); err != nil {
		t.Fatal(err)
	}
	if free.pairs.Load() != 1 || free.singles.Load() != 0 || api.calls.Load() != 1 {
		t.Fatalf("free chat: %d pair and %d single reservations, %d calls; want 1, 0, 1", free.pairs.Load(), free.singles.Load(), api.calls.Load())
	}
	// A busy chat: its slot first, the token's only once that comes.
	busy := &pairCounter{chatWait: 50 * time.Millisecond}
	s, _ = pairSender(busy)
	start := time.Now()
	if _, err := s.Send(ctx, tgbotapi.NewMessage(5, "hi")); err != nil {
		t.Fatal(err)
	}
	if busy.pairs.Load() != 1 || busy.singles.Load() != 1 || time.Since(start) < 50*time.Millisecond {
		t.Fatalf("busy chat: %d pair and %d single reservations after %v; want 1 and 1 after the chat's wait",
			busy.pairs.Load(), busy.singles.Load(), time.Since(start))
	}
	// Calls outside the limits reserve nothing.
	if _, err := s.Request(ctx, tgbotapi.NewCallback("q", "")); err != nil {
		t.Fatal(err)
	}
	if busy.pairs.Load() != 1 || busy.singles.Load() != 1 {
		t.Fatal("answerCallbackQuery took a send slot")
	}
}

func TestSenderPrepareTakesSlotsForSeveralMessagesAtOnce(t *testing.T) {
	ctx := context.Background()
	l := &pairCounter{}
	s, api := pairSender(l)
	slots := s.Prepare(ctx, 5, 2)
	for range 2 {
		if _, err := s.SendWith(ctx, slots, tgbotapi.NewMessage(5, "hi")); err != nil {
			t.Fatal(err)
		}
	}
	if l.pairs.Load() != 1 || api.calls.Load() != 2 {
		t.Fatalf("two messages after Prepare: %d reservations, %d calls; want 1 and 2", l.pairs.Load(), api.calls.Load())
	}
	// Another chat's message, or a third one, takes its own slot.
	if _, err := s.SendWith(ctx, slots, tgbotapi.NewMessage(6, "hi")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SendWith(ctx, slots, tgbotapi.NewMessage(5, "hi")); err != nil {
		t.Fatal(err)
	}
	if l.pairs.Load() != 3 {
		t.Fatalf("%d reservations, want 3: the slots taken ahead are used once, by their chat", l.pairs.Load())
	}
	// A busy chat's slots taken ahead still make the message wait its turn.
	busy := &pairCounter{chatWait: 50 * time.Millisecond}
	s, _ = pairSender(busy)
	start := time.Now()
	if _, err := s.SendWith(ctx, s.Prepare(ctx, 5, 1), tgbotapi.NewMessage(5, "hi")); err != nil {
		t.Fatal(err)
	}
	if time.Since(start) < 50*time.Millisecond || busy.singles.Load() != 1 {
		t.Fatalf("busy chat after Prepare: sent after %v with %d token reservations, want after 50ms and 1", time.Since(start), busy.singles.Load())
	}
	// Redis away: Prepare takes nothing and the message is not lost.
	away := &pairCounter{fail: true}
	s, api = pairSender(NewFallbackLimiter(away, slog.New(slog.DiscardHandler)))
	if _, err := s.SendWith(ctx, s.Prepare(ctx, 5, 2), tgbotapi.NewMessage(5, "hi")); err != nil || api.calls.Load() != 1 {
		t.Fatalf("send after a failed Prepare: %v, %d calls", err, api.calls.Load())
	}
}

func TestFallbackLimiterSlotsGoLocalWhenRedisIsAway(t *testing.T) {
	ctx := context.Background()
	shared := &pairCounter{fail: true}
	l := NewFallbackLimiter(shared, slog.New(slog.DiscardHandler))
	chat := state.Rate{Interval: time.Hour, Burst: 1}
	global := state.Rate{Interval: time.Hour, Burst: 1}
	one := func(chatID int64) state.Slot {
		t.Helper()
		slots, err := l.ReserveSlots(ctx, chatID, chat, global, 1)
		if err != nil || len(slots) != 1 {
			t.Fatalf("ReserveSlots = %v %v", slots, err)
		}
		return slots[0]
	}
	if s := one(5); s.ChatWait != 0 || s.GlobalWait != 0 || !s.GlobalTaken {
		t.Fatalf("first slot while Redis is away: %+v, want both slots now, locally", s)
	}
	// Locally now for a while: Redis is not asked, and the local limits hold.
	if s := one(5); s.GlobalTaken || s.ChatWait < 59*time.Minute {
		t.Fatalf("second slot: %+v, want the chat's next slot in an hour", s)
	}
	if s := one(6); !s.GlobalTaken || s.GlobalWait < 59*time.Minute {
		t.Fatalf("another chat: %+v, want the token's next slot in an hour", s)
	}
	slots, err := l.ReserveSlots(ctx, 7, chat, global, 2)
	if err != nil || len(slots) != 2 || !slots[0].GlobalTaken || slots[1].GlobalTaken || slots[1].ChatWait < 59*time.Minute {
		t.Fatalf("two slots of a fresh chat, locally: %+v %v", slots, err)
	}
	if shared.pairs.Load() != 1 {
		t.Fatalf("the shared limiter was asked %d times during the local spell, want once", shared.pairs.Load())
	}
}

func TestAcceptWhileStoppingLeavesTheChatFree(t *testing.T) {
	srv := redistest.Start(t)
	var handled atomic.Int32
	p := testPipeline(t, srv, "a", func(context.Context, *Work, tgbotapi.Update) error { handled.Add(1); return nil }, nil)
	if err := p.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := p.Accept(context.Background(), []Incoming{textUpdate(1, 5, "late")}); err != nil {
		t.Fatal(err)
	}
	// Queued, not handled here, and not leased: another instance takes it at once.
	other := state.NewInbox(srv.Client(t), state.NewKeys("t"), "b", time.Hour, 2*time.Second)
	payload, ok, err := other.Claim(context.Background(), "5")
	if err != nil || !ok {
		t.Fatalf("another instance cannot claim the update a stopping one queued: ok=%v err=%v", ok, err)
	}
	if u, err := IncomingFromJSON(payload); err != nil || u.UpdateID != 1 {
		t.Fatalf("claimed %s (%v)", payload, err)
	}
	if handled.Load() != 0 {
		t.Fatal("a stopping pipeline handled an update")
	}
}

func TestFallbackLimiterSaysOnceWhenABurstFails(t *testing.T) {
	var logs bytes.Buffer
	var mu sync.Mutex
	l := NewFallbackLimiter(&pairCounter{fail: true}, slog.New(slog.NewTextHandler(lockedWriter{&mu, &logs}, nil)))
	rate := state.Rate{Interval: time.Millisecond, Burst: 1}
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			if _, err := l.ReserveSlots(context.Background(), int64(i), rate, rate, 1); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	if n := strings.Count(logs.String(), "shared rate limit unavailable"); n != 1 {
		t.Fatalf("a burst of 50 failed reservations logged %d warnings, want 1:\n%s", n, logs.String())
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.w.Write(p)
}
