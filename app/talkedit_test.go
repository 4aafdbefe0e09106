package app_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"orglife"
	"orglife/bot/telegramtest"
	"orglife/configs"
)

// reportPreview is the talks line of the secretary's /report preview.
func reportPreview(t *testing.T, sec *telegramtest.User) string {
	t.Helper()
	sec.Send("/report")
	text := reply(t, sec, "报告预览").Text
	reply(t, sec, "还需要以下清单吗") // the report's last message: what follows is not the report's
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, "谈心谈话：") {
			return l
		}
	}
	t.Fatalf("the preview has no talks line:\n%s", text)
	return ""
}

// lastAnswer waits for every press of u to be answered and returns the last answer's text.
func lastAnswer(t *testing.T, u *telegramtest.User) string {
	t.Helper()
	waitUntil(t, func() bool {
		for _, a := range u.CallbackAnswers() {
			if !a.Answered {
				return false
			}
		}
		return true
	})
	answers := u.CallbackAnswers()
	return answers[len(answers)-1].Text
}

// TestDisputedTalkEditedAndReconfirmed: 党员2 says 有出入; 党员1 is told with the button
// 修改并请对方重新确认, changes the date and what they raised, and 党员2 is asked again, in
// one message addressed to them. Until 党员2 confirms the new version the talk counts neither
// in /status nor in the report; an answer to the old version is refused; confirmed, it counts.
// The change is kept in the record's history and logged.
func TestDisputedTalkEditedAndReconfirmed(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(talksOnly))
	f := seedBranch(t, h, 0, 2) // 张书记 100, 党员1 201, 党员2 202
	sec, a, b := f.secretary, f.members[0], f.members[1]

	recordTalk(t, a, "党员2", "意见甲", "意见乙", "")
	first := reply(t, b, "党员1 记录了与您的一次谈心谈话")
	oldAgree := button(t, first, "确认").Data
	click(t, b, "有出入")
	reply(t, b, "请说明哪些地方有出入")
	b.Send("谈话是在昨天，不是今天")
	reply(t, b, "已记录您的说明")
	if l := reportPreview(t, sec); !strings.Contains(l, "谈心谈话：1次待对方确认，暂未计入") {
		t.Errorf("the report counts a disputed talk: %q", l)
	}

	told := reply(t, a, "党员2 认为您记录的谈心谈话")
	if buttonTexts(told) != "修改并请对方重新确认" {
		t.Fatalf("the recorder's notice offers %q", buttonTexts(told))
	}
	click(t, a, "修改并请对方重新确认")
	ask := reply(t, a, "要修改哪几项")
	if !strings.Contains(ask.Text, "谈话是在昨天，不是今天") || buttonTexts(ask) != "日期 形式 我提出的意见 对方提出的意见 建议 完成 取消" {
		t.Fatalf("the edit's first question: %q, buttons %q", ask.Text, buttonTexts(ask))
	}
	click(t, a, "日期")
	if m := reply(t, a, "要修改哪几项"); !strings.Contains(buttonTexts(m), "✅ 日期") {
		t.Fatalf("the tick is not shown: %q", buttonTexts(m))
	}
	click(t, a, "我提出的意见")
	reply(t, a, "要修改哪几项")
	click(t, a, "完成")
	reply(t, a, "现在的日期是 "+today(h).Chinese())
	click(t, a, "昨天")
	if m := reply(t, a, "您向 党员2 提出的意见，现在是"); !strings.Contains(m.Text, "意见甲") {
		t.Fatalf("the prompt does not quote the text now: %q", m.Text)
	}
	a.Send("意见甲（核对后）")
	yesterday := today(h).AddDays(-1)
	done := reply(t, a, "已修改与 党员2 的谈心谈话记录")
	for _, want := range []string{"原：日期：" + today(h).Chinese() + "；我提出的意见：意见甲", "现：日期：" + yesterday.Chinese() + "；我提出的意见：意见甲（核对后）",
		"已请 党员2 重新核对确认"} {
		if !strings.Contains(done.Text, want) {
			t.Errorf("the recorder's confirmation lacks %q: %q", want, done.Text)
		}
	}

	again := reply(t, b, "党员1 修改了与您的谈心谈话记录，请重新核对")
	for _, want := range []string{"意见甲（核对后）", yesterday.Chinese(), "党员1 向您提出", "您向 党员1 提出"} {
		if !strings.Contains(again.Text, want) {
			t.Errorf("the new notice lacks %q:\n%s", want, again.Text)
		}
	}
	if n := count(b, "党员1 修改了与您的谈心谈话记录"); n != 1 {
		t.Errorf("the other member was told %d times", n)
	}

	// Not counted until confirmed again; the dispute is no longer in the status.
	done2, pending, text := talkStatus(t, f)
	if len(done2) != 0 || !slices.Equal(pending, []string{"张书记", "党员2"}) {
		t.Errorf("/status before the new 确认: done %v, not done %v", done2, pending)
	}
	if l := lineWith(t, text, "待谈话对方处理："); l != "待谈话对方处理：党员1" {
		t.Errorf("the recorder should wait for the partner again: %q", l)
	}
	lineWith(t, text, "党员1 记录的，待 党员2 确认")
	if strings.Contains(text, "认为有出入") {
		t.Errorf("the dispute is still shown:\n%s", text)
	}

	// 确认 of the version first shown is refused: it is not what the record says now.
	if _, err := b.ClickData(first.ID, oldAgree); err != nil {
		t.Fatal(err)
	}
	staleAnswers(t, b, 1)
	if tk := f.talks(t)[0]; tk.Status != orglife.ConfirmPending {
		t.Fatalf("an answer to the old version was taken: %+v", tk)
	}

	click(t, b, "确认")
	reply(t, b, "您已确认这条谈心谈话记录")
	reply(t, a, "党员2 已确认您记录的谈心谈话")
	done2, _, text = talkStatus(t, f)
	if !slices.Equal(done2, []string{"党员1", "党员2"}) || strings.Contains(text, "尚未经对方确认") {
		t.Errorf("/status after 确认: done %v\n%s", done2, text)
	}
	if l := reportPreview(t, sec); !strings.Contains(l, "谈心谈话：1次（党员之间1次）") || strings.Contains(l, "待对方确认") {
		t.Errorf("the report after 确认: %q", l)
	}

	ts := f.talks(t)
	if len(ts) != 1 {
		t.Fatalf("%d talks stored, want the one edited", len(ts))
	}
	tk := ts[0]
	if tk.Status != orglife.ConfirmAgreed || tk.Comment != "" || tk.Rev != 1 || tk.Date != yesterday || tk.Raised != "意见甲（核对后）" ||
		len(tk.History) != 1 || tk.History[0].Action != orglife.TalkEdit || tk.History[0].By != a.ID() ||
		tk.History[0].Before != "日期："+today(h).Chinese()+"；我提出的意见：意见甲" {
		t.Fatalf("stored talk %+v", tk)
	}
	if logs := h.logs.String(); !strings.Contains(logs, `msg="talk edited"`) || !strings.Contains(logs, "fields=date,raised") {
		t.Error("the edit is not logged")
	}
	noViolations(t, h.fake)
}

