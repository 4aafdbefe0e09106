package app_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"orglife"
	"orglife/bot/telegramtest"
	"orglife/configs"
	"orglife/state"
)

// planAndPoints: the plan due 28 days before the meeting (3 December for one on the 31st),
// talks on the 24th, points on the 26th.
func planAndPoints(c *configs.Config) {
	c.Meeting.Steps = []orglife.StepTemplate{
		{Kind: orglife.StepPlan, DaysBefore: 28, Responsible: orglife.BySecretary},
		{Kind: orglife.StepTalks, DaysBefore: 7, Responsible: orglife.ByEveryone},
		{Kind: orglife.StepPoints, DaysBefore: 5, Responsible: orglife.ByEveryone},
	}
}

// digestAt moves the clock to 18:00 of a December day, when the digest goes out, and waits
// until the scheduler has handled it.
func digestAt(t *testing.T, h *harness, rem *state.Reminders, day int) {
	t.Helper()
	h.clock.Set(shanghaiAt(t, h, 12, day, 18, 0))
	settled(t, h, rem)
}

// digests are the digests the user got, oldest first.
func digests(u *telegramtest.User) []telegramtest.Message {
	var out []telegramtest.Message
	for _, m := range u.Replies() {
		if strings.HasPrefix(m.Text, "【每日进度】") {
			out = append(out, m)
		}
	}
	return out
}

