package polish_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"orglife/polish"
)

const testKey = "sk-test-Polish-9f8e7d6c5b4a"

// fakeLLM is an OpenAI-compatible chat-completions server whose answer a test sets: given the
// numbered sentences of the request, it returns the raw HTTP body (and status).
type fakeLLM struct {
	*httptest.Server
	mu       sync.Mutex
	answer   func(items []string) (int, string)
	requests []map[string]any
	auth     []string
	delay    time.Duration
}

func newFakeLLM(t *testing.T) *fakeLLM {
	f := &fakeLLM{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" {
			http.NotFound(w, r)
			return
		}
		var body map[string]any
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			http.Error(w, "bad json", http.StatusBadRequest)
			return
		}
		f.mu.Lock()
		f.requests, f.auth = append(f.requests, body), append(f.auth, r.Header.Get("Authorization"))
		answer, delay := f.answer, f.delay
		f.mu.Unlock()
		if delay > 0 {
			select {
			case <-time.After(delay):
			case <-r.Context().Done():
				return
			}
		}
		msgs := body["messages"].([]any)
		user := msgs[len(msgs)-1].(map[string]any)["content"].(string)
		items := strings.Split(strings.TrimSpace(user), "\n") // "4. text", numbered as sent
		code, out := answer(items)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		fmt.Fprint(w, out)
	}))
	t.Cleanup(f.Close)
	return f
}

// chat is a well-formed answer with content.
func chat(content string) string {
	b, _ := json.Marshal(map[string]any{"choices": []any{map[string]any{
		"index": 0, "finish_reason": "stop", "message": map[string]any{"role": "assistant", "content": content}}}})
	return string(b)
}

// numberedWith answers every item through rewrite, which gets its index (from 0) as sent.
func numberedWith(rewrite func(i int, s string) string) func([]string) (int, string) {
	return func(items []string) (int, string) {
		var b strings.Builder
		for _, item := range items {
			var n int
			var s string
			if _, err := fmt.Sscanf(item, "%d.", &n); err != nil {
				return http.StatusBadRequest, "unnumbered"
			}
			_, s, _ = strings.Cut(item, ". ")
			fmt.Fprintf(&b, "%d. %s\n", n, rewrite(n-1, s))
		}
		return http.StatusOK, chat(b.String())
	}
}

var sentences = []polish.Sentence{
	{Text: "支部开展集中学习2次，参加15人次。"},
	{Text: "王某同志指出，要加强理论学习。"},
	{Text: "【待补充：会议日期】"},
	{Text: "学习不够系统。", Sources: []string{"半年只读了2本书，学习不够系统"}},
}

