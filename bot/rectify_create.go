package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"orglife"
)

// --- /rectify ---

func (h *Handlers) rectify(t *turn) error {
	if _, ok, err := h.currentMeeting(t); err != nil || !ok {
		return err
	}
	return h.startFlow(t, h.flows[flowRectify], t.branch.ID, nil)
}

// rectPoints are the problems of the flow's meeting an item can be made from: its points
// not withdrawn, in the order they were recorded (numbered from 1 in the prompts).
func (h *Handlers) rectPoints(t *turn, a answers) ([]orglife.Point, error) {
	all, err := h.records.Points(t.ctx, t.sess.Branch, answersAs[rectifyAnswers](a).Meeting)
	if err != nil {
		return nil, err
	}
	var out []orglife.Point
	for _, p := range all {
		if !p.Withdrawn {
			out = append(out, p)
		}
	}
	return out, nil
}

// rectBranchProblems are the branch problems of the flow's meeting an item can be made
// from: those not removed, in their order (offered before the points).
func (h *Handlers) rectBranchProblems(t *turn, a answers) ([]orglife.BranchProblem, error) {
	all, err := h.records.BranchProblems(t.ctx, t.sess.Branch, answersAs[rectifyAnswers](a).Meeting)
	if err != nil {
		return nil, err
	}
	return orglife.LiveBranchProblems(all), nil
}

// branchProblemText is a branch problem as an item states it: its headline, or while it has
// none, its 具体表现.
func branchProblemText(p orglife.BranchProblem) string {
	if h := orglife.CleanHeadline(p.Headline); h != "" {
		return h
	}
	return strings.TrimSpace(p.Detail)
}

func (h *Handlers) rectSourceOptions(t *turn, a answers) ([]option, error) {
	points, err := h.rectPoints(t, a)
	if err != nil {
		return nil, err
	}
	branch, err := h.rectBranchProblems(t, a)
	if err != nil {
		return nil, err
	}
	var opts []option
	for _, p := range branch {
		label := fmt.Sprintf(msgRcBranchLabel.In(t.lang), clip(branchProblemText(p), rectLabelClip))
		opts = append(opts, option{label: label, value: rectBranch + p.ID})
	}
	for i, p := range points {
		if i == rectMaxPoints {
			break
		}
		opts = append(opts, option{label: fmt.Sprintf("%d. %s %s", i+1, p.Area.Name(t.lang), clip(p.Problem, rectLabelClip)), value: p.ID})
	}
	return append(opts, option{label: btnRcTypeNew.In(t.lang), value: rectNew}), nil
}

func (h *Handlers) askRectSource(t *turn, a answers) string {
	text := msgRcAskSource.In(t.lang)
	points, err := h.rectPoints(t, a)
	if err != nil {
		h.log.Warn("problems for rectification", "error", err)
		return text
	}
	branch, err := h.rectBranchProblems(t, a)
	if err != nil {
		h.log.Warn("branch problems for rectification", "error", err)
	}
	if len(branch) > 0 {
		text += msgRcBranchFirst.In(t.lang)
	}
	if len(points) == 0 && len(branch) == 0 {
		return text + msgRcNoPoints.In(t.lang)
	}
	if len(points) > rectMaxPoints {
		// The list in the text numbers every problem; only the first have buttons.
		var lines []string
		for i, p := range points {
			lines = append(lines, fmt.Sprintf(msgRcSourceLine.In(t.lang), i+1, p.Area.Name(t.lang), quote(clip(p.Problem, 40))))
		}
		text += fmt.Sprintf(msgRcAskSourceNum.In(t.lang), len(points), rectMaxPoints)
		// As many as fit one message; the numbers go on beyond it all the same.
		for _, l := range lines {
			if visibleLen(text)+1+visibleLen(l) > messageLimit-10 {
				text += "\n…"
				break
			}
			text += "\n" + l
		}
	}
	return text
}

// rectSourceCheck takes a typed problem number, for lists longer than the buttons.
func (h *Handlers) rectSourceCheck(t *turn, a answers, text string) (string, string) {
	points, err := h.rectPoints(t, a)
	if err != nil {
		return "", msgInternalError.In(t.lang)
	}
	n, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(orglife.FoldWidth(text), ".")))
	if err != nil || n < 1 || n > len(points) {
		return "", fmt.Sprintf(msgRcBadSource.In(t.lang), max(len(points), 1))
	}
	return points[n-1].ID, ""
}

