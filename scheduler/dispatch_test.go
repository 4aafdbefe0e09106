package scheduler_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"orglife"
	"orglife/scheduler"
	"orglife/state"
	"orglife/state/redistest"
)

var shanghai = mustZone("Asia/Shanghai")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// at is a wall time in Shanghai; 2026-12-01 is a Tuesday.
func at(day, hour, minute int) time.Time {
	return time.Date(2026, 12, day, hour, minute, 0, 0, shanghai)
}

type fixedClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fixedClock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fixedClock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// audience gives every reminder the same people, minus those it is told are done or away.
type audience struct {
	mu      sync.Mutex
	users   []int64
	done    map[int64]bool
	matters bool
}

func (a *audience) Recipients(_ context.Context, r orglife.Reminder, _ time.Time) ([]int64, bool, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []int64
	for _, u := range a.users {
		if !a.done[u] && (r.UserID == 0 || r.UserID == u) {
			out = append(out, u)
		}
	}
	return out, a.matters, nil
}

// recorder is a Sender that notes each delivery and can fail on demand.
type recorder struct {
	mu       sync.Mutex
	got      map[string]int // "key/user" -> times delivered
	failLeft int
	blocked  map[int64]bool
	after    func() // run after each delivery (a test's clock moving on)
}

type blockedErr struct{}

func (blockedErr) Error() string   { return "Forbidden: bot was blocked by the user" }
func (blockedErr) Permanent() bool { return true }

func (s *recorder) Remind(_ context.Context, user int64, r orglife.Reminder) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.blocked[user] {
		return blockedErr{}
	}
	if s.failLeft > 0 {
		s.failLeft--
		return errors.New("telegram sendMessage: 502 Bad Gateway")
	}
	if s.got == nil {
		s.got = map[string]int{}
	}
	s.got[fmt.Sprintf("%s/%d", r.Key, user)]++
	if s.after != nil {
		s.after()
	}
	return nil
}

func (s *recorder) count() (deliveries, duplicates int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range s.got {
		deliveries += n
		if n > 1 {
			duplicates += n - 1
		}
	}
	return deliveries, duplicates
}

var weekdays = orglife.Window{
	QuietFrom: orglife.TimeOfDay{Hour: 21}, QuietTo: orglife.TimeOfDay{Hour: 8},
	Workdays: [7]bool{false, true, true, true, true, true, false},
}

func options() scheduler.DispatchOptions {
	return scheduler.DispatchOptions{Location: shanghai, Window: weekdays, At: orglife.TimeOfDay{Hour: 9}, DailyCap: 3,
		Lease: time.Minute, Batch: 50, Workers: 4, Keep: time.Hour}
}

func setup(t *testing.T, users ...int64) (*state.Reminders, *audience, *recorder, *fixedClock, *scheduler.Dispatcher) {
	t.Helper()
	srv := redistest.Start(t)
	store := state.NewReminders(srv.Client(t), state.NewKeys("t"))
	aud := &audience{users: users, done: map[int64]bool{}, matters: true}
	rec := &recorder{blocked: map[int64]bool{}}
	clock := &fixedClock{t: at(1, 10, 0)}
	d := scheduler.NewDispatcher(store, aud, rec, clock, options(), slog.New(slog.DiscardHandler))
	return store, aud, rec, clock, d
}

func reminder(key string, due time.Time) orglife.Reminder {
	return orglife.Reminder{Key: key, Kind: orglife.RemindStep, BranchID: "b", MeetingID: "m", Step: orglife.StepPoints, Due: due}
}

func TestDueReminderGoesToEachPersonOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, aud, rec, clock, d := setup(t, 1, 2, 3)
	aud.done[2] = true // already did the step
	if err := store.Add(ctx, reminder("r1", at(1, 9, 0))); err != nil {
		t.Fatal(err)
	}
	if err := store.Add(ctx, reminder("later", at(2, 9, 0))); err != nil {
		t.Fatal(err)
	}
	st, err := d.Tick(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Sent != 2 || rec.got["r1/1"] != 1 || rec.got["r1/3"] != 1 || rec.got["r1/2"] != 0 {
		t.Fatalf("stats %+v, deliveries %v", st, rec.got)
	}
	// Nothing more until the next one falls due; then only that one.
	if st, _ := d.Tick(ctx); st.Claimed != 0 {
		t.Fatalf("a second tick claimed %d", st.Claimed)
	}
	clock.Set(at(2, 9, 1))
	if st, _ := d.Tick(ctx); st.Sent != 2 {
		t.Fatalf("next day's reminder: %+v", st)
	}
	if _, dup := rec.count(); dup != 0 {
		t.Fatalf("%d duplicates", dup)
	}
}

func TestQuietHoursAndWeekendsHoldRemindersOver(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, _, rec, clock, d := setup(t, 1)
	// Friday 22:30: quiet hours, and the next two days are the weekend.
	clock.Set(at(4, 22, 30))
	if err := store.Add(ctx, reminder("nudge", at(4, 22, 0))); err != nil {
		t.Fatal(err)
	}
	if st, _ := d.Tick(ctx); st.Deferred != 1 || st.Sent != 0 {
		t.Fatalf("in quiet hours: %+v", st)
	}
	clock.Set(at(5, 10, 0)) // Saturday
	if st, _ := d.Tick(ctx); st.Claimed != 0 {
		t.Fatalf("on Saturday: %+v", st)
	}
	clock.Set(at(7, 8, 0)) // Monday morning
	if st, _ := d.Tick(ctx); st.Sent != 1 || rec.got["nudge/1"] != 1 {
		t.Fatalf("on Monday: %+v %v", st, rec.got)
	}
}

// A fan-out that runs into the quiet hours holds the rest over: the window is checked for each
// send, not once for the batch.
func TestFanOutIntoQuietHoursHoldsTheRestOver(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := redistest.Start(t)
	store := state.NewReminders(srv.Client(t), state.NewKeys("t"))
	aud := &audience{users: []int64{1, 2, 3}, done: map[int64]bool{}, matters: true}
	clock := &fixedClock{t: at(1, 20, 59)}
	// The first send takes the clock past 21:00.
	rec := &recorder{blocked: map[int64]bool{}, after: func() { clock.Set(at(1, 21, 0)) }}
	opts := options()
	opts.Workers = 1
	d := scheduler.NewDispatcher(store, aud, rec, clock, opts, slog.New(slog.DiscardHandler))
	if err := store.Add(ctx, reminder("r", at(1, 20, 59))); err != nil {
		t.Fatal(err)
	}
	if st, _ := d.Tick(ctx); st.Sent != 1 || st.Deferred != 2 {
		t.Fatalf("Tuesday 20:59: %+v", st)
	}
	rec.after = nil
	clock.Set(at(1, 23, 0))
	if st, _ := d.Tick(ctx); st.Claimed != 0 {
		t.Fatalf("in the quiet hours: %+v", st)
	}
	clock.Set(at(2, 8, 0))
	if st, _ := d.Tick(ctx); st.Sent != 2 {
		t.Fatalf("Wednesday 08:00, the held-over copies: %+v", st)
	}
	if n, dup := rec.count(); n != 3 || dup != 0 {
		t.Fatalf("%d deliveries, %d duplicates; want 3 and 0", n, dup)
	}
}

func TestDailyCapHoldsTheRestToTomorrow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, _, rec, clock, d := setup(t, 1)
	for i := range 5 {
		if err := store.Add(ctx, reminder(fmt.Sprintf("r%d", i), at(1, 9, i))); err != nil {
			t.Fatal(err)
		}
	}
	st, _ := d.Tick(ctx)
	if st.Sent != 3 || st.Deferred != 2 {
		t.Fatalf("day one: %+v", st)
	}
	clock.Set(at(2, 9, 0))
	if st, _ := d.Tick(ctx); st.Sent != 2 {
		t.Fatalf("day two, the held-over copies: %+v", st)
	}
	if n, dup := rec.count(); n != 5 || dup != 0 {
		t.Fatalf("%d deliveries, %d duplicates; want 5 and 0", n, dup)
	}
}

