package bot

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
)

// 集中学习 and 专题研讨: a collective study session is one event, recorded once by the
// secretary or a committee member with who was present (and, for a seminar, who gave a
// discussion speech). Members record only their own study (/study). /sessions lists them.

const flowSession = "session"

// The answers of the "spoke" question: every member present spoke, or some, ticked next.
const (
	spokeAll  = "all"
	spokeSome = "some"
)

// sessionAnswers are /session's answers: attendance and speakers as ticked user ids.
type sessionAnswers struct {
	Kind      orglife.SessionKind `answer:"kind"`
	Date      orglife.Date        `answer:"date"`
	Topic     string              `answer:"topic"`
	Hours     float64             `answer:"hours"`
	Attending []string            `answer:"attending"`
	Spoke     string              `answer:"spoke"`
	Speakers  []string            `answer:"speakers"`
}

func (h *Handlers) sessionCommands() []Command {
	return []Command{
		{Name: "session", Desc: descSession, Role: orglife.RoleCommittee, run: h.studySession},
		{Name: "sessions", Desc: descSessions, Role: orglife.RoleCommittee, run: h.listStudySessions},
	}
}

func (h *Handlers) sessionFlows() []*flow {
	return []*flow{{
		name:       flowSession,
		need:       orglife.RoleCommittee,
		forMeeting: true,
		answers:    reflect.TypeFor[sessionAnswers](),
		questions: []question{
			{key: "kind", options: sessionKindOptions,
				ask: func(t *turn, _ answers) string { return msgSessionAskKind.In(t.lang) }},
			{key: "date", typed: true, date: true, options: h.recentDays, check: h.pastDay,
				ask: func(t *turn, _ answers) string { return msgSessionAskDate.In(t.lang) }},
			{key: "topic", typed: true, check: studyTopicCheck,
				ask: func(t *turn, _ answers) string { return msgSessionAskTopic.In(t.lang) }},
			{key: "hours", typed: true, check: studyHoursCheck,
				ask: func(t *turn, _ answers) string { return msgSessionAskHours.In(t.lang) }},
			// Everyone is ticked to begin with (see studySession): the secretary unticks the absent.
			{key: "attending", multi: true, options: h.attendanceOptions, ask: h.askSessionAttendance},
			{key: "spoke", optional: true, options: spokeOptions, when: seminarWithAttendance,
				ask: func(t *turn, _ answers) string { return msgSessionAskSpoke.In(t.lang) }},
			{key: "speakers", multi: true, options: h.speakerOptions,
				when: func(t *turn, a answers) bool {
					return seminarWithAttendance(t, a) && answersAs[sessionAnswers](a).Spoke == spokeSome
				},
				ask: func(t *turn, a answers) string {
					return fmt.Sprintf(msgSessionAskSpeakers.In(t.lang), len(answersAs[sessionAnswers](a).Speakers))
				}},
		},
		finish: h.saveStudySession,
	}}
}

func sessionKindOptions(t *turn, _ answers) ([]option, error) {
	var opts []option
	for _, k := range orglife.SessionKinds {
		opts = append(opts, option{label: k.Name(t.lang), value: string(k)})
	}
	return opts, nil
}

func spokeOptions(t *turn, _ answers) ([]option, error) {
	return []option{{btnSessionAllSpoke.In(t.lang), spokeAll}, {btnSessionSomeSpoke.In(t.lang), spokeSome}}, nil
}

// seminarWithAttendance: speeches are asked of a 专题研讨 that someone attended.
func seminarWithAttendance(_ *turn, a answers) bool {
	x := answersAs[sessionAnswers](a)
	return x.Kind == orglife.SessionSeminar && len(x.Attending) > 0
}

// studySession starts /session with every member ticked as present: at a collective
// session most are, so the secretary unticks the few who were not.
func (h *Handlers) studySession(t *turn) error {
	if _, ok, err := h.currentMeeting(t); err != nil || !ok {
		return err
	}
	members, err := h.records.Members(t.ctx, t.branch.ID)
	if err != nil {
		return err
	}
	ids := make([]string, 0, len(members))
	for _, m := range members {
		ids = append(ids, strconv.FormatInt(m.UserID, 10))
	}
	return h.startFlow(t, h.flows[flowSession], t.branch.ID, answers{"attending": strings.Join(ids, ",")})
}

func (h *Handlers) askSessionAttendance(t *turn, a answers) string {
	members, err := h.records.Members(t.ctx, t.sess.Branch)
	if err != nil {
		h.log.Warn("session attendance prompt", "branch", t.sess.Branch, "error", err)
	}
	attending, _ := splitAttendance(members, answersAs[sessionAnswers](a).Attending)
	return fmt.Sprintf(msgSessionAskAttendance.In(t.lang), len(members), len(attending))
}

// speakerOptions are the members ticked as present.
func (h *Handlers) speakerOptions(t *turn, a answers) ([]option, error) {
	members, err := h.records.Members(t.ctx, t.sess.Branch)
	if err != nil {
		return nil, err
	}
	attending, _ := splitAttendance(members, answersAs[sessionAnswers](a).Attending)
	opts := make([]option, 0, len(attending))
	for _, m := range attending {
		opts = append(opts, option{label: m.Name, value: strconv.FormatInt(m.UserID, 10)})
	}
	return opts, nil
}

