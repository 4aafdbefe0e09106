package transport

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// UpdateSource is getUpdates, answering each update as Telegram sent it.
type UpdateSource interface {
	RawUpdates(config tgbotapi.UpdateConfig) ([]json.RawMessage, error)
}

// RawUpdates adapts tgbotapi's client to an UpdateSource. Its own GetUpdates decodes the
// updates, which the inbox would then encode again to store them and decode once more to
// handle them; kept as sent, each is decoded once (IncomingFromJSON), and an update that
// does not decode is skipped alone instead of failing every getUpdates after it.
type RawUpdates struct{ API *tgbotapi.BotAPI }

// RawUpdates calls getUpdates.
func (r RawUpdates) RawUpdates(config tgbotapi.UpdateConfig) ([]json.RawMessage, error) {
	resp, err := r.API.Request(config)
	if err != nil {
		return nil, err
	}
	ups, err := splitArray(resp.Result)
	if err != nil {
		return nil, fmt.Errorf("decode getUpdates: %w", err)
	}
	return ups, nil
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
		ups, err := p.src.RawUpdates(tgbotapi.UpdateConfig{
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
		batch, last := p.prepare(ups)
		if !p.store(ctx, batch) {
			return
		}
		offset = max(offset, last+1)
	}
}

// prepare reads a getUpdates answer into the batch to queue, and the last update_id in it;
// an update that does not decode is logged and skipped (its id still moves the offset).
func (p *Poller) prepare(ups []json.RawMessage) (batch []Incoming, last int) {
	batch = make([]Incoming, 0, len(ups))
	for _, raw := range ups {
		in, err := IncomingFromJSON(raw)
		if err != nil {
			var id struct {
				UpdateID int `json:"update_id"`
			}
			_ = json.Unmarshal(raw, &id)
			last = max(last, id.UpdateID)
			p.log.Error("update cannot be queued, skipped", "update_id", id.UpdateID, "error", err)
			continue
		}
		last = max(last, in.UpdateID)
		batch = append(batch, in)
	}
	return batch, last
}

// store queues a batch, retrying while Redis is away; false when ctx ended first, and then
// the batch stays unconfirmed at Telegram.
func (p *Poller) store(ctx context.Context, batch []Incoming) bool {
	if len(batch) == 0 {
		return true
	}
	backoff := 200 * time.Millisecond
	for {
		err := p.pipeline.Accept(ctx, batch)
		if err == nil {
			return true
		}
		if ctx.Err() != nil { // stopping, not an outage: Telegram offers the batch again
			return false
		}
		p.log.Warn("cannot queue updates, will retry", "count", len(batch), "error", err)
		p.pipeline.NotifyOutage(ctx, batch)
		if sleepCtx(ctx, backoff) != nil {
			return false
		}
		backoff = min(backoff*2, 10*time.Second)
	}
}
