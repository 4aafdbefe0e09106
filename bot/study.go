package bot

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
)

// 学习研讨: a member records what they studied, how, when and for how long; /mystudy lists it.

const flowStudy = "study"

func (h *Handlers) studyCommands() []Command {
	return []Command{
		{Name: "study", Desc: Text{ZH: "记录学习研讨", EN: "Record study"}, Role: orglife.RoleMember, run: h.study},
		{Name: "mystudy", Desc: Text{ZH: "我的学习记录", EN: "My study records"}, Role: orglife.RoleMember, run: h.myStudy},
	}
}

var (
	msgStudyAskForm    = Text{ZH: "学习形式：", EN: "How did you study?"}
	msgStudyAskDate    = Text{ZH: "哪天学习的？点按钮，或输入日期（例如 2026-12-20 或 12月20日）：", EN: "On which day? Tap a button or type a date (for example 2026-12-20):"}
	msgStudyAskTopic   = Text{ZH: "学习的主题或材料：", EN: "The topic or material you studied:"}
	msgStudyTopicShort = Text{ZH: "请写明学习的主题或材料（至少 2 个字）。", EN: "Please name the topic or material (at least 2 characters)."}
	msgStudyAskHours   = Text{ZH: "学习了多长时间？请输入小时数（例如 2 或 1.5）：", EN: "How many hours? Type a number (for example 2 or 1.5):"}
	msgStudyBadHours   = Text{ZH: "请输入 0.5 到 24 之间的小时数，例如 2 或 1.5。", EN: "Please type a number of hours from 0.5 to 24, for example 2 or 1.5."}
	msgStudyAskNotes   = Text{ZH: "学习心得或研讨发言要点（可跳过）：", EN: "Notes or the points of your discussion speech (optional):"}
	msgStudyNotesShort = Text{ZH: "请写具体一些（至少 2 个字），或点「跳过」。", EN: "Please write a little more (at least 2 characters), or tap Skip."}
	msgStudySaved      = Text{ZH: "已记录学习：", EN: "Study recorded:"}
	msgStudyLine       = Text{ZH: "%s　%s　%s 小时", EN: "%s · %s · %s h"}
	msgStudyTopic      = Text{ZH: "主题：%s", EN: "Topic: %s"}
	msgStudyNotes      = Text{ZH: "心得：", EN: "Notes:"}
	msgStudyTotal      = Text{ZH: "本次会议您已记录学习 %d 次，共 %s 小时。/mystudy 可查看。", EN: "You have recorded %d study session(s) for this meeting, %s hours in all. See /mystudy."}
	msgMyStudyHeader   = Text{ZH: "<b>我的学习记录</b>（%d 次，共 %s 小时）", EN: "<b>My study</b> (%d, %s hours in all)"}
	msgMyStudyNone     = Text{ZH: "本次会议您还没有学习记录。发送 /study 记录一次。", EN: "You have no study recorded for this meeting yet. Send /study to record some."}
	msgStudyItemNumber = Text{ZH: "<b>%d.</b> ", EN: "<b>%d.</b> "}
	msgStudyTopicLabel = Text{ZH: "主题：", EN: "Topic:"}
)

// studySummaryClip is how much of the topic and notes the reply after saving repeats.
const studySummaryClip = 300

func (h *Handlers) studyFlows() []*flow {
	return []*flow{{
		name:  flowStudy,
		need:  orglife.RoleMember,
		draft: "study",
		questions: []question{
			{key: "form", options: studyFormOptions,
				ask: func(t *turn, _ answers) string { return msgStudyAskForm.In(t.lang) }},
			{key: "date", typed: true, options: h.recentDays, check: h.pastDay,
				ask: func(t *turn, _ answers) string { return msgStudyAskDate.In(t.lang) }},
			{key: "topic", typed: true, check: minLength(2, msgStudyTopicShort, false),
				ask: func(t *turn, _ answers) string { return msgStudyAskTopic.In(t.lang) }},
			{key: "hours", typed: true, check: studyHoursCheck,
				ask: func(t *turn, _ answers) string { return msgStudyAskHours.In(t.lang) }},
			{key: "notes", typed: true, optional: true, check: minLength(2, msgStudyNotesShort, false),
				ask: func(t *turn, _ answers) string { return msgStudyAskNotes.In(t.lang) }},
		},
		finish: h.saveStudy,
	}}
}

func studyFormOptions(t *turn, _ answers) ([]option, error) {
	var opts []option
	for _, f := range orglife.StudyForms {
		opts = append(opts, option{label: f.Name(t.lang), value: string(f)})
	}
	return opts, nil
}

func (h *Handlers) study(t *turn) error {
	if _, ok, err := h.currentMeeting(t); err != nil || !ok {
		return err
	}
	return h.talkStudyStart(t, h.flows[flowStudy])
}

var studyHoursPattern = regexp.MustCompile(`^(\d{1,2}(?:\.\d{1,2})?|\.\d{1,2})$`)

