package orglife

import (
	"fmt"
	"maps"
	"reflect"
	"testing"
	"time"
	_ "time/tzdata" // the zones below must not depend on the host having tzdata installed
)

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return loc
}

// withLocal runs the rest of the test with the process zone set to loc, to prove that nothing
// reads the server's zone. Tests in this package do not run in parallel, so this is safe.
func withLocal(t *testing.T, loc *time.Location) {
	t.Helper()
	old := time.Local
	time.Local = loc
	t.Cleanup(func() { time.Local = old })
}

// weekdays is Monday to Friday.
var weekdays = [7]bool{time.Monday: true, time.Tuesday: true, time.Wednesday: true, time.Thursday: true, time.Friday: true}

// officeHours is the default: quiet 21:00 to 08:00, weekends off.
var officeHours = Window{QuietFrom: TimeOfDay{21, 0}, QuietTo: TimeOfDay{8, 0}, Workdays: weekdays}

// everyDay keeps the default quiet hours but works all week.
var everyDay = Window{QuietFrom: TimeOfDay{21, 0}, QuietTo: TimeOfDay{8, 0}}

func TestParseClock(t *testing.T) {
	tests := []struct {
		in   string
		want TimeOfDay
		ok   bool
	}{
		{"08:00", TimeOfDay{8, 0}, true},
		{"8:00", TimeOfDay{8, 0}, true},
		{"00:00", TimeOfDay{0, 0}, true},
		{"23:59", TimeOfDay{23, 59}, true},
		{" 21:30 ", TimeOfDay{21, 30}, true},
		{"9：30", TimeOfDay{9, 30}, true}, // full-width colon from a Chinese keyboard
		{"０９：３０", TimeOfDay{9, 30}, true},
		{"24:00", TimeOfDay{}, false},
		{"9", TimeOfDay{}, false},
		{"ab:cd", TimeOfDay{}, false},
		{"12:60", TimeOfDay{}, false},
		{"9:5", TimeOfDay{}, false},
		{"09:00:00", TimeOfDay{}, false},
		{"+9:00", TimeOfDay{}, false},
		{"-1:00", TimeOfDay{}, false},
		{"123:00", TimeOfDay{}, false},
		{":00", TimeOfDay{}, false},
		{"", TimeOfDay{}, false},
	}
	for _, tt := range tests {
		got, err := ParseClock(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseClock(%q) = %v, %v; want %v ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
	for _, c := range []TimeOfDay{{0, 0}, {8, 5}, {23, 59}} {
		back, err := ParseClock(c.String())
		if err != nil || back != c {
			t.Errorf("ParseClock(%q) = %v, %v; want %v", c.String(), back, err, c)
		}
	}
	if s := (TimeOfDay{8, 0}).String(); s != "08:00" {
		t.Errorf("TimeOfDay{8,0}.String() = %q, want 08:00", s)
	}
}

func TestWindowNext(t *testing.T) {
	sh := mustLoad(t, "Asia/Shanghai")
	ny := mustLoad(t, "America/New_York")
	be := mustLoad(t, "Europe/Berlin")
	withLocal(t, mustLoad(t, "America/Los_Angeles"))
	at := func(loc *time.Location, y int, mo time.Month, d, h, mi int) time.Time {
		return time.Date(y, mo, d, h, mi, 0, 0, loc)
	}
	utc := func(y int, mo time.Month, d, h, mi int) time.Time { return at(time.UTC, y, mo, d, h, mi) }
	midday := Window{QuietFrom: TimeOfDay{12, 0}, QuietTo: TimeOfDay{13, 0}}
	middayWeek := Window{QuietFrom: TimeOfDay{12, 0}, QuietTo: TimeOfDay{13, 0}, Workdays: weekdays}
	holiday := officeHours
	holiday.Holidays = []Date{{2026, 5, 14}}
	newYear := officeHours
	newYear.Holidays = []Date{{2027, 1, 1}}
	gapEnd := Window{QuietFrom: TimeOfDay{21, 0}, QuietTo: TimeOfDay{2, 30}}   // quiet hours that end inside the spring-forward gap
	foldEnd := Window{QuietFrom: TimeOfDay{0, 0}, QuietTo: TimeOfDay{1, 30}}   // ... inside New York's repeated hour
	foldEndBE := Window{QuietFrom: TimeOfDay{0, 0}, QuietTo: TimeOfDay{2, 30}} // ... inside Berlin's repeated hour

	// 2026-05-12 is a Tuesday; 2026-05-16/17 the weekend after.
	tests := []struct {
		name string
		w    Window
		loc  *time.Location
		in   time.Time
		want time.Time
	}{
		{"working hours pass", officeHours, sh, at(sh, 2026, 5, 12, 10, 0), at(sh, 2026, 5, 12, 10, 0)},
		{"last minute before quiet", officeHours, sh, at(sh, 2026, 5, 12, 20, 59), at(sh, 2026, 5, 12, 20, 59)},
		{"quiet starts inclusive", officeHours, sh, at(sh, 2026, 5, 12, 21, 0), at(sh, 2026, 5, 13, 8, 0)},
		{"evening waits for morning", officeHours, sh, at(sh, 2026, 5, 12, 23, 30), at(sh, 2026, 5, 13, 8, 0)},
		{"after midnight waits same day", officeHours, sh, at(sh, 2026, 5, 13, 0, 10), at(sh, 2026, 5, 13, 8, 0)},
		{"07:59 waits", officeHours, sh, at(sh, 2026, 5, 13, 7, 59), at(sh, 2026, 5, 13, 8, 0)},
		{"quiet ends exclusive", officeHours, sh, at(sh, 2026, 5, 13, 8, 0), at(sh, 2026, 5, 13, 8, 0)},
		{"quiet span ends on Saturday", officeHours, sh, at(sh, 2026, 5, 15, 22, 0), at(sh, 2026, 5, 18, 8, 0)},
		{"Saturday noon", officeHours, sh, at(sh, 2026, 5, 16, 12, 0), at(sh, 2026, 5, 18, 8, 0)},
		{"Sunday late", officeHours, sh, at(sh, 2026, 5, 17, 23, 59), at(sh, 2026, 5, 18, 8, 0)},
		{"weekend open when every day works", everyDay, sh, at(sh, 2026, 5, 16, 12, 0), at(sh, 2026, 5, 16, 12, 0)},
		{"quiet span ends on a holiday", holiday, sh, at(sh, 2026, 5, 13, 22, 0), at(sh, 2026, 5, 15, 8, 0)},
		{"holiday noon", holiday, sh, at(sh, 2026, 5, 14, 12, 0), at(sh, 2026, 5, 15, 8, 0)},
		{"year end, holiday and weekend", newYear, sh, at(sh, 2026, 12, 31, 22, 0), at(sh, 2027, 1, 4, 8, 0)},
		{"year end, plain", everyDay, sh, at(sh, 2026, 12, 31, 23, 0), at(sh, 2027, 1, 1, 8, 0)},
		{"zero window passes all", Window{}, sh, at(sh, 2026, 5, 16, 3, 0), at(sh, 2026, 5, 16, 3, 0)},
		{"equal bounds mean no quiet hours", Window{QuietFrom: TimeOfDay{9, 0}, QuietTo: TimeOfDay{9, 0}}, sh, at(sh, 2026, 5, 12, 9, 0), at(sh, 2026, 5, 12, 9, 0)},
		{"midday quiet", midday, sh, at(sh, 2026, 5, 12, 12, 30), at(sh, 2026, 5, 12, 13, 0)},
		{"midday quiet, weekend: Monday midnight is open", middayWeek, sh, at(sh, 2026, 5, 16, 12, 30), at(sh, 2026, 5, 18, 0, 0)},
		{"quiet to midnight", Window{QuietFrom: TimeOfDay{21, 0}, QuietTo: TimeOfDay{0, 0}}, sh, at(sh, 2026, 5, 12, 22, 0), at(sh, 2026, 5, 13, 0, 0)},
		{"quiet from midnight", Window{QuietFrom: TimeOfDay{0, 0}, QuietTo: TimeOfDay{8, 0}}, sh, at(sh, 2026, 5, 12, 23, 0), at(sh, 2026, 5, 12, 23, 0)},
		// Given in UTC, judged in Shanghai: Sunday 23:30 UTC is Monday 07:30 there.
		{"UTC Sunday is Shanghai Monday", officeHours, sh, utc(2026, 5, 10, 23, 30), utc(2026, 5, 11, 0, 0)},
		{"Shanghai Friday night", officeHours, sh, utc(2026, 5, 15, 13, 30), utc(2026, 5, 18, 0, 0)},
		{"nil location is UTC", officeHours, nil, utc(2026, 5, 12, 22, 0), utc(2026, 5, 13, 8, 0)},
		// New York springs forward on Sunday 2026-03-08 at 02:00 EST to 03:00 EDT: 02:30 does
		// not exist, so quiet hours ending then end at the jump, 03:00 EDT (07:00 UTC).
		{"NY gap: quiet end moves to the jump", gapEnd, ny, utc(2026, 3, 8, 4, 0), utc(2026, 3, 8, 7, 0)},
		{"NY gap: a minute before the jump", gapEnd, ny, utc(2026, 3, 8, 6, 59), utc(2026, 3, 8, 7, 0)},
		{"NY gap: weekend over the jump", officeHours, ny, at(ny, 2026, 3, 6, 22, 0), utc(2026, 3, 9, 12, 0)},
		{"Berlin gap: quiet end moves to the jump", gapEnd, be, utc(2026, 3, 28, 21, 0), utc(2026, 3, 29, 1, 0)},
		// New York falls back on Sunday 2026-11-01: 01:00 to 01:59 happens in EDT, then in EST.
		{"NY fold: first 01:30", foldEnd, ny, utc(2026, 11, 1, 4, 30), utc(2026, 11, 1, 5, 30)},
		{"NY fold: allowed between", foldEnd, ny, utc(2026, 11, 1, 5, 45), utc(2026, 11, 1, 5, 45)},
		{"NY fold: second 01:10 goes on to second 01:30, not back", foldEnd, ny, utc(2026, 11, 1, 6, 10), utc(2026, 11, 1, 6, 30)},
		// Berlin falls back on Sunday 2026-10-25: 02:00 to 02:59 happens in CEST, then in CET.
		{"Berlin fold: first 02:10", foldEndBE, be, utc(2026, 10, 25, 0, 10), utc(2026, 10, 25, 0, 30)},
		{"Berlin fold: second 02:10", foldEndBE, be, utc(2026, 10, 25, 1, 10), utc(2026, 10, 25, 1, 30)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.w.Next(tt.in, tt.loc)
			if !got.Equal(tt.want) {
				t.Errorf("Next(%v) = %v (%v); want %v", tt.in, got, got.UTC(), tt.want.UTC())
			}
			if !tt.w.Allows(got, tt.loc) {
				t.Errorf("Allows(Next(%v) = %v) = false", tt.in, got)
			}
			if allowed := tt.w.Allows(tt.in, tt.loc); allowed != got.Equal(tt.in) {
				t.Errorf("Allows(%v) = %v, but Next gave %v", tt.in, allowed, got)
			}
		})
	}
}

// TestWindowNextProperties sweeps two DST weeks and a year end: Next never goes back, lands
// where Allows agrees, is idempotent, and is the earliest such minute.
func TestWindowNextProperties(t *testing.T) {
	windows := map[string]Window{
		"office":  {QuietFrom: TimeOfDay{21, 0}, QuietTo: TimeOfDay{8, 0}, Workdays: weekdays, Holidays: []Date{{2027, 1, 1}}},
		"gap end": {QuietFrom: TimeOfDay{21, 0}, QuietTo: TimeOfDay{2, 30}},
		"fold":    {QuietFrom: TimeOfDay{0, 0}, QuietTo: TimeOfDay{1, 30}, Workdays: weekdays},
		"midday":  {QuietFrom: TimeOfDay{12, 0}, QuietTo: TimeOfDay{13, 0}, Workdays: weekdays},
	}
	starts := []time.Time{
		time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 10, 21, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 12, 28, 0, 0, 0, 0, time.UTC),
	}
	for _, zone := range []string{"America/New_York", "Europe/Berlin", "Asia/Shanghai"} {
		loc := mustLoad(t, zone)
		for name, w := range windows {
			for _, start := range starts {
				for tm := start; tm.Before(start.Add(9 * 24 * time.Hour)); tm = tm.Add(37 * time.Minute) {
					n := w.Next(tm, loc)
					switch {
					case n.Before(tm):
						t.Fatalf("%s %s: Next(%v) = %v goes back", zone, name, tm, n)
					case !w.Allows(n, loc):
						t.Fatalf("%s %s: Next(%v) = %v not allowed", zone, name, tm, n)
					case !w.Next(n, loc).Equal(n):
						t.Fatalf("%s %s: Next(Next(%v)) moved again", zone, name, tm)
					case w.Allows(tm, loc) != n.Equal(tm):
						t.Fatalf("%s %s: Allows(%v) disagrees with Next = %v", zone, name, tm, n)
					}
					if prev := n.Add(-time.Minute); !prev.Before(tm) && w.Allows(prev, loc) {
						t.Fatalf("%s %s: Next(%v) = %v but %v was already allowed", zone, name, tm, n, prev)
					}
				}
			}
		}
	}
}

