package scheduler_test

import (
	"context"
	"log/slog"
	"slices"
	"sync"
	"testing"

	"orglife"
	"orglife/scheduler"
	"orglife/state"
	"orglife/state/redistest"
)

// bundler is a recorder that also takes several reminders as one message.
type bundler struct {
	recorder
	bmu      sync.Mutex
	messages map[int64][][]string // user -> the keys of each message
}

func (b *bundler) RemindAll(ctx context.Context, user int64, rs []orglife.Reminder) error {
	b.mu.Lock()
	fail := b.failLeft > 0
	b.mu.Unlock()
	if fail {
		return b.recorder.Remind(ctx, user, rs[0]) // fails and counts the failure down
	}
	var keys []string
	for _, r := range rs {
		if err := b.recorder.Remind(ctx, user, r); err != nil {
			return err
		}
		keys = append(keys, r.Key)
	}
	b.note(user, keys)
	return nil
}

func (b *bundler) Remind(ctx context.Context, user int64, r orglife.Reminder) error {
	if err := b.recorder.Remind(ctx, user, r); err != nil {
		return err
	}
	b.note(user, []string{r.Key})
	return nil
}

func (b *bundler) note(user int64, keys []string) {
	b.bmu.Lock()
	defer b.bmu.Unlock()
	if b.messages == nil {
		b.messages = map[int64][][]string{}
	}
	b.messages[user] = append(b.messages[user], keys)
}

func setupBundles(t *testing.T, cap int, users ...int64) (*state.Reminders, *bundler, *fixedClock, *scheduler.Dispatcher) {
	t.Helper()
	srv := redistest.Start(t)
	store := state.NewReminders(srv.Client(t), state.NewKeys("t"))
	aud := &audience{users: users, done: map[int64]bool{}, matters: true}
	b := &bundler{recorder: recorder{blocked: map[int64]bool{}}}
	clock := &fixedClock{t: at(1, 9, 0)}
	opts := options()
	opts.DailyCap = cap
	return store, b, clock, scheduler.NewDispatcher(store, aud, b, clock, opts, slog.New(slog.DiscardHandler))
}

// What a person is due to hear at one time — steps, items, the meeting-day notice — comes as
// one message, which the daily cap counts once; the secretary's nudge stays a message of its own.
func TestRemindersDueTogetherAreOneMessage(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, b, _, d := setupBundles(t, 2, 1, 2)
	step := reminder("step", at(1, 9, 0))
	other := reminder("other", at(1, 9, 0))
	other.Step = orglife.StepTalks
	rect := orglife.Reminder{Key: "rect", Kind: orglife.RemindRectReview, BranchID: "b", MeetingID: "m", ItemID: "i", Due: at(1, 9, 0)}
	day := orglife.Reminder{Key: "day", Kind: orglife.RemindMeetingDay, BranchID: "b", MeetingID: "m", Due: at(1, 9, 0)}
	nudge := orglife.Reminder{Key: "nudge", Kind: orglife.RemindNudge, BranchID: "b", MeetingID: "m", Step: orglife.StepPoints, Due: at(1, 9, 0)}
	for _, r := range []orglife.Reminder{step, other, rect, day, nudge} {
		if err := store.Add(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	st, err := d.Tick(ctx)
	if err != nil || st.Sent != 10 || st.Deferred != 0 {
		t.Fatalf("tick: %+v, %v", st, err)
	}
	for _, u := range []int64{1, 2} {
		msgs := b.messages[u]
		if len(msgs) != 2 {
			t.Fatalf("user %d got %d messages %v; want the four together and the nudge", u, len(msgs), msgs)
		}
		var together []string
		for _, m := range msgs {
			if len(m) == 4 {
				together = slices.Sorted(slices.Values(m))
			}
		}
		if !slices.Equal(together, []string{"day", "other", "rect", "step"}) {
			t.Errorf("user %d: messages %v", u, msgs)
		}
	}
	if n, dup := b.count(); n != 10 || dup != 0 {
		t.Fatalf("%d deliveries, %d duplicates", n, dup)
	}
}

// A failed message is sent again after the lease, whole and once; a person it already
// reached is not sent it again.
func TestFailedMessageIsRetriedOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, b, clock, d := setupBundles(t, 3, 1, 2)
	b.failLeft = 1
	for _, k := range []string{"a", "b"} {
		if err := store.Add(ctx, reminder(k, at(1, 9, 0))); err != nil {
			t.Fatal(err)
		}
	}
	st, _ := d.Tick(ctx)
	if st.Failed != 2 || st.Sent != 2 {
		t.Fatalf("first run: %+v", st)
	}
	clock.Set(at(1, 9, 2)) // past the lease
	st, _ = d.Tick(ctx)
	if st.Sent != 2 || st.AlreadySent != 2 {
		t.Fatalf("second run: %+v", st)
	}
	if n, dup := b.count(); n != 4 || dup != 0 {
		t.Fatalf("%d deliveries, %d duplicates; want 4 and 0", n, dup)
	}
	for _, u := range []int64{1, 2} {
		if len(b.messages[u]) != 1 || len(b.messages[u][0]) != 2 {
			t.Errorf("user %d: messages %v; want one of two", u, b.messages[u])
		}
	}
}

// Past the daily cap, everything of the message is held over to the next morning together.
func TestCapHoldsTheWholeMessageOver(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, b, clock, d := setupBundles(t, 1, 1)
	if err := store.Add(ctx, reminder("first", at(1, 9, 0))); err != nil {
		t.Fatal(err)
	}
	if st, _ := d.Tick(ctx); st.Sent != 1 {
		t.Fatalf("the day's one message: %+v", st)
	}
	clock.Set(at(1, 10, 0))
	for _, k := range []string{"a", "b"} {
		if err := store.Add(ctx, reminder(k, at(1, 10, 0))); err != nil {
			t.Fatal(err)
		}
	}
	if st, _ := d.Tick(ctx); st.Deferred != 2 || st.Sent != 0 {
		t.Fatalf("past the cap: %+v", st)
	}
	clock.Set(at(2, 9, 0))
	if st, _ := d.Tick(ctx); st.Sent != 2 {
		t.Fatalf("the next morning: %+v", st)
	}
	if msgs := b.messages[1]; len(msgs) != 2 || len(msgs[1]) != 2 {
		t.Fatalf("messages %v; want the first, then the two held over together", msgs)
	}
}
