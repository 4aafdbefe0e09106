package configs

import (
	"strings"
	"testing"

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