// defaultTemplate is configs/orglife.yaml's meeting template: 3, 1 and 0 days before each
// deadline, and once overdue, for the five steps.
var defaultTemplate = []StepTemplate{
	{Kind: StepPlan, DaysBefore: 21, Responsible: BySecretary, RemindDaysBefore: []int{3, 1, 0}, RemindOverdue: true},
	{Kind: StepStudy, DaysBefore: 10, Responsible: ByEveryone, RemindDaysBefore: []int{3, 1, 0}, RemindOverdue: true},
	{Kind: StepTalks, DaysBefore: 7, Responsible: ByEveryone, RemindDaysBefore: []int{3, 1, 0}, RemindOverdue: true},
	{Kind: StepPoints, DaysBefore: 5, Responsible: ByEveryone, RemindDaysBefore: []int{3, 1, 0}, RemindOverdue: true},
	{Kind: StepMaterial, DaysBefore: 2, Responsible: ByEveryone, RemindDaysBefore: []int{3, 1, 0}, RemindOverdue: true},
}

func TestPlanStepRemindersDefaultTemplate(t *testing.T) {
	sh := mustLoad(t, "Asia/Shanghai")
	withLocal(t, mustLoad(t, "America/New_York")) // the server's zone must not matter
	date := Date{2026, 6, 26}
	m := Meeting{ID: "m1", BranchID: "b1", Date: date, Steps: NewSteps(date, defaultTemplate)}
	rules := ReminderRules{At: TimeOfDay{9, 0}, Window: everyDay}

	got := PlanStepReminders(m, sh, rules)
	if len(got) != 20 {
		t.Fatalf("planned %d reminders, want 20 (5 steps x (3 offsets + overdue))", len(got))
	}
	if again := PlanStepReminders(m, sh, rules); !reflect.DeepEqual(got, again) {
		t.Errorf("planning twice differs:\n%v\n%v", got, again)
	}
	keys := map[string]bool{}
	for _, r := range got {
		if keys[r.Key] {
			t.Errorf("key %s planned twice", r.Key)
		}
		keys[r.Key] = true
		if r.Kind != RemindStep || r.BranchID != "b1" || r.MeetingID != "m1" || r.UserID != 0 {
			t.Errorf("reminder %+v: wrong kind, branch, meeting or user", r)
		}
		if local := r.Due.In(sh); local.Hour() != 9 || local.Minute() != 0 {
			t.Errorf("%s due %v, want 09:00 Shanghai", r.Key, local)
		}
		if u := r.Due.UTC(); u.Hour() != 1 || u.Minute() != 0 {
			t.Errorf("%s due %v UTC, want 01:00 UTC", r.Key, u)
		}
		s, _ := m.Step(r.Step)
		want := s.Deadline.AddDays(-r.DaysBefore)
		suffix := fmt.Sprint(r.DaysBefore)
		if r.DaysBefore == -1 {
			want, suffix = s.Deadline.AddDays(1), "o"
		}
		if DateOf(r.Due, sh) != want {
			t.Errorf("%s due on %v, want %v", r.Key, DateOf(r.Due, sh), want)
		}
		if wantKey := "step:b1:m1:" + string(r.Step) + ":" + suffix; r.Key != wantKey {
			t.Errorf("key %s, want %s", r.Key, wantKey)
		}
	}
	// Spot checks, in UTC: the plan step's deadline is 21 days before, 2026-06-05.
	for key, want := range map[string]time.Time{
		"step:b1:m1:plan:3":     time.Date(2026, 6, 2, 1, 0, 0, 0, time.UTC),
		"step:b1:m1:plan:0":     time.Date(2026, 6, 5, 1, 0, 0, 0, time.UTC),
		"step:b1:m1:plan:o":     time.Date(2026, 6, 6, 1, 0, 0, 0, time.UTC),
		"step:b1:m1:material:1": time.Date(2026, 6, 23, 1, 0, 0, 0, time.UTC),
	} {
		found := false
		for _, r := range got {
			if r.Key == key {
				found = true
				if !r.Due.Equal(want) {
					t.Errorf("%s due %v, want %v", key, r.Due.UTC(), want)
				}
			}
		}
		if !found {
			t.Errorf("%s not planned", key)
		}
	}
}

