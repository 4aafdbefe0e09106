package bot

import (
	"testing"
	"time"

	"orglife"
)

// TestReassignAnswers: /reassign's answers read the same from the two answers a chosen item
// is kept as now and from the packed "<meeting>/<item>" a session saved before kept.
func TestReassignAnswers(t *testing.T) {
	at := time.Date(2026, 5, 11, 2, 0, 0, 123, time.UTC)
	want := reassignAnswers{MeetingID: "m1", ItemID: "r1", Owner: 201, At: at}
	split := answers{keyOwner: "201", keyAt: at.Format(time.RFC3339Nano)}
	splitItemRef(split, itemRef(orglife.RectItem{MeetingID: "m1", ID: "r1"}))
	for _, c := range []struct {
		name string
		a    answers
		want reassignAnswers
	}{
		{"kept as two answers", split, want},
		{"saved packed, before the split", answers{keyItem: "m1/r1", keyOwner: "201", keyAt: at.Format(time.RFC3339Nano)}, want},
		{"not answered yet", answers{}, reassignAnswers{}},
		{"an owner that is no number", answers{keyItem: "r1", keyItemMeeting: "m1", keyOwner: "x"},
			reassignAnswers{MeetingID: "m1", ItemID: "r1"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := len(c.a)
			if got := reassignAnswersOf(c.a); got != c.want {
				t.Errorf("reassignAnswersOf(%v) = %+v, want %+v", c.a, got, c.want)
			}
			if len(c.a) != before {
				t.Errorf("reassignAnswersOf changed the session's answers: %v", c.a)
			}
		})
	}
	if split[keyItem] != "r1" || split[keyItemMeeting] != "m1" {
		t.Errorf("splitItemRef kept %v", split)
	}
}

// TestReplacedMinutes: the minutes a run of /minutes replaces, from the answers kept now and
// from the packed "<date>,<count>" of a session saved before.
func TestReplacedMinutes(t *testing.T) {
	for _, c := range []struct {
		name  string
		a     answers
		date  string
		count int
		ok    bool
	}{
		{"kept apart", answers{keyReplacingDate: "2026-05-01", keyReplacingCount: "12"}, "2026-05-01", 12, true},
		{"saved packed, before", answers{keyReplacingOld: "2026-05-01,12"}, "2026-05-01", 12, true},
		{"nothing replaced", answers{}, "", 0, false},
		{"a date that does not read", answers{keyReplacingDate: "May 1"}, "", 0, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, n, ok := replacedMinutes(c.a)
			if ok != c.ok || n != c.count || (ok && d.String() != c.date) {
				t.Errorf("replacedMinutes(%v) = %v, %d, %v; want %s, %d, %v", c.a, d, n, ok, c.date, c.count, c.ok)
			}
		})
	}
}

// TestButtonStartedAnswers: the flows a button starts read back what the button preset.
func TestButtonStartedAnswers(t *testing.T) {
	r := rectReopenAnswers{MeetingID: "m1", ItemID: "r1", Owner: "王党员", Msg: 77}
	a := r.preset()
	a[keyComment] = "再补充材料"
	r.Comment = "再补充材料"
	if got := rectReopenAnswersOf(a); got != r {
		t.Errorf("退回 answers read back as %+v, want %+v", got, r)
	}
	d := talkDisputeAnswers{Branch: "1", Meeting: "m1", Talk: "t1", Recorder: "张书记", Msg: 501, From: talkListDispute}
	a = d.preset()
	a[keyComment] = "日期不对"
	d.Comment = "日期不对"
	if got := talkDisputeAnswersOf(a); got != d {
		t.Errorf("有出入 answers read back as %+v, want %+v", got, d)
	}
}
