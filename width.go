package orglife

import "strings"

// FoldWidth turns the full-width forms a Chinese keyboard types (digits, letters, and
// punctuation such as "：" "－" "／" "．", U+FF01 to U+FF5E) and the ideographic space into
// their ASCII forms, so that "１２月１日" and "９：３０" read as 12月1日 and 9:30.
func FoldWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '！' && r <= '～':
			return r - '！' + '!'
		case r == '\u3000':
			return ' '
		}
		return r
	}, s)
}
