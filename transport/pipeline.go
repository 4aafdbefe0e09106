package transport

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife/state"
)

// Queue is the durable inbox the pipeline works from; see state.Inbox.
type Queue interface {
	// PushClaim queues items (fresh: not seen before) and takes the lease on the chat of
	// each that is the only one waiting in a chat no instance holds (claimed).
	PushClaim(ctx context.Context, items []state.Item) (fresh, claimed []bool, err error)
	Claim(ctx context.Context, chat string) ([]byte, bool, error)
	// Ack removes a handled update, applying the session writes its unit of work holds back
	// (see state.Unit) with it, and returns the chat's next update, claimed, if any; ahead,
	// if set, is read in the same round trip for the update expected next.
	Ack(ctx context.Context, u *state.Unit, chat string, payload []byte, ahead *state.Ahead) (next []byte, lost bool, err error)
	Extend(ctx context.Context, chat string) error
	Pending(ctx context.Context) ([]string, error)
	Release(ctx context.Context, chat string) error
}

// HandleFunc applies one update, with its unit of work. An error for which RetryLater is
// true means "try again later"; any other error is final for that update.
type HandleFunc func(ctx context.Context, w *Work, u tgbotapi.Update) error

// OutageNotifier tells a chat, once per outage, that its input waits to be saved.
type OutageNotifier func(ctx context.Context, chatID int64)

// PipelineOptions tune retries and leases.
type PipelineOptions struct {
	HandlerTimeout time.Duration
	LeaseTTL       time.Duration
	RetryMin       time.Duration
	RetryMax       time.Duration
	SweepInterval  time.Duration
	// ReadAhead, if set, says what to read ahead for a user's update in their private chat
	// in the round trip that queues it (see state.Ahead); the handler finds it in the
	// update's Work when the update is claimed as it is queued.
	ReadAhead func(updateID int, chatID, userID int64, text string) *state.Ahead
	// Slots, if set, has the send slots a read-ahead asks for (Ahead.Slots) taken with it,
	// and keeps those taken for the chat's sends.
	Slots SlotKeeper
}

// SlotKeeper takes send slots of replies ahead: what a read-ahead asks for to take n of a
// chat's, and where the slots it took wait for the chat's sends (see Sender).
type SlotKeeper interface {
	AskSlots(chatID int64, n int) state.SlotsAsk
	KeepSlots(chatID int64, slots []state.Slot, at time.Time)
}

// Pipeline is what both long polling and the webhook feed: Accept stores updates in the
// inbox, and one worker per chat handles that chat's updates one at a time, in order, while
// different chats run concurrently. An update stays in the inbox until it has been handled,
// so neither a crash nor a Redis outage loses it.
type Pipeline struct {
	queue   Queue
	handle  HandleFunc
	notify  OutageNotifier
	opts    PipelineOptions
	metrics *Metrics
	log     *slog.Logger

	// base parents every handler's context; Stop cancels it when the grace time is up.
	base       context.Context
	cancelBase context.CancelFunc

	mu      sync.Mutex
	running map[string]bool
	again   map[string]bool // work arrived for a chat while its worker was finishing
	// finishing marks the chats whose worker has acked its last update and let the chat
	// go in Redis, but has not ended yet: a new update of the chat is claimed as it is
	// queued, so Accept reads ahead for it as for a chat without a worker.
	finishing map[string]bool
	// handoff holds, per chat, an update PushClaim claimed while the chat's worker was
	// finishing, with what was read ahead for it: the worker goes on with it, not Claim.
	handoff  map[string]*queued
	notified map[int64]bool // chats told about the current outage
	timeouts map[string]int // handler timeouts per queued update, to give up after a few
	// decoded holds updates queued here, decoded, by payload, until a worker takes them:
	// a chat's next update mostly comes while the one before it is handled, and the ack
	// hands it over as stored. At most maxDecoded.
	decoded map[string]*tgbotapi.Update
	// claiming counts, by payload, the Accepts whose PushClaim may be taking the update's
	// chat for it; taken marks those a worker took meanwhile (by Claim, which accepts a
	// lease its own instance holds): Accept must then not start another worker on them.
	claiming map[string]int
	taken    map[string]bool
	// waiting lists, per chat, the updates Accept queued here that no worker has taken yet,
	// oldest first (at most maxWaiting a chat): the ack of the one before reads ahead for
	// the first of them.
	waiting  map[string][]Incoming
	stopping bool
	stopCh   chan struct{}
	wg       sync.WaitGroup
	// idle hands a chat to a worker goroutine that finished its last one (see worker).
	idle chan workerJob
}

