package telegramtest

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Telegram's length limits, counted after entity parsing.
const (
	maxTextLength    = 4096
	maxCaptionLength = 1024
)

// formatted is a text as Telegram stores it: plain text plus entities whose
// offsets and lengths count UTF-16 code units.
type formatted struct {
	text     string
	entities []wireEntity
}

// textKind names what is being formatted, for Telegram's error wording.
type textKind struct {
	limit      int
	emptyError string // "" when an empty text is allowed
	longError  string
}

func messageText() textKind {
	return textKind{maxTextLength, "message text is empty", "message is too long"}
}

func messageCaption() textKind {
	return textKind{maxCaptionLength, "", "message caption is too long"}
}

// formatText parses raw in parseMode (or takes the explicit entities JSON) and
// applies Telegram's whitespace trimming and length limits.
func formatText(raw, parseMode, entitiesJSON string, kind textKind) (formatted, *apiError) {
	if !utf8.ValidString(raw) {
		return formatted{}, badRequest("text must be encoded in UTF-8")
	}
	f, err := parseEntities(raw, parseMode, entitiesJSON)
	if err != nil {
		return formatted{}, err
	}
	f = trimSpace(f)
	n := utf16Len(f.text)
	switch {
	case n == 0 && kind.emptyError != "":
		return formatted{}, badRequest(kind.emptyError)
	case n > kind.limit:
		return formatted{}, badRequest(kind.longError)
	}
	return f, nil
}

func parseEntities(raw, parseMode, entitiesJSON string) (formatted, *apiError) {
	switch strings.ToLower(parseMode) {
	case "":
		return explicitEntities(raw, entitiesJSON)
	case "html":
		text, entities, err := parseHTML(raw)
		if err != nil {
			return formatted{}, badRequest("can't parse entities: " + err.Error())
		}
		return formatted{text, entities}, nil
	case "markdown", "markdownv2":
		// Markdown is accepted but not interpreted: the project uses HTML.
		return formatted{text: raw}, nil
	default:
		return formatted{}, badRequest("unsupported parse_mode")
	}
}

func explicitEntities(raw, entitiesJSON string) (formatted, *apiError) {
	f := formatted{text: raw}
	if entitiesJSON == "" {
		return f, nil
	}
	if err := json.Unmarshal([]byte(entitiesJSON), &f.entities); err != nil {
		return formatted{}, badRequest("can't parse entities JSON object")
	}
	return f, nil
}

// trimSpace drops leading and trailing white space as Telegram does and moves
// the entities with the text.
func trimSpace(f formatted) formatted {
	lead := utf16Len(f.text[:len(f.text)-len(strings.TrimLeftFunc(f.text, unicode.IsSpace))])
	text := strings.TrimSpace(f.text)
	n := utf16Len(text)
	var entities []wireEntity
	for _, e := range f.entities {
		start, end := max(e.Offset-lead, 0), min(e.Offset+e.Length-lead, n)
		if end > start {
			e.Offset, e.Length = start, end-start
			entities = append(entities, e)
		}
	}
	return formatted{text, entities}
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16RuneLen(r)
	}
	return n
}

