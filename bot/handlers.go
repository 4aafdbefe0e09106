package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
	"orglife/report"
	"orglife/state"
	"orglife/transport"
)

// Messenger sends to Telegram; *transport.Sender is the one in production.
type Messenger interface {
	Send(ctx context.Context, c tgbotapi.Chattable) (tgbotapi.Message, error)
	Request(ctx context.Context, c tgbotapi.Chattable) (*tgbotapi.APIResponse, error)
	// Prepare takes the send slots of the next n messages to chatID at once, for SendWith.
	Prepare(ctx context.Context, chatID int64, n int) *transport.Slots
	SendWith(ctx context.Context, slots *transport.Slots, c tgbotapi.Chattable) (tgbotapi.Message, error)
}

// Store is what the handlers keep per user; *state.Store is the one in production. The
// methods that take the update's unit of work (state.Unit; nil for none) read what was read
// ahead for it and hold session writes back until its ack.
type Store interface {
	Language(ctx context.Context, u *state.Unit, userID int64) (string, error)
	SetLanguage(ctx context.Context, u *state.Unit, userID int64, lang string) error
	Session(ctx context.Context, u *state.Unit, chatID, userID int64) ([]byte, error)
	SaveSession(ctx context.Context, u *state.Unit, chatID, userID int64, data []byte, ttl time.Duration) error
	// Flush applies the session writes u holds back until the update's ack now.
	Flush(ctx context.Context, u *state.Unit) error
	DeleteSession(ctx context.Context, u *state.Unit, chatID, userID int64) error
	ClaimIdle(ctx context.Context, now time.Time, limit int) ([]state.IdleSession, error)
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
	Location    *time.Location
	InviteTTL   time.Duration
	// Retention is branch.retention, for branches whose secretary has not chosen (/retention).
	Retention orglife.Retention
	Steps     []orglife.StepTemplate
	Coverage  orglife.CoverageRules
	Remind    ReminderOptions
	// ReportTemplate is the wording of the draft report (configs/report.tmpl or a branch's own).
	ReportTemplate *report.Template
	// SimilarityThreshold is report.similarity_threshold: /status names members whose points
	// are more alike than this as near-copies (0: orglife.DefaultSimilarityThreshold).
	SimilarityThreshold float64
	// Polisher is the language model that polishes documents (llm.endpoint); nil: none, and
	// /polish says so. PolishEndpoint is where it is, as /polish names it (no credentials).
	Polisher       Polisher
	PolishEndpoint string
	// KickReminders wakes the scheduler up (after /remind queued a nudge).
	KickReminders func()
	// Clock is the time the handlers read (the sandbox and tests move it); default the system's.
	Clock orglife.Clock
	// Flood is the per-user flood limit that FloodLimited applies (updates.flood_burst and
	// updates.flood_per_minute); the zero rule limits nothing.
	Flood state.FloodRule
	// BallotMinVoters is ballot.min_voters: the fewest complete votes whose counts are kept
	// and shown (0: orglife.DefaultMinVoters).
	BallotMinVoters int
}

// Handlers answer users: commands, button presses and typed text.
type Handlers struct {
	out       Messenger
	store     Store
	records   *state.Records
	reminders *state.Reminders
	opts      HandlerOptions
	log       *slog.Logger
	flows     map[string]*flow
	buttons   map[buttonKind]buttonHandler
	commands  []Command
	hints     *branchHints
}

// buttonHandler answers a button outside a flow (a member list, a talk to confirm). Its
// data has the shape of its kind (parseButtonData), but may be forged: it checks the press
// against the records (pressedOn, and its own rules).
type buttonHandler func(t *turn, d buttonData) error

// NewHandlers returns the handlers.
func NewHandlers(out Messenger, store Store, records *state.Records, reminders *state.Reminders, opts HandlerOptions, log *slog.Logger) *Handlers {
	if opts.Clock == nil {
		opts.Clock = orglife.SystemClock{}
	}
	h := &Handlers{out: out, store: store, records: records, reminders: reminders, opts: opts, log: log,
		hints: newBranchHints(maxBranchHints)}
	h.flows = map[string]*flow{}
	for _, f := range h.allFlows() {
		h.flows[f.name] = f
	}
	h.buttons = h.allButtons()
	h.commands = h.allCommands()
	return h
}

// session is a conversation in progress: its flow and question, the answers so far, the
// branch it is about, the nonce its buttons carry (a button with any other nonce is stale
// or forged), and the prompt message to edit or close. The nonce comes from the update that
// started the flow, so handling that update again after a crash yields the same nonce and
// the buttons already shown keep working.
type session struct {
	Flow   string  `json:"flow"`
	Nonce  string  `json:"nonce"`
	Step   int     `json:"step"`
	Branch string  `json:"branch,omitempty"`
	Data   answers `json:"data,omitempty"`
	Prompt int     `json:"prompt,omitempty"`
	// Update is the update that last moved the session on. A process that dies after
	// saving the session but before removing the update from the inbox leaves it to be run
	// again: finding its own id here, its answer is in already and the current question is
	// asked again, instead of the same answer being taken for the next question.
	Update int `json:"update,omitempty"`
}