func TestReminderThatNoLongerMattersIsDropped(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, aud, rec, _, d := setup(t, 1)
	aud.matters = false
	if err := store.Add(ctx, reminder("old", at(1, 9, 0))); err != nil {
		t.Fatal(err)
	}
	if st, _ := d.Tick(ctx); st.Dropped != 1 || st.Sent != 0 {
		t.Fatalf("%+v", st)
	}
	if pending, inFlight, _ := store.Counts(ctx); pending+inFlight != 0 {
		t.Fatalf("a dropped reminder is still stored: %d %d", pending, inFlight)
	}
	if n, _ := rec.count(); n != 0 {
		t.Fatal("a dropped reminder was sent")
	}
}

func TestFailedSendIsRetriedAfterTheLeaseWithoutDuplicates(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, _, rec, clock, d := setup(t, 1, 2, 3, 4)
	rec.failLeft = 2      // two sends fail (Telegram 5xx beyond the sender's retries)
	rec.blocked[4] = true // one person blocked the bot: settled, not retried
	if err := store.Add(ctx, reminder("r", at(1, 9, 0))); err != nil {
		t.Fatal(err)
	}
	st, _ := d.Tick(ctx)
	if st.Failed != 2 {
		t.Fatalf("first run: %+v", st)
	}
	clock.Set(at(1, 10, 2)) // the lease (1 minute) has run out
	st, _ = d.Tick(ctx)
	if st.Sent != 2 || st.AlreadySent != 2 {
		t.Fatalf("retry: %+v; want the 2 failed sent and the 2 settled skipped", st)
	}
	if n, dup := rec.count(); n != 3 || dup != 0 {
		t.Fatalf("%d deliveries, %d duplicates; want 3 and 0", n, dup)
	}
	if pending, inFlight, _ := store.Counts(ctx); pending+inFlight != 0 {
		t.Fatalf("settled reminder still stored: %d %d", pending, inFlight)
	}
}

// TestCrashMidFanOut: an instance claims a reminder and dies before sending; another takes
// it over once the lease has run out and sends it once.
func TestCrashMidFanOut(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, _, rec, clock, d := setup(t, 1, 2)
	if err := store.Add(ctx, reminder("r", at(1, 9, 0))); err != nil {
		t.Fatal(err)
	}
	if rs, err := store.ClaimDue(ctx, clock.Now(), 10, time.Minute); err != nil || len(rs) != 1 {
		t.Fatalf("the doomed instance claims %v %v", rs, err)
	}
	if st, _ := d.Tick(ctx); st.Claimed != 0 {
		t.Fatal("another instance took a reminder under a live lease")
	}
	clock.Set(at(1, 10, 2))
	if st, _ := d.Tick(ctx); st.Sent != 2 {
		t.Fatalf("after the lease: %+v", st)
	}
	if n, dup := rec.count(); n != 2 || dup != 0 {
		t.Fatalf("%d deliveries, %d duplicates", n, dup)
	}
}

