package state

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"orglife"
)

// SavePoint creates or replaces a point of meeting p.MeetingID and, atomically with it,
// appends change to the meeting's point log. An orglife.PointCreate for an id that exists changes
// nothing: it is the same creation run again (a retried update), and the first stands. change.PointID defaults to p.ID (another id is
// refused) and a zero change.At to now. orglife.ErrNotFound when the meeting does not exist.
func (r *Records) SavePoint(ctx context.Context, branchID string, p orglife.Point, change orglife.PointChange) error {
	if !validBranchID(branchID) || !validRecordID(p.MeetingID) {
		return fmt.Errorf("save point %s: meeting %q of branch %q: %w", p.ID, p.MeetingID, branchID, orglife.ErrNotFound)
	}
	if !validRecordID(p.ID) {
		return fmt.Errorf("save point %q of meeting %s: bad id", p.ID, p.MeetingID)
	}
	if change.PointID == "" {
		change.PointID = p.ID
	}
	if change.PointID != p.ID {
		return fmt.Errorf("save point %s of meeting %s: change names point %q", p.ID, p.MeetingID, change.PointID)
	}
	switch change.Action {
	case orglife.PointCreate, orglife.PointEdit, orglife.PointWithdraw:
	default:
		return fmt.Errorf("save point %s of meeting %s: unknown action %q", p.ID, p.MeetingID, change.Action)
	}
	if change.At.IsZero() {
		change.At = time.Now().UTC()
	}
	pj, err := encode(p)
	if err != nil {
		return fmt.Errorf("save point %s of meeting %s: %w", p.ID, p.MeetingID, err)
	}
	cj, err := encode(change)
	if err != nil {
		return fmt.Errorf("save point %s of meeting %s: %w", p.ID, p.MeetingID, err)
	}
	keys := []string{
		r.keys.BranchMeetings(branchID),
		r.keys.MeetingPoints(branchID, p.MeetingID),
		r.keys.MeetingPointLog(branchID, p.MeetingID),
	}
	create := "0"
	if change.Action == orglife.PointCreate {
		create = "1"
	}
	n, err := r.savePointLua.Run(ctx, r.rdb, keys, p.MeetingID, p.ID, pj, cj, create).Int()
	if err != nil {
		return fmt.Errorf("save point %s of meeting %s: %w", p.ID, p.MeetingID, err)
	}
	if n == 0 {
		return fmt.Errorf("save point %s: meeting %s of branch %s: %w", p.ID, p.MeetingID, branchID, orglife.ErrNotFound)
	}
	return nil
}

// Point loads one point; orglife.ErrNotFound when it does not exist.
func (r *Records) Point(ctx context.Context, branchID, meetingID, pointID string) (orglife.Point, error) {
	var p orglife.Point
	if err := r.entry(ctx, branchID, meetingID, pointID, r.keys.MeetingPoints, &p); err != nil {
		return orglife.Point{}, fmt.Errorf("load point %s of meeting %s: %w", pointID, meetingID, err)
	}
	return p, nil
}

// Points lists a meeting's points (withdrawn ones included) by CreatedAt, then id;
// orglife.ErrNotFound when the meeting does not exist.
func (r *Records) Points(ctx context.Context, branchID, meetingID string) ([]orglife.Point, error) {
	ps, err := entries[orglife.Point](ctx, r, branchID, meetingID, r.keys.MeetingPoints)
	if err != nil {
		return nil, fmt.Errorf("load points of meeting %s: %w", meetingID, err)
	}
	sortPoints(ps)
	return ps, nil
}

// PointLog lists the changes to a meeting's points, oldest first; orglife.ErrNotFound when the
// meeting does not exist.
func (r *Records) PointLog(ctx context.Context, branchID, meetingID string) ([]orglife.PointChange, error) {
	if !validBranchID(branchID) || !validRecordID(meetingID) {
		return nil, fmt.Errorf("load point log of meeting %q: %w", meetingID, orglife.ErrNotFound)
	}
	var exists *redis.BoolCmd
	var raw *redis.StringSliceCmd
	_, err := r.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		exists = p.HExists(ctx, r.keys.BranchMeetings(branchID), meetingID)
		raw = p.LRange(ctx, r.keys.MeetingPointLog(branchID, meetingID), 0, -1)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load point log of meeting %s: %w", meetingID, err)
	}
	if !exists.Val() {
		return nil, fmt.Errorf("load point log of meeting %s: %w", meetingID, orglife.ErrNotFound)
	}
	out := make([]orglife.PointChange, 0, len(raw.Val()))
	for i, s := range raw.Val() {
		var c orglife.PointChange
		if err := decode([]byte(s), &c); err != nil {
			return nil, fmt.Errorf("load point log of meeting %s: entry %d: %w", meetingID, i, err)
		}
		out = append(out, c)
	}
	return out, nil
}

