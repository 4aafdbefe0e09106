package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
	"orglife/report"
	"orglife/state"
)

// 民主评议党员, the secret ballot. The secretary opens it on the current meeting with a
// closing day (/ballot 12-20); every member on the roster gets, in their private chat, one
// message listing the others with a row of four buttons each (优秀 合格 基本合格 不合格),
// edited in place as they rate; /vote shows it again. At the close (the closing time, or
// /ballot close) the votes are counted and the secretary gets the counts as text and .xlsx;
// the report gets its 民主评议结果 paragraph.
//
// Secrecy (see state/ballot.go for the storage): the buttons carry an opaque code that only
// the open ballot's key reads, never a rating; no session is kept; nothing here logs a
// rating; the secretary's progress view names who has and has not voted, never how.

// ballotPageSize is how many members one message of the dialog rates: four buttons each,
// within Telegram's limit of 100 buttons a keyboard.
const ballotPageSize = 24

// cmdVote is the member's voting form, which the reminder to vote opens.
const cmdVote = "vote"

func (h *Handlers) ballotCommands() []Command {
	return []Command{
		{Name: "ballot", Desc: descBallot, Role: orglife.RoleSecretary, run: h.ballotCommand},
		{Name: cmdVote, Desc: descVote, Role: orglife.RoleMember, run: h.voteCommand},
	}
}

func (h *Handlers) ballotButtons() map[buttonKind]buttonHandler {
	return map[buttonKind]buttonHandler{kindBallot: h.onBallotButton}
}

// minVoters is ballot.min_voters.
func (h *Handlers) minVoters() int {
	if h.opts.BallotMinVoters > 0 {
		return h.opts.BallotMinVoters
	}
	return orglife.DefaultMinVoters
}

// ballotArgs reads /ballot's arguments: nothing (the state of the ballot), "close", or the
// closing day.
// errClosingPast: a readable closing day that has gone by (any other error: unreadable).
var errClosingPast = errors.New("closing day in the past")

func ballotArgs(args string, today orglife.Date) (closing orglife.Date, closeNow bool, err error) {
	args = strings.TrimSpace(args)
	switch {
	case args == "":
		return orglife.Date{}, false, nil
	case isCloseArg(args):
		return orglife.Date{}, true, nil
	}
	d, err := orglife.ParseDate(args, today)
	if err != nil {
		return orglife.Date{}, false, err
	}
	if d.Before(today) {
		return orglife.Date{}, false, errClosingPast
	}
	return d, false, nil
}

// isCloseArg reports whether a command's argument asks to close what it shows
// (/ballot close, /collect close).
func isCloseArg(args string) bool {
	switch strings.ToLower(strings.TrimSpace(args)) {
	case "close", "截止", "结束", "关闭":
		return true
	}
	return false
}

// ballotCommand opens, shows or closes the current meeting's ballot.
func (h *Handlers) ballotCommand(t *turn) error {
	m, ok, err := h.currentMeeting(t)
	if err != nil || !ok {
		return err
	}
	today := h.today(t)
	closing, closeNow, err := ballotArgs(t.args, today)
	if err != nil {
		text := msgBallotUnreadableDate
		if errors.Is(err, errClosingPast) {
			text = msgBallotBadDate
		}
		return h.say(t.ctx, t.chatID, fmt.Sprintf(text.In(t.lang), shortDay(today.AddDays(7), t.lang)))
	}
	b, err := h.records.Ballot(t.ctx, m.BranchID, m.ID)
	found := err == nil
	if err != nil && !errors.Is(err, orglife.ErrNotFound) {
		return err
	}
	switch {
	case !closing.IsZero() && found:
		return h.say(t.ctx, t.chatID, msgBallotExists.In(t.lang))
	case !closing.IsZero():
		return h.openBallot(t, m, closing)
	case !found:
		return h.say(t.ctx, t.chatID, fmt.Sprintf(msgBallotUsage.In(t.lang), shortDay(today.AddDays(7), t.lang), h.minVoters()))
	case closeNow || !b.Closed && !b.OpenAt(h.opts.Clock.Now()):
		closed, err := h.closeBallot(t.ctx, m.BranchID, m.ID)
		if err != nil || closed && t.userID == t.branch.SecretaryID {
			return err // closeBallot sent the secretary the results
		}
		if b, err = h.records.Ballot(t.ctx, m.BranchID, m.ID); err != nil {
			return err
		}
	}
	if b.Closed {
		return h.sendBallotResults(t.ctx, t.chatID, b, m, t.lang)
	}
	return h.ballotStatus(t, b, m)
}

