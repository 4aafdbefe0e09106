package report

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"orglife"
)

// Data is everything a report is compiled from (the caller loads it from the records).
type Data struct {
	BranchName string
	Meeting    orglife.Meeting
	Members    []orglife.Member
	Points     []orglife.Point // withdrawn ones are ignored
	Talks      []orglife.Talk
	Studies    []orglife.Study
	Minutes    *orglife.Minutes // nil when not recorded
	Items      []orglife.RectItem
	Coverage   orglife.CoverageRules
	Loc        *time.Location
}

// View is what the template's sections see: the data counted and written out. Text fields
// that the records lack hold a 【待补充：…】 mark instead, so a template that prints them never
// invents a fact; the Has…/…Known flags let it word the missing case itself.
type View struct {
	Branch      string // the branch's name, ending in 支部 (党支部 is added when it does not)
	Meeting     string // the meeting's title
	MeetingDate string // the day it was held (the minutes), else the day it is planned for
	DateKnown   bool

	// 实施方案
	PlanKnown   bool
	PlanAdopted string     // the day the committee adopted the plan
	Steps       []StepView // the preparation steps after the plan, with their deadlines

	// 学习研讨
	HasStudy     bool
	StudyCount   int    // study records
	StudyMembers int    // members who recorded study
	StudyNotes   int    // records with notes
	StudyForms   string // the forms used: 个人自学、集中学习
	StudyByForm  string // 个人自学3次、集中学习2次
	StudyHours   string // total hours, "" when none were given
	Topics       string // the most studied topics (up to ten), 、-separated
	TopicCount   int    // distinct topics
	TopicsMore   int    // topics not in Topics

	// 谈心谈话 (a talk recorded by both people on the same day counts once)
	HasTalks            bool
	TalkCount           int
	TalkCommittee       int    // 支委之间
	TalkCommitteeMember int    // 支委与党员之间
	TalkMembers         int    // 党员之间
	TalkOutside         int    // with someone outside the bot
	TalkByPairing       string // 支委之间1次、支委与党员之间3次、党员之间2次
	TalkByForm          string // 面对面5次、电话1次
	CoverageRequired    bool   // the branch has coverage rules and at least two members
	CoverageComplete    bool
	CoverageGaps        string // 尚有2对规定人员未谈，1名党员谈话人数未达到要求

	// 查摆问题
	HasPoints       bool
	PointCount      int
	PointMembers    int // members who recorded points
	CommitteePoints int // points of committee members (the committee's list)
	MemberPoints    int
	AreaCount       int    // areas with points
	PointsByArea    string // 理论学习4条、担当作为3条 (document order)
	PointsBySource  string // 自己找5条、互相帮2条
	SourcesUsed     string // 自己找、互相帮

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
	Agenda          [4]string // notes on the four agenda items, "" when none

	MemberCount int

	Problems           []ProblemGroup // 主要存在问题, most-mentioned area first
	Measures           []Measure      // 整改落实
	MeasuresFromLedger bool           // the measures are the rectification items (else the points' own)

	missing []string // what the draft marks 【待补充】, for the preview
}

// StepView is a preparation step as the plan section states it.
type StepView struct {
	Name, Deadline, Responsible string
}

