package state_test

import (
	"context"
	"reflect"
	"testing"

	"orglife"
	"orglife/state"
)

// TestCalendarEvents: an event starts at sequence 0; it rises by one, newly stamped, only
// when its fingerprint changes, also back to an earlier one; the same data gives the same
// versions; events of another meeting are apart.
func TestCalendarEvents(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec, _ := newRecords(t)
	mustBranch(t, rec, "7", 100)
	mustMeeting(t, rec, "7", "1", at(0))
	mustMeeting(t, rec, "7", "2", at(1))
	seq := func(got map[string]state.CalendarEvent) map[string]int {
		out := map[string]int{}
		for uid, e := range got {
			if e.UID != uid {
				t.Errorf("event under %q has UID %q", uid, e.UID)
			}
			out[uid] = e.Sequence
		}
		return out
	}
	steps := []struct {
		minute int
		now    map[string]string
		want   map[string]int
		fresh  []string // the events stamped at this minute
	}{
		{10, map[string]string{"a": "2026-12-10", "b": "2026-12-17"}, map[string]int{"a": 0, "b": 0}, []string{"a", "b"}},
		{11, map[string]string{"a": "2026-12-10", "b": "2026-12-17"}, map[string]int{"a": 0, "b": 0}, nil},
		{12, map[string]string{"a": "2026-12-10", "b": "2026-12-18"}, map[string]int{"a": 0, "b": 1}, []string{"b"}},
		{13, map[string]string{"a": "2026-12-10", "b": "2026-12-17", "c": "x"}, map[string]int{"a": 0, "b": 2, "c": 0}, []string{"b", "c"}},
		{14, map[string]string{"a": "2026-12-10", "b": "2026-12-17", "c": "x"}, map[string]int{"a": 0, "b": 2, "c": 0}, nil},
	}
	for i, s := range steps {
		got, err := rec.CalendarEvents(ctx, "7", "1", at(s.minute), s.now)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if !reflect.DeepEqual(seq(got), s.want) {
			t.Errorf("step %d: sequences %v, want %v", i, seq(got), s.want)
		}
		for uid, e := range got {
			fresh := false
			for _, f := range s.fresh {
				fresh = fresh || f == uid
			}
			if e.Stamp.Equal(at(s.minute)) != fresh {
				t.Errorf("step %d: %s stamped %v (fresh: %v)", i, uid, e.Stamp, fresh)
			}
			if e.Fingerprint != s.now[uid] {
				t.Errorf("step %d: %s fingerprint %q, want %q", i, uid, e.Fingerprint, s.now[uid])
			}
		}
	}
	hist, err := rec.CalendarHistory(ctx, "7", "1")
	if err != nil || len(hist) != 3 || hist[0].UID != "a" || hist[1].UID != "b" || hist[1].Sequence != 2 || hist[2].UID != "c" {
		t.Fatalf("CalendarHistory = %+v, %v", hist, err)
	}
	other, err := rec.CalendarEvents(ctx, "7", "2", at(20), map[string]string{"b": "2026-12-18"})
	if err != nil || other["b"].Sequence != 0 {
		t.Fatalf("another meeting's event = %+v, %v", other, err)
	}
	_, err = rec.CalendarEvents(ctx, "7", "nosuch", at(20), map[string]string{"a": "x"})
	wantErr(t, "CalendarEvents(unknown meeting)", err, orglife.ErrNotFound)
	_, err = rec.CalendarHistory(ctx, "7", "nosuch")
	wantErr(t, "CalendarHistory(unknown meeting)", err, orglife.ErrNotFound)
}
