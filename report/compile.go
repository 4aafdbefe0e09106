package report

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"orglife"
)

// Data is everything a report is compiled from (the caller loads it from the records).
type Data struct {
	BranchName string
	Meeting    orglife.Meeting
	Members    []orglife.Member
	Points     []orglife.Point // withdrawn ones are ignored
	// BranchProblems are the committee's statement of the branch's problems (removed ones
	// are ignored): 主要存在问题 and the committee's list are written from them.
	BranchProblems []orglife.BranchProblem
	Talks          []orglife.Talk
	Studies        []orglife.Study
	Minutes        *orglife.Minutes // nil when not recorded
	Items          []orglife.RectItem
	Coverage       orglife.CoverageRules
	Loc            *time.Location

	// Sessions are the collective study sessions (集中学习, 专题研讨), each recorded once.
	Sessions []orglife.StudySession

	// Opinions counts the meeting's 征求意见 (opinions and people); nil when none was held.
	Opinions *orglife.OpinionTally

	// Carried is the rectification of the branch's previous meeting (上次整改落实情况); nil
	// for a branch's first meeting.
	Carried *orglife.Carried
	// EarlierPoints are the points of that previous meeting (withdrawn ones are ignored): a
	// member's material accounts for what they found then (上次查摆问题整改落实情况).
	EarlierPoints []orglife.Point

	// Ballot is the meeting's 民主评议党员, nil when it has none: the report then has a
	// 民主评议结果 part after 主要存在问题 (see appraisal.go).
	Ballot *orglife.Ballot
}

