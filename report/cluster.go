package report

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
)

// Near-duplicates. Two texts are near-duplicates when, after normalising (punctuation,
// spaces and a leading 我/本人/自己 removed), they are equal, or the shorter one (at least
// minContained characters) is contained in the longer, or their sets of character bigrams
// overlap with a Dice coefficient of at least minDice.
const (
	minContained = 6
	minDice      = 0.6
)

// textKey is a text prepared for comparison.
type textKey struct {
	norm  string
	runes int
	grams []uint64 // distinct character bigrams, sorted
}

func keyOf(s string) textKey {
	var b strings.Builder
	for _, r := range stripSubject(strings.TrimSpace(s)) {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	k := textKey{norm: b.String()}
	rs := []rune(k.norm)
	k.runes = len(rs)
	for i := 0; i+1 < len(rs); i++ {
		k.grams = append(k.grams, uint64(rs[i])<<32|uint64(rs[i+1]))
	}
	slices.Sort(k.grams)
	k.grams = slices.Compact(k.grams)
	return k
}

// nearDuplicate reports whether two texts say the same thing (see above).
func nearDuplicate(a, b string) bool { return near(keyOf(a), keyOf(b)) }

func near(a, b textKey) bool {
	if a.norm == b.norm {
		return true
	}
	short, long := a, b
	if short.runes > long.runes {
		short, long = long, short
	}
	if short.runes >= minContained && strings.Contains(long.norm, short.norm) {
		return true
	}
	na, nb := len(a.grams), len(b.grams)
	if na == 0 || nb == 0 || float64(2*min(na, nb)) < minDice*float64(na+nb) {
		return false
	}
	common, i, j := 0, 0, 0
	for i < na && j < nb {
		switch {
		case a.grams[i] < b.grams[j]:
			i++
		case a.grams[i] > b.grams[j]:
			j++
		default:
			common++
			i++
			j++
		}
	}
	return float64(2*common) >= minDice*float64(na+nb)
}

// cluster is a group of near-duplicate texts, represented by its longest (most detailed) one;
// members are the indexes of all its texts, in order.
type cluster struct {
	rep, first, count int
	key               textKey
	members           []int
}

// mergeTexts groups near-duplicate texts; the groups come most-repeated first, ties in the
// order of their first text. Each text joins the first group whose representative it
// nearly duplicates; a longer text becomes the representative.
func mergeTexts(texts []string) []cluster {
	cs := groupTexts(texts)
	slices.SortStableFunc(cs, func(a, b cluster) int { return cmp.Compare(b.count, a.count) })
	return cs
}

// groupTexts is mergeTexts' grouping, the groups in the order of their first text.
func groupTexts(texts []string) []cluster {
	var cs []cluster
	for i, t := range texts {
		k := keyOf(t)
		if k.runes == 0 {
			continue
		}
		joined := false
		for j := range cs {
			if near(k, cs[j].key) {
				cs[j].count++
				cs[j].members = append(cs[j].members, i)
				if k.runes > cs[j].key.runes {
					cs[j].rep, cs[j].key = i, k
				}
				joined = true
				break
			}
		}
		if !joined {
			cs = append(cs, cluster{rep: i, first: i, count: 1, key: k, members: []int{i}})
		}
	}
	return cs
}
