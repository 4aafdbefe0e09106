package orglife

import (
	"fmt"
	"strings"
	"time"
)

// ReminderKind says what a planned message is for, so the scheduler knows whom to send it
// to and what to write.
type ReminderKind string

// The kinds of reminder the scheduler sends.
const (
	RemindStep   ReminderKind = "step"   // a preparation step is due soon, today, or overdue
	RemindDigest ReminderKind = "digest" // the secretary's daily summary
	RemindNudge  ReminderKind = "nudge"  // the secretary's /remind, now
	// RemindAnnounce tells every member, once, that a meeting was set up and what it asks of them.
	RemindAnnounce ReminderKind = "announce"
)

// Reminder is one planned message. Key is unique and stable: planning the same reminder
// again gives the same key (so re-planning a meeting is idempotent).
type Reminder struct {
	Key        string       `json:"key"`
	Kind       ReminderKind `json:"kind"`
	BranchID   string       `json:"branch_id"`
	MeetingID  string       `json:"meeting_id,omitempty"`
	Step       StepKind     `json:"step,omitempty"`
	DaysBefore int          `json:"days_before"`       // for a step: days before its deadline; -1 overdue
	ItemID     string       `json:"item_id,omitempty"` // a rectification item's follow-up
	// Zone is the IANA zone the reminder was planned in (its branch's); quiet hours and the
	// day are read in it. Empty: the deployment's.
	Zone   string `json:"zone,omitempty"`
	UserID int64  `json:"user_id,omitempty"`
	// From is who asked for a nudge (/remind), who does not need it themself.
	From int64 `json:"from,omitempty"`
	// Planned is when the reminder was planned for; Due moves when quiet hours hold it over,
	// Planned does not. Lateness and deliveries are reckoned by it.
	Planned time.Time `json:"planned,omitempty"` // 0: everyone concerned; else one person (a deferred copy)
	Due     time.Time `json:"due"`
}

// overdueDays is Reminder.DaysBefore for the reminder sent once a step's deadline has passed.
const overdueDays = -1

// TimeOfDay is a time of day, read on the wall clock of the branch's time zone. Valid ones
// run from 00:00 to 23:59; ParseClock never returns another.
type TimeOfDay struct{ Hour, Minute int }

// String is the form people type and configuration holds: 08:00.
func (c TimeOfDay) String() string { return fmt.Sprintf("%02d:%02d", c.Hour, c.Minute) }

// ParseClock reads a time of day written H:MM or HH:MM (the full-width forms a Chinese
// keyboard types, "９：３０", are accepted too). It refuses 24:00, a bare hour such as "9", signs,
// seconds and anything else, so a typo in quiet hours fails loudly instead of silencing the bot.
func ParseClock(s string) (TimeOfDay, error) {
	bad := fmt.Errorf("time of day %q: use HH:MM from 00:00 to 23:59", s)
	h, m, ok := strings.Cut(strings.TrimSpace(FoldWidth(s)), ":")
	if !ok || len(h) < 1 || len(h) > 2 || len(m) != 2 {
		return TimeOfDay{}, bad
	}
	hour, okH := digits(h)
	minute, okM := digits(m)
	if !okH || !okM || hour > 23 || minute > 59 {
		return TimeOfDay{}, bad
	}
	return TimeOfDay{hour, minute}, nil
}

// digits reads a run of ASCII digits; unlike strconv.Atoi it refuses signs, which would let
// "+9:00" or "-1:00" through.
func digits(s string) (int, bool) {
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, true
}

// minutes is the clock as minutes since midnight, the unit quiet hours are compared in.
func (c TimeOfDay) minutes() int { return c.Hour*60 + c.Minute }

// Window is when reminders may reach people: outside quiet hours, on working days.
type Window struct {
	// QuietFrom and QuietTo bound the quiet hours, from QuietFrom (inclusive) to QuietTo
	// (exclusive), e.g. 21:00 to 08:00; they may wrap midnight. Equal means no quiet hours.
	QuietFrom, QuietTo TimeOfDay
	// Workdays says, by time.Weekday, which days are working days; all false means every
	// day works, so the zero Window lets everything through.
	Workdays [7]bool
	// Holidays are extra days off on top of the weekly ones.
	Holidays []Date
	// MakeUpDays are days off by the week that are worked all the same (调休: the Saturday
	// worked to join a holiday to a weekend).
	MakeUpDays []Date
}