// The digest marks the plan not adopted past its deadline 【已逾期N天】, says on a day with
// nothing new but a deadline near that nothing changed, and names what happened since the
// last one: a point, a talk, a dispute, an item waiting for 销号, a leave. The secretary
// sends it on to the committee with 发给支委, once; nobody else may.
func TestDigestMarksOverdueAndSaysWhatChanged(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(planAndPoints))
	f := seedBranch(t, h, 2, 2) // 张书记, 委员1, 委员2, 党员1, 党员2
	sec, c1, c2, m1, m2 := f.secretary, f.committee[0], f.committee[1], f.members[0], f.members[1]
	ctx := context.Background()
	rem := state.NewReminders(h.redis.Client(t), state.NewKeys(h.cfg.Redis.KeyPrefix))
	h.clock.Set(shanghaiAt(t, h, 12, 1, 10, 0))
	setUpMeeting(t, sec, "2026-12-31")
	m := currentMeeting(t, f, f.branch.ID)

	// Tuesday: the first digest, before the plan's deadline.
	digestAt(t, h, rem, 1)
	first := reply(t, sec, "【每日进度】")
	if !strings.Contains(first.Text, "实施方案：完成 0/1，时限 2026年12月3日\n  未完成：张书记") || strings.Contains(first.Text, "已逾期") {
		t.Fatalf("the first digest %q", first.Text)
	}
	if strings.Contains(first.Text, "以来") {
		t.Fatalf("the first digest says something changed, and nothing did: %q", first.Text)
	}
	if b := button(t, first, "发给支委"); !strings.HasPrefix(b.Data, "dg:") {
		t.Fatalf("发给支委 carries %q", b.Data)
	}
	// Wednesday and Thursday: nothing new, but the plan is due tomorrow, then today.
	for day := 2; day <= 3; day++ {
		digestAt(t, h, rem, day)
		waitUntil(t, func() bool { return len(digests(sec)) >= day })
		if n := len(digests(sec)); n != day {
			t.Fatalf("%d December: %d digests, want %d", day, n, day)
		}
		if d := digests(sec)[day-1]; !strings.HasSuffix(d.Text, "\n自上次摘要以来没有新的变化。") || strings.Contains(d.Text, "已逾期") {
			t.Fatalf("%d December's digest %q", day, d.Text)
		}
	}

	// Friday: a point, a talk that its partner disputes, an item reported done, a leave.
	h.clock.Set(shanghaiAt(t, h, 12, 4, 10, 0))
	settled(t, h, rem)
	now := h.clock.Now()
	p := orglife.Point{ID: "p-digest", MeetingID: m.ID, MemberID: m1.ID(), Area: orglife.AreaTheory, Source: orglife.SourceSelf,
		Problem: "学习笔记没有按计划完成，集中学习缺席一次", CreatedAt: now, UpdatedAt: now}
	if err := f.records.SavePoint(ctx, f.branch.ID, p, orglife.PointChange{PointID: p.ID, By: m1.ID(), Action: orglife.PointCreate}); err != nil {
		t.Fatal(err)
	}
	it := orglife.RectItem{ID: "r-digest", BranchID: f.branch.ID, MeetingID: m.ID, Number: 1, Problem: "学习流于形式",
		Measure: "建立学习台账", Owner: m1.ID(), Deadline: orglife.Date{Year: 2026, Month: 12, Day: 20}, ReviewDays: 7,
		Status: orglife.RectReported, CreatedAt: now, Progress: []orglife.RectReport{{At: now, By: m1.ID(), Status: orglife.RectReported, Kind: "report"}}}
	if err := f.records.SaveRectItem(ctx, it); err != nil {
		t.Fatal(err)
	}
	recordTalk(t, m1, "委员1", "委员1 要多下基层", "党员1 要多学习", "")
	reply(t, c1, "党员1 记录了与您的一次谈心谈话")
	click(t, c1, "有出入")
	reply(t, c1, "请说明哪些地方有出入")
	c1.Send("谈话是在周二")
	noted := reply(t, c1, "已记录您的说明")
	m2.Send("/leave")
	reply(t, m2, "请假期间不会收到提醒")
	click(t, m2, "登记请假")
	reply(t, m2, "请假从哪天开始")
	click(t, m2, "今天")
	reply(t, m2, "到哪天结束")
	m2.Send("2026-12-08")
	registered := reply(t, m2, "已登记您的请假")
	// 委员2 is away (a leave kept before leaves had a time: no news).
	if err := rem.SetLeave(ctx, f.branch.ID, orglife.Leave{UserID: c2.ID(), From: orglife.Date{Year: 2026, Month: 12, Day: 1},
		To: orglife.Date{Year: 2026, Month: 12, Day: 10}, SetBy: c2.ID()}); err != nil {
		t.Fatal(err)
	}

	digestAt(t, h, rem, 4)
	d := reply(t, sec, "【已逾期1天】")
	for _, want := range []string{
		"实施方案：完成 0/1，时限 2026年12月3日【已逾期1天】",
		"谈心谈话：完成 0/5，时限 2026年12月24日\n", // talks are due in 20 days: no mark
		"\n自上次摘要以来：\n",
		"  新增查摆问题 1 条",
		"  新增谈心谈话记录 1 条",
		"  谈话记录有出入 1 条：党员1 与 委员1",
		"  整改事项报完成、待销号 1 项（共 1 项待您销号）",
		"  请假：党员2（2026年12月4日至2026年12月8日）",
	} {
		if !strings.Contains(d.Text, want) {
			t.Errorf("Friday's digest lacks %q:\n%s", want, d.Text)
		}
	}
	if strings.Contains(d.Text, "委员2（") || strings.Contains(d.Text, "没有新的变化") {
		t.Errorf("Friday's digest:\n%s", d.Text)
	}

	// 发给支委: 委员1 gets it (委员2 is on leave), nobody else; the secretary hears how many.
	members := []*telegramtest.User{sec, c1, c2, m1, m2}
	before := map[int64]int{}
	for _, u := range members {
		before[u.ID()] = len(digests(u))
	}
	data := button(t, d, "发给支委").Data
	// Its data pressed by 委员1 or 党员2 (forged, on a message of their own): stale.
	for _, press := range []struct {
		u   *telegramtest.User
		msg int
	}{{c1, noted.ID}, {m2, registered.ID}} {
		if _, err := press.u.ClickData(press.msg, data); err != nil {
			t.Fatal(err)
		}
		staleAnswers(t, press.u, 1)
	}
	click(t, sec, "发给支委")
	shared := reply(t, c1, "（支部书记转发）")
	if !strings.Contains(shared.Text, "【已逾期1天】") || !strings.Contains(shared.Text, "谈话记录有出入 1 条：党员1 与 委员1") || len(shared.Buttons) != 0 {
		t.Errorf("the committee's copy %q %+v", shared.Text, shared.Buttons)
	}
	waitUntil(t, func() bool { a := sec.CallbackAnswers(); return len(a) > 0 && a[len(a)-1].Answered })
	if a := sec.CallbackAnswers(); !strings.Contains(a[len(a)-1].Text, "已发给 1 位支委") {
		t.Errorf("the secretary was answered %q", a[len(a)-1].Text)
	}
	// Pressed again (a forged press: the button is gone), on an older digest, on the copy: stale.
	for _, press := range []struct {
		u    *telegramtest.User
		msg  int
		data string
	}{{sec, d.ID, data}, {sec, first.ID, button(t, first, "发给支委").Data}, {c1, shared.ID, data}} {
		if _, err := press.u.ClickData(press.msg, press.data); err != nil {
			t.Fatal(err)
		}
		staleAnswers(t, press.u, 1)
	}
	for _, u := range members {
		want := before[u.ID()]
		if u == c1 {
			want++
		}
		if got := len(digests(u)); got != want {
			t.Errorf("user %d got %d digests, want %d", u.ID(), got, want)
		}
	}
	noViolations(t, h.fake)
}