// TestPlanStepRemindersSaturdayDeadline: a Saturday deadline's "day of" reminder comes on the
// last working day before it, Friday, where it replaces the "1 day before" one (one message,
// the nearer deadline's); the overdue one comes on Monday at the planned 09:00 (not at the end
// of the quiet hours, nor at midnight when there are none).
func TestPlanStepRemindersSaturdayDeadline(t *testing.T) {
	sh := mustLoad(t, "Asia/Shanghai")
	m := Meeting{ID: "m1", BranchID: "b1", Steps: []Step{{
		Kind: StepTalks, Deadline: Date{2026, 6, 20}, // a Saturday
		RemindDaysBefore: []int{3, 1, 0}, RemindOverdue: true,
	}}}
	at := func(d, h int) time.Time { return time.Date(2026, 6, d, h, 0, 0, 0, sh) }
	tests := []struct {
		name  string
		rules ReminderRules
		want  map[string]time.Time
	}{
		{"09:00, quiet 21:00-08:00", ReminderRules{At: TimeOfDay{9, 0}, Window: officeHours}, map[string]time.Time{
			"step:b1:m1:talks:3": at(17, 9), // Wednesday
			// Saturday's "day of" moves back to Friday and is kept over Friday's "1 day before".
			"step:b1:m1:talks:0": at(19, 9),
			"step:b1:m1:talks:o": at(22, 9), // Sunday's overdue: Monday
		}},
		{"09:00, no quiet hours", ReminderRules{At: TimeOfDay{9, 0}, Window: Window{Workdays: weekdays}}, map[string]time.Time{
			"step:b1:m1:talks:3": at(17, 9), "step:b1:m1:talks:0": at(19, 9),
			"step:b1:m1:talks:o": at(22, 9),
		}},
		{"07:00 is quiet: the window's opening", ReminderRules{At: TimeOfDay{7, 0}, Window: officeHours}, map[string]time.Time{
			"step:b1:m1:talks:3": at(17, 8), "step:b1:m1:talks:0": at(19, 8),
			"step:b1:m1:talks:o": at(22, 8),
		}},
		// A time of day inside the quiet hours is a misconfiguration: each reminder goes at the
		// next working morning, and Friday's three land with the overdue one on Monday.
		{"22:00 is quiet: the next working morning", ReminderRules{At: TimeOfDay{22, 0}, Window: officeHours}, map[string]time.Time{
			"step:b1:m1:talks:3": at(18, 8), "step:b1:m1:talks:o": at(22, 8),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := PlanStepReminders(m, sh, tt.rules)
			if len(got) != len(tt.want) {
				t.Fatalf("planned %d, want %d: %+v", len(got), len(tt.want), got)
			}
			for _, r := range got {
				if w, ok := tt.want[r.Key]; !ok || !r.Due.Equal(w) {
					t.Errorf("%s due %v, want %v", r.Key, r.Due, w)
				}
			}
		})
	}
}

