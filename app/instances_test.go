package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"orglife"
	"orglife/bot/telegramtest"
	"orglife/configs"
	"orglife/state"
	"orglife/state/redistest"
)

// TestInstancesShareOrderAndApplyOnce: two and three bot instances in webhook mode share one
// Redis behind a load balancer that spreads consecutive updates of the same user over the
// instances, and hands some updates to a second instance as well (Telegram redelivering
// one whose answer it did not see). Users fill in self-examination points and type bursts
// of commands while a reminder to a 51-person branch is due: every input is applied once
// and in the order sent, no update is handled twice, and everyone gets the reminder once.
func TestInstancesShareOrderAndApplyOnce(t *testing.T) {
	t.Parallel()
	for _, n := range []int{2, 3} {
		t.Run(fmt.Sprintf("%d instances", n), func(t *testing.T) { testInstances(t, n) })
	}
}

const (
	instUsers  = 8  // members who write points, each in their own goroutine
	instPoints = 4  // points each of them writes
	instBurst  = 15 // commands each then sends without waiting
	instDupe   = 7  // every instDupe-th update is delivered to two instances
	// instBudget bounds how long the writers may take: what a loaded machine needs, not a
	// speed the test asserts (short enough that both runs fail cleanly within go test -timeout 8m).
	instBudget = 90 * time.Second
)

