package app_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"orglife"
	"orglife/app"
	"orglife/bot/telegramtest"
	"orglife/configs"
	"orglife/state"
	"orglife/state/redistest"
)

// Load benchmarks: the whole bot in-process (app.New, the real handlers, pipeline, sender
// and scheduler) against the fake Bot API and a real redis-server on loopback. They run
// only with -bench and take minutes at full size; scripts/bench.sh runs them all.
//
//	go test -run '^$' -bench 'InboundLoad|FanOutThreeInstances' -benchtime=1x -timeout 30m ./app/
//
// Sizes: ORGLIFE_BENCH_BRANCHES (500), ORGLIFE_BENCH_MEMBERS (people per branch, 20),
// ORGLIFE_BENCH_INFLIGHT (members acting at once; 0 = all), ORGLIFE_BENCH_FANOUT (10000),
// ORGLIFE_BENCH_FANOUT_BRANCHES (30); ORGLIFE_BENCH_HEAPPROFILE=file writes the heap the settled
// process holds after the inbound load (go tool pprof -sample_index=inuse_space).

// benchEnv reads a non-negative integer knob, or def.
func benchEnv(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v >= 0 {
		return v
	}
	return def
}

// rtCounter is a go-redis hook that counts round trips: one per command sent on its own,
// one per pipeline or MULTI/EXEC transaction. While tracing, it also notes which state
// function (and which bot or transport function above it) made each round trip of an update's handling.
type rtCounter struct {
	n       atomic.Int64
	tracing atomic.Bool
	mu      sync.Mutex
	trace   []string
}

func (c *rtCounter) DialHook(next redis.DialHook) redis.DialHook { return next }

func (c *rtCounter) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		c.n.Add(1)
		if c.tracing.Load() {
			c.note([]redis.Cmder{cmd})
		}
		return next(ctx, cmd)
	}
}

func (c *rtCounter) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		c.n.Add(1)
		if c.tracing.Load() {
			c.note(cmds)
		}
		return next(ctx, cmds)
	}
}

// note records one round trip made on behalf of an update: by the poller (queueing it) or
// by a chat's worker (claiming, handling, sending, acknowledging). Background work (the
// inbox sweep, the scheduler) is left out.
//
// A fresh connection's handshake (HELLO, CLIENT SETINFO, AUTH, SELECT) is the pool's, not the
// code's: when a busy machine has the pool dial anew mid-update, it is not counted.
func (c *rtCounter) note(cmds []redis.Cmder) {
	if handshake(cmds) {
		return
	}
	pcs := make([]uintptr, 64)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(3, pcs)])
	var stateFn, botFn string
	update := false
	for {
		f, more := frames.Next()
		name := f.Function[strings.LastIndex(f.Function, "/")+1:]
		switch {
		case strings.HasPrefix(f.Function, "orglife/state.UnitHook") || strings.HasPrefix(f.Function, "orglife/state.(*UnitHook)"):
			// the client's hook, not the code that made the round trip
		case strings.HasPrefix(f.Function, "orglife/state.") && stateFn == "":
			stateFn = name
		case (strings.HasPrefix(f.Function, "orglife/bot.") || strings.HasPrefix(f.Function, "orglife/transport.")) && botFn == "" && stateFn != "":
			botFn = name
		}
		if strings.Contains(f.Function, "transport.(*Pipeline).work") || strings.Contains(f.Function, "transport.(*Poller).Run") {
			update = true
		}
		if !more {
			break
		}
	}
	if !update {
		return
	}
	names := make([]string, 0, len(cmds))
	for _, cmd := range cmds {
		n := strings.ToUpper(cmd.Name())
		if (n == "EVALSHA" || n == "EVAL") && len(cmd.Args()) > 3 {
			n += " " + fmt.Sprint(cmd.Args()[3]) // the first key says which script
		}
		names = append(names, n)
	}
	c.mu.Lock()
	c.trace = append(c.trace, fmt.Sprintf("%-34s ← %-34s %s", stateFn, botFn, strings.Join(names, " | ")))
	c.mu.Unlock()
}

