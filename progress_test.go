package orglife

import (
	"reflect"
	"strings"
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
	// 3's talk with 1 is confirmed; 2's with 4 waits for 4's answer: 4 owes it, 2 waits.
	talks := []Talk{{RecordedBy: 3, With: 1, Status: ConfirmAgreed}, {RecordedBy: 2, With: 4, Status: ConfirmPending}}
	studies := []Study{{MemberID: 1}, {MemberID: 1}}
	// Being present at a collective session counts as study; recording one does not.
	sessions := []StudySession{{RecordedBy: 2, Attendance: []int64{0, 3}}}
	got := Progress(m, StepRecords{Members: members, Points: points, Talks: talks, Studies: studies, Sessions: sessions, MaterialDone: []int64{2}})
	want := map[StepKind]StepProgress{
		StepPlan:     {Pending: []int64{1}},
		StepStudy:    {Done: []int64{1, 3}, Pending: []int64{2, 4}},
		StepTalks:    {Done: []int64{1, 3}, Pending: []int64{2, 4}, Waiting: []int64{2}},
		StepPoints:   {Done: []int64{2}, Pending: []int64{1, 3, 4}},
		StepMaterial: {Done: []int64{2}, Pending: []int64{1, 3, 4}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Progress =\n%v\nwant\n%v", got, want)
	}
	if owing := got[StepTalks].Owing(); !reflect.DeepEqual(owing, []int64{4}) {
		t.Fatalf("owing the talks: %v, want only 4 (who is to answer 2's record)", owing)
	}
	m.PlanAdopted = Date{2026, 12, 1}
	if p := Progress(m, StepRecords{Members: members})[StepPlan]; !reflect.DeepEqual(p.Done, []int64{1}) {
		t.Fatalf("adopted plan: %+v", p)
	}
	if d := m.Steps[0].Deadline; d != (Date{2026, 12, 10}) {
		t.Fatalf("plan deadline %v", d)
	}
}

// TestJudgePrepStatus: what makes a member's step done, per step, with the talk coverage
// rules (every required partner and the minimum, counting confirmed talks) deciding talks,
// and whose hands a talk that does not count yet is in. A case whose name says "(waits)"
// is of a member not done with nothing to do (StepStatus.Waiting).
func TestJudgePrepStatus(t *testing.T) {
	const sec, com, mem1, mem2 = 1, 2, 3, 4
	members := []Member{{UserID: sec, Role: RoleSecretary}, {UserID: com, Role: RoleCommittee}, {UserID: mem1, Role: RoleMember}, {UserID: mem2, Role: RoleMember}}
	tmpl := []StepTemplate{
		{Kind: StepPlan, DaysBefore: 10, Responsible: BySecretary},
		{Kind: StepStudy, DaysBefore: 5, Responsible: ByEveryone},
		{Kind: StepTalks, DaysBefore: 4, Responsible: ByEveryone},
		{Kind: StepPoints, DaysBefore: 3, Responsible: ByEveryone},
		{Kind: StepMaterial, DaysBefore: 1, Responsible: ByEveryone},
	}
	meeting := Meeting{Date: Date{2026, 12, 20}, Steps: NewSteps(Date{2026, 12, 20}, tmpl)}
	adopted := meeting
	adopted.PlanAdopted = Date{2026, 12, 1}
	noTalkStep := Meeting{Date: meeting.Date, Steps: NewSteps(meeting.Date, tmpl[:2])}
	talk := func(by, with int64, status Confirmation) Talk {
		return Talk{RecordedBy: by, With: with, Status: status}
	}
	outside := Talk{RecordedBy: mem1, WithName: "群众甲", Status: ConfirmAgreed}
	pendingSec := talk(mem1, sec, ConfirmPending) // mem1 recorded it; sec is to answer
	secretaryWithAll := CoverageRules{SecretaryWithAll: true}
	tests := []struct {
		name    string
		meeting Meeting
		records StepRecords
		step    StepKind
		member  int64
		want    StepStatus
	}{
		{"the plan is the secretary's, open until adopted", meeting, StepRecords{Members: members}, StepPlan, sec,
			StepStatus{Required: true}},
		{"the plan is done once adopted", adopted, StepRecords{Members: members}, StepPlan, sec,
			StepStatus{Required: true, Done: true}},
		{"the plan is not a member's to do", meeting, StepRecords{Members: members}, StepPlan, mem1,
			StepStatus{}},
		{"study by one's own record", meeting, StepRecords{Members: members, Studies: []Study{{MemberID: mem1}}}, StepStudy, mem1,
			StepStatus{Required: true, Done: true}},
		{"study by presence at a collective session", meeting, StepRecords{Members: members, Sessions: []StudySession{{RecordedBy: com, Attendance: []int64{mem2}}}}, StepStudy, mem2,
			StepStatus{Required: true, Done: true}},
		{"recording a session for others is not one's own study", meeting, StepRecords{Members: members, Sessions: []StudySession{{RecordedBy: com, Attendance: []int64{mem2}}}}, StepStudy, com,
			StepStatus{Required: true}},
		{"a withdrawn point does not count", meeting, StepRecords{Members: members, Points: []Point{{MemberID: mem1, Withdrawn: true}}}, StepPoints, mem1,
			StepStatus{Required: true}},
		{"a point counts", meeting, StepRecords{Members: members, Points: []Point{{MemberID: mem1}}}, StepPoints, mem1,
			StepStatus{Required: true, Done: true}},
		{"the material when marked", meeting, StepRecords{Members: members, MaterialDone: []int64{mem2}}, StepMaterial, mem2,
			StepStatus{Required: true, Done: true}},
		{"talks without rules: one talk is enough", meeting, StepRecords{Members: members, Talks: []Talk{talk(mem1, mem2, ConfirmAgreed)}}, StepTalks, mem2,
			StepStatus{Required: true, Done: true}},
		{"talks without any talk are open even without rules", meeting, StepRecords{Members: members}, StepTalks, mem2,
			StepStatus{Required: true}},
		{"one talk, but a required partner missing", meeting, StepRecords{Members: members, Talks: []Talk{talk(mem1, mem2, ConfirmAgreed)}, Coverage: secretaryWithAll}, StepTalks, mem1,
			StepStatus{Required: true, Partners: []int64{sec}}},
		{"the secretary misses every member not talked with, in member order", meeting, StepRecords{Members: members, Talks: []Talk{talk(mem1, sec, ConfirmAgreed)}, Coverage: secretaryWithAll}, StepTalks, sec,
			StepStatus{Required: true, Partners: []int64{com, mem2}}},
		{"the required partner talked with", meeting, StepRecords{Members: members, Talks: []Talk{talk(mem1, sec, ConfirmAgreed)}, Coverage: secretaryWithAll}, StepTalks, mem1,
			StepStatus{Required: true, Done: true}},
		{"a pending talk does not count: the recorder (waits)", meeting, StepRecords{Members: members, Talks: []Talk{pendingSec}, Coverage: secretaryWithAll}, StepTalks, mem1,
			StepStatus{Required: true, Awaiting: []int64{sec}}},
		{"a pending talk does not count: the partner owes the answer, and is not asked to talk again", meeting, StepRecords{Members: members, Talks: []Talk{pendingSec}, Coverage: secretaryWithAll}, StepTalks, sec,
			StepStatus{Required: true, Partners: []int64{com, mem2}, ToConfirm: []Talk{pendingSec}}},
		{"without rules too, the first talk waits for its confirmation (waits)", meeting, StepRecords{Members: members, Talks: []Talk{talk(mem1, mem2, ConfirmPending)}}, StepTalks, mem1,
			StepStatus{Required: true, Awaiting: []int64{mem2}}},
		{"a disputed talk does not count: the recorder is to check it and record it again", meeting, StepRecords{Members: members, Talks: []Talk{talk(mem1, sec, ConfirmDisputed)}, Coverage: secretaryWithAll}, StepTalks, mem1,
			StepStatus{Required: true, Disputed: []int64{sec}}},
		{"a disputed talk does not count: who disputed it (waits)", meeting, StepRecords{Members: members, Talks: []Talk{talk(sec, mem1, ConfirmDisputed)}, Coverage: secretaryWithAll}, StepTalks, mem1,
			StepStatus{Required: true, Correcting: []int64{sec}}},
		{"recorded again after a dispute: the new record is awaited (waits)", meeting, StepRecords{Members: members, Talks: []Talk{talk(mem1, sec, ConfirmDisputed), talk(mem1, sec, ConfirmPending)}, Coverage: secretaryWithAll}, StepTalks, mem1,
			StepStatus{Required: true, Awaiting: []int64{sec}}},
		{"an unanswered record is owed even when the pair has a confirmed talk", meeting, StepRecords{Members: members, Talks: []Talk{talk(mem1, mem2, ConfirmAgreed), talk(mem2, mem1, ConfirmPending)}}, StepTalks, mem1,
			StepStatus{Required: true, ToConfirm: []Talk{talk(mem2, mem1, ConfirmPending)}}},
		{"its recorder waits for nothing: the pair's talk counts", meeting, StepRecords{Members: members, Talks: []Talk{talk(mem1, mem2, ConfirmAgreed), talk(mem2, mem1, ConfirmPending)}}, StepTalks, mem2,
			StepStatus{Required: true, Done: true}},
		{"a talk with a member who has left counts: nobody can confirm it", meeting, StepRecords{Members: members, Talks: []Talk{talk(mem1, 99, ConfirmPending)}}, StepTalks, mem1,
			StepStatus{Required: true, Done: true}},
		{"short of the minimum", meeting, StepRecords{Members: members, Talks: []Talk{outside}, Coverage: CoverageRules{MinPerMember: 2}}, StepTalks, mem1,
			StepStatus{Required: true, More: 1}},
		{"short of the minimum, the rest under way (waits)", meeting, StepRecords{Members: members, Talks: []Talk{outside, talk(mem1, mem2, ConfirmPending)}, Coverage: CoverageRules{MinPerMember: 2}}, StepTalks, mem1,
			StepStatus{Required: true, Awaiting: []int64{mem2}}},
		{"short of the minimum: a second record of a pair that counts is no new partner", meeting, StepRecords{Members: members, Talks: []Talk{talk(mem1, mem2, ConfirmAgreed), talk(mem2, mem1, ConfirmPending)}, Coverage: CoverageRules{MinPerMember: 2}}, StepTalks, mem1,
			StepStatus{Required: true, More: 1, ToConfirm: []Talk{talk(mem2, mem1, ConfirmPending)}}},
		{"the minimum reached with someone outside the bot", meeting, StepRecords{Members: members, Talks: []Talk{outside, talk(mem2, mem1, ConfirmAgreed)}, Coverage: CoverageRules{MinPerMember: 2}}, StepTalks, mem1,
			StepStatus{Required: true, Done: true}},
		{"committee pairs", meeting, StepRecords{Members: members, Talks: []Talk{talk(com, mem1, ConfirmAgreed)}, Coverage: CoverageRules{CommitteePairs: true}}, StepTalks, com,
			StepStatus{Required: true, Partners: []int64{sec}}},
		{"someone not in the branch owes nothing", meeting, StepRecords{Members: members}, StepStudy, 99,
			StepStatus{}},
		{"a step the meeting does not have is owed by nobody", noTalkStep, StepRecords{Members: members}, StepTalks, mem1,
			StepStatus{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.want.Step, tt.want.Member = tt.step, tt.member
			got := JudgePrep(tt.meeting, tt.records).Status(tt.step, tt.member)
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Status = %+v, want %+v", got, tt.want)
			}
			if waits := strings.Contains(tt.name, "(waits)"); got.Waiting() != waits || got.Owed() == (waits || got.Done || !got.Required) {
				t.Fatalf("Waiting = %v, Owed = %v; want waiting %v", got.Waiting(), got.Owed(), waits)
			}
		})
	}
}

