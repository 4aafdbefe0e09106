package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"orglife"
	"orglife/state"
)

// carryFixture is a branch whose first meeting has three rectification items, the first
// closed, when the secretary sets up the next meeting with /newmeeting.
func carryFixture(t *testing.T) (*harness, *fixture, orglife.Meeting) {
	t.Helper()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 2)
	start := time.Date(2026, 12, 1, 10, 0, 0, 0, h.cfg.Location) // a Tuesday
	h.clock.Set(start)
	// The seeded meeting was made at the real time; meetings are ordered by when they were
	// made, so it is dated before the test's clock.
	f.meeting.CreatedAt = start.Add(-24 * time.Hour)
	if err := f.records.SaveMeeting(context.Background(), f.meeting); err != nil {
		t.Fatal(err)
	}
	due := orglife.Date{Year: 2026, Month: 12, Day: 31}
	rcCreate(t, f, "建章立制不够", "建立支部学习制度", "党员1", due)
	rcCreate(t, f, "理论学习不系统", "每周读原文两次并写笔记", "党员1", due)
	rcCreate(t, f, "联系群众不够", "每月走访群众不少于四户", "党员2", due)
	first := rcItems(t, f)
	for _, it := range first {
		if it.Number != 1 {
			continue
		}
		if _, err := f.records.UpdateRectItem(context.Background(), f.branch.ID, f.meeting.ID, it.ID, func(x *orglife.RectItem) error {
			x.Status, x.ClosedOn = orglife.RectClosed, orglife.Date{Year: 2026, Month: 12, Day: 1}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	earlier := f.meeting
	setUpMeeting(t, f.secretary, "2027-01-20")
	return h, f, earlier
}

// TestNewMeetingCarriesOpenItems: /newmeeting shows the open items of the meeting before and
// asks whether to keep chasing them; 不再提醒 stops their follow-ups, keeps them open and is
// recorded; the new meeting's report opens 整改落实 with how they stand.
func TestNewMeetingCarriesOpenItems(t *testing.T) {
	t.Parallel()
	h, f, earlier := carryFixture(t)
	sec, owner := f.secretary, f.members[0]
	offer := reply(t, sec, "上次组织生活会的整改")
	for _, want := range []string{"整改事项 3 项，已销号 1 项，尚有 2 项未销号", "第 2 项 每周读原文两次并写笔记（未开始；责任人：党员1",
		"第 3 项 每月走访群众不少于四户", "是否继续跟进这些事项"} {
		if !strings.Contains(offer.Text, want) {
			t.Errorf("the offer lacks %q:\n%s", want, offer.Text)
		}
	}
	if strings.Contains(offer.Text, "建立支部学习制度") {
		t.Errorf("the closed item is offered:\n%s", offer.Text)
	}
	if got := buttonTexts(offer); got != "继续跟进 不再提醒" {
		t.Errorf("buttons %q", got)
	}

	click(t, sec, "不再提醒")
	reply(t, sec, "已选择不再提醒")
	now := currentMeeting(t, f, f.branch.ID)
	if now.ID == earlier.ID || now.Carry == nil || now.Carry.Chase || now.Carry.From != earlier.ID {
		t.Errorf("the choice is not recorded on the new meeting: %+v", now.Carry)
	}
	for _, it := range rcItems(t, f) { // f.meeting is still the earlier one
		if it.Number > 1 && (!it.Quiet || !it.Open()) {
			t.Errorf("item %d: quiet %v open %v, want quiet and open", it.Number, it.Quiet, it.Open())
		}
	}

	// A week on, the weekly 回头看 of the quiet items does not come.
	rem := state.NewReminders(h.redis.Client(t), state.NewKeys(h.cfg.Redis.KeyPrefix))
	settled(t, h, rem)
	before := count(owner, "【整改回头看】")
	h.clock.Set(time.Date(2026, 12, 8, 9, 0, 30, 0, h.cfg.Location))
	settled(t, h, rem)
	if after := count(owner, "【整改回头看】"); after != before {
		t.Errorf("a quiet item was chased (%d reviews, was %d)", after, before)
	}

	// The report of the new meeting accounts for the earlier items.
	sec.Send("/report")
	body := docxText(mmDocumentXML(t, waitDocument(t, sec, ".docx")))
	want := "上次组织生活会查摆问题后制定的3项整改措施，已整改销号1项，正在整改2项：" +
		"一是每周读原文两次并写笔记（尚未开始整改，完成时限2026年12月31日）；" +
		"二是每月走访群众不少于四户（尚未开始整改，完成时限2026年12月31日）。"
	if !strings.Contains(body, want) {
		t.Errorf("the report lacks %q:\n%s", want, body)
	}
}

// TestNewMeetingKeepsChasing: 继续跟进 keeps the follow-ups of the earlier items going.
func TestNewMeetingKeepsChasing(t *testing.T) {
	t.Parallel()
	h, f, earlier := carryFixture(t)
	sec, owner := f.secretary, f.members[0]
	reply(t, sec, "上次组织生活会的整改")
	click(t, sec, "继续跟进")
	reply(t, sec, "已选择继续跟进")
	if now := currentMeeting(t, f, f.branch.ID); now.Carry == nil || !now.Carry.Chase || now.Carry.From != earlier.ID {
		t.Errorf("the choice is not recorded: %+v", now.Carry)
	}
	h.clock.Set(time.Date(2026, 12, 8, 9, 0, 30, 0, h.cfg.Location))
	if m := reply(t, owner, "【整改回头看】"); !strings.Contains(m.Text, "每周读原文两次并写笔记") {
		t.Errorf("review %q", m.Text)
	}
}

// A branch's first meeting has nothing to carry: /newmeeting asks nothing more.
func TestFirstMeetingCarriesNothing(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 1)
	// The seeded meeting is the branch's first; a second one with no items before it.
	setUpMeeting(t, f.secretary, "2027-06-01")
	f.secretary.Send("/cancel")
	reply(t, f.secretary, "当前没有进行中的操作")
	if n := count(f.secretary, "上次组织生活会的整改"); n != 0 {
		t.Errorf("an offer of nothing to carry: %d", n)
	}
}

// docxText is a document.xml's text, paragraphs on lines of their own.
func docxText(xml string) string {
	return xmlTag.ReplaceAllString(strings.ReplaceAll(xml, "</w:p>", "\n"), "")
}
