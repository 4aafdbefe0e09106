package state_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"orglife"
	"orglife/state"
	"orglife/state/redistest"
)

// benchReminders is how many reminders BenchmarkClaimDueAmongMillion stores: 1,000,000, or
// ORGLIFE_BENCH_REMINDERS for a quick run.
func benchReminders(b *testing.B) int {
	n := 1_000_000
	if v := os.Getenv("ORGLIFE_BENCH_REMINDERS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			b.Fatalf("ORGLIFE_BENCH_REMINDERS=%q: want a positive number", v)
		}
	}
	return n
}

// BenchmarkClaimDueAmongMillion measures the time the scheduler spends finding and claiming
// due work: ClaimDue of 100 due reminders while 1,000,000 are stored (1% of them due, the
// rest spread over the coming weeks). What was claimed is put back untimed after each
// iteration, so every iteration sees the same data. Run it with
//
//	go test -run '^$' -bench ClaimDueAmongMillion -benchtime 2000x ./state/
//
// Setting up the million takes a while (pipelined in batches of 10,000, once per run).
func BenchmarkClaimDueAmongMillion(b *testing.B) {
	ctx := context.Background()
	n := benchReminders(b)
	dueN := min(n, max(n/100, 1000))
	srv := redistest.Start(b)
	c := srv.Client(b)
	s := state.NewReminders(c, remKeys)

	start := time.Now()
	const batch = 10_000
	now := remT0
	for lo := 0; lo < n; lo += batch {
		hi := min(lo+batch, n)
		fields := make([]any, 0, 2*(hi-lo))
		zs := make([]redis.Z, 0, hi-lo)
		for i := lo; i < hi; i++ {
			r := benchReminder(i)
			if i < dueN {
				r.Due = now.Add(-time.Duration(dueN-i) * time.Second) // due in the last hours
			} else {
				r.Due = now.Add(time.Hour + time.Duration(i)*time.Second) // the coming weeks
			}
			j := fmt.Sprintf(`{"key":%q,"kind":"step","branch_id":%q,"meeting_id":%q,"step":%q,"days_before":%d,"due":%q}`,
				r.Key, r.BranchID, r.MeetingID, r.Step, r.DaysBefore, r.Due.UTC().Format(time.RFC3339Nano))
			fields = append(fields, r.Key, j)
			zs = append(zs, redis.Z{Score: float64(r.Due.UnixMilli()), Member: r.Key})
		}
		_, err := c.Pipelined(ctx, func(p redis.Pipeliner) error {
			p.HSet(ctx, remKeys.SchedReminders(), fields...)
			p.ZAdd(ctx, remKeys.SchedDue(), zs...)
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if p, f, err := s.Counts(ctx); err != nil || p != int64(n) || f != 0 {
		b.Fatalf("after setup Counts = %d, %d, %v; want %d, 0", p, f, err, n)
	}
	mem, _ := c.Info(ctx, "memory").Result()
	b.Logf("stored %d reminders (%d due) in %s; redis %s", n, dueN, time.Since(start).Round(time.Millisecond),
		infoLine(mem, "used_memory_human"))

	const limit = 100
	want := min(limit, dueN)
	for b.Loop() {
		rs, err := s.ClaimDue(ctx, now, limit, time.Minute)
		if err != nil || len(rs) != want {
			b.Fatalf("ClaimDue = %d reminders, %v; want %d", len(rs), err, want)
		}
		b.StopTimer()
		_, err = c.Pipelined(ctx, func(p redis.Pipeliner) error {
			zs := make([]redis.Z, len(rs))
			keys := make([]any, len(rs))
			for i, r := range rs {
				zs[i] = redis.Z{Score: float64(r.Due.UnixMilli()), Member: r.Key}
				keys[i] = r.Key
			}
			p.ZRem(ctx, remKeys.SchedFlight(), keys...)
			p.ZAdd(ctx, remKeys.SchedDue(), zs...)
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.StopTimer()
	// The server's own share of the time, apart from the round trip and decoding.
	if stats, err := c.Info(ctx, "commandstats").Result(); err == nil {
		b.Logf("redis %s", infoLine(stats, "cmdstat_evalsha"))
	}
}

// benchReminder is the i-th of a large population: 21 step reminders a meeting, 20 meetings
// a branch.
func benchReminder(i int) orglife.Reminder {
	meeting, k := i/21, i%21
	branch := strconv.Itoa(meeting / 20)
	mID := strconv.FormatInt(int64(meeting%20+1), 36)
	step := orglife.StepKinds[k%len(orglife.StepKinds)]
	days := []int{3, 1, 0, -1, 7}[k%5]
	return orglife.Reminder{
		Key:  fmt.Sprintf("step:%s:%s:%s:%d:%d", branch, mID, step, days, k),
		Kind: orglife.RemindStep, BranchID: branch, MeetingID: mID, Step: step, DaysBefore: days,
	}
}

func infoLine(info, field string) string {
	for line := range strings.Lines(info) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), field+":"); ok {
			return field + "=" + v
		}
	}
	return field + "=?"
}

// BenchmarkReplanMeeting measures Replan of one meeting's 21 reminders (5 steps × 4 offsets
// and a digest): "same" plans what is already stored (the common case: the planner runs
// again and nothing changed), "moved" moves every due time at each call.
func BenchmarkReplanMeeting(b *testing.B) {
	ctx := context.Background()
	srv := redistest.Start(b)
	s := state.NewReminders(srv.Client(b), remKeys)
	plan := func(shift time.Duration) []orglife.Reminder {
		var rs []orglife.Reminder
		deadline := remT0.Add(14 * 24 * time.Hour)
		for _, step := range orglife.StepKinds {
			for _, days := range []int{3, 1, 0, -1} {
				rs = append(rs, orglife.Reminder{
					Key:  fmt.Sprintf("step:7:m1:%s:%d", step, days),
					Kind: orglife.RemindStep, BranchID: "7", MeetingID: "m1", Step: step, DaysBefore: days,
					Due: deadline.Add(-time.Duration(days)*24*time.Hour + shift),
				})
			}
		}
		return append(rs, orglife.Reminder{Key: "digest:7:m1", Kind: orglife.RemindDigest, BranchID: "7",
			MeetingID: "m1", Due: remT0.Add(shift)})
	}
	plans := [2][]orglife.Reminder{plan(0), plan(time.Hour)}
	if len(plans[0]) != 21 {
		b.Fatalf("plan has %d reminders; want 21", len(plans[0]))
	}
	b.Run("same", func(b *testing.B) {
		for b.Loop() {
			if err := s.Replan(ctx, "b:7:m:m1", plans[0]); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("moved", func(b *testing.B) {
		i := 0
		for b.Loop() {
			i++
			if err := s.Replan(ctx, "b:7:m:m1", plans[i%2]); err != nil {
				b.Fatal(err)
			}
		}
	})
}
