package state_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"orglife"
	"orglife/state"
	"orglife/state/redistest"
)

func TestWriteBehindWaitsForTheAckAndGoesWithIt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := redistest.Start(t)
	rdb := srv.Client(t)
	keys := state.NewKeys("t")
	store, in := state.NewStore(rdb, keys), newInbox(t, srv, "a")
	if _, err := in.Push(ctx, []state.Item{{UpdateID: 1, Chat: "5", Payload: []byte("u1")}, {UpdateID: 2, Chat: "5", Payload: []byte("u2")}}); err != nil {
		t.Fatal(err)
	}
	p, _, _ := in.Claim(ctx, "5")
	wu := state.NewUnit()
	if err := store.SaveSession(ctx, wu, 5, 5, []byte("s1"), time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := store.SaveSession(ctx, wu, 5, 5, []byte("s2"), time.Hour); err != nil {
		t.Fatal(err)
	}
	// Held back: Redis has nothing yet, the update's own reads see the latest write.
	if n := rdb.Exists(ctx, keys.Session(5, 5)).Val(); n != 0 {
		t.Fatal("a buffered session write reached Redis before the ack")
	}
	if got, _ := store.Session(ctx, wu, 5, 5); string(got) != "s2" {
		t.Fatalf("Session under the buffer = %q, want s2", got)
	}
	if got, _ := store.Session(ctx, nil, 5, 5); got != nil {
		t.Fatalf("Session outside the buffer = %q, want none yet", got)
	}
	// The ack applies it, with the idle index, and hands over the next update.
	next, lost, err := in.Ack(ctx, wu, "5", p, nil)
	if err != nil || lost || string(next) != "u2" {
		t.Fatalf("ack = %q %v %v, want u2", next, lost, err)
	}
	if got, _ := store.Session(ctx, nil, 5, 5); string(got) != "s2" {
		t.Fatalf("after the ack the session is %q, want s2", got)
	}
	if score := rdb.ZScore(ctx, keys.SessionsIdle(), "5:5").Val(); score < float64(time.Now().Add(59*time.Minute).Unix()) {
		t.Fatalf("idle index score %v, want an hour from now", score)
	}
	// A delete held back goes with the ack too.
	if err := store.DeleteSession(ctx, wu, 5, 5); err != nil {
		t.Fatal(err)
	}
	if next, _, err = in.Ack(ctx, wu, "5", next, nil); err != nil || next != nil {
		t.Fatalf("ack of u2 = %q %v", next, err)
	}
	if n := rdb.Exists(ctx, keys.Session(5, 5)).Val(); n != 0 {
		t.Fatal("the session is still there after an ack carrying its delete")
	}
	if err := rdb.ZScore(ctx, keys.SessionsIdle(), "5:5").Err(); err == nil {
		t.Fatal("the deleted session is still in the idle index")
	}
	// Nothing is written twice: the buffer is empty after the ack.
	if err := rdb.Set(ctx, keys.Session(5, 5), "s3", 0).Err(); err != nil {
		t.Fatal(err)
	}
	if _, err := in.Push(ctx, []state.Item{{UpdateID: 3, Chat: "5", Payload: []byte("u3")}}); err != nil {
		t.Fatal(err)
	}
	next, _, _ = in.Claim(ctx, "5")
	if _, _, err := in.Ack(ctx, wu, "5", next, nil); err != nil {
		t.Fatal(err)
	}
	if got, _ := store.Session(ctx, nil, 5, 5); string(got) != "s3" {
		t.Fatalf("a later ack under the same buffer wrote again: %q", got)
	}
}

