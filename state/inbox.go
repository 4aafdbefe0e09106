package state

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// Inbox is the durable queue between receiving an update and handling it: updates are
// kept per chat in arrival order, each update_id enters once, and one instance at a time
// holds a chat's lease, so a chat's updates are handled strictly in order even when
// several instances share the Redis.
type Inbox struct {
	rdb        redis.UniversalClient
	keys       Keys
	seenTTL    time.Duration
	leaseTTL   time.Duration
	instance   string
	pushLua    *redis.Script
	pushClaim  *redis.Script
	claimLua   *redis.Script
	ackLua     *redis.Script
	holdLua    *redis.Script
	extendLua  *redis.Script
	releaseLua *redis.Script
}

// Item is one queued update in raw JSON, as Telegram sent it.
type Item struct {
	UpdateID int
	Chat     string
	Payload  []byte
	// Ahead, if set, is read ahead in PushClaim's round trip, for handling the item at once
	// when it is claimed with its push (not on a cluster: see PushClaim).
	Ahead *Ahead
}

// NewInbox returns the inbox of one running instance; instance names its leases.
func NewInbox(rdb redis.UniversalClient, keys Keys, instance string, seenTTL, leaseTTL time.Duration) *Inbox {
	return &Inbox{
		rdb: rdb, keys: keys, instance: instance, seenTTL: seenTTL, leaseTTL: leaseTTL,
		pushLua: redis.NewScript(`
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[2]) then
  redis.call('RPUSH', KEYS[2], ARGV[1])
  redis.call('SADD', KEYS[3], ARGV[3])
  return 1
end
return 0`),
		// Push, and when the update is the only one waiting and no instance holds the
		// chat's lease, take the lease as Claim would: returns 2.
		pushClaim: redis.NewScript(`
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[2]) then return 0 end
local n = redis.call('RPUSH', KEYS[2], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[3])
if n == 1 and redis.call('SET', KEYS[4], ARGV[4], 'NX', 'PX', ARGV[5]) then return 2 end
return 1`),
		// Returns 0 when another instance holds the lease, 1 when the inbox is empty
		// (and then forgets the chat), or the oldest item after taking the lease.
		claimLua: redis.NewScript(`
local cur = redis.call('GET', KEYS[1])
if cur and cur ~= ARGV[1] then return 0 end
local item = redis.call('LINDEX', KEYS[2], 0)
if not item then
  if cur then redis.call('DEL', KEYS[1]) end
  redis.call('SREM', KEYS[3], ARGV[3])
  return 1
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return item`),
		// Pops the handled item if it is still first and this instance holds the lease (or
		// nobody does), and then — only then — applies the update's session writes
		// (ARGV[5] of them: data, PX — 0 to delete —, idle score, idle member; KEYS[4] the
		// idle index, KEYS[5…] the sessions). While more items wait, it keeps the lease and returns the
		// next, as Claim would. An ack repeated after a lost reply finds another item first
		// and neither pops nor writes: a later update's session is never overwritten.
		ackLua: redis.NewScript(`
local cur = redis.call('GET', KEYS[1])
if cur and cur ~= ARGV[1] then return -1 end
if redis.call('LINDEX', KEYS[2], 0) == ARGV[4] then
  redis.call('LPOP', KEYS[2])
  for i = 1, tonumber(ARGV[5]) do
    local a = 5 + (i - 1) * 4
    if ARGV[a + 2] == '0' then
      redis.call('DEL', KEYS[4 + i])
      redis.call('ZREM', KEYS[4], ARGV[a + 4])
    else
      redis.call('SET', KEYS[4 + i], ARGV[a + 1], 'PX', ARGV[a + 2])
      redis.call('ZADD', KEYS[4], ARGV[a + 3], ARGV[a + 4])
    end
  end
end
local next = redis.call('LINDEX', KEYS[2], 0)
if next then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return next
end
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[3], ARGV[3])
return 0`),
		// Whether the item is still first and the lease this instance's (taking it again):
		// on a cluster, where the ack cannot write the sessions itself, the writes go only
		// then.
		holdLua: redis.NewScript(`
local cur = redis.call('GET', KEYS[1])
if cur and cur ~= ARGV[1] then return 0 end
if redis.call('LINDEX', KEYS[2], 0) ~= ARGV[3] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`),
		extendLua: redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`),
		releaseLua: redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`),
	}
}

