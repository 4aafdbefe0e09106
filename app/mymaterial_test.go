package app_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"orglife"
	"orglife/bot/telegramtest"
)

// mmDocumentXML unzips a .docx and returns its word/document.xml.
func mmDocumentXML(t *testing.T, docx []byte) string {
	t.Helper()
	if !bytes.HasPrefix(docx, []byte("PK")) {
		t.Fatal("not a .docx (zip) file")
	}
	z, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range z.File {
		if f.Name != "word/document.xml" {
			continue
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		b, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	t.Fatal("no word/document.xml in the .docx")
	return ""
}

func mmDocuments(u *telegramtest.User) int {
	n := 0
	for _, r := range u.Replies() {
		if r.Document != nil {
			n++
		}
	}
	return n
}

func TestMyMaterialFromOwnRecords(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 1, 2)
	ctx := context.Background()
	me, other := f.members[0], f.members[1] // 党员1 (201), 党员2 (202)
	f.addPoint(t, 201, orglife.AreaTheory, orglife.SourceSelf, "学习党章党规只满足于读过，没有对照检查自身", "每月对照党章党规自查一次")
	f.addPoint(t, 202, orglife.AreaIntegrity, orglife.SourceSelf, "党员二自己的廉洁问题文字", "党员二自己的措施")
	talk := orglife.Talk{ID: "t1", MeetingID: f.meeting.ID, RecordedBy: 202, With: 201, WithName: "党员1", Date: today(h),
		Form: orglife.TalkFaceToFace, Raised: "建议党员1多联系群众", Received: "党员1给党员2的意见", Status: orglife.ConfirmAgreed, CreatedAt: time.Now()}
	if err := f.records.SaveTalk(ctx, f.branch.ID, talk); err != nil {
		t.Fatal(err)
	}
	for _, it := range []orglife.RectItem{
		{ID: "r1", BranchID: f.branch.ID, MeetingID: f.meeting.ID, Number: 1, Measure: "建立党章学习台账", Owner: 201,
			Deadline: today(h).AddDays(60), ReviewDays: 30, Status: orglife.RectNotStarted, CreatedAt: time.Now()},
		{ID: "r2", BranchID: f.branch.ID, MeetingID: f.meeting.ID, Number: 2, Measure: "党员二负责的整改", Owner: 202,
			Deadline: today(h).AddDays(60), ReviewDays: 30, Status: orglife.RectNotStarted, CreatedAt: time.Now()},
	} {
		if err := f.records.SaveRectItem(ctx, it); err != nil {
			t.Fatal(err)
		}
	}

	me.Send("/mymaterial")
	doc := waitDocument(t, me, ".docx")
	xml := mmDocumentXML(t, doc)
	for _, want := range []string{"党员1同志个人对照检查材料（提纲）", "学习党章党规只满足于读过，没有对照检查自身",
		"建议党员1多联系群众", "党员2同志", "建立党章学习台账", "每月对照党章党规自查一次", "【待补充：政治素质方面的问题】"} {
		if !strings.Contains(xml, want) {
			t.Errorf("my material lacks %q", want)
		}
	}
	for _, not := range []string{"党员二自己的廉洁问题文字", "党员二自己的措施", "党员二负责的整改", "党员1给党员2的意见"} {
		if strings.Contains(xml, not) {
			t.Errorf("my material shows another member's %q", not)
		}
	}
	var action bool
	for _, c := range h.fake.CallsTo("sendChatAction") {
		if c.Params["chat_id"] == "201" && c.Params["action"] == "upload_document" {
			action = true
		}
	}
	if !action {
		t.Error("no upload_document chat action while the material was built")
	}

	// The other member gets their own, without mine.
	other.Send("/mymaterial")
	xml = mmDocumentXML(t, waitDocument(t, other, ".docx"))
	if !strings.Contains(xml, "党员二自己的廉洁问题文字") || !strings.Contains(xml, "党员1给党员2的意见") ||
		strings.Contains(xml, "学习党章党规只满足于读过") || strings.Contains(xml, "建议党员1多联系群众") {
		t.Error("党员2's material is not their own")
	}

	// Nothing is stored by asking.
	if ps, err := f.records.Points(ctx, f.branch.ID, f.meeting.ID); err != nil || len(ps) != 2 {
		t.Fatalf("points after /mymaterial: %d, %v", len(ps), err)
	}
	noViolations(t, h.fake)
}

func TestMyMaterialRefusedWithoutBranchOrMeeting(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 1)
	ctx := context.Background()

	stranger := h.fake.NewUser(999, "Outsider")
	stranger.Send("/mymaterial")
	reply(t, stranger, "您还没有加入党支部")
	if n := mmDocuments(stranger); n != 0 {
		t.Fatalf("a stranger received %d documents", n)
	}

	// A branch without a meeting.
	id, err := f.records.NewBranchID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.records.CreateBranch(ctx, orglife.Branch{ID: id, Name: "第二党支部", SecretaryID: 300, CreatedAt: time.Now()},
		orglife.Member{UserID: 300, Name: "李书记", Role: orglife.RoleSecretary, JoinedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	sec := h.fake.NewUser(300, "李书记")
	sec.Send("/mymaterial")
	reply(t, sec, "支部还没有创建专题组织生活会")
	if n := mmDocuments(sec); n != 0 {
		t.Fatalf("received %d documents without a meeting", n)
	}
	noViolations(t, h.fake)
}