// A day with nothing new and no deadline within two days has no digest; with a deadline two
// days away it comes, saying in one line that nothing changed.
func TestDigestOnQuietDaysOnlyForANearDeadline(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(onlyPointsStep)) // points due on the 26th
	f := seedBranch(t, h, 0, 1)
	sec := f.secretary
	rem := state.NewReminders(h.redis.Client(t), state.NewKeys(h.cfg.Redis.KeyPrefix))
	h.clock.Set(shanghaiAt(t, h, 12, 1, 10, 0))
	setUpMeeting(t, sec, "2026-12-31")
	digestAt(t, h, rem, 1)
	reply(t, sec, "【每日进度】")
	for _, day := range []int{2, 23} { // the 23rd: three days before
		digestAt(t, h, rem, day)
		if n := len(digests(sec)); n != 1 {
			t.Fatalf("%d December: %d digests; an unchanged one was sent", day, n)
		}
	}
	digestAt(t, h, rem, 24) // two days before
	waitUntil(t, func() bool { return len(digests(sec)) >= 2 })
	ds := digests(sec)
	if len(ds) != 2 {
		t.Fatalf("%d digests by the 24th, want the one of the 24th too", len(ds))
	}
	if lines := strings.Split(ds[1].Text, "\n"); lines[len(lines)-1] != "自上次摘要以来没有新的变化。" || slices.ContainsFunc(lines, func(l string) bool {
		return strings.HasPrefix(l, "  新增")
	}) {
		t.Fatalf("the 24th's digest %q", ds[1].Text)
	}
}

// TestDigestsHeldOverComeOnce: digests held over the quiet hours for two days (as when the
// bot's clock passes them at night) do not come together in the morning: a digest more than
// a day old is no news, so the secretary gets one, with today's figures.
func TestDigestsHeldOverComeOnce(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(planAndPoints)) // the plan due on the 3rd
	f := seedBranch(t, h, 0, 1)
	sec := f.secretary
	rem := state.NewReminders(h.redis.Client(t), state.NewKeys(h.cfg.Redis.KeyPrefix))
	h.clock.Set(shanghaiAt(t, h, 12, 1, 10, 0))
	setUpMeeting(t, sec, "2026-12-31")
	for _, day := range []int{2, 3} { // at night: the digests of the 1st and 2nd wait for the morning
		h.clock.Set(shanghaiAt(t, h, 12, day, 1, 0))
		settled(t, h, rem)
	}
	h.clock.Set(shanghaiAt(t, h, 12, 3, 8, 1))
	settled(t, h, rem)
	barrier(t, h, sec)
	if n := len(digests(sec)); n != 1 {
		t.Fatalf("%d digests in the morning after two nights, want one", n)
	}
}
