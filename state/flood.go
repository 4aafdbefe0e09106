package state

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// FloodRule is the flood limit: a token bucket per user that holds Burst updates and
// refills PerMinute a minute. A rule with either below 1 limits nothing.
type FloodRule struct {
	Burst, PerMinute int
}

// Flood is the flood limit's verdict on one update of a user.
type Flood struct {
	// Over is set when the bucket had no token left for the update.
	Over bool
	// Wait is how long until the bucket has the update's token (when Over).
	Wait time.Duration
	// Notify marks the first update over the limit since the user's bucket was last full:
	// one notice a flood, however many updates it holds.
	Notify bool
}

// FloodCounter keeps each user's token bucket in Redis, shared by every instance.
type FloodCounter struct {
	rdb  redis.UniversalClient
	keys Keys
}

// NewFloodCounter returns a counter over rdb.
func NewFloodCounter(rdb redis.UniversalClient, keys Keys) *FloodCounter {
	return &FloodCounter{rdb: rdb, keys: keys}
}

// floodLua takes a token from a user's bucket for an update (GCRA: the bucket is one
// time, tat, at which it would be full again; it holds burst tokens of interval ms each).
// ARGV: update id, now (unix ms), burst, interval (ms). It returns {over, wait ms, notify}.
//
// An update over the limit is charged too, so that updates held one after another come out
// at the refill rate; the debt is bounded by one burst (beyond it, updates are not charged),
// so a long flood does not lock a user out for long. Each update's verdict is kept (field
// u<id>: over, the time its token comes, notify), so that an update counted twice — read
// ahead as it was queued and again when its turn came, or handled again after a crash —
// counts once and gets the same verdict, its wait running from the first count. Only the
// latest floodSeen verdicts are kept, and the key goes floodIdle to twice that after the
// bucket is full again.
var floodLua = redis.NewScript(`
local id, now, burst, t = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local seen, idle = tonumber(ARGV[5]), tonumber(ARGV[6])
if burst < 1 or t <= 0 then return {0, 0, 0} end
local field = 'u' .. id
local b = redis.call('HMGET', KEYS[1], field, 'tat', 'told')
if b[1] then
  local over, ready, note = string.match(b[1], '^(%d+):(%d+):(%d+)$')
  return {tonumber(over), math.max(0, tonumber(ready) - now), tonumber(note)}
end
local stored = tonumber(b[2]) or now
local told = tonumber(b[3]) or 0
if stored <= now then told = 0 end
local tat = math.max(stored, now)
local new = tat + t
local over, wait, note = 0, 0, 0
if new - now > burst * t then
  over, wait = 1, math.ceil(new - now - burst * t)
  if told == 0 then note, told = 1, 1 end
  if new - now > 2 * burst * t then new = tat end
end
redis.call('HSET', KEYS[1], 'tat', new, 'told', told, field, over .. ':' .. string.format('%d', now + wait) .. ':' .. note)
if redis.call('HLEN', KEYS[1]) > 2 * seen + 2 then
  local ids = {}
  for _, f in ipairs(redis.call('HKEYS', KEYS[1])) do
    if string.sub(f, 1, 1) == 'u' then ids[#ids + 1] = tonumber(string.sub(f, 2)) end
  end
  table.sort(ids)
  for i = 1, #ids - seen do redis.call('HDEL', KEYS[1], 'u' .. string.format('%d', ids[i])) end
end
-- The key outlives the moment the bucket is full again by idle; it is given twice that when
-- it would not, so that most updates need not write its expiry.
local keep = math.ceil(new - now) + idle
if redis.call('PTTL', KEYS[1]) < keep then redis.call('PEXPIRE', KEYS[1], keep + idle) end
return {over, wait, note}`)

const (
	// floodSeen is how many of a user's latest verdicts are kept for updates counted again:
	// more than are ever queued for one user at once.
	floodSeen = 128
	// floodIdle is how long a bucket's key outlives the moment the bucket is full again,
	// for the verdicts of updates still to be counted again.
	floodIdle = 2 * time.Minute
)

// floodArgs are floodLua's arguments for update updateID at now under rule.
func floodArgs(rule FloodRule, updateID int, now time.Time) []any {
	interval := 0.0
	if rule.PerMinute > 0 {
		interval = float64(time.Minute.Milliseconds()) / float64(rule.PerMinute)
	}
	return []any{updateID, now.UnixMilli(), rule.Burst, interval, floodSeen, floodIdle.Milliseconds()}
}

// floodVerdict reads floodLua's answer.
func floodVerdict(c *redis.Cmd, userID int64) (Flood, error) {
	v, err := c.Int64Slice()
	if err == nil && len(v) != 3 {
		err = fmt.Errorf("unexpected answer %v", v)
	}
	if err != nil {
		return Flood{}, fmt.Errorf("count updates of user %d: %w", userID, err)
	}
	return Flood{Over: v[0] == 1, Wait: time.Duration(v[1]) * time.Millisecond, Notify: v[2] == 1}, nil
}

// Flood takes a token from userID's bucket under rule for update updateID at now. An Ahead
// does the same with reads.
func (f *FloodCounter) Flood(ctx context.Context, rule FloodRule, userID int64, updateID int, now time.Time) (Flood, error) {
	return floodVerdict(floodLua.Run(ctx, f.rdb, []string{f.keys.Flood(userID)}, floodArgs(rule, updateID, now)...), userID)
}
