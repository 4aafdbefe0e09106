package app_test

import (
	"bytes"
	"cmp"
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"orglife/app"
	"orglife/bot/telegramtest"
	"orglife/configs"
	"orglife/state/redistest"
)

// harness runs the whole bot in-process against the fake Bot API and a real redis-server.
type harness struct {
	t     testing.TB
	fake  *telegramtest.Server
	redis *redistest.Server
	cfg   configs.Config
	logs  *syncBuffer
	app   *app.App
	clock *testClock
	stop  context.CancelFunc
	done  chan error
	extra []app.Option
	// redisURL is REDIS_URL when not the server's plain URL (a cluster's).
	redisURL string
	// direct is the handlers and their pump when newDirectHarness runs them instead of an app.
	direct *direct
}

// testClock runs with real time, shifted: tests jump to a moment instead of waiting for it.
// Frozen, it stays at one moment until moved.
type testClock struct {
	mu     sync.Mutex
	offset time.Duration
	frozen bool
	at     time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.frozen {
		return c.at
	}
	return time.Now().Add(c.offset)
}

// Set makes Now be t from here on (time keeps running).
func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset, c.frozen = time.Until(t), false
}

// Freeze makes Now be t until the clock is moved again (Freeze or Set): for rules that
// count time, where a slow machine must not change the answer.
func (c *testClock) Freeze(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at, c.frozen = t, true
}

type option func(*harness)

func withRedis(r *redistest.Server) option      { return func(h *harness) { h.redis = r } }
func withFake(f *telegramtest.Server) option    { return func(h *harness) { h.fake = f } }
func withConfig(f func(*configs.Config)) option { return func(h *harness) { f(&h.cfg) } }
func withApp(o ...app.Option) option            { return func(h *harness) { h.extra = o } }

// withCluster runs the bot against a one-node Redis Cluster, through a cluster client.
func withCluster(t testing.TB) option {
	r := redistest.Start(t, redistest.WithAOFAlways(), redistest.WithCluster())
	return func(h *harness) { h.redis, h.redisURL = r, r.ClusterURL() }
}

func newHarness(t testing.TB, opts ...option) *harness {
	t.Helper()
	h := prepareHarness(t, []redistest.Option{redistest.WithAOFAlways()}, opts...)
	h.start()
	t.Cleanup(func() { h.shutdown() })
	return h
}

// prepareHarness makes what every harness runs on, the app (newHarness) or the handlers
// alone (newDirectHarness): the fake Bot API, a redis-server (started with redisOpts unless
// an option brings one) and the configuration, with the options applied.
func prepareHarness(t testing.TB, redisOpts []redistest.Option, opts ...option) *harness {
	t.Helper()
	h := &harness{t: t, logs: &syncBuffer{}, clock: &testClock{}}
	for _, o := range opts {
		o(h)
	}
	if h.fake == nil {
		fake, err := telegramtest.New(telegramtest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = fake.Close() })
		h.fake = fake
	}
	if h.redis == nil {
		h.redis = redistest.Start(t, redisOpts...)
	}
	env := map[string]string{
		configs.EnvToken:       h.fake.Token(),
		configs.EnvAPIEndpoint: h.fake.Endpoint(),
		configs.EnvRedisURL:    cmp.Or(h.redisURL, h.redis.URL()),
		configs.EnvHTTPAddr:    "127.0.0.1:0",
	}
	cfg, err := configs.Load("", func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	// Fast retries and no per-chat pacing, so that tests run quickly; the limits
	// themselves are tested on their own.
	cfg.Telegram.PollTimeout = 2 * time.Second
	cfg.Updates.RetryMin, cfg.Updates.RetryMax = 50*time.Millisecond, 300*time.Millisecond
	cfg.Sender.BackoffMin, cfg.Sender.BackoffMax = 50*time.Millisecond, 300*time.Millisecond
	cfg.Sender.PrivateInterval, cfg.Sender.GlobalPerSecond = 10*time.Millisecond, 1000
	cfg.Reminders.Tick = time.Second
	cfg.Updates.FloodBurst = 10000 // scripted users type faster than people; flood_test.go sets its own
	h.cfg = cfg
	for _, o := range opts { // config tweaks win over the defaults above
		o(h)
	}
	return h
}

func (h *harness) start() {
	h.t.Helper()
	log := slog.New(slog.NewTextHandler(io.MultiWriter(h.logs, testWriter{h.t}), &slog.HandlerOptions{Level: slog.LevelDebug}))
	a, err := app.New(context.Background(), h.cfg, log, append([]app.Option{app.WithClock(h.clock)}, h.extra...)...)
	if err != nil {
		h.t.Fatalf("app.New: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	h.app, h.stop, h.done = a, cancel, make(chan error, 1)
	go func() { h.done <- a.Run(ctx) }()
}

// shutdown stops the bot as SIGTERM would and returns Run's error.
func (h *harness) shutdown() error {
	if h.stop == nil {
		return nil
	}
	h.stop()
	h.stop = nil
	select {
	case err := <-h.done:
		return err
	case <-time.After(15 * time.Second):
		h.t.Fatal("the bot did not stop within 15s")
		return nil
	}
}

func (h *harness) restart() {
	h.t.Helper()
	if err := h.shutdown(); err != nil {
		h.t.Fatalf("stop: %v", err)
	}
	h.start()
}

func (h *harness) get(path string) (int, string) {
	h.t.Helper()
	resp, err := http.Get("http://" + h.app.HTTPAddr() + path)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// reply waits for a bot message in u's chat, sent or edited since u's last action, that
// contains want.
func reply(t testing.TB, u *telegramtest.User, want string) telegramtest.Message {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	m, err := u.WaitReply(ctx, func(m telegramtest.Message) bool { return strings.Contains(m.Text, want) })
	if err != nil {
		t.Fatalf("waiting for %q: %v", want, err)
	}
	return m
}

func click(t testing.TB, u *telegramtest.User, button string) {
	t.Helper()
	if _, err := u.Click(button); err != nil {
		t.Fatal(err)
	}
}

// count is how many bot messages in u's chat contain s.
func count(u *telegramtest.User, s string) int {
	n := 0
	for _, m := range u.Replies() {
		if strings.Contains(m.Text, s) {
			n++
		}
	}
	return n
}

func noViolations(t testing.TB, fake *telegramtest.Server) {
	t.Helper()
	if v := fake.Violations(); len(v) > 0 {
		t.Fatalf("requests the Bot API would refuse:\n%s", strings.Join(v, "\n"))
	}
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// testWriter shows the bot's log under -v, and with a failing test.
type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
