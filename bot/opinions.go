package bot

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
	"orglife/state"
)

// 征求意见: the secretary opens a collection for the current meeting with a closing day
// (/collect) and shares its link, t.me/<bot>?start=<opinion code>. Whoever opens it —
// member or not — leaves opinions in a short dialog, about the branch and its committee or
// about a member. Nothing here keeps who sent an opinion: the opinion is stored without
// the sender (state.AddOpinion counts senders by a salted hash deleted at closing), the
// dialog's answers go with its session when it finishes, and no log line of it names the
// sender. The committee reads them with /opinions and turns one into a branch problem or a
// member's point, its source 群众提 (the member is told it came from 征求意见, not from whom).

const (
	flowOpCollect = "opcollect"
	flowOpinion   = "opinion"
	flowOpAdopt   = "opadopt"

	opinionAdopt = "a" // the verb of /opinions' 采纳 button

	opAboutBranch = "0"  // the "about" answer of an opinion about the branch and its committee
	opListClip    = 300  // how much of an opinion /opinions shows
	opMaxButtons  = 60   // opinions with a 采纳 button under /opinions
	opPromptClip  = 1000 // how much of an opinion the adoption's question quotes
)

// opCollectAnswers open a collection: its last day.
type opCollectAnswers struct {
	Meeting string       `answer:"_meeting"`
	Closes  orglife.Date `answer:"date"`
}

// opinionAnswers are one opinion: the link's code (preset), what it is about (opAboutBranch
// or a member's user id) and its text.
type opinionAnswers struct {
	Code  string `answer:"code"`
	About string `answer:"about"`
	Text  string `answer:"text"`
}

// opAdoptAnswers adopt an opinion: the opinion and what it is about (preset), the area of
// the member's point, or the headline of the branch problem.
type opAdoptAnswers struct {
	Meeting  string       `answer:"_meeting"`
	Opinion  string       `answer:"opinion"`
	About    string       `answer:"about"`
	Area     orglife.Area `answer:"area"`
	Headline string       `answer:"headline"`
	ID       string       `answer:"_id"`
}

func (h *Handlers) opinionCommands() []Command {
	return []Command{
		{Name: "collect", Desc: descCollect, Role: orglife.RoleSecretary, run: h.collect},
		{Name: "opinions", Desc: descOpinions, Role: orglife.RoleCommittee, run: h.opinions},
	}
}

func (h *Handlers) opinionButtons() map[buttonKind]buttonHandler {
	return map[buttonKind]buttonHandler{kindOpinion: h.onOpinionButton}
}

func (h *Handlers) opinionFlows() []*flow {
	return []*flow{{
		name: flowOpCollect, need: orglife.RoleSecretary, forMeeting: true,
		answers: reflect.TypeFor[opCollectAnswers](),
		questions: []question{{key: "date", typed: true, date: true, check: h.opClosingCheck,
			ask: func(t *turn, _ answers) string {
				return fmt.Sprintf(msgOpAskCloses.In(t.lang), orglife.OpinionMaxOpenDays)
			}}},
		finish: h.openCollection,
	}, {
		// need RoleStranger: anyone with the link. No draft: an opinion left unfinished is
		// not kept anywhere.
		name: flowOpinion, need: orglife.RoleStranger, preset: []string{"code"},
		answers: reflect.TypeFor[opinionAnswers](),
		questions: []question{
			{key: "about", options: h.opAboutOptions, ask: h.opAskAbout},
			{key: "text", typed: true, check: opTextCheck,
				ask: func(t *turn, a answers) string {
					text := fmt.Sprintf(msgOpAskText.In(t.lang), orglife.OpinionMaxRunes)
					if about := h.opAboutLabel(t, a); about != "" { // the prompt was edited in place: say what was picked
						text = fmt.Sprintf(msgOpAboutChosen.In(t.lang), quote(about)) + "\n" + text
					}
					return text
				}},
		},
		finish: h.saveOpinion,
	}, {
		name: flowOpAdopt, need: orglife.RoleCommittee, preset: []string{"opinion", "about"},
		answers: reflect.TypeFor[opAdoptAnswers](),
		questions: []question{
			{key: "area", options: pointAreaOptions, when: opAboutMember, ask: h.opAskArea},
			{key: "headline", typed: true, check: bpHeadlineCheck, ask: h.opAskHeadline,
				when: func(t *turn, a answers) bool { return !opAboutMember(t, a) }},
		},
		finish: h.adoptOpinion,
	}}
}

