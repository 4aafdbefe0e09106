package bot

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
	"orglife/ical"
)

// The calendar file: /schedule's button sends any member the current meeting's deadlines and
// the meeting itself as an .ics file that a phone's calendar imports, each deadline with an
// alarm the day before. Each event keeps its UID from file to file and its SEQUENCE rises
// when its day (or the meeting's time or place) moved since the last file, so importing a
// newer file moves the events instead of adding copies.

// deadlineAlarm is how long before an all-day event's start (its midnight) its alarm goes
// off: 09:00 the day before. Phones honour a start-related trigger on all-day events; one
// after the start (the morning of the day itself) some of them drop.
const deadlineAlarm = 15 * time.Hour

// meetingAlarm is how long before a meeting with a time its alarm goes off.
const meetingAlarm = time.Hour

// meetingLength is how long a meeting with a time is shown to last.
const meetingLength = 2 * time.Hour

// calendarMeeting is what a meeting's calendar is written from: the meeting, and its time and
// place when the branch gave them (a zero Start makes the meeting an all-day event).
type calendarMeeting struct {
	Meeting orglife.Meeting
	Start   time.Time
	Place   string
}

// calendarUID names one event of a meeting, the same in every file: the step's deadline, or
// the meeting itself when kind is "".
func calendarUID(m orglife.Meeting, kind orglife.StepKind) string {
	what := "meeting"
	if kind != "" {
		what = "step-" + string(kind)
	}
	return fmt.Sprintf("%s@%s.%s.orglife", what, m.ID, m.BranchID)
}

// calendarFingerprints is, per event, what a phone must be told of when it changes.
func calendarFingerprints(c calendarMeeting) map[string]string {
	m := c.Meeting
	fps := make(map[string]string, len(m.Steps)+1)
	for _, s := range m.Steps {
		if !s.Deadline.IsZero() {
			fps[calendarUID(m, s.Kind)] = s.Deadline.String()
		}
	}
	meeting := m.Date.String()
	if !c.Start.IsZero() {
		meeting += " " + c.Start.UTC().Format(time.RFC3339)
	}
	if c.Place != "" {
		meeting += " @" + c.Place
	}
	fps[calendarUID(m, "")] = meeting
	return fps
}

// meetingCalendar is the calendar of c in lang, each event at its recorded version: the
// deadlines in the order of the steps, then the meeting.
func meetingCalendar(c calendarMeeting, versions map[string]calendarVersion, lang orglife.Lang) ical.Calendar {
	m := c.Meeting
	cal := ical.Calendar{Name: m.Title}
	event := func(uid string) ical.Event {
		v := versions[uid]
		return ical.Event{UID: uid, Sequence: v.Sequence, Stamp: v.Stamp}
	}
	for _, s := range m.Steps {
		if s.Deadline.IsZero() {
			continue
		}
		e := event(calendarUID(m, s.Kind))
		who := responsibleAll
		if s.Responsible == orglife.BySecretary {
			who = responsibleSecretar
		}
		e.Summary = fmt.Sprintf(msgCalendarDeadline.In(lang), s.Kind.Name(lang), m.Title)
		e.Description = fmt.Sprintf(msgCalendarResponsible.In(lang), who.In(lang))
		e.Day, e.AlarmBefore = s.Deadline, deadlineAlarm
		cal.Events = append(cal.Events, e)
	}
	e := event(calendarUID(m, ""))
	e.Summary, e.Description, e.Location = m.Title, m.Form.Name(lang), c.Place
	e.Day, e.AlarmBefore = m.Date, deadlineAlarm
	if !c.Start.IsZero() {
		e.Start, e.Duration, e.AlarmBefore = c.Start, meetingLength, meetingAlarm
	}
	cal.Events = append(cal.Events, e)
	return cal
}

// calendarVersion is what the bot needs of an event's recorded version.
type calendarVersion struct {
	Sequence int
	Stamp    time.Time
}

// calendarKeyboard is /schedule's button that asks for the calendar file.
func calendarKeyboard(t *turn, m orglife.Meeting) (tgbotapi.InlineKeyboardMarkup, error) {
	var kb keyboard
	return kb.markup(tgbotapi.NewInlineKeyboardRow(
		kb.button(btnCalendar.In(t.lang), buttonData{Kind: kindCalendar, Branch: m.BranchID, Meeting: m.ID})))
}

func (h *Handlers) calendarButtons() map[buttonKind]buttonHandler {
	return map[buttonKind]buttonHandler{kindCalendar: h.onCalendarButton}
}

// onCalendarButton sends the meeting's calendar file to any member of its branch.
func (h *Handlers) onCalendarButton(t *turn, d buttonData) error {
	on, err := h.pressedOn(t, d)
	if err != nil {
		return err
	}
	if !on.isMember || !on.meetingFound {
		return h.stale(t.ctx, t.query, t.lang)
	}
	if err := h.answer(t.ctx, t.query.ID, ""); err != nil {
		return err
	}
	return h.sendCalendar(t, h.calendarOf(on.meeting, on.branch))
}

// calendarOf is meeting m as its calendar shows it: at its time in the branch's zone when it
// has one (else all day), at its place.
func (h *Handlers) calendarOf(m orglife.Meeting, b orglife.Branch) calendarMeeting {
	c := calendarMeeting{Meeting: m, Place: m.Place}
	if m.Time != nil && !m.Date.IsZero() {
		c.Start = m.Date.At(m.Time.Hour, m.Time.Minute, h.zoneOf(b))
	}
	return c
}

// sendCalendar records the versions of c's events and sends c as an .ics file.
func (h *Handlers) sendCalendar(t *turn, c calendarMeeting) error {
	m := c.Meeting
	recorded, err := h.records.CalendarEvents(t.ctx, m.BranchID, m.ID, h.opts.Clock.Now(), calendarFingerprints(c))
	if err != nil {
		return err
	}
	versions := make(map[string]calendarVersion, len(recorded))
	for uid, e := range recorded {
		versions[uid] = calendarVersion{Sequence: e.Sequence, Stamp: e.Stamp}
	}
	var buf bytes.Buffer
	if err := ical.Write(&buf, meetingCalendar(c, versions, t.lang)); err != nil {
		return fmt.Errorf("calendar of meeting %s: %w", m.ID, err)
	}
	name := strings.NewReplacer("/", "-", "\\", "-").Replace(m.Title) + ".ics"
	file := tgbotapi.NewDocument(t.chatID, tgbotapi.FileBytes{Name: name, Bytes: buf.Bytes()})
	file.Caption = fmt.Sprintf(msgCalendarCaption.In(t.lang), quote(m.Title))
	file.ParseMode = tgbotapi.ModeHTML
	_, err = h.out.Send(t.ctx, file)
	return err
}
