package app_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"orglife"
	"orglife/bot/telegramtest"
	"orglife/configs"
	"orglife/state"
)

// shanghaiAt is a wall time in the branch's zone; 2026-12-01 is a Tuesday.
func shanghaiAt(t *testing.T, h *harness, month time.Month, day, hour, minute int) time.Time {
	t.Helper()
	return time.Date(2026, month, day, hour, minute, 30, 0, h.cfg.Location)
}

func onlyPointsStep(c *configs.Config) {
	c.Meeting.Steps = []orglife.StepTemplate{{Kind: orglife.StepPoints, DaysBefore: 5, Responsible: orglife.ByEveryone,
		RemindDaysBefore: []int{3, 1, 0}, RemindOverdue: true}}
}

func TestStepRemindersReachThoseBehindOnWorkingHours(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(onlyPointsStep))
	f := seedBranch(t, h, 0, 3)
	sec, done, behind, away := f.secretary, f.members[0], f.members[1], f.members[2]
	ctx := context.Background()
	h.clock.Set(shanghaiAt(t, h, 12, 1, 10, 0))

	// The secretary sets up the meeting on Thursday 31 December: points are due Saturday the
	// 26th, with reminders on Wednesday the 23rd (3 days before), Friday (1 day before) and
	// Monday the 28th (the day itself and overdue, both moved past the weekend).
	setUpMeeting(t, sec, "2026-12-31")
	b, _ := f.records.Branch(ctx, f.branch.ID)
	p := orglife.Point{ID: "p1", MeetingID: b.CurrentMeeting, MemberID: done.ID(), Area: orglife.AreaTheory,
		Source: orglife.SourceSelf, Problem: "学习笔记没有按计划完成，集中学习缺席一次"}
	if err := f.records.SavePoint(ctx, f.branch.ID, p, orglife.PointChange{PointID: "p1", By: done.ID(), Action: orglife.PointCreate}); err != nil {
		t.Fatal(err)
	}
	rem := state.NewReminders(h.redis.Client(t), state.NewKeys(h.cfg.Redis.KeyPrefix))
	if err := rem.SetLeave(ctx, f.branch.ID, orglife.Leave{UserID: away.ID(), From: orglife.Date{Year: 2026, Month: 12, Day: 20},
		To: orglife.Date{Year: 2026, Month: 12, Day: 31}, SetBy: away.ID()}); err != nil {
		t.Fatal(err)
	}

	h.clock.Set(shanghaiAt(t, h, 12, 23, 9, 0))
	m := reply(t, behind, "完成查摆问题")
	if !strings.Contains(m.Text, "还有 3 天") || len(m.Buttons) != 1 || m.Buttons[0][0].Text != "现在填写" {
		t.Fatalf("reminder %q %+v", m.Text, m.Buttons)
	}
	reply(t, sec, "完成查摆问题") // the secretary has no point either
	click(t, behind, "现在填写")
	reply(t, behind, "这个问题属于哪个方面")
	behind.Send("/cancel")
	reply(t, behind, "已取消")

	// Friday 22:00 is quiet: the secretary's nudge waits for Monday morning.
	h.clock.Set(shanghaiAt(t, h, 12, 25, 22, 0))
	sec.Send("/remind")
	reply(t, sec, "提醒哪一步")
	// Whom it reaches: not the secretary who asks, not the member on leave.
	click(t, sec, "查摆问题（1 人未完成）")
	if m := reply(t, sec, "已提醒查摆问题未完成的 1 人"); !strings.Contains(m.Text, f.names[behind.ID()]) {
		t.Errorf("the confirmation %q does not name whom it reached", m.Text)
	}
	settled(t, h, rem)
	if next, ok, _ := rem.NextDue(ctx); !ok || next.Before(shanghaiAt(t, h, 12, 28, 7, 59)) {
		t.Fatalf("the nudge waits until %v, want Monday morning", next)
	}
	if count(behind, "【支部书记提醒】") != 0 {
		t.Fatal("a nudge went out in quiet hours")
	}
	h.clock.Set(shanghaiAt(t, h, 12, 28, 8, 0))
	reply(t, behind, "【支部书记提醒】")
	settled(t, h, rem)

	for _, u := range []struct {
		name string
		n    int
	}{{"done", count(done, "【提醒】")}, {"on leave", count(away, "【提醒】") + count(away, "【支部书记提醒】")}} {
		if u.n != 0 {
			t.Errorf("the member who is %s got %d reminders", u.name, u.n)
		}
	}
	noViolations(t, h.fake)
}

