package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"orglife"
	"orglife/configs"
	"orglife/sandbox"
)

func TestChooseMode(t *testing.T) {
	t.Parallel()
	load := func(t *testing.T, file string, env map[string]string) configs.Config {
		path := ""
		if file != "" {
			path = filepath.Join(t.TempDir(), "orglife.yaml")
			if err := os.WriteFile(path, []byte(file), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		cfg, err := configs.Load(path, func(k string) string { return env[k] })
		if err != nil {
			t.Fatal(err)
		}
		return cfg
	}
	token := map[string]string{configs.EnvToken: "1:x"}
	redisEnv := map[string]string{configs.EnvRedisURL: "redis://redis:6379/0"}
	redisFile := "redis:\n  url: redis://redis:6379/0\n"
	tests := []struct {
		name    string
		args    []string
		file    string
		env     map[string]string
		want    mode
		wantErr string
	}{
		{"newcomer: no token, no Redis", nil, "", nil, modeSandbox, ""},
		{"a file that names no Redis", nil, "language: en\n", nil, modeSandbox, ""},
		{"token", nil, "", token, modeBot, ""},
		{"token and Redis", nil, redisFile, map[string]string{configs.EnvToken: "1:x", configs.EnvRedisURL: "redis://r:1/0"}, modeBot, ""},
		{"REDIS_URL without a token", nil, "", redisEnv, modeNone, configs.EnvToken},
		{"a file naming a Redis, no token", nil, redisFile, nil, modeNone, configs.EnvToken},
		{"asked for the sandbox, Redis named", []string{"sandbox"}, "", redisEnv, modeSandbox, ""},
		{"asked for the sandbox with a token", []string{"sandbox", "--demo"}, "", token, modeSandbox, ""},
		{"import", []string{"import", "f.json"}, "", redisEnv, modeImport, ""},
		{"import without a file", []string{"import"}, "", nil, modeNone, "usage"},
		{"unknown command", []string{"serve"}, "", token, modeNone, "unknown command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := chooseMode(tt.args, load(t, tt.file, tt.env))
			if tt.wantErr != "" {
				if err == nil || got != modeNone || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("chooseMode = %v, %v; want an error naming %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("chooseMode = %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

// TestNoTokenWithRedisExitsTwo: a production setup that lost its token (REDIS_URL set, as in
// docker-compose.yml, or a config file naming a Redis) stops with one line naming the token,
// and leaves the Redis untouched, instead of running the sandbox against it.
func TestNoTokenWithRedisExitsTwo(t *testing.T) {
	t.Parallel()
	rig := newBotRig(t)
	conf := filepath.Join(t.TempDir(), "orglife.yaml")
	if err := os.WriteFile(conf, []byte("redis:\n  url: "+rig.redis.URL()+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, env := range [][]string{{"REDIS_URL=" + rig.redis.URL()}, {"ORGLIFE_CONFIG=" + conf}} {
		var stderr bytes.Buffer
		cmd := command(t, env...)
		cmd.Stderr = &stderr
		err := runWithin(t, cmd, 30*time.Second)
		exit, ok := err.(*exec.ExitError)
		if !ok || exit.ExitCode() != 2 {
			t.Fatalf("%v: exit %v, want code 2; stderr:\n%s", env, err, stderr.String())
		}
		out := strings.TrimRight(stderr.String(), "\n")
		if strings.Contains(out, "\n") || !strings.Contains(out, "TELEGRAM_BOT_TOKEN") {
			t.Fatalf("%v: stderr should be one line naming TELEGRAM_BOT_TOKEN, got:\n%s", env, out)
		}
	}
	if n, err := rig.redis.Client(t).DBSize(context.Background()).Result(); err != nil || n != 0 {
		t.Fatalf("the refused start wrote %d keys (%v)", n, err)
	}
}

// TestSandboxLeavesTheBotsKeysAlone: `orglife sandbox` pointed at the bot's Redis, which holds
// a branch with a reminder due, runs its reminder ticks (with its clock moved two days on) and
// a user's conversation without reading or writing one key of the bot's prefix.
func TestSandboxLeavesTheBotsKeysAlone(t *testing.T) {
	t.Parallel()
	rig := newBotRig(t)
	b := rig.seedBranch(2)
	ctx := context.Background()
	if err := rig.rem.Add(ctx, orglife.Reminder{Key: "nudge:due", Kind: orglife.RemindNudge, BranchID: b.id,
		MeetingID: b.meeting, Step: orglife.StepPoints, Due: time.Now().Add(-time.Minute)}); err != nil {
		t.Fatal(err)
	}
	rdb := rig.redis.Client(t)
	before := dumpKeys(t, rdb, "*")
	if len(before) == 0 {
		t.Fatal("nothing seeded")
	}

	addr := freeAddr(t)
	logs := &syncWriter{w: &bytes.Buffer{}}
	cmd := command(t, "REDIS_URL="+rig.redis.URL())
	cmd.Args = append(cmd.Args, "sandbox", "--addr", addr)
	cmd.Stderr = logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() { _ = cmd.Process.Kill() }()
	base := "http://" + addr
	eventually(t, 30*time.Second, "the sandbox serves its API", func() bool {
		resp, err := http.Get(base + "/api/clock")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
	var clock struct {
		Next string `json:"next_reminder"`
	}
	apiCall(t, "GET", base+"/api/clock", "", &clock)
	if clock.Next != "" {
		t.Fatalf("the sandbox sees the bot's reminder due at %s", clock.Next)
	}
	// A user of the sandbox talks to it: the sandbox writes, under its own prefix.
	apiCall(t, "POST", base+"/api/users", `{"id":100,"name":"张书记"}`, nil)
	apiCall(t, "POST", base+"/api/users/100/send", `{"text":"/start"}`, nil)
	eventually(t, 15*time.Second, "the sandbox answers /start", func() bool {
		var msgs []struct {
			From string `json:"from"`
		}
		apiCall(t, "GET", base+"/api/users/100/messages", "", &msgs)
		return slices.ContainsFunc(msgs, func(m struct {
			From string `json:"from"`
		}) bool {
			return m.From == "bot"
		})
	})
	// Two days on, then several reminder ticks (one a second in the sandbox).
	apiCall(t, "POST", base+"/api/clock", `{"advance":"48h"}`, nil)
	time.Sleep(4 * time.Second)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("the sandbox exited with %v; logs:\n%s", err, logs)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the sandbox was still running 15s after SIGTERM")
	}

	// Every key there was is there as it was (its TTL not renewed); the only new keys are
	// under the sandbox's own prefix.
	after := dumpKeys(t, rdb, "*")
	own := sandbox.KeyPrefix("orglife") + ":"
	for k, was := range before {
		now, ok := after[k]
		switch {
		case !ok:
			t.Errorf("key %s vanished", k)
		case now.dump != was.dump:
			t.Errorf("key %s changed", k)
		case (now.ttl > 0) != (was.ttl > 0) || now.ttl > was.ttl:
			t.Errorf("key %s: TTL %v before, %v after", k, was.ttl, now.ttl)
		}
	}
	ownKeys := 0
	for k := range after {
		if _, ok := before[k]; ok {
			continue
		}
		if !strings.HasPrefix(k, own) {
			t.Errorf("the sandbox wrote %s, outside its prefix %s", k, own)
		}
		ownKeys++
	}
	if t.Failed() {
		t.Fatalf("the sandbox touched keys not its own; logs:\n%s", logs)
	}
	if ownKeys == 0 {
		t.Fatal("the sandbox wrote no keys of its own prefix: the test proves nothing")
	}
	if pending, _, err := rig.rem.Counts(ctx); err != nil || pending != 1 {
		t.Fatalf("the bot's reminder: %d pending (%v), want 1", pending, err)
	}
}

// keyState is a key's serialized value (DUMP) and its time to live (PTTL; negative when it
// does not expire).
type keyState struct {
	dump string
	ttl  time.Duration
}

// dumpKeys is every key matching pattern, as it is now.
func dumpKeys(t *testing.T, rdb *redis.Client, pattern string) map[string]keyState {
	t.Helper()
	ctx := context.Background()
	out := map[string]keyState{}
	iter := rdb.Scan(ctx, 0, pattern, 1000).Iterator()
	for iter.Next(ctx) {
		k := iter.Val()
		v, err := rdb.Dump(ctx, k).Result()
		if err != nil {
			t.Fatalf("DUMP %s: %v", k, err)
		}
		ttl, err := rdb.PTTL(ctx, k).Result()
		if err != nil {
			t.Fatal(err)
		}
		out[k] = keyState{dump: v, ttl: ttl}
	}
	if err := iter.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// apiCall calls the sandbox's JSON API and decodes its answer into out (when not nil).
func apiCall(t *testing.T, method, url, body string, out any) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		t.Fatalf("%s %s = %d %s", method, url, resp.StatusCode, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, url, err, data)
		}
	}
}