// Push queues items in one round trip and reports which of them were new; an update_id
// seen within the dedupe TTL is dropped. Either every item is stored or an error is returned.
func (in *Inbox) Push(ctx context.Context, items []Item) ([]bool, error) {
	pipe := in.rdb.Pipeline()
	cmds := make([]*redis.Cmd, len(items))
	for i, it := range items {
		keys := []string{in.keys.Seen(it.UpdateID), in.keys.Inbox(it.Chat), in.keys.InboxPending()}
		// Eval, not EvalSha: a pipeline cannot fall back after NOSCRIPT.
		cmds[i] = in.pushLua.Eval(ctx, pipe, keys, it.Payload, int(in.seenTTL.Seconds()), it.Chat)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, fmt.Errorf("push %d updates to inbox: %w", len(items), err)
	}
	fresh := make([]bool, len(items))
	for i, c := range cmds {
		n, _ := c.Int()
		fresh[i] = n == 1
	}
	return fresh, nil
}

// PushClaim queues items as Push does, and takes the lease on the chat of each item that
// is the only one waiting in a chat no instance holds, in the same round trip: claimed[i]
// says that items[i] is now what Claim on its chat would return, so the caller may handle
// it at once (and must Ack it, or Release the lease). An item's Ahead is read in the same
// round trip, after its push; it holds for a claimed item (no other worker can change the
// chat's session while the lease is held) and is to be dropped for the others. A cluster
// client reads nothing ahead here.
func (in *Inbox) PushClaim(ctx context.Context, items []Item) (fresh, claimed []bool, err error) {
	// A cluster runs a pipeline's commands on each node in parallel, so reads ahead would
	// not follow the claim there: it reads after the claim instead (see Preload).
	_, cluster := in.rdb.(*redis.ClusterClient)
	pipe := in.rdb.Pipeline()
	cmds := make([]*redis.Cmd, len(items))
	for i, it := range items {
		keys := []string{in.keys.Seen(it.UpdateID), in.keys.Inbox(it.Chat), in.keys.InboxPending(), in.keys.InboxLock(it.Chat)}
		// Eval, not EvalSha: a pipeline cannot fall back after NOSCRIPT.
		cmds[i] = in.pushClaim.Eval(ctx, pipe, keys, it.Payload, int(in.seenTTL.Seconds()), it.Chat,
			in.instance, in.leaseTTL.Milliseconds())
		if it.Ahead != nil && !cluster {
			it.Ahead.queue(ctx, pipe, in.keys)
		}
	}
	// Only the pushes' answers matter here, each checked below: a read ahead that failed
	// (or found nothing) is read again when the update is handled.
	_, _ = pipe.Exec(ctx)
	fresh, claimed = make([]bool, len(items)), make([]bool, len(items))
	for i, c := range cmds {
		n, err := c.Int()
		if err != nil {
			return nil, nil, fmt.Errorf("push update %d to inbox: %w", items[i].UpdateID, err)
		}
		fresh[i], claimed[i] = n > 0, n == 2
	}
	return fresh, claimed, nil
}

// Claim takes the lease on chat and returns its oldest item. ok is false when another
// instance holds the lease or nothing is waiting.
func (in *Inbox) Claim(ctx context.Context, chat string) (payload []byte, ok bool, err error) {
	keys := []string{in.keys.InboxLock(chat), in.keys.Inbox(chat), in.keys.InboxPending()}
	res, err := in.claimLua.Run(ctx, in.rdb, keys, in.instance, in.leaseTTL.Milliseconds(), chat).Result()
	if err != nil {
		return nil, false, fmt.Errorf("claim inbox of chat %s: %w", chat, err)
	}
	s, isItem := res.(string)
	return []byte(s), isItem, nil
}

