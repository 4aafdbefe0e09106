package scheduler

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// generous bounds a wait for something that should happen within a tick or two; it is a
// deadlock guard, not a timing assertion.
const generous = 10 * time.Second

const everySecond = "* * * * * *"

// logSink collects log lines and wakes waiters on each new one.
type logSink struct {
	mu      sync.Mutex
	lines   []string
	changed chan struct{}
}

func newLogSink() *logSink { return &logSink{changed: make(chan struct{}, 1)} }

func (s *logSink) Write(p []byte) (int, error) {
	s.mu.Lock()
	s.lines = append(s.lines, string(p))
	s.mu.Unlock()
	select {
	case s.changed <- struct{}{}:
	default:
	}
	return len(p), nil
}

func (s *logSink) count(substrs ...string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, line := range s.lines {
		all := true
		for _, sub := range substrs {
			all = all && strings.Contains(line, sub)
		}
		if all {
			n++
		}
	}
	return n
}

func (s *logSink) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.lines, "")
}

// waitFor blocks until n lines contain all substrs.
func (s *logSink) waitFor(t *testing.T, n int, substrs ...string) {
	t.Helper()
	timeout := time.After(generous)
	for s.count(substrs...) < n {
		select {
		case <-s.changed:
		case <-timeout:
			t.Fatalf("waited %s for %d log lines with %q; have %d", generous, n, substrs, s.count(substrs...))
		}
	}
}

func newTestScheduler(t *testing.T, sink *logSink, opts ...Option) *Scheduler {
	t.Helper()
	logger := slog.New(slog.NewTextHandler(sink, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s := New(time.UTC, logger, append([]Option{WithSeconds()}, opts...)...)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), generous)
		defer cancel()
		_ = s.Stop(ctx)
	})
	return s
}

func waitClosed(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(generous):
		t.Fatalf("waited %s for %s", generous, what)
	}
}

func TestPanicIsRecoveredAndJobRunsAgain(t *testing.T) {
	t.Parallel()
	sink := newLogSink()
	s := newTestScheduler(t, sink)
	var runs atomic.Int32
	second := make(chan struct{})
	err := s.Add(everySecond, "flaky", func(context.Context) {
		switch runs.Add(1) {
		case 1:
			panic("boom")
		case 2:
			close(second)
		}
	})
	if err != nil {
		t.Fatalf("Add: %v", err)
	}
	s.Start()
	waitClosed(t, second, "the run after the panic")
	if sink.count("cron: panic", "panic=boom", "job=flaky") != 1 {
		t.Errorf("panic not logged with its value and job name; log:\n%s", sink.String())
	}
}

func TestSlowJobIsSkippedNotStacked(t *testing.T) {
	t.Parallel()
	sink := newLogSink()
	s := newTestScheduler(t, sink)
	var running, maxRunning, runs atomic.Int32
	release := make(chan struct{})
	again := make(chan struct{})
	err := s.Add(everySecond, "slow", func(context.Context) {
		n := running.Add(1)
		defer running.Add(-1)
		for {
			m := maxRunning.Load()
			if n <= m || maxRunning.CompareAndSwap(m, n) {
				break
			}
		}
		switch runs.Add(1) {
		case 1:
			<-release
		case 2:
			close(again)
		}
	})
	if err != nil {
		t.Fatalf("Add: %v", err)
	}
	s.Start()
	// Two ticks skipped while the first run blocks prove the ticks came and were dropped.
	sink.waitFor(t, 2, "cron: skip", "job=slow")
	close(release)
	waitClosed(t, again, "the run after the slow one finished")
	if m := maxRunning.Load(); m != 1 {
		t.Errorf("max concurrent runs = %d, want 1", m)
	}
}

