package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"orglife"
	"orglife/bot/telegramtest"
	"orglife/configs"
)

// talks loads the current meeting's talk records.
func (f *fixture) talks(t *testing.T) []orglife.Talk {
	t.Helper()
	ts, err := f.records.Talks(context.Background(), f.branch.ID, f.meeting.ID)
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

// recordTalk walks u through /talk with the fellow member on button with, today, face to
// face; suggestions "" skips the last question.
func recordTalk(t *testing.T, u *telegramtest.User, with, raised, received, suggestions string) telegramtest.Message {
	t.Helper()
	u.Send("/talk")
	clickPartner(t, u, reply(t, u, "和谁进行了谈心谈话"), with)
	reply(t, u, "哪天谈的")
	click(t, u, "今天")
	reply(t, u, "谈话形式")
	click(t, u, "面对面")
	reply(t, u, "您向 "+with+" 提出了哪些意见")
	u.Send(raised)
	reply(t, u, with+" 向您提出了哪些意见")
	u.Send(received)
	reply(t, u, "建议或共识")
	if suggestions == "" {
		click(t, u, "跳过")
	} else {
		u.Send(suggestions)
	}
	return reply(t, u, "已记录与 "+with+" 的谈心谈话")
}

// clickPartner presses the button of the member named in /talk's prompt, marked 必谈 or not.
func clickPartner(t *testing.T, u *telegramtest.User, prompt telegramtest.Message, name string) {
	t.Helper()
	for _, label := range []string{name, name + "（必谈）"} {
		if strings.Contains(" "+buttonTexts(prompt)+" ", " "+label+" ") {
			click(t, u, label)
			return
		}
	}
	t.Fatalf("/talk offers no %q: %s", name, buttonTexts(prompt))
}

// button is the button of a message with this text.
func button(t *testing.T, m telegramtest.Message, text string) telegramtest.Button {
	t.Helper()
	for _, row := range m.Buttons {
		for _, b := range row {
			if b.Text == text {
				return b
			}
		}
	}
	t.Fatalf("message #%d %q has no button %q: %+v", m.ID, m.Text, text, m.Buttons)
	return telegramtest.Button{}
}

// staleAnswers waits for every press of u to be answered and checks that the last n were
// refused as stale.
func staleAnswers(t *testing.T, u *telegramtest.User, n int) {
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
	for _, a := range answers[len(answers)-n:] {
		if !strings.Contains(a.Text, "已失效") {
			t.Fatalf("press with data %q answered %q, want it refused as stale", a.Data, a.Text)
		}
	}
}

func TestTalkConfirmedByTheOtherMember(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 1, 2)
	sec, m1, m2 := f.secretary, f.members[0], f.members[1]

	sec.Send("/talk")
	prompt := reply(t, sec, "和谁进行了谈心谈话")
	var labels []string
	for _, row := range prompt.Buttons {
		for _, b := range row {
			labels = append(labels, b.Text)
		}
	}
	// The default rules have the secretary talk with everyone: all are marked 必谈.
	if got := strings.Join(labels, " "); got != "委员1（必谈） 党员1（必谈） 党员2（必谈） 其他人 取消" {
		t.Fatalf("the members offered are %q: fellow members (not oneself), 其他人, 取消", got)
	}
	sec.Send("/cancel")
	reply(t, sec, "已取消")

	done := recordTalk(t, sec, "党员1", "<b>学习&要深入</b>", "希望书记多听意见", "每月谈一次")
	if !strings.Contains(done.Text, "已请 党员1 核对确认") {
		t.Fatalf("the recorder is not told the other member is asked: %q", done.Text)
	}
	ts := f.talks(t)
	if len(ts) != 1 {
		t.Fatalf("%d talks stored, want 1", len(ts))
	}
	tk := ts[0]
	if tk.RecordedBy != 100 || tk.With != 201 || tk.WithName != "党员1" || tk.Date != today(h) ||
		tk.Form != orglife.TalkFaceToFace || tk.Raised != "<b>学习&要深入</b>" || tk.Received != "希望书记多听意见" ||
		tk.Suggestions != "每月谈一次" || tk.Status != orglife.ConfirmPending || tk.MeetingID != f.meeting.ID || tk.ID == "" {
		t.Fatalf("stored talk %+v", tk)
	}

	notice := reply(t, m1, "张书记 记录了与您的一次谈心谈话")
	for _, want := range []string{"<b>学习&要深入</b>", "希望书记多听意见", "每月谈一次", "张书记 向您提出", "您向 张书记 提出", "面对面"} {
		if !strings.Contains(notice.Text, want) {
			t.Fatalf("the notice lacks %q:\n%s", want, notice.Text)
		}
	}
	agree := button(t, notice, "确认").Data
	dispute := button(t, notice, "有出入").Data
	if len(agree) > 64 || len(dispute) > 64 {
		t.Fatalf("callback data over 64 bytes: %q %q", agree, dispute)
	}

	// Another member forges the confirmation on a message of their own; so does the
	// recorder; and someone presses a talk that does not exist.
	m2.Send("/help")
	own := reply(t, m2, "可用命令")
	for _, data := range []string{agree, dispute} {
		if _, err := m2.ClickData(own.ID, data); err != nil {
			t.Fatal(err)
		}
	}
	staleAnswers(t, m2, 2)
	if _, err := sec.ClickData(done.ID, agree); err != nil {
		t.Fatal(err)
	}
	staleAnswers(t, sec, 1)
	for _, data := range []string{strings.Replace(agree, ":"+tk.ID+":", ":zz9:", 1), strings.Replace(agree, ":ok", ":yes", 1),
		"tc:" + f.branch.ID + ":" + tk.ID + ":ok", "tc:nobranch:m1:" + tk.ID + ":ok"} {
		if _, err := m1.ClickData(notice.ID, data); err != nil {
			t.Fatal(err)
		}
	}
	staleAnswers(t, m1, 4)
	if st := f.talks(t)[0].Status; st != orglife.ConfirmPending {
		t.Fatalf("after forged presses the talk is %q", st)
	}
	if n := count(m2, "有出入"); n != 0 {
		t.Fatal("a forged 有出入 started a dialog for another member")
	}

	// The notice was answered stale above and lost its buttons; /mytalks offers them again.
	m1.Send("/mytalks")
	reply(t, m1, "有 1 条记录等待您确认")
	click(t, m1, "确认：张书记 "+today(h).String())
	reply(t, m1, "已确认与 张书记 的谈心谈话")
	if st := f.talks(t)[0].Status; st != orglife.ConfirmAgreed {
		t.Fatalf("after 确认 the talk is %q", st)
	}
	told := reply(t, sec, "党员1 已确认您记录的谈心谈话")
	if !strings.Contains(told.Text, today(h).Chinese()) {
		t.Fatalf("the recorder's notice lacks the date: %q", told.Text)
	}

	// A second confirmation, on the original notice, is refused and tells no one again.
	if _, err := m1.ClickData(notice.ID, agree); err != nil {
		t.Fatal(err)
	}
	if _, err := m1.ClickData(notice.ID, dispute); err != nil {
		t.Fatal(err)
	}
	staleAnswers(t, m1, 2)
	m1.Send("/mytalks")
	mine := reply(t, m1, "我的谈心谈话")
	if !strings.Contains(mine.Text, "已确认") || len(mine.Buttons) != 0 || strings.Contains(mine.Text, "等待您确认") {
		t.Fatalf("/mytalks after confirmation: %q %+v", mine.Text, mine.Buttons)
	}
	if n := count(sec, "已确认您记录的谈心谈话"); n != 1 {
		t.Fatalf("the recorder was told %d times", n)
	}
	if st := f.talks(t)[0].Status; st != orglife.ConfirmAgreed {
		t.Fatalf("after the second press the talk is %q", st)
	}
	noViolations(t, h.fake)
}

