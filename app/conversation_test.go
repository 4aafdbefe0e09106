package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"orglife/bot/telegramtest"
	"orglife/configs"
	"orglife/state"
	"orglife/state/redistest"
)

func TestStartAndHelp(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := h.fake.NewUser(1001, "张<三>&")
	u.Send("/start")
	m := reply(t, u, "您好")
	if !strings.Contains(m.Text, "张<三>&") {
		t.Fatalf("welcome %q should greet the user by name, escaped for HTML", m.Text)
	}
	u.Send("/help")
	m = reply(t, u, "可用命令")
	for _, want := range []string{"/start", "/help", "/cancel", "/lang", "尚未加入支部"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("help lacks %q:\n%s", want, m.Text)
		}
	}
	// ORGLIFE_ADMINS is empty, so anyone may create a branch and the menu says so.
	if cmds := h.fake.Commands(telegramtest.CommandScope{Type: "default"}, ""); menu(cmds) != "start help cancel lang newbranch branch" || cmds[0].Description != "开始使用" {
		t.Errorf("Chinese menu = %+v", cmds)
	}
	if cmds := h.fake.Commands(telegramtest.CommandScope{Type: "default"}, "en"); len(cmds) != 6 || cmds[1].Description != "What I can do for you" {
		t.Errorf("English menu = %+v", cmds)
	}
	noViolations(t, h.fake)
}

func TestLanguageSwitchEditsPromptInPlace(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := h.fake.NewUser(1002, "Li")
	u.Send("/lang")
	prompt := reply(t, u, "请选择语言")
	click(t, u, "English")
	edited := reply(t, u, "Language set to English.")
	if edited.ID != prompt.ID || len(edited.Buttons) != 0 {
		t.Fatalf("the prompt #%d should become %q without buttons, got #%d %+v", prompt.ID, edited.Text, edited.ID, edited.Buttons)
	}
	waitAnswered(t, u, 1)
	if answers := u.CallbackAnswers(); len(answers) != 1 {
		t.Fatalf("callback answers %+v", answers)
	}
	u.Send("/help")
	reply(t, u, "Commands")
	u.Send("/lang")
	reply(t, u, "Choose your language")
	click(t, u, "中文")
	reply(t, u, "语言已设置为中文")
	noViolations(t, h.fake)
}

func TestCancel(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := h.fake.NewUser(1003, "Wang")
	u.Send("/cancel")
	reply(t, u, "当前没有进行中的操作")
	u.Send("/lang")
	prompt := reply(t, u, "请选择语言")
	u.Send("/cancel")
	reply(t, u, "已取消")
	// A typed /cancel is answered once, below it; the prompt above only loses its buttons.
	waitUntil(t, func() bool {
		for _, m := range u.Replies() {
			if m.ID == prompt.ID {
				return len(m.Buttons) == 0
			}
		}
		return false
	})
	if n := count(u, "已取消"); n != 1 {
		t.Fatalf("/cancel answered %d times", n)
	}
	// The old button, pressed anyway (a stale client), changes nothing.
	if _, err := u.ClickData(prompt.ID, prompt.Buttons[0][1].Data); err != nil {
		t.Fatal(err)
	}
	waitAnswered(t, u, 1)
	if a := u.CallbackAnswers()[0]; !strings.Contains(a.Text, "已失效") {
		t.Fatalf("stale press answered %q", a.Text)
	}
	u.Send("/help")
	reply(t, u, "可用命令") // still Chinese
}

func TestForgedCallbackData(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := h.fake.NewUser(1004, "Zhao")
	u.Send("/lang")
	prompt := reply(t, u, "请选择语言")
	parts := strings.Split(prompt.Buttons[0][1].Data, ":") // q:<nonce>:<step>:<value>
	nonce := parts[1]
	for i, data := range []string{"q:" + nonce + ":0:fr", "q:zzz:0:en", "q:" + nonce + ":1:en", "q:" + nonce + ":x:en",
		"mb:1:2:rm!", "admin:drop", "", "q:" + nonce + ":0:en:extra", "q:" + nonce + ":0:_skip"} {
		if _, err := u.ClickData(prompt.ID, data); err != nil {
			t.Fatal(err)
		}
		waitAnswered(t, u, i+1)
	}
	for _, a := range u.CallbackAnswers() {
		if !strings.Contains(a.Text, "已失效") {
			t.Fatalf("forged data %q answered %q", a.Data, a.Text)
		}
	}
	u.Send("/help")
	reply(t, u, "可用命令")
	noViolations(t, h.fake)
}

