package orglife

import (
	"testing"
	"time"
)

func TestSnoozeAt(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	rules := ReminderRules{At: TimeOfDay{9, 0}, Window: Window{
		QuietFrom: TimeOfDay{21, 0}, QuietTo: TimeOfDay{8, 0},
		Workdays: [7]bool{false, true, true, true, true, true, false},
		Holidays: []Date{{2027, 1, 1}},
	}}
	d := func(m time.Month, day int) Date { return Date{2026, m, day} }
	for _, tc := range []struct {
		name            string
		today, deadline Date
		want            Date // zero: not offered
	}{
		{"a working day, deadline later", d(12, 2), d(12, 9), d(12, 3)},
		{"deadline tomorrow: tomorrow is its day", d(12, 2), d(12, 3), d(12, 3)},
		{"deadline today: tomorrow is past it", d(12, 2), d(12, 2), Date{}},
		{"overdue", d(12, 4), d(12, 2), Date{}},
		{"Friday: back on Monday", d(12, 4), d(12, 9), d(12, 7)},
		{"Friday, deadline Sunday: Monday is past it", d(12, 4), d(12, 6), Date{}},
		{"Friday, deadline Monday", d(12, 4), d(12, 7), d(12, 7)},
		{"before a holiday", d(12, 31), Date{2027, 1, 8}, Date{2027, 1, 4}},
		{"no deadline", d(12, 2), Date{}, Date{}},
	} {
		at, ok := SnoozeAt(tc.today, tc.deadline, loc, rules)
		if ok != !tc.want.IsZero() {
			t.Errorf("%s: offered = %v, want %v", tc.name, ok, !tc.want.IsZero())
			continue
		}
		if ok && (DateOf(at, loc) != tc.want || at.In(loc).Hour() != 9) {
			t.Errorf("%s: back at %v, want %s 09:00", tc.name, at.In(loc), tc.want)
		}
	}
}

func TestSnoozeKeyNamesTheDay(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	rules := ReminderRules{At: TimeOfDay{9, 0}}
	r := Reminder{Kind: RemindStep, BranchID: "b1", MeetingID: "m1", Step: StepPoints, DaysBefore: 3}
	deadline := Date{2026, 12, 9}
	morning := time.Date(2026, 12, 2, 9, 1, 0, 0, loc)
	a, ok := Snooze(r, 42, deadline, morning, loc, rules)
	b, _ := Snooze(r, 42, deadline, morning.Add(8*time.Hour), loc, rules)
	c, _ := Snooze(r, 42, deadline, morning.Add(24*time.Hour), loc, rules)
	other, _ := Snooze(r, 43, deadline, morning, loc, rules)
	if !ok || a.Key != b.Key {
		t.Fatalf("two presses on one day: keys %q and %q, want one", a.Key, b.Key)
	}
	if c.Key == a.Key || other.Key == a.Key {
		t.Errorf("another day or person must be another reminder: %q %q %q", a.Key, c.Key, other.Key)
	}
	if a.UserID != 42 || a.DaysBefore != 6 || !a.Snoozed() || a.Step != StepPoints || a.Kind != RemindStep {
		t.Errorf("snoozed reminder = %+v", a)
	}
	if r.Snoozed() {
		t.Error("a planned reminder is not snoozed")
	}
	item := Reminder{Kind: RemindRectReview, BranchID: "b1", MeetingID: "m1", ItemID: "i7"}
	s, ok := Snooze(item, 42, deadline, morning, loc, rules)
	if !ok || s.ItemID != "i7" || s.Kind != RemindRectReview || s.Key != "snooze:b1:m1:i7:2026-12-03:u42" {
		t.Errorf("snoozed item = %+v", s)
	}
}