// TestTalkChangesEndWithTheDeadline: the recorder may change a talk until the 谈心谈话
// deadline; after it, a 修改 pressed on an old list is refused, saying why, /mytalks offers
// no more buttons and says so, and a dispute tells the recorder the record stays as it is.
func TestTalkChangesEndWithTheDeadline(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(talksOnly))
	f := seedBranch(t, h, 0, 2)
	a, b := f.members[0], f.members[1]

	recordTalk(t, a, "党员2", "意见甲", "意见乙", "")
	reply(t, b, "请核对")
	a.Send("/mytalks")
	list := reply(t, a, "我的谈心谈话")
	step, _ := f.meeting.Step(orglife.StepTalks)
	if buttonTexts(list) != "修改 1 撤回 1" || !strings.Contains(list.Text, step.Deadline.Chinese()+" 前（含当天）可点「修改」「撤回」") {
		t.Fatalf("/mytalks before the deadline: %q, buttons %q", list.Text, buttonTexts(list))
	}

	closed := today(h).AddDays(-1)
	f.setDeadline(t, orglife.StepTalks, closed)
	click(t, a, "修改 1")
	if got := lastAnswer(t, a); got != "谈心谈话时限（"+closed.Chinese()+"）已过，记录不能再修改或撤回。" {
		t.Fatalf("修改 after the deadline answered %q", got)
	}
	click(t, a, "撤回 1")
	if got := lastAnswer(t, a); !strings.Contains(got, "已过，记录不能再修改或撤回") {
		t.Fatalf("撤回 after the deadline answered %q", got)
	}
	a.Send("/mytalks")
	list = reply(t, a, "我的谈心谈话")
	if len(list.Buttons) != 0 || !strings.Contains(list.Text, "谈心谈话时限（"+closed.Chinese()+"）已过，记录不能再修改或撤回。") {
		t.Fatalf("/mytalks after the deadline: %q, buttons %q", list.Text, buttonTexts(list))
	}
	if n := count(a, "要修改哪几项") + count(a, "确定撤回"); n != 0 {
		t.Fatalf("a change was begun after the deadline (%d prompts)", n)
	}

	// The other member may still answer; a dispute now cannot be corrected.
	click(t, b, "有出入")
	reply(t, b, "请说明哪些地方有出入")
	b.Send("意见记反了")
	reply(t, b, "已记录您的说明")
	told := reply(t, a, "党员2 认为您记录的谈心谈话")
	if !strings.Contains(told.Text, "谈心谈话时限（"+closed.Chinese()+"）已过，这条记录不能再修改，不计入完成情况。") || len(told.Buttons) != 0 {
		t.Fatalf("the dispute after the deadline: %q, buttons %q", told.Text, buttonTexts(told))
	}
	if tk := f.talks(t)[0]; tk.Rev != 0 || len(tk.History) != 0 || tk.Raised != "意见甲" {
		t.Fatalf("the talk was changed: %+v", tk)
	}
	noViolations(t, h.fake)
}