func TestPlanStepRemindersEdges(t *testing.T) {
	m := Meeting{ID: "m1", BranchID: "b1", Steps: []Step{
		{Kind: StepPlan, Deadline: Date{2026, 6, 10}, RemindDaysBefore: []int{1, 1, 0, -1, -2, 0}},
		{Kind: StepStudy, RemindDaysBefore: []int{1}, RemindOverdue: true}, // no deadline: nothing to count from
	}}
	got := PlanStepReminders(m, nil, ReminderRules{At: TimeOfDay{9, 0}})
	var keys []string
	for _, r := range got {
		keys = append(keys, r.Key)
	}
	if want := []string{"step:b1:m1:plan:1", "step:b1:m1:plan:0"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("keys %v, want %v (duplicates once, negatives ignored, no deadline skipped)", keys, want)
	}
	if len(got) > 0 && !got[0].Due.Equal(time.Date(2026, 6, 9, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("nil location: due %v, want 09:00 UTC", got[0].Due)
	}
}

// TestPlanAcrossDST: a reminder planned inside a skipped hour is moved forward once, to the
// jump, and not dropped; one planned in a repeated hour is planned once, at its first occurrence.
func TestPlanAcrossDST(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	be := mustLoad(t, "Europe/Berlin")
	tests := []struct {
		name     string
		loc      *time.Location
		at       TimeOfDay
		deadline Date // reminders are planned 1 day before it
		want     time.Time
	}{
		{"NY 02:30 does not exist", ny, TimeOfDay{2, 30}, Date{2026, 3, 9}, time.Date(2026, 3, 8, 7, 0, 0, 0, time.UTC)},
		{"NY 02:00 does not exist either", ny, TimeOfDay{2, 0}, Date{2026, 3, 9}, time.Date(2026, 3, 8, 7, 0, 0, 0, time.UTC)},
		{"NY 01:30 occurs twice", ny, TimeOfDay{1, 30}, Date{2026, 11, 2}, time.Date(2026, 11, 1, 5, 30, 0, 0, time.UTC)},
		{"NY 03:00 after the jump", ny, TimeOfDay{3, 0}, Date{2026, 3, 9}, time.Date(2026, 3, 8, 7, 0, 0, 0, time.UTC)},
		{"Berlin 02:30 does not exist", be, TimeOfDay{2, 30}, Date{2026, 3, 30}, time.Date(2026, 3, 29, 1, 0, 0, 0, time.UTC)},
		{"Berlin 02:30 occurs twice", be, TimeOfDay{2, 30}, Date{2026, 10, 26}, time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Meeting{ID: "m", BranchID: "b", Steps: []Step{{Kind: StepPlan, Deadline: tt.deadline, RemindDaysBefore: []int{1}}}}
			for _, w := range []Window{{}, {QuietFrom: TimeOfDay{21, 0}, QuietTo: TimeOfDay{1, 0}}} {
				got := PlanStepReminders(m, tt.loc, ReminderRules{At: tt.at, Window: w})
				if len(got) != 1 {
					t.Fatalf("planned %d reminders, want 1", len(got))
				}
				if !got[0].Due.Equal(tt.want) {
					t.Errorf("due %v (%v), want %v", got[0].Due, got[0].Due.UTC(), tt.want)
				}
				if again := w.Next(got[0].Due, tt.loc); !again.Equal(got[0].Due) {
					t.Errorf("the window moves it again, to %v", again)
				}
			}
		})
	}
}

