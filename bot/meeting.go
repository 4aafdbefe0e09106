package bot

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
)

// meetingDateValue is the /deadline choice that moves the meeting itself.
const meetingDateValue = "meeting"

const (
	flowNewMeeting = "newmeeting"
	flowDeadline   = "deadline"
	flowAdopt      = "adopt"
	flowInfo       = "meetinginfo"
)

func (h *Handlers) meetingCommands() []Command {
	return []Command{
		{Name: "newmeeting", Desc: descNewMeeting, Role: orglife.RoleSecretary, run: h.newMeeting},
		{Name: "schedule", Desc: descSchedule, Role: orglife.RoleMember, run: h.schedule},
		{Name: "deadline", Desc: descDeadline, Role: orglife.RoleSecretary, run: h.changeDeadline},
		{Name: "adopt", Desc: descAdopt, Role: orglife.RoleSecretary, run: h.adoptPlan},
		{Name: "meetinginfo", Desc: descMeetingInfo, Role: orglife.RoleSecretary, run: h.meetingInfo},
		{Name: "meetings", Desc: descMeetings, Role: orglife.RoleMember, run: h.meetings},
	}
}

func (h *Handlers) meetingFlows() []*flow {
	return []*flow{
		{
			name: flowNewMeeting, need: orglife.RoleSecretary,
			questions: append([]question{
				{key: "title", typed: true, check: lengthCheck(4, 60, msgBadTitle),
					ask: func(t *turn, _ answers) string { return msgAskMeetingTitle.In(t.lang) }},
				{key: "date", typed: true, date: true, check: h.upcomingDay,
					ask: func(t *turn, _ answers) string { return msgAskMeetingDate.In(t.lang) }},
				whenWhereQuestion(func(t *turn, _ answers) string { return msgAskWhenWhere.In(t.lang) }),
				{key: "form", options: meetingFormOptions,
					ask: func(t *turn, _ answers) string { return msgAskMeetingForm.In(t.lang) }},
				// The names the report quotes are asked behind one button, so that a secretary
				// who has not got the notice yet skips them all with one tap; one who has it
				// at hand may type its title straight away.
				{key: "details", optional: true, typed: true, options: func(t *turn, _ answers) ([]option, error) {
					return []option{{btnFillDetails.In(t.lang), detailsNow}}, nil
				}, check: nameCheck(4, 100, msgBadNotice), split: keepDetails,
					ask: func(t *turn, _ answers) string { return msgAskMeetingDetails.In(t.lang) }},
			}, append(meetingNameQuestions(wantsDetails, plainAsk), h.respreadQuestion())...),
			finish:  h.createMeeting,
			answers: reflect.TypeFor[newMeetingAnswers](),
		},
		{
			name: flowDeadline, need: orglife.RoleSecretary,
			questions: []question{
				{key: "step", options: h.stepOptions, ask: func(t *turn, _ answers) string { return msgAskStep.In(t.lang) }},
				{key: "date", typed: true, date: true, check: h.deadlineCheck, ask: h.askNewDeadline},
				h.shiftQuestion(),
			},
			finish:  h.saveDeadline,
			answers: reflect.TypeFor[deadlineAnswers](),
		},
		{
			name: flowAdopt, need: orglife.RoleSecretary, forMeeting: true,
			questions: []question{{key: "date", typed: true, date: true, check: h.pastDay, options: h.recentDays,
				ask: func(t *turn, _ answers) string { return msgAskAdoptDate.In(t.lang) }}},
			finish:  h.saveAdopted,
			answers: reflect.TypeFor[adoptAnswers](),
		},
		// The names skipped at /newmeeting, given once the notice or the plan is to hand; a
		// skipped question keeps what the meeting has.
		{
			name: flowInfo, need: orglife.RoleSecretary,
			questions: append([]question{
				{key: "form", options: meetingFormOptions, ask: h.askInfo(msgAskMeetingForm, nil)},
				whenWhereQuestion(h.askInfo(msgAskWhenWhere, whenWhereNow)),
			}, meetingNameQuestions(nil, h.askInfo)...),
			finish:  h.saveInfo,
			answers: reflect.TypeFor[meetingInfoAnswers](),
		},
	}
}