// View is what the template's sections see: the data counted and written out. Text fields
// that the records lack hold a 【待补充：…】 mark instead, so a template that prints them never
// invents a fact; the Has…/…Known flags let it word the missing case itself.
type View struct {
	Branch      string // the branch's name, ending in 支部 (党支部 is added when it does not)
	Meeting     string // the meeting's title
	MeetingDate string // the day it was held (the minutes), else the day it is planned for
	DateKnown   bool
	// The names the opening and the plan quote; a missing one holds a 【待补充】 mark.
	Notice      string // the superior's notice, in 《》
	Theme       string // the theme, to be followed by 主题
	Requirement string // the 总要求, to be followed by 总要求
	Form        string // 党员大会 (the default), 支部委员会 or 党小组会
	Attendees   string // who sits in a meeting of that form: 党员, or 支委 at a 支部委员会
	PlanTitle   string // the implementation plan, in 《》

	// 实施方案
	PlanKnown   bool
	PlanAdopted string     // the day the committee adopted the plan
	Steps       []StepView // the preparation steps after the plan, with their deadlines

	// 学习研讨: a collective session counts once, with its attendance in 人次; individual
	// study one per record, in 人次 (orglife.TallyStudy).
	HasStudy             bool
	StudyForms           string // the forms used: 集中学习、专题研讨、个人自学、线上学习
	StudyCount           int    // sessions (each once) and individual records
	StudyMembers         int    // members who took part, present or studying alone
	StudyByForm          string // 集中学习2次、专题研讨1次、个人自学12人次、线上学习8人次
	Collective           int    // 集中学习 sessions
	CollectiveAttendance int    // present at them, in 人次
	Seminars             int    // 专题研讨 sessions
	SeminarAttendance    int
	Speeches             int    // 研讨发言 given at the sessions, in 人次
	SelfStudy            int    // 个人自学 records (人次)
	OnlineStudy          int    // 线上学习 records (人次)
	StudySessions        string // 集中学习2次（参加15人次）、专题研讨1次（参加7人次，交流研讨发言6人次）
	StudyIndividual      string // 个人自学12人次、线上学习8人次
	StudyHours           string // the sessions' hours, each session once; "" when none
	StudyNotes           int    // individual records with notes (学习笔记)
	Topics               string // the most studied topics (up to ten), 、-separated; never a platform
	TopicCount           int    // distinct topics
	TopicsMore           int    // topics not in Topics
	Channels             string // the platforms of online study: 学习强国、中国干部网络学院

	// 谈心谈话 (a talk recorded by both people on the same day counts once). Only the talks
	// that count are counted (orglife.Talk.Counts), as in /status: a record its partner has
	// not confirmed yet, or said 有出入 about, is not the branch's account of a talk yet;
	// the coverage tells those pairs apart from pairs that did not talk.
	HasTalks            bool
	TalkCount           int
	TalkCommittee       int    // 支委之间
	TalkCommitteeMember int    // 支委与党员之间
	TalkMembers         int    // 党员之间
	TalkOutside         int    // with someone outside the bot
	TalkByPairing       string // 支委之间1次、支委与党员之间3次、党员之间2次
	TalkByForm          string // 面对面5次、电话1次
	TalkUnconfirmed     int    // talks recorded that do not count yet (each once), for the preview
	CoverageRequired    bool   // the branch has coverage rules and at least two members
	CoverageComplete    bool
	CoverageGaps        string // 尚有2对规定人员未谈，1对规定人员的谈话记录尚待确认，1名党员谈话人数未达到要求

	// 查摆问题: the members' own points (党员个人问题清单)
	HasPoints       bool
	PointCount      int
	PointMembers    int    // members who recorded points
	CommitteePoints int    // of the points, those of committee members (still their personal ones)
	MemberPoints    int    // of the points, those of the other members
	AreaCount       int    // areas with points
	PointsByArea    string // 理论学习4条、担当作为3条 (document order)
	PointsBySource  string // 自己找5条、互相帮2条
	SourcesUsed     string // 自己找、互相帮

	// 征求意见: the opinions collected before the meeting and from how many people
	HasOpinions   bool
	Opinions      int
	OpinionPeople int

	// 支部委员会（班子）问题: the branch problems the committee stated (its list)
	HasBranchProblems      bool
	BranchProblemCount     int // not removed
	BranchProblemsInReport int // of them, those 主要存在问题 states

	// 会议
	Held            bool // the minutes are recorded
	AttendanceKnown bool
	Expected        int
	Present         int
	Absent          int
	Attendance      string // 应到7名，实到6名，缺席1名
	HasLeader       bool
	LeaderName      string
	HasComments     bool
	LeaderComments  string    // ends with a full stop
	LeaderSays      string    // the comments as the leader's sentence: 王某同志对…给予肯定，指出…
	Agenda          [4]string // notes on the four agenda items, "" when none

	MemberCount int

	// 主要存在问题: the branch problems marked for the report, in their order; before the
	// committee stated any, the points grouped by area (most-mentioned first), ProblemsCurated
	// false and a 【待补充：问题概括】 mark where each headline goes.
	Problems           []ProblemItem
	ProblemsCurated    bool
	Measures           []Measure // 整改落实
	MeasuresFromLedger bool      // the measures are the rectification items (else the points' own)

	// 上次整改落实情况: the rectification of the branch's previous meeting, when it had one.
	HasEarlier      bool   // the branch held a meeting before this one
	CarriedCount    int    // its rectification items (0: none recorded)
	CarriedClosed   int    // of them, closed (已整改销号)
	CarriedOpen     int    // still open (正在整改)
	CarriedOpenList string // each open one with its status: 一是…（正在推进，完成时限…）；二是…
	CarriedProblems int    // the branch problems it stated (支部班子问题), for when it has no items

	missing []string // what the draft marks 【待补充】, for the preview
}

// StepView is a preparation step as the plan section states it.
type StepView struct {
	Name, Deadline, Responsible string
}

// ProblemItem is one paragraph of 主要存在问题: a branch problem as the committee stated it
// (Curated), or before it stated any, the points of one area, near-duplicates merged, in the
// branch's voice (first person, reported speech and names of members removed).
type ProblemItem struct {
	Index       int
	Ordinal     string // 一是, 二是 …
	Headline    string // one clause without a full stop (理论学习的系统性不强), else a 【待补充：问题概括】 mark
	HasHeadline bool
	Detail      string // 具体表现, sentences ending in 。, else a 【待补充：具体表现】 mark
	Text        string // the same as Detail (the name templates used before branch problems)
	Curated     bool   // stated by the committee
	Collective  bool   // added by the committee directly (集体议), gathering no points
	Area        string // the area it was gathered from; "" for one added directly
	Count       int    // the members' points it gathers
	Merged      int    // distinct problems among them after merging near-duplicates (automatic groups)
	Members     string // who raised them (、-separated); printed only if the template asks for it
}

