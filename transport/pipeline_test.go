package transport

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/prometheus/client_golang/prometheus"

	"orglife/state"
	"orglife/state/redistest"
)

func testPipeline(t *testing.T, srv *redistest.Server, instance string, h HandleFunc, notify OutageNotifier) *Pipeline {
	t.Helper()
	return testPipelineWith(t, srv, instance, h, notify, 100*time.Millisecond, 2*time.Second)
}

func testPipelineWith(t *testing.T, srv *redistest.Server, instance string, h HandleFunc, notify OutageNotifier, sweep, handlerTimeout time.Duration) *Pipeline {
	t.Helper()
	inbox := state.NewInbox(srv.Client(t), state.NewKeys("t"), instance, time.Hour, 2*time.Second)
	if notify == nil {
		notify = func(context.Context, int64) {}
	}
	p := NewPipeline(inbox, h, notify, PipelineOptions{
		HandlerTimeout: handlerTimeout, LeaseTTL: 2 * time.Second,
		RetryMin: 20 * time.Millisecond, RetryMax: 200 * time.Millisecond, SweepInterval: sweep,
	}, NewMetrics(prometheus.NewRegistry()), slog.New(slog.DiscardHandler))
	ctx, cancel := context.WithCancel(context.Background())
	go p.Run(ctx)
	t.Cleanup(func() {
		cancel()
		_ = p.Stop(context.Background())
	})
	return p
}

func textUpdate(id int, chat int64, text string) Incoming {
	u := tgbotapi.Update{UpdateID: id, Message: &tgbotapi.Message{
		MessageID: id, Text: text, Chat: &tgbotapi.Chat{ID: chat, Type: "private"}, From: &tgbotapi.User{ID: chat},
	}}
	in, err := IncomingFromUpdate(u)
	if err != nil {
		panic(err)
	}
	return in
}

// recorder is a handler that notes, per chat, the order of texts and how many run at once.
type recorder struct {
	mu        sync.Mutex
	seen      map[int64][]string
	active    map[int64]int
	maxActive map[int64]int
	running   int
	maxAll    int
	total     int
	done      chan struct{}
	want      int
}

func newRecorder(want int) *recorder {
	return &recorder{seen: map[int64][]string{}, active: map[int64]int{}, maxActive: map[int64]int{}, done: make(chan struct{}), want: want}
}

func (r *recorder) handle(ctx context.Context, _ *Work, u tgbotapi.Update) error {
	chat := u.Message.Chat.ID
	r.mu.Lock()
	r.active[chat]++
	r.running++
	r.maxActive[chat] = max(r.maxActive[chat], r.active[chat])
	r.maxAll = max(r.maxAll, r.running)
	r.mu.Unlock()
	time.Sleep(2 * time.Millisecond) // long enough for overlaps to show
	r.mu.Lock()
	defer r.mu.Unlock()
	r.active[chat]--
	r.running--
	r.seen[chat] = append(r.seen[chat], u.Message.Text)
	r.total++
	if r.total == r.want {
		close(r.done)
	}
	return nil
}

func TestPipelineOrderPerChatConcurrentAcrossChats(t *testing.T) {
	srv := redistest.Start(t)
	const chats, perChat = 6, 40
	rec := newRecorder(chats * perChat)
	p := testPipeline(t, srv, "a", rec.handle, nil)
	ctx := context.Background()
	id := 0
	for i := 0; i < perChat; i++ {
		var batch []Incoming
		for c := int64(1); c <= chats; c++ {
			id++
			batch = append(batch, textUpdate(id, c, strconv.Itoa(i)))
		}
		if err := p.Accept(ctx, batch); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case <-rec.done:
	case <-time.After(30 * time.Second):
		t.Fatalf("handled %d of %d updates", rec.total, chats*perChat)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for c := int64(1); c <= chats; c++ {
		if rec.maxActive[c] != 1 {
			t.Errorf("chat %d had %d updates handled at once", c, rec.maxActive[c])
		}
		for i, text := range rec.seen[c] {
			if text != strconv.Itoa(i) {
				t.Fatalf("chat %d handled %v: out of order", c, rec.seen[c])
			}
		}
	}
	if rec.maxAll < 2 {
		t.Errorf("at most %d updates ran at once across %d chats; chats must run concurrently", rec.maxAll, chats)
	}
}

func TestPipelineTwoInstancesShareOrderAndApplyOnce(t *testing.T) {
	srv := redistest.Start(t)
	const n = 60
	rec := newRecorder(n)
	a := testPipeline(t, srv, "a", rec.handle, nil)
	b := testPipeline(t, srv, "b", rec.handle, nil)
	ctx := context.Background()
	// One chat's updates arrive alternately at two instances (webhooks behind a balancer),
	// and every update twice.
	for i := 1; i <= n; i++ {
		in := textUpdate(i, 77, strconv.Itoa(i))
		first, second := a, b
		if i%2 == 0 {
			first, second = b, a
		}
		if err := first.Accept(ctx, []Incoming{in}); err != nil {
			t.Fatal(err)
		}
		if err := second.Accept(ctx, []Incoming{in}); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case <-rec.done:
	case <-time.After(30 * time.Second):
		t.Fatalf("handled %d of %d", rec.total, n)
	}
	time.Sleep(300 * time.Millisecond) // a duplicate, if any, would be handled by now
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.seen[77]) != n || rec.maxActive[77] != 1 {
		t.Fatalf("handled %d updates (max %d at once), want %d once each, one at a time", len(rec.seen[77]), rec.maxActive[77], n)
	}
	for i, text := range rec.seen[77] {
		if text != strconv.Itoa(i+1) {
			t.Fatalf("order broken at %d: %v", i, rec.seen[77])
		}
	}
}

