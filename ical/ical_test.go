package ical_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"orglife"
	"orglife/ical"
)

var update = flag.Bool("update", false, "rewrite testdata golden files")

func TestEscape(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"查摆问题截止", "查摆问题截止"},
		{`a\b`, `a\\b`},
		{"a;b,c", `a\;b\,c`},
		{"一\n二", `一\n二`},
		{"一\r\n二\r三", `一\n二\n三`},
		{"tab\there", "tab\there"},
		{"bell\a\x7fend", "bellend"},
		{"bad\xffutf8", "bad\uFFFDutf8"},
		{`\n`, `\\n`},
	} {
		if got := ical.Escape(c.in); got != c.want {
			t.Errorf("Escape(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestFold(t *testing.T) {
	for _, c := range []struct {
		name, in string
		want     []string // the physical lines, without CRLF
	}{
		{"long summary", "SUMMARY:" + strings.Repeat("查摆问题截止（2026年度专题组织生活会）", 2),
			[]string{"SUMMARY:查摆问题截止（2026年度专题组织生活会）查摆问题", " 截止（2026年度专题组织生活会）"}}, // exactly 75 octets, then the rest},
		{"short", "SUMMARY:x", []string{"SUMMARY:x"}},
		{"exactly 75", strings.Repeat("a", 75), []string{strings.Repeat("a", 75)}},
		{"76", strings.Repeat("a", 76), []string{strings.Repeat("a", 75), " a"}},
		{"continuations hold 74", strings.Repeat("a", 75+74+1), []string{strings.Repeat("a", 75), " " + strings.Repeat("a", 74), " a"}},
		// 8 ASCII octets, then 3-octet characters: 8+22*3 = 74, the 23rd would end at 77.
		{"never splits a character", "SUMMARY:" + strings.Repeat("查", 30),
			[]string{"SUMMARY:" + strings.Repeat("查", 22), " " + strings.Repeat("查", 8)}},
		{"4-octet characters", "X:" + strings.Repeat("😀", 20),
			[]string{"X:" + strings.Repeat("😀", 18), " " + strings.Repeat("😀", 2)}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := ical.Fold(c.in)
			if want := strings.Join(c.want, "\r\n") + "\r\n"; got != want {
				t.Errorf("Fold(%q) =\n%q, want\n%q", c.in, got, want)
			}
			if unfold(got) != c.in+"\r\n" {
				t.Errorf("unfold(Fold(%q)) = %q", c.in, unfold(got))
			}
		})
	}
}

// sample is a meeting's calendar: two deadlines (one with a comma and semicolon to escape,
// one long enough to fold) and the meeting with its time and place.
func sample() ical.Calendar {
	stamp := time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC)
	meeting := "2026年度专题组织生活会"
	return ical.Calendar{Name: meeting, Events: []ical.Event{
		{UID: "step-study@m1.7.orglife", Stamp: stamp, Summary: "学习研讨截止（" + meeting + "）",
			Day: orglife.Date{Year: 2026, Month: 12, Day: 10}, AlarmBefore: 15 * time.Hour},
		{UID: "step-points@m1.7.orglife", Sequence: 2, Stamp: stamp.Add(48 * time.Hour),
			Summary: "查摆问题截止（" + meeting + "）", Description: "对照党章党规;查找差距,逐条登记\n请及时完成。",
			Day: orglife.Date{Year: 2026, Month: 12, Day: 31}, AlarmBefore: 15 * time.Hour},
		{UID: "meeting@m1.7.orglife", Stamp: stamp, Summary: meeting, Location: "三楼会议室",
			Day: orglife.Date{Year: 2027, Month: 1, Day: 5}, Start: time.Date(2027, 1, 5, 14, 30, 0, 0, time.FixedZone("CST", 8*3600)),
			Duration: 150 * time.Minute, AlarmBefore: 90 * time.Minute},
		{UID: "meeting@m2.7.orglife", Stamp: stamp, Summary: "all-day, no alarm", Day: orglife.Date{Year: 2027, Month: 2, Day: 28}},
	}}
}

func TestWriteGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := ical.Write(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "meeting.ics")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("calendar differs from %s (go test ./ical -update rewrites it):\n%s", golden, buf.String())
	}
	checkLines(t, buf.String())
}

// TestWriteShape checks what phones depend on, independently of the golden file.
func TestWriteShape(t *testing.T) {
	var buf bytes.Buffer
	if err := ical.Write(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	text := unfold(buf.String())
	for _, want := range []string{
		"BEGIN:VCALENDAR\r\nPRODID:" + ical.ProdID + "\r\nVERSION:2.0\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:2026年度专题组织生活会\r\n",
		"DTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101\r\n", // the next day crosses a year
		"SEQUENCE:2\r\n",
		"DTSTAMP:20261122T020000Z\r\n",
		`DESCRIPTION:对照党章党规\;查找差距\,逐条登记\n请及时完成。` + "\r\n",
		"DTSTART:20270105T063000Z\r\nDTEND:20270105T090000Z\r\n",
		"LOCATION:三楼会议室\r\n",
		"TRIGGER;RELATED=START:-PT15H\r\n",
		"TRIGGER;RELATED=START:-PT1H30M\r\n",
		"END:VCALENDAR\r\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("calendar lacks %q:\n%s", want, text)
		}
	}
	if n := strings.Count(text, "BEGIN:VEVENT"); n != 4 {
		t.Errorf("%d events, want 4", n)
	}
	if n := strings.Count(text, "BEGIN:VALARM"); n != 3 {
		t.Errorf("%d alarms, want 3 (the last event has none)", n)
	}
	if strings.Contains(strings.ReplaceAll(buf.String(), "\r\n", ""), "\n") {
		t.Error("a bare LF line end")
	}
}

func TestWriteRefuses(t *testing.T) {
	for name, e := range map[string]ical.Event{
		"no UID": {Summary: "x", Day: orglife.Date{Year: 2026, Month: 1, Day: 1}},
		"no day": {UID: "u", Summary: "x"},
	} {
		if err := ical.Write(&bytes.Buffer{}, ical.Calendar{Events: []ical.Event{e}}); err == nil {
			t.Errorf("%s: written", name)
		}
	}
}

// checkLines: CRLF line ends only, no line over 75 octets, valid UTF-8 throughout.
func checkLines(t *testing.T, text string) {
	t.Helper()
	if !strings.HasSuffix(text, "\r\n") {
		t.Errorf("does not end with CRLF: %q", text)
	}
	for i, l := range strings.Split(strings.TrimSuffix(text, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line %d has %d octets: %q", i+1, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d is not UTF-8: %q", i+1, l)
		}
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("line %d holds a bare CR or LF: %q", i+1, l)
		}
	}
}

// unfold joins folded lines (RFC 5545 3.1): a CRLF followed by a space goes.
func unfold(s string) string { return strings.ReplaceAll(s, "\r\n ", "") }

// unescape reads a TEXT value back.
func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			if s[i] == 'n' || s[i] == 'N' {
				b.WriteByte('\n')
			} else {
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// FuzzFoldEscape: any text, escaped and folded into a content line, unfolds and unescapes
// back to itself (less what TEXT cannot hold), in lines of at most 75 octets of UTF-8.
func FuzzFoldEscape(f *testing.F) {
	for _, s := range []string{"", "查摆问题截止（2026年度专题组织生活会）", `a\;b,c` + "\n", strings.Repeat("😀", 40),
		strings.Repeat("a", 74) + "查", "\r\n\r", "\xff\xfe", "\\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		line := "DESCRIPTION:" + ical.Escape(s)
		folded := ical.Fold(line)
		checkLines(t, folded)
		if got := unfold(folded); got != line+"\r\n" {
			t.Fatalf("unfold(Fold(%q)) = %q", line, got)
		}
		want := strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(strings.ToValidUTF8(s, "\uFFFD"))
		want = strings.Map(func(r rune) rune {
			if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f {
				return -1
			}
			return r
		}, want)
		if got := unescape(strings.TrimPrefix(line, "DESCRIPTION:")); got != want {
			t.Fatalf("unescape(Escape(%q)) = %q, want %q", s, got, want)
		}
	})
}