// newMeetingAnswers are /newmeeting's answers.
type newMeetingAnswers struct {
	Title       string              `answer:"title"`
	Date        orglife.Date        `answer:"date"`
	When        string              `answer:"when"` // the time and place, "" when skipped
	Form        orglife.MeetingForm `answer:"form"`
	Details     string              `answer:"details"` // detailsNow, or "" when skipped
	Notice      string              `answer:"notice"`
	Theme       string              `answer:"theme"`
	Requirement string              `answer:"requirement"`
	PlanTitle   string              `answer:"plan_title"`
	Respread    string              `answer:"respread"` // respreadNow, keepDeadlines, or "" when not asked
}

// meetingInfoAnswers are /meetinginfo's answers, "" for a name skipped.
type meetingInfoAnswers struct {
	Form        orglife.MeetingForm `answer:"form"`
	When        string              `answer:"when"`
	Notice      string              `answer:"notice"`
	Theme       string              `answer:"theme"`
	Requirement string              `answer:"requirement"`
	PlanTitle   string              `answer:"plan_title"`
}

// meetingNames are the names the report quotes, as /newmeeting and /meetinginfo ask them:
// each question's key, its prompt and refusal, its length and the meeting's value of it.
var meetingNames = []struct {
	key      string
	ask, bad Text
	min      int
	now      func(orglife.Meeting) string
}{
	{"notice", msgAskNotice, msgBadNotice, 4, func(m orglife.Meeting) string { return m.Notice }},
	{"theme", msgAskTheme, msgBadTheme, 2, func(m orglife.Meeting) string { return m.Theme }},
	{"requirement", msgAskRequirement, msgBadTheme, 2, func(m orglife.Meeting) string { return m.Requirement }},
	{"plan_title", msgAskPlanTitle, msgBadPlanTitle, 4, func(m orglife.Meeting) string { return m.PlanTitle }},
}

// meetingNameQuestions are meetingNames as optional typed questions, asked when when says
// (always, if nil), their prompts made by ask.
func meetingNameQuestions(when func(*turn, answers) bool, ask func(Text, func(orglife.Meeting) string) func(*turn, answers) string) []question {
	qs := make([]question, 0, len(meetingNames))
	for _, n := range meetingNames {
		qs = append(qs, question{key: n.key, typed: true, optional: true, when: unanswered(n.key, when),
			check: nameCheck(n.min, 100, n.bad), ask: ask(n.ask, n.now)})
	}
	return qs
}

// unanswered asks key's question when when says, unless it was answered already (a notice
// typed at /newmeeting's 现在填写).
func unanswered(key string, when func(*turn, answers) bool) func(*turn, answers) bool {
	return func(t *turn, a answers) bool {
		if _, done := a[key]; done {
			return false
		}
		return when == nil || when(t, a)
	}
}

// plainAsk is a prompt that is the question alone.
func plainAsk(q Text, _ func(orglife.Meeting) string) func(*turn, answers) string {
	return func(t *turn, _ answers) string { return q.In(t.lang) }
}

// detailsNow is the value of the button that asks for the notice, theme and plan title.
const detailsNow = "now"

// wantsDetails says whether the secretary chose to give the names the report quotes now,
// and the question's is still to be asked: a notice typed at 现在填写 is its answer.
func wantsDetails(_ *turn, a answers) bool {
	return answersAs[newMeetingAnswers](a).Details == detailsNow
}

// keepDetails keeps the answer to 现在填写 / 跳过; text typed there instead is the notice's
// title, the first of the names asked behind it.
func keepDetails(a answers, value string) {
	if value == "" || value == detailsNow {
		a["details"] = value
		return
	}
	a["details"], a["notice"] = detailsNow, value
}

// meetingFormOptions are the meeting's forms, 党员大会 (the usual one) first.
func meetingFormOptions(t *turn, _ answers) ([]option, error) {
	opts := make([]option, 0, len(orglife.MeetingForms))
	for _, f := range orglife.MeetingForms {
		opts = append(opts, option{f.Name(t.lang), string(f)})
	}
	return opts, nil
}

