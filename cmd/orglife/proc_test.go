package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"orglife"
	"orglife/bot/telegramtest"
	"orglife/state"
	"orglife/state/redistest"
)

// faultConfig is the overlay the fault tests run the binary with: short polls, leases and
// retries so that a restart takes over within seconds, no quiet hours and no days off so that
// a reminder goes out whenever the test runs, and no pacing beyond what a test asks for.
// reminders.lease must exceed sender.max_retry_elapsed (the binary refuses it otherwise).
const faultConfig = `telegram:
  poll_timeout: 1s
  request_timeout: 90s
updates:
  handler_timeout: 5s
  lock_ttl: 5s
  retry_min: 50ms
  retry_max: 300ms
  flood_burst: 10000
sender:
  global_per_second: 1000
  private_interval: 10ms
  max_retry_elapsed: 2s
  backoff_min: 50ms
  backoff_max: 300ms
reminders:
  quiet_from: "00:00"
  quiet_to: "00:00"
  workdays: [0, 1, 2, 3, 4, 5, 6]
  daily_cap: 100
  tick: 1s
  lease: 3s
  workers: 8
`

// faultWorkers is reminders.workers in faultConfig: the most reminder sends in flight.
const faultWorkers = 8

// botRig is the built binary run as a process against the fake Bot API and a real
// redis-server, so that a test can SIGKILL it and start it again on the same Redis.
type botRig struct {
	t     *testing.T
	fake  *telegramtest.Server
	redis *redistest.Server
	conf  string      // path of the YAML overlay
	logs  *syncWriter // stderr of every run, one after the other
	keys  state.Keys
	rec   *state.Records
	rem   *state.Reminders
	store *state.Store

	runs   int
	cmd    *exec.Cmd
	exited chan error // receives the running process's exit
}

