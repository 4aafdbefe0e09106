package app_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"orglife"
	"orglife/configs"
	"orglife/state"
)

// The secretary makes the branch's day off of a deadline's day with /holidays: the "day of"
// reminder comes the working day before (planned anew there: the step has no other reminder
// before its deadline), nothing reaches anyone on the day off (not even a nudge, which the
// scheduler holds over), and the overdue one comes the next working day.
func TestBranchDayOffMovesReminders(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(func(c *configs.Config) {
		c.Meeting.Steps = []orglife.StepTemplate{{Kind: orglife.StepPoints, DaysBefore: 5, Responsible: orglife.ByEveryone,
			RemindDaysBefore: []int{0}, RemindOverdue: true}}
	}))
	f := seedBranch(t, h, 0, 1)
	sec, behind := f.secretary, f.members[0]
	rem := state.NewReminders(h.redis.Client(t), state.NewKeys(h.cfg.Redis.KeyPrefix))
	ctx := context.Background()
	h.clock.Set(shanghaiAt(t, h, 12, 1, 10, 0))
	// The meeting on Tuesday 29 December: points due Thursday the 24th.
	setUpMeeting(t, sec, "2026-12-29")

	sec.Send("/holidays")
	m := reply(t, sec, "节假日安排")
	if !strings.Contains(m.Text, "本支部休息日：无") || !strings.Contains(m.Text, "2026年") {
		t.Errorf("the calendar before any own day:\n%s", m.Text)
	}
	if got := ptButtons(m); !slices.Equal(got, []string{"加休息日", "加工作日", "取消"}) {
		t.Errorf("buttons %q; 删除 is offered only with something to remove", got)
	}
	click(t, sec, "加休息日")
	reply(t, sec, "本支部哪天休息")
	sec.Send("2026-11-30")
	reply(t, sec, "已经过去")
	sec.Send("圣诞节")
	reply(t, sec, "日期格式不正确")
	sec.Send("12月24日")
	reply(t, sec, "已定：2026年12月24日（周四） 本支部休息")
	b, err := f.records.Branch(ctx, f.branch.ID)
	if err != nil || !slices.Equal(b.DaysOff, []orglife.Date{{Year: 2026, Month: 12, Day: 24}}) {
		t.Fatalf("stored days off %v, %v", b.DaysOff, err)
	}
	sec.Send("/holidays")
	if m := reply(t, sec, "节假日安排"); !strings.Contains(m.Text, "本支部休息日：2026年12月24日（周四）") {
		t.Errorf("the calendar does not show the day off:\n%s", m.Text)
	}
	sec.Send("/cancel")
	reply(t, sec, "已取消")

	// Wednesday: the "day of" reminder, a day early.
	h.clock.Set(shanghaiAt(t, h, 12, 23, 9, 0))
	reply(t, behind, "还有 1 天")
	settled(t, h, rem)
	before := ownReminders(behind, "查摆问题")
	// Thursday, the day off: no reminder, and the secretary's nudge waits for Friday.
	h.clock.Set(shanghaiAt(t, h, 12, 24, 10, 0))
	settled(t, h, rem)
	sec.Send("/remind")
	reply(t, sec, "提醒哪一步")
	click(t, sec, "查摆问题（1 人未完成）")
	reply(t, sec, "已提醒查摆问题未完成的 1 人")
	h.clock.Set(shanghaiAt(t, h, 12, 24, 20, 0))
	settled(t, h, rem)
	if n := ownReminders(behind, "查摆问题"); n != before || count(behind, "【支部书记提醒】") != 0 {
		t.Fatalf("on the branch's day off: %d reminders, %d nudges", n-before, count(behind, "【支部书记提醒】"))
	}
	if next, ok, _ := rem.NextDue(ctx); !ok || next.Before(shanghaiAt(t, h, 12, 25, 7, 59)) {
		t.Fatalf("the next reminder is due %v; want Friday", next)
	}
	// Friday: the nudge when the quiet hours end, the overdue reminder at 09:00.
	h.clock.Set(shanghaiAt(t, h, 12, 25, 9, 0))
	reply(t, behind, "【支部书记提醒】")
	reply(t, behind, "已逾期 1 天")
	settled(t, h, rem)
	noViolations(t, h.fake)
}

