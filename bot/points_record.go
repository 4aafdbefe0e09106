package bot

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"orglife"
)

// --- /point ---

func (h *Handlers) newPoint(t *turn) error {
	if _, ok, err := h.currentMeetingOnce(t); err != nil || !ok {
		return err
	}
	saved, err := h.pointDraft(t)
	if err != nil {
		return err
	}
	if saved != nil {
		return h.startFlow(t, h.flows[flowPointDraft], t.branch.ID, answers{"problem": answersAs[pointAnswers](saved).Problem})
	}
	return h.startFlow(t, h.flows[flowPoint], t.branch.ID, nil)
}

// pointDraft reads the user's unfinished point, keeping only answers that are still
// valid; an empty or unreadable draft is dropped.
func (h *Handlers) pointDraft(t *turn) (answers, error) {
	raw, err := h.records.DraftOf(t.ctx, t.unit, t.userID, flowPoint)
	if err != nil || raw == nil {
		return nil, err
	}
	var all map[string]string
	if err := json.Unmarshal(raw, &all); err != nil {
		h.log.Warn("unreadable point draft dropped", "user", t.userID, "error", err)
	}
	typed := answersAs[pointAnswers](all)
	if b := typed.DraftBranch; b != "" && b != t.branch.ID {
		return nil, nil // written in another branch: kept for when the user is back there
	}
	saved := answers{}
	// Area and source are kept when valid; the texts are read by presence below, since an
	// empty one (a question skipped) is kept too.
	if typed.Area.Valid() {
		saved["area"] = all["area"]
	}
	if typed.Source.Valid() {
		saved["source"] = all["source"]
	}
	textOK := func(s string, min int) bool {
		n := utf8.RuneCountInString(s)
		return n >= min && n <= h.opts.MaxText
	}
	if p, ok := all["problem"]; ok && textOK(p, pointMinProblem) {
		saved["problem"] = p
		if ex, ok := all["example"]; ok && (ex == "" || textOK(pointWithExample(p, ex, t.lang), 1)) {
			saved["example"] = ex
		}
	}
	for _, k := range []string{"cause", "measure"} {
		if v, ok := all[k]; ok && (v == "" || textOK(v, 1)) {
			saved[k] = v
		}
	}
	if len(saved) == 0 {
		return nil, h.records.DropDraft(t.ctx, t.unit, t.userID, flowPoint)
	}
	return saved, nil
}

// finishPointDraft resumes the draft or starts over; either way the draft is gone.
func (h *Handlers) finishPointDraft(t *turn, a answers) error {
	saved, err := h.pointDraft(t)
	if err != nil {
		return err
	}
	if err := h.records.DropDraft(t.ctx, t.unit, t.userID, flowPoint); err != nil {
		return err
	}
	branch, prompt := t.sess.Branch, t.sess.Prompt
	if err := h.store.DeleteSession(t.ctx, t.unit, t.chatID, t.userID); err != nil {
		return err
	}
	resume := answersAs[pointDraftAnswers](a).Choice == "resume" && saved != nil
	closing := msgPtDraftDropped
	if resume {
		closing = msgPtDraftResumed
	}
	if prompt != 0 {
		if err := h.closePrompt(t.ctx, t.chatID, prompt, closing.In(t.lang)); err != nil {
			return err
		}
	}
	t.query = nil // the prompt is closed: the flow asks in a new message
	if resume {
		return h.resumeFlow(t, h.flows[flowPoint], branch, saved)
	}
	return h.startFlow(t, h.flows[flowPoint], branch, nil)
}

func (h *Handlers) exampleCheck(t *turn, a answers, text string) (string, string) {
	if orglife.Wordless(text) {
		return "", msgPtNoWordsOrSkip.In(t.lang)
	}
	if utf8.RuneCountInString(text) < 2 {
		return "", msgPtExampleTooShort.In(t.lang)
	}
	if n := utf8.RuneCountInString(pointWithExample(answersAs[pointAnswers](a).Problem, text, t.lang)); n > h.opts.MaxText {
		return "", fmt.Sprintf(msgPtExampleTooLong.In(t.lang), n, h.opts.MaxText)
	}
	return text, ""
}

// pointWithExample is the problem with the member's concrete example appended.
func pointWithExample(problem, example string, lang orglife.Lang) string {
	example = strings.TrimSpace(example)
	if example == "" {
		return problem
	}
	for _, p := range []string{"例如：", "例如:", "例如，", "例如", "比如：", "比如:", "比如，", "比如"} {
		example = strings.TrimPrefix(example, p)
	}
	p := strings.TrimRight(strings.TrimSpace(problem), "。.;；，,!！ ")
	if lang == orglife.LangEN {
		return p + ". For example: " + strings.TrimSpace(example)
	}
	return p + "。例如：" + strings.TrimSpace(example)
}

func (h *Handlers) savePoint(t *turn, a answers) error {
	x := answersAs[pointAnswers](a)
	if !x.Area.Valid() || !x.Source.Valid() || x.Problem == "" {
		return h.conclude(t, msgStaleButton.In(t.lang))
	}
	m, ok, err := h.flowMeeting(t)
	if err != nil || !ok {
		return err
	}
	if isMember, err := h.stillMember(t, m.BranchID); err != nil {
		return err
	} else if !isMember {
		return h.conclude(t, msgNotInBranch.In(t.lang))
	}
	id, err := h.recordID(t, a, "p")
	if err != nil {
		return err
	}
	now := h.opts.Clock.Now()
	// Late by the day it is saved: a point begun before the deadline and finished after it
	// is late too.
	late := !m.PointsOpen(h.today(t))
	p := orglife.Point{ID: id, MeetingID: m.ID, MemberID: t.userID, Area: x.Area, Source: x.Source,
		Problem: pointWithExample(x.Problem, x.Example, t.lang), Cause: x.Cause, Measure: x.Measure,
		CreatedAt: now, UpdatedAt: now, Late: late}
	change := orglife.PointChange{By: t.userID, At: now, Action: orglife.PointCreate, After: pointSummary(p, orglife.LangZH)}
	if err := h.records.SavePoint(t.ctx, m.BranchID, p, change); err != nil {
		return err
	}
	text := fmt.Sprintf(msgPtPointSaved.In(t.lang), x.Area.Name(t.lang), x.Source.Name(t.lang), quote(clip(p.Problem, pointListClip)))
	if late {
		text += "\n" + msgPtPointSavedLate.In(t.lang)
	}
	return h.conclude(t, text)
}
