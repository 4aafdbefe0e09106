// Package app assembles a running orglife from its configuration: Redis, the Bot API
// client, the sender, the update pipeline, the HTTP endpoints and the scheduler.
package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/redis/go-redis/v9"

	"orglife"
	"orglife/bot"
	"orglife/configs"
	"orglife/ops"
	"orglife/polish"
	"orglife/report"
	"orglife/scheduler"
	"orglife/state"
	"orglife/transport"
)

// App is one running instance of the bot.
type App struct {
	clock    orglife.Clock
	cfg      configs.Config
	log      *slog.Logger
	rdb      redis.UniversalClient
	client   *transport.Client
	sender   *transport.Sender
	handlers *bot.Handlers
	pipeline *transport.Pipeline
	poller   *transport.Poller
	sched    *scheduler.Scheduler
	reminds  *scheduler.Dispatcher
	kick     chan struct{}
	remindMu sync.Mutex
	listener net.Listener
	server   *http.Server
}

// Option adjusts an App.
type Option func(*App)

// WithClock makes the app read the time from clock: tests and the sandbox move time instead
// of sleeping.
func WithClock(clock orglife.Clock) Option { return func(a *App) { a.clock = clock } }

// WithRedisHook installs h on the Redis client the app uses (load tests count round trips).
func WithRedisHook(h redis.Hook) Option { return func(a *App) { a.rdb.AddHook(h) } }

// New connects to Redis and Telegram and builds every part; nothing runs until Run.
// Its errors are one line that says what to set.
func New(ctx context.Context, cfg configs.Config, log *slog.Logger, opts ...Option) (*App, error) {
	rdb, err := state.Open(ctx, cfg.Redis.URL, 5*time.Second)
	if err != nil {
		return nil, fmt.Errorf("%s: %w; start Redis or set %s", configs.EnvRedisURL, err, configs.EnvRedisURL)
	}
	client, err := transport.Connect(ctx, transport.ClientOptions{
		Token: cfg.Telegram.Token, Endpoint: cfg.Telegram.APIEndpoint,
		RequestTimeout: cfg.Telegram.RequestTimeout, PollTimeout: cfg.Telegram.PollTimeout,
	})
	if err != nil {
		_ = rdb.Close()
		return nil, err
	}
	ln, err := net.Listen("tcp", cfg.HTTP.Addr)
	if err != nil {
		_ = rdb.Close()
		return nil, fmt.Errorf("%s %q: %w; set a free host:port", configs.EnvHTTPAddr, cfg.HTTP.Addr, err)
	}
	a := &App{cfg: cfg, log: log, rdb: rdb, client: client, listener: ln, clock: orglife.SystemClock{}, kick: make(chan struct{}, 1)}
	// What was read ahead for an update is not served once its handling has written.
	a.rdb.AddHook(state.UnitHook{})
	for _, o := range opts {
		o(a)
	}
	if err := a.build(); err != nil {
		_ = rdb.Close()
		_ = ln.Close()
		return nil, fmt.Errorf("build: %w", err)
	}
	return a, nil
}

