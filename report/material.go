package report

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"orglife"
)

// Material builds the outline of one member's personal 对照检查材料 (comparison-check
// material) from that member's own records only: their points by area (in orglife.Areas
// order), the causes they wrote, what others raised with them in talks, and their intended
// measures (their points' measures and the rectification items they own). It follows the
// usual layout: title; an opening; 一、查摆出的主要问题 with （一）… per area;
// 二、问题产生的原因; 三、谈心谈话中同志们提出的意见; 四、整改措施. Whatever the records lack is
// marked 【待补充：…】 in place; nothing is invented. It is an error if member is not one of
// d.Members.
func Material(d Data, member int64) (Document, error) {
	i := slices.IndexFunc(d.Members, func(m orglife.Member) bool { return m.UserID == member })
	if i < 0 {
		return Document{}, fmt.Errorf("report: material: member %d is not in the branch", member)
	}
	me := d.Members[i]
	ix := indexMembers(d.Members)

	var points []orglife.Point
	for _, p := range activePoints(d.Points) {
		if p.MemberID == member {
			points = append(points, p)
		}
	}

	name := oneLine(me.Name)
	if name == "" {
		name = pending("姓名")
	}
	var doc Document
	doc.Title = name + "同志个人对照检查材料（提纲）"
	doc.Author = oneLine(me.Name) // the member's own material, not the branch's
	add := func(kind Kind, text string) { doc.Blocks = append(doc.Blocks, Block{Kind: kind, Text: text}) }
	add(KindTitle, doc.Title)
	add(KindBody, pending("学习情况和思想认识"))

	// 一、查摆出的主要问题
	add(KindHeading1, Number(1, 1)+"查摆出的主要问题")
	byArea := map[orglife.Area][]orglife.Point{}
	var others []orglife.Point // points of no known area
	for _, p := range points {
		if p.Area.Valid() {
			byArea[p.Area] = append(byArea[p.Area], p)
		} else {
			others = append(others, p)
		}
	}
	n := 0
	area := func(title string, ps []orglife.Point) {
		n++
		add(KindHeading2, Number(2, n)+title+"方面")
		texts := make([]string, len(ps))
		for j, p := range ps {
			texts[j] = p.Problem
		}
		lines := distinct(texts)
		if len(lines) == 0 {
			add(KindBody, pending(title+"方面的问题"))
			return
		}
		for _, l := range numbered(lines) {
			add(KindBody, l)
		}
	}
	for _, a := range orglife.Areas {
		area(a.Name(orglife.LangZH), byArea[a])
	}
	if len(others) > 0 {
		area("其他", others)
	}

	// 二、问题产生的原因
	add(KindHeading1, Number(1, 2)+"问题产生的原因")
	// A point without a cause is left to the member unless it repeats a problem whose
	// cause is given.
	var causes []string
	var with, without []orglife.Point
	for _, p := range sortedPoints(points) {
		if strings.TrimSpace(p.Cause) != "" {
			causes = append(causes, p.Cause)
			with = append(with, p)
		} else {
			without = append(without, p)
		}
	}
	without = slices.DeleteFunc(without, func(p orglife.Point) bool {
		return slices.ContainsFunc(with, func(q orglife.Point) bool { return nearDuplicate(p.Problem, q.Problem) })
	})
	for _, l := range numbered(distinct(causes)) {
		add(KindBody, l)
	}
	switch {
	case len(causes) == 0:
		add(KindBody, pending("问题产生的原因（可从理想信念、宗旨意识、党性修养等方面深入剖析）"))
	case len(without) > 0:
		var areas []string
		for _, p := range without {
			if a := areaName(p.Area); !slices.Contains(areas, a) {
				areas = append(areas, a)
			}
		}
		add(KindBody, pending(fmt.Sprintf("其余%d条问题（%s方面）的原因", len(without), strings.Join(areas, "、"))))
	}

	// 三、谈心谈话中同志们提出的意见
	add(KindHeading1, Number(1, 3)+"谈心谈话中同志们提出的意见")
	opinions := talkOpinions(d.Talks, member, ix)
	for _, l := range opinions {
		add(KindBody, l)
	}
	if len(opinions) == 0 {
		add(KindBody, pending("谈心谈话中同志们提出的意见"))
	}

	// 四、整改措施
	add(KindHeading1, Number(1, 4)+"整改措施")
	measures := ownMeasures(points, d.Items, member)
	for _, l := range numbered(measures) {
		add(KindBody, l)
	}
	if len(measures) == 0 {
		add(KindBody, pending("整改措施（针对查摆出的问题逐条提出，明确时限）"))
	}
	return doc, nil
}

