package orglife

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestPlanRectReminders(t *testing.T) {
	sh, _ := time.LoadLocation("Asia/Shanghai")
	rules := ReminderRules{At: TimeOfDay{9, 0}, Window: Window{QuietFrom: TimeOfDay{21, 0}, QuietTo: TimeOfDay{8, 0}}}
	item := RectItem{ID: "r1", BranchID: "b", MeetingID: "m", Deadline: Date{2026, 3, 31}, ReviewDays: 14,
		Status: RectInProgress, CreatedAt: time.Date(2026, 1, 5, 15, 0, 0, 0, sh)}
	count := func(rs []Reminder, kind ReminderKind) int {
		n := 0
		for _, r := range rs {
			if r.Kind == kind {
				n++
			}
		}
		return n
	}
	rs := PlanRectReminders(item, Date{2026, 1, 5}, 120, sh, rules)
	// Reviews every 14 days from 5 January up to the deadline: 19 Jan … 30 Mar = 6.
	if n := count(rs, RemindRectReview); n != 6 {
		t.Errorf("%d reviews, want 6: %+v", n, rs)
	}
	if n := count(rs, RemindRectDeadline); n != 1 {
		t.Errorf("%d deadline reminders, want 1", n)
	}
	// Overdue from 1 April, weekly, within the horizon (to 5 May): 1, 8, 15, 22, 29 April = 5.
	if n := count(rs, RemindRectOverdue); n != 5 {
		t.Errorf("%d overdue reports, want 5", n)
	}
	for _, r := range rs {
		if r.ItemID != "r1" || !strings.HasPrefix(r.Key, string(r.Kind)+":b:r1:") || !r.Planned.Equal(r.Due) {
			t.Fatalf("reminder %+v", r)
		}
		if h := r.Due.In(sh).Hour(); h != 9 {
			t.Fatalf("%s at %v, want 09:00 Shanghai", r.Key, r.Due.In(sh))
		}
	}
	// Planned again later, the past is left out and the keys stay the same.
	later := PlanRectReminders(item, Date{2026, 3, 1}, 120, sh, rules)
	if count(later, RemindRectReview) != 3 || later[0].Key != "rect_review:b:r1:2026-03-02" {
		t.Errorf("re-planned from 1 March: %+v", later)
	}
	item.Status = RectClosed
	if rs := PlanRectReminders(item, Date{2026, 1, 5}, 120, sh, rules); len(rs) != 0 {
		t.Errorf("a closed item has %d follow-ups", len(rs))
	}
}

func TestRectItemState(t *testing.T) {
	it := RectItem{Deadline: Date{2026, 3, 31}, Status: RectInProgress}
	if it.Overdue(Date{2026, 3, 31}) || !it.Overdue(Date{2026, 4, 1}) {
		t.Error("overdue only after the deadline day")
	}
	it.Status = RectClosed
	if it.Open() || it.Overdue(Date{2026, 5, 1}) {
		t.Error("a closed item is neither open nor overdue")
	}
	if _, ok := it.LastProgress(); ok {
		t.Error("no progress yet")
	}
	it.Progress = append(it.Progress, RectReport{Note: "a"}, RectReport{Note: "b"})
	if p, ok := it.LastProgress(); !ok || p.Note != "b" {
		t.Errorf("last progress %+v", p)
	}
	if RectReported.Name(LangZH) != "已完成（待销号）" || !RectNotStarted.Valid() || RectStatus("x").Valid() {
		t.Error("status names")
	}
}

