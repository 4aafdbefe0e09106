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
	}
}

// slotsLua takes ARGV[5] times the chat's slot (KEYS[1]) and, if it is free now, the token's
// slot (KEYS[2]) too, at the same instant: {chat wait, token wait or -1 when the token's
// slot was not taken}…
var slotsLua = redis.NewScript(gcraLua + `
local out = {}
for i = 1, tonumber(ARGV[5]) do
  local wait = take(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), now)
  out[#out + 1] = wait
  if wait > 0 then
    out[#out + 1] = -1
  else
    out[#out + 1] = take(KEYS[2], tonumber(ARGV[3]), tonumber(ARGV[4]), now)
  end
end
return out`)

// Reserve takes the next slot under rate for chatID (0: the bot token as a whole) and
// returns how long to wait before sending in it (zero: send now). A message to a chat takes
// the chat's slot first and the token's slot when that comes: a slot far ahead for one busy
// chat must not hold the whole token's queue.
func (l *RateLimiter) Reserve(ctx context.Context, chatID int64, rate Rate) (time.Duration, error) {
	ctx = withoutUnit(ctx) // send slots are no records: what was read ahead stays good
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

// Slot is a message's place under the limits: its chat's slot comes after ChatWait; the
// token's was taken with it (GlobalTaken) only if the chat's is free now, and then comes
// after GlobalWait. Otherwise the sender takes the token's slot when the chat's comes.
type Slot struct {
	ChatWait, GlobalWait time.Duration
	GlobalTaken          bool
}

// ReserveSlots takes n slots of chatID under chat, each with the token's slot under global
// when the chat's is free now, in one round trip: as n times Reserve for the chat followed,
// when that one is free now, by Reserve for the token (0).
func (l *RateLimiter) ReserveSlots(ctx context.Context, chatID int64, chat, global Rate, n int) ([]Slot, error) {
	ctx = withoutUnit(ctx) // send slots are no records: what was read ahead stays good
	ask := SlotsAsk{N: n, Chat: chat, Global: global}
	slots, err := ask.slots(slotsLua.Run(ctx, l.rdb, ask.keys(l.keys, chatID), ask.args()...))
	if err != nil {
		return nil, fmt.Errorf("reserve %d send slots for chat %d: %w", n, chatID, err)
	}
	return slots, nil
}

// SlotsAsk is n send slots of a chat under the chat's rate and the token's, as
// ReserveSlots takes them: what a read-ahead takes for the reply to its update (see Ahead).
type SlotsAsk struct {
	N            int
	Chat, Global Rate
}

func (a SlotsAsk) keys(keys Keys, chatID int64) []string {
	return []string{keys.RateChat(chatID), keys.RateGlobal()}
}

func (a SlotsAsk) args() []any {
	return []any{a.Chat.Interval.Microseconds(), max(a.Chat.Burst, 1),
		a.Global.Interval.Microseconds(), max(a.Global.Burst, 1), a.N}
}

// slots reads slotsLua's answer to a.
func (a SlotsAsk) slots(c *redis.Cmd) ([]Slot, error) {
	res, err := c.Int64Slice()
	if err != nil {
		return nil, err
	}
	if len(res) != 2*a.N {
		return nil, fmt.Errorf("unexpected reply %v", res)
	}
	slots := make([]Slot, a.N)
	for i := range slots {
		slots[i].ChatWait = time.Duration(res[2*i]) * time.Microsecond
		if res[2*i+1] >= 0 {
			slots[i].GlobalWait, slots[i].GlobalTaken = time.Duration(res[2*i+1])*time.Microsecond, true
		}
	}
	return slots, nil
}
