package state_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"orglife"
	"orglife/state"
	"orglife/state/redistest"
)

func forgetFixture(t *testing.T) (*state.Records, string, string) {
	t.Helper()
	ctx := context.Background()
	srv := redistest.Start(t)
	rec := state.NewRecords(srv.Client(t), state.NewKeys("t"))
	now := time.Now().UTC()
	if err := rec.CreateBranch(ctx, orglife.Branch{ID: "7", Name: "b"}, orglife.Member{UserID: 100, Name: "sec"}); err != nil {
		t.Fatal(err)
	}
	for _, u := range []int64{1, 2} {
		if _, err := rec.AddMember(ctx, "7", orglife.Member{UserID: u, Name: "m"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := rec.CreateMeeting(ctx, orglife.Meeting{ID: "m1", BranchID: "7", CreatedAt: now}); err != nil {
		t.Fatal(err)
	}
	for i, u := range []int64{1, 2} {
		id := string(rune('a' + i))
		p := orglife.Point{ID: "p" + id, MeetingID: "m1", MemberID: u, Problem: "problem " + id, CreatedAt: now}
		if err := rec.SavePoint(ctx, "7", p, orglife.PointChange{By: u, Action: orglife.PointCreate, After: "problem " + id}); err != nil {
			t.Fatal(err)
		}
		if err := rec.SaveStudy(ctx, "7", orglife.Study{ID: "s" + id, MeetingID: "m1", MemberID: u, Topic: "t"}); err != nil {
			t.Fatal(err)
		}
		if err := rec.MarkMaterialDone(ctx, "7", "m1", u); err != nil {
			t.Fatal(err)
		}
	}
	// A branch problem over both points, created by member 1 (a committee member the
	// secretary let curate) and edited by 2.
	bp := orglife.BranchProblem{ID: "b1", MeetingID: "m1", Order: 1, Headline: "理论学习的系统性不强", Detail: "学习不够系统。",
		PointIDs: []string{"pa", "pb"}, InReport: true, CreatedBy: 1, CreatedAt: now}
	if err := rec.SaveBranchProblems(ctx, "7", "m1", []orglife.BranchProblem{bp}, []orglife.BranchProblemChange{
		{ProblemID: "b1", By: 1, Action: orglife.BranchProblemCreate, After: bp.Headline},
		{ProblemID: "b1", By: 2, Action: orglife.BranchProblemEdit, Before: "学习不够", After: bp.Detail}}); err != nil {
		t.Fatal(err)
	}
	if err := rec.SaveTalk(ctx, "7", orglife.Talk{ID: "t1", MeetingID: "m1", RecordedBy: 2, With: 1, WithName: "m1name"}); err != nil {
		t.Fatal(err)
	}
	// A talk member 1 recorded with an outsider and edited since.
	if err := rec.SaveTalk(ctx, "7", orglife.Talk{ID: "t2", MeetingID: "m1", RecordedBy: 1, WithName: "王老师", Rev: 1,
		History: []orglife.TalkChange{{By: 1, Action: orglife.TalkEdit, Before: "日期：2026年12月1日", After: "日期：2026年12月2日"}}}); err != nil {
		t.Fatal(err)
	}
	if err := rec.SaveMinutes(ctx, "7", "m1", orglife.Minutes{Attending: []int64{100, 2}, Absent: []int64{1, 3},
		AbsentReasons: map[int64]string{1: "病假", 3: "公差"}}); err != nil {
		t.Fatal(err)
	}
	if err := rec.SaveDraft(ctx, 1, "point", []byte("x")); err != nil {
		t.Fatal(err)
	}
	return rec, "7", "m1"
}

func TestForgetAnonymise(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec, b, m := forgetFixture(t)
	if err := rec.Forget(ctx, b, 1, false); err != nil {
		t.Fatal(err)
	}
	ps, _ := rec.Points(ctx, b, m)
	if len(ps) != 2 || ps[0].MemberID != 0 || ps[0].Problem != "problem a" || ps[1].MemberID != 2 {
		t.Fatalf("points = %+v", ps)
	}
	tk, _ := rec.Talk(ctx, b, m, "t1")
	if tk.With != 0 || tk.WithName != state.AnonymousName || tk.RecordedBy != 2 {
		t.Fatalf("talk = %+v", tk)
	}
	if tk, _ := rec.Talk(ctx, b, m, "t2"); tk.RecordedBy != 0 || len(tk.History) != 1 || tk.History[0].By != 0 || tk.History[0].After != "日期：2026年12月2日" {
		t.Fatalf("talk with its history = %+v", tk)
	}
	ss, _ := rec.Studies(ctx, b, m)
	if len(ss) != 2 || ss[0].MemberID+ss[1].MemberID != 2 {
		t.Fatalf("studies = %+v", ss)
	}
	checkBranchProblemsForgotten(t, rec, b, m, []string{"pa", "pb"})
	checkForgotten(t, rec, b, m)
}

// checkBranchProblemsForgotten: the branch problem keeps its text and the points left
// (points), and neither it nor its log names member 1; member 2's edit is still theirs.
func checkBranchProblemsForgotten(t *testing.T, rec *state.Records, b, m string, points []string) {
	t.Helper()
	ctx := context.Background()
	bps, err := rec.BranchProblems(ctx, b, m)
	if err != nil || len(bps) != 1 {
		t.Fatalf("branch problems = %+v, %v", bps, err)
	}
	if bp := bps[0]; bp.CreatedBy != 0 || bp.Headline != "理论学习的系统性不强" || bp.Detail != "学习不够系统。" || !slices.Equal(bp.PointIDs, points) {
		t.Fatalf("branch problem = %+v; want it anonymous over %v", bp, points)
	}
	log, err := rec.BranchProblemLog(ctx, b, m)
	if err != nil || len(log) != 2 || log[0].By != 0 || log[0].After != "理论学习的系统性不强" || log[1].By != 2 {
		t.Fatalf("branch problem log = %+v, %v", log, err)
	}
}

func TestForgetRemove(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec, b, m := forgetFixture(t)
	if err := rec.Forget(ctx, b, 1, true); err != nil {
		t.Fatal(err)
	}
	ps, _ := rec.Points(ctx, b, m)
	if len(ps) != 1 || ps[0].MemberID != 2 {
		t.Fatalf("points = %+v", ps)
	}
	log, _ := rec.PointLog(ctx, b, m)
	for _, c := range log {
		if c.PointID == "pa" && (c.After != "" || c.By != 0) {
			t.Fatalf("log keeps more than ids: %+v", c)
		}
	}
	if ts, _ := rec.Talks(ctx, b, m); len(ts) != 0 {
		t.Fatalf("talks = %+v", ts)
	}
	if ss, _ := rec.Studies(ctx, b, m); len(ss) != 1 || ss[0].MemberID != 2 {
		t.Fatalf("studies = %+v", ss)
	}
	checkBranchProblemsForgotten(t, rec, b, m, []string{"pb"})
	checkForgotten(t, rec, b, m)
	if err := rec.Forget(ctx, b, 100, true); !errors.Is(err, state.ErrSecretaryRole) {
		t.Fatalf("Forget(secretary) = %v", err)
	}
}

func checkForgotten(t *testing.T, rec *state.Records, b, m string) {
	t.Helper()
	ctx := context.Background()
	mn, _, _ := rec.Minutes(ctx, b, m)
	if len(mn.Attending) != 2 || mn.Attending[1] != 2 || len(mn.Absent) != 1 || mn.Absent[0] != 3 {
		t.Fatalf("attending = %v, absent = %v", mn.Attending, mn.Absent)
	}
	if len(mn.AbsentReasons) != 1 || mn.AbsentReasons[3] != "公差" {
		t.Fatalf("the reasons for absence = %v: the forgotten member's is to go, the others' to stay", mn.AbsentReasons)
	}
	// The minutes were kept before their figures were: the meeting's 应到4/实到2 is kept
	// from the ids before member 1's goes.
	if e, p := mn.Attendance(); e != 4 || p != 2 {
		t.Fatalf("attendance after forgetting = 应到%d/实到%d, want 应到4/实到2", e, p)
	}
	done, _ := rec.MaterialDone(ctx, b, m)
	if len(done) != 1 || done[0] != 2 {
		t.Fatalf("material done = %v", done)
	}
	if _, ok, _ := rec.Member(ctx, b, 1); ok {
		t.Fatal("still a member")
	}
	if _, ok, _ := rec.Member(ctx, b, 2); !ok {
		t.Fatal("another member was removed")
	}
	if d, _ := rec.Draft(ctx, 1, "point"); d != nil {
		t.Fatal("draft kept")
	}
}