// maxDecoded bounds Pipeline.decoded: updates another instance took (several share the
// inbox) are never taken from it here, so it could otherwise only grow.
const maxDecoded = 4096

// maxWaiting bounds Pipeline.waiting per chat; updates beyond it are read when handled.
const maxWaiting = 8

// maxTimeouts is how often an update may run out of handler time before it is dropped:
// a handler that always times out must not block its chat for ever.
const maxTimeouts = 3

// NewPipeline returns a pipeline; call Run to start its sweep.
func NewPipeline(q Queue, h HandleFunc, notify OutageNotifier, opts PipelineOptions, m *Metrics, log *slog.Logger) *Pipeline {
	base, cancel := context.WithCancel(context.Background())
	return &Pipeline{
		queue: q, handle: h, notify: notify, opts: opts, metrics: m, log: log, base: base, cancelBase: cancel,
		running: map[string]bool{}, again: map[string]bool{}, notified: map[int64]bool{},
		finishing: map[string]bool{}, handoff: map[string]*queued{},
		timeouts: map[string]int{}, decoded: map[string]*tgbotapi.Update{}, stopCh: make(chan struct{}),
		claiming: map[string]int{}, taken: map[string]bool{}, waiting: map[string][]Incoming{},
		idle: make(chan workerJob),
	}
}

// Accept stores updates durably and starts their chats' workers. When it returns an error
// nothing may be confirmed to Telegram: the caller must offer the same updates again.
func (p *Pipeline) Accept(ctx context.Context, ups []Incoming) error {
	items := make([]state.Item, len(ups))
	busy := p.busyChats(ups)
	for i, u := range ups {
		items[i] = state.Item{UpdateID: u.UpdateID, Chat: u.Chat, Payload: u.Payload}
		// An update of a chat whose worker is busy, or behind another of the batch, waits
		// unclaimed: what would be read for it now is read in the ack that hands it over.
		if !busy[u.Chat] {
			items[i].Ahead = p.readAhead(u)
			busy[u.Chat] = true
		}
	}
	// Kept before they are queued: the ack of a chat's worker may hand one over before
	// PushClaim's answer is read here.
	for _, u := range ups {
		p.keepDecoded(u.Payload, u.Update)
	}
	p.markClaiming(ups, 1)
	defer p.markClaiming(ups, -1)
	fresh, claimed, err := p.queue.PushClaim(ctx, items)
	if err != nil {
		for _, u := range ups {
			p.takeDecoded(u.Payload)
		}
		return err
	}
	for i, u := range ups {
		if fresh[i] {
			p.keepSlots(u.ChatID, items[i].Ahead)
		}
	}
	for i, u := range ups {
		if !fresh[i] {
			p.takeDecoded(u.Payload) // a duplicate: the one queued before is taken on its own
			p.metrics.UpdatesDuplicate.Inc()
			p.log.Info("duplicate update dropped", "update_id", u.UpdateID)
			continue
		}
		p.metrics.UpdatesReceived.Inc()
		var first *queued // claimed as it was queued: the worker starts on it
		if claimed[i] {
			p.takeDecoded(u.Payload)
			first = &queued{payload: u.Payload, ahead: items[i].Ahead, update: u.Update}
		} else {
			p.addWaiting(u)
		}
		if !p.kick(u.Chat, first) && first != nil {
			p.release(ctx, u.Chat) // stopping: another instance, or the next start, takes it
		}
	}
	return nil
}

// readAhead is what to read ahead for u, nil for nothing.
func (p *Pipeline) readAhead(u Incoming) *state.Ahead {
	if !u.Personal || u.UserID == 0 || p.opts.ReadAhead == nil {
		return nil
	}
	a := p.opts.ReadAhead(u.UpdateID, u.ChatID, u.UserID, u.Text)
	if a != nil && a.Slots.N > 0 && p.opts.Slots != nil {
		a.Slots = p.opts.Slots.AskSlots(u.ChatID, a.Slots.N)
	} else if a != nil {
		a.Slots = state.SlotsAsk{}
	}
	return a
}

