package report

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"orglife"
)

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
