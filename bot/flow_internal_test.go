package bot

import (
	"context"
	"encoding/json"
	"log/slog"
	"maps"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
	"orglife/state"
)

// The flow engine's own tests: a flow of four questions (a choice, a checked text, an
// optional text asked only for one choice, several ticks) run over an in-memory store and
// a recording Telegram, without Redis; the flow needs no branch, so no records are read.

const rigUser = int64(42)

// memStore is a Store in memory.
type memStore struct {
	mu       sync.Mutex
	sessions map[int64][]byte
}

func (m *memStore) Language(context.Context, *state.Unit, int64) (string, error)  { return "", nil }
func (m *memStore) SetLanguage(context.Context, *state.Unit, int64, string) error { return nil }
func (m *memStore) Flush(context.Context, *state.Unit) error                      { return nil }
func (m *memStore) MarkActive(context.Context, int64) error                       { return nil }
func (m *memStore) MarkInactive(context.Context, int64, string) error             { return nil }
func (m *memStore) DeleteSession(_ context.Context, _ *state.Unit, chatID, _ int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.sessions, chatID)
	return nil
}
func (m *memStore) ClaimIdle(context.Context, time.Time, int) ([]state.IdleSession, error) {
	return nil, nil
}
func (m *memStore) Session(_ context.Context, _ *state.Unit, chatID, _ int64) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.sessions[chatID], nil
}
func (m *memStore) SaveSession(_ context.Context, _ *state.Unit, chatID, _ int64, data []byte, _ time.Duration) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sessions[chatID] = data
	return nil
}

// flowRig runs the test flow for one user; update numbers the updates it sends.
type flowRig struct {
	h        *Handlers
	tg       *fzTelegram
	store    *memStore
	finished answers
	update   int
}

func newFlowRig(t *testing.T) *flowRig {
	t.Helper()
	r := &flowRig{tg: &fzTelegram{}, store: &memStore{sessions: map[int64][]byte{}}}
	ask := func(text string) func(*turn, answers) string { return func(*turn, answers) string { return text } }
	opts := func(values ...string) func(*turn, answers) ([]option, error) {
		return func(*turn, answers) ([]option, error) {
			var out []option
			for _, v := range values {
				out = append(out, option{label: strings.ToUpper(v), value: v})
			}
			return out, nil
		}
	}
	f := &flow{name: "test", need: orglife.RoleStranger,
		questions: []question{
			{key: "color", options: opts("red", "blue"), ask: ask("color?")},
			{key: "name", typed: true, ask: ask("name?"), check: func(_ *turn, _ answers, text string) (string, string) {
				if len([]rune(text)) < 2 {
					return "", "too short"
				}
				return strings.ToUpper(text), ""
			}},
			{key: "extra", typed: true, optional: true, ask: ask("extra?"),
				when: func(_ *turn, a answers) bool { return a["color"] == "blue" }},
			{key: "tags", multi: true, options: opts("a", "b"), ask: ask("tags?")},
		},
		finish: func(t *turn, a answers) error {
			r.finished = maps.Clone(a)
			return r.h.conclude(t, "done")
		},
	}
	r.h = &Handlers{out: r.tg, store: r.store, log: slog.New(slog.DiscardHandler), hints: newBranchHints(8),
		opts:  HandlerOptions{DefaultLang: orglife.LangZH, MaxText: 50, SessionTTL: time.Hour, Clock: orglife.SystemClock{}},
		flows: map[string]*flow{f.name: f}}
	r.update = 1
	tt := &turn{ctx: context.Background(), chatID: rigUser, userID: rigUser, updateID: r.update, lang: orglife.LangZH}
	if err := r.h.startFlow(tt, f, "", nil); err != nil {
		t.Fatal(err)
	}
	if got := said(r.tg.take()); !equalStrings(got, []string{"color?"}) {
		t.Fatalf("the flow began with %q", got)
	}
	return r
}

// step is one thing the user does: type text, or press data (on the latest prompt).
type step struct{ text, press string }

// do sends s as a new update and returns what the bot sent for it.
func (r *flowRig) do(t *testing.T, s step) []tgbotapi.Chattable {
	t.Helper()
	r.update++
	return r.again(t, s)
}

// again sends s under the latest update's id, as when an update is handled a second time.
func (r *flowRig) again(t *testing.T, s step) []tgbotapi.Chattable {
	t.Helper()
	u := fzTextUpdate(r.update, rigUser, s.text)
	if s.press != "" {
		u = fzCallbackUpdate(r.update, rigUser, false, s.press)
	}
	if err := r.h.Handle(context.Background(), nil, u); err != nil {
		t.Fatalf("%+v: %v", s, err)
	}
	return r.tg.take()
}

