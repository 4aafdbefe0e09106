package state

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"orglife"
)

// Reminders is the scheduler's store: the reminders planned and waiting, the ones being
// sent, the marks of what was sent to whom, the daily count per person, the members' leaves
// and what is kept of each branch's last digest.
//
// Layout. Every scheduler key carries the hash tag {sched} (see Keys), so each script below
// runs in one Redis Cluster slot:
//
//	orglife:{sched}:r            hash   key → JSON orglife.Reminder (stored, or in flight)
//	orglife:{sched}:due          zset   key by due time (unix ms): waiting to be claimed
//	orglife:{sched}:flight       zset   key by end of lease (unix ms): claimed, being sent
//	orglife:{sched}:group:<g>    hash   key → JSON last planned for it in group g
//	orglife:{sched}:sent:<k>:<u> string "sending:<claim>" (ttl) or "sent" (keep)
//	orglife:{sched}:tally:<u>:<day> counter of the day's reminders to u (2 days)
//
// Leaves and the last digest live with their branch ({b:<branchID>}).
//
// Due times are kept to the millisecond and come back in UTC.
//
// # Exactly once
//
// A reminder is in exactly one of three places: waiting (due), in flight, or gone. ClaimDue
// moves reminders from waiting to in flight in one script, so two instances never both hold
// one while its lease runs; the holder then either finishes it (Done), puts it back (Defer), or
// dies, in which case the lease runs out and the next ClaimDue hands it out again.
//
// Each person's copy is guarded by a sent mark: BeginSend takes it before the message goes to
// Telegram, EndSend records the send. A reminder handed out again after a crash therefore skips
// everyone marked "sent". What is left is the window between Telegram accepting a message and
// EndSend recording it: if the process dies there, that person gets the reminder a second time
// once the lease runs out. The Bot API takes no idempotency key, so no store can close that
// window; it is as wide as one HTTP reply plus one Redis write. A crash before the message was
// sent (after BeginSend or before it) only delays it: the "sending" mark belongs to the claim
// that took it, so when the lease has run out and the reminder is claimed again, the new claim
// overrides the mark and sends. The other way to get a duplicate is a holder that keeps sending
// past its own lease while another instance has claimed the reminder again: choose leases well
// above the time one reminder's fan-out takes.
//
// # Groups
//
// Replan keeps a group's plan (for example all reminders of one meeting) in step with what the
// planner computes. The group remembers the last plan of each key even after the reminder was
// sent, so planning the same again is a no-op and never sends anything twice; a key whose plan
// changed (its due time moved, say, because the deadline moved) is planned anew, even if its
// earlier version was already sent (sent marks are per key, though: people marked "sent" for
// it within EndSend's keep are skipped, so keep should be about as long as a crash may
// need to be recovered from, not as long as a meeting's preparation). A reminder in flight is left to its holder: its plan is
// recorded but the copy being sent is not touched, so a change that arrives while it is being
// sent counts as sent with it; and a key dropped from the plan while in flight is forgotten by
// the group but finished by its holder (Done, or Defer, which keeps it outside any group).
type Reminders struct {
	rdb  redis.UniversalClient
	keys Keys

	replanLua *redis.Script
	claimLua  *redis.Script
	deferLua  *redis.Script
	beginLua  *redis.Script
}

// tallyKeep is how long a person's daily reminder count is kept: long enough to cover the
// day in any time zone.
const tallyKeep = 48 * time.Hour

// maxClaim bounds one ClaimDue: the script hands each batch to single Redis commands, whose
// arguments Lua's stack limits to a few thousand.
const maxClaim = 1000

// maxReminderKeyLen bounds reminder keys, which become part of Redis key names.
const maxReminderKeyLen = 200

