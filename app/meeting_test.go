package app_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"orglife"
	"orglife/bot/telegramtest"
	"orglife/configs"
)

func TestSecretarySetsUpMeeting(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f, sec := branchWithoutMeeting(t, h)
	ctx := context.Background()
	sec.Send("/schedule")
	reply(t, sec, "支部还没有创建专题组织生活会")
	sec.Send("/newmeeting")
	reply(t, sec, "请输入会议名称")
	sec.Send("2026年度专题组织生活会")
	reply(t, sec, "请输入会议日期")
	sec.Send("明年某天")
	reply(t, sec, "日期格式不正确")
	sec.Send("2020-01-01")
	reply(t, sec, "会议日期不能早于今天")
	meetingDay := today(h).AddDays(30)
	sec.Send(meetingDay.String())
	reply(t, sec, "已记为 "+meetingDay.Chinese()+"。\n") // heads the next question
	skipWhenWhere(t, sec)
	reply(t, sec, "会议以什么形式召开")
	click(t, sec, "党员大会")
	reply(t, sec, "现在填写，还是跳过")
	click(t, sec, "跳过")
	created := meetingCreated(t, sec, "已创建 2026年度专题组织生活会")
	for _, step := range []string{"实施方案", "学习研讨", "谈心谈话", "查摆问题", "对照检查材料"} {
		if !strings.Contains(created.Text, step) {
			t.Errorf("schedule lacks %s: %q", step, created.Text)
		}
	}
	stored, _ := f.records.Branch(ctx, "b2")
	m, err := f.records.Meeting(ctx, "b2", stored.CurrentMeeting)
	if err != nil || m.Date != meetingDay || len(m.Steps) != 5 || m.Form != orglife.FormGeneral || m.Notice != "" || m.PlanTitle != "" {
		t.Fatalf("stored meeting %+v %v", m, err)
	}
	if plan, _ := m.Step(orglife.StepPlan); plan.Deadline != meetingDay.AddDays(-21) || plan.Responsible != orglife.BySecretary {
		t.Fatalf("plan step %+v, want the template's 21 days before, by the secretary", plan)
	}

	sec.Send("/deadline")
	reply(t, sec, "修改哪一步的时限")
	click(t, sec, "谈心谈话")
	reply(t, sec, "谈心谈话 现在的时限是")
	sec.Send(meetingDay.AddDays(3).String())
	reply(t, sec, "时限不能晚于会议日期")
	sec.Send(meetingDay.AddDays(-4).String())
	reply(t, sec, "谈心谈话 的时限已改为 "+meetingDay.AddDays(-4).Chinese())
	m, _ = f.records.Meeting(ctx, "b2", stored.CurrentMeeting)
	if talks, _ := m.Step(orglife.StepTalks); talks.Deadline != meetingDay.AddDays(-4) {
		t.Fatalf("talks deadline %v", talks.Deadline)
	}

	sec.Send("/adopt")
	reply(t, sec, "实施方案在哪天的支委会上通过")
	click(t, sec, "昨天")
	yesterday := today(h).AddDays(-1)
	reply(t, sec, "实施方案于 "+yesterday.Chinese()+" 经支委会通过")
	sec.Send("/schedule")
	sched := reply(t, sec, "会议日期")
	if !strings.Contains(sched.Text, "✅ 1. 实施方案") || !strings.Contains(sched.Text, "完成 1/1") {
		t.Fatalf("schedule after adoption: %q", sched.Text)
	}
}

func TestScheduleCountsDoneMembers(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 1, 2)
	ctx := context.Background()
	p := orglife.Point{ID: "p1", MeetingID: f.meeting.ID, MemberID: 201, Area: orglife.AreaTheory, Source: orglife.SourceSelf, Problem: "学习笔记没有按计划完成，三次集中学习缺席一次"}
	if err := f.records.SavePoint(ctx, f.branch.ID, p, stateChange("p1")); err != nil {
		t.Fatal(err)
	}
	u := f.members[1]
	u.Send("/schedule")
	sched := reply(t, u, "会议日期")
	if !strings.Contains(sched.Text, "4. 查摆问题 — 时限") || !strings.Contains(sched.Text, "完成 1/4") {
		t.Fatalf("schedule: %q", sched.Text)
	}
}

