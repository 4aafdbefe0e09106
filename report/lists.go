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

// Chinese numbering of official documents: 一、 → （一） → 1. → （1）, and the enumerations
// 一是、二是… that list problems and measures.

var cnDigits = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// ChineseNumeral writes n (1–99) in Chinese numerals: 一, 十, 十五, 二十, 二十一. Other
// numbers, which documents never count to, are written in Arabic digits.
func ChineseNumeral(n int) string {
	switch {
	case n <= 0 || n >= 100:
		return strconv.Itoa(n)
	case n < 10:
		return cnDigits[n]
	}
	tens, ones := n/10, n%10
	var b strings.Builder
	if tens > 1 {
		b.WriteString(cnDigits[tens])
	}
	b.WriteString("十")
	if ones > 0 {
		b.WriteString(cnDigits[ones])
	}
	return b.String()
}

// Ordinal is the n-th item of an enumeration in running text: 一是, 二是 … 十五是 ….
func Ordinal(n int) string { return ChineseNumeral(n) + "是" }

// Number is the mark of the n-th item at a heading level: level 1 一、, level 2 （一）,
// level 3 1., level 4 （1）.
func Number(level, n int) string {
	switch level {
	case 1:
		return ChineseNumeral(n) + "、"
	case 2:
		return "（" + ChineseNumeral(n) + "）"
	case 3:
		return strconv.Itoa(n) + "."
	default:
		return "（" + strconv.Itoa(n) + "）"
	}
}

// BranchProblemList is the 支部委员会（班子）问题清单: every branch problem the committee
// stated and did not remove, in its order, with its headline, 具体表现, the area it was
// gathered from, where it came from (the members' points it gathers, or 集体议), the
// rectification items made from it and whether the report states it.
func BranchProblemList(d Data) Document {
	title := branchName(d) + meetingTitle(d) + "支部委员会（班子）问题清单"
	doc := Document{Title: title, Author: branchName(d), Name: "班子问题清单", Landscape: true, Blocks: []Block{{Kind: KindTitle, Text: title}}}
	live := orglife.LiveBranchProblems(d.BranchProblems)
	active := map[string]bool{}
	for _, p := range activePoints(d.Points) {
		active[p.ID] = true
	}
	measures := map[string][]string{}
	for _, it := range sortedItems(d.Items) {
		if it.BranchProblemID != "" && strings.TrimSpace(it.Measure) != "" {
			measures[it.BranchProblemID] = append(measures[it.BranchProblemID], trimEnd(oneLine(it.Measure)))
		}
	}
	var gathered, collective, inReport int
	rows := make([][]string, 0, len(live))
	for i, p := range live {
		area, source := "—", "集体议"
		if p.Area.Valid() {
			area = areaName(p.Area)
		}
		if p.Collective() {
			collective++
		} else {
			gathered++
			n := 0
			for _, id := range p.PointIDs {
				if active[id] {
					n++
				}
			}
			source = fmt.Sprintf("党员查摆%d条", n)
		}
		report := "否"
		if p.InReport {
			report = "是"
			inReport++
		}
		rows = append(rows, []string{strconv.Itoa(i + 1), orPending(orglife.CleanHeadline(p.Headline), "问题概括"),
			orPending(sentence(p.Detail), "具体表现"), area, source, orPending(strings.Join(measures[p.ID], "；"), "整改措施"), report})
	}
	summary := pending("支部班子问题（支部委员会尚未归纳）")
	if len(live) > 0 {
		summary = fmt.Sprintf("共%d条", len(live))
		if gathered > 0 && collective > 0 {
			summary += fmt.Sprintf("，其中由党员个人查摆问题归纳%d条、集体议%d条", gathered, collective)
		}
		switch inReport {
		case len(live):
			summary += "，均写入开展情况报告。"
		case 0:
			summary += "，均未写入开展情况报告。"
		default:
			summary += fmt.Sprintf("，其中%d条写入开展情况报告。", inReport)
		}
	}
	doc.Blocks = append(doc.Blocks, Block{Kind: KindBody, Text: summary}, Block{Kind: KindTable, Table: &Table{
		Header: []string{"序号", "问题概括", "具体表现", "所属方面", "问题来源", "整改措施", "写入报告"},
		Rows:   rows,
		// A headline in at most three lines; 党员查摆12条 on one.
		MaxLines: map[int]int{1: 3, 4: 1},
	}})
	return doc
}

