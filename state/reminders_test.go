package state_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"orglife"
	"orglife/state"
	"orglife/state/redistest"
)

var remKeys = state.NewKeys("orglife")

// remT0 is a Monday morning in Shanghai; remAt(n) is n minutes later.
var remT0 = time.Date(2023, 10, 2, 1, 0, 0, 0, time.UTC)

func remAt(n int) time.Time { return remT0.Add(time.Duration(n) * time.Minute) }

func newReminders(t *testing.T, opts ...redistest.Option) (*state.Reminders, *redis.Client, *redistest.Server) {
	t.Helper()
	srv := redistest.Start(t, opts...)
	c := srv.Client(t)
	return state.NewReminders(c, remKeys), c, srv
}

func rem(key string, due time.Time) orglife.Reminder {
	return orglife.Reminder{Key: key, Kind: orglife.RemindStep, BranchID: "7", MeetingID: "m1",
		Step: orglife.StepPoints, DaysBefore: 3, Due: due}
}

func mustReplan(t *testing.T, s *state.Reminders, group string, rs ...orglife.Reminder) {
	t.Helper()
	if err := s.Replan(context.Background(), group, rs); err != nil {
		t.Fatalf("Replan(%s): %v", group, err)
	}
}

func mustAddRem(t *testing.T, s *state.Reminders, r orglife.Reminder) {
	t.Helper()
	if err := s.Add(context.Background(), r); err != nil {
		t.Fatalf("Add(%s): %v", r.Key, err)
	}
}

func claim(t *testing.T, s *state.Reminders, now time.Time, limit int, lease time.Duration) []orglife.Reminder {
	t.Helper()
	rs, err := s.ClaimDue(context.Background(), now, limit, lease)
	if err != nil {
		t.Fatalf("ClaimDue(%s, %d): %v", now, limit, err)
	}
	return rs
}

func claimKeys(t *testing.T, s *state.Reminders, now time.Time, limit int, lease time.Duration) []string {
	t.Helper()
	var ks []string
	for _, r := range claim(t, s, now, limit, lease) {
		ks = append(ks, r.Key)
	}
	return ks
}

func wantCounts(t *testing.T, s *state.Reminders, pending, inFlight int64) {
	t.Helper()
	p, f, err := s.Counts(context.Background())
	if err != nil || p != pending || f != inFlight {
		t.Fatalf("Counts = %d pending, %d in flight, %v; want %d, %d", p, f, err, pending, inFlight)
	}
}

// dueAt is where key waits in the due set; ok is false when it does not wait there.
func dueAt(t *testing.T, c *redis.Client, key string) (time.Time, bool) {
	t.Helper()
	score, err := c.ZScore(context.Background(), remKeys.SchedDue(), key).Result()
	if errors.Is(err, redis.Nil) {
		return time.Time{}, false
	}
	if err != nil {
		t.Fatal(err)
	}
	return time.UnixMilli(int64(score)), true
}

func wantDue(t *testing.T, c *redis.Client, key string, due time.Time) {
	t.Helper()
	got, ok := dueAt(t, c, key)
	if !ok || !got.Equal(due) {
		t.Fatalf("%s due at %s (waiting %v); want %s", key, got, ok, due)
	}
}

func wantNotStored(t *testing.T, c *redis.Client, key string) {
	t.Helper()
	ctx := context.Background()
	if _, ok := dueAt(t, c, key); ok {
		t.Fatalf("%s still waits in the due set", key)
	}
	if n := c.HExists(ctx, remKeys.SchedReminders(), key).Val(); n {
		t.Fatalf("%s still stored", key)
	}
	if err := c.ZScore(ctx, remKeys.SchedFlight(), key).Err(); !errors.Is(err, redis.Nil) {
		t.Fatalf("%s still in flight (%v)", key, err)
	}
}

