package bot

import (
	"errors"
	"fmt"
	"strconv"

	"orglife"
)

// --- 确认销号 / 退回 ---

// rectReportedItem loads an item waiting for confirmation, for the branch's secretary; ok is
// false when the presser is not the secretary now, or the item is gone or not waiting.
func (h *Handlers) rectReportedItem(t *turn, branchID, meetingID, itemID string) (orglife.RectItem, bool, error) {
	var it orglife.RectItem
	on, err := h.pressedOn(t, buttonData{Kind: kindRect, Branch: branchID})
	if err != nil || !on.bySecretary(t.userID) {
		return it, false, err
	}
	it, err = h.records.RectItem(t.ctx, branchID, meetingID, itemID)
	if errors.Is(err, orglife.ErrNotFound) {
		return it, false, nil
	}
	if err != nil {
		return it, false, err
	}
	return it, it.Status == orglife.RectReported, nil
}

func (h *Handlers) onRectButton(t *turn, d buttonData) error {
	switch d.Action {
	case rectEdit:
		return h.onRectEditButton(t, d)
	case rectReportOn:
		return h.onRectReportButton(t, d)
	}
	branchID, meetingID, itemID := d.Branch, d.Meeting, d.Record
	it, ok, err := h.rectReportedItem(t, branchID, meetingID, itemID)
	if err != nil {
		return err
	}
	if !ok {
		return h.stale(t.ctx, t.query, t.lang)
	}
	members, err := h.records.Members(t.ctx, branchID)
	if err != nil {
		return err
	}
	owner := ownerLabel(members, it.Owner, t.lang)
	if d.Action == rectReopen {
		if err := h.answer(t.ctx, t.query.ID, ""); err != nil {
			return err
		}
		msgID := t.query.Message.MessageID
		t.query = nil // the comment is asked in a new message; the report keeps its buttons
		return h.startFlow(t, h.flows[flowRectReopen], branchID,
			rectReopenAnswers{MeetingID: meetingID, ItemID: itemID, Owner: owner, Msg: msgID}.preset())
	}
	now := h.opts.Clock.Now()
	today := h.today(t)
	it, err = h.records.UpdateRectItem(t.ctx, branchID, meetingID, itemID, func(cur *orglife.RectItem) error {
		return cur.Confirm(now, t.userID, today) // confirmed, sent back or reported on meanwhile: ErrChanged
	})
	if errors.Is(err, orglife.ErrChanged) {
		return h.stale(t.ctx, t.query, t.lang)
	}
	if err != nil {
		return err
	}
	if err := h.replanItem(t.ctx, it); err != nil {
		return err
	}
	if it.Owner != t.userID {
		h.tell(t, it.Owner, func(lang orglife.Lang) string {
			return fmt.Sprintf(msgRcClosedTold.In(lang), it.Number, quote(clip(it.Measure, rectTextClip)))
		})
	}
	return h.editQuery(t, fmt.Sprintf(msgRcClosed.In(t.lang), it.Number, today.In(t.lang))+"\n"+rectCard(t.lang, it, owner), nil)
}

// rectReopenAnswers are the answers of a 退回: the item sent back, its owner's name and the
// report whose button was pressed (preset by the button), then the comment.
type rectReopenAnswers struct {
	MeetingID string `answer:"_meeting"`
	ItemID    string `answer:"item"`
	Owner     string `answer:"owner"`
	Msg       int    `answer:"msg"`
	Comment   string `answer:"comment"`
}

// preset is the answers a 退回 starts its flow with.
func (r rectReopenAnswers) preset() answers {
	return answers{keyMeeting: r.MeetingID, "item": r.ItemID, "owner": r.Owner, "msg": strconv.Itoa(r.Msg)}
}

func rectReopenAnswersOf(a answers) rectReopenAnswers { return answersAs[rectReopenAnswers](a) }

// keyComment is the answer of the comment questions (退回, 有出入).
const keyComment = "comment"

func (h *Handlers) askRectComment(t *turn, a answers) string {
	r := rectReopenAnswersOf(a)
	it, err := h.records.RectItem(t.ctx, t.sess.Branch, r.MeetingID, r.ItemID)
	if err != nil {
		h.log.Warn("item to send back", "item", r.ItemID, "error", err)
	}
	return fmt.Sprintf(msgRcAskComment.In(t.lang), it.Number, quote(clip(it.Measure, rectTextClip)), quote(r.Owner))
}

// saveRectReopen sends the item back to its owner with the secretary's comment.
func (h *Handlers) saveRectReopen(t *turn, a answers) error {
	r := rectReopenAnswersOf(a)
	it, ok, err := h.rectReportedItem(t, t.sess.Branch, r.MeetingID, r.ItemID)
	if err != nil {
		return err
	}
	if !ok {
		return h.conclude(t, fmt.Sprintf(msgRcHandled.In(t.lang), it.Status.Name(t.lang)))
	}
	at := h.opts.Clock.Now()
	before := it
	it, err = h.records.UpdateRectItem(t.ctx, it.BranchID, it.MeetingID, it.ID, func(cur *orglife.RectItem) error {
		return cur.Reopen(at, t.userID, r.Comment)
	})
	if errors.Is(err, orglife.ErrChanged) {
		latest, lerr := h.records.RectItem(t.ctx, before.BranchID, before.MeetingID, before.ID)
		if lerr != nil {
			latest = before
		}
		return h.conclude(t, fmt.Sprintf(msgRcHandled.In(t.lang), latest.Status.Name(t.lang)))
	}
	if err != nil {
		return err
	}
	if err := h.replanItem(t.ctx, it); err != nil {
		return err
	}
	if it.Owner != t.userID {
		h.tell(t, it.Owner, func(lang orglife.Lang) string {
			return fmt.Sprintf(msgRcReopenedTold.In(lang), it.Number, quote(clip(it.Measure, rectTextClip)), quote(r.Comment))
		})
	}
	// The report whose 退回 was pressed loses its buttons: the item is answered.
	if r.Msg != 0 {
		if err := h.closePrompt(t.ctx, t.chatID, r.Msg, fmt.Sprintf(msgRcReopenedNote.In(t.lang), it.Number)); err != nil {
			h.log.Debug("report not closed", "chat", t.chatID, "message", r.Msg, "error", err)
		}
	}
	return h.conclude(t, fmt.Sprintf(msgRcReopened.In(t.lang), it.Number, quote(r.Owner), quote(r.Comment)))
}
