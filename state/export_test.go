package state_test

import (
	"context"
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"orglife"
	"orglife/state"
)

// seedRich fills branch "k" with members of every role (after a hand-over), three meetings
// and every kind of record, histories included: points edited and withdrawn with their log,
// talks agreed and disputed, studies and collective study sessions, minutes, material marks, calendar versions, branch problems merged with
// their log, rectification items (one made from a branch problem) whose history has report,
// confirm and reopen entries, leaves, and ids drawn and not used. It
// also leaves what an export omits on purpose (see transientBranchKeys): a live invite and
// the fingerprint of the secretary's last digest.
func seedRich(t *testing.T, rec *state.Records, c redis.UniversalClient) {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(rec.CreateBranch(ctx, orglife.Branch{ID: "k", Name: "第一党支部", CreatedAt: t0, Timezone: "Asia/Shanghai"},
		orglife.Member{UserID: 100, Name: "老书记"}))
	_, ownDaysErr := rec.ChangeOwnDays(ctx, "k", func(b *orglife.Branch) error {
		b.DaysOff, b.DaysWorked = []orglife.Date{{Year: 2023, Month: 10, Day: 2}}, []orglife.Date{{Year: 2023, Month: 10, Day: 7}}
		return nil
	})
	must(ownDaysErr)
	must(rec.SetPolish(ctx, "k", true))
	mustAdd(t, rec, "k", orglife.Member{UserID: 1, Name: "甲", JoinedAt: at(1)})
	mustAdd(t, rec, "k", orglife.Member{UserID: 2, Name: "乙", Role: orglife.RoleCommittee, JoinedAt: at(2)})
	mustAdd(t, rec, "k", orglife.Member{UserID: 3, Name: "丙", JoinedAt: at(3)})
	must(rec.HandOver(ctx, "k", 100, 3))
	must(rec.SetRole(ctx, "k", 1, orglife.RoleCommittee))
	for range 11 { // ids drawn (up to b) and not all used
		_, err := rec.NextID(ctx, "k")
		must(err)
	}
	mustMeeting(t, rec, "k", "1", at(10))
	mustMeeting(t, rec, "k", "2", at(20))
	for _, mid := range []string{"1", "2"} {
		p := point("3", 1, at(30), "对党的创新理论学习不够系统，满足于读摘要")
		p.MeetingID = mid
		must(rec.SavePoint(ctx, "k", p, orglife.PointChange{By: 1, At: at(30), Action: orglife.PointCreate, After: "学习"}))
		p.Problem, p.UpdatedAt = "学习不够深入系统，半年只读了两本书", at(31)
		must(rec.SavePoint(ctx, "k", p, orglife.PointChange{By: 1, At: at(31), Action: orglife.PointEdit, Before: "学习", After: "学习不够"}))
		q := point("4", 2, at(32), "批评与自我批评开展不够，顾及面子")
		q.MeetingID = mid
		must(rec.SavePoint(ctx, "k", q, orglife.PointChange{By: 2, At: at(32), Action: orglife.PointCreate}))
		q.Withdrawn = true
		must(rec.SavePoint(ctx, "k", q, orglife.PointChange{By: 3, At: at(33), Action: orglife.PointWithdraw, Before: "批评"}))
		day := orglife.Date{Year: 2023, Month: 9, Day: 25}
		must(rec.SaveTalk(ctx, "k", orglife.Talk{ID: "5", MeetingID: mid, RecordedBy: 3, With: 1, WithName: "甲", Date: day,
			Form: orglife.TalkFaceToFace, Raised: "学习不够", Received: "要求偏严", Status: orglife.ConfirmDisputed, Comment: "时间记错了", CreatedAt: at(34)}))
		must(rec.SaveTalk(ctx, "k", orglife.Talk{ID: "a", MeetingID: mid, RecordedBy: 2, With: 0, WithName: "社区书记", Date: day,
			Form: orglife.TalkPhone, Raised: "联系群众不够", Received: "多走访", Suggestions: "每月一次", Status: orglife.ConfirmAgreed, CreatedAt: at(36)}))
		must(rec.SaveStudy(ctx, "k", orglife.Study{ID: "6", MeetingID: mid, MemberID: 2, Form: orglife.StudyCollective, Date: day,
			Topic: "党章", Hours: 1.5, Notes: "第一章", CreatedAt: at(35)}))
		must(rec.SaveStudy(ctx, "k", orglife.Study{ID: "2", MeetingID: mid, MemberID: 1, Form: orglife.StudyOnline, Date: day,
			Topic: "党的二十大报告解读", Hours: 1, Channel: "学习强国", CreatedAt: at(35)}))
		must(rec.SaveStudySession(ctx, "k", orglife.StudySession{ID: "2", MeetingID: mid, Kind: orglife.SessionSeminar, Date: day,
			Topic: "严肃党内政治生活", Hours: 2, Attendance: []int64{1, 2, 3}, Speakers: []int64{2, 3}, RecordedBy: 2, CreatedAt: at(37)}))
		must(rec.MarkMaterialDone(ctx, "k", mid, 2))
		must(rec.MarkMaterialDone(ctx, "k", mid, 1))
	}
	for i, mid := range []string{"1", "2"} {
		must(rec.SaveMinutes(ctx, "k", mid, orglife.Minutes{Date: orglife.Date{Year: 2023, Month: 10, Day: 9 + i},
			Attending: []int64{1, 2, 3}, Absent: []int64{100}, LeaderName: "王", LeaderComments: "很好",
			Agenda: [4]string{"a", "b", "c", "d"}, RecordedAt: at(40 + i).In(time.FixedZone("CST", 8*3600))}))
	}
	item := func(meetingID, id string, created time.Time) orglife.RectItem {
		n, err := rec.NextRectNumber(ctx, "k", meetingID)
		must(err)
		it := orglife.RectItem{ID: id, BranchID: "k", MeetingID: meetingID, Number: n, PointID: "3",
			Problem: "学习不够", Measure: "每周读原文", Owner: 1, Deadline: orglife.Date{Year: 2023, Month: 12, Day: 1},
			ReviewDays: 14, Status: orglife.RectNotStarted, CreatedAt: created}
		must(rec.SaveRectItem(ctx, it))
		return it
	}
	progress := func(meetingID, id string, r orglife.RectReport) {
		_, err := rec.UpdateRectItem(ctx, "k", meetingID, id, func(it *orglife.RectItem) error {
			it.Status = r.Status
			it.ClosedOn = orglife.Date{}
			if r.Status == orglife.RectClosed {
				it.ClosedOn = orglife.DateOf(r.At, time.UTC)
			}
			it.Progress = append(it.Progress, r)
			return nil
		})
		must(err)
	}
	// Branch problems 5 and 6 (ids unique within their kind, as the seed's other records'),
	// merged; item 8 is made from the first.
	bpA := orglife.BranchProblem{ID: "5", MeetingID: "1", Order: 1, Area: orglife.AreaTheory, Headline: "理论学习的系统性不强",
		Detail: "对党的创新理论学习不够系统。", PointIDs: []string{"3"}, InReport: true, CreatedBy: 3, CreatedAt: at(45), UpdatedAt: at(45)}
	bpB := orglife.BranchProblem{ID: "6", MeetingID: "1", Order: 2, Headline: "“三会一课”质量不高", Detail: "以传达文件代替讨论。",
		CreatedBy: 1, CreatedAt: at(46), UpdatedAt: at(46)}
	must(rec.SaveBranchProblems(ctx, "k", "1", []orglife.BranchProblem{bpA, bpB}, []orglife.BranchProblemChange{
		{ProblemID: "5", By: 3, At: at(45), Action: orglife.BranchProblemCreate, After: bpA.Headline},
		{ProblemID: "6", By: 1, At: at(46), Action: orglife.BranchProblemCreate, After: bpB.Headline}}))
	bpA, bpB = orglife.MergeBranchProblems(bpA, bpB)
	must(rec.SaveBranchProblems(ctx, "k", "1", []orglife.BranchProblem{bpA, bpB}, []orglife.BranchProblemChange{
		{ProblemID: "5", By: 1, At: at(47), Action: orglife.BranchProblemMerge, Before: "6"}}))
	item("1", "7", at(50))
	fromBranchProblem := item("1", "8", at(51))
	fromBranchProblem.PointID, fromBranchProblem.BranchProblemID, fromBranchProblem.Problem = "", "5", bpA.Headline
	must(rec.SaveRectItem(ctx, fromBranchProblem))
	item("2", "9", at(52))
	// Item 7: reported done, confirmed, reopened, reported again — open, awaiting confirmation.
	progress("1", "7", orglife.RectReport{At: at(60), By: 1, Status: orglife.RectReported, Note: "完成", Evidence: "file-1", Kind: "report"})
	progress("1", "7", orglife.RectReport{At: at(61), By: 3, Status: orglife.RectClosed, Kind: "confirm"})
	progress("1", "7", orglife.RectReport{At: at(62), By: 3, Status: orglife.RectInProgress, Note: "笔记不全", Kind: "reopen"})
	progress("1", "7", orglife.RectReport{At: at(63), By: 1, Status: orglife.RectReported, Note: "已补全", Kind: "report"})
	// Item 8: in progress. Item 9: reported and closed.
	progress("1", "8", orglife.RectReport{At: at(64), By: 1, Status: orglife.RectInProgress, Note: "推进中", Kind: "report"})
	progress("2", "9", orglife.RectReport{At: at(65), By: 1, Status: orglife.RectReported, Kind: "report"})
	progress("2", "9", orglife.RectReport{At: at(66), By: 3, Status: orglife.RectClosed, Kind: "confirm"})
	_, err := rec.NextRectNumber(ctx, "k", "1") // a gap in the ledger
	must(err)
	// Two calendar files of meeting 1, a deadline moved between them (sequence 1).
	_, err = rec.CalendarEvents(ctx, "k", "1", at(67), map[string]string{"step-points@1.k.orglife": "2023-10-01", "meeting@1.k.orglife": "2023-10-09"})
	must(err)
	_, err = rec.CalendarEvents(ctx, "k", "1", at(68), map[string]string{"step-points@1.k.orglife": "2023-10-02", "meeting@1.k.orglife": "2023-10-09"})
	must(err)
	// 征求意见 of meeting 2: two opinions from two people, one adopted, then closed.
	oc := orglife.OpinionCollection{Code: state.NewOpinionCode("k"), BranchID: "k", MeetingID: "2",
		Closes: orglife.Date{Year: 2023, Month: 9, Day: 30}, ClosesAt: at(69), CreatedBy: 3, CreatedAt: at(68)}
	must(rec.OpenOpinions(ctx, oc))
	must(rec.AddOpinion(ctx, oc, 90001, orglife.Opinion{ID: "9", MeetingID: "2", Text: "支部活动形式单一", Day: oc.Closes}))
	must(rec.AddOpinion(ctx, oc, 90002, orglife.Opinion{ID: "a", MeetingID: "2", About: 1, Text: "甲同志服务群众不够主动", Day: oc.Closes}))
	_, err = rec.AdoptOpinion(ctx, "k", "2", "a", "4", 3)
	must(err)
	must(rec.CloseOpinions(ctx, "k", "2"))
	// 民主评议: meeting 1's closed and counted (its counts and voters are exported), meeting
	// 2's still open with a vote cast (only its record is exported: see transientBranchKeys).
	for _, mid := range []string{"1", "2"} {
		b := orglife.Ballot{BranchID: "k", MeetingID: mid, OpenedAt: at(40), OpenedBy: 3, Closes: at(100), Roster: []int64{1, 2, 3}, MinVoters: 2}
		must(rec.OpenBallot(ctx, b))
		k, err := rec.BallotKeyOf(ctx, b, at(41))
		must(err)
		for _, voter := range []int64{1, 2, 3} {
			v := b.NewVote()
			for _, c := range b.Candidates(voter) {
				must(b.Rate(v, voter, c, orglife.Rating(1+(voter+c)%4)))
			}
			_, err := rec.CastVote(ctx, b, k, voter, v)
			must(err)
			if mid == "2" {
				break
			}
		}
		if mid == "1" {
			_, _, err = rec.CloseBallot(ctx, "k", mid, at(100))
			must(err)
		}
	}
	mustMeeting(t, rec, "k", "3", at(70)) // the current meeting, nothing recorded yet

	rem := state.NewReminders(c, recKeys)
	must(rem.SetLeave(ctx, "k", orglife.Leave{UserID: 1, From: orglife.Date{Year: 2023, Month: 9, Day: 20}, To: orglife.Date{Year: 2023, Month: 9, Day: 27}, SetBy: 1}))
	must(rem.SetLeave(ctx, "k", orglife.Leave{UserID: 2, From: orglife.Date{Year: 2023, Month: 10, Day: 1}, To: orglife.Date{Year: 2023, Month: 10, Day: 1}, SetBy: 3}))
	must(rec.SaveInvite(ctx, orglife.Invite{Code: state.NewInviteCode("k"), BranchID: "k", CreatedBy: 3, ExpiresAt: at(1000)}))
	if err := rem.SaveDigest(ctx, "k", orglife.DigestSnapshot{MeetingID: "3", At: at(71), Progress: "key-of-the-last-digest"}); err != nil {
		t.Fatal(err)
	}
}

