package bot

import (
	"errors"
	"fmt"
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
	now := h.opts.Clock.Now()
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
		ExpiresAt: h.opts.Clock.Now().Add(h.opts.InviteTTL)}
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
	if errors.Is(err, orglife.ErrNotFound) || (err == nil && !inv.Valid(h.opts.Clock.Now())) {
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
	if errors.Is(err, orglife.ErrNotFound) || (err == nil && !inv.Valid(h.opts.Clock.Now())) {
		return h.conclude(t, msgInviteInvalid.In(t.lang))
	}
	if err != nil {
		return err
	}
	m := orglife.Member{UserID: t.userID, Name: a["name"], Role: orglife.RoleMember, JoinedAt: h.opts.Clock.Now()}
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
	var kb keyboard
	markup, err := kb.markup(tgbotapi.NewInlineKeyboardRow(kb.button(btnMakeCommittee.In(lang), memberData(b.ID, m.UserID, memberCommittee))))
	if err != nil {
		h.log.Warn("join notice", "branch", b.ID, "error", err)
		return
	}
	msg := tgbotapi.NewMessage(b.SecretaryID, fmt.Sprintf(msgMemberJoined.In(lang), quote(m.Name), quote(b.Name)))
	msg.ReplyMarkup = markup
	if _, err := h.out.Send(t.ctx, htmlMessage(msg)); err != nil {
		h.log.Warn("join notice not sent", "branch", b.ID, "error", err)
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
	_, err := scheduler.ReplanBranch(t.ctx, h.records, h.reminders, b.ID, h.opts.Clock.Now(), h.planOptions())
	return err
}
