package report

import (
	"strings"
	"unicode"
)

// GB/T 9704-2012 7.3.3 asks a title that runs over a line to be broken so that each line
// keeps its words whole (词意完整) and the lines are of fitting, balanced lengths. Word and
// LibreOffice break a CJK line after whatever character fills it, which cuts words and can
// leave 「报告」 alone on the last line; so the title's lines are chosen here and written with
// explicit line breaks.

// phraseEnds are words after which a report title may break: the end of the issuing body's
// name, of 关于, of a year, of the meeting's name.
var phraseEnds = []string{
	"党支部", "党总支", "党委", "委员会", "关于", "年度",
	"组织生活会", "民主生活会", "主题教育",
}

// phraseStarts are words before which a report title may break.
var phraseStarts = []string{
	"关于", "召开", "开展情况", "情况报告", "情况的报告", "的报告", "的通知", "的请示",
	"专题组织生活会", "主题教育",
}

// Characters a line may not start with (closing marks) or end with (opening marks).
const (
	noLineStart = "，。、；：？！）》」』”’〕】…—·"
	noLineEnd   = "（《「『“‘〔【"
)

// titleWidth is s's width in half-width units: CJK and other wide characters count 2.
func titleWidth(s string) int {
	n := 0
	for _, r := range s {
		if r < 0x1100 {
			n++
		} else {
			n += 2
		}
	}
	return n
}

// titleLines breaks title into lines of at most perLine full-width characters. Breaks go
// between phrases (see phraseEnds, phraseStarts) where they can; elsewhere only where
// no digit or Latin run is cut and no punctuation mark is orphaned. No line holds one or
// two characters alone, and among the breaks with the fewest lines the most even lengths are
// chosen. A title that fits, or that cannot be broken so, is returned as one line.
func titleLines(title string, perLine int) []string {
	rs := []rune(title)
	maxW := 2 * perLine
	if perLine < 3 || titleWidth(title) <= maxW {
		return []string{title}
	}
	n := len(rs)
	// penalty[i] is the cost of a break before rs[i]; -1 where no break may go.
	penalty := make([]int, n+1)
	const notPhrase = 1 << 12 // more than any imbalance of a line (at most (2·perLine)² for sane sizes)
	for i := 1; i < n; i++ {
		prev, next := rs[i-1], rs[i]
		switch {
		case isWordRune(prev) && isWordRune(next),
			strings.ContainsRune(noLineStart, next), strings.ContainsRune(noLineEnd, prev):
			penalty[i] = -1
		case phraseBreak(rs, i):
			penalty[i] = 0
		default:
			penalty[i] = notPhrase
		}
	}
	// prefix widths, to take a line's width in O(1)
	pre := make([]int, n+1)
	for i, r := range rs {
		pre[i+1] = pre[i] + titleWidth(string(r))
	}
	total := pre[n]
	minLines := (total + maxW - 1) / maxW
	for k := minLines; k <= n/3; k++ {
		if lines := bestBreaks(rs, pre, penalty, k, maxW, total); lines != nil {
			return lines
		}
	}
	return []string{title}
}

// bestBreaks splits rs into exactly k lines of width ≤ maxW and more than two characters
// each, minimising the break penalties plus the squared deviations of the line widths from
// the mean; nil if there is no such split.
func bestBreaks(rs []rune, pre, penalty []int, k, maxW, total int) []string {
	n := len(rs)
	const inf = int(^uint(0) >> 2)
	// cost[j][i]: the least cost of rs[:i] in j lines; from[j][i]: where its last line starts.
	cost := make([][]int, k+1)
	from := make([][]int, k+1)
	for j := range cost {
		cost[j] = make([]int, n+1)
		from[j] = make([]int, n+1)
		for i := range cost[j] {
			cost[j][i] = inf
		}
	}
	cost[0][0] = 0
	dev := func(w int) int { d := w*k - total; return d * d / k } // k²·(w − mean)² / k
	for j := 1; j <= k; j++ {
		for i := 3; i <= n; i++ {
			if i < n && penalty[i] < 0 {
				continue
			}
			for s := i - 3; s >= 0; s-- {
				w := pre[i] - pre[s]
				if w > maxW {
					break
				}
				if cost[j-1][s] == inf || (s > 0 && penalty[s] < 0) {
					continue
				}
				c := cost[j-1][s] + dev(w)
				if s > 0 {
					c += penalty[s]
				}
				if c < cost[j][i] {
					cost[j][i], from[j][i] = c, s
				}
			}
		}
	}
	if cost[k][n] == inf {
		return nil
	}
	lines := make([]string, k)
	for j, i := k, n; j > 0; j-- {
		s := from[j][i]
		lines[j-1] = string(rs[s:i])
		i = s
	}
	return lines
}

// isWordRune reports whether r belongs to a run that must not be cut: digits, Latin
// letters and the marks inside numbers.
func isWordRune(r rune) bool {
	return r < 0x1100 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-')
}

// phraseBreak reports whether a break before rs[i] falls between phrases.
func phraseBreak(rs []rune, i int) bool {
	before, after := string(rs[:i]), string(rs[i:])
	for _, w := range phraseEnds {
		if strings.HasSuffix(before, w) {
			return true
		}
	}
	for _, w := range phraseStarts {
		if strings.HasPrefix(after, w) {
			return true
		}
	}
	// after a closing mark or a number's unit, before an opening mark
	return strings.ContainsRune(noLineStart, rs[i-1]) || strings.ContainsRune(noLineEnd, rs[i])
}
