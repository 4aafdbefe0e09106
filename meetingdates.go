package orglife

// Step deadlines against the calendar: which deadlines of a meeting being set up are already
// past or fall on a day off, and the two ways of laying them out again — spread between today
// and the meeting (「按今天重新推算」), or shifted with a moved meeting.

// DeadlineProblem is a step deadline that /newmeeting warns about before creating.
type DeadlineProblem struct {
	Kind     StepKind
	Deadline Date
	Past     bool // before today; otherwise it falls on a non-working day
}

// DeadlineProblems lists, in step order, the steps whose deadline is before today or on a day
// works says is not a working day. Steps without a deadline have nothing to warn about.
func DeadlineProblems(steps []Step, today Date, works func(Date) bool) []DeadlineProblem {
	var out []DeadlineProblem
	for _, s := range steps {
		switch {
		case s.Deadline.IsZero():
		case s.Deadline.Before(today):
			out = append(out, DeadlineProblem{Kind: s.Kind, Deadline: s.Deadline, Past: true})
		case !works(s.Deadline):
			out = append(out, DeadlineProblem{Kind: s.Kind, Deadline: s.Deadline})
		}
	}
	return out
}

// RespreadSteps lays the steps out again from today: in their order, spaced evenly between
// today and the day before the meeting (the meeting day itself when it is today), the last
// one on that day, and each moved to the nearest working day on or before its place that is
// not before today — or, when there is none, to the first working day after it that is still
// before the meeting. A day with no working day in reach keeps its place: a deadline must
// exist even in a window that hardly opens. The order of the steps never changes (moving to
// working days keeps it), though two steps may share a day when there are more steps than
// days. Steps without a deadline are left as they are; so is everything when the meeting is
// already past. The caller's slice is not changed.
func RespreadSteps(steps []Step, today, meetingDate Date, works func(Date) bool) []Step {
	out := append([]Step(nil), steps...)
	if meetingDate.Before(today) {
		return out
	}
	last := meetingDate
	if today.Before(meetingDate) {
		last = meetingDate.AddDays(-1)
	}
	span := today.DaysUntil(last)
	var dated []int
	for i, s := range out {
		if !s.Deadline.IsZero() {
			dated = append(dated, i)
		}
	}
	for n, i := range dated {
		slot := today.AddDays((n + 1) * span / len(dated))
		out[i].Deadline = workdayNear(slot, today, last, works)
	}
	return out
}

// workdayNear is the working day on or before day and not before floor; else the first
// working day after day and not after ceiling; else day itself.
func workdayNear(day, floor, ceiling Date, works func(Date) bool) Date {
	for d := day; !d.Before(floor); d = d.AddDays(-1) {
		if works(d) {
			return d
		}
	}
	for d := day.AddDays(1); !ceiling.Before(d); d = d.AddDays(1) {
		if works(d) {
			return d
		}
	}
	return day
}

// ShiftSteps moves every step deadline by days (the meeting moved by as many), each then to
// the working day on or before it when it lands on a day off, so that a deadline keeps its
// distance to the meeting at most shortened by the days off. A deadline with no working day
// in the month before keeps its shifted day. Steps without a deadline are left as they are;
// the caller's slice is not changed.
func ShiftSteps(steps []Step, days int, works func(Date) bool) []Step {
	out := append([]Step(nil), steps...)
	for i, s := range out {
		if s.Deadline.IsZero() {
			continue
		}
		moved := s.Deadline.AddDays(days)
		out[i].Deadline = workdayNear(moved, moved.AddDays(-31), moved.AddDays(-1), works)
	}
	return out
}