func TestIdleConversationEnds(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(func(c *configs.Config) {
		c.Updates.SessionTTL, c.Updates.SessionSweep = time.Second, time.Second
	}))
	f := seedBranch(t, h, 0, 0)
	sec := f.secretary
	sec.Send("/deadline")
	prompt := reply(t, sec, "修改哪一步的时限")
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if _, err := sec.WaitReply(ctx, func(m telegramMessage) bool { return strings.Contains(m.Text, "本次操作已结束") }); err != nil {
		t.Fatal(err)
	}
	for _, m := range sec.Replies() {
		if m.ID == prompt.ID && len(m.Buttons) != 0 {
			t.Fatal("the idle prompt keeps its buttons")
		}
	}
	sec.Send("随便")
	reply(t, sec, "目前没有需要您回答的问题")
}

type telegramMessage = telegramtest.Message

func stateChange(id string) orglife.PointChange {
	return orglife.PointChange{PointID: id, By: 201, Action: orglife.PointCreate}
}

func TestMeetingDateChangeAndPastMeetingsReadable(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 1)
	ctx := context.Background()
	sec := f.secretary
	sec.Send("/deadline")
	reply(t, sec, "修改哪一步的时限")
	click(t, sec, "会议日期")
	reply(t, sec, "会议现在定于")
	newDay := f.meeting.Date.AddDays(5)
	sec.Send(newDay.String())
	reply(t, sec, "各步骤时限是否随之顺延")
	click(t, sec, "保留")
	reply(t, sec, "会议日期已改为 "+newDay.Chinese())
	m, _ := f.records.Meeting(ctx, f.branch.ID, f.meeting.ID)
	if m.Date != newDay {
		t.Fatalf("meeting date %v, want %v", m.Date, newDay)
	}
	// A second meeting becomes current; the first stays readable.
	second := orglife.Meeting{ID: "m9", BranchID: f.branch.ID, Title: "第二次会议", Date: newDay.AddDays(60),
		Steps: orglife.NewSteps(newDay.AddDays(60), h.cfg.Meeting.Steps), CreatedAt: time.Now()}
	if err := f.records.CreateMeeting(ctx, second); err != nil {
		t.Fatal(err)
	}
	u := f.members[0]
	u.Send("/meetings")
	list := reply(t, u, "的组织生活会")
	if !strings.Contains(list.Text, "第二次会议 — ") || !strings.Contains(list.Text, "（当前）") || len(list.Buttons) != 2 {
		t.Fatalf("meetings list %q %+v", list.Text, list.Buttons)
	}
	click(t, u, newDay.Chinese()+" "+f.meeting.Title)
	reply(t, u, f.meeting.Title+"（会议日期 "+newDay.Chinese())
	// A stranger cannot read the branch's meeting through a forged button.
	stranger := h.fake.NewUser(999, "Outsider")
	stranger.Send("/help")
	own := reply(t, stranger, "可用命令")
	if _, err := stranger.ClickData(own.ID, "mt:"+f.branch.ID+":"+f.meeting.ID); err != nil {
		t.Fatal(err)
	}
	waitAnswered(t, stranger, 1)
	stranger.Send("/start")
	reply(t, stranger, "您好")
	if n := count(stranger, "会议日期"); n != 0 {
		t.Fatalf("a stranger read a meeting's schedule: %+v", stranger.Replies())
	}
}