// handshake reports whether cmds only set up a connection.
func handshake(cmds []redis.Cmder) bool {
	for _, cmd := range cmds {
		switch strings.ToUpper(cmd.Name()) {
		case "HELLO", "CLIENT", "AUTH", "SELECT":
		default:
			return false
		}
	}
	return len(cmds) > 0
}

// traced runs act with tracing on and returns the round trips noted.
func (c *rtCounter) traced(act func()) []string {
	c.mu.Lock()
	c.trace = nil
	c.mu.Unlock()
	c.tracing.Store(true)
	act()
	c.tracing.Store(false)
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.trace
}

// logLines keeps the first lines of the bot's warnings and errors and counts them all.
type logLines struct {
	mu    sync.Mutex
	n     int
	first []string
}

func (l *logLines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, line := range bytes.Split(bytes.TrimRight(p, "\n"), []byte("\n")) {
		if bytes.Contains(line, []byte(`msg="cron: skip"`)) {
			continue // a tick while the previous run still goes: expected under load
		}
		l.n++
		if len(l.first) < 20 {
			l.first = append(l.first, string(line))
		}
	}
	return len(p), nil
}

func (l *logLines) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.n
}

func (l *logLines) report(b *testing.B) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.n > 0 {
		b.Logf("%d warning/error log lines; the first:\n%s", l.n, strings.Join(l.first, "\n"))
	}
}

// benchApp is one running instance of the bot.
type benchApp struct {
	app  *app.App
	stop context.CancelFunc
	done chan error
}

// startBenchApp runs an instance against fake and the Redis at redisURL; tweak adjusts the
// configuration after the defaults.
func startBenchApp(b *testing.B, fake *telegramtest.Server, redisURL string, now func() time.Time, logs *logLines,
	tweak func(*configs.Config), opts ...app.Option) (*benchApp, configs.Config) {
	b.Helper()
	env := map[string]string{
		configs.EnvToken: fake.Token(), configs.EnvAPIEndpoint: fake.Endpoint(),
		configs.EnvRedisURL: redisURL, configs.EnvHTTPAddr: "127.0.0.1:0",
	}
	cfg, err := configs.Load("", func(k string) string { return env[k] })
	if err != nil {
		b.Fatal(err)
	}
	cfg.Telegram.PollTimeout = 2 * time.Second
	if tweak != nil {
		tweak(&cfg)
	}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
	a, err := app.New(context.Background(), cfg, log, append([]app.Option{app.WithClock(orglife.ClockFunc(now))}, opts...)...)
	if err != nil {
		b.Fatalf("app.New: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ba := &benchApp{app: a, stop: cancel, done: make(chan error, 1)}
	go func() { ba.done <- a.Run(ctx) }()
	b.Cleanup(func() { ba.shutdown(b) })
	return ba, cfg
}

func (ba *benchApp) shutdown(b *testing.B) {
	if ba.stop == nil {
		return
	}
	ba.stop()
	ba.stop = nil
	select {
	case err := <-ba.done:
		if err != nil {
			b.Errorf("Run: %v", err)
		}
	case <-time.After(30 * time.Second):
		b.Error("the bot did not stop within 30s")
	}
}

// benchBranch is a branch seeded directly in the records: people[0] is its secretary.
type benchBranch struct {
	id      string
	meeting string
	people  []int64
}

// seedBranches makes n branches of size people each (user ids from firstUID on) with a
// current meeting laid out by cfg's template, and a user of the fake for everyone.
func seedBranches(b *testing.B, rdb redis.UniversalClient, cfg configs.Config, fake *telegramtest.Server, n, size int, firstUID int64) []benchBranch {
	b.Helper()
	rec := state.NewRecords(rdb, state.NewKeys(cfg.Redis.KeyPrefix))
	out := make([]benchBranch, n)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	sem := make(chan struct{}, 8)
	for i := range n {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			br, err := seedOne(rec, cfg, fake, i, size, firstUID+int64(i*size))
			if err != nil {
				errs <- err
				return
			}
			out[i] = br
		})
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		b.Fatal(err)
	}
	return out
}

