package app_test

import (
	"context"
	"orglife"
	"strings"
	"testing"

	"orglife/bot/telegramtest"
	"orglife/configs"
	"orglife/state"
)

// waitAnswer waits until u's latest button press is answered and returns the answer's text.
func waitAnswer(t *testing.T, u *telegramtest.User) string {
	t.Helper()
	var text string
	waitUntil(t, func() bool {
		as := u.CallbackAnswers()
		if len(as) == 0 || !as[len(as)-1].Answered {
			return false
		}
		text = as[len(as)-1].Text
		return true
	})
	return text
}

// TestRemindMeTomorrow: 「明天提醒我」 brings the step back the next working day to the one who
// asked, alone of the branch; when that day has a reminder of its own, the person gets one
// message with the step once; it is not offered once tomorrow would be past the deadline's
// day (a Friday reminder of a Saturday deadline), and its button leaves the message pressed.
func TestRemindMeTomorrow(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(onlyPointsStep))
	f := seedBranch(t, h, 0, 2)
	sec, asker, other := f.secretary, f.members[0], f.members[1]
	rem := state.NewReminders(h.redis.Client(t), state.NewKeys(h.cfg.Redis.KeyPrefix))
	h.clock.Set(shanghaiAt(t, h, 12, 1, 10, 0))
	// Points due Saturday 26 December: reminders Wednesday the 23rd, Friday the 25th, Monday.
	setUpMeeting(t, sec, "2026-12-31")
	reply(t, asker, "【会议通知】")
	settled(t, h, rem)

	h.clock.Set(shanghaiAt(t, h, 12, 23, 9, 0))
	m := reply(t, asker, "还有 3 天")
	if got := buttonTexts(m); got != "现在填写 明天提醒我" {
		t.Fatalf("buttons %q, want 现在填写 and 明天提醒我 in one row", got)
	}
	reply(t, other, "还有 3 天")
	snooze := m.Buttons[0][1].Data
	click(t, asker, "明天提醒我")
	if a := waitAnswer(t, asker); !strings.Contains(a, "12月24日") || !strings.Contains(a, "09:00") {
		t.Errorf("the answer %q should say when", a)
	}
	waitUntil(t, func() bool { return buttonTexts(messageByID(asker, m.ID)) == "现在填写" })
	// The same press again (a second tap before the edit, or a replay): the same one reminder.
	if _, err := asker.ClickData(m.ID, snooze); err != nil {
		t.Fatal(err)
	}
	waitAnswer(t, asker)
	// A member who has done the step since is told there is nothing to put off.
	ctx := context.Background()
	b, _ := f.records.Branch(ctx, f.branch.ID)
	p := orglife.Point{ID: "p1", MeetingID: b.CurrentMeeting, MemberID: other.ID(), Area: orglife.AreaTheory,
		Source: orglife.SourceSelf, Problem: "学习笔记没有按计划完成，集中学习缺席一次"}
	if err := f.records.SavePoint(ctx, f.branch.ID, p, orglife.PointChange{PointID: "p1", By: other.ID(), Action: orglife.PointCreate}); err != nil {
		t.Fatal(err)
	}
	click(t, other, "明天提醒我")
	if a := waitAnswer(t, other); !strings.Contains(a, "已经完成") {
		t.Errorf("a press on a step already done answered %q", a)
	}

	// Thursday: the asker alone hears of it, once.
	h.clock.Set(shanghaiAt(t, h, 12, 24, 9, 0))
	m = reply(t, asker, "还有 2 天")
	settled(t, h, rem)
	if n := count(other, "还有 2 天"); n != 0 {
		t.Errorf("the other member got the asker's reminder")
	}
	if n := count(asker, "还有 2 天"); n != 1 {
		t.Errorf("the asker got %d reminders on Thursday, want 1", n)
	}
	// Asked again for Friday, which has its own reminder: one message, the step in it once.
	click(t, asker, "明天提醒我")
	waitAnswer(t, asker)
	h.clock.Set(shanghaiAt(t, h, 12, 25, 9, 0))
	m = reply(t, asker, "还有 1 天")
	settled(t, h, rem)
	if n := count(asker, "还有 1 天"); n != 1 || strings.Contains(m.Text, "项需要办理") || !strings.HasPrefix(m.Text, "【提醒】") {
		t.Errorf("Friday: %d messages, the last %q; want one with the step once", n, m.Text)
	}
	// Friday's reminder of a Saturday deadline: tomorrow's would come on Monday, too late.
	if got := buttonTexts(m); got != "现在填写" {
		t.Errorf("Friday's buttons %q: 明天提醒我 must not be offered past the deadline's day", got)
	}
	noViolations(t, h.fake)
}

// TestMovedDeadlineJoinsTheDaysMessage: a deadline moved by more than a day is told in the
// person's next message of the day, together with what else is due then — one message, each
// step once, the moved one with its new date.
func TestMovedDeadlineJoinsTheDaysMessage(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(func(c *configs.Config) { talksAndPoints(&c.Meeting.Steps) }))
	f := seedBranch(t, h, 0, 1)
	sec, member := f.secretary, f.members[0]
	rem := state.NewReminders(h.redis.Client(t), state.NewKeys(h.cfg.Redis.KeyPrefix))
	h.clock.Set(shanghaiAt(t, h, 12, 1, 10, 0))
	// Talks due Friday 25 December (reminded Thursday the 24th), points due Saturday the 26th.
	setUpMeeting(t, sec, "2026-12-31")
	h.clock.Set(shanghaiAt(t, h, 12, 23, 15, 0))
	moveDeadline(t, sec, "查摆问题", "2026-12-29")
	settled(t, h, rem)
	if n := count(member, "【时限调整】"); n != 0 {
		t.Fatalf("a change five days ahead was told at once, not with the next morning's message")
	}
	h.clock.Set(shanghaiAt(t, h, 12, 24, 9, 0))
	m := reply(t, member, "您有 2 项需要办理")
	settled(t, h, rem)
	if !strings.Contains(m.Text, "谈心谈话") || !strings.Contains(m.Text, "「查摆问题」时限改为 2026年12月29日") || strings.Count(m.Text, "查摆问题") != 1 {
		t.Errorf("the morning's message:\n%s", m.Text)
	}
	if n := ownReminders(member, ""); n != 1 {
		t.Errorf("%d reminder messages on Thursday, want one", n)
	}
	noViolations(t, h.fake)
}