// openBallot opens the ballot of meeting m closing at the end of day closing, and sends
// each member of the roster the voting dialog.
func (h *Handlers) openBallot(t *turn, m orglife.Meeting, closing orglife.Date) error {
	members, err := h.records.Members(t.ctx, m.BranchID)
	if err != nil {
		return err
	}
	roster := minutesIDs(members)
	if len(roster) < h.minVoters() {
		return h.say(t.ctx, t.chatID, fmt.Sprintf(msgBallotTooFew.In(t.lang), h.minVoters()))
	}
	now := h.opts.Clock.Now()
	b := orglife.Ballot{BranchID: m.BranchID, MeetingID: m.ID, OpenedAt: now, OpenedBy: t.userID,
		Closes: closing.AddDays(1).At(0, 0, h.loc(t)), Roster: roster, MinVoters: h.minVoters()}
	// The meeting is marked first: a mark without a ballot (a crash between the two) costs
	// one lookup that finds none; a ballot without its mark would go unseen.
	mark, err := h.records.Meeting(t.ctx, m.BranchID, m.ID)
	if err != nil {
		return err
	}
	// Its days plan the reminders to vote with the meeting's other reminders, so that a
	// replan of the meeting keeps them (orglife.PlanBallotReminders).
	mark.Appraisal = true
	mark.BallotDays = &orglife.BallotDays{Opened: orglife.DateOf(now, h.loc(t)), Closes: closing}
	if err := h.records.SaveMeeting(t.ctx, mark); err != nil {
		return err
	}
	if err := h.records.OpenBallot(t.ctx, b); errors.Is(err, state.ErrExists) {
		return h.say(t.ctx, t.chatID, msgBallotExists.In(t.lang))
	} else if err != nil {
		return err
	}
	if err := h.replan(t.ctx, mark); err != nil {
		return err
	}
	if err := h.say(t.ctx, t.chatID, fmt.Sprintf(msgBallotOpened.In(t.lang), len(roster), closing.In(t.lang))); err != nil {
		return err
	}
	for _, u := range roster {
		lang, err := h.language(t.ctx, nil, u)
		if err != nil {
			return err
		}
		if err := h.sendBallotDialog(t.ctx, u, b, m, members, lang, now); err != nil {
			h.log.Warn("ballot form not sent", "user", u, "error", err)
		}
	}
	return nil
}

// ballotStatus tells the secretary how far the open ballot is: who has voted, never how.
func (h *Handlers) ballotStatus(t *turn, b orglife.Ballot, m orglife.Meeting) error {
	members, err := h.records.Members(t.ctx, m.BranchID)
	if err != nil {
		return err
	}
	pending, err := h.ballotPending(t.ctx, b)
	if err != nil {
		return err
	}
	names := msgBallotNobody.In(t.lang)
	if len(pending) > 0 {
		names = namesOf(members, pending, t.lang)
	}
	closes := h.closingDay(b)
	return h.say(t.ctx, t.chatID, fmt.Sprintf(msgBallotStatus.In(t.lang), quote(m.Title), closes.In(t.lang),
		len(b.Roster)-len(pending), len(b.Roster), names))
}

// closingDay is the last day of voting, in the zone the ballot was opened in.
func (h *Handlers) closingDay(b orglife.Ballot) orglife.Date {
	return orglife.DateOf(b.Closes.Add(-time.Second), b.Closes.Location())
}

// ballotPending are the members of b's roster who have not voted, in roster order.
func (h *Handlers) ballotPending(ctx context.Context, b orglife.Ballot) ([]int64, error) {
	voted, err := h.records.BallotVoters(ctx, b.BranchID, b.MeetingID)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(slices.Clone(b.Roster), func(u int64) bool { return slices.Contains(voted, u) }), nil
}

