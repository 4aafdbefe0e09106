package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"orglife"
	"orglife/bot/telegramtest"
)

// The meetings of these tests: the seeded one (2026年度…) and the one set up after it.
const (
	earlierTitle = "2026年度专题组织生活会"
	laterTitle   = "2027年度专题组织生活会"
)

// recordsFor is the first line of a dialog that records for the meeting titled title.
func recordsFor(title string) string { return "为「" + title + "」填写\n" }

// pressOn presses the button labelled label on message m (the old message itself, not the
// newest one with that label) and returns the bot's answer to the press once it came.
func pressOn(t *testing.T, u *telegramtest.User, m telegramtest.Message, label string) telegramtest.CallbackAnswer {
	t.Helper()
	id, err := u.ClickData(m.ID, button(t, m, label).Data)
	if err != nil {
		t.Fatal(err)
	}
	var got telegramtest.CallbackAnswer
	waitUntil(t, func() bool {
		for _, a := range u.CallbackAnswers() {
			if a.QueryID == id && a.Answered {
				got = a
				return true
			}
		}
		return false
	})
	return got
}

// setUpLaterMeeting makes a new meeting of f's branch current, as /newmeeting does; created
// is its creation time.
func setUpLaterMeeting(t *testing.T, h *harness, f *fixture, created time.Time) orglife.Meeting {
	t.Helper()
	day := today(h).AddDays(40)
	m := orglife.Meeting{ID: "m" + nextRecordID(t, f), BranchID: f.branch.ID, Title: laterTitle, Date: day,
		Steps: orglife.NewSteps(day, h.cfg.Meeting.Steps), CreatedAt: created}
	if err := f.records.CreateMeeting(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	return m
}

func nextRecordID(t *testing.T, f *fixture) string {
	t.Helper()
	id, err := f.records.NextID(context.Background(), f.branch.ID)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// unchanged fails unless u's message is as it was: a press that opens nothing edits nothing.
func unchanged(t *testing.T, u *telegramtest.User, was telegramtest.Message) {
	t.Helper()
	now := messageByID(u, was.ID)
	if now.Text != was.Text || now.Edits != was.Edits || buttonTexts(now) != buttonTexts(was) {
		t.Fatalf("the old message was changed:\nwas %q %s\nnow %q %s", was.Text, buttonTexts(was), now.Text, buttonTexts(now))
	}
}

// TestFillNowOfAnEarlierMeeting: a member's to-do of one meeting has buttons that name it.
// Once the secretary has set up the next meeting, the old to-do's 填写查摆问题 opens nothing
// and answers that its meeting has ended (the old message is left as it was), while its
// 汇报进展 still opens the earlier meeting's rectification, which goes on; that dialog says
// which meeting it records for, and so does the new meeting's /point.
func TestFillNowOfAnEarlierMeeting(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 1)
	me := f.members[0]
	item := orglife.RectItem{ID: "r1", BranchID: f.branch.ID, MeetingID: f.meeting.ID, Number: 1, Problem: "理论学习不够系统",
		Measure: "每周集中学习一次", Owner: me.ID(), Deadline: today(h).AddDays(30), ReviewDays: 7,
		Status: orglife.RectInProgress, CreatedAt: time.Now()}
	if err := f.records.SaveRectItem(context.Background(), item); err != nil {
		t.Fatal(err)
	}
	me.Send("/todo")
	old := reply(t, me, "您还需完成")
	if got, want := button(t, old, "填写查摆问题").Data, "go:point:"+f.branch.ID+":"+f.meeting.ID; got != want {
		t.Fatalf("the to-do's button carries %q, want %q (its meeting named)", got, want)
	}

	later := setUpLaterMeeting(t, h, f, h.clock.Now())
	before := len(me.Replies())
	if a := pressOn(t, me, old, "填写查摆问题"); !strings.Contains(a.Text, "该会议（"+earlierTitle+"）已结束") {
		t.Fatalf("the earlier meeting's 填写查摆问题 answered %q, want that the meeting has ended", a.Text)
	}
	unchanged(t, me, old)

	// The item's rectification goes on: 汇报进展 opens it, naming its meeting.
	if a := pressOn(t, me, old, "汇报进展"); a.Text != "" {
		t.Fatalf("汇报进展 answered %q, want it to open the report", a.Text)
	}
	m := reply(t, me, "现在进展如何") // its one item, without a picker
	if !strings.HasPrefix(m.Text, recordsFor(earlierTitle)) || !strings.Contains(m.Text, "第 1 项") {
		t.Fatalf("the report of the earlier meeting's item: %q %s", m.Text, buttonTexts(m))
	}
	unchanged(t, me, old)
	if msgs := me.Replies()[before:]; len(msgs) != 1 {
		t.Fatalf("the presses brought %d messages, want the report's prompt alone: %+v", len(msgs), msgs)
	}
	me.Send("/cancel")
	reply(t, me, "已取消")

	// The new meeting's to-do opens the new meeting's step, and the dialog says so.
	me.Send("/todo")
	todo := reply(t, me, laterTitle)
	if got, want := button(t, todo, "填写查摆问题").Data, "go:point:"+f.branch.ID+":"+later.ID; got != want {
		t.Fatalf("the new to-do's button carries %q, want %q", got, want)
	}
	pressOn(t, me, todo, "填写查摆问题")
	if m := reply(t, me, "这个问题属于哪个方面"); !strings.HasPrefix(m.Text, recordsFor(laterTitle)) {
		t.Fatalf("/point's first prompt %q, want it to name %s first", m.Text, laterTitle)
	}
	noViolations(t, h.fake)
}

// TestFillNowAfterTheMeetingDay: once the current meeting's day is past, a reminder's
// 现在填写 of its preparation answers that the meeting has ended; the day itself it still
// opens the step.
func TestFillNowAfterTheMeetingDay(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 1)
	me := f.members[0]
	me.Send("/todo")
	old := reply(t, me, "您还需完成")

	h.clock.Set(f.meeting.Date.At(10, 0, h.cfg.Location))
	if a := pressOn(t, me, old, "填写查摆问题"); a.Text != "" {
		t.Fatalf("on the meeting's day the button answered %q, want it to open the step", a.Text)
	}
	reply(t, me, "仍要补充吗") // the points' deadline has passed: the step opens with that question
	me.Send("/cancel")
	reply(t, me, "已取消")

	h.clock.Set(f.meeting.Date.AddDays(1).At(10, 0, h.cfg.Location))
	before := len(me.Replies())
	if a := pressOn(t, me, old, "填写查摆问题"); !strings.Contains(a.Text, "该会议（"+earlierTitle+"）已结束") {
		t.Fatalf("the day after the meeting the button answered %q, want that the meeting has ended", a.Text)
	}
	barrier(t, h, me)
	if n := len(me.Replies()) - before; n != 1 {
		t.Fatalf("the press brought %d messages besides /cancel's answer, want none", n-1)
	}
	unchanged(t, me, old)
}

