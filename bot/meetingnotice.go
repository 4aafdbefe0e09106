package bot

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"orglife"
)

// The meeting's time and place, asked at /newmeeting (and /meetinginfo) in one skippable
// question; the warning about step deadlines already past or on days off before a meeting is
// created; and the notices the scheduler sends about the meeting: the day before it, on its
// morning, and when a step deadline changes.

// maxPlace bounds the meeting's place, a room or an address.
const maxPlace = 60

// Values of /newmeeting's deadline question and /deadline's question of moving the steps.
const (
	respreadNow   = "respread"
	keepDeadlines = "keep"
	shiftSteps    = "shift"
)

// whenWhereQuestion asks the meeting's time and place in one line, either alone, skippable.
func whenWhereQuestion(ask func(*turn, answers) string) question {
	return question{key: "when", typed: true, optional: true, check: whenWhereCheck, ask: ask}
}

// whenWhereCheck reads "14:30 三楼会议室", "14:30" or "三楼会议室" and keeps it tidied.
func whenWhereCheck(t *turn, _ answers, text string) (string, string) {
	at, place, ok := parseWhenWhere(text)
	if !ok {
		return "", msgBadWhenWhere.In(t.lang)
	}
	return joinWhenWhere(at, place), ""
}

// parseWhenWhere splits a typed time and place: a leading time of day (H:MM, full-width
// colons too) is the time, the rest the place. A leading number with a colon that is not a
// valid time (25:00) is refused rather than taken for a place.
func parseWhenWhere(text string) (*orglife.TimeOfDay, string, bool) {
	rest := strings.Join(strings.Fields(text), " ")
	var at *orglife.TimeOfDay
	// The time is read with full-width forms folded; the place is kept as typed.
	if clock := leadingClock.FindString(orglife.FoldWidth(rest)); clock != "" {
		c, err := orglife.ParseClock(clock)
		if err != nil {
			return nil, "", false
		}
		at, rest = &c, string([]rune(rest)[utf8.RuneCountInString(clock):])
	}
	place := strings.Trim(rest, ",，、;；。 ")
	if utf8.RuneCountInString(place) > maxPlace || (at == nil && place == "") {
		return nil, "", false
	}
	return at, place, true
}

// leadingClock is a time of day at the start of a line, valid or not.
var leadingClock = regexp.MustCompile(`^\d+:\d+`)

// joinWhenWhere is the kept form of a time and place, which parseWhenWhere reads back.
func joinWhenWhere(at *orglife.TimeOfDay, place string) string {
	if at == nil {
		return place
	}
	return strings.TrimSpace(at.String() + " " + place)
}

// whenWhereNow is a meeting's time and place as /meetinginfo shows them.
func whenWhereNow(m orglife.Meeting) string { return joinWhenWhere(m.Time, m.Place) }

// setWhenWhere keeps a time and place answered; a skipped question ("") keeps what m had.
func setWhenWhere(m *orglife.Meeting, answer string) {
	if answer == "" {
		return
	}
	if at, place, ok := parseWhenWhere(answer); ok {
		m.Time, m.Place = at, place
	}
}

// whenWhereLine is 「时间：2026年12月23日 14:30，地点：三楼会议室」, with what is known of the two;
// "" when neither is.
func whenWhereLine(m orglife.Meeting, lang orglife.Lang) string {
	var parts []string
	if m.Time != nil {
		parts = append(parts, fmt.Sprintf(msgWhenWhereTime.In(lang), m.Date.In(lang), m.Time))
	}
	if m.Place != "" {
		parts = append(parts, fmt.Sprintf(msgWhenWherePlace.In(lang), quote(m.Place)))
	}
	return strings.Join(parts, msgWhenWhereSep.In(lang))
}

// plannedSteps are the steps a meeting on day would get from the configured template.
func (h *Handlers) plannedSteps(day orglife.Date) []orglife.Step {
	return orglife.NewSteps(day, h.opts.Steps)
}

// worksOn is the calendar of working days of the branch a turn is about: the deployment's,
// with the branch's own days off and working days.
func (h *Handlers) worksOn(t *turn) func(orglife.Date) bool {
	w := h.opts.Remind.Rules.Window
	if b, ok := h.turnBranch(t); ok {
		w = h.rulesOf(b).Window
	}
	return w.Works
}

// deadlineProblems are the steps of a meeting on day whose deadlines are past or on days off.
func (h *Handlers) deadlineProblems(t *turn, day orglife.Date) []orglife.DeadlineProblem {
	if day.IsZero() {
		return nil
	}
	return orglife.DeadlineProblems(h.plannedSteps(day), h.today(t), h.worksOn(t))
}