func TestTalkConfirmButtonEditsNotice(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 1)
	sec, m1 := f.secretary, f.members[0]
	recordTalk(t, sec, "党员1", "意见一", "意见二", "")
	notice := reply(t, m1, "请核对")
	click(t, m1, "确认")
	edited := reply(t, m1, "您已确认这条谈心谈话记录")
	if edited.ID != notice.ID || len(edited.Buttons) != 0 || !strings.Contains(edited.Text, "意见一") {
		t.Fatalf("the notice #%d should keep the record and lose its buttons: #%d %q %+v", notice.ID, edited.ID, edited.Text, edited.Buttons)
	}
	reply(t, sec, "党员1 已确认您记录的谈心谈话")
	if tk := f.talks(t)[0]; tk.Status != orglife.ConfirmAgreed || tk.Suggestions != "" {
		t.Fatalf("stored talk %+v", tk)
	}
	noViolations(t, h.fake)
}

func TestTalkDisputedWithComment(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 1, 1)
	c1, m1 := f.committee[0], f.members[0]
	recordTalk(t, m1, "委员1", "委员1 要多下基层", "我<要>多学习&思考", "")

	notice := reply(t, c1, "党员1 记录了与您的一次谈心谈话")
	click(t, c1, "有出入")
	reply(t, c1, "请说明哪些地方有出入（将转告 党员1）")
	c1.SendSticker()
	reply(t, c1, "这里需要文字消息")
	c1.Send(strings.Repeat("长", 2001))
	reply(t, c1, "内容太长")
	c1.Send("谈话是在<周二>&不是周一")
	done := reply(t, c1, "已记录您的说明")
	if !strings.Contains(done.Text, "谈话是在<周二>&不是周一") {
		t.Fatalf("the comment is not echoed as written: %q", done.Text)
	}
	tk := f.talks(t)[0]
	if tk.Status != orglife.ConfirmDisputed || tk.Comment != "谈话是在<周二>&不是周一" || tk.RecordedBy != 201 || tk.With != 101 {
		t.Fatalf("stored talk %+v", tk)
	}
	for _, m := range c1.Replies() {
		if m.ID == notice.ID && (len(m.Buttons) != 0 || !strings.Contains(m.Text, "您已反馈这条记录有出入")) {
			t.Fatalf("the notice still offers its buttons: %q %+v", m.Text, m.Buttons)
		}
	}
	told := reply(t, m1, "委员1 认为您记录的谈心谈话")
	if !strings.Contains(told.Text, "谈话是在<周二>&不是周一") {
		t.Fatalf("the recorder is not given the comment: %q", told.Text)
	}

	// Both see both sides, the status and the comment, each addressed as 您; the recorder
	// may change the record, the other member has nothing left to press.
	for _, c := range []struct {
		u       *telegramtest.User
		sides   []string
		buttons string
	}{
		{m1, []string{"您向 委员1 提出", "委员1 向您提出"}, "修改 1 撤回 1"},
		{c1, []string{"党员1 向您提出", "您向 党员1 提出"}, ""},
	} {
		c.u.Send("/mytalks")
		list := reply(t, c.u, "我的谈心谈话")
		for _, want := range append([]string{"委员1 要多下基层", "我<要>多学习&思考", "有出入", "谈话是在<周二>&不是周一"}, c.sides...) {
			if !strings.Contains(list.Text, want) {
				t.Fatalf("/mytalks of %d lacks %q:\n%s", c.u.ID(), want, list.Text)
			}
		}
		if strings.Contains(list.Text, " 向 ") {
			t.Fatalf("/mytalks of %d names its reader in the third person:\n%s", c.u.ID(), list.Text)
		}
		if got := buttonTexts(list); got != c.buttons {
			t.Fatalf("/mytalks of %d offers %q, want %q", c.u.ID(), got, c.buttons)
		}
	}
	if m := reply(t, m1, "我的谈心谈话"); !strings.Contains(m.Text, "与 委员1（我记录）") {
		t.Fatalf("the recorder's list: %q", m.Text)
	}
	if m := reply(t, c1, "我的谈心谈话"); !strings.Contains(m.Text, "与 党员1（党员1 记录）") {
		t.Fatalf("the other member's list: %q", m.Text)
	}

	// 有出入 pressed again is refused.
	if _, err := c1.ClickData(notice.ID, button(t, notice, "有出入").Data); err != nil {
		t.Fatal(err)
	}
	staleAnswers(t, c1, 1)
	if n := count(m1, "认为您记录的谈心谈话"); n != 1 {
		t.Fatalf("the recorder was told %d times", n)
	}
	noViolations(t, h.fake)
}

