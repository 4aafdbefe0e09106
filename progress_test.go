package orglife

import (
	"reflect"
	"testing"
)

func TestProgress(t *testing.T) {
	members := []Member{{UserID: 1, Role: RoleSecretary}, {UserID: 2, Role: RoleCommittee}, {UserID: 3, Role: RoleMember}, {UserID: 4, Role: RoleMember}}
	tmpl := []StepTemplate{
		{Kind: StepPlan, DaysBefore: 10, Responsible: BySecretary},
		{Kind: StepStudy, DaysBefore: 5, Responsible: ByEveryone},
		{Kind: StepTalks, DaysBefore: 4, Responsible: ByEveryone},
		{Kind: StepPoints, DaysBefore: 3, Responsible: ByEveryone},
		{Kind: StepMaterial, DaysBefore: 1, Responsible: ByEveryone},
	}
	m := Meeting{Date: Date{2026, 12, 20}, Steps: NewSteps(Date{2026, 12, 20}, tmpl)}
	points := []Point{{MemberID: 2}, {MemberID: 3, Withdrawn: true}}
	talks := []Talk{{RecordedBy: 3, With: 1}}
	studies := []Study{{MemberID: 1}, {MemberID: 1}}
	// Being present at a collective session counts as study; recording one does not.
	sessions := []StudySession{{RecordedBy: 2, Attendance: []int64{0, 3}}}
	got := Progress(m, StepRecords{Members: members, Points: points, Talks: talks, Studies: studies, Sessions: sessions, MaterialDone: []int64{2}})
	want := map[StepKind]StepProgress{
		StepPlan:     {Pending: []int64{1}},
		StepStudy:    {Done: []int64{1, 3}, Pending: []int64{2, 4}},
		StepTalks:    {Done: []int64{1, 3}, Pending: []int64{2, 4}},
		StepPoints:   {Done: []int64{2}, Pending: []int64{1, 3, 4}},
		StepMaterial: {Done: []int64{2}, Pending: []int64{1, 3, 4}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Progress =\n%v\nwant\n%v", got, want)
	}
	m.PlanAdopted = Date{2026, 12, 1}
	if p := Progress(m, StepRecords{Members: members})[StepPlan]; !reflect.DeepEqual(p.Done, []int64{1}) {
		t.Fatalf("adopted plan: %+v", p)
	}
	if d := m.Steps[0].Deadline; d != (Date{2026, 12, 10}) {
		t.Fatalf("plan deadline %v", d)
	}
}
