package configs

import (
	"slices"
	"strings"
	"testing"
	"time"

	"orglife"
)

func TestChinaCalendar2026(t *testing.T) {
	years, err := ChinaCalendar()
	if err != nil {
		t.Fatal(err)
	}
	c, ok := years[2026]
	if !ok {
		t.Fatal("2026 missing")
	}
	// The notice gives 33 days off (3+9+3+5+3+3+7) and six make-up working days.
	if len(c.Off) != 33 || len(c.Work) != 6 {
		t.Fatalf("2026: %d days off, %d worked; want 33 and 6", len(c.Off), len(c.Work))
	}
	var r Reminders
	r.At, r.DigestAt, r.QuietFrom, r.QuietTo = "09:00", "18:00", "21:00", "08:00"
	r.Workdays, r.Calendar = []int{1, 2, 3, 4, 5}, CalendarChina
	r.MakeUp = []string{"2026-10-07"} // a branch that works the last day of the holiday
	rules, _, err := r.Rules()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		day  orglife.Date
		want bool
	}{
		{orglife.Date{Year: 2026, Month: 2, Day: 14}, true},  // Saturday, worked before 春节
		{orglife.Date{Year: 2026, Month: 2, Day: 16}, false}, // Monday in 春节
		{orglife.Date{Year: 2026, Month: 9, Day: 20}, true},  // Sunday, worked before 国庆
		{orglife.Date{Year: 2026, Month: 10, Day: 6}, false},
		{orglife.Date{Year: 2026, Month: 10, Day: 7}, true}, // the deployment's own make-up day wins
		{orglife.Date{Year: 2026, Month: 12, Day: 5}, false},
	} {
		if got := rules.Window.Works(tc.day); got != tc.want {
			t.Errorf("Works(%s) = %v, want %v", tc.day, got, tc.want)
		}
	}
	if !r.CalendarCovers(2026) || r.CalendarCovers(2031) {
		t.Error("CalendarCovers: want 2026 known, 2031 not")
	}
	r.Calendar = "us"
	if _, _, err := r.Rules(); err == nil || !strings.Contains(err.Error(), "reminders.calendar") {
		t.Errorf("unknown calendar: err = %v", err)
	}
}

func TestChinaCalendar2027(t *testing.T) {
	years, err := ChinaCalendar()
	if err != nil {
		t.Fatal(err)
	}
	c, ok := years[2027]
	if !ok {
		t.Fatal("2027 missing")
	}
	// The notice gives 29 days off (3+9+3+5+1+1+7) and five make-up working days.
	if len(c.Off) != 29 || len(c.Work) != 5 {
		t.Fatalf("2027: %d days off, %d worked; want 29 and 5", len(c.Off), len(c.Work))
	}
	for _, d := range []orglife.Date{{Year: 2027, Month: 2, Day: 5}, {Year: 2027, Month: 6, Day: 9}, {Year: 2027, Month: 9, Day: 15}} {
		if !slices.Contains(c.Off, d) {
			t.Errorf("2027: %s should be a day off", d)
		}
	}
}

// TestChinaCalendarMakeUpDaysAreWeekends: a make-up working day is by definition a Saturday or
// a Sunday, and a holiday is never one of them; a slip of a digit in the file breaks this.
func TestChinaCalendarMakeUpDaysAreWeekends(t *testing.T) {
	years, err := ChinaCalendar()
	if err != nil {
		t.Fatal(err)
	}
	for year, c := range years {
		for _, d := range c.Work {
			if wd := time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Weekday(); wd != time.Saturday && wd != time.Sunday {
				t.Errorf("%d: make-up day %s is a %s", year, d, wd)
			}
		}
	}
}

func TestParseCalendarRefuses(t *testing.T) {
	for _, bad := range []string{
		"2026:\n  off: [2026-13-01]\n",
		"2026:\n  off: [2025-12-31]\n",            // outside its year
		"2026:\n  off: [2026-02-23/2026-02-15]\n", // backwards
		"2026:\n  off: [2026-01-01/2026-03-01]\n", // longer than a month
		"2026:\n  off: [2026-01-04]\n  work: [2026-01-04]\n",
		"2026: [",
	} {
		if _, err := parseCalendar([]byte(bad)); err == nil {
			t.Errorf("parseCalendar(%q) accepted", bad)
		}
	}
}

// FuzzParseCalendar: any calendar file is refused or read into days of the year they are
// listed under, none both off and worked.
func FuzzParseCalendar(f *testing.F) {
	f.Add(string(calendarCN))
	for _, s := range []string{"", "2026:\n  off: [2026-10-01/2026-10-07]\n  work: [2026-10-10]\n",
		"2027:\n  off: [2027-02-30]\n", "1:\n  off: [0001-01-01]\n", "2026: {off: [\"2026-01-01/\"]}\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, content string) {
		years, err := parseCalendar([]byte(content))
		if err != nil {
			return
		}
		for y, c := range years {
			off := map[orglife.Date]bool{}
			for _, d := range c.Off {
				if d.Year != y {
					t.Fatalf("day off %s listed under %d", d, y)
				}
				off[d] = true
			}
			for _, d := range c.Work {
				if d.Year != y || off[d] {
					t.Fatalf("worked day %s under %d, off too: %v", d, y, off[d])
				}
			}
		}
	})
}
