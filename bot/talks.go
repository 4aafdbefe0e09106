package bot

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
)

// 谈心谈话: a member records a talk with a fellow member (who is asked to confirm it) or
// with someone outside the bot; /mytalks shows both sides of every talk to both people.

const (
	flowTalk        = "talk"
	flowTalkDispute = "talkdispute"
	// talkOther is the value of the 其他人 button: someone outside the bot, named by typing.
	talkOther = "other"
	// talkPageLimit is how much visible text one message carries, under Telegram's 4096.
	talkPageLimit = 4000
	// talkQuoteRun is the most user text one quoted block holds (UTF-16 units), so that a
	// long answer is cut into blocks that each fit a message.
	talkQuoteRun = 3000
	// The actions of a confirmation button: on the notice sent to the other member, and on
	// the /mytalks list.
	talkAgree       = "ok"
	talkDispute     = "no"
	talkListAgree   = "lok"
	talkListDispute = "lno"
	// cmdMyTalks lists the user's talks, with buttons for those waiting for their answer.
	cmdMyTalks = "mytalks"
)

func (h *Handlers) talkCommands() []Command {
	return []Command{
		{Name: "talk", Desc: descTalk, Role: orglife.RoleMember, run: h.talk},
		{Name: cmdMyTalks, Desc: descMyTalks, Role: orglife.RoleMember, run: h.myTalks},
	}
}

func (h *Handlers) talkFlows() []*flow {
	typed := func(key string, ask func(t *turn, a answers) string, optional bool) question {
		return question{key: key, typed: true, optional: optional, ask: ask, check: minLength(2, msgTalkTooShort, false)}
	}
	return []*flow{
		{
			name:       flowTalk,
			need:       orglife.RoleMember,
			draft:      "talk",
			forMeeting: true,
			answers:    reflect.TypeFor[talkAnswers](), preset: []string{"branch"},
			questions: []question{
				{key: "with", options: h.talkWithOptions,
					ask: func(t *turn, _ answers) string { return msgTalkAskWith.In(t.lang) }},
				{key: "name", typed: true, check: lengthCheck(2, 20, msgBadPersonName),
					when: func(_ *turn, a answers) bool { return answersAs[talkAnswers](a).With == talkOther },
					ask:  func(t *turn, _ answers) string { return msgTalkAskName.In(t.lang) }},
				{key: "date", typed: true, options: h.recentDays, check: h.pastDay,
					ask: func(t *turn, _ answers) string { return msgTalkAskDate.In(t.lang) }},
				{key: "form", options: talkFormOptions,
					ask: func(t *turn, _ answers) string { return msgTalkAskForm.In(t.lang) }},
				typed("raised", func(t *turn, a answers) string {
					return fmt.Sprintf(msgTalkAskRaised.In(t.lang), quote(h.talkPartnerName(t, a)))
				}, false),
				typed("received", func(t *turn, a answers) string {
					return fmt.Sprintf(msgTalkAskReceived.In(t.lang), quote(h.talkPartnerName(t, a)))
				}, false),
				typed("suggestions", func(t *turn, _ answers) string { return msgTalkAskSuggest.In(t.lang) }, true),
			},
			finish: h.saveTalk,
		},
		{
			name:    flowTalkDispute,
			need:    orglife.RoleMember,
			answers: reflect.TypeFor[talkDisputeAnswers](),
			preset:  []string{"branch", "meeting", "talk", "recorder", "msg", "from"},
			questions: []question{typed(keyComment, func(t *turn, a answers) string {
				return fmt.Sprintf(msgTalkAskComment.In(t.lang), quote(talkDisputeAnswersOf(a).Recorder))
			}, false)},
			finish: h.saveTalkDispute,
		},
	}
}

// talkAnswers are /talk's answers: the branch (preset), who the talk was with — a member's
// user id, or talkOther and the outsider's name — and the record itself.
type talkAnswers struct {
	Branch string `answer:"branch"`
	With   string `answer:"with"`
	// WithID is the member the talk was with; 0 for an outsider.
	WithID      int64            `answer:"with"`
	Name        string           `answer:"name"`
	Date        orglife.Date     `answer:"date"`
	Form        orglife.TalkForm `answer:"form"`
	Raised      string           `answer:"raised"`
	Received    string           `answer:"received"`
	Suggestions string           `answer:"suggestions"`
}

func (h *Handlers) talkButtons() map[buttonKind]buttonHandler {
	return map[buttonKind]buttonHandler{kindTalk: h.onTalkButton}
}

// talk starts recording a talk of the current meeting. The branch goes into the answers
// too, for the questions that list its members.
func (h *Handlers) talk(t *turn) error {
	if _, ok, err := h.currentMeeting(t); err != nil || !ok {
		return err
	}
	return h.talkStudyStart(t, h.flows[flowTalk])
}

// draftBranchAnswers is the answer a talk's or a study record's draft keeps its branch in.
type draftBranchAnswers struct {
	Branch string `answer:"branch"`
}

