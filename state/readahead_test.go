package state_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"orglife"
	"orglife/state"
	"orglife/state/redistest"
)

// TestReadAheadServesBranchesMeetingAndDraft: what a command reads first — the user's
// branches, the hinted branch's current meeting and the draft the command opens — is read in
// the queueing round trip, as it is then; each value is served once, a write drops it, and a
// wrong hint only means reading from Redis.
func TestReadAheadServesBranchesMeetingAndDraft(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := redistest.Start(t)
	rdb := srv.Client(t)
	keys := state.NewKeys("t")
	rec, in, fc := state.NewRecords(rdb, keys), newInbox(t, srv, "a"), state.NewFloodCounter(rdb, keys)
	const id, other = "3", "4"
	mustBranch(t, rec, id, 1)
	mustBranch(t, rec, other, 2)
	mustAdd(t, rec, id, orglife.Member{UserID: 5, Name: "党员", Role: orglife.RoleMember})
	m := mustMeeting(t, rec, id, "m1", time.Now())
	if err := rec.SaveDraft(ctx, 5, "point", []byte(`{"problem":"一"}`)); err != nil {
		t.Fatal(err)
	}
	rule := state.FloodRule{Burst: 100, PerMinute: 600}
	ahead := func(updateID int, branch, draft string) *state.Unit {
		t.Helper()
		u := new(state.Unit)
		a := &state.Ahead{UpdateID: updateID, ChatID: 5, UserID: 5, Now: time.Now(), Rule: rule, Branch: branch, Draft: draft}
		if _, err := fc.Preload(ctx, a, u); err != nil {
			t.Fatal(err)
		}
		return u
	}

	// Queued with PushClaim: the values are those of the trip, not of later.
	a := &state.Ahead{UpdateID: 10, ChatID: 5, UserID: 5, Now: time.Now(), Rule: rule, Branch: id, Draft: "point"}
	if _, _, err := in.PushClaim(ctx, []state.Item{{UpdateID: 10, Chat: "5", Payload: []byte("u10"), Ahead: a}}); err != nil {
		t.Fatal(err)
	}
	u := new(state.Unit)
	if _, err := a.Attach(u); err != nil {
		t.Fatal(err)
	}
	changed := m
	changed.Title = "改过的标题"
	if err := rec.SaveMeeting(ctx, changed); err != nil {
		t.Fatal(err)
	}
	if err := rec.SaveDraft(ctx, 5, "point", []byte(`{"problem":"二"}`)); err != nil {
		t.Fatal(err)
	}
	mustAdd(t, rec, other, orglife.Member{UserID: 5, Name: "党员", Role: orglife.RoleMember})
	if ids, err := rec.UserBranchesOf(ctx, u, 5); err != nil || !slices.Equal(ids, []string{id}) {
		t.Fatalf("branches read ahead = %v %v, want [%s] as at queueing", ids, err, id)
	}
	if got, err := rec.MeetingOf(ctx, u, id, "m1"); err != nil || got.Title != m.Title {
		t.Fatalf("meeting read ahead = %q %v, want %q as at queueing", got.Title, err, m.Title)
	}
	if d, err := rec.DraftOf(ctx, u, 5, "point"); err != nil || string(d) != `{"problem":"一"}` {
		t.Fatalf("draft read ahead = %s %v, want the one at queueing", d, err)
	}
	// Served once: the next reads with the unit ask Redis.
	if ids, _ := rec.UserBranchesOf(ctx, u, 5); !slices.Equal(ids, []string{id, other}) {
		t.Fatalf("branches read again = %v, want both", ids)
	}
	if got, _ := rec.MeetingOf(ctx, u, id, "m1"); got.Title != changed.Title {
		t.Fatalf("meeting read again = %q, want %q", got.Title, changed.Title)
	}
	if d, _ := rec.DraftOf(ctx, u, 5, "point"); string(d) != `{"problem":"二"}` {
		t.Fatalf("draft read again = %s, want the new one", d)
	}

	// Read fresh in each trip: a later read-ahead sees what changed.
	u = ahead(11, id, "point")
	if got, _ := rec.MeetingOf(ctx, u, id, "m1"); got.Title != changed.Title {
		t.Fatalf("meeting of a later read-ahead = %q, want %q", got.Title, changed.Title)
	}
	// A deleted draft is dropped from what was read ahead: the read after it finds none.
	if err := rec.DropDraft(ctx, u, 5, "point"); err != nil {
		t.Fatal(err)
	}
	if d, err := rec.DraftOf(ctx, u, 5, "point"); d != nil || err != nil {
		t.Fatalf("draft after DropDraft = %s %v, want none", d, err)
	}
	// A draft of another kind, or another meeting, is not served from the read-ahead.
	u = ahead(12, id, "talk")
	if d, _ := rec.DraftOf(ctx, u, 5, "point"); d != nil {
		t.Fatalf("point draft under a talk read-ahead = %s, want none (deleted)", d)
	}
	if _, err := rec.MeetingOf(ctx, u, id, "m9"); !errors.Is(err, orglife.ErrNotFound) {
		t.Fatalf("another meeting under the read-ahead: %v, want orglife.ErrNotFound", err)
	}

	// A wrong hint: nothing of the hinted branch is served for the real one, and the real
	// one reads as Redis has it.
	if err := rec.RemoveMember(ctx, other, 5); err != nil {
		t.Fatal(err)
	}
	u = ahead(13, other, "")
	if ids, _ := rec.UserBranchesOf(ctx, u, 5); !slices.Equal(ids, []string{id}) {
		t.Fatalf("branches under a hint of a left branch = %v, want [%s]", ids, id)
	}
	if got, _ := rec.MeetingOf(ctx, u, id, "m1"); got.Title != changed.Title {
		t.Fatalf("meeting under a wrong hint = %q, want %q", got.Title, changed.Title)
	}
	// Left the hinted branch before the read-ahead: it is not among their branches.
	mustAdd(t, rec, other, orglife.Member{UserID: 5, Name: "党员", Role: orglife.RoleMember})
	if err := rec.RemoveMember(ctx, id, 5); err != nil {
		t.Fatal(err)
	}
	u = ahead(14, id, "")
	if ids, _ := rec.UserBranchesOf(ctx, u, 5); !slices.Equal(ids, []string{other}) {
		t.Fatalf("branches when the hinted one was left = %v, want [%s]", ids, other)
	}
	// A branch without a current meeting, and no hint: nothing served, nothing wrong.
	u = ahead(15, other, "")
	if _, err := rec.MeetingOf(ctx, u, other, "m1"); !errors.Is(err, orglife.ErrNotFound) {
		t.Fatalf("meeting of a branch without one: %v, want orglife.ErrNotFound", err)
	}
	if ids, _ := rec.UserBranchesOf(ctx, ahead(16, "", ""), 5); !slices.Equal(ids, []string{other}) {
		t.Fatalf("branches without a hint = %v, want [%s]", ids, other)
	}
}