// The names the report quotes are asked behind one button: the form, then the notice, the
// theme, the 总要求 and the plan's title, each skippable, kept without the 《》 typed round them.
func TestNewMeetingAsksTheNamesTheReportQuotes(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f, sec := branchWithoutMeeting(t, h)
	startMeeting(t, h, sec)
	click(t, sec, "党小组会")
	reply(t, sec, "现在填写，还是跳过")
	click(t, sec, "现在填写")
	reply(t, sec, "上级通知的名称")
	sec.Send("《关于开好2026年度专题组织生活会的通知》")
	reply(t, sec, "会议主题")
	click(t, sec, "跳过")
	reply(t, sec, "总要求")
	sec.Send("学思想、强党性、重实践、建新功总要求")
	reply(t, sec, "实施方案的名称")
	sec.Send("方案")
	reply(t, sec, "方案名称需要 4 到 100 个字")
	sec.Send("关于召开2026年度专题组织生活会的实施方案")
	meetingCreated(t, sec, "已创建 2026年度专题组织生活会")

	m := currentMeeting(t, f, "b2")
	want := orglife.Meeting{Form: orglife.FormGroup, Notice: "关于开好2026年度专题组织生活会的通知",
		Requirement: "学思想、强党性、重实践、建新功", PlanTitle: "关于召开2026年度专题组织生活会的实施方案"}
	if m.Form != want.Form || m.Notice != want.Notice || m.Theme != "" || m.Requirement != want.Requirement || m.PlanTitle != want.PlanTitle {
		t.Fatalf("stored %q %q %q %q %q, want %q %q \"\" %q %q", m.Form, m.Notice, m.Theme, m.Requirement, m.PlanTitle,
			want.Form, want.Notice, want.Requirement, want.PlanTitle)
	}
}

// A secretary with the notice at hand types its title at 现在填写 / 跳过: it is the notice,
// and the questions go on from the theme.
func TestNewMeetingNoticeTypedAtTheButton(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f, sec := branchWithoutMeeting(t, h)
	startMeeting(t, h, sec)
	click(t, sec, "党员大会")
	reply(t, sec, "也可直接发送通知名称")
	sec.Send("通知")
	reply(t, sec, "通知名称需要")
	sec.Send("《关于开好2026年度专题组织生活会的通知》")
	reply(t, sec, "会议主题")
	click(t, sec, "跳过")
	reply(t, sec, "总要求")
	click(t, sec, "跳过")
	reply(t, sec, "实施方案的名称")
	click(t, sec, "跳过")
	meetingCreated(t, sec, "已创建 2026年度专题组织生活会")
	if n := count(sec, "上级通知的名称"); n != 0 {
		t.Errorf("the notice typed at the button was asked for again (%d messages)", n)
	}
	if m := currentMeeting(t, f, "b2"); m.Notice != "关于开好2026年度专题组织生活会的通知" || m.Theme != "" || m.PlanTitle != "" {
		t.Fatalf("stored notice %q theme %q plan %q", m.Notice, m.Theme, m.PlanTitle)
	}
}

// /meetinginfo gives the names later: it shows what the meeting has, and a skipped
// question keeps it.
func TestMeetingInfoLater(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f, sec := branchWithoutMeeting(t, h)
	sec.Send("/meetinginfo")
	reply(t, sec, "支部还没有创建专题组织生活会")
	startMeeting(t, h, sec)
	click(t, sec, "党员大会")
	reply(t, sec, "以后可用 /meetinginfo 填写")
	click(t, sec, "现在填写")
	reply(t, sec, "上级通知的名称")
	sec.Send("关于开好2026年度专题组织生活会的通知")
	for _, q := range []string{"会议主题", "总要求", "实施方案的名称"} {
		reply(t, sec, q)
		click(t, sec, "跳过")
	}
	meetingCreated(t, sec, "已创建")

	sec.Send("/meetinginfo")
	reply(t, sec, "会议以什么形式召开")
	click(t, sec, "支部委员会")
	reply(t, sec, "会议几点开、在哪里开")
	sec.Send("9:30 党员活动室")
	reply(t, sec, "现在是：关于开好2026年度专题组织生活会的通知\n上级通知的名称")
	click(t, sec, "跳过")
	reply(t, sec, "会议主题")
	sec.Send("学习贯彻习近平新时代中国特色社会主义思想主题")
	reply(t, sec, "总要求")
	click(t, sec, "跳过")
	reply(t, sec, "实施方案的名称")
	sec.Send("《关于召开2026年度专题组织生活会的实施方案》")
	reply(t, sec, "已更新 2026年度专题组织生活会 的会议信息")

	m := currentMeeting(t, f, "b2")
	if m.Form != orglife.FormCommittee || m.Notice != "关于开好2026年度专题组织生活会的通知" ||
		m.Theme != "学习贯彻习近平新时代中国特色社会主义思想" || m.Requirement != "" ||
		m.PlanTitle != "关于召开2026年度专题组织生活会的实施方案" {
		t.Fatalf("stored %q %q %q %q %q", m.Form, m.Notice, m.Theme, m.Requirement, m.PlanTitle)
	}
	if m.Time == nil || *m.Time != (orglife.TimeOfDay{Hour: 9, Minute: 30}) || m.Place != "党员活动室" {
		t.Fatalf("stored time %v and place %q", m.Time, m.Place)
	}
	sec.Send("/schedule")
	reply(t, sec, "时间："+m.Date.Chinese()+" 09:30，地点：党员活动室")
}

