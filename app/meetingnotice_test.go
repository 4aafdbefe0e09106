package app_test

import (
	"strings"
	"testing"

	"orglife"
	"orglife/configs"
	"orglife/state"
)

// noCap lifts the daily cap, so that the notices of a day full of step reminders are not
// held over to the next.
func noCap(c *configs.Config) { c.Reminders.DailyCap = 0 }

// works is the harness's calendar of working days.
func works(t *testing.T, h *harness) func(orglife.Date) bool {
	t.Helper()
	rules, _, err := h.cfg.Reminders.Rules()
	if err != nil {
		t.Fatal(err)
	}
	return rules.Window.Works
}

// A meeting set up four days ahead: /newmeeting warns that most deadlines are past and lays
// them out again from today on working days; the time and place asked after the date are in
// every member's announcement, and in the notices the day before and on the morning of the
// meeting — held on a Saturday, its morning notice comes that Saturday.
func TestNearMeetingRespreadAndMeetingDayNotices(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(noCap))
	f := seedBranch(t, h, 0, 2)
	sec, member := f.secretary, f.members[0]
	rem := state.NewReminders(h.redis.Client(t), state.NewKeys(h.cfg.Redis.KeyPrefix))
	h.clock.Set(shanghaiAt(t, h, 12, 1, 10, 0)) // a Tuesday

	sec.Send("/newmeeting")
	reply(t, sec, "请输入会议名称")
	sec.Send("2026年度专题组织生活会")
	reply(t, sec, "请输入会议日期")
	sec.Send("2026-12-05") // Saturday
	reply(t, sec, "会议几点开、在哪里开")
	sec.Send("25:00 三楼")
	reply(t, sec, "时间请写成 14:30 这样")
	sec.Send("１４：３０ 三楼会议室")
	reply(t, sec, "会议以什么形式召开")
	click(t, sec, "党员大会")
	reply(t, sec, "现在填写，还是跳过")
	click(t, sec, "跳过")
	warning := reply(t, sec, "时限已过或不在工作日")
	for _, want := range []string{"实施方案 — 2026年11月14日（已过）", "查摆问题 — 2026年11月30日（已过）"} {
		if !strings.Contains(warning.Text, want) {
			t.Errorf("the warning lacks %q:\n%s", want, warning.Text)
		}
	}
	if strings.Contains(warning.Text, "对照检查材料") { // due Thursday the 3rd: nothing wrong
		t.Errorf("the warning names a deadline that is fine:\n%s", warning.Text)
	}
	click(t, sec, "按今天重新推算")
	reply(t, sec, "已创建")

	m := currentMeeting(t, f, f.branch.ID)
	// Five steps over Tuesday to Friday, in their order, each on a working day.
	want := []orglife.Date{{Year: 2026, Month: 12, Day: 1}, {Year: 2026, Month: 12, Day: 2}, {Year: 2026, Month: 12, Day: 2},
		{Year: 2026, Month: 12, Day: 3}, {Year: 2026, Month: 12, Day: 4}}
	for i, s := range m.Steps {
		if s.Deadline != want[i] || !works(t, h)(s.Deadline) {
			t.Errorf("%s due %s, want %s on a working day", s.Kind, s.Deadline, want[i])
		}
	}
	if m.Time == nil || m.Time.String() != "14:30" || m.Place != "三楼会议室" {
		t.Fatalf("stored time %v, place %q", m.Time, m.Place)
	}
	where := "时间：2026年12月5日 14:30，地点：三楼会议室"
	if a := reply(t, member, "【会议通知】"); !strings.Contains(a.Text, where) {
		t.Errorf("the announcement lacks %q:\n%s", where, a.Text)
	}
	settled(t, h, rem)
	if n := count(member, "【会议提醒】"); n != 0 {
		t.Fatalf("%d meeting notices before their day", n)
	}
	// This morning's reminders were planned before the meeting existed: the announcement is
	// the members' first word of it.
	if n := count(member, "【提醒】"); n != 0 {
		t.Errorf("%d reminders beside the announcement: %+v", n, member.Replies())
	}

	h.clock.Set(shanghaiAt(t, h, 12, 4, 9, 0))
	if n := reply(t, member, "【会议提醒】明天"); !strings.Contains(n.Text, where) {
		t.Errorf("the day before's notice lacks %q:\n%s", where, n.Text)
	}
	settled(t, h, rem)
	h.clock.Set(shanghaiAt(t, h, 12, 5, 9, 0))
	if n := reply(t, member, "【会议提醒】今天"); !strings.Contains(n.Text, where) {
		t.Errorf("the morning's notice lacks %q:\n%s", where, n.Text)
	}
	settled(t, h, rem)
	for _, u := range []struct {
		name string
		n    int
	}{{"member", count(member, "【会议提醒】")}, {"secretary", count(sec, "【会议提醒】")}} {
		if u.n != 2 {
			t.Errorf("the %s got %d meeting notices, want 2", u.name, u.n)
		}
	}
	noViolations(t, h.fake)
}

