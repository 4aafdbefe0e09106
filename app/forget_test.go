package app_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
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
