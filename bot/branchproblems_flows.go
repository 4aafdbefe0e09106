package bot

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"orglife"
	"orglife/report"
)

// The questions of the branch problems' board: a headline, 具体表现 (with one nudge towards
// the branch's voice), the problem to merge into, the points to split out, the committee
// members allowed. Each flow starts on the board's message and ends showing the board or
// the card again in its place.

const (
	flowBpConfirm  = "bpconfirm"
	flowBpAdd      = "bpadd"
	flowBpHeadline = "bpheadline"
	flowBpDetail   = "bpdetail"
	flowBpMerge    = "bpmerge"
	flowBpSplit    = "bpsplit"
	flowBpCurators = "bpcurators"

	keyBpArea    = "area"     // the proposal confirmed, by its area's number
	keyBpProblem = "bproblem" // the problem changed
)

// bpConfirmAnswers confirm a proposal: its area (preset), the headline and 具体表现
// (bpKeep: the proposal's), restated in the branch's voice if nudged (bpKeep: as it was).
type bpConfirmAnswers struct {
	Meeting  string       `answer:"_meeting"`
	Area     orglife.Area `answer:"area"`
	Headline string       `answer:"headline"`
	Detail   string       `answer:"detail"`
	Restated string       `answer:"restated"`
	ID       string       `answer:"_id"`
}

// bpAddAnswers add a problem directly (集体议).
type bpAddAnswers struct {
	Meeting  string `answer:"_meeting"`
	Headline string `answer:"headline"`
	Detail   string `answer:"detail"`
	Restated string `answer:"restated"`
	ID       string `answer:"_id"`
}

// bpHeadlineAnswers change a problem's headline.
type bpHeadlineAnswers struct {
	Meeting  string `answer:"_meeting"`
	Problem  string `answer:"bproblem"`
	Headline string `answer:"headline"`
}

// bpDetailAnswers change a problem's 具体表现.
type bpDetailAnswers struct {
	Meeting  string `answer:"_meeting"`
	Problem  string `answer:"bproblem"`
	Detail   string `answer:"detail"`
	Restated string `answer:"restated"`
}

// bpMergeAnswers merge a problem into another.
type bpMergeAnswers struct {
	Meeting string `answer:"_meeting"`
	Problem string `answer:"bproblem"`
	Into    string `answer:"into"`
}

// bpSplitAnswers move the points ticked out of a problem into a new one, with its headline
// and 具体表现 (bpKeep: as gathered from those points).
type bpSplitAnswers struct {
	Meeting  string   `answer:"_meeting"`
	Problem  string   `answer:"bproblem"`
	Points   []string `answer:"points"`
	Headline string   `answer:"headline"`
	Detail   string   `answer:"detail"`
	Restated string   `answer:"restated"`
	ID       string   `answer:"_id"`
}

// bpCuratorsAnswers are the committee members the secretary allows, by user id.
type bpCuratorsAnswers struct {
	Meeting  string   `answer:"_meeting"`
	Curators []string `answer:"curators"`
}

// bpTextAnswers are the answers the shared text questions read, in whichever flow.
type bpTextAnswers struct {
	Problem  string   `answer:"bproblem"`
	Points   []string `answer:"points"`
	Headline string   `answer:"headline"`
	Detail   string   `answer:"detail"`
	Restated string   `answer:"restated"`
}

