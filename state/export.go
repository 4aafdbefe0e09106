package state

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/redis/go-redis/v9"

	"orglife"
)

// ExportVersion is the format version of BranchExport.
const ExportVersion = 1

// BranchExport is the whole of one branch, as /export writes it and `orglife import`
// restores it: people, their leaves, meetings and every record of each meeting, histories
// included.
//
// It holds every key under the branch's hash tag {b:<id>} (see Keys) but two, left out on
// purpose: the live invite (a backup file must not carry a working join code; Import still
// restores one if a file has it) and what is kept of the secretary's last digest (the
// scheduler's delivery state, like its sent marks). Outside the branch slot, the per-user
// index of branches is rebuilt from the members; the reminders planned for the branch are
// not exported but planned anew after an import (state.ReplanBranch); what is per user
// rather than per branch (language, chosen branch, half-written drafts, sessions) and
// what is transient (flood counters, the inbox, rate state) stays out.
type BranchExport struct {
	Version  int              `json:"version"`
	Branch   orglife.Branch   `json:"branch"`
	Members  []orglife.Member `json:"members"`
	Invite   *orglife.Invite  `json:"invite,omitempty"`
	Meetings []MeetingExport  `json:"meetings"`
	// Leaves are the members' leaves (no reminders while away), by user id; an export
	// made before they were exported has none.
	Leaves []orglife.Leave `json:"leaves,omitempty"`
	// IDSeq is the branch's record-id counter (see NextID) when exported.
	IDSeq int64 `json:"id_seq,omitempty"`
}

// MeetingExport is one meeting with its records, its point log in order, its branch
// problems with their log and its rectification items with their progress.
type MeetingExport struct {
	Meeting  orglife.Meeting       `json:"meeting"`
	Points   []orglife.Point       `json:"points"`
	PointLog []orglife.PointChange `json:"point_log"`
	// BranchProblems are the committee's statement of the branch's problems, removed ones
	// included, and BranchProblemLog their history in order; an export made before branch
	// problems has neither.
	BranchProblems   []orglife.BranchProblem       `json:"branch_problems,omitempty"`
	BranchProblemLog []orglife.BranchProblemChange `json:"branch_problem_log,omitempty"`
	Talks            []orglife.Talk                `json:"talks"`
	Studies          []orglife.Study               `json:"studies"`
	Minutes          *orglife.Minutes              `json:"minutes,omitempty"`
	MaterialDone     []int64                       `json:"material_done"`
	RectItems        []orglife.RectItem            `json:"rect_items"`
	// RectSeq is the meeting's ledger counter (see NextRectNumber) when exported.
	RectSeq int64 `json:"rect_seq,omitempty"`
	// StudySessions are the collective study sessions; an export made before they were
	// recorded has none.
	StudySessions []orglife.StudySession `json:"study_sessions,omitempty"`
	// Calendar is what the latest calendar file said of each event, so that a file sent
	// after a restore keeps raising each event's SEQUENCE; an export made before calendar
	// files has none.
	Calendar []CalendarEvent `json:"calendar,omitempty"`
	// OpinionCollection is the meeting's 征求意见 without its code, OpinionTally its counts
	// and Opinions what was left, none of it naming a sender; an export made before
	// opinions, or of a meeting without a collection, has none.
	OpinionCollection *orglife.OpinionCollection `json:"opinion_collection,omitempty"`
	OpinionTally      *orglife.OpinionTally      `json:"opinion_tally,omitempty"`
	Opinions          []orglife.Opinion          `json:"opinions,omitempty"`
	// Ballot is the meeting's 民主评议党员, if it has one: its record (with the counts once
	// closed) and who voted — never a vote (see state/ballot.go).
	Ballot *BallotExport `json:"ballot,omitempty"`
}

