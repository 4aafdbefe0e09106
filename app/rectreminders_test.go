package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"orglife"
	"orglife/state"
)

// TestRectificationFollowUps: the owner is asked for progress at the review interval and
// before the deadline, the secretary hears once it is overdue, and a closed item is never
// chased again.
func TestRectificationFollowUps(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 1)
	owner := f.members[0]
	h.clock.Set(time.Date(2026, 12, 1, 10, 0, 0, 0, h.cfg.Location)) // a Tuesday
	rcCreate(t, f, "理论学习不系统", "每周读原文两次并写笔记", "党员1", orglife.Date{Year: 2026, Month: 12, Day: 31})
	reply(t, owner, "整改")

	// A week on (weekly reviews): the owner is asked, with a button to report.
	h.clock.Set(time.Date(2026, 12, 8, 9, 0, 30, 0, h.cfg.Location))
	m := reply(t, owner, "【整改回头看】")
	if !strings.Contains(m.Text, "每周读原文两次并写笔记") || len(m.Buttons) != 1 || m.Buttons[0][0].Text != "汇报进展" {
		t.Fatalf("review %q %+v", m.Text, m.Buttons)
	}
	if it := rcItems(t, f)[0]; m.Buttons[0][0].Data != "rc:"+f.branch.ID+":"+f.meeting.ID+":"+it.ID+":p" {
		t.Fatalf("the review's button %q is not about the item", m.Buttons[0][0].Data)
	}
	click(t, owner, "汇报进展")
	reply(t, owner, "第 1 项：每周读原文两次并写笔记") // no question which
	owner.Send("/cancel")
	reply(t, owner, "已取消")

	// Three days before the deadline (Monday 28 December).
	h.clock.Set(time.Date(2026, 12, 28, 9, 0, 30, 0, h.cfg.Location))
	reply(t, owner, "【整改提醒】")

	// The first working day after the deadline (1 January is 元旦, off until Sunday the 3rd):
	// the secretary hears of it.
	h.clock.Set(time.Date(2027, 1, 4, 9, 0, 30, 0, h.cfg.Location))
	reply(t, f.secretary, "【整改逾期】")

	// Reported done and closed: nothing more is planned for it.
	rcReport(t, owner, "已完成", "已按计划完成三个月的原文学习", "")
	reply(t, f.secretary, "确认销号")
	click(t, f.secretary, "确认销号")
	reply(t, owner, "销号")
	rem := state.NewReminders(h.redis.Client(t), state.NewKeys(h.cfg.Redis.KeyPrefix))
	settled(t, h, rem)
	before := count(owner, "【整改") + count(f.secretary, "【整改逾期】")
	h.clock.Set(time.Date(2027, 1, 8, 9, 0, 30, 0, h.cfg.Location))
	settled(t, h, rem)
	if after := count(owner, "【整改") + count(f.secretary, "【整改逾期】"); after != before {
		t.Fatalf("a closed item was chased again (%d follow-ups, was %d)", after, before)
	}
}

