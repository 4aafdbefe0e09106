package app_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"orglife"
	"orglife/bot/telegramtest"
)

// Rights are checked when an answer is taken, not only when a command starts.

func TestFormerSecretaryCannotFinishDeadlineChange(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 1, 0)
	sec := f.secretary
	sec.Send("/deadline")
	reply(t, sec, "修改哪一步的时限")
	click(t, sec, "谈心谈话")
	reply(t, sec, "请输入新的时限日期")
	if err := f.records.HandOver(context.Background(), f.branch.ID, 100, 101); err != nil {
		t.Fatal(err)
	}
	sec.Send(f.meeting.Date.AddDays(-1).String())
	reply(t, sec, "这个命令只有支部书记可以使用")
	m, _ := f.records.Meeting(context.Background(), f.branch.ID, f.meeting.ID)
	if talks, _ := m.Step(orglife.StepTalks); talks.Deadline != f.meeting.Steps[2].Deadline {
		t.Fatalf("a former secretary moved the deadline to %v", talks.Deadline)
	}
}

func TestRemovedMemberCannotFinishStudyRecord(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 1)
	u := f.members[0]
	u.Send("/study")
	reply(t, u, "学习形式")
	click(t, u, "个人自学")
	reply(t, u, "哪天学习的")
	if err := f.records.RemoveMember(context.Background(), f.branch.ID, u.ID()); err != nil {
		t.Fatal(err)
	}
	click(t, u, "今天")
	reply(t, u, "您还没有加入党支部")
	if s, _ := f.records.Studies(context.Background(), f.branch.ID, f.meeting.ID); len(s) != 0 {
		t.Fatalf("a removed member stored %d study records", len(s))
	}
}

func TestOldCommitteeButtonDoesNotUndoALaterChange(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 1)
	sec := f.secretary
	sec.Send("/members")
	reply(t, sec, "点姓名")
	click(t, sec, "党员1")
	card := reply(t, sec, "党员1")
	makeCommittee := card.Buttons[0][0].Data
	click(t, sec, "设为支委")
	reply(t, sec, "已将 党员1 设为支委")
	// The same "make committee" button pressed again (an old message) changes nothing.
	if _, err := sec.ClickData(card.ID, makeCommittee); err != nil {
		t.Fatal(err)
	}
	waitAnswered(t, sec, 3)
	m, _, _ := f.records.Member(context.Background(), f.branch.ID, 201)
	if m.Role != orglife.RoleCommittee {
		t.Fatalf("an old button changed the role to %v", m.Role)
	}
}

func TestPointDraftStaysInItsBranch(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 1)
	ctx := context.Background()
	other := orglife.Branch{ID: "zz", Name: "第二党支部", SecretaryID: 400, CreatedAt: time.Now()}
	if err := f.records.CreateBranch(ctx, other, orglife.Member{UserID: 400, Name: "王书记", Role: orglife.RoleSecretary}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.records.AddMember(ctx, other.ID, orglife.Member{UserID: 201, Name: "党员1", Role: orglife.RoleMember}); err != nil {
		t.Fatal(err)
	}
	om := orglife.Meeting{ID: "m1", BranchID: other.ID, Title: "第二支部会议", Date: f.meeting.Date, Steps: f.meeting.Steps, CreatedAt: time.Now()}
	if err := f.records.CreateMeeting(ctx, om); err != nil {
		t.Fatal(err)
	}
	// A draft written in the first branch…
	draft, _ := json.Marshal(map[string]string{"area": "1", "source": "1", "problem": "第一支部的草稿问题内容较长", "_branch": f.branch.ID})
	if err := f.records.SaveDraft(ctx, 201, "point", draft); err != nil {
		t.Fatal(err)
	}
	if err := f.records.ChooseBranch(ctx, 201, other.ID); err != nil {
		t.Fatal(err)
	}
	u := f.members[0]
	// …is not offered in the second.
	u.Send("/point")
	m := reply(t, u, "这个问题属于哪个方面")
	if count(u, "继续上次未完成") != 0 || m.Text == "" {
		t.Fatalf("the first branch's draft was offered in the second: %+v", u.Replies())
	}
	if raw, _ := f.records.Draft(ctx, 201, "point"); raw == nil {
		t.Fatal("the draft was dropped instead of kept for its branch")
	}
}

func TestFailedUpdateIsAnswered(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := h.fake.NewUser(3100, "Oops")
	// Telegram refuses the reply for good (as it would a malformed one): the user is told.
	h.fake.FailNext("sendMessage", 1, telegramtest.Fault{Status: 400, ErrorCode: 400, Description: "Bad Request: something is wrong"})
	u.Send("/help")
	reply(t, u, "处理出错了")
}

func TestFlowKeepsTheMeetingItStartedWith(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 1)
	u := f.members[0]
	u.Send("/study")
	reply(t, u, "学习形式")
	click(t, u, "个人自学")
	reply(t, u, "哪天学习的")
	click(t, u, "今天")
	reply(t, u, "学习的主题或材料")
	// Meanwhile the secretary sets up another meeting.
	next := orglife.Meeting{ID: "m2", BranchID: f.branch.ID, Title: "下一次会议", Date: f.meeting.Date.AddDays(90),
		Steps: orglife.NewSteps(f.meeting.Date.AddDays(90), h.cfg.Meeting.Steps), CreatedAt: time.Now()}
	if err := f.records.CreateMeeting(context.Background(), next); err != nil {
		t.Fatal(err)
	}
	u.Send("党的二十大报告")
	reply(t, u, "学习了多长时间")
	u.Send("2")
	reply(t, u, "学习心得")
	click(t, u, "跳过")
	reply(t, u, "已记录学习")
	ctx := context.Background()
	if s, _ := f.records.Studies(ctx, f.branch.ID, f.meeting.ID); len(s) != 1 {
		t.Fatalf("the study record is not in the meeting it started with: %d there", len(s))
	}
	if s, _ := f.records.Studies(ctx, f.branch.ID, "m2"); len(s) != 0 {
		t.Fatal("the study record went to the meeting made meanwhile")
	}
}