func newBotRig(t *testing.T, redisOpts ...redistest.Option) *botRig {
	t.Helper()
	fake, err := telegramtest.New(telegramtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = fake.Close() })
	r := redistest.Start(t, redisOpts...)
	conf := filepath.Join(t.TempDir(), "orglife.yaml")
	if err := os.WriteFile(conf, []byte(faultConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	keys := state.NewKeys("orglife")
	rdb := r.Client(t)
	rig := &botRig{t: t, fake: fake, redis: r, conf: conf, logs: &syncWriter{w: &bytes.Buffer{}}, keys: keys,
		rec: state.NewRecords(rdb, keys), rem: state.NewReminders(rdb, keys), store: state.NewStore(rdb, keys)}
	t.Cleanup(func() {
		rig.stopIfRunning()
		if t.Failed() {
			t.Logf("orglife logs:\n%s", rig.logs.String())
		}
	})
	return rig
}

// start runs the binary and waits until it says it is running.
func (r *botRig) start() {
	r.t.Helper()
	if r.cmd != nil {
		r.t.Fatal("start: the bot is already running")
	}
	r.runs++
	fmt.Fprintf(r.logs, "----- run %d -----\n", r.runs)
	cmd := command(r.t, "TELEGRAM_BOT_TOKEN="+r.fake.Token(), "TELEGRAM_API_ENDPOINT="+r.fake.Endpoint(),
		"REDIS_URL="+r.redis.URL(), "ORGLIFE_HTTP_ADDR=127.0.0.1:0", "ORGLIFE_CONFIG="+r.conf)
	cmd.Stderr = r.logs
	if err := cmd.Start(); err != nil {
		r.t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	r.cmd, r.exited = cmd, exited
	deadline := time.Now().Add(30 * time.Second)
	for strings.Count(r.logs.String(), `msg="orglife running"`) < r.runs {
		select {
		case err := <-exited:
			r.cmd = nil
			r.t.Fatalf("the bot exited while starting: %v", err)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			r.t.Fatal("the bot did not say it was running within 30s")
		}
	}
}

// kill ends the bot with SIGKILL, as a crash or an OOM kill would: nothing is finished.
func (r *botRig) kill() {
	r.t.Helper()
	if r.cmd == nil {
		r.t.Fatal("kill: the bot is not running")
	}
	if err := r.cmd.Process.Kill(); err != nil {
		r.t.Fatal(err)
	}
	select {
	case err := <-r.exited:
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != -1 {
			r.t.Fatalf("the bot ended with %v before it was killed", err)
		}
	case <-time.After(10 * time.Second):
		r.t.Fatal("the bot did not die within 10s of SIGKILL")
	}
	r.cmd = nil
}

func (r *botRig) stopIfRunning() {
	if r.cmd == nil {
		return
	}
	_ = r.cmd.Process.Kill()
	<-r.exited
	r.cmd = nil
}

// branch is a branch seeded directly in Redis, and its people as users of the fake.
type branch struct {
	id, meeting string
	secretary   *telegramtest.User
	members     []*telegramtest.User
}

// seedBranch makes a branch with a secretary (user 100) and n members (201…), and a current
// meeting 20 days away whose only step is 查摆问题, due 5 days before it.
func (r *botRig) seedBranch(n int) branch {
	r.t.Helper()
	ctx := context.Background()
	id, err := r.rec.NewBranchID(ctx)
	if err != nil {
		r.t.Fatal(err)
	}
	now := time.Now()
	b := branch{id: id, secretary: r.fake.NewUser(100, "张书记")}
	if err := r.rec.CreateBranch(ctx, orglife.Branch{ID: id, Name: "第一党支部", SecretaryID: 100, CreatedAt: now},
		orglife.Member{UserID: 100, Name: "张书记", Role: orglife.RoleSecretary, JoinedAt: now}); err != nil {
		r.t.Fatal(err)
	}
	for i := range n {
		uid := int64(201 + i)
		name := fmt.Sprintf("党员%d", i+1)
		if _, err := r.rec.AddMember(ctx, id, orglife.Member{UserID: uid, Name: name, Role: orglife.RoleMember,
			JoinedAt: now.Add(time.Duration(i) * time.Millisecond)}); err != nil {
			r.t.Fatal(err)
		}
		b.members = append(b.members, r.fake.NewUser(uid, name))
	}
	seq, err := r.rec.NextID(ctx, id)
	if err != nil {
		r.t.Fatal(err)
	}
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		r.t.Fatal(err)
	}
	date := orglife.DateOf(now, loc).AddDays(20)
	b.meeting = "m" + seq
	steps := orglife.NewSteps(date, []orglife.StepTemplate{{Kind: orglife.StepPoints, DaysBefore: 5,
		Responsible: orglife.ByEveryone, RemindDaysBefore: []int{3, 1, 0}, RemindOverdue: true}})
	if err := r.rec.CreateMeeting(ctx, orglife.Meeting{ID: b.meeting, BranchID: id, Title: "2026年度专题组织生活会",
		Date: date, Steps: steps, CreatedAt: now}); err != nil {
		r.t.Fatal(err)
	}
	return b
}

// points are the meeting's points as stored now.
func (r *botRig) points(b branch) []orglife.Point {
	r.t.Helper()
	ps, err := r.rec.Points(context.Background(), b.id, b.meeting)
	if err != nil {
		r.t.Fatal(err)
	}
	return ps
}

// recordPoint takes a member through /point as a person would: area and source by button,
// the problem, cause and measure typed, and waits for the bot's confirmation.
func recordPoint(t *testing.T, u *telegramtest.User, area, source, problem, cause, measure string) {
	t.Helper()
	u.Send("/point")
	waitReply(t, u, "这个问题属于哪个方面")
	click(t, u, area)
	waitReply(t, u, "怎么查摆出来的")
	click(t, u, source)
	waitReply(t, u, "请用自己的话写下这个问题")
	u.Send(problem)
	waitReply(t, u, "原因分析")
	u.Send(cause)
	waitReply(t, u, "整改措施")
	u.Send(measure)
	waitReply(t, u, "已记录查摆问题")
}

func click(t *testing.T, u *telegramtest.User, button string) {
	t.Helper()
	if _, err := u.Click(button); err != nil {
		t.Fatal(err)
	}
}

// countText is how many bot messages in u's chat contain s.
func countText(u *telegramtest.User, s string) int {
	n := 0
	for _, m := range u.Replies() {
		if strings.Contains(m.Text, s) {
			n++
		}
	}
	return n
}

// eventually polls cond until it holds, failing the test with what after within.
func eventually(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %s: %s", within, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// samePoint reports whether p has the given content.
func samePoint(p orglife.Point, member int64, area orglife.Area, source orglife.Source, problem, cause, measure string) bool {
	return p.MemberID == member && p.Area == area && p.Source == source && p.Problem == problem &&
		p.Cause == cause && p.Measure == measure && !p.Withdrawn
}
