package state

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/redis/go-redis/v9"

	"orglife"
)

// SaveBranchProblems writes changed branch problems of one meeting and, atomically with them,
// appends their log entries: a merge, split or reorder changes several problems at once, and
// either all of it is stored or none. Every problem must belong to meetingID; a change's
// ProblemID must name one of them and a zero At is now. orglife.ErrNotFound when the meeting
// does not exist.
func (r *Records) SaveBranchProblems(ctx context.Context, branchID, meetingID string, ps []orglife.BranchProblem, changes []orglife.BranchProblemChange) error {
	if !validBranchID(branchID) || !validRecordID(meetingID) {
		return fmt.Errorf("save branch problems: meeting %q of branch %q: %w", meetingID, branchID, orglife.ErrNotFound)
	}
	if len(ps) == 0 {
		return nil
	}
	args := []any{meetingID, len(ps)}
	ids := make([]string, 0, len(ps))
	for _, p := range ps {
		if p.MeetingID != meetingID || !validRecordID(p.ID) {
			return fmt.Errorf("save branch problem %q of meeting %s: bad id or meeting %q", p.ID, meetingID, p.MeetingID)
		}
		j, err := encode(p)
		if err != nil {
			return fmt.Errorf("save branch problem %s of meeting %s: %w", p.ID, meetingID, err)
		}
		ids = append(ids, p.ID)
		args = append(args, p.ID, j)
	}
	var log []any
	for _, c := range changes {
		if !slices.Contains(ids, c.ProblemID) || !slices.Contains(orglife.BranchProblemActions, c.Action) {
			return fmt.Errorf("save branch problems of meeting %s: change %q of problem %q", meetingID, c.Action, c.ProblemID)
		}
		if c.At.IsZero() {
			c.At = time.Now().UTC()
		}
		j, err := encode(c)
		if err != nil {
			return fmt.Errorf("save branch problems of meeting %s: %w", meetingID, err)
		}
		log = append(log, j)
	}
	keys := []string{r.keys.BranchMeetings(branchID), r.keys.MeetingBranchProblems(branchID, meetingID),
		r.keys.MeetingBranchProblemLog(branchID, meetingID)}
	n, err := r.saveManyLua.Run(ctx, r.rdb, keys, append(args, log...)...).Int()
	if err != nil {
		return fmt.Errorf("save branch problems of meeting %s: %w", meetingID, err)
	}
	if n == 0 {
		return fmt.Errorf("save branch problems: meeting %s of branch %s: %w", meetingID, branchID, orglife.ErrNotFound)
	}
	return nil
}

// BranchProblems lists a meeting's branch problems, removed ones included, in report order;
// orglife.ErrNotFound when the meeting does not exist.
func (r *Records) BranchProblems(ctx context.Context, branchID, meetingID string) ([]orglife.BranchProblem, error) {
	ps, err := entries[orglife.BranchProblem](ctx, r, branchID, meetingID, r.keys.MeetingBranchProblems)
	if err != nil {
		return nil, fmt.Errorf("load branch problems of meeting %s: %w", meetingID, err)
	}
	orglife.SortBranchProblems(ps)
	return ps, nil
}

// BranchProblemLog lists the changes to a meeting's branch problems, oldest first;
// orglife.ErrNotFound when the meeting does not exist.
func (r *Records) BranchProblemLog(ctx context.Context, branchID, meetingID string) ([]orglife.BranchProblemChange, error) {
	if !validBranchID(branchID) || !validRecordID(meetingID) {
		return nil, fmt.Errorf("load branch problem log of meeting %q: %w", meetingID, orglife.ErrNotFound)
	}
	var exists *redis.BoolCmd
	var raw *redis.StringSliceCmd
	_, err := r.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		exists = p.HExists(ctx, r.keys.BranchMeetings(branchID), meetingID)
		raw = p.LRange(ctx, r.keys.MeetingBranchProblemLog(branchID, meetingID), 0, -1)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load branch problem log of meeting %s: %w", meetingID, err)
	}
	if !exists.Val() {
		return nil, fmt.Errorf("load branch problem log of meeting %s: %w", meetingID, orglife.ErrNotFound)
	}
	out := make([]orglife.BranchProblemChange, 0, len(raw.Val()))
	for i, s := range raw.Val() {
		var c orglife.BranchProblemChange
		if err := decode([]byte(s), &c); err != nil {
			return nil, fmt.Errorf("load branch problem log of meeting %s: entry %d: %w", meetingID, i, err)
		}
		out = append(out, c)
	}
	return out, nil
}
