package bot

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
)

// The recorder's changes to a talk record, until the 谈心谈话 deadline (orglife.TalkAccessOf):
// 修改 asks which parts to change and then the other member to confirm the record again;
// 撤回 takes it back after a confirmation and tells the other member. Each change is logged
// and kept in the record's history.

// The parts of a talk record 修改 may change: the values of its first question's options.
const (
	talkFieldDate     = "date"
	talkFieldForm     = "form"
	talkFieldRaised   = "raised"
	talkFieldReceived = "received"
	talkFieldSuggest  = "suggestions"
	// talkNoteClip is how much of a changed text a summary (and the history) keeps.
	talkNoteClip = 60
)

// talkFields are the parts in the order they are asked.
var talkFields = []string{talkFieldDate, talkFieldForm, talkFieldRaised, talkFieldReceived, talkFieldSuggest}

// talkEditAnswers are 修改's answers: the talk (preset by the button), the parts ticked, and
// the new value of each ticked part.
type talkEditAnswers struct {
	Branch      string           `answer:"branch"`
	Meeting     string           `answer:"meeting"`
	Talk        string           `answer:"talk"`
	Fields      string           `answer:"fields"`
	Date        orglife.Date     `answer:"date"`
	Form        orglife.TalkForm `answer:"form"`
	Raised      string           `answer:"raised"`
	Received    string           `answer:"received"`
	Suggestions string           `answer:"suggestions"`
}

// talkEditFlow is 修改: typed makes the questions of typed text, as /talk's.
func (h *Handlers) talkEditFlow(typed func(key string, ask func(t *turn, a answers) string, optional bool) question) *flow {
	ticked := func(field string) func(*turn, answers) bool {
		return func(_ *turn, a answers) bool { return tickedSet(answersAs[talkEditAnswers](a).Fields)[field] }
	}
	text := func(field string, ask func(t *turn, a answers) string, optional bool) question {
		q := typed(field, ask, optional)
		q.when = ticked(field)
		return q
	}
	return &flow{
		name:    flowTalkEdit,
		need:    orglife.RoleMember,
		answers: reflect.TypeFor[talkEditAnswers](),
		preset:  []string{"branch", "meeting", "talk"},
		questions: []question{
			{key: "fields", multi: true, options: talkFieldOptions, ask: h.askTalkFields},
			{key: talkFieldDate, typed: true, date: true, options: h.recentDays, check: h.pastDay, when: ticked(talkFieldDate),
				ask: func(t *turn, a answers) string {
					tk, _ := h.editedTalk(t, a)
					return fmt.Sprintf(msgTalkEditAskDate.In(t.lang), tk.Date.In(t.lang))
				}},
			{key: talkFieldForm, options: talkFormOptions, when: ticked(talkFieldForm),
				ask: func(t *turn, a answers) string {
					tk, _ := h.editedTalk(t, a)
					return fmt.Sprintf(msgTalkEditAskForm.In(t.lang), tk.Form.Name(t.lang))
				}},
			text(talkFieldRaised, func(t *turn, a answers) string {
				tk, _ := h.editedTalk(t, a)
				return fmt.Sprintf(msgTalkEditAskRaised.In(t.lang), quote(tk.WithName), talkCurrent(t.lang, tk.Raised))
			}, false),
			text(talkFieldReceived, func(t *turn, a answers) string {
				tk, _ := h.editedTalk(t, a)
				return fmt.Sprintf(msgTalkEditAskReceived.In(t.lang), quote(tk.WithName), talkCurrent(t.lang, tk.Received))
			}, false),
			text(talkFieldSuggest, func(t *turn, a answers) string {
				tk, _ := h.editedTalk(t, a)
				return fmt.Sprintf(msgTalkEditAskSuggest.In(t.lang), talkCurrent(t.lang, tk.Suggestions))
			}, true),
		},
		finish: h.saveTalkEdit,
	}
}

func talkFieldOptions(t *turn, _ answers) ([]option, error) {
	opts := make([]option, 0, len(talkFields))
	for _, f := range talkFields {
		opts = append(opts, option{label: talkFieldNames[f].In(t.lang), value: f})
	}
	return opts, nil
}

// talkCurrent is a part of the record as a prompt quotes it: clipped, escaped, quoted.
func talkCurrent(lang orglife.Lang, text string) string {
	if text == "" {
		return msgTalkEmpty.In(lang)
	}
	return "<blockquote>" + quote(clip(text, pointDetailClip)) + "</blockquote>"
}

// editedTalk loads the talk a 修改 is about (its ids are preset in the answers).
func (h *Handlers) editedTalk(t *turn, a answers) (orglife.Talk, bool) {
	x := answersAs[talkEditAnswers](a)
	tk, err := h.records.Talk(t.ctx, x.Branch, x.Meeting, x.Talk)
	if err != nil {
		h.log.Warn("talk to edit", "talk", x.Talk, "error", err)
		return tk, false
	}
	return tk, true
}