func TestWriteBehindDeleteAndFlush(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := redistest.Start(t)
	rdb := srv.Client(t)
	keys := state.NewKeys("t")
	store := state.NewStore(rdb, keys)
	if err := store.SaveSession(ctx, nil, 5, 5, []byte("old"), time.Hour); err != nil {
		t.Fatal(err)
	}
	wu := state.NewUnit()
	if err := store.SaveSession(ctx, wu, 5, 5, []byte("new"), time.Hour); err != nil {
		t.Fatal(err)
	}
	// A delete is held back too, and replaces the write held back before it.
	if err := store.DeleteSession(ctx, wu, 5, 5); err != nil {
		t.Fatal(err)
	}
	if got, _ := store.Session(ctx, wu, 5, 5); got != nil {
		t.Fatalf("after the delete the buffer still gives %q", got)
	}
	if got, _ := store.Session(ctx, nil, 5, 5); string(got) != "old" {
		t.Fatalf("the delete reached Redis before the flush: %q", got)
	}
	if err := store.Flush(ctx, wu); err != nil {
		t.Fatal(err)
	}
	if n := rdb.Exists(ctx, keys.Session(5, 5)).Val(); n != 0 {
		t.Fatal("the session is still there after the delete was flushed")
	}
	if n := rdb.ZScore(ctx, keys.SessionsIdle(), "5:5").Err(); n == nil {
		t.Fatal("the deleted session is still in the idle index")
	}
	// Flush writes at once, for a caller that must not go on without it.
	if err := store.SaveSession(ctx, wu, 7, 7, []byte("now"), time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := store.Flush(ctx, wu); err != nil {
		t.Fatal(err)
	}
	if got, _ := store.Session(ctx, nil, 7, 7); string(got) != "now" {
		t.Fatalf("after Flush the session is %q, want now", got)
	}
	// Without a buffer nothing changes: writes are at once.
	if err := store.SaveSession(ctx, nil, 8, 8, []byte("direct"), time.Hour); err != nil {
		t.Fatal(err)
	}
	if got, _ := store.Session(ctx, nil, 8, 8); string(got) != "direct" {
		t.Fatalf("a write without a buffer reads back %q", got)
	}
}

func TestWriteBehindKeptWhenTheAckFails(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := redistest.Start(t, redistest.WithAOF())
	rdb := srv.Client(t)
	keys := state.NewKeys("t")
	store, in := state.NewStore(rdb, keys), newInbox(t, srv, "a")
	if _, err := in.Push(ctx, []state.Item{{UpdateID: 1, Chat: "5", Payload: []byte("u1")}}); err != nil {
		t.Fatal(err)
	}
	p, _, _ := in.Claim(ctx, "5")
	wu := state.NewUnit()
	if err := store.SaveSession(ctx, wu, 5, 5, []byte("answer"), time.Hour); err != nil {
		t.Fatal(err)
	}
	srv.Stop()
	if _, _, err := in.Ack(ctx, wu, "5", p, nil); !state.IsUnavailable(err) {
		t.Fatalf("ack with Redis down: %v, want unavailable", err)
	}
	srv.Start()
	if _, _, err := in.Ack(ctx, wu, "5", p, nil); err != nil {
		t.Fatal(err)
	}
	if got, _ := store.Session(ctx, nil, 5, 5); string(got) != "answer" {
		t.Fatalf("after the retried ack the session is %q, want the answer kept through the failure", got)
	}
	if n, _ := in.Len(ctx, "5"); n != 0 {
		t.Fatalf("inbox length %d after the ack, want 0", n)
	}
}

func TestReadAheadWithPushServesBranchAndSession(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := redistest.Start(t)
	rdb := srv.Client(t)
	keys := state.NewKeys("t")
	store, rec, in := state.NewStore(rdb, keys), state.NewRecords(rdb, keys), newInbox(t, srv, "a")
	const id = "3"
	mustBranch(t, rec, id, 1)
	mustAdd(t, rec, id, orglife.Member{UserID: 5, Name: "党员", Role: orglife.RoleMember})
	if err := store.SaveSession(ctx, nil, 5, 5, []byte("s1"), time.Hour); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	rule := state.FloodRule{Burst: 3, PerMinute: 60}
	a := &state.Ahead{UpdateID: 10, ChatID: 5, UserID: 5, Now: now, Branch: id, Rule: rule}
	fresh, claimed, err := in.PushClaim(ctx, []state.Item{{UpdateID: 10, Chat: "5", Payload: []byte("u10"), Ahead: a}})
	if err != nil || !fresh[0] || !claimed[0] {
		t.Fatalf("PushClaim = %v %v %v", fresh, claimed, err)
	}
	au := new(state.Unit)
	v, err := a.Attach(au)
	if err != nil || v.Over {
		t.Fatalf("Attach = %+v %v, want the first update through", v, err)
	}
	// Changed behind the read-ahead's back: the first read is what was read with the push.
	if err := rdb.Del(ctx, keys.Session(5, 5)).Err(); err != nil {
		t.Fatal(err)
	}
	if got, _ := store.Session(ctx, au, 5, 5); string(got) != "s1" {
		t.Fatalf("session read ahead = %q, want s1", got)
	}
	b, m, ok, err := rec.BranchMember(ctx, au, id, 5)
	if err != nil || !ok || b.Name != "第3党支部" || m.Name != "党员" {
		t.Fatalf("BranchMember read ahead = %+v %+v %v %v", b, m, ok, err)
	}
	if _, err := (&state.Ahead{UpdateID: 11, UserID: 5}).Attach(new(state.Unit)); err == nil {
		t.Fatal("Attach of a read-ahead that never went to Redis did not fail")
	}
	// Each value is served once: the next read, and any read without the unit, asks Redis.
	au = new(state.Unit)
	if _, err = state.NewFloodCounter(rdb, keys).Preload(ctx, &state.Ahead{UpdateID: 11, ChatID: 5, UserID: 5, Now: now, Branch: id, Rule: rule}, au); err != nil {
		t.Fatal(err)
	}
	if err := rec.SetRole(ctx, id, 5, orglife.RoleCommittee); err != nil {
		t.Fatal(err)
	}
	if _, m, _, _ := rec.BranchMember(ctx, au, id, 5); m.Role != orglife.RoleMember {
		t.Fatalf("the first read with the unit = %+v, want the member as read ahead", m)
	}
	if _, m, _, _ := rec.BranchMember(ctx, au, id, 5); m.Role != orglife.RoleCommittee {
		t.Fatalf("the second read with the unit = %+v, want the new role from Redis", m)
	}
	if _, m, _, _ := rec.BranchMember(ctx, nil, id, 5); m.Role != orglife.RoleCommittee {
		t.Fatalf("a read without the unit = %+v, want the new role", m)
	}
	// A hint for another branch, or none, is not used; an unknown branch reads as not found.
	au = new(state.Unit)
	_, _ = state.NewFloodCounter(rdb, keys).Preload(ctx, &state.Ahead{UpdateID: 12, ChatID: 5, UserID: 5, Now: now, Branch: "999", Rule: rule}, au)
	if _, _, ok, err := rec.BranchMember(ctx, au, "999", 5); ok || !errors.Is(err, orglife.ErrNotFound) {
		t.Fatalf("unknown branch read ahead: ok=%v err=%v, want orglife.ErrNotFound", ok, err)
	}
	if _, _, ok, err := rec.BranchMember(ctx, au, id, 5); !ok || err != nil {
		t.Fatalf("the real branch under another hint: ok=%v err=%v", ok, err)
	}
	// Pushed behind another update of the chat: not claimed, and counted once when
	// read ahead again later.
	b2 := &state.Ahead{UpdateID: 13, ChatID: 5, UserID: 5, Now: now, Rule: rule}
	if _, claimed, _ := in.PushClaim(ctx, []state.Item{{UpdateID: 13, Chat: "5", Payload: []byte("u13"), Ahead: b2}}); claimed[0] {
		t.Fatal("an update queued behind another was claimed")
	}
	want := state.Flood{Over: true, Wait: time.Second, Notify: true} // the fourth in a bucket of three
	if v, _ := state.NewFloodCounter(rdb, keys).Preload(ctx, &state.Ahead{UpdateID: 13, ChatID: 5, UserID: 5, Now: now, Rule: rule}, nil); v != want {
		t.Fatalf("update 13 read ahead twice = %+v, want %+v (after 10, 11, 12, charged once)", v, want)
	}
}

// TestWriteBehindAndReadAheadOnCluster: the same through a cluster client, where every
// script and transaction must keep to one slot and the session is written before the ack.
func TestWriteBehindAndReadAheadOnCluster(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := redistest.Start(t, redistest.WithCluster())
	rdb := srv.ClusterClient(t)
	keys := state.NewKeys("t")
	store, rec := state.NewStore(rdb, keys), state.NewRecords(rdb, keys)
	in := state.NewInbox(rdb, keys, "a", time.Hour, 2*time.Second)
	const id = "3"
	mustBranch(t, rec, id, 5)
	a := &state.Ahead{UpdateID: 1, ChatID: 5, UserID: 5, Now: time.Now(), Branch: id}
	_, claimed, err := in.PushClaim(ctx, []state.Item{{UpdateID: 1, Chat: "5", Payload: []byte("u1"), Ahead: a},
		{UpdateID: 2, Chat: "5", Payload: []byte("u2")}})
	if err != nil || !claimed[0] {
		t.Fatalf("PushClaim on the cluster: %v %v", claimed, err)
	}
	// A cluster runs a pipeline per node in parallel: nothing is read ahead with the push
	// (the reads could come before the claim), it is read after the claim instead.
	if _, err := a.Attach(new(state.Unit)); err == nil {
		t.Fatal("read ahead with the push on a cluster")
	}
	au := state.NewUnit()
	v, err := state.NewFloodCounter(rdb, keys).Preload(ctx, &state.Ahead{UpdateID: 1, ChatID: 5, UserID: 5, Now: time.Now(), Branch: id, Rule: state.FloodRule{Burst: 1, PerMinute: 1}}, au)
	if err != nil || v.Over {
		t.Fatalf("Preload: %+v %v", v, err)
	}
	if _, m, ok, err := rec.BranchMember(ctx, au, id, 5); err != nil || !ok || m.Role != orglife.RoleSecretary {
		t.Fatalf("BranchMember read ahead on the cluster: %+v %v %v", m, ok, err)
	}
	wu := au
	if err := store.SaveSession(ctx, wu, 5, 5, []byte("s1"), time.Hour); err != nil {
		t.Fatal(err)
	}
	next, lost, err := in.Ack(ctx, wu, "5", []byte("u1"), nil)
	if err != nil || lost || string(next) != "u2" {
		t.Fatalf("Ack on the cluster: %q %v %v", next, lost, err)
	}
	if got, _ := store.Session(ctx, nil, 5, 5); string(got) != "s1" {
		t.Fatalf("session after the ack on the cluster: %q", got)
	}
	ackAgainWritesNothing(t, store, in, "5", []byte("u1"))
	slots, err := state.NewRateLimiter(rdb, keys).ReserveSlots(ctx, 5, state.Rate{Interval: time.Second, Burst: 3}, state.Rate{Interval: time.Millisecond, Burst: 1}, 2)
	if err != nil || len(slots) != 2 {
		t.Fatalf("ReserveSlots on the cluster: %v %v", slots, err)
	}
}

// ackAgainWritesNothing: after the chat's session moved on (a later update, handled by
// another instance while this one's ack reply was lost), an ack of the earlier update
// repeated with its session write changes nothing.
func ackAgainWritesNothing(t *testing.T, store *state.Store, in *state.Inbox, chat string, payload []byte) {
	t.Helper()
	ctx := context.Background()
	if err := store.SaveSession(ctx, nil, 5, 5, []byte("later"), time.Hour); err != nil {
		t.Fatal(err)
	}
	wu := state.NewUnit()
	if err := store.SaveSession(ctx, wu, 5, 5, []byte("earlier"), time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, _, err := in.Ack(ctx, wu, chat, payload, nil); err != nil {
		t.Fatal(err)
	}
	if got, _ := store.Session(ctx, nil, 5, 5); string(got) != "later" {
		t.Fatalf("a repeated ack wrote its session over a later one: %q", got)
	}
}

func TestAckWritesOnlyWhatItAcks(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := redistest.Start(t)
	rdb := srv.Client(t)
	keys := state.NewKeys("t")
	store, a, b := state.NewStore(rdb, keys), newInbox(t, srv, "a"), newInbox(t, srv, "b")
	if _, err := a.Push(ctx, []state.Item{{UpdateID: 1, Chat: "5", Payload: []byte("u1")}}); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := a.Claim(ctx, "5"); !ok {
		t.Fatal("claim")
	}
	wu := state.NewUnit()
	if err := store.SaveSession(ctx, wu, 5, 5, []byte("s1"), time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.Ack(ctx, wu, "5", []byte("u1"), nil); err != nil {
		t.Fatal(err)
	}
	ackAgainWritesNothing(t, store, a, "5", []byte("u1"))
	// An instance whose lease passed to another writes nothing either.
	if _, err := a.Push(ctx, []state.Item{{UpdateID: 2, Chat: "5", Payload: []byte("u2")}}); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := b.Claim(ctx, "5"); !ok {
		t.Fatal("b cannot claim")
	}
	wu = state.NewUnit()
	if err := store.SaveSession(ctx, wu, 5, 5, []byte("a's"), time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, lost, err := a.Ack(ctx, wu, "5", []byte("u2"), nil); err != nil || !lost {
		t.Fatalf("a's ack of b's chat: lost=%v err=%v", lost, err)
	}
	if got, _ := store.Session(ctx, nil, 5, 5); string(got) != "later" {
		t.Fatalf("an ack without the lease wrote its session: %q", got)
	}
}

func TestPushClaimSurvivesAFailedReadAhead(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := redistest.Start(t)
	rdb := srv.Client(t)
	keys := state.NewKeys("t")
	now := time.Now()
	// A key of the wrong type where the flood count goes: the read-ahead fails.
	if err := rdb.Set(ctx, keys.Flood(5), "3", time.Minute).Err(); err != nil {
		t.Fatal(err)
	}
	a := &state.Ahead{UpdateID: 1, ChatID: 5, UserID: 5, Now: now, Rule: state.FloodRule{Burst: 30, PerMinute: 60}}
	fresh, claimed, err := newInbox(t, srv, "a").PushClaim(ctx, []state.Item{{UpdateID: 1, Chat: "5", Payload: []byte("u1"), Ahead: a}})
	if err != nil || !fresh[0] || !claimed[0] {
		t.Fatalf("PushClaim with a failing read-ahead = %v %v %v, want the update queued and claimed", fresh, claimed, err)
	}
	if _, err := a.Attach(new(state.Unit)); err == nil {
		t.Fatal("a failed read-ahead attached")
	}
}