// nameCheck reads a title or phrase the report quotes: one line, without the 《》 or the
// 主题/总要求 the report writes around it, so that typing them does not double them.
func nameCheck(min, max int, problem Text) func(t *turn, a answers, text string) (string, string) {
	return func(t *turn, a answers, text string) (string, string) {
		s := strings.Join(strings.Fields(text), " ")
		for prev := ""; s != prev; { // until nothing is left to take off
			prev = s
			s = strings.Trim(s, "《》“”\"「」。；;，, ")
			for _, suffix := range []string{"总要求", "主题", "的"} {
				s = strings.TrimSuffix(s, suffix)
			}
		}
		return lengthCheck(min, max, problem)(t, a, s)
	}
}

// deadlineAnswers are /deadline's answers: the step whose deadline moves (or
// meetingDateValue, the meeting itself) and its new day.
type deadlineAnswers struct {
	Step  orglife.StepKind `answer:"step"`
	Date  orglife.Date     `answer:"date"`
	Shift string           `answer:"shift"` // shiftSteps when the steps move with the meeting
}

// adoptAnswers are /adopt's answers: the day the plan was adopted.
type adoptAnswers struct {
	Date orglife.Date `answer:"date"`
}

// errNoDate is a finish's date answer missing or not a day, which its question's check
// never keeps.
var errNoDate = errors.New("no date answered")

// today is the current day in the branch's time zone.
func (h *Handlers) today(t *turn) orglife.Date { return orglife.DateOf(h.opts.Clock.Now(), h.loc(t)) }

// loc is the time zone of the branch a turn is about: the branch's own, else the
// deployment's (ORGLIFE_TIMEZONE).
func (h *Handlers) loc(t *turn) *time.Location {
	if b, ok := h.turnBranch(t); ok {
		return h.zoneOf(b)
	}
	return h.opts.Location
}

// turnBranch is the branch a turn is about: the command's, else the flow's; false when there
// is none (or it cannot be read).
func (h *Handlers) turnBranch(t *turn) (orglife.Branch, bool) {
	if t.branch != nil {
		return *t.branch, true
	}
	if t.sess != nil && t.sess.Branch != "" {
		if b, err := h.records.Branch(t.ctx, t.sess.Branch); err == nil {
			return b, true
		}
	}
	return orglife.Branch{}, false
}

// zoneOf is a branch's time zone.
func (h *Handlers) zoneOf(b orglife.Branch) *time.Location { return b.Location(h.opts.Location) }

// badDate refuses a typed date that does not read, showing what to type: today's date, in
// the user's language, without the year and in full.
func (h *Handlers) badDate(t *turn) string {
	d := h.today(t)
	return fmt.Sprintf(msgBadDate.In(t.lang), shortDay(d, t.lang), d.String())
}

// shortDay is d as a user types it without the year: 11月28日, or 11-28 in English.
func shortDay(d orglife.Date, lang orglife.Lang) string {
	if lang == orglife.LangEN {
		return fmt.Sprintf("%d-%d", int(d.Month), d.Day)
	}
	return fmt.Sprintf("%d月%d日", int(d.Month), d.Day)
}

// upcomingDay reads a typed date that is today or later (a meeting being planned).
func (h *Handlers) upcomingDay(t *turn, _ answers, text string) (string, string) {
	d, err := orglife.ParseDate(text, h.today(t))
	switch {
	case err != nil:
		return "", h.badDate(t)
	case d.Before(h.today(t)):
		return "", msgDateInPast.In(t.lang)
	}
	return d.String(), ""
}

// pastDay reads a typed date that is today or earlier (something that has happened).
func (h *Handlers) pastDay(t *turn, _ answers, text string) (string, string) {
	d, err := orglife.ParseDate(text, h.today(t))
	switch {
	case err != nil:
		return "", h.badDate(t)
	case h.today(t).Before(d):
		return "", msgDateInFuture.In(t.lang)
	}
	return d.String(), ""
}

// recentDays are the 今天/昨天 buttons of a date question, valued as dates.
func (h *Handlers) recentDays(t *turn, _ answers) ([]option, error) {
	today := h.today(t)
	return []option{{btnToday.In(t.lang), today.String()}, {btnYesterday.In(t.lang), today.AddDays(-1).String()}}, nil
}

