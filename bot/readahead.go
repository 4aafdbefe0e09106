package bot

import (
	"strings"
	"sync"

	"orglife/state"
)

// ReadAhead says what to read ahead for a user's update in their private chat (see
// state.Ahead): the flood bucket (under HandlerOptions.Flood), language and session, the
// branches they belong to, the branch, membership and current meeting that checking their
// rights in the conversation reads, guessed from their last conversation in this process,
// and the draft that the command typed (text) reads first.
func (h *Handlers) ReadAhead(updateID int, chatID, userID int64, text string) *state.Ahead {
	return &state.Ahead{UpdateID: updateID, ChatID: chatID, UserID: userID, Now: h.opts.Clock.Now(), Rule: h.opts.Flood,
		Branch: h.hints.get(userID), Draft: h.draftOfCommand(text)}
}

// draftOfCommand is the kind of draft the command that text types reads first ("" for
// none). Only a guess of which key to read: the command is parsed for real when handled.
func (h *Handlers) draftOfCommand(text string) string {
	name, ok := strings.CutPrefix(text, "/")
	if !ok {
		return ""
	}
	if i := strings.IndexAny(name, " @\n"); i >= 0 {
		name = name[:i]
	}
	c, _ := h.lookupCommand(name)
	return c.draft
}

// maxBranchHints bounds the hints kept: a few hundred kilobytes.
const maxBranchHints = 50_000

// branchHints remembers the branch of each user's latest conversation. A hint only says
// which keys to read ahead — the values are read fresh — so a wrong or missing one costs a
// round trip, never a stale answer.
type branchHints struct {
	mu  sync.Mutex
	max int
	m   map[int64]string
}

func newBranchHints(max int) *branchHints {
	return &branchHints{max: max, m: map[int64]string{}}
}

func (b *branchHints) get(userID int64) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.m[userID]
}

func (b *branchHints) set(userID int64, branchID string) {
	if branchID == "" {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, known := b.m[userID]; !known && len(b.m) >= b.max {
		for k := range b.m { // full: forget one, any one
			delete(b.m, k)
			break
		}
	}
	b.m[userID] = branchID
}
