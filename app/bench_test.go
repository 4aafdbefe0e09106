package app_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"orglife"
	"orglife/bot/telegramtest"
	"orglife/configs"
	"orglife/state"
)

// BenchmarkReminderFanOut sends the day's message to N members (default 10,000; set
// ORGLIFE_BENCH_FANOUT) through the whole bot — two steps' reminders due at once, gathered into
// one message a person with its buttons — against the fake Bot API enforcing Telegram's
// limits (30 messages/s for the token), and reports the sustained rate, its share of the
// ceiling and the 429s. It takes N/30 seconds: run it with -benchtime=1x.
func BenchmarkReminderFanOut(b *testing.B) {
	n := 10000
	if v, err := strconv.Atoi(os.Getenv("ORGLIFE_BENCH_FANOUT")); err == nil && v > 0 {
		n = v
	}
	fake, err := telegramtest.New(telegramtest.Options{EnforceLimits: true})
	if err != nil {
		b.Fatal(err)
	}
	defer fake.Close()
	for range b.N {
		h := newHarness(b, withFake(fake), withConfig(func(c *configs.Config) {
			c.Meeting.Steps = []orglife.StepTemplate{
				{Kind: orglife.StepStudy, DaysBefore: 6, Responsible: orglife.ByEveryone, RemindDaysBefore: []int{3}},
				{Kind: orglife.StepPoints, DaysBefore: 5, Responsible: orglife.ByEveryone, RemindDaysBefore: []int{3}},
			}
			c.Sender.GlobalPerSecond, c.Sender.PrivateInterval, c.Sender.PrivateBurst = 30, time.Second, 3
			c.Reminders.Batch, c.Reminders.Workers = 1000, 16
		}))
		f := seedBranch(b, h, 0, 0)
		ctx := context.Background()
		for i := range n {
			uid := int64(10000 + i)
			if _, err := f.records.AddMember(ctx, f.branch.ID, orglife.Member{UserID: uid, Name: fmt.Sprintf("党员%d", i), Role: orglife.RoleMember}); err != nil {
				b.Fatal(err)
			}
			fake.NewUser(uid, "U")
		}
		now := time.Date(2026, 12, 1, 10, 0, 0, 0, h.cfg.Location)
		h.clock.Set(now)
		m := f.meeting
		m.CreatedAt = now.Add(-time.Hour) // set up before its reminders fall due
		if err := f.records.SaveMeeting(ctx, m); err != nil {
			b.Fatal(err)
		}
		rem := state.NewReminders(h.redis.Client(b), state.NewKeys(h.cfg.Redis.KeyPrefix))
		before429, sentBefore := fake.Count429(), len(fake.CallsTo("sendMessage"))
		b.ResetTimer()
		start := time.Now()
		for _, step := range []orglife.StepKind{orglife.StepStudy, orglife.StepPoints} {
			if err := rem.Add(ctx, orglife.Reminder{Key: "bench:" + string(step), Kind: orglife.RemindStep, BranchID: f.branch.ID,
				MeetingID: m.ID, Step: step, DaysBefore: 3, Due: now, Planned: now}); err != nil {
				b.Fatal(err)
			}
		}
		want := sentBefore + n + 1 // every member and the secretary
		deadline := time.Now().Add(time.Duration(n/25+60) * time.Second)
		for okCalls(fake) < want {
			if time.Now().After(deadline) {
				b.Fatalf("%d of %d reminders delivered", okCalls(fake)-sentBefore, n+1)
			}
			time.Sleep(200 * time.Millisecond)
		}
		elapsed := time.Since(start)
		b.StopTimer()
		time.Sleep(2 * time.Second) // one message a person: nothing more may follow
		if got := okCalls(fake); got != want {
			b.Fatalf("%d messages for %d people: the day's reminders were not one message a person", got-sentBefore, n+1)
		}
		rate := float64(n+1) / elapsed.Seconds()
		b.ReportMetric(rate, "msgs/s")
		b.ReportMetric(100*rate/30, "%ceiling")
		b.ReportMetric(float64(fake.Count429()-before429), "429s")
		_ = h.shutdown()
	}
}

// okCalls counts sendMessage calls the fake accepted.
func okCalls(f *telegramtest.Server) int {
	n := 0
	for _, c := range f.CallsTo("sendMessage") {
		if c.Status == 200 {
			n++
		}
	}
	return n
}
