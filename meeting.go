package orglife

import (
	"slices"
	"time"
)

// StepKind is one preparation step of the meeting (会前准备).
type StepKind string

// The five preparation steps, in the order they are done.
const (
	StepPlan     StepKind = "plan"     // 实施方案
	StepStudy    StepKind = "study"    // 学习研讨
	StepTalks    StepKind = "talks"    // 谈心谈话
	StepPoints   StepKind = "points"   // 查摆问题
	StepMaterial StepKind = "material" // 对照检查材料
)

// StepKinds lists the steps in order.
var StepKinds = []StepKind{StepPlan, StepStudy, StepTalks, StepPoints, StepMaterial}

var stepNames = map[StepKind][2]string{
	StepPlan:     {"实施方案", "Implementation plan"},
	StepStudy:    {"学习研讨", "Study"},
	StepTalks:    {"谈心谈话", "Talks"},
	StepPoints:   {"查摆问题", "Self-examination"},
	StepMaterial: {"对照检查材料", "Comparison-check material"},
}

// Name is the step as users read it.
func (k StepKind) Name(lang Lang) string { return localName(stepNames[k], lang) }

// Valid reports whether k is a known step.
func (k StepKind) Valid() bool { _, ok := stepNames[k]; return ok }

// Responsible says who must do a step.
type Responsible string

// Who does a step: the secretary alone, or every member.
const (
	BySecretary Responsible = "secretary"
	ByEveryone  Responsible = "all"
)

// StepTemplate is a step as configured: its deadline relative to the meeting date.
type StepTemplate struct {
	Kind             StepKind    `json:"kind" yaml:"kind"`
	DaysBefore       int         `json:"days_before" yaml:"days_before"`
	Responsible      Responsible `json:"responsible" yaml:"responsible"`
	RemindDaysBefore []int       `json:"remind_days_before" yaml:"remind_days_before"`
	RemindOverdue    bool        `json:"remind_overdue" yaml:"remind_overdue"`
}

// Step is a preparation step of one meeting.
type Step struct {
	Kind             StepKind    `json:"kind"`
	Deadline         Date        `json:"deadline"`
	Responsible      Responsible `json:"responsible"`
	RemindDaysBefore []int       `json:"remind_days_before,omitempty"`
	RemindOverdue    bool        `json:"remind_overdue,omitempty"`
	// MovedAt is when the deadline was last changed (zero: as set up). A reminder planned
	// for before then belongs to the old deadline: the change's own notice tells the new one.
	MovedAt time.Time `json:"moved_at,omitzero"`
}

// Outdates reports whether the step's deadline changed after r was planned for, so that r,
// if it is still to go out, speaks of a deadline no longer true (moving a deadline must not
// send the new plan's reminders of earlier that day at once).
func (s Step) Outdates(r Reminder) bool { return r.PlannedAt().Before(s.MovedAt) }

// MarkMoved stamps at on each step of after whose deadline differs from its deadline in before.
func MarkMoved(before, after Meeting, at time.Time) Meeting {
	after.Steps = slices.Clone(after.Steps)
	for i, s := range after.Steps {
		if old, ok := before.Step(s.Kind); ok && old.Deadline != s.Deadline {
			after.Steps[i].MovedAt = at
		}
	}
	return after
}

