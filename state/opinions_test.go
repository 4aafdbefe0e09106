package state_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"orglife"
	"orglife/state"
)

// openCollection opens a collection of meeting meetingID of branch "k" closing at closes.
func openCollection(t *testing.T, rec *state.Records, meetingID string, closes time.Time) orglife.OpinionCollection {
	t.Helper()
	c := orglife.OpinionCollection{Code: state.NewOpinionCode("k"), BranchID: "k", MeetingID: meetingID,
		Closes: orglife.DateOf(closes.Add(-time.Hour), time.UTC), ClosesAt: closes, CreatedBy: 1, CreatedAt: at(0)}
	if err := rec.OpenOpinions(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return c
}

func opinion(id, meetingID string, about int64, text string) orglife.Opinion {
	return orglife.Opinion{ID: id, MeetingID: meetingID, About: about, Text: text, Day: orglife.Date{Year: 2023, Month: 9, Day: 2}}
}

// allRedis is every key and value in Redis, as text, for scans.
func allRedis(t *testing.T, c *redis.Client) map[string]string {
	t.Helper()
	ctx := context.Background()
	out := map[string]string{}
	iter := c.Scan(ctx, 0, "*", 1000).Iterator()
	for iter.Next(ctx) {
		k := iter.Val()
		dump, err := c.Dump(ctx, k).Result()
		if err != nil {
			t.Fatal(err)
		}
		out[k] = dump // DUMP holds every field and member, in Redis's own encoding
	}
	if err := iter.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestOpinionsCollection: opinions are stored without their sender; each sender and the link
// are limited; senders are counted once each; closing deletes the salt and the sender hashes
// (no key holds anything derived from a sender then), keeps the counts, kills the code, and
// refuses further opinions.
func TestOpinionsCollection(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec, rdb := newRecords(t)
	if err := rec.CreateBranch(ctx, orglife.Branch{ID: "k", Name: "支部", CreatedAt: t0}, orglife.Member{UserID: 1, Name: "书记"}); err != nil {
		t.Fatal(err)
	}
	mustMeeting(t, rec, "k", "1", at(1))
	if err := rec.OpenOpinions(ctx, orglife.OpinionCollection{Code: state.NewOpinionCode("k"), BranchID: "k", MeetingID: "9"}); !errors.Is(err, orglife.ErrNotFound) {
		t.Fatalf("open for a meeting that does not exist: %v", err)
	}
	c := openCollection(t, rec, "1", at(1000))
	if err := rec.OpenOpinions(ctx, c); !errors.Is(err, state.ErrExists) {
		t.Fatalf("second collection of a meeting: %v, want ErrExists", err)
	}
	got, err := rec.LookupOpinions(ctx, c.Code)
	if err != nil || got.MeetingID != "1" || got.Code != c.Code {
		t.Fatalf("LookupOpinions = %+v, %v", got, err)
	}
	other := "Z" // the code with its last character changed (not to itself: 1 in 32 codes ends in Z)
	if strings.HasSuffix(c.Code, other) {
		other = "Y"
	}
	for _, bad := range []string{"", c.Code + "x", c.Code[:len(c.Code)-1] + other, strings.Replace(c.Code, "yj-k", "yj-j", 1), "k-" + c.Code[5:]} {
		if _, err := rec.LookupOpinions(ctx, bad); !errors.Is(err, orglife.ErrNotFound) {
			t.Errorf("LookupOpinions(%q) = %v, want ErrNotFound", bad, err)
		}
	}

	const alice, bob = int64(777000111), int64(777000222)
	n := 0
	add := func(sender int64) error {
		n++
		return rec.AddOpinion(ctx, c, sender, opinion("o"+strconv.Itoa(n), "1", 0, fmt.Sprint("意见内容第", n, "条")))
	}
	for range orglife.OpinionsPerSender {
		if err := add(alice); err != nil {
			t.Fatal(err)
		}
	}
	if err := add(alice); !errors.Is(err, state.ErrOpinionSenderLimit) {
		t.Fatalf("opinion over a sender's limit: %v", err)
	}
	if err := add(bob); err != nil {
		t.Fatal(err)
	}
	_, tally, err := rec.OpinionCollection(ctx, "k", "1")
	if err != nil || tally != (orglife.OpinionTally{Opinions: orglife.OpinionsPerSender + 1, People: 2}) {
		t.Fatalf("tally = %+v, %v", tally, err)
	}
	ops, err := rec.Opinions(ctx, "k", "1")
	if err != nil || len(ops) != orglife.OpinionsPerSender+1 || ops[0].ID != "o1" {
		t.Fatalf("Opinions = %v, %v", ops, err)
	}
	// While open, the senders are kept only as hashes: no id in any key or value.
	for k, v := range allRedis(t, rdb) {
		for _, id := range []int64{alice, bob} {
			if s := strconv.FormatInt(id, 10); strings.Contains(k, s) || strings.Contains(v, s) {
				t.Errorf("key %s holds sender %d while open", k, id)
			}
		}
	}
	if n, err := rdb.HLen(ctx, "orglife:{b:k}:m:1:opsenders").Result(); err != nil || n != 2 {
		t.Fatalf("sender hashes while open = %d, %v", n, err)
	}

	// Closing forgets the senders.
	if err := rec.CloseOpinions(ctx, "k", "1"); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"orglife:{b:k}:m:1:opsenders", "orglife:{b:k}:m:1:opsalt", "orglife:{b:k}:oplink"} {
		if n, err := rdb.Exists(ctx, key).Result(); err != nil || n != 0 {
			t.Errorf("%s after closing: exists %d, %v", key, n, err)
		}
	}
	got, tally, err = rec.OpinionCollection(ctx, "k", "1")
	if err != nil || !tally.Closed || tally.Opinions != orglife.OpinionsPerSender+1 || tally.People != 2 || got.Code != "" {
		t.Fatalf("after closing: %+v %+v, %v", got, tally, err)
	}
	if _, err := rec.LookupOpinions(ctx, c.Code); !errors.Is(err, orglife.ErrNotFound) {
		t.Fatalf("the closed collection's code still opens it: %v", err)
	}
	if err := add(bob); !errors.Is(err, state.ErrOpinionsClosed) {
		t.Fatalf("opinion after closing: %v", err)
	}
	if n, err := rdb.Exists(ctx, "orglife:{b:k}:m:1:opsenders").Result(); err != nil || n != 0 {
		t.Fatalf("an opinion refused after closing made the senders hash again")
	}
	if due, err := rec.OpinionsDue(ctx, at(2000)); err != nil || len(due) != 0 {
		t.Fatalf("closed collection still due: %v, %v", due, err)
	}
	if err := rec.CloseOpinions(ctx, "k", "1"); err != nil {
		t.Fatalf("closing twice: %v", err)
	}

	// Adoption marks an opinion once.
	if ok, err := rec.AdoptOpinion(ctx, "k", "1", "o2", "p9", 1); err != nil || !ok {
		t.Fatalf("AdoptOpinion = %v, %v", ok, err)
	}
	if ok, err := rec.AdoptOpinion(ctx, "k", "1", "o2", "p10", 1); err != nil || ok {
		t.Fatalf("AdoptOpinion twice = %v, %v", ok, err)
	}
	if op, err := rec.Opinion(ctx, "k", "1", "o2"); err != nil || op.Adopted != "p9" || op.AdoptedBy != 1 {
		t.Fatalf("adopted opinion = %+v, %v", op, err)
	}
	if _, err := rec.AdoptOpinion(ctx, "k", "1", "o99", "p9", 1); !errors.Is(err, orglife.ErrNotFound) {
		t.Fatalf("AdoptOpinion of none: %v", err)
	}
}

// TestOpinionsLinkLimitAndDue: the link takes OpinionsPerLink opinions in all; a collection
// whose time has come is listed as due; opening another meeting's collection closes the one
// open.
func TestOpinionsLinkLimitAndDue(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec, rdb := newRecords(t)
	if err := rec.CreateBranch(ctx, orglife.Branch{ID: "k", Name: "支部", CreatedAt: t0}, orglife.Member{UserID: 1, Name: "书记"}); err != nil {
		t.Fatal(err)
	}
	mustMeeting(t, rec, "k", "1", at(1))
	mustMeeting(t, rec, "k", "2", at(2))
	c := openCollection(t, rec, "1", at(100))
	for i := range orglife.OpinionsPerLink {
		if err := rec.AddOpinion(ctx, c, int64(1000+i), opinion("o"+strconv.Itoa(i), "1", 0, "意见意见")); err != nil {
			t.Fatal(err)
		}
	}
	if err := rec.AddOpinion(ctx, c, 99999, opinion("ox", "1", 0, "意见意见")); !errors.Is(err, state.ErrOpinionLinkLimit) {
		t.Fatalf("opinion over the link's limit: %v", err)
	}
	if due, err := rec.OpinionsDue(ctx, at(99)); err != nil || len(due) != 0 {
		t.Fatalf("due before closing time: %v, %v", due, err)
	}
	if due, err := rec.OpinionsDue(ctx, at(100)); err != nil || len(due) != 1 || due[0] != [2]string{"k", "1"} {
		t.Fatalf("due at closing time: %v, %v", due, err)
	}
	c2 := openCollection(t, rec, "2", at(200))
	if _, tally, err := rec.OpinionCollection(ctx, "k", "1"); err != nil || !tally.Closed || tally.People != orglife.OpinionsPerLink {
		t.Fatalf("the first collection after another opened: %+v, %v", tally, err)
	}
	if n, err := rdb.Exists(ctx, "orglife:{b:k}:m:1:opsenders", "orglife:{b:k}:m:1:opsalt").Result(); err != nil || n != 0 {
		t.Fatalf("the first collection's senders kept: %d, %v", n, err)
	}
	if got, err := rec.LookupOpinions(ctx, c2.Code); err != nil || got.MeetingID != "2" {
		t.Fatalf("the new link: %+v, %v", got, err)
	}
}

// TestOpinionsExportImport: an export carries the collection (without its code), its counts
// and its opinions, never the salt or sender hashes; imported, a closed collection stays
// closed, and one still open opens again under a fresh code with its counts.
func TestOpinionsExportImport(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src, _ := newRecords(t)
	if err := src.CreateBranch(ctx, orglife.Branch{ID: "k", Name: "支部", CreatedAt: t0}, orglife.Member{UserID: 1, Name: "书记"}); err != nil {
		t.Fatal(err)
	}
	mustMeeting(t, src, "k", "1", at(1))
	mustMeeting(t, src, "k", "2", at(2))
	c1 := openCollection(t, src, "1", at(100))
	if err := src.AddOpinion(ctx, c1, 4242, opinion("o1", "1", 1, "关于书记的意见")); err != nil {
		t.Fatal(err)
	}
	c2 := openCollection(t, src, "2", time.Now().Add(24*time.Hour)) // closes meeting 1's
	if err := src.AddOpinion(ctx, c2, 4242, opinion("o2", "2", 0, "关于支部的意见")); err != nil {
		t.Fatal(err)
	}
	e, j := exportJSON(t, src, "k")
	for _, leak := range []string{c1.Code, c2.Code, "4242", "opsalt", "salt"} {
		if strings.Contains(j, leak) {
			t.Errorf("the export holds %q:\n%s", leak, j)
		}
	}
	dst, _ := newRecords(t)
	if err := dst.Import(ctx, e); err != nil {
		t.Fatal(err)
	}
	if _, tally, err := dst.OpinionCollection(ctx, "k", "1"); err != nil || tally != (orglife.OpinionTally{Opinions: 1, People: 1, Closed: true}) {
		t.Fatalf("imported closed collection: %+v, %v", tally, err)
	}
	if ops, err := dst.Opinions(ctx, "k", "1"); err != nil || len(ops) != 1 || ops[0].Text != "关于书记的意见" || ops[0].About != 1 {
		t.Fatalf("imported opinions: %+v, %v", ops, err)
	}
	got, tally, err := dst.OpinionCollection(ctx, "k", "2")
	if err != nil || tally != (orglife.OpinionTally{Opinions: 1, People: 1}) || got.Code == "" || got.Code == c2.Code {
		t.Fatalf("imported open collection: %+v %+v, %v", got, tally, err)
	}
	if _, err := dst.LookupOpinions(ctx, c2.Code); !errors.Is(err, orglife.ErrNotFound) {
		t.Fatalf("the exported link works after import: %v", err)
	}
	if err := dst.AddOpinion(ctx, got, 5, opinion("o3", "2", 0, "又一条意见")); err != nil {
		t.Fatal(err)
	}
	if _, tally, _ := dst.OpinionCollection(ctx, "k", "2"); tally.Opinions != 2 || tally.People != 2 {
		t.Fatalf("counting goes on after import: %+v", tally)
	}
}

// TestOpinionAddedAgainCountsOnce: the same opinion id added again (its update handled again
// after a crash) is stored and counted once.
func TestOpinionAddedAgainCountsOnce(t *testing.T) {
	ctx := context.Background()
	rec, _ := newRecords(t)
	if err := rec.CreateBranch(ctx, orglife.Branch{ID: "k", Name: "支部", CreatedAt: t0}, orglife.Member{UserID: 1, Name: "书记"}); err != nil {
		t.Fatal(err)
	}
	mustMeeting(t, rec, "k", "2", at(1))
	oc := openCollection(t, rec, "2", time.Now().Add(240*time.Hour))
	op := opinion("o9", "2", 0, "支部活动形式单一")
	for range 2 {
		if err := rec.AddOpinion(ctx, oc, 90001, op); err != nil {
			t.Fatal(err)
		}
	}
	_, tally, err := rec.OpinionCollection(ctx, "k", "2")
	if err != nil || tally.Opinions != 1 || tally.People != 1 {
		t.Fatalf("tally %+v (%v), want 1 opinion from 1 person", tally, err)
	}
}

// TestAdoptOpinionOnceAsOneRecord: an opinion taken up as one record is not taken up as
// another; taking it up as the same record again (its update handled again) succeeds.
func TestAdoptOpinionOnceAsOneRecord(t *testing.T) {
	ctx := context.Background()
	rec, _ := newRecords(t)
	if err := rec.CreateBranch(ctx, orglife.Branch{ID: "k", Name: "支部", CreatedAt: t0}, orglife.Member{UserID: 1, Name: "书记"}); err != nil {
		t.Fatal(err)
	}
	mustMeeting(t, rec, "k", "2", at(1))
	oc := openCollection(t, rec, "2", time.Now().Add(240*time.Hour))
	if err := rec.AddOpinion(ctx, oc, 90001, opinion("o9", "2", 0, "支部活动形式单一")); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		record string
		want   bool
	}{{"p1", true}, {"p1", true}, {"p2", false}} {
		if got, err := rec.AdoptOpinion(ctx, "k", "2", "o9", c.record, 1); err != nil || got != c.want {
			t.Fatalf("adopt as %s: %v %v, want %v", c.record, got, err, c.want)
		}
	}
}