// askTalkFields names the record and asks what to change; a disputed record shows the
// other member's comment, which is what the change answers.
func (h *Handlers) askTalkFields(t *turn, a answers) string {
	tk, ok := h.editedTalk(t, a)
	if !ok {
		return msgTalkGone.In(t.lang)
	}
	text := fmt.Sprintf(msgTalkEditAskFields.In(t.lang), quote(tk.WithName), tk.Date.In(t.lang), tk.Form.Name(t.lang))
	if tk.Status == orglife.ConfirmDisputed && tk.Comment != "" {
		text += "\n" + msgTalkCardComment.In(t.lang) + "\n" + talkCurrent(t.lang, tk.Comment)
	}
	return text
}

// talkRefusal is what the user is told when access is not orglife.TalkMayChange.
func talkRefusal(lang orglife.Lang, access orglife.TalkAccess, m orglife.Meeting) string {
	switch access {
	case orglife.TalkGone:
		return msgTalkGone.In(lang)
	case orglife.TalkNotYours:
		return msgTalkNotYours.In(lang)
	}
	s, _ := m.Step(orglife.StepTalks)
	return fmt.Sprintf(msgTalkClosed.In(lang), s.Deadline.In(lang))
}

// onTalkChange handles 修改, 撤回 and the withdrawal's confirmation, checking against the
// records as they are now that the presser may change the talk.
func (h *Handlers) onTalkChange(t *turn, d buttonData, on pressed) error {
	if d.Action == talkWithdrawCancel {
		return h.editQuery(t, msgCancelled.In(t.lang), nil)
	}
	tk, err := h.records.Talk(t.ctx, d.Branch, d.Meeting, d.Record)
	if errors.Is(err, orglife.ErrNotFound) {
		return h.stale(t.ctx, t.query, t.lang)
	}
	if err != nil {
		return err
	}
	today := orglife.DateOf(h.opts.Clock.Now(), h.zoneOf(on.branch))
	if access := orglife.TalkAccessOf(t.userID, tk, on.meeting, today); access != orglife.TalkMayChange {
		refusal := talkRefusal(t.lang, access, on.meeting)
		if d.Action == talkWithdrawConfirm {
			return h.editQuery(t, refusal, nil)
		}
		// Only this record is refused: the list's other buttons may still be good.
		return h.answer(t.ctx, t.query.ID, refusal)
	}
	switch d.Action {
	case talkEdit:
		if err := h.answer(t.ctx, t.query.ID, ""); err != nil {
			return err
		}
		t.query = nil // the edit asks in a new message; the list (or the notice) stays
		return h.startFlow(t, h.flows[flowTalkEdit], d.Branch, answers{"branch": d.Branch, "meeting": d.Meeting, "talk": d.Record})
	case talkWithdraw:
		if err := h.answer(t.ctx, t.query.ID, ""); err != nil {
			return err
		}
		var kb keyboard
		markup, err := kb.markup(tgbotapi.NewInlineKeyboardRow(
			kb.button(btnTalkConfirmWithdraw.In(t.lang), talkData(d.Branch, tk, talkWithdrawConfirm)),
			kb.button(btnCancel.In(t.lang), talkData(d.Branch, tk, talkWithdrawCancel))))
		if err != nil {
			return fmt.Errorf("withdrawal of talk %s: %w", tk.ID, err)
		}
		ask := msgTalkConfirmWithdraw
		if tk.With != 0 {
			ask = msgTalkConfirmWithdrawTell
		}
		msg := tgbotapi.NewMessage(t.chatID, fmt.Sprintf(ask.In(t.lang), quote(tk.WithName), tk.Date.In(t.lang)))
		msg.ReplyMarkup = markup
		_, err = h.out.Send(t.ctx, htmlMessage(msg))
		return err
	}
	return h.withdrawTalk(t, d.Branch, tk)
}

// withdrawTalk takes a record back: it stays, marked, with the withdrawal in its history,
// and counts nowhere; the other member, still in the branch, is told.
func (h *Handlers) withdrawTalk(t *turn, branchID string, tk orglife.Talk) error {
	members, err := h.records.Members(t.ctx, branchID)
	if err != nil {
		return err
	}
	now := h.opts.Clock.Now()
	tk.History = append(tk.History, orglife.TalkChange{By: t.userID, At: now, Action: orglife.TalkWithdraw,
		Before: talkSummary(orglife.LangZH, tk, talkFields)})
	tk.Withdrawn, tk.Rev = true, tk.Rev+1
	if err := h.records.SaveTalk(t.ctx, branchID, tk); err != nil {
		return err
	}
	h.log.Info("talk withdrawn", "branch", branchID, "meeting", tk.MeetingID, "talk", tk.ID, "by", t.userID, "with", tk.With)
	if tk.With != 0 && slices.ContainsFunc(members, func(m orglife.Member) bool { return m.UserID == tk.With }) {
		me := orglife.MemberName(members, t.userID, t.lang)
		h.tell(t, tk.With, func(lang orglife.Lang) string {
			return fmt.Sprintf(msgTalkToldWithdrawn.In(lang), quote(me), tk.Date.In(lang))
		})
	}
	return h.editQuery(t, fmt.Sprintf(msgTalkWithdrawnDone.In(t.lang), quote(tk.WithName), tk.Date.In(t.lang)), nil)
}