// currentMeeting is the meeting the command is about: the branch's current one, or the one
// the pressed button named (turn.meeting); without one it tells the user.
func (h *Handlers) currentMeeting(t *turn) (orglife.Meeting, bool, error) {
	id := t.meetingNow()
	if id == "" {
		return orglife.Meeting{}, false, h.say(t.ctx, t.chatID, msgNoMeeting.In(t.lang))
	}
	m, err := h.records.Meeting(t.ctx, t.branch.ID, id)
	if errors.Is(err, orglife.ErrNotFound) {
		return m, false, h.say(t.ctx, t.chatID, msgNoMeeting.In(t.lang))
	}
	return m, err == nil, err
}

// currentMeetingOnce is currentMeeting for a command that writes no meeting record and
// reads its meeting before writing anything: the meeting may come from what was read ahead
// with the update, and is kept in the turn for the flow the command starts (meetingOf),
// so that one update reads it once.
func (h *Handlers) currentMeetingOnce(t *turn) (orglife.Meeting, bool, error) {
	id := t.meetingNow()
	if id == "" {
		return orglife.Meeting{}, false, h.say(t.ctx, t.chatID, msgNoMeeting.In(t.lang))
	}
	m, err := h.records.MeetingOf(t.ctx, t.unit, t.branch.ID, id)
	if errors.Is(err, orglife.ErrNotFound) {
		return m, false, h.say(t.ctx, t.chatID, msgNoMeeting.In(t.lang))
	}
	if err != nil {
		return m, false, err
	}
	t.meetingRead = &m
	return m, true, nil
}

// meetingOf loads the meeting a flow is about: the one current when it started.
func (h *Handlers) meetingOf(t *turn) (orglife.Meeting, error) {
	if id := answersAs[engineAnswers](t.sess.Data).Meeting; id != "" {
		if m := t.meetingRead; m != nil && m.BranchID == t.sess.Branch && m.ID == id {
			return *m, nil
		}
		// What was read ahead is served only until the update writes (state.UnitHook).
		return h.records.MeetingOf(t.ctx, t.unit, t.sess.Branch, id)
	}
	b, err := h.records.Branch(t.ctx, t.sess.Branch)
	if err != nil {
		return orglife.Meeting{}, err
	}
	return h.records.Meeting(t.ctx, b.ID, b.CurrentMeeting)
}

// flowMeeting is the current meeting of the flow's branch; without one it tells the user.
func (h *Handlers) flowMeeting(t *turn) (orglife.Meeting, bool, error) {
	m, err := h.meetingOf(t)
	if errors.Is(err, orglife.ErrNotFound) {
		return m, false, h.conclude(t, msgNoMeeting.In(t.lang))
	}
	return m, err == nil, err
}

func (h *Handlers) newMeeting(t *turn) error {
	return h.startFlow(t, h.flows[flowNewMeeting], t.branch.ID, nil)
}

func (h *Handlers) createMeeting(t *turn, a answers) error {
	x := answersAs[newMeetingAnswers](a)
	if x.Date.IsZero() {
		return errNoDate
	}
	id, err := h.recordID(t, a, "m")
	if err != nil {
		return err
	}
	m := orglife.Meeting{ID: id, BranchID: t.sess.Branch, Title: x.Title, Date: x.Date,
		Steps: h.newMeetingSteps(t, x), CreatedAt: h.opts.Clock.Now(),
		Form: x.Form.Or(), Notice: x.Notice, Theme: x.Theme, Requirement: x.Requirement, PlanTitle: x.PlanTitle}
	setWhenWhere(&m, x.When)
	if err := h.records.CreateMeeting(t.ctx, m); err != nil {
		return err
	}
	if err := h.replan(t.ctx, m); err != nil {
		return err
	}
	if err := h.announce(t.ctx, m, t.userID); err != nil {
		return err
	}
	lines, err := h.stepLines(t, m)
	if err != nil {
		return err
	}
	if err := h.conclude(t, fmt.Sprintf(msgMeetingCreated.In(t.lang), quote(m.Title), m.Date.In(t.lang), lines)); err != nil {
		return err
	}
	// The meeting stands whatever happens to the question about the earlier items: a
	// failure is logged, not a reason to handle the update (and make the meeting) again.
	if err := h.offerCarry(t, m); err != nil {
		h.log.Warn("carry-over not offered", "branch", m.BranchID, "meeting", m.ID, "error", err)
	}
	return nil
}

