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

// OpenTalk is a record of a talk between two members that does not count yet (see
// Talk.Counts) while they have no talk that counts: pending, it is With's to answer;
// disputed (有出入), it is By's, the recorder's, to check with With and record again.
type OpenTalk struct {
	By, With int64
	Disputed bool
}

// Coverage is what the talks so far leave undone.
type Coverage struct {
	MissingPairs []Pair
	Short        []Shortfall
	// Open are the records under way, each recorder, partner and state once, in the order
	// recorded. A disputed record is left out once the two have a pending one: the new
	// record is what is awaited.
	Open []OpenTalk
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

// Counts reports whether a talk counts toward the preparation (the coverage rules and the
// talks step), for both people, whoever recorded it: once the member it was with confirmed
// it (确认). A pending talk does not count yet, nor a disputed one (有出入) until a record
// of it is confirmed: the record is what goes into the meeting's documents, and the other
// member's answer is what vouches for it. A talk nobody in the branch can confirm counts as
// recorded: one with someone outside the bot (With 0, also a member anonymised by /forgetme)
// or with a member who has left the branch (inBranch false). Statuses other than pending
// and disputed (none today) count, so that nobody is asked for an answer the bot cannot take.
// A withdrawn record never counts.
func (t Talk) Counts(inBranch func(int64) bool) bool {
	if t.Withdrawn {
		return false
	}
	switch t.Status {
	case ConfirmPending, ConfirmDisputed:
		return t.With == 0 || !inBranch(t.With)
	}
	return true
}

// memberSet is the user ids of members, as the inBranch of Talk.Counts.
func memberSet(members []Member) func(int64) bool {
	ids := make(map[int64]bool, len(members))
	for _, m := range members {
		ids[m.UserID] = true
	}
	return func(id int64) bool { return ids[id] }
}

// CheckCoverage applies the rules to the branch's members and the talks that count (see
// Talk.Counts): a confirmed talk covers both people, whoever recorded it. Withdrawn records
// are left out altogether.
func CheckCoverage(members []Member, talks []Talk, rules CoverageRules) Coverage {
	var c Coverage
	talks = LiveTalks(talks)
	inBranch := memberSet(members)
	done := map[Pair]bool{}
	partners := map[int64]map[string]bool{}
	addPartner := func(m int64, other string) {
		if partners[m] == nil {
			partners[m] = map[string]bool{}
		}
		partners[m][other] = true
	}
	for _, t := range talks {
		if !t.Counts(inBranch) {
			continue
		}
		if t.With != 0 {
			done[pairOf(t.RecordedBy, t.With)] = true
			addPartner(t.RecordedBy, strconv.FormatInt(t.With, 10))
			addPartner(t.With, strconv.FormatInt(t.RecordedBy, 10))
		} else {
			addPartner(t.RecordedBy, "name:"+t.WithName)
		}
	}
	c.Open = talksUnderWay(talks, inBranch, done)
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

// talksUnderWay lists the records under way (Coverage.Open), given the pairs that have a talk
// that counts.
func talksUnderWay(talks []Talk, inBranch func(int64) bool, counted map[Pair]bool) []OpenTalk {
	pending := map[Pair]bool{}
	for _, t := range talks {
		if !t.Counts(inBranch) && t.Status == ConfirmPending {
			pending[pairOf(t.RecordedBy, t.With)] = true
		}
	}
	var out []OpenTalk
	for _, t := range talks {
		pair := pairOf(t.RecordedBy, t.With)
		if t.Counts(inBranch) || counted[pair] {
			continue
		}
		o := OpenTalk{By: t.RecordedBy, With: t.With, Disputed: t.Status == ConfirmDisputed}
		if (o.Disputed && pending[pair]) || slices.Contains(out, o) {
			continue
		}
		out = append(out, o)
	}
	return out
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
