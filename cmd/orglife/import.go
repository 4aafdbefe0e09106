package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"orglife/configs"
	"orglife/state"
)

// importBranch restores a branch exported by /export into the configured Redis, which must
// not hold it, and says what it restored.
func importBranch(ctx context.Context, cfg configs.Config, path string) (string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("import: %w", err)
	}
	var e state.BranchExport
	if err := json.Unmarshal(raw, &e); err != nil {
		return "", fmt.Errorf("import %s: not an export file: %w", path, err)
	}
	rdb, err := state.Open(ctx, cfg.Redis.URL, 5*time.Second)
	if err != nil {
		return "", fmt.Errorf("import: %w", err)
	}
	defer rdb.Close()
	if err := state.NewRecords(rdb, state.NewKeys(cfg.Redis.KeyPrefix)).Import(ctx, e); err != nil {
		return "", err
	}
	var points, talks, studies, items int
	for _, m := range e.Meetings {
		points, talks, studies, items = points+len(m.Points), talks+len(m.Talks), studies+len(m.Studies), items+len(m.RectItems)
	}
	return fmt.Sprintf("imported branch %s (%s): %d members, %d meetings, %d points, %d talks, %d studies, %d rectification items",
		e.Branch.ID, e.Branch.Name, len(e.Members), len(e.Meetings), points, talks, studies, items), nil
}
