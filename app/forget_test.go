package app_test

import (
	"bytes"
	"context"
	"testing"

	"orglife"
)

func TestForgetMeAnonymises(t *testing.T) {
	h := newHarness(t)
	f := seedBranch(t, h, 1, 2)
	f.addPoint(t, 201, orglife.AreaTheory, orglife.SourceSelf, "对党的创新理论学习不够系统，只读摘要不读原文", "每周读原文两次")
	f.addPoint(t, 202, orglife.AreaWorkStyle, orglife.SourceMasses, "调研不够深入，基层情况掌握不准", "")
	m := f.members[0]
	m.Send("/forgetme")
	reply(t, m, "确定退出")
	click(t, m, "确认退出")
	reply(t, m, "已办理")
	ctx := context.Background()
	ps, err := f.records.Points(ctx, f.branch.ID, f.meeting.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.MemberID == 201 {
			t.Fatalf("point %s still names the member", p.ID)
		}
	}
	if len(ps) != 2 {
		t.Fatalf("%d points after anonymising, want 2", len(ps))
	}
	if _, ok, _ := f.records.Member(ctx, f.branch.ID, 201); ok {
		t.Fatal("the member is still in the branch")
	}
	sec := f.secretary
	sec.Send("/report")
	if doc := waitDocument(t, sec, ".docx"); !bytes.HasPrefix(doc, []byte("PK")) {
		t.Fatal("the report is not a .docx file")
	}

	// The secretary must hand over first.
	sec.Send("/forgetme")
	reply(t, sec, "支部书记不能直接退出")
	if _, ok, _ := f.records.Member(ctx, f.branch.ID, 100); !ok {
		t.Fatal("the secretary was removed")
	}
}