// NewReminders returns the scheduler's store over rdb.
func NewReminders(rdb redis.UniversalClient, keys Keys) *Reminders {
	return &Reminders{
		rdb: rdb, keys: keys,
		// KEYS: reminders, due, flight, group. ARGV: n, then n × (key, due ms, JSON).
		// Returns {added or changed, removed}.
		replanLua: redis.NewScript(`
local planned, changed, removed = {}, 0, 0
local n = tonumber(ARGV[1])
for i = 0, n - 1 do
  local k, s, j = ARGV[2 + 3 * i], ARGV[3 + 3 * i], ARGV[4 + 3 * i]
  planned[k] = true
  if redis.call('HGET', KEYS[4], k) ~= j then
    redis.call('HSET', KEYS[4], k, j)
    if not redis.call('ZSCORE', KEYS[3], k) then
      redis.call('HSET', KEYS[1], k, j)
      redis.call('ZADD', KEYS[2], s, k)
    end
    changed = changed + 1
  end
end
for _, k in ipairs(redis.call('HKEYS', KEYS[4])) do
  if not planned[k] then
    redis.call('HDEL', KEYS[4], k)
    if not redis.call('ZSCORE', KEYS[3], k) then
      redis.call('HDEL', KEYS[1], k)
      redis.call('ZREM', KEYS[2], k)
    end
    removed = removed + 1
  end
end
return {changed, removed}`),
		// KEYS: due, flight, reminders. ARGV: now ms, limit, lease end ms.
		// Takes first the reminders whose lease ran out (their holder died), then the due ones
		// in due order; moves them in flight until the lease end and returns their JSON.
		claimLua: redis.NewScript(`
local out = {}
local function take(ks, from_due)
  if #ks == 0 then return end
  local js = redis.call('HMGET', KEYS[3], unpack(ks))
  local lease, gone = {}, {}
  for i, k in ipairs(ks) do
    if js[i] then
      lease[#lease + 1] = ARGV[3]
      lease[#lease + 1] = k
      out[#out + 1] = js[i]
    else
      gone[#gone + 1] = k
    end
  end
  if from_due then redis.call('ZREM', KEYS[1], unpack(ks)) end
  if #lease > 0 then redis.call('ZADD', KEYS[2], unpack(lease)) end
  if #gone > 0 then redis.call('ZREM', KEYS[2], unpack(gone)) end
end
local limit = tonumber(ARGV[2])
take(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, limit), false)
if #out < limit then
  take(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, limit - #out), true)
end
return out`),
		// KEYS: reminders, due, flight. ARGV: key, JSON read before, JSON with the new due, due ms.
		// 0: no such reminder; -1: it changed since it was read; 1: deferred.
		deferLua: redis.NewScript(`
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if not cur then return 0 end
if cur ~= ARGV[2] then return -1 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
return 1`),
		// KEYS: sent mark, flight. ARGV: reminder key, ttl ms.
		// A "sending" mark names the claim (lease end) it was taken under; a mark of an
		// earlier claim is stale (that holder's lease ran out) and is taken over.
		beginLua: redis.NewScript(`
local claim = 'sending:' .. (redis.call('ZSCORE', KEYS[2], ARGV[1]) or '')
local cur = redis.call('GET', KEYS[1])
if cur == 'sent' or cur == claim then return 0 end
redis.call('SET', KEYS[1], claim, 'PX', ARGV[2])
return 1`),
	}
}

// ErrBadReminder is returned for a reminder, group or argument the store cannot keep.
var ErrBadReminder = errors.New("bad reminder")

func validReminderKey(k string) error {
	if k == "" || len(k) > maxReminderKeyLen || strings.ContainsAny(k, " \t\r\n") {
		return fmt.Errorf("reminder key %q: %w", k, ErrBadReminder)
	}
	return nil
}

// encodeReminder is the stored form of r and its due time in unix milliseconds. The due
// time is cut to the millisecond and put in UTC, so that planning the same moment in another
// zone stores the same bytes.
func encodeReminder(r orglife.Reminder) (string, int64, error) {
	if err := validReminderKey(r.Key); err != nil {
		return "", 0, err
	}
	ms := r.Due.UnixMilli()
	r.Due = time.UnixMilli(ms).UTC()
	b, err := json.Marshal(r)
	if err != nil {
		return "", 0, fmt.Errorf("encode reminder %s: %w", r.Key, err)
	}
	return string(b), ms, nil
}

// Replan atomically replaces every reminder of group (e.g. "b:<branch>:m:<meeting>") by rs:
// new keys are added, changed ones updated, keys no longer planned removed (except ones in
// flight, which their holder finishes). A key already sent is not planned again unless its
// plan changed. Keys must be unique within rs, and should be unique across groups.
func (s *Reminders) Replan(ctx context.Context, group string, rs []orglife.Reminder) error {
	if group == "" || strings.ContainsAny(group, " \t\r\n") {
		return fmt.Errorf("replan group %q: %w", group, ErrBadReminder)
	}
	args := make([]any, 0, 1+3*len(rs))
	args = append(args, len(rs))
	seen := make(map[string]bool, len(rs))
	for _, r := range rs {
		if seen[r.Key] {
			return fmt.Errorf("replan group %s: key %s twice: %w", group, r.Key, ErrBadReminder)
		}
		seen[r.Key] = true
		j, ms, err := encodeReminder(r)
		if err != nil {
			return fmt.Errorf("replan group %s: %w", group, err)
		}
		args = append(args, r.Key, ms, j)
	}
	keys := []string{s.keys.SchedReminders(), s.keys.SchedDue(), s.keys.SchedFlight(), s.keys.SchedGroup(group)}
	if err := s.replanLua.Run(ctx, s.rdb, keys, args...).Err(); err != nil {
		return fmt.Errorf("replan group %s: %w", group, err)
	}
	return nil
}

