package orglife

import "unicode"

// Wordless reports whether text has no letter of any script — no Chinese character, no
// Latin, Cyrillic or other letter — only emoji, digits, punctuation, symbols or spaces, such
// as 「😀😀😀😀」 or 「２．５」. Such an answer says nothing a problem list or a report can
// use, so where content is wanted it is refused rather than stored.
func Wordless(text string) bool {
	for _, r := range text {
		if unicode.IsLetter(r) || unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return true
}
