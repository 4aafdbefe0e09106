package bot

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
	"orglife/report"
)

// 支部班子问题: after 查摆问题 the committee states the branch's own problems. /branchproblems
// shows one message, the board: the problems stated so far, in order, and the members'
// points not yet gathered into one, grouped by area as proposals to confirm with a headline.
// A problem's button opens its card (edit, move, merge, split, mark for the report,
// remove); every view replaces the message in place, and every change is logged
// (SaveBranchProblems). The secretary may curate, and the committee members the secretary
// allows (orglife.CanCurate).

const (
	bpBoard        = "0"  // the record of the board's own buttons
	bpLabelClip    = 14   // how much of a headline or point a button shows
	bpProposalClip = 80   // how much of a proposal's 具体表现 the board shows
	bpDetailClip   = 1500 // how much of a 具体表现 a card or a question shows
	bpSummaryClip  = 60   // how much of a 具体表现 a log entry keeps
	bpMinDetail    = 6    // a typed 具体表现 needs this many characters
	bpKeep         = "_keep"
	bpMaxButtons   = 80 // problems with a button on the board
)

func (h *Handlers) branchProblemCommands() []Command {
	return []Command{{Name: "branchproblems", Desc: descBranchProblems, Role: orglife.RoleCommittee,
		refusal: msgBpNotAllowed, run: h.branchProblems}}
}

func (h *Handlers) branchProblemButtons() map[buttonKind]buttonHandler {
	return map[buttonKind]buttonHandler{kindBranchProblem: h.onBranchProblemButton}
}

// branchProblems shows the board of the current meeting to whoever may curate it.
func (h *Handlers) branchProblems(t *turn) error {
	m, ok, err := h.currentMeeting(t)
	if err != nil || !ok {
		return err
	}
	if !mayCurate(*t.branch, *t.member, m) {
		return h.say(t.ctx, t.chatID, msgBpNotAllowed.In(t.lang))
	}
	text, markup, err := h.bpBoardView(t, m, "")
	if err != nil {
		return err
	}
	msg := tgbotapi.NewMessage(t.chatID, text)
	msg.ReplyMarkup = markup
	_, err = h.out.Send(t.ctx, htmlMessage(msg))
	return err
}

// mayCurate reports whether member me of branch b may state meeting m's branch problems: its
// secretary, or a committee member the secretary allowed.
func mayCurate(b orglife.Branch, me orglife.Member, m orglife.Meeting) bool {
	if me.Role == orglife.RoleSecretary {
		return b.SecretaryID == me.UserID
	}
	return orglife.CanCurate(me.Role, me.UserID, m)
}

// bpAccess reads, against the records as they are now, the meeting a button or a flow is
// about and whether the user may curate it; found says whether the user is a member of the
// branch and the meeting is there.
func (h *Handlers) bpAccess(t *turn, branchID, meetingID string) (m orglife.Meeting, found, allowed bool, err error) {
	on, err := h.pressedOn(t, buttonData{Kind: kindBranchProblem, Branch: branchID, Meeting: meetingID})
	if err != nil || !on.isMember || !on.meetingFound {
		return on.meeting, false, false, err
	}
	on.me.UserID = t.userID
	return on.meeting, true, mayCurate(on.branch, on.me, on.meeting), nil
}

// bpState is what the board shows: the meeting's problems (removed ones too), the live ones
// in order, every point by id, the members, and the proposals from the points no live
// problem gathers yet.
type bpState struct {
	all       []orglife.BranchProblem
	live      []orglife.BranchProblem
	points    map[string]orglife.Point
	members   []orglife.Member
	proposals []orglife.BranchProblem
}