func seedOne(rec *state.Records, cfg configs.Config, fake *telegramtest.Server, i, size int, uid0 int64) (benchBranch, error) {
	ctx := context.Background()
	id, err := rec.NewBranchID(ctx)
	if err != nil {
		return benchBranch{}, err
	}
	now := time.Now()
	br := benchBranch{id: id}
	for j := range size {
		uid := uid0 + int64(j)
		name := personName(benchBranch{people: []int64{uid0}}, j)
		if j == 0 {
			err = rec.CreateBranch(ctx, orglife.Branch{ID: id, Name: fmt.Sprintf("第%d党支部", i+1), SecretaryID: uid, CreatedAt: now},
				orglife.Member{UserID: uid, Name: name, Role: orglife.RoleSecretary, JoinedAt: now})
		} else {
			_, err = rec.AddMember(ctx, id, orglife.Member{UserID: uid, Name: name, Role: orglife.RoleMember, JoinedAt: now.Add(time.Duration(j) * time.Millisecond)})
		}
		if err != nil {
			return benchBranch{}, err
		}
		fake.NewUser(uid, name)
		br.people = append(br.people, uid)
	}
	seq, err := rec.NextID(ctx, id)
	if err != nil {
		return benchBranch{}, err
	}
	today := orglife.DateOf(now, cfg.Location)
	br.meeting = "m" + seq
	m := orglife.Meeting{ID: br.meeting, BranchID: id, Title: "2026年度专题组织生活会", Date: today.AddDays(20),
		Steps: orglife.NewSteps(today.AddDays(20), cfg.Meeting.Steps), CreatedAt: now}
	return br, rec.CreateMeeting(ctx, m)
}

// personName is the name of a branch's j-th person: its secretary is 书记<id>, the others 党员<id>.
func personName(br benchBranch, j int) string {
	uid := br.people[0] + int64(j)
	if j == 0 {
		return "书记" + strconv.FormatInt(uid, 10)
	}
	return "党员" + strconv.FormatInt(uid, 10)
}

// procStatus reads a field of /proc/self/status in kB.
func procStatus(field string) int64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return n
		}
	}
	return -1
}

// settledProcess collects garbage, gives memory back to the OS and returns VmRSS in MB and the
// goroutine count.
// settle waits until no update is left anywhere and the last answers are out, then has the
// fake forget its records of updates and messages (hundreds of MB at full size), so that
// what is measured next is what the bot holds (and the fake's users and chats, as before).
func settle(fake *telegramtest.Server) {
	deadline := time.Now().Add(2 * time.Minute)
	for fake.PendingUpdates() > 0 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(2 * time.Second)
	fake.DropHistory()
}

func settledProcess() (rssMB, heapMB float64, goroutines int) {
	runtime.GC()
	debug.FreeOSMemory()
	// The heap the last collection found live: what the process holds on to, without the
	// free space inside its spans that HeapInuse counts too.
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(live)
	return float64(procStatus("VmRSS")) / 1024, float64(live[0].Value.Uint64()) / (1 << 20), runtime.NumGoroutine()
}

// step kinds, for the latency breakdown.
const (
	kindCommand = iota
	kindButton
	kindText
	kindCount
)

var kindNames = [kindCount]string{"command", "button", "text"}

// member is one scripted person: they act, wait for the bot's answer and act again, as a
// person in a chat does.
type member struct {
	u       *telegramtest.User
	partner string // the name of the member they record a talk with
	lat     [kindCount][]time.Duration
	updates int
	err     error
}

