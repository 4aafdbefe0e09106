package app_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"orglife/app"
	"orglife/bot/telegramtest"
	"orglife/configs"
	"orglife/state/redistest"
	"orglife/transport"
)

// The sweep of issue #7: the bot token and the webhook secret never appear in logs,
// errors, metrics, /healthz, webhook answers, what the bot sends or what it stores, whatever
// goes wrong on the way. TestTelegramFailureNeverLeaksToken covers one dropped connection;
// these tests drive every failure the bot meets in either mode and sweep everything it
// shows.

// webhookSecret is distinctive: it can only be found where it was put.
const webhookSecret = "wh_Sweep-7f3Kq9ZsecretX"

// secretForms are the strings that must never be shown for this token and webhook secret:
// each as given and URL-escaped, and the token's secret part (after the bot id) alone.
func secretForms(token, webhook string) map[string]string {
	forms := map[string]string{}
	add := func(name, s string) {
		for kind, v := range map[string]string{"": s, " (path-escaped)": url.PathEscape(s), " (query-escaped)": url.QueryEscape(s)} {
			forms[v] = name + kind
		}
	}
	add("token", token)
	if _, part, ok := strings.Cut(token, ":"); ok {
		add("token's secret part", part)
	}
	if webhook != "" {
		add("webhook secret", webhook)
	}
	return forms
}

// leakCheck collects everything the bot showed and looks for secrets in it.
type leakCheck struct {
	t     *testing.T
	forms map[string]string
	seen  map[string]int // what was swept, by where, for the failure message
}

func newLeakCheck(t *testing.T, token, webhook string) *leakCheck {
	return &leakCheck{t: t, forms: secretForms(token, webhook), seen: map[string]int{}}
}

// check fails the test if text, seen in where, holds a secret in any form.
func (c *leakCheck) check(where, text string) {
	c.t.Helper()
	c.seen[where] += len(text)
	for form, name := range c.forms {
		if i := strings.Index(text, form); i >= 0 {
			c.t.Errorf("the %s appears in %s: …%s…", name, where, text[max(0, i-120):min(len(text), i+len(form)+40)])
		}
	}
}

func (c *leakCheck) checkErr(where string, err error) {
	c.t.Helper()
	if err != nil {
		c.check(where, err.Error())
	}
}

// get fetches a path of the bot's HTTP server and checks the answer.
func (c *leakCheck) get(h *harness, path string) (int, string) {
	c.t.Helper()
	code, body := h.get(path)
	c.check(path+" ("+fmt.Sprint(code)+")", body)
	return code, body
}

// sweep checks everything the bot showed or stored: its log, what it sent to Telegram
// (every parameter of every call but the secret_token it must give setWebhook), the
// messages, buttons and documents users got, and every value in Redis.
func (c *leakCheck) sweep(h *harness, users ...*telegramtest.User) {
	c.t.Helper()
	c.check("the log", h.logs.String())
	for _, call := range h.fake.Calls() {
		for k, v := range call.Params {
			if call.Method == "setWebhook" && k == "secret_token" {
				continue // the one place it belongs
			}
			c.check("the "+call.Method+" call's "+k, v)
		}
		for _, f := range call.Files {
			c.check("the "+call.Method+" call's file name", f.Name)
		}
	}
	for _, u := range users {
		where := fmt.Sprintf("user %d's chat", u.ID())
		for _, m := range u.Replies() {
			c.check(where, m.Text+"\n"+m.Raw)
			for _, row := range m.Buttons {
				for _, b := range row {
					c.check(where+" (buttons)", b.Text+"\n"+b.Data+"\n"+b.URL)
				}
			}
			for _, f := range []*telegramtest.File{m.Document, m.Photo} {
				if f != nil {
					c.check(where+" (file "+f.Name+")", f.Name+"\n"+unpacked(c.t, f.Bytes))
				}
			}
		}
		for _, a := range u.CallbackAnswers() {
			c.check(where+" (callback answers)", a.Text)
		}
	}
	c.check("Redis", redisDump(c.t, h.redis.Client(c.t)))
}

