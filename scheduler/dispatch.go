package scheduler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"orglife"
)

// ReminderStore is where planned reminders wait; *state.Reminders is the one in production.
type ReminderStore interface {
	ClaimDue(ctx context.Context, now time.Time, limit int, lease time.Duration) ([]orglife.Reminder, error)
	Done(ctx context.Context, key string) error
	Defer(ctx context.Context, key string, at time.Time) error
	Add(ctx context.Context, r orglife.Reminder) error
	BeginSend(ctx context.Context, key string, user int64, ttl time.Duration) (bool, error)
	EndSend(ctx context.Context, key string, user int64, keep time.Duration) error
	Tally(ctx context.Context, user int64, day orglife.Date) (int64, error)
}

// Audience knows from the records who a reminder is for right now.
type Audience interface {
	// Recipients lists who should get r now — the people behind on its step and not on
	// leave — and whether r still matters at all (its step open and not past the grace).
	Recipients(ctx context.Context, r orglife.Reminder, now time.Time) (users []int64, matters bool, err error)
}

// Sender delivers one reminder to one person.
type Sender interface {
	Remind(ctx context.Context, user int64, r orglife.Reminder) error
}

// Windows gives a branch's own window: the deployment's with the branch's own days off and
// working days (orglife.Branch.Window). The dispatcher asks it once per branch of a claimed
// batch, never per send: a fan-out to thousands checks the window at each send from that.
type Windows interface {
	WindowOf(ctx context.Context, branchID string) (orglife.Window, error)
}

// BundleSender, when the sender is one, delivers several reminders to one person as one
// message: what a person is due to hear at one time comes together, and the daily cap counts
// messages, not reminders.
type BundleSender interface {
	RemindAll(ctx context.Context, user int64, rs []orglife.Reminder) error
}

// bundled says which reminders go together into one message: a step, a rectification item,
// the meeting-day notice, a changed deadline, the reminder to vote. The secretary's digest
// and nudge, and a meeting's announcement, are messages of their own.
func bundled(k orglife.ReminderKind) bool {
	switch k {
	case orglife.RemindStep, orglife.RemindRectReview, orglife.RemindRectDeadline, orglife.RemindRectOverdue,
		orglife.RemindMeetingDay, orglife.RemindDeadlineMoved, orglife.RemindBallot:
		return true
	}
	return false
}

// permanent is implemented by send errors that no retry can change (the user blocked the
// bot): the reminder is then settled for that person.
type permanent interface{ Permanent() bool }

// DispatchOptions are the rules of delivery.
type DispatchOptions struct {
	Location *time.Location
	Window   orglife.Window    // quiet hours and working days
	Windows  Windows           // a branch's own days on top of Window (nil: Window for every branch)
	At       orglife.TimeOfDay // when a reminder held over to another day goes out
	DailyCap int               // reminders a person gets a day at most
	Lease    time.Duration     // how long a claimed reminder is this instance's
	Batch    int               // reminders claimed per tick
	Workers  int               // sends in flight at once (the sender keeps Telegram's limits)
	Keep     time.Duration     // how long a delivery is remembered
}

// Dispatcher sends the reminders that are due: it claims them from the store (so that two
// instances never both send one), asks the audience who is still behind, holds them over
// quiet hours and past a person's daily cap, and records each delivery, so that a restart
// resumes where a crash left off without sending anything twice (but for the window the
// store documents).
type Dispatcher struct {
	store    ReminderStore
	audience Audience
	sender   Sender
	clock    orglife.Clock
	opts     DispatchOptions
	log      *slog.Logger

	mu    sync.Mutex
	zones map[string]*time.Location
}

