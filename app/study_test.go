package app_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"orglife"
	"orglife/bot/telegramtest"
)

// studies loads the current meeting's study records.
func (f *fixture) studies(t *testing.T) []orglife.Study {
	t.Helper()
	ss, err := f.records.Studies(context.Background(), f.branch.ID, f.meeting.ID)
	if err != nil {
		t.Fatal(err)
	}
	return ss
}

func TestStudyRecordedAndListed(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 2)
	m1 := f.members[0]
	today := today(h)

	m1.Send("/study")
	prompt := reply(t, m1, "学习形式")
	if got := buttonTexts(prompt); got != "个人自学 线上学习 取消" {
		t.Fatalf("form buttons %q", got)
	}
	if !strings.Contains(prompt.Text, "集中学习、专题研讨由支部书记或支委统一记录") {
		t.Fatalf("a member is not told who records collective study: %q", prompt.Text)
	}
	click(t, m1, "个人自学")
	reply(t, m1, "哪天学习的")
	click(t, m1, "昨天")
	// A pressed day is on its button; only a typed one is echoed.
	if topic := reply(t, m1, "学习的主题或材料"); strings.Contains(topic.Text, "已记为") {
		t.Fatalf("a pressed day was echoed: %q", topic.Text)
	}
	m1.SendSticker()
	reply(t, m1, "这里需要文字消息")
	m1.Send("<b>党章</b>&党规")
	reply(t, m1, "学习了多长时间")
	for _, bad := range []string{"两个小时", "0", "0.2", "25", "30小时", "-1", "1.5.2", "NaN", "inf", "1e1"} {
		m1.Send(bad)
		reply(t, m1, "请输入 0.5 到 24 之间的小时数")
	}
	m1.Send("1.5小时")
	reply(t, m1, "学习心得或笔记要点")
	m1.Send("２．５") // the hours again, by mistake: no words, no notes
	reply(t, m1, "请用文字写下心得")
	m1.Send("<i>体会</i>：要学深悟透&学以致用")
	done := reply(t, m1, "已记录学习")
	for _, want := range []string{"<b>党章</b>&党规", "<i>体会</i>：要学深悟透&学以致用", "1.5 小时", "个人自学",
		today.AddDays(-1).Chinese(), "已记录学习 1 次，共 1.5 小时"} {
		if !strings.Contains(done.Text, want) {
			t.Fatalf("summary lacks %q:\n%s", want, done.Text)
		}
	}
	ss := f.studies(t)
	if len(ss) != 1 {
		t.Fatalf("%d studies stored", len(ss))
	}
	if s := ss[0]; s.MemberID != 201 || s.Form != orglife.StudySelf || s.Date != today.AddDays(-1) || s.Topic != "<b>党章</b>&党规" ||
		s.Hours != 1.5 || s.Notes != "<i>体会</i>：要学深悟透&学以致用" || s.MeetingID != f.meeting.ID || s.ID == "" {
		t.Fatalf("stored study %+v", s)
	}

	// A second one: online on a typed platform, a typed date, "2" hours, no notes.
	m1.Send("/study")
	reply(t, m1, "学习形式")
	click(t, m1, "线上学习")
	channels := reply(t, m1, "在哪个平台或渠道学习的")
	if got := buttonTexts(channels); got != "学习强国 中国干部网络学院 共产党员网 跳过 取消" {
		t.Fatalf("platform buttons %q", got)
	}
	m1.Send("X")
	reply(t, m1, "平台名称需要 2 到 40 个字")
	m1.Send("人民网<党建>")
	reply(t, m1, "哪天学习的")
	m1.Send(today.AddDays(-2).String())
	// The typed day is echoed at the head of the next question, not in a message of its own.
	if topic := reply(t, m1, "学习的主题或材料"); !strings.HasPrefix(topic.Text, "已记为 "+today.AddDays(-2).Chinese()+"。\n") {
		t.Fatalf("the typed day is not echoed first: %q", topic.Text)
	}
	m1.Send("二十届三中全会精神")
	reply(t, m1, "学习了多长时间")
	m1.Send("２")
	reply(t, m1, "学习心得")
	click(t, m1, "跳过")
	done = reply(t, m1, "已记录学习")
	if !strings.Contains(done.Text, "已记录学习 2 次，共 3.5 小时") || strings.Contains(done.Text, "心得") ||
		!strings.Contains(done.Text, "平台：人民网<党建>") {
		t.Fatalf("summary %q", done.Text)
	}
	ss = f.studies(t)
	if len(ss) != 2 || ss[1].Form != orglife.StudyOnline || ss[1].Channel != "人民网<党建>" || ss[1].Hours != 2 || ss[1].Notes != "" ||
		ss[1].Date != today.AddDays(-2) || ss[0].Channel != "" {
		t.Fatalf("studies %+v", ss)
	}

	// Another member's record is not in m1's list.
	m2 := f.members[1]
	m2.Send("/study")
	reply(t, m2, "学习形式")
	click(t, m2, "线上学习")
	reply(t, m2, "在哪个平台或渠道学习的")
	click(t, m2, "跳过")
	reply(t, m2, "哪天学习的")
	click(t, m2, "今天")
	reply(t, m2, "学习的主题或材料")
	m2.Send("网上党课")
	reply(t, m2, "学习了多长时间")
	m2.Send("半小时")
	reply(t, m2, "学习心得")
	click(t, m2, "跳过")
	reply(t, m2, "已记录学习 1 次，共 0.5 小时")

	m1.Send("/mystudy")
	list := reply(t, m1, "我的学习记录（2 次，共 3.5 小时）")
	for _, want := range []string{"<b>党章</b>&党规", "<i>体会</i>：要学深悟透&学以致用", "二十届三中全会精神", "线上学习", "个人自学", "平台：人民网<党建>"} {
		if !strings.Contains(list.Text, want) {
			t.Fatalf("/mystudy lacks %q:\n%s", want, list.Text)
		}
	}
	if strings.Contains(list.Text, "网上党课") {
		t.Fatalf("/mystudy shows another member's study:\n%s", list.Text)
	}
	f.secretary.Send("/mystudy")
	reply(t, f.secretary, "本次会议您还没有学习记录")
	noViolations(t, h.fake)
}