// TestFillNowOfAButtonThatNamesNoMeeting: a button sent before buttons named their meeting
// ("go:point") is about the meeting that was current when its message was sent: after the
// next meeting was set up it answers that its meeting has ended; a message sent after that
// opens the new meeting's step.
func TestFillNowOfAButtonThatNamesNoMeeting(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 1)
	me := f.members[0]
	me.Send("/todo")
	old := reply(t, me, "您还需完成")
	press := func() telegramtest.CallbackAnswer {
		t.Helper()
		id, err := me.ClickData(old.ID, "go:point")
		if err != nil {
			t.Fatal(err)
		}
		var got telegramtest.CallbackAnswer
		waitUntil(t, func() bool {
			for _, a := range me.CallbackAnswers() {
				if a.QueryID == id && a.Answered {
					got = a
					return true
				}
			}
			return false
		})
		return got
	}

	// The next meeting set up a second after the message was sent.
	later := setUpLaterMeeting(t, h, f, old.Date.Add(time.Second))
	if a := press(); !strings.Contains(a.Text, "该会议（"+earlierTitle+"）已结束") {
		t.Fatalf("an old button of the earlier meeting answered %q, want that it has ended", a.Text)
	}
	unchanged(t, me, old)

	// Had it been set up a second before, the message would be of the new meeting.
	later.CreatedAt = old.Date.Add(-time.Second)
	if err := f.records.SaveMeeting(context.Background(), later); err != nil {
		t.Fatal(err)
	}
	if a := press(); a.Text != "" {
		t.Fatalf("an old button sent under the new meeting answered %q, want it to open the step", a.Text)
	}
	if m := reply(t, me, "这个问题属于哪个方面"); !strings.HasPrefix(m.Text, recordsFor(laterTitle)) {
		t.Fatalf("/point's first prompt %q, want it to name %s", m.Text, laterTitle)
	}
	noViolations(t, h.fake)
}

// TestDialogsNameTheirMeeting: the first prompt of each dialog that records for a meeting
// names it on a line of its own — points, talks, study, collective study, rectification
// progress, the material and the plan — and the prompts after it do not repeat it.
func TestDialogsNameTheirMeeting(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 1, 1)
	sec, me := f.secretary, f.members[0]
	item := orglife.RectItem{ID: "r1", BranchID: f.branch.ID, MeetingID: f.meeting.ID, Number: 1, Problem: "理论学习不够系统",
		Measure: "每周集中学习一次", Owner: me.ID(), Deadline: today(h).AddDays(30), ReviewDays: 7,
		Status: orglife.RectInProgress, CreatedAt: time.Now()}
	if err := f.records.SaveRectItem(context.Background(), item); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		who     *telegramtest.User
		command string
		first   string // a part of the first prompt
	}{
		{me, "/point", "这个问题属于哪个方面"},
		{me, "/talk", "和谁进行了谈心谈话"},
		{me, "/study", "学习形式"},
		{me, "/progress", "现在进展如何"}, // one item: no picker
		{me, "/material", "对照检查材料"},
		{sec, "/session", "记录一次集中学习"},
		{sec, "/adopt", "实施方案在哪天"},
	} {
		c.who.Send(c.command)
		m := reply(t, c.who, c.first)
		if first, _, _ := strings.Cut(m.Text, "\n"); first+"\n" != recordsFor(earlierTitle) {
			t.Errorf("%s's first prompt %q: want its first line to name the meeting", c.command, m.Text)
		}
		c.who.Send("/cancel")
		reply(t, c.who, "已取消")
	}
	// The next prompt of a dialog does not repeat it.
	me.Send("/point")
	reply(t, me, "这个问题属于哪个方面")
	click(t, me, "理论学习")
	if m := reply(t, me, "这个问题是怎么查摆出来的"); strings.Contains(m.Text, "为「") {
		t.Errorf("the second prompt %q names the meeting again", m.Text)
	}
	noViolations(t, h.fake)
}
