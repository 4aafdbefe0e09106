package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"orglife"
	"orglife/bot/telegramtest"
	"orglife/configs"
)

// llmKey is the language model's key (ORGLIFE_LLM_KEY): distinctive, so that it can only be
// found where it was put.
const llmKey = "sk-orglife-LLM-7Hq2ZsecretKey"

// fakeLLM is an OpenAI-compatible chat-completions API in the test's process. Its answer
// gets the numbered sentences of the request ("3. text") and returns the HTTP status and body.
type fakeLLM struct {
	srv      *httptest.Server
	mu       sync.Mutex
	answer   func(items []string) (int, string)
	delay    time.Duration
	requests []llmRequest
}

// llmRequest is what the bot sent: the body's fields and the Authorization header.
type llmRequest struct {
	body map[string]any
	auth string
}

func newFakeLLM(t testing.TB) *fakeLLM {
	f := &fakeLLM{}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" || json.NewDecoder(r.Body).Decode(&body) != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		f.mu.Lock()
		f.requests = append(f.requests, llmRequest{body: body, auth: r.Header.Get("Authorization")})
		answer, delay := f.answer, f.delay
		f.mu.Unlock()
		if delay > 0 {
			select {
			case <-time.After(delay):
			case <-r.Context().Done():
				return
			}
		}
		msgs, _ := body["messages"].([]any)
		last, _ := msgs[len(msgs)-1].(map[string]any)
		user, _ := last["content"].(string)
		code, out := answer(strings.Split(strings.TrimSpace(user), "\n"))
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		fmt.Fprint(w, out)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeLLM) set(answer func([]string) (int, string), delay time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.answer, f.delay = answer, delay
}

func (f *fakeLLM) sent() []llmRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]llmRequest(nil), f.requests...)
}

// withLLM points the bot at the fake model, with the key from the environment's variable.
func withLLM(f *fakeLLM, timeout time.Duration) option {
	return withConfig(func(c *configs.Config) {
		c.LLM = configs.LLM{Endpoint: f.srv.URL + "/v1", Model: "qwen-test", Key: llmKey, Timeout: timeout, Temperature: 0.3}
	})
}

func llmChat(content string) string {
	b, _ := json.Marshal(map[string]any{"choices": []any{map[string]any{"index": 0, "finish_reason": "stop",
		"message": map[string]any{"role": "assistant", "content": content}}}})
	return string(b)
}

var numberedItem = regexp.MustCompile(`^(\d+)\. (.*)$`)

// rewriting answers every sentence through rewrite, numbered as it was sent.
func rewriting(rewrite func(s string) string) func([]string) (int, string) {
	return func(items []string) (int, string) {
		var b strings.Builder
		for _, it := range items {
			m := numberedItem.FindStringSubmatch(it)
			if m == nil {
				return http.StatusBadRequest, "unnumbered " + it
			}
			fmt.Fprintf(&b, "%s. %s\n", m[1], rewrite(m[2]))
		}
		return http.StatusOK, llmChat(b.String())
	}
}

// goodAndBad rewrites 开展 as 扎实开展 (accepted), invents a number in the attendance and
// swaps the guiding leader for the secretary (both rejected: the attendance sentence and the
// two that name the leader).
func goodAndBad(s string) string {
	switch {
	case strings.Contains(s, "应到"):
		return strings.Replace(s, "应到3名", "应到30名", 1)
	case strings.Contains(s, "王某某"):
		return strings.ReplaceAll(s, "王某某", "张书记")
	}
	return strings.ReplaceAll(s, "开展", "扎实开展")
}