// respreadQuestion warns, before the meeting is created, of deadlines past or on days off,
// and offers to lay the steps out again from today or keep them; asked only then.
func (h *Handlers) respreadQuestion() question {
	return question{key: "respread",
		when: func(t *turn, a answers) bool {
			return len(h.deadlineProblems(t, answersAs[newMeetingAnswers](a).Date)) > 0
		},
		options: func(t *turn, _ answers) ([]option, error) {
			return []option{{btnRespread.In(t.lang), respreadNow}, {btnKeepDeadlines.In(t.lang), keepDeadlines}}, nil
		},
		ask: func(t *turn, a answers) string {
			var lines []string
			for _, p := range h.deadlineProblems(t, answersAs[newMeetingAnswers](a).Date) {
				line := msgRespreadDayOff
				if p.Past {
					line = msgRespreadPast
				}
				lines = append(lines, fmt.Sprintf(line.In(t.lang), p.Kind.Name(t.lang), p.Deadline.In(t.lang)))
			}
			return fmt.Sprintf(msgAskRespread.In(t.lang), strings.Join(lines, "\n"))
		}}
}

// newMeetingSteps are the steps of the meeting being created: the template's, laid out again
// from today when the secretary chose so.
func (h *Handlers) newMeetingSteps(t *turn, x newMeetingAnswers) []orglife.Step {
	steps := h.plannedSteps(x.Date)
	if x.Respread == respreadNow {
		steps = orglife.RespreadSteps(steps, h.today(t), x.Date, h.worksOn(t))
	}
	return steps
}

// shiftQuestion offers, when /deadline moves the meeting, to move the step deadlines with it.
func (h *Handlers) shiftQuestion() question {
	return question{key: "shift",
		when: func(t *turn, a answers) bool {
			x := answersAs[deadlineAnswers](a)
			m, err := h.meetingOf(t)
			return x.Step == meetingDateValue && err == nil && !x.Date.IsZero() && x.Date != m.Date && len(m.Steps) > 0
		},
		options: func(t *turn, _ answers) ([]option, error) {
			return []option{{btnShiftSteps.In(t.lang), shiftSteps}, {btnKeepDeadlines.In(t.lang), keepDeadlines}}, nil
		},
		ask: func(t *turn, a answers) string {
			x := answersAs[deadlineAnswers](a)
			m, err := h.meetingOf(t)
			if err != nil {
				h.log.Warn("shift prompt", "branch", t.sess.Branch, "error", err)
			}
			return fmt.Sprintf(msgAskShiftSteps.In(t.lang), x.Date.In(t.lang), m.Date.DaysUntil(x.Date))
		}}
}

// tellMovedDeadlines queues a notice of the step deadlines that differ between before and
// after to the people they concern (see DeadlineMovedNotice for when it is due): one per step
// when one moved, one for all of them when several moved together, so that moving the
// meeting with its steps is one message, not one a step.
func (h *Handlers) tellMovedDeadlines(ctx context.Context, before, after orglife.Meeting, from int64) error {
	b, err := h.records.Branch(ctx, after.BranchID)
	if err != nil {
		return err
	}
	var moved []orglife.Step
	for _, s := range after.Steps {
		if old, ok := before.Step(s.Kind); ok && old.Deadline != s.Deadline && !s.Deadline.IsZero() {
			moved = append(moved, s)
		}
	}
	if len(moved) == 0 {
		return nil
	}
	step, earliest := moved[0].Kind, moved[0].Deadline
	if len(moved) > 1 {
		step = ""
		for _, s := range moved {
			if s.Deadline.Before(earliest) {
				earliest = s.Deadline
			}
		}
	}
	r := orglife.DeadlineMovedNotice(after, step, earliest, from, h.opts.Clock.Now(), h.zoneOf(b), h.rulesOf(b))
	if err := h.reminders.Add(ctx, r); err != nil {
		return fmt.Errorf("tell the moved deadlines of meeting %s: %w", after.ID, err)
	}
	if h.opts.KickReminders != nil {
		h.opts.KickReminders()
	}
	return nil
}

// openSteps are the steps a moved-deadline notice is about: its own, or for a notice of
// several steps each step whose deadline has not passed on today.
func openSteps(m orglife.Meeting, r orglife.Reminder, today orglife.Date) []orglife.Step {
	var out []orglife.Step
	for _, s := range m.Steps {
		if (r.Step == "" || s.Kind == r.Step) && !s.Deadline.IsZero() && s.Open(today) {
			out = append(out, s)
		}
	}
	return out
}

// behindOn are the steps among steps that user has not done.
func (h *Handlers) behindOn(ctx context.Context, m orglife.Meeting, steps []orglife.Step, user int64) ([]orglife.Step, error) {
	var out []orglife.Step
	for _, s := range steps {
		behind, err := h.behind(ctx, m, s.Kind)
		if err != nil {
			return nil, err
		}
		if slices.Contains(behind, user) {
			out = append(out, s)
		}
	}
	return out, nil
}

// movedAudience is who a moved deadline concerns: those behind on the step (on any step
// still open, for a notice of several), but the one who moved it; nobody once the deadlines
// have passed.
func (h *Handlers) movedAudience(ctx context.Context, b orglife.Branch, m orglife.Meeting, r orglife.Reminder, now time.Time) ([]int64, bool, error) {
	steps := openSteps(m, r, orglife.DateOf(now, h.zoneOf(b)))
	if len(steps) == 0 {
		return nil, false, nil
	}
	var users []int64
	for _, s := range steps {
		behind, err := h.behind(ctx, m, s.Kind)
		if err != nil {
			return nil, false, err
		}
		for _, u := range behind {
			if u != r.From && !slices.Contains(users, u) {
				users = append(users, u)
			}
		}
	}
	users, err := h.notOnLeave(ctx, b, users, now)
	return users, true, err
}

