package bot

import (
	"errors"
	"fmt"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
	"orglife/transport"
)

// --- /progress ---

func (h *Handlers) rectProgress(t *turn) error {
	m, ok, err := h.currentMeeting(t)
	if err != nil || !ok {
		return err
	}
	mine, err := h.rectOpenItemsOf(t, m.BranchID, m.ID, t.userID)
	if err != nil {
		return err
	}
	if len(mine) == 0 {
		return h.say(t.ctx, t.chatID, msgRcNoItems.In(t.lang))
	}
	var preset answers
	if len(mine) == 1 { // nothing to choose: the report is about the one item
		preset = answers{"item": mine[0].ID}
	}
	return h.startFlow(t, h.flows[flowRectReport], t.branch.ID, preset)
}

// onRectReportButton opens /progress about the item whose 汇报进展 was pressed (a reminder
// of it, the notice that made it the user's), without asking which; the item's own meeting
// is the flow's, current or not. Only its owner may, while it is open.
func (h *Handlers) onRectReportButton(t *turn, d buttonData) error {
	on, err := h.pressedOn(t, buttonData{Kind: kindRect, Branch: d.Branch})
	if err != nil {
		return err
	}
	if !on.isMember {
		return h.stale(t.ctx, t.query, t.lang)
	}
	it, err := h.records.RectItem(t.ctx, d.Branch, d.Meeting, d.Record)
	if errors.Is(err, orglife.ErrNotFound) || (err == nil && it.Owner != t.userID) {
		return h.stale(t.ctx, t.query, t.lang) // not theirs (any more)
	}
	if err != nil {
		return err
	}
	if !it.Open() {
		h.removeButtons(t.ctx, t.chatID, t.query.Message.MessageID)
		return h.answer(t.ctx, t.query.ID, msgRcNotYours.In(t.lang))
	}
	if err := h.answer(t.ctx, t.query.ID, ""); err != nil {
		return err
	}
	t.branch, t.member = &on.branch, &on.me
	t.query = nil // the report's prompt is a new message, not an edit of the reminder
	return h.startFlow(t, h.flows[flowRectReport], d.Branch, answers{"item": it.ID, keyMeeting: it.MeetingID})
}

// rectOpenItemsOf are the items of a meeting the user is responsible for and that are
// not closed.
func (h *Handlers) rectOpenItemsOf(t *turn, branchID, meetingID string, user int64) ([]orglife.RectItem, error) {
	all, err := h.records.RectItems(t.ctx, branchID, meetingID)
	if err != nil {
		return nil, err
	}
	var mine []orglife.RectItem
	for _, it := range all {
		if it.Owner == user && it.Open() {
			mine = append(mine, it)
		}
	}
	return mine, nil
}

func (h *Handlers) rectMyItemOptions(t *turn, a answers) ([]option, error) {
	mine, err := h.rectOpenItemsOf(t, t.sess.Branch, answersAs[rectReportAnswers](a).Meeting, t.userID)
	if err != nil {
		return nil, err
	}
	var opts []option
	for _, it := range mine {
		opts = append(opts, option{label: fmt.Sprintf(msgRcItemLabel.In(t.lang), it.Number, clip(it.Measure, rectLabelClip)), value: it.ID})
	}
	return opts, nil
}

// rectMine loads the item a report is about, if it is still the user's and open.
func (h *Handlers) rectMine(t *turn, x rectReportAnswers) (orglife.RectItem, bool, error) {
	it, err := h.records.RectItem(t.ctx, t.sess.Branch, x.Meeting, x.Item)
	if errors.Is(err, orglife.ErrNotFound) {
		return it, false, nil
	}
	if err != nil {
		return it, false, err
	}
	return it, it.Owner == t.userID && it.Open(), nil
}

func rectStatusOptions(t *turn, _ answers) ([]option, error) {
	var opts []option
	for _, s := range rectReportStatuses {
		opts = append(opts, option{label: rectReportNames[s].In(t.lang), value: string(s)})
	}
	return opts, nil
}

func (h *Handlers) askRectStatus(t *turn, a answers) string {
	x := answersAs[rectReportAnswers](a)
	it, _, err := h.rectMine(t, x)
	if err != nil {
		h.log.Warn("item to report on", "item", x.Item, "error", err)
	}
	return fmt.Sprintf(msgRcAskStatus.In(t.lang), it.Number, quote(clip(it.Measure, rectTextClip)), it.Deadline.In(t.lang), it.Status.Name(t.lang))
}

