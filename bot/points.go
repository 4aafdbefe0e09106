package bot

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"

	"orglife"
	"orglife/state"
)

// 查摆问题: members record their self-examination points (/point), list, edit and withdraw
// them until the step's deadline (/mypoints); the secretary sees and may change everyone's
// at any time (/points), every change logged.

const (
	// flowPoint is named as the draft kind the idle sweep keeps a half-written point under.
	flowPoint      = "point"
	flowPointEdit  = "pointedit"
	flowPointDraft = "pointdraft"

	pointMinProblem = 4   // a problem needs at least this many characters
	pointListClip   = 300 // how much of a problem a list shows
	pointNoteClip   = 100 // how much of a cause or measure a list shows, and a log summary
	pointDetailClip = 1000
	pointsPerMsg    = 20   // points (and button rows) per list message
	pointMsgLimit   = 4000 // under Telegram's 4096, counted in UTF-16 units of the HTML
)

// The fields of a point a member can change.
const (
	pointFieldArea    = "area"
	pointFieldSource  = "source"
	pointFieldProblem = "problem"
	pointFieldCause   = "cause"
	pointFieldMeasure = "measure"
)

var pointFields = []string{pointFieldArea, pointFieldSource, pointFieldProblem, pointFieldCause, pointFieldMeasure}

func (h *Handlers) pointCommands() []Command {
	return []Command{
		{Name: "point", Desc: descPoint, Role: orglife.RoleMember, draft: flowPoint, run: h.newPoint},
		{Name: "mypoints", Desc: descMyPoints, Role: orglife.RoleMember, parts: state.PartPoints, run: h.myPoints},
		{Name: "points", Desc: descPoints, Role: orglife.RoleSecretary, run: h.allPoints},
	}
}

// pointAnswers are /point's answers (and a draft of them, with the branch it was written
// in). Area and Source are not Valid when missing or not a number. Late is the answer to
// 「仍要补充吗？」, asked only after the 查摆问题 deadline.
type pointAnswers struct {
	DraftBranch string         `answer:"_branch"` // keyBranch
	Late        bool           `answer:"late"`
	Area        orglife.Area   `answer:"area"`
	Source      orglife.Source `answer:"source"`
	Problem     string         `answer:"problem"`
	Example     string         `answer:"example"`
	Cause       string         `answer:"cause"`
	Measure     string         `answer:"measure"`
}

// pointDraftAnswers are the answers of the question whether to resume a draft: the choice,
// and the draft's problem preset to quote.
type pointDraftAnswers struct {
	Choice  string `answer:"choice"`
	Problem string `answer:"problem"`
}

// pointEditAnswers are an edit's answers: the point's ids (preset), the field chosen and
// its new value, under the question of the field's kind.
type pointEditAnswers struct {
	Branch  string         `answer:"branch"`
	Meeting string         `answer:"meeting"`
	Point   string         `answer:"point"`
	Field   string         `answer:"field"`
	Area    orglife.Area   `answer:"area"`
	Source  orglife.Source `answer:"source"`
	Text    string         `answer:"text"`
}