// Add stores one reminder outside any group (a /remind nudge, a copy deferred for one
// person). An existing key is replaced, and waits again for its due time even if it was in
// flight.
func (s *Reminders) Add(ctx context.Context, r orglife.Reminder) error {
	j, ms, err := encodeReminder(r)
	if err != nil {
		return fmt.Errorf("add reminder: %w", err)
	}
	_, err = s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.HSet(ctx, s.keys.SchedReminders(), r.Key, j)
		p.ZRem(ctx, s.keys.SchedFlight(), r.Key)
		p.ZAdd(ctx, s.keys.SchedDue(), redis.Z{Score: float64(ms), Member: r.Key})
		return nil
	})
	if err != nil {
		return fmt.Errorf("add reminder %s: %w", r.Key, err)
	}
	return nil
}

// ClaimDue atomically takes up to limit (at most 1000) reminders due at or before now — first those in
// flight whose lease has run out (an instance died while sending them), then the due ones in
// due order — and gives them a lease until now+lease. Two instances calling it at once never
// get the same reminder while its lease runs. A stored reminder that cannot be read is
// removed and reported in the error, which then comes with the reminders claimed.
func (s *Reminders) ClaimDue(ctx context.Context, now time.Time, limit int, lease time.Duration) ([]orglife.Reminder, error) {
	if limit <= 0 {
		return nil, nil
	}
	limit = min(limit, maxClaim)
	if lease <= 0 {
		return nil, fmt.Errorf("claim due reminders: lease %s: %w", lease, ErrBadReminder)
	}
	keys := []string{s.keys.SchedDue(), s.keys.SchedFlight(), s.keys.SchedReminders()}
	nowMS := now.UnixMilli()
	raw, err := s.claimLua.Run(ctx, s.rdb, keys, nowMS, limit, nowMS+lease.Milliseconds()).StringSlice()
	if err != nil {
		return nil, fmt.Errorf("claim due reminders: %w", err)
	}
	out := make([]orglife.Reminder, 0, len(raw))
	var bad []error
	for _, j := range raw {
		var r orglife.Reminder
		if err := json.Unmarshal([]byte(j), &r); err != nil || r.Key == "" {
			bad = append(bad, s.dropCorrupt(ctx, j, err))
			continue
		}
		out = append(out, r)
	}
	if len(bad) > 0 {
		return out, fmt.Errorf("claim due reminders: %w", errors.Join(bad...))
	}
	return out, nil
}

// dropCorrupt removes a claimed reminder whose JSON cannot be read, so that it is not
// handed out again at every lease's end.
func (s *Reminders) dropCorrupt(ctx context.Context, j string, decodeErr error) error {
	var k struct {
		Key string `json:"key"`
	}
	_ = json.Unmarshal([]byte(j), &k)
	if k.Key == "" {
		return fmt.Errorf("corrupt reminder %.80q (%v), left in flight: %w", j, decodeErr, ErrBadReminder)
	}
	if err := s.Done(ctx, k.Key); err != nil {
		return fmt.Errorf("corrupt reminder %s (%v): %w", k.Key, decodeErr, err)
	}
	return fmt.Errorf("corrupt reminder %s removed (%v): %w", k.Key, decodeErr, ErrBadReminder)
}

// Done removes a claimed reminder for good; removing a missing one is no error.
func (s *Reminders) Done(ctx context.Context, key string) error {
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.HDel(ctx, s.keys.SchedReminders(), key)
		p.ZRem(ctx, s.keys.SchedDue(), key)
		p.ZRem(ctx, s.keys.SchedFlight(), key)
		return nil
	})
	if err != nil {
		return fmt.Errorf("reminder %s done: %w", key, err)
	}
	return nil
}

// deferRetries bounds Defer's retries when the reminder changes under it.
const deferRetries = 16

