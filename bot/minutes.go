package bot

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"orglife"
)

// The record of the meeting itself (会议记录): date, attendance, the guiding leader and
// notes on the four agenda items. Only the secretary keeps it; recording again replaces it.

const flowMinutes = "minutes"

func (h *Handlers) minutesCommands() []Command {
	return []Command{
		{Name: "minutes", Desc: descMinutes, Role: orglife.RoleSecretary, run: h.minutes},
	}
}

func (h *Handlers) minutesFlows() []*flow {
	qs := []question{
		{key: "date", typed: true, date: true, check: h.pastDay, options: h.minutesTodayOption, ask: h.askMinutesDate},
		{key: "attending", multi: true, options: h.attendanceOptions, ask: h.askAttendance},
		{key: "leader", typed: true, optional: true, check: lengthCheck(2, 40, msgBadLeaderName),
			ask: func(t *turn, _ answers) string { return msgAskLeaderName.In(t.lang) }},
		{key: "comments", typed: true, optional: true,
			when: func(_ *turn, a answers) bool { return answersAs[minutesAnswers](a).Leader != "" },
			ask: func(t *turn, a answers) string {
				return fmt.Sprintf(msgAskLeaderSpeech.In(t.lang), quote(answersAs[minutesAnswers](a).Leader))
			}},
	}
	for i, item := range minutesAgenda {
		qs = append(qs, question{key: "agenda" + strconv.Itoa(i+1), typed: true, optional: true,
			ask: func(t *turn, _ answers) string {
				return fmt.Sprintf(msgAskAgendaNotes.In(t.lang), i+1, item.In(t.lang))
			}})
	}
	minutes := &flow{name: flowMinutes, need: orglife.RoleSecretary, questions: qs, finish: h.saveMinutes,
		answers: reflect.TypeFor[minutesAnswers](),
		preset:  []string{"meeting", "replacing", "replacing_date", "replacing_count"}}
	return append([]*flow{minutes}, h.materialFlows()...)
}

// minutesAnswers are /minutes' answers: the meeting and the minutes it replaces, if any
// (preset), then the record, one answer per agenda item (minutesAgenda).
type minutesAnswers struct {
	Meeting        string       `answer:"meeting"`
	ReplacingDate  orglife.Date `answer:"replacing_date"`
	ReplacingCount int          `answer:"replacing_count"`
	// ReplacingOld is "<date>,<count>" in a session saved before the two answers above.
	ReplacingOld string       `answer:"replacing"`
	Date         orglife.Date `answer:"date"`
	Attending    []string     `answer:"attending"`
	Leader       string       `answer:"leader"`
	Comments     string       `answer:"comments"`
	Agenda1      string       `answer:"agenda1"`
	Agenda2      string       `answer:"agenda2"`
	Agenda3      string       `answer:"agenda3"`
	Agenda4      string       `answer:"agenda4"`
}

// agenda is the notes on the agenda items, in order.
func (x minutesAnswers) agenda() [len(minutesAgenda)]string {
	return [...]string{x.Agenda1, x.Agenda2, x.Agenda3, x.Agenda4}
}

// minutes starts recording the current meeting; the meeting's id rides along, so the
// record lands on the meeting the secretary started with.
func (h *Handlers) minutes(t *turn) error {
	m, ok, err := h.currentMeeting(t)
	if err != nil || !ok {
		return err
	}
	preset := answers{"meeting": m.ID}
	old, recorded, err := h.records.Minutes(t.ctx, t.branch.ID, m.ID)
	if err != nil {
		return err
	}
	if recorded {
		preset[keyReplacingDate] = old.Date.String()
		_, present := old.Attendance()
		preset[keyReplacingCount] = strconv.Itoa(present)
	}
	return h.startFlow(t, h.flows[flowMinutes], t.branch.ID, preset)
}

// The keys of the minutes a run of /minutes replaces: their date and attendance.
const (
	keyReplacingDate  = "replacing_date"
	keyReplacingCount = "replacing_count"
	// keyReplacingOld is where a session saved before these keys has "<date>,<count>".
	keyReplacingOld = "replacing"
)

// replacedMinutes says what minutes the flow replaces, if any: their date and how many
// attended. It reads sessions saved in the old packed form too.
func replacedMinutes(a answers) (date orglife.Date, attending int, ok bool) {
	x := answersAs[minutesAnswers](a)
	if x.ReplacingDate.IsZero() && x.ReplacingOld != "" {
		d, n, _ := strings.Cut(x.ReplacingOld, ",")
		x = answersAs[minutesAnswers](answers{keyReplacingDate: d, keyReplacingCount: n})
	}
	if x.ReplacingDate.IsZero() {
		return date, 0, false
	}
	return x.ReplacingDate, x.ReplacingCount, true
}

func (h *Handlers) askMinutesDate(t *turn, a answers) string {
	var prefix string
	if d, count, ok := replacedMinutes(a); ok {
		prefix = fmt.Sprintf(msgMinutesReplace.In(t.lang), d.In(t.lang), count)
	}
	return prefix + msgAskMinutesDate.In(t.lang)
}

