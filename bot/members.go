package bot

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
)

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
	if errors.Is(err, orglife.ErrNotFound) {
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