// Defer puts a claimed reminder back, due at `at` (quiet hours); its Due becomes at. A
// reminder no longer stored (removed meanwhile) is orglife.ErrNotFound.
func (s *Reminders) Defer(ctx context.Context, key string, at time.Time) error {
	keys := []string{s.keys.SchedReminders(), s.keys.SchedDue(), s.keys.SchedFlight()}
	for range deferRetries {
		cur, err := s.rdb.HGet(ctx, s.keys.SchedReminders(), key).Result()
		if errors.Is(err, redis.Nil) {
			return fmt.Errorf("defer reminder %s: %w", key, orglife.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("defer reminder %s: %w", key, err)
		}
		var r orglife.Reminder
		if err := decode([]byte(cur), &r); err != nil {
			return fmt.Errorf("defer reminder %s: %w", key, err)
		}
		r.Key, r.Due = key, at
		j, ms, err := encodeReminder(r)
		if err != nil {
			return fmt.Errorf("defer reminder: %w", err)
		}
		n, err := s.deferLua.Run(ctx, s.rdb, keys, key, cur, j, ms).Int()
		if err != nil {
			return fmt.Errorf("defer reminder %s: %w", key, err)
		}
		switch n {
		case 1:
			return nil
		case 0:
			return fmt.Errorf("defer reminder %s: %w", key, orglife.ErrNotFound)
		}
	}
	return fmt.Errorf("defer reminder %s: gave up after %d concurrent changes: %w", key, deferRetries, redis.TxFailedErr)
}

// Counts tells how many reminders are stored and not in flight (due or not), and how many
// are in flight.
func (s *Reminders) Counts(ctx context.Context) (pending, inFlight int64, err error) {
	var p, f *redis.IntCmd
	_, err = s.rdb.Pipelined(ctx, func(pl redis.Pipeliner) error {
		p = pl.ZCard(ctx, s.keys.SchedDue())
		f = pl.ZCard(ctx, s.keys.SchedFlight())
		return nil
	})
	if err != nil {
		return 0, 0, fmt.Errorf("count reminders: %w", err)
	}
	return p.Val(), f.Val(), nil
}

// BeginSend marks that reminder key is being sent to user, for ttl. It is false when it was
// already sent, or is being sent under the same claim within ttl — the caller then skips. A
// "sending" mark left by a claim whose lease ran out (its holder died before it could send or
// record) does not count: the new claim takes it over and sends.
func (s *Reminders) BeginSend(ctx context.Context, key string, user int64, ttl time.Duration) (bool, error) {
	if ttl <= 0 {
		return false, fmt.Errorf("begin send of %s to %d: ttl %s: %w", key, user, ttl, ErrBadReminder)
	}
	keys := []string{s.keys.SchedSent(key, user), s.keys.SchedFlight()}
	// A delivery key may name the reminder's planned time after "@" (orglife's DeliveryKey);
	// the claim is the reminder's own.
	reminderKey, _, _ := strings.Cut(key, "@")
	n, err := s.beginLua.Run(ctx, s.rdb, keys, reminderKey, ttl.Milliseconds()).Int()
	if err != nil {
		return false, fmt.Errorf("begin send of %s to %d: %w", key, user, err)
	}
	return n == 1, nil
}

// EndSend records that reminder key was sent to user; the mark is kept for keep (0: for
// ever), which should outlast any re-planning of the same key.
func (s *Reminders) EndSend(ctx context.Context, key string, user int64, keep time.Duration) error {
	if keep < 0 {
		return fmt.Errorf("end send of %s to %d: keep %s: %w", key, user, keep, ErrBadReminder)
	}
	if err := s.rdb.Set(ctx, s.keys.SchedSent(key, user), "sent", keep).Err(); err != nil {
		return fmt.Errorf("end send of %s to %d: %w", key, user, err)
	}
	return nil
}

// Tally counts one reminder to user on day (in the branch's zone) and returns the count so
// far; the count is kept 2 days.
func (s *Reminders) Tally(ctx context.Context, user int64, day orglife.Date) (int64, error) {
	key := s.keys.SchedTally(user, day.String())
	var incr *redis.IntCmd
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		incr = p.Incr(ctx, key)
		p.Expire(ctx, key, tallyKeep)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("tally reminders of %d on %s: %w", user, day, err)
	}
	return incr.Val(), nil
}

