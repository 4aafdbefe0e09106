package report

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"orglife"
)

// Material drafts one member's personal 对照检查材料 (comparison-check material) for the
// meeting from that member's own records only, in the usual structure:
//
//	title: 张三同志<meeting>个人对照检查材料
//	opening: the meeting's theme; the member's study and talks
//	一、上次查摆问题整改落实情况: the previous meeting's items the member owns, with the
//	    ledger's status, and their points of that meeting no item answers
//	二、存在的问题: （一）… by area, the member's points as 一是…二是…; then what comrades
//	    raised with them in talks that count (confirmed, or with someone outside the bot)
//	三、原因剖析: the causes they wrote, under 理想信念 / 党性修养 / 宗旨意识 / 纪律规矩 / 其他
//	    (orglife.ClassifyCause)
//	四、整改措施: the items they own with deadlines, then their points' measures
//	name and date
//
// Whatever the records lack is marked 【待补充：…】 in place; nothing is invented. Each body
// paragraph is written as Sentences, and every sentence that states a fact carries its
// sources (a Word comment in the .docx); Material refuses to return a draft in which a
// factual sentence has none (CheckTrace). It is an error if member is not one of d.Members.
func Material(d Data, member int64) (Document, error) {
	i := slices.IndexFunc(d.Members, func(m orglife.Member) bool { return m.UserID == member })
	if i < 0 {
		return Document{}, fmt.Errorf("report: material: member %d is not in the branch", member)
	}
	w := &materialWriter{d: d, member: member, me: d.Members[i], ix: indexMembers(d.Members), loc: d.Loc}
	if w.loc == nil {
		w.loc = time.UTC
	}
	w.points = ownPoints(d.Points, member)
	w.talks, w.unconfirmed = w.countingTalks()
	w.write()
	if err := CheckTrace(w.doc.Blocks); err != nil {
		return Document{}, fmt.Errorf("report: material of %d: %w", member, err)
	}
	return w.doc, nil
}

// numberedPoint is a point of the member with the number /mypoints shows it under.
type numberedPoint struct {
	orglife.Point
	n int
}

// ownPoints are the member's live points, numbered from 1 in the order of the records (as
// /mypoints lists them).
func ownPoints(points []orglife.Point, member int64) []numberedPoint {
	var out []numberedPoint
	for _, p := range points {
		if p.MemberID == member && !p.Withdrawn {
			out = append(out, numberedPoint{Point: p, n: len(out) + 1})
		}
	}
	return out
}

type materialWriter struct {
	d      Data
	member int64
	me     orglife.Member
	ix     memberIndex
	loc    *time.Location
	points []numberedPoint
	// talks are the member's talks that count, unconfirmed how many do not yet (see countingTalks).
	talks       []*talkEntry
	unconfirmed int
	doc         Document
}

// fact is a sentence that states something from the sources.
func fact(text string, sources ...Source) Sentence {
	return Sentence{Text: text, Sources: sources, Factual: true}
}

// plain is a sentence that states nothing from the records: a lead-in, a 【待补充】 mark.
func plain(text string) Sentence { return Sentence{Text: text} }

func (w *materialWriter) block(kind Kind, text string) {
	w.doc.Blocks = append(w.doc.Blocks, Block{Kind: kind, Text: text})
}

// para adds a body paragraph of sentences.
func (w *materialWriter) para(ss ...Sentence) {
	w.doc.Blocks = append(w.doc.Blocks, Block{Kind: KindBody, Text: sentencesText(ss), Sentences: ss})
}

func (w *materialWriter) day(t time.Time) orglife.Date {
	if t.IsZero() {
		return orglife.Date{}
	}
	return orglife.DateOf(t, w.loc)
}

func (w *materialWriter) pointSource(p numberedPoint, kind SourceKind) Source {
	return Source{Kind: kind, Ref: "#" + strconv.Itoa(p.n), Date: w.day(p.CreatedAt)}
}

