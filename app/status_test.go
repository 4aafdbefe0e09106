package app_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"orglife"
	"orglife/bot/telegramtest"
)

// statusReplies sends /status and returns the bot's messages that answer it: a /cancel
// sent right after is answered only once /status has been, since one user's updates are
// handled in order.
func statusReplies(t *testing.T, u *telegramtest.User) []telegramtest.Message {
	t.Helper()
	before := len(u.Replies())
	u.Send("/status")
	u.Send("/cancel")
	reply(t, u, "当前没有进行中的操作")
	all := u.Replies()
	return all[before : len(all)-1]
}

// stepLists reads the done and not-done names listed under a step of the status.
func stepLists(t *testing.T, text, step string) (done, pending []string) {
	t.Helper()
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if !strings.Contains(l, step+"（时限") {
			continue
		}
		for _, next := range lines[i+1:] {
			next = strings.TrimSpace(next)
			switch {
			case strings.HasPrefix(next, "已完成："):
				done = names(strings.TrimPrefix(next, "已完成："))
			case strings.HasPrefix(next, "未完成："):
				pending = names(strings.TrimPrefix(next, "未完成："))
			default:
				return done, pending
			}
		}
		return done, pending
	}
	t.Fatalf("no step %s in:\n%s", step, text)
	return nil, nil
}

func names(list string) []string {
	if list == "无" {
		return nil
	}
	return strings.Split(list, "、")
}

// lineWith is the one line of text that starts with prefix.
func lineWith(t *testing.T, text, prefix string) string {
	t.Helper()
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), prefix) {
			return strings.TrimSpace(l)
		}
	}
	t.Fatalf("no line %q in:\n%s", prefix, text)
	return ""
}

