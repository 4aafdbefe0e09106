package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
	"orglife/scheduler"
	"orglife/state"
)

const (
	flowTimezone     = "timezone"
	flowNewBranch    = "newbranch"
	flowJoin         = "join"
	flowChooseBranch = "branch"
)

func (h *Handlers) branchCommands() []Command {
	return []Command{
		{Name: "newbranch", Desc: Text{ZH: "创建党支部", EN: "Create a branch"}, AdminOnly: true, run: h.newBranch},
		{Name: "branch", Desc: Text{ZH: "切换支部", EN: "Switch branch"}, run: h.chooseBranch},
		{Name: "members", Desc: Text{ZH: "支部成员", EN: "Branch members"}, Role: orglife.RoleMember, run: h.members},
		{Name: "invite", Desc: Text{ZH: "生成新的邀请链接", EN: "New invite link"}, Role: orglife.RoleSecretary, run: h.invite},
		{Name: "timezone", Desc: Text{ZH: "设置支部所在时区", EN: "Set the branch's time zone"}, Role: orglife.RoleSecretary, run: h.timezone},
	}
}

var (
	msgAdminsOnly       = Text{ZH: "只有管理员可以使用这个命令。", EN: "Only administrators may use this command."}
	msgNotInBranch      = Text{ZH: "您还没有加入党支部。请使用支部书记发给您的邀请链接加入。", EN: "You are not in a branch yet. Join through the invite link your branch secretary sent you."}
	msgRoleNeeded       = Text{ZH: "抱歉，这个命令只有%s可以使用。", EN: "Sorry, only the %s may use this command."}
	msgAskBranchName    = Text{ZH: "请输入党支部名称（例如：第一党支部）：", EN: "Name of the branch (for example: First Party Branch):"}
	msgAskOwnName       = Text{ZH: "请输入您的姓名（将用于会议材料）：", EN: "Your name as it should appear in documents:"}
	msgBadBranchName    = Text{ZH: "名称需要 2 到 40 个字，请重新输入。", EN: "The name needs 2 to 40 characters; please type it again."}
	msgBadPersonName    = Text{ZH: "姓名需要 2 到 20 个字，请重新输入。", EN: "A name needs 2 to 20 characters; please type it again."}
	msgBranchCreated    = Text{ZH: "已创建 <b>%s</b>，您是支部书记。\n请把邀请链接发给支部党员（%s 前有效，/invite 可随时换新）：\n%s", EN: "Created <b>%s</b>; you are its secretary.\nSend this invite link to the members (valid until %s; /invite makes a new one):\n%s"}
	msgNewInvite        = Text{ZH: "新的邀请链接（旧链接已失效，%s 前有效）：\n%s", EN: "New invite link (the old one no longer works; valid until %s):\n%s"}
	msgInviteInvalid    = Text{ZH: "这个邀请链接无效或已过期，请向支部书记索取新链接。", EN: "This invite link is invalid or has expired; ask your branch secretary for a new one."}
	msgAlreadyMember    = Text{ZH: "您已经是 %s 的成员。", EN: "You are already a member of %s."}
	msgJoinAskName      = Text{ZH: "欢迎加入 <b>%s</b>！请输入您的姓名（将用于会议材料）：", EN: "Welcome to <b>%s</b>! Your name as it should appear in documents:"}
	msgJoined           = Text{ZH: "您已作为党员加入 <b>%s</b>。发送 /help 查看可用命令。", EN: "You joined <b>%s</b> as a member. Send /help to see what you can do."}
	msgMemberJoined     = Text{ZH: "%s 通过邀请链接加入了 %s。", EN: "%s joined %s through the invite link."}
	msgChooseBranch     = Text{ZH: "您在多个支部，请选择当前要操作的支部：", EN: "You are in several branches; choose the one to work in:"}
	msgBranchChosen     = Text{ZH: "当前支部：<b>%s</b>", EN: "Current branch: <b>%s</b>"}
	msgOnlyOneBranch    = Text{ZH: "您只在 <b>%s</b> 一个支部。", EN: "You are only in <b>%s</b>."}
	msgMembersHeader    = Text{ZH: "<b>%s</b> 成员（%d 人）", EN: "<b>%s</b> members (%d)"}
	msgMembersManage    = Text{ZH: "点姓名可设为支委、移除或移交书记。", EN: "Tap a name to make them committee, remove them or hand over the secretary role."}
	msgMemberCard       = Text{ZH: "<b>%s</b>（%s）", EN: "<b>%s</b> (%s)"}
	msgConfirmRemove    = Text{ZH: "确定把 %s 移出支部吗？其已填写的记录会保留。", EN: "Remove %s from the branch? Their records are kept."}
	msgConfirmHandOver  = Text{ZH: "确定把支部书记移交给 %s 吗？您将成为支委。", EN: "Hand the secretary role over to %s? You become a committee member."}
	msgMemberRemoved    = Text{ZH: "已将 %s 移出支部。", EN: "%s has been removed from the branch."}
	msgHandedOver       = Text{ZH: "%s 现在是支部书记。", EN: "%s is now the branch secretary."}
	msgYouAreSecretary  = Text{ZH: "您已成为 %s 的支部书记。", EN: "You are now the secretary of %s."}
	msgRoleChanged      = Text{ZH: "已将 %s 设为%s。", EN: "%s is now a %s."}
	btnMakeCommittee    = Text{ZH: "设为支委", EN: "Make committee"}
	btnMakeMember       = Text{ZH: "取消支委", EN: "Make plain member"}
	btnRemove           = Text{ZH: "移出支部", EN: "Remove"}
	btnHandOver         = Text{ZH: "移交书记", EN: "Hand over secretary"}
	btnConfirm          = Text{ZH: "确认", EN: "Confirm"}
	btnBack             = Text{ZH: "返回", EN: "Back"}
	msgAskTimezone      = Text{ZH: "支部现在按 %s 计算日期和提醒时间。请选择时区，或输入 IANA 时区名（例如 Asia/Shanghai）：", EN: "The branch's days and reminders are now read in %s. Choose a zone, or type an IANA name (e.g. Asia/Shanghai):"}
	msgBadTimezone      = Text{ZH: "没有这个时区，请输入 IANA 时区名，例如 Asia/Shanghai。", EN: "There is no such zone; type an IANA name such as Asia/Shanghai."}
	msgTimezoneSet      = Text{ZH: "已设置：支部按 %s 计算日期和提醒时间，提醒已重新安排。", EN: "Done: the branch's days and reminders are read in %s; reminders were planned anew."}
	msgNotSecretaryHere = Text{ZH: "只有支部书记可以管理成员。", EN: "Only the branch secretary manages members."}
)