func TestPlanDigests(t *testing.T) {
	sh := mustLoad(t, "Asia/Shanghai")
	ny := mustLoad(t, "America/New_York")
	m := Meeting{ID: "m1", BranchID: "b1", Date: Date{2026, 6, 23}} // a Tuesday
	type due struct {
		key string
		at  time.Time
	}
	day := func(d, h int) time.Time { return time.Date(2026, 6, d, h, 0, 0, 0, sh) }
	tests := []struct {
		name string
		m    Meeting
		from Date
		at   TimeOfDay
		loc  *time.Location
		w    Window
		want []due
	}{
		{"one a day", m, Date{2026, 6, 19}, TimeOfDay{20, 0}, sh, everyDay, []due{
			{"digest:b1:m1:2026-06-19", day(19, 20)}, {"digest:b1:m1:2026-06-20", day(20, 20)},
			{"digest:b1:m1:2026-06-21", day(21, 20)}, {"digest:b1:m1:2026-06-22", day(22, 20)},
			{"digest:b1:m1:2026-06-23", day(23, 20)},
		}},
		{"quiet time moves each to the next morning", m, Date{2026, 6, 21}, TimeOfDay{22, 0}, sh, everyDay, []due{
			{"digest:b1:m1:2026-06-21", day(22, 8)}, {"digest:b1:m1:2026-06-22", day(23, 8)},
			{"digest:b1:m1:2026-06-23", day(24, 8)},
		}},
		{"weekend merged into Monday's", m, Date{2026, 6, 19}, TimeOfDay{9, 0}, sh, officeHours, []due{
			{"digest:b1:m1:2026-06-19", day(19, 9)}, {"digest:b1:m1:2026-06-22", day(22, 9)},
			{"digest:b1:m1:2026-06-23", day(23, 9)},
		}},
		{"re-planned from Sunday keeps Monday's key", m, Date{2026, 6, 21}, TimeOfDay{9, 0}, sh, officeHours, []due{
			{"digest:b1:m1:2026-06-22", day(22, 9)}, {"digest:b1:m1:2026-06-23", day(23, 9)},
		}},
		{"from the meeting day", m, Date{2026, 6, 23}, TimeOfDay{9, 0}, sh, officeHours, []due{
			{"digest:b1:m1:2026-06-23", day(23, 9)},
		}},
		{"from after the meeting", m, Date{2026, 6, 24}, TimeOfDay{9, 0}, sh, officeHours, nil},
		{"across spring forward", Meeting{ID: "m1", BranchID: "b1", Date: Date{2026, 3, 9}}, Date{2026, 3, 7}, TimeOfDay{2, 30}, ny, Window{}, []due{
			{"digest:b1:m1:2026-03-07", time.Date(2026, 3, 7, 7, 30, 0, 0, time.UTC)},
			{"digest:b1:m1:2026-03-08", time.Date(2026, 3, 8, 7, 0, 0, 0, time.UTC)},
			{"digest:b1:m1:2026-03-09", time.Date(2026, 3, 9, 6, 30, 0, 0, time.UTC)},
		}},
		{"across the year end", Meeting{ID: "m1", BranchID: "b1", Date: Date{2027, 1, 1}}, Date{2026, 12, 31}, TimeOfDay{9, 0}, sh, everyDay, []due{
			{"digest:b1:m1:2026-12-31", time.Date(2026, 12, 31, 1, 0, 0, 0, time.UTC)},
			{"digest:b1:m1:2027-01-01", time.Date(2027, 1, 1, 1, 0, 0, 0, time.UTC)},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := PlanDigests(tt.m, tt.from, tt.at, tt.loc, tt.w)
			if len(got) != len(tt.want) {
				t.Fatalf("planned %d digests, want %d: %+v", len(got), len(tt.want), got)
			}
			for i, r := range got {
				if r.Key != tt.want[i].key || !r.Due.Equal(tt.want[i].at) {
					t.Errorf("[%d] %s at %v; want %s at %v", i, r.Key, r.Due, tt.want[i].key, tt.want[i].at)
				}
				if r.Kind != RemindDigest || r.BranchID != "b1" || r.MeetingID != "m1" {
					t.Errorf("[%d] %+v: wrong kind, branch or meeting", i, r)
				}
			}
			if again := PlanDigests(tt.m, tt.from, tt.at, tt.loc, tt.w); !reflect.DeepEqual(got, again) {
				t.Errorf("planning twice differs")
			}
		})
	}
}