func nonceOf(updateID int) string { return strconv.FormatInt(int64(updateID), 36) }

// Handle applies one update with its unit of work (w may be nil: none); it is the
// pipeline's HandleFunc. When it fails for good (not for want of Redis or time, which the
// pipeline retries), the user is told rather than left with a spinning button.
func (h *Handlers) Handle(ctx context.Context, w *transport.Work, u tgbotapi.Update) error {
	var unit *state.Unit
	if w != nil {
		unit = w.State
	}
	err := h.dispatch(ctx, unit, u)
	var sendErr *transport.SendError
	unreachable := errors.As(err, &sendErr) && sendErr.Blocked
	if err != nil && !transport.RetryLater(err) && ctx.Err() == nil && !unreachable {
		h.apologise(ctx, u)
	}
	return err
}

// apologise answers a failed update with a short notice, best effort.
func (h *Handlers) apologise(ctx context.Context, u tgbotapi.Update) {
	lang := h.opts.DefaultLang
	if from := u.SentFrom(); from != nil {
		if l, err := h.language(ctx, nil, from.ID); err == nil {
			lang = l
		}
	}
	switch {
	case u.CallbackQuery != nil:
		_, _ = h.out.Request(ctx, tgbotapi.NewCallback(u.CallbackQuery.ID, msgInternalError.In(lang)))
	case u.Message != nil && u.Message.Chat != nil && u.Message.Chat.IsPrivate():
		_ = h.say(ctx, u.Message.Chat.ID, msgInternalError.In(lang))
	}
}

func (h *Handlers) dispatch(ctx context.Context, unit *state.Unit, u tgbotapi.Update) error {
	switch {
	case u.Message != nil:
		return h.onMessage(ctx, unit, u.UpdateID, u.Message)
	case u.CallbackQuery != nil:
		return h.onCallback(ctx, unit, u.UpdateID, u.CallbackQuery)
	case u.MyChatMember != nil:
		return h.onMembership(ctx, u.MyChatMember)
	default:
		h.log.Debug("update kind not handled", "update_id", u.UpdateID)
		return nil
	}
}

func (h *Handlers) onMessage(ctx context.Context, unit *state.Unit, updateID int, m *tgbotapi.Message) error {
	if m.From == nil || m.Chat == nil {
		return nil
	}
	lang, err := h.language(ctx, unit, m.From.ID)
	if err != nil {
		return err
	}
	if !m.Chat.IsPrivate() {
		return h.onGroupMessage(ctx, m, lang)
	}
	t := &turn{ctx: ctx, unit: unit, chatID: m.Chat.ID, userID: m.From.ID, updateID: updateID, lang: lang, from: m.From}
	if m.IsCommand() {
		return h.onCommand(t, m)
	}
	s, err := h.loadSession(ctx, unit, t.chatID, t.userID)
	if err != nil {
		return err
	}
	switch {
	case s != nil && m.Text == "" && fileOf(m) != "":
		return h.onStepMedia(t, s, fileOf(m))
	case m.Text == "":
		return h.say(ctx, t.chatID, msgNotText.In(lang))
	case s != nil:
		return h.onStepText(t, s, m.Text)
	case utf8.RuneCountInString(m.Text) > h.opts.MaxText:
		return h.say(ctx, t.chatID, fmt.Sprintf(msgTooLong.In(lang), utf8.RuneCountInString(m.Text), h.opts.MaxText))
	default:
		return h.say(ctx, t.chatID, msgPlainTextHint.In(lang))
	}
}

func (h *Handlers) onCommand(t *turn, m *tgbotapi.Message) error {
	c, ok := h.lookupCommand(m.Command())
	if !ok {
		name := "/" + m.Command()
		return h.say(t.ctx, t.chatID, fmt.Sprintf(msgUnknownCommand.In(t.lang), "<code>"+quote(name)+"</code>"))
	}
	t.args = strings.TrimSpace(m.CommandArguments())
	if c.AdminOnly && (h.opts.IsAdmin == nil || !h.opts.IsAdmin(t.userID)) {
		return h.say(t.ctx, t.chatID, msgAdminsOnly.In(t.lang))
	}
	if c.Role > orglife.RoleStranger {
		ok, err := h.enterBranch(t, c)
		if err != nil || !ok {
			return err
		}
	}
	return c.run(t)
}

// onGroupMessage keeps personal work out of groups: commands meant for the bot get a
// button to the private chat; other chatter is not the bot's business.
func (h *Handlers) onGroupMessage(ctx context.Context, m *tgbotapi.Message, lang orglife.Lang) error {
	if !h.commandForUs(m) {
		return nil
	}
	msg := tgbotapi.NewMessage(m.Chat.ID, msgPrivateOnly.In(lang))
	msg.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
		tgbotapi.NewInlineKeyboardButtonURL(btnOpenPrivate.In(lang), "https://t.me/"+h.opts.BotUsername+"?start=help")))
	_, err := h.out.Send(ctx, htmlMessage(msg))
	return err
}

