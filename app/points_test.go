package app_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"orglife"
	"orglife/bot/telegramtest"
)

func ptPoints(t *testing.T, f *fixture) []orglife.Point {
	t.Helper()
	ps, err := f.records.Points(context.Background(), f.branch.ID, f.meeting.ID)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func ptPoint(t *testing.T, f *fixture, id string) orglife.Point {
	t.Helper()
	p, err := f.records.Point(context.Background(), f.branch.ID, f.meeting.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func ptLog(t *testing.T, f *fixture) []orglife.PointChange {
	t.Helper()
	l, err := f.records.PointLog(context.Background(), f.branch.ID, f.meeting.ID)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func ptDraft(t *testing.T, f *fixture, u *telegramtest.User) []byte {
	t.Helper()
	d, err := f.records.Draft(context.Background(), u.ID(), "point")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// ptButtons lists the texts of a message's buttons.
func ptButtons(m telegramtest.Message) []string {
	var out []string
	for _, row := range m.Buttons {
		for _, b := range row {
			out = append(out, b.Text)
		}
	}
	return out
}

// ptButton is the data of the button with this text on m.
func ptButton(t *testing.T, m telegramtest.Message, text string) string {
	t.Helper()
	for _, row := range m.Buttons {
		for _, b := range row {
			if b.Text == text {
				return b.Data
			}
		}
	}
	t.Fatalf("no button %q on %q: %v", text, m.Text, ptButtons(m))
	return ""
}

// ptLastAnswer waits for the user's n-th button press to be answered and returns the answer.
func ptLastAnswer(t *testing.T, u *telegramtest.User, n int) string {
	t.Helper()
	waitAnswered(t, u, n)
	as := u.CallbackAnswers()
	return as[len(as)-1].Text
}

func TestPointHappyPathWithExampleNudge(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 1, 2)
	u := f.members[0]

	// A stock phrase gets one gentle request for an example; the member gives one.
	u.Send("/point")
	area := reply(t, u, "这个问题属于哪个方面")
	if got := ptButtons(area); len(got) != 7 || got[0] != "理论学习" || got[5] != "廉洁自律" || got[6] != "取消" {
		t.Fatalf("area buttons %v", got)
	}
	click(t, u, "理论学习")
	source := reply(t, u, "怎么查摆出来的")
	if source.ID != area.ID || len(ptButtons(source)) != 6 {
		t.Fatalf("the source question should replace the area one in place with five sources and 取消: %+v", source)
	}
	click(t, u, "自己找")
	reply(t, u, "请用自己的话写下这个问题")
	u.Send("学习不够深入")
	nudge := reply(t, u, "补充一个具体的例子")
	if !strings.Contains(nudge.Text, "“学习不够深入”") || !strings.Contains(strings.Join(ptButtons(nudge), " "), "跳过") {
		t.Fatalf("nudge %q %v should quote the problem and offer 跳过", nudge.Text, ptButtons(nudge))
	}
	u.Send("上个月支部集中学习时只读了摘要，没有通读原文")
	reply(t, u, "原因分析")
	u.Send("工作忙，挤不出整块时间")
	reply(t, u, "整改措施")
	u.Send("每周固定两个晚上读原文")
	done := reply(t, u, "已记录查摆问题")
	for _, want := range []string{"理论学习", "自己找", "学习不够深入。例如：上个月支部集中学习时只读了摘要", "/mypoints"} {
		if !strings.Contains(done.Text, want) {
			t.Errorf("summary lacks %q:\n%s", want, done.Text)
		}
	}

	// The same nudge, skipped: the problem is kept as written; the optional steps skipped.
	u.Send("/point")
	reply(t, u, "这个问题属于哪个方面")
	click(t, u, "政治素质")
	reply(t, u, "怎么查摆出来的")
	click(t, u, "群众提")
	reply(t, u, "请用自己的话写下这个问题")
	u.Send("学习不够")
	reply(t, u, "补充一个具体的例子")
	click(t, u, "跳过")
	reply(t, u, "原因分析")
	click(t, u, "跳过")
	reply(t, u, "整改措施")
	click(t, u, "跳过")
	reply(t, u, "已记录查摆问题")

	// A concrete problem is not nudged at all.
	u.Send("/point")
	reply(t, u, "这个问题属于哪个方面")
	click(t, u, "廉洁自律")
	reply(t, u, "怎么查摆出来的")
	click(t, u, "集体议")
	reply(t, u, "请用自己的话写下这个问题")
	_, cursor := u.BotEvents(0)
	u.Send("三次支部集中学习缺席两次，都以工作忙为由请假")
	reply(t, u, "原因分析")
	click(t, u, "跳过")
	reply(t, u, "整改措施")
	click(t, u, "跳过")
	reply(t, u, "已记录查摆问题")
	events, _ := u.BotEvents(cursor)
	for _, m := range events {
		if strings.Contains(m.Text, "补充一个具体的例子") {
			t.Fatalf("a concrete problem was nudged: %q", m.Text)
		}
	}

	ps := ptPoints(t, f)
	if len(ps) != 3 {
		t.Fatalf("%d points stored, want 3: %+v", len(ps), ps)
	}
	want := []orglife.Point{
		{Area: orglife.AreaTheory, Source: orglife.SourceSelf, Problem: "学习不够深入。例如：上个月支部集中学习时只读了摘要，没有通读原文",
			Cause: "工作忙，挤不出整块时间", Measure: "每周固定两个晚上读原文"},
		{Area: orglife.AreaPolitics, Source: orglife.SourceMasses, Problem: "学习不够"},
		{Area: orglife.AreaIntegrity, Source: orglife.SourceCollective, Problem: "三次支部集中学习缺席两次，都以工作忙为由请假"},
	}
	for i, p := range ps {
		w := want[i]
		if p.Area != w.Area || p.Source != w.Source || p.Problem != w.Problem || p.Cause != w.Cause || p.Measure != w.Measure ||
			p.MemberID != u.ID() || p.MeetingID != f.meeting.ID || p.ID == "" || p.Withdrawn || p.CreatedAt.IsZero() {
			t.Errorf("point %d = %+v, want %+v", i, p, w)
		}
	}
	log := ptLog(t, f)
	if len(log) != 3 {
		t.Fatalf("point log %+v, want three creations", log)
	}
	for i, c := range log {
		if c.Action != orglife.PointCreate || c.By != u.ID() || c.PointID != ps[i].ID {
			t.Errorf("log entry %d = %+v", i, c)
		}
	}
	noViolations(t, h.fake)
}

func TestPointCancelMidFlow(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 1)
	u := f.members[0]
	u.Send("/point")
	reply(t, u, "这个问题属于哪个方面")
	click(t, u, "担当作为")
	reply(t, u, "怎么查摆出来的")
	click(t, u, "互相帮")
	reply(t, u, "请用自己的话写下这个问题")
	u.Send("遇到难题时习惯往上推，不愿意主动承担责任")
	prompt := reply(t, u, "原因分析")
	click(t, u, "取消")
	if m := reply(t, u, "已取消"); m.ID != prompt.ID || len(m.Buttons) != 0 || !strings.Contains(m.Text, "保存为草稿，再次发送 /point 即可继续") {
		t.Fatalf("取消 should close the prompt in place and keep what was typed: %+v", m)
	}
	u.Send("/point")
	if m := reply(t, u, "继续上次未完成的查摆问题"); !strings.Contains(m.Text, "遇到难题时习惯往上推") {
		t.Fatalf("the draft is not offered: %q", m.Text)
	}
	click(t, u, "重新开始")
	reply(t, u, "这个问题属于哪个方面")
	u.Send("/cancel") // nothing typed yet: nothing to keep
	if m := reply(t, u, "已取消"); strings.Contains(m.Text, "草稿") {
		t.Fatalf("an empty run kept a draft: %q", m.Text)
	}
	u.Send("随便说点什么")
	reply(t, u, "目前没有需要您回答的问题")
	if ps := ptPoints(t, f); len(ps) != 0 {
		t.Fatalf("a cancelled point was stored: %+v", ps)
	}
	if d := ptDraft(t, f, u); d != nil {
		t.Fatalf("a cancelled point left a draft: %s", d)
	}
	noViolations(t, h.fake)
}

func TestMyPointsEditAndWithdraw(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 2)
	u, other := f.members[0], f.members[1]
	p1 := f.addPoint(t, u.ID(), orglife.AreaTheory, orglife.SourceSelf, "学习笔记只抄不思，没有结合岗位实际", "")
	p2 := f.addPoint(t, u.ID(), orglife.AreaCapability, orglife.SourceMutual, "新业务系统上线后迟迟没有学会使用", "")
	f.addPoint(t, other.ID(), orglife.AreaIntegrity, orglife.SourceSelf, "别人的问题不应出现在我的列表里", "")

	u.Send("/mypoints")
	list := reply(t, u, "我的查摆问题")
	for _, want := range []string{"2 条", "1. 【理论学习 · 自己找】", "学习笔记只抄不思", "2. 【能力本领 · 互相帮】", "新业务系统上线后", "前（含当天）可点下方按钮"} {
		if !strings.Contains(list.Text, want) {
			t.Errorf("list lacks %q:\n%s", want, list.Text)
		}
	}
	if strings.Contains(list.Text, "别人的问题") {
		t.Fatalf("another member's point is listed:\n%s", list.Text)
	}
	if got := strings.Join(ptButtons(list), " "); got != "编辑1 撤回1 编辑2 撤回2" {
		t.Fatalf("list buttons %q", got)
	}
	for _, row := range list.Buttons {
		for _, b := range row {
			if !strings.HasPrefix(b.Data, "pt:") || len(b.Data) > 64 || strings.ContainsAny(b.Data, "学问") {
				t.Fatalf("button data %q should carry ids only", b.Data)
			}
		}
	}

	// Edit the problem of point 1.
	click(t, u, "编辑1")
	reply(t, u, "要修改哪一项")
	click(t, u, "问题")
	reply(t, u, "请输入新的问题")
	u.Send("学")
	reply(t, u, "至少 4 个字")
	u.Send("学习笔记只抄不思，三个月来没有写过一篇心得")
	reply(t, u, "已修改")
	if got := ptPoint(t, f, p1.ID); got.Problem != "学习笔记只抄不思，三个月来没有写过一篇心得" || got.Area != orglife.AreaTheory {
		t.Fatalf("edited point %+v", got)
	}
	log := ptLog(t, f)
	last := log[len(log)-1]
	if len(log) != 4 || last.Action != orglife.PointEdit || last.By != u.ID() || last.PointID != p1.ID ||
		!strings.Contains(last.Before, "问题：学习笔记只抄不思，没有结合岗位实际") || !strings.Contains(last.After, "三个月来没有写过一篇心得") {
		t.Fatalf("log after the edit: %+v", log)
	}

	// Edit the area of point 1 by buttons.
	u.Send("/mypoints")
	reply(t, u, "我的查摆问题")
	click(t, u, "编辑1")
	reply(t, u, "要修改哪一项")
	click(t, u, "方面")
	reply(t, u, "请选择新的方面")
	click(t, u, "工作作风")
	reply(t, u, "已修改")
	if got := ptPoint(t, f, p1.ID); got.Area != orglife.AreaWorkStyle {
		t.Fatalf("area not changed: %+v", got)
	}

	// Withdraw point 2, with a confirmation.
	click(t, u, "撤回2")
	confirm := reply(t, u, "确定撤回这条查摆问题吗")
	if !strings.Contains(confirm.Text, "新业务系统上线后") {
		t.Fatalf("confirmation %q should show the point", confirm.Text)
	}
	click(t, u, "确认撤回")
	reply(t, u, "已撤回")
	if got := ptPoint(t, f, p2.ID); !got.Withdrawn {
		t.Fatalf("point 2 not withdrawn: %+v", got)
	}
	log = ptLog(t, f)
	if last := log[len(log)-1]; len(log) != 6 || last.Action != orglife.PointWithdraw || last.By != u.ID() || last.PointID != p2.ID {
		t.Fatalf("log after the withdrawal: %+v", log)
	}
	answered := len(u.CallbackAnswers())
	// The old list's button of the withdrawn point no longer works.
	click(t, u, "撤回2")
	if a := ptLastAnswer(t, u, answered+1); !strings.Contains(a, "已撤回或不存在") {
		t.Fatalf("withdrawing twice answered %q", a)
	}
	if n := len(ptLog(t, f)); n != 6 {
		t.Fatalf("a stale press changed the log: %d entries", n)
	}

	u.Send("/mypoints")
	list = reply(t, u, "我的查摆问题")
	if !strings.Contains(list.Text, "1 条") || strings.Contains(list.Text, "新业务系统") || !strings.Contains(list.Text, "工作作风") {
		t.Fatalf("list after withdrawal:\n%s", list.Text)
	}
	if got := strings.Join(ptButtons(list), " "); got != "编辑1 撤回1" {
		t.Fatalf("list buttons after withdrawal %q", got)
	}
	noViolations(t, h.fake)
}

func TestPointsAfterDeadline(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 1, 1)
	u, s := f.members[0], f.secretary
	p1 := f.addPoint(t, u.ID(), orglife.AreaWorkStyle, orglife.SourceMasses, "下基层调研走马观花，问题没有跟踪到底", "")
	p2 := f.addPoint(t, u.ID(), orglife.AreaResponsibility, orglife.SourceSuperiors, "对群众反映的问题推诿，没有及时回复", "")

	u.Send("/mypoints")
	old := reply(t, u, "我的查摆问题")
	today := orglife.DateOf(time.Now(), h.cfg.Location)
	f.setDeadline(t, orglife.StepPoints, today.AddDays(-1))

	u.Send("/mypoints")
	closed := reply(t, u, "联系支部书记")
	if len(closed.Buttons) != 0 || !strings.Contains(closed.Text, today.AddDays(-1).Chinese()) || !strings.Contains(closed.Text, "下基层调研") {
		t.Fatalf("after the deadline the list should show the points and the deadline, without buttons: %+v", closed)
	}
	// The buttons of the list sent before the deadline are refused now.
	if _, err := u.ClickData(old.ID, ptButton(t, old, "编辑1")); err != nil {
		t.Fatal(err)
	}
	if a := ptLastAnswer(t, u, 1); !strings.Contains(a, "时限已过") {
		t.Fatalf("edit after the deadline answered %q", a)
	}
	if _, err := u.ClickData(old.ID, strings.TrimSuffix(ptButton(t, old, "撤回2"), ":w")+":w!"); err != nil {
		t.Fatal(err)
	}
	if a := ptLastAnswer(t, u, 2); !strings.Contains(a, "时限已过") {
		t.Fatalf("withdrawal after the deadline answered %q", a)
	}
	if got := ptPoint(t, f, p2.ID); got.Withdrawn || len(ptLog(t, f)) != 2 {
		t.Fatalf("a refused press changed the records: %+v", got)
	}

	// The secretary may change anything, and the member is told.
	s.Send("/points")
	all := reply(t, s, "查摆问题清单")
	for _, want := range []string{"1 人，2 条", "党员1", "【工作作风 · 群众提】", "下基层调研走马观花", "对群众反映的问题推诿"} {
		if !strings.Contains(all.Text, want) {
			t.Errorf("/points lacks %q:\n%s", want, all.Text)
		}
	}
	click(t, s, "编辑1")
	reply(t, s, "党员1 的查摆问题")
	click(t, s, "措施")
	reply(t, s, "请输入新的措施")
	s.Send("每次调研形成问题清单，逐条跟踪到办结")
	reply(t, s, "已修改")
	if got := ptPoint(t, f, p1.ID); got.Measure != "每次调研形成问题清单，逐条跟踪到办结" {
		t.Fatalf("secretary's edit not stored: %+v", got)
	}
	log := ptLog(t, f)
	if last := log[len(log)-1]; last.By != s.ID() || last.Action != orglife.PointEdit || last.PointID != p1.ID ||
		last.Before != "措施：（空）" || !strings.Contains(last.After, "逐条跟踪到办结") {
		t.Fatalf("secretary's edit logged as %+v", last)
	}
	told := reply(t, u, "支部书记修改了您的一条查摆问题")
	if !strings.Contains(told.Text, "逐条跟踪到办结") {
		t.Fatalf("the member was told %q", told.Text)
	}

	click(t, s, "撤回2")
	reply(t, s, "确定撤回")
	click(t, s, "确认撤回")
	reply(t, s, "已撤回")
	if got := ptPoint(t, f, p2.ID); !got.Withdrawn {
		t.Fatalf("secretary's withdrawal not stored: %+v", got)
	}
	log = ptLog(t, f)
	if last := log[len(log)-1]; last.By != s.ID() || last.Action != orglife.PointWithdraw || last.PointID != p2.ID {
		t.Fatalf("secretary's withdrawal logged as %+v", last)
	}
	reply(t, u, "支部书记撤回了您的一条查摆问题")

	// A member may still record a late point, once they say so: it is marked 逾期补充, and they
	// are told that changes go through the secretary. 取消 records nothing.
	u.Send("/point")
	ask := reply(t, u, "查摆问题已过时限（"+today.AddDays(-1).Chinese()+"），仍要补充吗")
	if got := buttonTexts(ask); got != "仍要补充 取消" {
		t.Fatalf("the late question's buttons %q", got)
	}
	click(t, u, "取消")
	reply(t, u, "已取消")
	u.Send("/point")
	reply(t, u, "仍要补充吗")
	click(t, u, "仍要补充")
	reply(t, u, "这个问题属于哪个方面")
	click(t, u, "能力本领")
	reply(t, u, "怎么查摆出来的")
	click(t, u, "自己找")
	reply(t, u, "请用自己的话写下这个问题")
	u.Send("对新出台的政策文件学得不透，解答群众咨询时说不清楚")
	reply(t, u, "原因分析")
	click(t, u, "跳过")
	reply(t, u, "整改措施")
	click(t, u, "跳过")
	saved := reply(t, u, "时限已过，如需修改请联系支部书记")
	if !strings.Contains(saved.Text, "已标注为逾期补充") {
		t.Fatalf("the member is not told the point is marked late: %q", saved.Text)
	}
	ps := ptPoints(t, f)
	if len(ps) != 3 || !ps[2].Late || ps[0].Late || ps[1].Late {
		t.Fatalf("only the point recorded after the deadline should be late: %+v", ps)
	}
	// The secretary sees which: 「（逾期补充）」 on that point alone.
	s.Send("/points")
	all = reply(t, s, "查摆问题清单（2026年度专题组织生活会，1 人，2 条）")
	if strings.Count(all.Text, "（逾期补充）") != 1 || !strings.Contains(all.Text, "【能力本领 · 自己找】（逾期补充）") {
		t.Fatalf("/points should mark the late point alone:\n%s", all.Text)
	}
	noViolations(t, h.fake)
}

// TestPointWordlessContentRefused: a problem, example, cause or measure of emoji, digits or
// symbols alone is refused, saying words are wanted, and so is such an edit; text with a
// word in it goes through as before.
func TestPointWordlessContentRefused(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 1)
	u := f.members[0]
	u.Send("/point")
	reply(t, u, "这个问题属于哪个方面")
	click(t, u, "理论学习")
	reply(t, u, "怎么查摆出来的")
	click(t, u, "自己找")
	reply(t, u, "请用自己的话写下这个问题")
	for _, bad := range []string{"😀😀😀😀", "１２３４５６", "！？。。。。", "😀"} {
		u.Send(bad)
		reply(t, u, "请用文字写下问题的具体表现")
	}
	u.Send("学习不够😀")
	reply(t, u, "补充一个具体的例子")
	u.Send("👍👍👍")
	reply(t, u, "请用文字填写，或点“跳过”")
	click(t, u, "跳过")
	reply(t, u, "原因分析")
	u.Send("……")
	reply(t, u, "请用文字填写，或点“跳过”")
	u.Send("工作忙")
	reply(t, u, "整改措施")
	u.Send("100%")
	reply(t, u, "请用文字填写，或点“跳过”")
	u.Send("每周读原文2次")
	reply(t, u, "已记录查摆问题")
	ps := ptPoints(t, f)
	if len(ps) != 1 || ps[0].Problem != "学习不够😀" || ps[0].Cause != "工作忙" || ps[0].Measure != "每周读原文2次" {
		t.Fatalf("stored %+v", ps)
	}

	u.Send("/mypoints")
	reply(t, u, "我的查摆问题")
	click(t, u, "编辑1")
	reply(t, u, "要修改哪一项")
	click(t, u, "措施")
	reply(t, u, "请输入新的措施")
	u.Send("😀😀")
	reply(t, u, "请用文字填写：只有表情、数字或符号的内容无法记录")
	u.Send("每周读原文两次，写一篇体会")
	reply(t, u, "已修改")
	if p := ptPoint(t, f, ps[0].ID); p.Measure != "每周读原文两次，写一篇体会" {
		t.Fatalf("after the edit %+v", p)
	}
	noViolations(t, h.fake)
}