func (h *Handlers) branchProblemFlows() []*flow {
	headline := question{key: "headline", typed: true, check: bpHeadlineCheck, ask: h.askBpHeadline}
	detail := question{key: "detail", typed: true, options: h.bpKeepOptions, check: bpDetailCheck, ask: h.askBpDetail}
	restated := question{key: "restated", typed: true, check: bpDetailCheck, when: h.bpNeedsRestating, ask: h.askBpRestate,
		options: func(t *turn, _ answers) ([]option, error) { return []option{{btnBpKeepAnyway.In(t.lang), bpKeep}}, nil }}
	splitting := func(q question) question {
		q.when = func(t *turn, a answers) bool {
			_, valid := h.bpSplitPoints(t, a)
			return valid && (q.key != "restated" || h.bpNeedsRestating(t, a))
		}
		return q
	}
	return []*flow{
		{name: flowBpConfirm, need: orglife.RoleCommittee, questions: []question{headline, detail, restated},
			finish: h.saveBpConfirm, answers: reflect.TypeFor[bpConfirmAnswers](), preset: []string{keyBpArea}},
		{name: flowBpAdd, need: orglife.RoleCommittee, questions: []question{headline, detail, restated},
			finish: h.saveBpAdd, answers: reflect.TypeFor[bpAddAnswers]()},
		{name: flowBpHeadline, need: orglife.RoleCommittee, questions: []question{headline},
			finish: h.saveBpHeadline, answers: reflect.TypeFor[bpHeadlineAnswers](), preset: []string{keyBpProblem}},
		{name: flowBpDetail, need: orglife.RoleCommittee, questions: []question{detail, restated},
			finish: h.saveBpDetail, answers: reflect.TypeFor[bpDetailAnswers](), preset: []string{keyBpProblem}},
		{name: flowBpMerge, need: orglife.RoleCommittee,
			questions: []question{{key: "into", options: h.bpMergeOptions, ask: h.askBpMerge}},
			finish:    h.saveBpMerge, answers: reflect.TypeFor[bpMergeAnswers](), preset: []string{keyBpProblem}},
		{name: flowBpSplit, need: orglife.RoleCommittee,
			questions: []question{{key: "points", multi: true, options: h.bpSplitOptions, ask: h.askBpSplit},
				splitting(headline), splitting(detail), splitting(restated)},
			finish: h.saveBpSplit, answers: reflect.TypeFor[bpSplitAnswers](), preset: []string{keyBpProblem}},
		{name: flowBpCurators, need: orglife.RoleSecretary,
			questions: []question{{key: "curators", multi: true, options: h.bpCuratorOptions, ask: h.askBpCurators}},
			finish:    h.saveBpCurators, answers: reflect.TypeFor[bpCuratorsAnswers](), preset: []string{"curators"}},
	}
}

// --- what the questions read ---

// bpFlowState is the board's state for the flow's meeting; ok is false when it cannot be
// read (the flow's finish then says so).
func (h *Handlers) bpFlowState(t *turn) (orglife.Meeting, bpState, bool) {
	m, err := h.meetingOf(t)
	if err != nil {
		h.log.Warn("branch problems of the flow's meeting", "flow", t.sess.Flow, "error", err)
		return m, bpState{}, false
	}
	s, err := h.bpLoad(t, m)
	if err != nil {
		h.log.Warn("branch problems of the flow's meeting", "flow", t.sess.Flow, "error", err)
		return m, s, false
	}
	return m, s, true
}

// bpSplitPoints are the points a split moves out, and whether they make a split: at least
// one of the problem's points still standing, not all of them.
func (h *Handlers) bpSplitPoints(t *turn, a answers) ([]orglife.Point, bool) {
	x := answersAs[bpTextAnswers](a)
	_, s, ok := h.bpFlowState(t)
	p, _, found := s.problem(x.Problem)
	if !ok || !found {
		return nil, false
	}
	active := s.activePoints(p)
	var moved []orglife.Point
	for _, pt := range active {
		if slices.Contains(x.Points, pt.ID) {
			moved = append(moved, pt)
		}
	}
	return moved, len(moved) > 0 && len(moved) < len(active)
}

// bpPrefill is the 具体表现 the flow offers to keep (沿用): a proposal's, or the one gathered
// from the points a split moves out; "" where there is none.
func (h *Handlers) bpPrefill(t *turn, a answers) string {
	switch t.sess.Flow {
	case flowBpConfirm:
		_, s, _ := h.bpFlowState(t)
		p, _ := s.proposal(answersAs[bpConfirmAnswers](a).Area)
		return p.Detail
	case flowBpSplit:
		moved, _ := h.bpSplitPoints(t, a)
		_, s, _ := h.bpFlowState(t)
		return gatheredDetail(moved, s.members)
	}
	return ""
}