// commandForUs reports whether a group message is one of our commands: known, and not
// addressed to another bot.
func (h *Handlers) commandForUs(m *tgbotapi.Message) bool {
	if !m.IsCommand() {
		return false
	}
	if at := strings.TrimPrefix(m.CommandWithAt(), m.Command()); at != "" && !strings.EqualFold(at, "@"+h.opts.BotUsername) {
		return false
	}
	_, known := h.lookupCommand(m.Command())
	return known
}

// onCallback routes a button. Its data is read by the one codec (parseButtonData), which
// refuses any data not of a known kind and shape; a flow's buttons must then belong to the
// current question of the user's session, and other buttons go, in private chats only, to
// their handlers, which check them against the records (pressedOn). Anything else (an old
// prompt, forged data) is answered as expired.
func (h *Handlers) onCallback(ctx context.Context, unit *state.Unit, updateID int, q *tgbotapi.CallbackQuery) error {
	if q.From == nil || q.Message == nil || q.Message.Chat == nil {
		return h.answer(ctx, q.ID, "")
	}
	lang, err := h.language(ctx, unit, q.From.ID)
	if err != nil {
		return err
	}
	t := &turn{ctx: ctx, unit: unit, chatID: q.Message.Chat.ID, userID: q.From.ID, updateID: updateID, lang: lang, from: q.From, query: q}
	d, ok := parseButtonData(q.Data)
	switch {
	case !ok:
		return h.stale(ctx, q, lang)
	case d.Kind == kindStep:
		return h.onFlowButton(t, d)
	}
	if handle, ok := h.buttons[d.Kind]; ok && q.Message.Chat.IsPrivate() {
		t.accessChecked = true // such a handler may write before any access check
		return handle(t, d)
	}
	return h.stale(ctx, q, lang)
}

// onFlowButton takes a flow's button to the user's session, if it is the one the button
// was made for (its nonce); the flow checks the question and the value.
func (h *Handlers) onFlowButton(t *turn, d buttonData) error {
	s, err := h.loadSession(t.ctx, t.unit, t.chatID, t.userID)
	if err != nil {
		return err
	}
	if s == nil || s.Nonce != d.Nonce {
		return h.stale(t.ctx, t.query, t.lang)
	}
	return h.onStepButton(t, s, d.Step, d.Action)
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

// language is the user's language; unit, if any, may hold it read ahead.
func (h *Handlers) language(ctx context.Context, unit *state.Unit, userID int64) (orglife.Lang, error) {
	s, err := h.store.Language(ctx, unit, userID)
	if err != nil {
		return "", err
	}
	if lang, ok := orglife.ParseLang(s); ok {
		return lang, nil
	}
	return h.opts.DefaultLang, nil
}

func (h *Handlers) loadSession(ctx context.Context, unit *state.Unit, chatID, userID int64) (*session, error) {
	raw, err := h.store.Session(ctx, unit, chatID, userID)
	if err != nil || raw == nil {
		return nil, err
	}
	var s session
	if err := json.Unmarshal(raw, &s); err != nil {
		h.log.Warn("unreadable session dropped", "chat", chatID, "error", err)
		return nil, nil
	}
	if s.Data == nil {
		s.Data = answers{}
	}
	return &s, nil
}

func (h *Handlers) saveSession(ctx context.Context, unit *state.Unit, chatID, userID int64, s session) error {
	raw, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("encode session: %w", err)
	}
	h.hints.set(userID, s.Branch, s.Data[keyMeeting])
	return h.store.SaveSession(ctx, unit, chatID, userID, raw, h.opts.SessionTTL)
}

// endSession deletes the user's session and returns what it was.
func (h *Handlers) endSession(ctx context.Context, unit *state.Unit, chatID, userID int64) (*session, error) {
	s, err := h.loadSession(ctx, unit, chatID, userID)
	if err != nil || s == nil {
		return s, err
	}
	if err := h.store.DeleteSession(ctx, unit, chatID, userID); err != nil {
		return nil, err
	}
	return s, nil
}

func displayName(u *tgbotapi.User) string {
	name := strings.TrimSpace(u.FirstName + " " + u.LastName)
	if name == "" {
		return u.UserName
	}
	return name
}

// filterCommands lists the commands of list that a user with role may use, in order.
//
// An admin's commands (/newbranch) are offered to a newcomer and to a secretary, not to the
// ordinary members and committee members of a branch, who have no use for them (typed, they
// still work for an admin).
func filterCommands(list []Command, role orglife.Role, admin bool) []Command {
	var out []Command
	for _, c := range list {
		adminOK := admin && (role == orglife.RoleStranger || role == orglife.RoleSecretary)
		if role.Allows(c.Role) && (!c.AdminOnly || adminOK) {
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

// fileOf is the Telegram file id of a message's photo (its largest size) or document.
func fileOf(m *tgbotapi.Message) string {
	switch {
	case len(m.Photo) > 0:
		return m.Photo[len(m.Photo)-1].FileID
	case m.Document != nil:
		return m.Document.FileID
	}
	return ""
}
