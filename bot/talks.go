package bot

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
	"orglife/state"
)

// 谈心谈话: a member records a talk with a fellow member (who is asked to confirm it) or
// with someone outside the bot; /mytalks shows both sides of every talk to both people.

const (
	flowTalk        = "talk"
	flowTalkDispute = "talkdispute"
	flowTalkEdit    = "talkedit"
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
	// The actions of the recorder's buttons: 修改 (on /mytalks, and 修改并请对方重新确认 on
	// the notice of a dispute) and 撤回 with its confirmation.
	talkEdit            = "e"
	talkWithdraw        = "w"
	talkWithdrawConfirm = "w!"
	talkWithdrawCancel  = "n"
	// talkButtonRows is the most rows of buttons /mytalks puts under its list (two buttons
	// a row, under Telegram's hundred).
	talkButtonRows = 45
	// cmdMyTalks lists the user's talks, with buttons for those waiting for their answer.
	cmdMyTalks = "mytalks"
)

func (h *Handlers) talkCommands() []Command {
	return []Command{
		{Name: "talk", Desc: descTalk, Role: orglife.RoleMember, draft: flowTalk, parts: state.PartMembers | state.PartTalks, run: h.talk},
		{Name: cmdMyTalks, Desc: descMyTalks, Role: orglife.RoleMember, run: h.myTalks},
	}
}