const stepTimeout = 5 * time.Minute // only against hanging: the run fails if an answer never comes

// step performs act and waits for the bot's answer containing want; the latency is from the
// update being queued at the fake to the answer being recorded there (seen by the waiter).
func (m *member) step(kind int, sem chan struct{}, act func() error, want string) {
	if m.err != nil {
		return
	}
	if sem != nil {
		sem <- struct{}{}
		defer func() { <-sem }()
	}
	ctx, cancel := context.WithTimeout(context.Background(), stepTimeout)
	defer cancel()
	start := time.Now()
	if err := act(); err != nil {
		m.err = err
		return
	}
	if _, err := m.u.WaitReply(ctx, func(msg telegramtest.Message) bool { return strings.Contains(msg.Text, want) }); err != nil {
		m.err = fmt.Errorf("after %d updates, waiting for %q: %w", m.updates, want, err)
		return
	}
	m.lat[kind] = append(m.lat[kind], time.Since(start))
	m.updates++
}

func (m *member) send(text string) func() error { return func() error { m.u.Send(text); return nil } }
func (m *member) click(label string) func() error {
	return func() error { _, err := m.u.Click(label); return err }
}

// clickPartner presses /talk's button of the member named, which is marked when the
// coverage rules still ask for that talk.
func (m *member) clickPartner(name string) func() error {
	return func() error {
		if _, err := m.u.Click(name + "（必谈）"); err == nil {
			return nil
		}
		_, err := m.u.Click(name)
		return err
	}
}