// TestTwoInstancesDeliverEachReminderOnce runs two dispatchers over one Redis at once.
func TestTwoInstancesDeliverEachReminderOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := redistest.Start(t)
	store := state.NewReminders(srv.Client(t), state.NewKeys("t"))
	var users []int64
	for u := int64(1); u <= 20; u++ {
		users = append(users, u)
	}
	aud := &audience{users: users, done: map[int64]bool{}, matters: true}
	rec := &recorder{}
	clock := &fixedClock{t: at(1, 10, 0)}
	opts := options()
	opts.DailyCap, opts.Batch = 1000, 7
	for i := range 40 {
		if err := store.Add(ctx, reminder(fmt.Sprintf("r%d", i), at(1, 9, 0))); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for range 2 {
		other := state.NewReminders(srv.Client(t), state.NewKeys("t"))
		d := scheduler.NewDispatcher(other, aud, rec, clock, opts, slog.New(slog.DiscardHandler))
		wg.Go(func() {
			if _, err := d.Tick(ctx); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n, dup := rec.count(); n != 40*20 || dup != 0 {
		t.Fatalf("%d deliveries, %d duplicates; want %d and none", n, dup, 40*20)
	}
}

// TestRedisRestartLosesNothing: Redis goes away in the middle of the work and comes back
// (with AOF); every reminder still reaches everyone once.
func TestRedisRestartLosesNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := redistest.Start(t, redistest.WithAOFAlways())
	store := state.NewReminders(srv.Client(t), state.NewKeys("t"))
	aud := &audience{users: []int64{1, 2, 3}, done: map[int64]bool{}, matters: true}
	rec := &recorder{}
	clock := &fixedClock{t: at(1, 10, 0)}
	opts := options()
	opts.DailyCap = 100
	d := scheduler.NewDispatcher(store, aud, rec, clock, opts, slog.New(slog.DiscardHandler))
	for i := range 10 {
		if err := store.Add(ctx, reminder(fmt.Sprintf("r%d", i), at(1, 9, i))); err != nil {
			t.Fatal(err)
		}
	}
	srv.Kill()
	if _, err := d.Tick(ctx); err == nil {
		t.Fatal("a tick without Redis reported success")
	}
	srv.Start()
	if _, err := d.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	if n, dup := rec.count(); n != 30 || dup != 0 {
		t.Fatalf("%d deliveries, %d duplicates; want 30 and none", n, dup)
	}
}

// TestCrashAfterSomeWereSent: an instance died after reaching one person and while sending
// to a second; the next instance sends to the second and the rest, not to the first.
func TestCrashAfterSomeWereSent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, _, rec, clock, d := setup(t, 1, 2, 3)
	r := reminder("r", at(1, 9, 0))
	r.Planned = r.Due
	if err := store.Add(ctx, r); err != nil {
		t.Fatal(err)
	}
	if rs, err := store.ClaimDue(ctx, clock.Now(), 10, time.Minute); err != nil || len(rs) != 1 {
		t.Fatalf("the doomed instance claims %v %v", rs, err)
	}
	delivery := r.DeliveryKey()
	if ok, err := store.BeginSend(ctx, delivery, 1, time.Minute); err != nil || !ok {
		t.Fatal("begin 1", ok, err)
	}
	if err := store.EndSend(ctx, delivery, 1, time.Hour); err != nil {
		t.Fatal(err)
	}
	if ok, err := store.BeginSend(ctx, delivery, 2, time.Minute); err != nil || !ok {
		t.Fatal("begin 2", ok, err)
	}
	clock.Set(at(1, 10, 2)) // the dead instance's lease has run out
	st, err := d.Tick(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Sent != 2 || st.AlreadySent != 1 || rec.got["r/1"] != 0 || rec.got["r/2"] != 1 || rec.got["r/3"] != 1 {
		t.Fatalf("stats %+v, deliveries %v", st, rec.got)
	}
}

// TestMovedDeadlineIsANewDelivery: a reminder planned again for another time (the deadline
// moved) reaches people again; one held over by quiet hours does not.
func TestMovedDeadlineIsANewDelivery(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, _, rec, clock, d := setup(t, 1)
	r := reminder("r", at(1, 9, 0))
	r.Planned = r.Due
	if err := store.Replan(ctx, "g", []orglife.Reminder{r}); err != nil {
		t.Fatal(err)
	}
	if st, _ := d.Tick(ctx); st.Sent != 1 {
		t.Fatalf("first: %+v", st)
	}
	moved := reminder("r", at(2, 9, 0))
	moved.Planned = moved.Due
	if err := store.Replan(ctx, "g", []orglife.Reminder{moved}); err != nil {
		t.Fatal(err)
	}
	clock.Set(at(2, 9, 5))
	if st, _ := d.Tick(ctx); st.Sent != 1 {
		t.Fatalf("after the move: %+v", st)
	}
	if rec.got["r/1"] != 2 {
		t.Fatalf("deliveries %v: the moved reminder must go out again", rec.got)
	}
}
