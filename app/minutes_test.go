package app_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"orglife"
	"orglife/bot/telegramtest"
)

// minutesOf loads the stored record of the fixture's meeting.
func minutesOf(t *testing.T, f *fixture) (orglife.Minutes, bool) {
	t.Helper()
	m, ok, err := f.records.Minutes(context.Background(), f.branch.ID, f.meeting.ID)
	if err != nil {
		t.Fatal(err)
	}
	return m, ok
}

// buttonsOf lists the texts of a message's buttons.
func buttonsOf(m telegramtest.Message) []string {
	var out []string
	for _, row := range m.Buttons {
		for _, b := range row {
			out = append(out, b.Text)
		}
	}
	return out
}

func TestMinutesHappyPathWithTicking(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 1, 3)
	sec := f.secretary
	today := orglife.DateOf(time.Now(), h.cfg.Location)

	sec.Send("/minutes")
	reply(t, sec, "组织生活会在哪天召开")
	click(t, sec, "今天")
	// Everyone starts ticked: a full meeting is one tap.
	prompt := reply(t, sec, "应到 5 人，默认全部到会")
	if got, want := buttonsOf(prompt), []string{"✅ 张书记", "✅ 委员1", "✅ 党员1", "✅ 党员2", "✅ 党员3", "全部到会", "取消"}; !slices.Equal(got, want) {
		t.Fatalf("attendance buttons %v, want %v", got, want)
	}
	click(t, sec, "✅ 党员2") // untick
	m := reply(t, sec, "实到 4 人，缺席 1 人")
	if m.ID != prompt.ID || !slices.Contains(buttonsOf(m), "党员2") || !slices.Contains(buttonsOf(m), "✅ 党员1") ||
		!slices.Contains(buttonsOf(m), "确定") || slices.Contains(buttonsOf(m), "全部到会") {
		t.Fatalf("unticking should redraw the prompt in place, its button now 确定: #%d %v", m.ID, buttonsOf(m))
	}
	// A restart mid-dialog keeps the ticks.
	h.restart()
	click(t, sec, "✅ 党员1")
	reply(t, sec, "实到 3 人，缺席 2 人")
	click(t, sec, "党员1") // ticked again
	reply(t, sec, "实到 4 人，缺席 1 人")
	click(t, sec, "✅ 党员3")
	reply(t, sec, "实到 3 人，缺席 2 人")
	click(t, sec, "确定")
	// Each absentee's reason in turn, in the same message: a button, or typed.
	ask := reply(t, sec, "缺席原因（1/2）：党员2 因何缺席")
	if got, want := buttonsOf(ask), []string{"病假", "事假", "公差", "跳过", "取消"}; ask.ID != prompt.ID || !slices.Equal(got, want) {
		t.Fatalf("reason prompt #%d %v, want #%d %v", ask.ID, got, prompt.ID, want)
	}
	click(t, sec, "病假")
	reply(t, sec, "缺席原因（2/2）：党员3 因何缺席")
	sec.Send(strings.Repeat("因", 31))
	reply(t, sec, "缺席原因请写 1 到 30 个字")
	sec.Send("参加上级<调训>")
	reply(t, sec, "到会指导的领导姓名")
	sec.Send("区委组织部 王<某>&某")
	reply(t, sec, "王<某>&某 的点评讲话要点")
	sec.Send("对照检查深刻，批评有辣味")
	reply(t, sec, "议程 1：支部书记代表支部进行对照检查")
	sec.Send("书记代表支部委员会作对照检查，查摆问题 5 条")
	reply(t, sec, "议程 2：批评和自我批评")
	click(t, sec, "跳过")
	// The leader's comments were the third item: not asked for again.
	reply(t, sec, "议程 4：支部书记作总结发言")
	sec.SendSticker()
	reply(t, sec, "这里需要文字消息")
	sec.Send(strings.Repeat("总", 2001))
	reply(t, sec, "内容太长")
	sec.Send("书记作总结，提出整改要求")
	done := reply(t, sec, "已保存会议记录")
	for _, want := range []string{"应到 5 人，实到 3 人，缺席：党员2（病假）、党员3（参加上级<调训>）", today.Chinese(),
		"王<某>&某", "已填写 2/3 项"} {
		if !strings.Contains(done.Text, want) {
			t.Errorf("summary lacks %q:\n%s", want, done.Text)
		}
	}
	if n := count(sec, "议程 3"); n != 0 {
		t.Errorf("the leader's comments were asked for again as agenda item 3 (%d messages)", n)
	}

	rec, ok := minutesOf(t, f)
	if !ok {
		t.Fatal("no minutes stored")
	}
	if !slices.Equal(rec.Attending, []int64{100, 101, 201}) || !slices.Equal(rec.Absent, []int64{202, 203}) {
		t.Errorf("attending %v absent %v", rec.Attending, rec.Absent)
	}
	if rec.Expected != 5 || rec.Present != 3 { // kept as history: members leaving later do not change them
		t.Errorf("attendance kept as 应到%d/实到%d, want 应到5/实到3", rec.Expected, rec.Present)
	}
	if len(rec.AbsentReasons) != 2 || rec.AbsentReasons[202] != "病假" || rec.AbsentReasons[203] != "参加上级<调训>" {
		t.Errorf("reasons for absence %v", rec.AbsentReasons)
	}
	if rec.Date != today || rec.LeaderName != "区委组织部 王<某>&某" || rec.LeaderComments != "对照检查深刻，批评有辣味" {
		t.Errorf("minutes %+v", rec)
	}
	if rec.Agenda != [4]string{"书记代表支部委员会作对照检查，查摆问题 5 条", "", "", "书记作总结，提出整改要求"} {
		t.Errorf("agenda %q", rec.Agenda)
	}
	if rec.RecordedAt.IsZero() {
		t.Error("RecordedAt not set")
	}
	noViolations(t, h.fake)
}

