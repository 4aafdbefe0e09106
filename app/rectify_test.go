package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"orglife"
	"orglife/bot/telegramtest"
	"orglife/state"
)

func rcItems(t *testing.T, f *fixture) []orglife.RectItem {
	t.Helper()
	its, err := f.records.RectItems(context.Background(), f.branch.ID, f.meeting.ID)
	if err != nil {
		t.Fatal(err)
	}
	return its
}

func rcItem(t *testing.T, f *fixture, id string) orglife.RectItem {
	t.Helper()
	it, err := f.records.RectItem(context.Background(), f.branch.ID, f.meeting.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	return it
}

// rcPending is how many reminders wait in the scheduler's store.
func rcPending(t *testing.T, h *harness) int64 {
	t.Helper()
	rem := state.NewReminders(h.redis.Client(t), state.NewKeys(h.cfg.Redis.KeyPrefix))
	n, _, err := rem.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func rcLabels(m telegramtest.Message) []string {
	var out []string
	for _, row := range m.Buttons {
		for _, b := range row {
			out = append(out, b.Text)
		}
	}
	return out
}

// rcRefused presses each data on message msgID as u and checks every press is answered as
// expired.
func rcRefused(t *testing.T, u *telegramtest.User, msgID int, data ...string) {
	t.Helper()
	before := len(u.CallbackAnswers())
	for _, d := range data {
		if _, err := u.ClickData(msgID, d); err != nil {
			t.Fatal(err)
		}
	}
	waitAnswered(t, u, before+len(data))
	for _, a := range u.CallbackAnswers()[before:] {
		if !strings.Contains(a.Text, "已失效") {
			t.Fatalf("a press that should be refused was answered %q", a.Text)
		}
	}
}

// rcCreate makes an item through /rectify from a problem typed fresh, weekly reviews.
func rcCreate(t *testing.T, f *fixture, problem, measure, owner string, deadline orglife.Date) {
	t.Helper()
	sec := f.secretary
	sec.Send("/rectify")
	reply(t, sec, "这项整改针对哪个问题")
	click(t, sec, "另行填写")
	reply(t, sec, "请写下要整改的问题")
	sec.Send(problem)
	reply(t, sec, "请输入整改措施")
	sec.Send(measure)
	reply(t, sec, "由谁负责落实")
	click(t, sec, owner)
	reply(t, sec, "整改时限是哪天")
	sec.Send(deadline.String())
	reply(t, sec, "多久回头看一次")
	click(t, sec, "每周")
	reply(t, sec, "项整改")
}

// rcReport reports progress on the owner's only open item; evidence "" skips it, "photo"
// sends one.
func rcReport(t *testing.T, u *telegramtest.User, status, note, evidence string) telegramtest.Message {
	t.Helper()
	u.Send("/progress")
	prompt := reply(t, u, "要汇报哪项整改")
	click(t, u, prompt.Buttons[0][0].Text)
	reply(t, u, "现在进展如何")
	click(t, u, status)
	reply(t, u, "请简要说明进展情况")
	u.Send(note)
	reply(t, u, "如有佐证材料")
	if evidence == "photo" {
		u.SendPhoto()
	} else {
		click(t, u, "跳过")
	}
	return reply(t, u, "的进展")
}

func TestRectifyFromPointAndTyped(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 1, 2)
	sec, m1, m2 := f.secretary, f.members[0], f.members[1]
	p1 := f.addPoint(t, m1.ID(), orglife.AreaTheory, orglife.SourceSelf, "学习不够深入，只读摘要不读原文", "每周读原文两次")
	f.addPoint(t, m2.ID(), orglife.AreaWorkStyle, orglife.SourceSelf, "组织生活迟到两次", "")
	gone := f.addPoint(t, m2.ID(), orglife.AreaIntegrity, orglife.SourceSelf, "这条已经撤回了的问题", "")
	gone.Withdrawn = true
	if err := f.records.SavePoint(context.Background(), f.branch.ID, gone, orglife.PointChange{By: m2.ID(), Action: orglife.PointWithdraw}); err != nil {
		t.Fatal(err)
	}
	if n := rcPending(t, h); n != 0 {
		t.Fatalf("%d reminders before any item", n)
	}

	// From a listed problem, keeping the member's own measure (沿用), across a restart.
	sec.Send("/rectify")
	src := reply(t, sec, "这项整改针对哪个问题")
	labels := rcLabels(src)
	if len(labels) != 4 || labels[0] != "1. 理论学习 学习不够深入，只读摘要不读原文" || !strings.HasPrefix(labels[1], "2. ") ||
		labels[2] != "另行填写" || labels[3] != "取消" {
		t.Fatalf("source buttons %q", labels)
	}
	click(t, sec, labels[0])
	ask := reply(t, sec, "请输入整改措施")
	if !strings.Contains(ask.Text, "本人提出的措施：“每周读原文两次”") || button(t, ask, "沿用").Data == "" {
		t.Fatalf("measure prompt %q %q", ask.Text, rcLabels(ask))
	}
	h.restart()
	click(t, sec, "沿用")
	owners := reply(t, sec, "由谁负责落实")
	if got := rcLabels(owners); len(got) != 5 || got[0] != "党员1" || got[4] != "取消" {
		t.Fatalf("owner buttons %q: the point's author comes first", got)
	}
	click(t, sec, "党员1")
	reply(t, sec, "整改时限是哪天")
	sec.Send("2000-01-01")
	reply(t, sec, "整改时限不能早于今天")
	sec.Send("下个月吧")
	reply(t, sec, "没有看懂这个日期")
	deadline := today(h).AddDays(30)
	sec.Send(deadline.String())
	reply(t, sec, "多久回头看一次")
	click(t, sec, "每两周")
	done := reply(t, sec, "已建立第 1 项整改")
	for _, want := range []string{"学习不够深入", "每周读原文两次", "党员1", deadline.Chinese(), "每两周", "/ledger"} {
		if !strings.Contains(done.Text, want) {
			t.Errorf("summary lacks %q:\n%s", want, done.Text)
		}
	}
	its := rcItems(t, f)
	if len(its) != 1 {
		t.Fatalf("%d items stored", len(its))
	}
	it := its[0]
	if it.Number != 1 || !strings.HasPrefix(it.ID, "r") || it.PointID != p1.ID || it.Problem != p1.Problem || it.Measure != "每周读原文两次" ||
		it.Owner != m1.ID() || it.Deadline != deadline || it.ReviewDays != 14 || it.Status != orglife.RectNotStarted ||
		it.CreatedAt.IsZero() || it.BranchID != f.branch.ID || it.MeetingID != f.meeting.ID || len(it.Progress) != 0 {
		t.Fatalf("stored item %+v", it)
	}
	planned := rcPending(t, h)
	if planned == 0 {
		t.Fatal("no follow-ups planned for the item")
	}
	notice := reply(t, m1, "【整改任务】支部书记交给您第 1 项整改")
	if button(t, notice, "汇报进展").Data != "go:progress:"+f.branch.ID+":"+f.meeting.ID { // names the item's meeting
		t.Fatalf("the owner's notice %q %+v", notice.Text, notice.Buttons)
	}
	click(t, m1, "汇报进展")
	reply(t, m1, "要汇报哪项整改")
	m1.Send("/cancel")
	reply(t, m1, "已取消")

	// Typed fresh, owner typed by name, with text that must be escaped; a sticker where text
	// is expected and a problem too short are refused.
	sec.Send("/rectify")
	reply(t, sec, "这项整改针对哪个问题")
	sec.Send("9")
	reply(t, sec, "输入列表中问题的编号（1–2）")
	click(t, sec, "另行填写")
	reply(t, sec, "请写下要整改的问题")
	sec.SendSticker()
	reply(t, sec, "这里需要文字消息")
	sec.Send("短")
	reply(t, sec, "至少 4 个字")
	sec.Send("<会议记录>不规范&不及时")
	ask = reply(t, sec, "请输入整改措施")
	if got := rcLabels(ask); len(got) != 1 || got[0] != "取消" || !strings.Contains(ask.Text, "<会议记录>不规范&不及时") {
		t.Fatalf("measure prompt for a typed problem %q %q", ask.Text, got)
	}
	sec.Send("每次会后三天内整理记录")
	reply(t, sec, "由谁负责落实")
	sec.Send("王五")
	reply(t, sec, "支部里没有叫这个名字的党员")
	sec.Send("委员1")
	reply(t, sec, "整改时限是哪天")
	sec.Send(today(h).String())
	reply(t, sec, "多久回头看一次")
	click(t, sec, "每月")
	reply(t, sec, "已建立第 2 项整改")
	its = rcItems(t, f)
	if len(its) != 2 || its[1].Number != 2 || its[1].PointID != "" || its[1].Problem != "<会议记录>不规范&不及时" ||
		its[1].Measure != "每次会后三天内整理记录" || its[1].Owner != f.committee[0].ID() || its[1].ReviewDays != 30 || its[1].ID == its[0].ID {
		t.Fatalf("stored items %+v", its)
	}
	if rcPending(t, h) <= planned {
		t.Fatal("no follow-ups planned for the second item")
	}
	reply(t, f.committee[0], "<会议记录>不规范&不及时")

	// Cancelled by button and by /cancel: nothing stored.
	sec.Send("/rectify")
	reply(t, sec, "这项整改针对哪个问题")
	click(t, sec, "取消")
	reply(t, sec, "已取消")
	sec.Send("/rectify")
	reply(t, sec, "这项整改针对哪个问题")
	click(t, sec, "另行填写")
	reply(t, sec, "请写下要整改的问题")
	sec.Send("/cancel")
	reply(t, sec, "已取消")
	if n := len(rcItems(t, f)); n != 2 {
		t.Fatalf("%d items after cancelling", n)
	}
	noViolations(t, h.fake)
}

func TestRectProgressConfirmAndReopen(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 2)
	sec, m1, m2 := f.secretary, f.members[0], f.members[1]
	rcCreate(t, f, "会议记录不规范", "每次会后三天内整理记录", "党员1", today(h).AddDays(20))
	first := rcItems(t, f)[0]

	// In progress, without evidence.
	m2.Send("/progress")
	reply(t, m2, "您在本次会议没有待整改事项")
	if r := rcReport(t, m1, "推进中", "已整理两次会议记录", ""); !strings.Contains(r.Text, "已记录第 1 项整改的进展（推进中）") {
		t.Fatalf("report %q", r.Text)
	}
	// What the entry holds is the domain's (orglife.RectItem.Report, table-tested); here, that
	// the dialog's answers reach it.
	it := rcItem(t, f, first.ID)
	if it.Status != orglife.RectInProgress || len(it.Progress) != 1 || it.Progress[0].Note != "已整理两次会议记录" {
		t.Fatalf("after a report %+v", it)
	}

	// Done, with a photo: the secretary gets the photo and the report to confirm.
	m1.Send("/progress")
	prompt := reply(t, m1, "要汇报哪项整改")
	click(t, m1, prompt.Buttons[0][0].Text)
	reply(t, m1, "现在进展如何")
	click(t, m1, "已完成")
	reply(t, m1, "请简要说明进展情况")
	m1.Send("全部记录已归档")
	reply(t, m1, "如有佐证材料")
	m1.Send("这是文字")
	reply(t, m1, "请发送照片或文件")
	m1.SendPhoto()
	r := reply(t, m1, "已记录第 1 项整改的进展（已完成）")
	if !strings.Contains(r.Text, "已报支部书记核实销号") {
		t.Fatalf("report %q", r.Text)
	}
	it = rcItem(t, f, first.ID)
	last := it.Progress[len(it.Progress)-1]
	if it.Status != orglife.RectReported || len(it.Progress) != 2 || last.Evidence == "" || last.Note != "全部记录已归档" {
		t.Fatalf("after reporting done %+v", it)
	}
	photo := reply(t, sec, "第 1 项整改的佐证材料（党员1）")
	if photo.Kind != "photo" || photo.Photo == nil || photo.Photo.ID != last.Evidence {
		t.Fatalf("the evidence shown to the secretary: %+v", photo)
	}
	report := reply(t, sec, "【整改完成待销号】")
	for _, want := range []string{"党员1 报告第 1 项整改已完成", "全部记录已归档", "佐证材料见上"} {
		if !strings.Contains(report.Text, want) {
			t.Fatalf("the report lacks %q:\n%s", want, report.Text)
		}
	}
	ok, no := button(t, report, "确认销号").Data, button(t, report, "退回").Data
	if len(ok) > 64 || len(no) > 64 || !strings.HasPrefix(ok, "rc:") {
		t.Fatalf("button data %q %q", ok, no)
	}
	before := rcPending(t, h)
	if before == 0 {
		t.Fatal("no follow-ups while the item is open")
	}

	// Another member forges the confirmation on a message of their own: refused.
	m2.Send("/help")
	own := reply(t, m2, "可用命令")
	rcRefused(t, m2, own.ID, ok, no)
	if st := rcItem(t, f, first.ID).Status; st != orglife.RectReported {
		t.Fatalf("after a forged confirmation the item is %q", st)
	}

	// The secretary confirms: closed today, follow-ups gone, owner told.
	click(t, sec, "确认销号")
	reply(t, sec, "✅ 第 1 项整改已确认销号")
	if it = rcItem(t, f, first.ID); it.Status != orglife.RectClosed {
		t.Fatalf("after confirming %+v", it)
	}
	if n := rcPending(t, h); n != 0 {
		t.Fatalf("%d follow-ups left after closing (had %d)", n, before)
	}
	reply(t, m1, "支部书记已确认第 1 项整改完成，予以销号")
	m1.Send("/progress")
	reply(t, m1, "您在本次会议没有待整改事项")

	// Sent back with a comment: in progress again, follow-ups planned again, owner told.
	rcCreate(t, f, "组织生活迟到", "提前十分钟到场", "党员2", today(h).AddDays(10))
	second := rcItems(t, f)[1]
	rcReport(t, m2, "已完成", "最近三次都准时", "")
	report = reply(t, sec, "党员2 报告第 2 项整改已完成")
	if strings.Contains(report.Text, "佐证材料见上") {
		t.Fatalf("a report without evidence speaks of it: %q", report.Text)
	}
	click(t, sec, "退回")
	reply(t, sec, "请说明退回的原因（将转告 党员2）")
	// Other commands meanwhile; 退回 again asks afresh.
	sec.Send("/ledger")
	reply(t, sec, "整改台账")
	sec.Send("/progress")
	reply(t, sec, "您在本次会议没有待整改事项")
	click(t, sec, "退回")
	reply(t, sec, "请说明退回的原因")
	sec.Send("需要<签到表>佐证")
	reply(t, sec, "已退回第 2 项整改，并转告 党员2")
	it = rcItem(t, f, second.ID)
	if last = it.Progress[len(it.Progress)-1]; it.Status != orglife.RectInProgress || last.Note != "需要<签到表>佐证" {
		t.Fatalf("after sending back %+v", it)
	}
	if rcPending(t, h) == 0 {
		t.Fatal("no follow-ups for the item sent back")
	}
	told := reply(t, m2, "支部书记退回了第 2 项整改")
	if !strings.Contains(told.Text, "需要<签到表>佐证") {
		t.Fatalf("the owner's notice %q", told.Text)
	}
	waitUntil(t, func() bool {
		for _, m := range sec.Replies() {
			if m.ID == report.ID {
				return strings.Contains(m.Text, "已退回第 2 项整改") && len(m.Buttons) == 0
			}
		}
		return false
	})
	noViolations(t, h.fake)
}

