package browsertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browser is a headless chromium tab on the sandbox page, whose steps are screenshotted.
type browser struct {
	t      *testing.T
	ctx    context.Context
	shots  string // the screenshots' directory
	prefix string // of the screenshots' names
	step   int
}

// newBrowser starts chromium with a window of width×height, its screenshots named
// <prefix><step>-<name>.png in artifacts/browser/ at the repository root. Extra options
// (a time zone, say) go to the browser process.
func newBrowser(t *testing.T, exe, prefix string, width, height int, extra ...chromedp.ExecAllocatorOption) *browser {
	t.Helper()
	// This package is sandbox/browsertest; the repository root is two levels up.
	shots := filepath.Join("..", "..", "artifacts", "browser")
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	opts := append([]chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
	}, extra...)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	bctx, cancelBrowser := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	t.Cleanup(cancelBrowser)
	// Start the browser now, outside the per-step timeouts. The viewport is set as well as
	// the window: a headless window is never narrower than 500 pixels.
	if err := chromedp.Do(bctx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		t.Fatalf("starting %s: %v", exe, err)
	}
	return &browser{t: t, ctx: bctx, shots: shots, prefix: prefix}
}

// do runs one step with a generous timeout, then saves a full-page screenshot.
func (b *browser) do(name string, f func(ctx context.Context) error) {
	t := b.t
	t.Helper()
	b.step++
	ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
	defer cancel()
	err := f(ctx)
	if err != nil {
		name += "-failed"
		ctx, cancel = context.WithTimeout(b.ctx, 15*time.Second)
		defer cancel()
	}
	png, serr := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if serr == nil {
		serr = os.WriteFile(filepath.Join(b.shots, fmt.Sprintf("%s%02d-%s.png", b.prefix, b.step, name)), png, 0o644)
	}
	if err != nil {
		t.Fatalf("step %d (%s): %v", b.step, name, err)
	}
	if serr != nil {
		t.Fatalf("step %d (%s): screenshot: %v", b.step, name, serr)
	}
}

func (b *browser) steps(actions ...chromedp.Action[chromedp.Void]) func(context.Context) error {
	return func(ctx context.Context) error { return chromedp.Do(ctx, actions...) }
}

// chat is the XPath of the chat with this id (a user's, or a group's negative id).
func chat(id string) string { return `//div[@data-testid="chat-` + id + `"]` }

// botSays is a bot message in a chat containing text.
func botSays(id, text string) string {
	return chat(id) + `//div[@data-testid="msg-bot" and contains(., "` + text + `")]`
}

// send types text into a chat and sends it.
func send(id, text string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.WaitVisible(chat(id)+`//input[@data-testid="compose"]`),
		chromedp.SendKeys(chat(id)+`//input[@data-testid="compose"]`, text),
		chromedp.Click(chat(id)+`//button[@data-testid="send"]`),
	)
}

// press clicks the newest inline button labelled label in a chat.
func press(id, label string) chromedp.Action[chromedp.Void] {
	return chromedp.Click(`(` + chat(id) + `//button[@data-testid="kb-button" and normalize-space()="` + label + `"])[last()]`)
}

// wait waits for a bot message containing text in a chat.
func wait(id, text string) chromedp.Action[chromedp.Void] {
	return chromedp.WaitVisible(botSays(id, text))
}

// poll waits until a JavaScript expression is true.
func poll(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingInterval(200*time.Millisecond), chromedp.WithPollingTimeout(45*time.Second))
}