func TestBadInputGetsClearReplies(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := h.fake.NewUser(1005, "Sun")
	u.SendSticker()
	reply(t, u, "这里需要文字消息")
	u.SendPhoto()
	reply(t, u, "这里需要文字消息")
	u.Send(strings.Repeat("学", 2001))
	reply(t, u, "内容太长（2001 字）")
	u.Send("/frobnicate")
	reply(t, u, "没有 /frobnicate 这个命令")
	u.Send("随便说点什么")
	reply(t, u, "目前没有需要您回答的问题")
	// An update kind the client library does not know decodes to an empty Update; the
	// bot skips it and carries on.
	if _, err := h.fake.InjectUpdate([]byte(`{"message_reaction":{"chat":{"id":1005,"type":"private"}}}`)); err != nil {
		t.Fatal(err)
	}
	u.Send("/help")
	reply(t, u, "可用命令")
	noViolations(t, h.fake)
}

func TestGroupPointsToPrivateChat(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := h.fake.NewUser(1006, "Zhou")
	g := h.fake.NewGroup(-500, "第一党支部")
	u.SendIn(g, "大家好")
	u.SendIn(g, "/help@someone_else_bot")
	u.SendIn(g, "/help")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := h.fake.WaitFor(ctx, func() bool { return len(g.Replies()) > 0 }); err != nil {
		t.Fatal("no answer in the group")
	}
	// Give the other two messages the time they would have needed.
	u.Send("/start")
	reply(t, u, "您好")
	replies := g.Replies()
	if len(replies) != 1 {
		t.Fatalf("the group got %d messages, want one pointer to the private chat: %+v", len(replies), replies)
	}
	b := replies[0].Buttons
	if len(b) != 1 || !strings.HasPrefix(b[0][0].URL, "https://t.me/"+h.fake.BotUsername()) {
		t.Fatalf("group reply buttons %+v, want a link to the private chat", b)
	}
}

func TestTwoUsersAtOnce(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	a, b := h.fake.NewUser(2001, "A"), h.fake.NewUser(2002, "B")
	// Slow replies keep both updates in hand; served one after the other, they never
	// would be at the same time.
	h.fake.SetLatency("sendMessage", 2*time.Second)
	a.Send("/help")
	b.Send("/help")
	waitUntil(t, func() bool { _, m := h.get("/metrics"); return strings.Contains(m, "orglife_updates_in_flight 2") })
	reply(t, a, "可用命令")
	reply(t, b, "可用命令")
}

func TestOneUsersUpdatesStayInOrder(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := h.fake.NewUser(2003, "Order")
	h.fake.SetLatency("sendMessage", 5*time.Millisecond)
	const n = 25
	for i := range n {
		u.Send("/c" + string(rune('a'+i)))
	}
	reply(t, u, "/c"+string(rune('a'+n-1)))
	replies := u.Replies()
	if len(replies) != n {
		t.Fatalf("%d replies to %d messages", len(replies), n)
	}
	for i, m := range replies {
		if want := "/c" + string(rune('a'+i)); !strings.Contains(m.Text, want+" ") {
			t.Fatalf("reply %d is %q, want the answer to %s: updates handled out of order", i, m.Text, want)
		}
	}
}

