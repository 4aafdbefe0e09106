package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"orglife/configs"
)

type running struct {
	t    *testing.T
	base string
}

func start(t *testing.T, demo bool) *running {
	t.Helper()
	return startWith(t, Options{Demo: demo, Advance: time.Until(workingMorning(t))})
}

// workingMorning is the next Tuesday 10:00 in the sandbox's zone. The demo's reminders, and
// so what "the next reminder" is, depend on the weekday and the hour (quiet hours, days
// off, the grace after a deadline); the tests start there, whenever they run.
func workingMorning(t *testing.T) time.Time {
	t.Helper()
	cfg, err := configs.Load("", func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().In(cfg.Location)
	d := time.Date(now.Year(), now.Month(), now.Day()+1, 10, 0, 0, 0, cfg.Location)
	for d.Weekday() != time.Tuesday {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// startWith runs the sandbox with opts on a free port, Redis embedded, and stops it at cleanup.
func startWith(t *testing.T, opts Options) *running {
	t.Helper()
	demo := opts.Demo
	ready := make(chan string, 1)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	go func() {
		done <- Run(ctx, Options{Addr: "127.0.0.1:0", Demo: demo, Log: log, Advance: opts.Advance,
			Getenv: func(string) string { return "" }, Ready: func(a string) { ready <- a }})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
			// A Lua script miniredis cannot run would show as a warning (the rate
			// limiter falls back silently otherwise). A reminder tick skipped while the
			// previous run still sends is not one: the demo's reminders held over the
			// night's quiet hours take longer than a tick to go out (per-chat limits), so
			// whether it happens depends on the time of day the test runs.
			for _, l := range strings.Split(logs.String(), "\n") {
				if strings.Contains(l, `msg="cron: skip"`) {
					continue
				}
				if strings.Contains(l, "level=WARN") || strings.Contains(l, "level=ERROR") {
					t.Errorf("log: %s", l)
				}
			}
		case <-time.After(15 * time.Second):
			t.Error("Run did not stop")
		}
	})
	select {
	case a := <-ready:
		return &running{t: t, base: "http://" + a}
	case err := <-done:
		t.Fatalf("Run: %v", err)
	case <-time.After(60 * time.Second):
		t.Fatal("sandbox not ready")
	}
	return nil
}

func (r *running) do(method, path string, body any, out any) int {
	r.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, r.base+path, rd)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if out != nil {
		if b, ok := out.(*[]byte); ok {
			*b = data
		} else if err := json.Unmarshal(data, out); err != nil {
			r.t.Fatalf("%s %s: %v: %s", method, path, err, data)
		}
	}
	return resp.StatusCode
}

type item struct {
	From        string    `json:"from"`
	FromID      int64     `json:"from_id"`
	FromName    string    `json:"from_name"`
	ID          int       `json:"id"`
	Kind        string    `json:"kind"`
	Text        string    `json:"text"`
	Date        time.Time `json:"date"`
	Time        string    `json:"time"`
	Day         string    `json:"day"`
	DocumentURL string    `json:"document_url"`
	PhotoURL    string    `json:"photo_url"`
	Document    *struct {
		Name string `json:"file_name"`
	} `json:"document"`
	Buttons [][]struct {
		Text string `json:"text"`
		Data string `json:"data"`
		URL  string `json:"url"`
	} `json:"buttons"`
}