// Measure is one rectification measure.
type Measure struct {
	Index      int
	Ordinal    string
	Area       string // the area, for measures gathered from the points; "" for ledger items
	Text       string // without a final full stop
	Owner      string
	Deadline   string
	Status     string // ledger items: 未开始/推进中/…
	Problem    string // ledger items: the problem it answers
	FromLedger bool
}

// Compile builds the meeting report following the seed's structure section by section:
// title and opening; 一、会前准备 （一）实施方案 （二）学习研讨 （三）谈心谈话 （四）查摆剖析;
// 二、（一）会议开展情况 （二）主要存在问题; 三、整改落实.
func Compile(d Data, t *Template) (Document, error) {
	if t == nil {
		return Document{}, errors.New("report: compile: no template")
	}
	v := newView(d)
	var doc Document
	var errs []error
	text := func(name string, data any) []string {
		s, err := t.run(name, data)
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		return paragraphs(s)
	}
	body := func(name string, data any) {
		for _, p := range text(name, data) {
			doc.Blocks = append(doc.Blocks, Block{Kind: KindBody, Text: p})
		}
	}
	heading := func(kind Kind, mark, name string) {
		doc.Blocks = append(doc.Blocks, Block{Kind: kind, Text: mark + strings.Join(text(name, v), "")})
	}

	doc.Title = strings.Join(text("title", v), "")
	if strings.TrimSpace(d.BranchName) != "" {
		doc.Author = v.Branch
	}
	doc.Blocks = append(doc.Blocks, Block{Kind: KindTitle, Text: doc.Title})
	body("opening", v)

	heading(KindHeading1, Number(1, 1), "h.prepare")
	for i, s := range []string{"plan", "study", "talks", "points"} {
		heading(KindHeading2, Number(2, i+1), "h."+s)
		body(s, v)
	}

	heading(KindHeading1, Number(1, 2), "h.meeting")
	heading(KindHeading2, Number(2, 1), "h.session")
	body("session", v)
	heading(KindHeading2, Number(2, 2), "h.problems")
	body("problems", v)
	for _, p := range v.Problems {
		body("problem", p)
	}
	if p := appraisalParagraph(d, indexMembers(d.Members)); p != "" {
		doc.Blocks = append(doc.Blocks, Block{Kind: KindHeading2, Text: Number(2, 3) + "民主评议结果"}, Block{Kind: KindBody, Text: p})
	}

	heading(KindHeading1, Number(1, 3), "h.rectify")
	body("rectify", v)
	for _, m := range v.Measures {
		body("measure", m)
	}
	if len(errs) > 0 {
		return Document{}, fmt.Errorf("report: compile %s: %w", meetingTitle(d), errors.Join(errs...))
	}
	return doc, nil
}