func (h *Handlers) branchFlows() []*flow {
	nameQuestion := func(key string, ask Text) question {
		return question{key: key, typed: true, ask: func(t *turn, _ answers) string { return ask.In(t.lang) },
			check: lengthCheck(2, 20, msgBadPersonName)}
	}
	return []*flow{
		{
			name: flowNewBranch,
			questions: []question{
				{key: "branch", typed: true, ask: func(t *turn, _ answers) string { return msgAskBranchName.In(t.lang) },
					check: lengthCheck(2, 40, msgBadBranchName)},
				nameQuestion("name", msgAskOwnName),
			},
			finish: h.createBranch,
		},
		{
			name: flowJoin,
			questions: []question{{key: "name", typed: true, check: lengthCheck(2, 20, msgBadPersonName),
				ask: func(t *turn, a answers) string {
					return fmt.Sprintf(msgJoinAskName.In(t.lang), quote(a["branch_name"]))
				}}},
			finish: h.finishJoin,
		},
		{
			name: flowTimezone, need: orglife.RoleSecretary,
			questions: []question{{key: "zone", typed: true, options: zoneOptions, check: zoneCheck,
				ask: func(t *turn, _ answers) string {
					return fmt.Sprintf(msgAskTimezone.In(t.lang), h.loc(t).String())
				}}},
			finish: h.saveTimezone,
		},
		{
			name: flowChooseBranch,
			questions: []question{{key: "branch", ask: func(t *turn, _ answers) string { return msgChooseBranch.In(t.lang) },
				options: h.branchOptions}},
			finish: h.finishChooseBranch,
		},
	}
}