// build wires the parts together.
func (a *App) build() error {
	cfg := a.cfg
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	metrics := transport.NewMetrics(reg)
	keys := state.NewKeys(cfg.Redis.KeyPrefix)
	store := state.NewStore(a.rdb, keys).WithClock(a.clock)
	limiter := transport.NewFallbackLimiter(state.NewRateLimiter(a.rdb, keys), a.log)
	a.sender = transport.NewSender(a.client.Send, limiter, store, transport.SenderOptions{
		GlobalPerSecond: cfg.Sender.GlobalPerSecond, PrivateInterval: cfg.Sender.PrivateInterval,
		PrivateBurst: cfg.Sender.PrivateBurst, GroupPerMinute: cfg.Sender.GroupPerMinute,
		MaxRetryElapsed: cfg.Sender.MaxRetryElapsed, BackoffMin: cfg.Sender.BackoffMin, BackoffMax: cfg.Sender.BackoffMax,
	}, metrics, a.log, cfg.Telegram.Token, cfg.Telegram.WebhookSecret)
	handlers, err := NewHandlers(cfg, a.rdb, a.sender, a.client.Send.Self.UserName, a.clock, a.kickReminders, a.log)
	if err != nil {
		return err
	}
	a.handlers = handlers
	rules, _, err := cfg.Reminders.Rules()
	if err != nil {
		return err
	}
	reminders := state.NewReminders(a.rdb, keys)
	a.reminds = scheduler.NewDispatcher(reminders, a.handlers, a.handlers, a.clock, scheduler.DispatchOptions{
		Location: cfg.Location, Window: rules.Window, Windows: a.handlers, At: rules.At, DailyCap: cfg.Reminders.DailyCap,
		Lease: cfg.Reminders.Lease, Batch: cfg.Reminders.Batch, Workers: cfg.Reminders.Workers, Keep: cfg.Reminders.Keep,
	}, a.log)
	inbox := state.NewInbox(a.rdb, keys, instanceID(), cfg.Updates.DedupeTTL, cfg.Updates.LockTTL)
	handle := handlers.FloodLimited(handlers.Handle, state.NewFloodCounter(a.rdb, keys), bot.FloodOptions{
		MaxDelay: cfg.Updates.HandlerTimeout / 2,
	}, a.log)
	a.pipeline = transport.NewPipeline(inbox, handle, handlers.NotifyOutage, transport.PipelineOptions{
		HandlerTimeout: cfg.Updates.HandlerTimeout, LeaseTTL: cfg.Updates.LockTTL,
		RetryMin: cfg.Updates.RetryMin, RetryMax: cfg.Updates.RetryMax, SweepInterval: 5 * time.Second,
		ReadAhead: handlers.ReadAhead, Slots: a.sender,
	}, metrics, a.log)
	routes := map[string]http.Handler{}
	if cfg.Telegram.WebhookURL != "" {
		routes["POST "+webhookPath(cfg.Telegram.WebhookURL)] = transport.NewWebhook(cfg.Telegram.WebhookSecret, a.pipeline, metrics, a.log)
	} else {
		a.poller = transport.NewPoller(transport.RawUpdates{API: a.client.Poll}, a.pipeline, cfg.Telegram.PollTimeout, a.client.Redact, a.log)
	}
	a.server = &http.Server{Handler: ops.Mux(store, reg, a.log, ops.Options{Routes: routes, Pprof: cfg.HTTP.Pprof}), ReadHeaderTimeout: 10 * time.Second}
	a.sched = scheduler.New(cfg.Location, a.log)
	if err := a.sched.Add("@every "+cfg.Reminders.Tick.String(), "reminders", a.sendReminders); err != nil {
		return err
	}
	// 征求意见 closes at the end of its day even when no one looks: its salt and sender hashes
	// go then (bot.Handlers.CloseDueOpinions).
	if err := a.sched.Add("@every "+cfg.Reminders.Tick.String(), "close-opinions", func(ctx context.Context) {
		if err := a.handlers.CloseDueOpinions(ctx); err != nil {
			a.log.Warn("closing opinion collections", "error", err)
		}
	}); err != nil {
		return err
	}
	if err := a.sched.Add("@every "+cfg.Reminders.Tick.String(), "close-ballots", func(ctx context.Context) {
		if err := a.handlers.CloseDueBallots(ctx); err != nil {
			a.log.Warn("closing due ballots", "error", err)
		}
	}); err != nil {
		return err
	}
	return a.sched.Add("@every "+cfg.Updates.SessionSweep.String(), "expire-idle-sessions", func(ctx context.Context) {
		if err := a.handlers.ExpireIdle(ctx); err != nil {
			a.log.Warn("idle session sweep", "error", err)
		}
	})
}

// NewHandlers builds the conversation handlers from cfg as the app runs them: on the
// records, sessions and reminders in rdb, sending through out as the bot botUsername, with
// clock as the time (nil: the system's) and kick to wake the reminder run (nil: none). It is the
// one place the handlers' options are read from the configuration; it is exported so that
// tests can drive the handlers directly with another Messenger.
func NewHandlers(cfg configs.Config, rdb redis.UniversalClient, out bot.Messenger, botUsername string,
	clock orglife.Clock, kick func(), log *slog.Logger) (*bot.Handlers, error) {
	if clock == nil {
		clock = orglife.SystemClock{}
	}
	if kick == nil {
		kick = func() {}
	}
	keys := state.NewKeys(cfg.Redis.KeyPrefix)
	lang, _ := orglife.ParseLang(cfg.Language)
	rules, digestAt, err := cfg.Reminders.Rules()
	if err != nil {
		return nil, err
	}
	// A calendar that does not know this year is a configuration gap; next year's days are
	// published late in the year, so a missing next year in December is only news.
	if now := clock.Now(); !cfg.Reminders.CalendarCovers(now.Year()) {
		log.Warn("the holiday calendar does not know this year: only weekly days off apply",
			"year", now.Year(), "calendar", cfg.Reminders.Calendar, "fix", calendarFix)
	} else if next := now.AddDate(0, 1, 0).Year(); !cfg.Reminders.CalendarCovers(next) {
		log.Info("the holiday calendar does not know next year yet", "year", next, "fix", calendarFix)
	}
	text, err := cfg.ReportText()
	if err != nil {
		return nil, err
	}
	tmpl, err := report.ParseTemplate(text)
	if err != nil {
		return nil, fmt.Errorf("report.template: %w", err)
	}
	return bot.NewHandlers(out, state.NewStore(rdb, keys).WithClock(clock), state.NewRecords(rdb, keys), state.NewReminders(rdb, keys), bot.HandlerOptions{
		BotUsername: botUsername, DefaultLang: lang, MaxText: cfg.Updates.MaxText,
		SessionTTL: cfg.Updates.SessionTTL, IsAdmin: cfg.IsAdmin, Location: cfg.Location,
		InviteTTL: cfg.Branch.InviteTTL, Retention: cfg.Branch.Retention, Steps: cfg.Meeting.Steps, Coverage: cfg.Meeting.Coverage,
		Remind: bot.ReminderOptions{Rules: rules, DigestAt: digestAt, Grace: cfg.Reminders.Grace,
			CalendarYears: cfg.Reminders.CalendarYears()},
		KickReminders: kick, Clock: clock, ReportTemplate: tmpl, SimilarityThreshold: cfg.Report.SimilarityThreshold,
		Polisher: polisher(cfg.LLM), PolishEndpoint: polish.Host(cfg.LLM.Endpoint),
		Flood:           state.FloodRule{Burst: cfg.Updates.FloodBurst, PerMinute: cfg.Updates.FloodPerMinute},
		BallotMinVoters: cfg.Ballot.MinVoters,
	}, log), nil
}

