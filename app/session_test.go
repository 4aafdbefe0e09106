package app_test

import (
	"context"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"orglife"
)

// studySessions loads the current meeting's collective study sessions.
func (f *fixture) studySessions(t *testing.T) []orglife.StudySession {
	t.Helper()
	ss, err := f.records.StudySessions(context.Background(), f.branch.ID, f.meeting.ID)
	if err != nil {
		t.Fatal(err)
	}
	return ss
}

var xmlTag = regexp.MustCompile(`<[^>]+>`)

// TestStudySessionsAndHonestCounts: the secretary records a collective session once, with
// attendance ticks (everyone ticked, the absent unticked), a committee member a seminar with
// its speakers; members record their own study, one online with its platform; the report
// then counts each session once with its attendance in 人次, individual study in 人次, the
// platform apart from the topics and notes apart from speeches.
func TestStudySessionsAndHonestCounts(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 1, 3) // 张书记 100, 委员1 101, 党员1 201, 党员2 202, 党员3 203
	sec, c1 := f.secretary, f.committee[0]
	m1, m2, m3 := f.members[0], f.members[1], f.members[2]
	day := today(h)

	// A member may not record a collective session.
	m1.Send("/session")
	reply(t, m1, "只有支委可以使用")
	if ss := f.studySessions(t); len(ss) != 0 {
		t.Fatalf("a member recorded a session: %+v", ss)
	}

	// The secretary: a 集中学习 yesterday, 党员3 absent.
	sec.Send("/session")
	kind := reply(t, sec, "形式")
	if got := buttonTexts(kind); got != "集中学习 专题研讨 取消" {
		t.Fatalf("kind buttons %q", got)
	}
	click(t, sec, "集中学习")
	reply(t, sec, "哪天举行的")
	click(t, sec, "昨天")
	reply(t, sec, "学习的主题或材料")
	sec.Send("党的二十大精神")
	reply(t, sec, "这次学习用了多长时间")
	sec.Send("2")
	ticks := reply(t, sec, "支部共 5 人，已勾选 5 人")
	if got, want := buttonsOf(ticks), []string{"✅ 张书记", "✅ 委员1", "✅ 党员1", "✅ 党员2", "✅ 党员3", "完成", "取消"}; !slices.Equal(got, want) {
		t.Fatalf("attendance buttons %v, want %v", got, want)
	}
	click(t, sec, "✅ 党员3")
	reply(t, sec, "已勾选 4 人")
	click(t, sec, "完成")
	saved := reply(t, sec, "已记录集中学习")
	for _, want := range []string{"党的二十大精神", "应到 5 人，参加 4 人，缺席：党员3。", "本次会议已记录集中学习 1 次"} {
		if !strings.Contains(saved.Text, want) {
			t.Fatalf("summary lacks %q:\n%s", want, saved.Text)
		}
	}
	if strings.Contains(saved.Text, "研讨发言") {
		t.Fatalf("a collective study is asked about speeches:\n%s", saved.Text)
	}

	// A committee member: a 专题研讨 today, three present, two of whom spoke.
	c1.Send("/session")
	reply(t, c1, "形式")
	click(t, c1, "专题研讨")
	reply(t, c1, "哪天举行的")
	click(t, c1, "今天")
	reply(t, c1, "学习的主题或材料")
	c1.Send("严肃党内政治生活")
	reply(t, c1, "这次学习用了多长时间")
	c1.Send("1.5小时")
	reply(t, c1, "已勾选 5 人")
	click(t, c1, "✅ 党员2")
	reply(t, c1, "已勾选 4 人")
	click(t, c1, "✅ 党员3")
	reply(t, c1, "已勾选 3 人")
	click(t, c1, "完成")
	spoke := reply(t, c1, "谁作了研讨发言")
	if got := buttonTexts(spoke); got != "参加人员都发言了 勾选发言人 跳过 取消" {
		t.Fatalf("speech buttons %q", got)
	}
	click(t, c1, "勾选发言人")
	speakers := reply(t, c1, "请勾选作了研讨发言的人")
	if got, want := buttonsOf(speakers), []string{"张书记", "委员1", "党员1", "完成", "取消"}; !slices.Equal(got, want) {
		t.Fatalf("speaker buttons %v, want those present %v", got, want)
	}
	click(t, c1, "委员1")
	reply(t, c1, "已勾选 1 人")
	click(t, c1, "党员1")
	if m := reply(t, c1, "已勾选 2 人"); !slices.Equal(buttonsOf(m)[:3], []string{"张书记", "✅ 委员1", "✅ 党员1"}) {
		t.Fatalf("speaker ticks %v", buttonsOf(m))
	}
	click(t, c1, "完成")
	saved = reply(t, c1, "已记录专题研讨")
	for _, want := range []string{"参加 3 人", "研讨发言 2 人。", "集中学习 1 次、专题研讨 1 次"} {
		if !strings.Contains(saved.Text, want) {
			t.Fatalf("summary lacks %q:\n%s", want, saved.Text)
		}
	}

	ss := f.studySessions(t)
	if len(ss) != 2 {
		t.Fatalf("%d sessions stored", len(ss))
	}
	if s := ss[0]; s.Kind != orglife.SessionCollective || s.Date != day.AddDays(-1) || s.Topic != "党的二十大精神" || s.Hours != 2 ||
		!reflect.DeepEqual(s.Attendance, []int64{100, 101, 201, 202}) || len(s.Speakers) != 0 || s.RecordedBy != 100 || s.ID == "" {
		t.Fatalf("collective session %+v", s)
	}
	if s := ss[1]; s.Kind != orglife.SessionSeminar || s.Date != day || s.Hours != 1.5 ||
		!reflect.DeepEqual(s.Attendance, []int64{100, 101, 201}) || !reflect.DeepEqual(s.Speakers, []int64{101, 201}) || s.RecordedBy != 101 {
		t.Fatalf("seminar %+v", s)
	}

	// Members record their own study: online on 学习强国 with notes, and self-study.
	m2.Send("/study")
	reply(t, m2, "学习形式")
	click(t, m2, "线上学习")
	reply(t, m2, "在哪个平台或渠道学习的")
	click(t, m2, "学习强国")
	reply(t, m2, "哪天学习的")
	click(t, m2, "今天")
	reply(t, m2, "学习的主题或材料")
	m2.Send("党章")
	reply(t, m2, "学习了多长时间")
	m2.Send("1")
	reply(t, m2, "学习心得")
	m2.Send("读原文，悟原理")
	reply(t, m2, "平台：学习强国")
	m3.Send("/study")
	reply(t, m3, "学习形式")
	click(t, m3, "个人自学")
	reply(t, m3, "哪天学习的")
	click(t, m3, "今天")
	reply(t, m3, "学习的主题或材料")
	m3.Send("党的二十大报告")
	reply(t, m3, "学习了多长时间")
	m3.Send("2")
	reply(t, m3, "学习心得")
	click(t, m3, "跳过")
	reply(t, m3, "已记录学习")

	// The recorders list the sessions; a member sees those they were present at.
	c1.Send("/sessions")
	list := reply(t, c1, "集中学习和专题研讨")
	for _, want := range []string{"党的二十大精神", "参加 4 人", "严肃党内政治生活", "参加 3 人，研讨发言 2 人"} {
		if !strings.Contains(list.Text, want) {
			t.Fatalf("/sessions lacks %q:\n%s", want, list.Text)
		}
	}
	m1.Send("/mystudy")
	mine := reply(t, m1, "参加的集中学习、专题研讨（2 次")
	if !strings.Contains(mine.Text, "严肃党内政治生活") {
		t.Fatalf("/mystudy lacks the seminar:\n%s", mine.Text)
	}
	m3.Send("/mystudy")
	mine = reply(t, m3, "我的学习记录（1 次")
	if strings.Contains(mine.Text, "参加的集中学习") {
		t.Fatalf("/mystudy of the absent member lists a session:\n%s", mine.Text)
	}

	// The report counts each session once, individual study in 人次, the platform apart.
	sec.Send("/report")
	preview := reply(t, sec, "学习研讨")
	if want := "（二）学习研讨：集中学习1次、专题研讨1次、个人自学1人次、线上学习1人次，5名党员参加，4个专题"; !strings.Contains(preview.Text, want) {
		t.Fatalf("preview lacks %q:\n%s", want, preview.Text)
	}
	doc := xmlTag.ReplaceAllString(mmDocumentXML(t, waitDocument(t, sec, ".docx")), "")
	for _, want := range []string{
		"采取集中学习、专题研讨、个人自学、线上学习的形式开展学习研讨，" +
			"支部开展集中学习1次（参加4人次）、专题研讨1次（参加3人次，交流研讨发言2人次），共计3.5小时，" +
			"党员个人自学1人次、线上学习1人次。",
		"学习内容包括党的二十大精神、严肃党内政治生活、党章、党的二十大报告；线上学习平台有学习强国。",
		"党员形成学习笔记1篇。",
	} {
		if !strings.Contains(doc, want) {
			t.Fatalf("the report lacks %q", want)
		}
	}
	noViolations(t, h.fake)
}