func TestStatusShowsNamesPointsAndCoverage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 2, 3) // 张书记 100, 委员1 101, 委员2 102, 党员1 201, 党员2 202, 党员3 203
	ctx := context.Background()
	now := time.Now()
	today := orglife.DateOf(now, h.cfg.Location)
	b, m := f.branch.ID, f.meeting.ID
	point := func(id string, member int64, area orglife.Area, withdrawn bool) {
		p := orglife.Point{ID: id, MeetingID: m, MemberID: member, Area: area, Source: orglife.SourceSelf,
			Problem: "学习习近平新时代中国特色社会主义思想不够系统", CreatedAt: now, UpdatedAt: now, Withdrawn: withdrawn}
		if err := f.records.SavePoint(ctx, b, p, orglife.PointChange{By: member, Action: orglife.PointCreate}); err != nil {
			t.Fatal(err)
		}
	}
	point("p1", 101, orglife.AreaTheory, false)
	point("p2", 201, orglife.AreaPolitics, false)
	point("p3", 201, orglife.AreaCapability, true) // withdrawn: counted nowhere
	point("p4", 202, orglife.AreaCapability, true)
	talk := func(id string, by, with int64, withName string) {
		tk := orglife.Talk{ID: id, MeetingID: m, RecordedBy: by, With: with, WithName: withName, Date: today,
			Form: orglife.TalkFaceToFace, Raised: "意见", Received: "意见", Status: orglife.ConfirmAgreed, CreatedAt: now}
		if err := f.records.SaveTalk(ctx, b, tk); err != nil {
			t.Fatal(err)
		}
	}
	talk("t1", 100, 101, "委员1")
	talk("t2", 101, 201, "党员1")
	talk("t3", 202, 0, "群众甲") // someone outside the bot
	if err := f.records.SaveStudy(ctx, b, orglife.Study{ID: "s1", MeetingID: m, MemberID: 202, Form: orglife.StudySelf,
		Date: today, Topic: "党章", Hours: 2, CreatedAt: now}); err != nil {
		t.Fatal(err)
	}
	if err := f.records.MarkMaterialDone(ctx, b, m, 203); err != nil {
		t.Fatal(err)
	}

	msgs := statusReplies(t, f.secretary)
	if len(msgs) != 1 {
		t.Fatalf("a small branch's status should be one message, got %d", len(msgs))
	}
	text := msgs[0].Text
	if !strings.Contains(text, "2026年度专题组织生活会") || !strings.Contains(text, "支部共 6 人") {
		t.Errorf("header:\n%s", text)
	}
	if l := lineWith(t, text, "⬜ 1. 实施方案"); !strings.Contains(l, "尚未登记通过") {
		t.Errorf("plan line %q", l)
	}
	for _, c := range []struct {
		step          string
		done, pending []string
	}{
		{"学习研讨", []string{"党员2"}, []string{"张书记", "委员1", "委员2", "党员1", "党员3"}},
		// Talks are done only with every partner the coverage rules require: the secretary
		// has not yet talked with everyone, so nobody's talks are complete.
		{"谈心谈话", nil, []string{"张书记", "委员1", "委员2", "党员1", "党员2", "党员3"}},
		{"查摆问题", []string{"委员1", "党员1"}, []string{"张书记", "委员2", "党员2", "党员3"}},
		{"对照检查材料", []string{"党员3"}, []string{"张书记", "委员1", "委员2", "党员1", "党员2"}},
	} {
		done, pending := stepLists(t, text, c.step)
		if !slices.Equal(done, c.done) || !slices.Equal(pending, c.pending) {
			t.Errorf("%s: done %v pending %v, want %v and %v", c.step, done, pending, c.done, c.pending)
		}
	}
	if l := lineWith(t, text, "⬜ 2. 学习研讨"); !strings.Contains(l, "完成 1/6") {
		t.Errorf("study line %q", l)
	}
	if strings.Contains(text, "<b>") || !strings.Contains(msgs[0].Raw, "<b>二、查摆问题</b>") {
		t.Errorf("headings should be bold, not show their tags")
	}
	if l := lineWith(t, text, "二、查摆问题"); !strings.Contains(l, "共 2 条") {
		t.Errorf("points header %q", l)
	}
	if l := lineWith(t, text, "按人员："); l != "按人员：张书记 0条、委员1 1条、委员2 0条、党员1 1条、党员2 0条、党员3 0条" {
		t.Errorf("points by member %q", l)
	}
	if l := lineWith(t, text, "按方面："); l != "按方面：理论学习 1条、政治素质 1条、能力本领 0条、担当作为 0条、工作作风 0条、廉洁自律 0条" {
		t.Errorf("points by area %q", l)
	}
	if l := lineWith(t, text, "规则："); l != "规则：支委之间两两谈话；书记与每名党员谈话；每人至少与 2 人谈话" {
		t.Errorf("rules %q", l)
	}
	if l := lineWith(t, text, "尚未完成谈话的必谈对象"); !strings.Contains(l, "共 5 对") {
		t.Errorf("missing pairs header %q", l)
	}
	if l := lineWith(t, text, "张书记 — "); l != "张书记 — 委员2、党员1、党员2、党员3" {
		t.Errorf("secretary's missing talks %q", l)
	}
	if l := lineWith(t, text, "委员1 — "); l != "委员1 — 委员2" {
		t.Errorf("committee's missing talks %q", l)
	}
	if strings.Contains(text, "委员2 — ") || strings.Contains(text, "党员1 — ") {
		t.Errorf("a pair is listed twice:\n%s", text)
	}
	shortIdx := strings.Index(text, "谈话人数不足：")
	if shortIdx < 0 {
		t.Fatalf("no shortfall list:\n%s", text)
	}
	short := strings.Split(strings.TrimPrefix(text[shortIdx:], "谈话人数不足：\n"), "\n")[0]
	if short != "张书记（1/2 人）、委员2（0/2 人）、党员1（1/2 人）、党员2（1/2 人）、党员3（0/2 人）" {
		t.Errorf("shortfall %q", short)
	}
	if l := lineWith(t, text, "四、会议记录"); !strings.Contains(l, "尚未记录") {
		t.Errorf("minutes line %q", l)
	}

	// Once the plan is adopted, the talks complete and the meeting recorded, it says so.
	mt := f.meeting
	mt.PlanAdopted = today
	if err := f.records.SaveMeeting(ctx, mt); err != nil {
		t.Fatal(err)
	}
	members := []int64{100, 101, 102, 201, 202, 203}
	n := 0
	for i, a := range members {
		for _, c := range members[i+1:] {
			n++
			talk(fmt.Sprintf("x%d", n), a, c, "")
		}
	}
	if err := f.records.SaveMinutes(ctx, b, m, orglife.Minutes{Date: today, Attending: members[:5], Absent: members[5:]}); err != nil {
		t.Fatal(err)
	}
	text = statusReplies(t, f.secretary)[0].Text
	for _, want := range []string{"✅ 1. 实施方案", "经支委会通过", "✅ 3. 谈心谈话", "✅ 必谈对象均已谈话。", "✅ 每人谈话人数均已达标。", "实到 5 人，缺席 1 人"} {
		if !strings.Contains(text, want) {
			t.Errorf("status lacks %q:\n%s", want, text)
		}
	}
	noViolations(t, h.fake)
}

