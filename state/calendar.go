package state

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/redis/go-redis/v9"

	"orglife"
)

// CalendarEvent is what the latest calendar file (.ics) of a meeting said of one of its
// events, so that the next file can keep the event's UID and raise its SEQUENCE exactly when
// the event changed: phones update an imported event only for a higher SEQUENCE. It holds
// nothing about a person (UIDs name the meeting and a step; fingerprints are dates, the
// meeting's time and place), so /forgetme leaves it.
type CalendarEvent struct {
	UID string `json:"uid"`
	// Fingerprint is what the event said that a phone must be told of when it changes: its
	// day, and the meeting's time and place.
	Fingerprint string    `json:"fingerprint"`
	Sequence    int       `json:"sequence"`
	Stamp       time.Time `json:"stamp"` // when this version was first written (DTSTAMP)
}

// CalendarEvents records a meeting's calendar events as they are now, by UID → fingerprint,
// and returns the version of each: an event not seen before starts at sequence 0, one whose
// fingerprint changed since the last file rises by one, both stamped now; the others stay as
// they were, so the same data gives the same file. orglife.ErrNotFound when the meeting does
// not exist.
func (r *Records) CalendarEvents(ctx context.Context, branchID, meetingID string, now time.Time, fingerprints map[string]string) (map[string]CalendarEvent, error) {
	if !validBranchID(branchID) || !validRecordID(meetingID) {
		return nil, fmt.Errorf("calendar of meeting %q of branch %q: %w", meetingID, branchID, orglife.ErrNotFound)
	}
	now = now.UTC().Truncate(time.Second)
	mk, ck := r.keys.BranchMeetings(branchID), r.keys.MeetingCalendar(branchID, meetingID)
	var out map[string]CalendarEvent
	err := r.watch(ctx, func(tx *redis.Tx) error {
		exists, err := tx.HExists(ctx, mk, meetingID).Result()
		if err != nil {
			return err
		}
		if !exists {
			return orglife.ErrNotFound
		}
		stored, err := tx.HGetAll(ctx, ck).Result()
		if err != nil {
			return err
		}
		out = make(map[string]CalendarEvent, len(fingerprints))
		changed := map[string]string{}
		for uid, fp := range fingerprints {
			e, fresh, err := nextVersion(stored[uid], uid, fp, now)
			if err != nil {
				return err
			}
			out[uid] = e
			if fresh {
				if changed[uid], err = encode(e); err != nil {
					return err
				}
			}
		}
		if len(changed) == 0 {
			return nil
		}
		_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.HSet(ctx, ck, changed)
			return nil
		})
		return err
	}, mk, ck)
	if err != nil {
		return nil, fmt.Errorf("calendar of meeting %s of branch %s: %w", meetingID, branchID, err)
	}
	return out, nil
}

// nextVersion is the event uid with fingerprint fp, given what was stored of it ("" when
// nothing was), and whether it is a new version to store.
func nextVersion(stored, uid, fp string, now time.Time) (CalendarEvent, bool, error) {
	if stored == "" {
		return CalendarEvent{UID: uid, Fingerprint: fp, Stamp: now}, true, nil
	}
	var e CalendarEvent
	if err := decode([]byte(stored), &e); err != nil {
		return e, false, fmt.Errorf("event %s: %w", uid, err)
	}
	if e.Fingerprint == fp {
		return e, false, nil
	}
	return CalendarEvent{UID: uid, Fingerprint: fp, Sequence: e.Sequence + 1, Stamp: now}, true, nil
}

// CalendarHistory lists what the latest calendar file of a meeting said of each event, by
// UID; orglife.ErrNotFound when the meeting does not exist.
func (r *Records) CalendarHistory(ctx context.Context, branchID, meetingID string) ([]CalendarEvent, error) {
	all, err := r.meetingEntries(ctx, branchID, meetingID, r.keys.MeetingCalendar)
	if err != nil {
		return nil, fmt.Errorf("calendar of meeting %s of branch %s: %w", meetingID, branchID, err)
	}
	es, err := decodeAll[CalendarEvent](all)
	if err != nil {
		return nil, fmt.Errorf("calendar of meeting %s of branch %s: %w", meetingID, branchID, err)
	}
	slices.SortFunc(es, func(a, b CalendarEvent) int { return cmp.Compare(a.UID, b.UID) })
	return es, nil
}

// restoreCalendar writes a meeting's calendar events as exported.
func (r *Records) restoreCalendar(ctx context.Context, branchID, meetingID string, es []CalendarEvent) error {
	if len(es) == 0 {
		return nil
	}
	enc := make(map[string]string, len(es))
	for _, e := range es {
		if e.UID == "" || e.Sequence < 0 {
			return fmt.Errorf("calendar event %q: bad uid or sequence %d", e.UID, e.Sequence)
		}
		j, err := encode(e)
		if err != nil {
			return err
		}
		enc[e.UID] = j
	}
	if err := r.rdb.HSet(ctx, r.keys.MeetingCalendar(branchID, meetingID), enc).Err(); err != nil {
		return fmt.Errorf("restore calendar: %w", err)
	}
	return nil
}