// talkStudyStart starts f in the user's branch; a run of f left idle there (kept as a
// draft) is continued instead. The draft goes once the resumed run is under way.
func (h *Handlers) talkStudyStart(t *turn, f *flow) error {
	raw, err := h.records.Draft(t.ctx, t.userID, f.name)
	if err != nil {
		return err
	}
	var saved answers
	if raw != nil && json.Unmarshal(raw, &saved) != nil {
		h.log.Warn("unreadable draft dropped", "user", t.userID, "flow", f.name)
		if err := h.records.DeleteDraft(t.ctx, t.userID, f.name); err != nil {
			return err
		}
		saved = nil
	}
	if saved == nil || answersAs[draftBranchAnswers](saved).Branch != t.branch.ID {
		// No draft, or one about another branch, kept for when the user is back there.
		return h.startFlow(t, f, t.branch.ID, answers{"branch": t.branch.ID})
	}
	// resumeFlow stops at the first question without an answer, even one that does not
	// apply (the name of an outsider, when the talk was with a member): those count as
	// answered, or every question after them would be asked again.
	for _, q := range f.questions {
		if _, answered := saved[q.key]; !answered && q.when != nil && !q.when(t, saved) {
			saved[q.key] = ""
		}
	}
	if err := h.say(t.ctx, t.chatID, msgTalkStudyResumed.In(t.lang)); err != nil {
		return err
	}
	saved[keyResumed] = "1"
	if err := h.resumeFlow(t, f, t.branch.ID, saved); err != nil {
		return err
	}
	return h.records.DeleteDraft(t.ctx, t.userID, f.name)
}

// talkWithOptions are the fellow members of the branch, by document name, and 其他人.
func (h *Handlers) talkWithOptions(t *turn, a answers) ([]option, error) {
	members, err := h.records.Members(t.ctx, answersAs[talkAnswers](a).Branch)
	if err != nil {
		return nil, err
	}
	var opts []option
	for _, m := range members {
		if m.UserID != t.userID {
			opts = append(opts, option{label: m.Name, value: strconv.FormatInt(m.UserID, 10)})
		}
	}
	return append(opts, option{label: btnTalkOther.In(t.lang), value: talkOther}), nil
}

func talkFormOptions(t *turn, _ answers) ([]option, error) {
	var opts []option
	for _, f := range orglife.TalkForms {
		opts = append(opts, option{label: f.Name(t.lang), value: string(f)})
	}
	return opts, nil
}

// talkPartnerName is the name of the person the talk is with, for the prompts.
func (h *Handlers) talkPartnerName(t *turn, a answers) string {
	x := answersAs[talkAnswers](a)
	if x.With == talkOther {
		return x.Name
	}
	if x.WithID != 0 {
		if m, ok, err := h.records.Member(t.ctx, x.Branch, x.WithID); err == nil && ok {
			return m.Name
		}
	}
	return "?"
}

func (h *Handlers) saveTalk(t *turn, a answers) error {
	m, err := h.meetingOf(t)
	if errors.Is(err, orglife.ErrNotFound) {
		return h.conclude(t, msgNoMeeting.In(t.lang))
	}
	if err != nil {
		return err
	}
	members, err := h.records.Members(t.ctx, m.BranchID)
	if err != nil {
		return err
	}
	x := answersAs[talkAnswers](a)
	if x.Date.IsZero() {
		return errors.New("talk: no date answered")
	}
	tk := orglife.Talk{MeetingID: m.ID, RecordedBy: t.userID, Date: x.Date, Form: x.Form,
		Raised: x.Raised, Received: x.Received, Suggestions: x.Suggestions, CreatedAt: h.opts.Clock.Now()}
	if x.With == talkOther {
		tk.WithName, tk.Status = x.Name, orglife.ConfirmAgreed
	} else {
		for _, mem := range members {
			if mem.UserID == x.WithID {
				tk.With, tk.WithName = x.WithID, mem.Name
			}
		}
		if tk.With == 0 {
			return h.conclude(t, fmt.Sprintf(msgTalkWithGone.In(t.lang), quote(h.talkPartnerName(t, a))))
		}
		tk.Status = orglife.ConfirmPending
	}
	if tk.ID, err = h.recordID(t, a, "t"); err != nil {
		return err
	}
	if err := h.records.SaveTalk(t.ctx, m.BranchID, tk); err != nil {
		return err
	}
	text := fmt.Sprintf(msgTalkSaved.In(t.lang), quote(tk.WithName), tk.Date.In(t.lang), tk.Form.Name(t.lang)) + "\n"
	switch {
	case tk.With == 0:
		text += msgTalkNoConfirm.In(t.lang)
	case h.sendTalkNotice(t, m.BranchID, tk, memberName(members, t.userID)) != nil:
		text += fmt.Sprintf(msgTalkNotifyFailed.In(t.lang), quote(tk.WithName))
	default:
		text += fmt.Sprintf(msgTalkAwaiting.In(t.lang), quote(tk.WithName))
	}
	return h.conclude(t, text)
}

