package browsertest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"orglife/configs"
	"orglife/sandbox"
)

// chromiumPath is where Debian's chromium package puts the browser.
const chromiumPath = "/usr/bin/chromium"

// findChromium returns the browser binary, failing (never skipping) the test without it.
func findChromium(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err == nil {
		return chromiumPath
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	t.Fatalf("chromium not found at %s or on PATH: run scripts/ensure-chromium.sh to install it", chromiumPath)
	return ""
}

// TestBrowserWholePeriod drives the sandbox's web page in headless chromium: a new member
// joins through the secretary's invite link, records a point through the buttons, the clock
// moves to the next reminder, and the secretary downloads the report. A full-page screenshot
// of every step goes to artifacts/browser/ at the repository root.
func TestBrowserWholePeriod(t *testing.T) {
	exe := findChromium(t)
	r := start(t, true)

	b := newBrowser(t, exe, "", 2000, 1100)
	do, steps := b.do, b.steps

	// (1) The page opens with the demo's first chats.
	do("open", steps(
		chromedp.Navigate(r.base+"/"),
		chromedp.WaitVisible(chat("100")),
		chromedp.WaitVisible(`//span[@id="next-at" and contains(., "下一个提醒")]`),
	))

	// (2) The secretary asks for an invite link; the test reads it from the chat.
	var inviteMsg string
	do("invite", func(ctx context.Context) error {
		if err := chromedp.Do(ctx, send("100", "/invite"), wait("100", "?start=")); err != nil {
			return err
		}
		var err error
		inviteMsg, err = chromedp.Run(ctx, chromedp.Text(botSays("100", "?start=")))
		return err
	})
	m := regexp.MustCompile(`\?start=([A-Za-z0-9_-]+)`).FindStringSubmatch(inviteMsg)
	if m == nil {
		t.Fatalf("no invite code in %q", inviteMsg)
	}
	code := m[1]

	// (3) A new user is added in the page and joins through the link.
	do("join", steps(
		chromedp.SendKeys(chromedp.CSS(`[data-testid="new-name"]`), "新党员"),
		chromedp.SendKeys(chromedp.CSS(`[data-testid="new-id"]`), "300"),
		chromedp.Click(chromedp.CSS(`[data-testid="add-user"]`)),
		send("300", "/start "+code),
		wait("300", "请输入您的姓名"),
		send("300", "陈新党员"),
		wait("300", "您已作为党员加入"),
	))

	// (4) The new member records a point through the buttons. The problem is short, so the
	// bot asks once for an example; that and the optional cause and measure are skipped.
	do("point", steps(
		send("300", "/point"),
		wait("300", "这个问题属于哪个方面"),
		press("300", "理论学习"),
		wait("300", "这个问题是怎么查摆出来的"),
		press("300", "自己找"),
		wait("300", "请用自己的话写下这个问题"),
		send("300", "学习不够深入"),
		wait("300", "能否再补充一个具体的例子"),
		press("300", "跳过"),
		wait("300", "原因分析"),
		press("300", "跳过"),
		wait("300", "整改措施"),
		press("300", "跳过"),
		wait("300", "已记录查摆问题"),
	))

	// (5) The clock moves to the next reminder, which arrives in one of the open chats. On
	// the working morning the test starts at (see start), that is the secretary's 18:00
	// 【每日进度】, sent because steps 3 and 4 changed the figures; any new bot message counts,
	// since nobody types during this step and only the scheduler can send.
	const reminders = `document.querySelectorAll('[data-testid="msg-bot"]').length`
	do("reminder", func(ctx context.Context) error {
		before, err := chromedp.Run(ctx, chromedp.Evaluate[int](reminders))
		if err != nil {
			return err
		}
		return chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(`[data-testid="next-reminder"]`)),
			chromedp.Poll[chromedp.Void](fmt.Sprintf("%s > %d", reminders, before),
				chromedp.WithPollingInterval(200*time.Millisecond), chromedp.WithPollingTimeout(45*time.Second)),
		)
	})

	// (6) The secretary asks for the report and downloads the .docx from its link.
	const docx = `//a[@data-testid="document" and contains(., ".docx")]`
	var href chromedp.AttributeResult
	do("report", func(ctx context.Context) error {
		if err := chromedp.Do(ctx, send("100", "/report"), chromedp.WaitVisible(chat("100")+docx), wait("100", "还需要以下清单吗")); err != nil {
			return err
		}
		var err error
		href, err = chromedp.Run(ctx, chromedp.AttributeValue(`(`+chat("100")+docx+`)[last()]`, "href"))
		return err
	})
	if !href.Exists || href.Value == "" {
		t.Fatal("the report's link has no href")
	}
	base, _ := url.Parse(r.base + "/")
	link, err := base.Parse(href.Value)
	if err != nil {
		t.Fatalf("link %q: %v", href.Value, err)
	}
	resp, err := http.Get(link.String())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	doc, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || !bytes.HasPrefix(doc, []byte("PK")) {
		t.Fatalf("GET %s = %d, %d bytes starting %q", link, resp.StatusCode, len(doc), doc[:min(len(doc), 8)])
	}
	t.Logf("report: %s, %d bytes; screenshots in %s", link, len(doc), b.shots)
}

// running is a sandbox started by start.
type running struct {
	base string // http://host:port of the web page and JSON API
}

// start runs the sandbox (with the demo's data when demo is set) on a free port, Redis
// embedded, its clock on a working morning (see workingMorning), and stops it at cleanup,
// failing the test if it logged a warning or an error.
func start(t *testing.T, demo bool) *running {
	t.Helper()
	ready := make(chan string, 1)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	advance := time.Until(workingMorning(t))
	go func() {
		done <- sandbox.Run(ctx, sandbox.Options{Addr: "127.0.0.1:0", Demo: demo, Log: log, Advance: advance,
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
		return &running{base: "http://" + a}
	case err := <-done:
		t.Fatalf("Run: %v", err)
	case <-time.After(60 * time.Second):
		t.Fatal("sandbox not ready")
	}
	return nil
}

// workingMorning is the next Tuesday 10:00 in the sandbox's zone. The demo's reminders, and
// so what "the next reminder" is, depend on the weekday and the hour (quiet hours, days
// off, the grace after a deadline); the test starts there, whenever it runs.
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

// syncBuffer is a bytes.Buffer the sandbox's goroutines can log into while the test reads it.
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
