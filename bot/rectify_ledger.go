package bot

import (
	"fmt"
	"slices"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
)

// --- /ledger ---

// rectLedger shows the 整改台账 of the current meeting: every item with its state, overdue
// ones marked, in as many messages as it takes.
func (h *Handlers) rectLedger(t *turn) error {
	m, ok, err := h.currentMeeting(t)
	if err != nil || !ok {
		return err
	}
	items, err := h.records.RectItems(t.ctx, m.BranchID, m.ID)
	if err != nil {
		return err
	}
	if len(items) == 0 {
		return h.say(t.ctx, t.chatID, msgRcLedgerNone.In(t.lang))
	}
	whole := t.member.Role == orglife.RoleSecretary
	if !whole {
		// The whole ledger, with the secretary's comments on each item, is the secretary's;
		// a member sees their own items.
		items = slices.DeleteFunc(items, func(it orglife.RectItem) bool { return it.Owner != t.userID })
		if len(items) == 0 {
			return h.say(t.ctx, t.chatID, msgRcLedgerNoneMine.In(t.lang))
		}
	}
	members, err := h.records.Members(t.ctx, m.BranchID)
	if err != nil {
		return err
	}
	today := h.today(t)
	closed, waiting, overdue := 0, 0, 0
	var blocks []string
	for _, it := range items {
		switch {
		case !it.Open():
			closed++
		case it.Status == orglife.RectReported:
			waiting++
		}
		if it.Overdue(today) {
			overdue++
		}
		blocks = append(blocks, "", rectLedgerItem(t.lang, it, ownerLabel(members, it.Owner, t.lang), today, h.loc(t)))
	}
	head := fmt.Sprintf(msgRcLedgerHead.In(t.lang), quote(m.Title), len(items), closed, waiting, overdue)
	pages := packBlocks(append([]string{head}, blocks...), messageLimit)
	for _, page := range pages[:len(pages)-1] {
		if err := h.say(t.ctx, t.chatID, page); err != nil {
			return err
		}
	}
	last := tgbotapi.NewMessage(t.chatID, pages[len(pages)-1])
	if whole { // the secretary's ledger comes as a file too, under its last page
		markup, err := ledgerFileButtons(t, m)
		if err != nil {
			return err
		}
		last.ReplyMarkup = markup
	}
	_, err = h.out.Send(t.ctx, htmlMessage(last))
	return err
}

// ledgerFileButtons are the buttons that send a meeting's ledger as Word or Excel (the
// report's, which only the secretary may press).
func ledgerFileButtons(t *turn, m orglife.Meeting) (tgbotapi.InlineKeyboardMarkup, error) {
	data := func(format string) buttonData {
		return buttonData{Kind: kindReport, Branch: m.BranchID, Meeting: m.ID, Action: reportLedger, Format: format}
	}
	var kb keyboard
	markup, err := kb.markup(tgbotapi.NewInlineKeyboardRow(
		kb.button(btnLedgerDOCX.In(t.lang), data(formatDOCX)),
		kb.button(btnLedgerXLSX.In(t.lang), data(formatXLSX))))
	if err != nil {
		return markup, fmt.Errorf("ledger buttons of meeting %s: %w", m.ID, err)
	}
	return markup, nil
}

// rectLedgerItem is one item of the ledger as one HTML block, user text clipped and quoted.
func rectLedgerItem(lang orglife.Lang, it orglife.RectItem, owner string, today orglife.Date, loc *time.Location) string {
	status := it.Status.Name(lang)
	if it.Overdue(today) {
		status += fmt.Sprintf(msgRcOverdue.In(lang), it.Deadline.DaysUntil(today))
	}
	text := fmt.Sprintf(msgRcLedgerItem.In(lang), it.Number, quote(clip(it.Problem, rectTextClip)),
		quote(clip(it.Measure, rectTextClip)), quote(owner), it.Deadline.In(lang), status)
	reports := 0
	var last, reopen *orglife.RectReport
	for i := range it.Progress {
		switch it.Progress[i].Kind {
		case orglife.RectKindReport:
			reports++
			last, reopen = &it.Progress[i], nil
		case orglife.RectKindReopen:
			reopen = &it.Progress[i]
		}
	}
	if last != nil {
		note := quote(clip(last.Note, rectTextClip))
		if last.Evidence != "" {
			note += msgRcWithEvidence.In(lang)
		}
		text += fmt.Sprintf(msgRcLastProgress.In(lang), orglife.DateOf(last.At, loc).In(lang), note)
	} else {
		text += msgRcNoProgress.In(lang)
	}
	if reopen != nil && it.Open() {
		text += fmt.Sprintf(msgRcLastReopen.In(lang), orglife.DateOf(reopen.At, loc).In(lang), quote(clip(reopen.Note, rectTextClip)))
	}
	if !it.ClosedOn.IsZero() && !it.Open() {
		text += fmt.Sprintf(msgRcClosedOn.In(lang), it.ClosedOn.In(lang))
	}
	return text + fmt.Sprintf(msgRcReviewCount.In(lang), reports)
}
