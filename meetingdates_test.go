package orglife

import (
	"reflect"
	"testing"
	"time"
)

// worksIn is officeHours' working days with the given holidays, as a func.
func worksIn(holidays ...Date) func(Date) bool {
	w := officeHours
	w.Holidays = holidays
	return w.Works
}

func deadlines(steps []Step) []Date {
	out := make([]Date, len(steps))
	for i, s := range steps {
		out[i] = s.Deadline
	}
	return out
}

func stepsDue(days ...Date) []Step {
	out := make([]Step, len(days))
	for i, d := range days {
		out[i] = Step{Kind: StepKinds[i%len(StepKinds)], Deadline: d}
	}
	return out
}

func TestDeadlineProblems(t *testing.T) {
	today := Date{2026, 12, 2} // a Wednesday
	steps := stepsDue(Date{2026, 11, 30}, Date{2026, 12, 2}, Date{2026, 12, 5}, Date{}, Date{2026, 12, 7})
	got := DeadlineProblems(steps, today, worksIn())
	want := []DeadlineProblem{{StepPlan, Date{2026, 11, 30}, true}, {StepTalks, Date{2026, 12, 5}, false}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("DeadlineProblems = %+v, want %+v", got, want)
	}
	if got := DeadlineProblems(stepsDue(Date{2026, 12, 3}, Date{2026, 12, 7}), today, worksIn()); got != nil {
		t.Errorf("working days ahead: %+v", got)
	}
}

func TestRespreadSteps(t *testing.T) {
	d := func(m time.Month, day int) Date { return Date{2026, m, day} }
	for _, tc := range []struct {
		name           string
		today, meeting Date
		works          func(Date) bool
		in             []Date
		want           []Date
	}{
		{"meeting in three days", d(12, 2), d(12, 5), worksIn(),
			[]Date{d(11, 14), d(11, 25), d(11, 28), d(11, 30), d(12, 3)},
			// Wednesday to Friday: today, today, Thursday, Thursday, Friday.
			[]Date{d(12, 2), d(12, 2), d(12, 3), d(12, 3), d(12, 4)}},
		{"a month ahead, each on a working day", d(12, 1), d(12, 31), worksIn(),
			[]Date{d(12, 10), d(12, 21), d(12, 24), d(12, 26), d(12, 29)},
			// Every 29/5 days up to the 30th: 6 (Sunday → Friday 4), 12 (Saturday → 11), 18, 24, 30.
			[]Date{d(12, 4), d(12, 11), d(12, 18), d(12, 24), d(12, 30)}},
		{"today on a weekend, the first slot too", d(12, 5), d(12, 9), worksIn(),
			[]Date{d(11, 1), d(11, 2)},
			// Days Saturday to Tuesday; slots Sunday and Tuesday: Sunday has nothing working
			// before it from today, so the next working day, Monday.
			[]Date{d(12, 7), d(12, 8)}},
		{"a holiday in the way", d(12, 1), d(12, 5), worksIn(d(12, 4), d(12, 3)),
			[]Date{d(11, 1)},
			// The last slot is Friday the 4th, off like the 3rd: back to Wednesday.
			[]Date{d(12, 2)}},
		{"the meeting today", d(12, 2), d(12, 2), worksIn(),
			[]Date{d(11, 1), d(11, 2)}, []Date{d(12, 2), d(12, 2)}},
		{"a step without a deadline is left alone", d(12, 1), d(12, 11), worksIn(),
			[]Date{{}, d(11, 1)}, []Date{{}, d(12, 10)}},
		{"the meeting already past: unchanged", d(12, 2), d(12, 1), worksIn(),
			[]Date{d(11, 1)}, []Date{d(11, 1)}},
		{"no working day in reach keeps the slot", d(12, 5), d(12, 7), worksIn(),
			[]Date{d(11, 1)}, []Date{d(12, 6)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := stepsDue(tc.in...)
			before := deadlines(in)
			got := RespreadSteps(in, tc.today, tc.meeting, tc.works)
			if g := deadlines(got); !reflect.DeepEqual(g, tc.want) {
				t.Errorf("deadlines %v, want %v", g, tc.want)
			}
			if !reflect.DeepEqual(deadlines(in), before) {
				t.Error("the caller's steps were changed")
			}
			for i := range got {
				if got[i].Kind != in[i].Kind {
					t.Errorf("step %d is %s, was %s", i, got[i].Kind, in[i].Kind)
				}
			}
		})
	}
}