// myTalks lists the talks of the current meeting the user took part in, both sides of
// each; talks waiting for the user's confirmation get buttons under the list.
func (h *Handlers) myTalks(t *turn) error {
	m, ok, err := h.currentMeeting(t)
	if err != nil || !ok {
		return err
	}
	talks, err := h.records.Talks(t.ctx, m.BranchID, m.ID)
	if err != nil {
		return err
	}
	members, err := h.records.Members(t.ctx, m.BranchID)
	if err != nil {
		return err
	}
	var mine []orglife.Talk
	for _, tk := range talks {
		if tk.Involves(t.userID) {
			mine = append(mine, tk)
		}
	}
	if len(mine) == 0 {
		return h.say(t.ctx, t.chatID, msgMyTalksNone.In(t.lang))
	}
	blocks := []string{fmt.Sprintf(msgMyTalksHeader.In(t.lang), len(mine))}
	var rows [][]tgbotapi.InlineKeyboardButton
	for i, tk := range mine {
		recorder := memberName(members, tk.RecordedBy)
		head := fmt.Sprintf(msgMyTalksItem.In(t.lang), i+1, quote(tk.WithName)) + msgMyTalksByMe.In(t.lang)
		if tk.RecordedBy != t.userID {
			head = fmt.Sprintf(msgMyTalksItem.In(t.lang), i+1, quote(recorder)) +
				fmt.Sprintf(msgMyTalksByOther.In(t.lang), quote(recorder))
		}
		blocks = append(blocks, "", head)
		blocks = append(blocks, talkCard(t.lang, tk, recorder, true)...)
		if tk.With == t.userID && tk.Status == orglife.ConfirmPending && len(rows) < 20 {
			// A talk whose ids do not fit a button is confirmed from its notice instead.
			var kb keyboard
			row := tgbotapi.NewInlineKeyboardRow(
				kb.button(fmt.Sprintf(btnMyTalksAgree.In(t.lang), recorder, tk.Date.String()), talkData(m.BranchID, tk, talkListAgree)),
				kb.button(btnTalkDispute.In(t.lang), talkData(m.BranchID, tk, talkListDispute)))
			if kb.err == nil {
				rows = append(rows, row)
			}
		}
	}
	if len(rows) > 0 {
		blocks = append(blocks, "", fmt.Sprintf(msgMyTalksConfirm.In(t.lang), len(rows)))
	}
	pages := packBlocks(blocks, talkPageLimit)
	for i, p := range pages {
		msg := tgbotapi.NewMessage(t.chatID, p)
		if i == len(pages)-1 && len(rows) > 0 {
			msg.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(rows...)
		}
		if _, err := h.out.Send(t.ctx, htmlMessage(msg)); err != nil {
			return err
		}
	}
	return nil
}

// talkCard is a talk record as HTML blocks: date and form, (status,) what each side raised
// with the other, suggestions. Every piece of user text is escaped.
func talkCard(lang orglife.Lang, tk orglife.Talk, recorder string, status bool) []string {
	blocks := []string{fmt.Sprintf(msgTalkCardDate.In(lang), tk.Date.In(lang), tk.Form.Name(lang))}
	if status {
		blocks = append(blocks, fmt.Sprintf(msgTalkCardStatus.In(lang), talkStatusName(lang, tk)))
		if tk.Status == orglife.ConfirmDisputed && tk.Comment != "" {
			blocks = append(blocks, msgTalkCardComment.In(lang))
			blocks = append(blocks, talkQuoted(tk.Comment)...)
		}
	}
	blocks = append(blocks, fmt.Sprintf(msgTalkCardSaid.In(lang), quote(recorder), quote(tk.WithName)))
	blocks = append(blocks, talkQuoted(tk.Raised)...)
	blocks = append(blocks, fmt.Sprintf(msgTalkCardSaid.In(lang), quote(tk.WithName), quote(recorder)))
	blocks = append(blocks, talkQuoted(tk.Received)...)
	if tk.Suggestions != "" {
		blocks = append(blocks, msgTalkCardSuggest.In(lang))
		blocks = append(blocks, talkQuoted(tk.Suggestions)...)
	}
	return blocks
}

func talkStatusName(lang orglife.Lang, tk orglife.Talk) string {
	switch {
	case tk.With == 0:
		return msgTalkStatusOut.In(lang)
	case tk.Status == orglife.ConfirmAgreed:
		return msgTalkStatusOK.In(lang)
	case tk.Status == orglife.ConfirmDisputed:
		return msgTalkStatusDiff.In(lang)
	}
	return msgTalkStatusWait.In(lang)
}

// talkQuoted is user text as quoted blocks, escaped, cut so that each block fits a message.
func talkQuoted(text string) []string {
	var blocks []string
	for text != "" {
		cut, n := len(text), 0
		for i, r := range text {
			if n += runeUTF16(r); n > talkQuoteRun {
				cut = i
				break
			}
		}
		blocks = append(blocks, "<blockquote>"+quote(text[:cut])+"</blockquote>")
		text = text[cut:]
	}
	return blocks
}

func talkBlocksLen(blocks []string) int {
	n := 0
	for _, b := range blocks {
		n += visibleLen(b) + 1
	}
	return n
}