// transientBranchKeys are the kinds of key under a branch's hash tag that an export leaves
// out on purpose (by the part after "{b:<id>}"); every other key must come back exactly.
var transientBranchKeys = map[string]string{
	// The live join code: a backup file must not carry a working invite. The secretary
	// makes a new one with /invite.
	":invite": "invite",
	// What is kept of the secretary's last daily digest: the scheduler's delivery state,
	// like its sent marks (which live under {sched}, not here). Without it the first digest
	// after a restore is sent even if nothing changed since the last one.
	":digest": "digest",
	// An open ballot's key, sealed votes and voters: secret material, never exported (an
	// import reopens the ballot empty; see state/ballot.go).
	":m:2:ballotkey":    "ballot key",
	":m:2:ballotsealed": "sealed votes",
	":m:2:ballotvoted":  "voters of an open ballot",
}

// branchContents reads every key under branch id's hash tag, type by type, into comparable
// values: strings as they are, hashes as maps, lists in order, sets and sorted sets sorted
// (with their scores). Keys of a kind in transientBranchKeys are left out.
func branchContents(t *testing.T, c redis.UniversalClient, branchID string) map[string]any {
	t.Helper()
	ctx := context.Background()
	tag := "orglife:{b:" + branchID + "}"
	var keys []string
	iter := c.Scan(ctx, 0, tag+"*", 1000).Iterator()
	for iter.Next(ctx) {
		keys = append(keys, iter.Val())
	}
	if err := iter.Err(); err != nil {
		t.Fatal(err)
	}
	out := make(map[string]any, len(keys))
	for _, k := range keys {
		if _, skip := transientBranchKeys[strings.TrimPrefix(k, tag)]; skip {
			continue
		}
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
		default:
			t.Fatalf("key %s is a %s, which the comparison does not read", k, typ)
		}
		if err != nil {
			t.Fatal(err)
		}
		if ttl, err := c.PTTL(ctx, k).Result(); err != nil || ttl != -1 {
			t.Fatalf("branch key %s has ttl %v (%v); branch data never expires", k, ttl, err)
		}
		out[k] = v
	}
	return out
}

