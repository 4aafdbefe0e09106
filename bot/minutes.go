package bot

import (
	"errors"
	"fmt"
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
		{key: "date", typed: true, check: h.pastDay, options: h.minutesTodayOption, ask: h.askMinutesDate},
		{key: "attending", multi: true, options: h.attendanceOptions, ask: h.askAttendance},
		{key: "leader", typed: true, optional: true, check: lengthCheck(2, 40, msgBadLeaderName),
			ask: func(t *turn, _ answers) string { return msgAskLeaderName.In(t.lang) }},
		{key: "comments", typed: true, optional: true,
			when: func(_ *turn, a answers) bool { return a["leader"] != "" },
			ask: func(t *turn, a answers) string {
				return fmt.Sprintf(msgAskLeaderSpeech.In(t.lang), quote(a["leader"]))
			}},
	}
	for i, item := range minutesAgenda {
		qs = append(qs, question{key: "agenda" + strconv.Itoa(i+1), typed: true, optional: true,
			ask: func(t *turn, _ answers) string {
				return fmt.Sprintf(msgAskAgendaNotes.In(t.lang), i+1, item.In(t.lang))
			}})
	}
	return append([]*flow{{name: flowMinutes, need: orglife.RoleSecretary, questions: qs, finish: h.saveMinutes}},
		h.materialFlows()...)
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
		preset[keyReplacingCount] = strconv.Itoa(len(old.Attending))
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
	d, n := a[keyReplacingDate], a[keyReplacingCount]
	if d == "" {
		d, n, _ = strings.Cut(a[keyReplacingOld], ",")
	}
	if d == "" || date.UnmarshalText([]byte(d)) != nil {
		return date, 0, false
	}
	attending, _ = strconv.Atoi(n)
	return date, attending, true
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
	attending, _ := splitAttendance(members, a.ticked("attending"))
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
	m, err := h.records.Meeting(t.ctx, t.sess.Branch, a["meeting"])
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
	attending, absent := splitAttendance(members, a.ticked("attending"))
	rec := orglife.Minutes{
		Attending:      minutesIDs(attending),
		Absent:         minutesIDs(absent),
		LeaderName:     a["leader"],
		LeaderComments: a["comments"],
		RecordedAt:     h.opts.Clock.Now(),
	}
	if err := rec.Date.UnmarshalText([]byte(a["date"])); err != nil {
		return err
	}
	if rec.LeaderName == "" {
		rec.LeaderComments = ""
	}
	written := 0
	for i := range rec.Agenda {
		rec.Agenda[i] = a["agenda"+strconv.Itoa(i+1)]
		if rec.Agenda[i] != "" {
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
