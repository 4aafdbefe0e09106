package orglife

import (
	"slices"
	"strconv"
)

// CoverageRules say which talks must happen before the meeting.
type CoverageRules struct {
	CommitteePairs   bool `json:"committee_pairs" yaml:"committee_pairs"`       // every pair of 支委 talks
	SecretaryWithAll bool `json:"secretary_with_all" yaml:"secretary_with_all"` // the secretary talks with every member
	MinPerMember     int  `json:"min_per_member" yaml:"min_per_member"`         // each member talks with at least this many others
}

// Pair is two members who must talk, the smaller user id first.
type Pair struct{ A, B int64 }

func pairOf(a, b int64) Pair {
	if a > b {
		a, b = b, a
	}
	return Pair{a, b}
}

// Shortfall is a member who has talked with fewer people than the rules ask.
type Shortfall struct {
	Member int64
	Has    int
	Need   int
}

// Coverage is what the talks so far leave undone.
type Coverage struct {
	MissingPairs []Pair
	Short        []Shortfall
}

// Complete reports whether every required talk has happened.
func (c Coverage) Complete() bool { return len(c.MissingPairs) == 0 && len(c.Short) == 0 }

// MissingFor lists the members m still has to talk with because of a required pair.
func (c Coverage) MissingFor(m int64) []int64 {
	var out []int64
	for _, p := range c.MissingPairs {
		switch m {
		case p.A:
			out = append(out, p.B)
		case p.B:
			out = append(out, p.A)
		}
	}
	return out
}

// CheckCoverage applies the rules to the branch's members and the talks recorded. A talk
// counts once recorded, whoever recorded it; a talk marked disputed still took place.
func CheckCoverage(members []Member, talks []Talk, rules CoverageRules) Coverage {
	done := map[Pair]bool{}
	partners := map[int64]map[string]bool{}
	addPartner := func(m int64, other string) {
		if partners[m] == nil {
			partners[m] = map[string]bool{}
		}
		partners[m][other] = true
	}
	for _, t := range talks {
		if t.With != 0 {
			done[pairOf(t.RecordedBy, t.With)] = true
			addPartner(t.RecordedBy, strconv.FormatInt(t.With, 10))
			addPartner(t.With, strconv.FormatInt(t.RecordedBy, 10))
		} else {
			addPartner(t.RecordedBy, "name:"+t.WithName)
		}
	}
	var c Coverage
	for _, p := range requiredPairs(members, rules) {
		if !done[p] {
			c.MissingPairs = append(c.MissingPairs, p)
		}
	}
	if rules.MinPerMember > 0 {
		need := min(rules.MinPerMember, len(members)-1)
		for _, m := range members {
			if has := len(partners[m.UserID]); has < need {
				c.Short = append(c.Short, Shortfall{Member: m.UserID, Has: has, Need: need})
			}
		}
	}
	return c
}

// requiredPairs lists the pairs the rules name, each once, in a stable order.
func requiredPairs(members []Member, rules CoverageRules) []Pair {
	seen := map[Pair]bool{}
	var out []Pair
	add := func(a, b int64) {
		p := pairOf(a, b)
		if a != b && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for i, a := range members {
		for _, b := range members[i+1:] {
			if rules.CommitteePairs && a.IsCommittee() && b.IsCommittee() {
				add(a.UserID, b.UserID)
			}
			if rules.SecretaryWithAll && (a.Role == RoleSecretary || b.Role == RoleSecretary) {
				add(a.UserID, b.UserID)
			}
		}
	}
	slices.SortFunc(out, func(x, y Pair) int {
		if x.A != y.A {
			return compare(x.A, y.A)
		}
		return compare(x.B, y.B)
	})
	return out
}

func compare(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