// keepSlots keeps the send slots a took for chatID's sends.
func (p *Pipeline) keepSlots(chatID int64, a *state.Ahead) {
	if a == nil || p.opts.Slots == nil {
		return
	}
	if slots := a.TakenSlots(); len(slots) > 0 {
		p.opts.Slots.KeepSlots(chatID, slots, time.Now())
	}
}

// busyChats are the chats of ups whose worker runs in this instance.
func (p *Pipeline) busyChats(ups []Incoming) map[string]bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	busy := map[string]bool{}
	for _, u := range ups {
		if p.running[u.Chat] && !p.finishing[u.Chat] {
			busy[u.Chat] = true
		}
	}
	return busy
}

// addWaiting notes u as queued behind its chat's update in hand, unless a worker took it
// already (Claim accepts a lease its own instance holds).
func (p *Pipeline) addWaiting(u Incoming) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.taken[string(u.Payload)] || len(p.waiting[u.Chat]) >= maxWaiting ||
		(len(p.waiting[u.Chat]) == 0 && len(p.waiting) >= maxDecoded) {
		return
	}
	u.Update = nil // the decoded update is kept in decoded, until taken
	p.waiting[u.Chat] = append(p.waiting[u.Chat], u)
}

// nextWaiting is the update expected after payload in chat: the oldest one waiting.
func (p *Pipeline) nextWaiting(chat string, payload []byte) (Incoming, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, u := range p.waiting[chat] {
		if string(u.Payload) != string(payload) {
			return u, true
		}
	}
	return Incoming{}, false
}

// markClaiming counts ups as being claimed by an Accept (by 1), or no longer (by -1, which
// also forgets that a worker took them).
func (p *Pipeline) markClaiming(ups []Incoming, by int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, u := range ups {
		k := string(u.Payload)
		if p.claiming[k] += by; p.claiming[k] <= 0 {
			delete(p.claiming, k)
			delete(p.taken, k)
		}
	}
}

// tookLocked notes that a worker took payload from chat's inbox: if an Accept is claiming
// it, the worker it would start on it must not run (the update would be handled twice).
// The worker need not look again when it ends: every update kicked so far was queued
// before this take, and the ack of what it took looks into the inbox after it.
func (p *Pipeline) tookLocked(chat string, payload []byte) {
	if p.claiming[string(payload)] > 0 {
		p.taken[string(payload)] = true
	}
	delete(p.again, chat)
	if h := p.handoff[chat]; h != nil && string(h.payload) == string(payload) {
		delete(p.handoff, chat) // taken by Claim or handed over by an ack: not handed twice
	}
	w := p.waiting[chat]
	for i, u := range w {
		if string(u.Payload) == string(payload) {
			w = append(w[:i:i], w[i+1:]...)
			break
		}
	}
	if len(w) == 0 {
		delete(p.waiting, chat)
	} else {
		p.waiting[chat] = w
	}
}

// keepDecoded keeps a queued update, decoded, for the worker that takes it.
func (p *Pipeline) keepDecoded(payload []byte, u *tgbotapi.Update) {
	if u == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.keepDecodedLocked(payload, u)
}

func (p *Pipeline) keepDecodedLocked(payload []byte, u *tgbotapi.Update) {
	if u == nil {
		return
	}
	if len(p.decoded) >= maxDecoded {
		for k := range p.decoded { // full: forget one, any one (it is decoded again)
			delete(p.decoded, k)
			break
		}
	}
	p.decoded[string(payload)] = u
}

// takeDecoded is the queued update whose payload this is, decoded, if it was kept (nil if not).
func (p *Pipeline) takeDecoded(payload []byte) *tgbotapi.Update {
	p.mu.Lock()
	defer p.mu.Unlock()
	u := p.decoded[string(payload)]
	delete(p.decoded, string(payload))
	return u
}

// NotifyOutage tells each chat once that its input could not be saved yet.
func (p *Pipeline) NotifyOutage(ctx context.Context, ups []Incoming) {
	for _, u := range ups {
		if u.Personal && p.markNotified(u.ChatID) {
			p.notify(ctx, u.ChatID)
		}
	}
}

func (p *Pipeline) markNotified(chatID int64) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.notified[chatID] {
		return false
	}
	p.notified[chatID] = true
	return true
}