// report names what was swept, so that an empty sweep cannot pass unnoticed.
func (c *leakCheck) report(must ...string) {
	c.t.Helper()
	for _, w := range must {
		if c.seen[w] == 0 {
			c.t.Errorf("nothing was swept in %s", w)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(c.seen)) {
		c.t.Logf("swept %7d bytes of %s", c.seen[k], k)
	}
}

// unpacked is a file's bytes, or for a .docx or .xlsx (a zip) the text of every part in it.
func unpacked(t *testing.T, b []byte) string {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("PK")) {
		return string(b)
	}
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("a document that looks like a zip is not one: %v", err)
	}
	var sb strings.Builder
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		part, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		sb.WriteString(f.Name + "\n")
		sb.Write(part)
	}
	return sb.String()
}

// redisDump is every key and value in Redis, as text.
func redisDump(t *testing.T, rdb *redis.Client) string {
	t.Helper()
	ctx := context.Background()
	var sb strings.Builder
	iter := rdb.Scan(ctx, 0, "*", 500).Iterator()
	for iter.Next(ctx) {
		k := iter.Val()
		var v any
		var err error
		switch typ := rdb.Type(ctx, k).Val(); typ {
		case "string":
			v, err = rdb.Get(ctx, k).Result()
		case "hash":
			v, err = rdb.HGetAll(ctx, k).Result()
		case "list":
			v, err = rdb.LRange(ctx, k, 0, -1).Result()
		case "set":
			v, err = rdb.SMembers(ctx, k).Result()
		case "zset":
			v, err = rdb.ZRangeWithScores(ctx, k, 0, -1).Result()
		case "none":
			continue // expired meanwhile
		default:
			t.Fatalf("key %s has type %s, which the sweep does not read", k, typ)
		}
		if err != nil && !errors.Is(err, redis.Nil) {
			t.Fatalf("read %s: %v", k, err)
		}
		fmt.Fprintf(&sb, "%s = %v\n", k, v)
	}
	if err := iter.Err(); err != nil {
		t.Fatal(err)
	}
	return sb.String()
}

