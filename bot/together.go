package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
)

// One message a person: the scheduler hands over everything a person is due to hear at one
// time (open steps, rectification items) and they get it as one message, overdue first, with
// a button for each thing to do (RemindAll implements scheduler.BundleSender).

// reminderPart is one reminder as a paragraph of a person's message and the buttons that act on it.
type reminderPart struct {
	text    string
	buttons []goButton
	due     orglife.Date // its deadline or day: parts are told the soonest first
}

// goButton is a button that opens a command: its label and the command.
type goButton struct{ label, cmd string }

// RemindAll sends one person several reminders as one message.
func (h *Handlers) RemindAll(ctx context.Context, user int64, rs []orglife.Reminder) error {
	lang, err := h.language(ctx, nil, user)
	if err != nil {
		return err
	}
	var parts []reminderPart
	for _, r := range rs {
		var p reminderPart
		if r.ItemID != "" {
			p, err = h.rectPart(ctx, r, lang)
		} else {
			var m orglife.Meeting
			if m, err = h.records.Meeting(ctx, r.BranchID, r.MeetingID); err == nil && r.Kind == orglife.RemindMeetingDay {
				p, err = h.meetingDayPart(ctx, m, lang)
			} else if err == nil {
				p, err = h.stepPart(ctx, m, r, user, lang, len(rs) > 1)
			}
		}
		if err != nil {
			return fmt.Errorf("reminder %s to %d: %w", r.Key, user, err)
		}
		parts = append(parts, p)
	}
	return h.sendParts(ctx, user, lang, parts)
}

// stepPart is a step's reminder and the button that opens the step.
func (h *Handlers) stepPart(ctx context.Context, m orglife.Meeting, r orglife.Reminder, user int64, lang orglife.Lang, bare bool) (reminderPart, error) {
	text, err := h.reminderText(ctx, m, r, lang, bare)
	if err != nil {
		return reminderPart{}, err
	}
	label := btnFillNow.In(lang)
	if bare {
		label = r.Step.Name(lang)
	}
	p := reminderPart{text: text, buttons: []goButton{{label, stepCommand[r.Step]}}}
	if r.Step == orglife.StepTalks {
		// What of the talks is the person's to do: whom to talk with, which records to
		// record again, which to answer (and the button for each kind).
		prep, members, err := h.prep(ctx, m)
		if err != nil {
			return reminderPart{}, err
		}
		st := prep.Status(orglife.StepTalks, user)
		answer := btnAnswerTalks.In(lang)
		if bare {
			answer = btnAnswerTalksBare.In(lang)
		}
		p.text += talkDetails(st, members, lang, "\n")
		p.buttons = talkButtons(st, label, answer)
	}
	if step, ok := m.Step(r.Step); ok {
		p.due = step.Deadline
	}
	return p, nil
}

// sendParts sends the parts as one message: a single part as it is, several under one
// heading, the soonest deadline first (so the overdue ones lead), each numbered, with one
// button per thing to do.
func (h *Handlers) sendParts(ctx context.Context, user int64, lang orglife.Lang, parts []reminderPart) error {
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
	var kb keyboard
	var rows [][]tgbotapi.InlineKeyboardButton
	seen := map[string]bool{}
	for _, p := range parts {
		for _, b := range p.buttons {
			if b.cmd == "" || seen[b.cmd] {
				continue
			}
			seen[b.cmd] = true
			rows = append(rows, tgbotapi.NewInlineKeyboardRow(kb.button(b.label, goData(b.cmd))))
		}
	}
	if len(rows) > 0 {
		markup, err := kb.markup(rows...)
		if err != nil {
			return fmt.Errorf("reminder buttons: %w", err)
		}
		msg.ReplyMarkup = markup
	}
	_, err := h.out.Send(ctx, htmlMessage(msg))
	return err
}
