package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
	"orglife/state"
)

// /todo: what a member still owes for the current meeting — the steps (overdue first), the
// talk partners the coverage rules still require and the talk records to answer or record
// again, and the rectification items they own — in one message with a button for each.
// Talks that wait for the other member are noted, without a button. /start shows it too.

const (
	cmdTodo         = "todo"
	todoMeasureClip = 60 // how much of an item's measure the to-do shows
	todoMaxPartners = 20 // how many missing talk partners the to-do names
)

func (h *Handlers) todoCommands() []Command {
	return []Command{{Name: cmdTodo, Desc: descTodo, Role: orglife.RoleMember, parts: state.PartsPrep | state.PartRectItems, run: h.todo}}
}

// todo answers /todo in the user's current branch.
func (h *Handlers) todo(t *turn) error {
	m, ok, err := h.currentMeetingOnce(t)
	if err != nil || !ok {
		return err
	}
	return h.sendTodo(t, t.unit, m) // nothing of the update was written: what was read ahead holds
}

// todoOnStart adds the /todo message to /start's welcome for a member of one branch (or
// one chosen) that has a current meeting, in a private chat only (a to-do is nobody
// else's business); otherwise it adds nothing.
func (h *Handlers) todoOnStart(t *turn) error {
	if t.chatID != t.userID {
		return nil
	}
	ids, err := h.records.UserBranches(t.ctx, t.userID)
	if err != nil || len(ids) == 0 {
		return err
	}
	id := ids[0]
	if len(ids) > 1 {
		if id, err = h.records.ChosenBranch(t.ctx, t.userID); err != nil || id == "" {
			return err
		}
	}
	b, mem, isMember, err := h.records.BranchMember(t.ctx, t.aheadForAccess(), id, t.userID)
	if err != nil || !isMember || b.CurrentMeeting == "" {
		return err
	}
	m, err := h.records.Meeting(t.ctx, b.ID, b.CurrentMeeting)
	if err != nil {
		return fmt.Errorf("todo on start: %w", err)
	}
	t.branch, t.member = &b, &mem
	return h.sendTodo(t, nil, m)
}

// sendTodo sends the user's to-do for meeting m.
// u is the update's unit when nothing of it was written before: the records may then come
// from what was read ahead with it (Command.parts).
func (h *Handlers) sendTodo(t *turn, u *state.Unit, m orglife.Meeting) error {
	text, rows, err := h.todoMessage(t.ctx, u, m, t.userID, h.today(t), t.lang)
	if err != nil {
		return err
	}
	line, err := h.todoBallotLine(t.ctx, m, t.userID, t.lang)
	if err != nil {
		return err
	}
	if line != "" {
		text += "\n" + line
	}
	msg := tgbotapi.NewMessage(t.chatID, text)
	if len(rows) > 0 {
		var kb keyboard
		var buttons [][]tgbotapi.InlineKeyboardButton
		for _, r := range rows {
			buttons = append(buttons, tgbotapi.NewInlineKeyboardRow(kb.button(r.label, goData(r.cmd, m.BranchID, m.ID))))
		}
		if msg.ReplyMarkup, err = kb.markup(buttons...); err != nil {
			return fmt.Errorf("todo buttons: %w", err)
		}
	}
	_, err = h.out.Send(t.ctx, htmlMessage(msg))
	return err
}