func TestMinutesSkipOptionalAndReplace(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 2)
	sec := f.secretary
	today := orglife.DateOf(time.Now(), h.cfg.Location)

	sec.Send("/minutes")
	reply(t, sec, "组织生活会在哪天召开")
	sec.Send("不是日期")
	reply(t, sec, "日期格式不正确")
	sec.Send(today.AddDays(1).String())
	reply(t, sec, "日期不能晚于今天")
	sec.Send(today.AddDays(-3).String())
	reply(t, sec, "应到 3 人，默认全部到会")
	for i, name := range []string{"张书记", "党员1", "党员2"} {
		click(t, sec, "✅ "+name)
		reply(t, sec, fmt.Sprintf("缺席 %d 人", i+1))
	}
	click(t, sec, "确定") // nobody present is an answer too
	reply(t, sec, "缺席原因（1/3）：张书记")
	sec.Send("跳过") // a button's label typed is the button
	reply(t, sec, "缺席原因（2/3）：党员1")
	sec.Send("事假")
	reply(t, sec, "缺席原因（3/3）：党员2")
	click(t, sec, "跳过")
	reply(t, sec, "到会指导的领导姓名")
	click(t, sec, "跳过") // no leader: the comments are not asked for
	for _, n := range []string{"1", "2", "4"} {
		reply(t, sec, "议程 "+n)
		click(t, sec, "跳过")
	}
	done := reply(t, sec, "已保存会议记录")
	for _, want := range []string{"应到 3 人，实到 0 人，缺席：张书记、党员1（事假）、党员2。", "到会指导的领导：未填写", "已填写 0/3 项"} {
		if !strings.Contains(done.Text, want) {
			t.Errorf("summary lacks %q:\n%s", want, done.Text)
		}
	}
	if count(sec, "点评讲话要点") != 0 {
		t.Error("asked for the comments of a leader who was not named")
	}
	rec, ok := minutesOf(t, f)
	if !ok || rec.Date != today.AddDays(-3) || len(rec.Attending) != 0 || !slices.Equal(rec.Absent, []int64{100, 201, 202}) ||
		rec.LeaderName != "" || rec.LeaderComments != "" || rec.Agenda != [4]string{} ||
		len(rec.AbsentReasons) != 1 || rec.AbsentReasons[201] != "事假" {
		t.Fatalf("minutes %+v (stored %v)", rec, ok)
	}

	// Recording again says it replaces the record; with everyone present no reason is
	// asked. Cancelled, it leaves the record as it was.
	sec.Send("/minutes")
	reply(t, sec, "本次会议已有记录（"+today.AddDays(-3).Chinese()+"，实到 0 人）")
	click(t, sec, "今天")
	reply(t, sec, "默认全部到会")
	click(t, sec, "全部到会")
	reply(t, sec, "到会指导的领导姓名")
	sec.Send("王")
	reply(t, sec, "姓名需要 2 到 40 个字")
	sec.Send("王某某")
	reply(t, sec, "点评讲话要点")
	click(t, sec, "跳过")
	reply(t, sec, "议程 1")
	sec.Send("/cancel")
	reply(t, sec, "已取消")
	if rec, _ := minutesOf(t, f); rec.Date != today.AddDays(-3) {
		t.Fatalf("a cancelled record replaced the stored one: %+v", rec)
	}
	noViolations(t, h.fake)
}

func TestMinutesCancelButtonStoresNothing(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 1)
	sec := f.secretary
	sec.Send("/minutes")
	reply(t, sec, "组织生活会在哪天召开")
	click(t, sec, "今天")
	reply(t, sec, "默认全部到会")
	click(t, sec, "✅ 党员1")
	reply(t, sec, "缺席 1 人")
	click(t, sec, "取消")
	reply(t, sec, "已取消")
	if _, ok := minutesOf(t, f); ok {
		t.Fatal("a cancelled record was stored")
	}
}

