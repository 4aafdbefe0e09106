package bot

import (
	"context"
	"log/slog"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife/state"
)

// FloodCounter counts a user's updates per minute; *state.FloodCounter is the one in
// production. In the same round trip it reads ahead what handling the update reads first
// (see state.Ahead) and returns a context carrying it.
type FloodCounter interface {
	Preload(ctx context.Context, a *state.Ahead) (int64, context.Context, error)
}

// FloodOptions configure the per-user flood limit.
type FloodOptions struct {
	// PerMinute is how many updates a user may send in a minute before being slowed down.
	PerMinute int
	// MaxDelay bounds how long one update over the limit is held (a part of the handler
	// timeout, so that the update is still handled in time).
	MaxDelay time.Duration
}

// FloodLimited wraps handle with a per-user flood limit on private-chat input and on
// commands in groups. Beyond the limit in a private chat the user is told once per minute,
// and each further update of theirs is held until the minute ends (at most opts.MaxDelay)
// before it is handled: nothing is dropped, and since every chat has its own worker, other
// users are not delayed. Beyond the limit in a group a command is ignored: it would only
// earn a pointer to the private chat, and holding or answering it would hold up the group's
// other members, who share its worker and its send limit. A Redis error never blocks
// handling.
func (h *Handlers) FloodLimited(handle HandleFunc, counter FloodCounter, opts FloodOptions, log *slog.Logger) HandleFunc {
	return func(ctx context.Context, u tgbotapi.Update) error {
		from, chat := u.SentFrom(), chatOf(u)
		inGroup := !personal(u) && u.Message != nil && h.commandForUs(u.Message)
		if (!personal(u) && !inGroup) || from == nil {
			return handle(ctx, u)
		}
		// Counted and read ahead as the update was queued, or now.
		var n int64
		var ahead context.Context
		var err error
		a := aheadOf(ctx, u.UpdateID)
		if a != nil {
			n, ahead, err = a.Attach(ctx)
		}
		if a == nil || err != nil {
			a = h.ReadAhead(u.UpdateID, chat.ID, from.ID)
			n, ahead, err = counter.Preload(ctx, a)
		}
		now := a.Now
		if err != nil {
			log.Warn("flood count failed; update handled anyway", "user", from.ID, "error", err)
			return handle(ctx, u)
		}
		if n <= int64(opts.PerMinute) {
			return handle(ahead, u)
		}
		if inGroup {
			if n == int64(opts.PerMinute)+1 {
				log.Info("user over the flood limit in a group, commands ignored", "user", from.ID, "chat", chat.ID, "per_minute", opts.PerMinute)
			}
			return nil
		}
		// Held back: what was read ahead may be stale by the time it is handled.
		if n == int64(opts.PerMinute)+1 {
			log.Info("user over the flood limit, slowed down", "user", from.ID, "per_minute", opts.PerMinute)
			lang := h.opts.DefaultLang
			if l, err := h.language(ctx, from.ID); err == nil {
				lang = l
			}
			if err := h.say(ctx, chat.ID, msgFlood.In(lang)); err != nil {
				log.Warn("flood notice not sent", "user", from.ID, "error", err)
			}
		}
		wait := min(now.Truncate(time.Minute).Add(time.Minute).Sub(now), opts.MaxDelay)
		if wait > 0 {
			t := time.NewTimer(wait)
			defer t.Stop()
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-t.C:
			}
		}
		return handle(ctx, u)
	}
}