// SetLeave records a member's leave; each user has one, replaced by the next. Leaves stay
// until cleared or replaced, so a past leave is harmless but kept.
func (s *Reminders) SetLeave(ctx context.Context, branchID string, l orglife.Leave) error {
	if !validBranchID(branchID) {
		return fmt.Errorf("set leave in branch %q: %w", branchID, orglife.ErrNotFound)
	}
	if l.UserID == 0 || l.From.IsZero() || l.To.IsZero() || l.To.Before(l.From) {
		return fmt.Errorf("set leave of %d from %s to %s: %w", l.UserID, l.From, l.To, ErrBadReminder)
	}
	j, err := encode(l)
	if err != nil {
		return fmt.Errorf("set leave of %d: %w", l.UserID, err)
	}
	if err := s.rdb.HSet(ctx, s.keys.BranchLeaves(branchID), strconv.FormatInt(l.UserID, 10), j).Err(); err != nil {
		return fmt.Errorf("set leave of %d in branch %s: %w", l.UserID, branchID, err)
	}
	return nil
}

// ClearLeave ends a member's leave; clearing none is no error.
func (s *Reminders) ClearLeave(ctx context.Context, branchID string, user int64) error {
	if !validBranchID(branchID) {
		return fmt.Errorf("clear leave in branch %q: %w", branchID, orglife.ErrNotFound)
	}
	if err := s.rdb.HDel(ctx, s.keys.BranchLeaves(branchID), strconv.FormatInt(user, 10)).Err(); err != nil {
		return fmt.Errorf("clear leave of %d in branch %s: %w", user, branchID, err)
	}
	return nil
}

// Leaves lists a branch's leaves by user id.
func (s *Reminders) Leaves(ctx context.Context, branchID string) ([]orglife.Leave, error) {
	if !validBranchID(branchID) {
		return nil, fmt.Errorf("leaves of branch %q: %w", branchID, orglife.ErrNotFound)
	}
	vals, err := s.rdb.HGetAll(ctx, s.keys.BranchLeaves(branchID)).Result()
	if err != nil {
		return nil, fmt.Errorf("leaves of branch %s: %w", branchID, err)
	}
	out, err := decodeAll[orglife.Leave](vals)
	if err != nil {
		return nil, fmt.Errorf("leaves of branch %s: %w", branchID, err)
	}
	slices.SortFunc(out, func(a, b orglife.Leave) int { return cmp.Compare(a.UserID, b.UserID) })
	return out, nil
}

// NextDue is when the earliest waiting reminder falls due; ok is false when none waits.
func (s *Reminders) NextDue(ctx context.Context) (at time.Time, ok bool, err error) {
	zs, err := s.rdb.ZRangeWithScores(ctx, s.keys.SchedDue(), 0, 0).Result()
	if err != nil {
		return time.Time{}, false, fmt.Errorf("next due reminder: %w", err)
	}
	if len(zs) == 0 {
		return time.Time{}, false, nil
	}
	return time.UnixMilli(int64(zs[0].Score)), true, nil
}

// LastDigest is what was kept of the branch's last digest sent; found is false before the
// first, and for a value kept in an older form (a bare fingerprint), which the next digest
// replaces.
func (s *Reminders) LastDigest(ctx context.Context, branchID string) (snap orglife.DigestSnapshot, found bool, err error) {
	if !validBranchID(branchID) {
		return snap, false, fmt.Errorf("digest of branch %q: %w", branchID, orglife.ErrNotFound)
	}
	v, err := s.rdb.Get(ctx, s.keys.BranchDigest(branchID)).Result()
	if errors.Is(err, redis.Nil) {
		return snap, false, nil
	}
	if err != nil {
		return snap, false, fmt.Errorf("digest of branch %s: %w", branchID, err)
	}
	if err := json.Unmarshal([]byte(v), &snap); err != nil {
		return orglife.DigestSnapshot{}, false, nil
	}
	return snap, true, nil
}

// SaveDigest keeps what the next digest needs of the one just sent.
func (s *Reminders) SaveDigest(ctx context.Context, branchID string, snap orglife.DigestSnapshot) error {
	if !validBranchID(branchID) {
		return fmt.Errorf("digest of branch %q: %w", branchID, orglife.ErrNotFound)
	}
	raw, err := json.Marshal(snap)
	if err != nil {
		return fmt.Errorf("digest of branch %s: %w", branchID, err)
	}
	if err := s.rdb.Set(ctx, s.keys.BranchDigest(branchID), raw, 0).Err(); err != nil {
		return fmt.Errorf("digest of branch %s: %w", branchID, err)
	}
	return nil
}