func TestStopCancelsContextAndWaitsForRunningJob(t *testing.T) {
	t.Parallel()
	s := newTestScheduler(t, newLogSink())
	started, sawCancel, release := make(chan struct{}), make(chan struct{}), make(chan struct{})
	var once sync.Once
	var finished atomic.Bool
	err := s.Add(everySecond, "long", func(ctx context.Context) {
		once.Do(func() {
			close(started)
			<-ctx.Done() // only Stop cancels it
			close(sawCancel)
			<-release
			finished.Store(true)
		})
	})
	if err != nil {
		t.Fatalf("Add: %v", err)
	}
	s.Start()
	waitClosed(t, started, "the job to start")

	stopped := make(chan error, 1)
	go func() { stopped <- s.Stop(context.Background()) }()
	waitClosed(t, sawCancel, "Stop to cancel the job's context")
	select {
	case err := <-stopped:
		t.Fatalf("Stop returned (%v) while the job was still running", err)
	default:
	}
	close(release)
	select {
	case err := <-stopped:
		if err != nil {
			t.Fatalf("Stop: %v", err)
		}
	case <-time.After(generous):
		t.Fatal("Stop did not return after the job finished")
	}
	if !finished.Load() {
		t.Error("Stop returned before the job finished")
	}
}

func TestStopGivesUpAtContextDeadline(t *testing.T) {
	t.Parallel()
	s := newTestScheduler(t, newLogSink())
	started, release := make(chan struct{}), make(chan struct{})
	t.Cleanup(func() { close(release) })
	var once sync.Once
	err := s.Add(everySecond, "stubborn", func(context.Context) {
		once.Do(func() {
			close(started)
			<-release // ignores cancellation on purpose
		})
	})
	if err != nil {
		t.Fatalf("Add: %v", err)
	}
	s.Start()
	waitClosed(t, started, "the job to start")
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := s.Stop(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Stop with a stuck job = %v, want context.DeadlineExceeded", err)
	}
}

func TestSpecsAreReadInTheSchedulerLocation(t *testing.T) {
	t.Parallel()
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatalf("load zone: %v", err)
	}
	s := New(shanghai, slog.New(slog.DiscardHandler))
	t.Cleanup(func() { _ = s.Stop(context.Background()) })
	if err := s.Add("0 9 * * *", "morning", func(context.Context) {}); err != nil {
		t.Fatalf("Add: %v", err)
	}
	if _, ok := s.Next("morning"); ok {
		t.Error("Next before Start reported a time")
	}
	s.Start()
	next, ok := s.Next("morning")
	if !ok {
		t.Fatal("Next(morning) unknown after Start")
	}
	local := next.In(shanghai)
	if local.Hour() != 9 || local.Minute() != 0 {
		t.Errorf("next run %s in Shanghai, want 09:00", local)
	}
	if next.UTC().Hour() != 1 {
		t.Errorf("next run %s in UTC, want 01:00 (09:00 +08:00)", next.UTC())
	}
	if _, ok := s.Next("absent"); ok {
		t.Error("Next(absent) reported a time")
	}
}

func TestAddRejects(t *testing.T) {
	t.Parallel()
	noop := func(context.Context) {}
	tests := []struct {
		name, spec, job string
		fn              func(context.Context)
		want            string
	}{
		{"bad spec", "every tuesday", "bad", noop, `schedule "bad" with spec "every tuesday"`},
		{"seconds field without WithSeconds", everySecond, "sec", noop, `schedule "sec" with spec`},
		{"duplicate name", "@daily", "dup", noop, `schedule "dup": a job with this name already exists`},
		{"nil job", "@daily", "nil", nil, `schedule "nil": nil job`},
	}
	s := New(time.UTC, slog.New(slog.DiscardHandler))
	if err := s.Add("@hourly", "dup", noop); err != nil {
		t.Fatalf("first Add: %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.Add(tt.spec, tt.job, tt.fn)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Add = %v, want error containing %q", err, tt.want)
			}
		})
	}
}

type fixedClock time.Time

func (c fixedClock) Now() time.Time { return time.Time(c) }

func TestNowUsesClockInLocation(t *testing.T) {
	t.Parallel()
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatalf("load zone: %v", err)
	}
	at := time.Date(2024, 6, 30, 16, 30, 0, 0, time.UTC)
	s := New(shanghai, slog.New(slog.DiscardHandler), WithClock(fixedClock(at)))
	now := s.Now()
	if !now.Equal(at) || now.Location() != shanghai || now.Hour() != 0 || now.Day() != 1 {
		t.Errorf("Now() = %s, want %s as 2024-07-01 00:30 in Shanghai", now, at)
	}
	if s.Location() != shanghai {
		t.Errorf("Location() = %v", s.Location())
	}
}
