package app_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"orglife"
	"orglife/bot/telegramtest"
)

func TestReportAndListsForTheSecretary(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 1, 2)
	p1 := f.addPoint(t, 201, orglife.AreaTheory, orglife.SourceSelf, "对党的创新理论学习不够系统，只读摘要不读原文", "每周读原文两次")
	f.addPoint(t, 202, orglife.AreaWorkStyle, orglife.SourceMasses, "调研不够深入，基层情况掌握不准", "")
	reportBranchProblem(t, f, orglife.BranchProblem{Order: 1, Area: orglife.AreaTheory, Headline: "理论学习的系统性不强",
		Detail: "对党的创新理论学习不够系统，只读摘要不读原文。", PointIDs: []string{p1.ID}, InReport: true})
	sec := f.secretary
	sec.Send("/report")
	preview := reply(t, sec, "查摆")
	if len(preview.Text) > 4096 {
		t.Fatalf("preview of %d characters", len(preview.Text))
	}
	for _, w := range []string{"党员个人问题2条", "支部委员会（班子）问题：1条，写入报告1条", "一是理论学习的系统性不强"} {
		if !strings.Contains(preview.Text, w) {
			t.Errorf("the preview lacks %q:\n%s", w, preview.Text)
		}
	}
	doc := waitDocument(t, sec, ".docx")
	if !bytes.HasPrefix(doc, []byte("PK")) {
		t.Fatal("the report is not a .docx (zip) file")
	}
	if body := mmDocumentXML(t, doc); !strings.Contains(body, "一是理论学习的系统性不强。对党的创新理论学习不够系统") {
		t.Error("the report does not state the branch problem")
	}
	reply(t, sec, "还需要以下清单吗")
	click(t, sec, "党员问题清单 Excel")
	if x := waitDocument(t, sec, "党员个人问题清单.xlsx"); !bytes.HasPrefix(x, []byte("PK")) {
		t.Fatal("the members' problem list is not an .xlsx file")
	}
	click(t, sec, "班子问题清单 Word")
	branchList := waitDocument(t, sec, "支部委员会（班子）问题清单.docx")
	if body := mmDocumentXML(t, branchList); !strings.Contains(body, "理论学习的系统性不强") || !strings.Contains(body, "党员查摆1条") {
		t.Error("the committee's problem list lacks the branch problem")
	}
	noViolations(t, h.fake)

	// A member may not; nor may a member press the secretary's buttons.
	m := f.members[0]
	m.Send("/report")
	reply(t, m, "这个命令只有支部书记可以使用")
	var data string
	for _, r := range sec.Replies() {
		for _, row := range r.Buttons {
			for _, b := range row {
				if b.Text == "整改台账 Word" {
					data = b.Data
				}
			}
		}
	}
	own := reply(t, m, "支部书记")
	if _, err := m.ClickData(own.ID, data); err != nil {
		t.Fatal(err)
	}
	waitAnswered(t, m, 1)
	if a := m.CallbackAnswers()[0]; !strings.Contains(a.Text, "已失效") {
		t.Fatalf("a member's press of the secretary's button was answered %q", a.Text)
	}
	m.Send("/help") // any document would have come before this answer
	reply(t, m, "可用命令")
	for _, r := range m.Replies() {
		if r.Document != nil {
			t.Fatal("a member received the secretary's ledger")
		}
	}
}

// waitDocument waits for a document whose name ends with suffix and returns its bytes.
func waitDocument(t *testing.T, u *telegramtest.User, suffix string) []byte {
	t.Helper()
	var got []byte
	waitUntil(t, func() bool {
		for _, r := range u.Replies() {
			if r.Document != nil && strings.HasSuffix(r.Document.Name, suffix) {
				got = r.Document.Bytes
				return true
			}
		}
		return false
	})
	return got
}

// reportBranchProblem stores a branch problem of the current meeting directly (the
// arrangement of a test), logged as its creation by the secretary.
func reportBranchProblem(t *testing.T, f *fixture, p orglife.BranchProblem) orglife.BranchProblem {
	t.Helper()
	ctx := context.Background()
	id, err := f.records.NextID(ctx, f.branch.ID)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	p.ID, p.MeetingID, p.CreatedBy, p.CreatedAt, p.UpdatedAt = "b"+id, f.meeting.ID, f.branch.SecretaryID, now, now
	err = f.records.SaveBranchProblems(ctx, f.branch.ID, f.meeting.ID, []orglife.BranchProblem{p},
		[]orglife.BranchProblemChange{{ProblemID: p.ID, By: f.branch.SecretaryID, Action: orglife.BranchProblemCreate, After: p.Headline}})
	if err != nil {
		t.Fatal(err)
	}
	return p
}