func (p *Pipeline) clearNotified(chat string) {
	id, err := strconv.ParseInt(chat, 10, 64)
	if err != nil {
		return
	}
	p.mu.Lock()
	delete(p.notified, id)
	p.mu.Unlock()
}

// Run sweeps the inbox for chats no worker is handling (left by a stopped instance, or
// waiting since an outage) until ctx ends.
func (p *Pipeline) Run(ctx context.Context) {
	t := time.NewTicker(p.opts.SweepInterval)
	defer t.Stop()
	for {
		p.sweep(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (p *Pipeline) sweep(ctx context.Context) {
	chats, err := p.queue.Pending(ctx)
	if err != nil {
		if ctx.Err() == nil {
			p.log.Warn("inbox sweep failed", "error", err)
		}
		return
	}
	for _, c := range chats {
		p.kick(c, nil)
	}
}

// queued is an update of a chat this worker holds the lease on, with what was read ahead
// for it (nil: nothing) and, when it was taken as it was queued, its payload decoded.
type queued struct {
	payload []byte
	ahead   *state.Ahead
	update  *tgbotapi.Update
}

// Stop lets workers finish the update in hand and starts no new ones. Handlers still
// running a second before ctx ends are cancelled. Updates still queued stay in the inbox
// for the next start.
func (p *Pipeline) Stop(ctx context.Context) error {
	p.mu.Lock()
	if !p.stopping {
		p.stopping = true
		close(p.stopCh)
	}
	p.mu.Unlock()
	done := make(chan struct{})
	go func() { p.wg.Wait(); close(done) }()
	grace := ctx
	if deadline, ok := ctx.Deadline(); ok {
		var cancel context.CancelFunc
		grace, cancel = context.WithDeadline(ctx, deadline.Add(-time.Second))
		defer cancel()
	}
	select {
	case <-done:
		return nil
	case <-grace.Done():
	}
	p.cancelBase()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("stop pipeline: %w", ctx.Err())
	}
}

// kick starts a worker for chat unless this instance already runs one; a running worker
// is told to look again before it ends, so that no update waits for the sweep. first, if
// set, is the chat's oldest update, already claimed: a new worker starts on it (a running
// one claims it again, which its lease allows: it may have taken it from the inbox itself
// meanwhile, and handled it). kick reports false when stopping.
func (p *Pipeline) kick(chat string, first *queued) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopping {
		return false
	}
	// PushClaim took the chat for first, but the chat's worker, finishing, took first with a
	// Claim before this kick (its instance's lease): it has it, handled or in hand.
	if first != nil && p.taken[string(first.payload)] {
		first = nil
	}
	if p.running[chat] {
		p.again[chat] = true
		if first != nil { // the running worker goes on with it when it has finished
			p.handoff[chat] = first
		}
		return true
	}
	p.running[chat] = true
	p.metrics.ChatsActive.Inc()
	p.wg.Add(1)
	select {
	case p.idle <- workerJob{chat, first}:
	default:
		go p.worker(workerJob{chat, first})
	}
	return true
}

// workerJob is a chat for a worker to handle, with its first update if one was claimed.
type workerJob struct {
	chat  string
	first *queued
}

// idleWorkerKeep is how long a worker goroutine waits for another chat once it has
// finished one: a new goroutine's stack grows again through the handlers' depth, copied at
// each step, which costs more than keeping one that has grown.
const idleWorkerKeep = time.Second

// worker handles chats handed to it, until none comes for idleWorkerKeep or the pipeline stops.
func (p *Pipeline) worker(j workerJob) {
	for {
		p.work(j.chat, j.first)
		t := time.NewTimer(idleWorkerKeep)
		select {
		case j = <-p.idle:
			t.Stop()
		case <-t.C:
			return
		case <-p.stopCh:
			t.Stop()
			return
		}
	}
}

// work handles chat's updates until its inbox is empty or another instance holds it.
func (p *Pipeline) work(chat string, first *queued) {
	defer p.wg.Done()
	for {
		p.drain(chat, first)
		var more bool
		if first, more = p.lookAgain(chat); !more {
			return
		}
	}
}

// lookAgain ends the worker unless work was signalled while it was finishing; first is
// the update handed to it then, if PushClaim claimed one (when stopping, drain releases it).
func (p *Pipeline) lookAgain(chat string) (first *queued, more bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	first = p.handoff[chat]
	delete(p.handoff, chat)
	// The hand-over holds only right after an ack that let the chat go at its first try:
	// otherwise (the ack lost the lease, or was retried while PushClaim's lease could run
	// out and another instance handle the update) Claim checks the lease again.
	if first != nil && !p.finishing[chat] && !p.stopping {
		p.keepDecodedLocked(first.payload, first.update) // found decoded if Claim takes it
		first, p.again[chat] = nil, true
	}
	delete(p.finishing, chat)
	if (p.again[chat] && !p.stopping) || first != nil {
		delete(p.again, chat)
		return first, true
	}
	delete(p.again, chat)
	delete(p.running, chat)
	p.metrics.ChatsActive.Dec()
	// Whatever is still noted as waiting was taken elsewhere (another instance held the
	// chat), or was queued just now and is read when handled.
	delete(p.waiting, chat)
	return nil, false
}

// drain handles the chat's updates in order. Each is handled with its own unit of work
// (state.Unit), whose held-back session writes its ack applies; an update to be retried
// drops its unit, and is handled again from the state before it.
func (p *Pipeline) drain(chat string, first *queued) {
	ctx := context.Background()
	backoff := p.opts.RetryMin
	for {
		if p.isStopping() {
			p.release(ctx, chat)
			return
		}
		next := first
		first = nil
		if next == nil {
			payload, ok, err := p.queue.Claim(ctx, chat)
			if err != nil {
				p.log.Warn("claim inbox failed", "chat", chat, "error", err)
				if !p.pause(&backoff) {
					return
				}
				continue
			}
			if !ok {
				return
			}
			p.mu.Lock()
			p.tookLocked(chat, payload)
			p.mu.Unlock()
			next = &queued{payload: payload, update: p.takeDecoded(payload)}
		}
		unit := state.NewUnit()
		if !p.handleOne(p.base, chat, next, unit) {
			if !p.pause(&backoff) {
				p.release(ctx, chat)
				return
			}
			continue
		}
		backoff = p.opts.RetryMin
		// Not cancelled with the handlers at the end of Stop's grace: what was handled is acked.
		expect, ahead := p.expectNext(chat, next.payload)
		following, ok, retried := p.ack(context.WithoutCancel(p.base), unit, chat, next.payload, ahead)
		if ahead != nil {
			p.keepSlots(ahead.ChatID, ahead)
		}
		if ok && following == nil && !retried {
			p.markFinishing(chat)
		}
		if !ok || following == nil {
			return
		}
		p.mu.Lock()
		p.tookLocked(chat, following)
		p.mu.Unlock()
		first = &queued{payload: following, update: p.takeDecoded(following)}
		if ahead != nil && string(following) == string(expect) {
			first.ahead = ahead
		}
	}
}

// markFinishing notes that chat's worker let the chat go (its inbox was empty at the ack).
func (p *Pipeline) markFinishing(chat string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.finishing[chat] = true
}

// expectNext is the update expected after payload in chat and what to read ahead for it
// in the ack's round trip (nil when nothing).
func (p *Pipeline) expectNext(chat string, payload []byte) ([]byte, *state.Ahead) {
	u, ok := p.nextWaiting(chat, payload)
	if !ok {
		return nil, nil
	}
	return u.Payload, p.readAhead(u)
}

// release gives the chat's lease back when this worker stops with updates left.
func (p *Pipeline) release(ctx context.Context, chat string) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	if err := p.queue.Release(ctx, chat); err != nil {
		p.log.Debug("release lease", "chat", chat, "error", err)
	}
}