func TestDropPast(t *testing.T) {
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	rs := []Reminder{
		{Key: "past", Due: now.Add(-time.Second)},
		{Key: "now", Due: now},
		{Key: "future", Due: now.Add(time.Second)},
		{Key: "long past", Due: now.Add(-48 * time.Hour)},
	}
	got := DropPast(rs, now)
	var keys []string
	for _, r := range got {
		keys = append(keys, r.Key)
	}
	if want := []string{"now", "future"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("DropPast kept %v, want %v", keys, want)
	}
	if rs[0].Key != "past" || rs[1].Key != "now" {
		t.Errorf("DropPast changed its input: %+v", rs)
	}
	if got := DropPast(nil, now); len(got) != 0 {
		t.Errorf("DropPast(nil) = %v", got)
	}
}

func TestOnLeave(t *testing.T) {
	leaves := []Leave{
		{UserID: 7, From: Date{2026, 6, 10}, To: Date{2026, 6, 12}, SetBy: 7},
		{UserID: 7, From: Date{2026, 12, 30}, To: Date{2027, 1, 2}, SetBy: 1},
		{UserID: 9, From: Date{2026, 6, 12}, To: Date{2026, 6, 10}, SetBy: 9}, // inverted: covers nothing
	}
	tests := []struct {
		user int64
		day  Date
		want bool
	}{
		{7, Date{2026, 6, 9}, false},
		{7, Date{2026, 6, 10}, true},
		{7, Date{2026, 6, 11}, true},
		{7, Date{2026, 6, 12}, true},
		{7, Date{2026, 6, 13}, false},
		{8, Date{2026, 6, 11}, false},
		{7, Date{2027, 1, 1}, true},
		{7, Date{2027, 1, 3}, false},
		{9, Date{2026, 6, 11}, false},
	}
	for _, tt := range tests {
		if got := OnLeave(leaves, tt.user, tt.day); got != tt.want {
			t.Errorf("OnLeave(%d, %v) = %v, want %v", tt.user, tt.day, got, tt.want)
		}
	}
	if OnLeave(nil, 7, Date{2026, 6, 11}) {
		t.Error("OnLeave(nil) = true")
	}
}

