package app_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"orglife"
	"orglife/bot/telegramtest"
	"orglife/state"
)

// fixture is a branch set up directly in the records (the arrangement of a test), with
// its people as users of the fake Bot API (who act through the conversation).
type fixture struct {
	branch    orglife.Branch
	meeting   orglife.Meeting
	secretary *telegramtest.User
	committee []*telegramtest.User
	members   []*telegramtest.User
	names     map[int64]string
	records   *state.Records
}

// seedBranch makes a branch "第一党支部" with a secretary (user 100, 张书记), committee
// members (101…, 委员1…) and plain members (201…, 党员1…), and a current meeting 20 days
// from now laid out by the configured template.
func seedBranch(t testing.TB, h *harness, committee, members int) *fixture {
	t.Helper()
	ctx := context.Background()
	rec := state.NewRecords(h.redis.Client(t), state.NewKeys(h.cfg.Redis.KeyPrefix))
	f := &fixture{records: rec, names: map[int64]string{}}
	id, err := rec.NewBranchID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	f.branch = orglife.Branch{ID: id, Name: "第一党支部", SecretaryID: 100, CreatedAt: now}
	f.secretary = h.fake.NewUser(100, "张书记")
	f.names[100] = "张书记"
	if err := rec.CreateBranch(ctx, f.branch, orglife.Member{UserID: 100, Name: "张书记", Role: orglife.RoleSecretary, JoinedAt: now}); err != nil {
		t.Fatal(err)
	}
	add := func(uid int64, name string, role orglife.Role) *telegramtest.User {
		if _, err := rec.AddMember(ctx, id, orglife.Member{UserID: uid, Name: name, Role: orglife.RoleMember, JoinedAt: now.Add(time.Duration(uid) * time.Millisecond)}); err != nil {
			t.Fatal(err)
		}
		if role == orglife.RoleCommittee {
			if err := rec.SetRole(ctx, id, uid, role); err != nil {
				t.Fatal(err)
			}
		}
		f.names[uid] = name
		return h.fake.NewUser(uid, name)
	}
	for i := range committee {
		f.committee = append(f.committee, add(int64(101+i), fmt.Sprintf("委员%d", i+1), orglife.RoleCommittee))
	}
	for i := range members {
		f.members = append(f.members, add(int64(201+i), fmt.Sprintf("党员%d", i+1), orglife.RoleMember))
	}
	today := orglife.DateOf(now, h.cfg.Location)
	seq, err := rec.NextID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	f.meeting = orglife.Meeting{ID: "m" + seq, BranchID: id, Title: "2026年度专题组织生活会", Date: today.AddDays(20),
		Steps: orglife.NewSteps(today.AddDays(20), h.cfg.Meeting.Steps), CreatedAt: now}
	if err := rec.CreateMeeting(ctx, f.meeting); err != nil {
		t.Fatal(err)
	}
	return f
}

// setDeadline moves a step's deadline in the records (to test what happens after it).
func (f *fixture) setDeadline(t testing.TB, kind orglife.StepKind, d orglife.Date) {
	t.Helper()
	m, err := f.records.Meeting(context.Background(), f.branch.ID, f.meeting.ID)
	if err != nil {
		t.Fatal(err)
	}
	for i := range m.Steps {
		if m.Steps[i].Kind == kind {
			m.Steps[i].Deadline = d
		}
	}
	if err := f.records.SaveMeeting(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	f.meeting = m
}

// addPoint stores a point directly (the arrangement of a test), logged as its creation.
func (f *fixture) addPoint(t testing.TB, member int64, area orglife.Area, source orglife.Source, problem, measure string) orglife.Point {
	t.Helper()
	p := orglife.Point{MemberID: member, Area: area, Source: source, Problem: problem, Measure: measure}
	return f.storePoint(t, p, orglife.PointChange{By: member, Action: orglife.PointCreate})
}

// storePoint gives p a new id, the current meeting and the time, and stores it with change.
func (f *fixture) storePoint(t testing.TB, p orglife.Point, change orglife.PointChange) orglife.Point {
	t.Helper()
	ctx := context.Background()
	id, err := f.records.NextID(ctx, f.branch.ID)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	p.ID, p.MeetingID, p.CreatedAt, p.UpdatedAt = "p"+id, f.meeting.ID, now, now
	change.PointID = p.ID
	if err := f.records.SavePoint(ctx, f.branch.ID, p, change); err != nil {
		t.Fatal(err)
	}
	return p
}

// today is the branch's day by the harness's clock.
func today(h *harness) orglife.Date { return orglife.DateOf(h.clock.Now(), h.cfg.Location) }