// script is one member's work: a self-examination point (/point: 1 command, 2 buttons,
// 3 typed answers), a talk with their partner (/talk: 1 command, 3 buttons, 3 typed
// answers) and the confirmation of the talk another member recorded with them (1 button):
// 14 updates.
func (m *member) script(i int, sem chan struct{}) {
	zh := orglife.LangZH
	area, source := orglife.Areas[i%len(orglife.Areas)], orglife.Sources[i%len(orglife.Sources)]
	form := orglife.TalkForms[i%len(orglife.TalkForms)]
	m.step(kindCommand, sem, m.send("/point"), "这个问题属于哪个方面")
	m.step(kindButton, sem, m.click(area.Name(zh)), "是怎么查摆出来的")
	m.step(kindButton, sem, m.click(source.Name(zh)), "请用自己的话写下这个问题")
	m.step(kindText, sem, m.send(fmt.Sprintf("在第%d次支部会议筹备中，对分工任务跟进不及时，材料报送拖延了两天", i)), "原因分析")
	m.step(kindText, sem, m.send("对工作标准要求不高，时间安排缺乏计划性"), "整改措施")
	m.step(kindText, sem, m.send("每周列出任务清单，按期对账销号"), "已记录查摆问题")
	m.step(kindCommand, sem, m.send("/talk"), "和谁进行了谈心谈话")
	m.step(kindButton, sem, m.clickPartner(m.partner), "哪天谈的")
	m.step(kindButton, sem, m.click("今天"), "谈话形式")
	m.step(kindButton, sem, m.click(form.Name(zh)), "提出了哪些意见和建议？请直接输入")
	m.step(kindText, sem, m.send("希望在理论学习上更系统一些，多结合实际工作"), "向您提出了哪些意见和建议")
	m.step(kindText, sem, m.send("建议在联系群众方面多下功夫，主动了解情况"), "双方形成了哪些建议或共识")
	m.step(kindText, sem, m.send("互相提醒，每月交流一次学习体会"), "已记录与")
	if m.err != nil {
		return
	}
	// The talk another member recorded with this one: its notice may have come already.
	const notice = "记录了与您的一次谈心谈话"
	if !slices.ContainsFunc(m.u.Replies(), func(msg telegramtest.Message) bool { return strings.Contains(msg.Text, notice) }) {
		ctx, cancel := context.WithTimeout(context.Background(), stepTimeout)
		_, err := m.u.WaitReply(ctx, func(msg telegramtest.Message) bool { return strings.Contains(msg.Text, notice) })
		cancel()
		if err != nil {
			m.err = fmt.Errorf("no talk notice: %w", err)
			return
		}
	}
	m.step(kindButton, sem, m.click("确认"), "您已确认这条谈心谈话记录")
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(p*float64(len(sorted))))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// BenchmarkInboundLoad drives ORGLIFE_BENCH_BRANCHES branches (500) of ORGLIFE_BENCH_MEMBERS
// people (20) — 10,000 members, each recording a point, recording a talk and confirming one:
// 14 updates each, 140,000 in all — through the real update pipeline: the fake Bot API
// queues each update, the bot long-polls it, stores it in the Redis inbox, handles it and
// answers. Every member acts at once (ORGLIFE_BENCH_INFLIGHT bounds how many), each waiting
// for the bot's answer before the next step, as a person does.
//
// It reports throughput (updates/s), latency (p50/p99 in ms: from the update being queued at
// the fake to the bot's answer being recorded by the fake, which includes polling, the inbox,
// the handler and the sender; with every member waiting at once this is mostly time in
// queue), Redis round trips per update (every round trip of the app's client during the run,
// background work included, over the updates), and the process's VmRSS, live heap and
// goroutines before, half-way (the load runs in two halves of the branches) and after (after: every update handled, the fake's records of messages and updates
// dropped, garbage collected and memory returned to the OS; the fake's users and chats and
// these scripted members live in the same process both times). The outbound limits are
// lifted (30/s for the token and 1/s per chat would set the pace, not the bot), so that the
// bot's own capacity is measured; the flood limit (20 updates/min per user) stays.
//
// After the load it traces, on the same instance, the round trips of one member's button
// press and one typed answer inside a dialog (rt/button, rt/text), and logs which code made
// each. Run with -benchtime=1x.
func BenchmarkInboundLoad(b *testing.B) {
	if b.N > 1 {
		b.Skip("one run is the measurement: use -benchtime=1x")
	}
	branches, size := benchEnv("ORGLIFE_BENCH_BRANCHES", 500), benchEnv("ORGLIFE_BENCH_MEMBERS", 20)
	inflight := benchEnv("ORGLIFE_BENCH_INFLIGHT", 0)
	if size < 3 || branches < 1 {
		b.Fatal("ORGLIFE_BENCH_MEMBERS must be at least 3 and ORGLIFE_BENCH_BRANCHES at least 1")
	}
	fake, err := telegramtest.New(telegramtest.Options{DiscardCalls: true})
	if err != nil {
		b.Fatal(err)
	}
	defer fake.Close()
	r := redistest.Start(b, redistest.WithAOF())
	rt := &rtCounter{}
	logs := &logLines{}
	_, cfg := startBenchApp(b, fake, r.URL(), time.Now, logs, func(c *configs.Config) {
		// Lifted: the bot's capacity is measured, not Telegram's 30/s and 1/s per chat.
		c.Sender.GlobalPerSecond, c.Sender.PrivateInterval = 1_000_000, time.Millisecond
	}, app.WithRedisHook(rt))
	rdb := r.Client(b)
	// One person more in each branch, who takes no part in the load: the round trips of one
	// update are traced on the first branch's afterwards, clear of the flood limit.
	bs := seedBranches(b, rdb, cfg, fake, branches, size+1, 1_000_000)
	var members []*member
	for _, br := range bs {
		for j := range size {
			members = append(members, &member{u: mustUser(b, fake, br.people[j]), partner: personName(br, (j+1)%size)})
		}
	}
	tracer := &member{u: mustUser(b, fake, bs[0].people[size]), partner: personName(bs[0], 1)}
	var sem chan struct{}
	if inflight > 0 {
		sem = make(chan struct{}, inflight)
	}
	time.Sleep(time.Second)
	rssBefore, heapBefore, gBefore := settledProcess()
	rtBefore := rt.n.Load()

	// The load runs in two halves (the first half of the branches, then the rest) with the
	// process settled and measured between them: memory that stays flat from the middle to
	// the end, with as much work again done, is not leaking per update.
	b.ResetTimer()
	var elapsed time.Duration
	var rssHalf, heapHalf float64
	half := len(bs) / 2 * size
	for round, part := range [][]*member{members[:half], members[half:]} {
		b.StartTimer()
		start := time.Now()
		var wg sync.WaitGroup
		for i, m := range part {
			wg.Go(func() { m.script(round*half+i, sem) })
		}
		wg.Wait()
		elapsed += time.Since(start)
		b.StopTimer()
		if round == 0 && half > 0 {
			settle(fake)
			rssHalf, heapHalf, _ = settledProcess()
		}
	}

	rtDuring := rt.n.Load() - rtBefore
	var all []time.Duration
	var byKind [kindCount][]time.Duration
	updates, failed := 0, 0
	for _, m := range members {
		updates += m.updates
		if m.err != nil {
			if failed < 5 {
				b.Errorf("member %d: %v", m.u.ID(), m.err)
			}
			failed++
		}
		for k := range kindCount {
			byKind[k] = append(byKind[k], m.lat[k]...)
			all = append(all, m.lat[k]...)
		}
	}
	if failed > 0 {
		logs.report(b)
		b.Fatalf("%d of %d members did not finish", failed, len(members))
	}
	slices.Sort(all)
	for k := range kindCount {
		slices.Sort(byKind[k])
		b.Logf("%-7s updates %6d  p50 %8.1f ms  p99 %8.1f ms", kindNames[k], len(byKind[k]), ms(percentile(byKind[k], .5)), ms(percentile(byKind[k], .99)))
	}

	// Settle, then the goroutines must come back to where they were.
	deadline := time.Now().Add(2 * time.Minute)
	settle(fake)
	rssAfter, heapAfter, gAfter := settledProcess()
	for gAfter > gBefore+10 && time.Now().Before(deadline) {
		time.Sleep(time.Second)
		rssAfter, heapAfter, gAfter = settledProcess()
	}
	if path := os.Getenv("ORGLIFE_BENCH_HEAPPROFILE"); path != "" {
		writeHeapProfile(b, path) // what the settled process still holds, for go tool pprof
	}
	if gAfter > gBefore+10 {
		buf := make([]byte, 1<<20)
		b.Errorf("goroutines: %d before, %d after settling: a leak\n%s", gBefore, gAfter, buf[:runtime.Stack(buf, true)])
	}

	// The round trips of one member's /point, step by step: the command, a button press and
	// a typed answer inside the dialog, and the last answer, which stores the point.
	traced := func(kind int, act func() error, want string) []string {
		return rt.traced(func() {
			tracer.step(kind, nil, act, want)
			time.Sleep(200 * time.Millisecond) // the ack after the answer
		})
	}
	command := traced(kindCommand, tracer.send("/point"), "这个问题属于哪个方面")
	button := traced(kindButton, tracer.click(orglife.Areas[0].Name(orglife.LangZH)), "是怎么查摆出来的")
	traced(kindButton, tracer.click(orglife.Sources[0].Name(orglife.LangZH)), "请用自己的话写下这个问题")
	text := traced(kindText, tracer.send("对分工任务跟进不及时，材料报送拖延了两天"), "原因分析")
	traced(kindText, tracer.send("对工作标准要求不高"), "整改措施")
	finish := traced(kindText, tracer.send("每周列出任务清单，按期对账销号"), "已记录查摆问题")
	if tracer.err != nil {
		b.Fatal(tracer.err)
	}
	for _, t := range []struct {
		what  string
		trips []string
	}{{"the /point command", command}, {"a button press in a dialog", button}, {"a typed answer in a dialog", text}, {"the last answer, which stores the point", finish}} {
		b.Logf("Redis round trips of %s (%d):\n  %s", t.what, len(t.trips), strings.Join(t.trips, "\n  "))
	}
	if v := fake.Violations(); len(v) > 0 {
		b.Errorf("requests the Bot API would refuse:\n%s", strings.Join(v[:min(len(v), 10)], "\n"))
	}
	logs.report(b)

	b.ReportMetric(float64(updates), "updates")
	b.ReportMetric(float64(inflight), "inflight")
	b.ReportMetric(float64(updates)/elapsed.Seconds(), "updates/s")
	b.ReportMetric(ms(percentile(all, .5)), "p50-ms")
	b.ReportMetric(ms(percentile(all, .99)), "p99-ms")
	b.ReportMetric(float64(rtDuring)/float64(updates), "rt/update")
	b.ReportMetric(float64(len(text)), "rt/text")
	b.ReportMetric(float64(len(button)), "rt/button")
	b.ReportMetric(float64(len(command)), "rt/command")
	b.ReportMetric(float64(len(finish)), "rt/finish")
	b.ReportMetric(rssBefore, "rss-before-MB")
	b.ReportMetric(rssAfter, "rss-after-MB")
	b.ReportMetric(rssHalf, "rss-half-MB")
	b.ReportMetric(heapHalf, "live-heap-half-MB")
	b.ReportMetric(heapBefore, "live-heap-before-MB")
	b.ReportMetric(heapAfter, "live-heap-after-MB")
	b.ReportMetric(float64(gBefore), "goroutines-before")
	b.ReportMetric(float64(gAfter), "goroutines-after")
	b.ReportMetric(float64(logs.count()), "warnings")
}

