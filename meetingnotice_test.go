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
