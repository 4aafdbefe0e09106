package state

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// Rate is a GCRA limit: one event per Interval, with up to Burst at once.
type Rate struct {
	Interval time.Duration
	Burst    int
}

// RateLimiter spaces outbound messages by GCRA with state in Redis, so that every instance
// sharing the Redis stays together under the bot token's ceiling. A caller is given a slot
// at once — now or later — so waiting callers form a queue instead of all retrying at
// every free slot. Time is Redis' own clock, so instances with skewed clocks agree.
type RateLimiter struct {
	rdb  redis.UniversalClient
	keys Keys
	lua  *redis.Script
}

// NewRateLimiter returns a limiter over rdb.
func NewRateLimiter(rdb redis.UniversalClient, keys Keys) *RateLimiter {
	return &RateLimiter{rdb: rdb, keys: keys, lua: redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then tat = now end
local wait = math.max(0, tat - now - interval * (burst - 1))
local next = math.max(tat, now + wait) + interval
redis.call('SET', KEYS[1], next, 'PX', math.floor((next - now) / 1000) + 1000)
return wait`)}
}

// Reserve takes the next slot under rate for chatID (0: the bot token as a whole) and
// returns how long to wait before sending in it (zero: send now). A message to a chat takes
// the chat's slot first and the token's slot when that comes: a slot far ahead for one busy
// chat must not hold the whole token's queue.
func (l *RateLimiter) Reserve(ctx context.Context, chatID int64, rate Rate) (time.Duration, error) {
	key := l.keys.RateGlobal()
	if chatID != 0 {
		key = l.keys.RateChat(chatID)
	}
	us, err := l.lua.Run(ctx, l.rdb, []string{key}, rate.Interval.Microseconds(), max(rate.Burst, 1)).Int64()
	if err != nil {
		return 0, fmt.Errorf("reserve send slot for chat %d: %w", chatID, err)
	}
	return time.Duration(us) * time.Microsecond, nil
}