// settled waits until the scheduler has handled everything due at the harness's now:
// nothing in flight, and nothing waiting that is already due.
func settled(t *testing.T, h *harness, rem *state.Reminders) {
	t.Helper()
	ctx := context.Background()
	waitUntil(t, func() bool {
		// Nothing due waiting first, then nothing in flight: a claim moves reminders from
		// waiting to in flight between the two reads, so the other order could see neither.
		next, ok, err := rem.NextDue(ctx)
		if err != nil || (ok && !next.After(h.clock.Now())) {
			return false
		}
		_, inFlight, err := rem.Counts(ctx)
		return err == nil && inFlight == 0
	})
}

func TestDigestOnlyWhenSomethingChanged(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(onlyPointsStep))
	f := seedBranch(t, h, 0, 1)
	sec := f.secretary
	h.clock.Set(shanghaiAt(t, h, 12, 1, 10, 0))
	setUpMeeting(t, sec, "2026-12-31")
	h.clock.Set(shanghaiAt(t, h, 12, 1, 18, 0))
	d := reply(t, sec, "【每日进度】")
	if !strings.Contains(d.Text, "查摆问题：完成 0/2") || !strings.Contains(d.Text, "未完成：张书记、党员1") {
		t.Fatalf("digest %q", d.Text)
	}
	// Wednesday: nothing changed, nothing due today or tomorrow: no digest. Thursday: the
	// member records a point, so Thursday's digest comes.
	h.clock.Set(shanghaiAt(t, h, 12, 2, 18, 0))
	u := f.members[0]
	u.Send("/help")
	reply(t, u, "可用命令")
	rem := state.NewReminders(h.redis.Client(t), state.NewKeys(h.cfg.Redis.KeyPrefix))
	ctx := context.Background()
	settled(t, h, rem)
	if n := count(sec, "【每日进度】"); n != 1 {
		t.Fatalf("%d digests; an unchanged one was sent", n)
	}
	b, _ := f.records.Branch(ctx, f.branch.ID)
	p := orglife.Point{ID: "p1", MeetingID: b.CurrentMeeting, MemberID: u.ID(), Area: orglife.AreaTheory,
		Source: orglife.SourceSelf, Problem: "学习笔记没有按计划完成，集中学习缺席一次"}
	if err := f.records.SavePoint(ctx, f.branch.ID, p, orglife.PointChange{PointID: "p1", By: u.ID(), Action: orglife.PointCreate}); err != nil {
		t.Fatal(err)
	}
	h.clock.Set(shanghaiAt(t, h, 12, 3, 18, 0))
	d = reply(t, sec, "查摆问题：完成 1/2")
	if strings.Contains(d.Text, "党员1") {
		t.Fatalf("the member who is done is listed as behind: %q", d.Text)
	}
}

