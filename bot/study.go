package bot

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
)

// 学习研讨: a member records their own study — self-study or online, with the platform —
// what they studied, when and for how long; /mystudy lists it with the collective sessions
// they were present at, which the secretary or a committee member records (session.go).

const flowStudy = "study"

// studyAnswers are /study's answers, as the checks keep them: the date as an ISO day, the
// hours as a number; the branch (preset) is where a draft belongs.
type studyAnswers struct {
	Branch  string            `answer:"branch"`
	Form    orglife.StudyForm `answer:"form"`
	Channel string            `answer:"channel"`
	Date    orglife.Date      `answer:"date"`
	Topic   string            `answer:"topic"`
	Hours   float64           `answer:"hours"`
	Notes   string            `answer:"notes"`
}

func (h *Handlers) studyCommands() []Command {
	return []Command{
		{Name: "study", Desc: descStudy, Role: orglife.RoleMember, draft: flowStudy, run: h.study},
		{Name: "mystudy", Desc: descMyStudy, Role: orglife.RoleMember, run: h.myStudy},
	}
}

// studySummaryClip is how much of the topic and notes the reply after saving repeats.
const studySummaryClip = 300

func (h *Handlers) studyFlows() []*flow {
	return append([]*flow{{
		name:       flowStudy,
		need:       orglife.RoleMember,
		draft:      "study",
		forMeeting: true,
		answers:    reflect.TypeFor[studyAnswers](), preset: []string{"branch"},
		questions: []question{
			{key: "form", options: studyFormOptions, ask: askStudyForm},
			{key: "channel", typed: true, optional: true, options: studyChannelOptions,
				check: lengthCheck(2, 40, msgStudyBadChannel),
				when:  func(_ *turn, a answers) bool { return answersAs[studyAnswers](a).Form == orglife.StudyOnline },
				ask:   func(t *turn, _ answers) string { return msgStudyAskChannel.In(t.lang) }},
			{key: "date", typed: true, date: true, options: h.recentDays, check: h.pastDay,
				ask: func(t *turn, _ answers) string { return msgStudyAskDate.In(t.lang) }},
			{key: "topic", typed: true, check: studyTopicCheck,
				ask: func(t *turn, _ answers) string { return msgStudyAskTopic.In(t.lang) }},
			{key: "hours", typed: true, check: studyHoursCheck,
				ask: func(t *turn, _ answers) string { return msgStudyAskHours.In(t.lang) }},
			{key: "notes", typed: true, optional: true, check: withWords(msgStudyNotesWords, minLength(2, msgStudyNotesShort, false)),
				ask: func(t *turn, _ answers) string { return msgStudyAskNotes.In(t.lang) }},
		},
		finish: h.saveStudy,
	}}, h.studyEditFlows()...)
}

// studyTopicCheck takes a topic (of a member's study or a collective session) in words.
func studyTopicCheck(t *turn, a answers, text string) (string, string) {
	return withWords(msgStudyTopicWords, minLength(2, msgStudyTopicShort, false))(t, a, text)
}

// askStudyForm asks for the form, saying first that collective study is not recorded here:
// the secretary or a committee member records it once for everyone (/session).
func askStudyForm(t *turn, _ answers) string {
	note := msgStudyCollectiveByCommittee
	if t.member != nil && t.member.Role.Allows(orglife.RoleCommittee) {
		note = msgStudyCollectiveUseSession
	}
	return note.In(t.lang) + msgStudyAskForm.In(t.lang)
}

// studyChannels are the platforms offered as buttons; any other is typed.
var studyChannels = []string{"学习强国", "中国干部网络学院", "共产党员网"}

func studyChannelOptions(_ *turn, _ answers) ([]option, error) {
	opts := make([]option, 0, len(studyChannels))
	for _, c := range studyChannels {
		opts = append(opts, option{label: c, value: c})
	}
	return opts, nil
}

func studyFormOptions(t *turn, _ answers) ([]option, error) {
	var opts []option
	for _, f := range orglife.StudyForms {
		opts = append(opts, option{label: f.Name(t.lang), value: string(f)})
	}
	return opts, nil
}

