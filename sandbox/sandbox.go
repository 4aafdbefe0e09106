// Package sandbox runs the real bot on one machine with nothing else set up: an
// in-process stand-in of the Telegram Bot API (telegramtest), an embedded Redis
// (miniredis) unless REDIS_URL is set, a clock that can be moved forward, and a web
// chat page with a small JSON API to drive it all.
package sandbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sort"
	"sync"
	"time"

	"github.com/alicebob/miniredis/v2"

	"orglife/app"
	"orglife/bot/telegramtest"
	"orglife/configs"
	"orglife/state"
)

// DefaultAddr is where the web page is served unless Options.Addr says otherwise.
const DefaultAddr = "127.0.0.1:8080"

// Options configures Run.
type Options struct {
	// Addr is the host:port of the web page and JSON API; default DefaultAddr.
	Addr string
	// Demo seeds a branch with people, a meeting, points and talks.
	Demo bool
	// ConfigPath is an optional YAML file overlaying the defaults (as for the bot).
	ConfigPath string
	// Getenv reads the environment; default os.Getenv. REDIS_URL, ORGLIFE_TIMEZONE and
	// the like are honoured; the Telegram settings and the ops address are the sandbox's.
	Getenv func(string) string
	// Log receives the bot's and the sandbox's logs; default text on stderr.
	Log *slog.Logger
	// Ready, when set, is called with the web address once it is being served.
	Ready func(addr string)
	// Advance starts the sandbox clock this far ahead of real time (the --advance flag).
	Advance time.Duration
}

// KeyPrefix is the Redis key prefix of a sandbox whose bot would use botPrefix: a prefix of
// its own, so that a sandbox pointed at the bot's Redis neither reads nor writes the bot's
// keys (its scheduler would claim the branch's due reminders and deliver them to nobody).
func KeyPrefix(botPrefix string) string { return botPrefix + configs.SandboxKeySuffix }

// Clock is real time plus an offset that only grows.
type Clock struct {
	mu     sync.Mutex
	offset time.Duration
}

// Now is the sandbox's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

// Advance moves the clock forward by d (negative d is ignored).
func (c *Clock) Advance(d time.Duration) {
	if d <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
}

// Offset is how far the clock is ahead of real time.
func (c *Clock) Offset() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.offset
}

// sandbox is one running sandbox.
type sandbox struct {
	cfg     configs.Config
	log     *slog.Logger
	fake    *telegramtest.Server
	clock   *Clock
	remind  *state.Reminders
	records *state.Records
	app     *app.App

	mu     sync.Mutex
	users  map[int64]*userEntry
	groups map[int64]*groupEntry
}

type userEntry struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// groupEntry is a group chat of some of the users, with the bot in it.
type groupEntry struct {
	ID      int64   `json:"id"` // negative, as Telegram's group ids are
	Title   string  `json:"title"`
	Members []int64 `json:"members"`
}

// firstNewUserID is the id the first user who joins through an invite link in the page gets.
const firstNewUserID = 300