// opinionLink is what a collection's link opens (/start <opinion code>): the dialog, if the
// collection is open. A member of any branch and a stranger are treated alike.
func (h *Handlers) opinionLink(t *turn, code string) error {
	c, ok, err := h.openCollectionOf(t, code)
	if err != nil || !ok {
		return err
	}
	return h.startFlow(t, h.flows[flowOpinion], "", answers{"code": c.Code})
}

// openCollectionOf is the open collection code opens; ok false (and the user told) when
// there is none, or its day is over (it is closed then).
func (h *Handlers) openCollectionOf(t *turn, code string) (orglife.OpinionCollection, bool, error) {
	c, err := h.records.LookupOpinions(t.ctx, code)
	if errors.Is(err, orglife.ErrNotFound) {
		return c, false, h.opSay(t, msgOpLinkInvalid.In(t.lang))
	}
	if err != nil {
		return c, false, err
	}
	if !c.OpenAt(h.opts.Clock.Now()) {
		if err := h.records.CloseOpinions(t.ctx, c.BranchID, c.MeetingID); err != nil {
			return c, false, err
		}
		return c, false, h.opSay(t, msgOpLinkInvalid.In(t.lang))
	}
	return c, true, nil
}

// opSay answers the opinion dialog: in place of its prompt inside the flow, else as a message.
func (h *Handlers) opSay(t *turn, text string) error {
	if t.sess != nil && t.sess.Flow == flowOpinion {
		return h.conclude(t, text)
	}
	return h.say(t.ctx, t.chatID, text)
}

func (h *Handlers) opAskAbout(t *turn, a answers) string {
	x := answersAs[opinionAnswers](a)
	name, closes := "", ""
	if c, err := h.records.LookupOpinions(t.ctx, x.Code); err == nil {
		if b, err := h.records.Branch(t.ctx, c.BranchID); err == nil {
			name = b.Name
		}
		closes = c.Closes.In(t.lang)
	}
	return fmt.Sprintf(msgOpAskAbout.In(t.lang), quote(name), closes)
}

// opAboutOptions: the branch and its committee first, then each member by name.
func (h *Handlers) opAboutOptions(t *turn, a answers) ([]option, error) {
	opts := []option{{btnOpAboutBranch.In(t.lang), opAboutBranch}}
	c, err := h.records.LookupOpinions(t.ctx, answersAs[opinionAnswers](a).Code)
	if errors.Is(err, orglife.ErrNotFound) {
		return opts, nil
	}
	if err != nil {
		return nil, err
	}
	members, err := h.records.Members(t.ctx, c.BranchID)
	if err != nil {
		return nil, err
	}
	code := answersAs[opinionAnswers](a).Code
	for _, m := range members {
		opts = append(opts, option{clip(m.Name, 16), orglife.OpinionSubject(code, m.UserID)})
	}
	return opts, nil
}

// opAboutLabel is what the opinion being written is about, as its button said: the branch
// and its committee, or the member's name ("" when it cannot be told).
func (h *Handlers) opAboutLabel(t *turn, a answers) string {
	x := answersAs[opinionAnswers](a)
	if x.About == opAboutBranch {
		return btnOpAboutBranch.In(t.lang)
	}
	c, err := h.records.LookupOpinions(t.ctx, x.Code)
	if err != nil {
		return ""
	}
	m, _, _ := h.opSubject(t, c, x.Code, x.About)
	return m.Name
}

// opSubject is the member a subject token of the dialog's buttons names (orglife.OpinionSubject).
func (h *Handlers) opSubject(t *turn, c orglife.OpinionCollection, code, token string) (orglife.Member, bool, error) {
	members, err := h.records.Members(t.ctx, c.BranchID)
	if err != nil {
		return orglife.Member{}, false, err
	}
	for _, m := range members {
		if orglife.OpinionSubject(code, m.UserID) == token {
			return m, true, nil
		}
	}
	return orglife.Member{}, false, nil
}

func opTextCheck(t *turn, _ answers, text string) (string, string) {
	switch orglife.OpinionTextProblem(text) {
	case "long":
		return "", fmt.Sprintf(msgOpTooLong.In(t.lang), orglife.OpinionMaxRunes)
	case "short", "empty":
		return "", msgOpTooShort.In(t.lang)
	}
	return strings.TrimSpace(text), ""
}