// gatheredDetail is the 具体表现 the report would propose for points, in the branch's voice.
func gatheredDetail(points []orglife.Point, members []orglife.Member) string {
	var b strings.Builder
	for _, p := range report.ProposeBranchProblems(points, members) {
		b.WriteString(p.Detail)
	}
	return b.String()
}

// bpTypedDetail is the 具体表现 answered before any restating: typed, or the prefill kept.
func (h *Handlers) bpTypedDetail(t *turn, a answers) string {
	if d := answersAs[bpTextAnswers](a).Detail; d != bpKeep {
		return d
	}
	return h.bpPrefill(t, a)
}

// bpChosenDetail is the 具体表现 to save: restated when it was, else as answered first.
func bpChosenDetail(x bpTextAnswers, prefill string) string {
	switch {
	case x.Restated != "" && x.Restated != bpKeep:
		return x.Restated
	case x.Detail == bpKeep:
		return prefill
	}
	return x.Detail
}

func (h *Handlers) bpNeedsRestating(t *turn, a answers) bool {
	return len(orglife.VoiceSlips(h.bpTypedDetail(t, a))) > 0
}

// --- the questions ---

func (h *Handlers) askBpHeadline(t *turn, a answers) string {
	lang := t.lang
	var context string
	switch t.sess.Flow {
	case flowBpConfirm:
		_, s, _ := h.bpFlowState(t)
		if p, ok := s.proposal(answersAs[bpConfirmAnswers](a).Area); ok {
			context = fmt.Sprintf(msgBpProposalContext.In(lang), p.Area.Name(lang), len(p.PointIDs), quote(clip(p.Detail, bpDetailClip)))
		}
	case flowBpHeadline:
		_, s, _ := h.bpFlowState(t)
		if p, _, ok := s.problem(answersAs[bpTextAnswers](a).Problem); ok {
			context = fmt.Sprintf(msgBpHeadlineNow.In(lang), quote(bpHeadline(p, lang)))
		}
	case flowBpSplit:
		moved, _ := h.bpSplitPoints(t, a)
		context = fmt.Sprintf(msgBpSplitContext.In(lang), len(moved))
	}
	return context + fmt.Sprintf(msgBpAskHeadline.In(lang), orglife.HeadlineMax)
}

// bpHeadlineCheck keeps a headline as the report writes it (orglife.CleanHeadline, until it
// changes no more), if it is one short clause.
func bpHeadlineCheck(t *turn, _ answers, text string) (string, string) {
	h := text
	for c := orglife.CleanHeadline(h); c != h; c = orglife.CleanHeadline(h) {
		h = c
	}
	switch orglife.HeadlineProblem(h) {
	case "short":
		return "", msgBpHeadlineShort.In(t.lang)
	case "long":
		return "", fmt.Sprintf(msgBpHeadlineLong.In(t.lang), orglife.HeadlineMax, utf8.RuneCountInString(h))
	case "sentence":
		return "", msgBpHeadlineSentence.In(t.lang)
	}
	return h, ""
}

func bpDetailCheck(t *turn, a answers, text string) (string, string) {
	if text == bpKeep { // the button's value, typed: not a text
		return "", fmt.Sprintf(msgBpDetailShort.In(t.lang), bpMinDetail)
	}
	return minLength(bpMinDetail, msgBpDetailShort, true)(t, a, text)
}

func (h *Handlers) bpKeepOptions(t *turn, a answers) ([]option, error) {
	if h.bpPrefill(t, a) == "" {
		return []option{}, nil
	}
	return []option{{btnBpKeep.In(t.lang), bpKeep}}, nil
}

func (h *Handlers) askBpDetail(t *turn, a answers) string {
	lang := t.lang
	x := answersAs[bpTextAnswers](a)
	if t.sess.Flow == flowBpDetail {
		_, s, _ := h.bpFlowState(t)
		p, _, _ := s.problem(x.Problem)
		now := msgBpNoDetail.In(lang)
		if strings.TrimSpace(p.Detail) != "" {
			now = quote(clip(p.Detail, bpDetailClip))
		}
		return fmt.Sprintf(msgBpAskDetailNow.In(lang), quote(bpHeadline(p, lang)), now)
	}
	if prefill := h.bpPrefill(t, a); prefill != "" {
		return fmt.Sprintf(msgBpAskDetailKeep.In(lang), quote(x.Headline), quote(clip(prefill, bpDetailClip)))
	}
	return fmt.Sprintf(msgBpAskDetail.In(lang), quote(x.Headline))
}