// voteCommand shows the member the voting dialog of the current meeting's ballot.
func (h *Handlers) voteCommand(t *turn) error {
	m, ok, err := h.currentMeeting(t)
	if err != nil || !ok {
		return err
	}
	b, err := h.records.Ballot(t.ctx, m.BranchID, m.ID)
	if errors.Is(err, orglife.ErrNotFound) {
		return h.say(t.ctx, t.chatID, msgBallotNone.In(t.lang))
	}
	if err != nil {
		return err
	}
	now := h.opts.Clock.Now()
	switch {
	case !b.OpenAt(now):
		if !b.Closed {
			if _, err := h.closeBallot(t.ctx, b.BranchID, b.MeetingID); err != nil {
				return err
			}
		}
		return h.say(t.ctx, t.chatID, msgBallotClosed.In(t.lang))
	case !b.OnRoster(t.userID):
		return h.say(t.ctx, t.chatID, msgBallotNotVoter.In(t.lang))
	}
	members, err := h.records.Members(t.ctx, m.BranchID)
	if err != nil {
		return err
	}
	return h.sendBallotDialog(t.ctx, t.chatID, b, m, members, t.lang, now)
}

// sendBallotDialog sends voter the pages of their voting dialog.
func (h *Handlers) sendBallotDialog(ctx context.Context, voter int64, b orglife.Ballot, m orglife.Meeting, members []orglife.Member, lang orglife.Lang, now time.Time) error {
	k, err := h.records.BallotKeyOf(ctx, b, now)
	if err != nil {
		return err
	}
	v, err := h.records.MyVote(ctx, b, k, voter)
	if err != nil {
		return err
	}
	cands := b.Candidates(voter)
	for page := 0; page*ballotPageSize < len(cands); page++ {
		text, markup, err := h.ballotPage(b, m, members, k, voter, v, page, lang)
		if err != nil {
			return err
		}
		msg := tgbotapi.NewMessage(voter, text)
		msg.ReplyMarkup = markup
		sent, err := h.out.Send(ctx, htmlMessage(msg))
		if err != nil {
			return err
		}
		// Noted for the close, which closes every form; a form not noted is closed when
		// pressed, and one sent as the ballot closed is closed at once.
		noted, err := h.records.NoteBallotForm(ctx, b, voter, sent.MessageID)
		switch {
		case err != nil:
			h.log.Warn("ballot form not noted", "branch", b.BranchID, "error", err)
		case !noted:
			return h.closePrompt(ctx, voter, sent.MessageID, ballotFormClosed(m.Title, lang))
		}
	}
	return nil
}

// ballotPage is one message of voter's dialog: the members of page with their current
// rating, and a row of four buttons each (the current one ticked).
func (h *Handlers) ballotPage(b orglife.Ballot, m orglife.Meeting, members []orglife.Member, k state.BallotKey,
	voter int64, v orglife.Vote, page int, lang orglife.Lang) (string, tgbotapi.InlineKeyboardMarkup, error) {
	cands := b.Candidates(voter)
	pages := (len(cands) + ballotPageSize - 1) / ballotPageSize
	var s strings.Builder
	fmt.Fprintf(&s, msgBallotHead.In(lang), quote(m.Title), h.closingDay(b).In(lang))
	if pages > 1 {
		fmt.Fprintf(&s, " "+msgBallotPage.In(lang), page+1, pages)
	}
	s.WriteString("\n")
	var kb keyboard
	var rows [][]tgbotapi.InlineKeyboardButton
	for i := page * ballotPageSize; i < min(len(cands), (page+1)*ballotPageSize); i++ {
		u := cands[i]
		pos := slices.Index(b.Roster, u)
		current := msgBallotUnrated.In(lang)
		if v[pos].Valid() {
			current = "<b>" + v[pos].Name(lang) + "</b>"
		}
		fmt.Fprintf(&s, "\n"+msgBallotLine.In(lang), i+1, quote(orglife.MemberName(members, u, lang)), current)
		row := make([]tgbotapi.InlineKeyboardButton, 0, len(orglife.Ratings))
		for _, r := range orglife.Ratings {
			label := fmt.Sprintf("%d %s", i+1, r.Name(lang))
			if v[pos] == r {
				label = "✅" + label
			}
			row = append(row, kb.button(label, buttonData{Kind: kindBallot, Branch: b.BranchID, Meeting: b.MeetingID,
				Record: k.ButtonCode(voter, pos, r)}))
		}
		rows = append(rows, row)
	}
	rated := 0
	for pos, u := range b.Roster {
		if u != voter && v[pos].Valid() {
			rated++
		}
	}
	s.WriteString("\n\n")
	if b.Complete(v, voter) {
		s.WriteString(msgBallotDone.In(lang))
	} else {
		fmt.Fprintf(&s, msgBallotProgress.In(lang), rated, len(cands))
	}
	markup, err := kb.markup(rows...)
	if err != nil {
		return "", markup, fmt.Errorf("ballot buttons: %w", err)
	}
	return s.String(), markup, nil
}