// MemberProblemList is the 党员个人问题清单: every point that was not withdrawn, in one table,
// the committee members' points first (the secretary's, then the other committee members',
// then the members', each person's in area order).
func MemberProblemList(d Data) Document {
	ix := indexMembers(d.Members)
	points := activePoints(d.Points)
	rank := func(p orglife.Point) (int, int) {
		m, ok := ix.byID[p.MemberID]
		if !ok {
			return 3, len(d.Members)
		}
		group := 2
		switch {
		case m.Role == orglife.RoleSecretary:
			group = 0
		case m.IsCommittee():
			group = 1
		}
		return group, ix.order[p.MemberID]
	}
	slices.SortStableFunc(points, func(a, b orglife.Point) int {
		ga, oa := rank(a)
		gb, ob := rank(b)
		return cmp.Or(cmp.Compare(ga, gb), cmp.Compare(oa, ob), cmp.Compare(areaRank(a.Area), areaRank(b.Area)),
			a.CreatedAt.Compare(b.CreatedAt))
	})

	title := branchName(d) + meetingTitle(d) + "党员个人问题清单"
	doc := Document{Title: title, Author: branchName(d), Name: "党员个人问题清单", Landscape: true, Blocks: []Block{{Kind: KindTitle, Text: title}}}
	committee := 0
	rows := make([][]string, 0, len(points))
	for i, p := range points {
		m, ok := ix.byID[p.MemberID]
		who := ix.name(p.MemberID)
		if ok {
			switch {
			case m.Role == orglife.RoleSecretary:
				who += "（支部书记）"
				committee++
			case m.IsCommittee():
				who += "（支委）"
				committee++
			}
		}
		rows = append(rows, []string{strconv.Itoa(i + 1), areaName(p.Area), orPending(sourceName(p.Source), "查摆方式"),
			oneLine(p.Problem), orPending(oneLine(p.Cause), "原因剖析"), orPending(oneLine(p.Measure), "整改措施"), who})
	}
	summary := pending("查摆问题（党员尚未提交查摆问题）")
	if len(points) > 0 {
		summary = fmt.Sprintf("共%d条，其中支部委员会成员查摆%d条（列前），其他党员查摆%d条。", len(points), committee, len(points)-committee)
	}
	doc.Blocks = append(doc.Blocks, Block{Kind: KindBody, Text: summary}, Block{Kind: KindTable, Table: &Table{
		Header: []string{"序号", "问题类别", "查摆方式", "问题表现", "原因剖析", "整改措施", "查摆人"},
		Rows:   rows,
	}})
	return doc
}

