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

// TestDoneAgreesEverywhere: over random branches and records (talks pending, confirmed
// and disputed among them), every place that says who has done a step agrees with
// orglife.JudgePrep and with each other — the names /status lists as done, not done and
// waiting for a talk partner, the digest's, who a reminder reaches, whom /remind counts (all
// but the secretary asking), and the steps each member's /todo offers — and nobody is
// reminded of what only someone else can do.
func TestDoneAgreesEverywhere(t *testing.T) {
	fb := newFzBot(t)
	h, _ := fb.reset(t)
	rec := state.NewRecords(fb.rdb, fb.keys)
	var seen [3]int // talks done, owed and only waited for, over all branches: each must occur
	for seed := range uint64(60) {
		rng := rand.New(rand.NewPCG(seed, 15))
		h.opts.Coverage = orglife.CoverageRules{CommitteePairs: rng.IntN(2) == 0, SecretaryWithAll: rng.IntN(2) == 0, MinPerMember: rng.IntN(3)}
		b, m := randomBranch(t, rec, rng, fmt.Sprintf("p%d", seed))
		talks := checkDoneAgrees(t, h, b, m, seed)
		for i := range seen {
			seen[i] += talks[i]
		}
	}
	if seen[0] == 0 || seen[1] == 0 || seen[2] == 0 {
		t.Fatalf("the random branches had %d members done with their talks, %d owing them and %d waiting: each should occur", seen[0], seen[1], seen[2])
	}
}

