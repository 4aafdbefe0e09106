package bot

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"orglife"
)

// A 现在填写 button (and the other buttons that open a command from a reminder, the to-do or
// a notice) names the meeting it is about. Pressed after that meeting's time, it does not
// open the command for whatever meeting is current by then: a preparation step of a meeting
// that is no longer current, or whose day is past, is answered 「该会议（…）已结束」; a
// rectification item's button opens that meeting's items, whose rectification goes on.
// Buttons sent before they named their meeting are read as being about the meeting that was
// current when their message was sent.

// goPrepCommands are the commands a button may open that record a meeting's preparation.
func goPrepCommands() []string {
	return append(slices.Collect(maps.Values(stepCommand)), cmdMyTalks)
}

// goRectCommands are the commands a button may open about a meeting's rectification.
var goRectCommands = []string{cmdProgress, cmdLedger, cmdReassign}

// goBallotCommands are the commands a button may open about a meeting's ballot: the voting
// form, which the ballot itself keeps open or closed whatever the meeting's day.
var goBallotCommands = []string{cmdVote}

// onGoButton opens the conversation the button names, as if the command had been typed in
// the button's branch (the user's current one for a button that names none); the usual
// role checks apply.
func (h *Handlers) onGoButton(t *turn, d buttonData) error {
	c, ok := h.lookupCommand(d.Action)
	prep := ok && slices.Contains(goPrepCommands(), c.Name)
	if !ok || (!prep && !slices.Contains(goRectCommands, c.Name) && !slices.Contains(goBallotCommands, c.Name)) || (d.Branch == "") != (d.Meeting == "") {
		return h.stale(t.ctx, t.query, t.lang)
	}
	m, entered, found, err := h.enterGo(t, c, d)
	switch {
	case err != nil:
		return err
	case !entered: // told why in the chat
		return h.answer(t.ctx, t.query.ID, "")
	case !found:
		return h.stale(t.ctx, t.query, t.lang)
	}
	if prep && (m.ID != t.branch.CurrentMeeting || held(m, h.today(t))) {
		// Nothing is edited: the message's other buttons may still be good.
		return h.answer(t.ctx, t.query.ID, fmt.Sprintf(msgGoMeetingEnded.In(t.lang), clip(m.Title, goTitleClip)))
	}
	if err := h.answer(t.ctx, t.query.ID, ""); err != nil {
		return err
	}
	if m.ID != t.branch.CurrentMeeting && c.Name != cmdReassign { // /reassign lists every meeting's items
		t.meeting = m.ID
	}
	t.query = nil // the command's prompt is a new message, not an edit of the reminder
	return c.run(t)
}

// goTitleClip is how much of a meeting's title a button's answer quotes (an answer to a
// button press holds 200 characters).
const goTitleClip = 60

// enterGo enters the branch of a button that opens command c, and finds the meeting it is
// about. A button naming a branch is for its members (anyone else has it from a branch they
// left, or forged it: found is false); one naming none is about the user's current branch,
// and the meeting that was current when its message was sent. entered is false when the
// user was told why they may not go on.
func (h *Handlers) enterGo(t *turn, c Command, d buttonData) (m orglife.Meeting, entered, found bool, err error) {
	if d.Branch != "" {
		on, err := h.pressedOn(t, d)
		if err != nil || !on.isMember || !on.meetingFound {
			return m, true, false, err
		}
		entered, err := h.enterAs(t, c, on.branch, on.me)
		return on.meeting, entered, true, err
	}
	if entered, err = h.enterBranch(t, c); err != nil || !entered {
		return m, entered, false, err
	}
	var sent time.Time
	if t.query.Message != nil {
		sent = t.query.Message.Time()
	}
	id, err := h.meetingAt(t, sent)
	if err != nil || id == "" {
		return m, true, false, err
	}
	m, err = h.records.Meeting(t.ctx, t.branch.ID, id)
	if errors.Is(err, orglife.ErrNotFound) {
		return m, true, false, nil
	}
	return m, true, err == nil, err
}

// meetingAt is the meeting of the entered branch that was current at sent (a message's time,
// to the second): the latest created by then. A message of no known time (Telegram gives
// none for one it no longer lets bots see), or one older than every meeting whose time is
// known, is taken to be about the current meeting.
func (h *Handlers) meetingAt(t *turn, sent time.Time) (string, error) {
	current := t.branch.CurrentMeeting
	if sent.Unix() <= 0 || current == "" {
		return current, nil
	}
	all, err := h.records.Meetings(t.ctx, t.branch.ID)
	if err != nil {
		return "", err
	}
	var at orglife.Meeting
	for _, m := range all {
		if m.ID == current && (m.CreatedAt.IsZero() || m.CreatedAt.Unix() <= sent.Unix()) {
			return current, nil
		}
		if !m.CreatedAt.IsZero() && m.CreatedAt.Unix() <= sent.Unix() && m.CreatedAt.After(at.CreatedAt) {
			at = m
		}
	}
	return cmp.Or(at.ID, current), nil
}
