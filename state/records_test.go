package state_test

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"orglife"
	"orglife/state"
	"orglife/state/redistest"
)

var recKeys = state.NewKeys("orglife")

func newRecords(t *testing.T) (*state.Records, *redis.Client) {
	t.Helper()
	c := redistest.Start(t).Client(t)
	return state.NewRecords(c, recKeys), c
}

var t0 = time.Date(2023, 9, 1, 8, 0, 0, 0, time.UTC)

// at is t0 plus n minutes.
func at(n int) time.Time { return t0.Add(time.Duration(n) * time.Minute) }

func mustBranch(t *testing.T, rec *state.Records, id string, secretary int64) {
	t.Helper()
	err := rec.CreateBranch(context.Background(),
		orglife.Branch{ID: id, Name: "第" + id + "党支部", CreatedAt: t0},
		orglife.Member{UserID: secretary, Name: "书记" + id})
	if err != nil {
		t.Fatal(err)
	}
}

func mustAdd(t *testing.T, rec *state.Records, branchID string, m orglife.Member) {
	t.Helper()
	added, err := rec.AddMember(context.Background(), branchID, m)
	if err != nil || !added {
		t.Fatalf("AddMember(%s, %d) = %v, %v; want true, nil", branchID, m.UserID, added, err)
	}
}

func mustMeeting(t *testing.T, rec *state.Records, branchID, id string, created time.Time) orglife.Meeting {
	t.Helper()
	m := orglife.Meeting{
		ID: id, BranchID: branchID, Title: "2023年度专题组织生活会",
		Date:      orglife.Date{Year: 2023, Month: 10, Day: 9},
		Steps:     orglife.NewSteps(orglife.Date{Year: 2023, Month: 10, Day: 9}, []orglife.StepTemplate{{Kind: orglife.StepPlan, DaysBefore: 20, Responsible: orglife.BySecretary}}),
		CreatedAt: created,
		Time:      &orglife.TimeOfDay{Hour: 14, Minute: 30}, Place: "三楼会议室",
	}
	if err := rec.CreateMeeting(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	return m
}

func wantErr(t *testing.T, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("%s: err = %v; want %v", what, err, target)
	}
}

func roles(t *testing.T, rec *state.Records, branchID string) map[int64]orglife.Role {
	t.Helper()
	ms, err := rec.Members(context.Background(), branchID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]orglife.Role{}
	for _, m := range ms {
		out[m.UserID] = m.Role
	}
	return out
}

func TestNewBranchIDAndNextID(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec, c := newRecords(t)
	for _, want := range []string{"1", "2"} {
		if id, err := rec.NewBranchID(ctx); err != nil || id != want {
			t.Fatalf("NewBranchID = %q, %v; want %q", id, err, want)
		}
	}
	c.Set(ctx, recKeys.BranchSeq(), 35, 0)
	if id, _ := rec.NewBranchID(ctx); id != "10" {
		t.Fatalf("the 36th branch is %q; want base 36 \"10\"", id)
	}
	mustBranch(t, rec, "7", 100)
	mustBranch(t, rec, "8", 200)
	for i, want := range []string{"1", "2", "3"} {
		if id, err := rec.NextID(ctx, "7"); err != nil || id != want {
			t.Fatalf("NextID #%d of branch 7 = %q, %v; want %q", i, id, err, want)
		}
	}
	if id, _ := rec.NextID(ctx, "8"); id != "1" {
		t.Fatalf("branch 8 has its own counter, got %q", id)
	}
	c.Set(ctx, recKeys.BranchIDSeq("8"), 71, 0)
	if id, _ := rec.NextID(ctx, "8"); id != "20" {
		t.Fatalf("NextID after 71 = %q; want base 36 \"20\"", id)
	}
	_, err := rec.NextID(ctx, "{b:8}")
	wantErr(t, "NextID of a malformed branch id", err, orglife.ErrNotFound)
}

func TestCreateBranch(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec, _ := newRecords(t)
	err := rec.CreateBranch(ctx, orglife.Branch{ID: "7", Name: "第一党支部", SecretaryID: 999, CreatedAt: t0},
		orglife.Member{UserID: 100, Name: "张书记", Role: orglife.RoleMember})
	if err != nil {
		t.Fatal(err)
	}
	b, err := rec.Branch(ctx, "7")
	if err != nil {
		t.Fatal(err)
	}
	want := orglife.Branch{ID: "7", Name: "第一党支部", SecretaryID: 100, CreatedAt: t0}
	if !reflect.DeepEqual(b, want) {
		t.Fatalf("Branch = %+v; want %+v", b, want)
	}
	m, ok, err := rec.Member(ctx, "7", 100)
	if err != nil || !ok || m.Role != orglife.RoleSecretary || m.Name != "张书记" || !m.JoinedAt.Equal(t0) {
		t.Fatalf("secretary = %+v, %v, %v; want role secretary, joined at creation", m, ok, err)
	}
	if ids, err := rec.UserBranches(ctx, 100); err != nil || !slices.Equal(ids, []string{"7"}) {
		t.Fatalf("UserBranches(secretary) = %v, %v", ids, err)
	}

	err = rec.CreateBranch(ctx, orglife.Branch{ID: "7", Name: "冒名"}, orglife.Member{UserID: 200})
	wantErr(t, "CreateBranch with a taken id", err, state.ErrExists)
	if b2, _ := rec.Branch(ctx, "7"); b2.Name != "第一党支部" || b2.SecretaryID != 100 {
		t.Fatalf("a refused CreateBranch changed the branch: %+v", b2)
	}
	if _, ok, _ := rec.Member(ctx, "7", 200); ok {
		t.Fatal("a refused CreateBranch added its secretary")
	}
	for _, id := range []string{"", "a:b", "{b:1}", "a-b", "支部", strings.Repeat("x", 33)} {
		if err := rec.CreateBranch(ctx, orglife.Branch{ID: id}, orglife.Member{UserID: 1}); err == nil {
			t.Errorf("CreateBranch(%q) accepted a malformed id", id)
		}
	}
	if err := rec.CreateBranch(ctx, orglife.Branch{ID: "9"}, orglife.Member{}); err == nil {
		t.Error("CreateBranch without a secretary succeeded")
	}
	_, err = rec.Branch(ctx, "nosuch")
	wantErr(t, "Branch(unknown)", err, orglife.ErrNotFound)
	_, err = rec.Branch(ctx, "")
	wantErr(t, "Branch(\"\")", err, orglife.ErrNotFound)
}