// lengthCheck accepts typed text of min to max characters.
func lengthCheck(min, max int, problem Text) func(t *turn, a answers, text string) (string, string) {
	return func(t *turn, _ answers, text string) (string, string) {
		if n := utf8.RuneCountInString(text); n < min || n > max {
			return "", problem.In(t.lang)
		}
		return text, ""
	}
}

func (h *Handlers) newBranch(t *turn) error { return h.startFlow(t, h.flows[flowNewBranch], "", nil) }

func (h *Handlers) createBranch(t *turn, a answers) error {
	if h.opts.IsAdmin != nil && !h.opts.IsAdmin(t.userID) {
		return h.conclude(t, msgAdminsOnly.In(t.lang))
	}
	id, err := h.records.NewBranchID(t.ctx)
	if err != nil {
		return err
	}
	now := h.opts.Now()
	b := orglife.Branch{ID: id, Name: a["branch"], SecretaryID: t.userID, CreatedAt: now}
	if err := h.records.CreateBranch(t.ctx, b, orglife.Member{UserID: t.userID, Name: a["name"], Role: orglife.RoleSecretary, JoinedAt: now}); err != nil {
		return err
	}
	if err := h.records.ChooseBranch(t.ctx, t.userID, id); err != nil {
		return err
	}
	inv, err := h.newInvite(t, id)
	if err != nil {
		return err
	}
	h.syncMenu(t.ctx, t.userID)
	return h.conclude(t, fmt.Sprintf(msgBranchCreated.In(t.lang), quote(b.Name), h.expiry(t, inv), h.inviteLink(inv)))
}

func (h *Handlers) invite(t *turn) error {
	inv, err := h.newInvite(t, t.branch.ID)
	if err != nil {
		return err
	}
	return h.say(t.ctx, t.chatID, fmt.Sprintf(msgNewInvite.In(t.lang), h.expiry(t, inv), h.inviteLink(inv)))
}

func (h *Handlers) newInvite(t *turn, branchID string) (orglife.Invite, error) {
	inv := orglife.Invite{Code: state.NewInviteCode(branchID), BranchID: branchID, CreatedBy: t.userID,
		ExpiresAt: h.opts.Now().Add(h.opts.InviteTTL)}
	return inv, h.records.SaveInvite(t.ctx, inv)
}

func (h *Handlers) inviteLink(inv orglife.Invite) string {
	return "https://t.me/" + h.opts.BotUsername + "?start=" + inv.Code
}

func (h *Handlers) expiry(t *turn, inv orglife.Invite) string {
	return orglife.DateOf(inv.ExpiresAt, h.loc(t)).In(t.lang)
}

// join starts joining the branch of an invite code from a deep link.
func (h *Handlers) join(t *turn, code string) error {
	inv, err := h.records.LookupInvite(t.ctx, code)
	if errors.Is(err, state.ErrNotFound) || (err == nil && !inv.Valid(h.opts.Now())) {
		return h.say(t.ctx, t.chatID, msgInviteInvalid.In(t.lang))
	}
	if err != nil {
		return err
	}
	b, err := h.records.Branch(t.ctx, inv.BranchID)
	if err != nil {
		return err
	}
	if _, isMember, err := h.records.Member(t.ctx, b.ID, t.userID); err != nil {
		return err
	} else if isMember {
		return h.say(t.ctx, t.chatID, fmt.Sprintf(msgAlreadyMember.In(t.lang), quote(b.Name)))
	}
	// The code is checked again at the end: it may be revoked while the name is typed.
	return h.startFlow(t, h.flows[flowJoin], b.ID, answers{"code": code, "branch_name": b.Name})
}

