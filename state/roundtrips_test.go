package state_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"orglife"
	"orglife/state"
	"orglife/state/redistest"
)

// The calls that do in one round trip what used to take several must answer exactly as the
// separate calls do.

func TestBranchMemberReadsBothInOne(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := redistest.Start(t)
	rec := state.NewRecords(srv.Client(t), state.NewKeys("t"))
	id, err := rec.NewBranchID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := rec.CreateBranch(ctx, orglife.Branch{ID: id, Name: "一支部", SecretaryID: 1},
		orglife.Member{UserID: 1, Name: "书记", Role: orglife.RoleSecretary}); err != nil {
		t.Fatal(err)
	}
	if _, err := rec.AddMember(ctx, id, orglife.Member{UserID: 2, Name: "党员", Role: orglife.RoleMember}); err != nil {
		t.Fatal(err)
	}
	for _, uid := range []int64{1, 2, 3} {
		b, m, ok, err := rec.BranchMember(ctx, nil, id, uid)
		wb, _ := rec.Branch(ctx, id)
		wm, wok, werr := rec.Member(ctx, id, uid)
		if err != nil || werr != nil || ok != wok || m != wm || b.Name != wb.Name || b.SecretaryID != wb.SecretaryID {
			t.Fatalf("user %d: BranchMember = %+v %+v %v %v; Branch and Member say %+v %+v %v %v", uid, b, m, ok, err, wb, wm, wok, werr)
		}
	}
	if _, _, ok, _ := rec.BranchMember(ctx, nil, id, 2); !ok {
		t.Fatal("a member is not found")
	}
	if _, _, ok, err := rec.BranchMember(ctx, nil, "999", 1); ok || !errors.Is(err, orglife.ErrNotFound) {
		t.Fatalf("unknown branch: ok=%v err=%v, want orglife.ErrNotFound", ok, err)
	}
}

func TestReserveSlotsTakesTheTokenSlotOnlyWhenTheChatIsFree(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := redistest.Start(t)
	l := state.NewRateLimiter(srv.Client(t), state.NewKeys("t"))
	chat := state.Rate{Interval: time.Hour, Burst: 2}
	global := state.Rate{Interval: time.Hour, Burst: 1}
	near := func(got, want time.Duration) bool { return got > want-time.Minute && got < want+time.Minute }

	// The chat's burst of 2: both free now; the token's first slot now, its second in an hour.
	one := func() state.Slot {
		t.Helper()
		slots, err := l.ReserveSlots(ctx, 7, chat, global, 1)
		if err != nil || len(slots) != 1 {
			t.Fatalf("ReserveSlots = %v, %v", slots, err)
		}
		return slots[0]
	}
	if s := one(); s.ChatWait != 0 || !s.GlobalTaken || s.GlobalWait != 0 {
		t.Fatalf("first: %+v, want both now", s)
	}
	if s := one(); s.ChatWait != 0 || !s.GlobalTaken || !near(s.GlobalWait, time.Hour) {
		t.Fatalf("second: %+v, want the chat now and the token in an hour", s)
	}
	// The chat is busy for an hour: its slot is taken, the token's is not.
	if s := one(); s.GlobalTaken || !near(s.ChatWait, time.Hour) {
		t.Fatalf("third: %+v, want the chat in an hour and the token untouched", s)
	}
	// Untouched: the token's next slot is the third, two hours on.
	if w, err := l.Reserve(ctx, 0, global); err != nil || !near(w, 2*time.Hour) {
		t.Fatalf("token after a busy chat waits %v (%v), want 2h: the busy chat must not have taken a token slot", w, err)
	}
	// The same as reserving the chat's slot and then the token's with Reserve.
	if w, _ := l.Reserve(ctx, 8, chat); w != 0 {
		t.Fatalf("another chat waits %v", w)
	}
	// Three at once for a fresh chat: as three single reservations one after another.
	slots, err := l.ReserveSlots(ctx, 9, chat, global, 3)
	if err != nil || len(slots) != 3 {
		t.Fatalf("three slots: %v %v", slots, err)
	}
	if s := slots[0]; s.ChatWait != 0 || !s.GlobalTaken || !near(s.GlobalWait, 3*time.Hour) {
		t.Fatalf("slot 1 of 3: %+v, want the chat now and the token's fourth slot", s)
	}
	if s := slots[1]; s.ChatWait != 0 || !s.GlobalTaken || !near(s.GlobalWait, 4*time.Hour) {
		t.Fatalf("slot 2 of 3: %+v, want the chat now (burst 2) and the token's fifth slot", s)
	}
	if s := slots[2]; s.GlobalTaken || !near(s.ChatWait, time.Hour) {
		t.Fatalf("slot 3 of 3: %+v, want the chat in an hour and no token slot", s)
	}
}