func TestMembersOrderAndIdempotentAdd(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec, c := newRecords(t)
	mustBranch(t, rec, "7", 100)
	mustAdd(t, rec, "7", orglife.Member{UserID: 5, Name: "李", JoinedAt: at(30)})
	mustAdd(t, rec, "7", orglife.Member{UserID: 4, Name: "王", JoinedAt: at(10), Role: orglife.RoleCommittee})
	mustAdd(t, rec, "7", orglife.Member{UserID: 3, Name: "赵", JoinedAt: at(10)})
	ms, err := rec.Members(ctx, "7")
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, m := range ms {
		ids = append(ids, m.UserID)
	}
	if !slices.Equal(ids, []int64{100, 3, 4, 5}) {
		t.Fatalf("Members order = %v; want by JoinedAt then UserID [100 3 4 5]", ids)
	}
	if ms[1].Role != orglife.RoleMember || ms[2].Role != orglife.RoleCommittee {
		t.Fatalf("roles: stranger must become member, committee must stay: %+v", ms)
	}

	// Joining again keeps name, role and JoinedAt, and repairs a lost index entry.
	c.Del(ctx, recKeys.UserBranches(4))
	added, err := rec.AddMember(ctx, "7", orglife.Member{UserID: 4, Name: "改名", JoinedAt: at(99), Role: orglife.RoleMember})
	if err != nil || added {
		t.Fatalf("AddMember of a member = %v, %v; want false, nil", added, err)
	}
	m, ok, err := rec.Member(ctx, "7", 4)
	if err != nil || !ok || m.Name != "王" || m.Role != orglife.RoleCommittee || !m.JoinedAt.Equal(at(10)) {
		t.Fatalf("member after joining again = %+v, %v, %v; want unchanged", m, ok, err)
	}
	if ids, _ := rec.UserBranches(ctx, 4); !slices.Equal(ids, []string{"7"}) {
		t.Fatalf("joining again did not repair the index: %v", ids)
	}
	// The secretary joining through an invite stays secretary.
	if added, err := rec.AddMember(ctx, "7", orglife.Member{UserID: 100, Name: "x"}); err != nil || added {
		t.Fatalf("AddMember(secretary) = %v, %v", added, err)
	}
	if r := roles(t, rec, "7")[100]; r != orglife.RoleSecretary {
		t.Fatalf("secretary's role after joining again = %v", r)
	}

	// A zero JoinedAt is stamped.
	before := time.Now()
	mustAdd(t, rec, "7", orglife.Member{UserID: 6, Name: "钱"})
	if m, _, _ := rec.Member(ctx, "7", 6); m.JoinedAt.Before(before.Add(-time.Second)) {
		t.Fatalf("JoinedAt not stamped: %v", m.JoinedAt)
	}

	_, err = rec.AddMember(ctx, "7", orglife.Member{UserID: 8, Role: orglife.RoleSecretary})
	wantErr(t, "AddMember as secretary", err, state.ErrSecretaryRole)
	if _, err := rec.AddMember(ctx, "7", orglife.Member{UserID: 8, Role: 42}); err == nil {
		t.Error("AddMember with role 42 succeeded")
	}
	if _, err := rec.AddMember(ctx, "7", orglife.Member{UserID: 0}); err == nil {
		t.Error("AddMember without a user id succeeded")
	}
	_, err = rec.AddMember(ctx, "nosuch", orglife.Member{UserID: 8})
	wantErr(t, "AddMember to an unknown branch", err, orglife.ErrNotFound)
	if ids, _ := rec.UserBranches(ctx, 8); len(ids) != 0 {
		t.Fatalf("refused AddMember indexed the user: %v", ids)
	}

	if _, ok, err := rec.Member(ctx, "7", 12345); ok || err != nil {
		t.Fatalf("Member(non-member) = %v, %v; want false, nil", ok, err)
	}
	_, _, err = rec.Member(ctx, "nosuch", 100)
	wantErr(t, "Member of an unknown branch", err, orglife.ErrNotFound)
	_, err = rec.Members(ctx, "nosuch")
	wantErr(t, "Members of an unknown branch", err, orglife.ErrNotFound)
}

func TestRemoveMember(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec, c := newRecords(t)
	mustBranch(t, rec, "7", 100)
	mustAdd(t, rec, "7", orglife.Member{UserID: 1, Name: "甲"})
	mustAdd(t, rec, "7", orglife.Member{UserID: 2, Name: "乙"})
	if err := rec.ChooseBranch(ctx, 1, "7"); err != nil {
		t.Fatal(err)
	}
	leaves := state.NewReminders(c, recKeys)
	for _, uid := range []int64{1, 2} {
		if err := leaves.SetLeave(ctx, "7", orglife.Leave{UserID: uid, From: orglife.Date{Year: 2023, Month: 9, Day: 1}, To: orglife.Date{Year: 2023, Month: 9, Day: 9}, SetBy: uid}); err != nil {
			t.Fatal(err)
		}
	}

	if err := rec.RemoveMember(ctx, "7", 1); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := rec.Member(ctx, "7", 1); ok {
		t.Fatal("removed member still there")
	}
	if ids, _ := rec.UserBranches(ctx, 1); len(ids) != 0 {
		t.Fatalf("removed member still indexed: %v", ids)
	}
	if id, _ := rec.ChosenBranch(ctx, 1); id != "" {
		t.Fatalf("removed member's chosen branch = %q", id)
	}
	if ls, err := leaves.Leaves(ctx, "7"); err != nil || len(ls) != 1 || ls[0].UserID != 2 {
		t.Fatalf("leaves after a removal = %+v, %v; want only the remaining member's", ls, err)
	}

	wantErr(t, "RemoveMember(secretary)", rec.RemoveMember(ctx, "7", 100), state.ErrSecretaryRole)
	if _, ok, _ := rec.Member(ctx, "7", 100); !ok {
		t.Fatal("a refused removal removed the secretary")
	}
	if ids, _ := rec.UserBranches(ctx, 100); !slices.Equal(ids, []string{"7"}) {
		t.Fatalf("a refused removal unindexed the secretary: %v", ids)
	}
	wantErr(t, "RemoveMember(non-member)", rec.RemoveMember(ctx, "7", 1), state.ErrNotMember)
	wantErr(t, "RemoveMember on an unknown branch", rec.RemoveMember(ctx, "nosuch", 2), orglife.ErrNotFound)
	if got := roles(t, rec, "7"); len(got) != 2 {
		t.Fatalf("members after removals = %v; want the secretary and 2", got)
	}
	// Re-joining after removal is a fresh join.
	mustAdd(t, rec, "7", orglife.Member{UserID: 1, Name: "甲"})
}