// A Saturday the branch works lets the "day of" reminder of a Saturday deadline out that day,
// instead of on Friday.
func TestBranchWorkingSaturdayLetsReminderOut(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(onlyPointsStep))
	f := seedBranch(t, h, 0, 1)
	sec, behind := f.secretary, f.members[0]
	rem := state.NewReminders(h.redis.Client(t), state.NewKeys(h.cfg.Redis.KeyPrefix))
	h.clock.Set(shanghaiAt(t, h, 12, 1, 10, 0))
	// The meeting on Thursday 31 December: points due Saturday the 26th.
	setUpMeeting(t, sec, "2026-12-31")
	sec.Send("/holidays")
	reply(t, sec, "节假日安排")
	click(t, sec, "加工作日")
	reply(t, sec, "本支部哪天上班")
	sec.Send("12-27/12-26")
	reply(t, sec, "最后一天早于第一天")
	sec.Send("12-26/12-27")
	reply(t, sec, "已定：2026年12月26日至2026年12月27日 本支部上班")

	// Friday brings the "1 day before" reminder only; Saturday the "day of" one.
	h.clock.Set(shanghaiAt(t, h, 12, 25, 20, 0))
	settled(t, h, rem)
	if n := count(behind, "还有 1 天"); n != 1 || count(behind, "今天截止") != 0 {
		t.Fatalf("by Friday evening: %d \"1 day\" reminders, %d \"today\"; want 1 and 0", n, count(behind, "今天截止"))
	}
	h.clock.Set(shanghaiAt(t, h, 12, 26, 9, 0))
	reply(t, behind, "今天截止")
	settled(t, h, rem)

	// Removing the days gives the Saturday back to the public calendar.
	sec.Send("/holidays")
	reply(t, sec, "本支部工作日：2026年12月26日至2026年12月27日")
	click(t, sec, "删除")
	reply(t, sec, "删除哪一项")
	click(t, sec, "上班 2026年12月26日至2026年12月27日")
	reply(t, sec, "已删除：2026年12月26日至2026年12月27日 按全国安排计算")
	if b, err := f.records.Branch(context.Background(), f.branch.ID); err != nil || len(b.DaysWorked) != 0 || len(b.DaysOff) != 0 {
		t.Fatalf("stored own days %v %v, %v", b.DaysOff, b.DaysWorked, err)
	}
	noViolations(t, h.fake)
}

// Only the secretary may see and change the branch's days; /help lists /holidays for them alone.
func TestHolidaysSecretaryOnly(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 1, 1)
	for _, u := range append(f.committee, f.members...) {
		u.Send("/holidays")
		reply(t, u, "这个命令只有支部书记可以使用")
		u.Send("/help")
		if m := reply(t, u, "可用命令"); strings.Contains(m.Text, "/holidays") {
			t.Errorf("/help lists /holidays for a member:\n%s", m.Text)
		}
	}
	stranger := h.fake.NewUser(999, "路人")
	stranger.Send("/holidays")
	reply(t, stranger, "您还没有加入党支部")
	f.secretary.Send("/help")
	if m := reply(t, f.secretary, "可用命令"); !strings.Contains(m.Text, "/holidays") {
		t.Errorf("/help does not list /holidays for the secretary:\n%s", m.Text)
	}
}

// /newmeeting names a deadline on the branch's own day off, as on a public holiday.
func TestNewMeetingWarnsOfBranchDayOff(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(onlyPointsStep))
	f := seedBranch(t, h, 0, 1)
	sec := f.secretary
	h.clock.Set(shanghaiAt(t, h, 12, 1, 10, 0))
	if _, err := f.records.ChangeOwnDays(context.Background(), f.branch.ID, func(b *orglife.Branch) error {
		return b.MarkDays(orglife.Date{Year: 2026, Month: 12, Day: 24}, orglife.Date{Year: 2026, Month: 12, Day: 24}, true, today(h))
	}); err != nil {
		t.Fatal(err)
	}
	// The meeting on Tuesday 29 December: points due Thursday the 24th, the branch's day off.
	sec.Send("/newmeeting")
	reply(t, sec, "请输入会议名称")
	sec.Send("2026年度专题组织生活会")
	reply(t, sec, "请输入会议日期")
	sec.Send("2026-12-29")
	skipWhenWhere(t, sec)
	reply(t, sec, "会议以什么形式召开")
	click(t, sec, "党员大会")
	reply(t, sec, "现在填写，还是跳过")
	click(t, sec, "跳过")
	reply(t, sec, "查摆问题 — 2026年12月24日（非工作日）")
}
