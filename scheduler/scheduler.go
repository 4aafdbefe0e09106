// Package scheduler runs the bot's periodic jobs (reminders, look-back reviews) on cron specs
// read in the deployment's time zone, with panics contained and overlapping runs skipped.
package scheduler

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"orglife"
)

// Option configures a Scheduler.
type Option func(*settings)

type settings struct {
	clock   orglife.Clock // what jobs read as now; cron's own ticking keeps real time
	seconds bool
}

// WithClock replaces the real clock returned by Now.
func WithClock(c orglife.Clock) Option {
	return func(s *settings) { s.clock = c }
}

// WithSeconds accepts six-field specs whose first field is seconds, e.g. "*/5 * * * * *".
func WithSeconds() Option {
	return func(s *settings) { s.seconds = true }
}

// Scheduler runs named jobs on cron specs in one location.
type Scheduler struct {
	cron   *cron.Cron
	loc    *time.Location
	clock  orglife.Clock
	logger *slog.Logger

	// ctx is handed to every job and cancelled by Stop, so long jobs can wind down.
	ctx    context.Context
	cancel context.CancelFunc

	mu  sync.Mutex
	ids map[string]cron.EntryID
}

// New returns a stopped Scheduler reading specs in loc.
func New(loc *time.Location, logger *slog.Logger, opts ...Option) *Scheduler {
	set := settings{clock: orglife.SystemClock{}}
	for _, opt := range opts {
		opt(&set)
	}
	cronOpts := []cron.Option{
		cron.WithLocation(loc),
		cron.WithLogger(cronLogger{logger: logger, infoLevel: slog.LevelDebug}),
	}
	if set.seconds {
		cronOpts = append(cronOpts, cron.WithSeconds())
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Scheduler{
		cron:   cron.New(cronOpts...),
		loc:    loc,
		clock:  set.clock,
		logger: logger,
		ctx:    ctx,
		cancel: cancel,
		ids:    make(map[string]cron.EntryID),
	}
}

// Add schedules job under a unique name. The chain is built per job so that panic and
// skip logs carry the job's name. Order matters: cron v3.0.1's SkipIfStillRunning only
// frees its slot when the inner job returns normally, so Recover must sit inside it; the
// other way round, one panic would skip the job forever.
func (s *Scheduler) Add(spec, name string, job func(ctx context.Context)) error {
	if job == nil {
		return fmt.Errorf("schedule %q: nil job", name)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.ids[name]; dup {
		return fmt.Errorf("schedule %q: a job with this name already exists", name)
	}
	l := s.logger.With("job", name)
	chain := cron.NewChain(
		cron.SkipIfStillRunning(cronLogger{logger: l, infoLevel: slog.LevelWarn}),
		cron.Recover(cronLogger{logger: l, infoLevel: slog.LevelWarn}),
	)
	id, err := s.cron.AddJob(spec, chain.Then(cron.FuncJob(func() { job(s.ctx) })))
	if err != nil {
		return fmt.Errorf("schedule %q with spec %q: %w", name, spec, err)
	}
	s.ids[name] = id
	return nil
}

// Start begins running jobs in the background.
func (s *Scheduler) Start() {
	s.cron.Start()
}

// Stop prevents new runs, cancels the jobs' context and waits for running jobs until ctx
// ends; it returns ctx's error if some job was still running then.
func (s *Scheduler) Stop(ctx context.Context) error {
	finished := s.cron.Stop()
	s.cancel()
	select {
	case <-finished.Done():
		return nil
	case <-ctx.Done():
		return fmt.Errorf("scheduler stop: jobs still running: %w", ctx.Err())
	}
}

// Next is when the named job runs next; false if no such job or the scheduler is not started.
func (s *Scheduler) Next(name string) (time.Time, bool) {
	s.mu.Lock()
	id, ok := s.ids[name]
	s.mu.Unlock()
	if !ok {
		return time.Time{}, false
	}
	next := s.cron.Entry(id).Next
	return next, !next.IsZero()
}

// Now is the clock's time in the scheduler's location.
func (s *Scheduler) Now() time.Time {
	return s.clock.Now().In(s.loc)
}

// Location is where specs are read.
func (s *Scheduler) Location() *time.Location {
	return s.loc
}

// cronLogger adapts slog to cron.Logger. cron logs routine ticks at Info, so its internal
// logger demotes them to Debug; the chain's logger raises "skip" to Warn because a skipped
// run means a job outlasted its interval.
type cronLogger struct {
	logger    *slog.Logger
	infoLevel slog.Level
}

func (l cronLogger) Info(msg string, kv ...any) {
	l.logger.Log(context.Background(), l.infoLevel, "cron: "+msg, kv...)
}

// Error receives Recover's panic value as err, so it is logged as the "panic" attribute.
func (l cronLogger) Error(err error, msg string, kv ...any) {
	key := "error"
	if msg == "panic" {
		key = "panic"
	}
	l.logger.Error("cron: "+msg, append([]any{key, err}, kv...)...)
}