func TestSetRole(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec, _ := newRecords(t)
	mustBranch(t, rec, "7", 100)
	mustAdd(t, rec, "7", orglife.Member{UserID: 1, Name: "甲"})
	if err := rec.SetRole(ctx, "7", 1, orglife.RoleCommittee); err != nil {
		t.Fatal(err)
	}
	if r := roles(t, rec, "7")[1]; r != orglife.RoleCommittee {
		t.Fatalf("role = %v; want committee", r)
	}
	if err := rec.SetRole(ctx, "7", 1, orglife.RoleMember); err != nil {
		t.Fatal(err)
	}
	if m, _, _ := rec.Member(ctx, "7", 1); m.Role != orglife.RoleMember || m.Name != "甲" || m.UserID != 1 {
		t.Fatalf("member = %+v; want member 甲", m)
	}
	wantErr(t, "SetRole to secretary", rec.SetRole(ctx, "7", 1, orglife.RoleSecretary), state.ErrSecretaryRole)
	wantErr(t, "SetRole of the secretary", rec.SetRole(ctx, "7", 100, orglife.RoleMember), state.ErrSecretaryRole)
	if err := rec.SetRole(ctx, "7", 1, orglife.RoleStranger); err == nil {
		t.Error("SetRole to stranger succeeded")
	}
	wantErr(t, "SetRole of a non-member", rec.SetRole(ctx, "7", 2, orglife.RoleCommittee), state.ErrNotMember)
	wantErr(t, "SetRole in an unknown branch", rec.SetRole(ctx, "nosuch", 1, orglife.RoleCommittee), orglife.ErrNotFound)
	if got := roles(t, rec, "7"); !reflect.DeepEqual(got, map[int64]orglife.Role{100: orglife.RoleSecretary, 1: orglife.RoleMember}) {
		t.Fatalf("roles after refusals = %v", got)
	}
}

func TestHandOver(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec, _ := newRecords(t)
	mustBranch(t, rec, "7", 100)
	mustAdd(t, rec, "7", orglife.Member{UserID: 1, Name: "甲"})
	unchanged := map[int64]orglife.Role{100: orglife.RoleSecretary, 1: orglife.RoleMember}

	wantErr(t, "HandOver to a non-member", rec.HandOver(ctx, "7", 100, 2), state.ErrNotMember)
	wantErr(t, "HandOver from a non-secretary", rec.HandOver(ctx, "7", 1, 100), state.ErrNotSecretary)
	wantErr(t, "HandOver in an unknown branch", rec.HandOver(ctx, "nosuch", 100, 1), orglife.ErrNotFound)
	if got := roles(t, rec, "7"); !reflect.DeepEqual(got, unchanged) {
		t.Fatalf("roles after refused hand-overs = %v", got)
	}
	if err := rec.HandOver(ctx, "7", 100, 100); err != nil {
		t.Fatalf("HandOver to oneself: %v", err)
	}
	if got := roles(t, rec, "7"); !reflect.DeepEqual(got, unchanged) {
		t.Fatalf("roles after a hand-over to oneself = %v", got)
	}

	if err := rec.HandOver(ctx, "7", 100, 1); err != nil {
		t.Fatal(err)
	}
	want := map[int64]orglife.Role{100: orglife.RoleCommittee, 1: orglife.RoleSecretary}
	if got := roles(t, rec, "7"); !reflect.DeepEqual(got, want) {
		t.Fatalf("roles after hand-over = %v; want %v", got, want)
	}
	if b, _ := rec.Branch(ctx, "7"); b.SecretaryID != 1 || b.Name != "第7党支部" {
		t.Fatalf("branch after hand-over = %+v; want SecretaryID 1", b)
	}
	// The former secretary is an ordinary committee member now; the new one is protected.
	if err := rec.SetRole(ctx, "7", 100, orglife.RoleMember); err != nil {
		t.Fatalf("SetRole of the former secretary: %v", err)
	}
	wantErr(t, "RemoveMember(new secretary)", rec.RemoveMember(ctx, "7", 1), state.ErrSecretaryRole)
	if err := rec.RemoveMember(ctx, "7", 100); err != nil {
		t.Fatalf("RemoveMember(former secretary): %v", err)
	}
}

