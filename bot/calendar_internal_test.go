package bot

import (
	"bytes"
	"flag"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"orglife"
	"orglife/ical"
)

var updateGolden = flag.Bool("update", false, "rewrite testdata golden files")

// calendarFixture is a meeting of branch 7 as the template lays it out, the talks step
// without a deadline.
func calendarFixture() orglife.Meeting {
	day := orglife.Date{Year: 2026, Month: 12, Day: 24}
	m := orglife.Meeting{ID: "m1", BranchID: "7", Title: "2026年度专题组织生活会", Date: day,
		Steps: orglife.NewSteps(day, []orglife.StepTemplate{
			{Kind: orglife.StepPlan, DaysBefore: 21, Responsible: orglife.BySecretary},
			{Kind: orglife.StepStudy, DaysBefore: 14, Responsible: orglife.ByEveryone},
			{Kind: orglife.StepTalks, DaysBefore: 7, Responsible: orglife.ByEveryone},
			{Kind: orglife.StepPoints, DaysBefore: 7, Responsible: orglife.ByEveryone},
			{Kind: orglife.StepMaterial, DaysBefore: 3, Responsible: orglife.ByEveryone},
		})}
	m.Steps[2].Deadline = orglife.Date{}
	return m
}

// TestCalendarFingerprints: an event's fingerprint changes with its own day alone, and the
// meeting's with its day, time and place; a step without a deadline has no event.
func TestCalendarFingerprints(t *testing.T) {
	base := calendarMeeting{Meeting: calendarFixture()}
	fps := calendarFingerprints(base)
	want := []string{"meeting@m1.7.orglife", "step-material@m1.7.orglife", "step-plan@m1.7.orglife",
		"step-points@m1.7.orglife", "step-study@m1.7.orglife"}
	if got := slices.Sorted(maps.Keys(fps)); !slices.Equal(got, want) {
		t.Fatalf("events %v, want %v", got, want)
	}
	moved := func(change func(c *calendarMeeting)) []string {
		c := base
		c.Meeting.Steps = slices.Clone(base.Meeting.Steps)
		change(&c)
		var diff []string
		for uid, fp := range calendarFingerprints(c) {
			if fps[uid] != fp {
				diff = append(diff, uid)
			}
		}
		slices.Sort(diff)
		return diff
	}
	start := time.Date(2026, 12, 24, 14, 30, 0, 0, time.FixedZone("CST", 8*3600))
	for _, c := range []struct {
		name   string
		change func(c *calendarMeeting)
		want   []string
	}{
		{"nothing", func(c *calendarMeeting) {}, nil},
		{"a deadline", func(c *calendarMeeting) { c.Meeting.Steps[3].Deadline = c.Meeting.Steps[3].Deadline.AddDays(-1) },
			[]string{"step-points@m1.7.orglife"}},
		{"the meeting's day", func(c *calendarMeeting) { c.Meeting.Date = c.Meeting.Date.AddDays(1) }, []string{"meeting@m1.7.orglife"}},
		{"its time", func(c *calendarMeeting) { c.Start = start }, []string{"meeting@m1.7.orglife"}},
		{"its place", func(c *calendarMeeting) { c.Place = "三楼会议室" }, []string{"meeting@m1.7.orglife"}},
		{"the title", func(c *calendarMeeting) { c.Meeting.Title = "另一个名称" }, nil},
	} {
		if got := moved(c.change); !slices.Equal(got, c.want) {
			t.Errorf("%s: changed %v, want %v", c.name, got, c.want)
		}
	}
}

// TestMeetingCalendarGolden: the file a member gets, in both languages, with the meeting
// all-day and with its time and place; testdata/calendar_*.ics (go test ./bot -run
// CalendarGolden -update rewrites them).
func TestMeetingCalendarGolden(t *testing.T) {
	stamp := time.Date(2026, 11, 20, 1, 2, 3, 0, time.UTC)
	m := calendarFixture()
	versions := map[string]calendarVersion{}
	for uid := range calendarFingerprints(calendarMeeting{Meeting: m}) {
		versions[uid] = calendarVersion{Stamp: stamp}
	}
	versions["step-points@m1.7.orglife"] = calendarVersion{Sequence: 1, Stamp: stamp.Add(72 * time.Hour)}
	timed := calendarMeeting{Meeting: m, Start: time.Date(2026, 12, 24, 14, 30, 0, 0, time.FixedZone("CST", 8*3600)), Place: "三楼会议室"}
	for _, c := range []struct {
		file string
		in   calendarMeeting
		lang orglife.Lang
	}{
		{"calendar_zh.ics", calendarMeeting{Meeting: m}, orglife.LangZH},
		{"calendar_en.ics", calendarMeeting{Meeting: m}, orglife.LangEN},
		{"calendar_timed.ics", timed, orglife.LangZH},
	} {
		var buf bytes.Buffer
		if err := ical.Write(&buf, meetingCalendar(c.in, versions, c.lang)); err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join("testdata", c.file)
		if *updateGolden {
			if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), want) {
			t.Errorf("%s differs:\n%s", golden, buf.String())
		}
		if n := strings.Count(buf.String(), "BEGIN:VEVENT"); n != 5 {
			t.Errorf("%s: %d events, want 4 deadlines and the meeting", c.file, n)
		}
	}
}

// TestCalendarOfMeeting: a meeting with a time is a timed event at that time in the branch's
// zone, at its place; without one it is all day.
func TestCalendarOfMeeting(t *testing.T) {
	sh, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	h := &Handlers{opts: HandlerOptions{Location: time.UTC}}
	b := orglife.Branch{ID: "7", Timezone: "Asia/Shanghai"}
	m := calendarFixture()
	if c := h.calendarOf(m, b); !c.Start.IsZero() || c.Place != "" {
		t.Fatalf("without a time: %+v", c)
	}
	m.Time, m.Place = &orglife.TimeOfDay{Hour: 14, Minute: 30}, "三楼会议室"
	c := h.calendarOf(m, b)
	if want := time.Date(2026, 12, 24, 14, 30, 0, 0, sh); !c.Start.Equal(want) || c.Place != "三楼会议室" {
		t.Fatalf("with a time: start %v place %q; want %v", c.Start, c.Place, want)
	}
}