func TestRectRoleChecks(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 1, 2)
	sec, com, m1, m2 := f.secretary, f.committee[0], f.members[0], f.members[1]
	for _, u := range []*telegramtest.User{m1, com} {
		u.Send("/rectify")
		reply(t, u, "抱歉，这个命令只有支部书记可以使用")
	}
	stranger := h.fake.NewUser(999, "路人")
	for _, cmd := range []string{"/progress", "/ledger", "/rectify"} {
		stranger.Send(cmd)
		reply(t, stranger, "您还没有加入党支部")
	}
	rcCreate(t, f, "会议记录不规范", "每次会后三天内整理记录", "党员1", today(h).AddDays(20))
	rcCreate(t, f, "组织生活迟到", "提前十分钟到场", "党员2", today(h).AddDays(20))
	its := rcItems(t, f)
	mine, theirs := its[1], its[0] // m2's and m1's

	// m2 presses, in their own /progress, the value of m1's item: refused.
	m2.Send("/progress")
	prompt := reply(t, m2, "要汇报哪项整改")
	if got := rcLabels(prompt); len(got) != 2 || !strings.HasPrefix(got[0], "第2项") {
		t.Fatalf("m2 is offered %q", got)
	}
	own := prompt.Buttons[0][0].Data
	forged := own[:strings.LastIndex(own, ":")+1] + theirs.ID
	rcRefused(t, m2, prompt.ID, forged)
	if count(m2, "现在进展如何") != 0 {
		t.Fatal("the report went on for someone else's item")
	}

	// m1 reports done; m2 and the committee member forge the secretary's buttons.
	rcReport(t, m1, "已完成", "全部记录已归档", "")
	report := reply(t, sec, "【整改完成待销号】")
	ok, no := button(t, report, "确认销号").Data, button(t, report, "退回").Data
	for _, u := range []*telegramtest.User{m2, com} {
		u.Send("/help")
		msg := reply(t, u, "可用命令")
		rcRefused(t, u, msg.ID, ok, no, strings.Replace(ok, ":"+theirs.ID+":", ":"+mine.ID+":", 1), "rc:"+f.branch.ID+":x:y:ok")
		if count(u, "请说明退回的原因") != 0 {
			t.Fatal("a forged 退回 asked for a comment")
		}
	}
	if st := rcItem(t, f, theirs.ID).Status; st != orglife.RectReported {
		t.Fatalf("after forged presses the item is %q", st)
	}
	// Bad data on the secretary's own message: refused too.
	rcRefused(t, sec, report.ID, strings.Replace(ok, ":ok", ":yes", 1), "rc:"+f.branch.ID+":"+f.meeting.ID+":"+theirs.ID)

	// Once the secretary has handed over, the old report's buttons are theirs no more.
	if err := f.records.HandOver(context.Background(), f.branch.ID, sec.ID(), com.ID()); err != nil {
		t.Fatal(err)
	}
	rcRefused(t, sec, report.ID, ok)
	if st := rcItem(t, f, theirs.ID).Status; st != orglife.RectReported {
		t.Fatalf("a former secretary closed the item: %q", st)
	}
	noViolations(t, h.fake)
}