// Export reads the whole of a branch; orglife.ErrNotFound for an unknown branch. The live invite
// is left out (a backup file should not carry a working join code), and so is the last
// digest; see BranchExport.
func (r *Records) Export(ctx context.Context, branchID string) (BranchExport, error) {
	e := BranchExport{Version: ExportVersion}
	var err error
	if e.Branch, err = r.Branch(ctx, branchID); err != nil {
		return e, fmt.Errorf("export: %w", err)
	}
	if e.Members, err = r.Members(ctx, branchID); err != nil {
		return e, fmt.Errorf("export: %w", err)
	}
	if e.IDSeq, err = r.counter(ctx, r.keys.BranchIDSeq(branchID)); err != nil {
		return e, fmt.Errorf("export branch %s: %w", branchID, err)
	}
	if e.Leaves, err = NewReminders(r.rdb, r.keys).Leaves(ctx, branchID); err != nil {
		return e, fmt.Errorf("export: %w", err)
	}
	// A leave left behind by someone removed before removal dropped leaves is not exported.
	e.Leaves = slices.DeleteFunc(e.Leaves, func(l orglife.Leave) bool {
		return !slices.ContainsFunc(e.Members, func(m orglife.Member) bool { return m.UserID == l.UserID })
	})
	meetings, err := r.Meetings(ctx, branchID)
	if err != nil {
		return e, fmt.Errorf("export: %w", err)
	}
	e.Meetings = make([]MeetingExport, 0, len(meetings))
	for _, m := range meetings {
		me, err := r.exportMeeting(ctx, branchID, m)
		if err != nil {
			return e, fmt.Errorf("export branch %s: %w", branchID, err)
		}
		e.Meetings = append(e.Meetings, me)
	}
	return e, nil
}

func (r *Records) exportMeeting(ctx context.Context, branchID string, m orglife.Meeting) (MeetingExport, error) {
	me := MeetingExport{Meeting: m}
	var err error
	if me.Points, err = r.Points(ctx, branchID, m.ID); err != nil {
		return me, err
	}
	if me.PointLog, err = r.PointLog(ctx, branchID, m.ID); err != nil {
		return me, err
	}
	if me.BranchProblems, err = r.BranchProblems(ctx, branchID, m.ID); err != nil {
		return me, err
	}
	if me.BranchProblemLog, err = r.BranchProblemLog(ctx, branchID, m.ID); err != nil {
		return me, err
	}
	if me.Talks, err = r.Talks(ctx, branchID, m.ID); err != nil {
		return me, err
	}
	if me.Studies, err = r.Studies(ctx, branchID, m.ID); err != nil {
		return me, err
	}
	if me.StudySessions, err = r.StudySessions(ctx, branchID, m.ID); err != nil {
		return me, err
	}
	minutes, ok, err := r.Minutes(ctx, branchID, m.ID)
	if err != nil {
		return me, err
	}
	if ok {
		me.Minutes = &minutes
	}
	if me.MaterialDone, err = r.MaterialDone(ctx, branchID, m.ID); err != nil {
		return me, err
	}
	if me.RectItems, err = r.RectItems(ctx, branchID, m.ID); err != nil {
		return me, err
	}
	if me.RectSeq, err = r.counter(ctx, r.keys.MeetingRectSeq(branchID, m.ID)); err != nil {
		return me, err
	}
	if me.Calendar, err = r.CalendarHistory(ctx, branchID, m.ID); err != nil {
		return me, err
	}
	if err := r.exportOpinions(ctx, branchID, &me); err != nil {
		return me, err
	}
	if me.Ballot, err = r.exportBallot(ctx, branchID, m.ID); err != nil {
		return me, err
	}
	return me, nil
}

// counter reads a counter key; 0 when unset.
func (r *Records) counter(ctx context.Context, key string) (int64, error) {
	n, err := r.rdb.Get(ctx, key).Int64()
	if errors.Is(err, redis.Nil) {
		return 0, nil
	}
	return n, err
}

// raiseLua sets a counter to ARGV[1] unless it is already higher. KEYS: counter.
var raiseLua = redis.NewScript(`
local cur = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if cur < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) end
return 1`)

func (r *Records) raise(ctx context.Context, key string, n int64) error {
	if n <= 0 {
		return nil
	}
	return raiseLua.Run(ctx, r.rdb, []string{key}, n).Err()
}

