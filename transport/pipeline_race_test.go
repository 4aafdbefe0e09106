package transport

import (
	"context"
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
	if len(q.list) == 0 {
		return nil, false, nil
	}
	head := q.list[0]
	q.list = q.list[1:]
	return head, true, nil
}

func (q *scriptedQueue) Ack(context.Context, *state.Unit, string, []byte, *state.Ahead) ([]byte, bool, error) {
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