// TestRectificationOwnerLeavesThenReassigned: when an item's owner leaves (/forgetme), its
// follow-ups go to the secretary, who is asked to give it a new owner; /reassign does, the
// new owner is told and chased from then on, and the item's history records the change.
func TestRectificationOwnerLeavesThenReassigned(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 2)
	leaver, heir, sec := f.members[0], f.members[1], f.secretary
	h.clock.Set(time.Date(2026, 12, 1, 10, 0, 0, 0, h.cfg.Location)) // a Tuesday
	rcCreate(t, f, "理论学习不系统", "每周读原文两次并写笔记", "党员1", orglife.Date{Year: 2026, Month: 12, Day: 31})
	reply(t, leaver, "整改")
	leaver.Send("/forgetme")
	reply(t, leaver, "确定退出")
	click(t, leaver, "确认退出")
	reply(t, leaver, "已办理")
	// The secretary hears of the leaving at once, with the item left without an owner.
	if told := reply(t, sec, "尚未销号"); !strings.Contains(told.Text, "每周读原文两次并写笔记") {
		t.Fatalf("the secretary was told %q", told.Text)
	}

	// The weekly review finds no owner: the secretary is asked to find one.
	h.clock.Set(time.Date(2026, 12, 8, 9, 0, 30, 0, h.cfg.Location))
	m := reply(t, sec, "【整改提醒】")
	if !strings.Contains(m.Text, "每周读原文两次并写笔记") || len(m.Buttons) != 1 || m.Buttons[0][0].Text != "更换责任人" {
		t.Fatalf("orphan follow-up %q %+v", m.Text, m.Buttons)
	}
	if n := count(leaver, "【整改回头看】"); n != 0 {
		t.Fatalf("the member who left was chased %d times", n)
	}
	click(t, sec, "更换责任人")
	reply(t, sec, "要更换哪项整改的责任人")
	click(t, sec, "第1项 每周读原文两次并写笔记")
	if ask := reply(t, sec, "由谁接手"); !strings.Contains(ask.Text, "原责任人已退出支部") {
		t.Fatalf("the question should say the item has no owner: %q", ask.Text)
	}
	sec.Send("党员2")
	reply(t, sec, "已更换：第 1 项整改的责任人改为 党员2")
	reply(t, heir, "【整改任务】")
	if n := count(leaver, "已改由"); n != 0 {
		t.Fatal("the owner who left the branch was told of the new owner")
	}

	items, err := f.records.RectItems(context.Background(), f.branch.ID, f.meeting.ID)
	if err != nil || len(items) != 1 {
		t.Fatalf("items %+v, %v", items, err)
	}
	it := items[0]
	last := it.Progress[len(it.Progress)-1]
	if it.Owner != 202 || last.Kind != "reassign" || last.By != 100 || last.To != 202 || last.Note != "" {
		t.Fatalf("item after reassigning: owner %d, last history entry %+v", it.Owner, last)
	}
	// The ledger's history says so, by name.
	sec.Send("/report")
	reply(t, sec, "还需要以下清单吗")
	click(t, sec, "整改台账 Word")
	if ledger := mmDocumentXML(t, waitDocument(t, sec, "台账.docx")); !strings.Contains(ledger, "更换责任人：党员2") {
		t.Fatal("the ledger's history does not show the change of owner")
	}

	// The next review goes to the new owner.
	h.clock.Set(time.Date(2026, 12, 15, 9, 0, 30, 0, h.cfg.Location))
	reply(t, heir, "【整改回头看】")
	if n := count(sec, "【整改提醒】"); n != 1 {
		t.Fatalf("the secretary was asked %d times, want once", n)
	}

	// When the new owner leaves too, the history no longer names them.
	heir.Send("/forgetme")
	reply(t, heir, "确定退出")
	click(t, heir, "确认退出")
	reply(t, heir, "已办理")
	it, err = f.records.RectItem(context.Background(), f.branch.ID, f.meeting.ID, it.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range it.Progress {
		if r.To == 202 || r.By == 202 {
			t.Fatalf("the history still names the member who left: %+v", r)
		}
	}
	noViolations(t, h.fake)
}

// TestReassignTellsThePreviousOwner: /reassign from an owner who is still a member tells
// them, by the new owner's name, and the secretary's answer names the new owner too, not
// 他/她. Taking an item from the secretary themself tells no one but the new owner.
func TestReassignTellsThePreviousOwner(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 2)
	before, after, sec := f.members[0], f.members[1], f.secretary
	h.clock.Set(time.Date(2026, 12, 1, 10, 0, 0, 0, h.cfg.Location))
	rcCreate(t, f, "理论学习不系统", "每周读原文两次并写笔记", "党员1", orglife.Date{Year: 2026, Month: 12, Day: 31})
	reply(t, before, "【整改任务】")
	sec.Send("/reassign")
	reply(t, sec, "要更换哪项整改的责任人")
	click(t, sec, "第1项 每周读原文两次并写笔记")
	if ask := reply(t, sec, "由谁接手"); !strings.Contains(ask.Text, "现在的责任人：党员1") {
		t.Fatalf("the question does not name the owner: %q", ask.Text)
	}
	sec.Send("党员2")
	done := reply(t, sec, "已更换")
	if want := "已更换：第 1 项整改的责任人改为 党员2，今后的回头看提醒发给 党员2。"; done.Text != want {
		t.Fatalf("the secretary's answer %q, want %q", done.Text, want)
	}
	reply(t, after, "【整改任务】")
	told := reply(t, before, "已改由")
	if want := "第 1 项整改（每周读原文两次并写笔记）已改由 党员2 负责，今后的提醒不再发给您。"; told.Text != want {
		t.Fatalf("the previous owner was told %q, want %q", told.Text, want)
	}
	for _, m := range append(append(sec.Replies(), before.Replies()...), after.Replies()...) {
		if strings.ContainsAny(m.Text, "他她") {
			t.Fatalf("a message says 他/她 instead of a name: %q", m.Text)
		}
	}

	// The secretary takes it, then gives it back: only the new owner hears of it.
	for _, c := range []struct{ to, done string }{
		{"张书记", "已更换：第 1 项整改改由您负责，今后的回头看提醒发给您。"}, // said to 张书记: 您
		{"党员1", "已更换：第 1 项整改的责任人改为 党员1"},
	} {
		sec.Send("/reassign")
		reply(t, sec, "要更换哪项整改的责任人")
		click(t, sec, "第1项 每周读原文两次并写笔记")
		reply(t, sec, "由谁接手")
		sec.Send(c.to)
		reply(t, sec, c.done)
	}
	reply(t, after, "已改由 张书记 负责")
	if n := count(sec, "已改由"); n != 0 {
		t.Fatalf("the secretary was told %d times of a change they made", n)
	}
	if n := count(before, "已改由"); n != 1 {
		t.Fatalf("the previous owner was told %d times, want once", n)
	}
	noViolations(t, h.fake)
}