// branchWithoutMeeting seeds a branch with a meeting and makes a second one, b2, that has
// none yet; sec is b2's secretary. The clock stands on a working morning: at 18:00 a new
// meeting's first digest, which also says 会议日期, could come between a question and its
// answer.
func branchWithoutMeeting(t *testing.T, h *harness) (*fixture, *telegramtest.User) {
	t.Helper()
	h.clock.Set(instWorkingMorning(h.cfg.Location))
	f := seedBranch(t, h, 1, 1)
	b := orglife.Branch{ID: "b2", Name: "新支部", SecretaryID: 500, CreatedAt: time.Now()}
	if err := f.records.CreateBranch(context.Background(), b, orglife.Member{UserID: 500, Name: "赵书记", Role: orglife.RoleSecretary}); err != nil {
		t.Fatal(err)
	}
	return f, h.fake.NewUser(500, "Zhao")
}

// startMeeting takes sec's /newmeeting, named 2026年度专题组织生活会 and held in 30 days, up to
// the question of its form.
func startMeeting(t *testing.T, h *harness, sec *telegramtest.User) {
	t.Helper()
	sec.Send("/newmeeting")
	reply(t, sec, "请输入会议名称")
	sec.Send("2026年度专题组织生活会")
	reply(t, sec, "请输入会议日期")
	sec.Send(today(h).AddDays(30).String())
	skipWhenWhere(t, sec)
	reply(t, sec, "会议以什么形式召开")
}

// setUpMeeting has sec set up 2026年度专题组织生活会 on day (YYYY-MM-DD) as a 党员大会, with no time,
// place or names, keeping the template's deadlines.
func setUpMeeting(t *testing.T, sec *telegramtest.User, day string) {
	t.Helper()
	sec.Send("/newmeeting")
	reply(t, sec, "请输入会议名称")
	sec.Send("2026年度专题组织生活会")
	reply(t, sec, "请输入会议日期")
	sec.Send(day)
	skipWhenWhere(t, sec)
	reply(t, sec, "会议以什么形式召开")
	click(t, sec, "党员大会")
	reply(t, sec, "现在填写，还是跳过")
	click(t, sec, "跳过")
	meetingCreated(t, sec, "已创建")
}

// moveDeadline has sec move step's deadline to day (YYYY-MM-DD) with /deadline.
func moveDeadline(t *testing.T, sec *telegramtest.User, step, day string) {
	t.Helper()
	sec.Send("/deadline")
	reply(t, sec, "修改哪一步的时限")
	click(t, sec, step)
	reply(t, sec, "请输入新的时限日期")
	sec.Send(day)
	reply(t, sec, "的时限已改为")
}