func TestPipelineRetriesUnavailableAndNotifiesOnce(t *testing.T) {
	srv := redistest.Start(t)
	var mu sync.Mutex
	failures := 3
	var applied []string
	done := make(chan struct{})
	h := func(ctx context.Context, _ *Work, u tgbotapi.Update) error {
		mu.Lock()
		defer mu.Unlock()
		if failures > 0 {
			failures--
			return fmt.Errorf("save point: %w", errors.New("dial tcp 127.0.0.1:6379: connect: connection refused"))
		}
		applied = append(applied, u.Message.Text)
		if len(applied) == 2 {
			close(done)
		}
		return nil
	}
	var notices []int64
	notify := func(_ context.Context, chat int64) {
		mu.Lock()
		notices = append(notices, chat)
		mu.Unlock()
	}
	p := testPipeline(t, srv, "a", h, notify)
	if err := p.Accept(context.Background(), []Incoming{textUpdate(1, 5, "first"), textUpdate(2, 5, "second")}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("updates were not retried to success")
	}
	mu.Lock()
	defer mu.Unlock()
	if fmt.Sprint(applied) != "[first second]" || len(notices) != 1 {
		t.Fatalf("applied %v with notices %v; want both in order and one notice", applied, notices)
	}
}

func TestPipelinePanicDoesNotStopChat(t *testing.T) {
	srv := redistest.Start(t)
	got := make(chan string, 2)
	h := func(ctx context.Context, _ *Work, u tgbotapi.Update) error {
		if u.Message.Text == "boom" {
			panic("handler bug")
		}
		got <- u.Message.Text
		return nil
	}
	p := testPipeline(t, srv, "a", h, nil)
	if err := p.Accept(context.Background(), []Incoming{textUpdate(1, 5, "boom"), textUpdate(2, 5, "after")}); err != nil {
		t.Fatal(err)
	}
	select {
	case text := <-got:
		if text != "after" {
			t.Fatalf("got %q", text)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the update after a panicking one was never handled")
	}
}

// TestPipelineNoLostWakeup feeds one chat an update at a time with the sweep far away:
// every update must be picked up by a kick, including those arriving while the chat's
// worker is finishing.
func TestPipelineNoLostWakeup(t *testing.T) {
	srv := redistest.Start(t)
	const n = 300
	rec := newRecorder(n)
	fast := func(ctx context.Context, _ *Work, u tgbotapi.Update) error {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		rec.seen[5] = append(rec.seen[5], u.Message.Text)
		rec.total++
		if rec.total == n {
			close(rec.done)
		}
		return nil
	}
	p := testPipelineWith(t, srv, "a", fast, nil, time.Hour, 2*time.Second)
	for i := 1; i <= n; i++ {
		if err := p.Accept(context.Background(), []Incoming{textUpdate(i, 5, strconv.Itoa(i))}); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case <-rec.done:
	case <-time.After(20 * time.Second):
		t.Fatalf("handled %d of %d: an update waited for the sweep", rec.total, n)
	}
}

// TestPipelineHandlerTimeoutIsNotAnOutage: a handler that runs out of time is retried a
// few times, then dropped, without telling the user Redis is down; the chat goes on.
func TestPipelineHandlerTimeoutIsNotAnOutage(t *testing.T) {
	srv := redistest.Start(t)
	var mu sync.Mutex
	tries := 0
	after := make(chan struct{})
	h := func(ctx context.Context, _ *Work, u tgbotapi.Update) error {
		if u.Message.Text == "slow" {
			mu.Lock()
			tries++
			mu.Unlock()
			<-ctx.Done()
			return ctx.Err()
		}
		close(after)
		return nil
	}
	var notices int
	notify := func(context.Context, int64) { mu.Lock(); notices++; mu.Unlock() }
	p := testPipelineWith(t, srv, "a", h, notify, time.Hour, 50*time.Millisecond)
	if err := p.Accept(context.Background(), []Incoming{textUpdate(1, 5, "slow"), textUpdate(2, 5, "next")}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-after:
	case <-time.After(15 * time.Second):
		t.Fatal("the chat is stuck behind an update that always times out")
	}
	mu.Lock()
	defer mu.Unlock()
	if tries != maxTimeouts || notices != 0 {
		t.Fatalf("slow update tried %d times with %d outage notices; want %d tries and none", tries, notices, maxTimeouts)
	}
}

// TestPipelineTelegramGivingUpIsNotAnOutage: a send the sender gave up on reads like an
// outage ("connection refused" — from Telegram, not Redis) but is final for the update:
// tried once, no outage notice, and the chat goes on.
func TestPipelineTelegramGivingUpIsNotAnOutage(t *testing.T) {
	srv := redistest.Start(t)
	var mu sync.Mutex
	tries := 0
	after := make(chan struct{})
	h := func(ctx context.Context, _ *Work, u tgbotapi.Update) error {
		if u.Message.Text == "reply fails" {
			mu.Lock()
			tries++
			mu.Unlock()
			return fmt.Errorf("reply: %w", &SendError{Method: "sendMessage",
				Description: `Post "https://api.telegram.org/bot<redacted>/sendMessage": dial tcp 127.0.0.1:443: connect: connection refused`})
		}
		close(after)
		return nil
	}
	var notices int
	notify := func(context.Context, int64) { mu.Lock(); notices++; mu.Unlock() }
	p := testPipeline(t, srv, "a", h, notify)
	if err := p.Accept(context.Background(), []Incoming{textUpdate(1, 5, "reply fails"), textUpdate(2, 5, "next")}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-after:
	case <-time.After(15 * time.Second):
		t.Fatal("the chat is stuck behind an update whose reply Telegram refused")
	}
	mu.Lock()
	defer mu.Unlock()
	if tries != 1 || notices != 0 {
		t.Fatalf("update tried %d times with %d outage notices; want once and none", tries, notices)
	}
}

// TestDecodedUpdatesKeptOnceAndBounded: an update queued for a busy chat is kept decoded
// for the worker that takes it, given out once, and the updates kept stay bounded when
// other instances take theirs.
func TestDecodedUpdatesKeptOnceAndBounded(t *testing.T) {
	p := NewPipeline(nil, nil, nil, PipelineOptions{}, NewMetrics(prometheus.NewRegistry()), slog.New(slog.DiscardHandler))
	in := textUpdate(1, 7, "一")
	p.keepDecoded(in.Payload, in.Update)
	if u := p.takeDecoded(in.Payload); u == nil || u.Message.Text != "一" {
		t.Fatalf("the kept update: %+v", u)
	}
	if u := p.takeDecoded(in.Payload); u != nil {
		t.Fatalf("given out twice: %+v", u)
	}
	for i := range maxDecoded + 10 {
		u := textUpdate(i+2, 7, strconv.Itoa(i))
		p.keepDecoded(u.Payload, u.Update)
	}
	if n := len(p.decoded); n != maxDecoded {
		t.Fatalf("%d updates kept, want at most %d", n, maxDecoded)
	}
}

// goroutineID is the running goroutine's number, from its stack's first line.
func goroutineID() string {
	buf := make([]byte, 64)
	return strings.Fields(string(buf[:runtime.Stack(buf, false)]))[1]
}

// workerGoroutines counts the goroutines waiting in or running Pipeline.worker.
func workerGoroutines() int {
	buf := make([]byte, 1<<20)
	return strings.Count(string(buf[:runtime.Stack(buf, true)]), "transport.(*Pipeline).worker(")
}

// TestIdleWorkerTakesTheNextChat: the goroutine that finished a chat handles the next chat
// to start (its stack has grown already), and goes once no chat has come for
// idleWorkerKeep, or at once when the pipeline stops.
func TestIdleWorkerTakesTheNextChat(t *testing.T) {
	srv := redistest.Start(t)
	var mu sync.Mutex
	ran := map[int64]string{}
	done := make(chan struct{}, 4)
	p := testPipeline(t, srv, "a", func(_ context.Context, _ *Work, u tgbotapi.Update) error {
		mu.Lock()
		ran[u.Message.Chat.ID] = goroutineID()
		mu.Unlock()
		done <- struct{}{}
		return nil
	}, nil)
	ctx := context.Background()
	finished := func(chat string) bool {
		p.mu.Lock()
		defer p.mu.Unlock()
		return !p.running[chat]
	}
	base := workerGoroutines()
	for i, chat := range []int64{1, 2} {
		if err := p.Accept(ctx, []Incoming{textUpdate(i+1, chat, "x")}); err != nil {
			t.Fatal(err)
		}
		<-done
		for deadline := time.Now().Add(5 * time.Second); !finished(strconv.FormatInt(chat, 10)); {
			if time.Now().After(deadline) {
				t.Fatalf("chat %d still running", chat)
			}
			time.Sleep(time.Millisecond)
		}
	}
	if ran[1] != ran[2] {
		t.Fatalf("chats handled by goroutines %s and %s, want the idle one reused", ran[1], ran[2])
	}
	if n := workerGoroutines() - base; n != 1 {
		t.Fatalf("%d worker goroutines waiting, want 1", n)
	}
	time.Sleep(idleWorkerKeep + 300*time.Millisecond)
	if n := workerGoroutines() - base; n != 0 {
		t.Fatalf("%d worker goroutines left after %v idle", n, idleWorkerKeep)
	}
	if err := p.Accept(ctx, []Incoming{textUpdate(3, 3, "x")}); err != nil {
		t.Fatal(err)
	}
	<-done
	if err := p.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(time.Second); workerGoroutines() > base; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("worker goroutines left after Stop")
		}
	}
}

