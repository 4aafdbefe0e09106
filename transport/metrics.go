package transport

import "github.com/prometheus/client_golang/prometheus"

// Metrics are the bot's Prometheus collectors; they never carry a token or user text.
type Metrics struct {
	UpdatesReceived     prometheus.Counter
	UpdatesDuplicate    prometheus.Counter
	UpdatesHandled      prometheus.Counter
	UpdatesFailed       prometheus.Counter
	UpdatesRetried      prometheus.Counter
	UpdatesInFlight     prometheus.Gauge
	ChatsActive         prometheus.Gauge
	HandlerSeconds      prometheus.Histogram
	MessagesSent        *prometheus.CounterVec
	SendFailures        *prometheus.CounterVec
	TooManyRequests     prometheus.Counter
	SendRetries         prometheus.Counter
	WebhookUnauthorized prometheus.Counter
}

// NewMetrics creates the collectors and registers them with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	counter := func(name, help string) prometheus.Counter {
		return prometheus.NewCounter(prometheus.CounterOpts{Namespace: "orglife", Name: name, Help: help})
	}
	m := &Metrics{
		UpdatesReceived:  counter("updates_received_total", "Updates accepted into the inbox."),
		UpdatesDuplicate: counter("updates_duplicate_total", "Updates dropped because their update_id was already queued."),
		UpdatesHandled:   counter("updates_handled_total", "Updates handled successfully."),
		UpdatesFailed:    counter("updates_failed_total", "Updates whose handler failed for good."),
		UpdatesRetried:   counter("updates_retried_total", "Handling attempts retried because Redis was unreachable."),
		UpdatesInFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: "orglife", Name: "updates_in_flight", Help: "Updates being handled right now.",
		}),
		ChatsActive: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: "orglife", Name: "chats_active",
			Help: "Chats a worker of this instance holds right now: handling, or finishing after its last update.",
		}),
		HandlerSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{
			Namespace: "orglife", Name: "handler_duration_seconds", Help: "Time to handle one update.",
			Buckets: prometheus.ExponentialBuckets(0.001, 2, 14),
		}),
		MessagesSent: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "orglife", Name: "messages_sent_total", Help: "Bot API calls that succeeded, by method.",
		}, []string{"method"}),
		SendFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "orglife", Name: "send_failures_total", Help: "Bot API calls given up, by reason.",
		}, []string{"reason"}),
		TooManyRequests:     counter("telegram_429_total", "429 Too Many Requests answers from the Bot API."),
		SendRetries:         counter("send_retries_total", "Bot API calls retried after 429, 5xx or network errors."),
		WebhookUnauthorized: counter("webhook_unauthorized_total", "Webhook requests refused for a wrong secret."),
	}
	reg.MustRegister(m.UpdatesReceived, m.UpdatesDuplicate, m.UpdatesHandled, m.UpdatesFailed,
		m.UpdatesRetried, m.UpdatesInFlight, m.ChatsActive, m.HandlerSeconds, m.MessagesSent, m.SendFailures, m.TooManyRequests,
		m.SendRetries, m.WebhookUnauthorized)
	return m
}