func (h *Handlers) bpLoad(t *turn, m orglife.Meeting) (bpState, error) {
	var s bpState
	var err error
	if s.all, err = h.records.BranchProblems(t.ctx, m.BranchID, m.ID); err != nil {
		return s, err
	}
	s.live = orglife.LiveBranchProblems(s.all)
	points, err := h.records.Points(t.ctx, m.BranchID, m.ID)
	if err != nil {
		return s, err
	}
	if s.members, err = h.records.Members(t.ctx, m.BranchID); err != nil {
		return s, err
	}
	gathered := map[string]bool{}
	for _, p := range s.live {
		for _, id := range p.PointIDs {
			gathered[id] = true
		}
	}
	s.points = map[string]orglife.Point{}
	var left []orglife.Point
	for _, p := range points {
		s.points[p.ID] = p
		if !gathered[p.ID] {
			left = append(left, p)
		}
	}
	s.proposals = report.ProposeBranchProblems(left, s.members)
	return s, nil
}

// problem is the live problem id, if there is one.
func (s bpState) problem(id string) (orglife.BranchProblem, int, bool) {
	i := slices.IndexFunc(s.live, func(p orglife.BranchProblem) bool { return p.ID == id })
	if i < 0 {
		return orglife.BranchProblem{}, -1, false
	}
	return s.live[i], i, true
}

// proposal is the proposal of an area, if its points are still to gather.
func (s bpState) proposal(area orglife.Area) (orglife.BranchProblem, bool) {
	i := slices.IndexFunc(s.proposals, func(p orglife.BranchProblem) bool { return p.Area == area })
	if i < 0 {
		return orglife.BranchProblem{}, false
	}
	return s.proposals[i], true
}

// activePoints are the points of p not withdrawn, in p's order.
func (s bpState) activePoints(p orglife.BranchProblem) []orglife.Point {
	var out []orglife.Point
	for _, id := range p.PointIDs {
		if pt, ok := s.points[id]; ok && !pt.Withdrawn {
			out = append(out, pt)
		}
	}
	return out
}

// proposalRecord is the record a proposal's button names: "a" and the area's number.
func proposalRecord(a orglife.Area) string { return "a" + strconv.Itoa(int(a)) }

func proposalArea(record string) (orglife.Area, bool) {
	n, err := strconv.Atoi(strings.TrimPrefix(record, "a"))
	a := orglife.Area(n)
	return a, err == nil && strings.HasPrefix(record, "a") && proposalRecord(a) == record && a.Valid()
}

func bpData(m orglife.Meeting, record, action string) buttonData {
	return buttonData{Kind: kindBranchProblem, Branch: m.BranchID, Meeting: m.ID, Record: record, Action: action}
}

// bpBoardView is the board: note (what just happened, or ""), the problems, the proposals
// and the buttons.
func (h *Handlers) bpBoardView(t *turn, m orglife.Meeting, note string) (string, tgbotapi.InlineKeyboardMarkup, error) {
	s, err := h.bpLoad(t, m)
	if err != nil {
		return "", tgbotapi.InlineKeyboardMarkup{}, err
	}
	lang := t.lang
	var lines []string
	if note != "" {
		lines = append(lines, note, "")
	}
	lines = append(lines, fmt.Sprintf(msgBpBoardHeader.In(lang), quote(m.Title)))
	var kb keyboard
	var rows [][]tgbotapi.InlineKeyboardButton
	var row []tgbotapi.InlineKeyboardButton
	for i, p := range s.live {
		lines = append(lines, fmt.Sprintf(msgBpProblemLine.In(lang), i+1, quote(bpHeadline(p, lang)), bpMark(p, lang), bpOrigin(p, lang)))
		if i >= bpMaxButtons {
			continue // Telegram refuses a keyboard of 100 buttons; no branch states that many
		}
		row = append(row, kb.button(fmt.Sprintf("%d. %s", i+1, clip(bpHeadline(p, lang), bpLabelClip)), bpData(m, p.ID, bpOpen)))
		if len(row) == 2 {
			rows, row = append(rows, row), nil
		}
	}
	if row != nil {
		rows, row = append(rows, row), nil
	}
	if len(s.proposals) > 0 {
		if len(s.live) > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, msgBpProposalsHeader.In(lang))
		for _, p := range s.proposals {
			lines = append(lines, fmt.Sprintf(msgBpProposalLine.In(lang), p.Area.Name(lang), len(p.PointIDs), quote(clip(p.Detail, bpProposalClip))))
			row = append(row, kb.button(fmt.Sprintf(btnBpConfirm.In(lang), p.Area.Name(lang)), bpData(m, proposalRecord(p.Area), bpConfirm)))
			if len(row) == 2 {
				rows, row = append(rows, row), nil
			}
		}
		if row != nil {
			rows = append(rows, row)
		}
	}
	switch {
	case len(s.live) == 0 && len(s.proposals) == 0:
		lines = append(lines, msgBpNothingYet.In(lang))
	case len(s.live) > 0:
		lines = append(lines, "", msgBpBoardFooter.In(lang))
	}
	last := []tgbotapi.InlineKeyboardButton{kb.button(btnBpAdd.In(lang), bpData(m, bpBoard, bpAdd))}
	if t.member != nil && t.member.Role == orglife.RoleSecretary {
		last = append(last, kb.button(btnBpGrant.In(lang), bpData(m, bpBoard, bpGrant)))
	}
	markup, err := kb.markup(append(rows, last)...)
	if err != nil {
		return "", markup, fmt.Errorf("branch problems of meeting %s: %w", m.ID, err)
	}
	return fitMessage(strings.Join(lines, "\n")), markup, nil
}