// polishFixture is a branch with points, minutes with a guiding leader, and polishing on.
func polishFixture(t *testing.T, h *harness) *fixture {
	t.Helper()
	f := seedBranch(t, h, 1, 1)
	f.addPoint(t, 201, orglife.AreaTheory, orglife.SourceSelf, "对党的创新理论学习不够系统", "每周读原文两次")
	if err := f.records.SaveMinutes(context.Background(), f.branch.ID, f.meeting.ID, orglife.Minutes{Date: today(h),
		Attending: []int64{100, 101, 201}, Expected: 3, Present: 3, LeaderName: "王某某", LeaderComments: "对支部的准备工作给予肯定",
		RecordedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	return f
}

// The secretary turns polishing on with /polish; /report then offers 「润色」, which sends the
// body's sentences (never the headings) to the model and sends the polished version: the
// rewrites that keep every fact, the template's sentence where a rewrite invented a number or
// swapped a name, and one line saying so.
func TestPolishReport(t *testing.T) {
	t.Parallel()
	llm := newFakeLLM(t)
	llm.set(rewriting(goodAndBad), 0)
	h := newHarness(t, withLLM(llm, 5*time.Second))
	f := polishFixture(t, h)
	sec := f.secretary

	// Off by default: /report offers nothing.
	sec.Send("/report")
	waitDocument(t, sec, ".docx")
	reply(t, sec, "还需要以下清单吗")
	if hasButton(sec, "润色") {
		t.Fatal("「润色」 offered while polishing is off")
	}

	sec.Send("/polish")
	ask := reply(t, sec, "润色现在关闭")
	if !strings.Contains(ask.Text, llm.srv.URL) {
		t.Errorf("/polish does not say where the sentences go: %s", ask.Text)
	}
	click(t, sec, "开启润色")
	reply(t, sec, "已开启润色")
	if b, err := f.records.Branch(context.Background(), f.branch.ID); err != nil || !b.Polish {
		t.Fatalf("polishing not recorded on the branch: %v, %v", b.Polish, err)
	}

	sec.Send("/report")
	reply(t, sec, "需要润色报告的文字吗")
	original := mmDocumentXML(t, lastDocument(t, sec, ".docx", 2))
	click(t, sec, "润色")
	done := reply(t, sec, "润色稿")
	if !strings.Contains(done.Text, "句保留原文（改动了数字/人名）") || !regexp.MustCompile(`润色了 \d+ 句，3 句保留原文`).MatchString(done.Text) {
		t.Errorf("the summary: %q", done.Text)
	}
	polished := mmDocumentXML(t, lastDocument(t, sec, ".docx", 3))
	if !strings.Contains(polished, "扎实开展") {
		t.Error("the polished report has none of the accepted rewrites")
	}
	for _, kept := range []string{"应到3名", "王某某"} {
		if !strings.Contains(polished, kept) || strings.Contains(polished, "应到30名") {
			t.Errorf("the polished report lost %q (or took the invented number)", kept)
		}
	}
	// Headings and the title are never sent nor changed.
	for _, heading := range []string{"会前准备充分，思想认识到位", "严把程序关，会议方案符合要求"} {
		if !strings.Contains(original, heading) || !strings.Contains(polished, heading) {
			t.Errorf("heading %q is not in both versions", heading)
		}
	}
	reqs := llm.sent()
	if len(reqs) != 1 {
		t.Fatalf("%d requests to the model, want 1", len(reqs))
	}
	r := reqs[0]
	if r.auth != "Bearer "+llmKey || r.body["model"] != "qwen-test" || r.body["temperature"] != 0.3 || len(r.body) != 3 {
		t.Errorf("the request: %v (auth %q)", r.body, r.auth)
	}
	msgs := r.body["messages"].([]any)
	user := msgs[1].(map[string]any)["content"].(string)
	for _, never := range []string{"会前准备充分", "组织生活会开展情况报告", "委员1"} {
		if strings.Contains(user, never) {
			t.Errorf("the request holds %q, which is no body sentence: %s", never, user)
		}
	}
	if !strings.Contains(user, "1. 根据") {
		t.Errorf("the request does not number the opening: %s", user)
	}

	// Turned off again, the 「润色」 already shown asks nothing of the model.
	sec.Send("/polish")
	reply(t, sec, "润色现在开启")
	click(t, sec, "关闭润色")
	reply(t, sec, "已关闭润色")
	answers := len(sec.CallbackAnswers())
	clickLast(t, sec, "润色")
	waitAnswered(t, sec, answers+1)
	if a := sec.CallbackAnswers()[answers]; !strings.Contains(a.Text, "润色已关闭") {
		t.Errorf("a press after /polish turned it off was answered %q", a.Text)
	}
	if n := len(llm.sent()); n != 1 {
		t.Errorf("%d requests to the model, want still 1", n)
	}
	noViolations(t, h.fake)
}

// Without llm.endpoint, /polish says so and turns nothing on, and /report offers nothing.
func TestPolishWithoutAModel(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 1)
	sec := f.secretary
	sec.Send("/polish")
	reply(t, sec, "本系统未配置语言模型（llm.endpoint），暂不能润色")
	if hasButton(sec, "开启润色") {
		t.Error("/polish offered to turn on a model that is not configured")
	}
	if err := f.records.SetPolish(context.Background(), f.branch.ID, true); err != nil { // as an import from elsewhere may
		t.Fatal(err)
	}
	sec.Send("/report")
	reply(t, sec, "还需要以下清单吗")
	if hasButton(sec, "润色") {
		t.Error("「润色」 offered without a model")
	}
}

// A slow, malformed, refusing or failing model leaves the report as compiled and says so in
// one line; the key it was called with appears nowhere the bot shows or keeps anything, even
// when the API's error quotes it.
func TestPolishFallsBackCleanly(t *testing.T) {
	t.Parallel()
	llm := newFakeLLM(t)
	h := newHarness(t, withLLM(llm, 500*time.Millisecond))
	f := polishFixture(t, h)
	if err := f.records.SetPolish(context.Background(), f.branch.ID, true); err != nil {
		t.Fatal(err)
	}
	sec := f.secretary
	for _, c := range []struct {
		name   string
		answer func([]string) (int, string)
		delay  time.Duration
		want   string
	}{
		{"slow", rewriting(func(s string) string { return s }), 3 * time.Second, "润色未完成：语言模型没有及时回答，文字保持原样。"},
		{"malformed", func([]string) (int, string) { return 200, `{"choices": [` }, 0, "润色未完成：语言模型的回答无法使用，文字保持原样。"},
		{"prose", func([]string) (int, string) { return 200, llmChat("抱歉，我不能改写这些内容。") }, 0, "润色未完成：语言模型的回答无法使用"},
		{"empty", func([]string) (int, string) { return 200, llmChat("") }, 0, "润色未完成：语言模型的回答无法使用"},
		{"refusal", func([]string) (int, string) {
			return 200, `{"choices":[{"finish_reason":"stop","message":{"role":"assistant","content":null,"refusal":"I can't."}}]}`
		}, 0, "润色未完成：语言模型拒绝了请求，文字保持原样。"},
		{"bad key", func([]string) (int, string) {
			return 401, `{"error":{"message":"Incorrect API key provided: ` + llmKey + `"}}`
		}, 0, "润色未完成：语言模型的回答无法使用"},
		{"unchanged", rewriting(func(s string) string { return s }), 0, "语言模型没有改动任何句子，文字保持原样。"},
	} {
		llm.set(c.answer, c.delay)
		sec.Send("/report")
		reply(t, sec, "还需要以下清单吗")
		docs := countDocuments(sec)
		clickLast(t, sec, "润色")
		start := time.Now()
		m := reply(t, sec, c.want)
		if took := time.Since(start); took > 2500*time.Millisecond {
			t.Errorf("%s: the fallback took %s", c.name, took)
		}
		if strings.Count(m.Text, "\n") > 0 {
			t.Errorf("%s: the fallback is more than one line: %q", c.name, m.Text)
		}
		sec.Send("/help") // anything sent after the line would come before this answer
		reply(t, sec, "可用命令")
		if n := countDocuments(sec); n != docs {
			t.Errorf("%s: %d documents sent after the press, want none", c.name, n-docs)
		}
	}

	// The key: not in the log, in anything sent to Telegram or to the users, nor in Redis.
	leaks := newLeakCheck(t, h.fake.Token(), "")
	leaks.forms[llmKey] = "LLM key"
	leaks.forms[strings.TrimPrefix(llmKey, "sk-")] = "LLM key's secret part"
	leaks.sweep(h, sec)
	leaks.report("the log", "Redis")
	if !strings.Contains(h.logs.String(), "HTTP 401") {
		t.Error("the log does not say how the model failed")
	}
}

// hasButton reports whether any message of u's chat has a button labelled label.
func hasButton(u *telegramtest.User, label string) bool {
	for _, m := range u.Replies() {
		for _, row := range m.Buttons {
			for _, b := range row {
				if b.Text == label {
					return true
				}
			}
		}
	}
	return false
}

// clickLast presses the button labelled label on the latest message that has it.
func clickLast(t *testing.T, u *telegramtest.User, label string) {
	t.Helper()
	rs := u.Replies()
	for i := len(rs) - 1; i >= 0; i-- {
		for _, row := range rs[i].Buttons {
			for _, b := range row {
				if b.Text == label {
					if _, err := u.ClickData(rs[i].ID, b.Data); err != nil {
						t.Fatal(err)
					}
					return
				}
			}
		}
	}
	t.Fatalf("no button %q", label)
}

func countDocuments(u *telegramtest.User) int {
	n := 0
	for _, m := range u.Replies() {
		if m.Document != nil {
			n++
		}
	}
	return n
}

// lastDocument waits for u's n-th document, which must end in suffix, and returns it.
func lastDocument(t *testing.T, u *telegramtest.User, suffix string, n int) []byte {
	t.Helper()
	var got []byte
	waitUntil(t, func() bool {
		i := 0
		for _, m := range u.Replies() {
			if m.Document != nil {
				if i++; i == n && strings.HasSuffix(m.Document.Name, suffix) {
					got = m.Document.Bytes
					return true
				}
			}
		}
		return false
	})
	return got
}

// A member's /mymaterial offers 「润色」 when the branch has polishing on; the polished draft
// keeps every sentence's sources (the same Word comments, on the same sentences' places),
// takes the rewrites that keep every fact and keeps the template's sentence where a rewrite
// changed a number. The member's points go to the model, never the comments.
func TestPolishMaterial(t *testing.T) {
	t.Parallel()
	llm := newFakeLLM(t)
	llm.set(rewriting(func(s string) string {
		s = strings.ReplaceAll(s, "不够系统", "系统性还不够")
		return strings.Replace(s, "两次", "三次", 1) // a changed number: rejected
	}), 0)
	h := newHarness(t, withLLM(llm, 5*time.Second))
	f := polishFixture(t, h)
	member := f.members[0]

	member.Send("/mymaterial")
	waitDocument(t, member, ".docx")
	if hasButton(member, "润色") {
		t.Fatal("「润色」 offered while polishing is off")
	}
	if err := f.records.SetPolish(context.Background(), f.branch.ID, true); err != nil {
		t.Fatal(err)
	}
	member.Send("/mymaterial")
	reply(t, member, "需要润色材料的文字吗")
	original := lastDocument(t, member, ".docx", 2)
	click(t, member, "润色")
	done := reply(t, member, "润色稿")
	if !strings.Contains(done.Text, "保留原文（改动了数字）") {
		t.Errorf("the summary: %q", done.Text)
	}
	polished := lastDocument(t, member, ".docx", 3)
	if xml := mmDocumentXML(t, polished); !strings.Contains(xml, "系统性还不够") || strings.Contains(xml, "三次") {
		t.Errorf("the polished material lacks the accepted rewrite or took the invented number")
	}
	before, after := mmComments(t, original), mmComments(t, polished)
	if len(before) == 0 || !slices.Equal(before, after) {
		t.Errorf("the sources changed with polishing:\n%q\n%q", before, after)
	}
	for _, r := range llm.sent() {
		if body := fmt.Sprint(r.body); strings.Contains(body, "来源：") {
			t.Errorf("a source comment was sent to the model: %s", body)
		}
	}
}