// maxWindowSteps bounds Next's search. Each step moves at least to the next day or to the end
// of the quiet hours, so this is several years: only a window that never opens reaches it.
const maxWindowSteps = 4000

// Next is the earliest moment at or after t, in loc, when a reminder may go out: t itself if
// allowed, else the end of the quiet hours, moved to the next working day if needed (to the end
// of that day's quiet hours if they cover its midnight, else to its midnight). A nil loc is UTC.
//
// Everything is judged on the wall clock of loc, so it holds across daylight-saving changes and
// year ends. Where the wall time it moves to does not exist that day (the clocks jump over it),
// the answer is the moment the clocks jump, the first moment when the wall clock has passed it:
// later, never earlier, and never skipped. Where it exists twice (the clocks fall back), the
// first occurrence not before t is taken, so Next never goes back in time.
//
// A window that never opens (every day a holiday for years) is a configuration error; Next
// then stops searching after several years and returns the moment it reached.
func (w Window) Next(t time.Time, loc *time.Location) time.Time {
	loc = orUTC(loc)
	t = t.In(loc)
	cal := w.calendar()
	for range maxWindowSteps {
		day := DateOf(t, loc)
		if !cal.works(day) {
			// The whole day is closed: try the next one from its first moment.
			t = wallAt(day.AddDays(1), TimeOfDay{}, loc, t)
			continue
		}
		now := wallClock(t)
		if !w.quiet(now) {
			return t
		}
		end := day
		if now.minutes() >= w.QuietTo.minutes() {
			// Quiet hours that wrap midnight and began this evening end tomorrow.
			end = day.AddDays(1)
		}
		t = wallAt(end, w.QuietTo, loc, t)
	}
	return t
}

// Allows reports whether t (in loc) is inside the window: on a working day and outside the
// quiet hours. Allows(t) holds exactly when Next(t) is t. A nil loc is UTC.
func (w Window) Allows(t time.Time, loc *time.Location) bool {
	loc = orUTC(loc)
	return w.calendar().works(DateOf(t, loc)) && !w.quiet(wallClock(t.In(loc)))
}

// quiet reports whether the wall-clock time c falls in the quiet hours.
func (w Window) quiet(c TimeOfDay) bool {
	from, to, now := w.QuietFrom.minutes(), w.QuietTo.minutes(), c.minutes()
	switch {
	case from == to:
		return false
	case from < to:
		return from <= now && now < to
	default: // wraps midnight
		return now >= from || now < to
	}
}

// calendar is the window's working days, with its holidays and make-up days as sets,
// built once per call so that a long list does not make each day's check slower.
func (w Window) calendar() workCalendar {
	c := workCalendar{weekly: w.Workdays, off: make(map[Date]bool, len(w.Holidays)), on: make(map[Date]bool, len(w.MakeUpDays))}
	for _, d := range w.Holidays {
		c.off[d] = true
	}
	for _, d := range w.MakeUpDays {
		c.on[d] = true
	}
	return c
}

type workCalendar struct {
	weekly  [7]bool
	off, on map[Date]bool
}

// works reports whether day is a working day: not a holiday, and a make-up day or a
// working day of the week.
func (c workCalendar) works(day Date) bool {
	switch {
	case c.off[day]:
		return false
	case c.on[day], c.weekly == [7]bool{}:
		return true
	}
	return c.weekly[day.Weekday()]
}

// Works reports whether day is a working day of the window.
func (w Window) Works(day Date) bool { return w.calendar().works(day) }

// lastWorkday is day if it is a working day, else the working day before it; ok is false
// when there is none in the month before (a window that hardly ever opens).
func (w Window) lastWorkday(day Date) (Date, bool) {
	cal := w.calendar()
	for range 31 {
		if cal.works(day) {
			return day, true
		}
		day = day.AddDays(-1)
	}
	return day, false
}

