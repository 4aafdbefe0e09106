package app_test

import (
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
	click(t, owner, "汇报进展")
	reply(t, owner, "要汇报哪项整改")
	owner.Send("/cancel")
	reply(t, owner, "已取消")

	// Three days before the deadline (Monday 28 December).
	h.clock.Set(time.Date(2026, 12, 28, 9, 0, 30, 0, h.cfg.Location))
	reply(t, owner, "【整改提醒】")

	// The day after the deadline: the secretary hears of it.
	h.clock.Set(time.Date(2027, 1, 1, 9, 0, 30, 0, h.cfg.Location))
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