// A moved deadline reaches those behind on the step — at once when it is due within a day,
// else the next reminder morning, and only its latest date when moved twice — and moving the
// meeting can move the steps with it, each to a working day.
func TestMovedDeadlinesAreTold(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(noCap))
	f := seedBranch(t, h, 0, 2)
	sec, done, behind := f.secretary, f.members[0], f.members[1]
	rem := state.NewReminders(h.redis.Client(t), state.NewKeys(h.cfg.Redis.KeyPrefix))
	h.clock.Set(shanghaiAt(t, h, 12, 1, 10, 0)) // a Tuesday
	f.setDeadline(t, orglife.StepPoints, orglife.Date{Year: 2026, Month: 12, Day: 10})
	f.setDeadline(t, orglife.StepStudy, orglife.Date{Year: 2026, Month: 12, Day: 8})
	f.addPoint(t, done.ID(), orglife.AreaTheory, orglife.SourceSelf, "学习笔记没有按计划完成，集中学习缺席一次", "")

	moveDeadline(t, sec, "学习研讨", "2026-12-02") // tomorrow: told at once
	if m := reply(t, behind, "【时限调整】"); !strings.Contains(m.Text, "学习研讨") || !strings.Contains(m.Text, "2026年12月2日") ||
		buttonTexts(m) != "现在填写 明天提醒我" { // tomorrow is its day: it may still be put off to then
		t.Errorf("the notice %q %+v", m.Text, m.Buttons)
	}
	moveDeadline(t, sec, "查摆问题", "2026-12-07")
	moveDeadline(t, sec, "查摆问题", "2026-12-08") // replaces the notice not yet sent
	settled(t, h, rem)
	if n := count(behind, "查摆问题") + count(done, "【时限调整】") + count(sec, "【时限调整】"); n != 1 {
		t.Fatalf("before the morning: %d notices beside the study's one to the member behind", n)
	}
	h.clock.Set(shanghaiAt(t, h, 12, 2, 9, 0))
	m := reply(t, behind, "【时限调整】2026年度专题组织生活会 的「查摆问题」")
	if !strings.Contains(m.Text, "2026年12月8日") {
		t.Errorf("the notice %q does not tell the latest date", m.Text)
	}
	settled(t, h, rem)
	if n := count(behind, "「查摆问题」时限改为"); n != 1 {
		t.Errorf("the member behind was told %d times of the points' deadline", n)
	}
	if n := count(done, "「查摆问题」时限改为"); n != 0 {
		t.Errorf("the member who has done the step was told %d times", n)
	}

	// The meeting moves a week later, the steps with it: Tuesday the 8th becomes Tuesday the
	// 15th, the study's Wednesday the 9th.
	before := currentMeeting(t, f, f.branch.ID)
	sec.Send("/deadline")
	reply(t, sec, "修改哪一步的时限")
	click(t, sec, "会议日期")
	reply(t, sec, "会议现在定于")
	sec.Send(before.Date.AddDays(7).String())
	reply(t, sec, "各步骤时限是否随之顺延")
	click(t, sec, "步骤时限随之顺延")
	reply(t, sec, "各步骤时限已随之顺延")
	after := currentMeeting(t, f, f.branch.ID)
	for i, s := range after.Steps {
		shifted := before.Steps[i].Deadline.AddDays(7)
		if shifted.Before(s.Deadline) || s.Deadline.Before(shifted.AddDays(-3)) || !works(t, h)(s.Deadline) {
			t.Errorf("%s: %s → %s, want a week later on a working day", s.Kind, before.Steps[i].Deadline, s.Deadline)
		}
	}
	if p, _ := after.Step(orglife.StepPoints); p.Deadline != (orglife.Date{Year: 2026, Month: 12, Day: 15}) {
		t.Errorf("points due %s, want 2026-12-15", p.Deadline)
	}
	// The steps moved together are told in one message, the next reminder morning.
	settled(t, h, rem)
	told := count(behind, "【时限调整】")
	h.clock.Set(shanghaiAt(t, h, 12, 3, 9, 0))
	all := reply(t, behind, "会前准备的时限随之调整")
	for _, want := range []string{"学习研讨 — 2026年12月9日前", "查摆问题 — 2026年12月15日前"} {
		if !strings.Contains(all.Text, want) {
			t.Errorf("the notice lacks %q:\n%s", want, all.Text)
		}
	}
	if strings.Contains(all.Text, "实施方案") || len(all.Buttons) < 2 {
		t.Errorf("the notice %q %+v", all.Text, all.Buttons)
	}
	settled(t, h, rem)
	if n := count(behind, "【时限调整】") - told; n != 1 {
		t.Errorf("moving the meeting with its steps sent %d notices, want 1", n)
	}
	if m := reply(t, done, "会前准备的时限随之调整"); strings.Contains(m.Text, "查摆问题") {
		t.Errorf("the member who has done the points is told of them:\n%s", m.Text)
	}
	noViolations(t, h.fake)
}