func (h *Handlers) askBpRestate(t *turn, a answers) string {
	detail := h.bpTypedDetail(t, a)
	return fmt.Sprintf(msgBpAskRestate.In(t.lang), quote(strings.Join(orglife.VoiceSlips(detail), "」「")),
		quote(clip(detail, bpDetailClip)))
}

func (h *Handlers) bpMergeOptions(t *turn, a answers) ([]option, error) {
	_, s, ok := h.bpFlowState(t)
	if !ok {
		return nil, fmt.Errorf("merge of branch problem %s: the board cannot be read", answersAs[bpMergeAnswers](a).Problem)
	}
	var opts []option
	for i, p := range s.live {
		if p.ID != answersAs[bpMergeAnswers](a).Problem {
			opts = append(opts, option{label: fmt.Sprintf("%d. %s", i+1, clip(bpHeadline(p, t.lang), bpLabelClip)), value: p.ID})
		}
	}
	return opts, nil
}

func (h *Handlers) askBpMerge(t *turn, a answers) string {
	_, s, _ := h.bpFlowState(t)
	p, _, _ := s.problem(answersAs[bpMergeAnswers](a).Problem)
	return fmt.Sprintf(msgBpAskMerge.In(t.lang), quote(bpHeadline(p, t.lang)))
}

func (h *Handlers) bpSplitOptions(t *turn, a answers) ([]option, error) {
	_, s, ok := h.bpFlowState(t)
	if !ok {
		return nil, fmt.Errorf("split of branch problem %s: the board cannot be read", answersAs[bpSplitAnswers](a).Problem)
	}
	p, _, _ := s.problem(answersAs[bpSplitAnswers](a).Problem)
	var opts []option
	for i, pt := range s.activePoints(p) {
		opts = append(opts, option{label: fmt.Sprintf("%d. %s", i+1, clip(pt.Problem, bpLabelClip)), value: pt.ID})
	}
	return opts, nil
}

func (h *Handlers) askBpSplit(t *turn, a answers) string {
	_, s, _ := h.bpFlowState(t)
	p, _, _ := s.problem(answersAs[bpSplitAnswers](a).Problem)
	var lines []string
	for i, pt := range s.activePoints(p) {
		lines = append(lines, fmt.Sprintf("%d. 【%s】%s", i+1, pt.Area.Name(t.lang), quote(clip(pt.Problem, bpProposalClip))))
	}
	return fitMessage(fmt.Sprintf(msgBpAskSplit.In(t.lang), quote(bpHeadline(p, t.lang)), strings.Join(lines, "\n")))
}

// bpCommittee are the branch's committee members, in member order.
func (h *Handlers) bpCommittee(t *turn) ([]orglife.Member, error) {
	members, err := h.records.Members(t.ctx, t.sess.Branch)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(members, func(m orglife.Member) bool { return m.Role != orglife.RoleCommittee }), nil
}

func (h *Handlers) bpCuratorOptions(t *turn, _ answers) ([]option, error) {
	committee, err := h.bpCommittee(t)
	if err != nil {
		return nil, err
	}
	opts := make([]option, 0, len(committee))
	for _, m := range committee {
		opts = append(opts, option{label: m.Name, value: strconv.FormatInt(m.UserID, 10)})
	}
	return opts, nil
}

func (h *Handlers) askBpCurators(t *turn, _ answers) string {
	if committee, err := h.bpCommittee(t); err == nil && len(committee) == 0 {
		return msgBpNoCommittee.In(t.lang)
	}
	return msgBpAskCurators.In(t.lang)
}

// --- the finishes ---