func TestPointButtonOfAnotherMemberRefused(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 1, 2)
	a, b, c := f.members[0], f.members[1], f.committee[0]
	pa := f.addPoint(t, a.ID(), orglife.AreaTheory, orglife.SourceSelf, "党员甲的问题：读书学习浅尝辄止", "")
	pb := f.addPoint(t, b.ID(), orglife.AreaPolitics, orglife.SourceSelf, "党员乙的问题：政治敏锐性不强", "")

	b.Send("/mypoints")
	list := reply(t, b, "我的查摆问题")
	presses := 0
	for _, action := range []string{"e", "w", "w!"} {
		if _, err := b.ClickData(list.ID, "pt:"+f.branch.ID+":"+f.meeting.ID+":"+pa.ID+":"+action); err != nil {
			t.Fatal(err)
		}
		presses++
		if ans := ptLastAnswer(t, b, presses); !strings.Contains(ans, "只能修改自己的") {
			t.Fatalf("%s on another member's point answered %q", action, ans)
		}
	}
	// A point that does not exist.
	if _, err := b.ClickData(list.ID, "pt:"+f.branch.ID+":"+f.meeting.ID+":p999:e"); err != nil {
		t.Fatal(err)
	}
	presses++
	if ans := ptLastAnswer(t, b, presses); !strings.Contains(ans, "已撤回或不存在") {
		t.Fatalf("a missing point answered %q", ans)
	}
	// A committee member is not the secretary either.
	c.Send("/mypoints")
	cm := reply(t, c, "还没有记录查摆问题")
	if _, err := c.ClickData(cm.ID, "pt:"+f.branch.ID+":"+f.meeting.ID+":"+pa.ID+":w!"); err != nil {
		t.Fatal(err)
	}
	if ans := ptLastAnswer(t, c, 1); !strings.Contains(ans, "只能修改自己的") {
		t.Fatalf("committee member's press answered %q", ans)
	}
	// The secretary of another branch has no say over this one.
	ctx := context.Background()
	other, err := f.records.NewBranchID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.records.CreateBranch(ctx, orglife.Branch{ID: other, Name: "第二党支部", SecretaryID: 300, CreatedAt: time.Now()},
		orglife.Member{UserID: 300, Name: "李书记", Role: orglife.RoleSecretary, JoinedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	s2 := h.fake.NewUser(300, "李书记")
	s2.Send("/points")
	sm := reply(t, s2, "还没有创建专题组织生活会")
	if _, err := s2.ClickData(sm.ID, "pt:"+f.branch.ID+":"+f.meeting.ID+":"+pa.ID+":w!"); err != nil {
		t.Fatal(err)
	}
	if ans := ptLastAnswer(t, s2, 1); !strings.Contains(ans, "只能修改自己的") {
		t.Fatalf("another branch's secretary answered %q", ans)
	}

	if got := ptPoint(t, f, pa.ID); got.Withdrawn || got.Problem != pa.Problem {
		t.Fatalf("member A's point changed: %+v", got)
	}
	if n := len(ptLog(t, f)); n != 2 {
		t.Fatalf("refused presses were logged: %d entries", n)
	}
	// B's own buttons still work after the refusals.
	click(t, b, "编辑1")
	presses++
	reply(t, b, "党员乙的问题")
	b.Send("/cancel")
	reply(t, b, "已取消")
	// Forged nonsense is stale.
	for _, data := range []string{"pt:1", "pt:" + f.branch.ID + ":" + f.meeting.ID + ":" + pa.ID + ":zz:extra",
		"pt:" + f.branch.ID + ":" + f.meeting.ID + ":" + pb.ID + ":zz"} {
		if _, err := b.ClickData(list.ID, data); err != nil {
			t.Fatal(err)
		}
		presses++
		if ans := ptLastAnswer(t, b, presses); !strings.Contains(ans, "已失效") {
			t.Fatalf("forged %q answered %q", data, ans)
		}
	}
	noViolations(t, h.fake)
}

func TestPointsListNeedsSecretary(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 1, 1)
	stranger := h.fake.NewUser(999, "路人")
	for _, cmd := range []string{"/points", "/point", "/mypoints"} {
		stranger.Send(cmd)
		reply(t, stranger, "还没有加入党支部")
	}
	for _, u := range []*telegramtest.User{f.members[0], f.committee[0]} {
		u.Send("/points")
		reply(t, u, "只有支部书记可以使用")
	}
	f.secretary.Send("/points")
	reply(t, f.secretary, "还没有人记录查摆问题")
	f.members[0].Send("/mypoints")
	reply(t, f.members[0], "还没有记录查摆问题")
	noViolations(t, h.fake)
}

