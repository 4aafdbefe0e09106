package bot

import (
	"context"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
	"orglife/state"
)

// turn is the context of one update for one user in their private chat.
type turn struct {
	ctx context.Context
	// unit is the update's unit of work (nil: none): what was read ahead for it, and its
	// session writes held back until its ack.
	unit *state.Unit
	// accessChecked: the branch read ahead with the update is for the first access check
	// only, before anything of the update is written (see aheadForAccess).
	accessChecked bool
	chatID        int64
	userID        int64
	updateID      int
	lang          orglife.Lang
	from          *tgbotapi.User
	query         *tgbotapi.CallbackQuery // the button pressed, if any
	args          string                  // what followed the command
	sess          *session
	branch        *orglife.Branch // the branch the command is about, once entered
	member        *orglife.Member // the user in that branch
	// meeting is the meeting a button named for the command it opens, when that is not the
	// branch's current one (an earlier meeting's rectification item); "" otherwise.
	meeting string
	// promptFromButton: the flow ended on a button press, so its prompt is edited in place.
	promptFromButton bool
	// echo is a line the next prompt begins with: the day a typed date was read as.
	echo string
	// meetingRead is the meeting a command that writes no meeting record read as it began
	// (see currentMeetingOnce); meetingOf answers from it for the rest of the turn.
	meetingRead *orglife.Meeting
	// rendering: a prompt is being put together, which reads and writes nothing else;
	// partners is what it read of a talk's partners (talkPartners), for this prompt only.
	rendering bool
	partners  *talkPartnersRead
}

// meetingNow is the meeting the turn's command is about: the one a button named, else the
// entered branch's current one ("" for none).
func (t *turn) meetingNow() string {
	if t.meeting != "" {
		return t.meeting
	}
	return t.branch.CurrentMeeting
}

// aheadBeforeAccess is the unit to pass to the reads that lead to the turn's first access
// check (the user's branches), nil after it: see aheadForAccess.
func (t *turn) aheadBeforeAccess() *state.Unit {
	if t.accessChecked {
		return nil
	}
	return t.unit
}

// aheadForAccess is the unit to pass to the turn's first access check (Records.BranchMember),
// and nil to every later one: the branch read ahead with the update is as old as its
// queueing, right only before the update writes anything itself.
func (t *turn) aheadForAccess() *state.Unit {
	if t.accessChecked {
		return nil
	}
	t.accessChecked = true
	return t.unit
}
