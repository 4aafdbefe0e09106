package transport

import (
	"crypto/subtle"
	"io"
	"log/slog"
	"net/http"
)

// maxUpdateBytes bounds a webhook body; Telegram's updates are far smaller.
const maxUpdateBytes = 1 << 20

// Webhook receives updates pushed by Telegram. It answers as soon as the update is in the
// inbox and hands the work to the same ordered, deduplicating pipeline as long polling; if
// the inbox cannot take the update it answers 503, so Telegram delivers it again.
type Webhook struct {
	secret   []byte
	pipeline *Pipeline
	metrics  *Metrics
	log      *slog.Logger
}

// NewWebhook returns the handler; every request must carry secret in
// X-Telegram-Bot-Api-Secret-Token.
func NewWebhook(secret string, p *Pipeline, m *Metrics, log *slog.Logger) *Webhook {
	return &Webhook{secret: []byte(secret), pipeline: p, metrics: m, log: log}
}

func (w *Webhook) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(rw, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	got := []byte(r.Header.Get("X-Telegram-Bot-Api-Secret-Token"))
	if len(w.secret) == 0 || subtle.ConstantTimeCompare(got, w.secret) != 1 {
		w.metrics.WebhookUnauthorized.Inc()
		w.log.Warn("webhook request refused: wrong secret", "remote", r.RemoteAddr)
		http.Error(rw, "unauthorized", http.StatusUnauthorized)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(rw, r.Body, maxUpdateBytes))
	if err != nil {
		http.Error(rw, "body too large or unreadable", http.StatusRequestEntityTooLarge)
		return
	}
	in, err := IncomingFromJSON(body)
	if err != nil {
		w.log.Warn("webhook body is not an update", "error", err)
		http.Error(rw, "not an update", http.StatusBadRequest)
		return
	}
	batch := []Incoming{in}
	if err := w.pipeline.Accept(r.Context(), batch); err != nil {
		w.log.Warn("cannot queue webhook update; Telegram will retry", "update_id", in.UpdateID, "error", err)
		w.pipeline.NotifyOutage(r.Context(), batch)
		http.Error(rw, "temporarily unavailable", http.StatusServiceUnavailable)
		return
	}
	rw.WriteHeader(http.StatusOK)
}