// polisher is the language model of llm.*, or nil (the interface's nil) when none is configured.
func polisher(l configs.LLM) bot.Polisher {
	if !l.Enabled() {
		return nil
	}
	return &polish.Polisher{Model: &polish.Client{Endpoint: l.Endpoint, Model: l.Model, Key: l.Key,
		Timeout: l.Timeout, Temperature: l.Temperature, HTTP: &http.Client{}}}
}

// calendarFix says how to teach the holiday calendar a year.
const calendarFix = "add the year to configs/calendar_cn.yaml, or list its days in reminders.holidays and reminders.make_up_days"

// sendReminders sends what is due; a run still going makes another one a no-op.
func (a *App) sendReminders(ctx context.Context) {
	if !a.remindMu.TryLock() {
		return
	}
	defer a.remindMu.Unlock()
	st, err := a.reminds.Tick(ctx)
	switch {
	case err != nil && ctx.Err() != nil:
		// Shutting down mid-run is no fault: whatever it claimed comes back with the lease.
		a.log.Info("reminder run cut short by shutdown", "error", err)
	case err != nil:
		a.log.Warn("reminder run", "error", err)
	}
	if st.Claimed > 0 {
		a.log.Info("reminders", "claimed", st.Claimed, "sent", st.Sent, "already_sent", st.AlreadySent,
			"deferred", st.Deferred, "dropped", st.Dropped, "failed", st.Failed)
	}
}

// kickReminders asks for a reminder run now (a /remind nudge was queued).
func (a *App) kickReminders() {
	select {
	case a.kick <- struct{}{}:
	default:
	}
}

// SyncMenu gives a user's private chat the command menu of their role (see
// bot.Handlers.SyncMenu); best effort.
func (a *App) SyncMenu(ctx context.Context, userID int64) { a.handlers.SyncMenu(ctx, userID) }

// HTTPAddr is the address /healthz, /metrics and the webhook are served on.
func (a *App) HTTPAddr() string { return a.listener.Addr().String() }

// Run serves until ctx ends, then shuts down within the configured timeout: it stops
// taking updates, lets the updates in hand finish, stops the scheduler and closes Redis.
func (a *App) Run(ctx context.Context) error {
	serveErr := make(chan error, 1)
	go func() { serveErr <- a.server.Serve(a.listener) }()
	if err := a.startTelegram(ctx); err != nil {
		a.shutdown()
		return err
	}
	work, stopWork := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { a.pipeline.Run(work) })
	if a.poller != nil {
		wg.Go(func() { a.poller.Run(work) })
	}
	a.sched.Start()
	wg.Go(func() {
		for {
			select {
			case <-work.Done():
				return
			case <-a.kick:
				a.sendReminders(work)
			}
		}
	})
	a.log.Info("orglife running", "bot", a.client.Send.Self.UserName, "http", a.HTTPAddr(), "webhook", a.poller == nil)
	var err error
	select {
	case <-ctx.Done():
	case err = <-serveErr:
		err = fmt.Errorf("http server: %w", err)
	}
	stopWork()
	a.client.StopPolling()
	wg.Wait()
	a.shutdown()
	return err
}

// startTelegram publishes the menu and chooses webhook or polling at Telegram's side.
func (a *App) startTelegram(ctx context.Context) error {
	if err := a.handlers.RegisterCommands(ctx); err != nil {
		a.log.Warn("commands not registered", "error", err)
	}
	if a.poller == nil {
		return transport.SetWebhook(ctx, a.sender, a.cfg.Telegram.WebhookURL, a.cfg.Telegram.WebhookSecret)
	}
	return transport.DeleteWebhook(ctx, a.sender)
}

func (a *App) shutdown() {
	ctx, cancel := context.WithTimeout(context.Background(), a.cfg.ShutdownTimeout)
	defer cancel()
	if err := a.server.Shutdown(ctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		a.log.Warn("http shutdown", "error", err)
	}
	if err := a.pipeline.Stop(ctx); err != nil {
		a.log.Warn("updates still in hand at shutdown stay queued", "error", err)
	}
	if err := a.sched.Stop(ctx); err != nil {
		a.log.Warn("scheduler jobs still running at shutdown", "error", err)
	}
	if err := a.rdb.Close(); err != nil {
		a.log.Warn("close redis", "error", err)
	}
	a.log.Info("orglife stopped")
}

// webhookPath is where Telegram's POSTs arrive: the path of the public webhook URL.
func webhookPath(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Path == "" {
		return "/"
	}
	return u.Path
}

// instanceID names this process's leases in Redis.
func instanceID() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b))
}
