package state_test

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"orglife"
	"orglife/state"
)

// seedRich fills branch "k" with members of every role (after a hand-over), two meetings
// and every kind of record, histories included.
func seedRich(t *testing.T, rec *state.Records) {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(rec.CreateBranch(ctx, orglife.Branch{ID: "k", Name: "第一党支部", CreatedAt: t0, Timezone: "Asia/Shanghai"},
		orglife.Member{UserID: 100, Name: "老书记"}))
	mustAdd(t, rec, "k", orglife.Member{UserID: 1, Name: "甲", JoinedAt: at(1)})
	mustAdd(t, rec, "k", orglife.Member{UserID: 2, Name: "乙", Role: orglife.RoleCommittee, JoinedAt: at(2)})
	mustAdd(t, rec, "k", orglife.Member{UserID: 3, Name: "丙", JoinedAt: at(3)})
	must(rec.HandOver(ctx, "k", 100, 3))
	must(rec.SetRole(ctx, "k", 1, orglife.RoleCommittee))
	for range 9 { // ids drawn and not all used
		_, err := rec.NextID(ctx, "k")
		must(err)
	}
	mustMeeting(t, rec, "k", "1", at(10))
	mustMeeting(t, rec, "k", "2", at(20))
	for _, mid := range []string{"1", "2"} {
		p := point("3", 1, at(30), "对党的创新理论学习不够系统，满足于读摘要")
		p.MeetingID = mid
		must(rec.SavePoint(ctx, "k", p, state.PointChange{By: 1, At: at(30), Action: state.PointCreate, After: "学习"}))
		p.Problem, p.UpdatedAt = "学习不够深入系统，半年只读了两本书", at(31)
		must(rec.SavePoint(ctx, "k", p, state.PointChange{By: 1, At: at(31), Action: state.PointEdit, Before: "学习", After: "学习不够"}))
		q := point("4", 2, at(32), "批评与自我批评开展不够，顾及面子")
		q.MeetingID = mid
		must(rec.SavePoint(ctx, "k", q, state.PointChange{By: 2, At: at(32), Action: state.PointCreate}))
		q.Withdrawn = true
		must(rec.SavePoint(ctx, "k", q, state.PointChange{By: 3, At: at(33), Action: state.PointWithdraw, Before: "批评"}))
		day := orglife.Date{Year: 2023, Month: 9, Day: 25}
		must(rec.SaveTalk(ctx, "k", orglife.Talk{ID: "5", MeetingID: mid, RecordedBy: 3, With: 1, WithName: "甲", Date: day,
			Form: orglife.TalkFaceToFace, Raised: "学习不够", Received: "要求偏严", Status: orglife.ConfirmDisputed, Comment: "时间记错了", CreatedAt: at(34)}))
		must(rec.SaveStudy(ctx, "k", orglife.Study{ID: "6", MeetingID: mid, MemberID: 2, Form: orglife.StudyCollective, Date: day,
			Topic: "党章", Hours: 1.5, Notes: "第一章", CreatedAt: at(35)}))
		must(rec.MarkMaterialDone(ctx, "k", mid, 2))
		must(rec.MarkMaterialDone(ctx, "k", mid, 1))
	}
	must(rec.SaveMinutes(ctx, "k", "1", orglife.Minutes{Date: orglife.Date{Year: 2023, Month: 10, Day: 9},
		Attending: []int64{1, 2, 3}, Absent: []int64{100}, LeaderName: "王", LeaderComments: "很好",
		Agenda: [4]string{"a", "b", "c", "d"}, RecordedAt: at(40).In(time.FixedZone("CST", 8*3600))}))
	for i := range 2 {
		n, err := rec.NextRectNumber(ctx, "k", "1")
		must(err)
		it := orglife.RectItem{ID: []string{"7", "8"}[i], BranchID: "k", MeetingID: "1", Number: n, PointID: "3",
			Problem: "学习不够", Measure: "每周读原文", Owner: 1, Deadline: orglife.Date{Year: 2023, Month: 12, Day: 1},
			ReviewDays: 14, Status: orglife.RectNotStarted, CreatedAt: at(50 + i)}
		must(rec.SaveRectItem(ctx, it))
	}
	_, err := rec.UpdateRectItem(ctx, "k", "1", "7", func(it *orglife.RectItem) error {
		it.Status = orglife.RectReported
		it.Progress = append(it.Progress, orglife.RectReport{At: at(60), By: 1, Status: orglife.RectReported, Note: "完成", Evidence: "file-1", Kind: "report"})
		return nil
	})
	must(err)
	_, err = rec.NextRectNumber(ctx, "k", "1") // a gap in the ledger
	must(err)
	must(rec.SaveInvite(ctx, orglife.Invite{Code: state.NewInviteCode("k"), BranchID: "k", CreatedBy: 3, ExpiresAt: at(1000)}))
}