// SaveTalk creates or replaces a talk record of meeting t.MeetingID; orglife.ErrNotFound when the
// meeting does not exist.
func (r *Records) SaveTalk(ctx context.Context, branchID string, t orglife.Talk) error {
	if err := r.saveEntry(ctx, branchID, t.MeetingID, t.ID, r.keys.MeetingTalks, t); err != nil {
		return fmt.Errorf("save talk %s of meeting %s: %w", t.ID, t.MeetingID, err)
	}
	return nil
}

// Talk loads one talk record; orglife.ErrNotFound when it does not exist.
func (r *Records) Talk(ctx context.Context, branchID, meetingID, id string) (orglife.Talk, error) {
	var t orglife.Talk
	if err := r.entry(ctx, branchID, meetingID, id, r.keys.MeetingTalks, &t); err != nil {
		return orglife.Talk{}, fmt.Errorf("load talk %s of meeting %s: %w", id, meetingID, err)
	}
	return t, nil
}

// Talks lists a meeting's talk records by CreatedAt, then id; orglife.ErrNotFound when the meeting
// does not exist.
func (r *Records) Talks(ctx context.Context, branchID, meetingID string) ([]orglife.Talk, error) {
	ts, err := entries[orglife.Talk](ctx, r, branchID, meetingID, r.keys.MeetingTalks)
	if err != nil {
		return nil, fmt.Errorf("load talks of meeting %s: %w", meetingID, err)
	}
	sortTalks(ts)
	return ts, nil
}

// SaveStudy creates or replaces a study record of meeting s.MeetingID; orglife.ErrNotFound when the
// meeting does not exist.
func (r *Records) SaveStudy(ctx context.Context, branchID string, s orglife.Study) error {
	if err := r.saveEntry(ctx, branchID, s.MeetingID, s.ID, r.keys.MeetingStudies, s); err != nil {
		return fmt.Errorf("save study %s of meeting %s: %w", s.ID, s.MeetingID, err)
	}
	return nil
}

// ReplaceStudy replaces a study record that exists (an edit); orglife.ErrNotFound when the
// meeting or the record does not exist, so that an edit finishing after the record was
// deleted does not bring it back.
func (r *Records) ReplaceStudy(ctx context.Context, branchID string, s orglife.Study) error {
	if err := r.replaceEntry(ctx, branchID, s.MeetingID, s.ID, r.keys.MeetingStudies, s); err != nil {
		return fmt.Errorf("replace study %s of meeting %s: %w", s.ID, s.MeetingID, err)
	}
	return nil
}

// DeleteStudy removes a study record; orglife.ErrNotFound when it does not exist (deleted
// already, or never there).
func (r *Records) DeleteStudy(ctx context.Context, branchID, meetingID, id string) error {
	if !validBranchID(branchID) || !validRecordID(meetingID) || !validRecordID(id) {
		return fmt.Errorf("delete study %q of meeting %q: %w", id, meetingID, orglife.ErrNotFound)
	}
	n, err := r.rdb.HDel(ctx, r.keys.MeetingStudies(branchID, meetingID), id).Result()
	if err != nil {
		return fmt.Errorf("delete study %s of meeting %s: %w", id, meetingID, err)
	}
	if n == 0 {
		return fmt.Errorf("delete study %s of meeting %s: %w", id, meetingID, orglife.ErrNotFound)
	}
	return nil
}