func TestPointRestartMidDialog(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 1)
	u := f.members[0]
	u.Send("/point")
	reply(t, u, "这个问题属于哪个方面")
	click(t, u, "能力本领")
	reply(t, u, "怎么查摆出来的")
	h.restart()
	click(t, u, "上级点")
	reply(t, u, "请用自己的话写下这个问题")
	u.Send("写材料时照搬模板，缺少自己的分析和思考")
	reply(t, u, "原因分析")
	h.restart()
	u.Send("满足于完成任务")
	reply(t, u, "整改措施")
	click(t, u, "跳过")
	reply(t, u, "已记录查摆问题")
	ps := ptPoints(t, f)
	if len(ps) != 1 || ps[0].Area != orglife.AreaCapability || ps[0].Source != orglife.SourceSuperiors ||
		ps[0].Problem != "写材料时照搬模板，缺少自己的分析和思考" || ps[0].Cause != "满足于完成任务" {
		t.Fatalf("points after restarts: %+v", ps)
	}
	noViolations(t, h.fake)
}

func TestPointBadInputAndEscaping(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 1)
	u := f.members[0]
	u.Send("/point")
	reply(t, u, "这个问题属于哪个方面")
	u.Send("学习方面") // typed where a button is expected, and no button's label
	reply(t, u, "请点击上面消息中的按钮")
	click(t, u, "工作作风")
	reply(t, u, "怎么查摆出来的")
	click(t, u, "集体议")
	reply(t, u, "请用自己的话写下这个问题")
	u.SendSticker()
	reply(t, u, "这里需要文字消息")
	u.Send(strings.Repeat("学", 2001))
	// Shorten and send again; not "send it in parts": the next message would answer the
	// next question.
	if m := reply(t, u, "内容太长（2001 字）"); !strings.Contains(m.Text, "请精简到 2000 字以内后重新发送") || strings.Contains(m.Text, "分") {
		t.Fatalf("length notice %q: want it to ask for 2000 characters at most, without splitting", m.Text)
	}
	u.Send("差")
	reply(t, u, "至少 4 个字")
	problem := "<b>&差</b>"
	u.Send(problem)
	nudge := reply(t, u, "补充一个具体的例子")
	if !strings.Contains(nudge.Text, "“"+problem+"”") {
		t.Fatalf("nudge should echo the problem escaped: %q", nudge.Text)
	}
	u.Send("会上<i>不</i>&发言 </b>")
	reply(t, u, "原因分析")
	click(t, u, "跳过")
	reply(t, u, "整改措施")
	u.Send("a<script>&amp;")
	done := reply(t, u, "已记录查摆问题")
	stored := problem + "。例如：会上<i>不</i>&发言 </b>"
	if !strings.Contains(done.Text, stored) {
		t.Fatalf("summary %q should show %q as typed", done.Text, stored)
	}
	ps := ptPoints(t, f)
	if len(ps) != 1 || ps[0].Problem != stored || ps[0].Measure != "a<script>&amp;" {
		t.Fatalf("stored %+v", ps)
	}
	u.Send("/mypoints")
	list := reply(t, u, "我的查摆问题")
	if !strings.Contains(list.Text, stored) || !strings.Contains(list.Text, "措施：a<script>&amp;") {
		t.Fatalf("list %q should show the text as typed", list.Text)
	}
	f.secretary.Send("/points")
	if all := reply(t, f.secretary, "查摆问题清单"); !strings.Contains(all.Text, stored) {
		t.Fatalf("/points %q should show the text as typed", all.Text)
	}
	noViolations(t, h.fake)
}