func TestStudyBadDatesAndCancel(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 1, 0)
	c1 := f.committee[0]
	today := today(h)
	c1.Send("/study")
	prompt := reply(t, c1, "学习形式")
	if !strings.Contains(prompt.Text, "集中学习、专题研讨请用 /session 统一记录") {
		t.Fatalf("a committee member is not pointed to /session: %q", prompt.Text)
	}
	click(t, c1, "线上学习")
	reply(t, c1, "在哪个平台或渠道学习的")
	click(t, c1, "学习强国")
	reply(t, c1, "哪天学习的")
	c1.Send("去年")
	// The refusal shows what to type: today's date, without the year and in full.
	example := fmt.Sprintf("日期格式不正确，例如 %d月%d日 或 %s", int(today.Month), today.Day, today)
	reply(t, c1, example)
	c1.Send("2月30日")
	reply(t, c1, "日期格式不正确")
	c1.Send(today.AddDays(2).String())
	reply(t, c1, "日期不能晚于今天")
	click(t, c1, "取消")
	if m := reply(t, c1, "已取消"); !strings.Contains(m.Text, "保存为草稿，再次发送 /study 即可继续") {
		t.Fatalf("取消 should keep the form and channel as a draft: %q", m.Text)
	}
	// The draft goes on where it stopped; /cancel then drops it, as its first line says.
	c1.Send("/study")
	reply(t, c1, "接着上次没写完的记录继续（发送 /cancel 可放弃）")
	reply(t, c1, "哪天学习的")
	c1.Send("/cancel")
	if m := reply(t, c1, "已取消"); !strings.Contains(m.Text, "上次的草稿已放弃") {
		t.Fatalf("/cancel of a resumed draft should drop it: %q", m.Text)
	}

	c1.Send("/study")
	reply(t, c1, "学习形式")
	click(t, c1, "个人自学")
	reply(t, c1, "哪天学习的")
	c1.Send("今天") // the 今天 button's label, typed: read as today, and said so
	reply(t, c1, "已记为 "+today.Chinese()+"。\n学习的主题或材料")
	c1.Send("党史")
	reply(t, c1, "学习了多长时间")
	c1.Send("/cancel")
	reply(t, c1, "已取消")
	c1.Send("2")
	reply(t, c1, "目前没有需要您回答的问题")
	if ss := f.studies(t); len(ss) != 0 {
		t.Fatalf("cancelled study stored: %+v", ss)
	}
	c1.Send("/mystudy")
	reply(t, c1, "本次会议您还没有学习记录")
	noViolations(t, h.fake)
}

func TestStudyRestartMidDialog(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 0)
	sec := f.secretary
	sec.Send("/study")
	reply(t, sec, "学习形式")
	h.restart()
	click(t, sec, "线上学习")
	reply(t, sec, "在哪个平台或渠道学习的")
	h.restart()
	click(t, sec, "中国干部网络学院")
	reply(t, sec, "哪天学习的")
	click(t, sec, "今天")
	reply(t, sec, "学习的主题或材料")
	h.restart()
	sec.Send("习近平新时代中国特色社会主义思想")
	reply(t, sec, "学习了多长时间")
	sec.Send("3 小时")
	reply(t, sec, "学习心得")
	h.restart()
	sec.Send("结合支部实际谈体会")
	reply(t, sec, "已记录学习 1 次，共 3 小时")
	ss := f.studies(t)
	if len(ss) != 1 || ss[0].Hours != 3 || ss[0].Date != today(h) || ss[0].Form != orglife.StudyOnline || ss[0].MemberID != 100 ||
		ss[0].Channel != "中国干部网络学院" {
		t.Fatalf("studies %+v", ss)
	}
	noViolations(t, h.fake)
}