func TestDuplicateUpdateAppliedOnce(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := h.fake.NewUser(2004, "Dup")
	id := u.Send("/cfirst")
	reply(t, u, "/cfirst")
	if err := h.fake.Redeliver(id); err != nil {
		t.Fatal(err)
	}
	u.Send("/csecond")
	reply(t, u, "/csecond")
	if n := count(u, "/cfirst"); n != 1 {
		t.Fatalf("the redelivered update was answered %d times", n)
	}
	_, metrics := h.get("/metrics")
	if !strings.Contains(metrics, "orglife_updates_duplicate_total 1") {
		t.Fatalf("duplicate not counted:\n%s", grep(metrics, "duplicate"))
	}
}

func TestRedisDownMidConversationLosesNothing(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := h.fake.NewUser(2005, "Outage")
	u.Send("/lang")
	prompt := reply(t, u, "请选择语言")
	h.redis.Kill()
	click(t, u, "English")
	reply(t, u, "暂时无法保存，稍后自动重试")
	u.Send("/help")
	if code, body := h.get("/healthz"); code != 503 || !strings.Contains(body, "redis unavailable") {
		t.Fatalf("/healthz while Redis is down: %d %q", code, body)
	}
	h.redis.Start()
	edited := reply(t, u, "Language set to English.")
	if edited.ID != prompt.ID {
		t.Fatalf("the click after the outage edited #%d, want the prompt #%d", edited.ID, prompt.ID)
	}
	reply(t, u, "Commands")
	if n := count(u, "暂时无法保存"); n != 1 {
		t.Fatalf("the outage notice was sent %d times, want once", n)
	}
	if code, _ := h.get("/healthz"); code != 200 {
		t.Fatalf("/healthz after Redis is back: %d", code)
	}
}

func TestRestartMidConversation(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := h.fake.NewUser(2006, "Restart")
	u.Send("/lang")
	reply(t, u, "请选择语言")
	h.restart()
	click(t, u, "English")
	reply(t, u, "Language set to English.")
}

func TestTooManyRequestsStormDeliversOnce(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := h.fake.NewUser(2007, "Storm")
	h.fake.FailNext("sendMessage", 3, telegramtest.TooManyRequests(1))
	h.fake.FailNext("sendMessage", 2, telegramtest.BadGateway())
	h.fake.FailNext("sendMessage", 1, telegramtest.NetworkError())
	u.Send("/help")
	reply(t, u, "可用命令")
	u.Send("/cancel")
	reply(t, u, "当前没有进行中的操作")
	if n := count(u, "可用命令"); n != 1 {
		t.Fatalf("help delivered %d times", n)
	}
	_, metrics := h.get("/metrics")
	if !strings.Contains(metrics, "orglife_telegram_429_total 3") {
		t.Fatalf("429s not counted:\n%s", grep(metrics, "429"))
	}
	if strings.Contains(h.logs.String(), h.fake.Token()) {
		t.Fatal("the token appears in the logs")
	}
}

func TestTelegramFailureNeverLeaksToken(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := h.fake.NewUser(2008, "Leak")
	// A dropped connection makes tgbotapi return an error whose text holds the request
	// URL, token included; the bot must redact it before logging.
	h.fake.FailNext("sendMessage", 2, telegramtest.NetworkError())
	u.Send("/help")
	reply(t, u, "可用命令")
	logs := h.logs.String()
	if !strings.Contains(logs, "telegram call failed, retrying") {
		t.Fatalf("the failure was not logged:\n%s", logs)
	}
	token := h.fake.Token()
	if strings.Contains(logs, token) {
		t.Fatalf("the token leaked into the logs:\n%s", logs)
	}
	for _, path := range []string{"/metrics", "/healthz"} {
		if _, body := h.get(path); strings.Contains(body, token) {
			t.Fatalf("the token appears in %s", path)
		}
	}
}

func TestBlockedUserMarkedInactive(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := h.fake.NewUser(2009, "Gone")
	u.Send("/start")
	reply(t, u, "您好")
	store := state.NewStore(h.redis.Client(t), state.NewKeys(h.cfg.Redis.KeyPrefix))
	u.Block()
	ctx := context.Background()
	waitUntil(t, func() bool { r, _ := store.Inactive(ctx, u.ID()); return r != "" })
	u.Unblock()
	waitUntil(t, func() bool { r, _ := store.Inactive(ctx, u.ID()); return r == "" })
}

