package bot

import (
	"strings"
	"testing"
)

// FuzzCallbackData: any callback data at all (it is client-supplied and can be forged) is
// split without panic; the buttons stepData makes for a session read back as exactly that
// session's nonce, step and value; and a value containing ":" can never be read back as a
// different value of the current question.
func FuzzCallbackData(f *testing.F) {
	f.Add("q:abc:0:_cancel", 12345, 0, "_skip")
	f.Add("q:abc:1:yes", 1, 1, "yes")
	f.Add("q::::", -1, 0, "")
	f.Add("q:abc:-1:x", 2147483647, 99, "_done")
	f.Add("q:abc:+1:x", -2147483648, 3, "a:b")
	f.Add("q:abc:99999999999999999999:x", 0, 0, "值")
	f.Add("", 7, 2, "x")
	f.Add("leave:7:m1", 7, 2, "x")
	f.Add(":::", 7, 2, "::")
	f.Fuzz(func(t *testing.T, data string, updateID, step int, value string) {
		parseStepData(data) // forged data: must not panic
		if step < 0 {
			step = -step
		}
		if step < 0 { // math.MinInt
			step = 0
		}
		s := &session{Nonce: nonceOf(updateID), Step: step}
		btn := stepData(s, value)
		nonce, gotStep, gotValue, ok := parseStepData(btn)
		if strings.Contains(value, ":") {
			if ok && nonce == s.Nonce && gotStep == step && gotValue != value && strings.HasPrefix(value, gotValue) {
				t.Fatalf("stepData(%q) = %q reads back as value %q", value, btn, gotValue)
			}
			return
		}
		if !ok || nonce != s.Nonce || gotStep != step || gotValue != value {
			t.Fatalf("stepData(nonce %q, step %d, %q) = %q reads back as %q, %d, %q, %v",
				s.Nonce, step, value, btn, nonce, gotStep, gotValue, ok)
		}
	})
}
