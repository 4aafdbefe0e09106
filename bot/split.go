package bot

import (
	"html"
	"regexp"
	"strings"
	"unicode/utf16"
)

// messageLimit is Telegram's limit on a message's text, in UTF-16 units after entity parsing.
const messageLimit = 4096

var htmlTag = regexp.MustCompile(`<[^>]*>`)

// visibleLen is how long an HTML message is for Telegram: tags dropped, entities read,
// counted in UTF-16 units.
func visibleLen(htmlText string) int {
	return utf16Len(html.UnescapeString(htmlTag.ReplaceAllString(htmlText, "")))
}

// utf16Len is the length of s in UTF-16 units, Telegram's measure.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += runeUTF16(r)
	}
	return n
}

func runeUTF16(r rune) int {
	if n := utf16.RuneLen(r); n > 0 {
		return n
	}
	return 1 // an invalid rune is sent as U+FFFD
}

// packBlocks joins complete HTML blocks, a line each, into messages of at most limit
// visible characters; a block is never cut (callers make each shorter than limit), and
// no message starts with a blank line.
func packBlocks(blocks []string, limit int) []string {
	var pages []string
	var cur []string
	size := 0
	for _, b := range blocks {
		n := visibleLen(b)
		if len(cur) > 0 && size+1+n > limit {
			pages = append(pages, strings.Join(cur, "\n"))
			cur, size = nil, 0
		}
		if len(cur) == 0 && strings.TrimSpace(b) == "" {
			continue
		}
		if len(cur) > 0 {
			size++
		}
		cur, size = append(cur, b), size+n
	}
	if len(cur) > 0 {
		pages = append(pages, strings.Join(cur, "\n"))
	}
	return pages
}