func (w *materialWriter) write() {
	name := oneLine(w.me.Name)
	if name == "" {
		name = pending("姓名")
	}
	w.doc.Title = name + "同志" + meetingTitle(w.d) + "个人对照检查材料"
	w.doc.Author = oneLine(w.me.Name) // the member's own material, not the branch's
	w.block(KindTitle, w.doc.Title)
	w.opening()

	w.block(KindHeading1, Number(1, 1)+"上次查摆问题整改落实情况")
	w.earlier()
	w.block(KindHeading1, Number(1, 2)+"存在的问题")
	w.problems()
	w.block(KindHeading1, Number(1, 3)+"原因剖析")
	w.causes()
	w.block(KindHeading1, Number(1, 4)+"整改措施")
	w.measures()

	w.doc.Blocks = append(w.doc.Blocks, Block{Kind: KindSignature, Text: name})
	date := w.d.Meeting.Date
	if w.d.Minutes != nil && !w.d.Minutes.Date.IsZero() {
		date = w.d.Minutes.Date
	}
	if date.IsZero() {
		w.block(KindSignature, pending("日期"))
	} else {
		w.block(KindSignature, date.Chinese())
	}
}

// opening: the meeting and its theme, what the member studied, whom they talked with.
func (w *materialWriter) opening() {
	m := w.d.Meeting
	meeting := Source{Kind: SourceMeeting, Ref: meetingTitle(w.d), Date: m.Date}
	var ss []Sentence
	lead := "根据党支部召开" + meetingTitle(w.d) + "的安排，本人"
	if theme := trimEnd(oneLine(m.Theme)); theme != "" {
		lead += "紧紧围绕" + theme + "主题，"
		if req := trimEnd(oneLine(m.Requirement)); req != "" {
			lead += "聚焦" + req + "总要求，"
		}
	}
	ss = append(ss, fact(lead+"认真做好会前准备。", meeting))
	if s, ok := w.study(); ok {
		ss = append(ss, s)
	} else {
		ss = append(ss, plain(pending("会前学习情况")))
	}
	if len(w.talks) > 0 {
		ss = append(ss, w.talkSentence(w.talks))
	} else {
		ss = append(ss, plain(pending("谈心谈话情况")))
	}
	if w.unconfirmed > 0 {
		ss = append(ss, plain(pending(fmt.Sprintf("另有%d次谈心谈话记录尚待对方确认，确认后写入", w.unconfirmed))))
	}
	ss = append(ss, plain("现将个人对照检查情况报告如下。"))
	w.para(ss...)
}

// study is the sentence of the member's study: the sessions they attended, their own study
// records by form, the topics.
func (w *materialWriter) study() (Sentence, bool) {
	legacy, individual := orglife.LegacySessions(w.d.Studies)
	sessions := append(slices.Clone(w.d.Sessions), legacy...)
	var srcs []Source
	var topics []string
	addTopic := func(t string) {
		t = trimEnd(oneLine(t))
		if t == "" || slices.ContainsFunc(topics, func(x string) bool { return orglife.TopicKey(x) == orglife.TopicKey(t) }) {
			return
		}
		topics = append(topics, t)
	}
	counts := map[string]int{}
	var order []string
	count := func(name string) {
		if counts[name] == 0 {
			order = append(order, name)
		}
		counts[name]++
	}
	slices.SortStableFunc(sessions, func(a, b orglife.StudySession) int { return cmp.Compare(a.Date.String(), b.Date.String()) })
	for _, s := range sessions {
		if !s.Attended(w.member) {
			continue
		}
		kind := s.Kind.Name(orglife.LangZH)
		count(kind)
		addTopic(s.Topic)
		srcs = append(srcs, Source{Kind: SourceSession, Ref: kind + "：" + clip(oneLine(s.Topic), 20), Date: s.Date})
	}
	for _, s := range individual {
		if s.MemberID != w.member {
			continue
		}
		form := s.Form.Name(orglife.LangZH)
		count(form)
		addTopic(s.Topic)
		srcs = append(srcs, Source{Kind: SourceStudy, Ref: form + "：" + clip(oneLine(s.Topic), 20), Date: s.Date})
	}
	if len(srcs) == 0 {
		return Sentence{}, false
	}
	parts := make([]string, 0, len(order))
	for _, name := range order {
		parts = append(parts, name+strconv.Itoa(counts[name])+"次")
	}
	text := "会前，本人参加和开展" + strings.Join(parts, "、")
	const maxTopics = 5
	if len(topics) > 0 {
		more := ""
		if len(topics) > maxTopics {
			topics, more = topics[:maxTopics], "等"
		}
		text += "，重点学习了" + strings.Join(topics, "、") + more
	}
	return fact(text+"。", srcs...), true
}