func TestReminderLate(t *testing.T) {
	sh := mustLoad(t, "Asia/Shanghai")
	at := func(d, h int) time.Time { return time.Date(2026, 12, d, h, 0, 0, 0, sh) }
	tests := []struct {
		name    string
		planned time.Time
		now     time.Time
		want    bool
	}{
		{"on time", at(14, 9), at(14, 9), false},
		{"within the grace", at(14, 9), at(16, 8), false},
		{"the bot was down longer", at(14, 9), at(16, 10), true},
		// Planned on Saturday (as a reminder planned without the window): out when Monday's
		// quiet hours end, at 08:00, and late 48 hours after that.
		{"carried over the weekend", at(12, 9), at(14, 9), false},
		{"carried over the weekend, then down", at(12, 9), at(16, 8), false},
		{"carried over the weekend, then down too long", at(12, 9), at(16, 8).Add(time.Minute), true},
		{"held by the quiet hours", at(11, 22), at(14, 8).Add(47 * time.Hour), false},
	}
	for _, tt := range tests {
		r := Reminder{Planned: tt.planned, Due: tt.planned}
		if got := r.Late(tt.now, sh, officeHours, 48*time.Hour); got != tt.want {
			t.Errorf("%s: Late(%v) = %v, want %v", tt.name, tt.now, got, tt.want)
		}
	}
}

