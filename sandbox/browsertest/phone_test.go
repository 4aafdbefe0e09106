package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserPhone drives the page at a phone's 390×844 with the browser in another zone
// (Los Angeles) than the branch (Shanghai): one chat shows at a time; the header clock and
// a message's time are the sandbox clock's in the branch's zone; the "/" menu lists the
// user's commands and sends the one picked; a button's answer shows as a toast; a click on
// the invite link makes a new user who is welcomed; a photo sent from the page reaches the
// bot; a group chat is made and the bot's button there opens the member's private chat.
// Screenshots: artifacts/browser/phone-*.png.
func TestBrowserPhone(t *testing.T) {
	exe := findChromium(t)
	r := start(t, true)
	b := newBrowser(t, exe, "phone-", 390, 844, chromedp.Env("TZ=America/Los_Angeles"))
	do, steps := b.do, b.steps

	// (1) The first chat fills the screen; the others wait behind their tabs.
	do("open", steps(
		chromedp.Navigate(r.base+"/"),
		chromedp.WaitVisible(chat("100")),
		chromedp.WaitVisible(`//button[@data-testid="tab-101"]`),
		chromedp.WaitNotVisible(chat("101")),
	))

	// (2) An hour on: the header shows the sandbox clock, in the branch's zone.
	do("clock", func(ctx context.Context) error {
		c0 := r.clock(t)
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-testid="advance-1h"]`))); err != nil {
			return err
		}
		return eventually(ctx, func() error {
			shown, err := chromedp.Run(ctx, chromedp.Text(`//span[@data-testid="clock"]`))
			if err != nil {
				return err
			}
			c := r.clock(t)
			if c.Now.Sub(c0.Now) < time.Hour || shown != c.Time || c.Zone != "Asia/Shanghai" {
				return fmt.Errorf("header %q; the sandbox clock %s (%s), moved %v", shown, c.Time, c.Zone, c.Now.Sub(c0.Now))
			}
			return nil
		})
	})

	// (3) A message's time is the sandbox clock's HH:MM when it was sent.
	do("time", func(ctx context.Context) error {
		before := r.clock(t)
		if err := chromedp.Do(ctx, send("100", "/help"), wait("100", "可用命令")); err != nil {
			return err
		}
		after := r.clock(t)
		shown, err := chromedp.Run(ctx, chromedp.Text(`(`+userSays("100", "/help")+`)[last()]//span[@data-testid="msg-time"]`))
		if err != nil {
			return err
		}
		if shown != before.Now.Format("15:04") && shown != after.Now.Format("15:04") {
			return fmt.Errorf("the message shows %q; the sandbox clock read %s and %s (in %s)", shown, before.Time, after.Time, before.Zone)
		}
		return nil
	})

	// (4) The secretary's "/" menu is the secretary's commands, as the bot set them; the
	// one picked is sent.
	do("menu", func(ctx context.Context) error {
		if err := chromedp.Do(ctx,
			chromedp.Click(chat("100")+`//button[@data-testid="menu-button"]`),
			chromedp.WaitVisible(menuItem("100", "/newmeeting")),
		); err != nil {
			return err
		}
		shown, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="chat-100"] [data-testid="menu-item"]').length`))
		if err != nil {
			return err
		}
		if want := len(r.commands(t, "100")); shown != want {
			return fmt.Errorf("the menu shows %d commands, the bot set %d", shown, want)
		}
		return nil
	})
	do("menu-pick", steps(
		chromedp.Click(menuItem("100", "/status")),
		chromedp.WaitVisible(userSays("100", "/status")),
		wait("100", "会前准备情况"),
		chromedp.WaitNotVisible(chat("100")+`//div[@data-testid="menu"]`),
	))
	// A member's menu has no secretary's commands.
	do("member-menu", steps(
		chromedp.SetValue(chromedp.CSS(`#pick`), "201"),
		chromedp.Click(chromedp.CSS(`#open`)),
		chromedp.WaitVisible(chat("201")),
		chromedp.Click(chat("201")+`//button[@data-testid="menu-button"]`),
		chromedp.WaitVisible(menuItem("201", "/point")),
		poll(`document.evaluate('`+menuItem("201", "/newmeeting")+`', document, null, XPathResult.ORDERED_NODE_SNAPSHOT_TYPE, null).snapshotLength === 0`),
		chromedp.Click(chat("201")+`//button[@data-testid="menu-button"]`),
	))

	// (5) Cancelling a question by its button: the bot's answer shows as a toast.
	do("toast", steps(
		send("201", "/point"),
		wait("201", "这个问题属于哪个方面"),
		press("201", "取消"),
		chromedp.WaitVisible(`//div[@data-testid="toast" and contains(., "已取消")]`),
	))

	// (6) One click on the secretary's invite link: a new user opens it and is welcomed.
	do("invite", steps(
		chromedp.Click(`//button[@data-testid="tab-100"]`),
		send("100", "/invite"),
		wait("100", "?start="),
		chromedp.Click(`(`+chat("100")+`//a[@data-testid="start-link" and contains(@href, "?start=")])[last()]`),
		chromedp.WaitVisible(chat("300")),
		wait("300", "欢迎加入"),
		send("300", "陈新党员"),
		wait("300", "您已作为党员加入"),
	))

	// (7) A photo with a caption from the page reaches the bot, which says it wants text here.
	photo := filepath.Join(t.TempDir(), "学习记录.png")
	if err := os.WriteFile(photo, testPNG(t, 120, 80), 0o644); err != nil {
		t.Fatal(err)
	}
	do("photo", steps(
		chromedp.SendKeys(chat("300")+`//input[@data-testid="compose"]`, "学习记录"),
		chromedp.SetUploadFiles(chat("300")+`//input[@data-testid="file"]`, []string{photo}),
		chromedp.WaitVisible(chat("300")+`//div[@data-testid="msg-user" and contains(., "学习记录")]//img[@data-testid="photo"]`),
		poll(`[...document.querySelectorAll('[data-testid="chat-300"] img[data-testid="photo"]')].some((i) => i.naturalWidth === 120)`),
		wait("300", "暂不支持贴纸、图片或文件"),
	))

	// (8) A group of the secretary, a member and the newcomer: the member's command there
	// gets the bot's pointer, whose button opens the member's private chat with the bot.
	do("group", steps(
		chromedp.Click(chromedp.CSS(`[data-testid="new-group"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="group-dialog"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="group-member-101"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="group-member-102"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="group-create"]`)),
		chromedp.WaitVisible(chat("-1001")),
		// 赵党员 speaks (as choosing in the select does; the expression is true once done).
		poll(`(() => { const s = document.querySelector('[data-testid="chat--1001"] [data-testid="speaker"]');`+
			` s.value = "201"; s.dispatchEvent(new Event("change")); return true; })()`),
		send("-1001", "/status"),
		wait("-1001", "私聊"),
	))
	do("group-link", steps(
		chromedp.Click(`(`+chat("-1001")+`//a[@data-testid="start-link"])[last()]`),
		chromedp.WaitVisible(chat("201")),
		chromedp.WaitVisible(userSays("201", "/start help")),
		wait("201", "您好"),
	))
	do("group-view", steps(
		chromedp.Click(`//button[@data-testid="tab--1001"]`),
		chromedp.WaitVisible(botSays("-1001", "私聊")),
	))
	t.Logf("screenshots in %s/phone-*.png", b.shots)
}

