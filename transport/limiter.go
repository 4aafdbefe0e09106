package transport

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"orglife/state"
)

// FallbackLimiter asks the shared limiter and, while Redis cannot be reached, keeps the
// same limits in this process alone so that replies (such as "cannot save now") still go out.
type FallbackLimiter struct {
	shared Limiter
	log    *slog.Logger

	mu        sync.Mutex
	tat       map[int64]time.Time // theoretical arrival time per chat; key 0 is the whole token
	localTill time.Time           // after a failure of the shared limiter, stay local until then
}

// localSpell is how long the limiter stays local after the shared one failed, so that a
// Redis that hangs does not delay every send by its timeouts.
const localSpell = 10 * time.Second

// NewFallbackLimiter wraps shared.
func NewFallbackLimiter(shared Limiter, log *slog.Logger) *FallbackLimiter {
	return &FallbackLimiter{shared: shared, log: log, tat: map[int64]time.Time{}}
}

// Reserve implements Limiter.
func (l *FallbackLimiter) Reserve(ctx context.Context, chatID int64, rate state.Rate) (time.Duration, error) {
	now := time.Now()
	if l.isLocal(now) {
		return l.reserveLocal(now, chatID, rate), nil
	}
	// A short budget: a hanging Redis must not hold the send up.
	sctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	wait, err := l.shared.Reserve(sctx, chatID, rate)
	if err == nil || ctx.Err() != nil {
		return wait, err
	}
	l.goLocal(now, err)
	return l.reserveLocal(now, chatID, rate), nil
}

// ReserveSlots implements Limiter: n slots from the shared limiter in one round trip, or
// locally as Reserve does.
func (l *FallbackLimiter) ReserveSlots(ctx context.Context, chatID int64, chat, global state.Rate, n int) ([]state.Slot, error) {
	now := time.Now()
	if l.isLocal(now) {
		return l.reserveSlotsWith(ctx, chatID, chat, global, n)
	}
	sctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	slots, err := l.shared.ReserveSlots(sctx, chatID, chat, global, n)
	if err == nil || ctx.Err() != nil {
		return slots, err
	}
	l.goLocal(now, err)
	return l.reserveSlotsWith(ctx, chatID, chat, global, n)
}

// goLocal starts a local spell after the shared limiter failed at now. Of the sends that
// failed together (a burst waiting on a hanging Redis) only the first says so in the log.
func (l *FallbackLimiter) goLocal(now time.Time, err error) {
	l.mu.Lock()
	first := !now.Before(l.localTill)
	if till := now.Add(localSpell); till.After(l.localTill) {
		l.localTill = till
	}
	l.mu.Unlock()
	if first {
		l.log.Warn("shared rate limit unavailable, limiting locally", "error", err, "for", localSpell)
	}
}

// reserveSlotsWith takes the slots one at a time through Reserve (local while Redis is away).
func (l *FallbackLimiter) reserveSlotsWith(ctx context.Context, chatID int64, chat, global state.Rate, n int) ([]state.Slot, error) {
	slots := make([]state.Slot, n)
	for i := range slots {
		wait, err := l.Reserve(ctx, chatID, chat)
		if err != nil {
			return nil, err
		}
		slots[i].ChatWait = wait
		if wait > 0 {
			continue
		}
		if slots[i].GlobalWait, err = l.Reserve(ctx, 0, global); err != nil {
			return nil, err
		}
		slots[i].GlobalTaken = true
	}
	return slots, nil
}

func (l *FallbackLimiter) isLocal(now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return now.Before(l.localTill)
}

// reserveLocal is GCRA over the in-process table, the same rule as the Redis script: the
// slot is taken now and the wait until it returned.
func (l *FallbackLimiter) reserveLocal(now time.Time, chatID int64, rate state.Rate) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.prune(now)
	tat := l.tat[chatID]
	if tat.Before(now) {
		tat = now
	}
	wait := max(0, tat.Sub(now)-rate.Interval*time.Duration(max(rate.Burst, 1)-1))
	slot := now.Add(wait)
	if tat.After(slot) {
		slot = tat
	}
	l.tat[chatID] = slot.Add(rate.Interval)
	return wait
}

// prune forgets chats whose slots lie in the past, so the table does not grow forever.
func (l *FallbackLimiter) prune(now time.Time) {
	if len(l.tat) < 4096 {
		return
	}
	for k, t := range l.tat {
		if t.Before(now) {
			delete(l.tat, k)
		}
	}
}