// Study loads one study record; orglife.ErrNotFound when it does not exist.
func (r *Records) Study(ctx context.Context, branchID, meetingID, id string) (orglife.Study, error) {
	var s orglife.Study
	if err := r.entry(ctx, branchID, meetingID, id, r.keys.MeetingStudies, &s); err != nil {
		return orglife.Study{}, fmt.Errorf("load study %s of meeting %s: %w", id, meetingID, err)
	}
	return s, nil
}

// Studies lists a meeting's study records by CreatedAt, then id; orglife.ErrNotFound when the
// meeting does not exist.
func (r *Records) Studies(ctx context.Context, branchID, meetingID string) ([]orglife.Study, error) {
	ss, err := entries[orglife.Study](ctx, r, branchID, meetingID, r.keys.MeetingStudies)
	if err != nil {
		return nil, fmt.Errorf("load studies of meeting %s: %w", meetingID, err)
	}
	sortStudies(ss)
	return ss, nil
}

// SaveMinutes stores (or replaces) the record of the meeting itself; orglife.ErrNotFound when the
// meeting does not exist.
func (r *Records) SaveMinutes(ctx context.Context, branchID, meetingID string, m orglife.Minutes) error {
	if !validBranchID(branchID) || !validRecordID(meetingID) {
		return fmt.Errorf("save minutes of meeting %q: %w", meetingID, orglife.ErrNotFound)
	}
	j, err := encode(m)
	if err != nil {
		return fmt.Errorf("save minutes of meeting %s: %w", meetingID, err)
	}
	keys := []string{r.keys.BranchMeetings(branchID), r.keys.MeetingMinutes(branchID, meetingID)}
	n, err := r.saveMinutesLua.Run(ctx, r.rdb, keys, meetingID, j).Int()
	if err != nil {
		return fmt.Errorf("save minutes of meeting %s: %w", meetingID, err)
	}
	if n == 0 {
		return fmt.Errorf("save minutes of meeting %s of branch %s: %w", meetingID, branchID, orglife.ErrNotFound)
	}
	return nil
}

// Minutes loads the record of the meeting itself; ok is false while none is recorded.
// orglife.ErrNotFound when the meeting does not exist.
func (r *Records) Minutes(ctx context.Context, branchID, meetingID string) (orglife.Minutes, bool, error) {
	if !validBranchID(branchID) || !validRecordID(meetingID) {
		return orglife.Minutes{}, false, fmt.Errorf("load minutes of meeting %q: %w", meetingID, orglife.ErrNotFound)
	}
	var exists *redis.BoolCmd
	var raw *redis.StringCmd
	_, err := r.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		exists = p.HExists(ctx, r.keys.BranchMeetings(branchID), meetingID)
		raw = p.Get(ctx, r.keys.MeetingMinutes(branchID, meetingID))
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return orglife.Minutes{}, false, fmt.Errorf("load minutes of meeting %s: %w", meetingID, err)
	}
	if !exists.Val() {
		return orglife.Minutes{}, false, fmt.Errorf("load minutes of meeting %s of branch %s: %w", meetingID, branchID, orglife.ErrNotFound)
	}
	if errors.Is(raw.Err(), redis.Nil) {
		return orglife.Minutes{}, false, nil
	}
	var m orglife.Minutes
	if err := decode([]byte(raw.Val()), &m); err != nil {
		return orglife.Minutes{}, false, fmt.Errorf("load minutes of meeting %s: %w", meetingID, err)
	}
	return m, true, nil
}

// MarkMaterialDone records that a member finished their comparison-check material
// (对照检查材料); marking twice is no error. orglife.ErrNotFound when the meeting does not exist,
// ErrNotMember when the user is not a member of the branch.
func (r *Records) MarkMaterialDone(ctx context.Context, branchID, meetingID string, userID int64) error {
	if !validBranchID(branchID) || !validRecordID(meetingID) {
		return fmt.Errorf("mark material of %d done in meeting %q: %w", userID, meetingID, orglife.ErrNotFound)
	}
	keys := []string{
		r.keys.BranchMeetings(branchID),
		r.keys.BranchMembers(branchID),
		r.keys.MeetingMaterialDone(branchID, meetingID),
	}
	n, err := r.markDoneLua.Run(ctx, r.rdb, keys, meetingID, uidField(userID)).Int()
	if err != nil {
		return fmt.Errorf("mark material of %d done in meeting %s: %w", userID, meetingID, err)
	}
	switch n {
	case 0:
		return fmt.Errorf("mark material of %d done in meeting %s of branch %s: %w", userID, meetingID, branchID, orglife.ErrNotFound)
	case -1:
		return fmt.Errorf("mark material of %d done in meeting %s: %w", userID, meetingID, ErrNotMember)
	}
	return nil
}