func TestPreloadReadsAheadOnceAndYieldsToWrites(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := redistest.Start(t)
	rdb := srv.Client(t)
	keys := state.NewKeys("t")
	store, flood := state.NewStore(rdb, keys), state.NewFloodCounter(rdb, keys)
	if err := store.SetLanguage(ctx, nil, 5, "en"); err != nil {
		t.Fatal(err)
	}
	if err := store.SaveSession(ctx, nil, 5, 5, []byte("s1"), time.Hour); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	rule := state.FloodRule{Burst: 1, PerMinute: 1}
	ahead := func(update int, user int64) *state.Ahead {
		return &state.Ahead{UpdateID: update, ChatID: user, UserID: user, Now: now, Rule: rule}
	}
	pu := new(state.Unit)
	v, err := flood.Preload(ctx, ahead(1, 5), pu)
	if err != nil || v.Over {
		t.Fatalf("Preload = %+v, %v; want the first update through", v, err)
	}
	if v, _ := flood.Flood(ctx, rule, 5, 2, now); !v.Over {
		t.Fatalf("Flood after Preload = %+v, want over: both take from the same bucket of one", v)
	}
	// Full again two minutes on (one token a minute, one token of debt), kept two to four more.
	if ttl := rdb.PTTL(ctx, keys.Flood(5)).Val(); ttl < 4*time.Minute || ttl > 6*time.Minute {
		t.Fatalf("flood key TTL %v, want it to expire two to four minutes after the bucket is full again", ttl)
	}
	// Changed behind the read-ahead's back: the first read still sees what was read ahead
	// (the moment Preload ran), every later one sees Redis.
	if err := store.SetLanguage(ctx, nil, 5, "zh"); err != nil {
		t.Fatal(err)
	}
	if err := store.SaveSession(ctx, nil, 5, 5, []byte("s2"), time.Hour); err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"en", "zh", "zh"} {
		if got, err := store.Language(ctx, pu, 5); err != nil || got != want {
			t.Fatalf("Language read %d = %q %v, want %q", i, got, err, want)
		}
	}
	for i, want := range []string{"s1", "s2"} {
		if got, err := store.Session(ctx, pu, 5, 5); err != nil || string(got) != want {
			t.Fatalf("Session read %d = %q %v, want %q", i, got, err, want)
		}
	}
	// A write under the context drops what was read ahead before it is used.
	pu = new(state.Unit)
	_, _ = flood.Preload(ctx, ahead(3, 5), pu)
	if err := store.SaveSession(ctx, pu, 5, 5, []byte("s3"), time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := store.SetLanguage(ctx, pu, 5, "en"); err != nil {
		t.Fatal(err)
	}
	if got, _ := store.Session(ctx, pu, 5, 5); string(got) != "s3" {
		t.Fatalf("Session after SaveSession = %q, want the new s3", got)
	}
	if got, _ := store.Language(ctx, pu, 5); got != "en" {
		t.Fatalf("Language after SetLanguage = %q, want the new en", got)
	}
	pu = new(state.Unit)
	_, _ = flood.Preload(ctx, ahead(4, 5), pu)
	if err := store.DeleteSession(ctx, pu, 5, 5); err != nil {
		t.Fatal(err)
	}
	if got, _ := store.Session(ctx, pu, 5, 5); got != nil {
		t.Fatalf("Session after DeleteSession = %q, want none", got)
	}
	// Nothing stored reads ahead as nothing; another user's reads are not served from it.
	pu = new(state.Unit)
	_, _ = flood.Preload(ctx, ahead(5, 6), pu)
	if got, err := store.Session(ctx, pu, 6, 6); got != nil || err != nil {
		t.Fatalf("no session read ahead as %q %v", got, err)
	}
	if got, err := store.Language(ctx, pu, 5); got != "en" || err != nil {
		t.Fatalf("another user's language = %q %v, want en from Redis", got, err)
	}
}

func TestPushClaimTakesTheLeaseOfAnIdleChat(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := redistest.Start(t)
	a, b := newInbox(t, srv, "a"), newInbox(t, srv, "b")
	// Chat 9 is busy at b: b holds its lease.
	if _, err := b.Push(ctx, []state.Item{{UpdateID: 1, Chat: "9", Payload: []byte("b1")}}); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := b.Claim(ctx, "9"); !ok {
		t.Fatal("b cannot claim chat 9")
	}
	items := []state.Item{{UpdateID: 2, Chat: "5", Payload: []byte("u2")}, {UpdateID: 3, Chat: "5", Payload: []byte("u3")}, {UpdateID: 2, Chat: "5", Payload: []byte("u2")}, {UpdateID: 4, Chat: "9", Payload: []byte("b2")}, {UpdateID: 5, Chat: "6", Payload: []byte("u5")}}
	fresh, claimed, err := a.PushClaim(ctx, items)
	if err != nil {
		t.Fatal(err)
	}
	if want := []bool{true, true, false, true, true}; !slices.Equal(fresh, want) {
		t.Fatalf("fresh = %v, want %v", fresh, want)
	}
	// Only the first update of an idle chat is claimed with its push.
	if want := []bool{true, false, false, false, true}; !slices.Equal(claimed, want) {
		t.Fatalf("claimed = %v, want %v", claimed, want)
	}
	if _, ok, _ := b.Claim(ctx, "5"); ok {
		t.Fatal("b claimed chat 5, whose lease a took with the push")
	}
	// a handles u2 without claiming it: its ack keeps the lease for u3.
	if next, lost, err := a.Ack(ctx, nil, "5", []byte("u2"), nil); err != nil || string(next) != "u3" || lost {
		t.Fatalf("ack of the claimed push: next=%q lost=%v err=%v, want u3", next, lost, err)
	}
	if p, ok, _ := a.Claim(ctx, "5"); !ok || string(p) != "u3" {
		t.Fatalf("claim after the ack gives %q %v, want u3 again (the lease is a's)", p, ok)
	}
	if p, ok, _ := b.Claim(ctx, "9"); !ok || string(p) != "b1" {
		t.Fatalf("b's chat 9 gives %q %v, want b1 still first and b's", p, ok)
	}
	if err := a.Release(ctx, "6"); err != nil {
		t.Fatal(err)
	}
	if p, ok, _ := b.Claim(ctx, "6"); !ok || string(p) != "u5" {
		t.Fatalf("after a released chat 6, b claims %q %v, want u5", p, ok)
	}
}