// rectSourcePoint is the point the item is made from, if any and still there.
func (h *Handlers) rectSourcePoint(t *turn, x rectifyAnswers) (orglife.Point, bool) {
	if x.Source == "" || x.Source == rectNew || strings.HasPrefix(x.Source, rectBranch) {
		return orglife.Point{}, false
	}
	p, err := h.records.Point(t.ctx, t.sess.Branch, x.Meeting, x.Source)
	if err != nil || p.Withdrawn {
		return orglife.Point{}, false
	}
	return p, true
}

// rectSourceBranchProblem is the branch problem the item is made from, if any and still
// there (not removed).
func (h *Handlers) rectSourceBranchProblem(t *turn, x rectifyAnswers) (orglife.BranchProblem, bool) {
	id, ok := strings.CutPrefix(x.Source, rectBranch)
	if !ok {
		return orglife.BranchProblem{}, false
	}
	all, err := h.records.BranchProblems(t.ctx, t.sess.Branch, x.Meeting)
	if err != nil {
		h.log.Warn("branch problem for rectification", "error", err)
		return orglife.BranchProblem{}, false
	}
	for _, p := range orglife.LiveBranchProblems(all) {
		if p.ID == id {
			return p, true
		}
	}
	return orglife.BranchProblem{}, false
}

// rectProblem is the problem the item answers, as far as the answers go.
func (h *Handlers) rectProblem(t *turn, x rectifyAnswers) string {
	if p, ok := h.rectSourceBranchProblem(t, x); ok {
		return branchProblemText(p)
	}
	if p, ok := h.rectSourcePoint(t, x); ok {
		return p.Problem
	}
	return x.Problem
}

func (h *Handlers) rectMeasureOptions(t *turn, a answers) ([]option, error) {
	if p, ok := h.rectSourcePoint(t, answersAs[rectifyAnswers](a)); ok && strings.TrimSpace(p.Measure) != "" {
		return []option{{label: btnRcKeep.In(t.lang), value: rectKeep}}, nil
	}
	return []option{}, nil
}

func (h *Handlers) askRectMeasure(t *turn, a answers) string {
	x := answersAs[rectifyAnswers](a)
	text := fmt.Sprintf(msgRcAskMeasure.In(t.lang), quote(clip(h.rectProblem(t, x), rectTextClip)))
	if p, ok := h.rectSourcePoint(t, x); ok && strings.TrimSpace(p.Measure) != "" {
		text += fmt.Sprintf(msgRcOwnMeasure.In(t.lang), quote(clip(p.Measure, rectTextClip)))
	}
	return text
}

func rectMeasureCheck(t *turn, a answers, text string) (string, string) {
	if text == rectKeep { // the button's value, typed: not a measure
		return "", fmt.Sprintf(msgRcTooShort.In(t.lang), rectMinText)
	}
	return minLength(rectMinText, msgRcTooShort, true)(t, a, text)
}

// rectMeasure is the measure answered: typed, or the point's own (沿用).
func (h *Handlers) rectMeasure(t *turn, x rectifyAnswers) string {
	if x.Measure == rectKeep {
		if p, ok := h.rectSourcePoint(t, x); ok {
			return p.Measure
		}
		return ""
	}
	return x.Measure
}

// rectOwnerOptions are the branch's members; the author of the point first. /reassign asks
// with them too: its answers name no point, and the members keep their order.
func (h *Handlers) rectOwnerOptions(t *turn, a answers) ([]option, error) {
	members, err := h.records.Members(t.ctx, t.sess.Branch)
	if err != nil {
		return nil, err
	}
	first := int64(0)
	if p, ok := h.rectSourcePoint(t, answersAs[rectifyAnswers](a)); ok {
		first = p.MemberID
	}
	var opts []option
	for _, m := range members {
		if m.UserID == first {
			opts = append([]option{{label: m.Name, value: strconv.FormatInt(m.UserID, 10)}}, opts...)
		} else {
			opts = append(opts, option{label: m.Name, value: strconv.FormatInt(m.UserID, 10)})
		}
	}
	if len(opts) > rectMaxPeople {
		opts = opts[:rectMaxPeople]
	}
	return opts, nil
}

func (h *Handlers) askRectOwner(t *turn, a answers) string {
	return fmt.Sprintf(msgRcAskOwner.In(t.lang), quote(clip(h.rectMeasure(t, answersAs[rectifyAnswers](a)), rectTextClip)))
}

