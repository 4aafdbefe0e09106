package app_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"orglife"
	"orglife/bot/telegramtest"
)

// mmDocumentXML unzips a .docx and returns its word/document.xml.
func mmDocumentXML(t *testing.T, docx []byte) string {
	t.Helper()
	xml, ok := mmPart(t, docx, "word/document.xml")
	if !ok {
		t.Fatal("no word/document.xml in the .docx")
	}
	return xml
}

// mmPart is the part name of a .docx; false when it has none.
func mmPart(t *testing.T, docx []byte, name string) (string, bool) {
	t.Helper()
	if !bytes.HasPrefix(docx, []byte("PK")) {
		t.Fatal("not a .docx (zip) file")
	}
	z, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range z.File {
		if f.Name != name {
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
		return string(b), true
	}
	return "", false
}

// mmComments are the texts of a .docx's Word comments, checking that the document anchors
// as many comment ranges and references as there are comments.
func mmComments(t *testing.T, docx []byte) []string {
	t.Helper()
	part, ok := mmPart(t, docx, "word/comments.xml")
	if !ok {
		return nil
	}
	var out []string
	for _, m := range regexp.MustCompile(`<w:comment [^>]*>.*?<w:t[^>]*>([^<]*)</w:t>.*?</w:comment>`).FindAllStringSubmatch(part, -1) {
		out = append(out, m[1])
	}
	doc := mmDocumentXML(t, docx)
	for _, el := range []string{"<w:commentRangeStart ", "<w:commentRangeEnd ", "<w:commentReference "} {
		if n := strings.Count(doc, el); n != len(out) {
			t.Errorf("%d %s… in the document, %d comments", n, el, len(out))
		}
	}
	return out
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
	mine := f.addPointLogged(t, 201, orglife.AreaTheory, "学习党章党规只满足于读过，没有对照检查自身", "对党规党纪的学习不够重视", "每月对照党章党规自查一次")
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
	if core, _ := mmPart(t, doc, "docProps/core.xml"); !strings.Contains(core, "<dc:title>党员1同志"+f.meeting.Title+"个人对照检查材料</dc:title>") {
		t.Errorf("the document's title: %s", core)
	}
	for _, want := range []string{"党员1同志", "个人对照检查材料", "一、上次查摆问题整改落实情况",
		"【待补充：上次查摆问题整改落实情况（系统中没有本支部上次组织生活会的记录）】", "二、存在的问题", "（一）理论学习方面",
		"学习党章党规只满足于读过，没有对照检查自身", "三、原因剖析", "（一）纪律规矩方面", "对党规党纪的学习不够重视",
		"四、整改措施", "建议党员1多联系群众", "党员2同志", "建立党章学习台账", "每月对照党章党规自查一次", "【待补充：政治素质方面的问题】"} {
		if !strings.Contains(xml, want) {
			t.Errorf("my material lacks %q", want)
		}
	}
	for _, not := range []string{"党员二自己的廉洁问题文字", "党员二自己的措施", "党员二负责的整改", "党员1给党员2的意见"} {
		if strings.Contains(xml, not) {
			t.Errorf("my material shows another member's %q", not)
		}
	}
	pointDay := orglife.DateOf(mine.CreatedAt, h.cfg.Location).String()
	comments := mmComments(t, doc)
	for _, want := range []string{
		"来源：查摆问题 #1，" + pointDay,
		"来源：谈心谈话，与党员2，" + today(h).String(),
		"来源：整改台账 第1项，",
	} {
		if !slices.ContainsFunc(comments, func(c string) bool { return strings.HasPrefix(c, want) }) {
			t.Errorf("no comment %q among %q", want, comments)
		}
	}
	if cap := lastDocumentCaption(me); !strings.Contains(cap, "批注注明来源") {
		t.Errorf("the caption does not explain the comments: %q", cap)
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
	if !strings.Contains(xml, "【待补充：原因剖析") {
		t.Error("党员2's material, without causes, has no 【待补充】 for 原因剖析")
	}
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

// lastDocumentCaption is the caption of the last document the user received.
func lastDocumentCaption(u *telegramtest.User) string {
	caption := ""
	for _, r := range u.Replies() {
		if r.Document != nil {
			caption = r.Text
		}
	}
	return caption
}

// TestMyMaterialPreviousMeeting: after the branch's first meeting, a member's material
// accounts for the items of that meeting they own — the closed one and the open one, with the
// ledger's status — and for their point of then that no item answers, each with its source;
// another member's item does not show.
func TestMyMaterialPreviousMeeting(t *testing.T) {
	t.Parallel()
	h, f, earlier := carryFixture(t)
	// f.meeting is still the earlier meeting: the point is one of then.
	f.addPoint(t, 201, orglife.AreaWorkStyle, orglife.SourceSelf, "上次查摆的会风问题：开会准备不充分", "")
	me := f.members[0] // 党员1
	me.Send("/mymaterial")
	doc := waitDocument(t, me, ".docx")
	xml := mmDocumentXML(t, doc)
	for _, want := range []string{
		"在" + earlier.Title + "上，本人查摆问题1条。", "本人负责的整改事项2项，已整改销号1项，正在整改1项。",
		"一是针对“建章立制不够”的问题，建立支部学习制度，已于2026年12月1日整改销号。",
		"二是针对“理论学习不系统”的问题，每周读原文两次并写笔记，尚未开始整改（完成时限：2026年12月31日）。",
		"三是上次查摆的“上次查摆的会风问题：开会准备不充分”问题，整改台账中没有本人负责的对应事项。",
	} {
		if !strings.Contains(xml, want) {
			t.Errorf("the material lacks %q", want)
		}
	}
	if strings.Contains(xml, "每月走访群众不少于四户") {
		t.Error("党员2's item of the previous meeting shows in 党员1's material")
	}
	comments := mmComments(t, doc)
	for _, want := range []string{"来源：上次整改台账 第1项（已销号），2026-12-01", "来源：上次整改台账 第2项（未开始），", "来源：上次查摆问题 #1，"} {
		if !slices.ContainsFunc(comments, func(c string) bool { return strings.HasPrefix(c, want) }) {
			t.Errorf("no comment %q among %q", want, comments)
		}
	}
	noViolations(t, h.fake)
}