// Ledger is the 整改台账 on day today: every rectification item in ledger order with its
// owner, deadline, status, last progress, completion date and look-back reviews. An open
// item past its deadline has 【逾期N天】 after its status, and the summary counts them.
func Ledger(d Data, today orglife.Date) Document {
	ix := indexMembers(d.Members)
	loc := d.Loc
	if loc == nil {
		loc = time.UTC
	}
	problems := map[string]string{}
	for _, p := range d.Points {
		problems[p.ID] = p.Problem
	}
	branchProblems := map[string]string{}
	for _, p := range d.BranchProblems {
		branchProblems[p.ID] = cmp.Or(orglife.CleanHeadline(p.Headline), oneLine(p.Detail))
	}
	items := sortedItems(d.Items)

	title := branchName(d) + meetingTitle(d) + "整改台账"
	doc := Document{Title: title, Author: branchName(d), Name: "整改台账", Landscape: true, Blocks: []Block{{Kind: KindTitle, Text: title}}}
	var closed, overdue int
	rows := make([][]string, 0, len(items))
	for i, it := range items {
		num := it.Number
		if num <= 0 {
			num = i + 1
		}
		problem := it.Problem
		if problem == "" {
			problem = cmp.Or(problems[it.PointID], branchProblems[it.BranchProblemID])
		}
		problem = orPending(problem, "问题")
		deadline := pending("完成时限")
		if !it.Deadline.IsZero() {
			deadline = it.Deadline.Chinese()
		}
		status := it.Status.Name(orglife.LangZH)
		if status == "" {
			status = string(it.Status)
		}
		if !it.Open() {
			closed++
		}
		if !it.Deadline.IsZero() && it.Overdue(today) {
			overdue++
			status += fmt.Sprintf("【逾期%d天】", it.Deadline.DaysUntil(today))
		}
		if it.Open() && it.Quiet {
			status += "（不再提醒）" // open, but its follow-ups were stopped at the next meeting
		}
		last := "暂无"
		for j := len(it.Progress) - 1; j >= 0; j-- {
			if r := it.Progress[j]; r.Kind == orglife.RectKindReport || r.Kind == "" {
				last = orglife.DateOf(r.At, loc).Chinese() + " " + reportText(r, ix)
				break
			}
		}
		done := ""
		if !it.Open() && !it.ClosedOn.IsZero() {
			done = it.ClosedOn.Chinese()
		}
		rows = append(rows, []string{strconv.Itoa(num), oneLine(problem), oneLine(it.Measure), ix.ownerName(it.Owner),
			deadline, status, last, done, reviews(it, loc, ix)})
	}
	summary := pending("整改事项（尚未建立整改台账）")
	if len(items) > 0 {
		summary = fmt.Sprintf("截至%s，共%d项整改事项，已销号%d项，未销号%d项", today.Chinese(), len(items), closed, len(items)-closed)
		if overdue > 0 {
			summary += fmt.Sprintf("，其中逾期%d项（已标注【逾期】）", overdue)
		}
		summary += "。"
	}
	doc.Blocks = append(doc.Blocks, Block{Kind: KindBody, Text: summary}, Block{Kind: KindTable, Table: &Table{
		Header:   []string{"序号", "问题", "整改措施", "责任人", "完成时限", "状态", "最新进展", "完成日期", "回头看情况"},
		Rows:     rows,
		DateCols: []int{4, 7},
	}})
	return doc
}

// reportText is one progress entry as the ledger shows it.
func reportText(r orglife.RectReport, ix memberIndex) string {
	var s string
	switch r.Kind {
	case orglife.RectKindConfirm:
		s = "对单销号"
	case orglife.RectKindReopen:
		s = "退回重办"
	case orglife.RectKindReassign:
		s = "更换责任人：" + ix.name(r.To)
	default:
		s = r.Status.Name(orglife.LangZH)
	}
	if note := oneLine(r.Note); note != "" {
		s += "：" + note
	}
	if r.Evidence != "" {
		s += "（附佐证材料）"
	}
	return s
}

// reviews is an item's whole history, the look-back reviews (回头看) included, oldest first.
func reviews(it orglife.RectItem, loc *time.Location, ix memberIndex) string {
	parts := make([]string, 0, len(it.Progress))
	for _, r := range it.Progress {
		parts = append(parts, orglife.DateOf(r.At, loc).Chinese()+" "+reportText(r, ix))
	}
	return strings.Join(parts, "；")
}

// sortedItems is a copy of the items in ledger order.
func sortedItems(items []orglife.RectItem) []orglife.RectItem {
	out := slices.Clone(items)
	slices.SortStableFunc(out, func(a, b orglife.RectItem) int {
		return cmp.Or(cmp.Compare(a.Number, b.Number), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// orPending is s, or the mark of a missing datum when s is empty.
func orPending(s, what string) string {
	if s == "" {
		return pending(what)
	}
	return s
}
