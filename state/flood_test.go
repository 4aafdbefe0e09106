package state_test

import (
	"context"
	"testing"
	"time"

	"orglife/state"
	"orglife/state/redistest"
)

// TestFloodBucket: the token bucket rule, step by step on an injected time. The rule
// holds 3 updates and refills 60 a minute (one a second).
func TestFloodBucket(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	rdb := srv.Client(t)
	keys := state.NewKeys("t")
	f := state.NewFloodCounter(rdb, keys)
	ctx := context.Background()
	rule := state.FloodRule{Burst: 3, PerMinute: 60}
	t0 := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	ok := state.Flood{}
	over := func(wait time.Duration, notify bool) state.Flood {
		return state.Flood{Over: true, Wait: wait, Notify: notify}
	}
	steps := []struct {
		name   string
		user   int64
		update int
		at     time.Duration // after t0
		rule   state.FloodRule
		want   state.Flood
	}{
		{"first of the burst", 7, 1, 0, rule, ok},
		{"second", 7, 2, 0, rule, ok},
		{"third: the burst", 7, 3, 0, rule, ok},
		{"fourth: over, told, held until the next token", 7, 4, 0, rule, over(time.Second, true)},
		{"the same update counted again: the same verdict, charged once", 7, 4, 0, rule, over(time.Second, true)},
		{"fifth: over, not told again, waits behind the fourth", 7, 5, 0, rule, over(2*time.Second, false)},
		{"an older update counted again keeps its verdict", 7, 3, 0, rule, ok},
		{"the fourth counted again later: the rest of its wait", 7, 4, 400 * time.Millisecond, rule, over(600*time.Millisecond, true)},
		{"another user has a bucket of their own", 8, 6, 0, rule, ok},
		{"the fourth's token has come: still over (the fifth holds it)", 7, 7, time.Second, rule, over(2*time.Second, false)},
		{"partly refilled (one token), flooding again: a token", 7, 8, 4 * time.Second, rule, ok},
		{"and over again, not told again", 7, 9, 4 * time.Second, rule, over(time.Second, false)},
		{"a full bucket after a calm spell: the burst again", 7, 10, time.Minute, rule, ok},
		{"", 7, 11, time.Minute, rule, ok},
		{"", 7, 12, time.Minute, rule, ok},
		{"a new flood is told again", 7, 13, time.Minute, rule, over(time.Second, true)},
		{"half a second later, behind the last: the rest of its wait", 7, 14, time.Minute + 500*time.Millisecond, rule, over(1500*time.Millisecond, false)},
		{"a rule without a burst limits nothing", 9, 16, 0, state.FloodRule{}, ok},
	}
	for _, s := range steps {
		got, err := f.Flood(ctx, s.rule, s.user, s.update, t0.Add(s.at))
		if err != nil || got != s.want {
			t.Fatalf("%s (user %d, update %d, +%v): got %+v %v, want %+v", s.name, s.user, s.update, s.at, got, err, s.want)
		}
	}
	// The debt is bounded by one burst: a flood of a thousand updates waits at most two
	// bursts' worth, and leaves a bucket full again a few seconds after; the verdicts kept
	// for updates counted again are the latest few.
	for i := range 1000 {
		got, err := f.Flood(ctx, rule, 20, 1000+i, t0)
		if err != nil || (i >= 3 && (!got.Over || got.Wait > 4*time.Second)) {
			t.Fatalf("flood update %d: %+v %v", i, got, err)
		}
	}
	if got, _ := f.Flood(ctx, rule, 20, 3000, t0.Add(6*time.Second)); got.Over {
		t.Fatalf("six seconds after a long flood: %+v, want a token", got)
	}
	if n := rdb.HLen(ctx, keys.Flood(20)).Val(); n > 300 {
		t.Fatalf("the bucket of a long flood has %d fields, want a few hundred at most", n)
	}
	if got, _ := f.Flood(ctx, rule, 20, 1999, t0.Add(6*time.Second)); got != over(0, false) {
		t.Fatalf("a recent update of the flood counted again: %+v, want its verdict, its wait over", got)
	}
	// The bucket's key lives two to four minutes longer than the bucket takes to be full again.
	ttl, err := rdb.PTTL(ctx, keys.Flood(7)).Result()
	if err != nil || ttl <= 2*time.Minute || ttl > 4*time.Minute+10*time.Second {
		t.Fatalf("the bucket should expire within a couple of minutes, ttl %v, %v", ttl, err)
	}
	srv.Stop()
	if _, err := f.Flood(ctx, rule, 7, 400, t0); err == nil {
		t.Fatal("no error with Redis down")
	}
}