// wallClock is t's time of day on its own wall clock (t must already be in the branch's zone).
func wallClock(t time.Time) TimeOfDay {
	h, m, _ := t.Clock()
	return TimeOfDay{h, m}
}

// naive is t's wall date and time read as if in UTC, so wall times can be compared without
// a zone's offsets getting in the way.
func naive(t time.Time) time.Time {
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	return time.Date(y, mo, d, h, mi, s, t.Nanosecond(), time.UTC)
}

// wallAt is the first moment, not before notBefore, when loc's wall clock shows c on day.
//
// time.Date alone is not enough here: for a wall time that the clocks jump over it may answer
// an hour early or an hour late, and for a wall time that happens twice it may answer either
// occurrence (it does each, depending on the zone). A wall time in a gap becomes the moment of
// the jump; a repeated one, its earliest occurrence at or after notBefore.
func wallAt(day Date, c TimeOfDay, loc *time.Location, notBefore time.Time) time.Time {
	want := time.Date(day.Year, day.Month, day.Day, c.Hour, c.Minute, 0, 0, time.UTC)
	u := time.Date(day.Year, day.Month, day.Day, c.Hour, c.Minute, 0, 0, loc)
	start, end := u.ZoneBounds()
	switch got := naive(u); {
	case got.Before(want): // answered before the gap: the jump is where u's zone ends
		return end.In(loc)
	case got.After(want): // answered after the gap: the jump is where u's zone starts
		return start.In(loc)
	}
	// Where the clocks fall back, the same wall time also exists in the zone before or after
	// u's, shifted by the difference of the two offsets.
	candidates := []time.Time{u}
	_, off := u.Zone()
	var edges []time.Time // a moment in each neighbouring zone; a zero bound means there is none
	if !start.IsZero() {
		edges = append(edges, start.Add(-time.Second))
	}
	if !end.IsZero() {
		edges = append(edges, end)
	}
	for _, edge := range edges {
		_, other := edge.In(loc).Zone()
		if other == off {
			continue
		}
		if v := u.Add(time.Duration(off-other) * time.Second).In(loc); naive(v).Equal(want) {
			candidates = append(candidates, v)
		}
	}
	best := time.Time{}
	for _, v := range candidates {
		if !v.Before(notBefore) && (best.IsZero() || v.Before(best)) {
			best = v
		}
	}
	if best.IsZero() {
		return u // all occurrences are before notBefore; callers never ask for that
	}
	return best
}

// place is when a reminder planned for at on day goes out through the window w. A reminder the
// window carries to a later day keeps its time of day there when that is allowed, so the
// "morning of" reminder of a Saturday deadline arrives on Monday at 09:00, not at the end of
// Monday's quiet hours (08:00) or at Monday's midnight; one carried out of the quiet hours
// arrives when they end.
func (w Window) place(day Date, at TimeOfDay, loc *time.Location) time.Time {
	due := w.Next(wallAt(day, at, loc, time.Time{}), loc)
	if moved := DateOf(due, loc); moved != day {
		if same := wallAt(moved, at, loc, due); !same.Before(due) && DateOf(same, loc) == moved && w.Allows(same, loc) {
			return same
		}
	}
	return due
}

// placeBy is when a reminder planned for day, ahead of deadline, goes out: on day at `at` if it
// is a working day; else on the working day before it, so that a deadline on a weekend or a
// holiday never passes without its reminder — unless a holiday puts that day more than
// weekendSpan days back and a working day after it still comes before the deadline (a make-up
// Sunday after 春节): then on that one, so a long holiday does not bring a reminder forward by a
// week and more. Quiet hours then only delay it within the day.
func (w Window) placeBy(day, deadline Date, at TimeOfDay, loc *time.Location) time.Time {
	prev, okPrev := w.lastWorkday(day)
	next, okNext := w.nextWorkday(day)
	okNext = okNext && next.Before(deadline)
	switch {
	case okPrev && prev.DaysUntil(day) <= weekendSpan:
		return w.place(prev, at, loc)
	case okNext:
		return w.place(next, at, loc)
	case okPrev:
		return w.place(prev, at, loc)
	}
	return w.place(day, at, loc)
}