func (h *Handlers) saveStudySession(t *turn, a answers) error {
	m, err := h.meetingOf(t)
	if errors.Is(err, orglife.ErrNotFound) {
		return h.conclude(t, msgNoMeeting.In(t.lang))
	}
	if err != nil {
		return err
	}
	x := answersAs[sessionAnswers](a)
	if x.Hours == 0 || x.Date.IsZero() || !x.Kind.Valid() {
		return fmt.Errorf("study session of user %d: kind %q, hours %v or date %v unreadable", t.userID, x.Kind, x.Hours, x.Date)
	}
	members, err := h.records.Members(t.ctx, m.BranchID)
	if err != nil {
		return err
	}
	attending, absent := splitAttendance(members, x.Attending)
	s := orglife.StudySession{MeetingID: m.ID, Kind: x.Kind, Date: x.Date, Topic: x.Topic, Hours: x.Hours,
		Attendance: minutesIDs(attending), Speakers: sessionSpeakers(x, attending),
		RecordedBy: t.userID, CreatedAt: h.opts.Clock.Now()}
	if s.ID, err = h.recordID(t, a, "g"); err != nil {
		return err
	}
	if err := h.records.SaveStudySession(t.ctx, m.BranchID, s); err != nil {
		return err
	}
	all, err := h.records.StudySessions(t.ctx, m.BranchID, m.ID)
	if err != nil {
		return err
	}
	absentNames := minutesNames(absent, t.lang)
	if absentNames == "" {
		absentNames = msgMinutesNobody.In(t.lang)
	}
	lines := []string{fmt.Sprintf(msgSessionSaved.In(t.lang), s.Kind.Name(t.lang)), sessionLine(t.lang, s),
		fmt.Sprintf(msgStudyTopic.In(t.lang), quote(clip(s.Topic, studySummaryClip))),
		fmt.Sprintf(msgSessionAttendance.In(t.lang), len(members), len(attending), absentNames)}
	if s.Kind == orglife.SessionSeminar {
		lines = append(lines, speechesLine(t.lang, s, x.Spoke))
	}
	lines = append(lines, "", fmt.Sprintf(msgSessionTotal.In(t.lang), sessionCounts(t.lang, all)))
	text := strings.Join(lines, "\n")
	if utf16Len(text) > messageLimit { // a very large branch: the count, not every name
		lines[3] = fmt.Sprintf(msgSessionAttendance.In(t.lang), len(members), len(attending),
			fmt.Sprintf(msgMinutesAbsentCount.In(t.lang), len(absent)))
		text = strings.Join(lines, "\n")
	}
	return h.conclude(t, text)
}

// sessionSpeakers are those who gave a speech at a seminar, among those present, in member
// order; none when the question was skipped or does not apply.
func sessionSpeakers(x sessionAnswers, attending []orglife.Member) []int64 {
	if x.Kind != orglife.SessionSeminar {
		return nil
	}
	switch x.Spoke {
	case spokeAll:
		return minutesIDs(attending)
	case spokeSome:
		var out []int64
		for _, m := range attending {
			if slices.Contains(x.Speakers, strconv.FormatInt(m.UserID, 10)) {
				out = append(out, m.UserID)
			}
		}
		return out
	}
	return nil
}

func speechesLine(lang orglife.Lang, s orglife.StudySession, spoke string) string {
	if spoke == "" && len(s.Speakers) == 0 {
		return msgSessionSpeechesNone.In(lang)
	}
	return fmt.Sprintf(msgSessionSpeeches.In(lang), len(s.Speakers))
}

func sessionLine(lang orglife.Lang, s orglife.StudySession) string {
	return fmt.Sprintf(msgStudyLine.In(lang), s.Date.In(lang), s.Kind.Name(lang), formatStudyHours(s.Hours))
}

// sessionCounts is how many sessions of each kind there are: 集中学习 2 次、专题研讨 1 次.
func sessionCounts(lang orglife.Lang, all []orglife.StudySession) string {
	var parts []string
	for _, k := range orglife.SessionKinds {
		n := 0
		for _, s := range all {
			if s.Kind == k {
				n++
			}
		}
		if n > 0 {
			parts = append(parts, fmt.Sprintf(msgSessionKindCount.In(lang), k.Name(lang), n))
		}
	}
	return strings.Join(parts, minutesSep.In(lang))
}

// listStudySessions lists the current meeting's collective sessions with their attendance.
func (h *Handlers) listStudySessions(t *turn) error {
	m, ok, err := h.currentMeeting(t)
	if err != nil || !ok {
		return err
	}
	all, err := h.records.StudySessions(t.ctx, m.BranchID, m.ID)
	if err != nil {
		return err
	}
	if len(all) == 0 {
		return h.say(t.ctx, t.chatID, msgSessionsNone.In(t.lang))
	}
	blocks := []string{fmt.Sprintf(msgSessionsHeader.In(t.lang), sessionCounts(t.lang, all))}
	for i, s := range all {
		blocks = append(blocks, "", fmt.Sprintf(msgStudyItemNumber.In(t.lang), i+1)+sessionLine(t.lang, s))
		blocks = append(blocks, msgStudyTopicLabel.In(t.lang))
		blocks = append(blocks, talkQuoted(s.Topic)...)
		line := fmt.Sprintf(msgSessionPresent.In(t.lang), len(s.Attendance))
		if s.Kind == orglife.SessionSeminar {
			line += fmt.Sprintf(msgSessionSpokeCount.In(t.lang), len(s.Speakers))
		}
		blocks = append(blocks, line)
	}
	for _, p := range packBlocks(blocks, talkPageLimit) {
		if _, err := h.out.Send(t.ctx, htmlMessage(tgbotapi.NewMessage(t.chatID, p))); err != nil {
			return err
		}
	}
	return nil
}

// attendedSessions are the collective sessions of meeting m the user was present at.
func (h *Handlers) attendedSessions(t *turn, m orglife.Meeting) ([]orglife.StudySession, error) {
	all, err := h.records.StudySessions(t.ctx, m.BranchID, m.ID)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(all, func(s orglife.StudySession) bool { return !s.Attended(t.userID) }), nil
}