// parseStudyHours reads hours as typed: "2", "1.5", "2小时", "1.5 h", "半小时", full-width
// digits too; from 0.5 to 24.
func parseStudyHours(s string) (float64, bool) {
	s = strings.ToLower(strings.TrimSpace(orglife.FoldWidth(s)))
	for _, unit := range []string{"个小时", "小时", "hours", "hour", "hrs", "hr", "h"} {
		if strings.HasSuffix(s, unit) {
			s = strings.TrimSpace(strings.TrimSuffix(s, unit))
			break
		}
	}
	if s == "半" || s == "半个" {
		return 0.5, true
	}
	if !studyHoursPattern.MatchString(s) {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 0.5 || v > 24 {
		return 0, false
	}
	return v, true
}

func studyHoursCheck(t *turn, _ answers, text string) (string, string) {
	v, ok := parseStudyHours(text)
	if !ok {
		return "", msgStudyBadHours.In(t.lang)
	}
	return formatStudyHours(v), ""
}

func formatStudyHours(v float64) string {
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}

func (h *Handlers) saveStudy(t *turn, a answers) error {
	m, err := h.meetingOf(t)
	if errors.Is(err, orglife.ErrNotFound) {
		return h.conclude(t, msgNoMeeting.In(t.lang))
	}
	if err != nil {
		return err
	}
	hours, err := strconv.ParseFloat(a["hours"], 64)
	if err != nil {
		return fmt.Errorf("study hours %q: %w", a["hours"], err)
	}
	s := orglife.Study{MeetingID: m.ID, MemberID: t.userID, Form: orglife.StudyForm(a["form"]),
		Topic: a["topic"], Hours: hours, Notes: a["notes"], CreatedAt: h.opts.Clock.Now()}
	if err := s.Date.UnmarshalText([]byte(a["date"])); err != nil {
		return err
	}
	if s.ID, err = h.recordID(t, a, "s"); err != nil {
		return err
	}
	if err := h.records.SaveStudy(t.ctx, m.BranchID, s); err != nil {
		return err
	}
	mine, err := h.myStudies(t, m)
	if err != nil {
		return err
	}
	lines := []string{msgStudySaved.In(t.lang), studyLine(t.lang, s),
		fmt.Sprintf(msgStudyTopic.In(t.lang), quote(clip(s.Topic, studySummaryClip)))}
	if s.Notes != "" {
		lines = append(lines, msgStudyNotes.In(t.lang), "<blockquote>"+quote(clip(s.Notes, studySummaryClip))+"</blockquote>")
	}
	lines = append(lines, "", fmt.Sprintf(msgStudyTotal.In(t.lang), len(mine), formatStudyHours(studyHours(mine))))
	return h.conclude(t, strings.Join(lines, "\n"))
}

// myStudies are the user's study records of meeting m, oldest first.
func (h *Handlers) myStudies(t *turn, m orglife.Meeting) ([]orglife.Study, error) {
	all, err := h.records.Studies(t.ctx, m.BranchID, m.ID)
	if err != nil {
		return nil, err
	}
	var mine []orglife.Study
	for _, s := range all {
		if s.MemberID == t.userID {
			mine = append(mine, s)
		}
	}
	return mine, nil
}

func studyHours(ss []orglife.Study) float64 {
	total := 0.0
	for _, s := range ss {
		total += s.Hours
	}
	return total
}

func studyLine(lang orglife.Lang, s orglife.Study) string {
	return fmt.Sprintf(msgStudyLine.In(lang), s.Date.In(lang), s.Form.Name(lang), formatStudyHours(s.Hours))
}

// myStudy lists the user's study records of the current meeting, with the total hours.
func (h *Handlers) myStudy(t *turn) error {
	m, ok, err := h.currentMeeting(t)
	if err != nil || !ok {
		return err
	}
	mine, err := h.myStudies(t, m)
	if err != nil {
		return err
	}
	if len(mine) == 0 {
		return h.say(t.ctx, t.chatID, msgMyStudyNone.In(t.lang))
	}
	blocks := []string{fmt.Sprintf(msgMyStudyHeader.In(t.lang), len(mine), formatStudyHours(studyHours(mine)))}
	for i, s := range mine {
		blocks = append(blocks, "", fmt.Sprintf(msgStudyItemNumber.In(t.lang), i+1)+studyLine(t.lang, s))
		blocks = append(blocks, msgStudyTopicLabel.In(t.lang))
		blocks = append(blocks, talkQuoted(s.Topic)...)
		if s.Notes != "" {
			blocks = append(blocks, msgStudyNotes.In(t.lang))
			blocks = append(blocks, talkQuoted(s.Notes)...)
		}
	}
	for _, p := range packBlocks(blocks, talkPageLimit) {
		if _, err := h.out.Send(t.ctx, htmlMessage(tgbotapi.NewMessage(t.chatID, p))); err != nil {
			return err
		}
	}
	return nil
}
