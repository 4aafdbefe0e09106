package transport

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/prometheus/client_golang/prometheus"

	"orglife/state"
)

// scriptedQueue is a Queue whose answers the test sets: PushClaim says whether it claimed
// (and may run a hook before answering), Claim hands out what the test put in its list,
// Ack hands nothing over.
type scriptedQueue struct {
	mu        sync.Mutex
	list      [][]byte
	claim     bool
	beforeAns func(items []state.Item)
	onAck     func(payload []byte) // run as an ack is made, before it answers
	claims    int                  // Claims made
	ackFails  int                  // acks to fail with an error, the first ones
	ackLost   bool                 // the first ack finds the lease another instance's
	acks      int                  // acks made
}

func (q *scriptedQueue) PushClaim(_ context.Context, items []state.Item) (fresh, claimed []bool, err error) {
	q.mu.Lock()
	claim, hook := q.claim, q.beforeAns
	q.mu.Unlock()
	if hook != nil {
		hook(items)
	}
	fresh, claimed = make([]bool, len(items)), make([]bool, len(items))
	for i := range items {
		fresh[i], claimed[i] = true, claim
	}
	return fresh, claimed, nil
}

func (q *scriptedQueue) Claim(context.Context, string) ([]byte, bool, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.claims++
	if len(q.list) == 0 {
		return nil, false, nil
	}
	head := q.list[0]
	q.list = q.list[1:]
	return head, true, nil
}

func (q *scriptedQueue) Ack(_ context.Context, _ *state.Unit, _ string, payload []byte, _ *state.Ahead) ([]byte, bool, error) {
	q.mu.Lock()
	hook := q.onAck
	q.acks++
	n, fails, lost := q.acks, q.ackFails, q.ackLost
	q.mu.Unlock()
	if hook != nil {
		hook(payload)
	}
	switch {
	case n <= fails:
		return nil, false, errors.New("scripted: redis away")
	case lost && n == 1:
		return nil, true, nil
	}
	return nil, false, nil
}
func (q *scriptedQueue) Extend(context.Context, string) error      { return nil }
func (q *scriptedQueue) Pending(context.Context) ([]string, error) { return nil, nil }
func (q *scriptedQueue) Release(context.Context, string) error     { return nil }

// TestClaimedUpdateTakenByTheFinishingWorkerRunsOnce: Accept's PushClaim takes a chat for a
// new update; before Accept starts a worker on it, the chat's worker — finishing the update
// before, with work signalled meanwhile — takes the same update with a Claim (which accepts
// a lease its own instance holds), handles it and stops. Accept must then not start another
// worker on it: the update is handled once.
func TestClaimedUpdateTakenByTheFinishingWorkerRunsOnce(t *testing.T) {
	q := &scriptedQueue{}
	var mu sync.Mutex
	handled := map[string]int{}
	releaseA := make(chan struct{})
	handledC := make(chan struct{}, 2)
	h := func(_ context.Context, _ *Work, u tgbotapi.Update) error {
		if u.Message.Text == "A" {
			<-releaseA
		}
		mu.Lock()
		handled[u.Message.Text]++
		mu.Unlock()
		if u.Message.Text == "C" {
			handledC <- struct{}{}
		}
		return nil
	}
	p := NewPipeline(q, h, func(context.Context, int64) {}, PipelineOptions{
		HandlerTimeout: 5 * time.Second, LeaseTTL: 5 * time.Second,
		RetryMin: 10 * time.Millisecond, RetryMax: 50 * time.Millisecond, SweepInterval: time.Hour,
	}, NewMetrics(prometheus.NewRegistry()), slog.New(slog.DiscardHandler))
	t.Cleanup(func() { _ = p.Stop(context.Background()) })
	ctx := context.Background()
	a, b, c := textUpdate(1, 7, "A"), textUpdate(2, 7, "B"), textUpdate(3, 7, "C")

	// A is claimed as it is queued: the chat's worker starts on it and waits.
	q.claim = true
	if err := p.Accept(ctx, []Incoming{a}); err != nil {
		t.Fatal(err)
	}
	// B is queued behind it (not claimed): the running worker is told to look again. (It
	// is not in the scripted list: another instance took it, say.)
	q.mu.Lock()
	q.claim = false
	q.mu.Unlock()
	if err := p.Accept(ctx, []Incoming{b}); err != nil {
		t.Fatal(err)
	}
	// C: PushClaim takes the chat for it, and before it answers, the worker finishes A,
	// looks again, takes C with a Claim, handles it and stops.
	q.mu.Lock()
	q.claim = true
	q.beforeAns = func([]state.Item) {
		q.mu.Lock()
		q.list = append(q.list, c.Payload)
		q.mu.Unlock()
		close(releaseA)
		<-handledC
		deadline := time.Now().Add(5 * time.Second)
		for {
			p.mu.Lock()
			running := p.running["7"]
			p.mu.Unlock()
			if !running || time.Now().After(deadline) {
				return
			}
			time.Sleep(time.Millisecond)
		}
	}
	q.mu.Unlock()
	if err := p.Accept(ctx, []Incoming{c}); err != nil {
		t.Fatal(err)
	}
	// Whatever Accept started has had time to run.
	select {
	case <-handledC:
		t.Fatal("C was handled a second time")
	case <-time.After(300 * time.Millisecond):
	}
	mu.Lock()
	defer mu.Unlock()
	if handled["A"] != 1 || handled["C"] != 1 {
		t.Fatalf("handled %v, want A and C once each", handled)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.claiming) != 0 || len(p.taken) != 0 {
		t.Fatalf("bookkeeping left behind: claiming %v, taken %v", p.claiming, p.taken)
	}
}

