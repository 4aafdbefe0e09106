package app_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"orglife"
	"orglife/configs"
	"orglife/state"
)

// TestForgetMeAnonymises: with the default retention (anonymise), a leaving member's points,
// talks and study keep their text without their id or name, their leave and material mark
// go, and the report still compiles with their words but not their name.
func TestForgetMeAnonymises(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 1, 2) // 张书记 100, 委员1 101, 党员1 201, 党员2 202
	ctx := context.Background()
	b, mt := f.branch.ID, f.meeting.ID
	now, day := time.Now(), today(h)
	mine := f.addPointLogged(t, 201, orglife.AreaTheory, "对党的创新理论学习不够系统，只读摘要不读原文", "", "每周读原文两次")
	theirs := f.addPoint(t, 202, orglife.AreaWorkStyle, orglife.SourceMasses, "调研不够深入，基层情况掌握不准", "")
	f.save(t, orglife.Talk{ID: "t1", MeetingID: mt, RecordedBy: 100, With: 201, WithName: "党员1", Date: day,
		Form: orglife.TalkFaceToFace, Raised: "提醒多读原著", Received: "书记要多听意见", Status: orglife.ConfirmAgreed, CreatedAt: now})
	f.save(t, orglife.Study{ID: "s1", MeetingID: mt, MemberID: 201, Form: orglife.StudySelf, Date: day,
		Topic: "学习党章总纲", Hours: 2, CreatedAt: now})
	f.save(t, orglife.StudySession{ID: "g1", MeetingID: mt, Kind: orglife.SessionSeminar, Date: day, Topic: "严肃党内政治生活",
		Hours: 2, Attendance: []int64{100, 201, 202}, Speakers: []int64{201, 202}, RecordedBy: 101, CreatedAt: now})
	f.save(t, orglife.RectItem{ID: "r1", BranchID: b, MeetingID: mt, Number: 1, Problem: "理论学习流于形式",
		Measure: "每月专题研讨一次", Owner: 201, Deadline: day.AddDays(60), ReviewDays: 7, Status: orglife.RectInProgress, CreatedAt: now,
		Progress: []orglife.RectReport{{At: now, By: 201, Status: orglife.RectInProgress, Note: "已组织一次研讨", Kind: "report"}}})
	if err := f.records.MarkMaterialDone(ctx, b, mt, 201); err != nil {
		t.Fatal(err)
	}
	leaves := state.NewReminders(h.redis.Client(t), state.NewKeys(h.cfg.Redis.KeyPrefix))
	if err := leaves.SetLeave(ctx, b, orglife.Leave{UserID: 201, From: day, To: day.AddDays(3), SetBy: 201}); err != nil {
		t.Fatal(err)
	}

	m := f.members[0]
	m.Send("/forgetme")
	reply(t, m, "匿名保留")
	click(t, m, "确认退出")
	reply(t, m, "已办理")

	after := f.snapshot(t)
	if len(after.points) != 2 || after.points[0].ID != mine.ID || after.points[0].MemberID != 0 ||
		after.points[0].Problem != mine.Problem || after.points[1].ID != theirs.ID || after.points[1].MemberID != 202 {
		t.Fatalf("points after anonymising = %+v, want the member's without their id, the other's as it was", after.points)
	}
	for _, c := range after.log {
		if c.By == 201 {
			t.Fatalf("the point log still names the member: %+v", c)
		}
	}
	if len(after.talks) != 1 || after.talks[0].With != 0 || after.talks[0].WithName != state.AnonymousName || after.talks[0].Raised != "提醒多读原著" {
		t.Fatalf("talks after anonymising = %+v", after.talks)
	}
	if len(after.studies) != 1 || after.studies[0].MemberID != 0 || after.studies[0].Topic != "学习党章总纲" {
		t.Fatalf("studies after anonymising = %+v", after.studies)
	}
	// They stay counted at the seminar they attended and spoke at, as no one.
	if len(after.sessions) != 1 || !reflect.DeepEqual(after.sessions[0].Attendance, []int64{100, 0, 202}) ||
		!reflect.DeepEqual(after.sessions[0].Speakers, []int64{0, 202}) || after.sessions[0].RecordedBy != 101 {
		t.Fatalf("study sessions after anonymising = %+v", after.sessions)
	}
	if len(after.items) != 1 || after.items[0].Owner != 0 || after.items[0].Progress[0].By != 0 {
		t.Fatalf("rectification items after anonymising = %+v", after.items)
	}
	if len(after.done) != 0 {
		t.Fatalf("material done = %v, want none", after.done)
	}
	if ls, err := leaves.Leaves(ctx, b); err != nil || len(ls) != 0 {
		t.Fatalf("leaves after /forgetme = %+v, %v; want none", ls, err)
	}
	if _, ok, _ := f.records.Member(ctx, b, 201); ok {
		t.Fatal("the member is still in the branch")
	}

	// The report keeps their words; the ledger keeps their item, not their name.
	sec := f.secretary
	sec.Send("/report")
	doc := mmDocumentXML(t, waitDocument(t, sec, ".docx"))
	reply(t, sec, "还需要以下清单吗")
	click(t, sec, "整改台账 Word")
	ledger := mmDocumentXML(t, waitDocument(t, sec, "台账.docx"))
	if !strings.Contains(doc, "只读摘要不读原文") || !strings.Contains(ledger, "每月专题研讨一次") || strings.Contains(ledger, "党员1") {
		t.Fatal("the report should hold the anonymised point, the ledger the item without 党员1's name")
	}

	// The secretary must hand over first.
	sec.Send("/forgetme")
	reply(t, sec, "支部书记不能直接退出")
	if _, ok, _ := f.records.Member(ctx, b, 100); !ok {
		t.Fatal("the secretary was removed")
	}
	noViolations(t, h.fake)
}