// randomBranch stores a branch of 2–9 people (a secretary, some committee) and a current
// meeting with random points, talks (some with people outside the bot or who have left,
// some pending or disputed), studies, sessions, material marks and maybe an adopted plan.
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
		switch rng.IntN(10) {
		case 0, 1:
			with = 0 // someone outside the bot
		case 2:
			with = base + 999 // someone who has left the branch
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
// done with their talks, how many owed them and how many only waited for a partner.
func checkDoneAgrees(t *testing.T, h *Handlers, b orglife.Branch, m orglife.Meeting, seed uint64) (talks [3]int) {
	t.Helper()
	ctx := context.Background()
	prep, members, err := h.prep(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	name := func(ids []int64) []string {
		var out []string
		for _, id := range ids {
			out = append(out, orglife.MemberName(members, id, orglife.LangZH))
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
		_, buttons, err := h.todoMessage(ctx, nil, m, mem.UserID, fzToday(), orglife.LangZH)
		if err != nil {
			t.Fatal(err)
		}
		for _, bt := range buttons {
			todo[mem.UserID] = append(todo[mem.UserID], bt.cmd)
		}
	}
	checkTalkHands(t, prep, members, seed)
	for _, s := range m.Steps {
		var done, owing, waiting []int64
		for _, mem := range members {
			st := prep.Status(s.Kind, mem.UserID)
			switch {
			case !st.Required:
			case st.Done:
				done = append(done, mem.UserID)
			case st.Waiting():
				waiting = append(waiting, mem.UserID)
			default:
				owing = append(owing, mem.UserID)
			}
			offers := slices.Contains(todo[mem.UserID], stepCommand[s.Kind])
			if s.Kind == orglife.StepTalks {
				offers = offers || slices.Contains(todo[mem.UserID], cmdMyTalks)
				// Records to correct are asked for while the step is owed (a member done with it
				// is not asked to correct one more record).
				if want := len(st.ToConfirm) > 0 || (len(st.Disputed) > 0 && st.Owed()); slices.Contains(todo[mem.UserID], cmdMyTalks) != want {
					t.Errorf("seed %d, %s: /todo offers /mytalks %v, records to answer %d, to correct %d", seed, mem.Name, !want, len(st.ToConfirm), len(st.Disputed))
				}
			}
			if offers != st.Owed() {
				t.Errorf("seed %d, %s, %s: /todo offers it %v, JudgePrep says owed %v", seed, s.Kind, mem.Name, offers, st.Owed())
			}
		}
		if s.Kind == orglife.StepTalks {
			talks = [3]int{len(done), len(owing), len(waiting)}
		} else if len(waiting) > 0 {
			t.Errorf("seed %d, %s: %v wait for someone else", seed, s.Kind, name(waiting))
		}
		pending := append(slices.Clone(owing), waiting...) // not done, in member order
		slices.SortFunc(pending, func(a, b int64) int {
			return slices.IndexFunc(members, func(m orglife.Member) bool { return m.UserID == a }) -
				slices.IndexFunc(members, func(m orglife.Member) bool { return m.UserID == b })
		})
		if p := prep.Progress()[s.Kind]; !slices.Equal(p.Done, done) || !slices.Equal(p.Pending, pending) || !slices.Equal(p.Owing(), owing) || !slices.Equal(p.Waiting, waiting) {
			t.Errorf("seed %d, %s: Progress %+v disagrees with Status", seed, s.Kind, p)
		}
		if s.Kind != orglife.StepPlan { // the plan's line says adopted or not, no names
			gotDone, gotOwing, gotWaiting := statusLists(status, s.Kind.Name(orglife.LangZH))
			if !slices.Equal(gotDone, name(done)) || !slices.Equal(gotOwing, name(owing)) || !slices.Equal(gotWaiting, name(waiting)) {
				t.Errorf("seed %d, %s: /status done %v, not done %v, waiting %v; JudgePrep %v, %v and %v", seed, s.Kind,
					gotDone, gotOwing, gotWaiting, name(done), name(owing), name(waiting))
			}
		}
		if gotOwing, gotWaiting := digestLists(digest, s.Kind.Name(orglife.LangZH)); !slices.Equal(gotOwing, name(owing)) || !slices.Equal(gotWaiting, name(waiting)) {
			t.Errorf("seed %d, %s: the digest's behind %v and waiting %v, JudgePrep %v and %v", seed, s.Kind, gotOwing, gotWaiting, name(owing), name(waiting))
		}
		nudge := orglife.Reminder{Key: "nudge:" + b.ID + ":m:" + string(s.Kind), Kind: orglife.RemindNudge, BranchID: b.ID,
			MeetingID: m.ID, Step: s.Kind, Due: fzNow()}
		reached, _, err := h.Recipients(ctx, nudge, fzNow())
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(reached, owing) {
			t.Errorf("seed %d, %s: a reminder reaches %v, JudgePrep's owing %v", seed, s.Kind, name(reached), name(owing))
		}
		counted, err := h.nudgeAudience(sec, m, s.Kind)
		if err != nil {
			t.Fatal(err)
		}
		if want := slices.DeleteFunc(slices.Clone(owing), func(u int64) bool { return u == b.SecretaryID }); !slices.Equal(counted, want) {
			t.Errorf("seed %d, %s: /remind counts %v, want %v", seed, s.Kind, name(counted), name(want))
		}
		if s.Kind == orglife.StepTalks {
			checkTalkReminders(t, h, m, nudge, prep, reached, seed)
		}
	}
	return talks
}

// checkTalkHands: every record that does not count is in someone's hands, and the two
// sides agree — a pending record is its partner's to answer; who waits for a partner's
// confirmation has a record of theirs in that partner's ToConfirm; who is to record a
// disputed talk again is waited for by the partner who disputed it.
func checkTalkHands(t *testing.T, prep orglife.Prep, members []orglife.Member, seed uint64) {
	t.Helper()
	status := map[int64]orglife.StepStatus{}
	for _, mem := range members {
		status[mem.UserID] = prep.Status(orglife.StepTalks, mem.UserID)
	}
	for _, mem := range members {
		st := status[mem.UserID]
		for _, tk := range st.ToConfirm {
			if tk.With != mem.UserID || tk.Status != orglife.ConfirmPending {
				t.Errorf("seed %d: %s is to answer %+v", seed, mem.Name, tk)
			}
		}
		for _, p := range st.Awaiting {
			if !slices.ContainsFunc(status[p].ToConfirm, func(tk orglife.Talk) bool { return tk.RecordedBy == mem.UserID }) {
				t.Errorf("seed %d: %s awaits %d, who has nothing of theirs to answer", seed, mem.Name, p)
			}
		}
		for _, p := range st.Disputed {
			if !slices.Contains(status[p].Correcting, mem.UserID) {
				t.Errorf("seed %d: %s is to record their talk with %d again, who does not wait for it", seed, mem.Name, p)
			}
		}
		for _, p := range st.Correcting {
			if !slices.Contains(status[p].Disputed, mem.UserID) {
				t.Errorf("seed %d: %s waits for %d to record their talk again, who is not told to", seed, mem.Name, p)
			}
		}
		for _, p := range st.Partners {
			if slices.Contains(st.Awaiting, p) || slices.Contains(st.Correcting, p) || slices.Contains(st.Disputed, p) {
				t.Errorf("seed %d: %s is asked to talk with %d, with whom a record is under way", seed, mem.Name, p)
			}
		}
	}
}

// checkTalkReminders: the talks reminder of everyone it reaches names something for them to
// do, with a button to do it; /mytalks's for those who have records to answer or to correct.
func checkTalkReminders(t *testing.T, h *Handlers, m orglife.Meeting, r orglife.Reminder, prep orglife.Prep, reached []int64, seed uint64) {
	t.Helper()
	for _, u := range reached {
		st := prep.Status(orglife.StepTalks, u)
		part, err := h.stepPart(context.Background(), m, r, u, orglife.LangZH, false)
		if err != nil {
			t.Fatal(err)
		}
		var cmds []string
		for _, b := range part.acts {
			cmds = append(cmds, b.cmd)
		}
		if len(cmds) == 0 {
			t.Errorf("seed %d: the talks reminder of %d has no button: %q", seed, u, part.text)
		}
		if answer := len(st.ToConfirm) > 0; slices.Contains(cmds, cmdMyTalks) != (answer || len(st.Disputed) > 0) || strings.Contains(part.text, "请确认") != answer {
			t.Errorf("seed %d: the talks reminder of %d (buttons %v) with %d records to answer: %q", seed, u, cmds, len(st.ToConfirm), part.text)
		}
		if disputed := len(st.Disputed) > 0; strings.Contains(part.text, "有出入，请与其核对") != disputed {
			t.Errorf("seed %d: the talks reminder of %d, disputed by %v: %q", seed, u, st.Disputed, part.text)
		}
	}
}

// statusLists reads a step's 已完成, 未完成 and 待谈话对方处理 names from the /status text.
func statusLists(text, step string) (done, pending, waiting []string) {
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
			case strings.HasPrefix(next, "待谈话对方处理："):
				waiting = nameList(strings.TrimPrefix(next, "待谈话对方处理："))
			default:
				return done, pending, waiting
			}
		}
	}
	return done, pending, waiting
}

// digestLists reads a step's 未完成 and 待谈话对方处理 names from the digest.
func digestLists(text, step string) (behind, waiting []string) {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, step+"：完成") {
			continue
		}
		for _, next := range lines[i+1:] {
			switch {
			case strings.HasPrefix(next, "  未完成："):
				behind = nameList(strings.TrimPrefix(next, "  未完成："))
			case strings.HasPrefix(next, "  待谈话对方处理："):
				waiting = nameList(strings.TrimPrefix(next, "  待谈话对方处理："))
			default:
				return behind, waiting
			}
		}
	}
	return behind, waiting
}

func nameList(s string) []string {
	if s == "无" {
		return nil
	}
	return strings.Split(s, "、")
}
