package scheduler

import (
	"context"
	"fmt"
	"time"

	"orglife"
)

// Planning: which reminders a meeting or a rectification item has, and under which group
// the reminder store keeps them. The bot plans a meeting's or an item's reminders whenever
// it is made or changed; ReplanBranch plans a whole branch that was written without the bot
// (restored by `orglife import`), the same way.

// PlanOptions are the rules reminders are planned by (configs.Reminders.Rules).
type PlanOptions struct {
	Rules    orglife.ReminderRules // time of day and the window (quiet hours, working days)
	DigestAt orglife.TimeOfDay     // the secretary's daily digest
	Location *time.Location        // the zone of a branch that has not chosen its own
}

// RectHorizonDays is how far ahead an item's follow-ups are planned (they are planned again
// whenever the item changes): a good year, longer than any rectification runs.
const RectHorizonDays = 400

// MeetingGroup is the store's group of a meeting's step reminders and digests.
func MeetingGroup(m orglife.Meeting) string { return "b:" + m.BranchID + ":m:" + m.ID }

// ItemGroup is the store's group of a rectification item's follow-ups.
func ItemGroup(it orglife.RectItem) string { return "b:" + it.BranchID + ":rect:" + it.ID }

// PlanMeeting is a meeting's plan in its branch's zone loc: every step reminder, and the
// secretary's daily digest from today (by now) to the meeting date. Reminders already past
// are planned too: the store keeps what it already had (one due but not yet sent is not
// lost), and the dispatcher weighs one that is new and late by the grace.
func PlanMeeting(m orglife.Meeting, loc *time.Location, now time.Time, opts PlanOptions) []orglife.Reminder {
	rs := orglife.PlanStepReminders(m, loc, opts.Rules)
	rs = append(rs, orglife.PlanDigests(m, orglife.DateOf(now, loc), opts.DigestAt, loc, opts.Rules.Window)...)
	return inZone(rs, loc)
}

// PlanItem is a rectification item's plan in its branch's zone loc: its look-back reviews
// (回头看), the reminder before its deadline and the overdue reports, from today (by now)
// RectHorizonDays ahead; none for a closed item.
func PlanItem(it orglife.RectItem, loc *time.Location, now time.Time, opts PlanOptions) []orglife.Reminder {
	return inZone(orglife.PlanRectReminders(it, orglife.DateOf(now, loc), RectHorizonDays, loc, opts.Rules), loc)
}

// inZone marks planned reminders with the zone they were planned in, so that the dispatcher
// reads their quiet hours and days in the branch's zone.
func inZone(rs []orglife.Reminder, loc *time.Location) []orglife.Reminder {
	for i := range rs {
		rs[i].Zone = loc.String()
	}
	return rs
}

// PlanStore keeps each group's plan; *state.Reminders is the one in production.
type PlanStore interface {
	// Replan makes rs the whole plan of group; planning the same again is a no-op.
	Replan(ctx context.Context, group string, rs []orglife.Reminder) error
}

// BranchReader reads what a branch's reminders are planned from; *state.Records is the one
// in production.
type BranchReader interface {
	Branch(ctx context.Context, id string) (orglife.Branch, error)
	Meetings(ctx context.Context, branchID string) ([]orglife.Meeting, error)
	RectItems(ctx context.Context, branchID, meetingID string) ([]orglife.RectItem, error)
}

// Planned says what ReplanBranch planned.
type Planned struct {
	Meetings  int // meetings whose step reminders and digests were planned (the current one)
	Items     int // open rectification items whose follow-ups were planned
	Reminders int // reminders in those plans, past ones included
}

// ReplanBranch plans every reminder of a branch as the bot would have planned it: the step
// reminders and daily digests of its current meeting (a reminder of another meeting is
// dropped when it falls due anyway), and the follow-ups of every open rectification item,
// in whichever meeting (rectification goes on after the next meeting becomes current).
// Planning is idempotent, so running it on a branch the bot keeps planned changes nothing
// that matters (digests of days gone by drop out of the plan).
func ReplanBranch(ctx context.Context, records BranchReader, store PlanStore, branchID string, now time.Time, opts PlanOptions) (Planned, error) {
	var p Planned
	b, err := records.Branch(ctx, branchID)
	if err != nil {
		return p, fmt.Errorf("plan reminders of branch %s: %w", branchID, err)
	}
	loc := b.Location(opts.Location)
	meetings, err := records.Meetings(ctx, branchID)
	if err != nil {
		return p, fmt.Errorf("plan reminders of branch %s: %w", branchID, err)
	}
	for _, m := range meetings {
		if m.ID == b.CurrentMeeting {
			rs := PlanMeeting(m, loc, now, opts)
			if err := store.Replan(ctx, MeetingGroup(m), rs); err != nil {
				return p, fmt.Errorf("plan reminders of meeting %s of branch %s: %w", m.ID, branchID, err)
			}
			p.Meetings++
			p.Reminders += len(rs)
		}
		items, err := records.RectItems(ctx, branchID, m.ID)
		if err != nil {
			return p, fmt.Errorf("plan follow-ups of meeting %s of branch %s: %w", m.ID, branchID, err)
		}
		for _, it := range items {
			if !it.Open() {
				continue
			}
			rs := PlanItem(it, loc, now, opts)
			if err := store.Replan(ctx, ItemGroup(it), rs); err != nil {
				return p, fmt.Errorf("plan follow-ups of item %s of branch %s: %w", it.ID, branchID, err)
			}
			p.Items++
			p.Reminders += len(rs)
		}
	}
	return p, nil
}