func TestTalkDisputeCancelledKeepsItPending(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 2)
	sec, m2 := f.secretary, f.members[1]
	recordTalk(t, sec, "党员2", "意见甲", "意见乙", "")
	reply(t, m2, "请核对")
	click(t, m2, "有出入")
	reply(t, m2, "请说明哪些地方有出入")
	click(t, m2, "取消")
	reply(t, m2, "已取消")
	if st := f.talks(t)[0].Status; st != orglife.ConfirmPending {
		t.Fatalf("a cancelled comment left the talk %q", st)
	}
	// The notice still has its buttons; the member changes their mind and confirms.
	click(t, m2, "确认")
	reply(t, m2, "您已确认这条谈心谈话记录")
	reply(t, sec, "党员2 已确认")
	if st := f.talks(t)[0].Status; st != orglife.ConfirmAgreed {
		t.Fatalf("talk %q", st)
	}
	// 确认 while the comment is being typed: the comment then finds the record answered.
	recordTalk(t, sec, "党员2", "意见丙", "意见丁", "")
	reply(t, m2, "意见丙")
	click(t, m2, "有出入")
	reply(t, m2, "请说明哪些地方有出入")
	click(t, m2, "确认")
	reply(t, m2, "您已确认这条谈心谈话记录")
	m2.Send("其实没有出入")
	reply(t, m2, "这条记录已经处理过了（已确认）")
	ts := f.talks(t)
	if len(ts) != 2 || ts[1].Status != orglife.ConfirmAgreed || ts[1].Comment != "" {
		t.Fatalf("talks %+v", ts)
	}
	noViolations(t, h.fake)
}