// Whatever the calendar, re-spread steps keep their order, stay between today and the meeting,
// and land on working days whenever one is in reach.
func TestRespreadStepsProperties(t *testing.T) {
	start := Date{2026, 9, 20}
	golden := worksIn(Date{2026, 10, 1}, Date{2026, 10, 2}, Date{2026, 10, 5}, Date{2026, 10, 6}, Date{2026, 10, 7})
	for offset := range 20 {
		today := start.AddDays(offset)
		for ahead := 1; ahead <= 40; ahead++ {
			meeting := today.AddDays(ahead)
			got := RespreadSteps(stepsDue(Date{2026, 1, 1}, Date{2026, 1, 2}, Date{2026, 1, 3}, Date{2026, 1, 4}, Date{2026, 1, 5}), today, meeting, golden)
			for i, s := range got {
				if s.Deadline.Before(today) || !s.Deadline.Before(meeting) {
					t.Fatalf("today %s, meeting %s: step %d due %s", today, meeting, i, s.Deadline)
				}
				if i > 0 && s.Deadline.Before(got[i-1].Deadline) {
					t.Fatalf("today %s, meeting %s: order broken %v", today, meeting, deadlines(got))
				}
				if !golden(s.Deadline) {
					reachable := false
					for d := today; d.Before(meeting); d = d.AddDays(1) {
						reachable = reachable || golden(d)
					}
					if reachable {
						t.Fatalf("today %s, meeting %s: step %d on day off %s", today, meeting, i, s.Deadline)
					}
				}
			}
		}
	}
}

func TestShiftSteps(t *testing.T) {
	d := func(m time.Month, day int) Date { return Date{2026, m, day} }
	for _, tc := range []struct {
		name  string
		days  int
		works func(Date) bool
		in    []Date
		want  []Date
	}{
		{"a week later", 7, worksIn(), []Date{d(12, 1), d(12, 4)}, []Date{d(12, 8), d(12, 11)}},
		{"onto a weekend: the Friday before", 3, worksIn(), []Date{d(12, 2), d(12, 3)}, []Date{d(12, 4), d(12, 4)}},
		{"earlier, onto a holiday", -1, worksIn(d(12, 8)), []Date{d(12, 9)}, []Date{d(12, 7)}},
		{"no deadline stays none", 5, worksIn(), []Date{{}}, []Date{{}}},
		{"every day off keeps the shifted day", 2, func(Date) bool { return false }, []Date{d(12, 1)}, []Date{d(12, 3)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := stepsDue(tc.in...)
			if got := deadlines(ShiftSteps(in, tc.days, tc.works)); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("deadlines %v, want %v", got, tc.want)
			}
			if !reflect.DeepEqual(deadlines(in), tc.in) {
				t.Error("the caller's steps were changed")
			}
		})
	}
}

func TestPlanMeetingNotices(t *testing.T) {
	sh := mustLoad(t, "Asia/Shanghai")
	rules := ReminderRules{At: TimeOfDay{9, 0}, Window: officeHours}
	at := func(mo time.Month, d, h, mi int) time.Time { return time.Date(2026, mo, d, h, mi, 0, 0, sh) }
	clock := func(h, m int) *TimeOfDay { return &TimeOfDay{h, m} }
	for _, tc := range []struct {
		name    string
		date    Date
		time    *TimeOfDay
		created time.Time
		want    map[string]time.Time
	}{
		{"a Wednesday meeting", Date{2026, 12, 23}, clock(14, 30), at(12, 1, 10, 0), map[string]time.Time{
			"meeting:b1:m1:1": at(12, 22, 9, 0), "meeting:b1:m1:0": at(12, 23, 9, 0)}},
		{"a Monday meeting: told on Friday, and on Monday", Date{2026, 12, 21}, nil, at(12, 1, 10, 0), map[string]time.Time{
			"meeting:b1:m1:1": at(12, 18, 9, 0), "meeting:b1:m1:0": at(12, 21, 9, 0)}},
		{"a Saturday meeting: its morning all the same", Date{2026, 12, 19}, nil, at(12, 1, 10, 0), map[string]time.Time{
			"meeting:b1:m1:1": at(12, 18, 9, 0), "meeting:b1:m1:0": at(12, 19, 9, 0)}},
		{"an early meeting: an hour before, not in the quiet hours", Date{2026, 12, 23}, clock(9, 30), at(12, 1, 10, 0), map[string]time.Time{
			"meeting:b1:m1:1": at(12, 22, 9, 0), "meeting:b1:m1:0": at(12, 23, 8, 30)}},
		{"a very early meeting: when the quiet hours end", Date{2026, 12, 23}, clock(8, 0), at(12, 1, 10, 0), map[string]time.Time{
			"meeting:b1:m1:1": at(12, 22, 9, 0), "meeting:b1:m1:0": at(12, 23, 8, 0)}},
		{"set up the afternoon before: the morning one only", Date{2026, 12, 23}, nil, at(12, 22, 15, 0), map[string]time.Time{
			"meeting:b1:m1:0": at(12, 23, 9, 0)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := Meeting{ID: "m1", BranchID: "b1", Date: tc.date, Time: tc.time, CreatedAt: tc.created}
			got := PlanMeetingNotices(m, sh, rules)
			if len(got) != len(tc.want) {
				t.Fatalf("planned %d, want %d: %+v", len(got), len(tc.want), got)
			}
			for _, r := range got {
				if w, ok := tc.want[r.Key]; !ok || !r.Due.Equal(w) || !r.Planned.Equal(w) || r.Kind != RemindMeetingDay {
					t.Errorf("%s (%s) due %v, want %v", r.Key, r.Kind, r.Due, w)
				}
			}
		})
	}
	if got := PlanMeetingNotices(Meeting{ID: "m1", BranchID: "b1"}, sh, rules); got != nil {
		t.Errorf("a meeting without a date: %+v", got)
	}
	m := Meeting{ID: "m1", BranchID: "b1", Date: Date{2026, 12, 23}, CreatedAt: at(12, 1, 10, 0)}
	n := 0
	for _, r := range PlanMeeting(m, sh, at(12, 1, 10, 0), PlanOptions{Rules: rules, DigestAt: TimeOfDay{18, 0}}) {
		if r.Kind == RemindMeetingDay {
			n++
		}
	}
	if n != 2 {
		t.Errorf("PlanMeeting has %d meeting notices, want 2", n)
	}
}

