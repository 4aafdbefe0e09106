// Package ops serves what operators look at: /healthz answers whether the bot can reach
// its Redis, /metrics exposes the Prometheus counters, and /debug/pprof/ the Go profiler
// when it is configured (http.pprof).
package ops

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/pprof"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Pinger checks a dependency.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Options are the routes served beside /healthz and /metrics.
type Options struct {
	// Routes are more routes by pattern (the webhook).
	Routes map[string]http.Handler
	// Pprof serves the Go profiler under /debug/pprof/ (CPU, heap, allocations,
	// goroutines…). Off by default: a profile shows the code's internals and a CPU profile
	// costs while it runs, so it is for an operator measuring on a listener only they reach.
	Pprof bool
}

// Mux returns the operations endpoints.
func Mux(redis Pinger, gatherer prometheus.Gatherer, log *slog.Logger, opts Options) *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("GET /healthz", health(redis, log))
	mux.Handle("GET /metrics", promhttp.HandlerFor(gatherer, promhttp.HandlerOpts{}))
	if opts.Pprof {
		handlePprof(mux)
	}
	for pattern, h := range opts.Routes {
		mux.Handle(pattern, h)
	}
	return mux
}

// handlePprof routes the profiler's endpoints on mux, not on http.DefaultServeMux where
// importing net/http/pprof puts them (and which nothing here serves).
func handlePprof(mux *http.ServeMux) {
	mux.HandleFunc("GET /debug/pprof/", pprof.Index) // the index, and every named profile: allocs, heap, goroutine, block, mutex…
	mux.HandleFunc("GET /debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("POST /debug/pprof/symbol", pprof.Symbol) // go tool pprof looks symbols up by POST
	mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
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
