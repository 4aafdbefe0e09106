package ops

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

type pingFunc func(ctx context.Context) error

func (f pingFunc) Ping(ctx context.Context) error { return f(ctx) }

func TestHealthz(t *testing.T) {
	tests := []struct {
		name     string
		ping     error
		wantCode int
		wantBody string
	}{
		{"redis answers", nil, http.StatusOK, "ok"},
		{"redis down", errors.New("dial tcp 127.0.0.1:1: connection refused"), http.StatusServiceUnavailable, "connection refused"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := prometheus.NewRegistry()
			mux := Mux(pingFunc(func(context.Context) error { return tt.ping }), reg, slog.New(slog.DiscardHandler), Options{})
			rec := httptest.NewRecorder()
			mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
			if rec.Code != tt.wantCode || !strings.Contains(rec.Body.String(), tt.wantBody) {
				t.Fatalf("got %d %q, want %d containing %q", rec.Code, rec.Body.String(), tt.wantCode, tt.wantBody)
			}
		})
	}
}

func TestMetricsServed(t *testing.T) {
	reg := prometheus.NewRegistry()
	c := prometheus.NewCounter(prometheus.CounterOpts{Name: "orglife_test_total", Help: "t"})
	reg.MustRegister(c)
	c.Add(3)
	srv := httptest.NewServer(Mux(pingFunc(func(context.Context) error { return nil }), reg, slog.New(slog.DiscardHandler), Options{}))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(body), "orglife_test_total 3") {
		t.Fatalf("metrics body lacks the counter:\n%s", body)
	}
}

// TestPprofOnlyWhenConfigured: the profiler's endpoints answer only with Options.Pprof; off,
// they are unknown paths like any other.
func TestPprofOnlyWhenConfigured(t *testing.T) {
	paths := []string{"/debug/pprof/", "/debug/pprof/allocs?debug=1", "/debug/pprof/goroutine?debug=1", "/debug/pprof/cmdline", "/debug/pprof/symbol"}
	for _, on := range []bool{false, true} {
		mux := Mux(pingFunc(func(context.Context) error { return nil }), prometheus.NewRegistry(), slog.New(slog.DiscardHandler), Options{Pprof: on})
		for _, path := range paths {
			rec := httptest.NewRecorder()
			mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
			if want := map[bool]int{false: http.StatusNotFound, true: http.StatusOK}[on]; rec.Code != want {
				t.Errorf("pprof %v: GET %s = %d, want %d", on, path, rec.Code, want)
			}
		}
	}
	mux := Mux(pingFunc(func(context.Context) error { return nil }), prometheus.NewRegistry(), slog.New(slog.DiscardHandler), Options{Pprof: true})
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/debug/pprof/allocs?debug=1", nil))
	if !strings.Contains(rec.Body.String(), "heap profile") {
		t.Fatalf("the allocation profile is not one:\n%.300s", rec.Body.String())
	}
}