func TestTalkWithOutsiderAndBadDates(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 1)
	m1 := f.members[0]
	today := today(h)
	m1.Send("/talk")
	reply(t, m1, "和谁进行了谈心谈话")
	click(t, m1, "其他人")
	reply(t, m1, "请输入对方的姓名")
	m1.Send("王")
	reply(t, m1, "姓名需要 2 到 20 个字")
	m1.Send("王<老师>&")
	reply(t, m1, "哪天谈的")
	m1.Send("上个月某天")
	reply(t, m1, "日期格式不正确")
	m1.Send("2月30日")
	reply(t, m1, "日期格式不正确")
	m1.Send(today.AddDays(1).String())
	reply(t, m1, "日期不能晚于今天")
	m1.Send("明天")
	reply(t, m1, "日期不能晚于今天")
	m1.Send(today.AddDays(-3).String())
	reply(t, m1, "谈话形式")
	m1.Send("电话") // the button's label, typed: the same answer
	reply(t, m1, "您向 王<老师>& 提出了哪些意见")
	m1.Send("好")
	reply(t, m1, "请写具体一些")
	m1.Send("注意身体")
	reply(t, m1, "王<老师>& 向您提出了哪些意见")
	m1.Send("加强学习")
	reply(t, m1, "建议或共识")
	m1.Send("下月再谈")
	done := reply(t, m1, "已记录与 王<老师>& 的谈心谈话")
	if !strings.Contains(done.Text, "无需确认") || !strings.Contains(done.Text, today.AddDays(-3).Chinese()) || !strings.Contains(done.Text, "电话") {
		t.Fatalf("summary %q", done.Text)
	}
	ts := f.talks(t)
	if len(ts) != 1 {
		t.Fatalf("%d talks", len(ts))
	}
	if tk := ts[0]; tk.With != 0 || tk.WithName != "王<老师>&" || tk.Status != orglife.ConfirmAgreed || tk.Date != today.AddDays(-3) ||
		tk.Form != orglife.TalkPhone || tk.Raised != "注意身体" || tk.Received != "加强学习" || tk.Suggestions != "下月再谈" {
		t.Fatalf("stored talk %+v", tk)
	}
	m1.Send("/mytalks")
	list := reply(t, m1, "我的谈心谈话（1 次）")
	for _, want := range []string{"与 王<老师>&（我记录）", "无需确认", "注意身体", "加强学习", "下月再谈"} {
		if !strings.Contains(list.Text, want) {
			t.Fatalf("/mytalks lacks %q:\n%s", want, list.Text)
		}
	}
	if count(f.secretary, "谈心谈话") != 0 {
		t.Fatal("someone was asked to confirm a talk with an outsider")
	}
	noViolations(t, h.fake)
}