func TestRectLedger(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 2)
	sec, m1, m2 := f.secretary, f.members[0], f.members[1]
	m1.Send("/ledger")
	reply(t, m1, "本次会议还没有整改事项")

	start := today(h)
	rcCreate(t, f, "<b>学习</b>不够深入", "每周读原文两次", "党员1", start.AddDays(3))
	rcCreate(t, f, "组织生活迟到", "提前十分钟到场", "党员2", start.AddDays(20))
	rcReport(t, m1, "推进中", "读完了第一章", "photo")
	rcReport(t, m2, "已完成", "最近三次都准时", "")
	reply(t, sec, "党员2 报告第 2 项整改已完成")
	click(t, sec, "确认销号")
	reply(t, sec, "已确认销号")

	// Five days on, the first item is two days overdue; the closed one is not.
	h.clock.Set(h.clock.Now().Add(5 * 24 * time.Hour))
	sec.Send("/ledger")
	l := reply(t, sec, "整改台账")
	for _, want := range []string{
		"共 2 项：已销号 1 项，待销号 0 项，已逾期 1 项",
		"1. 问题：<b>学习</b>不够深入", "整改措施：每周读原文两次", "责任人：党员1", "整改时限：" + start.AddDays(3).Chinese(),
		"状态：推进中　⚠️ 已逾期 2 天", "最近进展：" + start.Chinese() + " 读完了第一章（附佐证材料）", "回头看：汇报 1 次",
		"2. 问题：组织生活迟到", "状态：已销号", "完成日期：" + start.Chinese(), "最近进展：" + start.Chinese() + " 最近三次都准时",
	} {
		if !strings.Contains(l.Text, want) {
			t.Errorf("the ledger lacks %q:\n%s", want, l.Text)
		}
	}
	if n := strings.Count(l.Text, "已逾期"); n != 2 { // the head's count and the one item
		t.Errorf("%d overdue marks:\n%s", n, l.Text)
	}
	// A member sees their own items only: the whole ledger, with the secretary's comments,
	// is the secretary's.
	m1.Send("/ledger")
	own := reply(t, m1, "整改台账")
	if !strings.Contains(own.Text, "每周读原文两次") || strings.Contains(own.Text, "组织生活迟到") {
		t.Errorf("a member's ledger:\n%s", own.Text)
	}
	sec.Send("/lang")
	reply(t, sec, "请选择语言")
	click(t, sec, "English")
	reply(t, sec, "Language set to English")
	sec.Send("/ledger")
	en := reply(t, sec, "Rectification ledger")
	for _, want := range []string{"2 items: 1 closed, 0 awaiting confirmation, 1 overdue", "Status: In progress · ⚠️ overdue by 2 days",
		"Owner: 党员2 · Due: " + start.AddDays(20).String(), "Status: Closed", "Completed: " + start.String()} {
		if !strings.Contains(en.Text, want) {
			t.Errorf("the English ledger lacks %q:\n%s", want, en.Text)
		}
	}

	sec.Send("/lang")
	reply(t, sec, "Choose your language")
	click(t, sec, "中文")
	reply(t, sec, "语言已设置为中文")

	// A long ledger is split under Telegram's limit, every item whole.
	ctx := context.Background()
	long := strings.Repeat("长", 400)
	for i := 3; i <= 30; i++ {
		n, err := f.records.NextRectNumber(ctx, f.branch.ID, f.meeting.ID)
		if err != nil {
			t.Fatal(err)
		}
		it := orglife.RectItem{ID: fmt.Sprintf("x%d", i), BranchID: f.branch.ID, MeetingID: f.meeting.ID, Number: n,
			Problem: long, Measure: long, Owner: m2.ID(), Deadline: start.AddDays(30), ReviewDays: 7,
			Status: orglife.RectNotStarted, CreatedAt: time.Now()}
		if err := f.records.SaveRectItem(ctx, it); err != nil {
			t.Fatal(err)
		}
	}
	mark := 0
	for _, m := range sec.Replies() {
		mark = max(mark, m.ID)
	}
	sec.Send("/ledger")
	reply(t, sec, "30. 问题：")
	var pages []telegramtest.Message
	for _, m := range sec.Replies() {
		if m.ID > mark && strings.Contains(m.Text, "问题：") {
			pages = append(pages, m)
		}
	}
	all := ""
	for _, p := range pages {
		if n := len([]rune(p.Text)); n > 4096 {
			t.Errorf("a page of %d characters", n)
		}
		all += "\n" + p.Text
	}
	if len(pages) < 3 {
		t.Fatalf("the ledger came in %d messages", len(pages))
	}
	for i := 1; i <= 30; i++ {
		if strings.Count(all, fmt.Sprintf("\n%d. 问题：", i)) != 1 {
			t.Errorf("item %d is not in the ledger once", i)
		}
	}
	noViolations(t, h.fake)
}

