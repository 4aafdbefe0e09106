package bot

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
)

// talkData is the data of a talk's button. The handler trusts none of it: the talk must
// exist and be the presser's to answer (a 确认 / 有出入, which carries the revision it
// answers) or to change (修改 / 撤回).
func talkData(branchID string, tk orglife.Talk, action string) buttonData {
	d := buttonData{Kind: kindTalk, Branch: branchID, Meeting: tk.MeetingID, Record: tk.ID, Action: action}
	switch action {
	case talkAgree, talkDispute, talkListAgree, talkListDispute:
		d.Rev = tk.Rev
	}
	return d
}

// talkNoticeHead is the first line of the notice of a talk to its other member: recorded,
// or changed since.
func talkNoticeHead(tk orglife.Talk) Text {
	if tk.Rev > 0 {
		return msgTalkNoticeEdited
	}
	return msgTalkNoticeHead
}

// sendTalkNotice asks the other member to confirm a talk record, in their language: head
// (who recorded or changed it), the record, then 确认 / 有出入 (on the same message when it
// fits).
func (h *Handlers) sendTalkNotice(t *turn, branchID string, tk orglife.Talk, recorder string, head Text) error {
	lang, err := h.language(t.ctx, t.unit, tk.With)
	if err != nil {
		return err
	}
	var kb keyboard
	markup, err := kb.markup(tgbotapi.NewInlineKeyboardRow(
		kb.button(btnTalkAgree.In(lang), talkData(branchID, tk, talkAgree)),
		kb.button(btnTalkDispute.In(lang), talkData(branchID, tk, talkDispute))))
	if err != nil {
		return fmt.Errorf("confirmation of talk %s: %w", tk.ID, err)
	}
	pages := talkNoticePages(lang, tk, recorder, head, msgTalkNoticeAsk.In(lang))
	for i, p := range pages {
		msg := tgbotapi.NewMessage(tk.With, p)
		if i == len(pages)-1 {
			msg.ReplyMarkup = markup
		}
		if _, err := h.out.Send(t.ctx, htmlMessage(msg)); err != nil {
			h.log.Warn("talk notice not sent", "user", tk.With, "talk", tk.ID, "error", err)
			return err
		}
	}
	return nil
}

// talkNoticePages is the notice of a talk to its other member with footer under it: one
// message when the record fits, else the record's pages and the footer on its own (the
// message that carries the buttons, and is rewritten once they are pressed).
func talkNoticePages(lang orglife.Lang, tk orglife.Talk, recorder string, head Text, footer string) []string {
	blocks := append([]string{fmt.Sprintf(head.In(lang), quote(recorder))}, talkCard(lang, tk, recorder, tk.With, false)...)
	if talkBlocksLen(blocks) <= talkPageLimit-300 {
		return []string{strings.Join(append(blocks, "", footer), "\n")}
	}
	return append(packBlocks(blocks, talkPageLimit), footer)
}

// onTalkButton answers 确认 / 有出入 on a talk record. Only the member the talk is with may
// answer, and only while it waits; anything else (another member, a second press, an id
// that does not exist) is stale.
func (h *Handlers) onTalkButton(t *turn, d buttonData) error {
	branchID, meetingID, talkID, action := d.Branch, d.Meeting, d.Record, d.Action
	on, err := h.pressedOn(t, d)
	if err != nil {
		return err
	}
	if !on.isMember || !on.meetingFound {
		return h.stale(t.ctx, t.query, t.lang)
	}
	switch action {
	case talkEdit, talkWithdraw, talkWithdrawConfirm, talkWithdrawCancel:
		return h.onTalkChange(t, d, on)
	}
	tk, members, ok, err := h.pendingTalkOf(t, branchID, meetingID, talkID, d.Rev)
	if err != nil || !ok {
		if err == nil {
			err = h.stale(t.ctx, t.query, t.lang)
		}
		return err
	}
	recorder := orglife.MemberName(members, tk.RecordedBy, t.lang)
	if action == talkDispute || action == talkListDispute {
		if err := h.answer(t.ctx, t.query.ID, ""); err != nil {
			return err
		}
		return h.startFlow(t, h.flows[flowTalkDispute], branchID, talkDisputeAnswers{Branch: branchID, Meeting: meetingID,
			Talk: talkID, Rev: tk.Rev, Recorder: recorder, Msg: t.query.Message.MessageID, From: action}.preset())
	}
	tk.Status, tk.AnsweredAt = orglife.ConfirmAgreed, h.opts.Clock.Now()
	if err := h.records.SaveTalk(t.ctx, branchID, tk); err != nil {
		return err
	}
	me := orglife.MemberName(members, t.userID, t.lang)
	h.tell(t, tk.RecordedBy, func(lang orglife.Lang) string {
		return fmt.Sprintf(msgTalkToldAgreed.In(lang), quote(me), tk.Date.In(lang))
	})
	if action == talkListAgree {
		// From the /mytalks list: the list loses its buttons (it is out of date now).
		if err := h.answer(t.ctx, t.query.ID, ""); err != nil {
			return err
		}
		h.removeButtons(t.ctx, t.chatID, t.query.Message.MessageID)
		return h.say(t.ctx, t.chatID, fmt.Sprintf(msgTalkYouAgreedOn.In(t.lang), quote(recorder), tk.Date.In(t.lang)))
	}
	pages := talkNoticePages(t.lang, tk, recorder, talkNoticeHead(tk), msgTalkYouAgreed.In(t.lang))
	return h.editQuery(t, pages[len(pages)-1], nil)
}

