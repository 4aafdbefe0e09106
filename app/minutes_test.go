package app_test

import (
	"context"
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
	prompt := reply(t, sec, "请勾选到会的党员（应到 5 人，已勾选 0 人）")
	if got, want := buttonsOf(prompt), []string{"张书记", "委员1", "党员1", "党员2", "党员3", "完成", "取消"}; !slices.Equal(got, want) {
		t.Fatalf("attendance buttons %v, want %v", got, want)
	}
	click(t, sec, "张书记")
	reply(t, sec, "已勾选 1 人")
	click(t, sec, "委员1")
	reply(t, sec, "已勾选 2 人")
	click(t, sec, "党员2")
	m := reply(t, sec, "已勾选 3 人")
	if m.ID != prompt.ID || !slices.Contains(buttonsOf(m), "✅ 党员2") || !slices.Contains(buttonsOf(m), "党员1") {
		t.Fatalf("ticking should redraw the prompt in place with ticks: #%d %v", m.ID, buttonsOf(m))
	}
	// A restart mid-dialog keeps the ticks.
	h.restart()
	click(t, sec, "党员1")
	reply(t, sec, "已勾选 4 人")
	click(t, sec, "✅ 党员2") // untick
	m = reply(t, sec, "已勾选 3 人")
	if slices.Contains(buttonsOf(m), "✅ 党员2") || !slices.Contains(buttonsOf(m), "党员2") {
		t.Fatalf("党员2 should be unticked: %v", buttonsOf(m))
	}
	click(t, sec, "完成")
	reply(t, sec, "到会指导的领导姓名")
	sec.Send("区委组织部 王<某>&某")
	reply(t, sec, "王<某>&某 的点评讲话要点")
	sec.Send("对照检查深刻，批评有辣味")
	reply(t, sec, "议程 1：支部书记代表支部进行对照检查")
	sec.Send("书记代表支部委员会作对照检查，查摆问题 5 条")
	reply(t, sec, "议程 2：批评和自我批评")
	click(t, sec, "跳过")
	reply(t, sec, "议程 3：到会指导的领导讲话")
	sec.Send("王某某同志作点评讲话")
	reply(t, sec, "议程 4：支部书记作总结发言")
	sec.SendSticker()
	reply(t, sec, "这里需要文字消息")
	sec.Send(strings.Repeat("总", 2001))
	reply(t, sec, "内容太长")
	sec.Send("书记作总结，提出整改要求")
	done := reply(t, sec, "已保存会议记录")
	for _, want := range []string{"应到 5 人，实到 3 人，缺席：党员2、党员3", today.Chinese(), "王<某>&某", "已填写 3/4 项"} {
		if !strings.Contains(done.Text, want) {
			t.Errorf("summary lacks %q:\n%s", want, done.Text)
		}
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
	if rec.Date != today || rec.LeaderName != "区委组织部 王<某>&某" || rec.LeaderComments != "对照检查深刻，批评有辣味" {
		t.Errorf("minutes %+v", rec)
	}
	if rec.Agenda != [4]string{"书记代表支部委员会作对照检查，查摆问题 5 条", "", "王某某同志作点评讲话", "书记作总结，提出整改要求"} {
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
	reply(t, sec, "请勾选到会的党员（应到 3 人，已勾选 0 人）")
	click(t, sec, "完成") // nobody ticked is an answer too
	reply(t, sec, "到会指导的领导姓名")
	click(t, sec, "跳过") // no leader: the comments are not asked for
	reply(t, sec, "议程 1")
	for i := range 4 {
		click(t, sec, "跳过")
		if i < 3 {
			reply(t, sec, "议程 "+string(rune('2'+i)))
		}
	}
	done := reply(t, sec, "已保存会议记录")
	for _, want := range []string{"应到 3 人，实到 0 人，缺席：张书记、党员1、党员2", "到会指导的领导：未填写", "已填写 0/4 项"} {
		if !strings.Contains(done.Text, want) {
			t.Errorf("summary lacks %q:\n%s", want, done.Text)
		}
	}
	if count(sec, "点评讲话要点") != 0 {
		t.Error("asked for the comments of a leader who was not named")
	}
	rec, ok := minutesOf(t, f)
	if !ok || rec.Date != today.AddDays(-3) || len(rec.Attending) != 0 || !slices.Equal(rec.Absent, []int64{100, 201, 202}) ||
		rec.LeaderName != "" || rec.LeaderComments != "" || rec.Agenda != [4]string{} {
		t.Fatalf("minutes %+v (stored %v)", rec, ok)
	}

	// Recording again says it replaces the record, and does.
	sec.Send("/minutes")
	reply(t, sec, "本次会议已有记录")
	click(t, sec, "今天")
	reply(t, sec, "请勾选到会的党员")
	for _, name := range []string{"张书记", "党员1", "党员2"} {
		click(t, sec, name)
	}
	reply(t, sec, "已勾选 3 人")
	click(t, sec, "完成")
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
	reply(t, sec, "请勾选到会的党员")
	click(t, sec, "党员1")
	reply(t, sec, "已勾选 1 人")
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
	reply(t, sec, "请勾选到会的党员")
	click(t, sec, "党员1")
	prompt := reply(t, sec, "已勾选 1 人")
	var doneData, tickData string
	for _, row := range prompt.Buttons {
		for _, b := range row {
			switch b.Text {
			case "完成":
				doneData = b.Data
			case "党员2":
				tickData = b.Data
			}
		}
	}
	parts := strings.Split(doneData, ":") // q:<nonce>:<step>:<value>
	nonce, step := parts[1], parts[2]
	forged := []string{
		"q:" + nonce + ":" + step + ":999",     // not a member
		"q:" + nonce + ":" + step + ":_skip",   // not optional
		"q:" + nonce + ":" + step + ":100,201", // two at once
		"q:" + nonce + ":0:202",                // an earlier question
		"q:zzzz:" + step + ":202",              // another session
		strings.Replace(tickData, ":202", ":-202", 1),
	}
	for i, data := range forged {
		if _, err := sec.ClickData(prompt.ID, data); err != nil {
			t.Fatal(err)
		}
		waitAnswered(t, sec, 3+i)
	}
	for _, a := range sec.CallbackAnswers()[2:] {
		if !strings.Contains(a.Text, "已失效") {
			t.Fatalf("forged %q answered %q", a.Data, a.Text)
		}
	}
	// The real buttons still work (the session is intact) and the forged values left no trace.
	if _, err := sec.ClickData(prompt.ID, doneData); err != nil {
		t.Fatal(err)
	}
	reply(t, sec, "到会指导的领导姓名")
	click(t, sec, "跳过")
	for range 4 {
		reply(t, sec, "议程")
		click(t, sec, "跳过")
	}
	reply(t, sec, "实到 1 人，缺席：张书记、党员2")
	rec, _ := minutesOf(t, f)
	if !slices.Equal(rec.Attending, []int64{201}) || !slices.Equal(rec.Absent, []int64{100, 202}) {
		t.Fatalf("attending %v absent %v", rec.Attending, rec.Absent)
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
	reply(t, sec, "请勾选到会的党员")
	click(t, sec, "完成")
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
