package bot

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

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
		// Everyone is ticked to begin with (see minutes): the secretary unticks the absent.
		{key: "attending", multi: true, options: h.attendanceOptions, ask: h.askAttendance, doneLabel: h.attendanceDone},
		// Then the reason of each absentee in turn, by a button or typed.
		{key: keyAbsence, typed: true, repeat: true, when: h.reasonOwed, options: h.absenceOptions,
			check: h.absenceCheck, split: keepAbsence, ask: h.askAbsence},
		{key: "leader", typed: true, optional: true, check: lengthCheck(2, 40, msgBadLeaderName),
			ask: func(t *turn, _ answers) string { return msgAskLeaderName.In(t.lang) }},
		// The leader's comments are the third agenda item: asked here, once, not again below.
		{key: "comments", typed: true, optional: true,
			when: func(_ *turn, a answers) bool { return answersAs[minutesAnswers](a).Leader != "" },
			ask: func(t *turn, a answers) string {
				return fmt.Sprintf(msgAskLeaderSpeech.In(t.lang), quote(answersAs[minutesAnswers](a).Leader))
			}},
	}
	for i, item := range minutesAgenda {
		if i == leaderAgendaItem {
			continue
		}
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

// leaderAgendaItem is the index in minutesAgenda of the guiding leader's comments, which the
// comments question records.
const leaderAgendaItem = 2

// keyAbsence keeps the absentees' reasons (absenceReasons).
const keyAbsence = "absence"

// minutesAnswers are /minutes' answers: the meeting and the minutes it replaces, if any
// (preset), then the record, one answer per agenda item (minutesAgenda) but the leader's,
// which is Comments.
type minutesAnswers struct {
	Meeting        string       `answer:"meeting"`
	ReplacingDate  orglife.Date `answer:"replacing_date"`
	ReplacingCount int          `answer:"replacing_count"`
	// ReplacingOld is "<date>,<count>" in a session saved before the two answers above.
	ReplacingOld string         `answer:"replacing"`
	Date         orglife.Date   `answer:"date"`
	Attending    []string       `answer:"attending"`
	Absence      absenceReasons `answer:"absence"`
	Leader       string         `answer:"leader"`
	Comments     string         `answer:"comments"`
	Agenda1      string         `answer:"agenda1"`
	Agenda2      string         `answer:"agenda2"`
	Agenda4      string         `answer:"agenda4"`
}

// agenda is the notes on the agenda items, in order.
func (x minutesAnswers) agenda() [len(minutesAgenda)]string {
	return [...]string{x.Agenda1, x.Agenda2, "", x.Agenda4}
}

// minutes starts recording the current meeting, every member ticked as present; the
// meeting's id rides along, so the record lands on the meeting the secretary started with.
func (h *Handlers) minutes(t *turn) error {
	m, ok, err := h.currentMeeting(t)
	if err != nil || !ok {
		return err
	}
	members, err := h.records.Members(t.ctx, t.branch.ID)
	if err != nil {
		return err
	}
	ids := make([]string, 0, len(members))
	for _, mb := range members {
		ids = append(ids, strconv.FormatInt(mb.UserID, 10))
	}
	// Most attend: everyone starts ticked, and the secretary unticks the few who did not.
	preset := answers{"meeting": m.ID, "attending": strings.Join(ids, ",")}
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
	attending, absent := splitAttendance(members, answersAs[minutesAnswers](a).Attending)
	if len(absent) == 0 {
		return fmt.Sprintf(msgAskAttendanceAll.In(t.lang), len(members))
	}
	return fmt.Sprintf(msgAskAttendance.In(t.lang), len(members), len(attending), len(absent))
}

// attendanceDone is the label of the button that takes the attendance as ticked: 全部到会
// while every member is ticked, else 确定.
func (h *Handlers) attendanceDone(t *turn, a answers) string {
	members, err := h.records.Members(t.ctx, t.sess.Branch)
	if err != nil {
		h.log.Warn("attendance button", "branch", t.sess.Branch, "error", err)
	}
	if _, absent := splitAttendance(members, answersAs[minutesAnswers](a).Attending); len(absent) > 0 {
		return btnAttendanceOK.In(t.lang)
	}
	return btnAllPresent.In(t.lang)
}

// absenceReasons are the reasons given so far for absentees, by user id ("" when skipped).
// They are kept as one answer, JSON, which reads itself back (answersAs).
type absenceReasons map[string]string

// UnmarshalText reads the reasons as keepAbsence wrote them.
func (r *absenceReasons) UnmarshalText(b []byte) error {
	if err := json.Unmarshal(b, (*map[string]string)(r)); err != nil {
		return fmt.Errorf("absence reasons: %w", err)
	}
	return nil
}

// absenceValue is an absence answer: the absentee's id and the reason, "" for none. The id
// rides in the value, so that a button of an earlier absentee's prompt is not offered now.
func absenceValue(id int64, reason string) string {
	return strconv.FormatInt(id, 10) + "=" + reason
}

// keepAbsence adds one absentee's reason (an absenceValue) to those given before.
func keepAbsence(a answers, value string) {
	id, reason, ok := strings.Cut(value, "=")
	if !ok {
		return
	}
	r := answersAs[minutesAnswers](a).Absence
	if r == nil {
		r = absenceReasons{}
	}
	r[id] = reason
	b, err := json.Marshal(map[string]string(r))
	if err != nil {
		return // a map of strings always encodes
	}
	a[keyAbsence] = string(b)
}

// nextAbsentee is the first absentee, in member order, whose reason is not given yet, and
// their place among the absent.
func (h *Handlers) nextAbsentee(t *turn, a answers) (next orglife.Member, nth, of int, ok bool) {
	members, err := h.records.Members(t.ctx, t.sess.Branch)
	if err != nil {
		h.log.Warn("absentees", "branch", t.sess.Branch, "error", err)
		return next, 0, 0, false
	}
	x := answersAs[minutesAnswers](a)
	_, absent := splitAttendance(members, x.Attending)
	for i, m := range absent {
		if _, given := x.Absence[strconv.FormatInt(m.UserID, 10)]; !given {
			return m, i + 1, len(absent), true
		}
	}
	return next, 0, len(absent), false
}

// reasonOwed: the reason question is asked while an absentee has none.
func (h *Handlers) reasonOwed(t *turn, a answers) bool {
	_, _, _, ok := h.nextAbsentee(t, a)
	return ok
}

func (h *Handlers) askAbsence(t *turn, a answers) string {
	m, nth, of, _ := h.nextAbsentee(t, a)
	return fmt.Sprintf(msgAskAbsence.In(t.lang), nth, of, quote(m.Name))
}

// absenceOptions are the common reasons and 跳过, for the absentee asked about.
func (h *Handlers) absenceOptions(t *turn, a answers) ([]option, error) {
	m, _, _, ok := h.nextAbsentee(t, a)
	if !ok {
		return nil, nil
	}
	opts := make([]option, 0, len(absenceReasonsOffered)+1)
	for _, r := range absenceReasonsOffered {
		opts = append(opts, option{label: r.In(t.lang), value: absenceValue(m.UserID, r.In(t.lang))})
	}
	return append(opts, option{label: btnSkip.In(t.lang), value: absenceValue(m.UserID, "")}), nil
}

// absenceCheck takes a typed reason for the absentee asked about.
func (h *Handlers) absenceCheck(t *turn, a answers, text string) (string, string) {
	m, _, _, ok := h.nextAbsentee(t, a)
	if !ok {
		return "", msgStaleButton.In(t.lang)
	}
	text = strings.Join(strings.Fields(text), " ") // one line in the record
	if n := utf8.RuneCountInString(text); n < 1 || n > maxAbsenceReason {
		return "", fmt.Sprintf(msgBadAbsence.In(t.lang), maxAbsenceReason)
	}
	return absenceValue(m.UserID, text), ""
}

// maxAbsenceReason is how long a typed reason for absence may be, in characters.
const maxAbsenceReason = 30

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
		AbsentReasons:  absentReasons(absent, x.Absence),
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
	absentNames := absenteeNames(absent, rec.AbsentReasons, t.lang)
	if absentNames == "" {
		absentNames = msgMinutesNobody.In(t.lang)
	}
	leader := msgMinutesNotGiven.In(t.lang)
	if rec.LeaderName != "" {
		leader = quote(rec.LeaderName)
	}
	summary := func(absentText string) string {
		return fmt.Sprintf(msgMinutesSaved.In(t.lang), rec.Date.In(t.lang), len(members), len(attending),
			absentText, leader, written, len(minutesAgenda)-1)
	}
	text := summary(absentNames)
	if utf16Len(text) > messageLimit { // a very large branch: the count, not every name
		text = summary(fmt.Sprintf(msgMinutesAbsentCount.In(t.lang), len(absent)))
	}
	return h.conclude(t, text)
}

// absentReasons are the reasons given for the absent, by user id; nil when none was given.
func absentReasons(absent []orglife.Member, given absenceReasons) map[int64]string {
	var out map[int64]string
	for _, m := range absent {
		if r := given[strconv.FormatInt(m.UserID, 10)]; r != "" {
			if out == nil {
				out = map[int64]string{}
			}
			out[m.UserID] = r
		}
	}
	return out
}

// absenteeNames lists the absent, each with their reason when one was given, escaped for
// HTML: 党员2（病假）、党员3.
func absenteeNames(absent []orglife.Member, reasons map[int64]string, lang orglife.Lang) string {
	names := make([]string, 0, len(absent))
	for _, m := range absent {
		name := quote(m.Name)
		if r := reasons[m.UserID]; r != "" {
			name += fmt.Sprintf(msgAbsentBecause.In(lang), quote(r))
		}
		names = append(names, name)
	}
	return strings.Join(names, minutesSep.In(lang))
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