// todoMessage is the to-do of user for meeting m as of today: its text and its buttons.
// The steps owed are orglife.Prep's (the one truth for "done"); once the meeting is past,
// its preparation is no longer asked for (as /remind), and only rectification is left.
func (h *Handlers) todoMessage(ctx context.Context, u *state.Unit, m orglife.Meeting, user int64, today orglife.Date, lang orglife.Lang) (string, []goButton, error) {
	prep, recs, err := h.prepWith(ctx, u, m, state.PartRectItems)
	if err != nil {
		return "", nil, err
	}
	members := recs.Members
	var owed []orglife.StepStatus
	var waiting string // the talks that wait for others, when that is all there is of them
	if m.Date.IsZero() || !m.Date.Before(today) {
		owed = overdueFirst(m, prep.Owes(user), today)
		if st := prep.Status(orglife.StepTalks, user); st.Waiting() {
			waiting = fmt.Sprintf(msgTodoWaiting.In(lang), orglife.StepTalks.Name(lang)) + talkDetails(st, members, lang, "\n  ")
		}
	}
	items := todoItems(recs.RectItems, user)
	if len(owed) == 0 && len(items) == 0 {
		text := fmt.Sprintf(msgTodoNothing.In(lang), quote(m.Title))
		if waiting != "" {
			text += "\n" + waiting
		}
		return text, nil, nil
	}
	lines := []string{fmt.Sprintf(msgTodoHeader.In(lang), quote(m.Title), m.Date.In(lang))}
	var buttons []goButton
	for _, st := range owed {
		step, _ := m.Step(st.Step)
		line := fmt.Sprintf(msgTodoStep.In(lang), st.Step.Name(lang), step.Deadline.In(lang))
		if step.Deadline.Before(today) {
			line += msgTodoOverdue.In(lang)
		}
		label := fmt.Sprintf(btnTodoStep.In(lang), st.Step.Name(lang))
		if st.Step == orglife.StepTalks {
			lines = append(lines, line+talkDetails(st, members, lang, "\n  "))
			buttons = append(buttons, talkButtons(st, label, btnAnswerTalksBare.In(lang), btnFixTalksBare.In(lang))...)
			continue
		}
		lines = append(lines, line)
		if cmd, ok := stepCommand[st.Step]; ok {
			buttons = append(buttons, goButton{label, cmd})
		}
	}
	if waiting != "" {
		lines = append(lines, waiting)
	}
	for _, it := range items {
		lines = append(lines, fmt.Sprintf(msgTodoItem.In(lang), it.Number, quote(clip(it.Measure, todoMeasureClip)), it.Deadline.In(lang)))
	}
	if len(items) > 0 { // one /progress button: it asks which item
		buttons = append(buttons, goButton{btnReport.In(lang), cmdProgress})
	}
	return strings.Join(lines, "\n"), buttons, nil
}

// partnerNames names the partners still required, the first todoMaxPartners of them (a
// secretary of a large branch may owe hundreds, and the message must stay one message).
func partnerNames(members []orglife.Member, partners []int64, lang orglife.Lang) string {
	text := namesOf(members, partners[:min(len(partners), todoMaxPartners)], lang)
	if len(partners) > todoMaxPartners {
		text += fmt.Sprintf(msgTodoPartnersMore.In(lang), len(partners))
	}
	return text
}

// overdueFirst orders the steps owed: those past their deadline first, each part in the
// meeting's order.
func overdueFirst(m orglife.Meeting, owed []orglife.StepStatus, today orglife.Date) []orglife.StepStatus {
	overdue := func(st orglife.StepStatus) bool {
		s, _ := m.Step(st.Step)
		return s.Deadline.Before(today)
	}
	out := slices.Clone(owed)
	slices.SortStableFunc(out, func(a, b orglife.StepStatus) int {
		switch oa, ob := overdue(a), overdue(b); {
		case oa && !ob:
			return -1
		case ob && !oa:
			return 1
		}
		return 0
	})
	return out
}

// todoItems are the rectification items of all that the user owns and still has to act
// on: open, and not reported done (that waits for the secretary's 销号).
func todoItems(all []orglife.RectItem, user int64) []orglife.RectItem {
	var out []orglife.RectItem
	for _, it := range all {
		if it.Owner == user && it.Open() && it.Status != orglife.RectReported {
			out = append(out, it)
		}
	}
	return out
}

// prep loads the records a meeting's preparation is judged by and judges it: the one
// answer to whether someone has done a step (orglife.JudgePrep).
func (h *Handlers) prep(ctx context.Context, m orglife.Meeting) (orglife.Prep, []orglife.Member, error) {
	prep, recs, err := h.prepWith(ctx, nil, m, 0)
	return prep, recs.Members, err
}

// prepWith is prep, with the records it was judged by and the extra parts of the meeting
// asked for, all read in one round trip (none when read ahead into u, see
// state.Records.MeetingRecords).
func (h *Handlers) prepWith(ctx context.Context, u *state.Unit, m orglife.Meeting, extra state.Parts) (orglife.Prep, state.MeetingRecords, error) {
	recs, err := h.records.MeetingRecords(ctx, u, m.BranchID, m.ID, state.PartsPrep|extra)
	if err != nil {
		return orglife.Prep{}, state.MeetingRecords{}, err
	}
	r := recs.StepRecords
	r.Coverage = h.opts.Coverage
	return orglife.JudgePrep(m, r), recs, nil
}