// sendDeadlineMoved tells one person of a changed deadline on its own (see movedParts).
func (h *Handlers) sendDeadlineMoved(ctx context.Context, m orglife.Meeting, r orglife.Reminder, user int64, lang orglife.Lang) error {
	parts, err := h.movedParts(ctx, m, r, user, lang)
	if err != nil {
		return err
	}
	return h.sendParts(ctx, user, lang, parts)
}

// movedParts is a changed deadline as part of a person's message: a step's deadline now (the
// latest, whatever it was when the notice was queued), with the step's button; a notice of
// several steps lists the open ones the person has not done, with a button each. Nothing when
// the person has none of them left to do.
func (h *Handlers) movedParts(ctx context.Context, m orglife.Meeting, r orglife.Reminder, user int64, lang orglife.Lang) ([]reminderPart, error) {
	loc, err := h.branchZone(ctx, m.BranchID)
	if err != nil {
		return nil, err
	}
	steps, err := h.behindOn(ctx, m, openSteps(m, r, orglife.DateOf(h.opts.Clock.Now(), loc)), user)
	if err != nil || len(steps) == 0 {
		return nil, err
	}
	part := reminderPart{weight: weightMoved, due: steps[0].Deadline}
	for _, s := range steps {
		base := orglife.Reminder{Kind: orglife.RemindStep, BranchID: m.BranchID, MeetingID: m.ID, Step: s.Kind}
		part.about = append(part.about, "step:"+string(s.Kind))
		part.acts = append(part.acts, partAct{label: s.Kind.Name(lang), name: s.Kind.Name(lang), cmd: stepCommand[s.Kind],
			branch: m.BranchID, meeting: m.ID, snooze: &base, deadline: s.Deadline})
		if s.Deadline.Before(part.due) {
			part.due = s.Deadline
		}
	}
	if r.Step != "" {
		s := steps[0]
		part.text = fmt.Sprintf(msgDeadlineMoved.In(lang), s.Kind.Name(lang), quote(m.Title), s.Deadline.In(lang))
		part.acts[0].label = btnFillNow.In(lang)
		return []reminderPart{part}, nil
	}
	lines := []string{fmt.Sprintf(msgDeadlinesMoved.In(lang), quote(m.Title), m.Date.In(lang))}
	for _, s := range steps {
		lines = append(lines, fmt.Sprintf(msgAnnounceStep.In(lang), s.Kind.Name(lang), s.Deadline.In(lang)))
	}
	part.text = strings.Join(lines, "\n")
	return []reminderPart{part}, nil
}

// meetingDayAudience is every member not on leave, while the meeting is ahead or today and
// the notice not later than the grace (a notice the bot was down for is no news after it).
func (h *Handlers) meetingDayAudience(ctx context.Context, b orglife.Branch, m orglife.Meeting, r orglife.Reminder, now time.Time) ([]int64, bool, error) {
	loc := h.zoneOf(b)
	if m.Date.Before(orglife.DateOf(now, loc)) || r.Late(now, loc, orglife.Window{}, h.opts.Remind.Grace) {
		return nil, false, nil
	}
	members, err := h.records.Members(ctx, b.ID)
	if err != nil {
		return nil, false, err
	}
	users := make([]int64, 0, len(members))
	for _, mem := range members {
		users = append(users, mem.UserID)
	}
	users, err = h.notOnLeave(ctx, b, users, now)
	return users, true, err
}

// sendMeetingDay tells one member the meeting is tomorrow or today, with its time and place.
func (h *Handlers) sendMeetingDay(ctx context.Context, m orglife.Meeting, user int64, lang orglife.Lang) error {
	part, err := h.meetingDayPart(ctx, m, lang)
	if err != nil {
		return err
	}
	return h.sendParts(ctx, user, lang, []reminderPart{part})
}

// meetingDayPart is the meeting-day notice as one part of a person's message.
func (h *Handlers) meetingDayPart(ctx context.Context, m orglife.Meeting, lang orglife.Lang) (reminderPart, error) {
	loc, err := h.branchZone(ctx, m.BranchID)
	if err != nil {
		return reminderPart{}, err
	}
	head := msgMeetingSoon
	switch orglife.DateOf(h.opts.Clock.Now(), loc).DaysUntil(m.Date) {
	case 0:
		head = msgMeetingToday
	case 1:
		head = msgMeetingTomorrow
	}
	where := whenWhereLine(m, lang)
	if where == "" {
		where = msgMeetingNoWhere.In(lang)
	}
	text := fmt.Sprintf(head.In(lang), quote(m.Title), m.Date.In(lang)) + "\n" + where + "\n" + msgMeetingAttend.In(lang)
	return reminderPart{text: text, due: m.Date, about: []string{"meeting"}}, nil
}