// location is the zone a reminder's quiet hours and days are read in: its branch's, else
// the deployment's.
func (d *Dispatcher) location(r orglife.Reminder) *time.Location {
	if r.Zone == "" {
		return d.opts.Location
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if loc, ok := d.zones[r.Zone]; ok {
		return loc
	}
	loc, err := time.LoadLocation(r.Zone)
	if err != nil {
		loc = d.opts.Location
	}
	d.zones[r.Zone] = loc
	return loc
}

// NewDispatcher returns a dispatcher.
func NewDispatcher(store ReminderStore, audience Audience, sender Sender, clock orglife.Clock, opts DispatchOptions, log *slog.Logger) *Dispatcher {
	if clock == nil {
		clock = orglife.SystemClock{}
	}
	return &Dispatcher{store: store, audience: audience, sender: sender, clock: clock, opts: opts, log: log,
		zones: map[string]*time.Location{}}
}

// Stats count what one tick did.
type Stats struct {
	Claimed, Sent, AlreadySent, Deferred, Dropped, Failed int
}

func (s *Stats) add(o Stats) {
	s.Claimed += o.Claimed
	s.Sent += o.Sent
	s.AlreadySent += o.AlreadySent
	s.Deferred += o.Deferred
	s.Dropped += o.Dropped
	s.Failed += o.Failed
}

// Tick handles every reminder due now, batch after batch.
func (d *Dispatcher) Tick(ctx context.Context) (Stats, error) {
	var total Stats
	for ctx.Err() == nil {
		claimed := d.clock.Now()
		rs, err := d.store.ClaimDue(ctx, claimed, d.opts.Batch, d.opts.Lease)
		// Reminders claimed alongside an error (a corrupt entry) are still handled.
		total.Claimed += len(rs)
		var together []orglife.Reminder
		if _, ok := d.sender.(BundleSender); ok {
			together, rs = splitBundled(rs)
		}
		ws := branchWindows{}
		total.add(d.handleTogether(ctx, together, ws, d.clock.Now()))
		for i, r := range rs {
			// A claim near its end is left to run out: another instance may take it over,
			// and two must not work on one reminder.
			if d.clock.Now().Sub(claimed) > d.opts.Lease*3/4 {
				d.log.Warn("claims running out, left for the next run", "left", len(rs)-i)
				return total, nil
			}
			total.add(d.handle(ctx, r, ws, d.clock.Now()))
		}
		if err != nil {
			return total, fmt.Errorf("claim due reminders: %w", err)
		}
		if len(rs)+len(together) < d.opts.Batch {
			return total, nil
		}
	}
	return total, ctx.Err()
}

// branchWindows are the windows of the branches of a claimed batch, each read once (see
// Windows) before its reminders are sent, and only read while they are.
type branchWindows map[string]orglife.Window

// resolve reads the window of r's branch into ws, unless it is there already.
func (d *Dispatcher) resolve(ctx context.Context, ws branchWindows, r orglife.Reminder) error {
	if _, ok := ws[r.BranchID]; ok {
		return nil
	}
	w := d.opts.Window
	if d.opts.Windows != nil {
		var err error
		if w, err = d.opts.Windows.WindowOf(ctx, r.BranchID); err != nil {
			return fmt.Errorf("window of branch %s: %w", r.BranchID, err)
		}
	}
	ws[r.BranchID] = w
	return nil
}

// branch is the window of r's branch (resolved before), whatever r's kind.
func (ws branchWindows) branch(r orglife.Reminder) orglife.Window { return ws[r.BranchID] }

// of is the window r goes out in (orglife.WindowFor of its branch's).
func (ws branchWindows) of(r orglife.Reminder) orglife.Window {
	return orglife.WindowFor(r, ws[r.BranchID])
}

// handle delivers one claimed reminder. A failure leaves it claimed: when the lease runs
// out it is claimed again, and the people already reached are skipped.
func (d *Dispatcher) handle(ctx context.Context, r orglife.Reminder, ws branchWindows, now time.Time) Stats {
	var st Stats
	loc := d.location(r)
	if err := d.resolve(ctx, ws, r); err != nil {
		d.log.Warn("reminder window", "key", r.Key, "error", err)
		st.Failed++
		return st
	}
	if w := ws.of(r); !w.Allows(now, loc) {
		if err := d.store.Defer(ctx, r.Key, w.Next(now, loc)); err != nil {
			d.log.Warn("hold reminder over quiet hours", "key", r.Key, "error", err)
		}
		st.Deferred++
		return st
	}
	users, matters, err := d.audience.Recipients(ctx, r, now)
	if err != nil {
		d.log.Warn("reminder audience", "key", r.Key, "error", err)
		st.Failed++
		return st
	}
	if !matters {
		d.log.Info("reminder no longer matters, dropped", "key", r.Key, "due", r.Due)
		st.Dropped++
		return st.settle(ctx, d, r)
	}
	st.add(d.fanOut(ctx, r, ws, users, now))
	if st.Failed == 0 {
		return st.settle(ctx, d, r)
	}
	return st
}

func (st Stats) settle(ctx context.Context, d *Dispatcher, r orglife.Reminder) Stats {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := d.store.Done(ctx, r.Key); err != nil {
		d.log.Warn("settle reminder", "key", r.Key, "error", err)
	}
	return st
}

// fanOut sends r to users with a few sends in flight at once; the sender paces them.
func (d *Dispatcher) fanOut(ctx context.Context, r orglife.Reminder, ws branchWindows, users []int64, now time.Time) Stats {
	var mu sync.Mutex
	var st Stats
	work := make(chan int64)
	var wg sync.WaitGroup
	for range max(d.opts.Workers, 1) {
		wg.Go(func() {
			for u := range work {
				one := d.safeDeliver(ctx, r, ws, u, now)
				mu.Lock()
				st.add(one)
				mu.Unlock()
			}
		})
	}
	for _, u := range users {
		work <- u
	}
	close(work)
	wg.Wait()
	return st
}

// safeDeliver contains a panic in one delivery (cron's recovery does not reach these
// goroutines); the reminder is then retried after its lease.
func (d *Dispatcher) safeDeliver(ctx context.Context, r orglife.Reminder, ws branchWindows, user int64, now time.Time) (st Stats) {
	defer func() {
		if p := recover(); p != nil {
			d.log.Error("reminder delivery panicked", "key", r.Key, "user", user, "panic", p)
			st = Stats{Failed: 1}
		}
	}()
	return d.deliver(ctx, r, ws, user, now)
}

// deliver sends r to one person once: a delivery already recorded is skipped, and a
// person past today's cap gets their own copy tomorrow instead.
func (d *Dispatcher) deliver(ctx context.Context, r orglife.Reminder, ws branchWindows, user int64, now time.Time) Stats {
	delivery := r.DeliveryKey()
	first, err := d.store.BeginSend(ctx, delivery, user, d.opts.Lease)
	if err != nil {
		d.log.Warn("begin reminder send", "key", r.Key, "user", user, "error", err)
		return Stats{Failed: 1}
	}
	if !first {
		return Stats{AlreadySent: 1}
	}
	// Quiet hours are checked for each send: a fan-out to thousands, paced at Telegram's
	// rate, can run into them, and whoever it has not reached by then hears when they end.
	loc := d.location(r)
	if sendAt, w := d.clock.Now(), ws.of(r); !w.Allows(sendAt, loc) {
		return d.holdUntil(ctx, r, user, w.Next(sendAt, loc))
	}
	today := orglife.DateOf(now, loc)
	// The digest is the secretary's tool, not a nag: it does not count against the cap.
	if r.Kind != orglife.RemindDigest {
		if n, err := d.store.Tally(ctx, user, today); err != nil {
			d.log.Warn("count reminders", "user", user, "error", err)
			return Stats{Failed: 1}
		} else if d.opts.DailyCap > 0 && n > int64(d.opts.DailyCap) {
			return d.holdOver(ctx, r, ws.branch(r), user, today)
		}
	}
	if err := d.sender.Remind(ctx, user, r); err != nil {
		var p permanent
		if !errors.As(err, &p) || !p.Permanent() {
			if ctx.Err() != nil { // shutting down: no fault, the claim's lease brings it back
				d.log.Info("reminder send interrupted by shutdown, will retry", "key", r.Key, "user", user)
			} else {
				d.log.Warn("reminder not sent, will retry", "key", r.Key, "user", user, "error", err)
			}
			return Stats{Failed: 1}
		}
		d.log.Info("reminder cannot reach the user", "key", r.Key, "user", user, "error", err)
	}
	// Recorded even while shutting down: Telegram has the message.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := d.store.EndSend(rctx, delivery, user, d.opts.Keep); err != nil {
		d.log.Warn("record reminder send", "key", r.Key, "user", user, "error", err)
	}
	return Stats{Sent: 1}
}

