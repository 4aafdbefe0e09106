package bot

import (
	"fmt"
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
	var kb keyboard
	for _, m := range ms {
		if m.UserID == t.userID {
			continue
		}
		row = append(row, kb.button(m.Name, memberData(branchID, m.UserID, "")))
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
	markup, err := kb.markup(rows...)
	if err != nil {
		return "", nil, fmt.Errorf("members of branch %s: %w", branchID, err)
	}
	return sb.String(), &markup, nil
}

// memberData is the data of a member-management button; no action shows the member's card.
func memberData(branchID string, userID int64, action string) buttonData {
	return buttonData{Kind: kindMember, Branch: branchID, User: userID, Action: action}
}

func (h *Handlers) branchButtons() map[buttonKind]buttonHandler {
	return map[buttonKind]buttonHandler{kindMember: h.onMemberButton, kindMeeting: h.onMeetingButton}
}

// onMemberButton manages a member. Whoever presses must be the branch's secretary now and
// the target a member now, whatever the button says.
func (h *Handlers) onMemberButton(t *turn, d buttonData) error {
	p, err := h.pressedOn(t, d)
	if err != nil {
		return err
	}
	if !p.branchFound {
		return h.stale(t.ctx, t.query, t.lang)
	}
	if !p.bySecretary(t.userID) {
		return h.answer(t.ctx, t.query.ID, msgNotSecretaryHere.In(t.lang))
	}
	m, isMember, err := h.records.Member(t.ctx, d.Branch, d.User)
	if err != nil {
		return err
	}
	if !isMember || d.User == t.userID {
		return h.stale(t.ctx, t.query, t.lang)
	}
	return h.memberAction(t, p.branch, m, d.Action)
}

func (h *Handlers) memberAction(t *turn, b orglife.Branch, m orglife.Member, action string) error {
	name := quote(m.Name)
	switch action {
	case "":
		return h.showMemberCard(t, b, m)
	case memberBack:
		text, markup, err := h.memberList(t, b.ID)
		if err != nil {
			return err
		}
		return h.editQuery(t, text, markup)
	case memberCommittee, memberOrdinary:
		// The button names the role it gives, so an old button cannot undo a later change.
		role := orglife.RoleCommittee
		if action == memberOrdinary {
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
	case memberRemove, memberHandOver:
		prompt := msgConfirmRemove
		if action == memberHandOver {
			prompt = msgConfirmHandOver
		}
		var kb keyboard
		markup, err := kb.markup(tgbotapi.NewInlineKeyboardRow(
			kb.button(btnConfirm.In(t.lang), memberData(b.ID, m.UserID, action+memberConfirm)),
			kb.button(btnBack.In(t.lang), memberData(b.ID, m.UserID, ""))))
		if err != nil {
			return fmt.Errorf("confirmation for member %d: %w", m.UserID, err)
		}
		return h.editQuery(t, fmt.Sprintf(prompt.In(t.lang), name), &markup)
	case memberRemove + memberConfirm:
		if err := h.records.RemoveMember(t.ctx, b.ID, m.UserID); err != nil {
			return err
		}
		h.syncMenu(t.ctx, m.UserID)
		return h.editQuery(t, fmt.Sprintf(msgMemberRemoved.In(t.lang), name), nil)
	case memberHandOver + memberConfirm:
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
	toggle, action := btnMakeCommittee, memberCommittee
	if m.Role == orglife.RoleCommittee {
		toggle, action = btnMakeMember, memberOrdinary
	}
	var kb keyboard
	markup, err := kb.markup(
		tgbotapi.NewInlineKeyboardRow(
			kb.button(toggle.In(t.lang), memberData(b.ID, m.UserID, action)),
			kb.button(btnRemove.In(t.lang), memberData(b.ID, m.UserID, memberRemove))),
		tgbotapi.NewInlineKeyboardRow(
			kb.button(btnHandOver.In(t.lang), memberData(b.ID, m.UserID, memberHandOver)),
			kb.button(btnBack.In(t.lang), memberData(b.ID, m.UserID, memberBack))))
	if err != nil {
		return fmt.Errorf("card of member %d: %w", m.UserID, err)
	}
	return h.editQuery(t, fmt.Sprintf(msgMemberCard.In(t.lang), quote(m.Name), roleNames[m.Role].In(t.lang)), &markup)
}
