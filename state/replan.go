package state

import (
	"context"
	"fmt"
	"time"

	"orglife"
)

// ReplanBranch plans every reminder of a branch anew from its records
// (orglife.PlanBranch): what `orglife import` runs on a restored branch, and the bot when a
// branch moves to another zone. Planning is idempotent, so running it on a branch the bot
// keeps planned changes nothing that matters (digests of days gone by drop out of the plan).
func ReplanBranch(ctx context.Context, records *Records, reminders *Reminders, branchID string, now time.Time, opts orglife.PlanOptions) (orglife.Planned, error) {
	var p orglife.Planned
	b, err := records.Branch(ctx, branchID)
	if err != nil {
		return p, fmt.Errorf("plan reminders of branch %s: %w", branchID, err)
	}
	meetings, err := records.Meetings(ctx, branchID)
	if err != nil {
		return p, fmt.Errorf("plan reminders of branch %s: %w", branchID, err)
	}
	var items []orglife.RectItem
	for _, m := range meetings {
		its, err := records.RectItems(ctx, branchID, m.ID)
		if err != nil {
			return p, fmt.Errorf("plan follow-ups of meeting %s of branch %s: %w", m.ID, branchID, err)
		}
		items = append(items, its...)
	}
	for _, g := range orglife.PlanBranch(b, meetings, items, now, opts) {
		if err := reminders.Replan(ctx, g.Group, g.Reminders); err != nil {
			return p, fmt.Errorf("plan reminders %s of branch %s: %w", g.Group, branchID, err)
		}
		p.Count(g)
	}
	return p, nil
}