// holdOver plans a copy of r for one person at the next allowed morning of its branch's
// window w.
func (d *Dispatcher) holdOver(ctx context.Context, r orglife.Reminder, w orglife.Window, user int64, today orglife.Date) Stats {
	loc := d.location(r)
	return d.holdUntil(ctx, r, user, w.Next(today.AddDays(1).At(d.opts.At.Hour, d.opts.At.Minute, loc), loc))
}

// holdUntil plans a copy of r for one person at `at`, and records r's delivery to them as
// settled, so that a retry of r does not reach them as well.
func (d *Dispatcher) holdUntil(ctx context.Context, r orglife.Reminder, user int64, at time.Time) Stats {
	copyOf := r
	copyOf.UserID = user
	copyOf.Key = baseKey(r.Key) + ":u" + strconv.FormatInt(user, 10)
	copyOf.Due, copyOf.Planned = at, at
	if err := d.store.Add(ctx, copyOf); err != nil {
		d.log.Warn("hold reminder over", "key", r.Key, "user", user, "error", err)
		return Stats{Failed: 1}
	}
	if err := d.store.EndSend(ctx, r.DeliveryKey(), user, d.opts.Keep); err != nil {
		d.log.Warn("record held-over reminder", "key", r.Key, "user", user, "error", err)
	}
	return Stats{Deferred: 1}
}

// baseKey strips the ":u<user>" of a held-over copy, so that a copy held over again keeps
// one suffix.
func baseKey(key string) string {
	i := strings.LastIndex(key, ":u")
	if i < 0 || i+2 == len(key) {
		return key
	}
	for _, c := range key[i+2:] {
		if c < '0' || c > '9' {
			return key
		}
	}
	return key[:i]
}
