package sandbox

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

type clockJSON struct {
	Now    time.Time `json:"now"`
	Zone   string    `json:"zone"`
	Time   string    `json:"time"`
	Offset string    `json:"offset"`
}

func (r *running) clock() clockJSON {
	r.t.Helper()
	var c clockJSON
	if code := r.do(http.MethodGet, "/api/clock", nil, &c); code != http.StatusOK {
		r.t.Fatalf("GET /api/clock: %d", code)
	}
	return c
}

// upload sends a file from a user through the page's multipart form.
func (r *running) upload(user, name, as, caption string, data []byte) int {
	r.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	if as != "" {
		mw.WriteField("as", as)
	}
	if caption != "" {
		mw.WriteField("caption", caption)
	}
	mw.Close()
	resp, err := http.Post(r.base+"/api/users/"+user+"/file", mw.FormDataContentType(), &body)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

// waitAt polls the messages at path (a user's or a group's) until cond holds.
func (r *running) waitAt(path, what string, cond func([]item) bool) []item {
	r.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var items []item
		r.do(http.MethodGet, path, nil, &items)
		if cond(items) {
			return items
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("waiting for %s at %s; have %+v", what, path, items)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// find is the last bot message containing want.
func find(items []item, want string) item {
	for i := len(items) - 1; i >= 0; i-- {
		if items[i].From == "bot" && strings.Contains(items[i].Text, want) {
			return items[i]
		}
	}
	return item{}
}

func testPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	for x := range 4 {
		img.Set(x, 1, color.RGBA{R: 200, G: 30, B: 30, A: 255})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestMessageTimesOnTheSandboxClock: a message is dated on the sandbox clock, shown as
// HH:MM and a date in the branch's zone, as is the header's clock.
func TestMessageTimesOnTheSandboxClock(t *testing.T) {
	r := start(t, true)
	if code := r.do(http.MethodPost, "/api/clock", map[string]string{"advance": "3h"}, nil); code != http.StatusOK {
		t.Fatalf("advance: %d", code)
	}
	before := r.clock()
	r.do(http.MethodPost, "/api/users/201/send", map[string]string{"text": "/help"}, nil)
	items := r.wait("201", "the help", has("可用命令"))
	after := r.clock()
	if before.Zone != "Asia/Shanghai" {
		t.Errorf("zone %q, want the branch's Asia/Shanghai", before.Zone)
	}
	loc, _ := time.LoadLocation("Asia/Shanghai")
	if want := longTime(before.Now.In(loc)); before.Time != want {
		t.Errorf("header time %q, want %q", before.Time, want)
	}
	var sent item
	for _, it := range items {
		if it.From == "user" && it.Text == "/help" {
			sent = it
		}
	}
	if sent.Date.Before(before.Now.Add(-time.Second)) || sent.Date.After(after.Now.Add(time.Second)) {
		t.Fatalf("the message is dated %v, not between the sandbox clock's %v and %v (real time is %v)", sent.Date, before.Now, after.Now, time.Now())
	}
	if want := sent.Date.In(loc).Format("15:04"); sent.Time != want || sent.Day != longDay(sent.Date.In(loc)) {
		t.Errorf("shown as %q on %q, want %q on %q", sent.Time, sent.Day, want, longDay(sent.Date.In(loc)))
	}
	if reply := find(items, "可用命令"); reply.Date.Before(sent.Date) {
		t.Errorf("the reply is dated %v, before the message %v", reply.Date, sent.Date)
	}

	// The secretary moves the branch to Berlin: the header and the members' chats follow.
	r.do(http.MethodPost, "/api/users/100/send", map[string]string{"text": "/timezone"}, nil)
	r.wait("100", "the zone question", has("请选择时区"))
	r.do(http.MethodPost, "/api/users/100/send", map[string]string{"text": "Europe/Berlin"}, nil)
	r.wait("100", "the zone set", has("已设置：支部按"))
	berlin, _ := time.LoadLocation("Europe/Berlin")
	if c := r.clock(); c.Zone != "Europe/Berlin" || c.Time != longTime(c.Now.In(berlin)) {
		t.Errorf("after /timezone the header is %q in %q", c.Time, c.Zone)
	}
	var again []item
	r.do(http.MethodGet, "/api/users/201/messages", nil, &again)
	i := slices.IndexFunc(again, func(it item) bool { return it.ID == sent.ID })
	if want := sent.Date.In(berlin).Format("15:04"); i < 0 || again[i].Time != want {
		t.Errorf("the member's message (at %d of %+v) is not shown at Berlin's %q", i, again, want)
	}
}

// TestInviteLinkJoinsANewUser: opening the secretary's invite link in the page makes a new
// user (the next free id from 300) who sends /start <code> and is welcomed into the branch.
func TestInviteLinkJoinsANewUser(t *testing.T) {
	r := start(t, true)
	r.do(http.MethodPost, "/api/users/100/send", map[string]string{"text": "/invite"}, nil)
	items := r.wait("100", "the invite link", has("?start="))
	m := regexp.MustCompile(`https://t\.me/(\w+)\?start=([A-Za-z0-9_-]+)`).FindStringSubmatch(find(items, "?start=").Text)
	if m == nil {
		t.Fatalf("no link in %q", find(items, "?start=").Text)
	}
	var bot struct {
		Username string `json:"username"`
	}
	if r.do(http.MethodGet, "/api/bot", nil, &bot); bot.Username != m[1] {
		t.Errorf("the link names %q, the page knows the bot as %q", m[1], bot.Username)
	}
	var u userEntry
	if code := r.do(http.MethodPost, "/api/join", map[string]string{"payload": m[2]}, &u); code != http.StatusOK || u.ID != 300 {
		t.Fatalf("join: %d %+v", code, u)
	}
	r.wait("300", "the welcome", has("欢迎加入"))
	r.do(http.MethodPost, "/api/users/300/send", map[string]string{"text": "陈新党员"}, nil)
	r.wait("300", "joined", has("您已作为党员加入"))
	if code := r.do(http.MethodPost, "/api/join", map[string]string{"payload": m[2]}, &u); code != http.StatusOK || u.ID != 301 {
		t.Fatalf("second join: %d %+v", code, u)
	}
	if code := r.do(http.MethodPost, "/api/join", map[string]string{"payload": "bad code!"}, nil); code != http.StatusBadRequest {
		t.Fatalf("a payload Telegram would not carry: %d", code)
	}
}

type answer struct {
	QueryID  string `json:"query_id"`
	Answered bool   `json:"answered"`
	Text     string `json:"text"`
}

// TestButtonAnswersAndMenus: a button's answer (the toast) is listed for the user; each
// user's "/" menu is the one the bot set for their role.
func TestButtonAnswersAndMenus(t *testing.T) {
	r := start(t, true)
	r.do(http.MethodPost, "/api/users/201/send", map[string]string{"text": "/point"}, nil)
	r.wait("201", "the first question", has("这个问题属于哪个方面"))
	var click struct {
		ID string `json:"callback_query_id"`
	}
	if code := r.do(http.MethodPost, "/api/users/201/click", map[string]string{"text": "取消"}, &click); code != http.StatusOK {
		t.Fatalf("click: %d", code)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		var answers []answer
		r.do(http.MethodGet, "/api/users/201/answers", nil, &answers)
		i := slices.IndexFunc(answers, func(a answer) bool { return a.QueryID == click.ID && a.Answered })
		if i >= 0 {
			if answers[i].Text != "已取消。" {
				t.Fatalf("answer %q, want 已取消。", answers[i].Text)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no answer to %s: %+v", click.ID, answers)
		}
		time.Sleep(100 * time.Millisecond)
	}

	menu := func(user string) []string {
		var cmds []struct {
			Command string `json:"command"`
		}
		if code := r.do(http.MethodGet, "/api/users/"+user+"/commands", nil, &cmds); code != http.StatusOK {
			t.Fatalf("commands of %s: %d", user, code)
		}
		var out []string
		for _, c := range cmds {
			out = append(out, c.Command)
		}
		return out
	}
	sec, member := menu("100"), menu("201")
	if !slices.Contains(sec, "newmeeting") || !slices.Contains(sec, "report") || !slices.Contains(member, "point") {
		t.Errorf("secretary's menu %v, member's %v", sec, member)
	}
	if slices.Contains(member, "newmeeting") || slices.Contains(member, "report") {
		t.Errorf("a member's menu has the secretary's commands: %v", member)
	}
	r.do(http.MethodPost, "/api/users", map[string]any{"id": 400, "name": "路人"}, nil)
	if stranger := menu("400"); !slices.Contains(stranger, "start") || slices.Contains(stranger, "point") {
		t.Errorf("a stranger's menu %v", stranger)
	}
}

// TestProgressEvidenceReachesTheSecretary: a member reports an item done with a photo sent
// from the page; the secretary gets that photo (served back by the page) and the report.
func TestProgressEvidenceReachesTheSecretary(t *testing.T) {
	r := start(t, true)
	send := func(user, text string) {
		t.Helper()
		if code := r.do(http.MethodPost, "/api/users/"+user+"/send", map[string]string{"text": text}, nil); code != http.StatusOK {
			t.Fatalf("%s sends %q: %d", user, text, code)
		}
	}
	click := func(user, text string) {
		t.Helper()
		if code := r.do(http.MethodPost, "/api/users/"+user+"/click", map[string]string{"text": text}, nil); code != http.StatusOK {
			t.Fatalf("%s taps %q: %d", user, text, code)
		}
	}
	send("100", "/rectify")
	r.wait("100", "the source question", has("这项整改针对哪个问题"))
	click("100", "另行填写")
	r.wait("100", "the problem question", has("请写下要整改的问题"))
	send("100", "业务学习计划没有落实到每周")
	r.wait("100", "the measure question", has("请输入整改措施"))
	send("100", "每周五下午集中学习一小时")
	r.wait("100", "the owner question", has("由谁负责落实"))
	click("100", "赵党员")
	r.wait("100", "the deadline question", has("整改时限是哪天"))
	send("100", r.clock().Now.AddDate(0, 0, 10).Format("2006-01-02"))
	r.wait("100", "the interval question", has("多久回头看一次"))
	click("100", "每周")
	r.wait("100", "the item", has("已建立第 1 项整改"))

	// One open item: /progress goes straight to it, without a picker.
	send("201", "/progress")
	r.wait("201", "the status question", has("现在进展如何"))
	click("201", "已完成")
	r.wait("201", "the note question", has("请简要说明进展情况"))
	send("201", "已按周落实集中学习")
	r.wait("201", "the evidence question", has("如有佐证材料"))
	photo := testPNG(t)
	if code := r.upload("201", "学习记录.png", "", "学习记录", photo); code != http.StatusOK {
		t.Fatalf("upload: %d", code)
	}
	items := r.wait("201", "the report recorded", has("已记录第 1 项整改的进展"))
	var mine item
	for _, it := range items {
		if it.From == "user" && it.Kind == "photo" {
			mine = it
		}
	}
	if mine.Text != "学习记录" || mine.PhotoURL == "" || mine.FromID != 201 {
		t.Fatalf("the member's photo in their chat: %+v; chat %+v", mine, items)
	}
	items = r.wait("100", "the evidence and the report", func(items []item) bool {
		return slices.ContainsFunc(items, func(it item) bool { return it.From == "bot" && it.Kind == "photo" }) && has("整改完成待销号")(items)
	})
	var evidence item
	for _, it := range items {
		if it.From == "bot" && it.Kind == "photo" {
			evidence = it
		}
	}
	var got []byte
	if code := r.do(http.MethodGet, evidence.PhotoURL, nil, &got); code != http.StatusOK || !bytes.Equal(got, photo) {
		t.Fatalf("GET %s = %d, %d bytes; sent %d", evidence.PhotoURL, code, len(got), len(photo))
	}
	if code := r.upload("201", "notes.txt", "photo", "", []byte("not an image")); code != http.StatusBadRequest {
		t.Errorf("a text file as a photo: %d", code)
	}
	if code := r.upload("201", "notes.txt", "", "", []byte("plain notes")); code != http.StatusOK {
		t.Errorf("a text file as a document: %d", code)
	}
	// The document shows in the chat, and the bot has answered it: the test does not end
	// (and stop the sandbox) while the bot is still taking it.
	r.wait("201", "the document shown and answered", func(items []item) bool {
		i := slices.IndexFunc(items, func(it item) bool { return it.From == "user" && it.Document != nil && it.DocumentURL != "" })
		return i >= 0 && slices.ContainsFunc(items[i+1:], func(it item) bool { return it.From == "bot" })
	})
}

// TestGroupChat: a group of some users with the bot; a member's command there gets the
// bot's pointer to the private chat, and non-members cannot speak in it.
func TestGroupChat(t *testing.T) {
	r := start(t, true)
	var g groupEntry
	if code := r.do(http.MethodPost, "/api/groups", map[string]any{"title": "第一党支部群", "members": []int64{201, 100, 201}}, &g); code != http.StatusOK {
		t.Fatalf("new group: %d", code)
	}
	if g.ID >= 0 || g.Title != "第一党支部群" || !slices.Equal(g.Members, []int64{100, 201}) {
		t.Fatalf("group %+v", g)
	}
	if code := r.do(http.MethodPost, "/api/groups", map[string]any{"title": "x", "members": []int64{999}}, nil); code != http.StatusBadRequest {
		t.Errorf("a group of an unknown user: %d", code)
	}
	id := strconv.FormatInt(g.ID, 10)
	if code := r.do(http.MethodPost, "/api/groups/"+id+"/send", map[string]any{"user": 202, "text": "/status"}, nil); code != http.StatusBadRequest {
		t.Errorf("a non-member speaks: %d", code)
	}
	r.do(http.MethodPost, "/api/groups/"+id+"/send", map[string]any{"user": 201, "text": "/status"}, nil)
	items := r.waitAt("/api/groups/"+id+"/messages", "the pointer to the private chat", has("私聊"))
	if items[0].From != "user" || items[0].FromName != "赵党员" || items[0].Text != "/status" {
		t.Errorf("the member's message: %+v", items[0])
	}
	reply := find(items, "私聊")
	if len(reply.Buttons) != 1 || !strings.Contains(reply.Buttons[0][0].URL, "?start=") {
		t.Errorf("the reply's button: %+v", reply.Buttons)
	}
	var groups []groupEntry
	if r.do(http.MethodGet, "/api/groups", nil, &groups); len(groups) != 1 || groups[0].ID != g.ID {
		t.Errorf("groups %+v", groups)
	}
	var cmds []json.RawMessage
	if code := r.do(http.MethodGet, "/api/groups/"+id+"/commands?user=201", nil, &cmds); code != http.StatusOK || len(cmds) == 0 {
		t.Errorf("a member's menu in the group: %d, %d commands", code, len(cmds))
	}
}
