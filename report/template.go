package report

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"text/template"
)

// Template is the wording around the data of the meeting report — headings, opening and
// connective sentences — as a Go text/template of named sections ({{define "plan"}}…{{end}}),
// so that a branch can change it without rebuilding. The default is configs/report.tmpl.
//
// Every section is executed with a *View, except "problem" (a ProblemItem, once per paragraph
// of 主要存在问题) and "measure" (a Measure, once per rectification measure). Headings get their
// numbers (一、, （一）) from the compiler. A section's output is split into paragraphs at blank
// lines; the lines of one paragraph are trimmed and joined without spaces. Sections whose
// names start with "_" are helpers the template may call and are not executed on their own.
type Template struct {
	tmpl *template.Template
}

// The sections a template must define, in document order.
var sectionNames = []string{
	"title", "opening",
	"h.prepare", "h.plan", "plan", "h.study", "study", "h.talks", "talks", "h.points", "points",
	"h.meeting", "h.session", "session", "h.problems", "problems", "problem",
	"h.rectify", "rectify", "measure",
}

// itemSections are executed once per item rather than with the View.
var itemSections = map[string]bool{"problem": true, "measure": true}

// funcs are the helpers a template may use.
var funcs = template.FuncMap{
	// pending marks missing data in place: {{pending "到会领导点评"}} → 【待补充：到会领导点评】.
	"pending": pending,
	// ordinal is 一是, 二是 … for the n-th item.
	"ordinal": Ordinal,
	// cn is n in Chinese numerals.
	"cn": ChineseNumeral,
	// level is the mark of item n at heading level 1–4: 一、 （一） 1. （1）.
	"level": Number,
	// join joins the non-empty parts with sep.
	"join": func(sep string, parts ...string) string {
		return strings.Join(slices.DeleteFunc(parts, func(s string) bool { return s == "" }), sep)
	},
	// pick is s when cond holds, else "" (for join).
	"pick": func(cond bool, s string) string {
		if cond {
			return s
		}
		return ""
	},
}

// pending is the in-place mark of data the draft lacks.
func pending(what string) string { return "【待补充：" + what + "】" }