func TestMinutesOnlyForTheSecretary(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 1, 1)
	for _, u := range []*telegramtest.User{f.members[0], f.committee[0]} {
		u.Send("/minutes")
		reply(t, u, "这个命令只有支部书记可以使用")
	}
	stranger := h.fake.NewUser(999, "路人")
	stranger.Send("/minutes")
	reply(t, stranger, "您还没有加入党支部")
	if _, ok := minutesOf(t, f); ok {
		t.Fatal("minutes stored")
	}
	noViolations(t, h.fake)
}

func TestMinutesNeedsAMeeting(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 0)
	ctx := context.Background()
	id, err := f.records.NewBranchID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b := orglife.Branch{ID: id, Name: "第二党支部", SecretaryID: 300, CreatedAt: time.Now()}
	if err := f.records.CreateBranch(ctx, b, orglife.Member{UserID: 300, Name: "李书记", Role: orglife.RoleSecretary, JoinedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	sec := h.fake.NewUser(300, "李书记")
	sec.Send("/minutes")
	reply(t, sec, "支部还没有创建专题组织生活会")
}

func TestMinutesForgedTickRefused(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 2)
	sec := f.secretary
	sec.Send("/minutes")
	reply(t, sec, "组织生活会在哪天召开")
	click(t, sec, "今天")
	reply(t, sec, "默认全部到会")
	click(t, sec, "✅ 张书记")
	reply(t, sec, "缺席 1 人")
	click(t, sec, "✅ 党员2")
	prompt := reply(t, sec, "缺席 2 人")
	doneData, tickData := button(t, prompt, "确定").Data, button(t, prompt, "✅ 党员1").Data
	parts := strings.Split(doneData, ":") // q:<nonce>:<step>:<value>
	nonce, step := parts[1], parts[2]
	forged := []string{
		"q:" + nonce + ":" + step + ":999",     // not a member
		"q:" + nonce + ":" + step + ":_skip",   // not optional
		"q:" + nonce + ":" + step + ":100,201", // two at once
		"q:" + nonce + ":0:202",                // an earlier question
		"q:zzzz:" + step + ":202",              // another session
		strings.Replace(tickData, ":201", ":-201", 1),
	}
	for i, data := range forged {
		if _, err := sec.ClickData(prompt.ID, data); err != nil {
			t.Fatal(err)
		}
		waitAnswered(t, sec, 4+i)
	}
	for _, a := range sec.CallbackAnswers()[3:] {
		if !strings.Contains(a.Text, "已失效") {
			t.Fatalf("forged %q answered %q", a.Data, a.Text)
		}
	}
	// The real buttons still work (the session is intact) and the forged values left no trace.
	if _, err := sec.ClickData(prompt.ID, doneData); err != nil {
		t.Fatal(err)
	}
	first := reply(t, sec, "缺席原因（1/2）：张书记")
	stale := button(t, first, "病假").Data
	click(t, sec, "事假")
	second := reply(t, sec, "缺席原因（2/2）：党员2")
	// The first absentee's button, pressed again on the same question, is not the second's
	// answer; nor is a reason no button offers.
	rcRefused(t, sec, second.ID, stale, strings.Replace(stale, "100=病假", "202=随便", 1))
	sec.Send("公差")
	reply(t, sec, "到会指导的领导姓名")
	click(t, sec, "跳过")
	for range 3 {
		reply(t, sec, "议程")
		click(t, sec, "跳过")
	}
	reply(t, sec, "实到 1 人，缺席：张书记（事假）、党员2（公差）")
	rec, _ := minutesOf(t, f)
	if !slices.Equal(rec.Attending, []int64{201}) || !slices.Equal(rec.Absent, []int64{100, 202}) {
		t.Fatalf("attending %v absent %v", rec.Attending, rec.Absent)
	}
	if len(rec.AbsentReasons) != 2 || rec.AbsentReasons[100] != "事假" || rec.AbsentReasons[202] != "公差" {
		t.Fatalf("reasons for absence %v", rec.AbsentReasons)
	}
	noViolations(t, h.fake)
}

func TestMinutesAfterHandOverRefused(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 1, 1)
	sec := f.secretary
	sec.Send("/minutes")
	reply(t, sec, "组织生活会在哪天召开")
	click(t, sec, "今天")
	reply(t, sec, "默认全部到会")
	click(t, sec, "全部到会")
	reply(t, sec, "到会指导的领导姓名")
	click(t, sec, "跳过")
	reply(t, sec, "议程 1")
	if err := f.records.HandOver(context.Background(), f.branch.ID, 100, 101); err != nil {
		t.Fatal(err)
	}
	// The next answer finds the role gone: the flow ends there.
	click(t, sec, "跳过")
	reply(t, sec, "这个命令只有支部书记可以使用")
	if _, ok := minutesOf(t, f); ok {
		t.Fatal("a former secretary stored minutes")
	}
}
