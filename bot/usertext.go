package bot

import (
	"fmt"
	"html"
	"unicode/utf8"

	"orglife"
)

// quote is user text made safe to show in an HTML message.
func quote(s string) string { return html.EscapeString(s) }

// clip shortens user text to n characters (runes, not bytes), marking the cut with "…". It
// goes before quote, so that the cut never splits an escaped character.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// minLength is a check for a typed answer of at least min characters (runes, not bytes).
// A shorter answer is refused with problem; with showMin, problem states the minimum
// itself, as its one %d.
func minLength(min int, problem Text, showMin bool) func(t *turn, a answers, text string) (string, string) {
	return func(t *turn, _ answers, text string) (string, string) {
		if utf8.RuneCountInString(text) >= min {
			return text, ""
		}
		if showMin {
			return "", fmt.Sprintf(problem.In(t.lang), min)
		}
		return "", problem.In(t.lang)
	}
}

// withWords refuses, with problem, a typed answer that has no letter or Chinese character
// in it (orglife.Wordless: 「😀😀😀😀」, 「２．５」) before check, if any, sees it: content is
// wanted, and no length makes emoji or digits alone into content.
func withWords(problem Text, check func(t *turn, a answers, text string) (string, string)) func(t *turn, a answers, text string) (string, string) {
	return func(t *turn, a answers, text string) (string, string) {
		if orglife.Wordless(text) {
			return "", problem.In(t.lang)
		}
		if check == nil {
			return text, ""
		}
		return check(t, a, text)
	}
}
