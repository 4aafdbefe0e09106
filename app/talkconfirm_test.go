package app_test

import (
	"slices"
	"strings"
	"testing"

	"orglife"
	"orglife/configs"
	"orglife/state"
)

// talksOnly is a meeting of one step, the talks, with each member to talk with at least one
// other: what counts toward it is the question of these tests.
func talksOnly(c *configs.Config) {
	c.Meeting.Steps = []orglife.StepTemplate{{Kind: orglife.StepTalks, DaysBefore: 6, Responsible: orglife.ByEveryone, RemindDaysBefore: []int{1}}}
	c.Meeting.Coverage = orglife.CoverageRules{MinPerMember: 1}
}

// talkStatus is the secretary's /status: the talk step's done and not-done names, and the
// whole text.
func talkStatus(t *testing.T, f *fixture) (done, pending []string, text string) {
	t.Helper()
	text = statusReplies(t, f.secretary)[0].Text
	done, pending = stepLists(t, text, "谈心谈话")
	return done, pending, text
}

// TestOnlyConfirmedTalksCount: 党员1 records a talk with 党员2. Until 党员2 presses 确认 it
// counts for neither: /status lists 党员1 as waiting for the partner and 党员2 as not done;
// 党员1 is told of nothing to do (no to-do, no reminder to talk with 党员2) while 党员2 is
// asked to confirm, with the button that opens the records to answer. Once confirmed, it
// counts for both.
func TestOnlyConfirmedTalksCount(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(talksOnly))
	f := seedBranch(t, h, 0, 2) // 张书记 100, 党员1 201, 党员2 202
	h.clock.Set(shanghaiAt(t, h, 12, 1, 10, 0))
	sec, a, b := f.secretary, f.members[0], f.members[1]
	rem := state.NewReminders(h.redis.Client(t), state.NewKeys(h.cfg.Redis.KeyPrefix))

	if m := recordTalk(t, a, "党员2", "意见甲", "意见乙", ""); !strings.Contains(m.Text, "确认后计入完成情况") {
		t.Errorf("the recorder is not told the talk counts once confirmed: %q", m.Text)
	}
	reply(t, b, "党员1 记录了与您的一次谈心谈话")

	done, pending, text := talkStatus(t, f)
	if len(done) != 0 || !slices.Equal(pending, []string{"张书记", "党员2"}) {
		t.Errorf("/status before 确认: done %v, not done %v", done, pending)
	}
	if l := lineWith(t, text, "待谈话对方处理："); l != "待谈话对方处理：党员1" {
		t.Errorf("the recorder should be listed as waiting for the partner: %q", l)
	}
	lineWith(t, text, "党员1 记录的，待 党员2 确认")

	// 党员1 has nothing to do: the to-do says so and notes the talk; 党员2 is to answer.
	a.Send("/todo")
	if m := reply(t, a, "没有待办事项"); !strings.Contains(m.Text, "与 党员2 的谈话记录待对方确认") || len(m.Buttons) != 0 {
		t.Errorf("the recorder's to-do: %q %+v", m.Text, m.Buttons)
	}
	b.Send("/todo")
	if m := reply(t, b, "您还需完成"); !strings.Contains(m.Text, "请确认 党员1 记录的与您的谈心谈话") || buttonTexts(m) != "确认谈心谈话记录" {
		t.Errorf("the partner's to-do: %q, buttons %v", m.Text, buttonTexts(m))
	}

	// The secretary's /remind: 党员2 is reminded to confirm; 党员1 is not reminded at all.
	sec.Send("/remind")
	reply(t, sec, "提醒哪一步")
	click(t, sec, "谈心谈话（1 人未完成）")
	if m := reply(t, sec, "已提醒谈心谈话未完成的 1 人"); !strings.Contains(m.Text, "党员2") {
		t.Errorf("the confirmation %q", m.Text)
	}
	nudge := reply(t, b, "【支部书记提醒】")
	if !strings.Contains(nudge.Text, "请确认 党员1 记录的与您的谈心谈话") || strings.Contains(nudge.Text, "还需要") || buttonTexts(nudge) != "去确认" {
		t.Errorf("the partner's nudge: %q, buttons %v", nudge.Text, buttonTexts(nudge))
	}
	settled(t, h, rem)
	if n := count(a, "【支部书记提醒】"); n != 0 {
		t.Errorf("the recorder, who only waits, got %d nudges", n)
	}

	// 党员2 confirms from the nudge: its button lists the records to answer.
	click(t, b, "去确认")
	reply(t, b, "有 1 条记录等待您确认")
	click(t, b, "确认：党员1 "+today(h).String())
	reply(t, b, "已确认与 党员1 的谈心谈话")
	reply(t, a, "党员2 已确认您记录的谈心谈话")

	done, pending, text = talkStatus(t, f)
	if !slices.Equal(done, []string{"党员1", "党员2"}) || !slices.Equal(pending, []string{"张书记"}) {
		t.Errorf("/status after 确认: done %v, not done %v", done, pending)
	}
	if strings.Contains(text, "待谈话对方处理") || strings.Contains(text, "尚未经对方确认") {
		t.Errorf("nothing waits any more:\n%s", text)
	}
	b.Send("/todo")
	if m := reply(t, b, "没有待办事项"); strings.Contains(m.Text, "谈心谈话") {
		t.Errorf("the partner's to-do after 确认: %q", m.Text)
	}
	noViolations(t, h.fake)
}