func TestLeaveRecordedByMemberAndSecretary(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 1, 2)
	ctx := context.Background()
	rem := state.NewReminders(h.redis.Client(t), state.NewKeys(h.cfg.Redis.KeyPrefix))
	u := f.members[0]
	u.Send("/leave")
	reply(t, u, "请假期间不会收到提醒")
	click(t, u, "登记请假")
	reply(t, u, "请假从哪天开始")
	click(t, u, "今天")
	reply(t, u, "到哪天结束")
	u.Send("2000-01-01")
	reply(t, u, "结束日期不能早于开始日期")
	today := orglife.DateOf(h.clock.Now(), h.cfg.Location)
	u.Send(today.AddDays(5).String())
	// Said to the member themself: 您, not their name.
	reply(t, u, "已登记您的请假")
	leaves, _ := rem.Leaves(ctx, f.branch.ID)
	if len(leaves) != 1 || leaves[0].UserID != u.ID() || leaves[0].From != today || leaves[0].To != today.AddDays(5) {
		t.Fatalf("stored leaves %+v", leaves)
	}
	// The secretary is told of a member's own leave, in one message.
	span := func(from, to orglife.Date) string { return from.Chinese() + " 至 " + to.Chinese() }
	reply(t, f.secretary, "党员1 登记了请假："+span(today, today.AddDays(5))+"，期间暂停提醒。")
	// The member's /leave begins with their leave on record.
	// Days of this year are shown without it.
	day := func(d orglife.Date) string {
		if d.Year != today.Year {
			return d.Chinese()
		}
		return fmt.Sprintf("%d月%d日", int(d.Month), d.Day)
	}
	u.Send("/leave")
	if m := reply(t, u, "请假期间不会收到提醒"); !strings.HasPrefix(m.Text, "您已登记请假："+day(today)+" 至 "+day(today.AddDays(5))+"。\n") {
		t.Fatalf("the member's /leave does not show their leave: %q", m.Text)
	}
	u.Send("/cancel")
	reply(t, u, "已取消")

	// The secretary records one for another member, who is told; then ends the first.
	sec, other := f.secretary, f.members[1]
	sec.Send("/leave")
	reply(t, sec, "为谁登记请假")
	click(t, sec, "党员2")
	reply(t, sec, "要做什么")
	click(t, sec, "登记请假")
	reply(t, sec, "请假从哪天开始")
	sec.Send(today.AddDays(1).String())
	reply(t, sec, "到哪天结束")
	sec.Send(today.AddDays(2).String())
	reply(t, sec, "已登记 党员2 请假")
	reply(t, other, "支部书记为您登记了请假")
	// A leave that has ended is not shown: 委员1's ended yesterday.
	if err := rem.SetLeave(ctx, f.branch.ID, orglife.Leave{UserID: f.committee[0].ID(), From: today.AddDays(-3), To: today.AddDays(-1),
		SetBy: sec.ID()}); err != nil {
		t.Fatal(err)
	}
	sec.Send("/leave")
	short := func(from, to orglife.Date) string { return day(from) + "–" + day(to) }
	want := "当前请假：党员1 " + short(today, today.AddDays(5)) + "、党员2 " + short(today.AddDays(1), today.AddDays(2)) + "\n为谁登记请假？"
	if m := reply(t, sec, "为谁登记请假"); m.Text != want {
		t.Fatalf("the secretary's /leave begins %q, want %q", m.Text, want)
	}
	click(t, sec, "党员1")
	if m := reply(t, sec, "要做什么"); strings.Contains(m.Text, "当前请假") || strings.Contains(m.Text, "您已登记") {
		t.Fatalf("the leave on record is shown twice: %q", m.Text)
	}
	click(t, sec, "结束请假")
	reply(t, sec, "已结束 党员1 的请假")
	leaves, _ = rem.Leaves(ctx, f.branch.ID)
	if len(leaves) != 2 || leaves[1].UserID != other.ID() || leaves[1].SetBy != sec.ID() {
		t.Fatalf("stored leaves %+v", leaves)
	}
	// Only the member's own leave is news to the secretary.
	if n := count(sec, "登记了请假"); n != 1 {
		t.Fatalf("the secretary was told of %d leaves, want 1", n)
	}
	// A plain member cannot set another's leave: the question is not even asked; their
	// ended leave is no longer shown.
	u.Send("/leave")
	if m := reply(t, u, "请假期间不会收到提醒"); strings.Contains(m.Text, "为谁") || strings.Contains(m.Text, "您已登记") {
		t.Fatalf("a member's /leave: %q", m.Text)
	}
}

