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
	rdb     redis.UniversalClient
	keys    Keys
	lua     *redis.Script
	pairLua *redis.Script
}

// gcraLua defines take(key, interval, burst, now), which takes the next slot of key under
// GCRA (one per interval, bursts of burst) and returns how long until it; now is Redis' own
// clock. Times are in µs.
const gcraLua = `
local function take(key, interval, burst, now)
  local tat = tonumber(redis.call('GET', key)) or now
  if tat < now then tat = now end
  local wait = math.max(0, tat - now - interval * (burst - 1))
  local next = math.max(tat, now + wait) + interval
  redis.call('SET', key, next, 'PX', math.floor((next - now) / 1000) + 1000)
  return wait
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
`

// NewRateLimiter returns a limiter over rdb.
func NewRateLimiter(rdb redis.UniversalClient, keys Keys) *RateLimiter {
	return &RateLimiter{rdb: rdb, keys: keys,
		lua: redis.NewScript(gcraLua + `
return take(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), now)`),
		// The chat's slot; if it is free now, the token's slot too, at the same instant:
		// {chat wait, token wait or -1 when the token's slot was not taken}.
		pairLua: redis.NewScript(gcraLua + `
local wait = take(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), now)
if wait > 0 then return {wait, -1} end
return {0, take(KEYS[2], tonumber(ARGV[3]), tonumber(ARGV[4]), now)}`),
	}
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

// ReservePair takes the chat's slot under chat and, when that slot is free now, the token's
// slot under global in the same round trip, as Reserve for the chat and then Reserve for the
// token (0) would. globalTaken is false when the chat must wait: the caller waits chatWait
// and then reserves the token's slot itself.
func (l *RateLimiter) ReservePair(ctx context.Context, chatID int64, chat, global Rate) (chatWait, globalWait time.Duration, globalTaken bool, err error) {
	keys := []string{l.keys.RateChat(chatID), l.keys.RateGlobal()}
	res, err := l.pairLua.Run(ctx, l.rdb, keys, chat.Interval.Microseconds(), max(chat.Burst, 1),
		global.Interval.Microseconds(), max(global.Burst, 1)).Int64Slice()
	if err != nil {
		return 0, 0, false, fmt.Errorf("reserve send slots for chat %d: %w", chatID, err)
	}
	if len(res) != 2 {
		return 0, 0, false, fmt.Errorf("reserve send slots for chat %d: unexpected reply %v", chatID, res)
	}
	if res[1] < 0 {
		return time.Duration(res[0]) * time.Microsecond, 0, false, nil
	}
	return time.Duration(res[0]) * time.Microsecond, time.Duration(res[1]) * time.Microsecond, true, nil
}
