package scheduler_test

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"

	"orglife"
	"orglife/scheduler"
	"orglife/state"
	"orglife/state/redistest"
)

// branchDays is a Windows that gives each branch weekdays with its own days, and counts how
// often it is asked.
type branchDays struct {
	mu       sync.Mutex
	branches map[string]orglife.Branch
	asked    map[string]int
	fail     bool
}

func (b *branchDays) WindowOf(_ context.Context, branchID string) (orglife.Window, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.asked[branchID]++
	if b.fail {
		return orglife.Window{}, errors.New("redis: connection refused")
	}
	return b.branches[branchID].Window(weekdays), nil
}

func (b *branchDays) times(branchID string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.asked[branchID]
}

// setupBranchDays is a dispatcher whose branch "b" takes Thursday 24 December off and works
// Saturday the 26th; branch "c" keeps the deployment's weekdays. bundles makes the sender one
// that takes several reminders as one message.
func setupBranchDays(t *testing.T, bundles bool, users ...int64) (*state.Reminders, *recorder, *branchDays, *fixedClock, *scheduler.Dispatcher) {
	t.Helper()
	srv := redistest.Start(t)
	store := state.NewReminders(srv.Client(t), state.NewKeys("t"))
	aud := &audience{users: users, done: map[int64]bool{}, matters: true}
	days := &branchDays{asked: map[string]int{}, branches: map[string]orglife.Branch{
		"b": {ID: "b", DaysOff: []orglife.Date{{Year: 2026, Month: 12, Day: 24}}, DaysWorked: []orglife.Date{{Year: 2026, Month: 12, Day: 26}}},
		"c": {ID: "c"},
	}}
	clock := &fixedClock{t: at(24, 9, 0)}
	opts := options()
	opts.Windows = days
	opts.DailyCap = 0
	if bundles {
		b := &bundler{recorder: recorder{blocked: map[int64]bool{}}}
		return store, &b.recorder, days, clock, scheduler.NewDispatcher(store, aud, b, clock, opts, slog.New(slog.DiscardHandler))
	}
	rec := &recorder{blocked: map[int64]bool{}}
	return store, rec, days, clock, scheduler.NewDispatcher(store, aud, rec, clock, opts, slog.New(slog.DiscardHandler))
}

// A branch's day off holds its reminder over to its next working day, while another branch's
// reminder goes out that day; the branch's window is read once for the batch, not per send.
func TestBranchDayOffHoldsReminderOver(t *testing.T) {
	t.Parallel()
	for _, bundles := range []bool{false, true} {
		ctx := context.Background()
		store, rec, days, clock, d := setupBranchDays(t, bundles, 1, 2, 3, 4, 5)
		off := reminder("off", at(24, 9, 0))
		other := reminder("other", at(24, 9, 0))
		other.BranchID = "c"
		nudge := reminder("nudge", at(24, 9, 0)) // a kind sent alone, of the same branch
		nudge.Kind, nudge.Step = orglife.RemindNudge, orglife.StepTalks
		for _, r := range []orglife.Reminder{off, other, nudge} {
			if err := store.Add(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		st, err := d.Tick(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.Sent != 5 || st.Deferred != 2 || rec.got["off/1"] != 0 || rec.got["nudge/1"] != 0 || rec.got["other/5"] != 1 {
			t.Fatalf("bundles %v, on the branch's day off: %+v %v", bundles, st, rec.got)
		}
		if days.times("b") != 1 || days.times("c") != 1 {
			t.Errorf("bundles %v: windows read %v; want once a branch", bundles, days.asked)
		}
		if next, ok, _ := store.NextDue(ctx); !ok || !next.Equal(at(25, 8, 0)) {
			t.Fatalf("bundles %v: held over to %v; want Friday when the quiet hours end", bundles, next)
		}
		clock.Set(at(25, 8, 0))
		if st, _ := d.Tick(ctx); st.Sent != 10 || rec.got["off/3"] != 1 || rec.got["nudge/4"] != 1 {
			t.Fatalf("bundles %v, on Friday: %+v %v", bundles, st, rec.got)
		}
	}
}

// A Saturday the branch works lets its reminder out that day; the same Saturday holds another
// branch's over to Monday.
func TestBranchWorkingSaturdayLetsReminderOut(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, rec, _, clock, d := setupBranchDays(t, true, 1)
	clock.Set(at(26, 10, 0))
	worked := reminder("worked", at(26, 10, 0))
	other := reminder("other", at(26, 10, 0))
	other.BranchID = "c"
	for _, r := range []orglife.Reminder{worked, other} {
		if err := store.Add(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if st, _ := d.Tick(ctx); st.Sent != 1 || rec.got["worked/1"] != 1 || rec.got["other/1"] != 0 {
		t.Fatalf("on the working Saturday: %+v %v", st, rec.got)
	}
	if next, ok, _ := store.NextDue(ctx); !ok || !next.Equal(at(28, 8, 0)) {
		t.Fatalf("the other branch's reminder held over to %v; want Monday", next)
	}
}

// A branch whose window cannot be read sends nothing: its reminder is retried, not sent by the
// deployment's calendar on what may be the branch's day off.
func TestBranchWindowUnreadableSendsNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, bundles := range []bool{false, true} {
		store, rec, days, _, d := setupBranchDays(t, bundles, 1)
		days.fail = true
		if err := store.Add(ctx, reminder("r", at(24, 9, 0))); err != nil {
			t.Fatal(err)
		}
		if st, _ := d.Tick(ctx); st.Failed != 1 || st.Sent != 0 || len(rec.got) != 0 {
			t.Fatalf("bundles %v: %+v %v", bundles, st, rec.got)
		}
	}
}