// session is the stored session, nil when the flow has ended.
func (r *flowRig) session(t *testing.T) *session {
	t.Helper()
	s, err := r.h.loadSession(context.Background(), nil, rigUser, rigUser)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// said is the texts of what calls show, callback answers included.
func said(calls []tgbotapi.Chattable) []string {
	var out []string
	for _, c := range calls {
		switch c := c.(type) {
		case tgbotapi.MessageConfig:
			out = append(out, c.Text)
		case tgbotapi.EditMessageTextConfig:
			out = append(out, c.Text)
		case tgbotapi.CallbackConfig:
			out = append(out, "answer:"+c.Text)
		}
	}
	return out
}

// buttonsOf is the callback data of the last keyboard in calls, row by row.
func buttonsOf(calls []tgbotapi.Chattable) [][]string {
	var kb *tgbotapi.InlineKeyboardMarkup
	for _, c := range calls {
		switch c := c.(type) {
		case tgbotapi.MessageConfig:
			if m, ok := c.ReplyMarkup.(tgbotapi.InlineKeyboardMarkup); ok {
				kb = &m
			}
		case tgbotapi.EditMessageTextConfig:
			kb = c.ReplyMarkup
		}
	}
	if kb == nil {
		return nil
	}
	var rows [][]string
	for _, row := range kb.InlineKeyboard {
		var datas []string
		for _, b := range row {
			datas = append(datas, *b.CallbackData)
		}
		rows = append(rows, datas)
	}
	return rows
}

func TestFlowEngine(t *testing.T) {
	stale, cancelled := "answer:"+msgStaleButton.In(orglife.LangZH), msgCancelled.In(orglife.LangZH)
	for _, c := range []struct {
		name  string
		steps []step
		// said is what the last step shows (texts and callback answers, in order).
		said []string
		// step is the question the session is at after the steps; -1: the flow has ended.
		step     int
		finished answers
	}{
		{name: "a button moves on and edits the prompt in place",
			steps: []step{{press: "q:1:0:red"}}, said: []string{"answer:", "name?"}, step: 1},
		{name: "a typed answer is checked and kept in its checked form",
			steps: []step{{press: "q:1:0:red"}, {text: "al"}}, said: []string{"tags?"}, step: 3},
		{name: "a typed answer the check refuses is asked again",
			steps: []step{{press: "q:1:0:red"}, {text: "a"}}, said: []string{"too short"}, step: 1},
		{name: "text longer than MaxText is refused before the check",
			steps: []step{{press: "q:1:0:red"}, {text: strings.Repeat("x", 51)}}, step: 1},
		{name: "typing at a question of buttons only",
			steps: []step{{text: "purple"}}, said: []string{msgUseButtons.In(orglife.LangZH)}, step: 0},
		{name: "typing a button's label is pressing it",
			steps: []step{{text: " red "}}, said: []string{"name?"}, step: 1},
		{name: "a question that does not apply is passed over",
			steps: []step{{press: "q:1:0:blue"}, {text: "al"}}, said: []string{"extra?"}, step: 2},
		{name: "an optional question is skipped with its button",
			steps:    []step{{press: "q:1:0:blue"}, {text: "al"}, {press: "q:1:2:_skip"}, {press: "q:1:3:_done"}},
			said:     []string{"answer:", "done"},
			step:     -1,
			finished: answers{"color": "blue", "name": "AL", "extra": "", "tags": ""}},
		{name: "ticks toggle and 完成 finishes",
			steps: []step{{press: "q:1:0:red"}, {text: "al"}, {press: "q:1:3:a"}, {press: "q:1:3:b"}, {press: "q:1:3:a"},
				{press: "q:1:3:_done"}},
			step: -1, finished: answers{"color": "red", "name": "AL", "tags": "b"}},
		{name: "a tick redraws the question",
			steps: []step{{press: "q:1:0:red"}, {text: "al"}, {press: "q:1:3:a"}}, said: []string{"answer:", "tags?"}, step: 3},
		{name: "跳过 on a question that is not optional is stale",
			steps: []step{{press: "q:1:0:_skip"}}, said: []string{stale}, step: 0},
		{name: "完成 on a question that is not multi is stale",
			steps: []step{{press: "q:1:0:_done"}}, said: []string{stale}, step: 0},
		{name: "a value not offered is stale",
			steps: []step{{press: "q:1:0:green"}}, said: []string{stale}, step: 0},
		{name: "a button of an earlier question is stale",
			steps: []step{{press: "q:1:0:red"}, {press: "q:1:0:blue"}}, said: []string{stale}, step: 1},
		{name: "a button of a later question is stale",
			steps: []step{{press: "q:1:3:a"}}, said: []string{stale}, step: 0},
		{name: "a button of another session is stale",
			steps: []step{{press: "q:2:0:red"}}, said: []string{stale}, step: 0},
		{name: "a step past the flow's end is stale",
			steps: []step{{press: "q:1:9:red"}}, said: []string{stale}, step: 0},
		{name: "data the codec refuses is stale",
			steps: []step{{press: "q:1:+0:red"}}, said: []string{stale}, step: 0},
		{name: "取消 ends the flow, keeping nothing",
			steps: []step{{press: "q:1:0:red"}, {press: "q:1:1:_cancel"}}, said: []string{"answer:" + cancelled, cancelled}, step: -1},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := newFlowRig(t)
			var calls []tgbotapi.Chattable
			for _, s := range c.steps {
				calls = r.do(t, s)
			}
			if c.said != nil && !equalStrings(said(calls), c.said) {
				t.Errorf("the last step showed %q, want %q", said(calls), c.said)
			}
			s := r.session(t)
			switch {
			case c.step < 0 && s != nil:
				t.Errorf("the flow goes on at question %d, want it ended", s.Step)
			case c.step >= 0 && s == nil:
				t.Errorf("the flow ended, want it at question %d", c.step)
			case c.step >= 0 && s.Step != c.step:
				t.Errorf("the flow is at question %d, want %d", s.Step, c.step)
			}
			if c.finished != nil && !maps.Equal(r.finished, c.finished) {
				t.Errorf("finished with %v, want %v", r.finished, c.finished)
			}
			if c.finished == nil && r.finished != nil {
				t.Errorf("finished with %v, want no finish", r.finished)
			}
		})
	}
}