// minutesTodayOption is the 今天 button of the date question.
func (h *Handlers) minutesTodayOption(t *turn, _ answers) ([]option, error) {
	return []option{{btnToday.In(t.lang), h.today(t).String()}}, nil
}

// attendanceOptions are the branch's members as they are now, valued by user id.
func (h *Handlers) attendanceOptions(t *turn, _ answers) ([]option, error) {
	members, err := h.records.Members(t.ctx, t.sess.Branch)
	if err != nil {
		return nil, err
	}
	opts := make([]option, 0, len(members))
	for _, m := range members {
		opts = append(opts, option{label: m.Name, value: strconv.FormatInt(m.UserID, 10)})
	}
	return opts, nil
}

func (h *Handlers) askAttendance(t *turn, a answers) string {
	members, err := h.records.Members(t.ctx, t.sess.Branch)
	if err != nil {
		h.log.Warn("attendance prompt", "branch", t.sess.Branch, "error", err)
	}
	attending, _ := splitAttendance(members, answersAs[minutesAnswers](a).Attending)
	return fmt.Sprintf(msgAskAttendance.In(t.lang), len(members), len(attending))
}

// splitAttendance sorts the members, in member order, into those ticked as attending and
// the others; ticked ids that are no longer members are dropped.
func splitAttendance(members []orglife.Member, ticked []string) (attending, absent []orglife.Member) {
	set := map[string]bool{}
	for _, v := range ticked {
		set[v] = true
	}
	for _, m := range members {
		if set[strconv.FormatInt(m.UserID, 10)] {
			attending = append(attending, m)
		} else {
			absent = append(absent, m)
		}
	}
	return attending, absent
}

func (h *Handlers) saveMinutes(t *turn, a answers) error {
	// The role is checked again: the secretary may have handed over mid-dialog.
	me, isMember, err := h.records.Member(t.ctx, t.sess.Branch, t.userID)
	if err != nil {
		return err
	}
	if !isMember || me.Role != orglife.RoleSecretary {
		return h.conclude(t, fmt.Sprintf(msgRoleNeeded.In(t.lang), roleNames[orglife.RoleSecretary].In(t.lang)))
	}
	x := answersAs[minutesAnswers](a)
	m, err := h.records.Meeting(t.ctx, t.sess.Branch, x.Meeting)
	if errors.Is(err, orglife.ErrNotFound) {
		return h.conclude(t, msgMinutesChanged.In(t.lang))
	}
	if err != nil {
		return err
	}
	members, err := h.records.Members(t.ctx, m.BranchID)
	if err != nil {
		return err
	}
	attending, absent := splitAttendance(members, x.Attending)
	if x.Date.IsZero() {
		return errors.New("minutes: no date answered")
	}
	rec := orglife.Minutes{
		Date:           x.Date,
		Attending:      minutesIDs(attending),
		Absent:         minutesIDs(absent),
		Expected:       len(members),
		Present:        len(attending),
		LeaderName:     x.Leader,
		LeaderComments: x.Comments,
		Agenda:         x.agenda(),
		RecordedAt:     h.opts.Clock.Now(),
	}
	if rec.LeaderName == "" {
		rec.LeaderComments = ""
	}
	written := 0
	for _, notes := range rec.Agenda {
		if notes != "" {
			written++
		}
	}
	err = h.records.SaveMinutes(t.ctx, m.BranchID, m.ID, rec)
	if errors.Is(err, orglife.ErrNotFound) {
		return h.conclude(t, msgMinutesChanged.In(t.lang))
	}
	if err != nil {
		return err
	}
	absentNames := minutesNames(absent, t.lang)
	if absentNames == "" {
		absentNames = msgMinutesNobody.In(t.lang)
	}
	leader := msgMinutesNotGiven.In(t.lang)
	if rec.LeaderName != "" {
		leader = quote(rec.LeaderName)
	}
	summary := func(absentText string) string {
		return fmt.Sprintf(msgMinutesSaved.In(t.lang), rec.Date.In(t.lang), len(members), len(attending),
			absentText, leader, written)
	}
	text := summary(absentNames)
	if utf16Len(text) > messageLimit { // a very large branch: the count, not every name
		text = summary(fmt.Sprintf(msgMinutesAbsentCount.In(t.lang), len(absent)))
	}
	return h.conclude(t, text)
}

func minutesIDs(members []orglife.Member) []int64 {
	ids := make([]int64, 0, len(members))
	for _, m := range members {
		ids = append(ids, m.UserID)
	}
	return ids
}

// minutesNames lists members' names, escaped for HTML, joined as the language lists them.
func minutesNames(members []orglife.Member, lang orglife.Lang) string {
	names := make([]string, 0, len(members))
	for _, m := range members {
		names = append(names, quote(m.Name))
	}
	return strings.Join(names, minutesSep.In(lang))
}