func TestPointDraftResume(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 1)
	u := f.members[0]
	ctx := context.Background()
	save := func(a map[string]string) {
		t.Helper()
		raw, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.records.SaveDraft(ctx, u.ID(), "point", raw); err != nil {
			t.Fatal(err)
		}
	}

	// 继续: the flow goes on from the first question not answered.
	save(map[string]string{"area": "2", "source": "3", "problem": "对上级精神理解不深，传达时照本宣科"})
	u.Send("/point")
	ask := reply(t, u, "继续上次未完成的查摆问题")
	if !strings.Contains(ask.Text, "对上级精神理解不深") || strings.Join(ptButtons(ask), " ") != "继续 重新开始 取消" {
		t.Fatalf("draft question %q %v", ask.Text, ptButtons(ask))
	}
	click(t, u, "继续")
	reply(t, u, "原因分析")
	if d := ptDraft(t, f, u); d != nil {
		t.Fatalf("the resumed draft is still kept: %s", d)
	}
	u.Send("理论功底不扎实")
	reply(t, u, "整改措施")
	click(t, u, "跳过")
	reply(t, u, "已记录查摆问题")
	ps := ptPoints(t, f)
	if len(ps) != 1 || ps[0].Area != orglife.AreaPolitics || ps[0].Source != orglife.SourceSuperiors ||
		ps[0].Problem != "对上级精神理解不深，传达时照本宣科" || ps[0].Cause != "理论功底不扎实" {
		t.Fatalf("resumed point stored as %+v", ps)
	}

	// A resumed stock phrase still gets its one request for an example.
	save(map[string]string{"area": "1", "source": "1", "problem": "学习不够深入"})
	u.Send("/point")
	reply(t, u, "继续上次未完成的查摆问题")
	click(t, u, "继续")
	reply(t, u, "补充一个具体的例子")
	u.Send("/cancel")
	reply(t, u, "已取消")

	// 重新开始: the draft is dropped and the flow starts from the area.
	save(map[string]string{"area": "4", "problem": "草稿里的旧问题，不再需要"})
	u.Send("/point")
	reply(t, u, "继续上次未完成的查摆问题")
	click(t, u, "重新开始")
	reply(t, u, "这个问题属于哪个方面")
	if d := ptDraft(t, f, u); d != nil {
		t.Fatalf("the discarded draft is still kept: %s", d)
	}
	u.Send("/cancel")
	reply(t, u, "已取消")
	if n := len(ptPoints(t, f)); n != 1 {
		t.Fatalf("%d points, want only the resumed one", n)
	}
	noViolations(t, h.fake)
}