func (h *Handlers) pointFlows() []*flow {
	isField := func(fields ...string) func(*turn, answers) bool {
		return func(_ *turn, a answers) bool {
			return slices.Contains(fields, answersAs[pointEditAnswers](a).Field)
		}
	}
	return []*flow{
		{
			name: flowPoint, need: orglife.RoleMember, draft: "point", forMeeting: true,
			answers: reflect.TypeFor[pointAnswers](),
			questions: []question{
				// After the deadline a point is still taken, marked late, once the member says so.
				{key: "late", options: pointLateOptions, when: h.pointsClosed, ask: h.askPointLate},
				{key: "area", options: pointAreaOptions, ask: func(t *turn, _ answers) string { return msgPtAskPointArea.In(t.lang) }},
				{key: "source", options: pointSourceOptions, ask: func(t *turn, a answers) string {
					return fmt.Sprintf(msgPtAskPointSource.In(t.lang), answersAs[pointAnswers](a).Area.Name(t.lang))
				}},
				{key: "problem", typed: true, check: withWords(msgPtProblemNoWords, minLength(pointMinProblem, msgPtPointTooShort, true)),
					ask: func(t *turn, a answers) string {
						x := answersAs[pointAnswers](a)
						return fmt.Sprintf(msgPtAskProblem.In(t.lang), x.Area.Name(t.lang), x.Source.Name(t.lang))
					}},
				// Asked once, only for a problem too short or a stock phrase alone.
				{key: "example", typed: true, optional: true, check: h.exampleCheck,
					when: func(_ *turn, a answers) bool { return orglife.NeedsExample(answersAs[pointAnswers](a).Problem) },
					ask: func(t *turn, a answers) string {
						return fmt.Sprintf(msgPtAskExample.In(t.lang), quote(clip(answersAs[pointAnswers](a).Problem, pointListClip)))
					}},
				{key: "cause", typed: true, optional: true, check: withWords(msgPtNoWordsOrSkip, nil),
					ask: func(t *turn, _ answers) string { return msgPtAskCause.In(t.lang) }},
				{key: "measure", typed: true, optional: true, check: withWords(msgPtNoWordsOrSkip, nil),
					ask: func(t *turn, _ answers) string { return msgPtAskMeasure.In(t.lang) }},
			},
			finish: h.savePoint,
		},
		{
			name: flowPointDraft, need: orglife.RoleMember,
			answers: reflect.TypeFor[pointDraftAnswers](), preset: []string{"problem"},
			questions: []question{{key: "choice",
				options: func(t *turn, _ answers) ([]option, error) {
					return []option{{btnPtResume.In(t.lang), "resume"}, {btnPtRestart.In(t.lang), "restart"}}, nil
				},
				ask: func(t *turn, a answers) string {
					text := msgPtAskDraft.In(t.lang)
					if problem := answersAs[pointDraftAnswers](a).Problem; problem != "" {
						text += fmt.Sprintf(msgPtDraftProblem.In(t.lang), quote(clip(problem, pointListClip)))
					}
					return text
				}}},
			finish: h.finishPointDraft,
		},
		{
			// Preset with branch, meeting and point: the point's ids, never its content.
			name: flowPointEdit, need: orglife.RoleMember,
			answers: reflect.TypeFor[pointEditAnswers](), preset: []string{"branch", "meeting", "point"},
			questions: []question{
				{key: "field", options: pointFieldOptions, ask: h.askPointField},
				{key: "area", options: pointAreaOptions, when: isField(pointFieldArea), ask: h.askPointArea},
				{key: "source", options: pointSourceOptions, when: isField(pointFieldSource), ask: h.askPointSource},
				{key: "text", typed: true, when: isField(pointFieldProblem, pointFieldCause, pointFieldMeasure), check: pointTextCheck, ask: h.askPointText},
			},
			finish: h.saveEditedPoint,
		},
	}
}

func (h *Handlers) pointButtons() map[buttonKind]buttonHandler {
	return map[buttonKind]buttonHandler{kindPoint: h.onPointButton}
}

// --- small helpers ---

// pointsClosed reports whether the flow's meeting is past its 查摆问题 deadline, so that a
// point recorded now is late (逾期补充).
func (h *Handlers) pointsClosed(t *turn, _ answers) bool {
	m, err := h.meetingOf(t)
	return err == nil && !m.PointsOpen(h.today(t))
}

func (h *Handlers) askPointLate(t *turn, _ answers) string {
	m, err := h.meetingOf(t)
	if err != nil {
		return fmt.Sprintf(msgPtAskLate.In(t.lang), "")
	}
	s, _ := m.Step(orglife.StepPoints)
	return fmt.Sprintf(msgPtAskLate.In(t.lang), s.Deadline.In(t.lang))
}

func pointLateOptions(t *turn, _ answers) ([]option, error) {
	return []option{{btnPtAddLate.In(t.lang), "yes"}}, nil
}

func pointAreaOptions(t *turn, _ answers) ([]option, error) {
	opts := make([]option, 0, len(orglife.Areas))
	for _, a := range orglife.Areas {
		opts = append(opts, option{a.Name(t.lang), strconv.Itoa(int(a))})
	}
	return opts, nil
}

func pointSourceOptions(t *turn, _ answers) ([]option, error) {
	opts := make([]option, 0, len(orglife.Sources))
	for _, s := range orglife.Sources {
		opts = append(opts, option{s.Name(t.lang), strconv.Itoa(int(s))})
	}
	return opts, nil
}

// pointSummary is a point in one short plain line (not HTML), for logs and notices.
func pointSummary(p orglife.Point, lang orglife.Lang) string {
	return fmt.Sprintf("【%s · %s】%s", p.Area.Name(lang), p.Source.Name(lang), clip(p.Problem, pointNoteClip))
}

// pointFieldSummary is one field of a point in short plain text: "方面：理论学习".
func pointFieldSummary(p orglife.Point, field string, lang orglife.Lang) string {
	v := pointFieldValue(p, field, lang)
	if v == "" {
		v = msgPtEmptyValue.In(lang)
	}
	sep := "："
	if lang == orglife.LangEN {
		sep = ": "
	}
	return pointFieldNames[field].In(lang) + sep + clip(v, pointNoteClip)
}

func pointFieldValue(p orglife.Point, field string, lang orglife.Lang) string {
	switch field {
	case pointFieldArea:
		return p.Area.Name(lang)
	case pointFieldSource:
		return p.Source.Name(lang)
	case pointFieldProblem:
		return p.Problem
	case pointFieldCause:
		return p.Cause
	case pointFieldMeasure:
		return p.Measure
	}
	return ""
}
