package app_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"orglife"
	"orglife/bot/telegramtest"
	"orglife/configs"
	"orglife/state"
)

// outageHandlerTimeout is updates.handler_timeout in TestTelegramOutageLosesNothing, short
// so that the test need not last long; telegramOutage, how long Telegram misbehaves, outlasts
// it more than twice, so that updates in hand run out of time, as they would with the
// production budget of 30 s in an outage of a minute or more.
//
// The pipeline gives an update three runs (bot's maxTimeouts) before it drops it, back to
// back. An update first run at s into the outage has its third run start at about
// s + 2 × outageHandlerTimeout: from outageFirstAnswers on, that is after the outage, so no
// answer can run out of all three however the faults fall. (Answering at the outage's
// start, the third run would overlap its last second and a 2 s stall of a call made then.)
const (
	outageHandlerTimeout = 3 * time.Second
	telegramOutage       = 8 * time.Second
	outageFirstAnswers   = telegramOutage - 2*outageHandlerTimeout + 500*time.Millisecond
)

// TestTelegramOutageLosesNothing: for telegramOutage Telegram answers every call with a mix of 429
// with retry_after, 500 and 502 (JSON and an HTML page), slow failures and timeouts — some
// after which the message was delivered all the same —, and getUpdates only every other
// time. Meanwhile members answer a point's questions and ask for /help, and a reminder to
// the whole branch falls due. Afterwards every answer is recorded once, in its field, every
// reply and the reminder reached everyone, and no message was sent twice but where a
// timeout hid that Telegram had taken it (the window the README documents).
func TestTelegramOutageLosesNothing(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(func(c *configs.Config) {
		// The client's timeout, which the fake's timeouts outlast.
		c.Telegram.PollTimeout, c.Telegram.RequestTimeout = time.Second, 2*time.Second
		c.Updates.HandlerTimeout = outageHandlerTimeout
	}))
	h.clock.Set(instWorkingMorning(h.cfg.Location))
	f := seedBranch(t, h, 0, 20)
	everyone := append([]*telegramtest.User{f.secretary}, f.members...)
	writers := f.members[:4]
	for _, u := range writers {
		u.Send("/point")
		reply(t, u, "这个问题属于哪个方面")
		click(t, u, "理论学习")
		reply(t, u, "这个问题是怎么查摆出来的")
		click(t, u, "自己找")
		reply(t, u, "请用自己的话写下这个问题")
	}
	sentBefore := len(h.fake.CallsTo("sendMessage"))

	start := time.Now()
	late := 2 * time.Minute // far beyond the client's timeout: only its giving up ends the wait
	h.fake.FailFor("getUpdates", telegramOutage, telegramtest.Pass(), telegramtest.BadGateway(), telegramtest.Pass(),
		telegramtest.TooManyRequests(1), telegramtest.Pass(), telegramtest.TimeoutAfterApplying(late), telegramtest.Pass(),
		telegramtest.Timeout(late))
	h.fake.FailFor("", telegramOutage,
		telegramtest.TooManyRequests(2),
		telegramtest.Fault{Status: 500},
		telegramtest.BadGateway(),
		telegramtest.TimeoutAfterApplying(late),
		telegramtest.TooManyRequests(1),
		telegramtest.Timeout(late),
		telegramtest.Fault{Status: 502, Description: "Bad Gateway"},
		telegramtest.Fault{Status: 500, Delay: 500 * time.Millisecond},
		telegramtest.NetworkError(),
		telegramtest.Fault{Status: 504, Description: "Gateway Timeout", Delay: 1500 * time.Millisecond},
	)
	ctx := context.Background()
	rem := state.NewReminders(h.redis.Client(t), state.NewKeys(h.cfg.Redis.KeyPrefix))
	if err := rem.Add(ctx, orglife.Reminder{Key: "outage-nudge", Kind: orglife.RemindNudge, BranchID: f.branch.ID,
		MeetingID: f.meeting.ID, Step: orglife.StepStudy, Due: h.clock.Now()}); err != nil {
		t.Fatal(err)
	}
	answer := func(u *telegramtest.User) {
		u.Send(outageProblem(u.ID()))
		u.Send(outageCause(u.ID()))
		u.Send(outageMeasure(u.ID()))
		u.Send("/help")
	}
	// Two answer at once, well into the outage; two when the first ones' handlers have run
	// out of time.
	time.Sleep(time.Until(start.Add(outageFirstAnswers)))
	answer(writers[0])
	answer(writers[1])
	time.Sleep(time.Until(start.Add(outageFirstAnswers + outageHandlerTimeout)))
	answer(writers[2])
	answer(writers[3])
	time.Sleep(time.Until(start.Add(telegramOutage)))
	t.Logf("outage over after %v; the fake answered %d calls with 429", time.Since(start).Round(time.Second), h.fake.Count429())

	// Everything arrives once Telegram is back.
	deadline := time.Now().Add(45 * time.Second)
	for !outageSettled(h, rem, writers, everyone) {
		if time.Now().After(deadline) {
			for _, u := range writers {
				t.Logf("user %d: %s", u.ID(), outageSummary(u))
			}
			t.Fatal("not everything arrived within 45s of the outage's end")
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("settled %v after the outage began", time.Since(start).Round(time.Second))

	// Each answer recorded once, in the field it was typed for.
	for _, u := range writers {
		var mine []orglife.Point
		for _, p := range ptPoints(t, f) {
			if p.MemberID == u.ID() {
				mine = append(mine, p)
			}
		}
		if len(mine) != 1 || mine[0].Problem != outageProblem(u.ID()) || mine[0].Cause != outageCause(u.ID()) ||
			mine[0].Measure != outageMeasure(u.ID()) {
			t.Fatalf("user %d's points %+v; want one with the problem, cause and measure as typed", u.ID(), mine)
		}
	}
	updates := len(writers) * (3 + 4) // /point and two buttons; three answers and /help
	waitUntil(t, func() bool { return instMetric(t, h, "orglife_updates_handled_total") >= updates })
	if handled, failed := instMetric(t, h, "orglife_updates_handled_total"), instMetric(t, h, "orglife_updates_failed_total"); handled != updates || failed != 0 {
		t.Fatalf("%d updates handled and %d failed; want each of the %d handled once", handled, failed, updates)
	}

	// Every message at least once; more than once only through a timeout after which
	// Telegram had the message: per chat and text, at most one copy the bot was told of.
	type key struct {
		chat string
		text string
	}
	told, hidden := map[key]int{}, map[key]int{}
	calls := h.fake.CallsTo("sendMessage")
	for _, c := range calls[sentBefore:] {
		k := key{c.Params["chat_id"], c.Params["text"]}
		switch {
		case c.Status == 200 && c.Abandoned:
			hidden[k]++
		case c.Status == 200:
			told[k]++
		}
	}
	dupes := 0
	for k, n := range told {
		if n > 1 {
			t.Errorf("chat %s got %q %d times, each acknowledged by Telegram: a duplicate outside the window", k.chat, k.text, n)
		}
		dupes += hidden[k]
	}
	for k, n := range hidden {
		if told[k] == 0 {
			dupes += n - 1 // the bot never learnt of any copy; all but one are duplicates
		}
	}
	for _, u := range writers {
		for _, want := range []string{"原因分析", "整改措施", "已记录查摆问题", "可用命令"} {
			if count(u, want) == 0 {
				t.Errorf("user %d never got %q", u.ID(), want)
			}
		}
	}
	for _, u := range everyone {
		if count(u, "【支部书记提醒】") == 0 {
			t.Errorf("user %d never got the reminder", u.ID())
		}
	}
	t.Logf("%d sendMessage calls since the outage began, %d duplicate messages, each from a timeout after delivery",
		len(calls)-sentBefore, dupes)
	if t.Failed() {
		t.FailNow()
	}
	// The outage did what it is here for: it outlasted a handler's budget, and some
	// messages were delivered behind a timeout.
	if !strings.Contains(h.logs.String(), "handler timed out") || len(hidden) == 0 {
		t.Fatalf("no handler ran out of time (%v) or no timeout hid a delivery (%d): the test lost its point",
			strings.Contains(h.logs.String(), "handler timed out"), len(hidden))
	}
	noViolations(t, h.fake)
}

func outageProblem(user int64) string {
	return "用户" + strconv.FormatInt(user, 10) + "在三月份的调研报告中拖延了两周才交"
}
func outageCause(user int64) string {
	return "原因：用户" + strconv.FormatInt(user, 10) + "对调研工作重视不够"
}
func outageMeasure(user int64) string {
	return "措施：用户" + strconv.FormatInt(user, 10) + "每项任务列出时间表"
}

// outageSettled: every writer's point is confirmed and /help answered, everyone has the
// reminder, and the reminder is settled.
func outageSettled(h *harness, rem *state.Reminders, writers, everyone []*telegramtest.User) bool {
	for _, u := range writers {
		if count(u, "已记录查摆问题") == 0 || count(u, "可用命令") == 0 {
			return false
		}
	}
	for _, u := range everyone {
		if count(u, "【支部书记提醒】") == 0 {
			return false
		}
	}
	ctx := context.Background()
	_, inFlight, err := rem.Counts(ctx)
	next, ok, err2 := rem.NextDue(ctx)
	return err == nil && err2 == nil && inFlight == 0 && (!ok || next.After(h.clock.Now()))
}

// outageSummary lists the first line of each bot message in u's chat.
func outageSummary(u *telegramtest.User) string {
	var out []string
	for _, m := range u.Replies() {
		first, _, _ := strings.Cut(m.Text, "\n")
		out = append(out, first)
	}
	return strings.Join(out, " | ")
}
