package app_test

import (
	"strings"
	"testing"

	"orglife/state"
)

// /newmeeting tells every member, once, what the meeting asks of them — before any reminder —
// and a member who joins later hears the same on joining.
func TestMeetingAnnouncedToMembers(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 1, 2)
	sec, committee, member := f.secretary, f.committee[0], f.members[0]
	rem := state.NewReminders(h.redis.Client(t), state.NewKeys(h.cfg.Redis.KeyPrefix))
	h.clock.Set(shanghaiAt(t, h, 12, 1, 10, 0))
	setUpMeeting(t, sec, "2026-12-30")

	m := reply(t, member, "【会议通知】")
	for _, want := range []string{"2026年度专题组织生活会", "2026年12月30日", "查摆问题", "按全覆盖要求，请与 张书记 谈话，共至少 2 人。"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("the announcement lacks %q:\n%s", want, m.Text)
		}
	}
	if strings.Contains(m.Text, "实施方案") { // the plan is the secretary's step
		t.Errorf("a member is asked for the secretary's step:\n%s", m.Text)
	}
	if len(m.Buttons) == 0 {
		t.Fatal("the announcement has no buttons")
	}
	c := reply(t, committee, "【会议通知】")
	if !strings.Contains(c.Text, "委员") && !strings.Contains(c.Text, "张书记") {
		t.Errorf("the committee member is not told whom to talk with:\n%s", c.Text)
	}
	settled(t, h, rem)
	click(t, member, "查摆问题")
	reply(t, member, "这个问题属于哪个方面")
	member.Send("/cancel")
	reply(t, member, "已取消")
	if n := count(sec, "【会议通知】"); n != 0 {
		t.Errorf("the secretary who set it up was told %d times", n)
	}
	if n := count(member, "【会议通知】"); n != 1 {
		t.Errorf("the member was told %d times", n)
	}

	code := askInvite(t, sec)
	late := h.fake.NewUser(301, "Late")
	late.Send("/start " + code)
	reply(t, late, "欢迎加入")
	late.Send("王五")
	reply(t, late, "您已作为党员加入")
	if m := reply(t, late, "【会议通知】"); !strings.Contains(m.Text, "2026年度专题组织生活会") {
		t.Errorf("the newcomer's announcement: %q", m.Text)
	}
	noViolations(t, h.fake)
}