func (h *Handlers) finishJoin(t *turn, a answers) error {
	inv, err := h.records.LookupInvite(t.ctx, a["code"])
	if errors.Is(err, state.ErrNotFound) || (err == nil && !inv.Valid(h.opts.Now())) {
		return h.conclude(t, msgInviteInvalid.In(t.lang))
	}
	if err != nil {
		return err
	}
	m := orglife.Member{UserID: t.userID, Name: a["name"], Role: orglife.RoleMember, JoinedAt: h.opts.Now()}
	added, err := h.records.AddMember(t.ctx, inv.BranchID, m)
	if err != nil {
		return err
	}
	if err := h.records.ChooseBranch(t.ctx, t.userID, inv.BranchID); err != nil {
		return err
	}
	b, err := h.records.Branch(t.ctx, inv.BranchID)
	if err != nil {
		return err
	}
	if err := h.conclude(t, fmt.Sprintf(msgJoined.In(t.lang), quote(b.Name))); err != nil {
		return err
	}
	h.syncMenu(t.ctx, t.userID)
	if added {
		h.notifySecretary(t, b, m)
	}
	return nil
}

// notifySecretary tells the secretary who joined, with the member's card to act on.
func (h *Handlers) notifySecretary(t *turn, b orglife.Branch, m orglife.Member) {
	lang, err := h.language(t.ctx, b.SecretaryID)
	if err != nil {
		h.log.Warn("join notice", "error", err)
		return
	}
	msg := tgbotapi.NewMessage(b.SecretaryID, fmt.Sprintf(msgMemberJoined.In(lang), quote(m.Name), quote(b.Name)))
	msg.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
		tgbotapi.NewInlineKeyboardButtonData(btnMakeCommittee.In(lang), memberData(b.ID, m.UserID, "c1"))))
	if _, err := h.out.Send(t.ctx, htmlMessage(msg)); err != nil {
		h.log.Warn("join notice not sent", "branch", b.ID, "error", err)
	}
}

// enterBranch finds the branch a command is about and checks the user's role in it. It
// answers the user itself when the command cannot go on (and then returns false).
func (h *Handlers) enterBranch(t *turn, c Command) (bool, error) {
	id, ok, err := h.currentBranchID(t, c.Name)
	if err != nil || !ok {
		return false, err
	}
	b, m, isMember, err := h.records.BranchMember(t.ctx, id, t.userID)
	if err != nil {
		return false, err
	}
	if !isMember {
		return false, h.say(t.ctx, t.chatID, msgNotInBranch.In(t.lang))
	}
	if !m.Role.Allows(c.Role) {
		return false, h.say(t.ctx, t.chatID, fmt.Sprintf(msgRoleNeeded.In(t.lang), roleNames[c.Role].In(t.lang)))
	}
	t.branch, t.member = &b, &m
	return true, nil
}

// currentBranchID is the user's only branch or the one they chose; with several and no
// choice it asks, and runs command again once they have chosen.
func (h *Handlers) currentBranchID(t *turn, command string) (string, bool, error) {
	ids, err := h.records.UserBranches(t.ctx, t.userID)
	if err != nil {
		return "", false, err
	}
	switch len(ids) {
	case 0:
		return "", false, h.say(t.ctx, t.chatID, msgNotInBranch.In(t.lang))
	case 1:
		return ids[0], true, nil
	}
	chosen, err := h.records.ChosenBranch(t.ctx, t.userID)
	if err != nil || chosen != "" {
		return chosen, chosen != "", err
	}
	return "", false, h.startFlow(t, h.flows[flowChooseBranch], "", answers{"then": command})
}

// roleNow is the user's role in their current branch, for /help; it never asks.
func (h *Handlers) roleNow(t *turn) (orglife.Role, string, error) {
	id, err := h.branchNow(t.ctx, t.userID)
	if err != nil || id == "" {
		return orglife.RoleStranger, "", err
	}
	m, _, err := h.records.Member(t.ctx, id, t.userID)
	if err != nil {
		return orglife.RoleStranger, "", err
	}
	b, err := h.records.Branch(t.ctx, id)
	return m.Role, b.Name, err
}

// roleOf is a user's role in their current branch (a stranger's in none).
func (h *Handlers) roleOf(ctx context.Context, userID int64) (orglife.Role, error) {
	id, err := h.branchNow(ctx, userID)
	if err != nil || id == "" {
		return orglife.RoleStranger, err
	}
	m, _, err := h.records.Member(ctx, id, userID)
	return m.Role, err
}

