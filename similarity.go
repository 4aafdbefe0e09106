package orglife

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
)

// DefaultSimilarityThreshold is the similarity above which two texts count as near-copies
// (report.similarity_threshold).
const DefaultSimilarityThreshold = 0.6

// PointField is a part of a point compared for near-copies.
type PointField string

// The parts of a point that are compared, each with the same part of others.
const (
	FieldProblem PointField = "problem" // 问题
	FieldCause   PointField = "cause"   // 原因
	FieldMeasure PointField = "measure" // 措施
)

// PointFields lists the parts in the order they are named.
var PointFields = []PointField{FieldProblem, FieldCause, FieldMeasure}

var pointFieldNames = map[PointField][2]string{
	FieldProblem: {"问题", "problem"},
	FieldCause:   {"原因", "cause"},
	FieldMeasure: {"措施", "measure"},
}

// Name is the part as users read it.
func (f PointField) Name(lang Lang) string { return localName(pointFieldNames[f], lang) }

func (f PointField) of(p Point) string {
	switch f {
	case FieldCause:
		return p.Cause
	case FieldMeasure:
		return p.Measure
	}
	return p.Problem
}

// normalise keeps a text's letters and digits, so that punctuation, spaces and line breaks
// do not make two copies of the same words look different.
func normalise(s string) []rune {
	var out []rune
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			out = append(out, r)
		}
	}
	return out
}

// bigrams is the set of a text's adjacent character pairs (a one-character text is its
// own single "pair").
func bigrams(s string) map[string]bool {
	rs := normalise(s)
	set := map[string]bool{}
	if len(rs) == 1 {
		set[string(rs)] = true
	}
	for i := 0; i+1 < len(rs); i++ {
		set[string(rs[i:i+2])] = true
	}
	return set
}

// Similarity is the Dice coefficient of two texts' character bigrams, from 0 (nothing in
// common, or either empty) to 1 (the same characters in the same order, punctuation aside).
func Similarity(a, b string) float64 {
	x, y := bigrams(a), bigrams(b)
	if len(x) == 0 || len(y) == 0 {
		return 0
	}
	shared := 0
	for g := range x {
		if y[g] {
			shared++
		}
	}
	return 2 * float64(shared) / float64(len(x)+len(y))
}

// NearCopy is a pair of members some of whose points read as copies of each other's, or
// (B zero) a member whose points read as stock phrases.
type NearCopy struct {
	A, B   int64        // A < B; B is 0 for stock phrases
	Fields []PointField // the parts that are alike, in PointFields order
}

// NearCopies finds, among the points of a meeting (withdrawn ones aside), the members whose
// problem, cause or measure is more similar than threshold to the same part of another
// member's point, or to a stock phrase. A member's points are not compared with their own.
// Pairs come first, ordered by A then B, then the stock-phrase findings by member; a
// threshold outside (0, 1] is DefaultSimilarityThreshold.
func NearCopies(points []Point, threshold float64) []NearCopy {
	if threshold <= 0 || threshold > 1 {
		threshold = DefaultSimilarityThreshold
	}
	type key struct{ a, b int64 }
	found := map[key]map[PointField]bool{}
	mark := func(k key, f PointField) {
		if found[k] == nil {
			found[k] = map[PointField]bool{}
		}
		found[k][f] = true
	}
	live := slices.DeleteFunc(slices.Clone(points), func(p Point) bool { return p.Withdrawn })
	for i, p := range live {
		for _, f := range PointFields {
			text := f.of(p)
			if len(normalise(text)) == 0 {
				continue
			}
			for _, q := range live[i+1:] {
				if q.MemberID == p.MemberID {
					continue
				}
				if Similarity(text, f.of(q)) > threshold {
					mark(key{min(p.MemberID, q.MemberID), max(p.MemberID, q.MemberID)}, f)
				}
			}
			for _, s := range stockPhrases {
				if Similarity(text, s) > threshold {
					mark(key{p.MemberID, 0}, f)
					break
				}
			}
		}
	}
	out := make([]NearCopy, 0, len(found))
	for k, fs := range found {
		c := NearCopy{A: k.a, B: k.b}
		for _, f := range PointFields {
			if fs[f] {
				c.Fields = append(c.Fields, f)
			}
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(x, y NearCopy) int {
		stockX, stockY := x.B == 0, y.B == 0
		if stockX != stockY {
			if stockX {
				return 1
			}
			return -1
		}
		return cmp.Or(cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B))
	})
	return out
}