func TestBranchTimeZone(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(onlyPointsStep))
	f := seedBranch(t, h, 0, 1)
	sec := f.secretary
	h.clock.Set(time.Date(2026, 12, 1, 10, 0, 0, 0, h.cfg.Location))
	f.members[0].Send("/timezone")
	reply(t, f.members[0], "这个命令只有支部书记可以使用")
	sec.Send("/timezone")
	ask := reply(t, sec, "支部现在按 Asia/Shanghai 计算")
	var zones []string
	for _, row := range ask.Buttons {
		for _, b := range row {
			zones = append(zones, b.Text)
		}
	}
	// 北京时间 first, then branches abroad by city; no second UTC+8 zone beside it.
	if len(zones) < 2 || zones[0] != "北京时间" || !slices.Contains(zones, "伦敦") || !slices.Contains(zones, "纽约") ||
		slices.ContainsFunc(zones, func(z string) bool { return strings.Contains(z, "台北") || strings.Contains(z, "Taipei") }) {
		t.Errorf("/timezone offers %q", zones)
	}
	click(t, sec, "东京")
	reply(t, sec, "已设置：支部按 Asia/Tokyo 计算")
	sec.Send("/timezone")
	reply(t, sec, "支部现在按 Asia/Tokyo 计算")
	sec.Send("Mars/Base")
	reply(t, sec, "没有这个时区")
	sec.Send("Europe/Berlin")
	reply(t, sec, "已设置：支部按 Europe/Berlin 计算")
	b, _ := f.records.Branch(t.Context(), f.branch.ID)
	if b.Timezone != "Europe/Berlin" {
		t.Fatalf("stored zone %q", b.Timezone)
	}
	setUpMeeting(t, sec, "2026-12-31")
	rem := state.NewReminders(h.redis.Client(t), state.NewKeys(h.cfg.Redis.KeyPrefix))
	next, ok, err := rem.NextDue(t.Context())
	if err != nil || !ok {
		t.Fatalf("no reminder planned: %v", err)
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	// Reminders go at 09:00 and digests at 18:00 — Berlin's, not Shanghai's.
	if hour := next.In(berlin).Hour(); hour != 9 && hour != 18 {
		t.Fatalf("the next reminder is due %v, not at 09:00 or 18:00 in Berlin", next.In(berlin))
	}
}

// A reminder the daily cap held over gives way to the step's own reminder of the next day:
// the member gets one 「已逾期」 message on Thursday, not the held-over "due today" one beside it.
func TestHeldOverReminderNotSentBesideTheNextOne(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(func(c *configs.Config) {
		onlyPointsStep(c)
		c.Reminders.DailyCap = 2
	}))
	f := seedBranch(t, h, 0, 1)
	sec, behind := f.secretary, f.members[0]
	rem := state.NewReminders(h.redis.Client(t), state.NewKeys(h.cfg.Redis.KeyPrefix))
	h.clock.Set(shanghaiAt(t, h, 12, 1, 10, 0))
	// The meeting on Monday 14 December: points due Wednesday the 9th.
	setUpMeeting(t, sec, "2026-12-14")

	// Sunday's "3 days before" comes on Friday; Tuesday's "1 day before".
	for _, d := range []struct {
		day  int
		left string
	}{{4, "还有 5 天"}, {8, "还有 1 天"}} {
		h.clock.Set(shanghaiAt(t, h, 12, d.day, 9, 0))
		reply(t, behind, d.left)
		settled(t, h, rem)
	}
	before := ownReminders(behind, "查摆问题")
	if before != 2 {
		t.Fatalf("%d reminders before the deadline, want 2", before)
	}
	// Wednesday: the member already had the day's two messages (other reminders, counted
	// as the dispatcher counts them), so the "due today" reminder at 09:00 is held over.
	ctx := context.Background()
	for range 2 {
		if _, err := rem.Tally(ctx, behind.ID(), orglife.Date{Year: 2026, Month: 12, Day: 9}); err != nil {
			t.Fatal(err)
		}
	}
	h.clock.Set(shanghaiAt(t, h, 12, 9, 9, 0))
	settled(t, h, rem)
	if n := ownReminders(behind, "查摆问题"); n != before {
		t.Fatalf("the capped reminder went out on Wednesday (%d)", n-before)
	}
	h.clock.Set(shanghaiAt(t, h, 12, 10, 9, 0))
	settled(t, h, rem)
	m := reply(t, behind, "已逾期 1 天")
	h.clock.Set(shanghaiAt(t, h, 12, 10, 20, 0)) // everything of Thursday is due by now
	settled(t, h, rem)
	if n := ownReminders(behind, "查摆问题"); n != before+1 {
		t.Fatalf("Thursday brought %d reminders of 查摆问题, want one: %q", n-before, m.Text)
	}
	noViolations(t, h.fake)
}