// TestWithdrawnTalkTellsTheOtherAndCountsNowhere: a confirmed talk withdrawn by its
// recorder leaves /status, the report and both people's lists; the other member is told in
// one message. A pending one withdrawn can no longer be confirmed from its notice.
func TestWithdrawnTalkTellsTheOtherAndCountsNowhere(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(talksOnly))
	f := seedBranch(t, h, 0, 2)
	sec, a, b := f.secretary, f.members[0], f.members[1]

	recordTalk(t, a, "党员2", "意见甲", "意见乙", "")
	reply(t, b, "请核对")
	click(t, b, "确认")
	reply(t, a, "党员2 已确认您记录的谈心谈话")
	if done, _, _ := talkStatus(t, f); !slices.Equal(done, []string{"党员1", "党员2"}) {
		t.Fatalf("/status before: done %v", done)
	}
	if l := reportPreview(t, sec); !strings.Contains(l, "谈心谈话：1次") {
		t.Fatalf("the report before: %q", l)
	}

	a.Send("/mytalks")
	reply(t, a, "我的谈心谈话")
	click(t, a, "撤回 1")
	if m := reply(t, a, "确定撤回与 党员2 的谈心谈话记录"); !strings.Contains(m.Text, "并会告知对方") || buttonTexts(m) != "确认撤回 取消" {
		t.Fatalf("the confirmation %q, buttons %q", m.Text, buttonTexts(m))
	}
	click(t, a, "确认撤回")
	if m := reply(t, a, "已撤回与 党员2 的谈心谈话记录"); len(m.Buttons) != 0 {
		t.Fatalf("the confirmation keeps its buttons: %q", buttonTexts(m))
	}
	reply(t, b, "党员1 撤回了与您的谈心谈话记录")
	if n := count(b, "撤回"); n != 1 {
		t.Fatalf("the other member got %d messages about the withdrawal", n)
	}

	done, pending, _ := talkStatus(t, f)
	if len(done) != 0 || !slices.Equal(pending, []string{"张书记", "党员1", "党员2"}) {
		t.Errorf("/status after the withdrawal: done %v, not done %v", done, pending)
	}
	if l := reportPreview(t, sec); !strings.Contains(l, "谈心谈话：暂无记录") {
		t.Errorf("the report after the withdrawal: %q", l)
	}
	for _, u := range []*telegramtest.User{a, b} {
		u.Send("/mytalks")
		reply(t, u, "本次会议您还没有谈心谈话记录")
	}
	ts := f.talks(t)
	if len(ts) != 1 || !ts[0].Withdrawn || len(ts[0].History) != 1 || ts[0].History[0].Action != orglife.TalkWithdraw ||
		!strings.Contains(ts[0].History[0].Before, "我提出的意见：意见甲") {
		t.Fatalf("stored talks %+v", ts)
	}
	if !strings.Contains(h.logs.String(), `msg="talk withdrawn"`) {
		t.Error("the withdrawal is not logged")
	}

	// A record still waiting, withdrawn: its notice's 确认 is refused.
	recordTalk(t, a, "党员2", "意见丙", "意见丁", "")
	notice := reply(t, b, "意见丙")
	a.Send("/mytalks")
	reply(t, a, "我的谈心谈话（1 次）")
	click(t, a, "撤回 1")
	reply(t, a, "确定撤回")
	click(t, a, "确认撤回")
	reply(t, a, "已撤回")
	if _, err := b.ClickData(notice.ID, button(t, notice, "确认").Data); err != nil {
		t.Fatal(err)
	}
	staleAnswers(t, b, 1)
	if n := count(a, "已确认您记录的谈心谈话"); n != 1 {
		t.Fatalf("a withdrawn record was confirmed (%d confirmations)", n)
	}
	noViolations(t, h.fake)
}

