package orglife

import (
	"errors"
	"slices"
	"testing"
	"time"
)

// dec is a day of December 2026 (the 1st is a Tuesday).
func dec(day int) Date { return Date{2026, 12, day} }

// TestBranchWindow: the branch's own days win over the deployment's calendar both ways, and
// leave everything else as it was.
func TestBranchWindow(t *testing.T) {
	weekdays := [7]bool{false, true, true, true, true, true, false}
	national := Window{QuietFrom: TimeOfDay{21, 0}, QuietTo: TimeOfDay{8, 0}, Workdays: weekdays,
		Holidays: []Date{dec(24), dec(25)}, MakeUpDays: []Date{dec(19)}} // a holiday Thu–Fri, a make-up Saturday
	tests := []struct {
		name   string
		branch Branch
		works  map[Date]bool
	}{
		{"no own days: the deployment's", Branch{}, map[Date]bool{
			dec(18): true, dec(19): true, dec(20): false, dec(21): true, dec(24): false, dec(25): false, dec(26): false}},
		{"a day off on a weekday", Branch{DaysOff: []Date{dec(21)}}, map[Date]bool{
			dec(21): false, dec(22): true, dec(19): true, dec(24): false}},
		{"a day off on the national make-up Saturday", Branch{DaysOff: []Date{dec(19)}}, map[Date]bool{
			dec(19): false, dec(18): true}},
		{"a day worked on a national holiday", Branch{DaysWorked: []Date{dec(24)}}, map[Date]bool{
			dec(24): true, dec(25): false}},
		{"a day worked on a Saturday", Branch{DaysWorked: []Date{dec(26)}}, map[Date]bool{
			dec(26): true, dec(27): false}},
		{"a day in both lists is off", Branch{DaysOff: []Date{dec(22)}, DaysWorked: []Date{dec(22)}}, map[Date]bool{
			dec(22): false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := slices.Clone(national.Holidays)
			w := tt.branch.Window(national)
			for d, want := range tt.works {
				if got := w.Works(d); got != want {
					t.Errorf("Works(%s) = %v; want %v", d, got, want)
				}
			}
			if w.QuietFrom != national.QuietFrom || w.QuietTo != national.QuietTo || w.Workdays != national.Workdays {
				t.Errorf("quiet hours or week changed: %+v", w)
			}
			if !slices.Equal(national.Holidays, before) {
				t.Errorf("the deployment's window was changed: %v", national.Holidays)
			}
		})
	}
}

// TestBranchWindowMovesReminders: a step reminder whose deadline is the branch's day off comes
// the working day before; a branch working Saturday lets the overdue reminder out that day.
func TestBranchWindowMovesReminders(t *testing.T) {
	shanghai := mustLoad(t, "Asia/Shanghai")
	weekdays := [7]bool{false, true, true, true, true, true, false}
	rules := ReminderRules{At: TimeOfDay{9, 0}, Window: Window{QuietFrom: TimeOfDay{21, 0}, QuietTo: TimeOfDay{8, 0}, Workdays: weekdays}}
	m := Meeting{ID: "m", BranchID: "b", Date: dec(31), Steps: []Step{{Kind: StepPoints, Deadline: dec(24),
		RemindDaysBefore: []int{0}, RemindOverdue: true}}}
	due := func(b Branch) (dayOf, overdue time.Time) {
		for _, r := range PlanStepReminders(m, shanghai, PlanOptions{Rules: rules}.ForBranch(b).Rules) {
			if r.DaysBefore == 0 {
				dayOf = r.Due
			} else {
				overdue = r.Due
			}
		}
		return dayOf, overdue
	}
	at := func(day int) time.Time { return dec(day).At(9, 0, shanghai) }
	tests := []struct {
		name           string
		branch         Branch
		dayOf, overdue time.Time
	}{
		{"the deployment's calendar", Branch{}, at(24), at(25)},
		{"the deadline a day off: the working day before", Branch{DaysOff: []Date{dec(24)}}, at(23), at(25)},
		{"Christmas off too: overdue on Monday", Branch{DaysOff: []Date{dec(24), dec(25)}}, at(23), at(28)},
		{"…but the Saturday worked", Branch{DaysOff: []Date{dec(24), dec(25)}, DaysWorked: []Date{dec(26)}}, at(23), at(26)},
	}
	for _, tt := range tests {
		dayOf, overdue := due(tt.branch)
		if !dayOf.Equal(tt.dayOf) || !overdue.Equal(tt.overdue) {
			t.Errorf("%s: day-of %v, overdue %v; want %v, %v", tt.name, dayOf, overdue, tt.dayOf, tt.overdue)
		}
	}
}