// saveOpinion stores the opinion without its sender and thanks them; the session, with the
// text, ends with it.
func (h *Handlers) saveOpinion(t *turn, a answers) error {
	x := answersAs[opinionAnswers](a)
	c, ok, err := h.openCollectionOf(t, x.Code)
	if err != nil || !ok {
		return err
	}
	var about int64
	if x.About != opAboutBranch {
		m, found, err := h.opSubject(t, c, x.Code, x.About)
		if err != nil {
			return err
		} else if !found { // not a member of the branch (any more)
			return h.conclude(t, msgStaleButton.In(t.lang))
		}
		about = m.UserID
	}
	b, err := h.records.Branch(t.ctx, c.BranchID)
	if err != nil {
		return err
	}
	// Drawn once for the update: handled again after a crash, it stores the same opinion,
	// counted once.
	n, err := h.records.NextIDFor(t.ctx, c.BranchID, fmt.Sprintf("%d:%d:%s", t.chatID, t.updateID, flowOpinion))
	if err != nil {
		return err
	}
	op := orglife.Opinion{ID: "o" + n, MeetingID: c.MeetingID, About: about, Text: x.Text,
		Day: orglife.DateOf(h.opts.Clock.Now(), h.zoneOf(b))}
	err = h.records.AddOpinion(t.ctx, c, t.userID, op)
	switch {
	case errors.Is(err, state.ErrOpinionSenderLimit):
		return h.conclude(t, fmt.Sprintf(msgOpSenderLimit.In(t.lang), orglife.OpinionsPerSender))
	case errors.Is(err, state.ErrOpinionLinkLimit), errors.Is(err, state.ErrOpinionsClosed):
		return h.conclude(t, msgOpLinkInvalid.In(t.lang))
	case err != nil:
		return err
	}
	return h.conclude(t, fmt.Sprintf(msgOpThanks.In(t.lang), h.opinionURL(c)))
}

func (h *Handlers) opinionURL(c orglife.OpinionCollection) string {
	return "https://t.me/" + h.opts.BotUsername + "?start=" + c.Code
}

// collect is /collect: the current meeting's collection as it stands, or the question of
// its closing day when it has none; /collect close closes it today.
func (h *Handlers) collect(t *turn) error {
	m, ok, err := h.currentMeeting(t)
	if err != nil || !ok {
		return err
	}
	c, tally, found, err := h.collectionOf(t, m)
	if err != nil {
		return err
	}
	closeNow := isCloseArg(t.args)
	switch {
	case !found && closeNow:
		return h.say(t.ctx, t.chatID, msgOpNoneToClose.In(t.lang))
	case !found:
		return h.startFlow(t, h.flows[flowOpCollect], t.branch.ID, nil)
	case closeNow && !tally.Closed:
		// Closed today, at this moment: the link refuses from now on, and the record says so.
		if err := h.records.CloseOpinionsEarly(t.ctx, c, h.today(t), h.opts.Clock.Now()); err != nil {
			return err
		}
		// Read again: an opinion may have come in since it was first read.
		if c, tally, err = h.records.OpinionCollection(t.ctx, m.BranchID, m.ID); err != nil {
			return err
		}
	}
	if tally.Closed {
		return h.say(t.ctx, t.chatID, fmt.Sprintf(msgOpCollectClosed.In(t.lang), c.Closes.In(t.lang), tally.Opinions, tally.People))
	}
	text, markup := h.collectionView(t, *t.branch, c, tally, msgOpCollectOpen)
	msg := tgbotapi.NewMessage(t.chatID, text)
	msg.ReplyMarkup = markup
	_, err = h.out.Send(t.ctx, htmlMessage(msg))
	return err
}

// collectionOf loads a meeting's collection, closing it first when its day is over.
func (h *Handlers) collectionOf(t *turn, m orglife.Meeting) (orglife.OpinionCollection, orglife.OpinionTally, bool, error) {
	c, tally, err := h.records.OpinionCollection(t.ctx, m.BranchID, m.ID)
	if errors.Is(err, orglife.ErrNotFound) {
		return c, tally, false, nil
	}
	if err != nil {
		return c, tally, false, err
	}
	if !tally.Closed && !c.OpenAt(h.opts.Clock.Now()) {
		if err := h.records.CloseOpinions(t.ctx, m.BranchID, m.ID); err != nil {
			return c, tally, false, err
		}
		tally.Closed = true
	}
	return c, tally, true, nil
}

