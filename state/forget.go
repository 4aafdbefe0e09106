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

// AnonymousName stands for a person whose personal answers were anonymised (/forgetme).
const AnonymousName = orglife.AnonymousName

// Forget carries out a departing member's /forgetme in every meeting of the branch, one
// meeting per transaction. With remove false their answers are anonymised: their points,
// studies and rectification items keep their text with the member id 0, the talks they
// recorded or took part in lose their id and name (某同志), their id leaves the minutes'
// attendance (whose 应到/实到 figures stay as recorded: minutes kept before the figures
// were get them from the ids first) with the reason for an absence, and their material mark is dropped, and the point log no longer names them; the branch
// problems, which are the branch's statement and no member's, no longer name who created or
// changed them (CreatedBy and the log's By are 0). In the collective study sessions they
// stay counted as present (and as a speaker) under id 0. With remove true their points (the log
// keeping only ids), talks and studies are deleted, the branch problems no longer refer to
// the deleted points, they are taken out of the sessions' attendance and speakers, and the rest is anonymised as above. A session they recorded stays the branch's, without their id. Then they leave the branch (RemoveMember, which drops their leave
// too; the secretary cannot, ErrSecretaryRole) and their drafts are dropped.
func (r *Records) Forget(ctx context.Context, branchID string, userID int64, remove bool) error {
	if _, ok, err := r.Member(ctx, branchID, userID); err != nil {
		return fmt.Errorf("forget %d in branch %s: %w", userID, branchID, err)
	} else if !ok {
		return fmt.Errorf("forget %d in branch %s: %w", userID, branchID, ErrNotMember)
	}
	b, err := r.Branch(ctx, branchID)
	if err != nil {
		return fmt.Errorf("forget %d in branch %s: %w", userID, branchID, err)
	}
	if b.SecretaryID == userID {
		return fmt.Errorf("forget %d in branch %s: %w", userID, branchID, ErrSecretaryRole)
	}
	meetings, err := r.Meetings(ctx, branchID)
	if err != nil {
		return fmt.Errorf("forget %d in branch %s: %w", userID, branchID, err)
	}
	for _, m := range meetings {
		if err := r.forgetInMeeting(ctx, branchID, m.ID, userID, remove); err != nil {
			return fmt.Errorf("forget %d in meeting %s of branch %s: %w", userID, m.ID, branchID, err)
		}
	}
	if err := r.RemoveMember(ctx, branchID, userID); err != nil && !errors.Is(err, ErrNotMember) {
		return fmt.Errorf("forget %d in branch %s: %w", userID, branchID, err)
	}
	if err := r.deleteDrafts(ctx, userID); err != nil {
		return fmt.Errorf("forget %d in branch %s: %w", userID, branchID, err)
	}
	return nil
}

// deleteDrafts drops every draft of a user.
func (r *Records) deleteDrafts(ctx context.Context, userID int64) error {
	iter := r.rdb.Scan(ctx, 0, r.keys.Draft(userID, "*"), 100).Iterator()
	var keys []string
	for iter.Next(ctx) {
		keys = append(keys, iter.Val())
	}
	if err := iter.Err(); err != nil {
		return fmt.Errorf("drafts of %d: %w", userID, err)
	}
	for _, k := range keys {
		if err := r.rdb.Del(ctx, k).Err(); err != nil {
			return fmt.Errorf("drafts of %d: %w", userID, err)
		}
	}
	return nil
}

