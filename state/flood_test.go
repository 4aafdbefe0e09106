package state_test

import (
	"context"
	"testing"
	"time"

	"orglife/state"
	"orglife/state/redistest"
)

func TestFloodCountsPerUserAndMinute(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	rdb := srv.Client(t)
	keys := state.NewKeys("t")
	f := state.NewFloodCounter(rdb, keys)
	ctx := context.Background()
	minute := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	for want := int64(1); want <= 3; want++ {
		n, err := f.Flood(ctx, 7, int(want), minute.Add(time.Duration(want)*10*time.Second))
		if err != nil || n != want {
			t.Fatalf("count %d: got %d, %v", want, n, err)
		}
	}
	// The same update counted again (read ahead, then after waiting; or after a crash)
	// keeps its place, and adds nothing for the next.
	if n, err := f.Flood(ctx, 7, 2, minute.Add(40*time.Second)); err != nil || n != 2 {
		t.Fatalf("update 2 counted again: got %d, %v; want its place, 2", n, err)
	}
	if n, err := f.Flood(ctx, 7, 9, minute.Add(50*time.Second)); err != nil || n != 4 {
		t.Fatalf("the next update: got %d, %v; want 4", n, err)
	}
	if n, err := f.Flood(ctx, 8, 4, minute); err != nil || n != 1 {
		t.Fatalf("another user: got %d, %v", n, err)
	}
	if n, err := f.Flood(ctx, 7, 5, minute.Add(time.Minute)); err != nil || n != 1 {
		t.Fatalf("next minute: got %d, %v", n, err)
	}
	ttl, err := rdb.TTL(ctx, keys.Flood(7, minute.Unix()/60)).Result()
	if err != nil || ttl <= 0 || ttl > 2*time.Minute {
		t.Fatalf("the count should expire within two minutes, ttl %v, %v", ttl, err)
	}
	srv.Stop()
	if _, err := f.Flood(ctx, 7, 6, minute); err == nil {
		t.Fatal("no error with Redis down")
	}
}