// weekendSpan is how far back a reminder on a day off may move to the working day before it:
// a weekend and a Monday off (Friday for the Monday).
const weekendSpan = 3

// nextWorkday is the first working day after day; ok is false when there is none in the
// month after.
func (w Window) nextWorkday(day Date) (Date, bool) {
	cal := w.calendar()
	for range 31 {
		day = day.AddDays(1)
		if cal.works(day) {
			return day, true
		}
	}
	return day, false
}

// orUTC lets callers pass a nil location without time.Date panicking.
func orUTC(loc *time.Location) *time.Location {
	if loc == nil {
		return time.UTC
	}
	return loc
}

// ReminderRules are the time of day reminders are planned for, and the window they must
// fall in.
type ReminderRules struct {
	At     TimeOfDay // e.g. 09:00: "the morning of"
	Window Window
}

// PlanStepReminders plans a meeting's step reminders: for each step, for each n in
// RemindDaysBefore, at rules.At on (deadline - n days); and, if RemindOverdue, once at rules.At on
// the day after the deadline (DaysBefore -1), each moved by rules.Window: by Next, except that a
// reminder carried to a later day keeps its time rules.At there when the window allows it. Keys:
// "step:<branch>:<meeting>:<kind>:<n>" and "...:o" for overdue. Days before the meeting was
// created are still planned (the caller drops those already past, see DropPast). Duplicates in
// RemindDaysBefore are planned once. Reminders come in step order, then in RemindDaysBefore
// order, the overdue one last. A nil loc is UTC.
//
// The window only ever delays. A deadline on a Saturday, with weekends off, therefore gets its
// "day of" reminder (n = 0) on Monday at rules.At (09:00, not at the end of Monday's quiet hours
// nor at its midnight), after the deadline and at the same moment as its overdue reminder
// (Sunday, moved to Monday too); the "1 day before" one still comes on Friday. Both are planned
// under their own keys, and of reminders of one step that fall due together only the latest is
// kept (see mergeSameMoment).
//
// Negative days in RemindDaysBefore are ignored (configuration refuses them anyway): after the
// deadline is the overdue reminder's business, and DaysBefore -1 must keep meaning "overdue".
// Steps without a deadline are skipped, since there is nothing to count back from.
func PlanStepReminders(m Meeting, loc *time.Location, rules ReminderRules) []Reminder {
	loc = orUTC(loc)
	var out []Reminder
	for _, s := range m.Steps {
		if s.Deadline.IsZero() {
			continue
		}
		seen := map[int]bool{}
		plan := func(days int, due time.Time, suffix string) {
			out = append(out, Reminder{
				Key:        fmt.Sprintf("step:%s:%s:%s:%s", m.BranchID, m.ID, s.Kind, suffix),
				Kind:       RemindStep,
				BranchID:   m.BranchID,
				MeetingID:  m.ID,
				Step:       s.Kind,
				DaysBefore: days,
				Due:        due,
			})
			out[len(out)-1].Planned = out[len(out)-1].Due
		}
		for _, n := range s.RemindDaysBefore {
			if n < 0 || seen[n] {
				continue
			}
			seen[n] = true
			plan(n, rules.Window.placeBy(s.Deadline.AddDays(-n), s.Deadline, rules.At, loc), fmt.Sprint(n))
		}
		if s.RemindOverdue {
			plan(overdueDays, rules.Window.place(s.Deadline.AddDays(1), rules.At, loc), "o")
		}
	}
	return mergeSameMoment(out)
}

// mergeSameMoment keeps one reminder of a step for each moment: when the window carries
// several onto the same time (a Sunday deadline's "1 day before", "day of" and overdue all on
// Monday morning), only the latest of them — the one nearest the deadline or past it — is
// sent, so nobody gets the same message three times.
func mergeSameMoment(rs []Reminder) []Reminder {
	type slot struct {
		step StepKind
		due  int64
	}
	keep := map[slot]int{}
	for i, r := range rs {
		k := slot{r.Step, r.Due.UnixMilli()}
		if j, ok := keep[k]; !ok || r.DaysBefore < rs[j].DaysBefore {
			keep[k] = i
		}
	}
	out := rs[:0:0]
	for i, r := range rs {
		if keep[slot{r.Step, r.Due.UnixMilli()}] == i {
			out = append(out, r)
		}
	}
	return out
}

