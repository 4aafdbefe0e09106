package bot

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
	"orglife/state"
)

// A branch has one live invite link. /invite shows it as long as it is valid, so that asking
// for it again does not break the link members are still passing round; making a new one
// (生成新链接) revokes the old and is confirmed first.

func (h *Handlers) invite(t *turn) error {
	inv, head, err := h.liveInvite(t, *t.branch)
	if err != nil {
		return err
	}
	text, markup, err := h.inviteView(t, *t.branch, inv, *head)
	if err != nil {
		return err
	}
	msg := tgbotapi.NewMessage(t.chatID, text)
	msg.ReplyMarkup = markup
	_, err = h.out.Send(t.ctx, htmlMessage(msg))
	return err
}

// liveInvite is the branch's valid invite, or a new one when it has none (or it expired),
// with the heading that says which.
func (h *Handlers) liveInvite(t *turn, b orglife.Branch) (orglife.Invite, *Text, error) {
	inv, err := h.records.CurrentInvite(t.ctx, b.ID)
	if err == nil && inv.Valid(h.opts.Clock.Now()) {
		return inv, &msgCurrentInvite, nil
	}
	if err != nil && !errors.Is(err, orglife.ErrNotFound) {
		return orglife.Invite{}, nil, err
	}
	inv, err = h.newInvite(t, b.ID)
	return inv, &msgNewInvite, err
}

// inviteView is an invite link's message: head (its expiry, the link), with 生成新链接 and a
// button that shares the link through Telegram's own share sheet.
func (h *Handlers) inviteView(t *turn, b orglife.Branch, inv orglife.Invite, head Text) (string, tgbotapi.InlineKeyboardMarkup, error) {
	link := h.inviteLink(inv)
	share := "https://t.me/share/url?url=" + url.QueryEscape(link) +
		"&text=" + url.QueryEscape(fmt.Sprintf(msgInviteShare.In(t.lang), b.Name))
	var kb keyboard
	markup, err := kb.markup(tgbotapi.NewInlineKeyboardRow(
		kb.button(btnNewInvite.In(t.lang), inviteData(b.ID, inviteRenew)),
		tgbotapi.NewInlineKeyboardButtonURL(btnShareInvite.In(t.lang), share)))
	if err != nil {
		return "", markup, fmt.Errorf("invite of branch %s: %w", b.ID, err)
	}
	return fmt.Sprintf(head.In(t.lang), expiry(t.lang, h.zoneOf(b), inv), link), markup, nil
}

// inviteData is the data of an invite button.
func inviteData(branchID, action string) buttonData {
	return buttonData{Kind: kindInvite, Branch: branchID, Action: action}
}

func (h *Handlers) inviteButtons() map[buttonKind]buttonHandler {
	return map[buttonKind]buttonHandler{kindInvite: h.onInviteButton}
}

// onInviteButton: 生成新链接 asks to confirm; 确认 replaces the link, 取消 shows the live one
// again. Only the branch's secretary now may press them.
func (h *Handlers) onInviteButton(t *turn, d buttonData) error {
	p, err := h.pressedOn(t, d)
	if err != nil {
		return err
	}
	if !p.bySecretary(t.userID) {
		return h.stale(t.ctx, t.query, t.lang)
	}
	var inv orglife.Invite
	var head *Text
	switch d.Action {
	case inviteRenew:
		return h.confirmNewInvite(t, p.branch)
	case inviteRenewConfirm:
		inv, head, err = h.renewInvite(t, p.branch, d.Record)
	case inviteKeep:
		inv, head, err = h.liveInvite(t, p.branch)
	default:
		return h.stale(t.ctx, t.query, t.lang)
	}
	if err != nil {
		return err
	}
	text, markup, err := h.inviteView(t, p.branch, inv, *head)
	if err != nil {
		return err
	}
	return h.editQuery(t, text, &markup)
}

// confirmNewInvite asks to confirm 生成新链接; its 确认 names the link it replaces.
func (h *Handlers) confirmNewInvite(t *turn, b orglife.Branch) error {
	confirm := inviteData(b.ID, inviteRenewConfirm)
	if inv, err := h.records.CurrentInvite(t.ctx, b.ID); err == nil {
		confirm.Record = inviteMark(inv)
	} else if !errors.Is(err, orglife.ErrNotFound) {
		return err
	}
	var kb keyboard
	markup, err := kb.markup(tgbotapi.NewInlineKeyboardRow(
		kb.button(btnConfirm.In(t.lang), confirm),
		kb.button(btnCancel.In(t.lang), inviteData(b.ID, inviteKeep))))
	if err != nil {
		return fmt.Errorf("confirmation of a new invite for branch %s: %w", b.ID, err)
	}
	return h.editQuery(t, msgConfirmNewInvite.In(t.lang), &markup)
}

// renewInvite makes a new link in place of the one marked replaced. When the live link is
// no longer that one — 确认 pressed twice, or on two phones — it was replaced already: the
// live link is shown, not replaced again.
func (h *Handlers) renewInvite(t *turn, b orglife.Branch, replaced string) (orglife.Invite, *Text, error) {
	if replaced != "" {
		inv, err := h.records.CurrentInvite(t.ctx, b.ID)
		if err != nil && !errors.Is(err, orglife.ErrNotFound) {
			return orglife.Invite{}, nil, err
		}
		if err == nil && inviteMark(inv) != replaced && inv.Valid(h.opts.Clock.Now()) {
			return inv, &msgInviteReplaced, nil
		}
	}
	inv, err := h.newInvite(t, b.ID)
	return inv, &msgInviteReplaced, err
}

// inviteMark names an invite in a button without giving its code away: a few characters
// of its secret, enough to tell it from the branch's next one.
func inviteMark(inv orglife.Invite) string {
	secret := inv.Code[strings.LastIndexByte(inv.Code, '-')+1:]
	return secret[:min(6, len(secret))]
}

// newInvite makes the branch's live invite, revoking the one before.
func (h *Handlers) newInvite(t *turn, branchID string) (orglife.Invite, error) {
	inv := orglife.Invite{Code: state.NewInviteCode(branchID), BranchID: branchID, CreatedBy: t.userID,
		ExpiresAt: h.opts.Clock.Now().Add(h.opts.InviteTTL)}
	return inv, h.records.SaveInvite(t.ctx, inv)
}

func (h *Handlers) inviteLink(inv orglife.Invite) string {
	return "https://t.me/" + h.opts.BotUsername + "?start=" + inv.Code
}

// expiry is the last day an invite works, as the branch reads its days.
func expiry(lang orglife.Lang, loc *time.Location, inv orglife.Invite) string {
	return orglife.DateOf(inv.ExpiresAt, loc).In(lang)
}