// bpFinishMeeting is the flow's meeting if the user may still curate it; else the user is
// told why and ok is false.
func (h *Handlers) bpFinishMeeting(t *turn, meetingID string) (orglife.Meeting, bool, error) {
	m, found, allowed, err := h.bpAccess(t, t.sess.Branch, meetingID)
	switch {
	case err != nil:
		return m, false, err
	case !found:
		return m, false, h.conclude(t, msgNoMeeting.In(t.lang))
	case !allowed:
		return m, false, h.conclude(t, msgBpNotAllowed.In(t.lang))
	}
	return m, true, nil
}

// bpSaved reports whether the problem a finish draws id for is saved already: the update
// is run again after a failure past the save, which is not repeated.
func bpSaved(s bpState, id string) bool {
	return id != "" && slices.ContainsFunc(s.all, func(p orglife.BranchProblem) bool { return p.ID == id })
}

// bpNew is a new problem of meeting m by the user, now.
func (h *Handlers) bpNew(t *turn, m orglife.Meeting, id string) orglife.BranchProblem {
	now := h.opts.Clock.Now()
	return orglife.BranchProblem{ID: id, MeetingID: m.ID, InReport: true, CreatedBy: t.userID, CreatedAt: now, UpdatedAt: now}
}

func (h *Handlers) saveBpConfirm(t *turn, a answers) error {
	x := answersAs[bpConfirmAnswers](a)
	m, ok, err := h.bpFinishMeeting(t, x.Meeting)
	if err != nil || !ok {
		return err
	}
	s, err := h.bpLoad(t, m)
	if err != nil {
		return err
	}
	note := fmt.Sprintf(msgBpCreated.In(t.lang), quote(x.Headline))
	if bpSaved(s, x.ID) {
		return h.bpShowBoard(t, m, note)
	}
	prop, ok := s.proposal(x.Area)
	if !ok || x.Headline == "" {
		return h.bpShowBoard(t, m, msgBpProposalGone.In(t.lang))
	}
	id, err := h.recordID(t, a, "b")
	if err != nil {
		return err
	}
	p := h.bpNew(t, m, id)
	p.Area, p.PointIDs, p.Order = prop.Area, prop.PointIDs, len(s.live)+1
	p.Headline, p.Detail = x.Headline, bpChosenDetail(answersAs[bpTextAnswers](a), prop.Detail)
	return h.bpCreate(t, m, p, note)
}

func (h *Handlers) saveBpAdd(t *turn, a answers) error {
	x := answersAs[bpAddAnswers](a)
	m, ok, err := h.bpFinishMeeting(t, x.Meeting)
	if err != nil || !ok {
		return err
	}
	s, err := h.bpLoad(t, m)
	if err != nil {
		return err
	}
	note := fmt.Sprintf(msgBpAdded.In(t.lang), quote(x.Headline))
	if bpSaved(s, x.ID) {
		return h.bpShowBoard(t, m, note)
	}
	detail := bpChosenDetail(answersAs[bpTextAnswers](a), "")
	if x.Headline == "" || detail == "" || detail == bpKeep {
		return h.conclude(t, msgStaleButton.In(t.lang))
	}
	id, err := h.recordID(t, a, "b")
	if err != nil {
		return err
	}
	p := h.bpNew(t, m, id)
	p.Order, p.Headline, p.Detail = len(s.live)+1, x.Headline, detail
	return h.bpCreate(t, m, p, note)
}

// bpCreate saves a new problem with its log entry and shows the board.
func (h *Handlers) bpCreate(t *turn, m orglife.Meeting, p orglife.BranchProblem, note string) error {
	change := orglife.BranchProblemChange{ProblemID: p.ID, By: t.userID, At: p.CreatedAt, Action: orglife.BranchProblemCreate,
		After: bpSummary(p)}
	if err := h.records.SaveBranchProblems(t.ctx, m.BranchID, m.ID, []orglife.BranchProblem{p}, []orglife.BranchProblemChange{change}); err != nil {
		return err
	}
	return h.bpShowBoard(t, m, note)
}