func TestRemindersReplanAddUpdateRemove(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, c, _ := newReminders(t)
	g := "b:7:m:m1"
	mustAddRem(t, s, rem("nudge", remAt(5)))
	mustReplan(t, s, "b:7:m:other", rem("other", remAt(7)))

	mustReplan(t, s, g, rem("a", remAt(10)), rem("b", remAt(20)), rem("c", remAt(30)))
	wantCounts(t, s, 5, 0)
	wantDue(t, c, "a", remAt(10))
	wantDue(t, c, "b", remAt(20))
	wantDue(t, c, "c", remAt(30))

	// b moves, c is no longer planned, d is new.
	mustReplan(t, s, g, rem("a", remAt(10)), rem("b", remAt(25)), rem("d", remAt(40)))
	wantCounts(t, s, 5, 0)
	wantDue(t, c, "b", remAt(25))
	wantDue(t, c, "d", remAt(40))
	wantNotStored(t, c, "c")

	// The same plan again, and the same moments written in another zone, change nothing.
	shanghai := time.FixedZone("CST", 8*3600)
	before := c.HGetAll(ctx, remKeys.SchedReminders()).Val()
	mustReplan(t, s, g, rem("a", remAt(10)), rem("b", remAt(25)), rem("d", remAt(40)))
	mustReplan(t, s, g, rem("a", remAt(10).In(shanghai)), rem("b", remAt(25).In(shanghai)), rem("d", remAt(40)))
	if after := c.HGetAll(ctx, remKeys.SchedReminders()).Val(); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatalf("idempotent replan changed the stored reminders:\n%v\n%v", before, after)
	}
	wantCounts(t, s, 5, 0)

	// Other content under the same key is a change, even at the same moment.
	changed := rem("a", remAt(10))
	changed.DaysBefore = 1
	mustReplan(t, s, g, changed, rem("b", remAt(25)), rem("d", remAt(40)))
	got := claim(t, s, remAt(10), 10, time.Minute)
	if len(got) != 3 || got[2].Key != "a" || got[2].DaysBefore != 1 {
		t.Fatalf("claimed %+v; want nudge, other, then a with DaysBefore 1", got)
	}

	// The reminders come back as planned, their due time in UTC.
	want := rem("nudge", remAt(5))
	if r := got[0]; r.Key != want.Key || r.Kind != want.Kind || r.BranchID != want.BranchID ||
		r.MeetingID != want.MeetingID || r.Step != want.Step || r.DaysBefore != want.DaysBefore ||
		r.UserID != 0 || !r.Due.Equal(want.Due) || r.Due.Location() != time.UTC {
		t.Fatalf("claimed %+v; want %+v", r, want)
	}

	// An empty plan removes the group, and nothing else.
	mustReplan(t, s, g)
	for _, k := range []string{"b", "d"} {
		wantNotStored(t, c, k)
	}
	if n := c.Exists(ctx, remKeys.SchedGroup(g)).Val(); n != 0 {
		t.Fatalf("group key left after an empty plan")
	}
	wantCounts(t, s, 0, 3) // nudge, other and a are in flight
}

func TestRemindersReplanDoesNotResendWhatWasSent(t *testing.T) {
	t.Parallel()
	s, c, _ := newReminders(t)
	g := "b:7:m:m1"
	mustReplan(t, s, g, rem("a", remAt(10)), rem("b", remAt(20)))
	if ks := claimKeys(t, s, remAt(10), 10, time.Minute); !slices.Equal(ks, []string{"a"}) {
		t.Fatalf("claimed %v; want [a]", ks)
	}
	if err := s.Done(context.Background(), "a"); err != nil {
		t.Fatal(err)
	}
	// Planning the same again does not bring a back...
	mustReplan(t, s, g, rem("a", remAt(10)), rem("b", remAt(20)))
	wantNotStored(t, c, "a")
	wantCounts(t, s, 1, 0)
	// ...but a moved deadline plans it anew.
	mustReplan(t, s, g, rem("a", remAt(50)), rem("b", remAt(20)))
	wantDue(t, c, "a", remAt(50))
	wantCounts(t, s, 2, 0)
}

