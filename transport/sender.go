package transport

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife/state"
)

// API is the part of tgbotapi.BotAPI the sender drives.
type API interface {
	Request(c tgbotapi.Chattable) (*tgbotapi.APIResponse, error)
	MakeRequest(endpoint string, params tgbotapi.Params) (*tgbotapi.APIResponse, error)
}

// Limiter hands out send slots; see state.RateLimiter. ReserveSlots takes n of a chat's
// slots, each with the token's when the chat's is free now, in one step (one round trip).
type Limiter interface {
	Reserve(ctx context.Context, chatID int64, rate state.Rate) (time.Duration, error)
	ReserveSlots(ctx context.Context, chatID int64, chat, global state.Rate, n int) ([]state.Slot, error)
}

// InactiveMarker records chats the bot can no longer reach.
type InactiveMarker interface {
	MarkInactive(ctx context.Context, chatID int64, reason string) error
}

// SenderOptions are Telegram's limits and the retry policy.
type SenderOptions struct {
	GlobalPerSecond int
	PrivateInterval time.Duration
	PrivateBurst    int
	GroupPerMinute  int
	MaxRetryElapsed time.Duration
	BackoffMin      time.Duration
	BackoffMax      time.Duration
}

// Sender is the one way out to Telegram: it keeps under the rate limits, waits as long as a
// 429 says, retries 5xx and network failures with backoff, and gives up only on answers
// that cannot change (a 4xx, a user who blocked the bot).
type Sender struct {
	api      API
	limiter  Limiter
	inactive InactiveMarker
	opts     SenderOptions
	metrics  *Metrics
	log      *slog.Logger
	secrets  []string
	ahead    slotBank
}

// NewSender returns a sender; secrets are removed from every error and log line.
func NewSender(api API, limiter Limiter, inactive InactiveMarker, opts SenderOptions, m *Metrics, log *slog.Logger, secrets ...string) *Sender {
	return &Sender{api: api, limiter: limiter, inactive: inactive, opts: opts, metrics: m, log: log, secrets: secrets,
		ahead: slotBank{chats: map[int64][]heldSlot{}}}
}

// SendError is a Bot API call given up for good. Its text never holds the token.
type SendError struct {
	Method      string
	Code        int
	Description string
	Blocked     bool // the user blocked the bot or is gone
}

func (e *SendError) Error() string {
	if e.Code != 0 {
		return fmt.Sprintf("telegram %s: %d %s", e.Method, e.Code, e.Description)
	}
	return fmt.Sprintf("telegram %s: %s", e.Method, e.Description)
}

// Permanent tells the scheduler that no retry can deliver this (the user blocked the bot,
// or Telegram refused the request as such).
func (e *SendError) Permanent() bool {
	return e.Blocked || (e.Code >= 400 && e.Code < 500 && e.Code != 429)
}

// Send delivers a message-returning call (sendMessage, editMessageText, sendDocument…).
func (s *Sender) Send(ctx context.Context, c tgbotapi.Chattable) (tgbotapi.Message, error) {
	return s.SendWith(ctx, nil, c)
}

// SendWith is Send using the next of slots, taken ahead by Prepare, when it is for c's chat.
// The message it returns says which message was sent: its id (sentID). The rest of
// Telegram's echo of it (the text, entities, buttons) is not decoded, since the bot knows
// what it sent.
func (s *Sender) SendWith(ctx context.Context, slots *Slots, c tgbotapi.Chattable) (tgbotapi.Message, error) {
	resp, err := s.request(ctx, slots, c)
	if err != nil {
		return tgbotapi.Message{}, err
	}
	if len(resp.Result) == 0 || resp.Result[0] != '{' {
		return tgbotapi.Message{}, nil // a call answered true (an edit of an inline message)
	}
	id, err := sentID(resp.Result)
	if err != nil {
		return tgbotapi.Message{}, fmt.Errorf("decode %s result: %w", methodOf(c), err)
	}
	return tgbotapi.Message{MessageID: id}, nil
}

// sentID is the message_id of a message Telegram echoes back, found by a scan of the echo's
// top level (scanMessageID), which is decoded only where the scan cannot be sure. The echo is
// part of an answer tgbotapi has already parsed, so it is valid JSON.
func sentID(raw []byte) (int, error) {
	if id, ok := scanMessageID(raw); ok {
		return id, nil
	}
	var m struct {
		MessageID int `json:"message_id"`
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		return 0, err
	}
	return m.MessageID, nil
}