// TestPlanStepRemindersHolidays: with the 2026 National Day calendar (1–7 October off, the
// Sunday 20 September and the Saturday 10 October worked), a reminder due on a day off comes
// on the working day before it, an overdue one on the working day after, and a make-up
// Saturday is a working day like any other.
func TestPlanStepRemindersHolidays(t *testing.T) {
	sh := mustLoad(t, "Asia/Shanghai")
	w := Window{QuietFrom: TimeOfDay{21, 0}, QuietTo: TimeOfDay{8, 0}, Workdays: weekdays,
		MakeUpDays: []Date{{2026, 9, 20}, {2026, 10, 10}}}
	for d := 1; d <= 7; d++ {
		w.Holidays = append(w.Holidays, Date{2026, 10, d})
	}
	for _, tc := range []struct {
		day  Date
		want bool
	}{{Date{2026, 9, 20}, true}, {Date{2026, 9, 19}, false}, {Date{2026, 10, 1}, false},
		{Date{2026, 10, 8}, true}, {Date{2026, 10, 10}, true}, {Date{2026, 10, 11}, false}} {
		if got := w.Works(tc.day); got != tc.want {
			t.Errorf("Works(%s) = %v, want %v", tc.day, got, tc.want)
		}
	}
	at := func(mo time.Month, d int) time.Time { return time.Date(2026, mo, d, 9, 0, 0, 0, sh) }
	rules := ReminderRules{At: TimeOfDay{9, 0}, Window: w}
	for _, tc := range []struct {
		name     string
		deadline Date
		want     map[string]time.Time
	}{
		{"deadline in the holiday", Date{2026, 10, 5}, map[string]time.Time{
			// 2, 4 and 5 October are all off: the three come together on Wednesday 30 September.
			"step:b1:m1:points:0": at(9, 30),
			"step:b1:m1:points:o": at(10, 8), // the 6th is off too: the first working day after
		}},
		{"the day before falls on a make-up Saturday", Date{2026, 10, 12}, map[string]time.Time{
			"step:b1:m1:points:3": at(10, 9),  // Friday
			"step:b1:m1:points:1": at(10, 10), // Saturday, worked
			"step:b1:m1:points:0": at(10, 12),
			"step:b1:m1:points:o": at(10, 13),
		}},
		{"Sunday deadline", Date{2026, 12, 20}, map[string]time.Time{
			"step:b1:m1:points:3": at(12, 17), // Thursday
			"step:b1:m1:points:0": at(12, 18), // Saturday's and Sunday's, on Friday
			"step:b1:m1:points:o": at(12, 21),
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := Meeting{ID: "m1", BranchID: "b1", Steps: []Step{{Kind: StepPoints, Deadline: tc.deadline,
				RemindDaysBefore: []int{3, 1, 0}, RemindOverdue: true}}}
			got := PlanStepReminders(m, sh, rules)
			if len(got) != len(tc.want) {
				t.Fatalf("planned %d, want %d: %+v", len(got), len(tc.want), got)
			}
			for _, r := range got {
				if w, ok := tc.want[r.Key]; !ok || !r.Due.Equal(w) {
					t.Errorf("%s due %v, want %v", r.Key, r.Due, w)
				}
			}
		})
	}
}

// TestPlanAroundTheSpringFestival: a reminder on a day off goes to the working day before it
// — over a weekend, Friday — but after a long holiday to the make-up Sunday rather than to the
// day before the holiday, twelve days early; a deadline on a Sunday keeps its last reminder on
// Friday.
func TestPlanAroundTheSpringFestival(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	d := func(m time.Month, day int) Date { return Date{2027, m, day} }
	var holiday []Date
	for day := d(2, 5); !d(2, 13).Before(day); day = day.AddDays(1) {
		holiday = append(holiday, day)
	}
	rules := ReminderRules{At: TimeOfDay{9, 0}, Window: Window{QuietFrom: TimeOfDay{21, 0}, QuietTo: TimeOfDay{8, 0},
		Workdays: [7]bool{false, true, true, true, true, true, false}, Holidays: holiday, MakeUpDays: []Date{d(1, 31), d(2, 14)}}}
	for _, tc := range []struct {
		name     string
		deadline Date
		want     map[int]Date // days before → the day it goes out
	}{
		{"study due Tuesday after the holiday", d(2, 16), map[int]Date{3: d(2, 14), 1: d(2, 15), 0: d(2, 16)}},
		{"points due on a Sunday", d(2, 21), map[int]Date{3: d(2, 18), 0: d(2, 19)}}, // 1 and 0 both on Friday: the latest kept
		{"a Wednesday deadline: Sunday's reminder on Friday", d(3, 3), map[int]Date{3: d(2, 26), 1: d(3, 2), 0: d(3, 3)}},
		{"a Tuesday deadline: Saturday's reminder on Friday", d(3, 9), map[int]Date{3: d(3, 5), 1: d(3, 8), 0: d(3, 9)}},
		{"due on the holiday's first day", d(2, 5), map[int]Date{3: d(2, 2), 0: d(2, 4)}},
	} {
		m := Meeting{ID: "m1", BranchID: "b1", Steps: []Step{{Kind: StepStudy, Deadline: tc.deadline, RemindDaysBefore: []int{3, 1, 0}}}}
		got := map[int]Date{}
		for _, r := range PlanStepReminders(m, loc, rules) {
			got[r.DaysBefore] = DateOf(r.Due, loc)
		}
		if !maps.Equal(got, tc.want) {
			t.Errorf("%s: reminders on %v, want %v", tc.name, got, tc.want)
		}
	}
}