// TestRetentionIsTheBranchs: a secretary's /retention overrides branch.retention for their
// branch alone, and a member agrees to what the prompt they were shown said.
func TestRetentionIsTheBranchs(t *testing.T) {
	t.Parallel()
	h := newHarness(t) // branch.retention: anonymise
	f := seedBranch(t, h, 0, 3)
	ctx := context.Background()
	f.addPoint(t, 201, orglife.AreaTheory, orglife.SourceSelf, "学习强国积分靠刷不靠学", "")
	f.addPoint(t, 202, orglife.AreaTheory, orglife.SourceSelf, "下基层走马观花", "")
	f.addPoint(t, 203, orglife.AreaTheory, orglife.SourceSelf, "开会发言空泛", "")
	sec := f.secretary

	// A member asks before the secretary changes the setting: they were told anonymise.
	early := f.members[2]
	early.Send("/forgetme")
	reply(t, early, "匿名保留")

	sec.Send("/retention")
	reply(t, sec, "现在匿名保留")
	click(t, sec, "删除")
	reply(t, sec, "已设置")
	if got, err := f.records.Branch(ctx, f.branch.ID); err != nil || got.Retention != orglife.RetentionRemove {
		t.Fatalf("branch retention = %q, %v; want remove", got.Retention, err)
	}

	m := f.members[0]
	m.Send("/forgetme")
	reply(t, m, "将被删除")
	click(t, m, "确认退出")
	reply(t, m, "已办理")
	click(t, early, "确认退出")
	reply(t, early, "已办理")

	ps, err := f.records.Points(ctx, f.branch.ID, f.meeting.ID)
	if err != nil {
		t.Fatal(err)
	}
	byText := map[string]int64{}
	for _, p := range ps {
		byText[p.Problem] = p.MemberID
	}
	want := map[string]int64{"下基层走马观花": 202, "开会发言空泛": 0}
	if !reflect.DeepEqual(byText, want) {
		t.Fatalf("points after two members left = %v, want %v (201's removed, 203's anonymised as promised)", byText, want)
	}

	// Members cannot change it.
	other := f.members[1]
	other.Send("/retention")
	if text := reply(t, other, "").Text; !strings.Contains(text, "支部书记") {
		t.Fatalf("a member's /retention got %q", text)
	}
	noViolations(t, h.fake)
}

