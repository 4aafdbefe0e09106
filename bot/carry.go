package bot

import (
	"fmt"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
)

// Carrying the previous meeting forward: once /newmeeting has set up a meeting, the
// secretary sees what the meeting before it left open — its branch problems and the
// rectification items not yet closed — and chooses whether their follow-ups go on
// (继续跟进) or stop (不再提醒: no more 回头看 or deadline reminders, the items stay open in
// that meeting's ledger). The report's 整改落实 opens with the same account.

// The verbs of the carry buttons.
const (
	carryChase = "k" // 继续跟进
	carryQuiet = "q" // 不再提醒
)

// carryShown is how many open items the message lists one by one.
const carryShown = 10

func (h *Handlers) carryButtons() map[buttonKind]buttonHandler {
	return map[buttonKind]buttonHandler{kindCarry: h.onCarry}
}

// offerCarry shows the secretary the open items of the meeting before m, if any, and asks
// whether to keep chasing them.
func (h *Handlers) offerCarry(t *turn, m orglife.Meeting) error {
	c, ok, err := h.carryOver(t.ctx, m.BranchID, m.ID)
	if err != nil || !ok || len(c.Open) == 0 {
		return err
	}
	members, err := h.records.Members(t.ctx, m.BranchID)
	if err != nil {
		return err
	}
	lang := t.lang
	var b strings.Builder
	fmt.Fprintf(&b, msgCarryHead.In(lang), quote(c.Meeting.Title), c.BranchProblems, len(c.Items), c.Closed, len(c.Open))
	for i, it := range c.Open {
		if i == carryShown {
			fmt.Fprintf(&b, "\n"+msgCarryMore.In(lang), len(c.Open)-carryShown)
			break
		}
		what := it.Measure
		if strings.TrimSpace(what) == "" {
			what = it.Problem
		}
		deadline := msgCarryNoDeadline.In(lang)
		if !it.Deadline.IsZero() {
			deadline = it.Deadline.In(lang)
		}
		fmt.Fprintf(&b, "\n"+msgCarryItem.In(lang), it.Number, quote(clip(strings.Join(strings.Fields(what), " "), 60)),
			it.Status.Name(lang), quote(ownerLabel(members, it.Owner, lang)), deadline)
	}
	b.WriteString("\n\n" + msgCarryAsk.In(lang))
	var kb keyboard
	data := func(verb string) buttonData {
		return buttonData{Kind: kindCarry, Branch: m.BranchID, Meeting: m.ID, Record: c.Meeting.ID, Action: verb}
	}
	markup, err := kb.markup(tgbotapi.NewInlineKeyboardRow(
		kb.button(btnCarryChase.In(lang), data(carryChase)), kb.button(btnCarryQuiet.In(lang), data(carryQuiet))))
	if err != nil {
		return fmt.Errorf("carry buttons of meeting %s: %w", m.ID, err)
	}
	msg := tgbotapi.NewMessage(t.chatID, b.String())
	msg.ReplyMarkup = markup
	_, err = h.out.Send(t.ctx, htmlMessage(msg))
	return err
}

// onCarry records the secretary's choice on the earlier meeting's open items and plans
// their follow-ups accordingly. Only the secretary, only while the meeting that asked is
// the current one and the earlier one is still the one before it.
func (h *Handlers) onCarry(t *turn, d buttonData) error {
	on, err := h.pressedOn(t, d)
	if err != nil {
		return err
	}
	if !on.bySecretary(t.userID) || !on.meetingFound || on.branch.CurrentMeeting != d.Meeting {
		return h.stale(t.ctx, t.query, t.lang)
	}
	c, ok, err := h.carryOver(t.ctx, d.Branch, d.Meeting)
	if err != nil {
		return err
	}
	if !ok || c.Meeting.ID != d.Record {
		return h.stale(t.ctx, t.query, t.lang)
	}
	chase := d.Action == carryChase
	for _, it := range c.Open {
		if it.Quiet == !chase {
			continue
		}
		saved, err := h.records.UpdateRectItem(t.ctx, d.Branch, it.MeetingID, it.ID, func(x *orglife.RectItem) error {
			x.Quiet = !chase
			return nil
		})
		if err != nil {
			return fmt.Errorf("carry item %s: %w", it.ID, err)
		}
		if err := h.replanItem(t.ctx, saved); err != nil {
			return err
		}
	}
	m := on.meeting
	m.Carry = &orglife.CarryChoice{From: c.Meeting.ID, Chase: chase, At: h.opts.Clock.Now()}
	if err := h.records.SaveMeeting(t.ctx, m); err != nil {
		return err
	}
	done := msgCarryChased
	if !chase {
		done = msgCarryQuieted
	}
	return h.editQuery(t, fmt.Sprintf(done.In(t.lang), len(c.Open), quote(c.Meeting.Title)), nil)
}
