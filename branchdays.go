package orglife

import (
	"errors"
	"slices"
	"strconv"
	"strings"
)

// A branch's own calendar: days it takes off and days it works, whatever the public holiday
// calendar and the working week say (a local holiday, a unit's closing day, a Saturday the unit
// works). They win over the deployment's window for that branch alone, in planning and in
// sending alike.

// MaxOwnDays bounds a branch's own days, off and worked together: a year of them and more.
const MaxOwnDays = 400

// MaxDayRun is the longest run of days one entry may mark, as in the holiday calendar file.
const MaxDayRun = 31

// ownDaysKept is how long a branch's own day is kept once past: longer than any reminder of it
// can be late (reminders.grace), so that forgetting it changes nothing.
const ownDaysKept = 62

// Window is w with the branch's own days: a day off of the branch is off even where w works
// (a national make-up Saturday, a weekday), and a day the branch works works even where w is
// off (a public holiday, a weekend). Quiet hours and the working week stay w's. w is not
// changed; a branch without days of its own gets w as it is.
func (b Branch) Window(w Window) Window {
	if len(b.DaysOff) == 0 && len(b.DaysWorked) == 0 {
		return w
	}
	off, on := dateSet(b.DaysOff), dateSet(b.DaysWorked)
	out := w
	out.Holidays = make([]Date, 0, len(w.Holidays)+len(b.DaysOff))
	for _, d := range w.Holidays {
		if !on[d] {
			out.Holidays = append(out.Holidays, d)
		}
	}
	out.Holidays = append(out.Holidays, b.DaysOff...)
	out.MakeUpDays = make([]Date, 0, len(w.MakeUpDays)+len(b.DaysWorked))
	for _, d := range w.MakeUpDays {
		if !off[d] {
			out.MakeUpDays = append(out.MakeUpDays, d)
		}
	}
	out.MakeUpDays = append(out.MakeUpDays, b.DaysWorked...)
	return out
}

func dateSet(days []Date) map[Date]bool {
	m := make(map[Date]bool, len(days))
	for _, d := range days {
		m[d] = true
	}
	return m
}

// MarkDays makes every day from first to last (both included) the branch's own day off (off)
// or working day, taking it out of the other list, and forgets own days more than two months
// before today (they can no longer move a reminder). The lists stay sorted and without
// repeats. It refuses, changing nothing, a run longer than MaxDayRun days or backwards, and
// one that would give the branch more than MaxOwnDays days.
func (b *Branch) MarkDays(first, last Date, off bool, today Date) error {
	days, err := DayRun{first, last}.Days()
	if err != nil {
		return err
	}
	add, other := &b.DaysWorked, &b.DaysOff
	if off {
		add, other = &b.DaysOff, &b.DaysWorked
	}
	newAdd := sortedUnion(forgetBefore(*add, today), days)
	newOther := slices.DeleteFunc(slices.Clone(forgetBefore(*other, today)), func(d Date) bool { return slices.Contains(days, d) })
	if len(newAdd)+len(newOther) > MaxOwnDays {
		return ErrTooManyDays
	}
	*add, *other = newAdd, newOther
	return nil
}

// UnmarkDays takes every day from first to last out of the branch's own days, so the
// deployment's calendar decides them again, and tells how many it took out.
func (b *Branch) UnmarkDays(first, last Date) int {
	n := len(b.DaysOff) + len(b.DaysWorked)
	in := func(d Date) bool { return !d.Before(first) && !last.Before(d) }
	b.DaysOff = slices.DeleteFunc(b.DaysOff, in)
	b.DaysWorked = slices.DeleteFunc(b.DaysWorked, in)
	return n - len(b.DaysOff) - len(b.DaysWorked)
}

// forgetBefore drops the days more than ownDaysKept days before today.
func forgetBefore(days []Date, today Date) []Date {
	floor := today.AddDays(-ownDaysKept)
	return slices.DeleteFunc(slices.Clone(days), func(d Date) bool { return d.Before(floor) })
}

// sortedUnion is the days of a and b, sorted, each once.
func sortedUnion(a, b []Date) []Date {
	out := append(slices.Clone(a), b...)
	slices.SortFunc(out, compareDates)
	return slices.Compact(out)
}

func compareDates(a, b Date) int { return strings.Compare(a.String(), b.String()) }

// Errors of a run of days a user typed.
var (
	ErrDaysBackwards = errors.New("the last day is before the first")
	ErrDaysTooLong   = errors.New("more days than MaxDayRun")
	ErrTooManyDays   = errors.New("more own days than MaxOwnDays")
)