func writeHeapProfile(b *testing.B, path string) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		b.Fatal(err)
	}
}

func mustUser(b *testing.B, fake *telegramtest.Server, id int64) *telegramtest.User {
	u, ok := fake.User(id)
	if !ok {
		b.Fatalf("no user %d", id)
	}
	return u
}

// BenchmarkFanOutThreeInstances is the reminder fan-out with three instances of the bot
// sharing one Redis, as a webhook deployment runs them: ORGLIFE_BENCH_FANOUT people (10,000)
// in ORGLIFE_BENCH_FANOUT_BRANCHES branches (30), one due reminder per branch, claimed by
// whichever instance is free, against the fake Bot API enforcing Telegram's limits (30
// messages/s for the token, 1/s per chat). It reports the sustained rate of all three
// together, the most messages in any one second, the 429s the fake answered (must be 0),
// the people who got the reminder more than once (must be 0) or not at all (must be 0), and
// how the sends were shared among the instances. It takes N/30 seconds: -benchtime=1x.
func BenchmarkFanOutThreeInstances(b *testing.B) {
	if b.N > 1 {
		b.Skip("one run is the measurement: use -benchtime=1x")
	}
	n := benchEnv("ORGLIFE_BENCH_FANOUT", 10000)
	branches := max(benchEnv("ORGLIFE_BENCH_FANOUT_BRANCHES", 30), 1)
	size := max((n+branches-1)/branches, 2)
	fake, err := telegramtest.New(telegramtest.Options{EnforceLimits: true})
	if err != nil {
		b.Fatal(err)
	}
	defer fake.Close()
	r := redistest.Start(b, redistest.WithAOF())
	clock := &testClock{}
	logs := &logLines{}
	var apps []*benchApp
	var cfg configs.Config
	for i := range 3 {
		addr := freeAddr(b)
		var a *benchApp
		a, cfg = startBenchApp(b, fake, r.URL(), clock.Now, logs, func(c *configs.Config) {
			onlyPointsStep(c)
			c.HTTP.Addr = addr
			c.Telegram.WebhookURL, c.Telegram.WebhookSecret = fmt.Sprintf("http://%s/hook%d", addr, i), "bench"
			c.Sender.GlobalPerSecond, c.Sender.PrivateInterval, c.Sender.PrivateBurst = 30, time.Second, 3
			// One reminder per claim, so that each instance takes a branch as it becomes free.
			c.Reminders.Batch, c.Reminders.Workers, c.Reminders.Tick = 1, 16, time.Second
		})
		apps = append(apps, a)
	}
	bs := seedBranches(b, r.Client(b), cfg, fake, branches, size, 2_000_000)
	total := branches * size
	clock.Set(time.Date(2026, 12, 1, 10, 0, 0, 0, cfg.Location)) // a Tuesday morning
	rem := state.NewReminders(r.Client(b), state.NewKeys(cfg.Redis.KeyPrefix))
	ctx := context.Background()
	time.Sleep(time.Second)

	b.ResetTimer()
	start := time.Now()
	for _, br := range bs {
		if err := rem.Add(ctx, orglife.Reminder{Key: "bench-" + br.id, Kind: orglife.RemindNudge, BranchID: br.id,
			MeetingID: br.meeting, Step: orglife.StepPoints, Due: clock.Now()}); err != nil {
			b.Fatal(err)
		}
	}
	deadline := time.Now().Add(time.Duration(total/25+60) * time.Second)
	for okCalls(fake) < total {
		if time.Now().After(deadline) {
			logs.report(b)
			b.Fatalf("%d of %d reminders delivered", okCalls(fake), total)
		}
		time.Sleep(200 * time.Millisecond)
	}
	elapsed := time.Since(start)
	b.StopTimer()
	time.Sleep(3 * time.Second) // a duplicate would come now

	perChat := map[string]int{}
	var times []time.Time
	for _, c := range fake.CallsTo("sendMessage") {
		if c.Status == 200 {
			perChat[c.Params["chat_id"]]++
			times = append(times, c.Time)
		}
	}
	dups, missing := 0, 0
	for _, br := range bs {
		for _, uid := range br.people {
			switch got := perChat[strconv.FormatInt(uid, 10)]; {
			case got == 0:
				missing++
			case got > 1:
				dups++
			}
		}
	}
	slices.SortFunc(times, func(x, y time.Time) int { return x.Compare(y) })
	peak := 0
	for i, j := 0, 0; j < len(times); j++ {
		for times[j].Sub(times[i]) >= time.Second {
			i++
		}
		peak = max(peak, j-i+1)
	}
	var shares []string
	for _, a := range apps {
		shares = append(shares, strconv.Itoa(sentMessages(b, a.app.HTTPAddr())))
	}
	b.Logf("%d people in %d branches; sendMessage per instance: %s; most in any 1 s: %d", total, branches, strings.Join(shares, " / "), peak)
	logs.report(b)
	rate := float64(total) / elapsed.Seconds()
	b.ReportMetric(float64(total), "messages")
	b.ReportMetric(rate, "msgs/s")
	b.ReportMetric(float64(peak), "peak-msgs/1s")
	b.ReportMetric(float64(fake.Count429()), "429s")
	b.ReportMetric(float64(dups), "duplicates")
	b.ReportMetric(float64(missing), "missing")
	if fake.Count429() > 0 || dups > 0 || missing > 0 {
		b.Errorf("%d × 429, %d people reminded twice, %d not at all", fake.Count429(), dups, missing)
	}
}

// sentMessages reads an instance's orglife_messages_sent_total for sendMessage.
func sentMessages(b *testing.B, addr string) int {
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, line := range strings.Split(string(body), "\n") {
		if rest, ok := strings.CutPrefix(line, `orglife_messages_sent_total{method="sendMessage"} `); ok {
			n, _ := strconv.ParseFloat(rest, 64)
			return int(n)
		}
	}
	return 0
}