func TestPrepOwes(t *testing.T) {
	members := []Member{{UserID: 1, Role: RoleSecretary}, {UserID: 2, Role: RoleMember}}
	tmpl := []StepTemplate{
		{Kind: StepPlan, DaysBefore: 10, Responsible: BySecretary},
		{Kind: StepStudy, DaysBefore: 5, Responsible: ByEveryone},
		{Kind: StepTalks, DaysBefore: 4, Responsible: ByEveryone},
	}
	m := Meeting{Date: Date{2026, 12, 20}, Steps: NewSteps(Date{2026, 12, 20}, tmpl)}
	p := JudgePrep(m, StepRecords{Members: members, Studies: []Study{{MemberID: 2}}, Talks: []Talk{{RecordedBy: 2, WithName: "群众甲"}},
		Coverage: CoverageRules{SecretaryWithAll: true}})
	var steps []StepKind
	for _, st := range p.Owes(2) {
		steps = append(steps, st.Step)
	}
	if !reflect.DeepEqual(steps, []StepKind{StepTalks}) {
		t.Fatalf("member 2 owes %v, want only the talks (the secretary is still to be talked with)", steps)
	}
	steps = nil
	for _, st := range p.Owes(1) {
		steps = append(steps, st.Step)
	}
	if !reflect.DeepEqual(steps, []StepKind{StepPlan, StepStudy, StepTalks}) {
		t.Fatalf("the secretary owes %v", steps)
	}
}