// DayRun is a run of consecutive days, both ends included; a single day has First == Last.
type DayRun struct{ First, Last Date }

// Days are the run's days in order; a run backwards or longer than MaxDayRun is refused.
func (r DayRun) Days() ([]Date, error) {
	switch n := r.First.DaysUntil(r.Last); {
	case n < 0:
		return nil, ErrDaysBackwards
	case n >= MaxDayRun:
		return nil, ErrDaysTooLong
	}
	var out []Date
	for d := r.First; !r.Last.Before(d); d = d.AddDays(1) {
		out = append(out, d)
	}
	return out, nil
}

// String is the run as ParseDayRun reads it back: 2026-12-24, or 2026-12-24/2026-12-26.
func (r DayRun) String() string {
	if r.First == r.Last {
		return r.First.String()
	}
	return r.First.String() + "/" + r.Last.String()
}

// DayRuns groups sorted days into runs of consecutive days.
func DayRuns(days []Date) []DayRun {
	var out []DayRun
	for _, d := range days {
		if n := len(out); n > 0 && out[n-1].Last.AddDays(1) == d {
			out[n-1].Last = d
			continue
		}
		out = append(out, DayRun{d, d})
	}
	return out
}

// runSeparators may stand between the two days of a typed run: 12月24日至12月26日,
// 12-24~12-26, 2026-12-24/2026-12-26 (the holiday calendar's form), 12-24-12-26.
var runSeparators = []string{"至", "到", "~", "—", "/", "-"}

// maxDayRunText is the longest text ParseDayRun reads, in bytes: two dates typed at length
// (2026 年 12 月 24 日) and what stands between them, with room to spare.
const maxDayRunText = 100

// ParseDayRun reads a day or a run of days as users type them for days still to come: one
// date in any form ParseDate reads, or two joined by 至, 到, ~, — or / (or -), each a whole
// date (12月24日至26日 is not read). A date typed without its year is the first such day from
// today on, and the last day of a run the first such day from its first, so 1月2日 typed in
// December is next January's and 12月24日 typed in June this December's. Days in the past are
// not refused here (the caller says what is past for it); a run backwards or longer than
// MaxDayRun days is (ErrDaysBackwards, ErrDaysTooLong); anything else is ErrBadDate.
func ParseDayRun(s string, today Date) (DayRun, error) {
	s = strings.TrimSpace(FoldWidth(s))
	if len(s) > maxDayRunText {
		return DayRun{}, ErrBadDate // no run is this long, and each split below reads it all
	}
	if d, err := parseUpcoming(s, today); err == nil {
		return DayRun{d, d}, nil
	}
	for _, sep := range runSeparators {
		for at := 0; ; at += len(sep) {
			j := strings.Index(s[at:], sep)
			if j < 0 {
				break
			}
			at += j
			if r, ok, err := runOf(s[:at], s[at+len(sep):], today); ok {
				return r, err
			}
		}
	}
	return DayRun{}, ErrBadDate
}

// runOf reads the two ends of a typed run; ok is false when either is not a date.
func runOf(firstText, lastText string, today Date) (r DayRun, ok bool, err error) {
	first, err := parseUpcoming(firstText, today)
	if err != nil {
		return DayRun{}, false, nil
	}
	last, err := parseUpcoming(lastText, first)
	if err != nil {
		return DayRun{}, false, nil
	}
	r = DayRun{first, last}
	if _, err := r.Days(); err != nil {
		// 12-27/12-26 is a run typed backwards, not one of a year.
		same, sameErr := parseUpcoming(lastText, Date{first.Year, 1, 1})
		if sameErr == nil && same.Before(first) && same.DaysUntil(first) < MaxDayRun {
			return DayRun{first, same}, true, ErrDaysBackwards
		}
		return r, true, err
	}
	return r, true, nil
}

// parseUpcoming is ParseDate, but a date without its year is the first such day on or after
// from.
func parseUpcoming(s string, from Date) (Date, error) {
	g := shortDate.FindStringSubmatch(strings.TrimSpace(strings.ToLower(FoldWidth(s))))
	if g == nil {
		return ParseDate(s, from)
	}
	// Up to four years on: 2月29日 needs a leap year.
	for y := from.Year; y <= from.Year+4; y++ {
		if d, err := validDate(strconv.Itoa(y), g[1], g[2]); err == nil && !d.Before(from) {
			return d, nil
		}
	}
	return Date{}, ErrBadDate
}