// Meeting is one special organisational-life meeting and its preparation.
type Meeting struct {
	ID        string    `json:"id"`
	BranchID  string    `json:"branch_id"`
	Title     string    `json:"title"`
	Date      Date      `json:"date"`
	Steps     []Step    `json:"steps"`
	CreatedAt time.Time `json:"created_at"`
	// PlanAdopted is the day the committee (支委会) adopted the implementation plan.
	PlanAdopted Date `json:"plan_adopted,omitempty"`
	// Time and Place are when on its day and where the meeting is held, told to members in
	// the announcement and the notices before it; both optional (nil and "" when not known).
	Time  *TimeOfDay `json:"time,omitempty"`
	Place string     `json:"place,omitempty"`
	// What the report's opening and plan paragraph name, as the superior's notice and the
	// branch's plan word them; each is optional, and the report marks a missing one
	// 【待补充】 rather than writing generic words in its place.
	Notice      string      `json:"notice,omitempty"`      // the notice's title, without 《》
	Theme       string      `json:"theme,omitempty"`       // the theme (…主题)
	Requirement string      `json:"requirement,omitempty"` // the 总要求
	Form        MeetingForm `json:"form,omitempty"`        // "" is a 党员大会
	PlanTitle   string      `json:"plan_title,omitempty"`  // the implementation plan's title, without 《》
	// ProblemCurators are the committee members the secretary allowed to state the branch
	// problems (支部班子问题) besides the secretary.
	ProblemCurators []int64 `json:"problem_curators,omitempty"`
	// Carry is the secretary's answer, once the meeting was set up, about the open
	// rectification items of the meeting before it; nil when not asked or not answered.
	Carry *CarryChoice `json:"carry,omitempty"`
	// Appraisal: a 民主评议党员 ballot was opened on the meeting (Ballot); what shows it (the
	// digest, /todo, the report) looks it up only then, at no cost to other meetings.
	Appraisal bool `json:"appraisal,omitempty"`
	// BallotDays are the open ballot's first and last day, which its reminders to vote are
	// planned by (PlanMeeting); nil before it opened and once it closed.
	BallotDays *BallotDays `json:"ballot_days,omitempty"`
}

// CarryChoice is whether the open items of an earlier meeting are still chased (回头看 and
// deadline reminders) or only kept open in the ledger (不再提醒).
type CarryChoice struct {
	From  string    `json:"from"` // the earlier meeting
	Chase bool      `json:"chase"`
	At    time.Time `json:"at"`
}

// MeetingForm is the body the meeting is held as (会议形式).
type MeetingForm string

// The forms a branch's organisational-life meeting is held in.
const (
	FormGeneral   MeetingForm = "general"   // 党员大会, the usual one
	FormCommittee MeetingForm = "committee" // 支部委员会
	FormGroup     MeetingForm = "group"     // 党小组会
)

// MeetingForms lists the forms, the default first.
var MeetingForms = []MeetingForm{FormGeneral, FormCommittee, FormGroup}

var meetingFormNames = map[MeetingForm][2]string{
	FormGeneral:   {"党员大会", "General meeting of members"},
	FormCommittee: {"支部委员会", "Branch committee meeting"},
	FormGroup:     {"党小组会", "Party group meeting"},
}

// Or is the form, or 党员大会 when none was chosen (meetings set up before forms were asked).
func (f MeetingForm) Or() MeetingForm {
	if f.Valid() {
		return f
	}
	return FormGeneral
}

// Name is the form as users and documents read it; an unset or unknown form is a 党员大会.
func (f MeetingForm) Name(lang Lang) string { return localName(meetingFormNames[f.Or()], lang) }

var meetingFormAttendees = map[MeetingForm][2]string{
	FormGeneral:   {"党员", "members"},
	FormCommittee: {"支委", "committee members"},
	FormGroup:     {"党员", "members"},
}

// Attendees names who sits in a meeting of this form (「7名支委参会」 at a 支部委员会).
func (f MeetingForm) Attendees(lang Lang) string {
	return localName(meetingFormAttendees[f.Or()], lang)
}

// Valid reports whether f is a known form.
func (f MeetingForm) Valid() bool { _, ok := meetingFormNames[f]; return ok }

// NewSteps lays the template's steps out before the meeting date.
func NewSteps(meetingDate Date, tmpl []StepTemplate) []Step {
	steps := make([]Step, 0, len(tmpl))
	for _, t := range tmpl {
		steps = append(steps, Step{
			Kind: t.Kind, Deadline: meetingDate.AddDays(-t.DaysBefore), Responsible: t.Responsible,
			RemindDaysBefore: t.RemindDaysBefore, RemindOverdue: t.RemindOverdue,
		})
	}
	return steps
}

// Step returns the meeting's step of kind k.
func (m Meeting) Step(k StepKind) (Step, bool) {
	for _, s := range m.Steps {
		if s.Kind == k {
			return s, true
		}
	}
	return Step{}, false
}

// Open reports whether the step's deadline has not passed on day today.
func (s Step) Open(today Date) bool { return !s.Deadline.Before(today) }
