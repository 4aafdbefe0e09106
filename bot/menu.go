package bot

import (
	"context"
	"fmt"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
)

// RegisterCommands publishes the menu in Chinese (the default) and English.
// The menu is what a newcomer may do: /newbranch is in it when ORGLIFE_ADMINS is empty.
func (h *Handlers) RegisterCommands(ctx context.Context) error {
	// IDs in ORGLIFE_ADMINS are positive, so 0 is an admin only when the list is empty.
	anyoneMayCreate := h.opts.IsAdmin != nil && h.opts.IsAdmin(0)
	return h.setMenu(ctx, tgbotapi.NewBotCommandScopeDefault(), orglife.RoleStranger, anyoneMayCreate)
}

// SyncMenu gives a user's private chat the menu of their role, as joining does; for members
// written straight into the records (the sandbox's demo), who never joined through the bot.
func (h *Handlers) SyncMenu(ctx context.Context, userID int64) { h.syncMenu(ctx, userID) }

// syncMenu gives a user's private chat the menu of their role in their current branch, so
// that a secretary sees the secretary's commands; a user in no branch gets the default menu
// back. Best effort: the menu is a convenience, and /help always tells the truth.
func (h *Handlers) syncMenu(ctx context.Context, userID int64) {
	role, err := h.roleOf(ctx, userID)
	if err == nil {
		scope := tgbotapi.NewBotCommandScopeChat(userID)
		if role == orglife.RoleStranger {
			err = h.deleteMenu(ctx, scope)
		} else {
			err = h.setMenu(ctx, scope, role, h.opts.IsAdmin != nil && h.opts.IsAdmin(userID))
		}
	}
	if err != nil {
		h.log.Warn("menu not updated", "user", userID, "error", err)
	}
}

// menuLanguages are the menus registered: Chinese for everyone, English for English clients.
var menuLanguages = []struct {
	code string
	lang orglife.Lang
}{{"", orglife.LangZH}, {"en", orglife.LangEN}}

func (h *Handlers) setMenu(ctx context.Context, scope tgbotapi.BotCommandScope, role orglife.Role, admin bool) error {
	for _, l := range menuLanguages {
		var list []tgbotapi.BotCommand
		for _, c := range filterCommands(h.commands, role, admin) {
			list = append(list, tgbotapi.BotCommand{Command: c.Name, Description: c.Desc.In(l.lang)})
		}
		if _, err := h.out.Request(ctx, tgbotapi.NewSetMyCommandsWithScopeAndLanguage(scope, l.code, list...)); err != nil {
			return fmt.Errorf("set commands (%s, %s): %w", scope.Type, l.lang, err)
		}
	}
	return nil
}

func (h *Handlers) deleteMenu(ctx context.Context, scope tgbotapi.BotCommandScope) error {
	for _, l := range menuLanguages {
		if _, err := h.out.Request(ctx, tgbotapi.NewDeleteMyCommandsWithScopeAndLanguage(scope, l.code)); err != nil {
			return fmt.Errorf("delete commands (%s, %s): %w", scope.Type, l.lang, err)
		}
	}
	return nil
}