// onBallotButton takes one rating: the button's code says which member and which rating,
// to the open ballot's key only. The vote is replaced whole (sealed again), so a second
// rating of a member replaces the first.
func (h *Handlers) onBallotButton(t *turn, d buttonData) error {
	on, err := h.pressedOn(t, d)
	if err != nil {
		return err
	}
	if !on.isMember || !on.meetingFound {
		return h.stale(t.ctx, t.query, t.lang)
	}
	b, err := h.records.Ballot(t.ctx, d.Branch, d.Meeting)
	if errors.Is(err, orglife.ErrNotFound) {
		return h.stale(t.ctx, t.query, t.lang)
	}
	if err != nil {
		return err
	}
	if !b.OnRoster(t.userID) {
		return h.refuseBallot(t, msgBallotNotVoter)
	}
	now := h.opts.Clock.Now()
	k, err := h.records.BallotKeyOf(t.ctx, b, now)
	if errors.Is(err, orglife.ErrBallotClosed) {
		return h.ballotClosedPress(t, b)
	}
	if err != nil {
		return err
	}
	pos, r, ok := k.ReadButton(t.userID, len(b.Roster), d.Record)
	if !ok {
		return h.stale(t.ctx, t.query, t.lang)
	}
	v, err := h.records.MyVote(t.ctx, b, k, t.userID)
	if err != nil {
		return err
	}
	if err := b.Rate(v, t.userID, b.Roster[pos], r); err != nil {
		return h.stale(t.ctx, t.query, t.lang)
	}
	if _, err := h.records.CastVote(t.ctx, b, k, t.userID, v); errors.Is(err, orglife.ErrBallotClosed) {
		return h.ballotClosedPress(t, b)
	} else if err != nil {
		return err
	}
	members, err := h.records.Members(t.ctx, b.BranchID)
	if err != nil {
		return err
	}
	page := slices.Index(b.Candidates(t.userID), b.Roster[pos]) / ballotPageSize
	text, markup, err := h.ballotPage(b, on.meeting, members, k, t.userID, v, page, t.lang)
	if err != nil {
		return err
	}
	if err := h.answer(t.ctx, t.query.ID, msgBallotSaved.In(t.lang)); err != nil {
		return err
	}
	edit := tgbotapi.NewEditMessageTextAndMarkup(t.chatID, t.query.Message.MessageID, text, markup)
	edit.ParseMode = tgbotapi.ModeHTML
	_, err = h.out.Send(t.ctx, edit)
	return err
}

// refuseBallot answers a press that may not vote, leaving the message as it is.
func (h *Handlers) refuseBallot(t *turn, why Text) error {
	return h.answer(t.ctx, t.query.ID, why.In(t.lang))
}

// ballotClosedPress answers a rating after the close: refused, the dialog closed (and the
// ballot closed and counted, if its time passed unnoticed).
func (h *Handlers) ballotClosedPress(t *turn, b orglife.Ballot) error {
	if !b.Closed {
		if _, err := h.closeBallot(t.ctx, b.BranchID, b.MeetingID); err != nil {
			return err
		}
	}
	if err := h.answer(t.ctx, t.query.ID, msgBallotClosed.In(t.lang)); err != nil {
		return err
	}
	title := ""
	if m, err := h.records.Meeting(t.ctx, b.BranchID, b.MeetingID); err == nil {
		title = m.Title
	}
	return h.closePrompt(t.ctx, t.chatID, t.query.Message.MessageID, ballotFormClosed(title, t.lang))
}

