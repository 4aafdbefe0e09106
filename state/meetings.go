package state

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/redis/go-redis/v9"

	"orglife"
)

// CreateMeeting stores a new meeting of m.BranchID and, in the same transaction, lists it
// and makes it the branch's CurrentMeeting. orglife.ErrNotFound for an unknown branch, ErrExists
// when the id is taken.
func (r *Records) CreateMeeting(ctx context.Context, m orglife.Meeting) error {
	if !validBranchID(m.BranchID) {
		return fmt.Errorf("create meeting %s: branch %q: %w", m.ID, m.BranchID, orglife.ErrNotFound)
	}
	if !validRecordID(m.ID) {
		return fmt.Errorf("create meeting %q of branch %s: bad id", m.ID, m.BranchID)
	}
	mj, err := encode(m)
	if err != nil {
		return fmt.Errorf("create meeting %s of branch %s: %w", m.ID, m.BranchID, err)
	}
	bk, mk := r.keys.Branch(m.BranchID), r.keys.BranchMeetings(m.BranchID)
	err = r.watch(ctx, func(tx *redis.Tx) error {
		var b orglife.Branch
		if err := getJSON(ctx, tx, bk, &b); err != nil {
			return err
		}
		taken, err := tx.HExists(ctx, mk, m.ID).Result()
		if err != nil {
			return err
		}
		if taken {
			return ErrExists
		}
		b.CurrentMeeting = m.ID
		bj, err := encode(b)
		if err != nil {
			return err
		}
		_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.HSet(ctx, mk, m.ID, mj)
			p.Set(ctx, bk, bj, 0)
			return nil
		})
		return err
	}, bk, mk)
	if err != nil {
		return fmt.Errorf("create meeting %s of branch %s: %w", m.ID, m.BranchID, err)
	}
	return nil
}

// SaveMeeting replaces an existing meeting (dates changed, plan adopted); orglife.ErrNotFound when
// the meeting does not exist.
func (r *Records) SaveMeeting(ctx context.Context, m orglife.Meeting) error {
	if !validBranchID(m.BranchID) || !validRecordID(m.ID) {
		return fmt.Errorf("save meeting %q of branch %q: %w", m.ID, m.BranchID, orglife.ErrNotFound)
	}
	mj, err := encode(m)
	if err != nil {
		return fmt.Errorf("save meeting %s of branch %s: %w", m.ID, m.BranchID, err)
	}
	n, err := r.saveMeetingLua.Run(ctx, r.rdb, []string{r.keys.BranchMeetings(m.BranchID)}, m.ID, mj).Int()
	if err != nil {
		return fmt.Errorf("save meeting %s of branch %s: %w", m.ID, m.BranchID, err)
	}
	if n == 0 {
		return fmt.Errorf("save meeting %s of branch %s: %w", m.ID, m.BranchID, orglife.ErrNotFound)
	}
	return nil
}

// Meeting loads one meeting; orglife.ErrNotFound when it (or the branch) does not exist.
func (r *Records) Meeting(ctx context.Context, branchID, meetingID string) (orglife.Meeting, error) {
	return r.MeetingOf(ctx, nil, branchID, meetingID)
}

// MeetingOf is Meeting, served from what was read ahead for the update into u (the hinted
// branch's current meeting, see Ahead) the first time it is asked for. What was read ahead is
// as old as the update's queueing: only a read that comes before anything of the update
// could have changed the meeting passes u; u nil asks Redis.
func (r *Records) MeetingOf(ctx context.Context, u *Unit, branchID, meetingID string) (orglife.Meeting, error) {
	var m orglife.Meeting
	if !validBranchID(branchID) || !validRecordID(meetingID) {
		return m, fmt.Errorf("load meeting %q of branch %q: %w", meetingID, branchID, orglife.ErrNotFound)
	}
	if raw, ok := u.meeting(branchID, meetingID); ok {
		if raw == "" {
			return m, fmt.Errorf("load meeting %s of branch %s: %w", meetingID, branchID, orglife.ErrNotFound)
		}
		if err := decode([]byte(raw), &m); err != nil {
			return orglife.Meeting{}, fmt.Errorf("load meeting %s of branch %s: %w", meetingID, branchID, err)
		}
		return m, nil
	}
	if err := hgetJSON(ctx, r.rdb, r.keys.BranchMeetings(branchID), meetingID, &m); err != nil {
		return orglife.Meeting{}, fmt.Errorf("load meeting %s of branch %s: %w", meetingID, branchID, err)
	}
	return m, nil
}