// Ack removes the handled item and applies the session writes u holds back (see
// Unit) with it, in one script: only if the item was still first, so that a
// repeated ack, or one by an instance that lost the lease, writes nothing. While more items
// of the chat wait it keeps the lease and returns the next one, as Claim would (next is nil
// when none waits). lost is true when the lease had passed to another instance, which will
// handle the item itself. If the ack fails, the buffered writes stay buffered for the next
// try. On a cluster, whose scripts keep to one slot, the writes take round trips of their
// own before the ack: checked that the item is still first and the lease held, then written
// (and, once written, not buffered again).
//
// ahead, if set, is read for the update the caller expects next in the same round trip,
// after the ack has applied the writes: it holds when next is that update (the lease is
// kept for it). When it could not ride along (a cluster, or the script had to be sent
// again) it is left unread, and Attach reports so.
func (in *Inbox) Ack(ctx context.Context, u *Unit, chat string, payload []byte, ahead *Ahead) (next []byte, lost bool, err error) {
	var writes map[string]sessionWrite
	if w := u.behind(); w != nil {
		writes = w.take()
		defer func() {
			if err != nil {
				w.restore(writes)
			}
		}()
	}
	_, cluster := in.rdb.(*redis.ClusterClient)
	if cluster && len(writes) > 0 {
		if err := in.writeHeld(ctx, chat, payload, writes); err != nil {
			return nil, false, err
		}
		writes = nil
	}
	keys, args := in.ackArgs(chat, payload, writes)
	var res any
	if ahead == nil || cluster {
		res, err = in.ackLua.Run(ctx, in.rdb, keys, args...).Result()
	} else {
		pipe := in.rdb.Pipeline()
		cmd := in.ackLua.EvalSha(ctx, pipe, keys, args...)
		// The read-ahead's own count of the update is no write that could change what it reads.
		ahead.queue(withoutUnit(ctx), pipe, in.keys)
		_, _ = pipe.Exec(ctx) // each answer is judged on its own: the ack's here, the reads by Attach
		if res, err = cmd.Result(); err != nil && redis.HasErrorPrefix(err, "NOSCRIPT") {
			ahead.forget() // read before an ack that did not run: not the next update's
			res, err = in.ackLua.Run(ctx, in.rdb, keys, args...).Result()
		}
	}
	if err != nil {
		return nil, false, fmt.Errorf("ack inbox of chat %s: %w", chat, err)
	}
	switch v := res.(type) {
	case string:
		return []byte(v), false, nil
	case int64:
		return nil, v == -1, nil
	}
	return nil, false, fmt.Errorf("ack inbox of chat %s: unexpected reply %v", chat, res)
}

// ackArgs are the ack script's keys and arguments for payload of chat with writes.
func (in *Inbox) ackArgs(chat string, payload []byte, writes map[string]sessionWrite) ([]string, []any) {
	keys := []string{in.keys.InboxLock(chat), in.keys.Inbox(chat), in.keys.InboxPending()}
	args := []any{in.instance, in.leaseTTL.Milliseconds(), chat, payload, len(writes)}
	if len(writes) > 0 {
		keys = append(keys, in.keys.SessionsIdle())
		for key, sw := range writes {
			px := (sw.ttl + sessionKeep).Milliseconds()
			if sw.deleted {
				px = 0
			}
			keys = append(keys, key)
			args = append(args, sw.data, px, sw.score, sw.ref)
		}
	}
	return keys, args
}

// writeHeld applies session writes while the chat's lease is this instance's and the item
// still first (a cluster's way for Ack); while that holds no other update of the chat can
// have moved the session on.
func (in *Inbox) writeHeld(ctx context.Context, chat string, payload []byte, writes map[string]sessionWrite) error {
	keys := []string{in.keys.InboxLock(chat), in.keys.Inbox(chat)}
	held, err := in.holdLua.Run(ctx, in.rdb, keys, in.instance, in.leaseTTL.Milliseconds(), payload).Int()
	if err != nil {
		return fmt.Errorf("check lease of chat %s before saving sessions: %w", chat, err)
	}
	if held == 0 {
		return nil // acked already, or another instance's now: the writes are not ours to make
	}
	if _, err := in.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		queueWrites(ctx, p, in.keys, writes)
		return nil
	}); err != nil {
		return fmt.Errorf("save sessions before ack of chat %s: %w", chat, err)
	}
	return nil
}

// Extend renews the lease on chat while a long update is being handled.
func (in *Inbox) Extend(ctx context.Context, chat string) error {
	keys := []string{in.keys.InboxLock(chat)}
	if err := in.extendLua.Run(ctx, in.rdb, keys, in.instance, in.leaseTTL.Milliseconds()).Err(); err != nil {
		return fmt.Errorf("extend lease of chat %s: %w", chat, err)
	}
	return nil
}

// Release gives up the lease on chat if this instance holds it (a worker that stops with
// items left), so that another instance need not wait for the lease to run out.
func (in *Inbox) Release(ctx context.Context, chat string) error {
	if err := in.releaseLua.Run(ctx, in.rdb, []string{in.keys.InboxLock(chat)}, in.instance).Err(); err != nil {
		return fmt.Errorf("release lease of chat %s: %w", chat, err)
	}
	return nil
}

// Pending lists the chats with updates waiting, for the sweep that picks up work an
// instance left behind when it stopped.
func (in *Inbox) Pending(ctx context.Context) ([]string, error) {
	chats, err := in.rdb.SMembers(ctx, in.keys.InboxPending()).Result()
	if err != nil {
		return nil, fmt.Errorf("list pending chats: %w", err)
	}
	return chats, nil
}

// Len is the number of updates waiting in chat's inbox.
func (in *Inbox) Len(ctx context.Context, chat string) (int64, error) {
	n, err := in.rdb.LLen(ctx, in.keys.Inbox(chat)).Result()
	if err != nil {
		return 0, fmt.Errorf("inbox length of chat %s: %w", chat, err)
	}
	return n, nil
}