// TestWaitingForgottenWhenTheInboxIsEmpty: an update noted as waiting behind the one in
// hand that another instance took meanwhile is forgotten once the worker finds its chat's
// inbox empty, so later acks do not read ahead for it.
func TestWaitingForgottenWhenTheInboxIsEmpty(t *testing.T) {
	srv := redistest.Start(t)
	var p *Pipeline
	done := make(chan struct{}, 1)
	p = testPipeline(t, srv, "a", func(_ context.Context, _ *Work, u tgbotapi.Update) error {
		p.addWaiting(textUpdate(99, 5, "taken by another instance"))
		done <- struct{}{}
		return nil
	}, nil)
	if err := p.Accept(context.Background(), []Incoming{textUpdate(1, 5, "x")}); err != nil {
		t.Fatal(err)
	}
	<-done
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		p.mu.Lock()
		running, waiting := p.running["5"], len(p.waiting["5"])
		p.mu.Unlock()
		if !running {
			if waiting != 0 {
				t.Fatalf("%d updates still noted as waiting in an empty inbox", waiting)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("chat 5 still running")
		}
	}
}

// TestOneReadAheadPerChatInABatch: of a chat's updates that come in one batch only the first
// is read ahead as it is queued (the others wait behind it); the second is read in the
// first's ack, once.
func TestOneReadAheadPerChatInABatch(t *testing.T) {
	srv := redistest.Start(t)
	inbox := state.NewInbox(srv.Client(t), state.NewKeys("t"), "a", time.Hour, 2*time.Second)
	var mu sync.Mutex
	var read []int
	done := make(chan struct{}, 2)
	p := NewPipeline(inbox, func(context.Context, *Work, tgbotapi.Update) error {
		done <- struct{}{}
		return nil
	}, func(context.Context, int64) {}, PipelineOptions{
		HandlerTimeout: 2 * time.Second, LeaseTTL: 2 * time.Second,
		RetryMin: 20 * time.Millisecond, RetryMax: 200 * time.Millisecond, SweepInterval: time.Minute,
		ReadAhead: func(updateID int, chatID, userID int64, _ string) *state.Ahead {
			mu.Lock()
			read = append(read, updateID)
			mu.Unlock()
			return &state.Ahead{UpdateID: updateID, ChatID: chatID, UserID: userID, Now: time.Now()}
		},
	}, NewMetrics(prometheus.NewRegistry()), slog.New(slog.DiscardHandler))
	t.Cleanup(func() { _ = p.Stop(context.Background()) })
	batch := []Incoming{textUpdate(1, 5, "a"), textUpdate(2, 5, "b")}
	for i := range batch {
		batch[i].Personal, batch[i].UserID = true, 5
	}
	if err := p.Accept(context.Background(), batch); err != nil {
		t.Fatal(err)
	}
	<-done
	<-done
	mu.Lock()
	defer mu.Unlock()
	if len(read) != 2 || read[0] != 1 || read[1] != 2 {
		t.Fatalf("read ahead for updates %v, want [1 2]: the first as queued, the second in the first's ack", read)
	}
}
