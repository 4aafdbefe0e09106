package telegramtest

import (
	"math"
	"time"
)

// Limits are Telegram's flood limits for sending messages.
type Limits struct {
	// PerSecond is the bot's overall rate; Telegram: about 30 messages/s.
	PerSecond float64
	// PrivatePerSecond is the rate per private chat; Telegram: about 1/s.
	PrivatePerSecond float64
	// PrivateBurst is how many messages a private chat may get at once
	// before the per-chat rate applies; default 3 ("short bursts are tolerated").
	PrivateBurst int
	// GroupPerMinute is the rate per group; Telegram: 20 messages/min.
	GroupPerMinute float64
}

func (l Limits) withDefaults() Limits {
	if l.PerSecond <= 0 {
		l.PerSecond = 30
	}
	if l.PrivatePerSecond <= 0 {
		l.PrivatePerSecond = 1
	}
	if l.PrivateBurst <= 0 {
		l.PrivateBurst = 3
	}
	if l.GroupPerMinute <= 0 {
		l.GroupPerMinute = 20
	}
	return l
}

// bucket is a token bucket: it holds up to size tokens and refills at rate per second.
type bucket struct {
	tokens float64
	size   float64
	rate   float64
	last   time.Time
}

func newBucket(size, rate float64, now time.Time) *bucket {
	return &bucket{tokens: size, size: size, rate: rate, last: now}
}

func (b *bucket) refill(now time.Time) {
	b.tokens = math.Min(b.size, b.tokens+now.Sub(b.last).Seconds()*b.rate)
	b.last = now
}

// wait is how long until a token is available; zero when one is.
func (b *bucket) wait(now time.Time) time.Duration {
	b.refill(now)
	if b.tokens >= 1 {
		return 0
	}
	return time.Duration((1 - b.tokens) / b.rate * float64(time.Second))
}

// limiter applies the overall and per-chat buckets. Guarded by Server.mu.
type limiter struct {
	limits Limits
	global *bucket
	chats  map[int64]*bucket
}

func newLimiter(l Limits) *limiter {
	l = l.withDefaults()
	return &limiter{limits: l, chats: map[int64]*bucket{}}
}

// admit takes a token for a message to chatID, or returns the whole seconds
// to wait (at least 1), as Telegram's retry_after does.
func (l *limiter) admit(chatID int64, group bool, now time.Time) (retryAfter int) {
	if l.global == nil {
		l.global = newBucket(l.limits.PerSecond, l.limits.PerSecond, now)
	}
	chat := l.chats[chatID]
	if chat == nil {
		chat = l.chatBucket(group, now)
		l.chats[chatID] = chat
	}
	wait := max(l.global.wait(now), chat.wait(now))
	if wait > 0 {
		return max(1, int(math.Ceil(wait.Seconds())))
	}
	l.global.tokens--
	chat.tokens--
	return 0
}

func (l *limiter) chatBucket(group bool, now time.Time) *bucket {
	if group {
		perMinute := l.limits.GroupPerMinute
		return newBucket(perMinute, perMinute/60, now)
	}
	return newBucket(float64(l.limits.PrivateBurst), l.limits.PrivatePerSecond, now)
}