// branchNow is the user's only branch or the one they chose; "" when neither.
func (h *Handlers) branchNow(ctx context.Context, userID int64) (string, error) {
	ids, err := h.records.UserBranches(ctx, userID)
	if err != nil || len(ids) == 0 {
		return "", err
	}
	if len(ids) == 1 {
		return ids[0], nil
	}
	return h.records.ChosenBranch(ctx, userID)
}

func (h *Handlers) chooseBranch(t *turn) error {
	ids, err := h.records.UserBranches(t.ctx, t.userID)
	if err != nil {
		return err
	}
	switch len(ids) {
	case 0:
		return h.say(t.ctx, t.chatID, msgNotInBranch.In(t.lang))
	case 1:
		b, err := h.records.Branch(t.ctx, ids[0])
		if err != nil {
			return err
		}
		return h.say(t.ctx, t.chatID, fmt.Sprintf(msgOnlyOneBranch.In(t.lang), quote(b.Name)))
	}
	return h.startFlow(t, h.flows[flowChooseBranch], "", nil)
}

func (h *Handlers) branchOptions(t *turn, _ answers) ([]option, error) {
	ids, err := h.records.UserBranches(t.ctx, t.userID)
	if err != nil {
		return nil, err
	}
	var opts []option
	for _, id := range ids {
		b, err := h.records.Branch(t.ctx, id)
		if err != nil {
			return nil, err
		}
		opts = append(opts, option{label: b.Name, value: id})
	}
	return opts, nil
}

func (h *Handlers) finishChooseBranch(t *turn, a answers) error {
	if err := h.records.ChooseBranch(t.ctx, t.userID, a["branch"]); err != nil {
		return err
	}
	h.syncMenu(t.ctx, t.userID)
	b, err := h.records.Branch(t.ctx, a["branch"])
	if err != nil {
		return err
	}
	if err := h.conclude(t, fmt.Sprintf(msgBranchChosen.In(t.lang), quote(b.Name))); err != nil {
		return err
	}
	if then, ok := h.lookupCommand(a["then"]); ok {
		if err := h.store.DeleteSession(t.ctx, t.chatID, t.userID); err != nil {
			return err
		}
		t.sess, t.query = nil, nil
		if ok, err := h.enterBranch(t, then); err != nil || !ok {
			return err
		}
		return then.run(t)
	}
	return nil
}

// members lists the branch; the secretary gets a button per member to manage them.
func (h *Handlers) members(t *turn) error {
	text, markup, err := h.memberList(t, t.branch.ID)
	if err != nil {
		return err
	}
	msg := tgbotapi.NewMessage(t.chatID, text)
	if markup != nil {
		msg.ReplyMarkup = *markup
	}
	_, err = h.out.Send(t.ctx, htmlMessage(msg))
	return err
}

func (h *Handlers) memberList(t *turn, branchID string) (string, *tgbotapi.InlineKeyboardMarkup, error) {
	b, err := h.records.Branch(t.ctx, branchID)
	if err != nil {
		return "", nil, err
	}
	ms, err := h.records.Members(t.ctx, branchID)
	if err != nil {
		return "", nil, err
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, msgMembersHeader.In(t.lang), quote(b.Name), len(ms))
	for i, m := range ms {
		fmt.Fprintf(&sb, "\n%d. %s — %s", i+1, quote(m.Name), roleNames[m.Role].In(t.lang))
	}
	if b.SecretaryID != t.userID {
		return sb.String(), nil, nil
	}
	sb.WriteString("\n\n" + msgMembersManage.In(t.lang))
	var rows [][]tgbotapi.InlineKeyboardButton
	var row []tgbotapi.InlineKeyboardButton
	for _, m := range ms {
		if m.UserID == t.userID {
			continue
		}
		row = append(row, tgbotapi.NewInlineKeyboardButtonData(m.Name, memberData(branchID, m.UserID, "")))
		if len(row) == 3 {
			rows, row = append(rows, row), nil
		}
	}
	if row != nil {
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return sb.String(), nil, nil
	}
	markup := tgbotapi.NewInlineKeyboardMarkup(rows...)
	return sb.String(), &markup, nil
}