// TestUpdateClaimedWhileTheWorkerFinishesIsHandedToIt: the chat's worker acks its last
// update, and meanwhile a new one comes and PushClaim takes the chat for it (the ack had
// emptied the inbox). The worker goes on with that update as claimed instead of claiming
// it again; it is handled once. And a chat whose worker has acked its last update is not
// busy: its next update is read ahead as it is queued.
func TestUpdateClaimedWhileTheWorkerFinishesIsHandedToIt(t *testing.T) {
	q := &scriptedQueue{claim: true}
	type seen struct {
		text   string
		ahead  *state.Ahead
		active float64 // orglife_chats_active while it was handled
	}
	got := make(chan seen, 4)
	reg := prometheus.NewRegistry()
	m := NewMetrics(reg)
	p := NewPipeline(q, func(_ context.Context, w *Work, u tgbotapi.Update) error {
		got <- seen{u.Message.Text, w.Ahead, gauge(t, reg, "orglife_chats_active")}
		return nil
	}, func(context.Context, int64) {}, PipelineOptions{
		HandlerTimeout: 5 * time.Second, LeaseTTL: 5 * time.Second,
		RetryMin: 10 * time.Millisecond, RetryMax: 50 * time.Millisecond, SweepInterval: time.Hour,
		ReadAhead: func(updateID int, chatID, userID int64, _ string) *state.Ahead {
			return &state.Ahead{UpdateID: updateID, ChatID: chatID, UserID: userID}
		},
	}, m, slog.New(slog.DiscardHandler))
	t.Cleanup(func() { _ = p.Stop(context.Background()) })
	ctx := context.Background()
	personal := func(in Incoming) Incoming { in.Personal, in.UserID = true, 7; return in }
	a, b, c := personal(textUpdate(1, 7, "A")), personal(textUpdate(2, 7, "B")), personal(textUpdate(3, 7, "C"))

	// B comes while A's ack is being made: PushClaim takes the chat for it.
	var once sync.Once
	q.onAck = func([]byte) {
		once.Do(func() {
			if err := p.Accept(ctx, []Incoming{b}); err != nil {
				t.Error(err)
			}
		})
	}
	if err := p.Accept(ctx, []Incoming{a}); err != nil {
		t.Fatal(err)
	}
	// B came while A was in hand: it is not read ahead as it is queued (it is read when
	// handled), but it is not claimed a second time either.
	for _, want := range []struct {
		text  string
		ahead bool
	}{{"A", true}, {"B", false}} {
		select {
		case s := <-got:
			if s.text != want.text || (s.ahead != nil) != want.ahead || s.active != 1 {
				t.Fatalf("handled %q (read ahead: %v, chats active: %v), want %s (read ahead: %v, one chat active)",
					s.text, s.ahead != nil, s.active, want.text, want.ahead)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s not handled", want.text)
		}
	}
	waitChatIdle(t, p, "7")
	if n := gauge(t, reg, "orglife_chats_active"); n != 0 {
		t.Fatalf("%v chats active once the worker has ended", n)
	}
	q.mu.Lock()
	claims := q.claims
	q.mu.Unlock()
	if claims != 0 {
		t.Fatalf("%d Claims made: B was handed over as PushClaim claimed it, none needed", claims)
	}
	select {
	case s := <-got:
		t.Fatalf("%q handled once more", s.text)
	default:
	}

	// A worker that acked its last update and let the chat go is not busy: the next
	// update is read ahead as it is queued (PushClaim takes the chat for it).
	set := func(finishing bool) {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.running["7"], p.finishing["7"] = true, finishing
	}
	set(true)
	busy := p.busyChats([]Incoming{c})["7"]
	set(false)
	busyBefore := p.busyChats([]Incoming{c})["7"]
	p.mu.Lock()
	delete(p.running, "7")
	delete(p.finishing, "7")
	p.mu.Unlock()
	if busy || !busyBefore {
		t.Fatalf("busy while finishing: %v, before its ack: %v; want false, true", busy, busyBefore)
	}
}

// gauge is the value of reg's gauge name.
func gauge(t *testing.T, reg *prometheus.Registry, name string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() == name && len(mf.GetMetric()) == 1 {
			return mf.GetMetric()[0].GetGauge().GetValue()
		}
	}
	t.Fatalf("no gauge %s", name)
	return 0
}

