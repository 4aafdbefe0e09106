package transport

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestSplitArray(t *testing.T) {
	tests := []struct {
		raw  string
		want []string
	}{
		{`[]`, []string{}},
		{` [ ] `, []string{}},
		{`[{"update_id":1,"message":{"text":"a]}\"[{"}},{"update_id":2}]`, []string{`{"update_id":1,"message":{"text":"a]}\"[{"}}`, `{"update_id":2}`}},
		{"[1, \"x\" ,true,null,\n[2,[3]] ,{}]", []string{`1`, `"x"`, `true`, `null`, `[2,[3]]`, `{}`}},
	}
	for _, tt := range tests {
		got, err := splitArray([]byte(tt.raw))
		if err != nil || len(got) != len(tt.want) {
			t.Fatalf("splitArray(%s) = %q, %v; want %q", tt.raw, got, err, tt.want)
		}
		for i := range got {
			if string(got[i]) != tt.want[i] {
				t.Fatalf("splitArray(%s)[%d] = %s, want %s", tt.raw, i, got[i], tt.want[i])
			}
		}
	}
	if _, err := splitArray([]byte(`{"a":1}`)); err == nil {
		t.Fatal("an object split as an array")
	}
}

// FuzzSplitArray: on valid JSON, splitting an array agrees with encoding/json element for
// element (compacted), and anything else fails as it does.
func FuzzSplitArray(f *testing.F) {
	for _, s := range []string{`[]`, `[{"update_id":1,"message":{"text":"[\"]"}}]`, `[1,"a",[2,{"b":[]}],null]`, `{"a":1}`, `[1,]`, `"x"`, ` [ 1 , 2 ] `} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if !json.Valid(raw) {
			return // Telegram's answers reach the splitter decoded once already
		}
		var want []json.RawMessage
		werr := json.Unmarshal(raw, &want)
		got, err := splitArray(raw)
		if (err != nil) != (werr != nil) {
			t.Fatalf("splitArray(%q) error %v, encoding/json %v", raw, err, werr)
		}
		if len(got) != len(want) {
			t.Fatalf("splitArray(%q) = %d elements, encoding/json %d", raw, len(got), len(want))
		}
		for i := range got {
			var a, b bytes.Buffer
			if json.Compact(&a, got[i]) != nil || json.Compact(&b, want[i]) != nil || a.String() != b.String() {
				t.Fatalf("splitArray(%q)[%d] = %s, encoding/json %s", raw, i, got[i], want[i])
			}
		}
	})
}

// FuzzSentID: on valid JSON, the message id read from an echo is what encoding/json reads,
// and fails where it fails.
func FuzzSentID(f *testing.F) {
	for _, s := range []string{`{"message_id":4711,"chat":{"id":5}}`, `{"chat":{"id":5,"message_id":3},"message_id":99}`,
		`{"message_id":1,"message_id":2}`, `{"Message_ID":7}`, `{"message_id":"7"}`, `{"message\u005fid":8}`,
		`{"message_id":1.5}`, `{"message_id":null}`, `{ "message_id" : 7 , "date": 1}`, `[1]`, `{}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if !json.Valid(raw) {
			return
		}
		var m struct {
			MessageID int `json:"message_id"`
		}
		werr := json.Unmarshal(raw, &m)
		got, err := sentID(raw)
		if (err != nil) != (werr != nil) || (err == nil && got != m.MessageID) {
			t.Fatalf("sentID(%q) = %d, %v; encoding/json %d, %v", raw, got, err, m.MessageID, werr)
		}
	})
}