// talkEntry is one talk as the material counts it: a partner on a day, the records of it
// (one, or both people's), and what the partner raised with the member.
type talkEntry struct {
	who     string
	date    orglife.Date
	form    orglife.TalkForm
	texts   []string
	sources []Source
}

// countingTalks are the talks the member took part in that count (confirmed by the partner,
// or with someone outside the bot), a talk both recorded once, in order of date; and how
// many of the member's talks do not count yet.
func (w *materialWriter) countingTalks() ([]*talkEntry, int) {
	inBranch := func(id int64) bool { _, ok := w.ix.byID[id]; return ok }
	var out []*talkEntry
	unconfirmed := 0
	for _, t := range orglife.LiveTalks(w.d.Talks) {
		if !t.Involves(w.member) {
			continue
		}
		if !t.Counts(inBranch) {
			unconfirmed++
			continue
		}
		var who, text string
		if t.RecordedBy == w.member {
			who, text = oneLine(t.WithName), t.Received
			if m, ok := w.ix.byID[t.With]; ok && strings.TrimSpace(m.Name) != "" {
				who = oneLine(m.Name)
			}
		} else {
			who, text = w.ix.name(t.RecordedBy), t.Raised
		}
		if who == "" {
			who = pending("谈话对象姓名")
		}
		var e *talkEntry
		for _, x := range out {
			if x.date == t.Date && x.who == who {
				e = x
			}
		}
		if e == nil {
			e = &talkEntry{who: who, date: t.Date, form: t.Form}
			out = append(out, e)
		}
		if strings.TrimSpace(text) != "" {
			e.texts = append(e.texts, text)
		}
		src := Source{Kind: SourceTalk, Ref: "与" + who, Date: t.Date}
		if !slices.Contains(e.sources, src) {
			e.sources = append(e.sources, src)
		}
	}
	slices.SortStableFunc(out, func(a, b *talkEntry) int { return cmp.Compare(a.date.String(), b.date.String()) })
	return out, unconfirmed
}

// talkSentence: 本人与李四、王五同志开展谈心谈话3次（面对面2次、电话1次），相互指出问题、提出建议。
func (w *materialWriter) talkSentence(talks []*talkEntry) Sentence {
	var names []string
	forms := map[orglife.TalkForm]int{}
	var srcs []Source
	for _, e := range talks {
		if !slices.Contains(names, e.who) {
			names = append(names, e.who)
		}
		forms[e.form]++
		srcs = append(srcs, e.sources...)
	}
	text := "本人与" + strings.Join(names, "、")
	if !strings.HasSuffix(text, "】") {
		text += "同志"
	}
	text += "开展谈心谈话" + strconv.Itoa(len(talks)) + "次"
	var byForm []string
	for _, f := range orglife.TalkForms {
		if forms[f] > 0 {
			byForm = append(byForm, f.Name(orglife.LangZH)+strconv.Itoa(forms[f])+"次")
		}
	}
	if len(byForm) > 0 {
		text += "（" + strings.Join(byForm, "、") + "）"
	}
	return fact(text+"，相互指出问题、提出建议。", srcs...)
}

// carriedStatusOf is where an earlier meeting's item stands, in the ledger's words.
func carriedStatusOf(it orglife.RectItem) string {
	switch it.Status {
	case orglife.RectClosed:
		if !it.ClosedOn.IsZero() {
			return "已于" + it.ClosedOn.Chinese() + "整改销号"
		}
		return "已整改销号"
	case orglife.RectReported:
		return "已完成整改，待销号"
	case orglife.RectNotStarted:
		return "尚未开始整改"
	}
	return "正在推进整改"
}

