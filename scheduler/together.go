package scheduler

import (
	"context"
	"errors"
	"sync"
	"time"

	"orglife"
)

// One message a person: the reminders of a batch that are due together are gathered per
// person and sent as one message (BundleSender). Every reminder keeps its own delivery record
// per person, so a retry after a crash skips what reached someone, as for single ones.

// splitBundled parts a batch into the reminders that go together and the rest, each in order.
func splitBundled(rs []orglife.Reminder) (together, alone []orglife.Reminder) {
	for _, r := range rs {
		if bundled(r.Kind) {
			together = append(together, r)
		} else {
			alone = append(alone, r)
		}
	}
	return together, alone
}

// handleTogether delivers reminders that go together: it asks each one's audience, gathers
// them per person, sends each person one message, and settles every reminder that reached all
// its people. A reminder with a failed delivery stays claimed and is retried after its lease.
func (d *Dispatcher) handleTogether(ctx context.Context, rs []orglife.Reminder, ws branchWindows, now time.Time) Stats {
	var st Stats
	perUser := map[int64][]orglife.Reminder{}
	var users []int64
	var live []orglife.Reminder
	for _, r := range rs {
		if err := d.resolve(ctx, ws, r); err != nil {
			d.log.Warn("reminder window", "key", r.Key, "error", err)
			st.Failed++
			continue
		}
		loc, w := d.location(r), ws.of(r)
		if !w.Allows(now, loc) {
			if err := d.store.Defer(ctx, r.Key, w.Next(now, loc)); err != nil {
				d.log.Warn("hold reminder over quiet hours", "key", r.Key, "error", err)
			}
			st.Deferred++
			continue
		}
		who, matters, err := d.audience.Recipients(ctx, r, now)
		if err != nil {
			d.log.Warn("reminder audience", "key", r.Key, "error", err)
			st.Failed++
			continue
		}
		if !matters {
			d.log.Info("reminder no longer matters, dropped", "key", r.Key, "due", r.Due)
			st.Dropped++
			st = st.settle(ctx, d, r)
			continue
		}
		live = append(live, r)
		for _, u := range who {
			if perUser[u] == nil {
				users = append(users, u)
			}
			perUser[u] = append(perUser[u], r)
		}
	}
	failed := d.sendTogether(ctx, users, perUser, ws, now, &st)
	for _, r := range live {
		if !failed[r.Key] {
			st = st.settle(ctx, d, r)
		}
	}
	return st
}

// sendTogether sends each person their reminders, a few people at once, and returns the keys
// of the reminders whose delivery failed for someone.
func (d *Dispatcher) sendTogether(ctx context.Context, users []int64, perUser map[int64][]orglife.Reminder, ws branchWindows, now time.Time, st *Stats) map[string]bool {
	var mu sync.Mutex
	failed := map[string]bool{}
	work := make(chan int64)
	var wg sync.WaitGroup
	for range max(d.opts.Workers, 1) {
		wg.Go(func() {
			for u := range work {
				one, bad := d.safeDeliverTogether(ctx, u, perUser[u], ws, now)
				mu.Lock()
				st.add(one)
				for _, k := range bad {
					failed[k] = true
				}
				mu.Unlock()
			}
		})
	}
	for _, u := range users {
		work <- u
	}
	close(work)
	wg.Wait()
	return failed
}

// safeDeliverTogether contains a panic in one person's delivery; their reminders are then
// retried after the lease.
func (d *Dispatcher) safeDeliverTogether(ctx context.Context, user int64, rs []orglife.Reminder, ws branchWindows, now time.Time) (st Stats, failed []string) {
	defer func() {
		if p := recover(); p != nil {
			d.log.Error("reminder delivery panicked", "user", user, "panic", p)
			st, failed = Stats{Failed: len(rs)}, keysOf(rs)
		}
	}()
	return d.deliverTogether(ctx, user, rs, ws, now)
}

// deliverTogether sends one person the reminders they have not had yet, as one message: past
// the daily cap, or in the quiet hours, each is held over for them instead.
func (d *Dispatcher) deliverTogether(ctx context.Context, user int64, rs []orglife.Reminder, ws branchWindows, now time.Time) (Stats, []string) {
	var st Stats
	var fresh []orglife.Reminder
	var failed []string
	for _, r := range rs {
		first, err := d.store.BeginSend(ctx, r.DeliveryKey(), user, d.opts.Lease)
		switch {
		case err != nil:
			d.log.Warn("begin reminder send", "key", r.Key, "user", user, "error", err)
			st.Failed++
			failed = append(failed, r.Key)
		case !first:
			st.AlreadySent++
		default:
			fresh = append(fresh, r)
		}
	}
	if len(fresh) == 0 {
		return st, failed
	}
	// The window is checked again at the send, for each reminder (a meeting-day notice may go
	// out on a day off): whoever a long fan-out reaches in the quiet hours hears when they end.
	loc, sendAt := d.location(fresh[0]), d.clock.Now()
	allowed := fresh[:0:0]
	for _, r := range fresh {
		if w := ws.of(r); !w.Allows(sendAt, loc) {
			st.add(d.holdUntil(ctx, r, user, w.Next(sendAt, loc)))
		} else {
			allowed = append(allowed, r)
		}
	}
	if fresh = allowed; len(fresh) == 0 {
		return st, failed
	}
	today := orglife.DateOf(now, loc)
	n, err := d.store.Tally(ctx, user, today)
	if err != nil {
		d.log.Warn("count reminders", "user", user, "error", err)
		st.Failed += len(fresh)
		return st, append(failed, keysOf(fresh)...)
	}
	if d.opts.DailyCap > 0 && n > int64(d.opts.DailyCap) {
		for _, r := range fresh {
			st.add(d.holdOver(ctx, r, ws.branch(r), user, today))
		}
		return st, failed
	}
	if err := d.sendAll(ctx, user, fresh); err != nil {
		var p permanent
		if !errors.As(err, &p) || !p.Permanent() {
			d.log.Warn("reminders not sent, will retry", "user", user, "reminders", len(fresh), "error", err)
			st.Failed += len(fresh)
			return st, append(failed, keysOf(fresh)...)
		}
		d.log.Info("reminders cannot reach the user", "user", user, "error", err)
	}
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	for _, r := range fresh {
		if err := d.store.EndSend(rctx, r.DeliveryKey(), user, d.opts.Keep); err != nil {
			d.log.Warn("record reminder send", "key", r.Key, "user", user, "error", err)
		}
	}
	st.Sent += len(fresh)
	return st, failed
}

// sendAll sends one reminder as it is and several as one message.
func (d *Dispatcher) sendAll(ctx context.Context, user int64, rs []orglife.Reminder) error {
	if b, ok := d.sender.(BundleSender); ok && len(rs) > 1 {
		return b.RemindAll(ctx, user, rs)
	}
	return d.sender.Remind(ctx, user, rs[0])
}

func keysOf(rs []orglife.Reminder) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Key
	}
	return out
}