func equalStrings(a, b []string) bool { return strings.Join(a, "\x00") == strings.Join(b, "\x00") }

// TestFlowButtons: the prompt carries the current question's options two to a row, then
// 完成 / 跳过 where they apply and 取消, each with the session's nonce and the question's
// index.
func TestFlowButtons(t *testing.T) {
	r := newFlowRig(t)
	for _, c := range []struct {
		do   step
		want [][]string
	}{
		{step{press: "q:1:0:blue"}, [][]string{{"q:1:1:_cancel"}}},
		{step{text: "al"}, [][]string{{"q:1:2:_skip", "q:1:2:_cancel"}}},
		{step{text: "more"}, [][]string{{"q:1:3:a", "q:1:3:b"}, {"q:1:3:_done", "q:1:3:_cancel"}}},
	} {
		if got := buttonsOf(r.do(t, c.do)); !equalRows(got, c.want) {
			t.Errorf("after %+v the buttons are %q, want %q", c.do, got, c.want)
		}
	}
	first := newFlowRig(t).session(t)
	if first.Nonce != nonceOf(1) || first.Step != 0 || first.Prompt == 0 {
		t.Errorf("a new flow's session is %+v, want nonce %q at question 0 with its prompt", first, nonceOf(1))
	}
}

func equalRows(a, b [][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !equalStrings(a[i], b[i]) {
			return false
		}
	}
	return true
}

// TestFlowReplay: an update handled a second time (after a crash before its ack) asks the
// current question again instead of taking its answer for the next question.
func TestFlowReplay(t *testing.T) {
	for _, c := range []struct {
		name string
		do   step
		step int
		said []string
	}{
		{"a typed answer", step{text: "al"}, 3, []string{"tags?"}},
		{"a button", step{press: "q:1:1:_cancel"}, 1, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := newFlowRig(t)
			r.do(t, step{press: "q:1:0:red"})
			if c.do.press != "" {
				// The press is the update that moved the flow on: run it again.
				calls := r.again(t, step{press: "q:1:0:red"})
				if s := r.session(t); s == nil || s.Step != 1 || s.Data["color"] != "red" {
					t.Fatalf("the press run again left %+v", s)
				}
				if got := said(calls); !equalStrings(got, []string{"answer:", "name?"}) {
					t.Errorf("the press run again showed %q, want the question asked again", got)
				}
				return
			}
			r.do(t, c.do)
			calls := r.again(t, c.do)
			if s := r.session(t); s == nil || s.Step != c.step || s.Data["tags"] != "" {
				t.Fatalf("the update run again left %+v, want question %d unanswered", s, c.step)
			}
			if got := said(calls); !equalStrings(got, c.said) {
				t.Errorf("the update run again showed %q, want %q", got, c.said)
			}
		})
	}
}