// collectionView is an open collection's message: head (closing day, counts, link) and the
// button that shares the link through Telegram's share sheet.
func (h *Handlers) collectionView(t *turn, b orglife.Branch, c orglife.OpinionCollection, tally orglife.OpinionTally, head Text) (string, tgbotapi.InlineKeyboardMarkup) {
	link := h.opinionURL(c)
	share := "https://t.me/share/url?url=" + url.QueryEscape(link) +
		"&text=" + url.QueryEscape(fmt.Sprintf(msgOpShare.In(t.lang), b.Name))
	markup := tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonURL(btnOpShare.In(t.lang), share)))
	return fmt.Sprintf(head.In(t.lang), c.Closes.In(t.lang), tally.Opinions, tally.People, link), markup
}

func (h *Handlers) opClosingCheck(t *turn, _ answers, text string) (string, string) {
	today := h.today(t)
	d, err := orglife.ParseDate(text, today)
	if err != nil {
		return "", h.badDate(t)
	}
	switch orglife.OpinionClosingProblem(d, today) {
	case "past":
		return "", msgDateInPast.In(t.lang)
	case "far":
		return "", fmt.Sprintf(msgOpClosesFar.In(t.lang), orglife.OpinionMaxOpenDays)
	}
	return d.String(), ""
}

// openCollection opens the meeting's collection until the end of the day chosen.
func (h *Handlers) openCollection(t *turn, a answers) error {
	x := answersAs[opCollectAnswers](a)
	m, err := h.meetingOf(t)
	if errors.Is(err, orglife.ErrNotFound) {
		return h.conclude(t, msgNoMeeting.In(t.lang))
	}
	if err != nil {
		return err
	}
	b := *t.branch
	now := h.opts.Clock.Now()
	c := orglife.OpinionCollection{Code: state.NewOpinionCode(b.ID), BranchID: b.ID, MeetingID: m.ID, Closes: x.Closes,
		ClosesAt: x.Closes.AddDays(1).At(0, 0, h.zoneOf(b)), CreatedBy: t.userID, CreatedAt: now}
	if err := h.records.OpenOpinions(t.ctx, c); errors.Is(err, state.ErrExists) {
		// Opened meanwhile (the question answered twice): the one open stands.
		if c, _, err = h.records.OpinionCollection(t.ctx, b.ID, m.ID); err != nil {
			return err
		}
	} else if err != nil {
		return err
	}
	_, tally, _, err := h.collectionOf(t, m)
	if err != nil {
		return err
	}
	text, markup := h.collectionView(t, b, c, tally, msgOpOpened)
	return h.concludeWith(t, text, &markup)
}

// opinions is /opinions: the current meeting's opinions for the committee, each not yet
// taken up with its 采纳 button.
func (h *Handlers) opinions(t *turn) error {
	m, ok, err := h.currentMeeting(t)
	if err != nil || !ok {
		return err
	}
	c, tally, found, err := h.collectionOf(t, m)
	if err != nil {
		return err
	}
	if !found {
		return h.say(t.ctx, t.chatID, msgOpNone.In(t.lang))
	}
	ops, err := h.records.Opinions(t.ctx, m.BranchID, m.ID)
	if err != nil {
		return err
	}
	names, err := h.memberNames(t, m.BranchID)
	if err != nil {
		return err
	}
	status := msgOpStateOpen
	if tally.Closed {
		status = msgOpStateClosed
	}
	blocks := []string{fmt.Sprintf(msgOpListHead.In(t.lang), fmt.Sprintf(status.In(t.lang), c.Closes.In(t.lang)), tally.Opinions, tally.People)}
	if len(ops) == 0 {
		blocks = append(blocks, msgOpListEmpty.In(t.lang))
	}
	var kb keyboard
	var rows [][]tgbotapi.InlineKeyboardButton
	var row []tgbotapi.InlineKeyboardButton
	for i, op := range ops {
		line := fmt.Sprintf("%d. 【%s】%s", i+1, quote(opAboutName(op, names, t.lang)), quote(clip(op.Text, opListClip)))
		if op.Adopted != "" {
			line += " " + msgOpAdoptedMark.In(t.lang)
		} else if len(rows)*4+len(row) < opMaxButtons {
			row = append(row, kb.button(fmt.Sprintf(btnOpAdopt.In(t.lang), i+1), buttonData{Kind: kindOpinion,
				Branch: m.BranchID, Meeting: m.ID, Record: op.ID, Action: opinionAdopt}))
			if len(row) == 4 {
				rows, row = append(rows, row), nil
			}
		}
		blocks = append(blocks, line)
	}
	if row != nil {
		rows = append(rows, row)
	}
	if len(rows) > 0 {
		blocks = append(blocks, msgOpAdoptHint.In(t.lang))
	}
	pages := packBlocks(blocks, messageLimit-96)
	for i, page := range pages {
		msg := tgbotapi.NewMessage(t.chatID, page)
		if i == len(pages)-1 && len(rows) > 0 {
			markup, err := kb.markup(rows...)
			if err != nil {
				return fmt.Errorf("opinions of meeting %s: %w", m.ID, err)
			}
			msg.ReplyMarkup = markup
		}
		if _, err := h.out.Send(t.ctx, htmlMessage(msg)); err != nil {
			return err
		}
	}
	return nil
}