// newView counts and writes out the data.
func newView(d Data) *View {
	v := &View{MemberCount: len(d.Members)}
	ix := indexMembers(d.Members)
	miss := v.miss

	v.Branch = branchName(d)
	if strings.TrimSpace(d.BranchName) == "" {
		v.missing = append(v.missing, "支部名称")
	}
	v.Meeting = meetingTitle(d)
	if strings.TrimSpace(d.Meeting.Title) == "" {
		v.missing = append(v.missing, "会议名称")
	}
	date := d.Meeting.Date
	if d.Minutes != nil && !d.Minutes.Date.IsZero() {
		date = d.Minutes.Date
	}
	if v.DateKnown = !date.IsZero(); v.DateKnown {
		v.MeetingDate = date.Chinese()
	} else {
		v.MeetingDate = miss("会议日期")
	}

	v.Notice = quoted(d.Meeting.Notice, miss, "上级通知名称")
	v.Theme = orMiss(d.Meeting.Theme, miss, "会议主题")
	v.Requirement = orMiss(d.Meeting.Requirement, miss, "总要求")
	v.Form = d.Meeting.Form.Name(orglife.LangZH)
	v.Attendees = d.Meeting.Form.Attendees(orglife.LangZH)
	v.PlanTitle = quoted(d.Meeting.PlanTitle, miss, "实施方案名称")

	// 实施方案
	if v.PlanKnown = !d.Meeting.PlanAdopted.IsZero(); v.PlanKnown {
		v.PlanAdopted = d.Meeting.PlanAdopted.Chinese()
	} else {
		v.PlanAdopted = miss("支委会研究通过实施方案的日期")
	}
	for _, s := range d.Meeting.Steps {
		if s.Kind == orglife.StepPlan || s.Deadline.IsZero() {
			continue
		}
		who := "全体党员"
		if s.Responsible == orglife.BySecretary {
			who = "支部书记"
		}
		v.Steps = append(v.Steps, StepView{Name: s.Kind.Name(orglife.LangZH), Deadline: s.Deadline.Chinese(), Responsible: who})
	}

	v.study(d.Studies, d.Sessions)
	if !v.HasStudy {
		v.missing = append(v.missing, "学习研讨记录")
	}
	v.talks(d, ix)
	if !v.HasTalks {
		v.missing = append(v.missing, "谈心谈话记录")
	}
	points := activePoints(d.Points)
	v.points(points, ix)
	if o := d.Opinions; o != nil && o.Opinions > 0 {
		v.HasOpinions, v.Opinions, v.OpinionPeople = true, o.Opinions, o.People
	}
	if !v.HasPoints {
		v.missing = append(v.missing, "查摆问题")
	}

	// 会议
	if m := d.Minutes; m != nil {
		v.Held = true
		v.Expected, v.Present = m.Attendance() // as recorded, whoever has left since
		v.Absent = v.Expected - v.Present
		if v.AttendanceKnown = v.Present > 0; v.AttendanceKnown {
			v.Attendance = fmt.Sprintf("应到%d名，实到%d名", v.Expected, v.Present)
			if v.Absent > 0 {
				v.Attendance += fmt.Sprintf("，缺席%d名", v.Absent)
			}
		}
		for i, a := range m.Agenda {
			v.Agenda[i] = trimEnd(oneLine(a))
		}
	} else {
		v.missing = append(v.missing, "会议记录")
	}
	if !v.AttendanceKnown {
		v.Attendance = miss("参会人数（应到/实到）")
	}
	if d.Minutes != nil && strings.TrimSpace(d.Minutes.LeaderName) != "" {
		v.HasLeader, v.LeaderName = true, oneLine(d.Minutes.LeaderName)
	} else {
		v.LeaderName = miss("到会指导领导姓名")
	}
	if d.Minutes != nil && strings.TrimSpace(d.Minutes.LeaderComments) != "" {
		v.HasComments, v.LeaderComments = true, sentence(d.Minutes.LeaderComments)
		v.LeaderSays = leaderSays(v.LeaderName, v.LeaderComments)
	} else {
		v.LeaderComments = miss("到会领导点评")
	}

	v.problems(d.BranchProblems, points, ix)
	v.measures(d, points, ix)
	v.carried(d.Carried, ix)
	if len(v.Measures) == 0 {
		v.missing = append(v.missing, "整改措施")
	}
	return v
}

