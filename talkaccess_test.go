package orglife

import (
	"slices"
	"testing"
)

func TestTalkAccessOf(t *testing.T) {
	meetingDay := Date{2026, 12, 20}
	m := Meeting{ID: "m1", Date: meetingDay, Steps: NewSteps(meetingDay, []StepTemplate{
		{Kind: StepTalks, DaysBefore: 5, Responsible: ByEveryone},
	})} // 谈心谈话 due 2026-12-15
	noTalks := Meeting{ID: "m2", Date: meetingDay}
	open, deadline, late := Date{2026, 12, 10}, Date{2026, 12, 15}, Date{2026, 12, 16}
	mine := Talk{ID: "t1", MeetingID: "m1", RecordedBy: 3, With: 4, Status: ConfirmDisputed}
	outsider := Talk{ID: "t2", MeetingID: "m1", RecordedBy: 3, WithName: "王老师", Status: ConfirmAgreed}
	withdrawn := Talk{ID: "t3", MeetingID: "m1", RecordedBy: 3, With: 4, Withdrawn: true}
	tests := []struct {
		name   string
		member int64
		t      Talk
		m      Meeting
		today  Date
		want   TalkAccess
	}{
		{"the recorder before the deadline", 3, mine, m, open, TalkMayChange},
		{"the recorder on the deadline day", 3, mine, m, deadline, TalkMayChange},
		{"the recorder after the deadline", 3, mine, m, late, TalkClosed},
		{"the recorder of a talk with an outsider", 3, outsider, m, open, TalkMayChange},
		{"the recorder of a meeting without the step", 3, mine, noTalks, late, TalkMayChange},
		{"the partner, who did not record it", 4, mine, m, open, TalkNotYours},
		{"another member", 5, mine, m, open, TalkNotYours},
		{"nobody (an anonymised recorder)", 0, Talk{RecordedBy: 0, With: 4}, m, open, TalkNotYours},
		{"a withdrawn record, its recorder", 3, withdrawn, m, open, TalkGone},
		{"a withdrawn record after the deadline", 3, withdrawn, m, late, TalkGone},
	}
	for _, tt := range tests {
		if got := TalkAccessOf(tt.member, tt.t, tt.m, tt.today); got != tt.want {
			t.Errorf("%s: TalkAccessOf = %d, want %d", tt.name, got, tt.want)
		}
	}
}

// TestWithdrawnTalkOwesNothing: a withdrawn record is nobody's to answer or wait for, and
// counts for nobody.
func TestWithdrawnTalkOwesNothing(t *testing.T) {
	meetingDay := Date{2026, 12, 20}
	m := Meeting{ID: "m1", Date: meetingDay, Steps: NewSteps(meetingDay, []StepTemplate{
		{Kind: StepTalks, DaysBefore: 5, Responsible: ByEveryone},
	})}
	members := []Member{{UserID: 1, Role: RoleSecretary}, {UserID: 4}, {UserID: 5}}
	talks := []Talk{
		{ID: "a", RecordedBy: 4, With: 1, Status: ConfirmPending, Withdrawn: true},
		{ID: "b", RecordedBy: 5, With: 4, Status: ConfirmAgreed, Withdrawn: true},
		{ID: "c", RecordedBy: 1, With: 5, Status: ConfirmDisputed, Withdrawn: true},
	}
	p := JudgePrep(m, StepRecords{Members: members, Talks: talks, Coverage: CoverageRules{MinPerMember: 1}})
	for _, id := range []int64{1, 4, 5} {
		st := p.Status(StepTalks, id)
		if st.Done || len(st.ToConfirm) > 0 || len(st.Awaiting) > 0 || len(st.Disputed) > 0 || len(st.Correcting) > 0 || st.More != 1 {
			t.Errorf("member %d: %+v", id, st)
		}
	}
	if got := LiveTalks(append(talks, Talk{ID: "d"})); !slices.EqualFunc(got, []Talk{{ID: "d"}}, func(a, b Talk) bool { return a.ID == b.ID }) {
		t.Errorf("LiveTalks = %+v", got)
	}
}
