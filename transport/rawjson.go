package transport

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// Telegram's answers reach these functions already decoded once by tgbotapi (its Result is
// valid JSON), so they only need to find where values begin and end, in one pass and
// without copying; anything they do not expect is left to encoding/json.

// splitArray returns the elements of a JSON array, each a slice of raw.
func splitArray(raw []byte) ([]json.RawMessage, error) {
	if out, ok := scanArray(raw); ok {
		return out, nil
	}
	var out []json.RawMessage
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, err
	}
	return out, nil
}

func scanArray(raw []byte) ([]json.RawMessage, bool) {
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '[' {
		return nil, false
	}
	out := []json.RawMessage{}
	if i = skipSpace(raw, i+1); i < len(raw) && raw[i] == ']' {
		return out, skipSpace(raw, i+1) == len(raw)
	}
	for i < len(raw) {
		end := skipValue(raw, i)
		if end == i {
			return nil, false
		}
		out = append(out, raw[i:end:end])
		i = skipSpace(raw, end)
		if i >= len(raw) {
			return nil, false
		}
		switch raw[i] {
		case ']':
			return out, skipSpace(raw, i+1) == len(raw)
		case ',':
			i = skipSpace(raw, i+1)
		default:
			return nil, false
		}
	}
	return nil, false
}

// messageIDKey is the key sentID looks for, quoted as Telegram writes it.
var messageIDKey = []byte(`"message_id"`)

// scanMessageID finds the number under the last top-level key "message_id" of a JSON
// object (0 when there is none), as encoding/json would; ok is false where it cannot be
// sure (a key with an escape or in other letter case, which encoding/json also matches, or
// a value that is no plain integer) and encoding/json must decide.
func scanMessageID(raw []byte) (id int, ok bool) {
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '{' {
		return 0, false
	}
	for i = skipSpace(raw, i+1); i < len(raw) && raw[i] != '}'; {
		if raw[i] != '"' {
			return 0, false
		}
		kend := skipString(raw, i)
		key := raw[i:kend]
		i = skipSpace(raw, kend)
		if i >= len(raw) || raw[i] != ':' {
			return 0, false
		}
		vstart := skipSpace(raw, i+1)
		vend := skipValue(raw, vstart)
		switch {
		case bytes.Equal(key, messageIDKey):
			n, err := strconv.Atoi(string(raw[vstart:vend]))
			if err != nil {
				return 0, false
			}
			id = n
		case bytes.IndexByte(key, '\\') >= 0 || bytes.EqualFold(key, messageIDKey):
			return 0, false
		}
		if i = skipSpace(raw, vend); i < len(raw) && raw[i] == ',' {
			i = skipSpace(raw, i+1)
		}
	}
	return id, i < len(raw)
}

// skipValue returns the index just past the JSON value at raw[i] (i itself when none starts there).
func skipValue(raw []byte, i int) int {
	if i >= len(raw) {
		return i
	}
	switch raw[i] {
	case '"':
		return skipString(raw, i)
	case '{', '[':
		depth := 0
		for ; i < len(raw); i++ {
			switch raw[i] {
			case '"':
				i = skipString(raw, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
		}
		return i
	}
	for i < len(raw) && !isDelimiter(raw[i]) {
		i++
	}
	return i
}

// skipString returns the index just past the string whose opening quote is raw[i].
func skipString(raw []byte, i int) int {
	for i++; i < len(raw); i++ {
		switch raw[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(raw)
}

func skipSpace(raw []byte, i int) int {
	for i < len(raw) && (raw[i] == ' ' || raw[i] == '\t' || raw[i] == '\n' || raw[i] == '\r') {
		i++
	}
	return i
}

func isDelimiter(c byte) bool {
	return c == ',' || c == ']' || c == '}' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ':'
}