// A committee member sees /status as the secretary does, less the secretary's commands;
// plain members and strangers are refused as before.
func TestStatusForTheCommitteeReadOnly(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 1, 1)
	sec := statusReplies(t, f.secretary)
	com := statusReplies(t, f.committee[0])
	if len(sec) != 1 || len(com) != 1 {
		t.Fatalf("%d and %d status messages", len(sec), len(com))
	}
	if !strings.Contains(sec[0].Text, "（/adopt）") || !strings.Contains(sec[0].Text, "（/minutes）") {
		t.Fatalf("the secretary's status lost its commands:\n%s", sec[0].Text)
	}
	if want := strings.NewReplacer("（/adopt）", "", "（/minutes）", "").Replace(sec[0].Text); com[0].Text != want {
		t.Errorf("the committee's status:\n%s\nwant:\n%s", com[0].Text, want)
	}
	if len(com[0].Buttons) != 0 || strings.Contains(com[0].Text, "（/") {
		t.Errorf("the committee's status offers actions: %q %+v", com[0].Text, com[0].Buttons)
	}
	m := f.members[0]
	m.Send("/status")
	reply(t, m, "这个命令只有支委可以使用")
	stranger := h.fake.NewUser(900, "路人")
	stranger.Send("/status")
	reply(t, stranger, "您还没有加入党支部")
	for _, u := range []*telegramtest.User{m, stranger} {
		if count(u, "会前准备情况") != 0 {
			t.Fatalf("user %d saw the status", u.ID())
		}
	}
}

func TestStatusInEnglish(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 1, 1)
	f.secretary.Send("/lang")
	reply(t, f.secretary, "请选择语言")
	click(t, f.secretary, "English")
	reply(t, f.secretary, "Language set to English")
	f.secretary.Send("/status")
	m := reply(t, f.secretary, "preparation status")
	for _, want := range []string{"not done: 张书记, 委员1, 党员1", "By area: Theory study 0", "Required talks not yet done (2 pairs):", "张书记 — 委员1, 党员1"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("English status lacks %q:\n%s", want, m.Text)
		}
	}
}