func (h *Handlers) talkFlows() []*flow {
	typed := func(key string, ask func(t *turn, a answers) string, optional bool) question {
		return question{key: key, typed: true, optional: optional, ask: ask, check: withWords(msgPtNoWords, minLength(2, msgTalkTooShort, false))}
	}
	return []*flow{
		{
			name:       flowTalk,
			need:       orglife.RoleMember,
			draft:      "talk",
			forMeeting: true,
			answers:    reflect.TypeFor[talkAnswers](), preset: []string{"branch"},
			questions: []question{
				{key: "with", options: h.talkWithOptions, ask: h.askTalkWith},
				{key: "name", typed: true, check: lengthCheck(2, 20, msgBadPersonName),
					when: func(_ *turn, a answers) bool { return answersAs[talkAnswers](a).With == talkOther },
					ask:  func(t *turn, _ answers) string { return msgTalkAskName.In(t.lang) }},
				{key: "date", typed: true, date: true, options: h.recentDays, check: h.pastDay,
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
			preset:  []string{"branch", "meeting", "talk", "rev", "recorder", "msg", "from"},
			questions: []question{typed(keyComment, func(t *turn, a answers) string {
				return fmt.Sprintf(msgTalkAskComment.In(t.lang), quote(talkDisputeAnswersOf(a).Recorder))
			}, false)},
			finish: h.saveTalkDispute,
		},
		h.talkEditFlow(typed),
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
	if _, ok, err := h.currentMeetingOnce(t); err != nil || !ok {
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
	raw, err := h.records.DraftOf(t.ctx, t.unit, t.userID, f.name)
	if err != nil {
		return err
	}
	var saved answers
	if raw != nil && json.Unmarshal(raw, &saved) != nil {
		h.log.Warn("unreadable draft dropped", "user", t.userID, "flow", f.name)
		if err := h.records.DropDraft(t.ctx, t.unit, t.userID, f.name); err != nil {
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
	return h.records.DropDraft(t.ctx, t.unit, t.userID, f.name)
}

// talkWithOptions are the fellow members of the branch, by document name, and 其他人: first,
// marked 必谈, those the coverage rules still ask the user to talk with, then the others.
func (h *Handlers) talkWithOptions(t *turn, a answers) ([]option, error) {
	members, required, err := h.talkPartners(t, answersAs[talkAnswers](a).Branch)
	if err != nil {
		return nil, err
	}
	var first, rest []option
	for _, m := range members {
		o := option{label: m.Name, value: strconv.FormatInt(m.UserID, 10)}
		switch {
		case m.UserID == t.userID:
		case required[m.UserID]:
			o.label = fmt.Sprintf(btnTalkRequired.In(t.lang), m.Name)
			first = append(first, o)
		default:
			rest = append(rest, o)
		}
	}
	return append(append(first, rest...), option{label: btnTalkOther.In(t.lang), value: talkOther}), nil
}

// askTalkWith asks whom the talk was with, explaining the 必谈 mark when some are marked.
func (h *Handlers) askTalkWith(t *turn, a answers) string {
	text := msgTalkAskWith.In(t.lang)
	if _, required, err := h.talkPartners(t, answersAs[talkAnswers](a).Branch); err == nil && len(required) > 0 {
		text += "\n" + msgTalkAskWithMarks.In(t.lang)
	} else if err != nil {
		h.log.Warn("required talk partners", "user", t.userID, "error", err)
	}
	return text
}

// talkPartners are the branch's members and, of them, those the coverage rules still ask the
// user to talk with in the flow's meeting (orglife.StepStatus.Partners: not those a record is
// under way with). A meeting without a talks step asks for none.
// One prompt asks for them twice (its buttons and its text): they are read once for it.
func (h *Handlers) talkPartners(t *turn, branchID string) ([]orglife.Member, map[int64]bool, error) {
	if p := t.partners; p != nil && p.branch == branchID {
		return p.members, p.required, nil
	}
	members, required, err := h.readTalkPartners(t, branchID)
	if err == nil && t.rendering {
		t.partners = &talkPartnersRead{branch: branchID, members: members, required: required}
	}
	return members, required, err
}

// talkPartnersRead is what talkPartners read for the prompt being rendered.
type talkPartnersRead struct {
	branch   string
	members  []orglife.Member
	required map[int64]bool
}

// readTalkPartners is talkPartners read from Redis: the members and the meeting's talks in one
// round trip when the meeting is of the branch.
func (h *Handlers) readTalkPartners(t *turn, branchID string) ([]orglife.Member, map[int64]bool, error) {
	m, err := h.meetingOf(t)
	if errors.Is(err, orglife.ErrNotFound) {
		members, err := h.records.Members(t.ctx, branchID)
		return members, nil, err
	}
	if err != nil {
		return nil, nil, err
	}
	var members []orglife.Member
	var talks []orglife.Talk
	if m.BranchID == branchID {
		// Read ahead for /talk (Command.parts): nothing of the update wrote them before its
		// first prompt.
		recs, err := h.records.MeetingRecords(t.ctx, t.unit, branchID, m.ID, state.PartMembers|state.PartTalks)
		if err != nil {
			return nil, nil, err
		}
		members, talks = recs.Members, recs.Talks
	} else {
		if members, err = h.records.Members(t.ctx, branchID); err != nil {
			return nil, nil, err
		}
		if talks, err = h.records.Talks(t.ctx, m.BranchID, m.ID); err != nil {
			return nil, nil, err
		}
	}
	prep := orglife.JudgePrep(m, orglife.StepRecords{Members: members, Talks: talks, Coverage: h.opts.Coverage})
	required := map[int64]bool{}
	for _, id := range prep.Status(orglife.StepTalks, t.userID).Partners {
		required[id] = true
	}
	return members, required, nil
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
	case h.sendTalkNotice(t, m.BranchID, tk, orglife.MemberName(members, t.userID, t.lang), msgTalkNoticeHead) != nil:
		text += fmt.Sprintf(msgTalkNotifyFailed.In(t.lang), quote(tk.WithName))
	default:
		text += fmt.Sprintf(msgTalkAwaiting.In(t.lang), quote(tk.WithName))
	}
	return h.conclude(t, text)
}

// myTalks lists the talks of the current meeting the user took part in, both sides of
// each (withdrawn records left out). Under the list: 确认 / 有出入 for the talks waiting for
// the user's answer, and 修改 / 撤回 for those the user recorded, until the 谈心谈话 deadline.
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
	for _, tk := range orglife.LiveTalks(talks) {
		if tk.Involves(t.userID) {
			mine = append(mine, tk)
		}
	}
	if len(mine) == 0 {
		return h.say(t.ctx, t.chatID, msgMyTalksNone.In(t.lang))
	}
	open := m.TalksOpen(h.today(t))
	blocks := []string{fmt.Sprintf(msgMyTalksHeader.In(t.lang), len(mine))}
	var rows [][]tgbotapi.InlineKeyboardButton
	toConfirm, recorded := 0, false
	for i, tk := range mine {
		recorder := orglife.MemberName(members, tk.RecordedBy, t.lang)
		head := fmt.Sprintf(msgMyTalksItem.In(t.lang), i+1, quote(talkWith(tk, t.lang))) + msgMyTalksByMe.In(t.lang)
		if tk.RecordedBy != t.userID {
			head = fmt.Sprintf(msgMyTalksItem.In(t.lang), i+1, quote(recorder)) +
				fmt.Sprintf(msgMyTalksByOther.In(t.lang), quote(recorder))
		}
		blocks = append(blocks, "", head)
		blocks = append(blocks, talkCard(t.lang, tk, recorder, t.userID, true)...)
		mayEdit := tk.RecordedBy == t.userID && open
		if mayEdit && tk.Status == orglife.ConfirmDisputed && tk.With != 0 {
			blocks = append(blocks, fmt.Sprintf(msgMyTalksFixHint.In(t.lang), i+1))
		}
		recorded = recorded || tk.RecordedBy == t.userID
		if len(rows) >= talkButtonRows {
			continue
		}
		// A talk whose ids do not fit a button is answered from its notice instead.
		var kb keyboard
		var row []tgbotapi.InlineKeyboardButton
		confirm := tk.With == t.userID && tk.Status == orglife.ConfirmPending
		switch {
		case confirm:
			row = tgbotapi.NewInlineKeyboardRow(
				kb.button(fmt.Sprintf(btnMyTalksAgree.In(t.lang), recorder, tk.Date.String()), talkData(m.BranchID, tk, talkListAgree)),
				kb.button(btnTalkDispute.In(t.lang), talkData(m.BranchID, tk, talkListDispute)))
		case mayEdit:
			row = tgbotapi.NewInlineKeyboardRow(
				kb.button(fmt.Sprintf(btnMyTalksEdit.In(t.lang), i+1), talkData(m.BranchID, tk, talkEdit)),
				kb.button(fmt.Sprintf(btnMyTalksWithdraw.In(t.lang), i+1), talkData(m.BranchID, tk, talkWithdraw)))
		}
		if row == nil || kb.err != nil {
			continue
		}
		rows = append(rows, row)
		if confirm {
			toConfirm++
		}
	}
	if recorded {
		blocks = append(blocks, "", h.talkEditWindow(t.lang, m, open))
	}
	if toConfirm > 0 {
		blocks = append(blocks, "", fmt.Sprintf(msgMyTalksConfirm.In(t.lang), toConfirm))
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

// talkWith is the name of a talk's partner as recorded; one anonymised by /forgetme reads
// as orglife.Anonymous in the reader's language.
func talkWith(tk orglife.Talk, lang orglife.Lang) string {
	if tk.With == 0 && tk.WithName == orglife.AnonymousName {
		return orglife.Anonymous(lang)
	}
	return tk.WithName
}

// talkEditWindow says until when the user may change the talks they recorded, or that they
// no longer may.
func (h *Handlers) talkEditWindow(lang orglife.Lang, m orglife.Meeting, open bool) string {
	s, ok := m.Step(orglife.StepTalks)
	switch {
	case !ok:
		return msgMyTalksEditable.In(lang)
	case open:
		return fmt.Sprintf(msgMyTalksEditUntil.In(lang), s.Deadline.In(lang))
	}
	return fmt.Sprintf(msgTalkClosed.In(lang), s.Deadline.In(lang))
}

// talkCard is a talk record as HTML blocks: date and form, (status,) what each side raised
// with the other, suggestions, addressed to reader (「您向…提出」) when reader took part.
// Every piece of user text is escaped.
func talkCard(lang orglife.Lang, tk orglife.Talk, recorder string, reader int64, status bool) []string {
	blocks := []string{fmt.Sprintf(msgTalkCardDate.In(lang), tk.Date.In(lang), tk.Form.Name(lang))}
	if status {
		blocks = append(blocks, fmt.Sprintf(msgTalkCardStatus.In(lang), talkStatusName(lang, tk)))
		if tk.Status == orglife.ConfirmDisputed && tk.Comment != "" {
			blocks = append(blocks, msgTalkCardComment.In(lang))
			blocks = append(blocks, talkQuoted(tk.Comment)...)
		}
	}
	with := talkWith(tk, lang)
	// raised and received are the headings of what the recorder raised and what they heard.
	raised := fmt.Sprintf(msgTalkCardSaid.In(lang), quote(recorder), quote(with))
	received := fmt.Sprintf(msgTalkCardSaid.In(lang), quote(with), quote(recorder))
	switch {
	case reader != 0 && reader == tk.RecordedBy:
		raised = fmt.Sprintf(msgTalkCardYouSaid.In(lang), quote(with))
		received = fmt.Sprintf(msgTalkCardSaidToYou.In(lang), quote(with))
	case reader != 0 && reader == tk.With:
		raised = fmt.Sprintf(msgTalkCardSaidToYou.In(lang), quote(recorder))
		received = fmt.Sprintf(msgTalkCardYouSaid.In(lang), quote(recorder))
	}
	blocks = append(blocks, raised)
	blocks = append(blocks, talkQuoted(tk.Raised)...)
	blocks = append(blocks, received)
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
