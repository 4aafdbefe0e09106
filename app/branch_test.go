package app_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"orglife"
	"orglife/bot/telegramtest"
	"orglife/configs"
	"orglife/state"
)

var inviteLink = regexp.MustCompile(`https://t\.me/\w+\?start=([A-Za-z0-9_-]+)`)

func inviteCode(t *testing.T, m telegramtest.Message) string {
	t.Helper()
	g := inviteLink.FindStringSubmatch(m.Text)
	if g == nil {
		t.Fatalf("no invite link in %q", m.Text)
	}
	return g[1]
}

func records(t *testing.T, h *harness) *state.Records {
	return state.NewRecords(h.redis.Client(t), state.NewKeys(h.cfg.Redis.KeyPrefix))
}

func TestCreateBranchJoinAndPromote(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(func(c *configs.Config) { c.Admins = []int64{100} }))
	sec := h.fake.NewUser(100, "Zhang")
	outsider := h.fake.NewUser(999, "Nobody")
	outsider.Send("/newbranch")
	reply(t, outsider, "只有管理员")

	sec.Send("/newbranch")
	reply(t, sec, "请输入党支部名称")
	sec.Send("机关第一党支部")
	reply(t, sec, "请输入您的姓名")
	sec.Send("张<书记>")
	created := reply(t, sec, "您是支部书记")
	code := inviteCode(t, created)
	if !strings.Contains(created.Text, "下一步：发送 /newmeeting 设置本次专题组织生活会，或 /invite 邀请党员加入。") {
		t.Errorf("/newbranch does not suggest the next step: %q", created.Text)
	}
	sec.Send("/invite")
	if shown := inviteCode(t, reply(t, sec, "当前的邀请链接（")); shown != code {
		t.Errorf("/invite after /newbranch showed %s, not the branch's link %s", shown, code)
	}

	li := h.fake.NewUser(201, "Li")
	li.Send("/start " + code)
	reply(t, li, "欢迎加入")
	li.Send("李四")
	reply(t, li, "您已作为党员加入")
	notice := reply(t, sec, "李四 通过邀请链接加入了 机关第一党支部")
	if len(notice.Buttons) != 1 {
		t.Fatalf("join notice buttons %+v", notice.Buttons)
	}
	click(t, sec, "设为支委")
	reply(t, sec, "已将 李四 设为支委")

	rec := records(t, h)
	ids, _ := rec.UserBranches(context.Background(), 201)
	if len(ids) != 1 {
		t.Fatalf("li is in %v", ids)
	}
	m, ok, _ := rec.Member(context.Background(), ids[0], 201)
	if !ok || m.Name != "李四" || m.Role != orglife.RoleCommittee {
		t.Fatalf("stored member %+v", m)
	}
	li.Send("/members")
	list := reply(t, li, "成员（2 人）")
	if !strings.Contains(list.Text, "张<书记> — 支部书记") || !strings.Contains(list.Text, "李四 — 支委") || len(list.Buttons) != 0 {
		t.Fatalf("member list for a member: %q %+v", list.Text, list.Buttons)
	}
	li.Send("/start " + code)
	reply(t, li, "您已经是 机关第一党支部 的成员")

	// Each person's chat menu shows what their role may do.
	secMenu := menu(h.fake.Commands(telegramtest.CommandScope{Type: "chat", ChatID: 100}, ""))
	liMenu := menu(h.fake.Commands(telegramtest.CommandScope{Type: "chat", ChatID: 201}, "en"))
	if !strings.Contains(secMenu, "newmeeting") || !strings.Contains(secMenu, "status") || !strings.Contains(secMenu, "newbranch") {
		t.Errorf("secretary's menu: %s", secMenu)
	}
	if !strings.Contains(liMenu, "point") || strings.Contains(liMenu, "newmeeting") || strings.Contains(liMenu, "newbranch") {
		t.Errorf("member's menu: %s", liMenu)
	}
	noViolations(t, h.fake)
}

// askInvite sends /invite and returns the code of the link it shows, the live one or a new one.
func askInvite(t *testing.T, u *telegramtest.User) string {
	t.Helper()
	u.Send("/invite")
	return inviteCode(t, reply(t, u, "的邀请链接（"))
}

