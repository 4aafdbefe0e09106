package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"log/slog"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
)

// Messenger sends to Telegram; *Sender is the one in production.
type Messenger interface {
	Send(ctx context.Context, c tgbotapi.Chattable) (tgbotapi.Message, error)
	Request(ctx context.Context, c tgbotapi.Chattable) (*tgbotapi.APIResponse, error)
}

// Store is what the handlers keep per user; *state.Store is the one in production.
type Store interface {
	Language(ctx context.Context, userID int64) (string, error)
	SetLanguage(ctx context.Context, userID int64, lang string) error
	Session(ctx context.Context, chatID, userID int64) ([]byte, error)
	SaveSession(ctx context.Context, chatID, userID int64, data []byte, ttl time.Duration) error
	DeleteSession(ctx context.Context, chatID, userID int64) (bool, error)
	MarkActive(ctx context.Context, userID int64) error
	MarkInactive(ctx context.Context, chatID int64, reason string) error
}

// HandlerOptions configure the conversation handlers.
type HandlerOptions struct {
	BotUsername string
	DefaultLang orglife.Lang
	MaxText     int
	SessionTTL  time.Duration
	IsAdmin     func(userID int64) bool
}

// Handlers answer users: commands, button presses and typed text.
type Handlers struct {
	out   Messenger
	store Store
	opts  HandlerOptions
	log   *slog.Logger
}

// NewHandlers returns the handlers.
func NewHandlers(out Messenger, store Store, opts HandlerOptions, log *slog.Logger) *Handlers {
	return &Handlers{out: out, store: store, opts: opts, log: log}
}

// session is a conversation in progress: its flow, the nonce its buttons carry (a button
// with any other nonce is stale or forged), and the prompt message to close when it ends.
// The nonce comes from the update that started the flow, so handling that update again
// after a crash yields the same nonce and the buttons already shown keep working.
type session struct {
	Flow   string `json:"flow"`
	Nonce  string `json:"nonce"`
	Prompt int    `json:"prompt,omitempty"`
}

// callbackData is what a button of a flow carries: flow:nonce:choice (at most 64 bytes).
func callbackData(s session, choice string) string { return s.Flow + ":" + s.Nonce + ":" + choice }

func parseCallbackData(data string) (flow, nonce, choice string) {
	flow, rest, _ := strings.Cut(data, ":")
	nonce, choice, _ = strings.Cut(rest, ":")
	return flow, nonce, choice
}

func nonceOf(updateID int) string { return strconv.FormatInt(int64(updateID), 36) }

const flowLang = "lang"

// Handle applies one update; it is the pipeline's HandleFunc.
func (h *Handlers) Handle(ctx context.Context, u tgbotapi.Update) error {
	switch {
	case u.Message != nil:
		return h.onMessage(ctx, u.UpdateID, u.Message)
	case u.CallbackQuery != nil:
		return h.onCallback(ctx, u.CallbackQuery)
	case u.MyChatMember != nil:
		return h.onMembership(ctx, u.MyChatMember)
	default:
		h.log.Debug("update kind not handled", "update_id", u.UpdateID)
		return nil
	}
}

func (h *Handlers) onMessage(ctx context.Context, updateID int, m *tgbotapi.Message) error {
	if m.From == nil || m.Chat == nil {
		return nil
	}
	lang, err := h.language(ctx, m.From.ID)
	if err != nil {
		return err
	}
	if !m.Chat.IsPrivate() {
		return h.onGroupMessage(ctx, m, lang)
	}
	switch {
	case m.IsCommand():
		return h.onCommand(ctx, updateID, m, lang)
	case m.Text == "":
		return h.say(ctx, m.Chat.ID, msgNotText.In(lang))
	case utf8.RuneCountInString(m.Text) > h.opts.MaxText:
		return h.say(ctx, m.Chat.ID, fmt.Sprintf(msgTooLong.In(lang), utf8.RuneCountInString(m.Text), h.opts.MaxText))
	default:
		return h.say(ctx, m.Chat.ID, msgPlainTextHint.In(lang))
	}
}

func (h *Handlers) onCommand(ctx context.Context, updateID int, m *tgbotapi.Message, lang orglife.Lang) error {
	switch m.Command() {
	case "start":
		return h.start(ctx, m, lang)
	case "help":
		return h.help(ctx, m, lang)
	case "cancel":
		return h.cancel(ctx, m, lang)
	case "lang":
		return h.langPrompt(ctx, updateID, m, lang)
	default:
		name := "/" + m.Command()
		return h.say(ctx, m.Chat.ID, fmt.Sprintf(msgUnknownCommand.In(lang), "<code>"+html.EscapeString(name)+"</code>"))
	}
}