func (h *Handlers) study(t *turn) error {
	if _, ok, err := h.currentMeetingOnce(t); err != nil || !ok {
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
	x := answersAs[studyAnswers](a)
	// The checks keep only hours from 0.5 and a day: zero is an answer that does not parse.
	if x.Hours == 0 || x.Date.IsZero() {
		return fmt.Errorf("study of user %d: hours %v or date %v unreadable", t.userID, x.Hours, x.Date)
	}
	s := orglife.Study{MeetingID: m.ID, MemberID: t.userID, Form: x.Form, Date: x.Date,
		Topic: x.Topic, Hours: x.Hours, Notes: x.Notes, Channel: x.Channel, CreatedAt: h.opts.Clock.Now()}
	if s.Form != orglife.StudyOnline {
		s.Channel = "" // kept from a form changed in a resumed draft
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
	lines := append([]string{msgStudySaved.In(t.lang)}, studySummary(t.lang, s)...)
	lines = append(lines, "", fmt.Sprintf(msgStudyTotal.In(t.lang), len(mine), formatStudyHours(studyHours(mine))))
	return h.conclude(t, strings.Join(lines, "\n"))
}

// studySummary is a record as the lines of a short HTML card: day, form and hours; the topic,
// platform and notes, quoted and clipped.
func studySummary(lang orglife.Lang, s orglife.Study) []string {
	lines := []string{studyLine(lang, s), fmt.Sprintf(msgStudyTopic.In(lang), quote(clip(s.Topic, studySummaryClip)))}
	if s.Channel != "" {
		lines = append(lines, fmt.Sprintf(msgStudyChannel.In(lang), quote(s.Channel)))
	}
	if s.Notes != "" {
		lines = append(lines, msgStudyNotes.In(lang), "<blockquote>"+quote(clip(s.Notes, studySummaryClip))+"</blockquote>")
	}
	return lines
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

// myStudy lists the user's study records of the current meeting, with the total hours,
// and then the collective sessions they were present at; the last message has a 修改 /
// 删除 row for each of the user's records (study_edit.go).
func (h *Handlers) myStudy(t *turn) error {
	m, ok, err := h.currentMeeting(t)
	if err != nil || !ok {
		return err
	}
	mine, err := h.myStudies(t, m)
	if err != nil {
		return err
	}
	attended, err := h.attendedSessions(t, m)
	if err != nil {
		return err
	}
	if len(mine) == 0 && len(attended) == 0 {
		return h.say(t.ctx, t.chatID, msgMyStudyNone.In(t.lang))
	}
	var blocks []string
	if len(mine) > 0 {
		blocks = append(blocks, fmt.Sprintf(msgMyStudyHeader.In(t.lang), len(mine), formatStudyHours(studyHours(mine))))
	}
	for i, s := range mine {
		blocks = append(blocks, "", fmt.Sprintf(msgStudyItemNumber.In(t.lang), i+1)+studyLine(t.lang, s))
		blocks = append(blocks, msgStudyTopicLabel.In(t.lang))
		blocks = append(blocks, talkQuoted(s.Topic)...)
		if s.Channel != "" {
			blocks = append(blocks, fmt.Sprintf(msgStudyChannel.In(t.lang), quote(s.Channel)))
		}
		if s.Notes != "" {
			blocks = append(blocks, msgStudyNotes.In(t.lang))
			blocks = append(blocks, talkQuoted(s.Notes)...)
		}
	}
	if len(attended) > 0 {
		if len(blocks) > 0 {
			blocks = append(blocks, "")
		}
		blocks = append(blocks, fmt.Sprintf(msgMyStudyAttended.In(t.lang), len(attended)))
		for _, s := range attended {
			blocks = append(blocks, sessionLine(t.lang, s)+"　"+quote(clip(s.Topic, studySummaryClip)))
		}
	}
	rows, err := studyRows(t.lang, m, mine)
	if err != nil {
		return err
	}
	switch {
	case len(rows) == 0:
	case len(rows) < len(mine):
		blocks = append(blocks, "", fmt.Sprintf(msgMyStudyChangeLast.In(t.lang), len(rows)))
	default:
		blocks = append(blocks, "", msgMyStudyChange.In(t.lang))
	}
	pages := packBlocks(blocks, talkPageLimit)
	for i, p := range pages {
		msg := tgbotapi.NewMessage(t.chatID, p)
		if i == len(pages)-1 && len(rows) > 0 {
			msg.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(rows...)
		}
		if _, err := h.out.Send(t.ctx, htmlMessage(msg)); err != nil {
			return err
		}
	}
	return nil
}