func TestDeadlineMovedNotice(t *testing.T) {
	sh := mustLoad(t, "Asia/Shanghai")
	rules := ReminderRules{At: TimeOfDay{9, 0}, Window: officeHours}
	at := func(mo time.Month, d, h, mi int) time.Time { return time.Date(2026, mo, d, h, mi, 0, 0, sh) }
	m := Meeting{ID: "m1", BranchID: "b1", Date: Date{2026, 12, 23}}
	for _, tc := range []struct {
		name     string
		now      time.Time
		deadline Date
		want     time.Time
	}{
		{"due tomorrow: at once", at(12, 2, 15, 0), Date{2026, 12, 3}, at(12, 2, 15, 0)},
		{"moved into the past: at once", at(12, 2, 15, 0), Date{2026, 12, 1}, at(12, 2, 15, 0)},
		{"a week ahead, in the afternoon: tomorrow morning", at(12, 2, 15, 0), Date{2026, 12, 9}, at(12, 3, 9, 0)},
		{"a week ahead, early: this morning", at(12, 2, 8, 10), Date{2026, 12, 9}, at(12, 2, 9, 0)},
		{"on Friday for Monday week: Monday", at(12, 4, 15, 0), Date{2026, 12, 14}, at(12, 7, 9, 0)},
		{"on Friday for Sunday: the next morning is past it, at once", at(12, 4, 15, 0), Date{2026, 12, 6}, at(12, 4, 15, 0)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := DeadlineMovedNotice(m, StepPoints, tc.deadline, 7, tc.now, sh, rules)
			if !r.Due.Equal(tc.want) || !r.Planned.Equal(tc.want) {
				t.Errorf("due %v, want %v", r.Due, tc.want)
			}
			if r.Key != "moved:b1:m1:points" || r.Kind != RemindDeadlineMoved || r.Step != StepPoints || r.From != 7 {
				t.Errorf("notice %+v", r)
			}
		})
	}
}

// TestMarkMovedOutdatesEarlierReminders: only the steps whose deadline changed are stamped, and
// a reminder planned for before the stamp is outdated while one planned after is not.
func TestMarkMovedOutdatesEarlierReminders(t *testing.T) {
	at := time.Date(2027, 2, 18, 15, 0, 0, 0, time.UTC)
	before := Meeting{Steps: []Step{{Kind: StepPoints, Deadline: Date{2027, 2, 21}}, {Kind: StepMaterial, Deadline: Date{2027, 2, 24}}}}
	after := before
	after.Steps = []Step{before.Steps[0], {Kind: StepMaterial, Deadline: Date{2027, 2, 19}}}
	got := MarkMoved(before, after, at)
	if !got.Steps[0].MovedAt.IsZero() || !got.Steps[1].MovedAt.Equal(at) {
		t.Fatalf("stamps %v %v: only the material moved", got.Steps[0].MovedAt, got.Steps[1].MovedAt)
	}
	if !after.Steps[1].MovedAt.IsZero() {
		t.Error("MarkMoved changed its argument's steps")
	}
	morning := Reminder{Planned: at.Add(-6 * time.Hour)}
	tomorrow := Reminder{Planned: at.Add(18 * time.Hour)}
	if !got.Steps[1].Outdates(morning) || got.Steps[1].Outdates(tomorrow) || got.Steps[0].Outdates(morning) {
		t.Error("Outdates: the morning's reminder of the moved step is outdated, tomorrow's and the other step's are not")
	}
}