func TestTalkCancelAndRestart(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 1, 1)
	c1 := f.committee[0]
	c1.Send("/talk")
	reply(t, c1, "和谁进行了谈心谈话")
	click(t, c1, "取消")
	reply(t, c1, "已取消")

	c1.Send("/talk")
	clickPartner(t, c1, reply(t, c1, "和谁进行了谈心谈话"), "张书记")
	reply(t, c1, "哪天谈的")
	h.restart()
	click(t, c1, "昨天")
	reply(t, c1, "谈话形式")
	click(t, c1, "线上")
	reply(t, c1, "提出了哪些意见")
	c1.Send("/cancel")
	if m := reply(t, c1, "已取消"); !strings.Contains(m.Text, "保存为草稿，再次发送 /talk 即可继续") {
		t.Fatalf("/cancel should keep what was answered as a draft: %q", m.Text)
	}
	if ts := f.talks(t); len(ts) != 0 {
		t.Fatalf("a cancelled talk was stored: %+v", ts)
	}
	c1.Send("意见")
	reply(t, c1, "目前没有需要您回答的问题")

	c1.Send("/talk") // the cancelled run goes on from its draft
	reply(t, c1, "接着上次没写完的记录继续")
	reply(t, c1, "提出了哪些意见")
	c1.Send("书记要注意方法")
	reply(t, c1, "向您提出了哪些意见")
	h.restart()
	c1.Send("委员要主动汇报")
	reply(t, c1, "建议或共识")
	h.restart()
	click(t, c1, "跳过")
	reply(t, c1, "已记录与 张书记 的谈心谈话")
	ts := f.talks(t)
	if len(ts) != 1 || ts[0].Date != today(h).AddDays(-1) || ts[0].Form != orglife.TalkOnline || ts[0].With != 100 ||
		ts[0].Raised != "书记要注意方法" || ts[0].Received != "委员要主动汇报" || ts[0].Suggestions != "" {
		t.Fatalf("talks %+v", ts)
	}
	reply(t, f.secretary, "委员1 记录了与您的一次谈心谈话")
	noViolations(t, h.fake)
}

func TestTalkRefusedToStrangersAndWithoutMeeting(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 1)
	stranger := h.fake.NewUser(999, "路人")
	for _, cmd := range []string{"/talk", "/mytalks", "/study", "/mystudy"} {
		stranger.Send(cmd)
		reply(t, stranger, "您还没有加入党支部")
	}

	// A second branch, without a meeting: nothing to record against; and its members are
	// not offered to the first branch.
	ctx := context.Background()
	id, err := f.records.NewBranchID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.records.CreateBranch(ctx, orglife.Branch{ID: id, Name: "第二党支部", SecretaryID: 300, CreatedAt: time.Now()},
		orglife.Member{UserID: 300, Name: "李书记", Role: orglife.RoleSecretary, JoinedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	other := h.fake.NewUser(300, "李书记")
	for _, cmd := range []string{"/talk", "/mytalks", "/study", "/mystudy"} {
		other.Send(cmd)
		reply(t, other, "支部还没有创建专题组织生活会")
	}
	f.members[0].Send("/talk")
	prompt := reply(t, f.members[0], "和谁进行了谈心谈话")
	if strings.Contains(prompt.Text+buttonTexts(prompt), "李书记") {
		t.Fatalf("a member of another branch is offered: %+v", prompt.Buttons)
	}
	f.members[0].Send("/mytalks")
	reply(t, f.members[0], "本次会议您还没有谈心谈话记录")
	if n := len(f.talks(t)); n != 0 {
		t.Fatalf("%d talks", n)
	}
	noViolations(t, h.fake)
}

func buttonTexts(m telegramtest.Message) string {
	var out []string
	for _, row := range m.Buttons {
		for _, b := range row {
			out = append(out, b.Text)
		}
	}
	return strings.Join(out, " ")
}

func TestMyTalksLongRecordsSplit(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 1)
	sec, m1 := f.secretary, f.members[0]
	long := func(s string) string { return strings.Repeat(s, 1990) }
	recordTalk(t, sec, "党员1", long("甲"), long("乙"), long("丙"))
	// The notice is too long for one message: the record in pages, the buttons last.
	reply(t, m1, "请核对")
	click(t, m1, "确认")
	reply(t, m1, "您已确认这条谈心谈话记录")
	sec.Send("/mytalks")
	reply(t, sec, "我的谈心谈话")
	sec.Send("/help")
	reply(t, sec, "可用命令")
	var text string
	for _, m := range sec.Replies() {
		if strings.Contains(m.Text, "甲") || strings.Contains(m.Text, "乙") || strings.Contains(m.Text, "丙") {
			text += m.Text
		}
	}
	for _, s := range []string{"甲", "乙", "丙"} {
		if n := strings.Count(text, s); n != 1990 {
			t.Fatalf("/mytalks shows %d of the 1990 %q", n, s)
		}
	}
	if tk := f.talks(t)[0]; tk.Status != orglife.ConfirmAgreed || len([]rune(tk.Suggestions)) != 1990 {
		t.Fatalf("talk status %q, suggestions %d", tk.Status, len([]rune(tk.Suggestions)))
	}
	noViolations(t, h.fake)
}