func testInstances(t *testing.T, n int) {
	fake, err := telegramtest.New(telegramtest.Options{WebhookRetryDelay: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = fake.Close() })
	lb := newBalancer(t, instDupe)
	r := redistest.Start(t, redistest.WithAOFAlways())
	const secret = "instances_secret-1"
	var hs []*harness
	for range n {
		h := newHarness(t, withRedis(r), withFake(fake), withConfig(func(c *configs.Config) {
			c.Telegram.WebhookURL = lb.url() + "/telegram/hook"
			c.Telegram.WebhookSecret = secret
		}))
		lb.add(h.app.HTTPAddr())
		hs = append(hs, h)
	}
	morning := instWorkingMorning(hs[0].cfg.Location)
	for _, h := range hs {
		h.clock.Set(morning)
	}
	f := seedBranch(t, hs[0], 0, 50)
	everyone := append([]*telegramtest.User{f.secretary}, f.members...)

	// A secretary's nudge about study is due now: nobody has recorded any, so it is for all 51.
	ctx := context.Background()
	rem := state.NewReminders(r.Client(t), state.NewKeys(hs[0].cfg.Redis.KeyPrefix))
	if err := rem.Add(ctx, orglife.Reminder{Key: "instances-nudge", Kind: orglife.RemindNudge, BranchID: f.branch.ID,
		MeetingID: f.meeting.ID, Step: orglife.StepStudy, Due: hs[0].clock.Now()}); err != nil {
		t.Fatal(err)
	}

	// Each writer sends 39 updates in quick bursts, more than the default flood burst (30):
	// this test is about order and applying once, not about the flood limit (flood_test.go),
	// so it keeps the harness's lifted burst, and no update is held (checked below: no
	// flood notice). Its budget is generous for the same reason: under the whole suite on a
	// busy two-core machine (race detector, -parallel 8) the writers took up to 20 s, with
	// or without the flood bucket, and a fixed 30 s failed now and then.
	writers := f.members[:instUsers]
	errs := make(chan error, len(writers))
	var wg sync.WaitGroup
	wctx, cancel := context.WithTimeout(t.Context(), instBudget)
	defer cancel()
	for _, u := range writers {
		wg.Go(func() { errs <- instWritePoints(wctx, u) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}

	// Everyone has the reminder, and it is settled: no instance will send it again.
	waitUntil(t, func() bool {
		for _, u := range everyone {
			if count(u, "【支部书记提醒】") == 0 {
				return false
			}
		}
		return true
	})
	waitUntil(t, func() bool {
		_, inFlight, err := rem.Counts(ctx)
		next, ok, err2 := rem.NextDue(ctx)
		return err == nil && err2 == nil && inFlight == 0 && (!ok || next.After(hs[0].clock.Now()))
	})

	// Every update was handled by exactly one instance.
	actions := instUsers * (6*instPoints + instBurst)
	sum := func(name string) int {
		total := 0
		for _, h := range hs {
			total += instMetric(t, h, name)
		}
		return total
	}
	waitUntil(t, func() bool { return sum("orglife_updates_handled_total") >= actions })
	if fake.PendingUpdates() != 0 {
		t.Fatalf("%d updates still at Telegram", fake.PendingUpdates())
	}
	deliveries := lb.deliveries()
	if len(deliveries) != actions {
		t.Fatalf("the balancer saw %d distinct updates, want %d", len(deliveries), actions)
	}
	twice := 0
	for _, to := range deliveries {
		twice += len(to) - 1
	}
	if twice == 0 {
		t.Fatal("no update was delivered twice; the test lost its point")
	}
	if received, dup, handled, failed := sum("orglife_updates_received_total"), sum("orglife_updates_duplicate_total"),
		sum("orglife_updates_handled_total"), sum("orglife_updates_failed_total"); received != actions || dup != twice ||
		handled != actions || failed != 0 {
		t.Fatalf("instances received %d, dropped %d duplicates, handled %d, failed %d; want %d, %d, %d, 0",
			received, dup, handled, failed, actions, twice, actions)
	}
	for i, h := range hs {
		if instMetric(t, h, "orglife_updates_handled_total") == 0 {
			t.Fatalf("instance %d handled no update", i)
		}
	}
	for _, u := range writers {
		if got := lb.instancesOf(u.ID()); len(got) != n {
			t.Fatalf("user %d's updates reached instances %v, want all %d", u.ID(), got, n)
		}
	}

	// Each point once, its answers in the fields they were typed for, the points in order.
	for _, u := range writers {
		var mine []orglife.Point
		for _, p := range ptPoints(t, f) {
			if p.MemberID == u.ID() {
				mine = append(mine, p)
			}
		}
		sort.Slice(mine, func(i, j int) bool { return instSeq(mine[i].ID) < instSeq(mine[j].ID) })
		if len(mine) != instPoints {
			t.Fatalf("user %d has %d points, want %d: %+v", u.ID(), len(mine), instPoints, mine)
		}
		for i, p := range mine {
			if p.Problem != instProblem(u.ID(), i+1) || p.Cause != instCause(u.ID(), i+1) || p.Measure != instMeasure(u.ID(), i+1) {
				t.Fatalf("user %d's point %d is problem %q, cause %q, measure %q: answers applied out of order or twice",
					u.ID(), i+1, p.Problem, p.Cause, p.Measure)
			}
		}
	}

	// Each reply once, in order: per point one prompt (edited from question to question),
	// the cause and measure prompts and the confirmation; each command answered; the nudge.
	for _, u := range writers {
		for _, want := range []string{"请用自己的话写下这个问题", "原因分析", "整改措施", "已记录查摆问题"} {
			if got := count(u, want); got != instPoints {
				t.Fatalf("user %d got %d messages with %q, want %d", u.ID(), got, want, instPoints)
			}
		}
		var answered []string
		for _, m := range u.Replies() {
			if strings.Contains(m.Text, "没有 /c") {
				answered = append(answered, m.Text)
			}
		}
		if len(answered) != instBurst {
			t.Fatalf("user %d's %d commands got %d answers", u.ID(), instBurst, len(answered))
		}
		for i, text := range answered {
			if !strings.Contains(text, instCommand(i)+"<") && !strings.Contains(text, instCommand(i)+" ") {
				t.Fatalf("user %d's answer %d is %q, want the one to %s: handled out of order", u.ID(), i, text, instCommand(i))
			}
		}
		if n := count(u, floodNotice); n != 0 {
			t.Fatalf("user %d was told %d times that they flood: an update was held", u.ID(), n)
		}
		if got, want := len(u.Replies()), 4*instPoints+instBurst+1; got != want {
			t.Fatalf("user %d has %d bot messages, want %d", u.ID(), got, want)
		}
	}
	for _, u := range everyone {
		if got := count(u, "【支部书记提醒】"); got != 1 {
			t.Fatalf("user %d got the reminder %d times, want once", u.ID(), got)
		}
	}
	noViolations(t, fake)
}

// instWritePoints is one member's script: instPoints points, each answered in one burst of
// problem, cause, measure and the next /point, then instBurst commands without waiting.
func instWritePoints(ctx context.Context, u *telegramtest.User) error {
	wait := func(want string) error {
		_, err := u.WaitReply(ctx, func(m telegramtest.Message) bool { return strings.Contains(m.Text, want) })
		return err
	}
	u.Send("/point")
	for i := 1; i <= instPoints; i++ {
		if err := wait("这个问题属于哪个方面"); err != nil {
			return err
		}
		if _, err := u.Click("理论学习"); err != nil {
			return err
		}
		if err := wait("这个问题是怎么查摆出来的"); err != nil {
			return err
		}
		if _, err := u.Click("自己找"); err != nil {
			return err
		}
		if err := wait("请用自己的话写下这个问题"); err != nil {
			return err
		}
		u.Send(instProblem(u.ID(), i))
		u.Send(instCause(u.ID(), i))
		u.Send(instMeasure(u.ID(), i))
		if i < instPoints {
			u.Send("/point")
		}
	}
	if err := wait("已记录查摆问题"); err != nil {
		return err
	}
	for i := range instBurst {
		u.Send(instCommand(i))
	}
	return wait("没有 " + instCommand(instBurst-1))
}

func instProblem(user int64, i int) string {
	return fmt.Sprintf("第%d条：用户%d第%d次集中学习只读了摘要，没有通读原文", i, user, i)
}
func instCause(user int64, i int) string {
	return fmt.Sprintf("原因%d：用户%d工作忙，挤不出整块时间", i, user)
}
func instMeasure(user int64, i int) string {
	return fmt.Sprintf("措施%d：用户%d每周固定两个晚上读原文", i, user)
}

// instCommand is the i-th command of a burst; none is a prefix of another.
func instCommand(i int) string { return fmt.Sprintf("/c%02d", i) }

// instSeq is the number of a record id like "p1a" (state.Records.NextID counts in base 36).
func instSeq(id string) int64 {
	n, _ := strconv.ParseInt(id[1:], 36, 64)
	return n
}

// instWorkingMorning is 10:00 on the next working day in loc: reminders go out then, and
// the seeded meeting (20 days from now) is still ahead.
func instWorkingMorning(loc *time.Location) time.Time {
	now := time.Now().In(loc)
	d := time.Date(now.Year(), now.Month(), now.Day()+1, 10, 0, 0, 0, loc)
	for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// instMetric reads one counter of an instance's /metrics.
func instMetric(t testing.TB, h *harness, name string) int {
	t.Helper()
	_, body := h.get("/metrics")
	for line := range strings.SplitSeq(body, "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("metric %q: %v", line, err)
			}
			return int(f)
		}
	}
	t.Fatalf("no metric %s", name)
	return 0
}

// balancer is the reverse proxy in front of the instances that Telegram's webhook points
// at. It sends each chat's updates round-robin over the instances, so consecutive updates
// of one user land on different instances; every dupe-th update it delivers to the next
// instance too, after the first took it, as Telegram does when it missed the answer.
type balancer struct {
	srv  *httptest.Server
	dupe int

	mu       sync.Mutex
	backends []*httputil.ReverseProxy
	perChat  map[int64]int
	count    int
	sent     map[int][]int // update_id → instances it was delivered to
	chatOf   map[int]int64 // update_id → chat
}

func newBalancer(t *testing.T, dupe int) *balancer {
	b := &balancer{dupe: dupe, perChat: map[int64]int{}, sent: map[int][]int{}, chatOf: map[int]int64{}}
	b.srv = httptest.NewServer(http.HandlerFunc(b.serve))
	t.Cleanup(b.srv.Close)
	return b
}

func (b *balancer) url() string { return b.srv.URL }

// add puts an instance (its HTTP address) behind the balancer.
func (b *balancer) add(addr string) {
	target := &url.URL{Scheme: "http", Host: addr}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.backends = append(b.backends, &httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) { pr.SetURL(target) }})
}

