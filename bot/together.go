package bot

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
)

// One message a person: the scheduler hands over everything a person is due to hear at one
// time (open steps, rectification items, the meeting day, a changed deadline, the ballot) and they get it
// as one message, overdue first, each thing once, with a button for each thing to do and
// 「明天提醒我」 beside it while tomorrow is not past its deadline (RemindAll implements
// scheduler.BundleSender).

// reminderPart is one reminder as a paragraph of a person's message and what it lets them do.
type reminderPart struct {
	text string
	due  orglife.Date // its deadline or day: parts are told the soonest first
	// about names the things the part is about ("step:points", "item:<id>", "meeting"): a
	// message tells each thing once, in the part of the highest weight (a changed deadline
	// over the step's reminder, an item's deadline over its review).
	about  []string
	weight int
	acts   []partAct
}

// partAct is a button of a part: the command it opens, and the reminder 「明天提醒我」 asks for
// again (nil: the part cannot be put off, such as an overdue step or the meeting day).
type partAct struct {
	label, cmd string
	name       string // its label in a message of several parts, where 现在填写 would not say which
	// on, when set, is the button's data in place of the command's: it acts on one record
	// (an item's 汇报进展 opens /progress about that item).
	on       *buttonData
	snooze   *orglife.Reminder
	deadline orglife.Date
	// branch and meeting are what the command is about: the meeting whose step it is, or the
	// rectification item's meeting.
	branch, meeting string
}

// RemindAll sends one person several reminders as one message.
func (h *Handlers) RemindAll(ctx context.Context, user int64, rs []orglife.Reminder) error {
	lang, err := h.language(ctx, nil, user)
	if err != nil {
		return err
	}
	rs = oneReminderAStep(rs)
	var parts []reminderPart
	for _, r := range rs {
		ps, err := h.partsOf(ctx, r, user, lang, len(rs) > 1)
		if err != nil {
			return fmt.Errorf("reminder %s to %d: %w", r.Key, user, err)
		}
		parts = append(parts, ps...)
	}
	return h.sendParts(ctx, user, lang, onceEach(parts))
}

// partsOf is one reminder as parts of a person's message (several for a notice of several
// moved steps, none when it has nothing left to tell them).
func (h *Handlers) partsOf(ctx context.Context, r orglife.Reminder, user int64, lang orglife.Lang, bare bool) ([]reminderPart, error) {
	if r.ItemID != "" {
		p, err := h.rectPart(ctx, r, user, lang)
		return []reminderPart{p}, err
	}
	m, err := h.records.Meeting(ctx, r.BranchID, r.MeetingID)
	if err != nil {
		return nil, err
	}
	switch r.Kind {
	case orglife.RemindMeetingDay:
		p, err := h.meetingDayPart(ctx, m, lang)
		return []reminderPart{p}, err
	case orglife.RemindDeadlineMoved:
		return h.movedParts(ctx, m, r, user, lang)
	case orglife.RemindBallot:
		p, err := h.ballotPart(ctx, m, lang, bare)
		return []reminderPart{p}, err
	}
	p, err := h.stepPart(ctx, m, r, user, lang, bare)
	return []reminderPart{p}, err
}

// The weights of parts about the same thing.
const (
	weightDeadline = 1 // an item's deadline is near
	weightMoved    = 2 // a deadline changed: the notice tells the new date and what to do
)

// oneReminderAStep keeps the first reminder of each step: a step's reminder says the same
// whichever of its reminders it is (a snoozed one and the day's own), so a second one would
// only make a message of one thing look like several.
func oneReminderAStep(rs []orglife.Reminder) []orglife.Reminder {
	seen := map[orglife.StepKind]bool{}
	return slices.DeleteFunc(slices.Clone(rs), func(r orglife.Reminder) bool {
		if r.Kind != orglife.RemindStep {
			return false
		}
		dup := seen[r.Step]
		seen[r.Step] = true
		return dup
	})
}

// onceEach keeps one part for each thing, in order: of several, the first of the highest weight.
func onceEach(parts []reminderPart) []reminderPart {
	var out []reminderPart
	for _, p := range parts {
		i := slices.IndexFunc(out, func(q reminderPart) bool {
			return slices.ContainsFunc(p.about, func(a string) bool { return slices.Contains(q.about, a) })
		})
		switch {
		case i < 0:
			out = append(out, p)
		case p.weight > out[i].weight:
			out[i] = p
		}
	}
	return out
}

