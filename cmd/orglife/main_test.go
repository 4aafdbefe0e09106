package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"orglife"
	"orglife/bot/telegramtest"
	"orglife/state"
	"orglife/state/redistest"
)

// binary is the orglife command built once for these tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "orglife-bin")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "orglife")
	if out, err := exec.Command("go", "build", "-race", "-o", binary, ".").CombinedOutput(); err != nil {
		panic("build orglife: " + err.Error() + "\n" + string(out))
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// runWithin runs cmd and returns how it exited, failing the test if it still runs after d
// (a start that should have been refused is serving instead).
func runWithin(t *testing.T, cmd *exec.Cmd, d time.Duration) error {
	t.Helper()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		_ = cmd.Process.Kill()
		<-done
		t.Fatalf("%v still ran after %v", cmd.Args, d)
		return nil
	}
}

// command prepares the binary with only the given environment (and PATH).
func command(t *testing.T, env ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(binary)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}, env...)
	return cmd
}

func TestStartFailuresAreOneLineAndExitTwo(t *testing.T) {
	t.Parallel()
	// Nothing listens on port 1; a stopped server's port could be another test's by now.
	const deadRedis = "redis://127.0.0.1:1/0"
	fake, err := telegramtest.New(telegramtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer fake.Close()
	live := redistest.Start(t)
	tg := []string{"TELEGRAM_BOT_TOKEN=" + fake.Token(), "TELEGRAM_API_ENDPOINT=" + fake.Endpoint()}
	tests := []struct {
		name string
		env  []string
		want string
	}{
		{"bad time zone", append(tg, "ORGLIFE_TIMEZONE=Mars/Base"), "ORGLIFE_TIMEZONE"},
		{"bad admins", append(tg, "ORGLIFE_ADMINS=12,abc"), "ORGLIFE_ADMINS"},
		{"bad redis url", append(tg, "REDIS_URL=memcached://x:1"), "REDIS_URL"},
		{"redis unreachable", append(tg, "REDIS_URL="+deadRedis), "REDIS_URL"},
		{"token refused", []string{"TELEGRAM_BOT_TOKEN=1:refused", "TELEGRAM_API_ENDPOINT=" + fake.Endpoint(), "REDIS_URL=" + live.URL()}, "TELEGRAM_BOT_TOKEN was refused"},
		{"missing config file", append(tg, "ORGLIFE_CONFIG=/nonexistent/orglife.yaml"), "config file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			cmd := command(t, tt.env...)
			cmd.Stderr = &stderr
			err := runWithin(t, cmd, 30*time.Second)
			exit, ok := err.(*exec.ExitError)
			if !ok || exit.ExitCode() != 2 {
				t.Fatalf("exit %v, want code 2; stderr:\n%s", err, stderr.String())
			}
			out := strings.TrimRight(stderr.String(), "\n")
			if strings.Count(out, "\n") != 0 || !strings.Contains(out, tt.want) || strings.Contains(out, "goroutine") {
				t.Fatalf("stderr should be one line containing %q, got:\n%s", tt.want, out)
			}
			if strings.Contains(out, "refused") && strings.Contains(out, "1:refused") {
				t.Fatal("the refused token is repeated in the error")
			}
		})
	}
}

// TestBareStartRunsTheSandbox: no token and no Redis configured (a newcomer's first go run)
// means the local sandbox, said in the first log line.
func TestBareStartRunsTheSandbox(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	var logs bytes.Buffer
	w := &syncWriter{w: &logs}
	cmd := command(t)
	cmd.Args = append(cmd.Args, "--addr", addr)
	cmd.Stderr = w
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer cmd.Process.Kill()
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Fatalf("GET / = %d", resp.StatusCode)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the sandbox page never answered: %v; logs:\n%s", err, w.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	first, _, _ := strings.Cut(w.String(), "\n")
	if !strings.Contains(first, "sandbox") {
		t.Fatalf("first log line does not say sandbox: %s", first)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v; logs:\n%s", err, w.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("still running 15s after SIGTERM")
	}
}