// handleOne applies one update under ctx; false means it must be retried (Redis was
// unreachable, or the handler ran out of time and has tries left).
func (p *Pipeline) handleOne(ctx context.Context, chat string, item *queued, unit *state.Unit) bool {
	payload := item.payload
	var u tgbotapi.Update
	if item.update != nil {
		u = *item.update
	} else if err := json.Unmarshal(payload, &u); err != nil {
		p.log.Error("undecodable update dropped", "chat", chat, "error", err)
		p.metrics.UpdatesFailed.Inc()
		return true
	}
	// The lease is kept until the handler returns, even past its timeout: tgbotapi's calls
	// cannot be cut short, and another instance must not start on the chat meanwhile.
	stopLease := p.keepLease(p.base, chat)
	hctx, cancel := context.WithTimeout(state.WithUnit(ctx, unit), p.opts.HandlerTimeout)
	w := &Work{Ahead: item.ahead, State: unit}
	start := time.Now()
	p.metrics.UpdatesInFlight.Inc()
	err := p.safeHandle(hctx, w, u)
	p.metrics.UpdatesInFlight.Dec()
	timedOut := hctx.Err() != nil
	cancel()
	stopLease()
	p.metrics.HandlerSeconds.Observe(time.Since(start).Seconds())
	switch {
	case err == nil:
		p.metrics.UpdatesHandled.Inc()
		p.clearNotified(chat)
	case RetryLater(err):
		p.metrics.UpdatesRetried.Inc()
		p.log.Warn("redis unavailable, update kept for retry", "update_id", u.UpdateID, "chat", chat, "error", err)
		if c := ChatOf(u); c != nil && Personal(u) && p.markNotified(c.ID) {
			p.notify(p.base, c.ID)
		}
		return false
	case timedOut && p.timedOutAgain(payload) < maxTimeouts:
		p.metrics.UpdatesRetried.Inc()
		p.log.Warn("handler timed out, update kept for retry", "update_id", u.UpdateID, "chat", chat, "error", err)
		return false
	default:
		p.metrics.UpdatesFailed.Inc()
		p.log.Error("update failed", "update_id", u.UpdateID, "chat", chat, "error", err)
	}
	p.forgetTimeouts(payload)
	return true
}