// memberData is the data of a member-management button: mb:<branch>:<user>[:<action>].
func memberData(branchID string, userID int64, action string) string {
	d := "mb:" + branchID + ":" + strconv.FormatInt(userID, 10)
	if action != "" {
		d += ":" + action
	}
	return d
}

func (h *Handlers) branchButtons() map[string]buttonHandler {
	return map[string]buttonHandler{"mb": h.onMemberButton, "mt": h.onMeetingButton}
}

// onMemberButton manages a member. Whoever presses must be the branch's secretary now and
// the target a member now, whatever the button says.
func (h *Handlers) onMemberButton(t *turn, args []string) error {
	if len(args) < 2 {
		return h.stale(t.ctx, t.query, t.lang)
	}
	branchID, action := args[0], ""
	target, err := strconv.ParseInt(args[1], 10, 64)
	if len(args) > 2 {
		action = args[2]
	}
	if err != nil {
		return h.stale(t.ctx, t.query, t.lang)
	}
	b, err := h.records.Branch(t.ctx, branchID)
	if errors.Is(err, state.ErrNotFound) {
		return h.stale(t.ctx, t.query, t.lang)
	}
	if err != nil {
		return err
	}
	if b.SecretaryID != t.userID {
		return h.answer(t.ctx, t.query.ID, msgNotSecretaryHere.In(t.lang))
	}
	m, isMember, err := h.records.Member(t.ctx, branchID, target)
	if err != nil {
		return err
	}
	if !isMember || target == t.userID {
		return h.stale(t.ctx, t.query, t.lang)
	}
	return h.memberAction(t, b, m, action)
}

func (h *Handlers) memberAction(t *turn, b orglife.Branch, m orglife.Member, action string) error {
	name := quote(m.Name)
	switch action {
	case "":
		return h.showMemberCard(t, b, m)
	case "back":
		text, markup, err := h.memberList(t, b.ID)
		if err != nil {
			return err
		}
		return h.editQuery(t, text, markup)
	case "c1", "c0":
		// The button names the role it gives, so an old button cannot undo a later change.
		role := orglife.RoleCommittee
		if action == "c0" {
			role = orglife.RoleMember
		}
		if m.Role == role {
			return h.stale(t.ctx, t.query, t.lang)
		}
		if err := h.records.SetRole(t.ctx, b.ID, m.UserID, role); err != nil {
			return err
		}
		h.syncMenu(t.ctx, m.UserID)
		return h.editQuery(t, fmt.Sprintf(msgRoleChanged.In(t.lang), name, roleNames[role].In(t.lang)), nil)
	case "rm", "ho":
		prompt := msgConfirmRemove
		if action == "ho" {
			prompt = msgConfirmHandOver
		}
		markup := tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
			tgbotapi.NewInlineKeyboardButtonData(btnConfirm.In(t.lang), memberData(b.ID, m.UserID, action+"!")),
			tgbotapi.NewInlineKeyboardButtonData(btnBack.In(t.lang), memberData(b.ID, m.UserID, ""))))
		return h.editQuery(t, fmt.Sprintf(prompt.In(t.lang), name), &markup)
	case "rm!":
		if err := h.records.RemoveMember(t.ctx, b.ID, m.UserID); err != nil {
			return err
		}
		h.syncMenu(t.ctx, m.UserID)
		return h.editQuery(t, fmt.Sprintf(msgMemberRemoved.In(t.lang), name), nil)
	case "ho!":
		if err := h.records.HandOver(t.ctx, b.ID, t.userID, m.UserID); err != nil {
			return err
		}
		h.syncMenu(t.ctx, m.UserID)
		h.syncMenu(t.ctx, t.userID)
		h.tell(t, m.UserID, func(lang orglife.Lang) string { return fmt.Sprintf(msgYouAreSecretary.In(lang), quote(b.Name)) })
		return h.editQuery(t, fmt.Sprintf(msgHandedOver.In(t.lang), name), nil)
	}
	return h.stale(t.ctx, t.query, t.lang)
}