// TestRemindAfterTheMeetingOffersItems: once the meeting is held, /remind offers the open
// rectification items (each with its owner, and all at once), not the preparation steps; it
// leaves out items reported done and owners on leave, and tells the owner with a button to
// report. With nothing open it says so.
func TestRemindAfterTheMeetingOffersItems(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 3) // 张书记 100, 党员1 201, 党员2 202, 党员3 203
	sec, owner, away := f.secretary, f.members[0], f.members[2]
	h.clock.Set(time.Date(2026, 12, 1, 10, 0, 0, 0, h.cfg.Location))
	deadline := orglife.Date{Year: 2027, Month: 3, Day: 31}
	rcCreate(t, f, "理论学习不系统", "每周读原文两次并写笔记", "党员1", deadline)
	rcCreate(t, f, "联系群众不够", "每月走访两户群众", "党员2", deadline)
	rcCreate(t, f, "作风不够扎实", "每周检查一次台账", "党员3", deadline)
	ctx := context.Background()
	rem := state.NewReminders(h.redis.Client(t), state.NewKeys(h.cfg.Redis.KeyPrefix))
	if err := rem.SetLeave(ctx, f.branch.ID, orglife.Leave{UserID: away.ID(), From: f.meeting.Date, To: f.meeting.Date.AddDays(30), SetBy: sec.ID()}); err != nil {
		t.Fatal(err)
	}
	rcReport(t, f.members[1], "已完成", "已走访两户", "")

	// A working day after the meeting: on a rest day the nudge waits for the next working day.
	rules, _, err := h.cfg.Reminders.Rules()
	if err != nil {
		t.Fatal(err)
	}
	day := f.meeting.Date.AddDays(2)
	for !rules.Window.Works(day) {
		day = day.AddDays(1)
	}
	h.clock.Set(day.At(10, 0, h.cfg.Location))
	sec.Send("/remind")
	m := reply(t, sec, "提醒哪项整改的责任人")
	if got := buttonTexts(m); got != "第1项 每周读原文两次并写笔记（党员1） 取消" {
		t.Fatalf("options %q: only the open item whose owner is not away nor done", got)
	}
	click(t, sec, "第1项 每周读原文两次并写笔记（党员1）")
	if m := reply(t, sec, "已提醒 1 项整改的责任人"); !strings.Contains(m.Text, "党员1") {
		t.Errorf("the confirmation %q", m.Text)
	}
	m = reply(t, owner, "【支部书记提醒】请汇报第 1 项整改的进展")
	if !strings.HasPrefix(buttonTexts(m), "汇报进展") || strings.Contains(m.Text, "【整改回头看】") {
		t.Errorf("the nudge %q %v", m.Text, m.Buttons)
	}
	if n := count(owner, "学习研讨") + count(owner, "查摆问题"); n != 0 {
		t.Errorf("a preparation step was nudged after the meeting")
	}

	rcReport(t, owner, "已完成", "已按计划完成原文学习", "")
	sec.Send("/remind")
	reply(t, sec, "目前没有需要提醒的整改事项")
	noViolations(t, h.fake)
}