// memberNames are a branch's members' names by user id.
func (h *Handlers) memberNames(t *turn, branchID string) (map[int64]string, error) {
	members, err := h.records.Members(t.ctx, branchID)
	if err != nil {
		return nil, err
	}
	names := make(map[int64]string, len(members))
	for _, m := range members {
		names[m.UserID] = m.Name
	}
	return names, nil
}

// opAboutName says what an opinion is about: the branch, or the member (who may have left).
func opAboutName(op orglife.Opinion, names map[int64]string, lang orglife.Lang) string {
	if op.About == 0 {
		return lblOpAboutBranch.In(lang)
	}
	if n, ok := names[op.About]; ok {
		return n
	}
	return lblOpAboutFormer.In(lang)
}

// onOpinionButton: 采纳 starts the adoption of the opinion, for the committee of the branch.
func (h *Handlers) onOpinionButton(t *turn, d buttonData) error {
	p, err := h.pressedOn(t, d)
	if err != nil {
		return err
	}
	if !p.isMember || !p.me.Role.Allows(orglife.RoleCommittee) || !p.meetingFound || d.Action != opinionAdopt {
		return h.stale(t.ctx, t.query, t.lang)
	}
	op, err := h.records.Opinion(t.ctx, d.Branch, d.Meeting, d.Record)
	if errors.Is(err, orglife.ErrNotFound) {
		return h.stale(t.ctx, t.query, t.lang)
	}
	if err != nil {
		return err
	}
	if op.Adopted != "" {
		return h.answer(t.ctx, t.query.ID, msgOpAlreadyAdopted.In(t.lang))
	}
	if err := h.answer(t.ctx, t.query.ID, ""); err != nil {
		return err
	}
	t.branch, t.member = &p.branch, &p.me
	return h.startFlow(t, h.flows[flowOpAdopt], d.Branch, answers{keyMeeting: d.Meeting, "opinion": op.ID,
		"about": strconv.FormatInt(op.About, 10)})
}

func opAboutMember(_ *turn, a answers) bool {
	about := answersAs[opAdoptAnswers](a).About
	return about != "" && about != opAboutBranch
}

// adoptedOpinion is the opinion an adoption is about, for its questions.
func (h *Handlers) adoptedOpinion(t *turn, a answers) orglife.Opinion {
	x := answersAs[opAdoptAnswers](a)
	op, err := h.records.Opinion(t.ctx, t.sess.Branch, x.Meeting, x.Opinion)
	if err != nil {
		h.log.Warn("opinion to adopt", "branch", t.sess.Branch, "opinion", x.Opinion, "error", err)
	}
	return op
}

func (h *Handlers) opAskArea(t *turn, a answers) string {
	op := h.adoptedOpinion(t, a)
	names, err := h.memberNames(t, t.sess.Branch)
	if err != nil {
		h.log.Warn("opinion to adopt", "branch", t.sess.Branch, "error", err)
	}
	return fmt.Sprintf(msgOpAskArea.In(t.lang), quote(clip(op.Text, opPromptClip)), quote(opAboutName(op, names, t.lang)))
}

func (h *Handlers) opAskHeadline(t *turn, a answers) string {
	op := h.adoptedOpinion(t, a)
	return fmt.Sprintf(msgOpAskHeadline.In(t.lang), quote(clip(op.Text, opPromptClip)), orglife.HeadlineMax)
}