// Run starts the sandbox and serves until ctx ends.
func Run(ctx context.Context, opts Options) error {
	if opts.Addr == "" {
		opts.Addr = DefaultAddr
	}
	getenv := opts.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	clock := &Clock{offset: max(opts.Advance, 0)}
	fake, err := telegramtest.New(telegramtest.Options{Addr: "127.0.0.1:0", BotUsername: "orglife_sandbox_bot", BotName: "OrgLife 沙盒",
		Clock: clock.Now})
	if err != nil {
		return fmt.Errorf("sandbox: start the Bot API stand-in: %w", err)
	}
	defer fake.Close()

	redisURL := getenv(configs.EnvRedisURL)
	var mr *miniredis.Miniredis
	if redisURL == "" {
		mr = miniredis.NewMiniRedis()
		if err := mr.StartAddr("127.0.0.1:0"); err != nil {
			return fmt.Errorf("sandbox: start the embedded Redis: %w", err)
		}
		defer mr.Close()
		redisURL = "redis://" + mr.Addr()
	}
	env := map[string]string{
		configs.EnvToken:       fake.Token(),
		configs.EnvAPIEndpoint: fake.Endpoint(),
		configs.EnvRedisURL:    redisURL,
		configs.EnvHTTPAddr:    "127.0.0.1:0",
		configs.EnvWebhookURL:  "",
	}
	cfg, err := configs.Load(opts.ConfigPath, func(k string) string {
		if v, ok := env[k]; ok {
			return v
		}
		return getenv(k)
	})
	if err != nil {
		return err
	}
	cfg.Telegram.WebhookURL = ""
	cfg.Redis.KeyPrefix = KeyPrefix(cfg.Redis.KeyPrefix)
	cfg.Telegram.PollTimeout = 2 * time.Second
	cfg.Reminders.Tick = time.Second // so that moving the clock shows reminders at once
	log := opts.Log
	if log == nil {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: cfg.Level()}))
	}

	rdb, err := state.Open(ctx, redisURL, 5*time.Second)
	if err != nil {
		return fmt.Errorf("%s: %w", configs.EnvRedisURL, err)
	}
	defer rdb.Close()
	keys := state.NewKeys(cfg.Redis.KeyPrefix)
	s := &sandbox{cfg: cfg, log: log, fake: fake, clock: clock, users: map[int64]*userEntry{}, groups: map[int64]*groupEntry{},
		remind: state.NewReminders(rdb, keys), records: state.NewRecords(rdb, keys)}

	a, err := app.New(ctx, cfg, log, app.WithClock(s.clock))
	if err != nil {
		return err
	}
	s.app = a
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return fmt.Errorf("sandbox web address %q: %w; pass a free --addr", opts.Addr, err)
	}
	srv := &http.Server{Handler: s.routes(), ReadHeaderTimeout: 10 * time.Second}
	appCtx, stopApp := context.WithCancel(context.Background())
	defer stopApp()
	appDone := make(chan error, 1)
	go func() { appDone <- a.Run(appCtx) }()
	webDone := make(chan error, 1)
	go func() { webDone <- srv.Serve(ln) }()
	if mr != nil {
		// miniredis expires keys only when told time passed: follow real time.
		go followRealTime(appCtx, mr)
	}
	redisKind := "embedded miniredis"
	if mr == nil {
		redisKind = "REDIS_URL"
	}
	log.Info("sandbox ready: open the web chat", "url", "http://"+ln.Addr().String()+"/",
		"redis", redisKind, "key_prefix", cfg.Redis.KeyPrefix, "bot_api", fake.URL(), "ops", a.HTTPAddr())
	if opts.Demo {
		if err := s.seedDemo(ctx); err != nil {
			log.Error("demo seeding failed", "error", err)
		} else {
			log.Info("demo branch seeded", "secretary", demoSecretary)
		}
	}
	if opts.Ready != nil {
		opts.Ready(ln.Addr().String())
	}

	var runErr error
	select {
	case <-ctx.Done():
	case runErr = <-appDone:
		appDone = nil
		if runErr == nil {
			runErr = errors.New("the bot stopped")
		}
	case err := <-webDone:
		runErr = fmt.Errorf("sandbox web server: %w", err)
	}
	shutCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = srv.Shutdown(shutCtx)
	stopApp()
	if appDone != nil {
		if err := <-appDone; err != nil && runErr == nil {
			runErr = err
		}
	}
	return runErr
}

func followRealTime(ctx context.Context, mr *miniredis.Miniredis) {
	t := time.NewTicker(200 * time.Millisecond)
	defer t.Stop()
	last := time.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			mr.FastForward(now.Sub(last))
			last = now
		}
	}
}

// addUser makes (or renames) a user of the fake and lists it for the page.
func (s *sandbox) addUser(id int64, name string) *telegramtest.User {
	u := s.fake.NewUser(id, name).SetLanguageCode("zh")
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.users[id]; ok {
		if name != "" {
			e.Name = name
		}
	} else {
		s.users[id] = &userEntry{ID: id, Name: name}
	}
	return u
}

// addNewUser makes a user with the next free id from firstNewUserID on, named after it.
func (s *sandbox) addNewUser() (*telegramtest.User, userEntry) {
	s.mu.Lock()
	id := int64(firstNewUserID)
	for {
		if _, taken := s.users[id]; !taken {
			break
		}
		id++
	}
	e := &userEntry{ID: id, Name: fmt.Sprintf("新用户%d", id)}
	s.users[id] = e
	s.mu.Unlock()
	return s.fake.NewUser(id, e.Name).SetLanguageCode("zh"), *e
}

func (s *sandbox) userList() []userEntry {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]userEntry, 0, len(s.users))
	for _, u := range s.users {
		out = append(out, userEntry{ID: u.ID, Name: u.Name})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// userName is the name the page lists a user by ("" when unknown).
func (s *sandbox) userName(id int64) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.users[id]; ok {
		return e.Name
	}
	return ""
}

// nextReminder moves the clock to a minute after the next due reminder.
func (s *sandbox) nextReminder(ctx context.Context) (time.Time, bool, error) {
	at, ok, err := s.remind.NextDue(ctx)
	if err != nil || !ok {
		return at, ok, err
	}
	s.clock.Advance(at.Add(time.Minute).Sub(s.clock.Now()))
	return at, true, nil
}