// timedOutAgain counts a timeout of the update and returns how many it has had.
func (p *Pipeline) timedOutAgain(payload []byte) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.timeouts[string(payload)]++
	return p.timeouts[string(payload)]
}

func (p *Pipeline) forgetTimeouts(payload []byte) {
	p.mu.Lock()
	delete(p.timeouts, string(payload))
	p.mu.Unlock()
}

// safeHandle turns a handler's panic into an error, so one bad update cannot stop a chat.
func (p *Pipeline) safeHandle(ctx context.Context, w *Work, u tgbotapi.Update) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("handler panic: %v", r)
		}
	}()
	return p.handle(ctx, w, u)
}

// keepLease renews the chat's lease while a long update is handled.
func (p *Pipeline) keepLease(ctx context.Context, chat string) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(p.opts.LeaseTTL / 3)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if err := p.queue.Extend(ctx, chat); err != nil && ctx.Err() == nil {
					p.log.Warn("extend lease failed", "chat", chat, "error", err)
				}
			}
		}
	}()
	return func() { cancel(); <-done }
}

// ack removes the handled update with the session writes its unit holds back, retrying
// while Redis is away; it returns the chat's next update, claimed, if this worker is to
// go on with it (ok is false when it must stop); retried says it took more than one try.
func (p *Pipeline) ack(ctx context.Context, unit *state.Unit, chat string, payload []byte, ahead *state.Ahead) (next []byte, ok, retried bool) {
	backoff := p.opts.RetryMin
	for try := 0; ; try++ {
		next, lost, err := p.queue.Ack(ctx, unit, chat, payload, ahead)
		if err == nil {
			if lost {
				p.log.Warn("lease lost while handling; another instance continues", "chat", chat)
				return nil, false, try > 0
			}
			return next, true, try > 0
		}
		p.log.Warn("ack failed, retrying", "chat", chat, "error", err)
		if ahead != nil { // the slots the try took are kept; the next try takes none again
			p.keepSlots(ahead.ChatID, ahead)
			ahead.Slots = state.SlotsAsk{}
		}
		if !p.pause(&backoff) {
			return nil, false, true
		}
	}
}

// pause waits out the backoff (doubling it); false when the pipeline is stopping.
func (p *Pipeline) pause(backoff *time.Duration) bool {
	t := time.NewTimer(*backoff)
	defer t.Stop()
	*backoff = min(*backoff*2, p.opts.RetryMax)
	select {
	case <-p.stopCh:
		return false
	case <-t.C:
		return true
	}
}

func (p *Pipeline) isStopping() bool {
	select {
	case <-p.stopCh:
		return true
	default:
		return false
	}
}

// RetryLater tells a handler's error that means "Redis cannot serve now, try the update
// again" from one that is final. A Bot API call the sender gave up on is final, even when
// its text reads like an outage ("connection refused" from Telegram, not Redis).
func RetryLater(err error) bool {
	var sendErr *SendError
	return state.IsUnavailable(err) && !errors.As(err, &sendErr)
}