// userSays is a user's message in a chat whose text is text.
func userSays(id, text string) string {
	return chat(id) + `//div[@data-testid="msg-user" and .//div[@class="text" and normalize-space()="` + text + `"]]`
}

// menuItem is the "/" menu's entry for command in a chat.
func menuItem(id, command string) string {
	return chat(id) + `//button[@data-testid="menu-item" and .//b[normalize-space()="` + command + `"]]`
}

// eventually retries check until it passes or ctx ends, returning its last complaint.
func eventually(ctx context.Context, check func() error) error {
	for {
		err := check()
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(200 * time.Millisecond):
		}
	}
}

type clockJSON struct {
	Now  time.Time `json:"now"`
	Zone string    `json:"zone"`
	Time string    `json:"time"`
}

// clock reads the sandbox clock from the JSON API.
func (r *running) clock(t *testing.T) clockJSON {
	t.Helper()
	var c clockJSON
	r.get(t, "/api/clock", &c)
	return c
}

// commands reads a user's "/" menu from the JSON API.
func (r *running) commands(t *testing.T, user string) []json.RawMessage {
	t.Helper()
	var c []json.RawMessage
	r.get(t, "/api/users/"+user+"/commands", &c)
	return c
}

func (r *running) get(t *testing.T, path string, out any) {
	t.Helper()
	resp, err := http.Get(r.base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", path, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

// testPNG is a w×h picture with a red band, to see in the screenshots.
func testPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		for y := range h {
			c := color.RGBA{R: 230, G: 230, B: 230, A: 255}
			if y > h/3 && y < 2*h/3 {
				c = color.RGBA{R: 200, G: 30, B: 30, A: 255}
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