// fitMessage cuts a view that would be over Telegram's limit (a very long list); the
// buttons still reach every problem.
func fitMessage(text string) string {
	if utf16Len(text) <= messageLimit {
		return text
	}
	lines := strings.Split(text, "\n")
	for len(lines) > 1 && utf16Len(strings.Join(lines, "\n"))+2 > messageLimit {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n") + "\n…"
}

// bpCardView is one problem's card: note, its place, headline, 具体表现 and origin, and
// the buttons that change it.
func (h *Handlers) bpCardView(t *turn, m orglife.Meeting, s bpState, p orglife.BranchProblem, note string) (string, tgbotapi.InlineKeyboardMarkup, error) {
	lang := t.lang
	_, i, _ := s.problem(p.ID)
	detail := quote(clip(p.Detail, bpDetailClip))
	if strings.TrimSpace(p.Detail) == "" {
		detail = msgBpNoDetail.In(lang)
	}
	text := fmt.Sprintf(msgBpCard.In(lang), i+1, bpMark(p, lang), quote(bpHeadline(p, lang)), detail, bpOriginLine(p, lang))
	if note != "" {
		text = note + "\n\n" + text
	}
	var kb keyboard
	rows := [][]tgbotapi.InlineKeyboardButton{{
		kb.button(btnBpHeadline.In(lang), bpData(m, p.ID, bpEditHeadline)),
		kb.button(btnBpDetail.In(lang), bpData(m, p.ID, bpEditDetail)),
	}}
	var move []tgbotapi.InlineKeyboardButton
	if i > 0 {
		move = append(move, kb.button(btnBpUp.In(lang), bpData(m, p.ID, bpUp)))
	}
	if i < len(s.live)-1 {
		move = append(move, kb.button(btnBpDown.In(lang), bpData(m, p.ID, bpDown)))
	}
	if move != nil {
		rows = append(rows, move)
	}
	var change []tgbotapi.InlineKeyboardButton
	if len(s.live) > 1 {
		change = append(change, kb.button(btnBpMerge.In(lang), bpData(m, p.ID, bpMerge)))
	}
	if len(s.activePoints(p)) > 1 {
		change = append(change, kb.button(btnBpSplit.In(lang), bpData(m, p.ID, bpSplit)))
	}
	if change != nil {
		rows = append(rows, change)
	}
	mark := kb.button(btnBpInReport.In(lang), bpData(m, p.ID, bpInReport))
	if p.InReport {
		mark = kb.button(btnBpOutReport.In(lang), bpData(m, p.ID, bpOutReport))
	}
	rows = append(rows, []tgbotapi.InlineKeyboardButton{mark, kb.button(btnBpRemove.In(lang), bpData(m, p.ID, bpRemove))},
		[]tgbotapi.InlineKeyboardButton{kb.button(btnBpBack.In(lang), bpData(m, bpBoard, bpList))})
	markup, err := kb.markup(rows...)
	if err != nil {
		return "", markup, fmt.Errorf("branch problem %s: %w", p.ID, err)
	}
	return text, markup, nil
}

func bpHeadline(p orglife.BranchProblem, lang orglife.Lang) string {
	if p.Headline == "" {
		return msgBpNoHeadline.In(lang)
	}
	return p.Headline
}

func bpMark(p orglife.BranchProblem, lang orglife.Lang) string {
	if p.InReport {
		return lblBpInReport.In(lang)
	}
	return lblBpOutReport.In(lang)
}

func bpOrigin(p orglife.BranchProblem, lang orglife.Lang) string {
	if p.Collective() {
		return lblBpCollective.In(lang)
	}
	return fmt.Sprintf(lblBpPoints.In(lang), len(p.PointIDs))
}

func bpOriginLine(p orglife.BranchProblem, lang orglife.Lang) string {
	if p.Collective() {
		return lblBpFromCommittee.In(lang)
	}
	return fmt.Sprintf(lblBpFromPoints.In(lang), len(p.PointIDs))
}

// bpSummary is a problem as a log entry keeps it: its headline, else the start of its
// 具体表现.
func bpSummary(p orglife.BranchProblem) string {
	if p.Headline != "" {
		return p.Headline
	}
	return clip(p.Detail, bpSummaryClip)
}

// bpPlace shows a view where the dialog is: in place of the flow's prompt when its last
// answer was a button, else as a new message (the prompt then loses its buttons); outside a
// flow, in place of the pressed message (the press is answered by the caller).
func (h *Handlers) bpPlace(t *turn, text string, markup tgbotapi.InlineKeyboardMarkup) error {
	var msgID int
	switch {
	case t.sess != nil && t.sess.Prompt != 0 && t.promptFromButton:
		msgID = t.sess.Prompt
	case t.sess == nil && t.query != nil:
		msgID = t.query.Message.MessageID
	}
	if msgID != 0 {
		edit := tgbotapi.NewEditMessageTextAndMarkup(t.chatID, msgID, text, markup)
		edit.ParseMode = tgbotapi.ModeHTML
		_, err := h.out.Send(t.ctx, edit)
		return err
	}
	slots := h.out.Prepare(t.ctx, t.chatID, 2)
	if t.sess != nil && t.sess.Prompt != 0 {
		h.removeButtonsWith(t.ctx, slots, t.chatID, t.sess.Prompt)
	}
	msg := tgbotapi.NewMessage(t.chatID, text)
	msg.ReplyMarkup = markup
	_, err := h.out.SendWith(t.ctx, slots, htmlMessage(msg))
	return err
}

// bpShowBoard places the board with a note on what just happened.
func (h *Handlers) bpShowBoard(t *turn, m orglife.Meeting, note string) error {
	text, markup, err := h.bpBoardView(t, m, note)
	if err != nil {
		return err
	}
	return h.bpPlace(t, text, markup)
}

// bpShowCard places a problem's card, read afresh, with a note; the board if it is gone.
func (h *Handlers) bpShowCard(t *turn, m orglife.Meeting, id, note string) error {
	s, err := h.bpLoad(t, m)
	if err != nil {
		return err
	}
	p, _, ok := s.problem(id)
	if !ok {
		return h.bpShowBoard(t, m, note)
	}
	text, markup, err := h.bpCardView(t, m, s, p, note)
	if err != nil {
		return err
	}
	return h.bpPlace(t, text, markup)
}

// --- the board's buttons ---

// onBranchProblemButton handles a button of the board or of a card. The data may be forged
// or old: the presser must be able to curate the meeting it names now, and the problem it
// names must still be there.
func (h *Handlers) onBranchProblemButton(t *turn, d buttonData) error {
	m, found, allowed, err := h.bpAccess(t, d.Branch, d.Meeting)
	switch {
	case err != nil:
		return err
	case found && !allowed:
		h.removeButtons(t.ctx, t.chatID, t.query.Message.MessageID)
		return h.answer(t.ctx, t.query.ID, msgBpNotAllowed.In(t.lang))
	case !allowed:
		return h.stale(t.ctx, t.query, t.lang)
	}
	me, _, err := h.records.Member(t.ctx, m.BranchID, t.userID)
	if err != nil {
		return err
	}
	t.member = &me // the board shows the secretary's own buttons
	switch d.Action {
	case bpList:
		if err := h.answer(t.ctx, t.query.ID, ""); err != nil {
			return err
		}
		return h.bpShowBoard(t, m, "")
	case bpConfirm:
		return h.bpStartConfirm(t, m, d.Record)
	case bpAdd:
		return h.startFlowInPlace(t, h.flows[flowBpAdd], m.BranchID, answers{keyMeeting: m.ID})
	case bpGrant:
		if me.Role != orglife.RoleSecretary {
			return h.stale(t.ctx, t.query, t.lang)
		}
		return h.bpStartCurators(t, m)
	}
	s, err := h.bpLoad(t, m)
	if err != nil {
		return err
	}
	p, i, ok := s.problem(d.Record)
	if !ok {
		if err := h.answer(t.ctx, t.query.ID, msgBpGone.In(t.lang)); err != nil {
			return err
		}
		return h.bpShowBoard(t, m, "")
	}
	preset := answers{keyMeeting: m.ID, keyBpProblem: p.ID}
	switch d.Action {
	case bpOpen:
		if err := h.answer(t.ctx, t.query.ID, ""); err != nil {
			return err
		}
		text, markup, err := h.bpCardView(t, m, s, p, "")
		if err != nil {
			return err
		}
		return h.bpPlace(t, text, markup)
	case bpEditHeadline:
		return h.startFlowInPlace(t, h.flows[flowBpHeadline], m.BranchID, preset)
	case bpEditDetail:
		return h.startFlowInPlace(t, h.flows[flowBpDetail], m.BranchID, preset)
	case bpMerge:
		if len(s.live) < 2 {
			return h.answer(t.ctx, t.query.ID, msgBpNothingToMerge.In(t.lang))
		}
		return h.startFlowInPlace(t, h.flows[flowBpMerge], m.BranchID, preset)
	case bpSplit:
		if len(s.activePoints(p)) < 2 {
			return h.answer(t.ctx, t.query.ID, msgBpNothingToSplit.In(t.lang))
		}
		return h.startFlowInPlace(t, h.flows[flowBpSplit], m.BranchID, preset)
	case bpUp, bpDown:
		return h.bpMove(t, m, s, i, d.Action == bpUp)
	case bpInReport, bpOutReport:
		return h.bpMark(t, m, p, d.Action == bpInReport)
	case bpRemove:
		return h.bpAskRemove(t, m, p)
	case bpRemoveConfirm:
		return h.bpRemove(t, m, s, p)
	}
	return h.stale(t.ctx, t.query, t.lang)
}

// bpMove swaps problem i with its neighbour above (up) or below.
func (h *Handlers) bpMove(t *turn, m orglife.Meeting, s bpState, i int, up bool) error {
	j := i + 1
	if up {
		j = i - 1
	}
	if j < 0 || j >= len(s.live) {
		if err := h.answer(t.ctx, t.query.ID, ""); err != nil {
			return err
		}
		return h.bpShowCard(t, m, s.live[i].ID, "")
	}
	moved := s.live[i]
	live := slices.Clone(s.live)
	live[i], live[j] = live[j], live[i]
	now := h.opts.Clock.Now()
	changed := orglife.Renumber(live)
	var changes []orglife.BranchProblemChange
	for k := range changed {
		changed[k].UpdatedAt = now
		before := s.live[slices.IndexFunc(s.live, func(p orglife.BranchProblem) bool { return p.ID == changed[k].ID })].Order
		changes = append(changes, orglife.BranchProblemChange{ProblemID: changed[k].ID, By: t.userID, At: now,
			Action: orglife.BranchProblemReorder, Before: strconv.Itoa(before), After: strconv.Itoa(changed[k].Order)})
	}
	if err := h.records.SaveBranchProblems(t.ctx, m.BranchID, m.ID, changed, changes); err != nil {
		return err
	}
	if err := h.answer(t.ctx, t.query.ID, msgBpMoved.In(t.lang)); err != nil {
		return err
	}
	return h.bpShowCard(t, m, moved.ID, "")
}

// bpMark puts a problem in the report or leaves it out; pressing again changes nothing.
func (h *Handlers) bpMark(t *turn, m orglife.Meeting, p orglife.BranchProblem, in bool) error {
	note := msgBpMarkedOut
	if in {
		note = msgBpMarkedIn
	}
	if p.InReport != in {
		before := bpMark(p, orglife.LangZH)
		p.InReport, p.UpdatedAt = in, h.opts.Clock.Now()
		change := orglife.BranchProblemChange{ProblemID: p.ID, By: t.userID, At: p.UpdatedAt, Action: orglife.BranchProblemMark,
			Before: before, After: bpMark(p, orglife.LangZH)}
		if err := h.records.SaveBranchProblems(t.ctx, m.BranchID, m.ID, []orglife.BranchProblem{p}, []orglife.BranchProblemChange{change}); err != nil {
			return err
		}
	}
	if err := h.answer(t.ctx, t.query.ID, note.In(t.lang)); err != nil {
		return err
	}
	return h.bpShowCard(t, m, p.ID, "")
}

func (h *Handlers) bpAskRemove(t *turn, m orglife.Meeting, p orglife.BranchProblem) error {
	var kb keyboard
	markup, err := kb.markup([]tgbotapi.InlineKeyboardButton{
		kb.button(btnBpConfirmRemove.In(t.lang), bpData(m, p.ID, bpRemoveConfirm)),
		kb.button(btnCancel.In(t.lang), bpData(m, p.ID, bpOpen)),
	})
	if err != nil {
		return fmt.Errorf("removal of branch problem %s: %w", p.ID, err)
	}
	if err := h.answer(t.ctx, t.query.ID, ""); err != nil {
		return err
	}
	return h.bpPlace(t, fmt.Sprintf(msgBpConfirmRemove.In(t.lang), quote(bpHeadline(p, t.lang))), markup)
}

// bpRemove removes a problem (its points are to gather again) and closes the gap it leaves.
func (h *Handlers) bpRemove(t *turn, m orglife.Meeting, s bpState, p orglife.BranchProblem) error {
	now := h.opts.Clock.Now()
	p.Removed, p.UpdatedAt = true, now
	rest := slices.DeleteFunc(slices.Clone(s.live), func(q orglife.BranchProblem) bool { return q.ID == p.ID })
	save := append([]orglife.BranchProblem{p}, orglife.Renumber(rest)...)
	change := orglife.BranchProblemChange{ProblemID: p.ID, By: t.userID, At: now, Action: orglife.BranchProblemRemove, Before: bpSummary(p)}
	if err := h.records.SaveBranchProblems(t.ctx, m.BranchID, m.ID, save, []orglife.BranchProblemChange{change}); err != nil {
		return err
	}
	if err := h.answer(t.ctx, t.query.ID, ""); err != nil {
		return err
	}
	return h.bpShowBoard(t, m, fmt.Sprintf(msgBpRemoved.In(t.lang), quote(bpHeadline(p, t.lang))))
}

// bpStartConfirm asks for the headline of a proposal, if its points are still to gather.
func (h *Handlers) bpStartConfirm(t *turn, m orglife.Meeting, record string) error {
	area, ok := proposalArea(record)
	if !ok {
		return h.stale(t.ctx, t.query, t.lang)
	}
	s, err := h.bpLoad(t, m)
	if err != nil {
		return err
	}
	if _, ok := s.proposal(area); !ok {
		if err := h.answer(t.ctx, t.query.ID, msgBpProposalGone.In(t.lang)); err != nil {
			return err
		}
		return h.bpShowBoard(t, m, "")
	}
	return h.startFlowInPlace(t, h.flows[flowBpConfirm], m.BranchID,
		answers{keyMeeting: m.ID, keyBpArea: strconv.Itoa(int(area))})
}