// TestInviteKeptUntilRenewed: /invite shows the branch's live link again rather than
// replacing it; 生成新链接 replaces it only once confirmed, and 取消 keeps it.
func TestInviteKeptUntilRenewed(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 0)
	sec := f.secretary
	sec.Send("/invite")
	made := reply(t, sec, "新的邀请链接（")
	first := inviteCode(t, made)
	checkShareButton(t, made, first)
	if strings.Contains(made.Text, "旧链接已失效") {
		t.Errorf("the branch's first link says it replaced one: %q", made.Text)
	}
	sec.Send("/invite")
	again := reply(t, sec, "当前的邀请链接（")
	if code := inviteCode(t, again); code != first {
		t.Fatalf("/invite again showed %s, not the live link %s", code, first)
	}
	checkShareButton(t, again, first)

	rec := records(t, h)
	ctx := context.Background()
	click(t, sec, "生成新链接")
	reply(t, sec, "旧链接将失效，确定生成新链接吗？")
	click(t, sec, "取消")
	if kept := reply(t, sec, "当前的邀请链接（"); inviteCode(t, kept) != first {
		t.Fatalf("取消 showed %q, not the live link %s", kept.Text, first)
	}
	if _, err := rec.LookupInvite(ctx, first); err != nil {
		t.Fatalf("取消 did not keep the link: %v", err)
	}

	click(t, sec, "生成新链接")
	confirm := reply(t, sec, "旧链接将失效")
	ok := button(t, confirm, "确认").Data
	click(t, sec, "确认")
	renewed := reply(t, sec, "新的邀请链接（旧链接已失效")
	second := inviteCode(t, renewed)
	if second == first {
		t.Fatal("the new link has the old code")
	}
	// 确认 pressed again (a double tap, or the prompt on another phone): the link it meant to
	// replace is gone already, so the live one is shown and not replaced a second time.
	if _, err := sec.ClickData(confirm.ID, ok); err != nil {
		t.Fatal(err)
	}
	waitAnswered(t, sec, 5) // 生成新链接, 取消, 生成新链接, 确认 and 确认 again
	if live, err := rec.CurrentInvite(ctx, f.branch.ID); err != nil || live.Code != second {
		t.Fatalf("确认 pressed twice left the live link %s (%v), want %s", live.Code, err, second)
	}
	checkShareButton(t, renewed, second)
	sec.Send("/invite")
	if code := inviteCode(t, reply(t, sec, "当前的邀请链接（")); code != second {
		t.Fatalf("/invite after renewing showed %s, not %s", code, second)
	}

	u := h.fake.NewUser(300, "Late")
	u.Send("/start " + first)
	reply(t, u, "邀请链接无效或已过期")
	u.Send("/start " + f.branch.ID + "-FORGEDCODE123")
	reply(t, u, "邀请链接无效或已过期")
	u.Send("/start " + second)
	reply(t, u, "欢迎加入")
	noViolations(t, h.fake)
}

// checkShareButton: m has 生成新链接 and a button that shares the invite link code through
// Telegram's share sheet.
func checkShareButton(t *testing.T, m telegramtest.Message, code string) {
	t.Helper()
	if b := button(t, m, "生成新链接"); !strings.HasPrefix(b.Data, "iv:") {
		t.Errorf("生成新链接 carries %q", b.Data)
	}
	share := button(t, m, "分享链接")
	u, err := url.Parse(share.URL)
	if err != nil || share.Data != "" || u.Scheme != "https" || u.Host != "t.me" || u.Path != "/share/url" {
		t.Fatalf("share button %+v: want a t.me/share/url link", share)
	}
	q := u.Query()
	if link := q.Get("url"); !strings.HasSuffix(link, "?start="+code) || inviteCode(t, telegramtest.Message{Text: link}) != code {
		t.Errorf("the share button shares %q, not the link of %s", link, code)
	}
	if text := q.Get("text"); !strings.Contains(text, "邀请您加入第一党支部") {
		t.Errorf("the share button's text is %q", text)
	}
}

// TestInviteExpired: an invite whose time has passed no longer works, and /invite makes a
// new one in its place.
func TestInviteExpired(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 0)
	rec := records(t, h)
	inv := orglife.Invite{Code: state.NewInviteCode(f.branch.ID), BranchID: f.branch.ID, CreatedBy: 100, ExpiresAt: time.Now().Add(-time.Minute)}
	if err := rec.SaveInvite(context.Background(), inv); err != nil {
		t.Fatal(err)
	}
	v := h.fake.NewUser(301, "Expired")
	v.Send("/start " + inv.Code)
	reply(t, v, "邀请链接无效或已过期")
	f.secretary.Send("/invite")
	code := inviteCode(t, reply(t, f.secretary, "新的邀请链接（"))
	if code == inv.Code {
		t.Fatal("/invite showed the expired link")
	}
	v.Send("/start " + code)
	reply(t, v, "欢迎加入")
}