func TestMarkDays(t *testing.T) {
	today := dec(1)
	tests := []struct {
		name        string
		b           Branch
		first, last Date
		off         bool
		err         error
		wantOff     []Date
		wantWorked  []Date
	}{
		{"a day off", Branch{}, dec(24), dec(24), true, nil, []Date{dec(24)}, nil},
		{"a run, merged and sorted", Branch{DaysOff: []Date{dec(28)}}, dec(24), dec(26), true, nil,
			[]Date{dec(24), dec(25), dec(26), dec(28)}, nil},
		{"a day worked takes the day out of the days off", Branch{DaysOff: []Date{dec(24), dec(26)}}, dec(26), dec(26), false, nil,
			[]Date{dec(24)}, []Date{dec(26)}},
		{"marked twice, kept once", Branch{DaysWorked: []Date{dec(5)}}, dec(5), dec(5), false, nil, nil, []Date{dec(5)}},
		{"old days are forgotten", Branch{DaysOff: []Date{{2026, 9, 1}, {2026, 11, 1}}}, dec(24), dec(24), true, nil,
			[]Date{{2026, 11, 1}, dec(24)}, nil},
		{"backwards", Branch{DaysOff: []Date{dec(2)}}, dec(24), dec(20), true, ErrDaysBackwards, []Date{dec(2)}, nil},
		{"longer than a month", Branch{}, dec(1), Date{2027, 1, 1}, true, ErrDaysTooLong, nil, nil},
		{"a month is not", Branch{}, dec(1), dec(31), false, nil, nil, func() []Date {
			d, _ := DayRun{dec(1), dec(31)}.Days()
			return d
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := tt.b
			err := b.MarkDays(tt.first, tt.last, tt.off, today)
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v; want %v", err, tt.err)
			}
			if !slices.Equal(b.DaysOff, tt.wantOff) || !slices.Equal(b.DaysWorked, tt.wantWorked) {
				t.Errorf("off %v, worked %v; want %v, %v", b.DaysOff, b.DaysWorked, tt.wantOff, tt.wantWorked)
			}
		})
	}
}

func TestMarkDaysBounded(t *testing.T) {
	var b Branch
	today := Date{2027, 1, 1}
	d := today
	for i := 0; ; i++ {
		err := b.MarkDays(d, d.AddDays(MaxDayRun-1), i%2 == 0, today)
		if errors.Is(err, ErrTooManyDays) {
			break
		}
		if err != nil || i > MaxOwnDays {
			t.Fatalf("run %d: %v", i, err)
		}
		d = d.AddDays(MaxDayRun)
	}
	if n := len(b.DaysOff) + len(b.DaysWorked); n > MaxOwnDays || n < MaxOwnDays-MaxDayRun {
		t.Fatalf("%d own days kept", n)
	}
}

func TestUnmarkDays(t *testing.T) {
	b := Branch{DaysOff: []Date{dec(24), dec(25), dec(31)}, DaysWorked: []Date{dec(26)}}
	if n := b.UnmarkDays(dec(25), dec(26)); n != 2 {
		t.Errorf("took out %d days; want 2", n)
	}
	if !slices.Equal(b.DaysOff, []Date{dec(24), dec(31)}) || len(b.DaysWorked) != 0 {
		t.Errorf("left off %v, worked %v", b.DaysOff, b.DaysWorked)
	}
	if n := b.UnmarkDays(dec(1), dec(2)); n != 0 {
		t.Errorf("took out %d days of none", n)
	}
}

func TestDayRuns(t *testing.T) {
	got := DayRuns([]Date{dec(24), dec(25), dec(26), dec(28), dec(31), {2027, 1, 1}})
	want := []DayRun{{dec(24), dec(26)}, {dec(28), dec(28)}, {dec(31), Date{2027, 1, 1}}}
	if !slices.Equal(got, want) {
		t.Errorf("DayRuns = %v; want %v", got, want)
	}
	if DayRuns(nil) != nil {
		t.Error("no days, no runs")
	}
}

