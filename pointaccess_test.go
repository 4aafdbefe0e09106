package orglife

import "testing"

func TestPointAccessOf(t *testing.T) {
	meetingDay := Date{2026, 12, 20}
	m := Meeting{ID: "m1", Date: meetingDay, Steps: NewSteps(meetingDay, []StepTemplate{
		{Kind: StepPoints, DaysBefore: 5, Responsible: ByEveryone},
	})} // 查摆问题 due 2026-12-15
	noPoints := Meeting{ID: "m2", Date: meetingDay}
	open, deadline, late := Date{2026, 12, 10}, Date{2026, 12, 15}, Date{2026, 12, 16}
	secretary := &Member{UserID: 1, Role: RoleSecretary}
	committee := &Member{UserID: 2, Role: RoleCommittee}
	author := &Member{UserID: 3, Role: RoleMember}
	other := &Member{UserID: 4, Role: RoleMember}
	mine := Point{ID: "p1", MeetingID: "m1", MemberID: 3}
	withdrawn := Point{ID: "p2", MeetingID: "m1", MemberID: 3, Withdrawn: true}
	tests := []struct {
		name  string
		me    *Member
		p     Point
		m     Meeting
		today Date
		want  PointAccess
	}{
		{"the author before the deadline", author, mine, m, open, PointMayChange},
		{"the author on the deadline day", author, mine, m, deadline, PointMayChange},
		{"the author after the deadline", author, mine, m, late, PointClosed},
		{"the author of a meeting without the step", author, mine, noPoints, late, PointMayChange},
		{"the secretary, another's point, after the deadline", secretary, mine, m, late, PointMayChange},
		{"a committee member, another's point", committee, mine, m, open, PointNotYours},
		{"another member", other, mine, m, open, PointNotYours},
		{"another member after the deadline", other, mine, m, late, PointNotYours},
		{"no member of the branch", nil, mine, m, open, PointNotYours},
		{"a withdrawn point, its author", author, withdrawn, m, open, PointGone},
		{"a withdrawn point, the secretary", secretary, withdrawn, m, open, PointGone},
	}
	for _, tt := range tests {
		if got := PointAccessOf(tt.me, tt.p, tt.m, tt.today); got != tt.want {
			t.Errorf("%s: PointAccessOf = %d, want %d", tt.name, got, tt.want)
		}
	}
}