// earlier is 一、上次查摆问题整改落实情况: the previous meeting's items the member owns, each with
// the ledger's status, and their points of that meeting that no item of theirs answers.
func (w *materialWriter) earlier() {
	c := w.d.Carried
	if c == nil {
		w.para(plain(pending("上次查摆问题整改落实情况（系统中没有本支部上次组织生活会的记录）")))
		return
	}
	prevTitle := oneLine(c.Meeting.Title)
	if prevTitle == "" {
		prevTitle = "上次组织生活会"
	}
	var points []numberedPoint
	for _, p := range ownPoints(w.d.EarlierPoints, w.member) {
		if p.MeetingID == "" || p.MeetingID == c.Meeting.ID {
			points = append(points, p)
		}
	}
	var items []orglife.RectItem
	for _, it := range c.Items {
		if it.Owner == w.member {
			items = append(items, it)
		}
	}
	if len(points) == 0 && len(items) == 0 {
		w.para(plain(pending("上次查摆问题整改落实情况（" + prevTitle + "没有本人的查摆问题和整改事项记录）")))
		return
	}
	itemSource := func(it orglife.RectItem) Source {
		date := it.ClosedOn
		if r, ok := it.LastProgress(); ok && date.IsZero() {
			date = w.day(r.At)
		}
		if date.IsZero() {
			date = w.day(it.CreatedAt)
		}
		return Source{Kind: SourceEarlierItem, Ref: "第" + strconv.Itoa(it.Number) + "项（" + it.Status.Name(orglife.LangZH) + "）", Date: date}
	}

	var summary []Sentence
	if len(points) > 0 {
		srcs := make([]Source, len(points))
		for j, p := range points {
			srcs[j] = w.pointSource(p, SourceEarlierPoint)
		}
		summary = append(summary, fact(fmt.Sprintf("在%s上，本人查摆问题%d条。", prevTitle, len(points)), srcs...))
	}
	if len(items) > 0 {
		closed := 0
		srcs := make([]Source, len(items))
		for j, it := range items {
			srcs[j] = itemSource(it)
			if !it.Open() {
				closed++
			}
		}
		text := fmt.Sprintf("本人负责的整改事项%d项", len(items))
		switch {
		case closed == len(items):
			text += "，已全部整改销号。"
		case closed == 0:
			text += "，均在整改中。"
		default:
			text += fmt.Sprintf("，已整改销号%d项，正在整改%d项。", closed, len(items)-closed)
		}
		summary = append(summary, fact(text, srcs...))
	}
	w.para(summary...)

	problemOf := map[string]string{}
	for _, p := range points {
		problemOf[p.ID] = p.Problem
	}
	answered := map[string]bool{}
	n := 0
	total := len(items)
	for _, p := range points {
		if !slices.ContainsFunc(items, func(it orglife.RectItem) bool { return it.PointID == p.ID }) {
			total++
		}
	}
	ord := func() string {
		n++
		if total < 2 {
			return ""
		}
		return Ordinal(n)
	}
	for _, it := range items {
		answered[it.PointID] = true
		problem := trimEnd(oneLine(it.Problem))
		if problem == "" {
			problem = trimEnd(oneLine(problemOf[it.PointID]))
		}
		measure := trimEnd(oneLine(it.Measure))
		if measure == "" {
			measure = pending("第" + strconv.Itoa(it.Number) + "项整改措施内容")
		}
		text := ord()
		if problem != "" {
			text += "针对“" + problem + "”的问题，"
		}
		text += measure + "，" + carriedStatusOf(it)
		if it.Open() && !it.Deadline.IsZero() {
			text += "（完成时限：" + it.Deadline.Chinese() + "）"
		}
		ss := []Sentence{fact(text+"。", itemSource(it))}
		if r, ok := it.LastProgress(); ok && strings.TrimSpace(r.Note) != "" {
			ss = append(ss, fact("最近进展："+sentence(oneLine(r.Note)), Source{Kind: SourceEarlierItem,
				Ref: "第" + strconv.Itoa(it.Number) + "项进展", Date: w.day(r.At)}))
		}
		w.para(ss...)
	}
	for _, p := range points {
		if answered[p.ID] {
			continue
		}
		what := "上次查摆的问题" + pending("问题内容") // a record kept without its text
		if problem := trimEnd(oneLine(p.Problem)); problem != "" {
			what = "上次查摆的“" + problem + "”问题"
		}
		w.para(fact(ord()+what+"，整改台账中没有本人负责的对应事项。",
			w.pointSource(p, SourceEarlierPoint)), plain(pending("该问题的整改落实情况")))
	}
}