// stepPart is a step's reminder and the button that opens the step.
func (h *Handlers) stepPart(ctx context.Context, m orglife.Meeting, r orglife.Reminder, user int64, lang orglife.Lang, bare bool) (reminderPart, error) {
	text, err := h.reminderText(ctx, m, r, lang, bare)
	if err != nil {
		return reminderPart{}, err
	}
	step, _ := m.Step(r.Step)
	base := orglife.Reminder{Kind: orglife.RemindStep, BranchID: m.BranchID, MeetingID: m.ID, Step: r.Step}
	act := partAct{cmd: stepCommand[r.Step], label: btnFillNow.In(lang), name: r.Step.Name(lang), branch: m.BranchID, meeting: m.ID,
		snooze: &base, deadline: step.Deadline}
	p := reminderPart{text: text, due: step.Deadline, about: []string{"step:" + string(r.Step)}, acts: []partAct{act}}
	if r.Step != orglife.StepTalks {
		return p, nil
	}
	// What of the talks is the person's to do: whom to talk with, which records to correct,
	// which to answer (and the button for each kind).
	prep, members, err := h.prep(ctx, m)
	if err != nil {
		return reminderPart{}, err
	}
	st := prep.Status(orglife.StepTalks, user)
	p.text += talkDetails(st, members, lang, "\n")
	p.acts = nil
	for _, b := range talkButtons(st, btnFillNow.In(lang), btnAnswerTalks.In(lang), btnFixTalks.In(lang)) {
		a := act
		a.label, a.cmd = b.label, b.cmd
		if b.cmd == cmdMyTalks { // answering or correcting records is not put off: the other waits on it
			a.name, a.snooze = btnAnswerTalksBare.In(lang), nil
			if b.label == btnFixTalks.In(lang) {
				a.name = btnFixTalksBare.In(lang)
			}
		}
		p.acts = append(p.acts, a)
	}
	return p, nil
}

// goButton is a button that opens a command: its label and the command.
type goButton struct{ label, cmd string }

// sendParts sends the parts as one message: a single part as it is, several under one
// heading, the soonest deadline first (so the overdue ones lead), each numbered, with a row of
// buttons for each: what to do, and 「明天提醒我」 where it may be put off.
func (h *Handlers) sendParts(ctx context.Context, user int64, lang orglife.Lang, parts []reminderPart) error {
	if len(parts) == 0 {
		return nil
	}
	text := parts[0].text
	if len(parts) > 1 {
		parts = slices.Clone(parts)
		slices.SortStableFunc(parts, func(a, b reminderPart) int {
			switch {
			case a.due.Before(b.due):
				return -1
			case b.due.Before(a.due):
				return 1
			}
			return 0
		})
		lines := []string{fmt.Sprintf(msgTogetherHeader.In(lang), len(parts))}
		for i, p := range parts {
			lines = append(lines, "", fmt.Sprintf("%d. %s", i+1, p.text))
		}
		text = strings.Join(lines, "\n")
	}
	msg := tgbotapi.NewMessage(user, text)
	rows, err := h.partRows(ctx, lang, parts)
	if err != nil {
		return err
	}
	if len(rows) > 0 {
		var kb keyboard
		markup, err := kb.markup(rows...)
		if err != nil {
			return fmt.Errorf("reminder buttons: %w", err)
		}
		msg.ReplyMarkup = markup
	}
	_, err = h.out.Send(ctx, htmlMessage(msg))
	return err
}

// partRows are the buttons of a message's parts, a row for each thing to do: its command
// (numbered when the message has several parts, so that each row says which it is about),
// and 「明天提醒我」 while tomorrow's reminder would still come by its deadline's day.
func (h *Handlers) partRows(ctx context.Context, lang orglife.Lang, parts []reminderPart) ([][]tgbotapi.InlineKeyboardButton, error) {
	var kb keyboard
	var rows [][]tgbotapi.InlineKeyboardButton
	seen := map[string]bool{}
	branches := map[string]orglife.Branch{} // read once a message, not once a button
	for i, p := range parts {
		for _, a := range p.acts {
			var row []tgbotapi.InlineKeyboardButton
			label := a.label
			if len(parts) > 1 {
				label = fmt.Sprintf("%d. %s", i+1, cmp.Or(a.name, a.label))
			}
			if a.cmd != "" && (len(parts) > 1 || !seen[a.cmd]) {
				seen[a.cmd] = true
				data := goData(a.cmd, a.branch, a.meeting)
				if a.on != nil {
					data = *a.on
				}
				row = append(row, kb.button(label, data))
			}
			if ok, err := h.snoozable(ctx, a, branches); err != nil {
				return nil, err
			} else if ok {
				row = append(row, kb.button(btnSnooze.In(lang), snoozeData(*a.snooze)))
			}
			if len(row) > 0 {
				rows = append(rows, row)
			}
		}
	}
	return rows, nil
}

// snoozable reports whether an act may be put off to tomorrow: it names something to put off,
// and tomorrow's reminder would come by its deadline's day (in the branch's zone and window,
// the branch read into branches once).
func (h *Handlers) snoozable(ctx context.Context, a partAct, branches map[string]orglife.Branch) (bool, error) {
	if a.snooze == nil {
		return false, nil
	}
	b, ok := branches[a.snooze.BranchID]
	if !ok {
		var err error
		if b, err = h.records.Branch(ctx, a.snooze.BranchID); err != nil {
			return false, err
		}
		branches[a.snooze.BranchID] = b
	}
	loc := h.zoneOf(b)
	_, ok = orglife.SnoozeAt(orglife.DateOf(h.opts.Clock.Now(), loc), a.deadline, loc, h.rulesOf(b))
	return ok, nil
}