// waitChatIdle waits until no worker of p holds chat.
func waitChatIdle(t *testing.T, p *Pipeline, chat string) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		p.mu.Lock()
		running := p.running[chat]
		p.mu.Unlock()
		if !running {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("chat %s still held", chat)
		}
	}
}

// TestHandOverOnlyAfterAFirstTryAck: the update PushClaim claimed while the chat's worker
// was acking is handed over only when that ack let the chat go at its first try. After an
// ack that was retried (PushClaim's lease could have run out meanwhile, and another
// instance handled the update) or that found the lease lost, the worker claims instead,
// and Claim checks the lease.
func TestHandOverOnlyAfterAFirstTryAck(t *testing.T) {
	for _, tc := range []struct {
		name     string
		ackFails int
		ackLost  bool
	}{{"retried ack", 1, false}, {"lease lost", 0, true}} {
		t.Run(tc.name, func(t *testing.T) {
			q := &scriptedQueue{claim: true, ackFails: tc.ackFails, ackLost: tc.ackLost}
			got := make(chan string, 4)
			p := NewPipeline(q, func(_ context.Context, _ *Work, u tgbotapi.Update) error {
				got <- u.Message.Text
				return nil
			}, func(context.Context, int64) {}, PipelineOptions{
				HandlerTimeout: 5 * time.Second, LeaseTTL: 5 * time.Second,
				RetryMin: time.Millisecond, RetryMax: 5 * time.Millisecond, SweepInterval: time.Hour,
			}, NewMetrics(prometheus.NewRegistry()), slog.New(slog.DiscardHandler))
			t.Cleanup(func() { _ = p.Stop(context.Background()) })
			ctx := context.Background()
			a, b := textUpdate(1, 7, "A"), textUpdate(2, 7, "B")
			var once sync.Once
			q.onAck = func([]byte) {
				once.Do(func() {
					q.mu.Lock()
					q.list = append(q.list, b.Payload) // what Claim finds while the lease is still this instance's
					q.mu.Unlock()
					if err := p.Accept(ctx, []Incoming{b}); err != nil {
						t.Error(err)
					}
				})
			}
			if err := p.Accept(ctx, []Incoming{a}); err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{"A", "B"} {
				select {
				case text := <-got:
					if text != want {
						t.Fatalf("handled %q, want %s", text, want)
					}
				case <-time.After(5 * time.Second):
					t.Fatalf("%s not handled", want)
				}
			}
			waitChatIdle(t, p, "7")
			q.mu.Lock()
			defer q.mu.Unlock()
			if q.claims == 0 {
				t.Fatal("B was handed over without a Claim after an ack that did not let the chat go at its first try")
			}
			select {
			case text := <-got:
				t.Fatalf("%q handled once more", text)
			default:
			}
		})
	}
}