// merged is texts near-duplicates merged (the most detailed wording kept), in the order first
// written, each with the sources of all the texts it stands for.
type merged struct {
	text    string
	sources []Source
}

func mergeWithSources(texts []string, sources []Source) []merged {
	cs := groupTexts(texts)
	out := make([]merged, 0, len(cs))
	for _, c := range cs {
		m := merged{text: texts[c.rep]}
		for _, i := range c.members {
			if !slices.Contains(m.sources, sources[i]) {
				m.sources = append(m.sources, sources[i])
			}
		}
		out = append(out, m)
	}
	return out
}

// problems is 二、存在的问题: the member's points by area, then what comrades raised in talks.
func (w *materialWriter) problems() {
	byArea := map[orglife.Area][]numberedPoint{}
	var others []numberedPoint
	for _, p := range w.points {
		if p.Area.Valid() {
			byArea[p.Area] = append(byArea[p.Area], p)
		} else {
			others = append(others, p)
		}
	}
	n := 0
	area := func(title string, ps []numberedPoint) {
		n++
		w.block(KindHeading2, Number(2, n)+title+"方面")
		texts := make([]string, len(ps))
		srcs := make([]Source, len(ps))
		for j, p := range ps {
			texts[j], srcs[j] = oneLine(p.Problem), w.pointSource(p, SourcePoint)
		}
		ms := mergeWithSources(texts, srcs)
		if len(ms) == 0 {
			w.para(plain(pending(title + "方面的问题")))
			return
		}
		for j, m := range ms {
			w.para(fact(ordinalIf(len(ms), j)+problemWithShowing(m.text), m.sources...))
		}
	}
	for _, a := range orglife.Areas {
		area(a.Name(orglife.LangZH), byArea[a])
	}
	if len(others) > 0 {
		area("其他", others)
	}

	n++
	w.block(KindHeading2, Number(2, n)+"谈心谈话中同志们指出的问题")
	talks := w.talks
	var raised []*talkEntry
	for _, e := range talks {
		if len(e.texts) > 0 {
			raised = append(raised, e)
		}
	}
	if len(raised) == 0 {
		w.para(plain(pending("谈心谈话中同志们指出的问题")))
		return
	}
	for j, e := range raised {
		var b strings.Builder
		b.WriteString(ordinalIf(len(raised), j) + e.who)
		if !strings.HasPrefix(e.who, "【") {
			b.WriteString("同志")
		}
		var when []string
		if !e.date.IsZero() {
			when = append(when, e.date.Chinese())
		}
		if e.form.Valid() {
			when = append(when, e.form.Name(orglife.LangZH))
		}
		if len(when) > 0 {
			b.WriteString("（" + strings.Join(when, "，") + "）")
		}
		b.WriteString("指出：")
		texts := make([]string, len(e.texts))
		for k, t := range e.texts {
			texts[k] = oneLine(t)
		}
		for _, m := range mergeWithSources(texts, make([]Source, len(texts))) {
			b.WriteString(sentence(m.text))
		}
		w.para(fact(b.String(), e.sources...))
	}
}

// problemWithShowing is a point as 二、存在的问题 states a problem: its headline, then how it
// shows — the example the member gave with it (/point keeps it as 「…。例如：…」), or a mark
// to fill in where they gave none.
func problemWithShowing(point string) string {
	headline, example, ok := strings.Cut(point, "。例如：")
	if !ok {
		headline, example, ok = strings.Cut(point, ". For example: ")
	}
	example = strings.TrimSpace(example)
	if !ok || example == "" {
		return sentence(headline) + "具体表现：" + pending("具体表现") + "。"
	}
	return sentence(headline) + "具体表现为：" + sentence(example)
}

// ordinalIf is 一是, 二是 … for the j-th of n lines when there is more than one.
func ordinalIf(n, j int) string {
	if n < 2 {
		return ""
	}
	return Ordinal(j + 1)
}