func TestPolisher(t *testing.T) {
	names := []string{"王某", "李明"}
	for _, c := range []struct {
		name    string
		answer  func([]string) (int, string)
		delay   time.Duration
		want    []string // the texts; nil: an error
		wantErr error
		kept    int
		reason  polish.Reason
	}{
		{name: "good rewrites", answer: numberedWith(func(i int, s string) string {
			return []string{"支部共组织集中学习2次，累计参加15人次。", "王某同志强调，要进一步加强理论学习。", "", "半年只读了2本书，学习的系统性不够。"}[i]
		}), want: []string{"支部共组织集中学习2次，累计参加15人次。", "王某同志强调，要进一步加强理论学习。", "【待补充：会议日期】", "半年只读了2本书，学习的系统性不够。"}},
		{name: "an invented number", answer: numberedWith(func(i int, s string) string {
			return strings.Replace(s, "15人次", "20人次", 1)
		}), want: []string{sentences[0].Text, sentences[1].Text, sentences[2].Text, sentences[3].Text}, kept: 1, reason: polish.ReasonNumber},
		{name: "an invented name", answer: numberedWith(func(i int, s string) string {
			return strings.Replace(strings.Replace(s, "王某", "李明", 1), "学习不够系统", "学习缺乏系统性", 1)
		}), want: []string{sentences[0].Text, sentences[1].Text, sentences[2].Text, "学习缺乏系统性。"}, kept: 1, reason: polish.ReasonName},
		{name: "lost full stops come back", answer: numberedWith(func(i int, s string) string { return strings.TrimSuffix(s, "。") + "呢" }),
			want: []string{"支部开展集中学习2次，参加15人次呢。", "王某同志指出，要加强理论学习呢。", "【待补充：会议日期】", "学习不够系统呢。"}},
		{name: "some items missing", answer: func([]string) (int, string) { return 200, chat("1. 支部组织集中学习2次，参加15人次。") },
			want: []string{"支部组织集中学习2次，参加15人次。", sentences[1].Text, sentences[2].Text, sentences[3].Text}},
		{name: "empty content", answer: func([]string) (int, string) { return 200, chat("  ") }, wantErr: polish.ErrEmpty},
		{name: "no content", answer: func([]string) (int, string) { return 200, `{"choices":[{"message":{"role":"assistant"}}]}` }, wantErr: polish.ErrEmpty},
		{name: "no choices", answer: func([]string) (int, string) { return 200, `{"choices":[]}` }, wantErr: polish.ErrMalformed},
		{name: "not JSON", answer: func([]string) (int, string) { return 200, `<html>gateway</html>` }, wantErr: polish.ErrMalformed},
		{name: "prose, not numbered", answer: func([]string) (int, string) { return 200, chat("这些句子已经很好了，无需修改。") }, wantErr: polish.ErrMalformed},
		{name: "refusal", answer: func([]string) (int, string) {
			return 200, `{"choices":[{"finish_reason":"stop","message":{"role":"assistant","content":null,"refusal":"I can't help with that."}}]}`
		}, wantErr: polish.ErrRefused},
		{name: "content filter", answer: func([]string) (int, string) {
			return 200, `{"choices":[{"finish_reason":"content_filter","message":{"role":"assistant","content":""}}]}`
		}, wantErr: polish.ErrRefused},
		{name: "server error", answer: func([]string) (int, string) { return 500, `{"error":{"message":"overloaded"}}` }},
		{name: "slow", delay: 2 * time.Second, answer: numberedWith(func(_ int, s string) string { return s }), wantErr: polish.ErrTimeout},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newFakeLLM(t)
			f.answer, f.delay = c.answer, c.delay
			client := &polish.Client{Endpoint: f.URL + "/v1/", Model: "qwen-test", Key: testKey, Timeout: 300 * time.Millisecond, Temperature: 0.3}
			p := &polish.Polisher{Model: client}
			start := time.Now()
			res, err := p.Polish(context.Background(), sentences, names)
			if took := time.Since(start); took > time.Second {
				t.Errorf("Polish took %s, over its 300ms time-out", took)
			}
			if c.want == nil {
				if err == nil {
					t.Fatalf("no error; texts %q", res.Texts)
				}
				if c.wantErr != nil && !errors.Is(err, c.wantErr) {
					t.Errorf("error %v, want %v", err, c.wantErr)
				}
				if strings.Contains(err.Error(), testKey) {
					t.Errorf("the key is in the error: %v", err)
				}
				for i, s := range sentences {
					if res.Texts[i] != s.Text {
						t.Errorf("after an error, text %d = %q, want the template's %q", i, res.Texts[i], s.Text)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for i := range c.want {
				if res.Texts[i] != c.want[i] {
					t.Errorf("text %d = %q, want %q", i+1, res.Texts[i], c.want[i])
				}
			}
			if res.Kept != c.kept || c.kept > 0 && res.Reasons[c.reason] == 0 {
				t.Errorf("kept %d (%v), want %d for %s", res.Kept, res.Reasons, c.kept, c.reason)
			}
			// What is sent: the model, the temperature and two messages, the sentences
			// numbered (the 【待补充】 mark and the sources not among them), the key as the bearer.
			if len(f.requests) != 1 {
				t.Fatalf("%d requests, want 1", len(f.requests))
			}
			req := f.requests[0]
			if req["model"] != "qwen-test" || req["temperature"] != 0.3 || len(req) != 3 {
				t.Errorf("request %v", req)
			}
			user := req["messages"].([]any)[1].(map[string]any)["content"].(string)
			if want := "1. 支部开展集中学习2次，参加15人次。\n2. 王某同志指出，要加强理论学习。\n4. 学习不够系统。\n"; user != want {
				t.Errorf("sent %q, want %q", user, want)
			}
			if f.auth[0] != "Bearer "+testKey {
				t.Errorf("Authorization %q", f.auth[0])
			}
		})
	}
}

func TestClientErrorsHideCredentials(t *testing.T) {
	c := &polish.Client{Endpoint: "http://user:pa55word@127.0.0.1:1/v1?token=" + testKey, Model: "m", Key: testKey, Timeout: time.Second}
	_, err := c.Complete(context.Background(), []polish.Message{{Role: "user", Content: "1. 甲"}})
	if err == nil {
		t.Fatal("no error from a closed port")
	}
	for _, s := range []string{testKey, "pa55word", "token="} {
		if strings.Contains(err.Error(), s) {
			t.Errorf("the error shows %q: %v", s, err)
		}
	}
}