// onGroupMessage keeps personal work out of groups: commands meant for the bot get a
// button to the private chat; other chatter is not the bot's business.
func (h *Handlers) onGroupMessage(ctx context.Context, m *tgbotapi.Message, lang orglife.Lang) error {
	if !m.IsCommand() {
		return nil
	}
	if at := strings.TrimPrefix(m.CommandWithAt(), m.Command()); at != "" && !strings.EqualFold(at, "@"+h.opts.BotUsername) {
		return nil // addressed to another bot
	}
	if _, known := lookupCommand(m.Command()); !known {
		return nil
	}
	msg := tgbotapi.NewMessage(m.Chat.ID, msgPrivateOnly.In(lang))
	msg.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
		tgbotapi.NewInlineKeyboardButtonURL(btnOpenPrivate.In(lang), "https://t.me/"+h.opts.BotUsername+"?start=help")))
	_, err := h.out.Send(ctx, htmlMessage(msg))
	return err
}

func (h *Handlers) start(ctx context.Context, m *tgbotapi.Message, lang orglife.Lang) error {
	if err := h.store.MarkActive(ctx, m.From.ID); err != nil {
		return err
	}
	return h.say(ctx, m.Chat.ID, fmt.Sprintf(msgWelcome.In(lang), html.EscapeString(displayName(m.From))))
}

func (h *Handlers) help(ctx context.Context, m *tgbotapi.Message, lang orglife.Lang) error {
	role := orglife.RoleStranger // branches and their roles arrive with the branch flows
	admin := h.opts.IsAdmin != nil && h.opts.IsAdmin(m.From.ID)
	var b strings.Builder
	b.WriteString(msgHelpHeader.In(lang))
	b.WriteString("\n")
	for _, c := range filterCommands(commands, role, admin) {
		fmt.Fprintf(&b, "/%s — %s\n", c.Name, html.EscapeString(c.Desc.In(lang)))
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, msgHelpRole.In(lang), roleNames[role].In(lang))
	return h.say(ctx, m.Chat.ID, b.String())
}

func (h *Handlers) cancel(ctx context.Context, m *tgbotapi.Message, lang orglife.Lang) error {
	s, err := h.endSession(ctx, m.Chat.ID, m.From.ID)
	if err != nil {
		return err
	}
	if s == nil {
		return h.say(ctx, m.Chat.ID, msgNothingToCancel.In(lang))
	}
	if s.Prompt != 0 {
		if err := h.closePrompt(ctx, m.Chat.ID, s.Prompt, msgCancelled.In(lang)); err != nil {
			return err
		}
	}
	return h.say(ctx, m.Chat.ID, msgCancelled.In(lang))
}

func (h *Handlers) langPrompt(ctx context.Context, updateID int, m *tgbotapi.Message, lang orglife.Lang) error {
	s := session{Flow: flowLang, Nonce: nonceOf(updateID)}
	msg := tgbotapi.NewMessage(m.Chat.ID, msgLangPrompt.In(lang))
	msg.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
		tgbotapi.NewInlineKeyboardButtonData(btnLangZH.In(lang), callbackData(s, string(orglife.LangZH))),
		tgbotapi.NewInlineKeyboardButtonData(btnLangEN.In(lang), callbackData(s, string(orglife.LangEN))),
	))
	return h.beginFlow(ctx, m.Chat.ID, m.From.ID, s, htmlMessage(msg))
}

// beginFlow replaces the user's conversation with s and shows its prompt. The session is
// stored before the prompt goes out, so a button can never arrive before its session.
func (h *Handlers) beginFlow(ctx context.Context, chatID, userID int64, s session, prompt tgbotapi.MessageConfig) error {
	old, err := h.loadSession(ctx, chatID, userID)
	if err != nil {
		return err
	}
	if err := h.saveSession(ctx, chatID, userID, s); err != nil {
		return err
	}
	if old != nil && old.Prompt != 0 && old.Nonce != s.Nonce {
		h.removeButtons(ctx, chatID, old.Prompt)
	}
	sent, err := h.out.Send(ctx, prompt)
	if err != nil {
		return err
	}
	// Best effort: without the prompt's id the flow still works, only /cancel cannot
	// take the buttons off the prompt.
	s.Prompt = sent.MessageID
	if err := h.saveSession(ctx, chatID, userID, s); err != nil {
		h.log.Warn("prompt id not saved", "chat", chatID, "error", err)
	}
	return nil
}