// wait polls a user's chat until cond holds.
func (r *running) wait(user string, what string, cond func([]item) bool) []item {
	r.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var items []item
		r.do("GET", "/api/users/"+user+"/messages", nil, &items)
		if cond(items) {
			return items
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("waiting for %s in the chat of %s; have %+v", what, user, items)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func has(want string) func([]item) bool {
	return func(items []item) bool {
		for _, it := range items {
			if it.From == "bot" && strings.Contains(it.Text, want) {
				return true
			}
		}
		return false
	}
}

func TestNewUserGetsWelcome(t *testing.T) {
	r := start(t, false)
	var page []byte
	if code := r.do("GET", "/", nil, &page); code != 200 || !strings.Contains(string(page), "沙盒") {
		t.Fatalf("GET / = %d %q", code, page)
	}
	if code := r.do("POST", "/api/users", map[string]any{"id": 42, "name": "李四"}, nil); code != 200 {
		t.Fatalf("add user: %d", code)
	}
	var users []map[string]any
	r.do("GET", "/api/users", nil, &users)
	if len(users) != 1 || users[0]["name"] != "李四" {
		t.Fatalf("users %v", users)
	}
	r.do("POST", "/api/users/42/send", map[string]string{"text": "/start"}, nil)
	items := r.wait("42", "the welcome", has("您好"))
	if items[0].From != "user" || items[0].Text != "/start" {
		t.Fatalf("the user's own message is not first: %+v", items[0])
	}
	if code := r.do("POST", "/api/users/99/send", map[string]string{"text": "x"}, nil); code != 404 {
		t.Fatalf("unknown user: %d", code)
	}
	if code := r.do("POST", "/api/clock", map[string]string{"to": "next"}, nil); code != http.StatusConflict {
		t.Fatalf("to next without reminders: %d", code)
	}
}

func TestDemoReportAndNextReminder(t *testing.T) {
	r := start(t, true)
	// The demo starts with no step overdue: the secretary's /status marks none.
	r.do("POST", "/api/users/100/send", map[string]string{"text": "/status"}, nil)
	for _, it := range r.wait("100", "the status", has("会前准备情况")) {
		if it.From == "bot" && strings.Contains(it.Text, "会前准备情况") && strings.Contains(it.Text, "逾期") {
			t.Fatalf("the demo starts with a step overdue:\n%s", it.Text)
		}
	}
	r.do("POST", "/api/users/100/send", map[string]string{"text": "/report"}, nil)
	items := r.wait("100", "the .docx report", func(items []item) bool {
		for _, it := range items {
			if it.Document != nil && strings.HasSuffix(it.Document.Name, ".docx") {
				return true
			}
		}
		return false
	})
	r.wait("100", "the offer of lists", has("还需要以下清单吗"))
	var url string
	for _, it := range items {
		if it.Document != nil && strings.HasSuffix(it.Document.Name, ".docx") {
			url = it.DocumentURL
		}
	}
	var doc []byte
	if code := r.do("GET", url, nil, &doc); code != 200 || !bytes.HasPrefix(doc, []byte("PK")) {
		t.Fatalf("GET %s = %d, %d bytes", url, code, len(doc))
	}

	// Moving to the next reminder makes one arrive in some demo chat.
	count := func() int {
		n := 0
		for _, id := range []string{"100", "101", "102", "201", "202", "203", "204", "205", "206"} {
			var its []item
			r.do("GET", "/api/users/"+id+"/messages", nil, &its)
			for _, it := range its {
				if it.From == "bot" {
					n++
				}
			}
		}
		return n
	}
	before := count()
	var clock struct {
		Now time.Time `json:"now"`
	}
	if code := r.do("POST", "/api/clock", map[string]string{"to": "next"}, &clock); code != 200 {
		t.Fatalf("to next: %d", code)
	}
	deadline := time.Now().Add(30 * time.Second)
	for count() <= before {
		if time.Now().After(deadline) {
			t.Fatalf("no reminder arrived after moving the clock to %v", clock.Now)
		}
		time.Sleep(200 * time.Millisecond)
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

// TestClockStartsAdvanced: the --advance flag starts the sandbox clock ahead of real time.
func TestClockStartsAdvanced(t *testing.T) {
	r := startWith(t, Options{Advance: 72 * time.Hour})
	var c struct {
		Offset string `json:"offset"`
	}
	if code := r.do(http.MethodGet, "/api/clock", nil, &c); code != http.StatusOK {
		t.Fatalf("GET /api/clock: %d", code)
	}
	if d, err := time.ParseDuration(c.Offset); err != nil || d < 72*time.Hour || d > 73*time.Hour {
		t.Fatalf("offset %q, want 72h", c.Offset)
	}
}
