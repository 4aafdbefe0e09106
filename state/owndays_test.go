package state_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"orglife"
)

// TestChangeOwnDays: a change is kept with the branch, a refused change keeps nothing, and an
// unknown branch is not found.
func TestChangeOwnDays(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec, _ := newRecords(t)
	if err := rec.CreateBranch(ctx, orglife.Branch{ID: "k", Name: "第一党支部", CreatedAt: t0, Timezone: "Asia/Shanghai"},
		orglife.Member{UserID: 100, Name: "书记"}); err != nil {
		t.Fatal(err)
	}
	day := orglife.Date{Year: 2023, Month: 12, Day: 24}
	today := orglife.Date{Year: 2023, Month: 12, Day: 1}
	b, err := rec.ChangeOwnDays(ctx, "k", func(b *orglife.Branch) error { return b.MarkDays(day, day.AddDays(1), true, today) })
	if err != nil || len(b.DaysOff) != 2 {
		t.Fatalf("ChangeOwnDays = %+v, %v", b, err)
	}
	refused := errors.New("no")
	if _, err := rec.ChangeOwnDays(ctx, "k", func(b *orglife.Branch) error {
		b.DaysOff = nil
		return refused
	}); !errors.Is(err, refused) {
		t.Fatalf("a refused change: %v", err)
	}
	stored, err := rec.Branch(ctx, "k")
	if err != nil || !slices.Equal(stored.DaysOff, []orglife.Date{day, day.AddDays(1)}) || stored.Timezone != "Asia/Shanghai" || stored.SecretaryID != 100 {
		t.Fatalf("stored %+v, %v", stored, err)
	}
	if _, err := rec.ChangeOwnDays(ctx, "nosuch", func(*orglife.Branch) error { return nil }); !errors.Is(err, orglife.ErrNotFound) {
		t.Fatalf("an unknown branch: %v", err)
	}
}
