package bot

import (
	"context"
	"errors"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
	"orglife/transport"
)

func (h *Handlers) say(ctx context.Context, chatID int64, text string) error {
	_, err := h.out.Send(ctx, htmlMessage(tgbotapi.NewMessage(chatID, text)))
	return err
}

// closePrompt rewrites a prompt in place and takes its buttons away.
func (h *Handlers) closePrompt(ctx context.Context, chatID int64, msgID int, text string) error {
	edit := tgbotapi.NewEditMessageTextAndMarkup(chatID, msgID, text, noButtons())
	edit.ParseMode = tgbotapi.ModeHTML
	_, err := h.out.Send(ctx, edit)
	return err
}

// removeButtons is best effort: an old prompt may be gone or already bare.
func (h *Handlers) removeButtons(ctx context.Context, chatID int64, msgID int) {
	h.removeButtonsWith(ctx, nil, chatID, msgID)
}

// removeButtonsWith is removeButtons with send slots taken ahead (nil: none).
func (h *Handlers) removeButtonsWith(ctx context.Context, slots *transport.Slots, chatID int64, msgID int) {
	if _, err := h.out.SendWith(ctx, slots, tgbotapi.NewEditMessageReplyMarkup(chatID, msgID, noButtons())); err != nil {
		h.log.Debug("remove buttons", "chat", chatID, "message", msgID, "error", err)
	}
}

// answer stops a pressed button's spinner. Telegram refuses a second answer, or one too
// late, with a 400; the press itself still counts (the update may be handled again after
// a failure or a crash), so that refusal is no failure of the update.
func (h *Handlers) answer(ctx context.Context, id, text string) error {
	_, err := h.out.Request(ctx, tgbotapi.NewCallback(id, text))
	var sendErr *transport.SendError
	if errors.As(err, &sendErr) && sendErr.Code == 400 && strings.Contains(sendErr.Description, "query is too old") {
		h.log.Debug("callback answer refused", "error", err)
		return nil
	}
	return err
}

func noButtons() tgbotapi.InlineKeyboardMarkup {
	return tgbotapi.InlineKeyboardMarkup{InlineKeyboard: [][]tgbotapi.InlineKeyboardButton{}}
}

func htmlMessage(m tgbotapi.MessageConfig) tgbotapi.MessageConfig {
	m.ParseMode = tgbotapi.ModeHTML
	m.DisableWebPagePreview = true
	return m
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
	lang, err := h.language(t.ctx, t.unit, userID)
	if err != nil {
		h.log.Warn("notice", "user", userID, "error", err)
		return
	}
	if err := h.say(t.ctx, userID, text(lang)); err != nil {
		h.log.Warn("notice not sent", "user", userID, "error", err)
	}
}