// causes is 三、原因剖析: the causes the member wrote, under the category each belongs to.
func (w *materialWriter) causes() {
	type group struct {
		texts []string
		srcs  []Source
	}
	groups := map[orglife.CauseCategory]*group{}
	var with, without []numberedPoint
	for _, p := range w.points {
		if strings.TrimSpace(p.Cause) == "" {
			without = append(without, p)
			continue
		}
		with = append(with, p)
		cat, text := orglife.ClassifyCause(oneLine(p.Cause))
		g := groups[cat]
		if g == nil {
			g = &group{}
			groups[cat] = g
		}
		g.texts = append(g.texts, oneLine(text))
		g.srcs = append(g.srcs, w.pointSource(p, SourcePoint))
	}
	// A point without a cause is left to the member unless it repeats a problem whose
	// cause is given.
	without = slices.DeleteFunc(without, func(p numberedPoint) bool {
		return slices.ContainsFunc(with, func(q numberedPoint) bool { return nearDuplicate(p.Problem, q.Problem) })
	})
	if len(groups) == 0 {
		w.para(plain(pending("原因剖析（可从理想信念、党性修养、宗旨意识、纪律规矩等方面深入剖析）")))
	}
	n := 0
	for _, cat := range orglife.CauseCategories {
		g := groups[cat]
		if g == nil {
			continue
		}
		n++
		w.block(KindHeading2, Number(2, n)+cat.Name(orglife.LangZH)+"方面")
		ms := mergeWithSources(g.texts, g.srcs)
		for j, m := range ms {
			w.para(fact(ordinalIf(len(ms), j)+sentence(m.text), m.sources...))
		}
	}
	if len(groups) > 0 && len(without) > 0 {
		var areas []string
		for _, p := range without {
			if a := areaName(p.Area); !slices.Contains(areas, a) {
				areas = append(areas, a)
			}
		}
		w.para(plain(pending(fmt.Sprintf("其余%d条问题（%s方面）的原因", len(without), strings.Join(areas, "、")))))
	}
}

// measures is 四、整改措施: the rectification items the member owns (in ledger order, with
// their deadlines), then the measures written with their points (by area), a measure an item
// already states not repeated; a point's measure has no deadline until it is on the ledger.
func (w *materialWriter) measures() {
	var lines []Sentence
	var stated []string
	for _, it := range sortedItems(w.d.Items) {
		if it.Owner != w.member {
			continue
		}
		text := trimEnd(oneLine(it.Measure))
		if text == "" {
			text = pending("第" + strconv.Itoa(it.Number) + "项整改措施内容")
		}
		stated = append(stated, it.Measure)
		if it.Deadline.IsZero() {
			text += "（完成时限：" + pending("完成时限") + "）"
		} else {
			text += "（完成时限：" + it.Deadline.Chinese() + "）"
		}
		lines = append(lines, fact(text+"。", Source{Kind: SourceItem, Ref: "第" + strconv.Itoa(it.Number) + "项", Date: w.day(it.CreatedAt)}))
	}
	ps := slices.Clone(w.points)
	slices.SortStableFunc(ps, func(a, b numberedPoint) int { return cmp.Compare(areaRank(a.Area), areaRank(b.Area)) })
	var texts []string
	var srcs []Source
	for _, p := range ps {
		if strings.TrimSpace(p.Measure) != "" {
			texts = append(texts, oneLine(p.Measure))
			srcs = append(srcs, w.pointSource(p, SourcePoint))
		}
	}
	for _, m := range mergeWithSources(texts, srcs) {
		if slices.ContainsFunc(stated, func(s string) bool { return nearDuplicate(s, m.text) }) {
			continue
		}
		lines = append(lines, fact(trimEnd(m.text)+"（完成时限："+pending("完成时限")+"）。", m.sources...))
	}
	if len(lines) == 0 {
		w.para(plain(pending("整改措施（针对查摆出的问题逐条提出，明确时限）")))
		return
	}
	for j, s := range lines {
		s.Text = ordinalIf(len(lines), j) + s.Text
		w.para(s)
	}
}