// saveRectReport appends the owner's report; a report of 已完成 goes to the secretary to
// confirm or send back.
func (h *Handlers) saveRectReport(t *turn, a answers) error {
	x := answersAs[rectReportAnswers](a)
	it, ok, err := h.rectMine(t, x)
	if err != nil {
		return err
	}
	status := x.Status
	if _, known := rectReportNames[status]; !known {
		return h.conclude(t, msgStaleButton.In(t.lang))
	}
	if !ok {
		return h.conclude(t, msgRcNotYours.In(t.lang))
	}
	// The report's time is drawn once per run and kept in the session, so that an update
	// retried after a failure makes the same report, which the item keeps once.
	if x.At.IsZero() {
		x.At = h.opts.Clock.Now().UTC()
		if err := h.remember(t, a, map[string]string{"_at": x.At.Format(time.RFC3339Nano)}); err != nil {
			return err
		}
	}
	report := orglife.RectReport{At: x.At, By: t.userID, Status: status, Note: x.Note, Evidence: x.Evidence, Kind: orglife.RectKindReport}
	it, err = h.records.UpdateRectItem(t.ctx, it.BranchID, it.MeetingID, it.ID, func(cur *orglife.RectItem) error {
		return cur.Report(report.At, report.By, report.Status, report.Note, report.Evidence)
	})
	if errors.Is(err, orglife.ErrChanged) || errors.Is(err, orglife.ErrReportStatus) {
		return h.conclude(t, msgStaleButton.In(t.lang))
	}
	if err != nil {
		return err
	}
	if err := h.replanItem(t.ctx, it); err != nil {
		return err
	}
	text := fmt.Sprintf(msgRcReported.In(t.lang), it.Number, rectReportNames[status].In(t.lang))
	if status == orglife.RectReported {
		if err := h.sendRectDone(t, it, report); err != nil {
			return err
		}
		text += msgRcReportedDone.In(t.lang)
	}
	return h.conclude(t, text)
}

// rectData is the data of a button on a completion report; the handler trusts none of it.
func rectData(it orglife.RectItem, action string) buttonData {
	return buttonData{Kind: kindRect, Branch: it.BranchID, Meeting: it.MeetingID, Record: it.ID, Action: action}
}

// sendRectDone asks the branch's secretary to confirm a reported completion: the evidence
// first when there is some, then the report with 确认销号 / 退回.
func (h *Handlers) sendRectDone(t *turn, it orglife.RectItem, r orglife.RectReport) error {
	b, err := h.records.Branch(t.ctx, it.BranchID)
	if err != nil {
		return err
	}
	members, err := h.records.Members(t.ctx, it.BranchID)
	if err != nil {
		return err
	}
	lang, err := h.language(t.ctx, t.unit, b.SecretaryID)
	if err != nil {
		return err
	}
	var kb keyboard
	markup, err := kb.markup(tgbotapi.NewInlineKeyboardRow(
		kb.button(btnRcConfirm.In(lang), rectData(it, rectConfirm)),
		kb.button(btnRcReopen.In(lang), rectData(it, rectReopen))))
	if err != nil {
		return fmt.Errorf("confirmation of item %s: %w", it.ID, err)
	}
	owner := ownerLabel(members, it.Owner, lang)
	extra := ""
	if r.Evidence != "" {
		caption := fmt.Sprintf(msgRcEvidenceCap.In(lang), it.Number, owner)
		if h.sendRectEvidence(t, b.SecretaryID, r.Evidence, caption) {
			extra = msgRcEvidenceAbove.In(lang)
		}
	}
	text := fmt.Sprintf(msgRcDoneNotice.In(lang), quote(owner), it.Number, rectCard(lang, it, owner), quote(clip(r.Note, rectTextClip)), extra)
	if it.Owner == b.SecretaryID {
		text = fmt.Sprintf(msgRcDoneNoticeOwn.In(lang), it.Number, rectCard(lang, it, owner), quote(clip(r.Note, rectTextClip)), extra)
	}
	msg := tgbotapi.NewMessage(b.SecretaryID, text)
	msg.ReplyMarkup = markup
	if _, err := h.out.Send(t.ctx, htmlMessage(msg)); err != nil {
		// The report is kept; the secretary sees it in the ledger.
		h.log.Warn("completion report not sent", "user", b.SecretaryID, "item", it.ID, "error", err)
	}
	return nil
}

// sendRectEvidence shows the secretary the evidence by its file id: as a photo, or, when
// Telegram says it is not one, as a file. It reports whether it went out.
func (h *Handlers) sendRectEvidence(t *turn, chatID int64, fileID, caption string) bool {
	photo := tgbotapi.NewPhoto(chatID, tgbotapi.FileID(fileID))
	photo.Caption = caption
	_, err := h.out.Send(t.ctx, photo)
	var sendErr *transport.SendError
	if errors.As(err, &sendErr) && sendErr.Code == 400 {
		doc := tgbotapi.NewDocument(chatID, tgbotapi.FileID(fileID))
		doc.Caption = caption
		_, err = h.out.Send(t.ctx, doc)
	}
	if err != nil {
		h.log.Warn("evidence not sent", "user", chatID, "error", err)
		return false
	}
	return true
}