func TestRemindersReplanLeavesInFlightAlone(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, c, _ := newReminders(t)
	g := "b:7:m:m1"
	mustReplan(t, s, g, rem("a", remAt(10)), rem("b", remAt(20)), rem("c", remAt(12)))
	if ks := claimKeys(t, s, remAt(15), 10, time.Minute); !slices.Equal(ks, []string{"a", "c"}) {
		t.Fatalf("claimed %v; want [a c]", ks)
	}
	flightBefore := c.ZRangeWithScores(ctx, remKeys.SchedFlight(), 0, -1).Val()
	storedA := c.HGet(ctx, remKeys.SchedReminders(), "a").Val()

	// a is dropped from the plan and c moved while both are being sent.
	mustReplan(t, s, g, rem("b", remAt(20)), rem("c", remAt(45)))
	if after := c.ZRangeWithScores(ctx, remKeys.SchedFlight(), 0, -1).Val(); fmt.Sprint(after) != fmt.Sprint(flightBefore) {
		t.Fatalf("flight changed by replan: %v → %v", flightBefore, after)
	}
	if got := c.HGet(ctx, remKeys.SchedReminders(), "a").Val(); got != storedA {
		t.Fatalf("in-flight a changed by replan: %s → %s", storedA, got)
	}
	for _, k := range []string{"a", "c"} {
		if _, ok := dueAt(t, c, k); ok {
			t.Fatalf("in-flight %s put back in the due set", k)
		}
	}
	wantCounts(t, s, 1, 2)

	// Their holder dies: both come back when the lease runs out, as they were claimed.
	got := claim(t, s, remAt(16), 10, time.Minute)
	if len(got) != 2 || got[0].Key != "a" || got[1].Key != "c" || !got[1].Due.Equal(remAt(12)) {
		t.Fatalf("after the lease claimed %+v; want a and c as claimed before", got)
	}
	for _, k := range []string{"a", "c"} {
		if err := s.Done(ctx, k); err != nil {
			t.Fatal(err)
		}
	}
	// c's new plan counted as sent with the copy in flight: planning it again sends nothing.
	mustReplan(t, s, g, rem("b", remAt(20)), rem("c", remAt(45)))
	wantNotStored(t, c, "a")
	wantNotStored(t, c, "c")
	wantCounts(t, s, 1, 0)
}

func TestRemindersRejectBadInput(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _, _ := newReminders(t)
	for name, err := range map[string]error{
		"duplicate key": s.Replan(ctx, "g", []orglife.Reminder{rem("a", remAt(1)), rem("a", remAt(2))}),
		"empty key":     s.Replan(ctx, "g", []orglife.Reminder{rem("", remAt(1))}),
		"empty group":   s.Replan(ctx, "", nil),
		"space in key":  s.Add(ctx, rem("a b", remAt(1))),
		"long key":      s.Add(ctx, rem(strings.Repeat("k", 201), remAt(1))),
	} {
		if !errors.Is(err, state.ErrBadReminder) {
			t.Errorf("%s: err = %v; want ErrBadReminder", name, err)
		}
	}
	if _, err := s.ClaimDue(ctx, remAt(1), 10, 0); !errors.Is(err, state.ErrBadReminder) {
		t.Errorf("ClaimDue with no lease: err = %v", err)
	}
	if rs, err := s.ClaimDue(ctx, remAt(1), 0, time.Minute); rs != nil || err != nil {
		t.Errorf("ClaimDue with limit 0 = %v, %v", rs, err)
	}
	wantCounts(t, s, 0, 0)
}

func TestRemindersClaimDueOrderLimitAndLease(t *testing.T) {
	t.Parallel()
	s, _, _ := newReminders(t)
	// Ten due one minute apart, stored in random order, and one far ahead.
	for _, i := range rand.Perm(10) {
		mustAddRem(t, s, rem(fmt.Sprintf("k%02d", i+1), remAt(i+1)))
	}
	mustAddRem(t, s, rem("later", remAt(24*60)))

	if ks := claimKeys(t, s, remAt(5).Add(30*time.Second), 3, time.Minute); !slices.Equal(ks, []string{"k01", "k02", "k03"}) {
		t.Fatalf("first claim %v; want k01..k03", ks)
	}
	if ks := claimKeys(t, s, remAt(5), 10, time.Minute); !slices.Equal(ks, []string{"k04", "k05"}) {
		t.Fatalf("second claim %v; want k04 k05 (due at or before now)", ks)
	}
	if ks := claimKeys(t, s, remAt(5), 10, time.Minute); len(ks) != 0 {
		t.Fatalf("third claim %v; want nothing", ks)
	}
	wantCounts(t, s, 6, 5)

	// Leases end at 6:30 (k01..k03) and 6:00 (k04, k05): nothing returns before.
	if ks := claimKeys(t, s, remAt(6).Add(-time.Millisecond), 10, time.Minute); len(ks) != 0 {
		t.Fatalf("claim before any lease ran out %v; want nothing", ks)
	}
	// At 6:00 the leases of k04 and k05 have run out: they come first, then what is due.
	if ks := claimKeys(t, s, remAt(6), 10, time.Minute); !slices.Equal(ks, []string{"k04", "k05", "k06"}) {
		t.Fatalf("claim at 6:00 %v; want k04 k05 again, then k06", ks)
	}
	// At 7:00 every lease has run out; the oldest leases come first.
	if ks := claimKeys(t, s, remAt(7), 3, time.Minute); !slices.Equal(ks, []string{"k01", "k02", "k03"}) {
		t.Fatalf("claim at 7:00 with limit 3 %v; want the expired k01..k03 first", ks)
	}
	if ks := claimKeys(t, s, remAt(7), 10, time.Minute); !slices.Equal(ks, []string{"k04", "k05", "k06", "k07"}) {
		t.Fatalf("claim at 7:00 %v; want k04..k06 (their lease ran out) and k07", ks)
	}
	wantCounts(t, s, 4, 7)
}