// MaterialDone lists, ascending, the users who finished their comparison-check material;
// orglife.ErrNotFound when the meeting does not exist.
func (r *Records) MaterialDone(ctx context.Context, branchID, meetingID string) ([]int64, error) {
	if !validBranchID(branchID) || !validRecordID(meetingID) {
		return nil, fmt.Errorf("load material done of meeting %q: %w", meetingID, orglife.ErrNotFound)
	}
	var exists *redis.BoolCmd
	var raw *redis.StringSliceCmd
	_, err := r.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		exists = p.HExists(ctx, r.keys.BranchMeetings(branchID), meetingID)
		raw = p.SMembers(ctx, r.keys.MeetingMaterialDone(branchID, meetingID))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load material done of meeting %s: %w", meetingID, err)
	}
	if !exists.Val() {
		return nil, fmt.Errorf("load material done of meeting %s of branch %s: %w", meetingID, branchID, orglife.ErrNotFound)
	}
	out, err := userIDs(raw.Val())
	if err != nil {
		return nil, fmt.Errorf("load material done of meeting %s: %w", meetingID, err)
	}
	return out, nil
}

// saveEntry writes v as entry id of one of a meeting's hashes, if the meeting exists.
func (r *Records) saveEntry(ctx context.Context, branchID, meetingID, id string, key func(b, m string) string, v any) error {
	if !validBranchID(branchID) || !validRecordID(meetingID) {
		return fmt.Errorf("meeting %q of branch %q: %w", meetingID, branchID, orglife.ErrNotFound)
	}
	if !validRecordID(id) {
		return fmt.Errorf("bad id %q", id)
	}
	j, err := encode(v)
	if err != nil {
		return err
	}
	keys := []string{r.keys.BranchMeetings(branchID), key(branchID, meetingID)}
	n, err := r.saveEntryLua.Run(ctx, r.rdb, keys, meetingID, id, j).Int()
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("meeting %s of branch %s: %w", meetingID, branchID, orglife.ErrNotFound)
	}
	return nil
}

// replaceEntry writes v over entry id of one of a meeting's hashes, if both exist.
func (r *Records) replaceEntry(ctx context.Context, branchID, meetingID, id string, key func(b, m string) string, v any) error {
	if !validBranchID(branchID) || !validRecordID(meetingID) || !validRecordID(id) {
		return fmt.Errorf("entry %q of meeting %q of branch %q: %w", id, meetingID, branchID, orglife.ErrNotFound)
	}
	j, err := encode(v)
	if err != nil {
		return err
	}
	keys := []string{r.keys.BranchMeetings(branchID), key(branchID, meetingID)}
	n, err := r.replaceEntryLua.Run(ctx, r.rdb, keys, meetingID, id, j).Int()
	if err != nil {
		return err
	}
	switch n {
	case 0:
		return fmt.Errorf("meeting %s of branch %s: %w", meetingID, branchID, orglife.ErrNotFound)
	case -1:
		return fmt.Errorf("entry %s: %w", id, orglife.ErrNotFound)
	}
	return nil
}

// entry loads entry id of one of a meeting's hashes into v; orglife.ErrNotFound when absent.
func (r *Records) entry(ctx context.Context, branchID, meetingID, id string, key func(b, m string) string, v any) error {
	if !validBranchID(branchID) || !validRecordID(meetingID) || !validRecordID(id) {
		return orglife.ErrNotFound
	}
	return hgetJSON(ctx, r.rdb, key(branchID, meetingID), id, v)
}

// entries decodes every entry of one of a meeting's hashes; orglife.ErrNotFound when the meeting
// does not exist.
func entries[T any](ctx context.Context, r *Records, branchID, meetingID string, key func(b, m string) string) ([]T, error) {
	vals, err := r.meetingEntries(ctx, branchID, meetingID, key)
	if err != nil {
		return nil, err
	}
	return decodeAll[T](vals)
}