func (h *Handlers) showMemberCard(t *turn, b orglife.Branch, m orglife.Member) error {
	toggle, action := btnMakeCommittee, "c1"
	if m.Role == orglife.RoleCommittee {
		toggle, action = btnMakeMember, "c0"
	}
	markup := tgbotapi.NewInlineKeyboardMarkup(
		tgbotapi.NewInlineKeyboardRow(
			tgbotapi.NewInlineKeyboardButtonData(toggle.In(t.lang), memberData(b.ID, m.UserID, action)),
			tgbotapi.NewInlineKeyboardButtonData(btnRemove.In(t.lang), memberData(b.ID, m.UserID, "rm"))),
		tgbotapi.NewInlineKeyboardRow(
			tgbotapi.NewInlineKeyboardButtonData(btnHandOver.In(t.lang), memberData(b.ID, m.UserID, "ho")),
			tgbotapi.NewInlineKeyboardButtonData(btnBack.In(t.lang), memberData(b.ID, m.UserID, "back"))))
	return h.editQuery(t, fmt.Sprintf(msgMemberCard.In(t.lang), quote(m.Name), roleNames[m.Role].In(t.lang)), &markup)
}

// editQuery answers the pressed button and rewrites its message in place.
func (h *Handlers) editQuery(t *turn, text string, markup *tgbotapi.InlineKeyboardMarkup) error {
	if err := h.answer(t.ctx, t.query.ID, ""); err != nil {
		return err
	}
	kb := noButtons()
	if markup != nil {
		kb = *markup
	}
	edit := tgbotapi.NewEditMessageTextAndMarkup(t.chatID, t.query.Message.MessageID, text, kb)
	edit.ParseMode = tgbotapi.ModeHTML
	_, err := h.out.Send(t.ctx, edit)
	return err
}

// tell sends a message to another user in their own language; failures are logged, since
// the action that prompted it already happened.
func (h *Handlers) tell(t *turn, userID int64, text func(orglife.Lang) string) {
	lang, err := h.language(t.ctx, userID)
	if err != nil {
		h.log.Warn("notice", "user", userID, "error", err)
		return
	}
	if err := h.say(t.ctx, userID, text(lang)); err != nil {
		h.log.Warn("notice not sent", "user", userID, "error", err)
	}
}

// zoneOptions are the zones most branches are in.
func zoneOptions(t *turn, _ answers) ([]option, error) {
	return []option{
		{Text{ZH: "北京时间", EN: "China (Beijing)"}.In(t.lang), "Asia/Shanghai"},
		{Text{ZH: "乌鲁木齐", EN: "Urumqi"}.In(t.lang), "Asia/Urumqi"},
		{Text{ZH: "香港", EN: "Hong Kong"}.In(t.lang), "Asia/Hong_Kong"},
		{Text{ZH: "台北", EN: "Taipei"}.In(t.lang), "Asia/Taipei"},
	}, nil
}

// zoneCheck accepts a typed IANA zone name.
func zoneCheck(t *turn, _ answers, text string) (string, string) {
	if text == "" || text == "Local" {
		return "", msgBadTimezone.In(t.lang)
	}
	if _, err := time.LoadLocation(text); err != nil {
		return "", msgBadTimezone.In(t.lang)
	}
	return text, ""
}

func (h *Handlers) timezone(t *turn) error {
	return h.startFlow(t, h.flows[flowTimezone], t.branch.ID, nil)
}

// saveTimezone records the zone and plans the branch's reminders anew in it.
func (h *Handlers) saveTimezone(t *turn, a answers) error {
	if err := h.records.SetTimezone(t.ctx, t.sess.Branch, a["zone"]); err != nil {
		return err
	}
	b, err := h.records.Branch(t.ctx, t.sess.Branch)
	if err != nil {
		return err
	}
	if err := h.replanBranch(t, b); err != nil {
		return err
	}
	return h.conclude(t, fmt.Sprintf(msgTimezoneSet.In(t.lang), quote(a["zone"])))
}

// replanBranch plans the current meeting's reminders and every open item's follow-ups anew,
// as `orglife import` does.
func (h *Handlers) replanBranch(t *turn, b orglife.Branch) error {
	_, err := scheduler.ReplanBranch(t.ctx, h.records, h.reminders, b.ID, h.opts.Now(), h.planOptions())
	return err
}
