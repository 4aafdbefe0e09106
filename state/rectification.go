package state

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/redis/go-redis/v9"

	"orglife"
)

// Rectification items (整改事项) live in a hash per meeting, under the branch's slot, and are
// numbered in the meeting's ledger (台账) by a counter of their own.

// nextRectLua numbers an item of an existing meeting. KEYS: meetings, counter. ARGV: meeting
// id. 0: no such meeting.
var nextRectLua = redis.NewScript(`
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
return redis.call('INCR', KEYS[2])`)

// SaveRectItem creates or replaces a rectification item of meeting it.MeetingID in branch
// it.BranchID; orglife.ErrNotFound when the meeting does not exist.
func (r *Records) SaveRectItem(ctx context.Context, it orglife.RectItem) error {
	if it.Status != "" && !it.Status.Valid() {
		return fmt.Errorf("save rectification item %s of meeting %s: unknown status %q", it.ID, it.MeetingID, it.Status)
	}
	if err := r.saveEntry(ctx, it.BranchID, it.MeetingID, it.ID, r.keys.MeetingRectItems, it); err != nil {
		return fmt.Errorf("save rectification item %s of meeting %s: %w", it.ID, it.MeetingID, err)
	}
	return nil
}

// RectItem loads one rectification item; orglife.ErrNotFound when it does not exist.
func (r *Records) RectItem(ctx context.Context, branchID, meetingID, id string) (orglife.RectItem, error) {
	var it orglife.RectItem
	if err := r.entry(ctx, branchID, meetingID, id, r.keys.MeetingRectItems, &it); err != nil {
		return orglife.RectItem{}, fmt.Errorf("load rectification item %s of meeting %s: %w", id, meetingID, err)
	}
	return it, nil
}

// RectItems lists a meeting's rectification items by their number in the ledger, then id;
// orglife.ErrNotFound when the meeting does not exist.
func (r *Records) RectItems(ctx context.Context, branchID, meetingID string) ([]orglife.RectItem, error) {
	its, err := entries[orglife.RectItem](ctx, r, branchID, meetingID, r.keys.MeetingRectItems)
	if err != nil {
		return nil, fmt.Errorf("load rectification items of meeting %s: %w", meetingID, err)
	}
	sortRectItems(its)
	return its, nil
}

// NextRectNumber numbers a new item in the meeting's ledger: 1, 2, …; orglife.ErrNotFound when the
// meeting does not exist. A number drawn and not used leaves a gap.
func (r *Records) NextRectNumber(ctx context.Context, branchID, meetingID string) (int, error) {
	if !validBranchID(branchID) || !validRecordID(meetingID) {
		return 0, fmt.Errorf("next rectification number of meeting %q: %w", meetingID, orglife.ErrNotFound)
	}
	keys := []string{r.keys.BranchMeetings(branchID), r.keys.MeetingRectSeq(branchID, meetingID)}
	n, err := nextRectLua.Run(ctx, r.rdb, keys, meetingID).Int()
	if err != nil {
		return 0, fmt.Errorf("next rectification number of meeting %s: %w", meetingID, err)
	}
	if n == 0 {
		return 0, fmt.Errorf("next rectification number: meeting %s of branch %s: %w", meetingID, branchID, orglife.ErrNotFound)
	}
	return n, nil
}

// UpdateRectItem changes an item in place: it loads the item, applies change and writes it
// back in one transaction (retried if the item changed meanwhile), so that two people acting
// on an item at once — an owner's report, the secretary's confirmation — never lose each
// other's change. change may refuse by returning an error, which is returned as is.
func (r *Records) UpdateRectItem(ctx context.Context, branchID, meetingID, id string, change func(*orglife.RectItem) error) (orglife.RectItem, error) {
	if !validBranchID(branchID) || !validRecordID(meetingID) || !validRecordID(id) {
		return orglife.RectItem{}, fmt.Errorf("update rectification item %s: %w", id, orglife.ErrNotFound)
	}
	key := r.keys.MeetingRectItems(branchID, meetingID)
	var it orglife.RectItem
	err := r.watch(ctx, func(tx *redis.Tx) error {
		raw, err := tx.HGet(ctx, key, id).Bytes()
		if errors.Is(err, redis.Nil) {
			return orglife.ErrNotFound
		}
		if err != nil {
			return err
		}
		it = orglife.RectItem{}
		if err := json.Unmarshal(raw, &it); err != nil {
			return fmt.Errorf("decode: %w", err)
		}
		if err := change(&it); err != nil {
			return err
		}
		if !it.Status.Valid() {
			return fmt.Errorf("unknown status %q", it.Status)
		}
		j, err := json.Marshal(it)
		if err != nil {
			return err
		}
		_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.HSet(ctx, key, id, j)
			return nil
		})
		return err
	}, key)
	if err != nil {
		return orglife.RectItem{}, fmt.Errorf("update rectification item %s of meeting %s: %w", id, meetingID, err)
	}
	return it, nil
}