// rectOwnerCheck takes a typed name: the one member of the branch by that name.
func (h *Handlers) rectOwnerCheck(t *turn, _ answers, text string) (string, string) {
	members, err := h.records.Members(t.ctx, t.sess.Branch)
	if err != nil {
		return "", msgInternalError.In(t.lang)
	}
	var found []int64
	for _, m := range members {
		if m.Name == text {
			found = append(found, m.UserID)
		}
	}
	switch {
	case len(found) > 1: // the same name twice: only a button can tell them apart
		return "", fmt.Sprintf(msgRcOwnerTwins.In(t.lang), len(found))
	case len(found) == 0:
		return "", msgRcBadOwner.In(t.lang)
	}
	return strconv.FormatInt(found[0], 10), ""
}

// rectDeadlineCheck reads a deadline of today or later.
func (h *Handlers) rectDeadlineCheck(t *turn, a answers, text string) (string, string) {
	v, problem := h.upcomingDay(t, a, text)
	if problem == msgDateInPast.In(t.lang) {
		problem = msgRcPastDeadline.In(t.lang) // upcomingDay speaks of a meeting
	}
	return v, problem
}

func rectIntervalOptions(t *turn, _ answers) ([]option, error) {
	var opts []option
	for _, iv := range rectIntervals {
		opts = append(opts, option{label: iv.name.In(t.lang), value: strconv.Itoa(iv.days)})
	}
	return opts, nil
}

// saveRectItem makes the item, plans its follow-ups and tells its owner.
func (h *Handlers) saveRectItem(t *turn, a answers) error {
	m, ok, err := h.flowMeeting(t)
	if err != nil || !ok {
		return err
	}
	x := answersAs[rectifyAnswers](a)
	it := orglife.RectItem{BranchID: m.BranchID, MeetingID: m.ID, Problem: x.Problem, Measure: h.rectMeasure(t, x),
		Status: orglife.RectNotStarted, Owner: x.Owner, Deadline: x.Deadline, ReviewDays: x.Review}
	switch {
	case strings.HasPrefix(x.Source, rectBranch):
		p, ok := h.rectSourceBranchProblem(t, x)
		if !ok {
			return h.conclude(t, msgRcGone.In(t.lang))
		}
		it.BranchProblemID, it.Problem = p.ID, branchProblemText(p)
	case x.Source != rectNew:
		p, ok := h.rectSourcePoint(t, x)
		if !ok {
			return h.conclude(t, msgRcGone.In(t.lang))
		}
		it.PointID, it.Problem = p.ID, p.Problem
	}
	if it.Problem == "" || it.Measure == "" {
		return h.conclude(t, msgStaleButton.In(t.lang))
	}
	owner, isMember, err := h.records.Member(t.ctx, m.BranchID, it.Owner)
	if err != nil {
		return err
	}
	if !isMember {
		return h.conclude(t, msgRcOwnerGone.In(t.lang))
	}
	if it.Deadline.IsZero() || it.ReviewDays < 1 { // not answered, or not as the buttons and check keep it
		return h.conclude(t, msgStaleButton.In(t.lang))
	}
	if err := h.drawRectItem(t, a, &x, m); err != nil {
		return err
	}
	it.ID, it.Number, it.CreatedAt = x.ID, x.Number, x.At
	if err := h.records.SaveRectItem(t.ctx, it); err != nil {
		return err
	}
	if err := h.replanItem(t.ctx, it); err != nil {
		return err
	}
	if it.Owner == t.userID {
		return h.conclude(t, fmt.Sprintf(msgRcCreatedSelf.In(t.lang), it.Number, rectCard(t.lang, it, owner.Name)))
	}
	h.rectNotify(t, it.Owner, func(lang orglife.Lang) string {
		return fmt.Sprintf(msgRcAssigned.In(lang), it.Number, rectCard(lang, it, owner.Name))
	}, btnReport, goData(cmdProgress, it.BranchID, it.MeetingID))
	return h.conclude(t, fmt.Sprintf(msgRcCreated.In(t.lang), it.Number, rectCard(t.lang, it, owner.Name)))
}

// drawRectItem draws the item's id, number and time once per run and keeps them in the
// session, so that an update retried after a failure mid-save saves the same item again,
// not a second one.
func (h *Handlers) drawRectItem(t *turn, a answers, x *rectifyAnswers, m orglife.Meeting) error {
	if x.ID != "" {
		return nil
	}
	id, err := h.records.NextID(t.ctx, m.BranchID)
	if err != nil {
		return err
	}
	n, err := h.records.NextRectNumber(t.ctx, m.BranchID, m.ID)
	if err != nil {
		return err
	}
	if err := h.remember(t, a, map[string]string{
		"_id": "r" + id, "_n": strconv.Itoa(n), "_at": h.opts.Clock.Now().UTC().Format(time.RFC3339Nano)}); err != nil {
		return err
	}
	*x = answersAs[rectifyAnswers](a) // as a retry reads them
	return nil
}
