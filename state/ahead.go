package state

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// Ahead is a read-ahead for one update of a user in their private chat: it takes the
// update's token from the user's flood bucket and reads what handling it reads first — the user's language,
// their session in the chat and, when Branch is set, that branch's record and the user's
// entry in it. Its commands ride on a round trip made anyway (queueing the update with
// PushClaim, or Preload), and Attach puts the values in the update's Unit, where the first
// read of each through Store or Records finds it and does not ask Redis again.
type Ahead struct {
	UpdateID       int
	ChatID, UserID int64
	Now            time.Time
	// Rule is the flood limit the update is counted under.
	Rule FloodRule
	// Branch is the branch the user's conversation is probably about (the caller's hint):
	// only which keys to read, never a value — the values are read fresh in the same trip.
	Branch string

	count      *redis.Cmd
	lang, sess *redis.StringCmd
	branch     *redis.Cmd
}

// queue adds the read-ahead's commands to p.
func (a *Ahead) queue(ctx context.Context, p redis.Pipeliner, keys Keys) {
	// Eval, not EvalSha: a pipeline cannot fall back after NOSCRIPT.
	a.count = floodLua.Eval(ctx, p, []string{keys.Flood(a.UserID)}, floodArgs(a.Rule, a.UpdateID, a.Now)...)
	a.lang = p.HGet(ctx, keys.User(a.UserID), "lang")
	a.sess = p.Get(ctx, keys.Session(a.ChatID, a.UserID))
	if validBranchID(a.Branch) {
		a.branch = branchMemberLua.Eval(ctx, p, []string{keys.Branch(a.Branch), keys.BranchMembers(a.Branch)}, uidField(a.UserID))
	}
}

// Attach returns the flood limit's verdict on the update and puts the values read ahead in
// u; a value whose read failed is left out (read again when asked for). It fails only when
// the verdict is missing: the round trip that carried the read-ahead did not happen.
func (a *Ahead) Attach(u *Unit) (Flood, error) {
	if a.count == nil {
		return Flood{}, fmt.Errorf("count updates of user %d: not read ahead", a.UserID)
	}
	n, err := floodVerdict(a.count, a.UserID)
	if err != nil {
		return Flood{}, err
	}
	p := &preloaded{chatID: a.ChatID, userID: a.UserID}
	p.lang, p.langLive = liveString(a.lang)
	var sess string
	if sess, p.sessionLive = liveString(a.sess); p.sessionLive && a.sess.Err() == nil {
		p.session = []byte(sess)
	}
	if a.branch != nil {
		if raw, err := a.branch.Slice(); err == nil && len(raw) == 2 {
			p.branchID, p.branchLive = a.Branch, true
			p.branchRaw, p.memberRaw = raw[0], raw[1]
		}
	}
	if u != nil {
		u.pre = p
	}
	return n, nil
}

// liveString is a read's value; live is false when the read failed (a missing key is
// a value: empty).
func liveString(c *redis.StringCmd) (string, bool) {
	switch v, err := c.Result(); {
	case err == nil:
		return v, true
	case errors.Is(err, redis.Nil):
		return "", true
	}
	return "", false
}

// Preload makes a's round trip on its own, for an update whose queueing did not carry it
// (one that waited behind another of its chat), and puts the values in u as Attach does.
func (f *FloodCounter) Preload(ctx context.Context, a *Ahead, u *Unit) (Flood, error) {
	pipe := f.rdb.Pipeline()
	a.queue(ctx, pipe, f.keys)
	// Each answer is judged by Attach: a read that failed is only left out.
	_, _ = pipe.Exec(ctx)
	return a.Attach(u)
}

// preloaded is what was read ahead for one update; each value is used once at most.
type preloaded struct {
	mu                    sync.Mutex
	chatID, userID        int64
	lang                  string
	langLive, sessionLive bool
	session               []byte
	branchID              string
	branchLive            bool
	branchRaw, memberRaw  any // string, or nil when missing
}

// DropReadAhead forgets what was read ahead for the update: it was held back, and what was
// read may be stale by the time it is handled.
func (u *Unit) DropReadAhead() {
	if u != nil {
		u.pre = nil
	}
}

func (u *Unit) preloaded() *preloaded {
	if u == nil {
		return nil
	}
	return u.pre
}

// preloadedLang returns the language read ahead for userID, once.
func (u *Unit) lang(userID int64) (string, bool) {
	p := u.preloaded()
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
func (u *Unit) session(chatID, userID int64) ([]byte, bool) {
	p := u.preloaded()
	if p == nil || p.userID != userID || p.chatID != chatID {
		return nil, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	live := p.sessionLive
	p.sessionLive = false
	return p.session, live
}

// preloadedBranchMember returns the raw branch record and member entry read ahead for
// branchID and userID, once.
func (u *Unit) branchMember(branchID string, userID int64) (braw, mraw any, ok bool) {
	p := u.preloaded()
	if p == nil || p.userID != userID || p.branchID != branchID {
		return nil, nil, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	ok = p.branchLive
	p.branchLive = false
	return p.branchRaw, p.memberRaw, ok
}

// dropPreloaded forgets what was read ahead for userID: it is being written.
func (u *Unit) dropUser(userID int64, lang, session bool) {
	p := u.preloaded()
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