func utf16RuneLen(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// htmlEntityType maps each tag Telegram supports to the entity type it makes.
func htmlEntityType(tag string) (string, bool) {
	switch tag {
	case "b", "strong":
		return "bold", true
	case "i", "em":
		return "italic", true
	case "u", "ins":
		return "underline", true
	case "s", "strike", "del":
		return "strikethrough", true
	case "span", "tg-spoiler":
		return "spoiler", true
	case "a":
		return "text_link", true
	case "code", "pre", "blockquote":
		return tag, true
	case "tg-emoji":
		return "custom_emoji", true
	}
	return "", false
}

// openTag is a start tag waiting for its end tag.
type openTag struct {
	name   string
	arg    string
	offset int // UTF-16 offset of the tag's content
}

// htmlParser follows Telegram's own parser (tdlib's parse_html), including
// its error messages, with one deliberate difference: an "&" that does not start
// one of the supported entities is an error here, while Telegram would keep it
// as text. Unescaped user text is the bug this catches.
type htmlParser struct {
	src      string
	i        int
	out      strings.Builder
	n        int // UTF-16 length of out
	stack    []openTag
	entities []wireEntity
}

func parseHTML(src string) (string, []wireEntity, error) {
	p := &htmlParser{src: src}
	for p.i < len(src) {
		var err error
		switch src[p.i] {
		case '&':
			err = p.entity()
		case '<':
			err = p.tag()
		default:
			p.char()
		}
		if err != nil {
			return "", nil, err
		}
	}
	if len(p.stack) > 0 {
		return "", nil, fmt.Errorf("Can't find end tag corresponding to start tag %q", p.stack[len(p.stack)-1].name)
	}
	sort.SliceStable(p.entities, func(a, b int) bool {
		ea, eb := p.entities[a], p.entities[b]
		if ea.Offset != eb.Offset {
			return ea.Offset < eb.Offset
		}
		return ea.Length > eb.Length
	})
	return p.out.String(), p.entities, nil
}

func (p *htmlParser) emit(r rune) {
	p.out.WriteRune(r)
	p.n += utf16RuneLen(r)
}

func (p *htmlParser) char() {
	r, size := utf8.DecodeRuneInString(p.src[p.i:])
	p.emit(r)
	p.i += size
}

func (p *htmlParser) entity() error {
	r, size := decodeHTMLEntity(p.src[p.i:])
	if size == 0 {
		return fmt.Errorf("Unsupported HTML entity or unescaped \"&\" at byte offset %d", p.i)
	}
	p.emit(r)
	p.i += size
	return nil
}

// decodeHTMLEntity decodes &lt; &gt; &amp; &quot; and numeric entities at the
// start of s; size is 0 when s does not start with one.
func decodeHTMLEntity(s string) (rune, int) {
	end := strings.IndexByte(s, ';')
	if end < 2 || end > 10 {
		return 0, 0
	}
	name := s[1:end]
	switch name {
	case "lt":
		return '<', end + 1
	case "gt":
		return '>', end + 1
	case "amp":
		return '&', end + 1
	case "quot":
		return '"', end + 1
	}
	if name[0] != '#' {
		return 0, 0
	}
	digits, base := name[1:], 10
	if strings.HasPrefix(digits, "x") || strings.HasPrefix(digits, "X") {
		digits, base = digits[1:], 16
	}
	code, err := strconv.ParseUint(digits, base, 32)
	if err != nil || code == 0 || code > unicode.MaxRune || !utf8.ValidRune(rune(code)) {
		return 0, 0
	}
	return rune(code), end + 1
}

func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

func (p *htmlParser) tag() error {
	begin := p.i
	p.i++
	if p.i < len(p.src) && p.src[p.i] == '/' {
		return p.endTag(begin)
	}
	return p.startTag(begin)
}

func (p *htmlParser) startTag(begin int) error {
	for p.i < len(p.src) && !isHTMLSpace(p.src[p.i]) && p.src[p.i] != '>' {
		p.i++
	}
	if p.i >= len(p.src) {
		return fmt.Errorf("Unclosed start tag at byte offset %d", begin)
	}
	name := strings.ToLower(p.src[begin+1 : p.i])
	if _, ok := htmlEntityType(name); !ok {
		return fmt.Errorf("Unsupported start tag %q at byte offset %d", name, begin)
	}
	arg, err := p.attributes(name, begin)
	if err != nil {
		return err
	}
	p.i++ // '>'
	if name == "span" && arg != "spoiler" {
		return fmt.Errorf("Tag \"span\" must have class \"tg-spoiler\" at byte offset %d", begin)
	}
	p.stack = append(p.stack, openTag{name: name, arg: arg, offset: p.n})
	return nil
}

// attributes reads a start tag's attributes up to its '>' and returns the one
// argument the tag uses (href, language, spoiler class, emoji id).
func (p *htmlParser) attributes(tag string, begin int) (string, error) {
	arg := ""
	for {
		p.skipSpace()
		if p.i >= len(p.src) {
			return "", fmt.Errorf("Unclosed start tag at byte offset %d", begin)
		}
		if p.src[p.i] == '>' {
			return arg, nil
		}
		name, value, err := p.attribute(tag, begin)
		if err != nil {
			return "", err
		}
		arg = tagArgument(tag, name, value, arg)
	}
}

func (p *htmlParser) attribute(tag string, begin int) (string, string, error) {
	start := p.i
	for p.i < len(p.src) && !isHTMLSpace(p.src[p.i]) && p.src[p.i] != '=' && p.src[p.i] != '>' {
		p.i++
	}
	name := strings.ToLower(p.src[start:p.i])
	if name == "" {
		return "", "", fmt.Errorf("Empty attribute name in the tag %q at byte offset %d", tag, begin)
	}
	p.skipSpace()
	if p.i >= len(p.src) {
		return "", "", fmt.Errorf("Unclosed start tag %q at byte offset %d", tag, begin)
	}
	if p.src[p.i] != '=' {
		// A boolean attribute, like <blockquote expandable>.
		return name, "", nil
	}
	p.i++
	p.skipSpace()
	if p.i >= len(p.src) {
		return "", "", fmt.Errorf("Unclosed start tag %q at byte offset %d", tag, begin)
	}
	value, err := p.attributeValue()
	return name, value, err
}

func (p *htmlParser) attributeValue() (string, error) {
	quote := p.src[p.i]
	if quote != '"' && quote != '\'' {
		// An unquoted value is an HTML name token: letters, digits, '.' and '-'.
		start := p.i
		for p.i < len(p.src) && isNameTokenByte(p.src[p.i]) {
			p.i++
		}
		if p.i < len(p.src) && !isHTMLSpace(p.src[p.i]) && p.src[p.i] != '>' {
			return "", fmt.Errorf("Unexpected end of name token at byte offset %d", start)
		}
		return strings.ToLower(p.src[start:p.i]), nil
	}
	p.i++
	var value strings.Builder
	for p.i < len(p.src) && p.src[p.i] != quote {
		if p.src[p.i] == '&' {
			if r, size := decodeHTMLEntity(p.src[p.i:]); size > 0 {
				value.WriteRune(r)
				p.i += size
				continue
			}
		}
		value.WriteByte(p.src[p.i])
		p.i++
	}
	if p.i < len(p.src) {
		p.i++ // closing quote
	}
	return value.String(), nil
}

func isNameTokenByte(c byte) bool {
	return c == '.' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func tagArgument(tag, name, value, current string) string {
	switch {
	case tag == "a" && name == "href":
		return value
	case tag == "code" && name == "class" && strings.HasPrefix(value, "language-"):
		return strings.TrimPrefix(value, "language-")
	case tag == "span" && name == "class" && strings.HasPrefix(value, "tg-"):
		return strings.TrimPrefix(value, "tg-")
	case tag == "tg-emoji" && name == "emoji-id":
		return value
	case tag == "blockquote" && name == "expandable":
		return "1"
	}
	return current
}

func (p *htmlParser) skipSpace() {
	for p.i < len(p.src) && isHTMLSpace(p.src[p.i]) {
		p.i++
	}
}

func (p *htmlParser) endTag(begin int) error {
	if len(p.stack) == 0 {
		return fmt.Errorf("Unexpected end tag at byte offset %d", begin)
	}
	p.i++ // '/'
	start := p.i
	for p.i < len(p.src) && !isHTMLSpace(p.src[p.i]) && p.src[p.i] != '>' {
		p.i++
	}
	name := strings.ToLower(p.src[start:p.i])
	p.skipSpace()
	if p.i >= len(p.src) || p.src[p.i] != '>' {
		return fmt.Errorf("Unclosed end tag at byte offset %d", begin)
	}
	p.i++
	open := p.stack[len(p.stack)-1]
	if name != "" && name != open.name {
		return fmt.Errorf("Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", begin, open.name, name)
	}
	p.stack = p.stack[:len(p.stack)-1]
	return p.close(open)
}

// close turns a finished tag into an entity; empty ones are dropped as Telegram does.
func (p *htmlParser) close(t openTag) error {
	length := p.n - t.offset
	if length == 0 {
		return nil
	}
	typ, _ := htmlEntityType(t.name)
	e := wireEntity{Type: typ, Offset: t.offset, Length: length}
	switch t.name {
	case "a":
		if t.arg == "" {
			return nil
		}
		e.URL = t.arg
	case "code":
		if p.setPreLanguage(t) {
			return nil
		}
	case "pre":
		e.Language = t.arg
	case "blockquote":
		if t.arg != "" {
			e.Type = "expandable_blockquote"
		}
	case "tg-emoji":
		if _, err := strconv.ParseInt(t.arg, 10, 64); err != nil {
			return fmt.Errorf("Invalid custom emoji identifier specified")
		}
		e.CustomEmojiID = t.arg
	}
	p.entities = append(p.entities, e)
	return nil
}

// setPreLanguage folds <pre><code class="language-x"> into one pre entity with
// a language, as Telegram does.
func (p *htmlParser) setPreLanguage(code openTag) bool {
	if code.arg == "" || len(p.stack) == 0 || p.stack[len(p.stack)-1].name != "pre" {
		return false
	}
	p.stack[len(p.stack)-1].arg = code.arg
	return true
}
