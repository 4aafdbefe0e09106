package bot

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
)

// talkData is the data of a confirmation button. The handler trusts none of it: the talk
// must exist, be the presser's to confirm and wait.
func talkData(branchID string, tk orglife.Talk, action string) buttonData {
	return buttonData{Kind: kindTalk, Branch: branchID, Meeting: tk.MeetingID, Record: tk.ID, Action: action}
}

// sendTalkNotice asks the other member to confirm a talk record, in their language: the
// record, then 确认 / 有出入 (on the same message when it fits).
func (h *Handlers) sendTalkNotice(t *turn, branchID string, tk orglife.Talk, recorder string) error {
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
	pages := talkNoticePages(lang, tk, recorder, msgTalkNoticeAsk.In(lang))
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
func talkNoticePages(lang orglife.Lang, tk orglife.Talk, recorder, footer string) []string {
	blocks := append([]string{fmt.Sprintf(msgTalkNoticeHead.In(lang), quote(recorder))}, talkCard(lang, tk, recorder, false)...)
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
	tk, members, ok, err := h.pendingTalkOf(t, branchID, meetingID, talkID)
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
			Talk: talkID, Recorder: recorder, Msg: t.query.Message.MessageID, From: action}.preset())
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
	pages := talkNoticePages(t.lang, tk, recorder, msgTalkYouAgreed.In(t.lang))
	return h.editQuery(t, pages[len(pages)-1], nil)
}

// pendingTalkOf loads a talk that waits for the user's confirmation; ok is false when there
// is no such talk, it is not the user's to confirm, or it has been answered.
func (h *Handlers) pendingTalkOf(t *turn, branchID, meetingID, talkID string) (orglife.Talk, []orglife.Member, bool, error) {
	tk, err := h.records.Talk(t.ctx, branchID, meetingID, talkID)
	if errors.Is(err, orglife.ErrNotFound) {
		return tk, nil, false, nil
	}
	if err != nil {
		return tk, nil, false, err
	}
	if tk.With == 0 || tk.With != t.userID || tk.Status != orglife.ConfirmPending {
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
	Recorder string `answer:"recorder"`
	Msg      int    `answer:"msg"`
	From     string `answer:"from"` // talkDispute on the notice, talkListDispute on /mytalks
	Comment  string `answer:"comment"`
}

// preset is the answers 有出入 starts its flow with.
func (d talkDisputeAnswers) preset() answers {
	return answers{"branch": d.Branch, "meeting": d.Meeting, "talk": d.Talk, "recorder": d.Recorder,
		"msg": strconv.Itoa(d.Msg), "from": d.From}
}

func talkDisputeAnswersOf(a answers) talkDisputeAnswers { return answersAs[talkDisputeAnswers](a) }

// saveTalkDispute records the comment of a member who says a talk record is not right.
func (h *Handlers) saveTalkDispute(t *turn, a answers) error {
	d := talkDisputeAnswersOf(a)
	tk, members, ok, err := h.pendingTalkOf(t, d.Branch, d.Meeting, d.Talk)
	if err != nil {
		return err
	}
	if !ok {
		return h.conclude(t, fmt.Sprintf(msgTalkHandled.In(t.lang), talkStatusName(t.lang, tk)))
	}
	tk.Status, tk.Comment, tk.AnsweredAt = orglife.ConfirmDisputed, d.Comment, h.opts.Clock.Now()
	if err := h.records.SaveTalk(t.ctx, d.Branch, tk); err != nil {
		return err
	}
	me := orglife.MemberName(members, t.userID, t.lang)
	h.tell(t, tk.RecordedBy, func(lang orglife.Lang) string {
		return fmt.Sprintf(msgTalkToldDisputed.In(lang), quote(me), tk.Date.In(lang), quote(tk.Comment))
	})
	// The message whose 有出入 was pressed loses its buttons: the record is answered.
	if d.Msg != 0 {
		if d.From == talkDispute {
			pages := talkNoticePages(t.lang, tk, d.Recorder, msgTalkYouDisputedN.In(t.lang))
			if err := h.closePrompt(t.ctx, t.chatID, d.Msg, pages[len(pages)-1]); err != nil {
				h.log.Debug("talk notice not closed", "chat", t.chatID, "message", d.Msg, "error", err)
			}
		} else {
			h.removeButtons(t.ctx, t.chatID, d.Msg)
		}
	}
	return h.conclude(t, fmt.Sprintf(msgTalkYouDisputed.In(t.lang), quote(d.Recorder), quote(tk.Comment)))
}