// bpEdited loads the live problem a flow changes; ok is false (and the board is shown) when
// it was removed or merged meanwhile.
func (h *Handlers) bpEdited(t *turn, meetingID, id string) (orglife.Meeting, bpState, orglife.BranchProblem, bool, error) {
	m, ok, err := h.bpFinishMeeting(t, meetingID)
	if err != nil || !ok {
		return m, bpState{}, orglife.BranchProblem{}, false, err
	}
	s, err := h.bpLoad(t, m)
	if err != nil {
		return m, s, orglife.BranchProblem{}, false, err
	}
	p, _, found := s.problem(id)
	if !found {
		return m, s, p, false, h.bpShowBoard(t, m, msgBpGone.In(t.lang))
	}
	return m, s, p, true, nil
}

func (h *Handlers) saveBpHeadline(t *turn, a answers) error {
	x := answersAs[bpHeadlineAnswers](a)
	m, _, p, ok, err := h.bpEdited(t, x.Meeting, x.Problem)
	if err != nil || !ok {
		return err
	}
	return h.bpEdit(t, m, p, func(q *orglife.BranchProblem) { q.Headline = x.Headline }, bpSummary)
}

func (h *Handlers) saveBpDetail(t *turn, a answers) error {
	x := answersAs[bpDetailAnswers](a)
	m, _, p, ok, err := h.bpEdited(t, x.Meeting, x.Problem)
	if err != nil || !ok {
		return err
	}
	detail := bpChosenDetail(answersAs[bpTextAnswers](a), p.Detail)
	return h.bpEdit(t, m, p, func(q *orglife.BranchProblem) { q.Detail = detail },
		func(q orglife.BranchProblem) string { return clip(q.Detail, bpSummaryClip) })
}

// bpEdit applies an edit to p, logs it with summary's before and after (nothing when it
// changes nothing) and shows p's card.
func (h *Handlers) bpEdit(t *turn, m orglife.Meeting, p orglife.BranchProblem, edit func(*orglife.BranchProblem), summary func(orglife.BranchProblem) string) error {
	old := p
	edit(&p)
	if p.Headline == "" && old.Headline != "" || p.Detail == "" && old.Detail != "" { // not answered: a forged step
		return h.conclude(t, msgStaleButton.In(t.lang))
	}
	if p.Headline != old.Headline || p.Detail != old.Detail {
		p.UpdatedAt = h.opts.Clock.Now()
		change := orglife.BranchProblemChange{ProblemID: p.ID, By: t.userID, At: p.UpdatedAt, Action: orglife.BranchProblemEdit,
			Before: summary(old), After: summary(p)}
		if err := h.records.SaveBranchProblems(t.ctx, m.BranchID, m.ID, []orglife.BranchProblem{p}, []orglife.BranchProblemChange{change}); err != nil {
			return err
		}
	}
	return h.bpShowCard(t, m, p.ID, msgBpEdited.In(t.lang))
}

func (h *Handlers) saveBpMerge(t *turn, a answers) error {
	x := answersAs[bpMergeAnswers](a)
	m, s, from, ok, err := h.bpEdited(t, x.Meeting, x.Problem)
	if err != nil || !ok {
		return err
	}
	into, _, found := s.problem(x.Into)
	if !found || into.ID == from.ID {
		return h.bpShowBoard(t, m, msgBpGone.In(t.lang))
	}
	now := h.opts.Clock.Now()
	merged, removed := orglife.MergeBranchProblems(into, from)
	merged.UpdatedAt, removed.UpdatedAt = now, now
	rest := slices.DeleteFunc(slices.Clone(s.live), func(q orglife.BranchProblem) bool { return q.ID == from.ID })
	rest[slices.IndexFunc(rest, func(q orglife.BranchProblem) bool { return q.ID == into.ID })] = merged
	orglife.Renumber(rest)
	var changes []orglife.BranchProblemChange
	for _, id := range []string{merged.ID, removed.ID} {
		changes = append(changes, orglife.BranchProblemChange{ProblemID: id, By: t.userID, At: now, Action: orglife.BranchProblemMerge,
			Before: bpSummary(from), After: bpSummary(merged)})
	}
	if err := h.records.SaveBranchProblems(t.ctx, m.BranchID, m.ID, append(rest, removed), changes); err != nil {
		return err
	}
	return h.bpShowCard(t, m, merged.ID, fmt.Sprintf(msgBpMerged.In(t.lang), quote(bpHeadline(from, t.lang)), quote(bpHeadline(merged, t.lang))))
}