func TestQuickRectDeadlines(t *testing.T) {
	tests := []struct {
		today, month, three, yearEnd Date
		nextYear                     bool
	}{
		{Date{2026, 3, 15}, Date{2026, 4, 15}, Date{2026, 6, 15}, Date{2026, 12, 31}, false},
		// A month from the 31st is the month's last day, not a day of the month after.
		{Date{2026, 1, 31}, Date{2026, 2, 28}, Date{2026, 4, 30}, Date{2026, 12, 31}, false},
		{Date{2028, 1, 30}, Date{2028, 2, 29}, Date{2028, 4, 30}, Date{2028, 12, 31}, false},
		{Date{2026, 8, 31}, Date{2026, 9, 30}, Date{2026, 11, 30}, Date{2026, 12, 31}, false},
		// Three months run into next year; the year's end is still this year's.
		{Date{2026, 10, 31}, Date{2026, 11, 30}, Date{2027, 1, 31}, Date{2026, 12, 31}, false},
		{Date{2026, 11, 29}, Date{2026, 12, 29}, Date{2027, 2, 28}, Date{2026, 12, 31}, false},
		// From a month before the year's end, 年底 is next year's.
		{Date{2026, 11, 30}, Date{2026, 12, 30}, Date{2027, 2, 28}, Date{2026, 12, 31}, false},
		{Date{2026, 12, 1}, Date{2027, 1, 1}, Date{2027, 3, 1}, Date{2027, 12, 31}, true},
		{Date{2026, 12, 31}, Date{2027, 1, 31}, Date{2027, 3, 31}, Date{2027, 12, 31}, true},
	}
	for _, tt := range tests {
		got := QuickRectDeadlines(tt.today)
		want := RectDeadlines{OneMonth: tt.month, ThreeMonths: tt.three, YearEnd: tt.yearEnd, NextYear: tt.nextYear}
		if got != want {
			t.Errorf("QuickRectDeadlines(%s) = %+v, want %+v", tt.today, got, want)
		}
	}
}

func TestCarryOver(t *testing.T) {
	ms := []Meeting{{ID: "m3"}, {ID: "m2"}, {ID: "m1"}} // newest first
	items := map[string][]RectItem{
		"m2": {
			{ID: "b", Number: 2, Status: RectInProgress},
			{ID: "a", Number: 1, Status: RectClosed},
			{ID: "c", Number: 3, Status: RectReported},
		},
	}
	load := func(m Meeting) ([]RectItem, error) { return items[m.ID], nil }
	for _, c := range []struct {
		current   string
		ok        bool
		prev      string
		closed    int
		open, all []string
	}{
		{current: "m3", ok: true, prev: "m2", closed: 1, open: []string{"b", "c"}, all: []string{"a", "b", "c"}},
		{current: "m2", ok: true, prev: "m1"},
		{current: "m1"},
		{current: "unknown"},
	} {
		t.Run(c.current, func(t *testing.T) {
			got, ok, err := CarryOver(ms, c.current, load)
			if err != nil || ok != c.ok {
				t.Fatalf("CarryOver(%s) ok=%v err=%v, want ok=%v", c.current, ok, err, c.ok)
			}
			ids := func(its []RectItem) []string {
				var out []string
				for _, it := range its {
					out = append(out, it.ID)
				}
				return out
			}
			if got.Meeting.ID != c.prev || got.Closed != c.closed || !slices.Equal(ids(got.Open), c.open) || !slices.Equal(ids(got.Items), c.all) {
				t.Errorf("CarryOver(%s) = meeting %q closed %d open %v all %v, want %q %d %v %v",
					c.current, got.Meeting.ID, got.Closed, ids(got.Open), ids(got.Items), c.prev, c.closed, c.open, c.all)
			}
		})
	}
}

func TestQuietItemHasNoFollowUps(t *testing.T) {
	it := RectItem{ID: "i", BranchID: "b", Status: RectInProgress, ReviewDays: 7,
		Deadline: Date{2026, time.March, 1}, CreatedAt: time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)}
	from := Date{2026, time.January, 2}
	if len(PlanRectReminders(it, from, 90, time.UTC, ReminderRules{})) == 0 {
		t.Fatal("an open item should have follow-ups")
	}
	it.Quiet = true
	if rs := PlanRectReminders(it, from, 90, time.UTC, ReminderRules{}); len(rs) != 0 {
		t.Errorf("a quiet item got %d follow-ups", len(rs))
	}
}
