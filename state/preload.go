package state

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// Preload counts one more update of userID in the minute of now, as Flood does, and in the
// same round trip reads what handling a user's update in their private chat reads first:
// their language and their conversation's session in chatID. The returned context carries
// both to the first Language and Session of that user through any Store, which then do not
// ask Redis again; a Store's SetLanguage, SaveSession or DeleteSession under the context
// drops the value read ahead, so that a later read sees the write.
func (f *FloodCounter) Preload(ctx context.Context, chatID, userID int64, now time.Time) (int64, context.Context, error) {
	pipe := f.rdb.Pipeline()
	// Eval, not EvalSha: a pipeline cannot fall back after NOSCRIPT.
	count := floodLua.Eval(ctx, pipe, []string{f.keys.Flood(userID, now.Unix()/60)}, int(floodKeep.Seconds()))
	lang := pipe.HGet(ctx, f.keys.User(userID), "lang")
	sess := pipe.Get(ctx, f.keys.Session(chatID, userID))
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return 0, ctx, fmt.Errorf("count updates of user %d: %w", userID, err)
	}
	n, err := count.Int64()
	if err != nil {
		return 0, ctx, fmt.Errorf("count updates of user %d: %w", userID, err)
	}
	p := &preloaded{chatID: chatID, userID: userID}
	switch l, err := lang.Result(); {
	case err == nil:
		p.lang, p.langLive = l, true
	case errors.Is(err, redis.Nil):
		p.langLive = true
	}
	switch b, err := sess.Bytes(); {
	case err == nil:
		p.session, p.sessionLive = b, true
	case errors.Is(err, redis.Nil):
		p.sessionLive = true
	}
	return n, context.WithValue(ctx, preloadKey{}, p), nil
}

type preloadKey struct{}

// preloaded is what Preload read ahead for one update; each value is used once at most.
type preloaded struct {
	mu                    sync.Mutex
	chatID, userID        int64
	lang                  string
	langLive, sessionLive bool
	session               []byte
}

func preloadOf(ctx context.Context) *preloaded {
	p, _ := ctx.Value(preloadKey{}).(*preloaded)
	return p
}

// preloadedLang returns the language read ahead for userID, once.
func preloadedLang(ctx context.Context, userID int64) (string, bool) {
	p := preloadOf(ctx)
	if p == nil || p.userID != userID {
		return "", false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	live := p.langLive
	p.langLive = false
	return p.lang, live
}

// preloadedSession returns the session read ahead for chatID and userID (nil: none), once.
func preloadedSession(ctx context.Context, chatID, userID int64) ([]byte, bool) {
	p := preloadOf(ctx)
	if p == nil || p.userID != userID || p.chatID != chatID {
		return nil, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	live := p.sessionLive
	p.sessionLive = false
	return p.session, live
}

// dropPreloaded forgets what was read ahead for userID: it is being written.
func dropPreloaded(ctx context.Context, userID int64, lang, session bool) {
	p := preloadOf(ctx)
	if p == nil || p.userID != userID {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if lang {
		p.langLive = false
	}
	if session {
		p.sessionLive = false
	}
}
