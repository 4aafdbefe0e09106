package orglife

import (
	"testing"
	"time"
)

func TestWindowFor(t *testing.T) {
	sh := mustLoad(t, "Asia/Shanghai")
	saturday := time.Date(2026, 12, 19, 9, 0, 0, 0, sh)
	night := time.Date(2026, 12, 19, 22, 0, 0, 0, sh)
	for _, tc := range []struct {
		kind            ReminderKind
		saturday, night bool
	}{
		{RemindMeetingDay, true, false},
		{RemindStep, false, false},
		{RemindDeadlineMoved, false, false},
	} {
		w := WindowFor(Reminder{Kind: tc.kind}, officeHours)
		if got := w.Allows(saturday, sh); got != tc.saturday {
			t.Errorf("%s on a Saturday morning: %v, want %v", tc.kind, got, tc.saturday)
		}
		if got := w.Allows(night, sh); got != tc.night {
			t.Errorf("%s at night: %v, want %v", tc.kind, got, tc.night)
		}
	}
}

func TestDeadlineMovedNoticeOfSeveralSteps(t *testing.T) {
	sh := mustLoad(t, "Asia/Shanghai")
	m := Meeting{ID: "m1", BranchID: "b1", Date: Date{2026, 12, 23}}
	r := DeadlineMovedNotice(m, "", Date{2026, 12, 9}, 7, time.Date(2026, 12, 2, 15, 0, 0, 0, sh), sh, ReminderRules{At: TimeOfDay{9, 0}, Window: officeHours})
	if r.Key != "moved:b1:m1:steps" || r.Step != "" || !r.Due.Equal(time.Date(2026, 12, 3, 9, 0, 0, 0, sh)) {
		t.Errorf("notice %+v", r)
	}
}