// Meetings lists a branch's meetings, newest first (by CreatedAt, then by id); orglife.ErrNotFound
// for an unknown branch.
func (r *Records) Meetings(ctx context.Context, branchID string) ([]orglife.Meeting, error) {
	if !validBranchID(branchID) {
		return nil, fmt.Errorf("load meetings of branch %q: %w", branchID, orglife.ErrNotFound)
	}
	var exists *redis.IntCmd
	var all *redis.MapStringStringCmd
	_, err := r.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		exists = p.Exists(ctx, r.keys.Branch(branchID))
		all = p.HGetAll(ctx, r.keys.BranchMeetings(branchID))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load meetings of branch %s: %w", branchID, err)
	}
	if exists.Val() == 0 {
		return nil, fmt.Errorf("load meetings of branch %s: %w", branchID, orglife.ErrNotFound)
	}
	ms, err := decodeAll[orglife.Meeting](all.Val())
	if err != nil {
		return nil, fmt.Errorf("load meetings of branch %s: %w", branchID, err)
	}
	slices.SortFunc(ms, func(a, b orglife.Meeting) int {
		return cmp.Or(b.CreatedAt.Compare(a.CreatedAt), compareIDs(b.ID, a.ID))
	})
	return ms, nil
}

// meetingEntries loads every value of one of a meeting's hashes, after checking in the same
// MULTI that the meeting exists (orglife.ErrNotFound otherwise).
func (r *Records) meetingEntries(ctx context.Context, branchID, meetingID string, key func(b, m string) string) (map[string]string, error) {
	if !validBranchID(branchID) || !validRecordID(meetingID) {
		return nil, orglife.ErrNotFound
	}
	var exists *redis.BoolCmd
	var all *redis.MapStringStringCmd
	_, err := r.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		exists = p.HExists(ctx, r.keys.BranchMeetings(branchID), meetingID)
		all = p.HGetAll(ctx, key(branchID, meetingID))
		return nil
	})
	if err != nil {
		return nil, err
	}
	if !exists.Val() {
		return nil, orglife.ErrNotFound
	}
	return all.Val(), nil
}

// SetProblemCurators sets which committee members, besides the secretary, may state the
// meeting's branch problems (orglife.Meeting.ProblemCurators) and returns the meeting as
// saved. It changes that field alone, under WATCH, so that an edit of the meeting's other
// fields made meanwhile (/deadline, /meetinginfo) is kept; orglife.ErrNotFound when the
// meeting does not exist.
func (r *Records) SetProblemCurators(ctx context.Context, branchID, meetingID string, ids []int64) (orglife.Meeting, error) {
	var m orglife.Meeting
	if !validBranchID(branchID) || !validRecordID(meetingID) {
		return m, fmt.Errorf("set problem curators of meeting %q of branch %q: %w", meetingID, branchID, orglife.ErrNotFound)
	}
	ids = slices.Clone(ids)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	mk := r.keys.BranchMeetings(branchID)
	err := r.watch(ctx, func(tx *redis.Tx) error {
		if err := hgetJSON(ctx, tx, mk, meetingID, &m); err != nil {
			return err
		}
		m.ProblemCurators = ids
		if len(ids) == 0 {
			m.ProblemCurators = nil
		}
		mj, err := encode(m)
		if err != nil {
			return err
		}
		_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.HSet(ctx, mk, meetingID, mj)
			return nil
		})
		return err
	}, mk)
	if err != nil {
		return orglife.Meeting{}, fmt.Errorf("set problem curators of meeting %s of branch %s: %w", meetingID, branchID, err)
	}
	return m, nil
}
