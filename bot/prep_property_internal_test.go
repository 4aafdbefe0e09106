package bot

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"orglife"
	"orglife/state"
)

// TestDoneAgreesEverywhere: over random branches and records, every place that says who has
// done a step agrees with orglife.JudgePrep and with each other — the names /status lists
// as done and not done, the digest's 未完成, who a reminder reaches, whom /remind counts
// (all but the secretary asking), and the steps each member's /todo offers.
func TestDoneAgreesEverywhere(t *testing.T) {
	fb := newFzBot(t)
	h, _ := fb.reset(t)
	rec := state.NewRecords(fb.rdb, fb.keys)
	var seen [2]int // talks done and not done, over all branches: both must occur
	for seed := range uint64(60) {
		rng := rand.New(rand.NewPCG(seed, 15))
		h.opts.Coverage = orglife.CoverageRules{CommitteePairs: rng.IntN(2) == 0, SecretaryWithAll: rng.IntN(2) == 0, MinPerMember: rng.IntN(3)}
		b, m := randomBranch(t, rec, rng, fmt.Sprintf("p%d", seed))
		done, pending := checkDoneAgrees(t, h, b, m, seed)
		seen[0] += done
		seen[1] += pending
	}
	if seen[0] == 0 || seen[1] == 0 {
		t.Fatalf("the random branches had %d members done with their talks and %d not: both should occur", seen[0], seen[1])
	}
}

// randomBranch stores a branch of 2–9 people (a secretary, some committee) and a current
// meeting with random points, talks (some with people outside the bot, some pending or
// disputed), studies, sessions, material marks and maybe an adopted plan.
func randomBranch(t *testing.T, rec *state.Records, rng *rand.Rand, id string) (orglife.Branch, orglife.Meeting) {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	now, today := fzNow(), fzToday()
	n := 2 + rng.IntN(8)
	base := int64(10000 * (1 + rng.IntN(1000)))
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = base + int64(i)
	}
	b := orglife.Branch{ID: id, Name: "支部" + id, SecretaryID: ids[0], CreatedAt: now, CurrentMeeting: "m"}
	member := func(i int, role orglife.Role) orglife.Member {
		return orglife.Member{UserID: ids[i], Name: fmt.Sprintf("同志%s-%d", id, i), Role: role, JoinedAt: now.Add(time.Duration(i) * time.Millisecond)}
	}
	must(rec.CreateBranch(ctx, b, member(0, orglife.RoleSecretary)))
	for i := 1; i < n; i++ {
		_, err := rec.AddMember(ctx, id, member(i, orglife.RoleMember))
		must(err)
		if rng.IntN(3) == 0 {
			must(rec.SetRole(ctx, id, ids[i], orglife.RoleCommittee))
		}
	}
	m := orglife.Meeting{ID: "m", BranchID: id, Title: "专题组织生活会", Date: today.AddDays(10 - rng.IntN(8)), CreatedAt: now}
	m.Steps = orglife.NewSteps(m.Date, []orglife.StepTemplate{
		{Kind: orglife.StepPlan, DaysBefore: 12, Responsible: orglife.BySecretary},
		{Kind: orglife.StepStudy, DaysBefore: 6, Responsible: orglife.ByEveryone},
		{Kind: orglife.StepTalks, DaysBefore: 4, Responsible: orglife.ByEveryone},
		{Kind: orglife.StepPoints, DaysBefore: 3, Responsible: orglife.ByEveryone},
		{Kind: orglife.StepMaterial, DaysBefore: 1, Responsible: orglife.ByEveryone},
	})
	if rng.IntN(2) == 0 {
		m.PlanAdopted = today.AddDays(-1)
	}
	must(rec.CreateMeeting(ctx, m))
	pick := func() int64 { return ids[rng.IntN(n)] }
	for i := range rng.IntN(2 * n) {
		p := orglife.Point{ID: fmt.Sprintf("p%d", i), MeetingID: "m", MemberID: pick(), Area: orglife.AreaTheory, Source: orglife.SourceSelf,
			Problem: "理论学习不够深入系统，学用结合不紧", CreatedAt: now, UpdatedAt: now, Withdrawn: rng.IntN(4) == 0}
		must(rec.SavePoint(ctx, id, p, orglife.PointChange{PointID: p.ID, By: p.MemberID, At: now, Action: orglife.PointCreate}))
	}
	statuses := []orglife.Confirmation{orglife.ConfirmPending, orglife.ConfirmAgreed, orglife.ConfirmDisputed}
	talk := func(i int, by, with int64) {
		tk := orglife.Talk{ID: fmt.Sprintf("t%d", i), MeetingID: "m", RecordedBy: by, Date: today, Form: orglife.TalkPhone,
			Raised: "意见", Received: "意见", Status: statuses[rng.IntN(3)], CreatedAt: now}
		if with != by && with != 0 {
			tk.With, tk.WithName = with, "同志"
		} else {
			tk.WithName, tk.Status = fmt.Sprintf("群众%d", i), orglife.ConfirmAgreed
		}
		must(rec.SaveTalk(ctx, id, tk))
	}
	// Most talk with the secretary, so that some have every partner the rules ask for.
	for i := 1; i < n; i++ {
		if rng.IntN(4) > 0 {
			talk(i, ids[i], ids[0])
		}
	}
	for i := range rng.IntN(2 * n) {
		with := pick()
		if rng.IntN(5) == 0 {
			with = 0 // someone outside the bot
		}
		talk(n+i, pick(), with)
	}
	for i := range rng.IntN(n) {
		must(rec.SaveStudy(ctx, id, orglife.Study{ID: fmt.Sprintf("s%d", i), MeetingID: "m", MemberID: pick(), Form: orglife.StudySelf,
			Date: today, Topic: "党章", Hours: 1, CreatedAt: now}))
	}
	if rng.IntN(2) == 0 {
		var present []int64
		for _, u := range ids {
			if rng.IntN(2) == 0 {
				present = append(present, u)
			}
		}
		must(rec.SaveStudySession(ctx, id, orglife.StudySession{ID: "c1", MeetingID: "m", Kind: orglife.SessionCollective,
			RecordedBy: ids[0], Date: today, Topic: "党的二十届四中全会精神", Hours: 2, Attendance: present, CreatedAt: now}))
	}
	for _, u := range ids {
		if rng.IntN(3) == 0 {
			must(rec.MarkMaterialDone(ctx, id, "m", u))
		}
	}
	return b, m
}