// TestAnswersStartAndHelpThenStopsOnSIGTERM is the README's promise: the binary, a local
// Bot API stand-in and Redis, and a user gets answers.
func TestAnswersStartAndHelpThenStopsOnSIGTERM(t *testing.T) {
	t.Parallel()
	fake, err := telegramtest.New(telegramtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer fake.Close()
	r := redistest.Start(t)
	var logs bytes.Buffer
	cmd := command(t, "TELEGRAM_BOT_TOKEN="+fake.Token(), "TELEGRAM_API_ENDPOINT="+fake.Endpoint(),
		"REDIS_URL="+r.URL(), "ORGLIFE_HTTP_ADDR=127.0.0.1:0")
	cmd.Stderr = &syncWriter{w: &logs}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer cmd.Process.Kill()

	u := fake.NewUser(42, "李四")
	u.Send("/start")
	waitReply(t, u, "您好")
	u.Send("/help")
	waitReply(t, u, "/lang")

	start := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v", err)
		}
	case <-time.After(12 * time.Second):
		t.Fatal("still running 12s after SIGTERM")
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("shutdown took %v, want under 10s", d)
	}
	if strings.Contains(logs.String(), fake.Token()) {
		t.Fatal("the token appears in the logs")
	}
}

func waitReply(t *testing.T, u *telegramtest.User, want string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := u.WaitReply(ctx, func(m telegramtest.Message) bool { return strings.Contains(m.Text, want) }); err != nil {
		t.Fatal(err)
	}
}

// String is what was written so far (w must be a *bytes.Buffer).
func (s *syncWriter) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.(*bytes.Buffer).String()
}

// TestImportRestoresAnExportOnce: `orglife import FILE` restores a branch into an empty
// Redis with one line on stdout, and refuses (exit 2, one line) when the branch is there.
func TestImportRestoresAnExportOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src := state.NewRecords(redistest.Start(t).Client(t), state.NewKeys("orglife"))
	created := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := src.CreateBranch(ctx, orglife.Branch{ID: "q", Name: "第二党支部", CreatedAt: created},
		orglife.Member{UserID: 7, Name: "李书记"}); err != nil {
		t.Fatal(err)
	}
	if _, err := src.AddMember(ctx, "q", orglife.Member{UserID: 8, Name: "王", JoinedAt: created}); err != nil {
		t.Fatal(err)
	}
	id, err := src.NextID(ctx, "q")
	if err != nil {
		t.Fatal(err)
	}
	if err := src.CreateMeeting(ctx, orglife.Meeting{ID: id, BranchID: "q", Title: "会", CreatedAt: created}); err != nil {
		t.Fatal(err)
	}
	e, err := src.Export(ctx, "q")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "branch-q.json")
	if err := os.WriteFile(file, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	dst := redistest.Start(t)
	run := func() (string, string, int) {
		var stdout, stderr bytes.Buffer
		cmd := command(t, "REDIS_URL="+dst.URL())
		cmd.Args = append(cmd.Args, "import", file)
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		if exit, ok := err.(*exec.ExitError); ok {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return stdout.String(), stderr.String(), code
	}
	out, errOut, code := run()
	if code != 0 || strings.Count(out, "\n") != 1 || !strings.Contains(out, "2 members, 1 meetings") {
		t.Fatalf("import = exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	got, err := state.NewRecords(dst.Client(t), state.NewKeys("orglife")).Export(ctx, "q")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(e)
	if have, _ := json.Marshal(got); string(have) != string(want) {
		t.Fatalf("imported branch differs:\n%s\n%s", have, want)
	}
	out, errOut, code = run()
	if code != 2 || out != "" || strings.Count(strings.TrimRight(errOut, "\n"), "\n") != 0 || !strings.Contains(errOut, "already exists") {
		t.Fatalf("second import = exit %d, stdout %q, stderr %q; want exit 2 and one line", code, out, errOut)
	}
}
