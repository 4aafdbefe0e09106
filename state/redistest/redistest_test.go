package redistest

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"
)

func mustGet(t *testing.T, c *redis.Client, key string) string {
	t.Helper()
	v, err := c.Get(context.Background(), key).Result()
	if err != nil {
		t.Fatalf("GET %s: %v", key, err)
	}
	return v
}

func mustSet(t *testing.T, c *redis.Client, key, value string) {
	t.Helper()
	if err := c.Set(context.Background(), key, value, 0).Err(); err != nil {
		t.Fatalf("SET %s: %v", key, err)
	}
}

func TestKillAndRestartWithAOFAlwaysKeepsData(t *testing.T) {
	t.Parallel()
	s := Start(t, WithAOFAlways())
	c := s.Client(t)
	addr := s.Addr()
	mustSet(t, c, "k", "v")

	s.Kill()
	if s.Running() {
		t.Fatal("Running() after Kill = true")
	}
	s.Start()
	if !s.Running() || s.Addr() != addr {
		t.Fatalf("after Start: running %v, addr %s (was %s)", s.Running(), s.Addr(), addr)
	}
	if got := mustGet(t, c, "k"); got != "v" {
		t.Errorf("GET k after kill+start = %q, want v", got)
	}
}

func TestRestartWithAOFKeepsData(t *testing.T) {
	t.Parallel()
	s := Start(t, WithAOF())
	c := s.Client(t)
	mustSet(t, c, "k", "v")
	s.Restart() // graceful: SHUTDOWN flushes the everysec AOF
	if got := mustGet(t, c, "k"); got != "v" {
		t.Errorf("GET k after restart = %q, want v", got)
	}
}

// The default keeps nothing on disk, so a restart starts empty.
func TestDefaultIsEphemeral(t *testing.T) {
	t.Parallel()
	s := Start(t)
	c := s.Client(t)
	mustSet(t, c, "k", "v")
	s.Restart()
	if err := c.Get(context.Background(), "k").Err(); !errors.Is(err, redis.Nil) {
		t.Errorf("GET k after restart without persistence: err = %v, want redis.Nil", err)
	}
}

func TestStopMakesCommandsFail(t *testing.T) {
	t.Parallel()
	s := Start(t)
	c := s.Client(t)
	if err := c.Ping(context.Background()).Err(); err != nil {
		t.Fatalf("PING while running: %v", err)
	}
	s.Stop()
	if s.Running() {
		t.Fatal("Running() after Stop = true")
	}
	if err := c.Ping(context.Background()).Err(); err == nil {
		t.Fatal("PING after Stop succeeded")
	}
	s.Stop() // stopping twice is harmless
}

func TestParallelServersAreSeparate(t *testing.T) {
	t.Parallel()
	a, b := Start(t), Start(t)
	if a.Addr() == b.Addr() {
		t.Fatalf("both servers on %s", a.Addr())
	}
	mustSet(t, a.Client(t), "k", "a")
	if err := b.Client(t).Get(context.Background(), "k").Err(); !errors.Is(err, redis.Nil) {
		t.Errorf("key written to a is visible on b: err = %v", err)
	}
}

func TestURL(t *testing.T) {
	t.Parallel()
	s := Start(t)
	opts, err := redis.ParseURL(s.URL())
	if err != nil {
		t.Fatalf("ParseURL(%q): %v", s.URL(), err)
	}
	if opts.Addr != s.Addr() || opts.DB != 0 || !strings.HasPrefix(s.URL(), "redis://127.0.0.1:") {
		t.Errorf("URL %q parses to %s db %d", s.URL(), opts.Addr, opts.DB)
	}
	c := redis.NewClient(opts)
	defer c.Close()
	if err := c.Ping(context.Background()).Err(); err != nil {
		t.Errorf("PING via URL: %v", err)
	}
}

// fatalTB records Fatalf instead of failing the real test.
type fatalTB struct {
	testing.TB
	msg string
}

func (f *fatalTB) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func (f *fatalTB) Helper() {}

func TestMissingBinaryFailsWithInstallHint(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	f := &fatalTB{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		Start(f)
		t.Error("Start returned without redis-server in PATH")
	}()
	<-done
	if !strings.Contains(f.msg, "apt-get install redis-server") {
		t.Errorf("Fatalf message %q lacks the install hint", f.msg)
	}
}