// adoptOpinion makes the opinion a member's point or a branch problem, source 群众提, and
// marks it taken up; the member is told it came from 征求意见.
func (h *Handlers) adoptOpinion(t *turn, a answers) error {
	x := answersAs[opAdoptAnswers](a)
	m, err := h.meetingOf(t)
	if errors.Is(err, orglife.ErrNotFound) {
		return h.conclude(t, msgNoMeeting.In(t.lang))
	}
	if err != nil {
		return err
	}
	op, err := h.records.Opinion(t.ctx, m.BranchID, m.ID, x.Opinion)
	if errors.Is(err, orglife.ErrNotFound) {
		return h.conclude(t, msgStaleButton.In(t.lang))
	}
	if err != nil {
		return err
	}
	if op.Adopted != "" && op.Adopted != x.ID {
		return h.conclude(t, msgOpAlreadyAdopted.In(t.lang))
	}
	now := h.opts.Clock.Now()
	if op.About == 0 {
		return h.adoptAsProblem(t, a, m, op, x.Headline)
	}
	member, isMember, err := h.records.Member(t.ctx, m.BranchID, op.About)
	if err != nil {
		return err
	}
	if !isMember {
		return h.conclude(t, msgOpMemberGone.In(t.lang))
	}
	id, err := h.recordID(t, a, "p")
	if err != nil {
		return err
	}
	if taken, err := h.takeOpinion(t, m, op, id); err != nil || !taken {
		return err
	}
	p := orglife.Point{ID: id, MeetingID: m.ID, MemberID: member.UserID, Area: x.Area, Source: orglife.SourceMasses,
		Problem: op.Text, CreatedAt: now, UpdatedAt: now}
	change := orglife.PointChange{By: t.userID, At: now, Action: orglife.PointCreate, After: pointSummary(p, orglife.LangZH)}
	if err := h.records.SavePoint(t.ctx, m.BranchID, p, change); err != nil {
		return err
	}
	h.tell(t, member.UserID, func(lang orglife.Lang) string {
		return fmt.Sprintf(msgOpPointTold.In(lang), quote(m.Title), x.Area.Name(lang), quote(clip(op.Text, opPromptClip)))
	})
	return h.conclude(t, fmt.Sprintf(msgOpAdoptedPoint.In(t.lang), quote(member.Name), x.Area.Name(t.lang)))
}

// adoptAsProblem makes an opinion about the branch a branch problem: the headline typed, the
// opinion as its 具体表现.
func (h *Handlers) adoptAsProblem(t *turn, a answers, m orglife.Meeting, op orglife.Opinion, headline string) error {
	if headline == "" {
		return h.conclude(t, msgStaleButton.In(t.lang))
	}
	s, err := h.bpLoad(t, m)
	if err != nil {
		return err
	}
	id, err := h.recordID(t, a, "b")
	if err != nil {
		return err
	}
	if taken, err := h.takeOpinion(t, m, op, id); err != nil || !taken {
		return err
	}
	p := h.bpNew(t, m, id)
	p.Order, p.Headline, p.Detail, p.Source = len(s.live)+1, headline, op.Text, orglife.SourceMasses
	if !bpSaved(s, id) {
		change := orglife.BranchProblemChange{ProblemID: p.ID, By: t.userID, At: p.CreatedAt, Action: orglife.BranchProblemCreate,
			After: bpSummary(p)}
		if err := h.records.SaveBranchProblems(t.ctx, m.BranchID, m.ID, []orglife.BranchProblem{p}, []orglife.BranchProblemChange{change}); err != nil {
			return err
		}
	}
	return h.conclude(t, fmt.Sprintf(msgOpAdoptedProblem.In(t.lang), quote(headline)))
}

// takeOpinion marks op as taken up as record id before the record is written, so that two
// of the committee pressing 采纳 at once make one record; false (and the presser told) when
// another took it up first.
func (h *Handlers) takeOpinion(t *turn, m orglife.Meeting, op orglife.Opinion, id string) (bool, error) {
	taken, err := h.records.AdoptOpinion(t.ctx, m.BranchID, m.ID, op.ID, id, t.userID)
	if err != nil || taken {
		return taken, err
	}
	return false, h.conclude(t, msgOpAlreadyAdopted.In(t.lang))
}

// CloseDueOpinions closes every collection whose closing day is over: the scheduler's sweep,
// so that the means to tell senders apart go at the closing time even if no one looks.
func (h *Handlers) CloseDueOpinions(ctx context.Context) error {
	due, err := h.records.OpinionsDue(ctx, h.opts.Clock.Now())
	if err != nil {
		return err
	}
	var errs []error
	for _, bm := range due {
		if err := h.records.CloseOpinions(ctx, bm[0], bm[1]); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