// nthDocument waits for the n-th document (from 1) whose name ends with suffix in u's chat.
func nthDocument(t *testing.T, u *telegramtest.User, suffix string, n int) []byte {
	t.Helper()
	var got []byte
	waitUntil(t, func() bool {
		seen := 0
		for _, r := range u.Replies() {
			if r.Document != nil && strings.HasSuffix(r.Document.Name, suffix) {
				if seen++; seen == n {
					got = r.Document.Bytes
					return true
				}
			}
		}
		return false
	})
	return got
}

// TestStudyEditAndDeleteFromMyStudy: /mystudy gives each of the member's records 修改 and
// 删除; an edit asks the part chosen again, showing what it is now; a deletion asks to
// confirm. The report reads the records as changed: a mistyped 心得 「２．５」 no longer
// counts as a study note, a deleted record no longer as study.
func TestStudyEditAndDeleteFromMyStudy(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 1)
	m1, sec := f.members[0], f.secretary
	today := today(h)
	ctx := context.Background()
	// Recorded before notes had to be words: the hours typed into 心得 by mistake.
	s1 := orglife.Study{ID: "s901", MeetingID: f.meeting.ID, MemberID: 201, Form: orglife.StudySelf, Date: today.AddDays(-3),
		Topic: "党章", Hours: 1.5, Notes: "２．５", CreatedAt: time.Now().Add(-time.Hour)}
	s2 := orglife.Study{ID: "s902", MeetingID: f.meeting.ID, MemberID: 201, Form: orglife.StudyOnline, Date: today.AddDays(-1),
		Topic: "二十届三中全会精神", Hours: 2, Channel: "学习强国", CreatedAt: time.Now()}
	for _, s := range []orglife.Study{s1, s2} {
		if err := f.records.SaveStudy(ctx, f.branch.ID, s); err != nil {
			t.Fatal(err)
		}
	}
	stored := func(id string) (orglife.Study, bool) {
		s, err := f.records.Study(ctx, f.branch.ID, f.meeting.ID, id)
		if err != nil && !errors.Is(err, orglife.ErrNotFound) {
			t.Fatal(err)
		}
		return s, err == nil
	}

	sec.Send("/report")
	if p := reply(t, sec, "学习研讨："); !strings.Contains(p.Text, "个人自学1人次、线上学习1人次") {
		t.Fatalf("the preview before the changes:\n%s", p.Text)
	}
	if body := mmDocumentXML(t, nthDocument(t, sec, ".docx", 1)); !strings.Contains(body, "党员形成学习笔记1篇") {
		t.Fatal("the report does not count the note 「２．５」 before it is removed")
	}

	m1.Send("/mystudy")
	list := reply(t, m1, "我的学习记录（2 次，共 3.5 小时）")
	if got := buttonTexts(list); got != "修改1 删除1 修改2 删除2" || !strings.Contains(list.Text, "点下方按钮可修改或删除您的学习记录") {
		t.Fatalf("/mystudy buttons %q:\n%s", got, list.Text)
	}

	// 清空心得 removes the mistyped notes at once.
	click(t, m1, "修改1")
	field := reply(t, m1, "修改这条学习记录")
	if got := buttonTexts(field); got != "学习形式 日期 主题 时长 心得 清空心得 取消" || !strings.Contains(field.Text, "２．５") {
		t.Fatalf("the parts offered for a self-study with notes: %q\n%s", got, field.Text)
	}
	click(t, m1, "清空心得")
	done := reply(t, m1, "已修改学习记录")
	if done.ID != field.ID || strings.Contains(done.Text, "２．５") || !strings.Contains(done.Text, "党章") {
		t.Fatalf("the edit should end in place of its prompt, without the notes: %+v", done)
	}
	if s, _ := stored(s1.ID); s.Notes != "" || s.Topic != "党章" || s.Hours != 1.5 || s.Date != s1.Date {
		t.Fatalf("after 清空心得: %+v", s)
	}

	// The date: what it is now, then /study's question; a bad one refused as in /study.
	click(t, m1, "修改2")
	field = reply(t, m1, "修改这条学习记录")
	if got := buttonTexts(field); got != "学习形式 平台 日期 主题 时长 心得 取消" {
		t.Fatalf("the parts offered for an online study without notes: %q", got)
	}
	click(t, m1, "日期")
	if q := reply(t, m1, "哪天学习的"); q.ID != field.ID || !strings.Contains(q.Text, "现在的日期："+s2.Date.Chinese()) {
		t.Fatalf("the date question should show the date now, in place: %+v", q)
	}
	m1.Send("前天吧")
	reply(t, m1, "日期格式不正确")
	m1.Send(today.AddDays(-2).String())
	reply(t, m1, "已修改学习记录")
	if s, _ := stored(s2.ID); s.Date != today.AddDays(-2) || s.Channel != "学习强国" || s.Hours != 2 {
		t.Fatalf("after the date's edit: %+v", s)
	}

	// The topic, in words; the form, to 线上学习, then asks the platform.
	click(t, m1, "修改1")
	reply(t, m1, "要修改哪一项")
	click(t, m1, "主题")
	reply(t, m1, "现在的主题：党章")
	m1.Send("😀😀😀😀")
	reply(t, m1, "请用文字写明学习的主题或材料")
	m1.Send("党章党规原文")
	reply(t, m1, "已修改学习记录")
	click(t, m1, "修改1")
	reply(t, m1, "要修改哪一项")
	click(t, m1, "学习形式")
	reply(t, m1, "现在的学习形式：个人自学")
	click(t, m1, "线上学习")
	reply(t, m1, "现在的平台：（无）")
	click(t, m1, "中国干部网络学院")
	reply(t, m1, "已修改学习记录")
	if s, _ := stored(s1.ID); s.Topic != "党章党规原文" || s.Form != orglife.StudyOnline || s.Channel != "中国干部网络学院" {
		t.Fatalf("after the topic's and the form's edits: %+v", s)
	}

	// 删除 asks first; 取消 keeps the record, 确认删除 deletes it.
	click(t, m1, "删除2")
	confirm := reply(t, m1, "确定删除这条学习记录吗")
	if !strings.Contains(confirm.Text, "二十届三中全会精神") || buttonTexts(confirm) != "确认删除 取消" {
		t.Fatalf("the confirmation %q %q", confirm.Text, buttonTexts(confirm))
	}
	click(t, m1, "取消")
	reply(t, m1, "已取消。")
	if _, ok := stored(s2.ID); !ok {
		t.Fatal("取消 deleted the record")
	}
	click(t, m1, "删除2")
	reply(t, m1, "确定删除这条学习记录吗")
	click(t, m1, "确认删除")
	reply(t, m1, "已删除学习记录")
	if _, ok := stored(s2.ID); ok {
		t.Fatal("确认删除 left the record")
	}
	answered := len(m1.CallbackAnswers())
	click(t, m1, "修改2") // the old list's button of the deleted record
	if a := ptLastAnswer(t, m1, answered+1); !strings.Contains(a, "已删除或不存在") {
		t.Fatalf("editing a deleted record answered %q", a)
	}

	m1.Send("/mystudy")
	if l := reply(t, m1, "我的学习记录（1 次"); strings.Contains(l.Text, "二十届三中全会精神") || buttonTexts(l) != "修改1 删除1" {
		t.Fatalf("/mystudy after the deletion: %q %q", l.Text, buttonTexts(l))
	}
	sec.Send("/report")
	if p := reply(t, sec, "学习研讨：线上学习1人次"); strings.Contains(p.Text, "个人自学") {
		t.Fatalf("the preview after the changes:\n%s", p.Text)
	}
	if body := mmDocumentXML(t, nthDocument(t, sec, ".docx", 2)); strings.Contains(body, "学习笔记") {
		t.Fatal("the report still counts the removed note")
	}
	noViolations(t, h.fake)
}

// TestDateEchoAndRefusalInEnglish: in English the typed day is echoed as 2026-12-01 and a
// date that does not read is refused with today's date in the forms English users type.
func TestDateEchoAndRefusalInEnglish(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 1)
	m1 := f.members[0]
	today := today(h)
	m1.Send("/lang")
	reply(t, m1, "请选择语言")
	click(t, m1, "English")
	reply(t, m1, "Language set to English.")
	m1.Send("/study")
	reply(t, m1, "How did you study?")
	click(t, m1, "Self-study")
	reply(t, m1, "On which day?")
	m1.Send("last week")
	reply(t, m1, fmt.Sprintf("type it like %s or %d-%d.", today, int(today.Month), today.Day))
	m1.Send(fmt.Sprintf("%d-%d", int(today.Month), today.Day))
	reply(t, m1, "Noted: "+today.String()+".\nThe topic or material")
	noViolations(t, h.fake)
}