// ParseTemplate reads a report template. Besides syntax errors it refuses a template that
// lacks a section, defines an unknown one (a misspelt name would otherwise be ignored silently),
// has text outside its sections, or uses a field the data does not have — each error says which.
func ParseTemplate(text string) (*Template, error) {
	t, err := template.New("report").Funcs(funcs).Option("missingkey=error").Parse(text)
	if err != nil {
		return nil, fmt.Errorf("report template: %w", err)
	}
	known := map[string]bool{}
	var missing []string
	for _, name := range sectionNames {
		known[name] = true
		if t.Lookup(name) == nil {
			missing = append(missing, `{{define "`+name+`"}}`)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("report template: missing section %s", strings.Join(missing, ", "))
	}
	var unknown []string
	for _, d := range t.Templates() {
		if name := d.Name(); name != "report" && !known[name] && !strings.HasPrefix(name, "_") {
			unknown = append(unknown, strconvQuote(name))
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return nil, fmt.Errorf("report template: unknown section %s (the sections are %s; helper names start with _)",
			strings.Join(unknown, ", "), strings.Join(sectionNames, ", "))
	}
	var root bytes.Buffer
	if err := t.Execute(&root, &View{}); err != nil {
		return nil, fmt.Errorf("report template: %w", err)
	}
	if s := strings.TrimSpace(root.String()); s != "" {
		return nil, fmt.Errorf("report template: text outside {{define}}: %q", clip(s, 30))
	}
	tp := &Template{tmpl: t}
	// Try every section with a full and an empty report, so a misspelt field fails here, when
	// the template is loaded, rather than when a secretary asks for the report.
	for _, v := range []*View{sampleView(), newView(Data{})} {
		for _, name := range sectionNames {
			if itemSections[name] {
				continue
			}
			if _, err := tp.run(name, v); err != nil {
				return nil, fmt.Errorf("report template: %w", err)
			}
		}
	}
	for _, g := range sampleProblems() {
		if _, err := tp.run("problem", g); err != nil {
			return nil, fmt.Errorf("report template: %w", err)
		}
	}
	for _, m := range sampleMeasures() {
		if _, err := tp.run("measure", m); err != nil {
			return nil, fmt.Errorf("report template: %w", err)
		}
	}
	return tp, nil
}

// run executes one section.
func (t *Template) run(name string, data any) (string, error) {
	var b bytes.Buffer
	if err := t.tmpl.ExecuteTemplate(&b, name, data); err != nil {
		return "", fmt.Errorf("section %q: %w", name, unwrapExec(err))
	}
	return b.String(), nil
}

// unwrapExec keeps the template's own message, which names the line and the field.
func unwrapExec(err error) error {
	var e template.ExecError
	if errors.As(err, &e) {
		return e.Err
	}
	return err
}

var blankLine = regexp.MustCompile(`\n[ \t\r]*\n`)

// paragraphs splits a section's output at blank lines and joins the trimmed lines of each.
func paragraphs(s string) []string {
	var out []string
	for _, para := range blankLine.Split(s, -1) {
		var b strings.Builder
		for line := range strings.SplitSeq(para, "\n") {
			b.WriteString(strings.TrimSpace(line))
		}
		if b.Len() > 0 {
			out = append(out, b.String())
		}
	}
	return out
}

func strconvQuote(s string) string { return `"` + s + `"` }

// clip shortens s to at most n characters.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// sampleView is a report with every part filled, to try a template on.
func sampleView() *View {
	v := newView(Data{})
	v.Branch, v.Meeting, v.MeetingDate, v.DateKnown = "示例党支部", "专题组织生活会", "2023年10月9日", true
	v.PlanKnown, v.PlanAdopted = true, "2023年9月20日"
	v.Steps = []StepView{{Name: "学习研讨", Deadline: "2023年9月30日", Responsible: "全体党员"}}
	v.HasStudy, v.StudyCount, v.StudyMembers, v.StudyNotes = true, 6, 3, 1
	v.Collective, v.CollectiveAttendance, v.Seminars, v.SeminarAttendance, v.Speeches, v.SelfStudy, v.OnlineStudy = 1, 3, 1, 3, 2, 3, 1
	v.StudyForms, v.StudyByForm = "集中学习、专题研讨、个人自学、线上学习", "集中学习1次、专题研讨1次、个人自学3人次、线上学习1人次"
	v.StudySessions, v.StudyIndividual = "集中学习1次（参加3人次）、专题研讨1次（参加3人次，交流研讨发言2人次）", "个人自学3人次、线上学习1人次"
	v.StudyHours, v.Topics, v.TopicCount, v.TopicsMore, v.Channels = "4", "示例", 12, 2, "学习强国"
	v.HasTalks, v.TalkCount, v.TalkCommittee, v.TalkCommitteeMember, v.TalkMembers, v.TalkOutside = true, 4, 1, 1, 1, 1
	v.TalkByPairing, v.TalkByForm = "支委之间1次", "面对面4次"
	v.CoverageRequired, v.CoverageGaps = true, "尚有1对规定人员未谈"
	v.HasPoints, v.PointCount, v.PointMembers, v.CommitteePoints, v.MemberPoints, v.AreaCount = true, 2, 2, 1, 1, 1
	v.HasBranchProblems, v.BranchProblemCount, v.BranchProblemsInReport, v.ProblemsCurated = true, 2, 1, true
	v.PointsByArea, v.PointsBySource, v.SourcesUsed = "理论学习2条", "自己找2条", "自己找"
	v.HasOpinions, v.Opinions, v.OpinionPeople = true, 5, 3
	v.Held, v.AttendanceKnown, v.Expected, v.Present, v.Absent, v.Attendance = true, true, 3, 2, 1, "应到3名，实到2名，缺席1名"
	v.HasLeader, v.HasComments, v.LeaderName, v.LeaderComments = true, true, "王某某", "示例。"
	v.Agenda = [4]string{"示例", "示例", "示例", "示例"}
	v.MemberCount = 3
	v.Problems = sampleProblems()
	v.Measures = sampleMeasures()
	v.MeasuresFromLedger = true
	v.HasEarlier, v.CarriedCount, v.CarriedClosed, v.CarriedOpen, v.CarriedProblems = true, 3, 1, 2, 2
	v.CarriedOpenList = "一是示例（正在推进，完成时限2023年12月31日）；二是示例（已完成、待销号）"
	return v
}

// sampleProblems are a branch problem as the committee stated it, one it added directly,
// one without its headline and an automatic group of the points.
func sampleProblems() []ProblemItem {
	return []ProblemItem{
		{Index: 1, Ordinal: "一是", Headline: "示例", HasHeadline: true, Detail: "示例。", Text: "示例。", Curated: true,
			Area: "理论学习", Count: 2, Merged: 2, Members: "甲、乙"},
		{Index: 2, Ordinal: "二是", Headline: "示例", HasHeadline: true, Detail: "示例。", Text: "示例。", Curated: true, Collective: true},
		{Index: 3, Ordinal: "三是", Headline: pending("问题概括"), Detail: pending("具体表现"), Text: pending("具体表现"), Curated: true,
			Area: "工作作风", Count: 1, Merged: 1, Members: "甲"},
		{Index: 4, Ordinal: "四是", Headline: pending("问题概括"), Detail: "示例。", Text: "示例。", Area: "担当作为", Count: 3, Merged: 2, Members: "甲、乙"},
	}
}

func sampleMeasures() []Measure {
	return []Measure{
		{Index: 1, Ordinal: "一是", Text: "示例", Owner: "甲", Deadline: "2023年12月31日", Status: "推进中", Problem: "示例", FromLedger: true},
		{Index: 2, Ordinal: "二是", Area: "理论学习", Text: "示例", Owner: "甲", Deadline: pending("完成时限")},
	}
}