// TestTalkPartnersRequiredFirst: /talk lists first, marked 必谈, the members the coverage
// rules still ask the user to talk with, then the others; one a record is under way with is
// no longer marked. Who is asked for no one sees no marks.
func TestTalkPartnersRequiredFirst(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(func(c *configs.Config) {
		c.Meeting.Coverage = orglife.CoverageRules{CommitteePairs: true}
	}))
	f := seedBranch(t, h, 1, 2) // 张书记 100, 委员1 101, 党员1 201, 党员2 202
	if err := f.records.SetRole(context.Background(), f.branch.ID, 202, orglife.RoleCommittee); err != nil {
		t.Fatal(err)
	}
	c1, m1 := f.committee[0], f.members[0]

	c1.Send("/talk")
	ask := reply(t, c1, "和谁进行了谈心谈话")
	if got := buttonTexts(ask); got != "张书记（必谈） 党员2（必谈） 党员1 其他人 取消" {
		t.Fatalf("/talk of a committee member offers %q", got)
	}
	if !strings.Contains(ask.Text, "标「必谈」的是按谈心谈话全覆盖要求您还需要谈的同志") {
		t.Fatalf("the mark is not explained: %q", ask.Text)
	}
	c1.Send("/cancel")
	reply(t, c1, "已取消")

	recordTalk(t, c1, "党员2", "意见甲", "意见乙", "")
	c1.Send("/talk")
	if got := buttonTexts(reply(t, c1, "和谁进行了谈心谈话")); got != "张书记（必谈） 党员1 党员2 其他人 取消" {
		t.Fatalf("/talk after recording a talk with 党员2 offers %q", got)
	}
	c1.Send("张书记") // the name typed, without the mark, is the same answer
	reply(t, c1, "哪天谈的")
	c1.Send("/cancel")
	reply(t, c1, "已取消")

	m1.Send("/talk")
	ask = reply(t, m1, "和谁进行了谈心谈话")
	if got := buttonTexts(ask); got != "张书记 委员1 党员2 其他人 取消" || strings.Contains(ask.Text, "必谈") {
		t.Fatalf("/talk of a member nobody is required of: %q, %q", ask.Text, got)
	}
	noViolations(t, h.fake)
}

// TestOverdueRectificationOwnedBySecretary: the overdue notice goes to the secretary; when
// the item is theirs it says 您负责的, not their own name, and so does the report of it done
// that comes to them to confirm.
func TestOverdueRectificationOwnedBySecretary(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 1)
	h.clock.Set(shanghaiAt(t, h, 12, 1, 10, 0))
	rcCreate(t, f, "理论学习不系统", "每周读原文两次并写笔记", "张书记", orglife.Date{Year: 2026, Month: 12, Day: 31})
	// Reminders due together are sent as one, which speaks of the item once: the days
	// before the deadline, the first working day after it (the last look-back with the first
	// overdue report), then a week on, the overdue report alone.
	h.clock.Set(shanghaiAt(t, h, 12, 28, 9, 0))
	reply(t, f.secretary, "【整改提醒】")
	h.clock.Set(shanghaiAt(t, h, 1, 4, 9, 0).AddDate(1, 0, 0))
	reply(t, f.secretary, "【整改回头看】")
	h.clock.Set(shanghaiAt(t, h, 1, 8, 9, 0).AddDate(1, 0, 0))
	m := reply(t, f.secretary, "【整改逾期】")
	if !strings.Contains(m.Text, "【整改逾期】您负责的第 1 项整改已于 2026年12月31日 到期") || strings.Contains(m.Text, "张书记") {
		t.Fatalf("the overdue notice %q", m.Text)
	}
	rcReport(t, f.secretary, "已完成", "已按计划完成原文学习", "")
	if m := reply(t, f.secretary, "【整改完成待销号】"); !strings.HasPrefix(m.Text, "【整改完成待销号】您报告第 1 项整改已完成") {
		t.Fatalf("the report to confirm %q", m.Text)
	}
	noViolations(t, h.fake)
}