func (h *Handlers) saveBpSplit(t *turn, a answers) error {
	x := answersAs[bpSplitAnswers](a)
	m, s, p, ok, err := h.bpEdited(t, x.Meeting, x.Problem)
	if err != nil || !ok {
		return err
	}
	note := fmt.Sprintf(msgBpSplitDone.In(t.lang), quote(x.Headline))
	if bpSaved(s, x.ID) {
		return h.bpShowBoard(t, m, note)
	}
	moved, valid := h.bpSplitPoints(t, a)
	if !valid || x.Headline == "" {
		return h.bpShowCard(t, m, p.ID, msgBpSplitBad.In(t.lang))
	}
	ids := make([]string, 0, len(moved))
	for _, pt := range moved {
		ids = append(ids, pt.ID)
	}
	kept, split, valid := orglife.SplitBranchProblem(p, ids)
	if !valid {
		return h.bpShowCard(t, m, p.ID, msgBpSplitBad.In(t.lang))
	}
	id, err := h.recordID(t, a, "b")
	if err != nil {
		return err
	}
	now := h.opts.Clock.Now()
	split.ID, split.Headline, split.CreatedBy, split.CreatedAt, split.UpdatedAt = id, x.Headline, t.userID, now, now
	split.Detail = bpChosenDetail(answersAs[bpTextAnswers](a), gatheredDetail(moved, s.members))
	kept.UpdatedAt = now
	var live []orglife.BranchProblem
	for _, q := range s.live {
		if q.ID == p.ID {
			live = append(live, kept, split)
		} else {
			live = append(live, q)
		}
	}
	orglife.Renumber(live)
	changes := []orglife.BranchProblemChange{
		{ProblemID: kept.ID, By: t.userID, At: now, Action: orglife.BranchProblemSplit, Before: bpSummary(p), After: bpSummary(split)},
		{ProblemID: split.ID, By: t.userID, At: now, Action: orglife.BranchProblemCreate, After: bpSummary(split)},
	}
	if err := h.records.SaveBranchProblems(t.ctx, m.BranchID, m.ID, live, changes); err != nil {
		return err
	}
	return h.bpShowBoard(t, m, note)
}

func (h *Handlers) bpStartCurators(t *turn, m orglife.Meeting) error {
	ticked := make([]string, 0, len(m.ProblemCurators))
	for _, id := range m.ProblemCurators {
		ticked = append(ticked, strconv.FormatInt(id, 10))
	}
	return h.startFlowInPlace(t, h.flows[flowBpCurators], m.BranchID,
		answers{keyMeeting: m.ID, "curators": strings.Join(ticked, ",")})
}

// saveBpCurators keeps the committee members ticked who are committee members still, and
// tells those newly allowed.
func (h *Handlers) saveBpCurators(t *turn, a answers) error {
	x := answersAs[bpCuratorsAnswers](a)
	m, ok, err := h.bpFinishMeeting(t, x.Meeting)
	if err != nil || !ok {
		return err
	}
	committee, err := h.bpCommittee(t)
	if err != nil {
		return err
	}
	var ids []int64
	var names []string
	for _, c := range committee {
		if slices.Contains(x.Curators, strconv.FormatInt(c.UserID, 10)) {
			ids, names = append(ids, c.UserID), append(names, quote(c.Name))
		}
	}
	before := m.ProblemCurators
	if m, err = h.records.SetProblemCurators(t.ctx, m.BranchID, m.ID, ids); err != nil {
		return err
	}
	for _, id := range ids {
		if !slices.Contains(before, id) {
			h.tell(t, id, func(lang orglife.Lang) string { return msgBpCuratorTold.In(lang) })
		}
	}
	list := strings.Join(names, minutesSep.In(t.lang))
	if list == "" {
		list = msgBpCuratorsNone.In(t.lang)
	}
	return h.bpShowBoard(t, m, fmt.Sprintf(msgBpCuratorsSaved.In(t.lang), list))
}
