package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"orglife"
	"orglife/configs"
	"orglife/state"
)

// importBranch restores a branch exported by /export into the configured Redis, which must
// not hold it, plans its reminders as the bot would have (the current meeting's step
// reminders and digests, every open rectification item's follow-ups), and says what it did.
func importBranch(ctx context.Context, cfg configs.Config, path string) (string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("import: %w", err)
	}
	var e state.BranchExport
	if err := json.Unmarshal(raw, &e); err != nil {
		return "", fmt.Errorf("import %s: not an export file: %w", path, err)
	}
	rules, digestAt, err := cfg.Reminders.Rules()
	if err != nil {
		return "", fmt.Errorf("import: %w", err)
	}
	rdb, err := state.Open(ctx, cfg.Redis.URL, 5*time.Second)
	if err != nil {
		return "", fmt.Errorf("import: %w", err)
	}
	defer rdb.Close()
	keys := state.NewKeys(cfg.Redis.KeyPrefix)
	records := state.NewRecords(rdb, keys)
	if err := records.Import(ctx, e); err != nil {
		return "", err
	}
	opts := orglife.PlanOptions{Rules: rules, DigestAt: digestAt, Location: cfg.Location}
	planned, err := state.ReplanBranch(ctx, records, state.NewReminders(rdb, keys), e.Branch.ID, time.Now(), opts)
	if err != nil {
		return "", fmt.Errorf("import: branch %s restored, but planning its reminders failed (the bot plans them again as "+
			"deadlines, the time zone or rectification items change): %w", e.Branch.ID, err)
	}
	var points, talks, studies, sessions, items int
	for _, m := range e.Meetings {
		points, talks, studies, items = points+len(m.Points), talks+len(m.Talks), studies+len(m.Studies), items+len(m.RectItems)
		sessions += len(m.StudySessions)
	}
	return fmt.Sprintf("imported branch %s (%s): %d members, %d meetings, %d points, %d talks, %d studies, %d study sessions, "+
		"%d rectification items, %d leaves; planned %d reminders (current meeting %q, %d open rectification items)",
		e.Branch.ID, e.Branch.Name, len(e.Members), len(e.Meetings), points, talks, studies, sessions, items, len(e.Leaves),
		planned.Reminders, e.Branch.CurrentMeeting, planned.Items), nil
}
