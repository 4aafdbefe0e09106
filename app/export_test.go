package app_test

import (
	"encoding/json"
	"strings"
	"testing"

	"orglife"
	"orglife/state"
)

func TestExportForTheSecretary(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 1, 2)
	f.addPoint(t, 201, orglife.AreaTheory, orglife.SourceSelf, "对党的创新理论学习不够系统，只读摘要不读原文", "每周读原文两次")
	sec := f.secretary
	sec.Send("/export")
	name := "branch-" + f.branch.ID + "-" + today(h).String() + ".json"
	raw := waitDocument(t, sec, name)
	var e state.BranchExport
	if err := json.Unmarshal(raw, &e); err != nil {
		t.Fatalf("the export is not JSON: %v", err)
	}
	if e.Version != state.ExportVersion || e.Branch.ID != f.branch.ID || e.Branch.Name != "第一党支部" || len(e.Members) != 4 {
		t.Fatalf("export = version %d, branch %+v, %d members", e.Version, e.Branch, len(e.Members))
	}
	if len(e.Meetings) != 1 || e.Meetings[0].Meeting.ID != f.meeting.ID || len(e.Meetings[0].Points) != 1 ||
		e.Meetings[0].Points[0].MemberID != 201 || len(e.Meetings[0].PointLog) != 1 {
		t.Fatalf("export meetings = %+v", e.Meetings)
	}
	if !strings.Contains(string(raw), "\n  ") {
		t.Fatal("the export is not indented")
	}
	noViolations(t, h.fake)

	// A member may not.
	m := f.members[0]
	m.Send("/export")
	reply(t, m, "这个命令只有支部书记可以使用")
	for _, r := range m.Replies() {
		if r.Document != nil {
			t.Fatal("a member received the branch export")
		}
	}
}