// forgetInMeeting rewrites one meeting's records in one MULTI/EXEC under WATCH.
func (r *Records) forgetInMeeting(ctx context.Context, branchID, meetingID string, userID int64, remove bool) error {
	pk, lk := r.keys.MeetingPoints(branchID, meetingID), r.keys.MeetingPointLog(branchID, meetingID)
	tk, sk := r.keys.MeetingTalks(branchID, meetingID), r.keys.MeetingStudies(branchID, meetingID)
	mk, dk := r.keys.MeetingMinutes(branchID, meetingID), r.keys.MeetingMaterialDone(branchID, meetingID)
	rk := r.keys.MeetingRectItems(branchID, meetingID)
	bk, bl := r.keys.MeetingBranchProblems(branchID, meetingID), r.keys.MeetingBranchProblemLog(branchID, meetingID)
	gk := r.keys.MeetingStudySessions(branchID, meetingID)
	uid := strconv.FormatInt(userID, 10)
	return r.watch(ctx, func(tx *redis.Tx) error {
		points, err := tx.HGetAll(ctx, pk).Result()
		if err != nil {
			return err
		}
		logRaw, err := tx.LRange(ctx, lk, 0, -1).Result()
		if err != nil {
			return err
		}
		talks, err := tx.HGetAll(ctx, tk).Result()
		if err != nil {
			return err
		}
		studies, err := tx.HGetAll(ctx, sk).Result()
		if err != nil {
			return err
		}
		rects, err := tx.HGetAll(ctx, rk).Result()
		if err != nil {
			return err
		}
		branchProblems, err := tx.HGetAll(ctx, bk).Result()
		if err != nil {
			return err
		}
		branchLogRaw, err := tx.LRange(ctx, bl, 0, -1).Result()
		if err != nil {
			return err
		}
		studySessions, err := tx.HGetAll(ctx, gk).Result()
		if err != nil {
			return err
		}
		minutesRaw, err := tx.Get(ctx, mk).Result()
		if err != nil && !errors.Is(err, redis.Nil) {
			return err
		}
		hasMinutes := err == nil

		set := map[string]map[string]string{pk: {}, tk: {}, sk: {}, rk: {}, bk: {}, gk: {}}
		del := map[string][]string{}
		removed := map[string]bool{} // ids of points deleted
		for id, s := range points {
			var p orglife.Point
			if err := decode([]byte(s), &p); err != nil {
				return fmt.Errorf("point %s: %w", id, err)
			}
			if p.MemberID != userID {
				continue
			}
			if remove {
				del[pk] = append(del[pk], id)
				removed[id] = true
				continue
			}
			p.MemberID = 0
			if set[pk][id], err = encode(p); err != nil {
				return err
			}
		}
		for id, s := range talks {
			var t orglife.Talk
			if err := decode([]byte(s), &t); err != nil {
				return fmt.Errorf("talk %s: %w", id, err)
			}
			if !t.Involves(userID) {
				continue
			}
			if remove {
				del[tk] = append(del[tk], id)
				continue
			}
			if t.RecordedBy == userID {
				t.RecordedBy = 0
			}
			if t.With == userID {
				t.With, t.WithName = 0, AnonymousName
			}
			for i := range t.History {
				if t.History[i].By == userID {
					t.History[i].By = 0
				}
			}
			if set[tk][id], err = encode(t); err != nil {
				return err
			}
		}
		for id, s := range studies {
			var st orglife.Study
			if err := decode([]byte(s), &st); err != nil {
				return fmt.Errorf("study %s: %w", id, err)
			}
			if st.MemberID != userID {
				continue
			}
			if remove {
				del[sk] = append(del[sk], id)
				continue
			}
			st.MemberID = 0
			if set[sk][id], err = encode(st); err != nil {
				return err
			}
		}
		for id, s := range rects {
			var it orglife.RectItem
			if err := decode([]byte(s), &it); err != nil {
				return fmt.Errorf("rectification item %s: %w", id, err)
			}
			changed := false
			if it.Owner == userID {
				it.Owner, changed = 0, true
			}
			for i := range it.Progress {
				if it.Progress[i].By == userID {
					it.Progress[i].By, changed = 0, true
				}
				if it.Progress[i].To == userID {
					it.Progress[i].To, changed = 0, true
				}
			}
			if !changed {
				continue
			}
			if set[rk][id], err = encode(it); err != nil {
				return err
			}
		}
		for id, s := range branchProblems {
			var bp orglife.BranchProblem
			if err := decode([]byte(s), &bp); err != nil {
				return fmt.Errorf("branch problem %s: %w", id, err)
			}
			n := len(bp.PointIDs)
			bp.PointIDs = slices.DeleteFunc(bp.PointIDs, func(id string) bool { return removed[id] })
			if bp.CreatedBy != userID && len(bp.PointIDs) == n {
				continue
			}
			if bp.CreatedBy == userID {
				bp.CreatedBy = 0
			}
			if set[bk][id], err = encode(bp); err != nil {
				return err
			}
		}
		newBranchLog, branchLogChanged, err := forgetBranchProblemLog(branchLogRaw, userID)
		if err != nil {
			return err
		}
		for id, s := range studySessions {
			var ss orglife.StudySession
			if err := decode([]byte(s), &ss); err != nil {
				return fmt.Errorf("study session %s: %w", id, err)
			}
			if !forgetInSession(&ss, userID, remove) {
				continue
			}
			if set[gk][id], err = encode(ss); err != nil {
				return err
			}
		}
		var newLog []string
		logChanged := false
		for i, s := range logRaw {
			var c orglife.PointChange
			if err := decode([]byte(s), &c); err != nil {
				return fmt.Errorf("point log entry %d: %w", i, err)
			}
			if c.By == userID || removed[c.PointID] {
				if c.By == userID {
					c.By = 0
				}
				if removed[c.PointID] {
					c.Before, c.After = "", ""
				}
				logChanged = true
				if s, err = encode(c); err != nil {
					return err
				}
			}
			newLog = append(newLog, s)
		}
		var newMinutes string
		if hasMinutes {
			var m orglife.Minutes
			if err := decode([]byte(minutesRaw), &m); err != nil {
				return fmt.Errorf("minutes: %w", err)
			}
			drop := func(id int64) bool { return id == userID }
			if slices.Contains(m.Attending, userID) || slices.Contains(m.Absent, userID) {
				// The meeting was held with them: its figures are history.
				m.Expected, m.Present = m.Attendance()
				m.Attending = slices.DeleteFunc(m.Attending, drop)
				m.Absent = slices.DeleteFunc(m.Absent, drop)
				delete(m.AbsentReasons, userID) // a reason for absence may be a health matter
				if newMinutes, err = encode(m); err != nil {
					return err
				}
			}
		}
		_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			for key, fields := range set {
				for id, v := range fields {
					p.HSet(ctx, key, id, v)
				}
			}
			for key, ids := range del {
				p.HDel(ctx, key, ids...)
			}
			if logChanged {
				p.Del(ctx, lk)
				if len(newLog) > 0 {
					vals := make([]any, len(newLog))
					for i, s := range newLog {
						vals[i] = s
					}
					p.RPush(ctx, lk, vals...)
				}
			}
			if branchLogChanged {
				p.Del(ctx, bl)
				if len(newBranchLog) > 0 {
					p.RPush(ctx, bl, newBranchLog...)
				}
			}
			if newMinutes != "" {
				p.Set(ctx, mk, newMinutes, 0)
			}
			p.SRem(ctx, dk, uid)
			p.SRem(ctx, r.keys.MeetingBallotVoted(branchID, meetingID), uid) // who voted names them; how, nothing does
			p.HDel(ctx, r.keys.MeetingBallotForms(branchID, meetingID), uid) // their form stays as it is
			return nil
		})
		return err
	}, pk, lk, tk, sk, mk, dk, rk, bk, bl, gk)
}