// TestRectifyFromBranchProblem: the committee's branch problems are offered first; an item
// made from one records it and states its headline as the problem (no member's own measure
// to keep). A problem removed meanwhile makes no item.
func TestRectifyFromBranchProblem(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 1, 1)
	sec, m1 := f.secretary, f.members[0]
	p1 := f.addPoint(t, m1.ID(), orglife.AreaTheory, orglife.SourceSelf, "学习不够深入，只读摘要不读原文", "每周读原文两次")
	bp := reportBranchProblem(t, f, orglife.BranchProblem{Order: 1, Area: orglife.AreaTheory, Headline: "理论学习的系统性不强",
		Detail: "只读摘要不读原文。", PointIDs: []string{p1.ID}, InReport: true})
	gone := reportBranchProblem(t, f, orglife.BranchProblem{Order: 2, Headline: "“三会一课”质量不高", Detail: "以传达文件代替讨论。", InReport: true})

	sec.Send("/rectify")
	src := reply(t, sec, "这项整改针对哪个问题")
	if !strings.Contains(src.Text, "标有【班子】的是支部委员会归纳的班子问题") {
		t.Errorf("the prompt does not say which are the branch problems:\n%s", src.Text)
	}
	labels := rcLabels(src)
	if len(labels) != 5 || labels[0] != "【班子】理论学习的系统性不强" || labels[1] != "【班子】“三会一课”质量不高" ||
		!strings.HasPrefix(labels[2], "1. 理论学习") || labels[3] != "另行填写" {
		t.Fatalf("source buttons %q", labels)
	}
	click(t, sec, labels[0])
	ask := reply(t, sec, "请输入整改措施")
	if !strings.Contains(ask.Text, "问题：“理论学习的系统性不强”") || strings.Contains(ask.Text, "沿用") {
		t.Fatalf("measure prompt %q %q", ask.Text, rcLabels(ask))
	}
	sec.Send("每月开展一次专题研讨")
	reply(t, sec, "由谁负责落实")
	click(t, sec, "张书记")
	reply(t, sec, "整改时限是哪天")
	sec.Send(today(h).AddDays(30).String())
	reply(t, sec, "多久回头看一次")
	click(t, sec, "每两周")
	reply(t, sec, "已建立第 1 项整改")
	its := rcItems(t, f)
	if len(its) != 1 || its[0].BranchProblemID != bp.ID || its[0].PointID != "" || its[0].Problem != "理论学习的系统性不强" ||
		its[0].Measure != "每月开展一次专题研讨" {
		t.Fatalf("stored items %+v", its)
	}

	// The second is removed (merged, say) between the choice and the save.
	sec.Send("/rectify")
	src = reply(t, sec, "这项整改针对哪个问题")
	click(t, sec, "【班子】“三会一课”质量不高")
	reply(t, sec, "问题：““三会一课”质量不高”")
	gone.Removed = true
	if err := f.records.SaveBranchProblems(context.Background(), f.branch.ID, f.meeting.ID, []orglife.BranchProblem{gone},
		[]orglife.BranchProblemChange{{ProblemID: gone.ID, By: 100, Action: orglife.BranchProblemRemove}}); err != nil {
		t.Fatal(err)
	}
	sec.Send("严格落实“三会一课”制度")
	reply(t, sec, "由谁负责落实")
	click(t, sec, "党员1")
	reply(t, sec, "整改时限是哪天")
	sec.Send(today(h).AddDays(20).String())
	reply(t, sec, "多久回头看一次")
	click(t, sec, "每两周")
	reply(t, sec, "整改事项未建立")
	if n := len(rcItems(t, f)); n != 1 {
		t.Fatalf("%d items after the problem was removed", n)
	}
	noViolations(t, h.fake)
}
