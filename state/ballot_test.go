package state_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"orglife"
	"orglife/state"
)

// ballotFixture opens a ballot of five on meeting 1 of branch k, closing at t0+1h.
func ballotFixture(t *testing.T, rec *state.Records) orglife.Ballot {
	t.Helper()
	mustBranch(t, rec, "k", 1)
	for _, u := range []int64{2, 3, 4, 5} {
		mustAdd(t, rec, "k", orglife.Member{UserID: u, Name: fmt.Sprint("党员", u), JoinedAt: at(int(u))})
	}
	mustMeeting(t, rec, "k", "1", at(10))
	b := orglife.Ballot{BranchID: "k", MeetingID: "1", OpenedAt: t0, OpenedBy: 1, Closes: t0.Add(time.Hour),
		Roster: []int64{1, 2, 3, 4, 5}, MinVoters: 3}
	if err := rec.OpenBallot(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	return b
}

// vote rates as voter, one rating a candidate (candidates in roster order, voter left out).
func vote(t *testing.T, rec *state.Records, b orglife.Ballot, voter int64, ratings ...orglife.Rating) bool {
	t.Helper()
	ctx := context.Background()
	k, err := rec.BallotKeyOf(ctx, b, t0)
	if err != nil {
		t.Fatal(err)
	}
	v, err := rec.MyVote(ctx, b, k, voter)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range b.Candidates(voter)[:len(ratings)] {
		if err := b.Rate(v, voter, c, ratings[i]); err != nil {
			t.Fatal(err)
		}
	}
	complete, err := rec.CastVote(ctx, b, k, voter, v)
	if err != nil {
		t.Fatal(err)
	}
	return complete
}

const (
	ex, ok, bs, po = orglife.RatingExcellent, orglife.RatingGood, orglife.RatingBasic, orglife.RatingPoor
)

// TestBallotCountsOnceAndReplaces: a vote cast again replaces the first and counts once; an
// incomplete vote does not count; the counts come only at the close, when the sealed votes
// and the key are deleted; a vote after the close is refused.
func TestBallotCountsOnceAndReplaces(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec, c := newRecords(t)
	b := ballotFixture(t, rec)
	if vote(t, rec, b, 1, ex, ex, ex) { // three of four: not complete yet
		t.Fatal("an incomplete vote counted as complete")
	}
	if !vote(t, rec, b, 1, ex, ex, ex, ex) {
		t.Fatal("a complete vote not complete")
	}
	vote(t, rec, b, 1, po) // changes its rating of 2 to 不合格: replaces, counts once
	vote(t, rec, b, 2, ok, ok, ok, ok)
	vote(t, rec, b, 3, ok, ok, bs, bs)
	vote(t, rec, b, 4, ok, ok) // incomplete: not counted
	voters, err := rec.BallotVoters(ctx, "k", "1")
	if slices.Sort(voters); err != nil || !slices.Equal(voters, []int64{1, 2, 3}) {
		t.Fatalf("voters %v, %v", voters, err)
	}
	if open, _ := rec.Ballot(ctx, "k", "1"); open.Tally != nil || open.Closed {
		t.Fatalf("counts before the close: %+v", open)
	}

	closed, now, err := rec.CloseBallot(ctx, "k", "1", t0.Add(time.Hour))
	if err != nil || !now || !closed.Closed || closed.Voters != 3 || !closed.Published() {
		t.Fatalf("close: %+v, %v, %v", closed, now, err)
	}
	want := []orglife.BallotTally{
		{UserID: 1, Counts: [4]int{0, 2, 0, 0}},
		{UserID: 2, Counts: [4]int{0, 1, 0, 1}}, // 1's 不合格 (its first 优秀 replaced) and 3's 合格
		{UserID: 3, Counts: [4]int{1, 1, 0, 0}},
		{UserID: 4, Counts: [4]int{1, 1, 1, 0}}, // 4's own incomplete vote counts nowhere
		{UserID: 5, Counts: [4]int{1, 1, 1, 0}},
	}
	if !slices.Equal(closed.Tally, want) {
		t.Fatalf("tally %+v, want %+v", closed.Tally, want)
	}
	for _, k := range []string{"orglife:{b:k}:m:1:ballotsealed", "orglife:{b:k}:m:1:ballotkey"} {
		if n, _ := c.Exists(ctx, k).Result(); n != 0 {
			t.Errorf("%s survives the close", k)
		}
	}
	if n, _ := c.ZCard(ctx, "orglife:ballots:open").Result(); n != 0 {
		t.Errorf("the closed ballot is still indexed as open")
	}
	if _, again, err := rec.CloseBallot(ctx, "k", "1", t0.Add(2*time.Hour)); err != nil || again {
		t.Errorf("closing again: %v, %v", again, err)
	}
	// After the close: no key, and no vote.
	if _, err := rec.BallotKeyOf(ctx, closed, t0); !errors.Is(err, orglife.ErrBallotClosed) {
		t.Errorf("key after the close: %v", err)
	}
	var old state.BallotKey
	if _, err := rec.CastVote(ctx, b, old, 5, b.NewVote()); !errors.Is(err, orglife.ErrBallotClosed) {
		t.Errorf("a vote after the close: %v", err)
	}
	// A vote past the closing time, before anyone closed it, is refused too.
	if _, err := rec.BallotKeyOf(ctx, b, t0.Add(time.Hour)); !errors.Is(err, orglife.ErrBallotClosed) {
		t.Errorf("key at the closing time: %v", err)
	}
}

// TestBallotTooFewVoters: below min_voters nothing is counted or kept.
func TestBallotTooFewVoters(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec, _ := newRecords(t)
	b := ballotFixture(t, rec)
	vote(t, rec, b, 1, ex, ex, ex, ex)
	vote(t, rec, b, 2, po, po, po, po)
	closed, _, err := rec.CloseBallot(ctx, "k", "1", t0.Add(time.Hour))
	if err != nil || closed.Voters != 2 || closed.Published() || closed.Tally != nil {
		t.Fatalf("close with two voters of three needed: %+v, %v", closed, err)
	}
}

// TestBallotStorageNamesNoVoter is the adversary's test of storage: two ballots where the
// same votes are cast by different voters (1 and 2 swap theirs) leave Redis, after the
// close, exactly alike — every key and every value — so nothing in it tells who chose what.
// While open, the stored votes are sealed: no value holds a voter's id next to a rating.
func TestBallotStorageNamesNoVoter(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	run := func(swap bool) map[string]string {
		rec, c := newRecords(t)
		b := ballotFixture(t, rec)
		v1, v2 := []orglife.Rating{ok, ex, po, bs}, []orglife.Rating{po, ok, ex, ok}
		// 1 rates 2,3,4,5 and 2 rates 1,3,4,5: give 1's ratings of 3,4,5 to 2 and back, with
		// the mutual ones (1 of 2, 2 of 1) equal, so the multiset is the same either way.
		v1[0], v2[0] = ok, ok
		if swap {
			v1, v2 = v2, v1
		}
		vote(t, rec, b, 1, v1...)
		vote(t, rec, b, 2, v2...)
		vote(t, rec, b, 3, ok, ok, ok, ok)
		sealed, err := c.HGetAll(ctx, "orglife:{b:k}:m:1:ballotsealed").Result()
		if err != nil || len(sealed) != 3 {
			t.Fatalf("sealed votes %v, %v", sealed, err)
		}
		lengths := map[int]bool{}
		for f, v := range sealed {
			if len(f) != 32 || strings.ContainsAny(v, ":{") {
				t.Errorf("a sealed vote %q → %q is not opaque", f, v)
			}
			lengths[len(v)] = true
		}
		if len(lengths) != 1 {
			t.Errorf("sealed votes of different lengths %v: their size tells them apart", lengths)
		}
		if _, _, err := rec.CloseBallot(ctx, "k", "1", t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		return dumpAll(t, c)
	}
	a, b := run(false), run(true)
	if fmt.Sprint(a) != fmt.Sprint(b) {
		for k := range a {
			if a[k] != b[k] {
				t.Errorf("after the close %s tells the two apart:\n%s\n%s", k, a[k], b[k])
			}
		}
		t.Fatal("storage differs with who cast which vote")
	}
	if _, ok := a["orglife:{b:k}:m:1:ballot"]; !ok {
		t.Fatalf("no ballot record among %v", a)
	}
}

// dumpAll reads every key of c by type, as an adversary with the dump would.
func dumpAll(t *testing.T, c *redis.Client) map[string]string {
	t.Helper()
	ctx := context.Background()
	out := map[string]string{}
	iter := c.Scan(ctx, 0, "*", 1000).Iterator()
	for iter.Next(ctx) {
		k := iter.Val()
		typ, err := c.Type(ctx, k).Result()
		if err != nil {
			t.Fatal(err)
		}
		var v any
		switch typ {
		case "string":
			v, err = c.Get(ctx, k).Result()
		case "hash":
			v, err = c.HGetAll(ctx, k).Result()
		case "list":
			v, err = c.LRange(ctx, k, 0, -1).Result()
		case "set":
			var ms []string
			ms, err = c.SMembers(ctx, k).Result()
			slices.Sort(ms)
			v = ms
		case "zset":
			v, err = c.ZRangeWithScores(ctx, k, 0, -1).Result()
		}
		if err != nil {
			t.Fatal(err)
		}
		var raw bytes.Buffer
		fmt.Fprint(&raw, v)
		out[k] = typ + " " + raw.String()
	}
	if err := iter.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBallotFormsTakenOnce: the forms noted for a ballot come back once, each voter's in
// the order sent, and are gone after; /forgetme drops the leaver's (their form stays as it
// is); after the close none is noted.
func TestBallotFormsTakenOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec, _ := newRecords(t)
	b := ballotFixture(t, rec)
	for _, f := range []state.BallotForm{{Chat: 3, MessageID: 40}, {Chat: 2, MessageID: 11}, {Chat: 3, MessageID: 7}, {Chat: 4, MessageID: 9}} {
		if noted, err := rec.NoteBallotForm(ctx, b, f.Chat, f.MessageID); err != nil || !noted {
			t.Fatalf("note %v: %v, %v", f, noted, err)
		}
	}
	if err := rec.Forget(ctx, "k", 4, false); err != nil {
		t.Fatal(err)
	}
	// Forms of one voter noted at once (the opening, and their own /vote) are all kept.
	var wg sync.WaitGroup
	for id := 100; id < 120; id++ {
		wg.Go(func() {
			if noted, err := rec.NoteBallotForm(ctx, b, 5, id); err != nil || !noted {
				t.Errorf("note form %d: %v, %v", id, noted, err)
			}
		})
	}
	wg.Wait()
	got, err := rec.TakeBallotForms(ctx, "k", "1")
	want := []state.BallotForm{{Chat: 2, MessageID: 11}, {Chat: 3, MessageID: 7}, {Chat: 3, MessageID: 40}}
	for id := 100; id < 120; id++ {
		want = append(want, state.BallotForm{Chat: 5, MessageID: id})
	}
	if err != nil || !slices.Equal(got, want) {
		t.Fatalf("forms taken: %v, %v; want %v", got, err, want)
	}
	if again, err := rec.TakeBallotForms(ctx, "k", "1"); err != nil || len(again) != 0 {
		t.Fatalf("taken again: %v, %v; want none", again, err)
	}
	// A form sent as the ballot closes is not noted: its sender closes it.
	if _, _, err := rec.CloseBallot(ctx, "k", "1", t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if noted, err := rec.NoteBallotForm(ctx, b, 2, 50); err != nil || noted {
		t.Fatalf("a form noted after the close: %v, %v", noted, err)
	}
	if after, err := rec.TakeBallotForms(ctx, "k", "1"); err != nil || len(after) != 0 {
		t.Fatalf("forms kept after the close: %v, %v", after, err)
	}
}