// saveTalkEdit applies 修改 after checking, once more, that the user may make it. A record
// with a member of the branch goes back to them for confirmation: it counts again once they
// confirm it.
func (h *Handlers) saveTalkEdit(t *turn, a answers) error {
	x := answersAs[talkEditAnswers](a)
	m, err := h.records.Meeting(t.ctx, x.Branch, x.Meeting)
	if err == nil {
		var tk orglife.Talk
		if tk, err = h.records.Talk(t.ctx, x.Branch, x.Meeting, x.Talk); err == nil {
			return h.applyTalkEdit(t, m, tk, x)
		}
	}
	if errors.Is(err, orglife.ErrNotFound) {
		return h.conclude(t, msgStaleButton.In(t.lang))
	}
	return err
}

func (h *Handlers) applyTalkEdit(t *turn, m orglife.Meeting, tk orglife.Talk, x talkEditAnswers) error {
	if access := orglife.TalkAccessOf(t.userID, tk, m, h.today(t)); access != orglife.TalkMayChange {
		return h.conclude(t, talkRefusal(t.lang, access, m))
	}
	old := tk
	ticked := tickedSet(x.Fields)
	if ticked[talkFieldDate] && !x.Date.IsZero() {
		tk.Date = x.Date
	}
	if ticked[talkFieldForm] && x.Form.Valid() {
		tk.Form = x.Form
	}
	if ticked[talkFieldRaised] {
		tk.Raised = x.Raised
	}
	if ticked[talkFieldReceived] {
		tk.Received = x.Received
	}
	if ticked[talkFieldSuggest] {
		tk.Suggestions = x.Suggestions
	}
	changed := talkChanges(old, tk)
	if len(changed) == 0 {
		return h.conclude(t, msgTalkEditNothing.In(t.lang))
	}
	members, err := h.records.Members(t.ctx, m.BranchID)
	if err != nil {
		return err
	}
	reask := tk.With != 0 && slices.ContainsFunc(members, func(mem orglife.Member) bool { return mem.UserID == tk.With })
	tk.History = append(tk.History, orglife.TalkChange{By: t.userID, At: h.opts.Clock.Now(), Action: orglife.TalkEdit,
		Before: talkSummary(orglife.LangZH, old, changed), After: talkSummary(orglife.LangZH, tk, changed)})
	tk.Rev++
	if reask {
		tk.Status, tk.Comment, tk.AnsweredAt = orglife.ConfirmPending, "", time.Time{}
	}
	if err := h.records.SaveTalk(t.ctx, m.BranchID, tk); err != nil {
		return err
	}
	h.log.Info("talk edited", "branch", m.BranchID, "meeting", m.ID, "talk", tk.ID, "by", t.userID,
		"fields", strings.Join(changed, ","), "reconfirm", reask)
	text := fmt.Sprintf(msgTalkEdited.In(t.lang), quote(tk.WithName),
		quote(talkSummary(t.lang, old, changed)), quote(talkSummary(t.lang, tk, changed)))
	if reask {
		if h.sendTalkNotice(t, m.BranchID, tk, orglife.MemberName(members, t.userID, t.lang), msgTalkNoticeEdited) != nil {
			text += "\n" + fmt.Sprintf(msgTalkNotifyFailed.In(t.lang), quote(tk.WithName))
		} else {
			text += "\n" + fmt.Sprintf(msgTalkReasked.In(t.lang), quote(tk.WithName))
		}
	}
	return h.conclude(t, text)
}

// talkChanges are the parts in which two versions of a record differ, in talkFields order.
func talkChanges(a, b orglife.Talk) []string {
	var out []string
	for _, f := range talkFields {
		if talkFieldValue(orglife.LangZH, a, f) != talkFieldValue(orglife.LangZH, b, f) {
			out = append(out, f)
		}
	}
	return out
}

func talkFieldValue(lang orglife.Lang, tk orglife.Talk, field string) string {
	switch field {
	case talkFieldDate:
		return tk.Date.In(lang)
	case talkFieldForm:
		return tk.Form.Name(lang)
	case talkFieldRaised:
		return tk.Raised
	case talkFieldReceived:
		return tk.Received
	case talkFieldSuggest:
		return tk.Suggestions
	}
	return ""
}

// talkSummary is some parts of a record in one short plain line (not HTML), for the history
// and the recorder's confirmation: "日期：2026年12月1日；形式：面对面".
func talkSummary(lang orglife.Lang, tk orglife.Talk, fields []string) string {
	sep, join := "：", "；"
	if lang == orglife.LangEN {
		sep, join = ": ", "; "
	}
	parts := make([]string, 0, len(fields))
	for _, f := range fields {
		v := talkFieldValue(lang, tk, f)
		if v == "" {
			v = msgTalkEmpty.In(lang)
		}
		parts = append(parts, talkFieldNames[f].In(lang)+sep+clip(v, talkNoteClip))
	}
	return strings.Join(parts, join)
}
