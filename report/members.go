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

type memberIndex struct {
	members  []orglife.Member
	byID     map[int64]orglife.Member
	order    map[int64]int
	replacer *strings.Replacer // member names → 某同志
}

func indexMembers(members []orglife.Member) memberIndex {
	ix := memberIndex{members: members, byID: make(map[int64]orglife.Member, len(members)), order: make(map[int64]int, len(members))}
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

// name is a member's name; one anonymised by /forgetme or gone from the branch is 某同志.
func (ix memberIndex) name(id int64) string {
	return orglife.MemberName(ix.members, id, orglife.LangZH)
}

// ownerName is the name of an item's owner; an item without one — never given, or its owner
// left the branch — waits for one.
func (ix memberIndex) ownerName(id int64) string {
	if m, ok := ix.byID[id]; ok && id != 0 && m.Name != "" {
		return m.Name
	}
	return pending("责任人")
}

// names lists members by name, at most limit of them (0: all) and then 等N名同志.
func (ix memberIndex) names(ids []int64, limit int) string {
	var out []string
	for _, id := range ids {
		if limit > 0 && len(out) == limit {
			return strings.Join(out, "、") + "等" + strconv.Itoa(len(ids)) + "名同志"
		}
		out = append(out, ix.name(id))
	}
	return strings.Join(out, "、")
}
