package sandbox

import (
	"context"
	"fmt"
	"strings"
	"time"

	"orglife"
	"orglife/bot/telegramtest"
	"orglife/report"
	"orglife/state"
)

// demoSecretary is the user id of the demo branch's secretary.
const demoSecretary = 100

var (
	demoCommittee = []struct {
		id   int64
		name string
	}{{101, "李委员"}, {102, "王委员"}}
	demoMembers = []struct {
		id   int64
		name string
	}{{201, "赵党员"}, {202, "钱党员"}, {203, "孙党员"}, {204, "周党员"}, {205, "吴党员"}, {206, "郑党员"}}
)

// seedDemo makes a branch with a secretary, two committee members and six members in the
// records, has the secretary create a meeting 20 days ahead through the bot (so that its
// reminders are planned the normal way), and adds some points, the branch problems stated
// from them, talks and study.
func (s *sandbox) seedDemo(ctx context.Context) error {
	rec := s.records
	now := s.clock.Now()
	id, err := rec.NewBranchID(ctx)
	if err != nil {
		return err
	}
	b := orglife.Branch{ID: id, Name: "第一党支部", SecretaryID: demoSecretary, CreatedAt: now}
	if err := rec.CreateBranch(ctx, b, orglife.Member{UserID: demoSecretary, Name: "张书记", Role: orglife.RoleSecretary, JoinedAt: now}); err != nil {
		return err
	}
	sec := s.addUser(demoSecretary, "张书记")
	add := func(uid int64, name string, role orglife.Role) error {
		if _, err := rec.AddMember(ctx, id, orglife.Member{UserID: uid, Name: name, Role: orglife.RoleMember, JoinedAt: now}); err != nil {
			return err
		}
		if role == orglife.RoleCommittee {
			if err := rec.SetRole(ctx, id, uid, role); err != nil {
				return err
			}
		}
		s.addUser(uid, name)
		return nil
	}
	for _, c := range demoCommittee {
		if err := add(c.id, c.name, orglife.RoleCommittee); err != nil {
			return err
		}
	}
	for _, m := range demoMembers {
		if err := add(m.id, m.name, orglife.RoleMember); err != nil {
			return err
		}
	}
	// They never joined through the bot: give each the menu of their role, as joining does.
	s.app.SyncMenu(ctx, demoSecretary)
	for _, c := range demoCommittee {
		s.app.SyncMenu(ctx, c.id)
	}
	for _, m := range demoMembers {
		s.app.SyncMenu(ctx, m.id)
	}

	day := orglife.DateOf(now, s.cfg.Location).AddDays(20)
	// A demo meeting is a 党员大会 whose notice and plan titles are left for the report to mark.
	for _, step := range []struct {
		say, want string
		click     bool
	}{
		{"/newmeeting", "请输入会议名称", false},
		{fmt.Sprintf("%d年度专题组织生活会", day.Year), "请输入会议日期", false},
		{day.String(), "会议几点开、在哪里开", false},
		{"14:30 党员活动室", "会议以什么形式召开", false},
		{"党员大会", "现在填写，还是跳过", true},
		{"跳过", "", true},
	} {
		if step.click {
			if _, err := sec.Click(step.say); err != nil {
				return fmt.Errorf("demo secretary taps %q: %w", step.say, err)
			}
		} else {
			sec.Send(step.say)
		}
		if step.want == "" {
			continue
		}
		if err := waitFor(ctx, sec, step.want); err != nil {
			return fmt.Errorf("demo secretary %q: %w", step.say, err)
		}
	}
	if err := noneOverdue(ctx, sec); err != nil {
		return err
	}
	b, err = rec.Branch(ctx, id)
	if err != nil {
		return err
	}
	meeting := b.CurrentMeeting

	points := []struct {
		member  int64
		area    orglife.Area
		source  orglife.Source
		problem string
		measure string
	}{
		{demoSecretary, orglife.AreaTheory, orglife.SourceSelf, "学习党的创新理论不够系统，读原文少、读摘要多", "每周安排两次原文学习并写心得"},
		{101, orglife.AreaWorkStyle, orglife.SourceMasses, "深入基层调研不够，掌握一线情况不准", "每月到基层调研不少于两次"},
		{102, orglife.AreaResponsibility, orglife.SourceMutual, "遇到难题有畏难情绪，主动担当不够", "牵头推进一项难点工作"},
		{201, orglife.AreaCapability, orglife.SourceSelf, "业务学习不够主动，新知识掌握得慢", "制定个人学习计划"},
		{202, orglife.AreaIntegrity, orglife.SourceSuperiors, "对廉洁自律要求学习不够经常", ""},
		{203, orglife.AreaPolitics, orglife.SourceCollective, "政治敏锐性不强，对苗头性问题警惕不够", "参加警示教育并交流体会"},
	}
	var saved []orglife.Point
	for _, p := range points {
		seq, err := rec.NextID(ctx, id)
		if err != nil {
			return err
		}
		pt := orglife.Point{ID: "p" + seq, MeetingID: meeting, MemberID: p.member, Area: p.area, Source: p.source,
			Problem: p.problem, Measure: p.measure, CreatedAt: now, UpdatedAt: now}
		if err := rec.SavePoint(ctx, id, pt, pointCreate(pt.ID, p.member)); err != nil {
			return err
		}
		saved = append(saved, pt)
	}
	if err := s.seedBranchProblems(ctx, id, meeting, saved, now); err != nil {
		return err
	}
	today := orglife.DateOf(now, s.cfg.Location)
	talks := []orglife.Talk{
		{RecordedBy: demoSecretary, With: 101, WithName: "李委员", Date: today, Form: orglife.TalkFaceToFace,
			Raised: "调研要更深入，多听基层意见", Received: "书记布置工作时可以多留一些讨论时间", Status: orglife.ConfirmAgreed},
		{RecordedBy: demoSecretary, With: 201, WithName: "赵党员", Date: today, Form: orglife.TalkPhone,
			Raised: "业务学习要更主动", Received: "希望支部多组织专题辅导", Status: orglife.ConfirmPending},
		{RecordedBy: 101, With: 202, WithName: "钱党员", Date: today, Form: orglife.TalkOnline,
			Raised: "要经常对照廉洁自律要求", Received: "委员对新党员的关心可以更多一些", Status: orglife.ConfirmAgreed},
	}
	for _, t := range talks {
		seq, err := rec.NextID(ctx, id)
		if err != nil {
			return err
		}
		t.ID, t.MeetingID, t.CreatedAt = "t"+seq, meeting, now
		if err := rec.SaveTalk(ctx, id, t); err != nil {
			return err
		}
	}
	return seedDemoStudy(ctx, rec, id, meeting, today, now)
}