// onCallback accepts a button only when it belongs to the prompt of the user's current
// session; anything else (an old prompt, forged data) is answered as expired.
func (h *Handlers) onCallback(ctx context.Context, q *tgbotapi.CallbackQuery) error {
	if q.From == nil || q.Message == nil || q.Message.Chat == nil {
		return h.answer(ctx, q.ID, "")
	}
	lang, err := h.language(ctx, q.From.ID)
	if err != nil {
		return err
	}
	s, err := h.loadSession(ctx, q.Message.Chat.ID, q.From.ID)
	if err != nil {
		return err
	}
	flow, nonce, choice := parseCallbackData(q.Data)
	if s == nil || s.Flow != flow || s.Nonce != nonce {
		return h.stale(ctx, q, lang)
	}
	switch flow {
	case flowLang:
		return h.chooseLang(ctx, q, choice, lang)
	default:
		return h.stale(ctx, q, lang)
	}
}

func (h *Handlers) chooseLang(ctx context.Context, q *tgbotapi.CallbackQuery, arg string, lang orglife.Lang) error {
	chosen, ok := orglife.ParseLang(arg)
	if !ok {
		return h.stale(ctx, q, lang)
	}
	if err := h.store.SetLanguage(ctx, q.From.ID, string(chosen)); err != nil {
		return err
	}
	if _, err := h.store.DeleteSession(ctx, q.Message.Chat.ID, q.From.ID); err != nil {
		return err
	}
	if err := h.closePrompt(ctx, q.Message.Chat.ID, q.Message.MessageID, msgLangSet.In(chosen)); err != nil {
		return err
	}
	return h.answer(ctx, q.ID, msgLangSet.In(chosen))
}

// stale answers a button that no longer applies and takes the buttons off its message.
func (h *Handlers) stale(ctx context.Context, q *tgbotapi.CallbackQuery, lang orglife.Lang) error {
	h.removeButtons(ctx, q.Message.Chat.ID, q.Message.MessageID)
	return h.answer(ctx, q.ID, msgStaleButton.In(lang))
}

// onMembership follows the user blocking or unblocking the bot in their private chat.
func (h *Handlers) onMembership(ctx context.Context, c *tgbotapi.ChatMemberUpdated) error {
	if c.Chat.Type != "private" {
		return nil
	}
	switch c.NewChatMember.Status {
	case "kicked":
		return h.store.MarkInactive(ctx, c.Chat.ID, "blocked by the user")
	case "member":
		return h.store.MarkActive(ctx, c.Chat.ID)
	}
	return nil
}

func (h *Handlers) language(ctx context.Context, userID int64) (orglife.Lang, error) {
	s, err := h.store.Language(ctx, userID)
	if err != nil {
		return "", err
	}
	if lang, ok := orglife.ParseLang(s); ok {
		return lang, nil
	}
	return h.opts.DefaultLang, nil
}

func (h *Handlers) loadSession(ctx context.Context, chatID, userID int64) (*session, error) {
	raw, err := h.store.Session(ctx, chatID, userID)
	if err != nil || raw == nil {
		return nil, err
	}
	var s session
	if err := json.Unmarshal(raw, &s); err != nil {
		h.log.Warn("unreadable session dropped", "chat", chatID, "error", err)
		return nil, nil
	}
	return &s, nil
}

func (h *Handlers) saveSession(ctx context.Context, chatID, userID int64, s session) error {
	raw, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("encode session: %w", err)
	}
	return h.store.SaveSession(ctx, chatID, userID, raw, h.opts.SessionTTL)
}

// endSession deletes the user's session and returns what it was.
func (h *Handlers) endSession(ctx context.Context, chatID, userID int64) (*session, error) {
	s, err := h.loadSession(ctx, chatID, userID)
	if err != nil || s == nil {
		return s, err
	}
	if _, err := h.store.DeleteSession(ctx, chatID, userID); err != nil {
		return nil, err
	}
	return s, nil
}

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
	if _, err := h.out.Send(ctx, tgbotapi.NewEditMessageReplyMarkup(chatID, msgID, noButtons())); err != nil {
		h.log.Debug("remove buttons", "chat", chatID, "message", msgID, "error", err)
	}
}

func (h *Handlers) answer(ctx context.Context, id, text string) error {
	_, err := h.out.Request(ctx, tgbotapi.NewCallback(id, text))
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

func displayName(u *tgbotapi.User) string {
	name := strings.TrimSpace(u.FirstName + " " + u.LastName)
	if name == "" {
		return u.UserName
	}
	return name
}

// filterCommands lists the commands of list that a user with role may use, in order.
func filterCommands(list []Command, role orglife.Role, admin bool) []Command {
	var out []Command
	for _, c := range list {
		if role.Allows(c.Role) && (!c.AdminOnly || admin) {
			out = append(out, c)
		}
	}
	return out
}

// NotifyOutage tells a chat that its input waits to be saved; Redis may be down, so the
// default language is used.
func (h *Handlers) NotifyOutage(ctx context.Context, chatID int64) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := h.say(ctx, chatID, msgOutage.In(h.opts.DefaultLang)); err != nil {
		h.log.Warn("outage notice not sent", "chat", chatID, "error", err)
	}
}