// TestFlowSplitAnswer: a question with split keeps a value that is several answers under
// their own keys, for buttons and typed text alike.
func TestFlowSplitAnswer(t *testing.T) {
	r := newFlowRig(t)
	f := r.h.flows["test"]
	f.questions[0].split = func(a answers, v string) { a["color"], a["shade"] = v, "dark-"+v }
	f.questions[1].split = func(a answers, v string) { a["name"], a["initial"] = v, v[:1] }
	r.do(t, step{press: "q:1:0:red"})
	r.do(t, step{text: "al"})
	s := r.session(t)
	want := answers{"color": "red", "shade": "dark-red", "name": "AL", "initial": "A"}
	for k, v := range want {
		if s.Data[k] != v {
			t.Errorf("answer %s = %q, want %q (all: %v)", k, s.Data[k], v, s.Data)
		}
	}
}

// TestFlowUnreadableSession: a session that does not decode is dropped, and a button of it
// is then stale.
func TestFlowUnreadableSession(t *testing.T) {
	r := newFlowRig(t)
	r.store.sessions[rigUser] = []byte("{not json")
	if got := said(r.do(t, step{press: "q:1:0:red"})); !equalStrings(got, []string{"answer:" + msgStaleButton.In(orglife.LangZH)}) {
		t.Errorf("a press on an unreadable session showed %q", got)
	}
	raw, _ := json.Marshal(session{Flow: "gone", Nonce: "5"})
	r.store.sessions[rigUser] = raw
	if got := said(r.do(t, step{press: "q:5:0:red"})); !equalStrings(got, []string{"answer:" + msgStaleButton.In(orglife.LangZH)}) {
		t.Errorf("a press on a session of an unknown flow showed %q", got)
	}
}

// TestFlowRepeat: a repeated question is asked again after each answer, by a button or
// typed, while its when holds, each answer kept beside the others by its split; a draft
// resumed goes back to it while it still applies; and its 完成 label follows doneLabel.
func TestFlowRepeat(t *testing.T) {
	r := newFlowRig(t)
	f := r.h.flows["test"]
	names := func(a answers) []string { return a.ticked("name") }
	q := &f.questions[1]
	q.repeat = true
	q.options = func(*turn, answers) ([]option, error) { return []option{{"ANN", "ANN"}}, nil }
	q.when = func(_ *turn, a answers) bool { return len(names(a)) < 3 }
	q.split = func(a answers, v string) { a["name"] = strings.Join(append(names(a), v), ",") }
	f.questions[3].doneLabel = func(_ *turn, a answers) string { return "ok " + a["tags"] }

	r.do(t, step{press: "q:1:0:red"})
	if got := said(r.do(t, step{text: "al"})); !equalStrings(got, []string{"name?"}) {
		t.Fatalf("after the first name the bot showed %q, want the question again", got)
	}
	if got := said(r.do(t, step{press: "q:1:1:ANN"})); !equalStrings(got, []string{"answer:", "name?"}) {
		t.Fatalf("after the second name the bot showed %q, want the question again", got)
	}
	if s := r.session(t); s.Step != 1 || s.Data["name"] != "AL,ANN" {
		t.Fatalf("session at %d with %v", s.Step, s.Data)
	}
	// Resumed as a draft, the flow goes back to the question while it applies.
	s := r.session(t)
	r.update++
	tt := &turn{ctx: context.Background(), chatID: rigUser, userID: rigUser, updateID: r.update, lang: orglife.LangZH}
	if err := r.h.resumeFlow(tt, f, "", s.Data); err != nil {
		t.Fatal(err)
	}
	if got := said(r.tg.take()); !equalStrings(got, []string{"name?"}) {
		t.Fatalf("the resumed flow asked %q", got)
	}
	calls := r.do(t, step{text: "bo"})
	if got := said(calls); !equalStrings(got, []string{"tags?"}) {
		t.Fatalf("after the third name the bot showed %q, want the next question", got)
	}
	if s := r.session(t); s.Step != 3 || s.Data["name"] != "AL,ANN,BO" {
		t.Fatalf("session at %d with %v", s.Step, s.Data)
	}
	doneLabel := func(calls []tgbotapi.Chattable) string {
		var kb *tgbotapi.InlineKeyboardMarkup
		for _, c := range calls {
			switch c := c.(type) {
			case tgbotapi.MessageConfig:
				m := c.ReplyMarkup.(tgbotapi.InlineKeyboardMarkup)
				kb = &m
			case tgbotapi.EditMessageTextConfig:
				kb = c.ReplyMarkup
			}
		}
		if kb == nil {
			return ""
		}
		return kb.InlineKeyboard[len(kb.InlineKeyboard)-1][0].Text
	}
	if got := doneLabel(calls); got != "ok " {
		t.Fatalf("the 完成 button reads %q, want doneLabel's", got)
	}
	tick := "q:" + r.session(t).Nonce + ":3:a"
	if got := doneLabel(r.do(t, step{press: tick})); got != "ok a" {
		t.Fatalf("after a tick the 完成 button reads %q, want doneLabel's", got)
	}
}
