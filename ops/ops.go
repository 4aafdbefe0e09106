// Package ops serves what operators look at: /healthz answers whether the bot can reach
// its Redis, /metrics exposes the Prometheus counters.
package ops

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Pinger checks a dependency.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Mux returns the operations endpoints; extra adds more routes (the webhook).
func Mux(redis Pinger, gatherer prometheus.Gatherer, log *slog.Logger, extra map[string]http.Handler) *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("GET /healthz", health(redis, log))
	mux.Handle("GET /metrics", promhttp.HandlerFor(gatherer, promhttp.HandlerOpts{}))
	for pattern, h := range extra {
		mux.Handle(pattern, h)
	}
	return mux
}

// health is 200 when Redis answers and 503 with the reason when it does not.
func health(redis Pinger, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := redis.Ping(ctx); err != nil {
			log.Warn("health check failed", "error", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("redis unavailable: " + err.Error() + "\n"))
			return
		}
		_, _ = w.Write([]byte("ok\n"))
	})
}
