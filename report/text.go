package report

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Text helpers.

const closing = "。．.！!；;，,、：: \t"

// oneLine joins a text's lines, with 。 where a line ends without punctuation.
func oneLine(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r", ""))
	if !strings.Contains(s, "\n") {
		return s
	}
	var b strings.Builder
	for line := range strings.SplitSeq(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if b.Len() > 0 {
			if r, _ := utf8.DecodeLastRuneInString(b.String()); !strings.ContainsRune(closing, r) {
				b.WriteString("；")
			}
		}
		b.WriteString(line)
	}
	return b.String()
}

// stripSubject removes a leading 我 (not 我们), 本人 or 自己: the report speaks of the branch.
func stripSubject(s string) string {
	for {
		switch {
		case strings.HasPrefix(s, "本人"):
			s = strings.TrimPrefix(s, "本人")
		case strings.HasPrefix(s, "自己"):
			s = strings.TrimPrefix(s, "自己")
		case strings.HasPrefix(s, "我") && !strings.HasPrefix(s, "我们"):
			s = strings.TrimPrefix(s, "我")
		default:
			return strings.TrimLeft(s, "，,、：: ")
		}
	}
}

// ownWords is a member's text as the report quotes it.
func ownWords(s string) string { return stripSubject(oneLine(s)) }

// trimEnd removes the final punctuation.
func trimEnd(s string) string { return strings.TrimRight(s, closing) }

// sentence is s ending with a full stop (or the ！/？ it ends with).
func sentence(s string) string {
	s = oneLine(s)
	if strings.HasSuffix(s, "！") || strings.HasSuffix(s, "？") || strings.HasSuffix(s, "?") {
		return s
	}
	s = trimEnd(s)
	if s == "" {
		return ""
	}
	return s + "。"
}

// countList writes the non-zero counts: 理论学习4条、担当作为3条.
func countList(names []string, counts []int, unit string) string {
	var parts []string
	for i, n := range counts {
		if n > 0 {
			parts = append(parts, names[i]+strconv.Itoa(n)+unit)
		}
	}
	return strings.Join(parts, "、")
}