func TestParseDayRun(t *testing.T) {
	today := Date{2026, 12, 20}
	one := func(d Date) DayRun { return DayRun{d, d} }
	tests := []struct {
		in   string
		want DayRun
		err  error
	}{
		{"2026-12-24", one(dec(24)), nil},
		{"12月24日", one(dec(24)), nil},
		{"12-24", one(dec(24)), nil},
		{"１２月２４日", one(dec(24)), nil},
		{"明天", one(dec(21)), nil},
		{"1月2日", one(Date{2027, 1, 2}), nil},  // without its year: the next one
		{"12-1", one(Date{2027, 12, 1}), nil}, // this year's is past: next year's
		{"2026-12-01", one(dec(1)), nil},      // with its year: as typed (the caller refuses the past)
		{"2026/12/24", one(dec(24)), nil},     // slashes within a date
		{"2026-12-24/2026-12-26", DayRun{dec(24), dec(26)}, nil},
		{"12月30日至1月2日", DayRun{dec(30), Date{2027, 1, 2}}, nil}, // the last day counts from the first
		{"12-24~12-26", DayRun{dec(24), dec(26)}, nil},
		{"12-24-12-26", DayRun{dec(24), dec(26)}, nil},
		{"12/24/12/26", DayRun{dec(24), dec(26)}, nil},
		{"2026-12-24 到 2026-12-25", DayRun{dec(24), dec(25)}, nil},
		{"2026-12-26/2026-12-24", DayRun{dec(26), dec(24)}, ErrDaysBackwards},
		{"12-27/12-26", DayRun{dec(27), dec(26)}, ErrDaysBackwards}, // not 26 December next year
		{"12-27/12-28", DayRun{dec(27), dec(28)}, nil},
		{"12-24/1-30", DayRun{dec(24), Date{2027, 1, 30}}, ErrDaysTooLong},
		{"2026-12-01/2027-01-01", DayRun{dec(1), Date{2027, 1, 1}}, ErrDaysTooLong},
		{"2026-12-01/2026-12-31", DayRun{dec(1), dec(31)}, nil},
		{"圣诞节", DayRun{}, ErrBadDate},
		{"2月30日", DayRun{}, ErrBadDate},
		{"12月24日至", DayRun{}, ErrBadDate},
		{"", DayRun{}, ErrBadDate},
	}
	for _, tt := range tests {
		got, err := ParseDayRun(tt.in, today)
		if !errors.Is(err, tt.err) || got != tt.want {
			t.Errorf("ParseDayRun(%q) = %v, %v; want %v, %v", tt.in, got, err, tt.want, tt.err)
		}
		if err == nil {
			if back, err := ParseDayRun(got.String(), today); err != nil || back != got {
				t.Errorf("%v does not read back: %v, %v", got, back, err)
			}
		}
	}
}

// TestPlanBranchWithOwnDays: PlanBranch plans with the branch's own days, as the bot does.
func TestPlanBranchWithOwnDays(t *testing.T) {
	shanghai := mustLoad(t, "Asia/Shanghai")
	weekdays := [7]bool{false, true, true, true, true, true, false}
	opts := PlanOptions{Rules: ReminderRules{At: TimeOfDay{9, 0}, Window: Window{Workdays: weekdays}}, DigestAt: TimeOfDay{18, 0}, Location: shanghai}
	m := Meeting{ID: "m", BranchID: "b", Date: dec(31), Steps: []Step{{Kind: StepPoints, Deadline: dec(24), RemindDaysBefore: []int{0}}}}
	b := Branch{ID: "b", CurrentMeeting: "m", DaysOff: []Date{dec(24)}}
	for _, g := range PlanBranch(b, []Meeting{m}, nil, time.Date(2026, 12, 1, 0, 0, 0, 0, shanghai), opts) {
		for _, r := range g.Reminders {
			if r.Kind == RemindStep && !r.Due.Equal(dec(23).At(9, 0, shanghai)) {
				t.Errorf("the step reminder is due %v; want the 23rd, the working day before the branch's day off", r.Due)
			}
			if r.Kind == RemindDigest && DateOf(r.Due, shanghai) == dec(24) {
				t.Errorf("a digest is due on the branch's day off: %v", r.Due)
			}
		}
	}
}
