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
// sharing the Redis stays together under the bot token's ceiling. Time is Redis' own clock,
// so instances with skewed clocks still agree.
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
local function need(key, interval, burst)
  local tat = tonumber(redis.call('GET', key)) or now
  if tat < now then tat = now end
  return tat, tat - now - interval * (burst - 1)
end
local wait, tats = 0, {}
for i, key in ipairs(KEYS) do
  local interval, burst = tonumber(ARGV[2*i-1]), tonumber(ARGV[2*i])
  local tat, w = need(key, interval, burst)
  tats[i] = tat + interval
  if w > wait then wait = w end
end
if wait > 0 then return wait end
for i, key in ipairs(KEYS) do
  redis.call('SET', key, tats[i], 'PX', math.floor((tats[i] - now) / 1000) + 1000)
end
return 0`)}
}

// Reserve takes a slot under the global rate and, when chat is not zero, the chat's rate.
// It returns zero when the message may go now, or how long to wait before asking again;
// nothing is reserved then.
func (l *RateLimiter) Reserve(ctx context.Context, global Rate, chatID int64, chat Rate) (time.Duration, error) {
	keys := []string{l.keys.RateGlobal()}
	args := []any{global.Interval.Microseconds(), max(global.Burst, 1)}
	if chatID != 0 {
		keys = append(keys, l.keys.RateChat(chatID))
		args = append(args, chat.Interval.Microseconds(), max(chat.Burst, 1))
	}
	us, err := l.lua.Run(ctx, l.rdb, keys, args...).Int64()
	if err != nil {
		return 0, fmt.Errorf("reserve send slot for chat %d: %w", chatID, err)
	}
	return time.Duration(us) * time.Microsecond, nil
}