// bigBranch seeds a branch of n plain members, one with a name that needs escaping.
func bigBranch(t *testing.T, h *harness, n int) (*fixture, []string) {
	t.Helper()
	f := seedBranch(t, h, 3, n)
	if _, err := f.records.AddMember(context.Background(), f.branch.ID, orglife.Member{UserID: 9000, Name: "王<五>&六",
		Role: orglife.RoleMember, JoinedAt: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	f.names[9000] = "王<五>&六"
	var all []string
	for _, name := range f.names {
		all = append(all, name)
	}
	return f, all
}

// tokens are the words of a status text: names stand between list separators.
func tokens(text string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.FieldsFunc(text, func(r rune) bool {
		return strings.ContainsRune("、，,：:；;（）() \n\t—", r)
	}) {
		set[w] = true
	}
	return set
}

func TestStatusLongOutputSplitUnderLimit(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f, all := bigBranch(t, h, 120)
	msgs := statusReplies(t, f.secretary)
	if len(msgs) < 2 || len(msgs) > 4 {
		t.Fatalf("a branch of %d should get its status in 2 to 4 messages, got %d", len(all), len(msgs))
	}
	var whole []string
	for i, m := range msgs {
		if m.Kind != "text" {
			t.Fatalf("message %d is a %s", i, m.Kind)
		}
		if n := len(utf16.Encode([]rune(m.Text))); n > 4096 {
			t.Fatalf("message %d has %d characters", i, n)
		}
		whole = append(whole, m.Text)
	}
	words := tokens(strings.Join(whole, "\n"))
	for _, name := range all {
		if !words[name] {
			t.Errorf("%s is named nowhere", name)
		}
	}
	// Everyone but the secretary still has to talk with the secretary; the split list
	// keeps every name.
	if !strings.Contains(whole[0], "1. 实施方案") || !strings.Contains(whole[len(whole)-1], "四、会议记录") {
		t.Errorf("the parts are out of order")
	}
	noViolations(t, h.fake)
}

func TestStatusVeryLongOutputSentAsFile(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f, all := bigBranch(t, h, 400)
	msgs := statusReplies(t, f.secretary)
	if len(msgs) != 1 || msgs[0].Kind != "document" || msgs[0].Document == nil {
		t.Fatalf("want one document, got %d messages: %+v", len(msgs), msgs)
	}
	doc := msgs[0].Document
	if !strings.HasSuffix(doc.Name, ".txt") || !strings.Contains(msgs[0].Text, "已作为文件发送") {
		t.Errorf("document %q caption %q", doc.Name, msgs[0].Text)
	}
	body := string(doc.Bytes)
	if strings.Contains(body, "<b>") || strings.Contains(body, "&lt;") {
		t.Errorf("the file holds HTML:\n%.300s", body)
	}
	words := tokens(body)
	for _, name := range all {
		if !words[name] {
			t.Errorf("%s is named nowhere in the file", name)
		}
	}
	if !strings.Contains(body, "未完成：张书记、委员1、委员2、委员3、党员1、党员2") {
		t.Errorf("the file lacks the pending list:\n%.500s", body)
	}
	noViolations(t, h.fake)
}

func materialDone(t *testing.T, f *fixture) []int64 {
	t.Helper()
	done, err := f.records.MaterialDone(context.Background(), f.branch.ID, f.meeting.ID)
	if err != nil {
		t.Fatal(err)
	}
	return done
}

func TestMaterialDoneAndRepeated(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 2)
	u := f.members[0]
	u.Send("/material")
	prompt := reply(t, u, "您的对照检查材料（时限")
	if !strings.Contains(prompt.Text, "您还没有登记查摆问题") {
		t.Errorf("no hint about missing points: %q", prompt.Text)
	}
	if got := buttonsOf(prompt); !slices.Equal(got, []string{"确认已完成", "取消"}) {
		t.Fatalf("buttons %v", got)
	}
	// A forged value is refused and marks nothing.
	nonce := strings.Split(prompt.Buttons[0][0].Data, ":")[1]
	if _, err := u.ClickData(prompt.ID, "q:"+nonce+":0:no"); err != nil {
		t.Fatal(err)
	}
	waitAnswered(t, u, 1)
	if a := u.CallbackAnswers()[0]; !strings.Contains(a.Text, "已失效") {
		t.Fatalf("forged press answered %q", a.Text)
	}
	if len(materialDone(t, f)) != 0 {
		t.Fatal("a forged press marked the material")
	}
	if _, err := u.ClickData(prompt.ID, prompt.Buttons[0][0].Data); err != nil {
		t.Fatal(err)
	}
	done := reply(t, u, "已登记：您的对照检查材料已完成")
	if done.ID != prompt.ID || len(done.Buttons) != 0 {
		t.Errorf("the prompt should become the result without buttons: %+v", done)
	}
	if got := materialDone(t, f); !slices.Equal(got, []int64{201}) {
		t.Fatalf("material done %v", got)
	}
	u.Send("/material")
	reply(t, u, "已登记为完成，无需重复登记")
	if count(u, "您的对照检查材料（时限") != 0 { // the first prompt became the result
		t.Error("asked again after it was done")
	}

	// Another member, who has a point: no hint; 取消 marks nothing; a restart mid-dialog
	// keeps the question.
	v := f.members[1]
	now := time.Now()
	if err := f.records.SavePoint(context.Background(), f.branch.ID, orglife.Point{ID: "p1", MeetingID: f.meeting.ID, MemberID: 202,
		Area: orglife.AreaTheory, Source: orglife.SourceSelf, Problem: "对党的创新理论学习不够系统", CreatedAt: now, UpdatedAt: now},
		orglife.PointChange{By: 202, Action: orglife.PointCreate}); err != nil {
		t.Fatal(err)
	}
	v.Send("/material")
	if p := reply(t, v, "已经写好了吗"); strings.Contains(p.Text, "还没有登记查摆问题") {
		t.Errorf("hint shown to a member with points: %q", p.Text)
	}
	click(t, v, "取消")
	reply(t, v, "已取消")
	if got := materialDone(t, f); !slices.Equal(got, []int64{201}) {
		t.Fatalf("cancelled, yet material done %v", got)
	}
	v.Send("/material")
	reply(t, v, "已经写好了吗")
	h.restart()
	click(t, v, "确认已完成")
	reply(t, v, "已登记")
	if got := materialDone(t, f); !slices.Equal(got, []int64{201, 202}) {
		t.Fatalf("material done %v", got)
	}

	// The secretary sees it by name.
	text := statusReplies(t, f.secretary)[0].Text
	if doneNames, pending := stepLists(t, text, "对照检查材料"); !slices.Equal(doneNames, []string{"党员1", "党员2"}) || !slices.Equal(pending, []string{"张书记"}) {
		t.Errorf("material done %v pending %v", doneNames, pending)
	}

	stranger := h.fake.NewUser(999, "路人")
	stranger.Send("/material")
	reply(t, stranger, "您还没有加入党支部")
	noViolations(t, h.fake)
}