func TestSecretaryManagesMembers(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 1, 2)
	sec, m1, m2 := f.secretary, f.members[0], f.members[1]
	sec.Send("/members")
	reply(t, sec, "点姓名")
	click(t, sec, "党员1")
	reply(t, sec, "党员1")
	click(t, sec, "移出支部")
	reply(t, sec, "确定把 党员1 移出支部吗")
	click(t, sec, "确认")
	reply(t, sec, "已将 党员1 移出支部")
	ctx := context.Background()
	if _, ok, _ := f.records.Member(ctx, f.branch.ID, m1.ID()); ok {
		t.Fatal("removed member still in the branch")
	}
	m1.Send("/schedule")
	reply(t, m1, "您还没有加入党支部")

	sec.Send("/members")
	reply(t, sec, "点姓名")
	click(t, sec, "党员2")
	reply(t, sec, "党员2")
	click(t, sec, "移交书记")
	reply(t, sec, "确定把支部书记移交给 党员2 吗")
	click(t, sec, "确认")
	reply(t, sec, "党员2 现在是支部书记")
	reply(t, m2, "您已成为 第一党支部 的支部书记")
	b, _ := f.records.Branch(ctx, f.branch.ID)
	old, _, _ := f.records.Member(ctx, f.branch.ID, sec.ID())
	if b.SecretaryID != m2.ID() || old.Role != orglife.RoleCommittee {
		t.Fatalf("after hand-over: secretary %d, old secretary's role %v", b.SecretaryID, old.Role)
	}
	sec.Send("/invite")
	reply(t, sec, "这个命令只有支部书记可以使用")
	askInvite(t, m2)
}

func TestMemberButtonsCheckedAtPress(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 1, 1)
	member := f.members[0]
	member.Send("/members")
	list := reply(t, member, "成员")
	// A plain member forges the secretary's buttons: remove the committee member, take over.
	for i, data := range []string{
		"mb:" + f.branch.ID + ":101:rm!",
		"mb:" + f.branch.ID + ":201:ho!",
		"mb:nosuchbranch:101:rm!",
		"mb:" + f.branch.ID + ":abc:rm!",
	} {
		if _, err := member.ClickData(list.ID, data); err != nil {
			t.Fatal(err)
		}
		waitAnswered(t, member, i+1)
	}
	ctx := context.Background()
	if _, ok, _ := f.records.Member(ctx, f.branch.ID, 101); !ok {
		t.Fatal("a forged button removed a member")
	}
	if b, _ := f.records.Branch(ctx, f.branch.ID); b.SecretaryID != 100 {
		t.Fatal("a forged button handed the branch over")
	}
	for _, a := range member.CallbackAnswers() {
		if !a.Answered || a.Text == "" {
			t.Fatalf("forged press answered %+v", a)
		}
	}
}

func TestTwoBranchesAskWhichAndKeepApart(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 1)
	rec := f.records
	ctx := context.Background()
	// The member also belongs to a second branch with another secretary.
	other := orglife.Branch{ID: "zz", Name: "第二党支部", SecretaryID: 400, CreatedAt: time.Now()}
	if err := rec.CreateBranch(ctx, other, orglife.Member{UserID: 400, Name: "王书记", Role: orglife.RoleSecretary}); err != nil {
		t.Fatal(err)
	}
	if _, err := rec.AddMember(ctx, other.ID, orglife.Member{UserID: 201, Name: "党员1", Role: orglife.RoleMember}); err != nil {
		t.Fatal(err)
	}
	u := f.members[0]
	u.Send("/members")
	reply(t, u, "您在多个支部")
	click(t, u, "第二党支部")
	list := reply(t, u, "第二党支部 成员")
	if strings.Contains(list.Text, "张书记") || !strings.Contains(list.Text, "王书记") {
		t.Fatalf("second branch's list shows the first branch's people: %q", list.Text)
	}
	u.Send("/members") // the choice is remembered
	list = reply(t, u, "成员（2 人）")
	if !strings.Contains(list.Text, "王书记") {
		t.Fatalf("choice not remembered: %q", list.Text)
	}
	u.Send("/branch")
	reply(t, u, "您在多个支部")
	click(t, u, "第一党支部")
	reply(t, u, "当前支部：第一党支部")
	u.Send("/members")
	if list := reply(t, u, "成员"); !strings.Contains(list.Text, "张书记") {
		t.Fatalf("after switching: %q", list.Text)
	}
}

func TestRoleChecksOnSecretaryCommands(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 1, 1)
	stranger := h.fake.NewUser(777, "Stranger")
	for _, cmd := range []string{"/newmeeting", "/invite", "/deadline", "/adopt", "/members", "/schedule"} {
		stranger.Send(cmd)
		reply(t, stranger, "您还没有加入党支部")
	}
	for _, u := range []*telegramtest.User{f.members[0], f.committee[0]} {
		for _, cmd := range []string{"/newmeeting", "/invite", "/deadline", "/adopt"} {
			u.Send(cmd)
			reply(t, u, "这个命令只有支部书记可以使用")
		}
	}
}