func TestTalkLeftIdleResumesFromDraft(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(func(c *configs.Config) {
		// Long enough for the steps below, short enough for the test to wait out.
		c.Updates.SessionTTL, c.Updates.SessionSweep = 2*time.Second, time.Second
	}))
	f := seedBranch(t, h, 0, 1)
	m1 := f.members[0]
	m1.Send("/talk")
	clickPartner(t, m1, reply(t, m1, "和谁进行了谈心谈话"), "张书记")
	reply(t, m1, "哪天谈的")
	click(t, m1, "今天")
	reply(t, m1, "谈话形式")
	click(t, m1, "电话")
	reply(t, m1, "提出了哪些意见")
	m1.Send("一段写了很久的意见")
	reply(t, m1, "张书记 向您提出了哪些意见")
	ended := reply(t, m1, "本次操作已结束")
	if !strings.Contains(ended.Text, "/talk") {
		t.Fatalf("the idle notice does not say how to continue: %q", ended.Text)
	}
	// Keep the session alive from here on: answer within the TTL.
	h.cfg.Updates.SessionTTL = time.Hour
	h.restart()
	m1.Send("/talk")
	reply(t, m1, "接着上次没写完的记录继续")
	reply(t, m1, "张书记 向您提出了哪些意见")
	m1.Send("书记的意见")
	reply(t, m1, "建议或共识")
	click(t, m1, "跳过")
	reply(t, m1, "已记录与 张书记 的谈心谈话")
	ts := f.talks(t)
	if len(ts) != 1 || ts[0].Raised != "一段写了很久的意见" || ts[0].Received != "书记的意见" || ts[0].Form != orglife.TalkPhone || ts[0].With != 100 {
		t.Fatalf("talks %+v", ts)
	}
	// The draft is gone: the next /talk starts afresh.
	m1.Send("/talk")
	reply(t, m1, "和谁进行了谈心谈话")
	if n := count(m1, "接着上次没写完"); n != 1 {
		t.Fatalf("the draft was resumed %d times", n)
	}
	noViolations(t, h.fake)
}

// TestTalkWordlessContentRefused: what was raised in a talk is words; emoji alone are
// refused with a message that says so, and the question is asked again.
func TestTalkWordlessContentRefused(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 1)
	u := f.members[0]
	u.Send("/talk")
	clickPartner(t, u, reply(t, u, "和谁进行了谈心谈话"), "张书记")
	reply(t, u, "哪天谈的")
	click(t, u, "今天")
	reply(t, u, "谈话形式")
	click(t, u, "面对面")
	reply(t, u, "您向 张书记 提出了哪些意见")
	u.Send("😀😀😀")
	reply(t, u, "请用文字填写")
	u.Send("希望多到一线调研")
	reply(t, u, "张书记 向您提出了哪些意见")
	noViolations(t, h.fake)
}