func (v *View) study(studies []orglife.Study, sessions []orglife.StudySession) {
	t := orglife.TallyStudy(studies, sessions)
	if t.Empty() {
		return
	}
	v.HasStudy = true
	v.Collective, v.CollectiveAttendance = t.Collective, t.CollectiveAttendance
	v.Seminars, v.SeminarAttendance, v.Speeches = t.Seminars, t.SeminarAttendance, t.Speeches
	v.SelfStudy, v.OnlineStudy, v.StudyNotes = t.Self, t.Online, t.Notes
	v.StudyCount, v.StudyMembers = len(t.Sessions)+t.Self+t.Online, t.Members

	collective, seminar := orglife.SessionCollective.Name(orglife.LangZH), orglife.SessionSeminar.Name(orglife.LangZH)
	self, online := orglife.StudySelf.Name(orglife.LangZH), orglife.StudyOnline.Name(orglife.LangZH)
	var forms, sessionParts []string
	if t.Collective > 0 {
		forms = append(forms, collective)
		sessionParts = append(sessionParts, fmt.Sprintf("%s%d次（参加%d人次）", collective, t.Collective, t.CollectiveAttendance))
	}
	if t.Seminars > 0 {
		forms = append(forms, seminar)
		part := fmt.Sprintf("%s%d次（参加%d人次", seminar, t.Seminars, t.SeminarAttendance)
		if t.Speeches > 0 {
			part += fmt.Sprintf("，交流研讨发言%d人次", t.Speeches)
		}
		sessionParts = append(sessionParts, part+"）")
	}
	v.StudySessions = strings.Join(sessionParts, "、")
	v.StudyIndividual = countList([]string{self, online}, []int{t.Self, t.Online}, "人次")
	if t.Self > 0 {
		forms = append(forms, self)
	}
	if t.Online > 0 {
		forms = append(forms, online)
	}
	v.StudyForms = strings.Join(forms, "、")
	v.StudyByForm = strings.Join(slices.DeleteFunc([]string{
		countList([]string{collective, seminar}, []int{t.Collective, t.Seminars}, "次"), v.StudyIndividual,
	}, func(s string) bool { return s == "" }), "、")
	if t.SessionHours > 0 {
		v.StudyHours = strconv.FormatFloat(math.Round(t.SessionHours*10)/10, 'f', -1, 64)
	}

	v.TopicCount = len(t.Topics)
	topics := t.Topics
	const maxTopics = 10
	if len(topics) > maxTopics {
		v.TopicsMore = len(topics) - maxTopics
		topics = topics[:maxTopics]
	}
	names := make([]string, 0, len(topics))
	for _, tc := range topics {
		names = append(names, oneLine(tc.Topic))
	}
	v.Topics = strings.Join(names, "、")
	v.Channels = strings.Join(t.Channels, "、")
}

func (v *View) talks(d Data, ix memberIndex) {
	type key struct {
		a, b int64
		date orglife.Date
		name string
	}
	seen := map[key]bool{}
	byForm := map[orglife.TalkForm]int{}
	inBranch := func(id int64) bool { _, ok := ix.byID[id]; return ok }
	keyOf := func(t orglife.Talk) key {
		if t.With != 0 {
			return key{a: min(t.RecordedBy, t.With), b: max(t.RecordedBy, t.With), date: t.Date}
		}
		return key{a: t.RecordedBy, date: t.Date, name: oneLine(t.WithName)}
	}
	unconfirmed := map[key]bool{}
	for _, t := range orglife.LiveTalks(d.Talks) {
		if !t.Counts(inBranch) {
			unconfirmed[keyOf(t)] = true
			continue
		}
		k := keyOf(t)
		if seen[k] {
			continue
		}
		seen[k] = true
		v.TalkCount++
		byForm[t.Form]++
		switch {
		case t.With == 0:
			v.TalkOutside++
		case ix.committee(t.RecordedBy) && ix.committee(t.With):
			v.TalkCommittee++
		case ix.committee(t.RecordedBy) || ix.committee(t.With):
			v.TalkCommitteeMember++
		default:
			v.TalkMembers++
		}
	}
	v.HasTalks = v.TalkCount > 0
	for k := range unconfirmed {
		if !seen[k] {
			v.TalkUnconfirmed++
		}
	}
	v.TalkByPairing = countList([]string{"支委之间", "支委与党员之间", "党员之间", "与支部外人员"},
		[]int{v.TalkCommittee, v.TalkCommitteeMember, v.TalkMembers, v.TalkOutside}, "次")
	var names []string
	var counts []int
	for _, f := range orglife.TalkForms {
		names, counts = append(names, f.Name(orglife.LangZH)), append(counts, byForm[f])
	}
	v.TalkByForm = countList(names, counts, "次")

	r := d.Coverage
	v.CoverageRequired = (r.CommitteePairs || r.SecretaryWithAll || r.MinPerMember > 0) && len(d.Members) > 1
	if v.CoverageRequired {
		// Coverage counts confirmed talks only (orglife.Talk.Counts), as /status does; a
		// required pair whose talk is recorded but not confirmed yet did talk, and is
		// told apart from one that did not.
		c := orglife.CheckCoverage(d.Members, d.Talks, r)
		v.CoverageComplete = c.Complete()
		underWay := map[orglife.Pair]bool{}
		for _, o := range c.Open {
			underWay[orglife.Pair{A: min(o.By, o.With), B: max(o.By, o.With)}] = true
		}
		notTalked, unconfirmed := 0, 0
		for _, p := range c.MissingPairs {
			if underWay[p] {
				unconfirmed++
			} else {
				notTalked++
			}
		}
		var gaps []string
		if notTalked > 0 {
			gaps = append(gaps, fmt.Sprintf("尚有%d对规定人员未谈", notTalked))
		}
		if unconfirmed > 0 {
			gaps = append(gaps, fmt.Sprintf("%d对规定人员的谈话记录尚待确认", unconfirmed))
		}
		if n := len(c.Short); n > 0 {
			gaps = append(gaps, fmt.Sprintf("%d名党员谈话人数未达到要求", n))
		}
		v.CoverageGaps = strings.Join(gaps, "，")
	}
}

