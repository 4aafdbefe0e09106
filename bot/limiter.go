package bot

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

	mu  sync.Mutex
	tat map[int64]time.Time // theoretical arrival time per chat; key 0 is the whole token
}

// NewFallbackLimiter wraps shared.
func NewFallbackLimiter(shared Limiter, log *slog.Logger) *FallbackLimiter {
	return &FallbackLimiter{shared: shared, log: log, tat: map[int64]time.Time{}}
}

// Reserve implements Limiter.
func (l *FallbackLimiter) Reserve(ctx context.Context, global state.Rate, chatID int64, chat state.Rate) (time.Duration, error) {
	wait, err := l.shared.Reserve(ctx, global, chatID, chat)
	if err == nil || ctx.Err() != nil {
		return wait, err
	}
	l.log.Warn("shared rate limit unavailable, limiting locally", "error", err)
	return l.reserveLocal(time.Now(), global, chatID, chat), nil
}

// reserveLocal is GCRA over the in-process table, the same rule as the Redis script.
func (l *FallbackLimiter) reserveLocal(now time.Time, global state.Rate, chatID int64, chat state.Rate) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.prune(now)
	need := func(key int64, r state.Rate) (time.Time, time.Duration) {
		tat := l.tat[key]
		if tat.Before(now) {
			tat = now
		}
		return tat.Add(r.Interval), tat.Sub(now) - r.Interval*time.Duration(max(r.Burst, 1)-1)
	}
	gNext, wait := need(0, global)
	var cNext time.Time
	if chatID != 0 {
		var cWait time.Duration
		cNext, cWait = need(chatID, chat)
		wait = max(wait, cWait)
	}
	if wait > 0 {
		return wait
	}
	l.tat[0] = gNext
	if chatID != 0 {
		l.tat[chatID] = cNext
	}
	return 0
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
