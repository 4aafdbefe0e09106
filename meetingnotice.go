package orglife

import (
	"fmt"
	"time"
)

// The meeting's own notices: the day before it and on its morning every member is told when
// and where it is held; and when a step deadline changes, the people the step concerns are
// told the new date.

// The kinds of the meeting's notices.
const (
	// RemindMeetingDay tells every member the meeting is tomorrow (DaysBefore 1) or today (0).
	RemindMeetingDay ReminderKind = "meeting_day"
	// RemindDeadlineMoved tells those a step concerns that its deadline changed.
	RemindDeadlineMoved ReminderKind = "deadline_moved"
)

// meetingLead is how long before the meeting's time its morning notice comes at the latest.
const meetingLead = time.Hour

// PlanMeetingNotices plans the notices of the meeting day: the day before it at rules.At,
// moved to the working day before like a deadline's reminder (a Monday meeting is told on
// Friday), and on the meeting day itself at rules.At — whatever day it is, since the meeting
// is held then — or an hour before the meeting's time when that is earlier; quiet hours still
// hold either back. Keys "meeting:<branch>:<meeting>:1" and "...:0", so that re-planning a
// moved meeting moves them. Notices that would come before the meeting was created are not
// planned (the announcement tells all there is). A meeting without a date has none.
func PlanMeetingNotices(m Meeting, loc *time.Location, rules ReminderRules) []Reminder {
	loc = orUTC(loc)
	if m.Date.IsZero() {
		return nil
	}
	quietOnly := Window{QuietFrom: rules.Window.QuietFrom, QuietTo: rules.Window.QuietTo}
	morning := rules.At
	if m.Time != nil && m.Time.minutes()-int(meetingLead.Minutes()) < morning.minutes() {
		early := max(m.Time.minutes()-int(meetingLead.Minutes()), 0)
		morning = TimeOfDay{early / 60, early % 60}
	}
	var out []Reminder
	for _, n := range []struct {
		days int
		due  time.Time
	}{
		{1, rules.Window.placeBy(m.Date.AddDays(-1), m.Date, rules.At, loc)},
		{0, quietOnly.place(m.Date, morning, loc)},
	} {
		if !m.CreatedAt.IsZero() && n.due.Before(m.CreatedAt) {
			continue
		}
		out = append(out, Reminder{Key: fmt.Sprintf("meeting:%s:%s:%d", m.BranchID, m.ID, n.days),
			Kind: RemindMeetingDay, BranchID: m.BranchID, MeetingID: m.ID, DaysBefore: n.days,
			Due: n.due, Planned: n.due})
	}
	return out
}

// DeadlineMovedNotice is the notice that step's deadline of meeting m changed to deadline,
// asked for at now by the user from (who needs no notice). It is due at once when the new
// deadline is within a day (today, tomorrow, or already past), else at the next reminder time
// (rules.At on a working day, today's if still to come) unless that is not before the
// deadline, when it is due at once too. The key names the meeting and the step alone: a later
// change replaces a notice not yet sent, so only the latest date is told. An empty step is
// the notice of several steps moved at once (the meeting moved with its steps), told in one
// message; deadline is then the earliest of them.
func DeadlineMovedNotice(m Meeting, step StepKind, deadline Date, from int64, now time.Time, loc *time.Location, rules ReminderRules) Reminder {
	loc = orUTC(loc)
	today := DateOf(now, loc)
	due := now
	if today.DaysUntil(deadline) > 1 {
		next := rules.Window.place(today, rules.At, loc)
		if next.Before(now) {
			next = rules.Window.place(today.AddDays(1), rules.At, loc)
		}
		if DateOf(next, loc).Before(deadline) {
			due = next
		}
	}
	name := string(step)
	if step == "" {
		name = "steps"
	}
	return Reminder{Key: fmt.Sprintf("moved:%s:%s:%s", m.BranchID, m.ID, name), Kind: RemindDeadlineMoved,
		BranchID: m.BranchID, MeetingID: m.ID, Step: step, From: from, Zone: loc.String(), Due: due, Planned: due}
}

// WindowFor is the window r goes out in: w, except that the meeting-day notices keep only its
// quiet hours, since the meeting is held whatever the day (a Saturday meeting's morning notice
// must not wait for Monday).
func WindowFor(r Reminder, w Window) Window {
	if r.Kind == RemindMeetingDay {
		return Window{QuietFrom: w.QuietFrom, QuietTo: w.QuietTo}
	}
	return w
}