// TestRemindersConcurrentClaimers runs eight claimers, each with its own connection, over
// 3000 due reminders: every reminder is claimed by exactly one of them.
func TestRemindersConcurrentClaimers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, c, srv := newReminders(t)
	const n = 3000
	pipe := c.Pipeline()
	all := make([]string, n)
	for i := range n {
		all[i] = fmt.Sprintf("r%04d", i)
		j := fmt.Sprintf(`{"key":%q,"kind":"step","branch_id":"7","days_before":1,"due":%q}`, all[i],
			remAt(i%50).Format(time.RFC3339Nano))
		pipe.HSet(ctx, remKeys.SchedReminders(), all[i], j)
		pipe.ZAdd(ctx, remKeys.SchedDue(), redis.Z{Score: float64(remAt(i % 50).UnixMilli()), Member: all[i]})
	}
	if _, err := pipe.Exec(ctx); err != nil {
		t.Fatal(err)
	}

	got := make([][]string, 8)
	var wg sync.WaitGroup
	for w := range got {
		inst := state.NewReminders(srv.Client(t), remKeys)
		wg.Go(func() {
			for {
				rs, err := inst.ClaimDue(ctx, remAt(60), 1+w, time.Hour)
				if err != nil {
					t.Error(err)
					return
				}
				if len(rs) == 0 {
					return
				}
				for _, r := range rs {
					got[w] = append(got[w], r.Key)
					if w%2 == 0 { // half settle at once, half leave theirs in flight
						if err := inst.Done(ctx, r.Key); err != nil {
							t.Error(err)
						}
					}
				}
			}
		})
	}
	wg.Wait()
	var union []string
	for w, ks := range got {
		if len(ks) == 0 {
			t.Logf("claimer %d got nothing", w)
		}
		union = append(union, ks...)
	}
	slices.Sort(union)
	if len(union) != n {
		t.Fatalf("claimed %d in all; want %d", len(union), n)
	}
	if d := slices.Compact(slices.Clone(union)); len(d) != n {
		t.Fatalf("%d reminders were claimed twice", n-len(d))
	}
	if !slices.Equal(union, all) {
		t.Fatal("claimed set differs from the stored set")
	}
}

