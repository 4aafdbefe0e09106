package report

import (
	"cmp"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"orglife"
)

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

// ProposeBranchProblems groups a meeting's points into proposed branch problems, as the
// committee starts curating them: one per area, the most-raised area first, near-duplicates
// merged, 具体表现 prefilled in the branch's voice (no 本人/我, no 某同志指出, no members' names)
// and no headline yet. Withdrawn points are left out; the proposals have no id or order.
func ProposeBranchProblems(points []orglife.Point, members []orglife.Member) []orglife.BranchProblem {
	points = activePoints(points)
	ix := indexMembers(members)
	byArea := map[orglife.Area][]orglife.Point{}
	for _, p := range points {
		byArea[p.Area] = append(byArea[p.Area], p)
	}
	var out []orglife.BranchProblem
	for _, a := range areaOrder(points) {
		ps := byArea[a]
		texts := make([]string, len(ps))
		ids := make([]string, len(ps))
		for i, p := range ps {
			texts[i], ids[i] = p.Problem, p.ID
		}
		var b strings.Builder
		for _, c := range mergeTexts(texts) {
			b.WriteString(sentence(branchVoice(texts[c.rep])))
		}
		out = append(out, orglife.BranchProblem{Area: a, Detail: ix.scrub(b.String()), PointIDs: ids, InReport: true})
	}
	return out
}

// reportedSpeech opens a sentence that reports what someone said in a talk; the branch's
// statement of the problem keeps only what was said.
var reportedSpeech = regexp.MustCompile(`^(?:在?谈心谈话中，?)?(?:有|某|其他)?(?:同志|党员|支委|群众)(?:们)?(?:指出|提出|认为|反映)[，,：:]?`)

// branchVoice is a member's sentence as the branch states it: the speaker and any 「某同志指出」
// dropped, and 本人/我/自己 as its subject removed.
func branchVoice(s string) string {
	s = oneLine(s)
	s = reportedSpeech.ReplaceAllString(s, "")
	return stripSubject(s)
}