// TestDisputedTalkIsTheRecordersToCheck: 党员2 says 有出入 about 党员1's record. It counts
// for neither; now it is 党员1's to check with 党员2 and record again — /status, the to-do
// and the reminder say so — while 党员2 waits. Recorded again and confirmed, it counts.
func TestDisputedTalkIsTheRecordersToCheck(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(talksOnly))
	f := seedBranch(t, h, 0, 2) // 张书记 100, 党员1 201, 党员2 202
	h.clock.Set(shanghaiAt(t, h, 12, 1, 10, 0))
	sec, a, b := f.secretary, f.members[0], f.members[1]
	rem := state.NewReminders(h.redis.Client(t), state.NewKeys(h.cfg.Redis.KeyPrefix))

	recordTalk(t, a, "党员2", "意见甲", "意见乙", "")
	reply(t, b, "党员1 记录了与您的一次谈心谈话")
	click(t, b, "有出入")
	reply(t, b, "请说明哪些地方有出入")
	b.Send("谈话是在周二，不是周一")
	reply(t, b, "已记录您的说明")
	if m := reply(t, a, "党员2 认为您记录的谈心谈话"); !strings.Contains(m.Text, "请与其核对后点「修改并请对方重新确认」") ||
		buttonTexts(m) != "修改并请对方重新确认" {
		t.Errorf("the recorder is not told what to do: %q %v", m.Text, buttonTexts(m))
	}

	done, pending, text := talkStatus(t, f)
	if len(done) != 0 || !slices.Equal(pending, []string{"张书记", "党员1"}) {
		t.Errorf("/status after 有出入: done %v, not done %v", done, pending)
	}
	if l := lineWith(t, text, "待谈话对方处理："); l != "待谈话对方处理：党员2" {
		t.Errorf("who disputed the record should be listed as waiting: %q", l)
	}
	lineWith(t, text, "党员1 记录的，党员2 认为有出入，待记录人核对修改")

	a.Send("/todo")
	if m := reply(t, a, "您还需完成"); !strings.Contains(m.Text, "党员2 对您记录的谈心谈话有出入，请与其核对后修改（/mytalks）") || buttonTexts(m) != "修改谈心谈话记录" {
		t.Errorf("the recorder's to-do: %q, buttons %v", m.Text, buttonTexts(m))
	}
	b.Send("/todo")
	if m := reply(t, b, "没有待办事项"); !strings.Contains(m.Text, "与 党员1 的谈话记录有出入，待对方核对修改") {
		t.Errorf("the partner's to-do: %q", m.Text)
	}

	sec.Send("/remind")
	reply(t, sec, "提醒哪一步")
	click(t, sec, "谈心谈话（1 人未完成）")
	reply(t, sec, "已提醒谈心谈话未完成的 1 人")
	if m := reply(t, a, "【支部书记提醒】"); !strings.Contains(m.Text, "党员2 对您记录的谈心谈话有出入") || strings.Contains(m.Text, "还需要") {
		t.Errorf("the recorder's nudge: %q", m.Text)
	}
	settled(t, h, rem)
	if n := count(b, "【支部书记提醒】"); n != 0 {
		t.Errorf("the partner, who only waits, got %d nudges", n)
	}

	// Recorded again: awaited, no longer disputed; confirmed, it counts (the disputed
	// record stays in /mytalks, and no longer in the status).
	recordTalk(t, a, "党员2", "意见甲（周二）", "意见乙", "")
	reply(t, b, "党员1 记录了与您的一次谈心谈话")
	_, _, text = talkStatus(t, f)
	lineWith(t, text, "党员1 记录的，待 党员2 确认")
	if strings.Contains(text, "认为有出入") {
		t.Errorf("the dispute is left behind once the talk is recorded again:\n%s", text)
	}
	click(t, b, "确认")
	reply(t, b, "您已确认这条谈心谈话记录")
	done, _, text = talkStatus(t, f)
	if !slices.Equal(done, []string{"党员1", "党员2"}) || strings.Contains(text, "尚未经对方确认") {
		t.Errorf("/status after 确认: done %v\n%s", done, text)
	}
	noViolations(t, h.fake)
}