// TestForgetMeRemoves: with branch.retention=remove, a member's points, talks and study
// records go, their rectification items stay without their name, everyone else's records
// are as they were, and the secretary's report and ledger still compile without them.
func TestForgetMeRemoves(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(func(c *configs.Config) { c.Branch.Retention = "remove" }))
	f := seedBranch(t, h, 1, 1) // 张书记 100, 委员1 101, 党员1 201
	ctx := context.Background()
	b, mt := f.branch.ID, f.meeting.ID
	now := time.Now()
	day := today(h)
	// The leaver, with a name no document could contain by chance.
	const leaver, name = 209, "欧阳离开"
	if _, err := f.records.AddMember(ctx, b, orglife.Member{UserID: leaver, Name: name, Role: orglife.RoleMember, JoinedAt: now}); err != nil {
		t.Fatal(err)
	}
	m := h.fake.NewUser(leaver, name)
	// The leaver's own words, each a text no one else wrote.
	gone := []string{name, "学习强国积分靠刷不靠学", "怕得罪人不敢批评", "每天原文精读半小时", "下基层走马观花",
		"提醒党员1按时交党费", "提醒欧阳多下基层", "欧阳说我开会发言空泛", "欧阳学习了党章第一章", "对照检查自己的宗旨意识"}
	mine := f.addPointLogged(t, leaver, orglife.AreaTheory, "学习强国积分靠刷不靠学", "怕得罪人不敢批评", "每天原文精读半小时")
	f.addPointLogged(t, leaver, orglife.AreaWorkStyle, "下基层走马观花", "", "")
	theirs := f.addPointLogged(t, 201, orglife.AreaIntegrity, "请销假制度执行不严", "", "严格执行请销假")
	f.save(t, orglife.Talk{ID: "t1", MeetingID: mt, RecordedBy: leaver, With: 201, WithName: "党员1", Date: day,
		Form: orglife.TalkFaceToFace, Raised: "提醒党员1按时交党费", Received: "党员1说我开会发言空泛", Status: orglife.ConfirmAgreed, CreatedAt: now})
	f.save(t, orglife.Talk{ID: "t2", MeetingID: mt, RecordedBy: 100, With: leaver, WithName: name, Date: day,
		Form: orglife.TalkPhone, Raised: "提醒欧阳多下基层", Received: "欧阳说我开会发言空泛", Status: orglife.ConfirmPending, CreatedAt: now})
	f.save(t, orglife.Talk{ID: "t3", MeetingID: mt, RecordedBy: 201, With: 101, WithName: "委员1", Date: day,
		Form: orglife.TalkOnline, Raised: "委员1要多听群众意见", Received: "党员1要加强理论学习", Status: orglife.ConfirmAgreed, CreatedAt: now})
	f.save(t, orglife.Talk{ID: "t4", MeetingID: mt, RecordedBy: 100, With: 201, WithName: "党员1", Date: day,
		Form: orglife.TalkFaceToFace, Raised: "党员1要带头学习", Received: "书记要多关心青年党员", Status: orglife.ConfirmPending, CreatedAt: now})
	f.save(t, orglife.Study{ID: "s1", MeetingID: mt, MemberID: leaver, Form: orglife.StudySelf, Date: day,
		Topic: "欧阳学习了党章第一章", Notes: "对照检查自己的宗旨意识", Hours: 2, CreatedAt: now})
	f.save(t, orglife.Study{ID: "s2", MeetingID: mt, MemberID: 201, Form: orglife.StudySelf, Date: day,
		Topic: "学习新修订的纪律处分条例", Hours: 1.5, CreatedAt: now})
	f.save(t, orglife.StudySession{ID: "g1", MeetingID: mt, Kind: orglife.SessionSeminar, Date: day, Topic: "严肃党内政治生活",
		Hours: 2, Attendance: []int64{100, leaver, 201}, Speakers: []int64{leaver}, RecordedBy: leaver, CreatedAt: now})
	f.save(t, orglife.RectItem{ID: "r1", BranchID: b, MeetingID: mt, Number: 1, Problem: "理论学习流于形式",
		Measure: "每月专题研讨一次", Owner: leaver, Deadline: day.AddDays(60), ReviewDays: 7, Status: orglife.RectInProgress, CreatedAt: now,
		Progress: []orglife.RectReport{{At: now, By: leaver, Status: orglife.RectInProgress, Note: "已组织一次研讨", Kind: "report"}}})
	f.save(t, orglife.RectItem{ID: "r2", BranchID: b, MeetingID: mt, Number: 2, Problem: "请销假制度执行不严",
		Measure: "建立请销假台账", Owner: 201, Deadline: day.AddDays(30), ReviewDays: 7, Status: orglife.RectInProgress, CreatedAt: now,
		Progress: []orglife.RectReport{{At: now, By: 201, Status: orglife.RectInProgress, Note: "台账已建立", Kind: "report"}}})
	for _, uid := range []int64{leaver, 201} {
		if err := f.records.MarkMaterialDone(ctx, b, mt, uid); err != nil {
			t.Fatal(err)
		}
	}
	before := f.snapshot(t)

	m.Send("/forgetme")
	reply(t, m, "将被删除") // the prompt of remove mode, not of anonymise
	click(t, m, "确认退出")
	reply(t, m, "已办理")

	after := f.snapshot(t)
	// Their points are gone; the log keeps only that a point existed.
	if len(after.points) != 1 || !reflect.DeepEqual(after.points[0], theirs) {
		t.Fatalf("points after removal = %+v, want only 党员1's as it was", after.points)
	}
	if len(after.log) != len(before.log) {
		t.Fatalf("point log has %d entries, was %d", len(after.log), len(before.log))
	}
	for _, c := range after.log {
		if c.By == leaver {
			t.Fatalf("the point log still names the member: %+v", c)
		}
		if c.PointID == mine.ID && (c.Before != "" || c.After != "") {
			t.Fatalf("the point log keeps the removed point's text: %+v", c)
		}
	}
	// Every talk they recorded or took part in is gone; the others are untouched.
	if !reflect.DeepEqual(after.talks, before.talks[2:]) {
		t.Fatalf("talks after removal = %+v, want t3 and t4 as they were", after.talks)
	}
	if len(after.studies) != 1 || !reflect.DeepEqual(after.studies[0], before.studies[1]) {
		t.Fatalf("studies after removal = %+v, want only 党员1's as it was", after.studies)
	}
	// The seminar they recorded is the branch's: it stays, without them.
	if g := after.sessions; len(g) != 1 || !reflect.DeepEqual(g[0].Attendance, []int64{100, 201}) || len(g[0].Speakers) != 0 ||
		g[0].RecordedBy != 0 || g[0].Topic != "严肃党内政治生活" {
		t.Fatalf("study sessions after removal = %+v", g)
	}
	// Their rectification item is the branch's: it stays, without their name.
	if len(after.items) != 2 || after.items[0].ID != "r1" || after.items[0].Owner != 0 || after.items[0].Progress[0].By != 0 ||
		!reflect.DeepEqual(after.items[1], before.items[1]) {
		t.Fatalf("rectification items after removal = %+v", after.items)
	}
	if !reflect.DeepEqual(after.done, []int64{201}) {
		t.Fatalf("material done = %v, want only 201", after.done)
	}
	// Nothing they wrote, nor their name, is left anywhere in the branch's records.
	e, err := f.records.Export(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range gone {
		if strings.Contains(string(raw), s) {
			t.Fatalf("%q is still stored after /forgetme in remove mode", s)
		}
	}
	// They are no longer a member, and the bot treats them so.
	if _, ok, _ := f.records.Member(ctx, b, leaver); ok {
		t.Fatal("the member is still in the branch")
	}
	if ms, _ := f.records.Members(ctx, b); len(ms) != 3 {
		t.Fatalf("%d members after one left, want 3", len(ms))
	}
	if bs, _ := f.records.UserBranches(ctx, leaver); len(bs) != 0 {
		t.Fatalf("the member still belongs to branches %v", bs)
	}
	m.Send("/help")
	reply(t, m, "尚未加入支部")

	// The secretary's report and ledger still compile, and say nothing of them.
	sec := f.secretary
	sec.Send("/report")
	preview := reply(t, sec, "查摆")
	doc := mmDocumentXML(t, waitDocument(t, sec, ".docx"))
	reply(t, sec, "还需要以下清单吗")
	click(t, sec, "整改台账 Word")
	ledger := mmDocumentXML(t, waitDocument(t, sec, "台账.docx"))
	if !strings.Contains(doc, "请销假制度执行不严") || !strings.Contains(ledger, "建立请销假台账") || !strings.Contains(ledger, "每月专题研讨一次") {
		t.Fatal("the report or the ledger lacks the records that remain")
	}
	for _, s := range gone {
		if strings.Contains(preview.Text, s) || strings.Contains(doc, s) || strings.Contains(ledger, s) {
			t.Fatalf("the report or the ledger still holds %q", s)
		}
	}
	noViolations(t, h.fake)
}

