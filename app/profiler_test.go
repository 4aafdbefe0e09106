package app_test

import (
	"strings"
	"testing"

	"orglife/configs"
)

// TestProfilerOffByDefaultOnWhenConfigured: the app's ops listener serves the Go profiler
// only when http.pprof is set; by default /debug/pprof/ is not found there.
func TestProfilerOffByDefaultOnWhenConfigured(t *testing.T) {
	t.Parallel()
	off := newHarness(t)
	if code, _ := off.get("/debug/pprof/"); code != 404 {
		t.Errorf("with the defaults, /debug/pprof/ answers %d, want 404", code)
	}
	if code, _ := off.get("/debug/pprof/allocs"); code != 404 {
		t.Errorf("with the defaults, /debug/pprof/allocs answers %d, want 404", code)
	}
	on := newHarness(t, withConfig(func(c *configs.Config) { c.HTTP.Pprof = true }))
	code, body := on.get("/debug/pprof/allocs?debug=1")
	if code != 200 || !strings.Contains(body, "heap profile") {
		t.Errorf("with http.pprof, /debug/pprof/allocs answers %d %.200q", code, body)
	}
	if code, _ := on.get("/healthz"); code != 200 {
		t.Errorf("with http.pprof, /healthz answers %d", code)
	}
}