func TestRemindersDoneAndDefer(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, c, _ := newReminders(t)
	mustAddRem(t, s, rem("a", remAt(1)))
	mustAddRem(t, s, rem("b", remAt(2)))
	claim(t, s, remAt(2), 10, time.Minute)

	if err := s.Done(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if err := s.Done(ctx, "a"); err != nil {
		t.Fatalf("Done twice: %v", err)
	}
	wantNotStored(t, c, "a")

	// b falls in quiet hours: it waits until the morning, its due time moved.
	morning := remAt(600)
	if err := s.Defer(ctx, "b", morning); err != nil {
		t.Fatal(err)
	}
	wantCounts(t, s, 1, 0)
	if ks := claimKeys(t, s, remAt(599), 10, time.Minute); len(ks) != 0 {
		t.Fatalf("deferred reminder claimed early: %v", ks)
	}
	got := claim(t, s, morning, 10, time.Minute)
	if len(got) != 1 || got[0].Key != "b" || !got[0].Due.Equal(morning) || got[0].MeetingID != "m1" {
		t.Fatalf("claimed %+v; want b due in the morning", got)
	}
	if err := s.Defer(ctx, "gone", morning); !errors.Is(err, orglife.ErrNotFound) {
		t.Fatalf("Defer of a missing reminder: %v; want orglife.ErrNotFound", err)
	}
}

func TestRemindersReplanKeepsADefer(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, c, _ := newReminders(t)
	g := "b:7:m:m1"
	mustReplan(t, s, g, rem("a", remAt(1)))
	claim(t, s, remAt(1), 10, time.Minute)
	if err := s.Defer(ctx, "a", remAt(600)); err != nil {
		t.Fatal(err)
	}
	mustReplan(t, s, g, rem("a", remAt(1)))
	wantDue(t, c, "a", remAt(600))
}

func TestRemindersAddReplaces(t *testing.T) {
	t.Parallel()
	s, c, _ := newReminders(t)
	mustAddRem(t, s, rem("a", remAt(1)))
	claim(t, s, remAt(1), 10, time.Minute)
	r := rem("a", remAt(30))
	r.UserID = 42
	mustAddRem(t, s, r)
	wantCounts(t, s, 1, 0)
	wantDue(t, c, "a", remAt(30))
	if got := claim(t, s, remAt(30), 10, time.Minute); len(got) != 1 || got[0].UserID != 42 {
		t.Fatalf("claimed %+v; want the replaced a for user 42", got)
	}
}

func TestRemindersBeginEndSend(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _, _ := newReminders(t)
	begin := func(key string, user int64, ttl time.Duration) bool {
		t.Helper()
		ok, err := s.BeginSend(ctx, key, user, ttl)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !begin("a", 1, time.Hour) {
		t.Fatal("first BeginSend = false")
	}
	if begin("a", 1, time.Hour) {
		t.Fatal("BeginSend while being sent = true")
	}
	if !begin("a", 2, time.Hour) || !begin("b", 1, time.Hour) {
		t.Fatal("another user or reminder is blocked")
	}
	if err := s.EndSend(ctx, "a", 1, time.Hour); err != nil {
		t.Fatal(err)
	}
	if begin("a", 1, time.Hour) {
		t.Fatal("BeginSend after EndSend = true")
	}

	// A "sending" mark lasts ttl; a "sent" mark lasts keep. The marks live a second, which
	// the two calls after the first take well within even on a busy machine.
	if !begin("c", 1, time.Second) || begin("c", 1, time.Second) {
		t.Fatal("BeginSend of c")
	}
	if err := s.EndSend(ctx, "d", 1, time.Second); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1300 * time.Millisecond)
	if !begin("c", 1, time.Hour) {
		t.Fatal("BeginSend after the sending mark expired = false")
	}
	if !begin("d", 1, time.Hour) {
		t.Fatal("BeginSend after the sent mark expired = false")
	}
	if _, err := s.BeginSend(ctx, "e", 1, 0); !errors.Is(err, state.ErrBadReminder) {
		t.Fatalf("BeginSend with no ttl: %v", err)
	}
}

// TestRemindersCrashBeforeSendIsNotLost: an instance claims a reminder, marks a person as
// being sent to, and dies. When the lease has run out the next claim sends it, even though
// the dead instance's mark has not expired; a person already recorded is still skipped.
func TestRemindersCrashBeforeSendIsNotLost(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _, _ := newReminders(t)
	mustAddRem(t, s, rem("a", remAt(1)))
	claim(t, s, remAt(1), 10, time.Minute)
	for _, u := range []int64{1, 2} {
		if ok, err := s.BeginSend(ctx, "a", u, time.Hour); err != nil || !ok {
			t.Fatalf("BeginSend(a, %d) = %v, %v", u, ok, err)
		}
	}
	if err := s.EndSend(ctx, "a", 1, time.Hour); err != nil { // 1 got it, then the crash
		t.Fatal(err)
	}
	if ks := claimKeys(t, s, remAt(2), 10, time.Minute); !slices.Equal(ks, []string{"a"}) {
		t.Fatalf("claim after the lease %v; want a", ks)
	}
	if ok, _ := s.BeginSend(ctx, "a", 1, time.Hour); ok {
		t.Fatal("user 1, recorded as sent, would get it again")
	}
	ok, err := s.BeginSend(ctx, "a", 2, time.Hour)
	if err != nil || !ok {
		t.Fatalf("user 2, never sent to, is skipped: %v, %v", ok, err)
	}
	if ok, _ := s.BeginSend(ctx, "a", 2, time.Hour); ok {
		t.Fatal("second BeginSend under the same claim = true")
	}
}

func TestRemindersTally(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, c, _ := newReminders(t)
	day := orglife.Date{Year: 2023, Month: 10, Day: 2}
	for want := int64(1); want <= 3; want++ {
		if n, err := s.Tally(ctx, 42, day); err != nil || n != want {
			t.Fatalf("Tally = %d, %v; want %d", n, err, want)
		}
	}
	if n, _ := s.Tally(ctx, 42, day.AddDays(1)); n != 1 {
		t.Fatalf("next day's tally = %d; want 1", n)
	}
	if n, _ := s.Tally(ctx, 43, day); n != 1 {
		t.Fatalf("other user's tally = %d; want 1", n)
	}
	if ttl := c.TTL(ctx, remKeys.SchedTally(42, day.String())).Val(); ttl < 47*time.Hour || ttl > 48*time.Hour {
		t.Fatalf("tally kept %s; want 2 days", ttl)
	}
}

func TestRemindersLeaves(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _, _ := newReminders(t)
	d := func(day int) orglife.Date { return orglife.Date{Year: 2023, Month: 10, Day: day} }
	for _, l := range []orglife.Leave{
		{UserID: 30, From: d(1), To: d(5), SetBy: 30},
		{UserID: 4, From: d(3), To: d(3), SetBy: 1},
		{UserID: 30, From: d(10), To: d(12), SetBy: 1}, // replaces the first
	} {
		if err := s.SetLeave(ctx, "7", l); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetLeave(ctx, "8", orglife.Leave{UserID: 4, From: d(1), To: d(2)}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Leaves(ctx, "7")
	want := []orglife.Leave{{UserID: 4, From: d(3), To: d(3), SetBy: 1}, {UserID: 30, From: d(10), To: d(12), SetBy: 1}}
	if err != nil || !slices.Equal(got, want) {
		t.Fatalf("Leaves = %+v, %v; want %+v", got, err, want)
	}
	if err := s.ClearLeave(ctx, "7", 30); err != nil {
		t.Fatal(err)
	}
	if err := s.ClearLeave(ctx, "7", 99); err != nil {
		t.Fatalf("clearing no leave: %v", err)
	}
	if got, _ := s.Leaves(ctx, "7"); !slices.Equal(got, want[:1]) {
		t.Fatalf("after clear Leaves = %+v", got)
	}
	if got, _ := s.Leaves(ctx, "9"); len(got) != 0 {
		t.Fatalf("leaves of an empty branch = %+v", got)
	}
	if err := s.SetLeave(ctx, "7", orglife.Leave{UserID: 4, From: d(5), To: d(4)}); !errors.Is(err, state.ErrBadReminder) {
		t.Fatalf("leave ending before it starts: %v", err)
	}
	if _, err := s.Leaves(ctx, "x}y"); !errors.Is(err, orglife.ErrNotFound) {
		t.Fatalf("bad branch id: %v", err)
	}
}

func TestRemindersLastDigest(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, c, _ := newReminders(t)
	if _, found, err := s.LastDigest(ctx, "7"); found || err != nil {
		t.Fatalf("before the first digest: found %v, %v", found, err)
	}
	at := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	snap := orglife.DigestSnapshot{MeetingID: "m1", Since: at.Add(-24 * time.Hour), At: at, Progress: "p:3/5",
		Overdue: []orglife.StepKind{orglife.StepPlan}}
	if err := s.SaveDigest(ctx, "7", snap); err != nil {
		t.Fatal(err)
	}
	got, found, err := s.LastDigest(ctx, "7")
	if err != nil || !found || got.MeetingID != "m1" || !got.At.Equal(at) || !got.Since.Equal(snap.Since) ||
		got.Progress != "p:3/5" || !slices.Equal(got.Overdue, snap.Overdue) {
		t.Fatalf("LastDigest = %+v, %v, %v; want %+v", got, found, err, snap)
	}
	if _, found, _ := s.LastDigest(ctx, "8"); found {
		t.Fatal("branch 8 has branch 7's digest")
	}
	// A bare fingerprint, as an older version kept: as if there were none.
	if err := c.Set(ctx, remKeys.BranchDigest("9"), "0123abcd", 0).Err(); err != nil {
		t.Fatal(err)
	}
	if _, found, err := s.LastDigest(ctx, "9"); found || err != nil {
		t.Fatalf("an old fingerprint: found %v, %v", found, err)
	}
	if _, _, err := s.LastDigest(ctx, "x}y"); !errors.Is(err, orglife.ErrNotFound) {
		t.Fatalf("bad branch id: %v", err)
	}
}

// TestRemindersSurviveRedisRestart kills Redis (AOF fsync always) with reminders waiting,
// in flight and sent, and finds all of it after the restart.
func TestRemindersSurviveRedisRestart(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, _, srv := newReminders(t, redistest.WithAOFAlways())
	g := "b:7:m:m1"
	mustReplan(t, s, g, rem("a", remAt(1)), rem("b", remAt(2)), rem("c", remAt(30)))
	claim(t, s, remAt(1), 1, time.Minute) // a in flight
	if _, err := s.BeginSend(ctx, "a", 1, time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := s.EndSend(ctx, "a", 1, time.Hour); err != nil {
		t.Fatal(err)
	}
	day := orglife.Date{Year: 2023, Month: 10, Day: 2}
	if _, err := s.Tally(ctx, 1, day); err != nil {
		t.Fatal(err)
	}
	leave := orglife.Leave{UserID: 5, From: day, To: day.AddDays(3), SetBy: 5}
	if err := s.SetLeave(ctx, "7", leave); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveDigest(ctx, "7", orglife.DigestSnapshot{MeetingID: "m1", Progress: "fp1"}); err != nil {
		t.Fatal(err)
	}

	srv.Kill()
	if _, err := s.ClaimDue(ctx, remAt(2), 10, time.Minute); !state.IsUnavailable(err) {
		t.Fatalf("claim while Redis is down: %v; want an unavailable error", err)
	}
	srv.Start()

	wantCounts(t, s, 2, 1)
	// a's lease runs out: it comes back first, and user 1 is known to have it.
	if ks := claimKeys(t, s, remAt(2), 10, time.Minute); !slices.Equal(ks, []string{"a", "b"}) {
		t.Fatalf("claim after restart %v; want a (lease ran out) and b", ks)
	}
	if ok, _ := s.BeginSend(ctx, "a", 1, time.Hour); ok {
		t.Fatal("sent mark lost in the restart")
	}
	if n, _ := s.Tally(ctx, 1, day); n != 2 {
		t.Fatalf("tally after restart = %d; want 2", n)
	}
	if ls, _ := s.Leaves(ctx, "7"); !slices.Equal(ls, []orglife.Leave{leave}) {
		t.Fatalf("leaves after restart = %+v", ls)
	}
	if snap, found, _ := s.LastDigest(ctx, "7"); !found || snap.Progress != "fp1" {
		t.Fatal("digest fingerprint lost in the restart")
	}
	// The group's plan survived too: replanning it changes nothing.
	mustReplan(t, s, g, rem("a", remAt(1)), rem("b", remAt(2)), rem("c", remAt(30)))
	wantCounts(t, s, 1, 2)
}

// TestSchedulerKeysShareOneSlot uses every part of the store and checks with SCAN that each
// key falls under {sched} or its branch's tag.
func TestSchedulerKeysShareOneSlot(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s, c, _ := newReminders(t)
	mustReplan(t, s, "b:7:m:m1", rem("step:7:m1:points:3", remAt(1)), rem("step:7:m1:points:1", remAt(2)))
	mustAddRem(t, s, rem("nudge:7:m1:x", remAt(1)))
	claim(t, s, remAt(1), 1, time.Minute)
	_, _ = s.BeginSend(ctx, "step:7:m1:points:3", 42, time.Hour)
	_ = s.EndSend(ctx, "step:7:m1:points:1", 42, time.Hour)
	_, _ = s.Tally(ctx, 42, orglife.Date{Year: 2023, Month: 10, Day: 2})
	_ = s.SetLeave(ctx, "7", orglife.Leave{UserID: 42, From: orglife.Date{Year: 2023, Month: 10, Day: 2}, To: orglife.Date{Year: 2023, Month: 10, Day: 2}})
	_ = s.SaveDigest(ctx, "7", orglife.DigestSnapshot{MeetingID: "m1"})
	keys, err := c.Keys(ctx, "*").Result()
	if err != nil {
		t.Fatal(err)
	}
	tags := map[string]int{}
	for _, k := range keys {
		tags[hashTag(k)]++
	}
	// due, flight, r, group, two sent marks, tally; leaves, digest.
	if len(keys) != 9 || tags["sched"] != 7 || tags["b:7"] != 2 {
		t.Fatalf("keys %v by tag %v; want 7 under {sched} and 2 under {b:7}", keys, tags)
	}
}
