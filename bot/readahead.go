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
	hint, c := h.hints.get(userID), h.commandOf(text)
	return &state.Ahead{UpdateID: updateID, ChatID: chatID, UserID: userID, Now: h.opts.Clock.Now(), Rule: h.opts.Flood,
		Branch: hint.branch, Meeting: hint.meeting, Draft: c.draft, Parts: c.parts,
		Slots: state.SlotsAsk{N: repliesTo(text)}}
}

// repliesTo guesses how many messages the answer to an update with text sends or edits: a
// button press (no text) or a command one, a typed answer two (the prompt it answers loses
// its buttons, the next question comes). Only a guess of the send slots to take ahead: a
// reply that sends more takes the rest when it sends, one that sends less leaves its slot.
func repliesTo(text string) int {
	if text == "" || strings.HasPrefix(text, "/") {
		return 1
	}
	return 2
}

// commandOf is the command that text types (zero for none). Only a guess of which keys to
// read: the command is parsed for real when handled.
func (h *Handlers) commandOf(text string) Command {
	name, ok := strings.CutPrefix(text, "/")
	if !ok {
		return Command{}
	}
	if i := strings.IndexAny(name, " @\n"); i >= 0 {
		name = name[:i]
	}
	c, _ := h.lookupCommand(name)
	return c
}

// maxBranchHints bounds the hints kept: a few hundred kilobytes.
const maxBranchHints = 50_000

// branchHints remembers the branch and meeting of each user's latest conversation. A hint
// only says which keys to read ahead — the values are read fresh — so a wrong or missing one
// costs a round trip, never a stale answer.
type branchHints struct {
	mu  sync.Mutex
	max int
	m   map[int64]branchHint
}

// branchHint is the branch of a user's latest conversation and the meeting it was about
// ("" for none).
type branchHint struct{ branch, meeting string }

func newBranchHints(max int) *branchHints {
	return &branchHints{max: max, m: map[int64]branchHint{}}
}

func (b *branchHints) get(userID int64) branchHint {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.m[userID]
}

func (b *branchHints) set(userID int64, branchID, meetingID string) {
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
	b.m[userID] = branchHint{branchID, meetingID}
}