func TestSendToBlockedUserGivesUpAndMarksInactive(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := h.fake.NewUser(2010, "Blocker")
	store := state.NewStore(h.redis.Client(t), state.NewKeys(h.cfg.Redis.KeyPrefix))
	h.fake.FailNext("sendMessage", 1, telegramtest.Fault{Status: 403, ErrorCode: 403, Description: "Forbidden: bot was blocked by the user"})
	u.Send("/help")
	ctx := context.Background()
	waitUntil(t, func() bool { r, _ := store.Inactive(ctx, u.ID()); return strings.Contains(r, "blocked") })
	if n := len(h.fake.CallsTo("sendMessage")); n != 1 {
		t.Fatalf("%d sendMessage calls; a 403 must not be retried", n)
	}
}

func TestShutdownFinishesUpdateInHand(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	u := h.fake.NewUser(2011, "Bye")
	h.fake.SetLatency("sendMessage", 1500*time.Millisecond)
	u.Send("/help")
	waitUntil(t, func() bool { _, m := h.get("/metrics"); return strings.Contains(m, "orglife_updates_in_flight 1") })
	start := time.Now()
	if err := h.shutdown(); err != nil {
		t.Fatalf("Run returned %v after a clean stop", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("shutdown took %v", d)
	}
	if count(u, "可用命令") != 1 {
		t.Fatalf("the update in hand was not finished: %+v", u.Replies())
	}
}

func TestWebhookMode(t *testing.T) {
	t.Parallel()
	addr := freeAddr(t)
	secret := "s3cret_token-1"
	h := newHarness(t, withConfig(func(c *configs.Config) {
		c.HTTP.Addr = addr
		c.Telegram.WebhookURL = "http://" + addr + "/telegram/hook"
		c.Telegram.WebhookSecret = secret
	}))
	u := h.fake.NewUser(3001, "Hook")
	u.Send("/start")
	reply(t, u, "您好")
	for _, tc := range []struct {
		name, secret string
	}{{"no secret", ""}, {"wrong secret", "guess"}} {
		code := postUpdate(t, "http://"+addr+"/telegram/hook", tc.secret, `{"update_id":999999,"message":{"message_id":1,"date":1,"chat":{"id":3001,"type":"private"},"from":{"id":3001,"is_bot":false,"first_name":"X"},"text":"/help","entities":[{"type":"bot_command","offset":0,"length":5}]}}`)
		if code != 401 {
			t.Fatalf("%s: status %d, want 401", tc.name, code)
		}
	}
	_, metrics := h.get("/metrics")
	if !strings.Contains(metrics, "orglife_webhook_unauthorized_total 2") {
		t.Fatalf("refusals not counted:\n%s", grep(metrics, "webhook"))
	}
	// The refused update's id is then offered for real: had the forged one been taken,
	// the real one would be dropped as a duplicate.
	if h.fake.PendingUpdates() != 0 {
		t.Fatalf("%d updates not taken by the webhook", h.fake.PendingUpdates())
	}
	if strings.Contains(h.logs.String(), secret) {
		t.Fatal("the webhook secret appears in the logs")
	}
}

func TestWebhookOutageMakesTelegramRetry(t *testing.T) {
	t.Parallel()
	addr := freeAddr(t)
	r := redistest.Start(t, redistest.WithAOFAlways())
	h := newHarness(t, withRedis(r), withConfig(func(c *configs.Config) {
		c.HTTP.Addr = addr
		c.Telegram.WebhookURL = "http://" + addr + "/hook"
		c.Telegram.WebhookSecret = "abc"
	}))
	u := h.fake.NewUser(3002, "Hook2")
	r.Kill()
	u.Send("/help")
	reply(t, u, "暂时无法保存")
	r.Start()
	reply(t, u, "可用命令")
	if n := count(u, "可用命令"); n != 1 {
		t.Fatalf("help answered %d times", n)
	}
}

func TestStartFailsClearlyWithoutRedis(t *testing.T) {
	t.Parallel()
	r := redistest.Start(t)
	url := r.URL()
	r.Stop()
	fake, err := telegramtest.New(telegramtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer fake.Close()
	env := map[string]string{configs.EnvToken: fake.Token(), configs.EnvAPIEndpoint: fake.Endpoint(), configs.EnvRedisURL: url}
	cfg, err := configs.Load("", func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	_, err = newApp(cfg)
	if err == nil || !strings.Contains(err.Error(), "REDIS_URL") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("error %q should be one line naming REDIS_URL", err)
	}
}

func TestStartFailsClearlyOnRefusedToken(t *testing.T) {
	t.Parallel()
	fake, err := telegramtest.New(telegramtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer fake.Close()
	r := redistest.Start(t)
	bad := "999:wrong-token"
	env := map[string]string{configs.EnvToken: bad, configs.EnvAPIEndpoint: fake.Endpoint(), configs.EnvRedisURL: r.URL()}
	cfg, err := configs.Load("", func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	_, err = newApp(cfg)
	if err == nil || !strings.Contains(err.Error(), "TELEGRAM_BOT_TOKEN") || strings.Contains(err.Error(), bad) {
		t.Fatalf("error %q should name TELEGRAM_BOT_TOKEN and not repeat it", err)
	}
}

// TestStormUnderTelegramLimits: many users at once against a Bot API that enforces
// Telegram's flood limits and also throws extra 429s and 5xx: every answer still arrives,
// exactly once.
func TestStormUnderTelegramLimits(t *testing.T) {
	t.Parallel()
	fake, err := telegramtest.New(telegramtest.Options{EnforceLimits: true})
	if err != nil {
		t.Fatal(err)
	}
	defer fake.Close()
	h := newHarness(t, withFake(fake), withConfig(func(c *configs.Config) {
		c.Sender.GlobalPerSecond, c.Sender.PrivateInterval, c.Sender.PrivateBurst = 30, time.Second, 3
	}))
	fake.FailNext("sendMessage", 8, telegramtest.TooManyRequests(1))
	fake.FailNext("sendMessage", 4, telegramtest.BadGateway())
	const users = 30
	var us []*telegramtest.User
	for i := range users {
		u := fake.NewUser(int64(5000+i), "U")
		u.Send("/help")
		u.Send("/cancel")
		us = append(us, u)
	}
	for _, u := range us {
		reply(t, u, "当前没有进行中的操作")
		if a, b := count(u, "可用命令"), count(u, "当前没有进行中的操作"); a != 1 || b != 1 {
			t.Fatalf("user %d got help %d times and cancel %d times, want once each", u.ID(), a, b)
		}
	}
	t.Logf("429s returned by the fake: %d (8 injected)", fake.Count429())
	noViolations(t, h.fake)
}

// TestHelpGroupedByPhase: /help lists a secretary's commands under 常用, 会前准备, 会议, 整改,
// 支部管理 and 设置 (/forgetme among the settings), and an ordinary member's /help does not
// offer /newbranch even where anyone may create a branch.
func TestHelpGroupedByPhase(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 1)
	f.secretary.Send("/help")
	m := reply(t, f.secretary, "可用命令")
	last := -1
	for _, heading := range []string{"常用", "会前准备", "会议", "整改", "支部管理", "设置"} {
		i := strings.Index(m.Text, "\n"+heading+"\n")
		if i <= last {
			t.Fatalf("heading %s missing or out of order:\n%s", heading, m.Text)
		}
		last = i
	}
	if settings := m.Text[strings.Index(m.Text, "\n设置\n"):]; !strings.Contains(settings, "/forgetme") || !strings.Contains(settings, "/lang") {
		t.Errorf("/forgetme and /lang belong under 设置:\n%s", settings)
	}
	u := f.members[0]
	u.Send("/help")
	if m := reply(t, u, "可用命令"); strings.Contains(m.Text, "/newbranch") || !strings.Contains(m.Text, "/point") {
		t.Errorf("a member's /help:\n%s", m.Text)
	}
	noViolations(t, h.fake)
}
