package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"orglife"
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