// currentMeeting is branch's current meeting as stored.
func currentMeeting(t *testing.T, f *fixture, branch string) orglife.Meeting {
	t.Helper()
	ctx := context.Background()
	b, err := f.records.Branch(ctx, branch)
	if err != nil {
		t.Fatal(err)
	}
	m, err := f.records.Meeting(ctx, branch, b.CurrentMeeting)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// skipWhenWhere skips /newmeeting's question of the meeting's time and place.
func skipWhenWhere(t *testing.T, sec *telegramtest.User) {
	t.Helper()
	reply(t, sec, "会议几点开、在哪里开")
	click(t, sec, "跳过")
}

// meetingCreated waits for /newmeeting's confirmation containing want, keeping the template's
// deadlines when it first warns of some past or on days off.
func meetingCreated(t *testing.T, sec *telegramtest.User, want string) telegramtest.Message {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	m, err := sec.WaitReply(ctx, func(m telegramtest.Message) bool {
		return strings.Contains(m.Text, want) || strings.Contains(m.Text, "时限已过或不在工作日")
	})
	if err != nil {
		t.Fatalf("waiting for %q: %v", want, err)
	}
	if strings.Contains(m.Text, want) {
		return m
	}
	click(t, sec, "保留")
	return reply(t, sec, want)
}

// TestPastMeetingsOfferReportAndLedger: in /meetings the secretary gets a meeting already
// held its 报告 and 台账, which send that meeting's draft report and ledger; a meeting still
// ahead has none, and a member sees none.
func TestPastMeetingsOfferReportAndLedger(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 1) // the current meeting is 20 days ahead
	ctx := context.Background()
	held := today(h).AddDays(-100)
	past := orglife.Meeting{ID: "m0", BranchID: f.branch.ID, Title: "2025年度专题组织生活会", Date: held,
		Steps: orglife.NewSteps(held, h.cfg.Meeting.Steps), CreatedAt: time.Now().Add(-100 * 24 * time.Hour)}
	if err := f.records.CreateMeeting(ctx, past); err != nil {
		t.Fatal(err)
	}
	if err := f.records.SaveRectItem(ctx, orglife.RectItem{ID: "r1", BranchID: f.branch.ID, MeetingID: past.ID, Number: 1,
		Problem: "学习流于形式", Measure: "每月专题研讨一次", Owner: 100, Deadline: held.AddDays(60), ReviewDays: 7,
		Status: orglife.RectClosed, ClosedOn: held.AddDays(50), CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if err := f.records.SaveMinutes(ctx, f.branch.ID, past.ID, orglife.Minutes{Date: held, Attending: []int64{100, 201},
		Expected: 2, Present: 2, RecordedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	current, err := f.records.Meeting(ctx, f.branch.ID, f.meeting.ID)
	if err != nil {
		t.Fatal(err)
	}

	sec := f.secretary
	sec.Send("/meetings")
	list := reply(t, sec, "的组织生活会")
	var rows []string
	for _, row := range list.Buttons {
		var texts []string
		for _, b := range row {
			texts = append(texts, b.Text)
		}
		rows = append(rows, strings.Join(texts, "|"))
	}
	want := []string{current.Date.Chinese() + " " + current.Title, held.Chinese() + " " + past.Title, "报告|台账"}
	if !slices.Equal(rows, want) {
		t.Fatalf("the secretary's /meetings buttons %q, want %q", rows, want)
	}
	if !strings.Contains(list.Text, "已召开的会议可点「报告」「台账」") {
		t.Errorf("the list does not say what 报告 and 台账 do:\n%s", list.Text)
	}
	click(t, sec, "报告")
	report := mmDocumentXML(t, waitDocument(t, sec, "2025年度专题组织生活会开展情况报告.docx"))
	if !strings.Contains(report, "应到2名，实到2名") || !strings.Contains(report, "每月专题研讨一次") {
		t.Error("the past meeting's report lacks its minutes or its measures")
	}
	click(t, sec, "台账")
	ledger := mmDocumentXML(t, waitDocument(t, sec, "2025年度专题组织生活会整改台账.docx"))
	if !strings.Contains(ledger, "每月专题研讨一次") || !strings.Contains(ledger, "已销号") {
		t.Error("the past meeting's ledger lacks its item")
	}

	u := f.members[0]
	u.Send("/meetings")
	if got := buttonTexts(reply(t, u, "的组织生活会")); strings.Contains(got, "报告") || strings.Contains(got, "台账") {
		t.Errorf("a member's /meetings offers the secretary's documents: %q", got)
	}
	noViolations(t, h.fake)
}