// ballotFormClosed is what a form says once its ballot closed, naming the meeting when known.
func ballotFormClosed(title string, lang orglife.Lang) string {
	if title == "" {
		return msgBallotClosed.In(lang)
	}
	return fmt.Sprintf(msgBallotFormClosed.In(lang), quote(title))
}

// closeBallot closes and counts a ballot; the first to close it sends the secretary the
// results. It reports whether this call closed it.
func (h *Handlers) closeBallot(ctx context.Context, branchID, meetingID string) (bool, error) {
	b, closedNow, err := h.records.CloseBallot(ctx, branchID, meetingID, h.opts.Clock.Now())
	if err != nil || !closedNow {
		return closedNow, err
	}
	// The forms are closed whatever happens below: no later call finds the ballot to close.
	title := ""
	defer func() { h.closeBallotForms(ctx, branchID, meetingID, title) }()
	br, err := h.records.Branch(ctx, branchID)
	if err != nil {
		return true, err
	}
	m, err := h.records.Meeting(ctx, branchID, meetingID)
	if err != nil {
		return true, err
	}
	title = m.Title
	if m.BallotDays != nil { // no more reminders to vote (closed early, they are not sent)
		m.BallotDays = nil
		if err := h.records.SaveMeeting(ctx, m); err != nil {
			return true, err
		}
		if err := h.replan(ctx, m); err != nil {
			return true, err
		}
	}
	lang, err := h.language(ctx, nil, br.SecretaryID)
	if err != nil {
		return true, err
	}
	if err := h.say(ctx, br.SecretaryID, fmt.Sprintf(msgBallotClosedNow.In(lang), quote(m.Title))); err != nil {
		h.log.Warn("ballot closing notice not sent", "branch", branchID, "error", err)
	}
	if err := h.sendBallotResults(ctx, br.SecretaryID, b, m, lang); err != nil {
		h.log.Warn("ballot results not sent", "branch", branchID, "error", err)
	}
	return true, nil
}

// ballotFormsBudget is how long closing a ballot's forms may take, apart from what the
// close spent before: at the token's 30 messages a second, some 600 forms.
const ballotFormsBudget = 20 * time.Second

// closeBallotForms closes the forms sent for a ballot just closed (title its meeting's, ""
// when unknown): their buttons go, and they say it is closed (an edit, which notifies no
// one). Best effort: a form that could not be closed refuses a press.
func (h *Handlers) closeBallotForms(ctx context.Context, branchID, meetingID, title string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), ballotFormsBudget)
	defer cancel()
	forms, err := h.records.TakeBallotForms(ctx, branchID, meetingID)
	if err != nil {
		h.log.Warn("ballot forms not closed", "branch", branchID, "error", err)
		return
	}
	failed := 0
	var last error
	for _, f := range forms {
		lang, err := h.language(ctx, nil, f.Chat)
		if err != nil {
			lang = orglife.LangZH
		}
		if err := h.closePrompt(ctx, f.Chat, f.MessageID, ballotFormClosed(title, lang)); err != nil {
			failed, last = failed+1, err
		}
	}
	if failed > 0 {
		h.log.Warn("ballot forms left open (a press is refused)", "branch", branchID, "failed", failed, "of", len(forms), "error", last)
	}
}