// ownReminders counts the scheduler's own reminders of a step in u's chat, leaving out the
// secretary's nudges.
func ownReminders(u *telegramtest.User, step string) int {
	n := 0
	for _, m := range u.Replies() {
		if strings.HasPrefix(m.Text, "【提醒】") && strings.Contains(m.Text, step) {
			n++
		}
	}
	return n
}

// The overdue reminder of a Friday deadline waits for Monday and is sent then: the weekend
// moved it, the bot was not down, so the grace does not drop it.
func TestOverdueAfterFridayDeadlineComesOnMonday(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(onlyPointsStep))
	f := seedBranch(t, h, 0, 1)
	sec, behind := f.secretary, f.members[0]
	rem := state.NewReminders(h.redis.Client(t), state.NewKeys(h.cfg.Redis.KeyPrefix))
	h.clock.Set(shanghaiAt(t, h, 12, 1, 10, 0))
	// The meeting on Wednesday 16 December: points due Friday the 11th.
	setUpMeeting(t, sec, "2026-12-16")
	h.clock.Set(shanghaiAt(t, h, 12, 11, 9, 0))
	reply(t, behind, "今天截止")
	settled(t, h, rem)
	h.clock.Set(shanghaiAt(t, h, 12, 14, 9, 0))
	reply(t, behind, "已逾期 3 天")
	settled(t, h, rem)
	noViolations(t, h.fake)
}

// Two steps due the same day reach a member as one message, the overdue one first, with a
// button for each.
func TestStepsDueTogetherAreOneMessage(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(func(c *configs.Config) {
		c.Meeting.Steps = []orglife.StepTemplate{
			{Kind: orglife.StepStudy, DaysBefore: 8, Responsible: orglife.ByEveryone, RemindDaysBefore: []int{1}, RemindOverdue: true},
			{Kind: orglife.StepPoints, DaysBefore: 5, Responsible: orglife.ByEveryone, RemindDaysBefore: []int{2}, RemindOverdue: true},
		}
	}))
	f := seedBranch(t, h, 0, 1)
	sec, member := f.secretary, f.members[0]
	rem := state.NewReminders(h.redis.Client(t), state.NewKeys(h.cfg.Redis.KeyPrefix))
	h.clock.Set(shanghaiAt(t, h, 12, 1, 10, 0))
	// The meeting on Monday 14 December: study due Sunday the 6th (overdue on Monday the
	// 7th), points due Wednesday the 9th (2 days before: Monday the 7th).
	setUpMeeting(t, sec, "2026-12-14")
	reply(t, member, "【会议通知】")
	settled(t, h, rem)
	h.clock.Set(shanghaiAt(t, h, 12, 7, 9, 0))
	m := reply(t, member, "您有 2 项需要办理")
	settled(t, h, rem)
	study, points := strings.Index(m.Text, "学习研讨"), strings.Index(m.Text, "查摆问题")
	if study < 0 || points < 0 || study > points || !strings.Contains(m.Text, "已逾期 1 天") || !strings.Contains(m.Text, "还有 2 天") {
		t.Errorf("the day's message, overdue first:\n%s", m.Text)
	}
	// A row a part, numbered: the overdue study cannot be put off, the points can.
	if got := buttonTexts(m); got != "1. 学习研讨 2. 查摆问题 明天提醒我" || len(m.Buttons) != 2 {
		t.Errorf("buttons %+v", m.Buttons)
	}
	if n := ownReminders(member, ""); n != 1 {
		t.Errorf("the member got %d reminder messages on Monday; want one", n)
	}
	click(t, member, "2. 查摆问题")
	reply(t, member, "这个问题属于哪个方面")
	noViolations(t, h.fake)
}