// ProblemGroup is one area of 主要存在问题: its points, near-duplicates merged, in the
// members' own words (first person and names of members removed).
type ProblemGroup struct {
	Index   int
	Ordinal string // 一是, 二是 …
	Area    string
	Count   int    // points in the area
	Merged  int    // distinct problems after merging near-duplicates
	Text    string // the problems, each a sentence ending in 。
	Members string // who raised them (、-separated); printed only if the template asks for it
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
	for _, g := range v.Problems {
		body("problem", g)
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

	v.study(d.Studies)
	if !v.HasStudy {
		v.missing = append(v.missing, "学习研讨记录")
	}
	v.talks(d, ix)
	if !v.HasTalks {
		v.missing = append(v.missing, "谈心谈话记录")
	}
	points := activePoints(d.Points)
	v.points(points, ix)
	if !v.HasPoints {
		v.missing = append(v.missing, "查摆问题")
	}

	// 会议
	if m := d.Minutes; m != nil {
		v.Held = true
		v.Present, v.Absent = len(m.Attending), len(m.Absent)
		v.Expected = v.Present + v.Absent
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
	} else {
		v.LeaderComments = miss("到会领导点评")
	}

	v.Problems = problemGroups(points, ix)
	v.measures(d, points, ix)
	if len(v.Measures) == 0 {
		v.missing = append(v.missing, "整改措施")
	}
	return v
}

func (v *View) study(studies []orglife.Study) {
	if len(studies) == 0 {
		return
	}
	v.HasStudy, v.StudyCount = true, len(studies)
	byForm := map[orglife.StudyForm]int{}
	members := map[int64]bool{}
	topics := map[string]int{}
	var order []string
	var hours float64
	for _, s := range studies {
		byForm[s.Form]++
		members[s.MemberID] = true
		hours += s.Hours
		if s.Notes != "" {
			v.StudyNotes++
		}
		if t := oneLine(s.Topic); t != "" {
			if topics[t] == 0 {
				order = append(order, t)
			}
			topics[t]++
		}
	}
	v.StudyMembers = len(members)
	var forms, counts []string
	for _, f := range orglife.StudyForms {
		if n := byForm[f]; n > 0 {
			forms = append(forms, f.Name(orglife.LangZH))
			counts = append(counts, f.Name(orglife.LangZH)+strconv.Itoa(n)+"次")
		}
	}
	v.StudyForms, v.StudyByForm = strings.Join(forms, "、"), strings.Join(counts, "、")
	if hours > 0 {
		v.StudyHours = strconv.FormatFloat(math.Round(hours*10)/10, 'f', -1, 64)
	}
	slices.SortStableFunc(order, func(a, b string) int { return cmp.Compare(topics[b], topics[a]) })
	v.TopicCount = len(order)
	const maxTopics = 10
	if len(order) > maxTopics {
		v.TopicsMore = len(order) - maxTopics
		order = order[:maxTopics]
	}
	v.Topics = strings.Join(order, "、")
}

func (v *View) talks(d Data, ix memberIndex) {
	type key struct {
		a, b int64
		date orglife.Date
		name string
	}
	seen := map[key]bool{}
	byForm := map[orglife.TalkForm]int{}
	for _, t := range d.Talks {
		k := key{a: t.RecordedBy, date: t.Date, name: oneLine(t.WithName)}
		if t.With != 0 {
			k = key{a: min(t.RecordedBy, t.With), b: max(t.RecordedBy, t.With), date: t.Date}
		}
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
		c := orglife.CheckCoverage(d.Members, d.Talks, r)
		v.CoverageComplete = c.Complete()
		var gaps []string
		if n := len(c.MissingPairs); n > 0 {
			gaps = append(gaps, fmt.Sprintf("尚有%d对规定人员未谈", n))
		}
		if n := len(c.Short); n > 0 {
			gaps = append(gaps, fmt.Sprintf("%d名党员谈话人数未达到要求", n))
		}
		v.CoverageGaps = strings.Join(gaps, "，")
	}
}

func (v *View) points(points []orglife.Point, ix memberIndex) {
	if len(points) == 0 {
		return
	}
	v.HasPoints, v.PointCount = true, len(points)
	byArea := map[orglife.Area]int{}
	bySource := map[orglife.Source]int{}
	members := map[int64]bool{}
	for _, p := range points {
		byArea[p.Area]++
		bySource[p.Source]++
		members[p.MemberID] = true
		if ix.committee(p.MemberID) {
			v.CommitteePoints++
		}
	}
	v.MemberPoints = v.PointCount - v.CommitteePoints
	v.PointMembers = len(members)
	var names []string
	var counts []int
	for _, a := range orglife.Areas {
		names, counts = append(names, a.Name(orglife.LangZH)), append(counts, byArea[a])
		if byArea[a] > 0 {
			v.AreaCount++
		}
	}
	v.PointsByArea = countList(names, counts, "条")
	names, counts = names[:0], counts[:0]
	var used []string
	for _, s := range orglife.Sources {
		names, counts = append(names, s.Name(orglife.LangZH)), append(counts, bySource[s])
		if bySource[s] > 0 {
			used = append(used, s.Name(orglife.LangZH))
		}
	}
	v.PointsBySource = countList(names, counts, "条")
	v.SourcesUsed = strings.Join(used, "、")
}

// measures are the rectification items when there are any, else the measures the members
// wrote with their points, one paragraph per area in the order of 主要存在问题.
func (v *View) measures(d Data, points []orglife.Point, ix memberIndex) {
	if len(d.Items) > 0 {
		v.MeasuresFromLedger = true
		for i, it := range sortedItems(d.Items) {
			m := Measure{Index: i + 1, Ordinal: Ordinal(i + 1), Text: trimEnd(oneLine(it.Measure)), FromLedger: true,
				Problem: trimEnd(oneLine(it.Problem)), Status: it.Status.Name(orglife.LangZH)}
			if m.Text == "" {
				m.Text = v.miss("第" + strconv.Itoa(i+1) + "项整改措施内容")
			}
			if it.Owner == 0 {
				m.Owner = v.miss("责任人")
			} else {
				m.Owner = ix.ownerName(it.Owner)
			}
			if it.Deadline.IsZero() {
				m.Deadline = v.miss("完成时限")
			} else {
				m.Deadline = it.Deadline.Chinese()
			}
			v.Measures = append(v.Measures, m)
		}
		return
	}
	byArea := map[orglife.Area][]orglife.Point{}
	for _, p := range points {
		if strings.TrimSpace(p.Measure) != "" {
			byArea[p.Area] = append(byArea[p.Area], p)
		}
	}
	for _, a := range areaOrder(points) {
		ps := byArea[a]
		if len(ps) == 0 {
			continue
		}
		texts := make([]string, len(ps))
		for i, p := range ps {
			texts[i] = p.Measure
		}
		var b strings.Builder
		for _, c := range mergeTexts(texts) {
			b.WriteString(sentence(ownWords(texts[c.rep])))
		}
		n := len(v.Measures) + 1
		v.Measures = append(v.Measures, Measure{Index: n, Ordinal: Ordinal(n), Area: areaName(a),
			// The members proposed these; who carries them out is the committee's decision.
			Text: ix.scrub(trimEnd(b.String())), Owner: v.miss("责任人"), Deadline: v.miss("完成时限")})
	}
}

// miss records a missing part once and returns its mark.
func (v *View) miss(what string) string {
	if !slices.Contains(v.missing, what) {
		v.missing = append(v.missing, what)
	}
	return pending(what)
}

// problemGroups is 主要存在问题: the points by area, the most-mentioned area first (ties in
// document order), near-duplicates merged, each group's problems most-raised first.
func problemGroups(points []orglife.Point, ix memberIndex) []ProblemGroup {
	byArea := map[orglife.Area][]orglife.Point{}
	for _, p := range points {
		byArea[p.Area] = append(byArea[p.Area], p)
	}
	var out []ProblemGroup
	for _, a := range areaOrder(points) {
		ps := byArea[a]
		texts := make([]string, len(ps))
		for i, p := range ps {
			texts[i] = p.Problem
		}
		clusters := mergeTexts(texts)
		var b strings.Builder
		for _, c := range clusters {
			b.WriteString(sentence(ownWords(texts[c.rep])))
		}
		var who []int64
		for _, p := range ps {
			if !slices.Contains(who, p.MemberID) {
				who = append(who, p.MemberID)
			}
		}
		n := len(out) + 1
		out = append(out, ProblemGroup{Index: n, Ordinal: Ordinal(n), Area: areaName(a), Count: len(ps),
			Merged: len(clusters), Text: ix.scrub(b.String()), Members: ix.names(who, 0)})
	}
	return out
}

// areaOrder lists the areas that have points, the most points first, ties in document order.
func areaOrder(points []orglife.Point) []orglife.Area {
	count := map[orglife.Area]int{}
	var areas []orglife.Area
	for _, p := range points {
		if count[p.Area] == 0 {
			areas = append(areas, p.Area)
		}
		count[p.Area]++
	}
	slices.SortFunc(areas, func(a, b orglife.Area) int {
		return cmp.Or(cmp.Compare(count[b], count[a]), cmp.Compare(areaRank(a), areaRank(b)), cmp.Compare(a, b))
	})
	return areas
}

// Near-duplicates. Two texts are near-duplicates when, after normalising (punctuation,
// spaces and a leading 我/本人/自己 removed), they are equal, or the shorter one (at least
// minContained characters) is contained in the longer, or their sets of character bigrams
// overlap with a Dice coefficient of at least minDice.
const (
	minContained = 6
	minDice      = 0.6
)

// textKey is a text prepared for comparison.
type textKey struct {
	norm  string
	runes int
	grams []uint64 // distinct character bigrams, sorted
}

func keyOf(s string) textKey {
	var b strings.Builder
	for _, r := range stripSubject(strings.TrimSpace(s)) {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	k := textKey{norm: b.String()}
	rs := []rune(k.norm)
	k.runes = len(rs)
	for i := 0; i+1 < len(rs); i++ {
		k.grams = append(k.grams, uint64(rs[i])<<32|uint64(rs[i+1]))
	}
	slices.Sort(k.grams)
	k.grams = slices.Compact(k.grams)
	return k
}

// nearDuplicate reports whether two texts say the same thing (see above).
func nearDuplicate(a, b string) bool { return near(keyOf(a), keyOf(b)) }

func near(a, b textKey) bool {
	if a.norm == b.norm {
		return true
	}
	short, long := a, b
	if short.runes > long.runes {
		short, long = long, short
	}
	if short.runes >= minContained && strings.Contains(long.norm, short.norm) {
		return true
	}
	na, nb := len(a.grams), len(b.grams)
	if na == 0 || nb == 0 || float64(2*min(na, nb)) < minDice*float64(na+nb) {
		return false
	}
	common, i, j := 0, 0, 0
	for i < na && j < nb {
		switch {
		case a.grams[i] < b.grams[j]:
			i++
		case a.grams[i] > b.grams[j]:
			j++
		default:
			common++
			i++
			j++
		}
	}
	return float64(2*common) >= minDice*float64(na+nb)
}

// cluster is a group of near-duplicate texts, represented by its longest (most detailed) one.
type cluster struct {
	rep, first, count int
	key               textKey
}

// mergeTexts groups near-duplicate texts; the groups come most-repeated first, ties in the
// order of their first text. Each text joins the first group whose representative it
// nearly duplicates; a longer text becomes the representative.
func mergeTexts(texts []string) []cluster {
	var cs []cluster
	for i, t := range texts {
		k := keyOf(t)
		if k.runes == 0 {
			continue
		}
		joined := false
		for j := range cs {
			if near(k, cs[j].key) {
				cs[j].count++
				if k.runes > cs[j].key.runes {
					cs[j].rep, cs[j].key = i, k
				}
				joined = true
				break
			}
		}
		if !joined {
			cs = append(cs, cluster{rep: i, first: i, count: 1, key: k})
		}
	}
	slices.SortStableFunc(cs, func(a, b cluster) int { return cmp.Compare(b.count, a.count) })
	return cs
}

// Text helpers.

const closing = "。．.！!；;，,、：: \t"

// oneLine joins a text's lines, with 。 where a line ends without punctuation.
func oneLine(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r", ""))
	if !strings.Contains(s, "\n") {
		return s
	}
	var b strings.Builder
	for line := range strings.SplitSeq(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if b.Len() > 0 {
			if r, _ := utf8.DecodeLastRuneInString(b.String()); !strings.ContainsRune(closing, r) {
				b.WriteString("；")
			}
		}
		b.WriteString(line)
	}
	return b.String()
}

// stripSubject removes a leading 我 (not 我们), 本人 or 自己: the report speaks of the branch.
func stripSubject(s string) string {
	for {
		switch {
		case strings.HasPrefix(s, "本人"):
			s = strings.TrimPrefix(s, "本人")
		case strings.HasPrefix(s, "自己"):
			s = strings.TrimPrefix(s, "自己")
		case strings.HasPrefix(s, "我") && !strings.HasPrefix(s, "我们"):
			s = strings.TrimPrefix(s, "我")
		default:
			return strings.TrimLeft(s, "，,、：: ")
		}
	}
}

// ownWords is a member's text as the report quotes it.
func ownWords(s string) string { return stripSubject(oneLine(s)) }

// trimEnd removes the final punctuation.
func trimEnd(s string) string { return strings.TrimRight(s, closing) }

// sentence is s ending with a full stop (or the ！/？ it ends with).
func sentence(s string) string {
	s = oneLine(s)
	if strings.HasSuffix(s, "！") || strings.HasSuffix(s, "？") || strings.HasSuffix(s, "?") {
		return s
	}
	s = trimEnd(s)
	if s == "" {
		return ""
	}
	return s + "。"
}

// countList writes the non-zero counts: 理论学习4条、担当作为3条.
func countList(names []string, counts []int, unit string) string {
	var parts []string
	for i, n := range counts {
		if n > 0 {
			parts = append(parts, names[i]+strconv.Itoa(n)+unit)
		}
	}
	return strings.Join(parts, "、")
}

// Members.

const unknownMember = "（已不在支部）"

type memberIndex struct {
	byID     map[int64]orglife.Member
	order    map[int64]int
	replacer *strings.Replacer // member names → 某同志
}

func indexMembers(members []orglife.Member) memberIndex {
	ix := memberIndex{byID: make(map[int64]orglife.Member, len(members)), order: make(map[int64]int, len(members))}
	var names []string
	for i, m := range members {
		ix.byID[m.UserID] = m
		ix.order[m.UserID] = i
		if n := strings.TrimSpace(m.Name); utf8.RuneCountInString(n) >= 2 {
			names = append(names, n)
		}
	}
	// Longest first, so that a name containing another is replaced whole.
	slices.SortFunc(names, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
	var pairs []string
	for _, n := range names {
		pairs = append(pairs, n+"同志", "某同志")
	}
	for _, n := range names {
		pairs = append(pairs, n, "某同志")
	}
	if len(pairs) > 0 {
		ix.replacer = strings.NewReplacer(pairs...)
	}
	return ix
}

func (ix memberIndex) committee(id int64) bool { return ix.byID[id].IsCommittee() }

// scrub replaces the members' names in a text.
func (ix memberIndex) scrub(s string) string {
	if ix.replacer == nil {
		return s
	}
	return ix.replacer.Replace(s)
}

func (ix memberIndex) ownerName(id int64) string {
	if id == 0 {
		return pending("责任人")
	}
	if m, ok := ix.byID[id]; ok && m.Name != "" {
		return m.Name
	}
	return unknownMember
}

// names lists members by name, at most limit of them (0: all) and then 等N名同志.
func (ix memberIndex) names(ids []int64, limit int) string {
	var out []string
	for _, id := range ids {
		if limit > 0 && len(out) == limit {
			return strings.Join(out, "、") + "等" + strconv.Itoa(len(ids)) + "名同志"
		}
		out = append(out, ix.ownerName(id))
	}
	return strings.Join(out, "、")
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