func exportJSON(t *testing.T, rec *state.Records, id string) (state.BranchExport, string) {
	t.Helper()
	e, err := rec.Export(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	j, err := json.MarshalIndent(e, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return e, string(j)
}

func TestExportImportRoundTrip(t *testing.T) {
	ctx := context.Background()
	src, _ := newRecords(t)
	seedRich(t, src)
	e, before := exportJSON(t, src, "k")

	if e.Version != state.ExportVersion || len(e.Members) != 4 || len(e.Meetings) != 2 || e.Branch.SecretaryID != 3 {
		t.Fatalf("export = version %d, %d members, %d meetings, secretary %d", e.Version, len(e.Members), len(e.Meetings), e.Branch.SecretaryID)
	}
	m1 := e.Meetings[1]
	if m1.Meeting.ID != "1" || len(m1.Points) != 2 || len(m1.PointLog) != 4 || len(m1.Talks) != 1 || len(m1.Studies) != 1 ||
		m1.Minutes == nil || !reflect.DeepEqual(m1.MaterialDone, []int64{1, 2}) || len(m1.RectItems) != 2 ||
		len(m1.RectItems[0].Progress) != 1 || m1.RectSeq != 3 || e.IDSeq != 9 {
		t.Fatalf("first meeting exported incompletely: %s", before)
	}
	if e.Invite != nil {
		t.Fatal("the live invite was exported")
	}

	// Through a file, as orglife import reads it.
	var fromFile state.BranchExport
	if err := json.Unmarshal([]byte(before), &fromFile); err != nil {
		t.Fatal(err)
	}
	dst, _ := newRecords(t)
	if err := dst.Import(ctx, fromFile); err != nil {
		t.Fatal(err)
	}
	got, after := exportJSON(t, dst, "k")
	if after != before {
		t.Fatalf("round trip differs:\nbefore %s\nafter %s", before, after)
	}
	if !reflect.DeepEqual(normalise(t, got), normalise(t, e)) {
		t.Fatal("round trip differs as values")
	}

	// Every member finds the branch; new ids do not collide with restored ones.
	for _, uid := range []int64{1, 2, 3, 100} {
		bs, err := dst.UserBranches(ctx, uid)
		if err != nil || len(bs) != 1 || bs[0] != "k" {
			t.Fatalf("UserBranches(%d) = %v, %v", uid, bs, err)
		}
	}
	if id, err := dst.NextID(ctx, "k"); err != nil || id != "a" {
		t.Fatalf("NextID after import = %q, %v; want a (the counter restored)", id, err)
	}
	// An export without the counters still numbers above every restored id.
	bare := fromFile
	bare.IDSeq = 0
	bare.Meetings = append([]state.MeetingExport(nil), fromFile.Meetings...)
	for i := range bare.Meetings {
		bare.Meetings[i].RectSeq = 0
	}
	third, _ := newRecords(t)
	if err := third.Import(ctx, bare); err != nil {
		t.Fatal(err)
	}
	if id, err := third.NextID(ctx, "k"); err != nil || id != "9" {
		t.Fatalf("NextID after import without counter = %q, %v; want 9 (above every restored id)", id, err)
	}
	if n, err := third.NextRectNumber(ctx, "k", "1"); err != nil || n != 3 {
		t.Fatalf("NextRectNumber after import without counter = %d, %v; want 3", n, err)
	}
	if n, err := dst.NextRectNumber(ctx, "k", "1"); err != nil || n != 4 {
		t.Fatalf("NextRectNumber after import = %d, %v; want 4", n, err)
	}
	if id, err := dst.NewBranchID(ctx); err != nil || id == "k" || id < "l" && len(id) == 1 {
		t.Fatalf("NewBranchID after import = %q, %v; want above k", id, err)
	}

	// A store that holds the branch refuses, and is left as it was.
	err := src.Import(ctx, fromFile)
	wantErr(t, "Import into a store with the branch", err, state.ErrExists)
	if _, again := exportJSON(t, src, "k"); again != before {
		t.Fatal("a refused import changed the branch")
	}
}

// normalise round-trips an export through JSON, so times compare without their zones.
func normalise(t *testing.T, e state.BranchExport) state.BranchExport {
	t.Helper()
	j, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	var out state.BranchExport
	if err := json.Unmarshal(j, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestImportRefusesBadExports(t *testing.T) {
	ctx := context.Background()
	rec, _ := newRecords(t)
	if err := rec.Import(ctx, state.BranchExport{Version: 99, Branch: orglife.Branch{ID: "x"}}); err == nil {
		t.Fatal("an unknown version was imported")
	}
	noSec := state.BranchExport{Version: state.ExportVersion, Branch: orglife.Branch{ID: "x", SecretaryID: 5},
		Members: []orglife.Member{{UserID: 6, Name: "甲"}}}
	if err := rec.Import(ctx, noSec); err == nil {
		t.Fatal("a branch without its secretary was imported")
	}
	if _, err := rec.Branch(ctx, "x"); err == nil {
		t.Fatal("a refused import left a branch")
	}
}