// schedule shows every step with its deadline and how many have done it.
func (h *Handlers) schedule(t *turn) error {
	m, ok, err := h.currentMeeting(t)
	if err != nil || !ok {
		return err
	}
	lines, err := h.stepLines(t, m)
	if err != nil {
		return err
	}
	markup, err := calendarKeyboard(t, m)
	if err != nil {
		return fmt.Errorf("schedule of meeting %s: %w", m.ID, err)
	}
	msg := tgbotapi.NewMessage(t.chatID, scheduleHeader(m, t.lang)+"\n\n"+lines)
	msg.ReplyMarkup = markup
	_, err = h.out.Send(t.ctx, htmlMessage(msg))
	return err
}

// scheduleHeader is the meeting's name and date above its steps, with its time and place
// when known.
func scheduleHeader(m orglife.Meeting, lang orglife.Lang) string {
	head := fmt.Sprintf(msgScheduleHeader.In(lang), quote(m.Title), m.Date.In(lang))
	if where := whenWhereLine(m, lang); where != "" {
		head += "\n" + where
	}
	return head
}

// progress is who has done each step of the meeting and who has not (see orglife.JudgePrep).
func (h *Handlers) progress(t *turn, m orglife.Meeting) (map[orglife.StepKind]orglife.StepProgress, []orglife.Member, error) {
	prep, members, err := h.prep(t.ctx, m)
	if err != nil {
		return nil, nil, err
	}
	return prep.Progress(), members, nil
}