// Request delivers any call, including those that return true (answerCallbackQuery,
// setMyCommands), which tgbotapi's Send would report as a decode error.
func (s *Sender) Request(ctx context.Context, c tgbotapi.Chattable) (*tgbotapi.APIResponse, error) {
	return s.request(ctx, nil, c)
}

func (s *Sender) request(ctx context.Context, slots *Slots, c tgbotapi.Chattable) (*tgbotapi.APIResponse, error) {
	chatID, limited := rateTarget(c)
	return s.do(ctx, slots, methodOf(c), chatID, limited, func() (*tgbotapi.APIResponse, error) { return s.api.Request(c) })
}

// Call makes a raw Bot API call for methods or fields tgbotapi lacks.
func (s *Sender) Call(ctx context.Context, method string, params tgbotapi.Params) (*tgbotapi.APIResponse, error) {
	return s.do(ctx, nil, method, 0, false, func() (*tgbotapi.APIResponse, error) { return s.api.MakeRequest(method, params) })
}

func (s *Sender) do(ctx context.Context, slots *Slots, method string, chatID int64, limited bool, call func() (*tgbotapi.APIResponse, error)) (*tgbotapi.APIResponse, error) {
	start := time.Now()
	backoff := s.opts.BackoffMin
	for {
		if limited {
			if err := s.waitSlot(ctx, slots, chatID); err != nil {
				return nil, fmt.Errorf("telegram %s: %w", method, err)
			}
		}
		resp, err := call()
		if err == nil {
			s.metrics.MessagesSent.WithLabelValues(method).Inc()
			return resp, nil
		}
		o := classify(err)
		wait, giveUp := s.decide(o, start, &backoff)
		if giveUp {
			return resp, s.fail(ctx, method, chatID, o)
		}
		if o.kind == outcomeNotModified {
			return resp, nil
		}
		s.metrics.SendRetries.Inc()
		s.log.Warn("telegram call failed, retrying", "method", method, "chat", chatID,
			"error", redact(o.description, s.secrets...), "retry_in", wait)
		if err := sleepCtx(ctx, wait); err != nil {
			return nil, fmt.Errorf("telegram %s: %w", method, err)
		}
	}
}

// decide says how long to wait before the next attempt, or to give up.
func (s *Sender) decide(o outcome, start time.Time, backoff *time.Duration) (time.Duration, bool) {
	switch o.kind {
	case outcomeRetryAfter:
		s.metrics.TooManyRequests.Inc()
		return o.retryAfter, false
	case outcomeTransient:
		if time.Since(start) > s.opts.MaxRetryElapsed {
			return 0, true
		}
		wait := *backoff
		*backoff = min(*backoff*2, s.opts.BackoffMax)
		return wait, false
	case outcomeNotModified:
		return 0, false
	default:
		return 0, true
	}
}

func (s *Sender) fail(ctx context.Context, method string, chatID int64, o outcome) error {
	err := &SendError{Method: method, Code: o.code, Description: redact(o.description, s.secrets...), Blocked: o.kind == outcomeBlocked}
	s.metrics.SendFailures.WithLabelValues(o.kind.String()).Inc()
	if err.Blocked && chatID != 0 {
		if merr := s.inactive.MarkInactive(ctx, chatID, err.Description); merr != nil {
			s.log.Error("mark chat inactive", "chat", chatID, "error", merr)
		}
	}
	return err
}

// Prepare takes n send slots of chatID at once — one round trip where n sends would take
// n — for the next n messages to chatID, each sent with SendWith and the slots. Should that
// fail, the slots are nil (which SendWith accepts) and each send takes its own slot.
func (s *Sender) Prepare(ctx context.Context, chatID int64, n int) *Slots {
	held := s.ahead.take(chatID, n, time.Now())
	if len(held) < n {
		chat, global := s.rates(chatID)
		slots, err := s.limiter.ReserveSlots(ctx, chatID, chat, global, n-len(held))
		if err != nil {
			s.log.Warn("send slots not taken ahead", "chat", chatID, "error", err)
		}
		held = append(held, holdAll(slots, time.Now())...)
	}
	return &Slots{chatID: chatID, slots: held}
}

// AskSlots is what a read-ahead asks for to take n send slots of chatID for the reply to
// its update (see state.Ahead): the chat's rate and the token's.
func (s *Sender) AskSlots(chatID int64, n int) state.SlotsAsk {
	chat, global := s.rates(chatID)
	return state.SlotsAsk{N: n, Chat: chat, Global: global}
}