// CloseDueBallots closes the ballots whose closing time has come (the scheduler's sweep).
func (h *Handlers) CloseDueBallots(ctx context.Context) error {
	due, err := h.records.DueBallots(ctx, h.opts.Clock.Now())
	if err != nil {
		return err
	}
	var errs []error
	for _, r := range due {
		if _, err := h.closeBallot(ctx, r.BranchID, r.MeetingID); err != nil && !errors.Is(err, orglife.ErrNotFound) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// sendBallotResults sends a closed ballot's counts to chat: as text, and as .xlsx when
// published.
func (h *Handlers) sendBallotResults(ctx context.Context, chat int64, b orglife.Ballot, m orglife.Meeting, lang orglife.Lang) error {
	members, err := h.records.Members(ctx, b.BranchID)
	if err != nil {
		return err
	}
	var s strings.Builder
	fmt.Fprintf(&s, msgBallotResultHead.In(lang), quote(m.Title), len(b.Roster), b.Voters)
	if !b.Published() {
		s.WriteString("\n" + fmt.Sprintf(msgBallotWithheld.In(lang), b.MinVoters))
		return h.say(ctx, chat, s.String())
	}
	for _, tl := range b.Tally {
		c := tl.Counts
		fmt.Fprintf(&s, "\n"+msgBallotResultLine.In(lang), quote(orglife.MemberName(members, tl.UserID, lang)), c[0], c[1], c[2], c[3])
	}
	if err := h.say(ctx, chat, s.String()); err != nil {
		return err
	}
	br, err := h.records.Branch(ctx, b.BranchID)
	if err != nil {
		return err
	}
	doc := report.AppraisalList(report.Data{BranchName: br.Name, Meeting: m, Members: members, Ballot: &b})
	var buf bytes.Buffer
	if err := report.WriteXLSX(&buf, doc); err != nil {
		return fmt.Errorf("render appraisal results: %w", err)
	}
	file := tgbotapi.NewDocument(chat, tgbotapi.FileBytes{Name: strings.NewReplacer("/", "-", "\\", "-").Replace(doc.Title) + ".xlsx", Bytes: buf.Bytes()})
	file.Caption = msgBallotResultFile.In(lang)
	_, err = h.out.Send(ctx, file)
	return err
}

// ballotPendingNow are who has not voted in m's ballot while it is open at now (the
// digest's 「民主评议尚未完成」); none when it has no open ballot.
func (h *Handlers) ballotPendingNow(ctx context.Context, m orglife.Meeting, now time.Time) ([]int64, error) {
	if !m.Appraisal {
		return nil, nil
	}
	b, err := h.records.Ballot(ctx, m.BranchID, m.ID)
	if errors.Is(err, orglife.ErrNotFound) {
		return nil, nil
	}
	if err != nil || !b.OpenAt(now) {
		return nil, err
	}
	return h.ballotPending(ctx, b)
}

// todoBallotLine is /todo's 「民主评议尚未完成」 for user while m's ballot is open and their
// vote is not complete; "" otherwise.
func (h *Handlers) todoBallotLine(ctx context.Context, m orglife.Meeting, user int64, lang orglife.Lang) (string, error) {
	pending, err := h.ballotPendingNow(ctx, m, h.opts.Clock.Now())
	if err != nil || !slices.Contains(pending, user) {
		return "", err
	}
	b, err := h.records.Ballot(ctx, m.BranchID, m.ID)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf(msgTodoBallot.In(lang), h.closingDay(b).In(lang)), nil
}

// ballotAudience: whom a reminder to vote reaches, decided when it is sent: the members on
// the roster who have not voted yet, while the ballot is open (closed, early or on time,
// it matters no more), leaving out people on leave. One later than the grace (the bot was
// down) is dropped, as a step's is.
func (h *Handlers) ballotAudience(ctx context.Context, b orglife.Branch, m orglife.Meeting, r orglife.Reminder, now time.Time) ([]int64, bool, error) {
	if r.Late(now, h.zoneOf(b), h.rulesOf(b).Window, h.opts.Remind.Grace) {
		return nil, false, nil
	}
	pending, err := h.ballotPendingNow(ctx, m, now)
	if err != nil || len(pending) == 0 {
		return nil, false, err
	}
	users, err := h.notOnLeave(ctx, b, pending, now)
	return users, true, err
}

// ballotPart is the reminder to vote as one part of a person's message, with the button that
// opens their voting form (/vote); bare leaves out the 【提醒】 tag, for a part of a message
// that has it already.
func (h *Handlers) ballotPart(ctx context.Context, m orglife.Meeting, lang orglife.Lang, bare bool) (reminderPart, error) {
	b, err := h.records.Ballot(ctx, m.BranchID, m.ID)
	if err != nil {
		return reminderPart{}, err
	}
	closes := h.closingDay(b)
	act := partAct{label: btnVoteNow.In(lang), name: btnVoteNowBare.In(lang), cmd: cmdVote, branch: m.BranchID, meeting: m.ID}
	text := fmt.Sprintf(msgRemindBallot.In(lang), closes.In(lang))
	if !bare {
		text = msgRemindTag.In(lang) + text
	}
	return reminderPart{text: text, due: closes, about: []string{"ballot"},
		acts: []partAct{act}}, nil
}