// TestConcurrentMemberChanges runs role changes and a hand-over at once: the optimistic
// transactions must lose no update and leave exactly one secretary.
func TestConcurrentMemberChanges(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec, _ := newRecords(t)
	mustBranch(t, rec, "7", 100)
	const n = 6
	for i := range int64(n) {
		mustAdd(t, rec, "7", orglife.Member{UserID: i + 1, Name: fmt.Sprint(i + 1)})
	}
	var wg sync.WaitGroup
	errs := make(chan error, n+1)
	for i := range int64(n) {
		wg.Go(func() {
			for j := range 10 {
				role := orglife.RoleMember
				if j%2 == 0 {
					role = orglife.RoleCommittee
				}
				if err := rec.SetRole(ctx, "7", i+1, role); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Go(func() {
		_, err := rec.AddMember(ctx, "7", orglife.Member{UserID: 50, Name: "新"})
		if err == nil {
			err = rec.HandOver(ctx, "7", 100, 50)
		}
		if err != nil {
			errs <- err
		}
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	got := roles(t, rec, "7")
	for i := range int64(n) {
		if got[i+1] != orglife.RoleMember {
			t.Errorf("member %d ended as %v; want member (last write)", i+1, got[i+1])
		}
	}
	if got[50] != orglife.RoleSecretary || got[100] != orglife.RoleCommittee {
		t.Errorf("after hand-over: %v", got)
	}
	if b, _ := rec.Branch(ctx, "7"); b.SecretaryID != 50 {
		t.Errorf("SecretaryID = %d; want 50", b.SecretaryID)
	}
}

func TestUserBranchesAndChosen(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec, c := newRecords(t)
	for _, id := range []string{"10", "a", "2", "b0"} {
		mustBranch(t, rec, id, 100)
	}
	mustAdd(t, rec, "10", orglife.Member{UserID: 1})
	mustAdd(t, rec, "a", orglife.Member{UserID: 1})
	mustAdd(t, rec, "2", orglife.Member{UserID: 1})
	// A stale index entry (a crash between the branch write and the index write) is not
	// trusted: the members hash is the truth.
	c.SAdd(ctx, recKeys.UserBranches(1), "b0", "nosuch", "{bad}")
	ids, err := rec.UserBranches(ctx, 1)
	if err != nil || !slices.Equal(ids, []string{"2", "a", "10"}) {
		t.Fatalf("UserBranches = %v, %v; want [2 a 10] (base-36 order, confirmed only)", ids, err)
	}
	if ids, err := rec.UserBranches(ctx, 77); err != nil || len(ids) != 0 {
		t.Fatalf("UserBranches(stranger) = %v, %v", ids, err)
	}

	if id, err := rec.ChosenBranch(ctx, 1); err != nil || id != "" {
		t.Fatalf("ChosenBranch before choosing = %q, %v", id, err)
	}
	wantErr(t, "ChooseBranch(not a member)", rec.ChooseBranch(ctx, 1, "b0"), state.ErrNotMember)
	wantErr(t, "ChooseBranch(unknown)", rec.ChooseBranch(ctx, 1, "nosuch"), orglife.ErrNotFound)
	if err := rec.ChooseBranch(ctx, 1, "a"); err != nil {
		t.Fatal(err)
	}
	if id, err := rec.ChosenBranch(ctx, 1); err != nil || id != "a" {
		t.Fatalf("ChosenBranch = %q, %v; want a", id, err)
	}
	if err := rec.ChooseBranch(ctx, 1, "10"); err != nil {
		t.Fatal(err)
	}
	if id, _ := rec.ChosenBranch(ctx, 1); id != "10" {
		t.Fatalf("ChosenBranch after choosing again = %q", id)
	}
	// Removal from another branch keeps the choice.
	if err := rec.RemoveMember(ctx, "a", 1); err != nil {
		t.Fatal(err)
	}
	if id, _ := rec.ChosenBranch(ctx, 1); id != "10" {
		t.Fatalf("removal from another branch dropped the choice: %q", id)
	}
	// A choice the members hash no longer confirms reads as none.
	c.HDel(ctx, recKeys.BranchMembers("10"), "1")
	if id, err := rec.ChosenBranch(ctx, 1); err != nil || id != "" {
		t.Fatalf("ChosenBranch of a branch the user left = %q, %v; want \"\"", id, err)
	}
}

var codeRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

func TestInviteCode(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, id := range []string{"7", "zz", strings.Repeat("x", 32)} {
		for range 100 {
			code := state.NewInviteCode(id)
			secret, ok := strings.CutPrefix(code, id+"-")
			if !ok || !codeRe.MatchString(code) || len(secret) < 16 || strings.Contains(secret, "-") || seen[code] {
				t.Fatalf("NewInviteCode(%q) = %q: want %s-<16+ of [A-Za-z0-9_]>, unique, ≤64", id, code, id)
			}
			seen[code] = true
		}
	}
}

func TestInvites(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec, c := newRecords(t)
	mustBranch(t, rec, "7", 100)
	mustBranch(t, rec, "8", 200)
	exp := t0.Add(7 * 24 * time.Hour)

	first := orglife.Invite{Code: state.NewInviteCode("7"), BranchID: "7", CreatedBy: 100, ExpiresAt: exp}
	if err := rec.SaveInvite(ctx, first); err != nil {
		t.Fatal(err)
	}
	got, err := rec.LookupInvite(ctx, first.Code)
	if err != nil || !reflect.DeepEqual(got, first) {
		t.Fatalf("LookupInvite = %+v, %v; want %+v", got, err, first)
	}
	if !got.Valid(t0) || got.Valid(exp) {
		t.Fatal("expiry is the invite's own: Valid before, not at ExpiresAt")
	}
	if ttl := c.TTL(ctx, recKeys.BranchInvite("7")).Val(); ttl != -1 {
		t.Fatalf("invite key TTL = %v; want none", ttl)
	}

	second := orglife.Invite{Code: state.NewInviteCode("7"), BranchID: "7", CreatedBy: 100, ExpiresAt: exp}
	if err := rec.SaveInvite(ctx, second); err != nil {
		t.Fatal(err)
	}
	_, err = rec.LookupInvite(ctx, first.Code)
	wantErr(t, "LookupInvite(replaced)", err, orglife.ErrNotFound)
	if got, err := rec.LookupInvite(ctx, second.Code); err != nil || got.Code != second.Code {
		t.Fatalf("LookupInvite(new) = %+v, %v", got, err)
	}
	if got, err := rec.CurrentInvite(ctx, "7"); err != nil || !reflect.DeepEqual(got, second) {
		t.Fatalf("CurrentInvite = %+v, %v; want the replacement %+v", got, err, second)
	}

	other := orglife.Invite{Code: state.NewInviteCode("8"), BranchID: "8", CreatedBy: 200, ExpiresAt: exp}
	if err := rec.SaveInvite(ctx, other); err != nil {
		t.Fatal(err)
	}
	secret7 := strings.TrimPrefix(second.Code, "7-")
	secret8 := strings.TrimPrefix(other.Code, "8-")

	malformed := []string{
		"", "-", "7", "7-", "-" + secret7, "7-short", "7-" + secret7[:15],
		"8-" + secret7, "7-" + secret8, // another branch's id prefix
		"7-" + secret7 + "x", "7-" + secret7[1:], strings.ToLower(second.Code),
		"07-" + secret7, "7 -" + secret7, " " + second.Code, second.Code + " ", second.Code + "\n",
		"7-" + secret7 + "-", "7--" + secret7, "x-7-" + secret7,
		"{b:7}-" + secret7, "7:invite-" + secret7, "*-" + secret7, "7*-" + secret7, "?-" + secret7,
		"支部-" + secret7, "7-" + secret7[:10] + "支部书记" + secret7[10:], "7-" + secret7 + "\x00",
		"\x00", "\xff\xfe", "7-\xff" + secret7, strings.Repeat("7", 10000), "7-" + strings.Repeat("A", 10000),
		strings.Repeat("x", 40) + "-" + secret7, "nosuch-" + secret7, "9-" + secret7,
		"/start " + second.Code, "7-" + strings.Repeat("_", 20),
	}
	for _, code := range malformed {
		inv, err := rec.LookupInvite(ctx, code)
		if !errors.Is(err, orglife.ErrNotFound) || inv != (orglife.Invite{}) {
			t.Errorf("LookupInvite(%q) = %+v, %v; want orglife.ErrNotFound", code, inv, err)
		}
	}
	// Random input, valid-looking or not, never panics and never matches.
	buf := make([]byte, 80)
	for i := range 500 {
		_, _ = rand.Read(buf)
		code := string(buf[:i%len(buf)])
		if i%2 == 0 {
			code = "7-" + rand.Text()[:16+i%10]
		}
		if _, err := rec.LookupInvite(ctx, code); !errors.Is(err, orglife.ErrNotFound) {
			t.Fatalf("LookupInvite(%q) = %v; want orglife.ErrNotFound", code, err)
		}
	}

	if err := rec.RevokeInvite(ctx, "7"); err != nil {
		t.Fatal(err)
	}
	_, err = rec.LookupInvite(ctx, second.Code)
	wantErr(t, "LookupInvite(revoked)", err, orglife.ErrNotFound)
	_, err = rec.CurrentInvite(ctx, "7")
	wantErr(t, "CurrentInvite(revoked)", err, orglife.ErrNotFound)
	_, err = rec.CurrentInvite(ctx, "{b:7}")
	wantErr(t, "CurrentInvite(malformed branch id)", err, orglife.ErrNotFound)
	if _, err := rec.LookupInvite(ctx, other.Code); err != nil {
		t.Fatalf("revoking branch 7 touched branch 8's invite: %v", err)
	}

	err = rec.SaveInvite(ctx, orglife.Invite{Code: state.NewInviteCode("nosuch"), BranchID: "nosuch", ExpiresAt: exp})
	wantErr(t, "SaveInvite for an unknown branch", err, orglife.ErrNotFound)
	for _, inv := range []orglife.Invite{
		{Code: state.NewInviteCode("8"), BranchID: "7"}, // code names another branch
		{Code: "7-short", BranchID: "7"},
		{Code: "", BranchID: "7"},
		{Code: state.NewInviteCode(strings.Repeat("x", 40)), BranchID: strings.Repeat("x", 40)},
	} {
		if err := rec.SaveInvite(ctx, inv); err == nil {
			t.Errorf("SaveInvite(%+v) accepted a malformed invite", inv)
		}
	}
	if _, err := rec.LookupInvite(ctx, other.Code); err != nil {
		t.Fatalf("a refused SaveInvite replaced branch 8's invite: %v", err)
	}
}

func TestMeetings(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec, _ := newRecords(t)
	mustBranch(t, rec, "7", 100)
	if ms, err := rec.Meetings(ctx, "7"); err != nil || len(ms) != 0 {
		t.Fatalf("Meetings of a new branch = %v, %v", ms, err)
	}
	m1 := mustMeeting(t, rec, "7", "1", at(0))
	if b, _ := rec.Branch(ctx, "7"); b.CurrentMeeting != "1" || b.SecretaryID != 100 || b.Name != "第7党支部" {
		t.Fatalf("branch after CreateMeeting = %+v; want CurrentMeeting 1, rest unchanged", b)
	}
	got, err := rec.Meeting(ctx, "7", "1")
	if err != nil || !reflect.DeepEqual(got, m1) {
		t.Fatalf("Meeting = %+v, %v; want %+v", got, err, m1)
	}
	mustMeeting(t, rec, "7", "a", at(60))
	mustMeeting(t, rec, "7", "10", at(60)) // same time: the higher id (base 36) is newer
	mustMeeting(t, rec, "7", "2", at(30))
	if b, _ := rec.Branch(ctx, "7"); b.CurrentMeeting != "2" {
		t.Fatalf("CurrentMeeting = %q; want the last created, 2", b.CurrentMeeting)
	}
	ms, err := rec.Meetings(ctx, "7")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, m := range ms {
		ids = append(ids, m.ID)
	}
	if !slices.Equal(ids, []string{"10", "a", "2", "1"}) {
		t.Fatalf("Meetings order = %v; want newest first [10 a 2 1]", ids)
	}

	wantErr(t, "CreateMeeting with a taken id", rec.CreateMeeting(ctx, orglife.Meeting{ID: "1", BranchID: "7", Title: "x"}), state.ErrExists)
	if got, _ := rec.Meeting(ctx, "7", "1"); got.Title != m1.Title {
		t.Fatal("a refused CreateMeeting replaced the meeting")
	}
	if b, _ := rec.Branch(ctx, "7"); b.CurrentMeeting != "2" {
		t.Fatal("a refused CreateMeeting moved CurrentMeeting")
	}
	wantErr(t, "CreateMeeting in an unknown branch", rec.CreateMeeting(ctx, orglife.Meeting{ID: "1", BranchID: "nosuch"}), orglife.ErrNotFound)
	if err := rec.CreateMeeting(ctx, orglife.Meeting{ID: "a:b", BranchID: "7"}); err == nil {
		t.Error("CreateMeeting accepted a malformed id")
	}

	m1.PlanAdopted = orglife.Date{Year: 2023, Month: 9, Day: 20}
	m1.Date = orglife.Date{Year: 2023, Month: 10, Day: 12}
	if err := rec.SaveMeeting(ctx, m1); err != nil {
		t.Fatal(err)
	}
	if got, _ := rec.Meeting(ctx, "7", "1"); !reflect.DeepEqual(got, m1) {
		t.Fatalf("Meeting after SaveMeeting = %+v; want %+v", got, m1)
	}
	wantErr(t, "SaveMeeting(unknown)", rec.SaveMeeting(ctx, orglife.Meeting{ID: "zz", BranchID: "7"}), orglife.ErrNotFound)
	if _, err := rec.Meeting(ctx, "7", "zz"); !errors.Is(err, orglife.ErrNotFound) {
		t.Fatal("a refused SaveMeeting created the meeting")
	}
	wantErr(t, "SaveMeeting in an unknown branch", rec.SaveMeeting(ctx, orglife.Meeting{ID: "1", BranchID: "nosuch"}), orglife.ErrNotFound)
	_, err = rec.Meeting(ctx, "nosuch", "1")
	wantErr(t, "Meeting in an unknown branch", err, orglife.ErrNotFound)
	_, err = rec.Meeting(ctx, "7", "")
	wantErr(t, "Meeting(\"\")", err, orglife.ErrNotFound)
	_, err = rec.Meetings(ctx, "nosuch")
	wantErr(t, "Meetings of an unknown branch", err, orglife.ErrNotFound)
}

func point(id string, member int64, created time.Time, problem string) orglife.Point {
	return orglife.Point{
		ID: id, MeetingID: "1", MemberID: member, Area: orglife.AreaTheory, Source: orglife.SourceSelf,
		Problem: problem, CreatedAt: created, UpdatedAt: created,
	}
}

func TestPoints(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec, c := newRecords(t)
	mustBranch(t, rec, "7", 100)
	mustMeeting(t, rec, "7", "1", at(0))

	p2 := point("2", 1, at(20), "对党的创新理论学习不够系统，满足于读原文")
	p1 := point("1", 2, at(10), "工作中存在畏难情绪，遇到复杂问题推诿")
	p3 := point("3", 1, at(20), "批评与自我批评开展不够，顾及面子")
	for _, p := range []orglife.Point{p2, p1, p3} {
		err := rec.SavePoint(ctx, "7", p, orglife.PointChange{By: p.MemberID, At: p.CreatedAt, Action: orglife.PointCreate, After: p.Problem[:9]})
		if err != nil {
			t.Fatal(err)
		}
	}
	edited := p2
	edited.Problem, edited.UpdatedAt = "学习不够深入系统，举例：半年只读了两本书", at(40)
	if err := rec.SavePoint(ctx, "7", edited, orglife.PointChange{By: 1, At: at(40), Action: orglife.PointEdit, Before: "学习", After: "学习不够"}); err != nil {
		t.Fatal(err)
	}
	// A creation run again (a retried update) changes nothing: the first one stands.
	again := p1
	again.Problem, again.CreatedAt = "重放时的文字", at(30)
	if err := rec.SavePoint(ctx, "7", again, orglife.PointChange{By: 2, At: at(30), Action: orglife.PointCreate}); err != nil {
		t.Fatal(err)
	}
	withdrawn := p3
	withdrawn.Withdrawn = true
	if err := rec.SavePoint(ctx, "7", withdrawn, orglife.PointChange{PointID: "3", By: 100, Action: orglife.PointWithdraw, Before: "批评"}); err != nil {
		t.Fatal(err)
	}

	// Both halves of every save landed: the points ...
	ps, err := rec.Points(ctx, "7", "1")
	if err != nil {
		t.Fatal(err)
	}
	if want := []orglife.Point{p1, edited, withdrawn}; !reflect.DeepEqual(ps, want) {
		t.Fatalf("Points = %+v\nwant by CreatedAt then id %+v", ps, want)
	}
	if got, err := rec.Point(ctx, "7", "1", "2"); err != nil || !reflect.DeepEqual(got, edited) {
		t.Fatalf("Point(2) = %+v, %v", got, err)
	}
	// ... and the log, in order.
	log, err := rec.PointLog(ctx, "7", "1")
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, ch := range log {
		actions = append(actions, ch.PointID+":"+ch.Action)
	}
	if !slices.Equal(actions, []string{"2:create", "1:create", "3:create", "2:edit", "3:withdraw"}) {
		t.Fatalf("PointLog = %v", actions)
	}
	if e := log[3]; e.By != 1 || !e.At.Equal(at(40)) || e.Before != "学习" || e.After != "学习不够" {
		t.Fatalf("edit entry = %+v", e)
	}
	if e := log[4]; e.By != 100 || e.At.IsZero() {
		t.Fatalf("withdraw entry = %+v; want At stamped", e)
	}

	// Refusals write neither half.
	logLen := func() int64 { return c.LLen(ctx, recKeys.MeetingPointLog("7", "1")).Val() }
	bad := []struct {
		name   string
		branch string
		p      orglife.Point
		ch     orglife.PointChange
		target error
	}{
		{"unknown meeting", "7", orglife.Point{ID: "9", MeetingID: "nosuch"}, orglife.PointChange{Action: orglife.PointCreate}, orglife.ErrNotFound},
		{"unknown branch", "nosuch", point("9", 1, at(0), "x"), orglife.PointChange{Action: orglife.PointCreate}, orglife.ErrNotFound},
		{"unknown action", "7", point("9", 1, at(0), "x"), orglife.PointChange{Action: "delete"}, nil},
		{"change of another point", "7", point("9", 1, at(0), "x"), orglife.PointChange{PointID: "1", Action: orglife.PointEdit}, nil},
		{"no id", "7", point("", 1, at(0), "x"), orglife.PointChange{Action: orglife.PointCreate}, nil},
	}
	for _, tt := range bad {
		err := rec.SavePoint(ctx, tt.branch, tt.p, tt.ch)
		if err == nil || (tt.target != nil && !errors.Is(err, tt.target)) {
			t.Errorf("SavePoint(%s) = %v; want refused (%v)", tt.name, err, tt.target)
		}
	}
	if n := logLen(); n != 5 {
		t.Fatalf("refused saves changed the log: %d entries", n)
	}
	if c.Exists(ctx, recKeys.MeetingPointLog("7", "nosuch"), recKeys.MeetingPoints("7", "nosuch")).Val() != 0 {
		t.Fatal("a save for an unknown meeting wrote keys")
	}
	if _, err := rec.Point(ctx, "7", "1", "9"); !errors.Is(err, orglife.ErrNotFound) {
		t.Fatalf("Point(refused) = %v; want orglife.ErrNotFound", err)
	}

	// Concurrent saves: every point has exactly its log entry.
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Go(func() {
			p := point(fmt.Sprintf("c%d", i), int64(i), at(100+i), "并发")
			if err := rec.SavePoint(ctx, "7", p, orglife.PointChange{By: int64(i), Action: orglife.PointCreate}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	ps, _ = rec.Points(ctx, "7", "1")
	if log, _ := rec.PointLog(ctx, "7", "1"); len(ps) != 43 || len(log) != 45 {
		t.Fatalf("after 40 concurrent saves: %d points, %d log entries; want 43, 45", len(ps), len(log))
	}

	_, err = rec.Points(ctx, "7", "nosuch")
	wantErr(t, "Points(unknown meeting)", err, orglife.ErrNotFound)
	_, err = rec.PointLog(ctx, "7", "nosuch")
	wantErr(t, "PointLog(unknown meeting)", err, orglife.ErrNotFound)
	_, err = rec.Point(ctx, "nosuch", "1", "1")
	wantErr(t, "Point(unknown branch)", err, orglife.ErrNotFound)
}

func TestTalksAndStudies(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec, _ := newRecords(t)
	mustBranch(t, rec, "7", 100)
	mustMeeting(t, rec, "7", "1", at(0))
	mustMeeting(t, rec, "7", "2", at(1))

	day := orglife.Date{Year: 2023, Month: 9, Day: 25}
	tb := orglife.Talk{ID: "b", MeetingID: "1", RecordedBy: 100, With: 1, WithName: "甲", Date: day, Form: orglife.TalkFaceToFace,
		Raised: "学习不够", Received: "要求偏严", Status: orglife.ConfirmPending, CreatedAt: at(5)}
	ta := orglife.Talk{ID: "a", MeetingID: "1", RecordedBy: 1, WithName: "外单位", Date: day, Form: orglife.TalkPhone,
		Raised: "x", Received: "y", Status: orglife.ConfirmPending, CreatedAt: at(5)}
	tc := orglife.Talk{ID: "3", MeetingID: "1", RecordedBy: 2, With: 1, Date: day, Form: orglife.TalkOnline, CreatedAt: at(1)}
	for _, tk := range []orglife.Talk{tb, ta, tc} {
		if err := rec.SaveTalk(ctx, "7", tk); err != nil {
			t.Fatal(err)
		}
	}
	tb.Status, tb.Comment = orglife.ConfirmDisputed, "时间记错了"
	if err := rec.SaveTalk(ctx, "7", tb); err != nil {
		t.Fatal(err)
	}
	talks, err := rec.Talks(ctx, "7", "1")
	if err != nil || !reflect.DeepEqual(talks, []orglife.Talk{tc, ta, tb}) {
		t.Fatalf("Talks = %+v, %v; want by CreatedAt then id [3 a b]", talks, err)
	}
	if got, err := rec.Talk(ctx, "7", "1", "b"); err != nil || !reflect.DeepEqual(got, tb) {
		t.Fatalf("Talk(b) = %+v, %v", got, err)
	}
	if other, err := rec.Talks(ctx, "7", "2"); err != nil || len(other) != 0 {
		t.Fatalf("Talks of another meeting = %v, %v", other, err)
	}
	_, err = rec.Talk(ctx, "7", "1", "zz")
	wantErr(t, "Talk(unknown)", err, orglife.ErrNotFound)
	_, err = rec.Talks(ctx, "7", "nosuch")
	wantErr(t, "Talks(unknown meeting)", err, orglife.ErrNotFound)
	wantErr(t, "SaveTalk(unknown meeting)", rec.SaveTalk(ctx, "7", orglife.Talk{ID: "x", MeetingID: "nosuch"}), orglife.ErrNotFound)
	wantErr(t, "SaveTalk(unknown branch)", rec.SaveTalk(ctx, "nosuch", orglife.Talk{ID: "x", MeetingID: "1"}), orglife.ErrNotFound)
	if err := rec.SaveTalk(ctx, "7", orglife.Talk{ID: "", MeetingID: "1"}); err == nil {
		t.Error("SaveTalk without an id succeeded")
	}

	s2 := orglife.Study{ID: "2", MeetingID: "1", MemberID: 1, Form: orglife.StudyCollective, Date: day, Topic: "党章", Hours: 2, CreatedAt: at(9)}
	s1 := orglife.Study{ID: "1", MeetingID: "1", MemberID: 1, Form: orglife.StudySelf, Date: day, Topic: "原文", Hours: 1.5, Notes: "笔记", CreatedAt: at(3)}
	for _, s := range []orglife.Study{s2, s1} {
		if err := rec.SaveStudy(ctx, "7", s); err != nil {
			t.Fatal(err)
		}
	}
	studies, err := rec.Studies(ctx, "7", "1")
	if err != nil || !reflect.DeepEqual(studies, []orglife.Study{s1, s2}) {
		t.Fatalf("Studies = %+v, %v; want by CreatedAt", studies, err)
	}
	if got, err := rec.Study(ctx, "7", "1", "2"); err != nil || !reflect.DeepEqual(got, s2) {
		t.Fatalf("Study(2) = %+v, %v", got, err)
	}
	_, err = rec.Studies(ctx, "7", "nosuch")
	wantErr(t, "Studies(unknown meeting)", err, orglife.ErrNotFound)
	wantErr(t, "SaveStudy(unknown meeting)", rec.SaveStudy(ctx, "7", orglife.Study{ID: "x", MeetingID: "nosuch"}), orglife.ErrNotFound)

	// An edit replaces a record that is there; a deleted one stays deleted.
	s1.Notes, s1.Hours = "", 2.5
	if err := rec.ReplaceStudy(ctx, "7", s1); err != nil {
		t.Fatal(err)
	}
	if got, err := rec.Study(ctx, "7", "1", "1"); err != nil || !reflect.DeepEqual(got, s1) {
		t.Fatalf("Study(1) after ReplaceStudy = %+v, %v", got, err)
	}
	if err := rec.DeleteStudy(ctx, "7", "1", "2"); err != nil {
		t.Fatal(err)
	}
	if studies, err := rec.Studies(ctx, "7", "1"); err != nil || !reflect.DeepEqual(studies, []orglife.Study{s1}) {
		t.Fatalf("Studies after DeleteStudy = %+v, %v", studies, err)
	}
	wantErr(t, "DeleteStudy(deleted)", rec.DeleteStudy(ctx, "7", "1", "2"), orglife.ErrNotFound)
	wantErr(t, "ReplaceStudy(deleted)", rec.ReplaceStudy(ctx, "7", s2), orglife.ErrNotFound)
	if _, err := rec.Study(ctx, "7", "1", "2"); !errors.Is(err, orglife.ErrNotFound) {
		t.Fatalf("ReplaceStudy brought a deleted record back: %v", err)
	}
	wantErr(t, "ReplaceStudy(unknown meeting)", rec.ReplaceStudy(ctx, "7", orglife.Study{ID: "1", MeetingID: "nosuch"}), orglife.ErrNotFound)
	wantErr(t, "DeleteStudy(bad id)", rec.DeleteStudy(ctx, "7", "1", "a:b"), orglife.ErrNotFound)
}

func TestMinutes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec, _ := newRecords(t)
	mustBranch(t, rec, "7", 100)
	mustMeeting(t, rec, "7", "1", at(0))
	if _, ok, err := rec.Minutes(ctx, "7", "1"); ok || err != nil {
		t.Fatalf("Minutes before any = %v, %v; want false, nil", ok, err)
	}
	want := orglife.Minutes{
		Date: orglife.Date{Year: 2023, Month: 10, Day: 9}, Attending: []int64{100, 1, 2}, Absent: []int64{3},
		LeaderName: "王部长", LeaderComments: "会议准备充分", Agenda: [4]string{"对照检查", "批评与自我批评", "点评", "总结"},
		RecordedAt: at(600),
	}
	if err := rec.SaveMinutes(ctx, "7", "1", want); err != nil {
		t.Fatal(err)
	}
	got, ok, err := rec.Minutes(ctx, "7", "1")
	if err != nil || !ok || !reflect.DeepEqual(got, want) {
		t.Fatalf("Minutes = %+v, %v, %v; want %+v", got, ok, err, want)
	}
	wantErr(t, "SaveMinutes(unknown meeting)", rec.SaveMinutes(ctx, "7", "nosuch", want), orglife.ErrNotFound)
	_, _, err = rec.Minutes(ctx, "7", "nosuch")
	wantErr(t, "Minutes(unknown meeting)", err, orglife.ErrNotFound)
	_, _, err = rec.Minutes(ctx, "nosuch", "1")
	wantErr(t, "Minutes(unknown branch)", err, orglife.ErrNotFound)
}

func TestMaterialDone(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec, _ := newRecords(t)
	mustBranch(t, rec, "7", 100)
	mustAdd(t, rec, "7", orglife.Member{UserID: 1})
	mustAdd(t, rec, "7", orglife.Member{UserID: 20})
	mustMeeting(t, rec, "7", "1", at(0))
	if done, err := rec.MaterialDone(ctx, "7", "1"); err != nil || len(done) != 0 {
		t.Fatalf("MaterialDone before any = %v, %v", done, err)
	}
	for _, u := range []int64{100, 20, 1, 20} {
		if err := rec.MarkMaterialDone(ctx, "7", "1", u); err != nil {
			t.Fatal(err)
		}
	}
	if done, err := rec.MaterialDone(ctx, "7", "1"); err != nil || !slices.Equal(done, []int64{1, 20, 100}) {
		t.Fatalf("MaterialDone = %v, %v; want [1 20 100]", done, err)
	}
	wantErr(t, "MarkMaterialDone(non-member)", rec.MarkMaterialDone(ctx, "7", "1", 5), state.ErrNotMember)
	wantErr(t, "MarkMaterialDone(unknown meeting)", rec.MarkMaterialDone(ctx, "7", "nosuch", 1), orglife.ErrNotFound)
	_, err := rec.MaterialDone(ctx, "nosuch", "1")
	wantErr(t, "MaterialDone(unknown branch)", err, orglife.ErrNotFound)
}

func TestDrafts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec, c := newRecords(t)
	if d, err := rec.Draft(ctx, 1, "point"); d != nil || err != nil {
		t.Fatalf("Draft before any = %q, %v; want nil", d, err)
	}
	if err := rec.SaveDraft(ctx, 1, "point", []byte(`{"problem":"学习"}`)); err != nil {
		t.Fatal(err)
	}
	if err := rec.SaveDraft(ctx, 1, "talk", []byte("t")); err != nil {
		t.Fatal(err)
	}
	if err := rec.SaveDraft(ctx, 1, "point", []byte(`{"problem":"学习不够"}`)); err != nil {
		t.Fatal(err)
	}
	if d, _ := rec.Draft(ctx, 1, "point"); string(d) != `{"problem":"学习不够"}` {
		t.Fatalf("Draft = %q; want the replacement", d)
	}
	if d, _ := rec.Draft(ctx, 2, "point"); d != nil {
		t.Fatalf("another user's draft = %q", d)
	}
	if ttl := c.TTL(ctx, recKeys.Draft(1, "point")).Val(); ttl != -1 {
		t.Fatalf("draft TTL = %v; want none", ttl)
	}
	if err := rec.DeleteDraft(ctx, 1, "point"); err != nil {
		t.Fatal(err)
	}
	if d, _ := rec.Draft(ctx, 1, "point"); d != nil {
		t.Fatalf("deleted draft = %q", d)
	}
	if d, _ := rec.Draft(ctx, 1, "talk"); string(d) != "t" {
		t.Fatalf("deleting one kind dropped another: %q", d)
	}
	if err := rec.DeleteDraft(ctx, 1, "point"); err != nil {
		t.Fatalf("deleting a missing draft: %v", err)
	}
	if err := rec.SaveDraft(ctx, 1, "a:b", nil); err == nil {
		t.Error("SaveDraft accepted a kind with ':'")
	}
}

// hashTag is the part of key Redis Cluster hashes: the first {…} with something inside.
func hashTag(key string) string {
	if i := strings.IndexByte(key, '{'); i >= 0 {
		if j := strings.IndexByte(key[i+1:], '}'); j > 0 {
			return key[i+1 : i+1+j]
		}
	}
	return key
}

// TestBranchKeysShareOneSlot writes everything a branch can hold, for two branches, and
// checks with SCAN that every key of a branch carries that branch's hash tag, that only the
// per-user index, drafts and the global counter are outside, and that nothing expires.
func TestBranchKeysShareOneSlot(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec, c := newRecords(t)
	for _, b := range []struct {
		id   string
		sec  int64
		memb int64
	}{{"7", 100, 1}, {"8", 200, 2}} {
		mustBranch(t, rec, b.id, b.sec)
		mustAdd(t, rec, b.id, orglife.Member{UserID: b.memb})
		if err := rec.ChooseBranch(ctx, b.memb, b.id); err != nil {
			t.Fatal(err)
		}
		if err := rec.SaveInvite(ctx, orglife.Invite{Code: state.NewInviteCode(b.id), BranchID: b.id}); err != nil {
			t.Fatal(err)
		}
		mid, err := rec.NextID(ctx, b.id)
		if err != nil {
			t.Fatal(err)
		}
		mustMeeting(t, rec, b.id, mid, at(0))
		rid, _ := rec.NextID(ctx, b.id)
		steps := []error{
			rec.SavePoint(ctx, b.id, orglife.Point{ID: rid, MeetingID: mid}, orglife.PointChange{Action: orglife.PointCreate}),
			rec.SaveTalk(ctx, b.id, orglife.Talk{ID: rid, MeetingID: mid}),
			rec.SaveStudy(ctx, b.id, orglife.Study{ID: rid, MeetingID: mid}),
			rec.SaveMinutes(ctx, b.id, mid, orglife.Minutes{}),
			rec.MarkMaterialDone(ctx, b.id, mid, b.memb),
			rec.SaveDraft(ctx, b.memb, "point", []byte("x")),
		}
		if err := errors.Join(steps...); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := rec.NewBranchID(ctx); err != nil {
		t.Fatal(err)
	}

	byTag := map[string][]string{}
	iter := c.Scan(ctx, 0, "*", 100).Iterator()
	for iter.Next(ctx) {
		key := iter.Val()
		if ttl := c.TTL(ctx, key).Val(); ttl != -1 {
			t.Errorf("key %s has TTL %v; records never expire", key, ttl)
		}
		if strings.HasPrefix(key, "orglife:user:") || key == recKeys.BranchSeq() {
			if strings.Contains(key, "{") {
				t.Errorf("per-user/global key %s carries a hash tag", key)
			}
			continue
		}
		byTag[hashTag(key)] = append(byTag[hashTag(key)], key)
	}
	if err := iter.Err(); err != nil {
		t.Fatal(err)
	}
	if len(byTag) != 2 {
		t.Fatalf("branch keys fall under %d tags; want exactly b:7 and b:8: %v", len(byTag), byTag)
	}
	for _, id := range []string{"7", "8"} {
		ks := byTag["b:"+id]
		// branch, members, invite, seq, meetings, points, point log, talks, studies, minutes, material
		if len(ks) != 11 {
			t.Errorf("branch %s: %d keys under {b:%s}; want 11: %v", id, len(ks), id, ks)
		}
		for _, k := range ks {
			if !strings.HasPrefix(k, "orglife:{b:"+id+"}:") {
				t.Errorf("key %s of branch %s is not under orglife:{b:%s}:", k, id, id)
			}
		}
	}
	// The user-side keys are the ones the brief names.
	for _, k := range []string{"orglife:user:1:branches", "orglife:user:1:branch", "orglife:seq:branch", "orglife:{b:7}:members"} {
		if c.Exists(ctx, k).Val() != 1 {
			t.Errorf("expected key %s is missing", k)
		}
	}
}

// TestNextIDForDrawsOnceAnUpdate: the same update drawing again (handled again after a
// crash) gets the id it drew the first time; another update draws the next.
func TestNextIDForDrawsOnceAnUpdate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rdb := redistest.Start(t).Client(t)
	rec := state.NewRecords(rdb, state.NewKeys("t"))
	first, err := rec.NextIDFor(ctx, "3", "5:100:point:p")
	if err != nil {
		t.Fatal(err)
	}
	again, err := rec.NextIDFor(ctx, "3", "5:100:point:p")
	if err != nil || again != first {
		t.Fatalf("the same update drew %q %v, want %q", again, err, first)
	}
	next, err := rec.NextIDFor(ctx, "3", "5:101:point:p")
	if err != nil || next == first {
		t.Fatalf("the next update drew %q %v, want another than %q", next, err, first)
	}
	plain, err := rec.NextID(ctx, "3")
	if err != nil || plain == first || plain == next {
		t.Fatalf("NextID after them = %q %v, want a third id", plain, err)
	}
	if _, err := rec.NextIDFor(ctx, "bad branch", "x"); err == nil {
		t.Fatal("a bad branch id drew an id")
	}
}