// seedDemoStudy records study as the bot does: a collective session once, by the secretary,
// with who was present (周党员 away), and one member's online study with its platform.
func seedDemoStudy(ctx context.Context, rec *state.Records, branchID, meeting string, today orglife.Date, now time.Time) error {
	present := []int64{demoSecretary}
	for _, c := range demoCommittee {
		present = append(present, c.id)
	}
	for _, m := range demoMembers {
		if m.id != 204 {
			present = append(present, m.id)
		}
	}
	seq, err := rec.NextID(ctx, branchID)
	if err != nil {
		return err
	}
	session := orglife.StudySession{ID: "g" + seq, MeetingID: meeting, Kind: orglife.SessionCollective, Date: today,
		Topic: "习近平总书记关于党的建设的重要思想", Hours: 2, Attendance: present, RecordedBy: demoSecretary, CreatedAt: now}
	if err := rec.SaveStudySession(ctx, branchID, session); err != nil {
		return err
	}
	if seq, err = rec.NextID(ctx, branchID); err != nil {
		return err
	}
	online := orglife.Study{ID: "s" + seq, MeetingID: meeting, MemberID: 201, Form: orglife.StudyOnline, Date: today,
		Topic: "党的二十大报告解读", Hours: 1, Channel: "学习强国", Notes: "结合岗位谈体会", CreatedAt: now}
	return rec.SaveStudy(ctx, branchID, online)
}

// demoHeadlines are the headlines the demo secretary gave the proposals of /branchproblems.
var demoHeadlines = map[orglife.Area]string{
	orglife.AreaTheory:         "理论学习的系统性不强",
	orglife.AreaPolitics:       "政治敏锐性和鉴别力不强",
	orglife.AreaCapability:     "业务能力提升不够主动",
	orglife.AreaResponsibility: "攻坚克难的担当精神不足",
	orglife.AreaWorkStyle:      "联系服务群众不够紧密",
	orglife.AreaIntegrity:      "廉洁自律教育不够经常",
}

// seedBranchProblems states the branch problems as the demo secretary would confirm them in
// /branchproblems: each proposal of the points with its headline and the 具体表现 kept.
func (s *sandbox) seedBranchProblems(ctx context.Context, branchID, meetingID string, points []orglife.Point, now time.Time) error {
	rec := s.records
	members, err := rec.Members(ctx, branchID)
	if err != nil {
		return err
	}
	var ps []orglife.BranchProblem
	var log []orglife.BranchProblemChange
	for i, p := range report.ProposeBranchProblems(points, members) {
		seq, err := rec.NextID(ctx, branchID)
		if err != nil {
			return err
		}
		p.ID, p.MeetingID, p.Order, p.Headline = "b"+seq, meetingID, i+1, demoHeadlines[p.Area]
		p.CreatedBy, p.CreatedAt, p.UpdatedAt = demoSecretary, now, now
		ps = append(ps, p)
		log = append(log, orglife.BranchProblemChange{ProblemID: p.ID, By: demoSecretary, At: now,
			Action: orglife.BranchProblemCreate, After: p.Headline})
	}
	return rec.SaveBranchProblems(ctx, branchID, meetingID, ps, log)
}

// waitFor waits for a bot message to u containing want.
// noneOverdue waits for the demo meeting to be created. When /newmeeting first warns that some
// deadlines are past or fall on days off (the plan's, 21 days before a meeting 20 days ahead),
// the demo secretary lays the steps out again from today, so the demo starts with no step
// overdue and none due on a day off.
func noneOverdue(ctx context.Context, sec *telegramtest.User) error {
	wctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	m, err := sec.WaitReply(wctx, func(m telegramtest.Message) bool {
		return strings.Contains(m.Text, "已创建") || strings.Contains(m.Text, "按今天重新推算")
	})
	if err != nil {
		return fmt.Errorf("demo meeting created: %w", err)
	}
	if strings.Contains(m.Text, "已创建") {
		return nil
	}
	if _, err := sec.Click("按今天重新推算"); err != nil {
		return fmt.Errorf("demo secretary lays the steps out from today: %w", err)
	}
	if err := waitFor(ctx, sec, "已创建"); err != nil {
		return fmt.Errorf("demo meeting created: %w", err)
	}
	return nil
}

func waitFor(ctx context.Context, u *telegramtest.User, want string) error {
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	_, err := u.WaitReply(ctx, func(m telegramtest.Message) bool { return strings.Contains(m.Text, want) })
	return err
}

func pointCreate(id string, by int64) orglife.PointChange {
	return orglife.PointChange{PointID: id, By: by, Action: orglife.PointCreate}
}
