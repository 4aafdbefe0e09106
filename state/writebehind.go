package state

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// Unit is the store's side of one update's work, made by the pipeline for each update and
// handed to its handler with it; Store and Records methods that take one read and write
// through it, and a nil Unit means none (they go to Redis at once). It holds:
//   - what was read ahead for the update (Ahead.Attach puts it in), each value served once
//     to the first read that asks for it and dropped by a write of its own;
//   - the update's session writes: SaveSession and DeleteSession only record them (Session
//     reads them back), and the inbox's Ack of the update applies them in the script that
//     removes the update — one round trip for both, and only if the update was still
//     queued. A crash before the ack loses the held writes, and the update, still queued, is
//     handled again from the session before it. (On a cluster the writes go just before the
//     ack; a crash between the two leaves the session ahead of the inbox, which the replay
//     guard in the conversation engine handles.) Flush applies them at once, for a caller
//     that must not go on without them.
type Unit struct {
	pre    *preloaded
	writes *writeBehind
	// wrote is set once the update's handling sent Redis anything but a read (UnitHook).
	wrote atomic.Bool
}

// NewUnit returns the unit of work of an update about to be handled.
func NewUnit() *Unit {
	return &Unit{writes: &writeBehind{writes: map[string]sessionWrite{}}}
}

// writeBehind holds the latest buffered write of each session.
type writeBehind struct {
	mu     sync.Mutex
	writes map[string]sessionWrite
}

// sessionWrite is one buffered SaveSession, or DeleteSession (deleted).
type sessionWrite struct {
	ref     string
	data    []byte
	ttl     time.Duration
	score   float64
	deleted bool
}

func (u *Unit) behind() *writeBehind {
	if u == nil {
		return nil
	}
	return u.writes
}

func (w *writeBehind) put(key string, sw sessionWrite) {
	w.mu.Lock()
	w.writes[key] = sw
	w.mu.Unlock()
}

// get returns the buffered session under key (nil when deleted).
func (w *writeBehind) get(key string) ([]byte, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	sw, ok := w.writes[key]
	return sw.data, ok
}

// take empties the buffer and returns what it held.
func (w *writeBehind) take() map[string]sessionWrite {
	w.mu.Lock()
	defer w.mu.Unlock()
	taken := w.writes
	w.writes = map[string]sessionWrite{}
	return taken
}

// restore puts back writes that could not be applied, unless newer ones replaced them.
func (w *writeBehind) restore(writes map[string]sessionWrite) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for k, sw := range writes {
		if _, newer := w.writes[k]; !newer {
			w.writes[k] = sw
		}
	}
}

// sessionKeep is how long a session key outlives its idle time, as a backstop should no
// idle sweep run.
const sessionKeep = 24 * time.Hour

// queueWrites adds the writes to p, as SaveSession makes them.
func queueWrites(ctx context.Context, p redis.Pipeliner, keys Keys, writes map[string]sessionWrite) {
	for key, sw := range writes {
		if sw.deleted {
			p.Del(ctx, key)
			p.ZRem(ctx, keys.SessionsIdle(), sw.ref)
			continue
		}
		p.Set(ctx, key, sw.data, sw.ttl+sessionKeep)
		p.ZAdd(ctx, keys.SessionsIdle(), redis.Z{Score: sw.score, Member: sw.ref})
	}
}

// Flush applies the session writes u holds back now; nothing to do without any.
func (s *Store) Flush(ctx context.Context, u *Unit) error {
	w := u.behind()
	if w == nil {
		return nil
	}
	writes := w.take()
	if len(writes) == 0 {
		return nil
	}
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		queueWrites(ctx, p, s.keys, writes)
		return nil
	})
	if err != nil {
		w.restore(writes)
		return fmt.Errorf("save %d sessions: %w", len(writes), err)
	}
	return nil
}
