package app_test

import (
	"bytes"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"orglife"
	"orglife/bot/telegramtest"
)

// TestScheduleCalendar: a member's /schedule offers the meeting's calendar; the file holds one
// event per deadline and the meeting, all at SEQUENCE 0, and is the same when asked again.
// When the secretary moves a deadline and then the meeting, the next files keep every UID
// and raise the moved event's SEQUENCE alone — for the secretary's file too.
func TestScheduleCalendar(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 2)
	m := f.meeting
	u, sec := f.members[0], f.secretary
	uid := func(what string) string { return what + "@" + m.ID + "." + f.branch.ID + ".orglife" }
	want := map[string]calEvent{uid("meeting"): {seq: 0, start: day(m.Date)}}
	for _, s := range m.Steps {
		want[uid("step-"+string(s.Kind))] = calEvent{seq: 0, start: day(s.Deadline)}
	}
	if len(want) != 6 {
		t.Fatalf("the fixture's meeting has %d steps, want 5", len(m.Steps))
	}

	first := exportCalendar(t, u, 1)
	got := parseCalendar(t, first)
	checkEvents(t, "first file", got, want)
	points := got[uid("step-points")]
	if points.summary != "查摆问题截止（"+m.Title+"）" || points.alarm != "-PT15H" {
		t.Errorf("查摆问题's event: %+v", points)
	}
	if again := exportCalendar(t, u, 2); !bytes.Equal(again, first) {
		t.Errorf("the same schedule gave another file:\n%s\n---\n%s", first, again)
	}

	pointsStep, _ := m.Step(orglife.StepPoints)
	moved := pointsStep.Deadline.AddDays(-1)
	sec.Send("/deadline")
	reply(t, sec, "修改哪一步的时限")
	click(t, sec, "查摆问题")
	reply(t, sec, "查摆问题 现在的时限是")
	sec.Send(moved.String())
	reply(t, sec, "查摆问题 的时限已改为 "+moved.Chinese())
	want[uid("step-points")] = calEvent{seq: 1, start: day(moved)}
	checkEvents(t, "after /deadline", parseCalendar(t, exportCalendar(t, u, 3)), want)

	newDay := m.Date.AddDays(2)
	sec.Send("/deadline")
	reply(t, sec, "修改哪一步的时限")
	click(t, sec, "会议日期")
	reply(t, sec, "会议现在定于")
	sec.Send(newDay.String())
	reply(t, sec, "各步骤时限是否随之顺延")
	click(t, sec, "保留")
	reply(t, sec, "会议日期已改为 "+newDay.Chinese())
	want[uid("meeting")] = calEvent{seq: 1, start: day(newDay)}
	checkEvents(t, "the secretary's, after the meeting moved", parseCalendar(t, exportCalendar(t, sec, 1)), want)
	checkEvents(t, "the member's, after the meeting moved", parseCalendar(t, exportCalendar(t, u, 4)), want)
}

// calEvent is what the test reads of a VEVENT.
type calEvent struct {
	seq     int
	start   string // DTSTART's value
	summary string
	alarm   string // the alarm's TRIGGER value
}

func day(d orglife.Date) string { return strings.ReplaceAll(d.String(), "-", "") }

// exportCalendar asks for the calendar from /schedule and returns the user's nth .ics file.
func exportCalendar(t *testing.T, u *telegramtest.User, n int) []byte {
	t.Helper()
	u.Send("/schedule")
	reply(t, u, "会议日期")
	click(t, u, "导出到日历（.ics）")
	var got []byte
	waitUntil(t, func() bool {
		var files []*telegramtest.File
		for _, r := range u.Replies() {
			if r.Document != nil && strings.HasSuffix(r.Document.Name, ".ics") {
				files = append(files, r.Document)
			}
		}
		if len(files) < n {
			return false
		}
		if f := files[n-1]; f.MimeType != "text/calendar" || !strings.Contains(f.Name, "专题组织生活会") {
			t.Errorf("calendar file %q, %s", f.Name, f.MimeType)
		}
		got = files[n-1].Bytes
		return true
	})
	return got
}

// parseCalendar reads an iCalendar file's events by UID, after checking its lines: CRLF
// ends, at most 75 octets, UTF-8.
func parseCalendar(t *testing.T, file []byte) map[string]calEvent {
	t.Helper()
	text := string(file)
	if !strings.HasPrefix(text, "BEGIN:VCALENDAR\r\n") || !strings.HasSuffix(text, "END:VCALENDAR\r\n") {
		t.Fatalf("not a calendar:\n%s", text)
	}
	for _, l := range strings.Split(text, "\r\n") {
		if len(l) > 75 || !utf8.ValidString(l) || strings.Contains(l, "\n") {
			t.Errorf("bad line %q", l)
		}
	}
	events := map[string]calEvent{}
	var cur *calEvent
	var id string
	for _, l := range strings.Split(strings.ReplaceAll(text, "\r\n ", ""), "\r\n") {
		name, value, _ := strings.Cut(l, ":")
		switch {
		case l == "BEGIN:VEVENT":
			cur, id = &calEvent{seq: -1}, ""
		case l == "END:VEVENT":
			if _, dup := events[id]; dup || id == "" {
				t.Fatalf("event UID %q missing or repeated", id)
			}
			events[id] = *cur
			cur = nil
		case cur == nil:
		case name == "UID":
			id = value
		case name == "SEQUENCE":
			cur.seq, _ = strconv.Atoi(value)
		case strings.HasPrefix(name, "DTSTART"):
			cur.start = value[:8]
		case name == "SUMMARY":
			cur.summary = value
		case strings.HasPrefix(name, "TRIGGER"):
			cur.alarm = value
		}
	}
	return events
}

func checkEvents(t *testing.T, what string, got, want map[string]calEvent) {
	t.Helper()
	if !slices.Equal(slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want))) {
		t.Fatalf("%s: events %v, want %v", what, slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
	}
	for id, w := range want {
		if g := got[id]; g.seq != w.seq || g.start != w.start {
			t.Errorf("%s: %s has SEQUENCE %d on %s, want %d on %s", what, id, g.seq, g.start, w.seq, w.start)
		}
	}
}
