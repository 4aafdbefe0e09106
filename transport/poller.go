package transport

import (
	"context"
	"log/slog"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// UpdateSource is tgbotapi's getUpdates.
type UpdateSource interface {
	GetUpdates(config tgbotapi.UpdateConfig) ([]tgbotapi.Update, error)
}

// Poller is the long-polling loop. Unlike tgbotapi's GetUpdatesChan, which confirms updates
// to Telegram before they are handled, it moves the offset past an update only once the
// update is safely in the inbox; until then Telegram keeps offering it.
type Poller struct {
	src      UpdateSource
	pipeline *Pipeline
	timeout  time.Duration
	redact   func(string) string
	log      *slog.Logger
}

// NewPoller returns a poller that waits up to timeout per getUpdates call.
func NewPoller(src UpdateSource, p *Pipeline, timeout time.Duration, redact func(string) string, log *slog.Logger) *Poller {
	return &Poller{src: src, pipeline: p, timeout: timeout, redact: redact, log: log}
}

// Run polls until ctx ends. The caller cuts the HTTP call in flight (Client.StopPolling).
func (p *Poller) Run(ctx context.Context) {
	offset := 0
	backoff := time.Second
	for ctx.Err() == nil {
		ups, err := p.src.GetUpdates(tgbotapi.UpdateConfig{
			Offset: offset, Limit: 100, Timeout: int(p.timeout.Seconds()), AllowedUpdates: allowedUpdates,
		})
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			p.log.Error("getUpdates failed", "error", p.redact(err.Error()), "retry_in", backoff)
			if sleepCtx(ctx, backoff) != nil {
				return
			}
			backoff = min(backoff*2, 30*time.Second)
			continue
		}
		backoff = time.Second
		if len(ups) == 0 {
			continue
		}
		if !p.store(ctx, ups) {
			return
		}
		offset = ups[len(ups)-1].UpdateID + 1
	}
}

// store queues a batch, retrying while Redis is away; false when ctx ended first, and then
// the batch stays unconfirmed at Telegram.
func (p *Poller) store(ctx context.Context, ups []tgbotapi.Update) bool {
	batch := make([]Incoming, 0, len(ups))
	for _, u := range ups {
		in, err := IncomingFromUpdate(u)
		if err != nil {
			p.log.Error("update cannot be queued, skipped", "update_id", u.UpdateID, "error", err)
			continue
		}
		batch = append(batch, in)
	}
	backoff := 200 * time.Millisecond
	for {
		err := p.pipeline.Accept(ctx, batch)
		if err == nil {
			return true
		}
		p.log.Warn("cannot queue updates, will retry", "count", len(batch), "error", err)
		p.pipeline.NotifyOutage(ctx, batch)
		if sleepCtx(ctx, backoff) != nil {
			return false
		}
		backoff = min(backoff*2, 10*time.Second)
	}
}
