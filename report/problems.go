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
			if _, ok := ix.byID[it.Owner]; it.Owner == 0 || !ok {
				m.Owner = v.miss("责任人") // none given, or its owner left the branch
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

// carriedStatus is how the report words where an earlier meeting's open item stands.
var carriedStatus = map[orglife.RectStatus]string{
	orglife.RectNotStarted: "尚未开始整改",
	orglife.RectInProgress: "正在推进",
	orglife.RectReported:   "已完成、待销号",
}

// carried is 上次整改落实情况: how the previous meeting's items stand, each open one with its
// status and deadline, in the branch's voice.
func (v *View) carried(c *orglife.Carried, ix memberIndex) {
	if c == nil {
		return
	}
	v.HasEarlier, v.CarriedCount, v.CarriedClosed, v.CarriedOpen = true, len(c.Items), c.Closed, len(c.Open)
	v.CarriedProblems = c.BranchProblems
	if len(c.Items) == 0 {
		v.missing = append(v.missing, "上次组织生活会整改落实情况")
	}
	parts := make([]string, 0, len(c.Open))
	for i, it := range c.Open {
		text := trimEnd(ix.scrub(branchVoice(it.Measure)))
		if text == "" {
			text = trimEnd(ix.scrub(branchVoice(it.Problem)))
		}
		if text == "" {
			text = v.miss("整改事项内容")
		}
		status := carriedStatus[it.Status]
		if status == "" {
			status = carriedStatus[orglife.RectInProgress]
		}
		if !it.Deadline.IsZero() {
			status += "，完成时限" + it.Deadline.Chinese()
		}
		parts = append(parts, Ordinal(i+1)+text+"（"+status+"）")
	}
	v.CarriedOpenList = strings.Join(parts, "；")
}

// problems is 主要存在问题. Once the committee stated branch problems it is those it put in
// the report, in their order: 一是 + headline + 。 + 具体表现, a mark where either is missing.
// Before that it is the points grouped by area as ProposeBranchProblems proposes them, with a
// mark where the committee's headline goes.
func (v *View) problems(branch []orglife.BranchProblem, points []orglife.Point, ix memberIndex) {
	live := orglife.LiveBranchProblems(branch)
	v.HasBranchProblems, v.BranchProblemCount = len(live) > 0, len(live)
	if !v.HasBranchProblems {
		v.missing = append(v.missing, "支部班子问题")
		for _, g := range proposals(points, ix) {
			n := len(v.Problems) + 1
			v.Problems = append(v.Problems, ProblemItem{Index: n, Ordinal: Ordinal(n), Headline: pending("问题概括"),
				Detail: g.Detail, Text: g.Detail, Area: areaName(g.Area), Count: len(g.PointIDs), Merged: g.merged,
				Members: ix.names(g.members, 0)})
		}
		return
	}
	v.ProblemsCurated = true
	byID := make(map[string]orglife.Point, len(points))
	for _, p := range points {
		byID[p.ID] = p
	}
	for _, bp := range live {
		if !bp.InReport {
			continue
		}
		v.BranchProblemsInReport++
		n := len(v.Problems) + 1
		it := ProblemItem{Index: n, Ordinal: Ordinal(n), Curated: true, Collective: bp.Collective()}
		if it.Headline = ix.scrub(orglife.CleanHeadline(bp.Headline)); it.Headline != "" {
			it.HasHeadline = true
		} else {
			it.Headline = v.miss("问题概括")
		}
		if it.Detail = ix.scrub(sentence(bp.Detail)); it.Detail == "" {
			it.Detail = v.miss("具体表现")
		}
		it.Text = it.Detail
		if bp.Area.Valid() {
			it.Area = areaName(bp.Area)
		}
		var who []int64
		for _, id := range bp.PointIDs {
			if p, ok := byID[id]; ok {
				it.Count++
				if !slices.Contains(who, p.MemberID) {
					who = append(who, p.MemberID)
				}
			}
		}
		it.Merged, it.Members = it.Count, ix.names(who, 0)
		v.Problems = append(v.Problems, it)
	}
}

// proposal is an automatic group of one area's points: the branch problem it proposes, how
// many distinct problems are left after merging near-duplicates, and who raised them.
type proposal struct {
	orglife.BranchProblem
	merged  int
	members []int64
}

// proposals groups points by area, the most-mentioned area first (ties in document order),
// near-duplicates merged, each group's problems most-raised first, in the branch's voice.
func proposals(points []orglife.Point, ix memberIndex) []proposal {
	byArea := map[orglife.Area][]orglife.Point{}
	for _, p := range points {
		byArea[p.Area] = append(byArea[p.Area], p)
	}
	var out []proposal
	for _, a := range areaOrder(points) {
		ps := byArea[a]
		texts := make([]string, len(ps))
		ids := make([]string, len(ps))
		var who []int64
		for i, p := range ps {
			texts[i], ids[i] = p.Problem, p.ID
			if !slices.Contains(who, p.MemberID) {
				who = append(who, p.MemberID)
			}
		}
		clusters := mergeTexts(texts)
		var b strings.Builder
		for _, c := range clusters {
			b.WriteString(sentence(branchVoice(texts[c.rep])))
		}
		out = append(out, proposal{BranchProblem: orglife.BranchProblem{Area: a, Detail: ix.scrub(b.String()), PointIDs: ids, InReport: true},
			merged: len(clusters), members: who})
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
	var out []orglife.BranchProblem
	for _, g := range proposals(activePoints(points), indexMembers(members)) {
		out = append(out, g.BranchProblem)
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
