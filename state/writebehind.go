package state

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// WithWriteBehind returns ctx carrying a buffer for the session writes of one update:
// SaveSession and DeleteSession under it only record the write (Session reads it back), and
// the inbox's Ack
// of the update applies it in the script that removes the update — one round trip for both,
// and only if the update was still queued. A crash before the ack loses the buffered write,
// and the update, still queued, is handled again from the session before it. (On a cluster
// the writes go just before the ack; a crash between the two leaves the session ahead of the
// inbox, which the replay guard in the conversation engine handles.) Flush applies the
// buffer at once, for a caller that must not go on without it.
func WithWriteBehind(ctx context.Context) context.Context {
	return context.WithValue(ctx, writeBehindKey{}, &writeBehind{writes: map[string]sessionWrite{}})
}

type writeBehindKey struct{}

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

func writeBehindOf(ctx context.Context) *writeBehind {
	w, _ := ctx.Value(writeBehindKey{}).(*writeBehind)
	return w
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

// Flush applies the session writes buffered under ctx now (see WithWriteBehind); nothing
// to do without a buffer.
func (s *Store) Flush(ctx context.Context) error {
	w := writeBehindOf(ctx)
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