// sameContents reports every key whose value differs between want and got, or that only
// one of them holds.
func sameContents(t *testing.T, want, got map[string]any) {
	t.Helper()
	keys := slices.Sorted(maps.Keys(want))
	for _, k := range keys {
		g, ok := got[k]
		switch {
		case !ok:
			t.Errorf("key %s was not restored; it held %v", k, want[k])
		case !reflect.DeepEqual(g, want[k]):
			t.Errorf("key %s differs:\nsource   %v\nrestored %v", k, want[k], g)
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("key %s was made by the import but is not in the source: %v", k, g)
		}
	}
}

func exportJSON(t *testing.T, rec *state.Records, id string) (state.BranchExport, string) {
	t.Helper()
	e, err := rec.Export(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	j, err := json.MarshalIndent(e, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return e, string(j)
}

// TestExportImportRoundTrip: a branch exported to a file and imported into an empty Redis
// comes back key for key — every key under the branch's hash tag holds the same value as in
// the source, but for the kinds an export leaves out on purpose (transientBranchKeys) — and
// the counters go on above every restored id.
func TestExportImportRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src, srcRedis := newRecords(t)
	seedRich(t, src, srcRedis)
	e, before := exportJSON(t, src, "k")

	if e.Version != state.ExportVersion || len(e.Members) != 4 || len(e.Meetings) != 3 || e.Branch.SecretaryID != 3 ||
		e.Branch.CurrentMeeting != "3" || len(e.Leaves) != 2 || e.IDSeq != 11 {
		t.Fatalf("export = version %d, %d members, %d meetings, secretary %d, current %q, %d leaves, id counter %d",
			e.Version, len(e.Members), len(e.Meetings), e.Branch.SecretaryID, e.Branch.CurrentMeeting, len(e.Leaves), e.IDSeq)
	}
	m1 := e.Meetings[2]
	if m1.Meeting.ID != "1" || len(m1.Points) != 2 || len(m1.PointLog) != 4 || len(m1.Talks) != 2 || len(m1.Studies) != 2 || len(m1.StudySessions) != 1 ||
		m1.Minutes == nil || !reflect.DeepEqual(m1.MaterialDone, []int64{1, 2}) || len(m1.RectItems) != 2 ||
		len(m1.RectItems[0].Progress) != 4 || m1.RectSeq != 3 || len(m1.BranchProblems) != 2 || len(m1.BranchProblemLog) != 3 ||
		m1.RectItems[1].BranchProblemID != "5" {
		t.Fatalf("first meeting exported incompletely: %s", before)
	}
	if bl := m1.Ballot; bl == nil || !bl.Ballot.Published() || len(bl.Ballot.Tally) != 3 || !reflect.DeepEqual(bl.Voted, []int64{1, 2, 3}) {
		t.Fatalf("meeting 1's closed ballot exported as %+v", bl)
	}
	if bl := e.Meetings[1].Ballot; bl == nil || bl.Ballot.Closed || bl.Voted != nil || strings.Contains(before, "sealed") {
		t.Fatalf("meeting 2's open ballot exported as %+v", bl)
	}
	if e.Invite != nil {
		t.Fatal("the live invite was exported")
	}
	if len(e.Branch.DaysOff) != 1 || len(e.Branch.DaysWorked) != 1 || !e.Branch.Polish {
		t.Fatalf("the branch's own days exported as %v and %v, polishing %v", e.Branch.DaysOff, e.Branch.DaysWorked, e.Branch.Polish)
	}
	source := branchContents(t, srcRedis, "k")
	// Every kind of record is in the source, so a kind the export forgot shows below.
	for _, kind := range []string{":branch", ":members", ":seq", ":meetings", ":leaves", ":m:1:points", ":m:1:pointlog",
		":m:1:talks", ":m:1:studies", ":m:1:studysessions", ":m:1:minutes", ":m:1:material", ":m:1:rect", ":m:1:rectseq", ":m:2:rect",
		":m:1:bproblems", ":m:1:bproblemlog", ":m:2:opcoll", ":m:2:opinions", ":m:2:optally", ":m:1:ballot", ":m:1:ballotvoted", ":m:2:ballot"} {
		if _, ok := source["orglife:{b:k}"+kind]; !ok {
			t.Fatalf("the seed has no key %s; keys %v", kind, slices.Sorted(maps.Keys(source)))
		}
	}

	// Through a file, as orglife import reads it.
	var fromFile state.BranchExport
	if err := json.Unmarshal([]byte(before), &fromFile); err != nil {
		t.Fatal(err)
	}
	dst, dstRedis := newRecords(t)
	if err := dst.Import(ctx, fromFile); err != nil {
		t.Fatal(err)
	}
	sameContents(t, source, branchContents(t, dstRedis, "k"))
	for _, kind := range transientBranchKeys {
		if n, err := dstRedis.Exists(ctx, "orglife:{b:k}:"+kind).Result(); err != nil || n != 0 {
			t.Errorf("the import made the %s key (%d, %v)", kind, n, err)
		}
	}
	got, after := exportJSON(t, dst, "k")
	if after != before {
		t.Fatalf("round trip differs:\nbefore %s\nafter %s", before, after)
	}
	if !reflect.DeepEqual(normalise(t, got), normalise(t, e)) {
		t.Fatal("round trip differs as values")
	}

	// Every member finds the branch; new ids do not collide with restored ones.
	for _, uid := range []int64{1, 2, 3, 100} {
		bs, err := dst.UserBranches(ctx, uid)
		if err != nil || len(bs) != 1 || bs[0] != "k" {
			t.Fatalf("UserBranches(%d) = %v, %v", uid, bs, err)
		}
	}
	if id, err := dst.NextID(ctx, "k"); err != nil || id != "c" {
		t.Fatalf("NextID after import = %q, %v; want c (the counter restored)", id, err)
	}
	// An export without the counters still numbers above every restored id.
	bare := fromFile
	bare.IDSeq = 0
	bare.Meetings = append([]state.MeetingExport(nil), fromFile.Meetings...)
	for i := range bare.Meetings {
		bare.Meetings[i].RectSeq = 0
	}
	third, _ := newRecords(t)
	if err := third.Import(ctx, bare); err != nil {
		t.Fatal(err)
	}
	if id, err := third.NextID(ctx, "k"); err != nil || id != "b" {
		t.Fatalf("NextID after import without counter = %q, %v; want b (above every restored id)", id, err)
	}
	if n, err := third.NextRectNumber(ctx, "k", "1"); err != nil || n != 3 {
		t.Fatalf("NextRectNumber after import without counter = %d, %v; want 3", n, err)
	}
	if n, err := dst.NextRectNumber(ctx, "k", "1"); err != nil || n != 4 {
		t.Fatalf("NextRectNumber after import = %d, %v; want 4", n, err)
	}
	if id, err := dst.NewBranchID(ctx); err != nil || id == "k" || id < "l" && len(id) == 1 {
		t.Fatalf("NewBranchID after import = %q, %v; want above k", id, err)
	}

	// A store that holds the branch refuses, and is left as it was.
	err := src.Import(ctx, fromFile)
	wantErr(t, "Import into a store with the branch", err, state.ErrExists)
	sameContents(t, source, branchContents(t, srcRedis, "k"))
}

// normalise round-trips an export through JSON, so times compare without their zones.
func normalise(t *testing.T, e state.BranchExport) state.BranchExport {
	t.Helper()
	j, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	var out state.BranchExport
	if err := json.Unmarshal(j, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestImportRefusesBadExports(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec, _ := newRecords(t)
	if err := rec.Import(ctx, state.BranchExport{Version: 99, Branch: orglife.Branch{ID: "x"}}); err == nil {
		t.Fatal("an unknown version was imported")
	}
	noSec := state.BranchExport{Version: state.ExportVersion, Branch: orglife.Branch{ID: "x", SecretaryID: 5},
		Members: []orglife.Member{{UserID: 6, Name: "甲"}}}
	if err := rec.Import(ctx, noSec); err == nil {
		t.Fatal("a branch without its secretary was imported")
	}
	if _, err := rec.Branch(ctx, "x"); err == nil {
		t.Fatal("a refused import left a branch")
	}
}

// TestImportRefusesLeftovers: keys of a branch left behind without its branch record (a
// point log, say) would mix with the restored records, so the import refuses them and
// writes nothing.
func TestImportRefusesLeftovers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src, srcRedis := newRecords(t)
	seedRich(t, src, srcRedis)
	e, err := src.Export(ctx, "k")
	if err != nil {
		t.Fatal(err)
	}
	for _, leftover := range []string{"orglife:{b:k}:m:1:pointlog", "orglife:{b:k}:leaves", "orglife:{b:k}:digest"} {
		dst, c := newRecords(t)
		if err := c.RPush(ctx, leftover, "old").Err(); err != nil {
			t.Fatal(err)
		}
		wantErr(t, "Import over "+leftover, dst.Import(ctx, e), state.ErrExists)
		if keys, err := c.Keys(ctx, "*").Result(); err != nil || len(keys) != 1 {
			t.Fatalf("a refused import wrote %v (%v)", keys, err)
		}
	}
}