// checkDoneAgrees compares every view of done-ness of branch b; it returns how many were
// done with their talks and how many were not.
func checkDoneAgrees(t *testing.T, h *Handlers, b orglife.Branch, m orglife.Meeting, seed uint64) (talksDone, talksPending int) {
	t.Helper()
	ctx := context.Background()
	prep, members, err := h.prep(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	name := func(ids []int64) []string {
		var out []string
		for _, id := range ids {
			out = append(out, memberName(members, id))
		}
		return out
	}
	sec := &turn{ctx: ctx, chatID: b.SecretaryID, userID: b.SecretaryID, lang: orglife.LangZH, branch: &b}
	status, err := h.statusText(sec, m)
	if err != nil {
		t.Fatal(err)
	}
	d, err := h.composeDigest(ctx, b, m, fzNow())
	if err != nil {
		t.Fatal(err)
	}
	digest := h.digestText(d, orglife.LangZH, false)
	todo := map[int64][]string{} // member → the commands of their /todo's step buttons
	for _, mem := range members {
		_, buttons, err := h.todoMessage(ctx, m, mem.UserID, fzToday(), orglife.LangZH)
		if err != nil {
			t.Fatal(err)
		}
		for _, bt := range buttons {
			todo[mem.UserID] = append(todo[mem.UserID], bt.cmd)
		}
	}
	for _, s := range m.Steps {
		var done, pending []int64
		for _, mem := range members {
			st := prep.Status(s.Kind, mem.UserID)
			switch {
			case !st.Required:
			case st.Done:
				done = append(done, mem.UserID)
			default:
				pending = append(pending, mem.UserID)
			}
			if owes := slices.Contains(todo[mem.UserID], stepCommand[s.Kind]); owes != st.Owed() {
				t.Errorf("seed %d, %s, %s: /todo offers it %v, JudgePrep says owed %v", seed, s.Kind, mem.Name, owes, st.Owed())
			}
		}
		if s.Kind == orglife.StepTalks {
			talksDone, talksPending = len(done), len(pending)
		}
		if s.Kind != orglife.StepPlan { // the plan's line says adopted or not, no names
			gotDone, gotPending := statusLists(status, s.Kind.Name(orglife.LangZH))
			if !slices.Equal(gotDone, name(done)) || !slices.Equal(gotPending, name(pending)) {
				t.Errorf("seed %d, %s: /status done %v pending %v, JudgePrep %v and %v", seed, s.Kind, gotDone, gotPending, name(done), name(pending))
			}
		}
		if got := digestBehind(digest, s.Kind.Name(orglife.LangZH)); !slices.Equal(got, name(pending)) {
			t.Errorf("seed %d, %s: the digest's behind %v, JudgePrep %v", seed, s.Kind, got, name(pending))
		}
		nudge := orglife.Reminder{Key: "nudge:" + b.ID + ":m:" + string(s.Kind), Kind: orglife.RemindNudge, BranchID: b.ID,
			MeetingID: m.ID, Step: s.Kind, Due: fzNow()}
		reached, _, err := h.Recipients(ctx, nudge, fzNow())
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(reached, pending) {
			t.Errorf("seed %d, %s: a reminder reaches %v, JudgePrep's not done %v", seed, s.Kind, name(reached), name(pending))
		}
		counted, err := h.nudgeAudience(sec, m, s.Kind)
		if err != nil {
			t.Fatal(err)
		}
		if want := slices.DeleteFunc(slices.Clone(pending), func(u int64) bool { return u == b.SecretaryID }); !slices.Equal(counted, want) {
			t.Errorf("seed %d, %s: /remind counts %v, want %v", seed, s.Kind, name(counted), name(want))
		}
	}
	return talksDone, talksPending
}

// statusLists reads a step's 已完成 and 未完成 names from the /status text.
func statusLists(text, step string) (done, pending []string) {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if !strings.Contains(l, step+"（时限") {
			continue
		}
		for _, next := range lines[i+1:] {
			next = strings.TrimSpace(next)
			switch {
			case strings.HasPrefix(next, "已完成："):
				done = nameList(strings.TrimPrefix(next, "已完成："))
			case strings.HasPrefix(next, "未完成："):
				pending = nameList(strings.TrimPrefix(next, "未完成："))
			default:
				return done, pending
			}
		}
	}
	return done, pending
}

// digestBehind reads a step's 未完成 names from the digest.
func digestBehind(text, step string) []string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, step+"：完成") && i+1 < len(lines) && strings.HasPrefix(lines[i+1], "  未完成：") {
			return nameList(strings.TrimPrefix(lines[i+1], "  未完成："))
		}
	}
	return nil
}

func nameList(s string) []string {
	if s == "无" {
		return nil
	}
	return strings.Split(s, "、")
}
