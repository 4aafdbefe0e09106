package bot

import (
	"errors"
	"fmt"
	"slices"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
)

// 「明天提醒我」 on a reminder: the item (a step or the presser's rectification item) comes back
// to that person alone at the reminder time of the next working day, in that day's one
// message. The press is judged afresh: the item must still be theirs to do, and tomorrow not
// past its deadline's day.

// The verbs of a snooze button: what its record is.
const (
	snoozeStep = "s" // a step of the meeting
	snoozeItem = "i" // a rectification item
)

// snoozeData is the data of 「明天提醒我」 on base's item.
func snoozeData(base orglife.Reminder) buttonData {
	d := buttonData{Kind: kindSnooze, Branch: base.BranchID, Meeting: base.MeetingID, Record: string(base.Step), Action: snoozeStep}
	if base.ItemID != "" {
		d.Record, d.Action = base.ItemID, snoozeItem
	}
	return d
}

func (h *Handlers) snoozeButtons() map[buttonKind]buttonHandler {
	return map[buttonKind]buttonHandler{kindSnooze: h.onSnoozeButton}
}

// onSnoozeButton plans the item again for the presser tomorrow and takes the button away.
func (h *Handlers) onSnoozeButton(t *turn, d buttonData) error {
	on, err := h.pressedOn(t, d)
	if err != nil {
		return err
	}
	if !on.isMember || !on.meetingFound {
		return h.stale(t.ctx, t.query, t.lang)
	}
	base, deadline, owed, found, err := h.snoozed(t, on, d)
	if err != nil {
		return err
	}
	if !found {
		return h.stale(t.ctx, t.query, t.lang)
	}
	if !owed {
		h.dropButton(t, d)
		return h.answer(t.ctx, t.query.ID, msgSnoozeDone.In(t.lang))
	}
	loc := h.zoneOf(on.branch)
	again, ok := orglife.Snooze(base, t.userID, deadline, h.opts.Clock.Now(), loc, h.rulesOf(on.branch))
	if !ok {
		h.dropButton(t, d)
		return h.answer(t.ctx, t.query.ID, msgSnoozeTooLate.In(t.lang))
	}
	if err := h.reminders.Add(t.ctx, again); err != nil {
		return fmt.Errorf("remind %d again tomorrow of %s: %w", t.userID, d.Record, err)
	}
	h.dropButton(t, d)
	return h.answer(t.ctx, t.query.ID, fmt.Sprintf(msgSnoozed.In(t.lang),
		orglife.DateOf(again.Due, loc).In(t.lang), h.opts.Remind.Rules.At))
}

// snoozed is the item a snooze button names, its deadline, and whether the presser still owes
// it; found is false for an item that is gone (or a step the meeting does not have, or a
// meeting no longer current).
func (h *Handlers) snoozed(t *turn, on pressed, d buttonData) (base orglife.Reminder, deadline orglife.Date, owed, found bool, err error) {
	m := on.meeting
	if d.Action == snoozeItem {
		it, err := h.records.RectItem(t.ctx, m.BranchID, m.ID, d.Record)
		if errors.Is(err, orglife.ErrNotFound) {
			return base, deadline, false, false, nil
		}
		if err != nil {
			return base, deadline, false, false, err
		}
		base = orglife.Reminder{Kind: orglife.RemindRectReview, BranchID: m.BranchID, MeetingID: m.ID, ItemID: it.ID}
		return base, it.Deadline, it.Owner == t.userID && it.Open() && it.Status != orglife.RectReported, true, nil
	}
	step, ok := m.Step(orglife.StepKind(d.Record))
	if !ok || on.branch.CurrentMeeting != m.ID {
		return base, deadline, false, false, nil
	}
	behind, err := h.behind(t.ctx, m, step.Kind)
	if err != nil {
		return base, deadline, false, false, err
	}
	base = orglife.Reminder{Kind: orglife.RemindStep, BranchID: m.BranchID, MeetingID: m.ID, Step: step.Kind}
	return base, step.Deadline, slices.Contains(behind, t.userID), true, nil
}

// dropButton takes the pressed 「明天提醒我」 off its message, leaving the others; best effort.
func (h *Handlers) dropButton(t *turn, d buttonData) {
	msg := t.query.Message
	if msg == nil || msg.ReplyMarkup == nil {
		return
	}
	pressed, err := d.encode()
	if err != nil {
		return
	}
	var rows [][]tgbotapi.InlineKeyboardButton
	for _, row := range msg.ReplyMarkup.InlineKeyboard {
		row = slices.DeleteFunc(slices.Clone(row), func(b tgbotapi.InlineKeyboardButton) bool {
			return b.CallbackData != nil && *b.CallbackData == pressed
		})
		if len(row) > 0 {
			rows = append(rows, row)
		}
	}
	markup := tgbotapi.InlineKeyboardMarkup{InlineKeyboard: rows}
	if rows == nil {
		markup = noButtons()
	}
	if _, err := h.out.Send(t.ctx, tgbotapi.NewEditMessageReplyMarkup(t.chatID, msg.MessageID, markup)); err != nil {
		h.log.Debug("drop snooze button", "chat", t.chatID, "error", err)
	}
}