// miss records a missing part once and returns its mark.
func (v *View) miss(what string) string {
	if !slices.Contains(v.missing, what) {
		v.missing = append(v.missing, what)
	}
	return pending(what)
}

// orMiss is a name as the records hold it, on one line, else the mark of what is missing.
func orMiss(s string, miss func(string) string, what string) string {
	if s = oneLine(s); s != "" {
		return s
	}
	return miss(what)
}

// quoted is a title in 《》, else the mark of what is missing (a mark is not put in 《》,
// which would leave the brackets standing once the secretary fills it in).
func quoted(s string, miss func(string) string, what string) string {
	if s = strings.Trim(oneLine(s), "《》"); s != "" {
		return "《" + s + "》"
	}
	return miss(what)
}

// commentOpenings begin comments that read on from 「某某同志」 as the seed's do
// (「XX同志对支部党建工作给予肯定，…指出…，提出…」).
var commentOpenings = []string{"对", "指出", "提出", "表示", "强调", "要求", "希望", "认为", "肯定", "充分肯定", "给予", "就", "围绕", "从"}

// leaderSays makes the leader's comments one sentence with the leader as its subject. A
// comment that already opens with a verb or 对… follows the name; other wording is what the
// leader pointed out (「指出，…」), never 「指出：对…」 which doubles the verb.
func leaderSays(name, comments string) string {
	if strings.HasPrefix(comments, name) {
		return comments
	}
	who := name
	if !strings.HasSuffix(who, "同志") {
		who += "同志"
	}
	for _, o := range commentOpenings {
		if strings.HasPrefix(comments, o) {
			return who + comments
		}
	}
	return who + "指出，" + comments
}

// Records.

func activePoints(points []orglife.Point) []orglife.Point {
	out := make([]orglife.Point, 0, len(points))
	for _, p := range points {
		if !p.Withdrawn {
			out = append(out, p)
		}
	}
	return out
}

func areaRank(a orglife.Area) int {
	if i := slices.Index(orglife.Areas, a); i >= 0 {
		return i
	}
	return len(orglife.Areas)
}

func areaName(a orglife.Area) string {
	if a.Valid() {
		return a.Name(orglife.LangZH)
	}
	return "其他"
}

func sourceName(s orglife.Source) string {
	if s.Valid() {
		return s.Name(orglife.LangZH)
	}
	return ""
}

// branchName is the branch's name as documents write it: 党支部 is added to a name that
// does not end in 支部.
func branchName(d Data) string {
	n := oneLine(d.BranchName)
	switch {
	case n == "":
		return pending("支部名称")
	case strings.HasSuffix(n, "支部"):
		return n
	}
	return n + "党支部"
}

func meetingTitle(d Data) string {
	if t := oneLine(d.Meeting.Title); t != "" {
		return t
	}
	return pending("会议名称")
}