// TestMeetingRecordsReadsAsTheSeparateReads: the one-trip read of a meeting's records answers
// as Members, Points, Talks, Studies, StudySessions, MaterialDone and RectItems do.
func TestMeetingRecordsReadsAsTheSeparateReads(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := redistest.Start(t)
	rec := state.NewRecords(srv.Client(t), state.NewKeys("t"))
	const id = "3"
	mustBranch(t, rec, id, 1)
	mustAdd(t, rec, id, orglife.Member{UserID: 5, Name: "党员", Role: orglife.RoleMember, JoinedAt: t0.Add(time.Hour)})
	mustMeeting(t, rec, id, "m1", t0)
	for i, p := range []string{"p2", "p1"} {
		if err := rec.SavePoint(ctx, id, orglife.Point{ID: p, MeetingID: "m1", MemberID: 5, Problem: "问题", CreatedAt: t0.Add(time.Duration(i) * time.Minute)}, orglife.PointChange{By: 5, At: t0, Action: orglife.PointCreate, After: "问题"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := rec.SaveTalk(ctx, id, orglife.Talk{ID: "t1", MeetingID: "m1", RecordedBy: 5, With: 1, CreatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	if err := rec.MarkMaterialDone(ctx, id, "m1", 5); err != nil {
		t.Fatal(err)
	}
	got, err := rec.MeetingRecords(ctx, nil, id, "m1", state.PartsPrep|state.PartRectItems)
	if err != nil {
		t.Fatal(err)
	}
	members, _ := rec.Members(ctx, id)
	points, _ := rec.Points(ctx, id, "m1")
	talks, _ := rec.Talks(ctx, id, "m1")
	studies, _ := rec.Studies(ctx, id, "m1")
	sessions, _ := rec.StudySessions(ctx, id, "m1")
	done, _ := rec.MaterialDone(ctx, id, "m1")
	items, _ := rec.RectItems(ctx, id, "m1")
	want := state.MeetingRecords{StepRecords: orglife.StepRecords{Members: members, Points: points, Talks: talks, Studies: studies, Sessions: sessions, MaterialDone: done}, RectItems: items}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("MeetingRecords = %+v\nwant %+v", got, want)
	}
	if len(got.Members) != 2 || len(got.Points) != 2 || got.Points[0].ID != "p2" || len(got.Talks) != 1 || len(got.MaterialDone) != 1 {
		t.Fatalf("MeetingRecords read too little: %+v", got)
	}
	// Only what is asked for; unknown branch or meeting as the separate reads say.
	if only, err := rec.MeetingRecords(ctx, nil, id, "", state.PartMembers); err != nil || len(only.Members) != 2 || only.Points != nil {
		t.Fatalf("members only = %+v %v", only, err)
	}
	if _, err := rec.MeetingRecords(ctx, nil, id, "m9", state.PartTalks); !errors.Is(err, orglife.ErrNotFound) {
		t.Fatalf("unknown meeting: %v, want orglife.ErrNotFound", err)
	}
	if _, err := rec.MeetingRecords(ctx, nil, "99", "m1", state.PartMembers); !errors.Is(err, orglife.ErrNotFound) {
		t.Fatalf("unknown branch: %v, want orglife.ErrNotFound", err)
	}
}

// TestReadAheadServesMembersAndTalks: what /talk's first question lists — the branch's
// members and its current meeting's talks — is read ahead when the hinted meeting is still
// the current one, served once, and otherwise read from Redis.
func TestReadAheadServesMembersAndTalks(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := redistest.Start(t)
	rdb := srv.Client(t)
	keys := state.NewKeys("t")
	rec, fc := state.NewRecords(rdb, keys), state.NewFloodCounter(rdb, keys)
	const id = "3"
	mustBranch(t, rec, id, 1)
	mustAdd(t, rec, id, orglife.Member{UserID: 5, Name: "党员", Role: orglife.RoleMember, JoinedAt: t0.Add(time.Hour)})
	mustMeeting(t, rec, id, "m1", t0)
	talk := func(tid string) {
		t.Helper()
		if err := rec.SaveTalk(ctx, id, orglife.Talk{ID: tid, MeetingID: "m1", RecordedBy: 5, With: 1, CreatedAt: t0}); err != nil {
			t.Fatal(err)
		}
	}
	talk("t1")
	ahead := func(updateID int, meeting string, parts state.Parts) *state.Unit {
		t.Helper()
		u := new(state.Unit)
		a := &state.Ahead{UpdateID: updateID, ChatID: 5, UserID: 5, Now: time.Now(), Rule: state.FloodRule{Burst: 100, PerMinute: 600},
			Branch: id, Meeting: meeting, Parts: parts}
		if _, err := fc.Preload(ctx, a, u); err != nil {
			t.Fatal(err)
		}
		return u
	}
	both := state.PartMembers | state.PartTalks
	count := func(u *state.Unit, parts state.Parts) (members, talks int) {
		t.Helper()
		got, err := rec.MeetingRecords(ctx, u, id, "m1", parts)
		if err != nil {
			t.Fatal(err)
		}
		return len(got.Members), len(got.Talks)
	}

	u := ahead(10, "m1", both)
	talk("t2")
	mustAdd(t, rec, id, orglife.Member{UserID: 6, Name: "新党员", Role: orglife.RoleMember, JoinedAt: t0.Add(2 * time.Hour)})
	if m, n := count(u, both); m != 2 || n != 1 {
		t.Fatalf("read ahead: %d members, %d talks; want 2 and 1 as at the read-ahead", m, n)
	}
	if m, n := count(u, both); m != 3 || n != 2 {
		t.Fatalf("read again: %d members, %d talks; want 3 and 2", m, n)
	}
	// Parts not read ahead are read, all of them, from Redis.
	u = ahead(11, "m1", both)
	talk("t3")
	if got, err := rec.MeetingRecords(ctx, u, id, "m1", both|state.PartPoints); err != nil || len(got.Talks) != 3 {
		t.Fatalf("with points too: %+v %v, want the 3 talks from Redis", got.Talks, err)
	}
	// A hinted meeting that is no longer current: its talks are not read ahead.
	u = ahead(12, "m0", both)
	talk("t4")
	if _, n := count(u, both); n != 4 {
		t.Fatalf("under an old meeting's hint: %d talks, want 4 from Redis", n)
	}
	// Members alone need no meeting.
	u = ahead(13, "", state.PartMembers)
	mustAdd(t, rec, id, orglife.Member{UserID: 7, Name: "又一位", Role: orglife.RoleMember, JoinedAt: t0.Add(3 * time.Hour)})
	if got, err := rec.MeetingRecords(ctx, u, id, "", state.PartMembers); err != nil || len(got.Members) != 3 {
		t.Fatalf("members read ahead: %d %v, want 3 as at the read-ahead", len(got.Members), err)
	}
}

// TestReadAheadServesEveryPartOfAMeeting: /todo's parts — the records its preparation is
// judged by and the rectification items — read ahead answer as MeetingRecords from Redis.
func TestReadAheadServesEveryPartOfAMeeting(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := redistest.Start(t)
	rdb := srv.Client(t)
	keys := state.NewKeys("t")
	rec := state.NewRecords(rdb, keys)
	const id = "3"
	mustBranch(t, rec, id, 1)
	mustAdd(t, rec, id, orglife.Member{UserID: 5, Name: "党员", Role: orglife.RoleMember, JoinedAt: t0.Add(time.Hour)})
	mustMeeting(t, rec, id, "m1", t0)
	if err := rec.SavePoint(ctx, id, orglife.Point{ID: "p1", MeetingID: "m1", MemberID: 5, Problem: "问题", CreatedAt: t0},
		orglife.PointChange{By: 5, At: t0, Action: orglife.PointCreate, After: "问题"}); err != nil {
		t.Fatal(err)
	}
	if err := rec.MarkMaterialDone(ctx, id, "m1", 5); err != nil {
		t.Fatal(err)
	}
	all := state.PartsPrep | state.PartRectItems
	u := new(state.Unit)
	a := &state.Ahead{UpdateID: 10, ChatID: 5, UserID: 5, Now: time.Now(), Rule: state.FloodRule{Burst: 100, PerMinute: 600},
		Branch: id, Meeting: "m1", Parts: all}
	if _, err := state.NewFloodCounter(rdb, keys).Preload(ctx, a, u); err != nil {
		t.Fatal(err)
	}
	want, err := rec.MeetingRecords(ctx, nil, id, "m1", all)
	if err != nil {
		t.Fatal(err)
	}
	if err := rec.MarkMaterialDone(ctx, id, "m1", 1); err != nil { // after the read-ahead
		t.Fatal(err)
	}
	got, err := rec.MeetingRecords(ctx, u, id, "m1", all)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("read ahead = %+v %v\nwant %+v", got, err, want)
	}
	if got, _ := rec.MeetingRecords(ctx, u, id, "m1", all); len(got.MaterialDone) != 2 {
		t.Fatalf("read again: material done by %v, want both from Redis", got.MaterialDone)
	}
}

// TestWriteEndsTheReadAhead: once an update's handling writes to Redis (its context carries
// the unit and the client has UnitHook), what was read ahead of the records is no longer
// served — the write may have changed it — while plain reads and send slots keep it.
func TestWriteEndsTheReadAhead(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := redistest.Start(t)
	rdb := srv.Client(t)
	rdb.AddHook(state.UnitHook{})
	keys := state.NewKeys("t")
	rec, fc, limiter := state.NewRecords(rdb, keys), state.NewFloodCounter(rdb, keys), state.NewRateLimiter(rdb, keys)
	const id = "3"
	mustBranch(t, rec, id, 1)
	mustAdd(t, rec, id, orglife.Member{UserID: 5, Name: "党员", Role: orglife.RoleMember})
	m := mustMeeting(t, rec, id, "m1", time.Now())
	rule := state.FloodRule{Burst: 100, PerMinute: 600}
	// As the pipeline reads ahead for an update handed over by an ack: under the update's
	// context, which already carries its unit (the read-ahead's count is no write of the update).
	ahead := func(updateID int) (*state.Unit, context.Context) {
		t.Helper()
		u := state.NewUnit()
		uctx := state.WithUnit(ctx, u)
		a := &state.Ahead{UpdateID: updateID, ChatID: 5, UserID: 5, Now: time.Now(), Rule: rule, Branch: id}
		if _, err := fc.Preload(uctx, a, u); err != nil {
			t.Fatal(err)
		}
		return u, uctx
	}
	changed := m
	changed.Title = "改过的标题"

	// Reads and send slots: the meeting is still served as read ahead.
	u, uctx := ahead(10)
	if err := rec.SaveMeeting(ctx, changed); err != nil { // another update's write
		t.Fatal(err)
	}
	if _, err := rec.Branch(uctx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := limiter.ReserveSlots(uctx, 5, state.Rate{Interval: time.Millisecond, Burst: 1}, state.Rate{Interval: time.Millisecond, Burst: 1}, 1); err != nil {
		t.Fatal(err)
	}
	if got, err := rec.MeetingOf(uctx, u, id, "m1"); err != nil || got.Title != m.Title {
		t.Fatalf("meeting after reads = %q %v, want %q as read ahead", got.Title, err, m.Title)
	}

	// A write of the update's own: the meeting is read again, as Redis has it now.
	if err := rec.SaveMeeting(ctx, m); err != nil {
		t.Fatal(err)
	}
	u, uctx = ahead(11)
	if err := rec.SaveMeeting(uctx, changed); err != nil {
		t.Fatal(err)
	}
	if got, err := rec.MeetingOf(uctx, u, id, "m1"); err != nil || got.Title != changed.Title {
		t.Fatalf("meeting after the update wrote = %q %v, want %q", got.Title, err, changed.Title)
	}
	if _, _, ok, err := rec.BranchMember(uctx, u, id, 5); err != nil || !ok {
		t.Fatalf("membership after the update wrote: %v %v", ok, err)
	}
	// A write under another context (another update) leaves this unit's read-ahead alone.
	u, uctx = ahead(12)
	if err := rec.SaveMeeting(ctx, m); err != nil {
		t.Fatal(err)
	}
	if got, _ := rec.MeetingOf(uctx, u, id, "m1"); got.Title != changed.Title {
		t.Fatalf("meeting after another's write = %q, want %q as read ahead", got.Title, changed.Title)
	}
}
