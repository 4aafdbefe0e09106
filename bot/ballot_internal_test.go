package bot

import (
	"errors"
	"testing"

	"orglife"
)

// TestBallotArgs: /ballot reads nothing (the ballot's state), close (its keywords), or a
// closing day today or later; anything else is refused.
func TestBallotArgs(t *testing.T) {
	today := orglife.Date{Year: 2026, Month: 12, Day: 1}
	for _, c := range []struct {
		in       string
		day      orglife.Date
		closeNow bool
		bad      bool
	}{
		{in: ""}, {in: "  "},
		{in: "close", closeNow: true}, {in: "CLOSE", closeNow: true}, {in: "截止", closeNow: true}, {in: " 结束 ", closeNow: true}, {in: "关闭", closeNow: true},
		{in: "2026-12-20", day: orglife.Date{Year: 2026, Month: 12, Day: 20}},
		{in: "12-20", day: orglife.Date{Year: 2026, Month: 12, Day: 20}},
		{in: "12月1日", day: today},
		{in: "2026-11-30", bad: true}, {in: "明天吧", bad: true}, {in: "close now", bad: true}, {in: "2026-02-30", bad: true},
	} {
		day, closeNow, err := ballotArgs(c.in, today)
		if (err != nil) != c.bad || day != c.day || closeNow != c.closeNow || errors.Is(err, errClosingPast) != (c.in == "2026-11-30") {
			t.Errorf("ballotArgs(%q) = %v, %v, %v; want %v, %v, bad %v", c.in, day, closeNow, err, c.day, c.closeNow, c.bad)
		}
	}
}

// FuzzBallotArgs: any text after /ballot reads without panic as one of three things, and a
// closing day is never before today and reads back as itself.
func FuzzBallotArgs(f *testing.F) {
	for _, s := range []string{"", "close", "12-20", "2026-12-20", "12月20日", "2026-11-30", "\xff", "截止"} {
		f.Add(s)
	}
	today := orglife.Date{Year: 2026, Month: 12, Day: 1}
	f.Fuzz(func(t *testing.T, s string) {
		day, closeNow, err := ballotArgs(s, today)
		switch {
		case err != nil:
			if closeNow || !day.IsZero() {
				t.Fatalf("%q refused but read as %v, %v", s, day, closeNow)
			}
		case closeNow && !day.IsZero():
			t.Fatalf("%q read as both close and %v", s, day)
		case !day.IsZero():
			if day.Before(today) {
				t.Fatalf("%q read as %v, before today", s, day)
			}
			back, _, err := ballotArgs(day.String(), today)
			if err != nil || back != day {
				t.Fatalf("%v reads back as %v, %v", day, back, err)
			}
		}
	})
}
