package app_test

import (
	"bytes"
	"strings"
	"testing"

	"orglife"
	"orglife/bot/telegramtest"
)

func TestReportAndListsForTheSecretary(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 1, 2)
	f.addPoint(t, 201, orglife.AreaTheory, orglife.SourceSelf, "对党的创新理论学习不够系统，只读摘要不读原文", "每周读原文两次")
	f.addPoint(t, 202, orglife.AreaWorkStyle, orglife.SourceMasses, "调研不够深入，基层情况掌握不准", "")
	sec := f.secretary
	sec.Send("/report")
	preview := reply(t, sec, "查摆")
	if len(preview.Text) > 4096 {
		t.Fatalf("preview of %d characters", len(preview.Text))
	}
	doc := waitDocument(t, sec, ".docx")
	if !bytes.HasPrefix(doc, []byte("PK")) {
		t.Fatal("the report is not a .docx (zip) file")
	}
	reply(t, sec, "还需要以下清单吗")
	click(t, sec, "问题清单 Excel")
	if x := waitDocument(t, sec, ".xlsx"); !bytes.HasPrefix(x, []byte("PK")) {
		t.Fatal("the problem list is not an .xlsx file")
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
