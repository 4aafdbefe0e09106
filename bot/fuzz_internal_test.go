package bot

import (
	"strings"
	"testing"
	"unicode/utf8"

	"orglife"
)

// FuzzCallbackData: any callback data at all (it is client-supplied and can be forged) is
// read by the one codec without panic. What parseButtonData accepts is of a known kind, at
// most 64 bytes, and encodes back to exactly the same bytes (so no two data read as the
// same press, and no field holds a ':'); what it refuses is answered with the stale-button
// text, which is readable and fits Telegram's 200 characters in both languages. Encoding
// never yields data over 64 bytes or data that reads back as anything else: the buttons
// stepData makes for a session read back as exactly that session's nonce, step and value,
// and a value holding ':' cannot be encoded at all. FuzzCallbackDispatch drives the same
// data through the whole dispatch.
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
	f.Add("mb:1:201", 7, 2, "m1")
	f.Add("rp:1:m1:p:docx", 7, 6, "r-1_")
	f.Add("tc:1:m1:t1:ok:3", 7, 3, "t1")
	f.Add("tc:1:m1:t1:w!", 7, 0, "w!")
	f.Add("tc:1:m1:t1:lno:0", 7, -1, "lno")
	f.Fuzz(func(t *testing.T, data string, updateID, step int, value string) {
		checkParsed(t, data)
		if step < 0 {
			step = -step
		}
		if step < 0 { // math.MinInt
			step = 0
		}
		s := &session{Nonce: nonceOf(updateID), Step: step}
		btn, err := stepData(s, value).encode()
		if strings.Contains(value, ":") && err == nil {
			t.Fatalf("stepData(%q) encoded as %q: a value with ':' cannot read back", value, btn)
		}
		fits := len("q:"+s.Nonce+":")+len(value)+20 <= maxButtonData && value != "" && utf8.ValidString(value)
		if err != nil && fits && !strings.Contains(value, ":") {
			t.Fatalf("stepData(nonce %q, step %d, %q) did not encode: %v", s.Nonce, step, value, err)
		}
		checkEncoded(t, stepData(s, value))
		// The value as every id of every other kind, and the step as a user id and a revision.
		for _, kind := range []buttonKind{kindMember, kindMeeting, kindPoint, kindTalk, kindRect, kindReport, kindGo, kindBranchProblem, kindCalendar, kindSnooze, kindDigest, kindInvite, kindStudy} {
			checkEncoded(t, buttonData{Kind: kind, Branch: value, Meeting: value, Record: value, User: int64(step),
				Action: value, Format: value, Rev: step})
			checkEncoded(t, buttonData{Kind: kind, Branch: value, Meeting: value, Record: value, Action: talkAgree, Rev: step})
		}
	})
}

// checkParsed: data parses only to a buttonData that encodes back to it; refused data gets
// a readable refusal.
func checkParsed(t *testing.T, data string) {
	d, ok := parseButtonData(data)
	if !ok {
		for _, lang := range []orglife.Lang{orglife.LangZH, orglife.LangEN} {
			msg := msgStaleButton.In(lang)
			if strings.TrimSpace(msg) == "" || !utf8.ValidString(msg) || utf8.RuneCountInString(msg) > 200 {
				t.Fatalf("callback data %q is refused with %q in %s", data, msg, lang)
			}
		}
		return
	}
	back, err := d.encode()
	if err != nil || back != data {
		t.Fatalf("parseButtonData(%q) = %+v, which encodes as %q, %v", data, d, back, err)
	}
	if _, known := buttonLayouts[d.Kind]; !known {
		t.Fatalf("parseButtonData(%q) has unknown kind %q", data, d.Kind)
	}
}

// checkEncoded: d encodes to at most 64 bytes of UTF-8 that read back as d, or not at all.
func checkEncoded(t *testing.T, d buttonData) {
	data, err := d.encode()
	if err != nil {
		return
	}
	if len(data) < 1 || len(data) > maxButtonData || !utf8.ValidString(data) {
		t.Fatalf("%+v encoded as %q (%d bytes)", d, data, len(data))
	}
	got, ok := parseButtonData(data)
	if !ok || got != canonical(d) {
		t.Fatalf("%+v encoded as %q, which reads back as %+v, %v", d, data, got, ok)
	}
}

// canonical is d with only the fields its kind's layout carries.
func canonical(d buttonData) buttonData {
	out := buttonData{Kind: d.Kind}
	for _, s := range buttonLayouts[d.Kind].slots {
		s.set(&out, s.get(&d))
	}
	return out
}
