package app_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"orglife"
	"orglife/configs"
)

// talksAndPoints is a meeting of two steps: talks, then points.
func talksAndPoints(cfgSteps *[]orglife.StepTemplate) {
	*cfgSteps = []orglife.StepTemplate{
		{Kind: orglife.StepTalks, DaysBefore: 6, Responsible: orglife.ByEveryone, RemindDaysBefore: []int{1}},
		{Kind: orglife.StepPoints, DaysBefore: 5, Responsible: orglife.ByEveryone, RemindDaysBefore: []int{1}},
	}
}

// saveTalk stores a talk of the current meeting directly (the arrangement of a test).
func (f *fixture) saveTalk(t *testing.T, id string, by, with int64) {
	t.Helper()
	tk := orglife.Talk{ID: id, MeetingID: f.meeting.ID, RecordedBy: by, With: with, WithName: f.names[with],
		Date: orglife.DateOf(time.Now(), time.UTC), Form: orglife.TalkFaceToFace, Raised: "意见", Received: "意见",
		Status: orglife.ConfirmAgreed, CreatedAt: time.Now()}
	if err := f.records.SaveTalk(context.Background(), f.branch.ID, tk); err != nil {
		t.Fatal(err)
	}
}

// TestTodoListsWhatIsOwed: a member who talked with one person but not with the secretary,
// has no point while its deadline passed, and owns an open rectification item, sees all of
// it in /todo (overdue first, the missing partner by name) with a button each; the buttons
// open the steps; once everything is done, /todo says so in one line. /start shows it too.
func TestTodoListsWhatIsOwed(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(func(c *configs.Config) { talksAndPoints(&c.Meeting.Steps) }))
	f := seedBranch(t, h, 1, 2) // 张书记 100, 委员1 101, 党员1 201, 党员2 202
	ctx := context.Background()
	me := f.members[0]
	f.setDeadline(t, orglife.StepPoints, today(h).AddDays(-1))
	f.saveTalk(t, "t1", me.ID(), 202)
	item := orglife.RectItem{ID: "r1", BranchID: f.branch.ID, MeetingID: f.meeting.ID, Number: 1, Problem: "理论学习不够系统",
		Measure: "每周集中学习一次", Owner: me.ID(), Deadline: today(h).AddDays(30), ReviewDays: 7,
		Status: orglife.RectInProgress, CreatedAt: time.Now()}
	if err := f.records.SaveRectItem(ctx, item); err != nil {
		t.Fatal(err)
	}

	me.Send("/todo")
	m := reply(t, me, "您还需完成")
	lines := strings.Split(m.Text, "\n")
	points := slices.IndexFunc(lines, func(l string) bool { return strings.Contains(l, "查摆问题") })
	talks := slices.IndexFunc(lines, func(l string) bool { return strings.Contains(l, "谈心谈话") })
	if points < 0 || talks < 0 || points > talks || !strings.Contains(lines[points], "已逾期") || strings.Contains(lines[talks], "已逾期") {
		t.Fatalf("the overdue points should come first and be marked, the talks not:\n%s", m.Text)
	}
	if !strings.Contains(m.Text, "还需要谈心谈话的对象：张书记") || strings.Contains(m.Text, "党员2") {
		t.Errorf("the missing partner is the secretary, not the one already talked with:\n%s", m.Text)
	}
	if !strings.Contains(m.Text, "整改事项第 1 项：每周集中学习一次") {
		t.Errorf("the open item is missing:\n%s", m.Text)
	}
	if got, want := buttonTexts(m), "填写查摆问题 填写谈心谈话 汇报进展"; got != want {
		t.Errorf("buttons %v, want %v", got, want)
	}
	click(t, me, "填写查摆问题")
	reply(t, me, "仍要补充吗") // the deadline has passed
	click(t, me, "仍要补充")
	reply(t, me, "这个问题属于哪个方面")
	me.Send("/cancel")
	reply(t, me, "已取消")

	me.Send("/start")
	if m := reply(t, me, "您还需完成"); !strings.Contains(m.Text, "查摆问题") {
		t.Errorf("/start's to-do:\n%s", m.Text)
	}

	// Done: the talk with the secretary, a point, and the item reported done (it waits for
	// the secretary's 销号, nothing more for its owner to do).
	f.saveTalk(t, "t2", 100, me.ID())
	f.addPoint(t, me.ID(), orglife.AreaTheory, orglife.SourceSelf, "理论学习不够系统，学用结合不紧", "")
	item.Status = orglife.RectReported
	if err := f.records.SaveRectItem(ctx, item); err != nil {
		t.Fatal(err)
	}
	me.Send("/todo")
	m = reply(t, me, "没有待办事项")
	if len(m.Buttons) != 0 || strings.Contains(m.Text, "\n") {
		t.Errorf("nothing owed should be one friendly line, no buttons: %q %v", m.Text, m.Buttons)
	}
	noViolations(t, h.fake)
}

// TestStatusAndRemindersAgreeOnTalks: a member who recorded one talk but still lacks the
// secretary as a required partner is not done in /status (it once said so while reminders
// told them they were not), and /remind counts and reaches exactly those /status lists as
// not done, but for the secretary who asks.
func TestStatusAndRemindersAgreeOnTalks(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(func(c *configs.Config) { talksAndPoints(&c.Meeting.Steps) }))
	f := seedBranch(t, h, 1, 2) // 张书记 100, 委员1 101, 党员1 201, 党员2 202
	h.clock.Set(shanghaiAt(t, h, 12, 1, 10, 0))
	sec := f.secretary
	f.saveTalk(t, "t1", 201, 202) // 党员1 and 党员2: neither has talked with the secretary
	f.saveTalk(t, "t2", 101, 100) // 委员1 with the secretary…
	f.saveTalk(t, "t3", 101, 201) // …and a second person: all that is asked of 委员1

	msgs := statusReplies(t, sec)
	done, pending := stepLists(t, msgs[0].Text, "谈心谈话")
	if !slices.Equal(done, []string{"委员1"}) || !slices.Equal(pending, []string{"张书记", "党员1", "党员2"}) {
		t.Fatalf("/status 谈心谈话: done %v, not done %v", done, pending)
	}
	sec.Send("/remind")
	reply(t, sec, "提醒哪一步")
	click(t, sec, "谈心谈话（2 人未完成）")
	if m := reply(t, sec, "已提醒谈心谈话未完成的 2 人"); !strings.Contains(m.Text, "党员1") || !strings.Contains(m.Text, "党员2") {
		t.Errorf("the confirmation %q", m.Text)
	}
	for _, u := range f.members {
		if m := reply(t, u, "【支部书记提醒】"); !strings.Contains(m.Text, "谈心谈话") || !strings.Contains(m.Text, "张书记") {
			t.Errorf("%s's nudge %q should name the step and the secretary to talk with", f.names[u.ID()], m.Text)
		}
	}
	if n := count(f.committee[0], "【支部书记提醒】"); n != 0 {
		t.Errorf("委员1, done with the talks, got %d nudges", n)
	}
	noViolations(t, h.fake)
}
