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
		{Name: "minutes", Desc: Text{ZH: "记录组织生活会会议情况", EN: "Record the meeting itself"}, Role: orglife.RoleSecretary, run: h.minutes},
	}
}

var (
	msgMinutesReplace     = Text{ZH: "本次会议已有记录（%s，实到 %d 人），重新填写将覆盖原记录。\n\n", EN: "The meeting is already recorded (%s, %d attending); recording it again replaces that.\n\n"}
	msgAskMinutesDate     = Text{ZH: "组织生活会在哪天召开？点「今天」或输入日期（例如 2026-12-20）：", EN: "On which day was the meeting held? Tap Today or type a date (for example 2026-12-20):"}
	msgAskAttendance      = Text{ZH: "请勾选到会的党员（应到 %d 人，已勾选 %d 人），勾选完毕点「完成」：", EN: "Tick the members who attended (%d in the branch, %d ticked), then tap Done:"}
	msgAskLeaderName      = Text{ZH: "到会指导的领导姓名（可含职务，例如：区委组织部 王某某）；没有可跳过：", EN: "Name of the guiding leader who attended (with their post if you like); skip if none:"}
	msgBadLeaderName      = Text{ZH: "姓名需要 2 到 40 个字，请重新输入，或点「跳过」。", EN: "The name needs 2 to 40 characters; type it again, or tap Skip."}
	msgAskLeaderSpeech    = Text{ZH: "%s 的点评讲话要点（可跳过）：", EN: "Main points of %s's comments (you may skip):"}
	msgAskAgendaNotes     = Text{ZH: "议程 %d：%s\n请输入这一项的记录要点（可跳过）：", EN: "Agenda item %d: %s\nType your notes on it (you may skip):"}
	msgMinutesSaved       = Text{ZH: "已保存会议记录。\n会议日期：%s\n应到 %d 人，实到 %d 人，缺席：%s。\n到会指导领导：%s\n议程记录：已填写 %d/4 项。", EN: "The meeting is recorded.\nDate: %s\n%d expected, %d attending; absent: %s.\nGuiding leader: %s\nAgenda notes: %d of 4 written."}
	msgMinutesAbsentCount = Text{ZH: "%d 人（人数较多，此处从略）", EN: "%d people (too many to list here)"}
	msgMinutesNobody      = Text{ZH: "无", EN: "none"}
	msgMinutesNotGiven    = Text{ZH: "未填写", EN: "not given"}
	msgMinutesChanged     = Text{ZH: "会议已变更，未保存。请重新发送命令。", EN: "The meeting has changed; nothing was saved. Please send the command again."}
	minutesSep            = Text{ZH: "、", EN: ", "}
)

// minutesAgenda are the four items of the meeting, in order.
var minutesAgenda = [4]Text{
	{ZH: "支部书记代表支部进行对照检查", EN: "The secretary's comparison check for the branch"},
	{ZH: "批评和自我批评", EN: "Criticism and self-criticism"},
	{ZH: "到会指导的领导讲话", EN: "The guiding leader's comments"},
	{ZH: "支部书记作总结发言", EN: "The secretary's summary"},
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
