package bot

import (
	"strings"
	"testing"
	"unicode/utf8"

	"orglife"
)

// FuzzCallbackData: any callback data at all (it is client-supplied and can be forged) is
// split without panic; what parseStepData accepts has a nonce and a value without ":" and
// reads back the same from the canonical button stepData makes of it; data that is neither
// a flow button nor routed to a button handler is refused with the stale-button answer,
// which is readable and fits Telegram's 200 characters in both languages; the buttons
// stepData makes for a session read back as exactly that session's nonce, step and value;
// and a value containing ":" can never be read back as a different value of the current
// question. FuzzCallbackDispatch drives the same data through the whole dispatch.
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
	routes := (&Handlers{}).allButtons()
	f.Fuzz(func(t *testing.T, data string, updateID, step int, value string) {
		// Forged data: no panic, and a clear refusal when nothing takes it.
		if n, st, v, ok := parseStepData(data); ok {
			if strings.Contains(n, ":") || strings.Contains(v, ":") {
				t.Fatalf("parseStepData(%q) = %q, %d, %q: a part holds a colon", data, n, st, v)
			}
			n2, st2, v2, ok2 := parseStepData(stepData(&session{Nonce: n, Step: st}, v))
			if !ok2 || n2 != n || st2 != st || v2 != v {
				t.Fatalf("parseStepData(%q) = %q, %d, %q, but its canonical button reads %q, %d, %q, %v", data, n, st, v, n2, st2, v2, ok2)
			}
		} else if _, routed := routes[strings.Split(data, ":")[0]]; !routed {
			for _, lang := range []orglife.Lang{orglife.LangZH, orglife.LangEN} {
				msg := msgStaleButton.In(lang)
				if strings.TrimSpace(msg) == "" || !utf8.ValidString(msg) || utf8.RuneCountInString(msg) > 200 {
					t.Fatalf("callback data %q is refused with %q in %s", data, msg, lang)
				}
			}
		}
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
