package bot

import (
	"context"
	"errors"
	"log/slog"
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

func (c *pairCounter) ReservePair(context.Context, int64, state.Rate, state.Rate) (time.Duration, time.Duration, bool, error) {
	c.pairs.Add(1)
	switch {
	case c.fail:
		return 0, 0, false, errors.New("redis away")
	case c.chatWait > 0:
		return c.chatWait, 0, false, nil
	}
	return 0, 0, true, nil
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

func TestFallbackLimiterPairGoesLocalWhenRedisIsAway(t *testing.T) {
	ctx := context.Background()
	shared := &pairCounter{fail: true}
	l := NewFallbackLimiter(shared, slog.New(slog.DiscardHandler))
	chat := state.Rate{Interval: time.Hour, Burst: 1}
	global := state.Rate{Interval: time.Hour, Burst: 1}
	cw, gw, taken, err := l.ReservePair(ctx, 5, chat, global)
	if err != nil || cw != 0 || gw != 0 || !taken {
		t.Fatalf("first pair while Redis is away: %v %v %v %v, want both slots now, locally", cw, gw, taken, err)
	}
	// Locally now for a while: Redis is not asked, and the local limits hold.
	cw, _, taken, err = l.ReservePair(ctx, 5, chat, global)
	if err != nil || taken || cw < 59*time.Minute {
		t.Fatalf("second pair: chat %v taken %v err %v, want the chat's next slot in an hour", cw, taken, err)
	}
	if _, gw, taken, _ := l.ReservePair(ctx, 6, chat, global); !taken || gw < 59*time.Minute {
		t.Fatalf("another chat: token slot %v taken %v, want the token's next slot in an hour", gw, taken)
	}
	if shared.pairs.Load() != 1 {
		t.Fatalf("the shared limiter was asked %d times during the local spell, want once", shared.pairs.Load())
	}
}

func TestAcceptWhileStoppingLeavesTheChatFree(t *testing.T) {
	srv := redistest.Start(t)
	var handled atomic.Int32
	p := testPipeline(t, srv, "a", func(context.Context, tgbotapi.Update) error { handled.Add(1); return nil }, nil)
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