// pendingTalkOf loads a talk that waits for the user's confirmation in revision rev; ok is
// false when there is no such talk, it is not the user's to confirm, it has been answered,
// changed since or withdrawn.
func (h *Handlers) pendingTalkOf(t *turn, branchID, meetingID, talkID string, rev int) (orglife.Talk, []orglife.Member, bool, error) {
	tk, err := h.records.Talk(t.ctx, branchID, meetingID, talkID)
	if errors.Is(err, orglife.ErrNotFound) {
		return tk, nil, false, nil
	}
	if err != nil {
		return tk, nil, false, err
	}
	if tk.With == 0 || tk.With != t.userID || tk.Status != orglife.ConfirmPending || tk.Withdrawn || tk.Rev != rev {
		return tk, nil, false, nil
	}
	members, err := h.records.Members(t.ctx, branchID)
	if err != nil {
		return tk, nil, false, err
	}
	for _, m := range members {
		if m.UserID == t.userID {
			return tk, members, true, nil
		}
	}
	return tk, nil, false, nil
}

// talkDisputeAnswers are the answers of 有出入, typed: the talk and its recorder's name, the
// message whose button was pressed and which button (preset by the button), then the
// comment.
type talkDisputeAnswers struct {
	Branch   string `answer:"branch"`
	Meeting  string `answer:"meeting"`
	Talk     string `answer:"talk"`
	Rev      int    `answer:"rev"` // the revision the comment is about
	Recorder string `answer:"recorder"`
	Msg      int    `answer:"msg"`
	From     string `answer:"from"` // talkDispute on the notice, talkListDispute on /mytalks
	Comment  string `answer:"comment"`
}

// preset is the answers 有出入 starts its flow with.
func (d talkDisputeAnswers) preset() answers {
	return answers{"branch": d.Branch, "meeting": d.Meeting, "talk": d.Talk, "rev": strconv.Itoa(d.Rev), "recorder": d.Recorder,
		"msg": strconv.Itoa(d.Msg), "from": d.From}
}

func talkDisputeAnswersOf(a answers) talkDisputeAnswers { return answersAs[talkDisputeAnswers](a) }

// saveTalkDispute records the comment of a member who says a talk record is not right.
func (h *Handlers) saveTalkDispute(t *turn, a answers) error {
	d := talkDisputeAnswersOf(a)
	tk, members, ok, err := h.pendingTalkOf(t, d.Branch, d.Meeting, d.Talk, d.Rev)
	if err != nil {
		return err
	}
	switch {
	case !ok && tk.Withdrawn:
		return h.conclude(t, msgTalkGone.In(t.lang))
	case !ok && tk.ID != "" && tk.Rev != d.Rev:
		return h.conclude(t, msgTalkChangedSince.In(t.lang))
	case !ok:
		return h.conclude(t, fmt.Sprintf(msgTalkHandled.In(t.lang), talkStatusName(t.lang, tk)))
	}
	tk.Status, tk.Comment, tk.AnsweredAt = orglife.ConfirmDisputed, d.Comment, h.opts.Clock.Now()
	if err := h.records.SaveTalk(t.ctx, d.Branch, tk); err != nil {
		return err
	}
	h.tellDisputed(t, d.Branch, tk, orglife.MemberName(members, t.userID, t.lang))
	// The message whose 有出入 was pressed loses its buttons: the record is answered.
	if d.Msg != 0 {
		if d.From == talkDispute {
			pages := talkNoticePages(t.lang, tk, d.Recorder, talkNoticeHead(tk), msgTalkYouDisputedN.In(t.lang))
			if err := h.closePrompt(t.ctx, t.chatID, d.Msg, pages[len(pages)-1]); err != nil {
				h.log.Debug("talk notice not closed", "chat", t.chatID, "message", d.Msg, "error", err)
			}
		} else {
			h.removeButtons(t.ctx, t.chatID, d.Msg)
		}
	}
	return h.conclude(t, fmt.Sprintf(msgTalkYouDisputed.In(t.lang), quote(d.Recorder), quote(tk.Comment)))
}

// tellDisputed tells the recorder that the partner (named me) said 有出入 about their record,
// with the partner's comment and what to do: while the talks may still be changed, the
// button 修改并请对方重新确认; after the deadline, that the record stays as it is.
func (h *Handlers) tellDisputed(t *turn, branchID string, tk orglife.Talk, me string) {
	text := func(lang orglife.Lang) string {
		return fmt.Sprintf(msgTalkToldDisputed.In(lang), quote(me), tk.Date.In(lang), quote(tk.Comment))
	}
	m, err := h.records.Meeting(t.ctx, branchID, tk.MeetingID)
	if err != nil {
		h.log.Warn("notice of a dispute", "talk", tk.ID, "error", err)
		return
	}
	b, err := h.records.Branch(t.ctx, branchID)
	if err != nil {
		h.log.Warn("notice of a dispute", "talk", tk.ID, "error", err)
		return
	}
	if step, ok := m.Step(orglife.StepTalks); ok && !m.TalksOpen(orglife.DateOf(h.opts.Clock.Now(), h.zoneOf(b))) {
		h.tell(t, tk.RecordedBy, func(lang orglife.Lang) string {
			return text(lang) + fmt.Sprintf(msgTalkFixClosed.In(lang), step.Deadline.In(lang))
		})
		return
	}
	fix := talkData(branchID, tk, talkEdit)
	if _, err := fix.encode(); err != nil { // ids too long for a button: /mytalks has it
		h.tell(t, tk.RecordedBy, func(lang orglife.Lang) string { return text(lang) + msgTalkFixInList.In(lang) })
		return
	}
	h.rectNotify(t, tk.RecordedBy, func(lang orglife.Lang) string { return text(lang) + msgTalkFixNow.In(lang) }, btnTalkFix, fix)
}
