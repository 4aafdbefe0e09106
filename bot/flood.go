package bot

import (
	"context"
	"log/slog"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife/state"
	"orglife/transport"
)

// FloodCounter keeps each user's flood bucket; *state.FloodCounter is the one in
// production. In the same round trip it reads ahead what handling the update reads first
// (see state.Ahead) and puts it in the update's unit of work.
type FloodCounter interface {
	Preload(ctx context.Context, a *state.Ahead, u *state.Unit) (state.Flood, error)
}

// FloodOptions configure how updates over the flood limit (HandlerOptions.Flood) are held.
type FloodOptions struct {
	// MaxDelay bounds how long one update over the limit is held (a part of the handler
	// timeout, so that the update is still handled in time).
	MaxDelay time.Duration
}

// FloodLimited wraps handle with a per-user flood limit on private-chat input and on
// commands in groups: a token bucket per user (HandlerOptions.Flood), so that a burst of
// quick work — a point is six updates — goes through at once. Beyond it in a private chat
// the user is told once a flood that their messages are being handled and need not be sent
// again, and each further update of theirs is held until the bucket has its token (at most
// opts.MaxDelay) before it is handled: nothing is dropped, held updates come out at the
// refill rate, and since every chat has its own worker, other users are not delayed.
// Beyond the limit in a group a command is ignored: it would only earn a pointer to the
// private chat, and holding or answering it would hold up the group's other members, who
// share its worker and its send limit. A Redis error never blocks handling.
func (h *Handlers) FloodLimited(handle transport.HandleFunc, counter FloodCounter, opts FloodOptions, log *slog.Logger) transport.HandleFunc {
	return func(ctx context.Context, w *transport.Work, u tgbotapi.Update) error {
		if w == nil {
			w = &transport.Work{}
		}
		from, chat := u.SentFrom(), transport.ChatOf(u)
		inGroup := !transport.Personal(u) && u.Message != nil && h.commandForUs(u.Message)
		if (!transport.Personal(u) && !inGroup) || from == nil {
			return handle(ctx, w, u)
		}
		// Counted and read ahead as the update was queued, or now; what was read ahead goes
		// into the update's unit of work.
		text := "" // a command in a group reads no draft
		if !inGroup && u.Message != nil {
			text = u.Message.Text
		}
		v, counted, err := h.readAhead(ctx, w, counter, u.UpdateID, chat.ID, from.ID, text)
		if err != nil {
			log.Warn("flood count failed; update handled anyway", "user", from.ID, "error", err)
			return handle(ctx, w, u)
		}
		if !v.Over {
			return handle(ctx, w, u)
		}
		w.State.DropReadAhead() // held back or ignored: by the time it is handled it may be stale
		rule := h.opts.Flood
		if inGroup {
			if v.Notify {
				log.Info("user over the flood limit in a group, commands ignored", "user", from.ID, "chat", chat.ID, "burst", rule.Burst, "per_minute", rule.PerMinute)
			}
			return nil
		}
		if v.Notify {
			log.Info("user over the flood limit, slowed down", "user", from.ID, "burst", rule.Burst, "per_minute", rule.PerMinute)
			lang := h.opts.DefaultLang
			if l, err := h.language(ctx, nil, from.ID); err == nil {
				lang = l
			}
			if err := h.say(ctx, chat.ID, msgFlood.In(lang)); err != nil {
				log.Warn("flood notice not sent", "user", from.ID, "error", err)
			}
		}
		// The wait runs from when the update was counted: time it spent queued behind the
		// user's other held updates counts.
		wait := min(v.Wait-h.opts.Clock.Now().Sub(counted), opts.MaxDelay)
		if wait > 0 {
			t := time.NewTimer(wait)
			defer t.Stop()
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-t.C:
			}
		}
		return handle(ctx, w, u)
	}
}

// readAhead counts the update and reads ahead for it, into w's unit: what was read as it
// was queued (w.Ahead), or, when nothing was (it waited behind another update of its chat)
// or that failed, in a round trip now. now is the time the update was counted at.
func (h *Handlers) readAhead(ctx context.Context, w *transport.Work, counter FloodCounter, updateID int, chatID, userID int64, text string) (v state.Flood, now time.Time, err error) {
	if a := w.Ahead; a != nil && a.UpdateID == updateID {
		if v, err := a.Attach(w.State); err == nil {
			return v, a.Now, nil
		}
	}
	a := h.ReadAhead(updateID, chatID, userID, text)
	v, err = counter.Preload(ctx, a, w.State)
	return v, a.Now, err
}