// base36 is the number a counter id stands for, or 0 when id is not one.
func base36(id string) int64 {
	n, err := strconv.ParseInt(id, 36, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// Import restores an exported branch into a store that does not hold it — neither its
// branch record nor any other key of the branch (ErrExists otherwise) — through the
// store's own methods, so every record is checked as it is written. The branch's counters
// are raised to at least the highest id restored, so ids numbered afterwards do not
// collide; the global branch counter likewise. It plans no reminders: the caller does
// (state.ReplanBranch).
func (r *Records) Import(ctx context.Context, e BranchExport) error {
	if e.Version != ExportVersion {
		return fmt.Errorf("import: unsupported export version %d (want %d)", e.Version, ExportVersion)
	}
	b := e.Branch
	if !validBranchID(b.ID) {
		return fmt.Errorf("import: bad branch id %q", b.ID)
	}
	if _, err := r.Branch(ctx, b.ID); err == nil {
		return fmt.Errorf("import branch %s: %w", b.ID, ErrExists)
	} else if !errors.Is(err, orglife.ErrNotFound) {
		return fmt.Errorf("import: %w", err)
	}
	if err := r.noneOf(ctx, b.ID, e.Meetings); err != nil {
		return fmt.Errorf("import branch %s: %w", b.ID, err)
	}
	var secretary *orglife.Member
	for i := range e.Members {
		if e.Members[i].UserID == b.SecretaryID {
			secretary = &e.Members[i]
		}
	}
	if secretary == nil {
		return fmt.Errorf("import branch %s: the secretary %d is not among the members", b.ID, b.SecretaryID)
	}
	current := b.CurrentMeeting
	b.CurrentMeeting = ""
	if err := r.CreateBranch(ctx, b, *secretary); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	for _, m := range e.Members {
		if m.UserID == b.SecretaryID {
			continue
		}
		if m.Role == orglife.RoleSecretary {
			m.Role = orglife.RoleCommittee
		}
		if _, err := r.AddMember(ctx, b.ID, m); err != nil {
			return fmt.Errorf("import: %w", err)
		}
	}
	maxID := base36(current)
	seen := func(id string) { maxID = max(maxID, base36(id)) }
	// Oldest first, so the meetings are created in the order they were.
	for i := len(e.Meetings) - 1; i >= 0; i-- {
		me := e.Meetings[i]
		if me.Meeting.BranchID != b.ID {
			return fmt.Errorf("import: meeting %s names branch %q", me.Meeting.ID, me.Meeting.BranchID)
		}
		seen(me.Meeting.ID)
		if err := r.importMeeting(ctx, b.ID, me, seen); err != nil {
			return fmt.Errorf("import branch %s: meeting %s: %w", b.ID, me.Meeting.ID, err)
		}
	}
	if e.Invite != nil {
		if err := r.SaveInvite(ctx, *e.Invite); err != nil {
			return fmt.Errorf("import: %w", err)
		}
	}
	leaves := NewReminders(r.rdb, r.keys)
	for _, l := range e.Leaves {
		if err := leaves.SetLeave(ctx, b.ID, l); err != nil {
			return fmt.Errorf("import branch %s: %w", b.ID, err)
		}
	}
	if err := r.raise(ctx, r.keys.BranchIDSeq(b.ID), max(e.IDSeq, maxID)); err != nil {
		return fmt.Errorf("import branch %s: id counter: %w", b.ID, err)
	}
	if err := r.raise(ctx, r.keys.BranchSeq(), base36(b.ID)); err != nil {
		return fmt.Errorf("import branch %s: branch counter: %w", b.ID, err)
	}
	// CreateMeeting made the last one current; the branch's own choice comes last.
	err := r.changeMembers(ctx, b.ID, func(br *orglife.Branch, _ memberGetter) (map[int64]orglife.Member, bool, error) {
		br.CurrentMeeting = current
		return nil, true, nil
	})
	if err != nil {
		return fmt.Errorf("import branch %s: current meeting: %w", b.ID, err)
	}
	return nil
}

// noneOf checks that Redis holds none of the keys an import of the branch would write
// (ErrExists otherwise): leftovers of the branch without its branch record — keys deleted
// by hand, say — would otherwise mix with the restored records (a point log appended to
// an old one). All of them are in the branch's slot, so one EXISTS counts them.
func (r *Records) noneOf(ctx context.Context, branchID string, meetings []MeetingExport) error {
	keys := []string{r.keys.Branch(branchID), r.keys.BranchMembers(branchID), r.keys.BranchInvite(branchID),
		r.keys.BranchIDSeq(branchID), r.keys.BranchMeetings(branchID), r.keys.BranchLeaves(branchID),
		r.keys.BranchDigest(branchID), r.keys.BranchOpinionLink(branchID)}
	for _, me := range meetings {
		id := me.Meeting.ID
		if !validRecordID(id) {
			continue // refused when the meeting is created
		}
		keys = append(keys, r.keys.MeetingPoints(branchID, id), r.keys.MeetingPointLog(branchID, id),
			r.keys.MeetingTalks(branchID, id), r.keys.MeetingStudies(branchID, id), r.keys.MeetingMinutes(branchID, id),
			r.keys.MeetingMaterialDone(branchID, id), r.keys.MeetingRectItems(branchID, id), r.keys.MeetingRectSeq(branchID, id),
			r.keys.MeetingBranchProblems(branchID, id), r.keys.MeetingBranchProblemLog(branchID, id))
		keys = append(keys, r.keys.MeetingStudySessions(branchID, id), r.keys.MeetingCalendar(branchID, id))
		keys = append(keys, r.opinionKeys(branchID, id)...)
		keys = append(keys, r.keys.MeetingBallot(branchID, id), r.keys.MeetingBallotVoted(branchID, id))
	}
	n, err := r.rdb.Exists(ctx, keys...).Result()
	if err != nil {
		return fmt.Errorf("check for leftovers: %w", err)
	}
	if n > 0 {
		return fmt.Errorf("%d of its keys are in Redis already (delete %s* to import it afresh): %w",
			n, r.keys.branchTag(branchID), ErrExists)
	}
	return nil
}

func (r *Records) importMeeting(ctx context.Context, branchID string, me MeetingExport, seen func(string)) error {
	m := me.Meeting
	if err := r.CreateMeeting(ctx, m); err != nil {
		return err
	}
	if err := r.restorePoints(ctx, branchID, m.ID, me.Points, me.PointLog); err != nil {
		return err
	}
	for _, p := range me.Points {
		seen(p.ID)
	}
	if err := r.restoreBranchProblems(ctx, branchID, m.ID, me.BranchProblems, me.BranchProblemLog); err != nil {
		return err
	}
	for _, p := range me.BranchProblems {
		seen(p.ID)
	}
	for _, t := range me.Talks {
		if t.MeetingID != m.ID {
			return fmt.Errorf("talk %s names meeting %q", t.ID, t.MeetingID)
		}
		seen(t.ID)
		if err := r.SaveTalk(ctx, branchID, t); err != nil {
			return err
		}
	}
	for _, s := range me.Studies {
		if s.MeetingID != m.ID {
			return fmt.Errorf("study %s names meeting %q", s.ID, s.MeetingID)
		}
		seen(s.ID)
		if err := r.SaveStudy(ctx, branchID, s); err != nil {
			return err
		}
	}
	for _, s := range me.StudySessions {
		if s.MeetingID != m.ID {
			return fmt.Errorf("study session %s names meeting %q", s.ID, s.MeetingID)
		}
		seen(s.ID)
		if err := r.SaveStudySession(ctx, branchID, s); err != nil {
			return err
		}
	}
	if me.Minutes != nil {
		if err := r.SaveMinutes(ctx, branchID, m.ID, *me.Minutes); err != nil {
			return err
		}
	}
	for _, uid := range me.MaterialDone {
		if err := r.MarkMaterialDone(ctx, branchID, m.ID, uid); err != nil {
			return err
		}
	}
	if err := r.restoreCalendar(ctx, branchID, m.ID, me.Calendar); err != nil {
		return err
	}
	if err := r.importOpinions(ctx, branchID, me, seen); err != nil {
		return err
	}
	if err := r.importBallot(ctx, branchID, m.ID, me.Ballot); err != nil {
		return err
	}
	var rectMax int64
	for _, it := range me.RectItems {
		if it.BranchID != branchID || it.MeetingID != m.ID {
			return fmt.Errorf("rectification item %s names meeting %q of branch %q", it.ID, it.MeetingID, it.BranchID)
		}
		seen(it.ID)
		rectMax = max(rectMax, int64(it.Number))
		if err := r.SaveRectItem(ctx, it); err != nil {
			return err
		}
	}
	return r.raise(ctx, r.keys.MeetingRectSeq(branchID, m.ID), max(me.RectSeq, rectMax))
}

// loggedRecords are a meeting's records of one kind with their change log, as exported.
type loggedRecords[T, C any] struct {
	what          string // "point", "branch problem": for errors
	hash, logList string // their keys
	records       []T
	ids           func(T) (id, meetingID string)
	log           []C
	validAction   func(C) bool
}

// restorePoints writes a meeting's points and its point log as they were.
func (r *Records) restorePoints(ctx context.Context, branchID, meetingID string, points []orglife.Point, log []orglife.PointChange) error {
	return restoreLogged(ctx, r, meetingID, loggedRecords[orglife.Point, orglife.PointChange]{
		what: "point", hash: r.keys.MeetingPoints(branchID, meetingID), logList: r.keys.MeetingPointLog(branchID, meetingID),
		records: points, ids: func(p orglife.Point) (string, string) { return p.ID, p.MeetingID },
		log: log, validAction: func(c orglife.PointChange) bool {
			return c.Action == orglife.PointCreate || c.Action == orglife.PointEdit || c.Action == orglife.PointWithdraw
		},
	})
}

// restoreBranchProblems writes a meeting's branch problems and their log as they were.
func (r *Records) restoreBranchProblems(ctx context.Context, branchID, meetingID string, ps []orglife.BranchProblem, log []orglife.BranchProblemChange) error {
	return restoreLogged(ctx, r, meetingID, loggedRecords[orglife.BranchProblem, orglife.BranchProblemChange]{
		what: "branch problem", hash: r.keys.MeetingBranchProblems(branchID, meetingID), logList: r.keys.MeetingBranchProblemLog(branchID, meetingID),
		records: ps, ids: func(p orglife.BranchProblem) (string, string) { return p.ID, p.MeetingID },
		log: log, validAction: func(c orglife.BranchProblemChange) bool {
			return slices.Contains(orglife.BranchProblemActions, c.Action)
		},
	})
}

// restoreLogged writes records and their log as they were, in one MULTI/EXEC: the log is
// history, so it is copied, not made anew by the records' Save.
func restoreLogged[T, C any](ctx context.Context, r *Records, meetingID string, x loggedRecords[T, C]) error {
	if len(x.records) == 0 && len(x.log) == 0 {
		return nil
	}
	enc := make(map[string]string, len(x.records))
	for _, rec := range x.records {
		id, mid := x.ids(rec)
		if mid != meetingID {
			return fmt.Errorf("%s %s names meeting %q", x.what, id, mid)
		}
		if !validRecordID(id) {
			return fmt.Errorf("%s %q: bad id", x.what, id)
		}
		j, err := encode(rec)
		if err != nil {
			return err
		}
		enc[id] = j
	}
	entries := make([]any, 0, len(x.log))
	for i, c := range x.log {
		if !x.validAction(c) {
			return fmt.Errorf("%s log entry %d: unknown action", x.what, i)
		}
		j, err := encode(c)
		if err != nil {
			return err
		}
		entries = append(entries, j)
	}
	_, err := r.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		if len(enc) > 0 {
			p.HSet(ctx, x.hash, enc)
		}
		if len(entries) > 0 {
			p.RPush(ctx, x.logList, entries...)
		}
		return nil
	})
	return err
}
