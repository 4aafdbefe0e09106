package state_test

import (
	"context"
	"reflect"
	"testing"

	"orglife"
)

func TestStudySessions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec, _ := newRecords(t)
	mustBranch(t, rec, "7", 100)
	mustMeeting(t, rec, "7", "1", at(0))
	mustMeeting(t, rec, "7", "2", at(1))
	if got, err := rec.StudySessions(ctx, "7", "1"); err != nil || len(got) != 0 {
		t.Fatalf("StudySessions before any = %v, %v", got, err)
	}
	later := orglife.StudySession{ID: "g1", MeetingID: "1", Kind: orglife.SessionSeminar, Date: orglife.Date{Year: 2023, Month: 9, Day: 28},
		Topic: "严肃党内政治生活", Hours: 2.5, Attendance: []int64{100, 1, 2}, Speakers: []int64{1, 2}, RecordedBy: 100, CreatedAt: at(5)}
	earlier := orglife.StudySession{ID: "g2", MeetingID: "1", Kind: orglife.SessionCollective, Date: orglife.Date{Year: 2023, Month: 9, Day: 25},
		Topic: "党章", Hours: 2, Attendance: []int64{100, 1}, RecordedBy: 1, CreatedAt: at(9)}
	for _, s := range []orglife.StudySession{later, earlier} {
		if err := rec.SaveStudySession(ctx, "7", s); err != nil {
			t.Fatal(err)
		}
	}
	got, err := rec.StudySessions(ctx, "7", "1")
	if err != nil || !reflect.DeepEqual(got, []orglife.StudySession{earlier, later}) {
		t.Fatalf("StudySessions = %+v, %v; want by date", got, err)
	}
	if one, err := rec.StudySession(ctx, "7", "1", "g1"); err != nil || !reflect.DeepEqual(one, later) {
		t.Fatalf("StudySession(g1) = %+v, %v", one, err)
	}
	if other, err := rec.StudySessions(ctx, "7", "2"); err != nil || len(other) != 0 {
		t.Fatalf("StudySessions of another meeting = %v, %v", other, err)
	}
	_, err = rec.StudySession(ctx, "7", "1", "zz")
	wantErr(t, "StudySession(unknown)", err, orglife.ErrNotFound)
	_, err = rec.StudySessions(ctx, "7", "nosuch")
	wantErr(t, "StudySessions(unknown meeting)", err, orglife.ErrNotFound)
	bad := earlier
	bad.MeetingID = "nosuch"
	wantErr(t, "SaveStudySession(unknown meeting)", rec.SaveStudySession(ctx, "7", bad), orglife.ErrNotFound)
	bad = earlier
	bad.Kind = "party"
	if err := rec.SaveStudySession(ctx, "7", bad); err == nil {
		t.Error("SaveStudySession with an unknown kind succeeded")
	}
	bad = earlier
	bad.ID = ""
	if err := rec.SaveStudySession(ctx, "7", bad); err == nil {
		t.Error("SaveStudySession without an id succeeded")
	}
}

// TestForgetInStudySessions: a leaving member stays counted, as 0, when anonymised, and is
// taken out of attendance and speakers when removed; a session they recorded stays.
func TestForgetInStudySessions(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		remove             bool
		attended, speakers []int64
	}{
		{false, []int64{100, 0, 2}, []int64{0, 2}},
		{true, []int64{100, 2}, []int64{2}},
	} {
		ctx := context.Background()
		rec, b, m := forgetFixture(t)
		seminar := orglife.StudySession{ID: "g1", MeetingID: m, Kind: orglife.SessionSeminar, Topic: "党章", Hours: 2,
			Attendance: []int64{100, 1, 2}, Speakers: []int64{1, 2}, RecordedBy: 1}
		other := orglife.StudySession{ID: "g2", MeetingID: m, Kind: orglife.SessionCollective, Topic: "党规", Hours: 1,
			Attendance: []int64{100, 2}, RecordedBy: 100}
		for _, s := range []orglife.StudySession{seminar, other} {
			if err := rec.SaveStudySession(ctx, b, s); err != nil {
				t.Fatal(err)
			}
		}
		if err := rec.Forget(ctx, b, 1, tc.remove); err != nil {
			t.Fatal(err)
		}
		got, err := rec.StudySession(ctx, b, m, "g1")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Attendance, tc.attended) || !reflect.DeepEqual(got.Speakers, tc.speakers) || got.RecordedBy != 0 {
			t.Errorf("remove %v: session %+v", tc.remove, got)
		}
		if got, _ := rec.StudySession(ctx, b, m, "g2"); !reflect.DeepEqual(got, other) {
			t.Errorf("remove %v: a session without them changed: %+v", tc.remove, got)
		}
		checkForgotten(t, rec, b, m)
	}
}