func (b *balancer) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var u struct {
		UpdateID int `json:"update_id"`
		Message  *struct {
			Chat struct{ ID int64 } `json:"chat"`
		} `json:"message"`
		CallbackQuery *struct {
			From struct{ ID int64 } `json:"from"`
		} `json:"callback_query"`
	}
	_ = json.Unmarshal(body, &u)
	var chat int64
	switch {
	case u.Message != nil:
		chat = u.Message.Chat.ID
	case u.CallbackQuery != nil:
		chat = u.CallbackQuery.From.ID
	}
	b.mu.Lock()
	n := len(b.backends)
	if n == 0 {
		b.mu.Unlock()
		http.Error(w, "no instance yet", http.StatusServiceUnavailable)
		return
	}
	first := (b.perChat[chat] + int(chat)) % n
	b.perChat[chat]++
	b.count++
	twice := n > 1 && b.count%b.dupe == 0
	primary, second := b.backends[first], b.backends[(first+1)%n]
	b.mu.Unlock()

	forward := func(p *httputil.ReverseProxy, to int, w http.ResponseWriter) int {
		req := r.Clone(r.Context())
		req.Body, req.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
		rec := httptest.NewRecorder()
		p.ServeHTTP(rec, req)
		if rec.Code/100 == 2 {
			b.mu.Lock()
			b.sent[u.UpdateID] = append(b.sent[u.UpdateID], to)
			b.chatOf[u.UpdateID] = chat
			b.mu.Unlock()
		}
		if w != nil {
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.WriteHeader(rec.Code)
			_, _ = w.Write(rec.Body.Bytes())
		}
		return rec.Code
	}
	if !twice {
		forward(primary, first, w)
		return
	}
	if code := forward(primary, first, nil); code/100 != 2 {
		http.Error(w, "instance refused the update", code)
		return
	}
	forward(second, (first+1)%n, w)
}

// deliveries maps each update taken by an instance to the instances that took it.
func (b *balancer) deliveries() map[int][]int {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := map[int][]int{}
	for id, to := range b.sent {
		out[id] = slices.Clone(to)
	}
	return out
}

// instancesOf lists the instances that took updates of chat.
func (b *balancer) instancesOf(chat int64) []int {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []int
	for id, to := range b.sent {
		if b.chatOf[id] != chat {
			continue
		}
		for _, i := range to {
			if !slices.Contains(out, i) {
				out = append(out, i)
			}
		}
	}
	slices.Sort(out)
	return out
}