// forgetRecords is what a meeting holds, read back through the state package.
type forgetRecords struct {
	points  []orglife.Point
	log     []orglife.PointChange
	talks   []orglife.Talk
	studies []orglife.Study
	items   []orglife.RectItem
	done    []int64
	// sessions are the collective study sessions.
	sessions []orglife.StudySession
}

func (f *fixture) snapshot(t *testing.T) forgetRecords {
	t.Helper()
	ctx := context.Background()
	b, m := f.branch.ID, f.meeting.ID
	var r forgetRecords
	var errs [7]error
	r.points, errs[0] = f.records.Points(ctx, b, m)
	r.log, errs[1] = f.records.PointLog(ctx, b, m)
	r.talks, errs[2] = f.records.Talks(ctx, b, m)
	r.studies, errs[3] = f.records.Studies(ctx, b, m)
	r.items, errs[4] = f.records.RectItems(ctx, b, m)
	r.done, errs[5] = f.records.MaterialDone(ctx, b, m)
	r.sessions, errs[6] = f.records.StudySessions(ctx, b, m)
	if err := errors.Join(errs[:]...); err != nil {
		t.Fatal(err)
	}
	return r
}

// addPointLogged stores a point whose creation is logged with its summary, as /point does.
func (f *fixture) addPointLogged(t *testing.T, member int64, area orglife.Area, problem, cause, measure string) orglife.Point {
	t.Helper()
	p := orglife.Point{MemberID: member, Area: area, Source: orglife.SourceSelf, Problem: problem, Cause: cause, Measure: measure}
	p = f.storePoint(t, p, orglife.PointChange{By: member, At: time.Now(), Action: orglife.PointCreate, After: problem})
	p, err := f.records.Point(context.Background(), f.branch.ID, f.meeting.ID, p.ID) // as stored
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// save stores a talk, study, collective study session or rectification item of the current meeting directly.
func (f *fixture) save(t *testing.T, v any) {
	t.Helper()
	ctx := context.Background()
	var err error
	switch v := v.(type) {
	case orglife.Talk:
		err = f.records.SaveTalk(ctx, f.branch.ID, v)
	case orglife.Study:
		err = f.records.SaveStudy(ctx, f.branch.ID, v)
	case orglife.StudySession:
		err = f.records.SaveStudySession(ctx, f.branch.ID, v)
	case orglife.RectItem:
		err = f.records.SaveRectItem(ctx, v)
	default:
		t.Fatalf("cannot save %T", v)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// TestForgetMeNamesTheItemsLeftWithoutOwner: the /forgetme prompt lists the member's open
// rectification items (not a closed one, not someone else's), and once they leave the
// secretary is told who left and which items need a new owner.
func TestForgetMeNamesTheItemsLeftWithoutOwner(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 2) // 张书记 100, 党员1 201, 党员2 202
	b, mt := f.branch.ID, f.meeting.ID
	now, day := time.Now(), today(h)
	item := func(id string, n int, measure string, owner int64, st orglife.RectStatus) orglife.RectItem {
		return orglife.RectItem{ID: id, BranchID: b, MeetingID: mt, Number: n, Problem: "问题" + id, Measure: measure,
			Owner: owner, Deadline: day.AddDays(30), ReviewDays: 7, Status: st, CreatedAt: now}
	}
	f.save(t, item("r1", 1, "每月专题研讨一次", 201, orglife.RectInProgress))
	f.save(t, item("r2", 2, "建立请销假台账", 202, orglife.RectInProgress))
	f.save(t, item("r3", 3, "会议记录三天内归档", 201, orglife.RectClosed))
	f.save(t, item("r4", 4, "每周走访群众两户", 201, orglife.RectNotStarted))

	m := f.members[0]
	m.Send("/forgetme")
	prompt := reply(t, m, "确定退出")
	for _, want := range []string{"您负责的以下 2 项整改事项尚未销号", "第1项 每月专题研讨一次", "第4项 每周走访群众两户", day.AddDays(30).Chinese()} {
		if !strings.Contains(prompt.Text, want) {
			t.Errorf("the /forgetme prompt lacks %q:\n%s", want, prompt.Text)
		}
	}
	for _, not := range []string{"建立请销假台账", "会议记录三天内归档"} {
		if strings.Contains(prompt.Text, not) {
			t.Errorf("the /forgetme prompt lists %q, not the member's open item:\n%s", not, prompt.Text)
		}
	}
	click(t, m, "确认退出")
	reply(t, m, "已办理")

	told := reply(t, f.secretary, "已用 /forgetme 退出")
	for _, want := range []string{"党员1", "第一党支部", "匿名保留", "以下 2 项整改事项尚未销号，现在没有责任人", "/reassign",
		"第1项 每月专题研讨一次", "第4项 每周走访群众两户"} {
		if !strings.Contains(told.Text, want) {
			t.Errorf("the secretary's notice lacks %q:\n%s", want, told.Text)
		}
	}
	if strings.Contains(told.Text, "建立请销假台账") || strings.Contains(told.Text, "会议记录三天内归档") {
		t.Errorf("the secretary's notice lists items that keep their owner:\n%s", told.Text)
	}

	// A member without items is asked plainly, and the secretary told without a list.
	other := f.members[1]
	f.save(t, item("r2", 2, "建立请销假台账", 202, orglife.RectClosed))
	other.Send("/forgetme")
	if p := reply(t, other, "确定退出"); strings.Contains(p.Text, "整改事项") {
		t.Errorf("a member without open items is told of items:\n%s", p.Text)
	}
	click(t, other, "确认退出")
	reply(t, other, "已办理")
	last := reply(t, f.secretary, "党员2 已用 /forgetme 退出")
	if strings.Contains(last.Text, "/reassign") {
		t.Errorf("the secretary is asked to reassign nothing:\n%s", last.Text)
	}
	noViolations(t, h.fake)
}

// TestForgetMeKeepsAttendanceHistory: minutes recorded as 应到9/实到8 still say so in the
// report and /status after an attending member leaves with /forgetme.
func TestForgetMeKeepsAttendanceHistory(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 1, 7) // 9 members: 张书记, 委员1, 党员1…党员7
	sec := f.secretary
	sec.Send("/minutes")
	reply(t, sec, "组织生活会在哪天召开")
	click(t, sec, "今天")
	reply(t, sec, "应到 9 人，默认全部到会")
	click(t, sec, "✅ 党员7") // the one absent
	reply(t, sec, "实到 8 人，缺席 1 人")
	click(t, sec, "确定")
	reply(t, sec, "党员7 因何缺席")
	click(t, sec, "跳过")
	reply(t, sec, "到会指导的领导姓名")
	click(t, sec, "跳过")
	for _, i := range []int{1, 2, 4} {
		reply(t, sec, fmt.Sprintf("议程 %d", i))
		click(t, sec, "跳过")
	}
	reply(t, sec, "应到 9 人，实到 8 人")

	m := f.members[0] // attended
	m.Send("/forgetme")
	reply(t, m, "确定退出")
	click(t, m, "确认退出")
	reply(t, m, "已办理")
	rec, _ := minutesOf(t, f)
	if slices.Contains(rec.Attending, 201) {
		t.Fatalf("the minutes still name the member who left: %v", rec.Attending)
	}

	sec.Send("/status")
	if st := reply(t, sec, "实到"); !strings.Contains(st.Text, "实到 8 人，缺席 1 人") {
		t.Errorf("/status after a member left:\n%s", st.Text)
	}
	sec.Send("/report")
	doc := mmDocumentXML(t, waitDocument(t, sec, "报告.docx"))
	if !strings.Contains(doc, "应到9名，实到8名，缺席1名") || strings.Contains(doc, "应到8名") {
		t.Fatal("the report rewrote the attendance of a meeting already held")
	}
	noViolations(t, h.fake)
}

// TestAnonymisedMemberShowsAsSomeone: where retention anonymises, the member's records show
// them as 某同志 (in English: a member) — in /points, in the other side's /mytalks and in the
// ledger's owner — never as an id.
func TestAnonymisedMemberShowsAsSomeone(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 2) // 张书记 100, 党员1 201, 党员2 202
	mt := f.meeting.ID
	now, day := time.Now(), today(h)
	f.addPoint(t, 201, orglife.AreaTheory, orglife.SourceSelf, "对党的创新理论学习不够系统", "")
	f.addPoint(t, 202, orglife.AreaWorkStyle, orglife.SourceSelf, "调研不够深入，基层情况掌握不准", "")
	f.save(t, orglife.Talk{ID: "t1", MeetingID: mt, RecordedBy: 202, With: 201, WithName: "党员1", Date: day,
		Form: orglife.TalkFaceToFace, Raised: "提醒多读原著", Received: "要多下基层", Status: orglife.ConfirmAgreed, CreatedAt: now})

	m := f.members[0]
	m.Send("/forgetme")
	reply(t, m, "匿名保留")
	click(t, m, "确认退出")
	reply(t, m, "已办理")

	sec := f.secretary
	sec.Send("/points")
	list := reply(t, sec, "对党的创新理论学习不够系统")
	if !strings.Contains(list.Text, "2. 某同志 【理论学习") || strings.Contains(list.Text, "#0") || strings.Contains(list.Text, "党员1") {
		t.Errorf("/points names the member who left so:\n%s", list.Text)
	}
	click(t, sec, "编辑2") // people who have left come last
	if p := reply(t, sec, "的查摆问题"); !strings.Contains(p.Text, "某同志 的查摆问题") || strings.Contains(p.Text, "#0") {
		t.Errorf("the point's heading names its author so:\n%s", p.Text)
	}
	sec.Send("/cancel")
	reply(t, sec, "已取消")

	other := f.members[1]
	other.Send("/mytalks")
	if talks := reply(t, other, "提醒多读原著"); !strings.Contains(talks.Text, "某同志") || strings.Contains(talks.Text, "党员1") {
		t.Errorf("/mytalks names the partner who left so:\n%s", talks.Text)
	}
	other.Send("/lang")
	reply(t, other, "请选择语言")
	click(t, other, "English")
	reply(t, other, "Language set to English")
	other.Send("/mytalks")
	if talks := reply(t, other, "提醒多读原著"); !strings.Contains(talks.Text, "a member") || strings.Contains(talks.Text, "某同志") {
		t.Errorf("/mytalks in English names the partner who left so:\n%s", talks.Text)
	}
	noViolations(t, h.fake)
}