func TestPointsLongListIsSplit(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 5)
	long := strings.Repeat("在工作中存在形式主义倾向，", 40) // 520 characters, listed clipped
	for i := range 25 {
		f.addPoint(t, f.members[i%5].ID(), orglife.Areas[i%6], orglife.Sources[i%5], long, "")
	}
	s := f.secretary
	s.Send("/points")
	reply(t, s, "支部书记可随时修改或撤回")
	msgs := s.Replies()
	if len(msgs) < 2 {
		t.Fatalf("25 long points in %d message(s)", len(msgs))
	}
	var buttons []string
	for _, m := range msgs {
		if n := len([]rune(m.Text)); n > 4096 {
			t.Fatalf("a message of %d characters", n)
		}
		if len(m.Buttons) > 20 {
			t.Fatalf("a message with %d rows of buttons", len(m.Buttons))
		}
		buttons = append(buttons, ptButtons(m)...)
	}
	if len(buttons) != 50 || buttons[0] != "编辑1" || buttons[49] != "撤回25" {
		t.Fatalf("buttons across the messages: %v", buttons)
	}
	if first, last := msgs[0].Text, msgs[len(msgs)-1].Text; !strings.Contains(first, "5 人，25 条") || !strings.Contains(last, "25. 党员5") {
		t.Fatalf("first message %q\nlast message %q", first, last)
	}
	noViolations(t, h.fake)
}

// TestTypedButtonLabelIsTheAnswer: typing a button's label while its buttons are shown (担当作为,
// then 自己找) answers as pressing it would; typing 取消 cancels.
func TestTypedButtonLabelIsTheAnswer(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 1)
	u := f.members[0]
	u.Send("/point")
	reply(t, u, "这个问题属于哪个方面")
	u.Send("担当作为")
	reply(t, u, "怎么查摆出来的")
	u.Send(" 自己找 ")
	reply(t, u, "请用自己的话写下这个问题")
	u.Send("/cancel")
	reply(t, u, "已取消")
	u.Send("/point")
	reply(t, u, "继续上次未完成的查摆问题") // the typed answers were kept as a draft
	u.Send("继续")
	reply(t, u, "请用自己的话写下这个问题")
	u.Send("取消")
	reply(t, u, "已取消")
	noViolations(t, h.fake)
}