// KeepSlots keeps send slots of chatID that a read-ahead took at (the end of its round
// trip) for the chat's next sends, after any kept before that are still good.
func (s *Sender) KeepSlots(chatID int64, slots []state.Slot, at time.Time) {
	s.ahead.keep(chatID, holdAll(slots, at))
}

// Slots are send slots of one chat Prepare took at once, used up in order by the sends
// given them; nil holds none.
type Slots struct {
	mu     sync.Mutex
	chatID int64
	slots  []heldSlot
}

// heldSlot is a send slot and when it was taken: its waits run from then.
type heldSlot struct {
	state.Slot
	at time.Time
}

func holdAll(slots []state.Slot, at time.Time) []heldSlot {
	held := make([]heldSlot, len(slots))
	for i, sl := range slots {
		held[i] = heldSlot{sl, at}
	}
	return held
}

// take returns the next slot taken ahead for chatID and when it was taken.
func (r *Slots) take(chatID int64) (state.Slot, time.Time, bool) {
	if r == nil || r.chatID != chatID {
		return state.Slot{}, time.Time{}, false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.slots) == 0 {
		return state.Slot{}, time.Time{}, false
	}
	slot := r.slots[0]
	r.slots = r.slots[1:]
	return slot.Slot, slot.at, true
}

// slotBank keeps, per chat, the send slots read-aheads took for replies not sent yet. A slot
// is a place under the limits already counted in Redis, good for any send to its chat; one
// kept longer than slotKeep is dropped unused (its update sent less than was guessed).
type slotBank struct {
	mu    sync.Mutex
	chats map[int64][]heldSlot
}

// slotKeep is how long a slot taken ahead waits for its send: a reply goes out within
// milliseconds of its read-ahead, and a slot sent much later than its place could bunch up
// with the chat's next ones. maxBanked bounds the chats, maxKeptSlots the slots of one.
const (
	slotKeep     = 2 * time.Second
	maxBanked    = 4096
	maxKeptSlots = 8
)

func (b *slotBank) keep(chatID int64, held []heldSlot) {
	if len(held) == 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.chats[chatID]; !ok && len(b.chats) >= maxBanked {
		b.pruneLocked(held[0].at)
		if len(b.chats) >= maxBanked {
			return
		}
	}
	kept := b.chats[chatID]
	for len(kept) > 0 && held[0].at.Sub(kept[0].at) > slotKeep {
		kept = kept[1:]
	}
	kept = append(kept, held...)
	b.chats[chatID] = kept[max(0, len(kept)-maxKeptSlots):]
}

// take returns up to n of chatID's kept slots, oldest first.
func (b *slotBank) take(chatID int64, n int, now time.Time) []heldSlot {
	b.mu.Lock()
	defer b.mu.Unlock()
	held := b.chats[chatID]
	for len(held) > 0 && now.Sub(held[0].at) > slotKeep {
		held = held[1:]
	}
	k := min(n, len(held))
	out := held[:k:k]
	if held = held[k:]; len(held) == 0 {
		delete(b.chats, chatID)
	} else {
		b.chats[chatID] = held
	}
	return out
}

func (b *slotBank) pruneLocked(now time.Time) {
	for id, held := range b.chats {
		if now.Sub(held[len(held)-1].at) > slotKeep {
			delete(b.chats, id)
		}
	}
}

// rates are the limits a message to chatID keeps: the chat's (1/s with a small burst in a
// private chat, 20/min in a group) and the token's (30/s).
func (s *Sender) rates(chatID int64) (chat, global state.Rate) {
	chat = state.Rate{Interval: s.opts.PrivateInterval, Burst: s.opts.PrivateBurst}
	if chatID < 0 {
		chat = state.Rate{Interval: time.Minute / time.Duration(max(s.opts.GroupPerMinute, 1)), Burst: 1}
	}
	return chat, state.Rate{Interval: time.Second / time.Duration(max(s.opts.GlobalPerSecond, 1)), Burst: 1}
}

// waitSlot waits for a send slot, one of slots taken ahead by Prepare or a read-ahead or a
// new one: first the chat's, then the token's.
func (s *Sender) waitSlot(ctx context.Context, slots *Slots, chatID int64) error {
	slot, at, err := s.nextSlot(ctx, slots, chatID)
	if err != nil {
		return err
	}
	if err := sleepCtx(ctx, time.Until(at.Add(slot.ChatWait))); err != nil {
		return err
	}
	if !slot.GlobalTaken { // the chat's slot was later: the token's is taken when it comes
		_, global := s.rates(chatID)
		wait, err := s.limiter.Reserve(ctx, 0, global)
		if err != nil {
			return err
		}
		slot.GlobalWait, at = wait, time.Now()
	}
	return sleepCtx(ctx, time.Until(at.Add(slot.GlobalWait)))
}

