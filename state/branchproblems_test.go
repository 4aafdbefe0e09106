package state_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"orglife"
)

func TestBranchProblems(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec, c := newRecords(t)
	mustBranch(t, rec, "7", 1)
	mustMeeting(t, rec, "7", "1", t0)

	a := orglife.BranchProblem{ID: "b1", MeetingID: "1", Order: 1, Headline: "理论学习的系统性不强", PointIDs: []string{"p1", "p2"}, InReport: true, CreatedAt: at(1)}
	b := orglife.BranchProblem{ID: "b2", MeetingID: "1", Order: 2, Headline: "组织功能发挥不够到位", CreatedAt: at(2)}
	err := rec.SaveBranchProblems(ctx, "7", "1", []orglife.BranchProblem{b, a}, []orglife.BranchProblemChange{
		{ProblemID: "b1", By: 1, Action: orglife.BranchProblemCreate, After: a.Headline},
		{ProblemID: "b2", By: 1, Action: orglife.BranchProblemCreate, After: b.Headline},
	})
	if err != nil {
		t.Fatal(err)
	}
	// A merge writes both problems and its log entry at once.
	a, b = orglife.MergeBranchProblems(a, b)
	if err := rec.SaveBranchProblems(ctx, "7", "1", []orglife.BranchProblem{a, b},
		[]orglife.BranchProblemChange{{ProblemID: "b1", By: 1, Action: orglife.BranchProblemMerge, Before: "b2"}}); err != nil {
		t.Fatal(err)
	}
	ps, err := rec.BranchProblems(ctx, "7", "1")
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 || ps[0].ID != "b1" || !ps[1].Removed || len(orglife.LiveBranchProblems(ps)) != 1 {
		t.Fatalf("BranchProblems = %+v; want b1 then b2 removed", ps)
	}
	log, err := rec.BranchProblemLog(ctx, "7", "1")
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 3 || log[2].Action != orglife.BranchProblemMerge || log[2].At.IsZero() {
		t.Fatalf("log = %+v; want create, create, merge with times", log)
	}

	// Nothing is written when one part is wrong.
	bad := orglife.BranchProblem{ID: "b3", MeetingID: "2", Headline: "x"}
	if err := rec.SaveBranchProblems(ctx, "7", "1", []orglife.BranchProblem{a, bad}, nil); err == nil {
		t.Fatal("problem of another meeting saved")
	}
	if err := rec.SaveBranchProblems(ctx, "7", "1", []orglife.BranchProblem{a},
		[]orglife.BranchProblemChange{{ProblemID: "b9", Action: orglife.BranchProblemEdit}}); err == nil {
		t.Fatal("change of a problem not saved with it accepted")
	}
	if n := c.LLen(ctx, recKeys.MeetingBranchProblemLog("7", "1")).Val(); n != 3 {
		t.Fatalf("log has %d entries after refused saves; want 3", n)
	}
	err = rec.SaveBranchProblems(ctx, "7", "9", []orglife.BranchProblem{{ID: "b1", MeetingID: "9"}}, nil)
	wantErr(t, "save in a missing meeting", err, orglife.ErrNotFound)
	_, err = rec.BranchProblems(ctx, "7", "9")
	wantErr(t, "list of a missing meeting", err, orglife.ErrNotFound)
	_, err = rec.BranchProblemLog(ctx, "7", "9")
	wantErr(t, "log of a missing meeting", err, orglife.ErrNotFound)
}

func TestSetProblemCurators(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec, _ := newRecords(t)
	mustBranch(t, rec, "7", 1)
	m := mustMeeting(t, rec, "7", "1", t0)
	m.Theme = "学思想、强党性"
	if err := rec.SaveMeeting(ctx, m); err != nil {
		t.Fatal(err)
	}
	got, err := rec.SetProblemCurators(ctx, "7", "1", []int64{5, 3, 5})
	if err != nil {
		t.Fatal(err)
	}
	stored, err := rec.Meeting(ctx, "7", "1")
	if err != nil {
		t.Fatal(err)
	}
	// Sorted, once each, and the meeting's other fields kept.
	if !slices.Equal(stored.ProblemCurators, []int64{3, 5}) || !slices.Equal(got.ProblemCurators, stored.ProblemCurators) || stored.Theme != m.Theme {
		t.Fatalf("meeting after SetProblemCurators = %+v (returned %+v)", stored, got)
	}
	if _, err := rec.SetProblemCurators(ctx, "7", "1", nil); err != nil {
		t.Fatal(err)
	}
	if stored, _ = rec.Meeting(ctx, "7", "1"); stored.ProblemCurators != nil {
		t.Fatalf("curators after clearing = %v", stored.ProblemCurators)
	}
	for _, c := range []struct{ branch, meeting string }{{"7", "9"}, {"8", "1"}, {"7", "../1"}} {
		if _, err := rec.SetProblemCurators(ctx, c.branch, c.meeting, []int64{3}); !errors.Is(err, orglife.ErrNotFound) {
			t.Errorf("SetProblemCurators(%s, %s) = %v, want ErrNotFound", c.branch, c.meeting, err)
		}
	}
}