// helpUpdate is a /help from a user, as Telegram would push it.
func helpUpdate(updateID int, userID int64) string {
	return fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"date":1,"chat":{"id":%d,"type":"private"},`+
		`"from":{"id":%d,"is_bot":false,"first_name":"X"},"text":"/help","entities":[{"type":"bot_command","offset":0,"length":5}]}}`,
		updateID, updateID, userID, userID)
}

// logHas waits until the bot's log holds every one of words on one line.
func logHas(t *testing.T, h *harness, words ...string) {
	t.Helper()
	waitUntil(t, func() bool {
		for _, line := range strings.Split(h.logs.String(), "\n") {
			all := true
			for _, w := range words {
				all = all && strings.Contains(line, w)
			}
			if all {
				return true
			}
		}
		return false
	})
}

// exerciseConversation drives a branch through ordinary work and Telegram failing in every
// way it can: 429, 5xx, an HTML error page, a dropped connection, a call that times out, and
// 401 and 404 answers (which make an update fail). It returns the users who took part.
func exerciseConversation(t *testing.T, h *harness, c *leakCheck) []*telegramtest.User {
	t.Helper()
	f := seedBranch(t, h, 1, 1)
	sec, member := f.secretary, f.members[0]

	member.Send("/start")
	reply(t, member, "您好")
	sec.Send("/export")
	c.check("the export", unpacked(t, waitDocument(t, sec, ".json")))
	sec.Send("/report")
	waitDocument(t, sec, ".docx")
	reply(t, sec, "还需要以下清单吗")

	// Failures the sender retries or waits out (the 429 last, so that the retries of the
	// others stay within sender.max_retry_elapsed).
	h.fake.FailNext("sendMessage", 1, telegramtest.Fault{Status: http.StatusInternalServerError})
	h.fake.FailNext("sendMessage", 1, telegramtest.BadGateway())
	h.fake.FailNext("sendMessage", 1, telegramtest.NetworkError())
	h.fake.FailNext("sendMessage", 1, telegramtest.TooManyRequests(1))
	member.Send("/help")
	reply(t, member, "可用命令")
	logHas(t, h, "telegram call failed, retrying", "<redacted>") // the dropped connection's error named the URL

	// A call that outlives the HTTP timeout (800ms) fails with the URL in the error, and is retried.
	h.fake.SetLatency("sendMessage", 1500*time.Millisecond)
	member.Send("/cancel")
	logHas(t, h, "telegram call failed, retrying", "Client.Timeout exceeded")
	h.fake.SetLatency("sendMessage", 0)
	reply(t, member, "当前没有进行中的操作")

	// Answers the sender cannot retry: the update fails and the error is logged.
	for _, fault := range []telegramtest.Fault{
		{Status: http.StatusUnauthorized, Description: "Unauthorized"},
		{Status: http.StatusNotFound, Description: "Not Found"},
	} {
		h.fake.FailNext("sendMessage", 1, fault)
		member.Send("/help")
		logHas(t, h, "update failed", fmt.Sprintf("%d %s", fault.Status, fault.Description))
	}
	member.Send("/lang")
	reply(t, member, "请选择语言")
	click(t, member, "English")
	reply(t, member, "Language set to English.")

	for _, p := range []string{"/healthz", "/metrics"} {
		if code, _ := c.get(h, p); code != http.StatusOK {
			t.Fatalf("%s answered %d", p, code)
		}
	}
	return []*telegramtest.User{sec, member}
}

// redisOutage kills Redis while u talks to the bot, reads /healthz and /metrics meanwhile,
// and brings Redis back. waitLog are words of the log line that shows the outage was met.
func redisOutage(t *testing.T, h *harness, c *leakCheck, u *telegramtest.User, waitLog ...string) {
	t.Helper()
	h.redis.Kill()
	u.Send("/help")
	reply(t, u, "暂时无法保存")
	logHas(t, h, waitLog...)
	if code, body := c.get(h, "/healthz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "redis unavailable") {
		t.Fatalf("/healthz while Redis is down: %d %q", code, body)
	}
	c.get(h, "/metrics")
	h.redis.Start()
	reply(t, u, "Commands")
}

func secretsConfig(c *configs.Config) {
	c.Telegram.RequestTimeout = 800 * time.Millisecond
	c.Sender.MaxRetryElapsed = 3 * time.Second // give up soon once Telegram is gone for good
	c.Telegram.WebhookSecret = webhookSecret   // set in polling mode too: it must not show there either
}

func TestSecretsNeverLeakInWebhookMode(t *testing.T) {
	t.Parallel()
	fake, err := telegramtest.New(telegramtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = fake.Close() })
	c := newLeakCheck(t, fake.Token(), webhookSecret)
	// Telegram fails at start too: the menu is refused, and setWebhook (whose parameters
	// hold the secret) fails twice before it is set.
	fake.FailNext("setMyCommands", 1, telegramtest.Fault{Status: http.StatusUnauthorized, Description: "Unauthorized"})
	fake.FailNext("setWebhook", 1, telegramtest.NetworkError())
	fake.FailNext("setWebhook", 1, telegramtest.Fault{Status: http.StatusBadGateway})
	addr := freeAddr(t)
	hookURL := "http://" + addr + "/telegram/hook"
	h := newHarness(t, withFake(fake), withConfig(secretsConfig), withConfig(func(c *configs.Config) {
		c.HTTP.Addr, c.Telegram.WebhookURL = addr, hookURL
	}))
	users := exerciseConversation(t, h, c)
	logHas(t, h, "commands not registered", "401 Unauthorized")
	if n := len(fake.CallsTo("setWebhook")); n != 3 {
		t.Fatalf("%d setWebhook calls, want 3 (two failed)", n)
	}

	// Requests without the right secret: refused, and the answer does not help a guesser.
	for _, guess := range []string{"", "guess", webhookSecret[:len(webhookSecret)-1], webhookSecret + "x", strings.ToLower(webhookSecret)} {
		code, body := postHook(t, hookURL, guess, helpUpdate(990001, users[1].ID()))
		c.check(fmt.Sprintf("the answer to secret %q", guess), body)
		if code != http.StatusUnauthorized {
			t.Fatalf("secret %q: status %d, want 401", guess, code)
		}
	}
	// The right secret with a body that is not an update.
	if code, body := postHook(t, hookURL, webhookSecret, `{"update_id":`); code != http.StatusBadRequest {
		t.Fatalf("a broken body: status %d %q, want 400", code, body)
	} else {
		c.check("the answer to a broken body", body)
	}
	logHas(t, h, "webhook request refused")
	logHas(t, h, "webhook body is not an update")

	redisOutage(t, h, c, users[1], "cannot queue webhook update")

	// Telegram goes away for good: the next update's answer meets a refused connection until
	// the sender gives up and returns the error (which names the URL).
	if err := fake.Close(); err != nil {
		t.Fatal(err)
	}
	if code, body := postHook(t, hookURL, webhookSecret, helpUpdate(990002, users[1].ID())); code != http.StatusOK {
		t.Fatalf("an update after Telegram went away: status %d %q", code, body)
	}
	logHas(t, h, "telegram call failed, retrying", "connection refused")
	logHas(t, h, "error=\"telegram sendMessage: Post", "connection refused", "<redacted>")
	for _, p := range []string{"/healthz", "/metrics"} {
		c.get(h, p)
	}
	c.checkErr("Run's error", h.shutdown())
	c.sweep(h, users...)
	c.report("the log", "Redis", "the export", "/healthz (503)", "/metrics (200)", "the setWebhook call's url")
}

func TestSecretsNeverLeakInPollingMode(t *testing.T) {
	t.Parallel()
	fake, err := telegramtest.New(telegramtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = fake.Close() })
	c := newLeakCheck(t, fake.Token(), webhookSecret)
	// The first getUpdates calls fail: a dropped connection, then a revoked token.
	fake.FailNext("getUpdates", 1, telegramtest.NetworkError())
	fake.FailNext("getUpdates", 1, telegramtest.Fault{Status: http.StatusUnauthorized, Description: "Unauthorized"})
	h := newHarness(t, withFake(fake), withConfig(secretsConfig))
	users := exerciseConversation(t, h, c)
	logHas(t, h, "getUpdates failed", "<redacted>")
	logHas(t, h, "getUpdates failed", "Unauthorized")

	redisOutage(t, h, c, users[1], "cannot queue updates")

	// Telegram goes away for good: polling meets a refused connection.
	if err := fake.Close(); err != nil {
		t.Fatal(err)
	}
	logHas(t, h, "getUpdates failed", "connection refused")
	c.get(h, "/metrics")
	c.checkErr("Run's error", h.shutdown())
	c.sweep(h, users...)
	c.report("the log", "Redis", "the export", "/healthz (503)", "/metrics (200)")
}

// TestSecretsNotInStartErrors: the errors that stop a start name what to set and never
// repeat the token, however it was refused or mistyped.
func TestSecretsNotInStartErrors(t *testing.T) {
	t.Parallel()
	fake, err := telegramtest.New(telegramtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer fake.Close()
	r := redistest.Start(t)
	load := func(token string, extra map[string]string) configs.Config {
		t.Helper()
		env := map[string]string{configs.EnvToken: token, configs.EnvAPIEndpoint: fake.Endpoint(), configs.EnvRedisURL: r.URL(),
			configs.EnvHTTPAddr: "127.0.0.1:0"}
		for k, v := range extra {
			env[k] = v
		}
		cfg, err := configs.Load("", func(k string) string { return env[k] })
		if err != nil {
			t.Fatal(err)
		}
		return cfg
	}
	var logs syncBuffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))

	// The token refused: 401 (revoked) from the fake for a wrong one, 404 (malformed) injected
	// for the right one.
	wrong := "123456789:AAwrongTokenXyz0123456789abcdefghij"
	_, err = app.New(context.Background(), load(wrong, nil), log)
	if err == nil || !strings.Contains(err.Error(), "TELEGRAM_BOT_TOKEN") {
		t.Fatalf("a refused token: %v", err)
	}
	newLeakCheck(t, wrong, "").checkErr("app.New's error (401)", err)
	fake.FailNext("getMe", 1, telegramtest.Fault{Status: http.StatusNotFound, Description: "Not Found"})
	_, err = app.New(context.Background(), load(fake.Token(), nil), log)
	if err == nil || !strings.Contains(err.Error(), "TELEGRAM_BOT_TOKEN") {
		t.Fatalf("a token answered 404: %v", err)
	}
	newLeakCheck(t, fake.Token(), "").checkErr("app.New's error (404)", err)

	// setWebhook refused at start: Run's error names the failure, not the secret.
	// With a language model configured (its key from ORGLIFE_LLM_KEY): the config is logged
	// at start, and the key must not be in it.
	cfg := load(fake.Token(), map[string]string{configs.EnvWebhookURL: "http://127.0.0.1:1/hook", configs.EnvWebhookSecret: webhookSecret,
		configs.EnvLLMKey: llmKey})
	cfg.LLM.Endpoint, cfg.LLM.Model = "https://llm.example.org/v1", "qwen-test"
	log.Info("config", "config", cfg)
	fake.FailNext("setWebhook", 1, telegramtest.Fault{Status: http.StatusBadRequest, Description: "Bad Request: bad webhook: Failed to resolve host"})
	a, err := app.New(context.Background(), cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	err = a.Run(ctx)
	if err == nil || !strings.Contains(err.Error(), "set webhook") {
		t.Fatalf("Run with setWebhook refused: %v", err)
	}
	newLeakCheck(t, fake.Token(), webhookSecret).checkErr("Run's error", err)

	// The Bot API unreachable at start: the network error holds the request URL, token and
	// all — also a token pasted with its quotes (docker --env-file keeps them) or with a
	// typo that URLs escape. transport.Connect is what app.New calls; one try instead of app.New's
	// five keeps the test fast.
	dead := "http://" + freeAddr(t) + "/bot%s/%s"
	good := fake.Token()
	for _, token := range []string{good, `"` + good + `"`, "'" + good + "'", strings.Replace(good, ":", "：", 1), good + "é", good + "\t"} {
		_, err := transport.Connect(context.Background(), transport.ClientOptions{Token: token, Endpoint: dead, RequestTimeout: time.Second, ConnectTries: 1})
		if err == nil || !strings.Contains(err.Error(), "cannot reach the Bot API") {
			t.Fatalf("token %q: Connect to a closed port returned %v", token, err)
		}
		c := newLeakCheck(t, token, "")
		for form, name := range secretForms(good, "") {
			c.forms[form] = name + " (the token inside)"
		}
		c.checkErr(fmt.Sprintf("Connect's error for token %q", token), err)
	}
	leaks := newLeakCheck(t, fake.Token(), webhookSecret)
	leaks.forms[llmKey] = "LLM key"
	leaks.check("the log", logs.String())
	if !strings.Contains(logs.String(), "llm_key_set=true") {
		t.Error("the logged config does not say the LLM key is set")
	}
}