func (h *Handlers) stepLines(t *turn, m orglife.Meeting) (string, error) {
	prog, _, err := h.progress(t, m)
	if err != nil {
		return "", err
	}
	var lines []string
	for i, s := range m.Steps {
		p := prog[s.Kind]
		who := responsibleAll.In(t.lang)
		if s.Responsible == orglife.BySecretary {
			who = responsibleSecretar.In(t.lang)
		}
		mark := "⬜"
		if len(p.Pending) == 0 {
			mark = "✅"
		}
		line := fmt.Sprintf(msgStepLine.In(t.lang), mark, fmt.Sprintf("%d. %s", i+1, s.Kind.Name(t.lang)),
			s.Deadline.In(t.lang), who, len(p.Done), len(p.Done)+len(p.Pending))
		if s.Kind == orglife.StepPlan && !m.PlanAdopted.IsZero() {
			line += fmt.Sprintf(msgStepAdopted.In(t.lang), m.PlanAdopted.In(t.lang))
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n"), nil
}

func (h *Handlers) changeDeadline(t *turn) error {
	if _, ok, err := h.currentMeeting(t); err != nil || !ok {
		return err
	}
	return h.startFlow(t, h.flows[flowDeadline], t.branch.ID, nil)
}

func (h *Handlers) stepOptions(t *turn, _ answers) ([]option, error) {
	m, err := h.meetingOf(t)
	if err != nil {
		return nil, err
	}
	opts := []option{{label: btnMeetingDate.In(t.lang), value: meetingDateValue}}
	for _, s := range m.Steps {
		opts = append(opts, option{label: s.Kind.Name(t.lang), value: string(s.Kind)})
	}
	return opts, nil
}

func (h *Handlers) askNewDeadline(t *turn, a answers) string {
	m, err := h.meetingOf(t)
	if err != nil {
		return h.badDate(t)
	}
	kind := answersAs[deadlineAnswers](a).Step
	if kind == meetingDateValue {
		return fmt.Sprintf(msgAskNewMeetingDay.In(t.lang), m.Date.In(t.lang))
	}
	s, _ := m.Step(kind)
	return fmt.Sprintf(msgAskNewDeadline.In(t.lang), kind.Name(t.lang), s.Deadline.In(t.lang))
}

func (h *Handlers) deadlineCheck(t *turn, a answers, text string) (string, string) {
	d, err := orglife.ParseDate(text, h.today(t))
	if err != nil {
		return "", h.badDate(t)
	}
	if answersAs[deadlineAnswers](a).Step == meetingDateValue {
		return h.upcomingDay(t, a, text)
	}
	m, err := h.meetingOf(t)
	if err == nil && m.Date.Before(d) {
		return "", fmt.Sprintf(msgDeadlineAfter.In(t.lang), m.Date.In(t.lang))
	}
	return d.String(), ""
}

func (h *Handlers) saveDeadline(t *turn, a answers) error {
	m, err := h.meetingOf(t)
	if err != nil {
		return err
	}
	x := answersAs[deadlineAnswers](a)
	if x.Date.IsZero() {
		return errNoDate
	}
	d := x.Date
	before := m
	before.Steps = slices.Clone(m.Steps)
	if x.Step == meetingDateValue {
		return h.moveMeeting(t, before, m, d, x.Shift == shiftSteps)
	}
	kind := x.Step
	for i := range m.Steps {
		if m.Steps[i].Kind == kind {
			m.Steps[i].Deadline = d
		}
	}
	if err := h.saveDates(t, before, m); err != nil {
		return err
	}
	return h.conclude(t, fmt.Sprintf(msgDeadlineChanged.In(t.lang), kind.Name(t.lang), d.In(t.lang)))
}

// moveMeeting moves the meeting to day, and its step deadlines by as many days when shift.
func (h *Handlers) moveMeeting(t *turn, before, m orglife.Meeting, day orglife.Date, shift bool) error {
	if shift {
		m.Steps = orglife.ShiftSteps(m.Steps, m.Date.DaysUntil(day), h.worksOn(t))
	}
	m.Date = day
	if err := h.saveDates(t, before, m); err != nil {
		return err
	}
	if !shift {
		return h.conclude(t, fmt.Sprintf(msgMeetingDateSet.In(t.lang), day.In(t.lang)))
	}
	lines, err := h.stepLines(t, m)
	if err != nil {
		return err
	}
	return h.conclude(t, fmt.Sprintf(msgMeetingMovedAll.In(t.lang), day.In(t.lang), lines))
}

// saveDates keeps a meeting whose dates changed, plans its reminders anew and tells those
// concerned of every deadline that moved.
func (h *Handlers) saveDates(t *turn, before, m orglife.Meeting) error {
	m = orglife.MarkMoved(before, m, h.opts.Clock.Now())
	if err := h.records.SaveMeeting(t.ctx, m); err != nil {
		return err
	}
	if err := h.replan(t.ctx, m); err != nil {
		return err
	}
	return h.tellMovedDeadlines(t.ctx, before, m, t.userID)
}

func (h *Handlers) adoptPlan(t *turn) error {
	if _, ok, err := h.currentMeeting(t); err != nil || !ok {
		return err
	}
	return h.startFlow(t, h.flows[flowAdopt], t.branch.ID, nil)
}

func (h *Handlers) saveAdopted(t *turn, a answers) error {
	m, err := h.meetingOf(t)
	if err != nil {
		return err
	}
	x := answersAs[adoptAnswers](a)
	if x.Date.IsZero() {
		return errNoDate
	}
	m.PlanAdopted = x.Date
	if err := h.records.SaveMeeting(t.ctx, m); err != nil {
		return err
	}
	return h.conclude(t, fmt.Sprintf(msgPlanAdopted.In(t.lang), m.PlanAdopted.In(t.lang)))
}

func (h *Handlers) meetingInfo(t *turn) error {
	if _, ok, err := h.currentMeeting(t); err != nil || !ok {
		return err
	}
	return h.startFlow(t, h.flows[flowInfo], t.branch.ID, nil)
}

// askInfo is a /meetinginfo prompt: the question, after what the meeting now has, if anything.
func (h *Handlers) askInfo(q Text, now func(orglife.Meeting) string) func(t *turn, a answers) string {
	return func(t *turn, _ answers) string {
		if now == nil {
			return q.In(t.lang)
		}
		m, err := h.meetingOf(t)
		if err != nil {
			h.log.Warn("meeting info prompt", "branch", t.sess.Branch, "error", err)
			return q.In(t.lang)
		}
		if v := now(m); v != "" {
			return fmt.Sprintf(msgInfoNow.In(t.lang), quote(v)) + q.In(t.lang)
		}
		return q.In(t.lang)
	}
}

// saveInfo keeps the names given; a skipped one stays as it was.
func (h *Handlers) saveInfo(t *turn, a answers) error {
	m, err := h.meetingOf(t)
	if err != nil {
		return fmt.Errorf("meeting info: %w", err)
	}
	x := answersAs[meetingInfoAnswers](a)
	m.Form = x.Form.Or()
	timeBefore := m.Time
	setWhenWhere(&m, x.When)
	for _, f := range []struct {
		to *string
		v  string
	}{
		{&m.Notice, x.Notice}, {&m.Theme, x.Theme}, {&m.Requirement, x.Requirement}, {&m.PlanTitle, x.PlanTitle},
	} {
		if f.v != "" {
			*f.to = f.v
		}
	}
	if err := h.records.SaveMeeting(t.ctx, m); err != nil {
		return fmt.Errorf("meeting info: %w", err)
	}
	if !reflect.DeepEqual(timeBefore, m.Time) { // the morning notice comes earlier for an early meeting
		if err := h.replan(t.ctx, m); err != nil {
			return fmt.Errorf("meeting info: %w", err)
		}
	}
	return h.conclude(t, fmt.Sprintf(msgInfoSaved.In(t.lang), quote(m.Title)))
}

// meetings lists the branch's meetings, newest first; each opens its schedule, so past
// meetings stay readable, and a meeting held gives the secretary its report and ledger.
func (h *Handlers) meetings(t *turn) error {
	ms, err := h.records.Meetings(t.ctx, t.branch.ID)
	if err != nil {
		return err
	}
	if len(ms) == 0 {
		return h.say(t.ctx, t.chatID, msgNoMeeting.In(t.lang))
	}
	var lines []string
	var rows [][]tgbotapi.InlineKeyboardButton
	var kb keyboard
	// The secretary gets each held meeting's report and ledger (the documents are theirs,
	// as /report's are).
	secretary, today, held := t.member.Role == orglife.RoleSecretary, h.today(t), false
	for _, m := range ms {
		mark := ""
		if m.ID == t.branch.CurrentMeeting {
			mark = msgCurrentMark.In(t.lang)
		}
		lines = append(lines, fmt.Sprintf(msgMeetingLine.In(t.lang), quote(m.Title), m.Date.In(t.lang), mark))
		rows = append(rows, tgbotapi.NewInlineKeyboardRow(kb.button(
			m.Date.In(t.lang)+" "+m.Title, buttonData{Kind: kindMeeting, Branch: t.branch.ID, Meeting: m.ID})))
		if secretary && !m.Date.IsZero() && !today.Before(m.Date) {
			held = true
			doc := func(what string) buttonData {
				return buttonData{Kind: kindReport, Branch: t.branch.ID, Meeting: m.ID, Action: what, Format: formatDOCX}
			}
			rows = append(rows, tgbotapi.NewInlineKeyboardRow(
				kb.button(btnMeetingReport.In(t.lang), doc(reportDraft)),
				kb.button(btnMeetingLedger.In(t.lang), doc(reportLedger))))
		}
	}
	markup, err := kb.markup(rows...)
	if err != nil {
		return fmt.Errorf("meetings of branch %s: %w", t.branch.ID, err)
	}
	header := fmt.Sprintf(msgMeetingsHeader.In(t.lang), quote(t.branch.Name))
	if held {
		header += msgMeetingsDocuments.In(t.lang)
	}
	msg := tgbotapi.NewMessage(t.chatID, header+"\n"+strings.Join(lines, "\n"))
	msg.ReplyMarkup = markup
	_, err = h.out.Send(t.ctx, htmlMessage(msg))
	return err
}

// onMeetingButton shows a meeting's schedule to a member of its branch.
func (h *Handlers) onMeetingButton(t *turn, d buttonData) error {
	p, err := h.pressedOn(t, d)
	if err != nil {
		return err
	}
	if !p.isMember || !p.meetingFound {
		return h.stale(t.ctx, t.query, t.lang)
	}
	m := p.meeting
	lines, err := h.stepLines(t, m)
	if err != nil {
		return err
	}
	if err := h.answer(t.ctx, t.query.ID, ""); err != nil {
		return err
	}
	return h.say(t.ctx, t.chatID, scheduleHeader(m, t.lang)+"\n\n"+lines)
}