// PlanDigests plans the secretary's daily digest for every day from `from` to the meeting date
// (inclusive) at time `at` (moved by the window as PlanStepReminders moves step reminders), keys
// "digest:<branch>:<meeting>:<YYYY-MM-DD>"
// where the date is the day the digest was planned for. A nil loc is UTC; from after the
// meeting date plans nothing.
//
// The issue promises one digest a day, so days that the window moves onto the same moment are
// planned once: with weekends off, Saturday's, Sunday's and Monday's digests all fall due on
// Monday, and only Monday's (the latest day, the one nearest the moment it is sent) is kept.
// Keeping the latest also keeps the key stable when the plan is remade from a later `from`
// (from Sunday, the merged digest is still Monday's), so nothing is sent twice.
func PlanDigests(m Meeting, from Date, at TimeOfDay, loc *time.Location, w Window) []Reminder {
	loc = orUTC(loc)
	var out []Reminder
	for day := from; !m.Date.Before(day); day = day.AddDays(1) {
		r := Reminder{
			Key:       fmt.Sprintf("digest:%s:%s:%s", m.BranchID, m.ID, day),
			Kind:      RemindDigest,
			BranchID:  m.BranchID,
			MeetingID: m.ID,
			Due:       w.place(day, at, loc),
		}
		r.Planned = r.Due
		if n := len(out); n > 0 && out[n-1].Due.Equal(r.Due) {
			out[n-1] = r
			continue
		}
		out = append(out, r)
	}
	return out
}

// DropPast keeps the reminders due at or after now, in their order. It returns a new slice,
// so the caller's plan is left as it was.
func DropPast(rs []Reminder, now time.Time) []Reminder {
	out := make([]Reminder, 0, len(rs))
	for _, r := range rs {
		if !r.Due.Before(now) {
			out = append(out, r)
		}
	}
	return out
}

// Leave is a member's absence; reminders to them pause from From to To inclusive.
type Leave struct {
	UserID int64 `json:"user_id"`
	From   Date  `json:"from"`
	To     Date  `json:"to"`
	SetBy  int64 `json:"set_by"` // the member themself or the secretary, for the record
	// SetAt is when it was recorded, for the secretary's digest (zero on leaves kept before).
	SetAt time.Time `json:"set_at,omitzero"`
}

// OnLeave reports whether user is on leave on day: whether any of their leaves covers it,
// both ends included. A leave whose To is before its From covers nothing.
func OnLeave(leaves []Leave, user int64, day Date) bool {
	for _, l := range leaves {
		if l.UserID == user && !day.Before(l.From) && !l.To.Before(day) {
			return true
		}
	}
	return false
}

// Late reports whether r is later than grace at now: the bot was down when it fell due.
// Lateness runs from the first moment the window w let r out, so that a reminder the weekend,
// a holiday or the quiet hours carried forward (the overdue reminder of a Friday deadline, on
// Monday) is never late for that; grace is for the bot being down. A nil loc is UTC.
func (r Reminder) Late(now time.Time, loc *time.Location, w Window, grace time.Duration) bool {
	return now.Sub(w.Next(r.PlannedAt(), loc)) > grace
}

// PlannedAt is when r was planned for (its Due for reminders made before Planned existed).
func (r Reminder) PlannedAt() time.Time {
	if r.Planned.IsZero() {
		return r.Due
	}
	return r.Planned
}

// DeliveryKey names one delivery of r: a reminder planned again for another time (a moved
// deadline) is a new delivery, while one held over by quiet hours is the same.
func (r Reminder) DeliveryKey() string {
	return fmt.Sprintf("%s@%d", r.Key, r.PlannedAt().Unix())
}