// nextSlot is the send's slot and when it was taken: the next of slots, else one a
// read-ahead took for the chat, else a new one.
func (s *Sender) nextSlot(ctx context.Context, slots *Slots, chatID int64) (state.Slot, time.Time, error) {
	if slot, at, ok := slots.take(chatID); ok {
		return slot, at, nil
	}
	if held := s.ahead.take(chatID, 1, time.Now()); len(held) == 1 {
		return held[0].Slot, held[0].at, nil
	}
	chat, global := s.rates(chatID)
	taken, err := s.limiter.ReserveSlots(ctx, chatID, chat, global, 1)
	if err != nil {
		return state.Slot{}, time.Time{}, err
	}
	return taken[0], time.Now(), nil
}

type outcomeKind int

const (
	outcomePermanent outcomeKind = iota
	outcomeTransient
	outcomeRetryAfter
	outcomeBlocked
	outcomeNotModified
)

func (k outcomeKind) String() string {
	return [...]string{"permanent", "transient", "retry_after", "blocked", "not_modified"}[k]
}

type outcome struct {
	kind        outcomeKind
	code        int
	description string
	retryAfter  time.Duration
}

// classify sorts a tgbotapi error. A 429 on an upload comes with Code 0 but RetryAfter set,
// and other upload errors with Code 0 too, so the description's prefix stands in for the code.
func classify(err error) outcome {
	var apiErr *tgbotapi.Error
	if !errors.As(err, &apiErr) {
		// Network failures, timeouts, and a proxy's non-JSON 5xx page.
		return outcome{kind: outcomeTransient, description: err.Error()}
	}
	code := apiErr.Code
	if code == 0 {
		code = codeFromDescription(apiErr.Message)
	}
	o := outcome{code: code, description: apiErr.Message}
	switch {
	case apiErr.RetryAfter > 0:
		o.kind, o.retryAfter = outcomeRetryAfter, time.Duration(apiErr.RetryAfter)*time.Second
	case code == 429:
		o.kind, o.retryAfter = outcomeRetryAfter, time.Second
	case code >= 500:
		o.kind = outcomeTransient
	case code == 403:
		o.kind = outcomeBlocked
	case code == 400 && strings.Contains(apiErr.Message, "message is not modified"):
		o.kind = outcomeNotModified
	default:
		o.kind = outcomePermanent
	}
	return o
}

func codeFromDescription(desc string) int {
	for prefix, code := range map[string]int{
		"Bad Request": 400, "Unauthorized": 401, "Forbidden": 403, "Not Found": 404,
		"Conflict": 409, "Too Many Requests": 429, "Internal Server Error": 500,
		"Bad Gateway": 502, "Service Unavailable": 503, "Gateway Timeout": 504,
	} {
		if strings.HasPrefix(desc, prefix) {
			return code
		}
	}
	return 0
}

// rateTarget tells which chat a call writes to and whether it counts against the limits.
func rateTarget(c tgbotapi.Chattable) (int64, bool) {
	switch v := c.(type) {
	case tgbotapi.MessageConfig:
		return v.ChatID, true
	case tgbotapi.DocumentConfig:
		return v.ChatID, true
	case tgbotapi.PhotoConfig:
		return v.ChatID, true
	case tgbotapi.EditMessageTextConfig:
		return v.ChatID, true
	case tgbotapi.EditMessageReplyMarkupConfig:
		return v.ChatID, true
	}
	return 0, false
}

// methodOf names a call for logs and metrics.
func methodOf(c tgbotapi.Chattable) string {
	switch c.(type) {
	case tgbotapi.MessageConfig:
		return "sendMessage"
	case tgbotapi.DocumentConfig:
		return "sendDocument"
	case tgbotapi.PhotoConfig:
		return "sendPhoto"
	case tgbotapi.EditMessageTextConfig:
		return "editMessageText"
	case tgbotapi.EditMessageReplyMarkupConfig:
		return "editMessageReplyMarkup"
	case tgbotapi.CallbackConfig:
		return "answerCallbackQuery"
	case tgbotapi.SetMyCommandsConfig:
		return "setMyCommands"
	case tgbotapi.DeleteWebhookConfig:
		return "deleteWebhook"
	case tgbotapi.ChatActionConfig:
		return "sendChatAction"
	case tgbotapi.DeleteMessageConfig:
		return "deleteMessage"
	}
	return fmt.Sprintf("%T", c)
}