// sortedPoints orders points by area (document order), then as recorded.
func sortedPoints(points []orglife.Point) []orglife.Point {
	out := slices.Clone(points)
	slices.SortStableFunc(out, func(a, b orglife.Point) int { return cmp.Compare(areaRank(a.Area), areaRank(b.Area)) })
	return out
}

// distinct is the texts as sentences in the member's own words, near-duplicates merged
// (the most detailed wording kept), in the order first written; empty texts are dropped.
func distinct(texts []string) []string {
	cs := mergeTexts(texts)
	slices.SortFunc(cs, func(a, b cluster) int { return cmp.Compare(a.first, b.first) })
	out := make([]string, 0, len(cs))
	for _, c := range cs {
		out = append(out, sentence(texts[c.rep]))
	}
	return out
}

// numbered prefixes 一是, 二是 … when there is more than one line.
func numbered(lines []string) []string {
	if len(lines) < 2 {
		return lines
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = Ordinal(i+1) + l
	}
	return out
}

// talkOpinions are the paragraphs of 三: for each talk the member took part in, what the
// other person raised with them — Received of the talks they recorded, Raised of the talks
// others recorded with them — attributed by name, in order of date; the same person's words
// on the same day (both recorded the talk) are merged.
func talkOpinions(talks []orglife.Talk, member int64, ix memberIndex) []string {
	type entry struct {
		date    orglife.Date
		who     string
		form    orglife.TalkForm
		texts   []string
		notes   []string // the member's own comment where they disputed the record
		ordered int
	}
	var entries []*entry
	find := func(date orglife.Date, who string) *entry {
		for _, e := range entries {
			if e.date == date && e.who == who {
				return e
			}
		}
		e := &entry{date: date, who: who, ordered: len(entries)}
		entries = append(entries, e)
		return e
	}
	for _, t := range orglife.LiveTalks(talks) {
		var who, text string
		switch {
		case t.RecordedBy == member:
			who, text = oneLine(t.WithName), t.Received
			if t.With != 0 {
				if m, ok := ix.byID[t.With]; ok && strings.TrimSpace(m.Name) != "" {
					who = oneLine(m.Name)
				}
			}
		case t.With == member:
			who, text = ix.name(t.RecordedBy), t.Raised
		default:
			continue
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		if who == "" {
			who = pending("谈话对象姓名")
		}
		e := find(t.Date, who)
		if e.form == "" {
			e.form = t.Form
		}
		e.texts = append(e.texts, text)
		if t.With == member && t.Status == orglife.ConfirmDisputed && strings.TrimSpace(t.Comment) != "" {
			e.notes = append(e.notes, t.Comment)
		}
	}
	slices.SortStableFunc(entries, func(a, b *entry) int {
		return cmp.Or(cmp.Compare(a.date.String(), b.date.String()), cmp.Compare(a.ordered, b.ordered))
	})
	out := make([]string, 0, len(entries))
	for i, e := range entries {
		var b strings.Builder
		if len(entries) > 1 {
			b.WriteString(Ordinal(i + 1))
		}
		b.WriteString(e.who)
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
		b.WriteString("提出：")
		for _, s := range distinct(e.texts) {
			b.WriteString(s)
		}
		for _, s := range distinct(e.notes) {
			b.WriteString("（本人认为该记录有出入：" + trimEnd(s) + "）")
		}
		out = append(out, b.String())
	}
	return out
}

// ownMeasures are the member's intended measures: the rectification items they own (in
// ledger order, with their deadlines), then the measures written with their points (by
// area), a measure already stated by an item not repeated.
func ownMeasures(points []orglife.Point, items []orglife.RectItem, member int64) []string {
	var out, plain []string
	for _, it := range sortedItems(items) {
		if it.Owner != member {
			continue
		}
		text := trimEnd(oneLine(it.Measure))
		if text == "" {
			text = pending("第" + strconv.Itoa(it.Number) + "项整改措施内容")
		}
		plain = append(plain, it.Measure)
		if !it.Deadline.IsZero() {
			text += "（完成时限：" + it.Deadline.Chinese() + "）"
		}
		out = append(out, text+"。")
	}
	var texts []string
	for _, p := range sortedPoints(points) {
		if strings.TrimSpace(p.Measure) != "" {
			texts = append(texts, p.Measure)
		}
	}
	for _, s := range distinct(texts) {
		if !slices.ContainsFunc(plain, func(m string) bool { return nearDuplicate(m, s) }) {
			out = append(out, s)
		}
	}
	return out
}