// forgetBranchProblemLog is a branch-problem log (as stored) that no longer names userID as
// who made a change, and whether it changed.
func forgetBranchProblemLog(raw []string, userID int64) ([]any, bool, error) {
	out := make([]any, len(raw))
	changed := false
	for i, s := range raw {
		out[i] = s
		var c orglife.BranchProblemChange
		if err := decode([]byte(s), &c); err != nil {
			return nil, false, fmt.Errorf("branch problem log entry %d: %w", i, err)
		}
		if c.By != userID {
			continue
		}
		c.By, changed = 0, true
		j, err := encode(c)
		if err != nil {
			return nil, false, err
		}
		out[i] = j
	}
	return out, changed, nil
}

// forgetInSession takes a leaving member out of a collective study session: removed from
// its attendance and speakers, or, anonymised, left in them as 0 so that the counts hold;
// either way a session they recorded no longer names them. It reports whether the session
// changed.
func forgetInSession(s *orglife.StudySession, userID int64, remove bool) bool {
	changed := false
	forget := func(ids []int64) []int64 {
		out := ids[:0:0]
		for _, id := range ids {
			switch {
			case id != userID:
				out = append(out, id)
			case remove:
				changed = true
			default:
				out, changed = append(out, 0), true
			}
		}
		return out
	}
	s.Attendance, s.Speakers = forget(s.Attendance), forget(s.Speakers)
	if s.RecordedBy == userID {
		s.RecordedBy, changed = 0, true
	}
	return changed
}
