package state

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/redis/go-redis/v9"

	"orglife"
)

// Parts says which of a meeting's records MeetingRecords reads.
type Parts uint

const (
	PartMembers Parts = 1 << iota
	PartPoints
	PartTalks
	PartStudies
	PartSessions
	PartMaterial
	PartRectItems
	// PartsPrep are the records a meeting's preparation is judged by (orglife.JudgePrep).
	PartsPrep = PartMembers | PartPoints | PartTalks | PartStudies | PartSessions | PartMaterial
)

// meetingParts are the parts of a meeting, in the order a read-ahead lists them.
var meetingParts = []Parts{PartPoints, PartTalks, PartStudies, PartSessions, PartMaterial, PartRectItems}

// meetingKey is the key of a meeting's part.
func (k Keys) meetingKey(part Parts, branchID, meetingID string) string {
	switch part {
	case PartPoints:
		return k.MeetingPoints(branchID, meetingID)
	case PartTalks:
		return k.MeetingTalks(branchID, meetingID)
	case PartStudies:
		return k.MeetingStudies(branchID, meetingID)
	case PartSessions:
		return k.MeetingStudySessions(branchID, meetingID)
	case PartMaterial:
		return k.MeetingMaterialDone(branchID, meetingID)
	}
	return k.MeetingRectItems(branchID, meetingID)
}

// MeetingRecords are a branch's members and one meeting's records, as read together.
type MeetingRecords struct {
	orglife.StepRecords
	RectItems []orglife.RectItem
}

// MeetingRecords reads the parts asked for of a branch and one of its meetings in one round
// trip, at one instant (one MULTI: every key shares the branch's hash tag), each as its own
// read (Members, Points, Talks, ...) returns it; orglife.ErrNotFound when the branch, or the
// meeting when a part of it is asked for, does not exist. With u, parts read ahead for the
// update (Ahead.Parts) are served from it the first time they are asked for: only a read
// that comes before anything of the update could have changed them passes u.
func (r *Records) MeetingRecords(ctx context.Context, u *Unit, branchID, meetingID string, parts Parts) (MeetingRecords, error) {
	var out MeetingRecords
	ofMeeting := parts&^PartMembers != 0
	if !validBranchID(branchID) || (ofMeeting && !validRecordID(meetingID)) {
		return out, fmt.Errorf("load records of meeting %q of branch %q: %w", meetingID, branchID, orglife.ErrNotFound)
	}
	if ahead, ok := u.meetingParts(branchID, meetingID, parts); ok {
		if !ahead.branch || (ofMeeting && !ahead.meeting) {
			return out, fmt.Errorf("load records of meeting %s of branch %s: %w", meetingID, branchID, orglife.ErrNotFound)
		}
		if err := out.decode(ahead.hashes, ahead.material, parts&PartMaterial != 0); err != nil {
			return MeetingRecords{}, fmt.Errorf("load records of meeting %s of branch %s: %w", meetingID, branchID, err)
		}
		return out, nil
	}
	var branch *redis.IntCmd
	var meeting *redis.BoolCmd
	var material *redis.StringSliceCmd
	hashes := map[Parts]*redis.MapStringStringCmd{}
	_, err := r.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		branch = p.Exists(ctx, r.keys.Branch(branchID))
		if parts&PartMembers != 0 {
			hashes[PartMembers] = p.HGetAll(ctx, r.keys.BranchMembers(branchID))
		}
		if ofMeeting {
			meeting = p.HExists(ctx, r.keys.BranchMeetings(branchID), meetingID)
		}
		for _, part := range meetingParts {
			switch {
			case parts&part == 0:
			case part == PartMaterial:
				material = p.SMembers(ctx, r.keys.meetingKey(part, branchID, meetingID))
			default:
				hashes[part] = p.HGetAll(ctx, r.keys.meetingKey(part, branchID, meetingID))
			}
		}
		return nil
	})
	if err != nil {
		return out, fmt.Errorf("load records of meeting %s of branch %s: %w", meetingID, branchID, err)
	}
	if branch.Val() == 0 || (ofMeeting && !meeting.Val()) {
		return out, fmt.Errorf("load records of meeting %s of branch %s: %w", meetingID, branchID, orglife.ErrNotFound)
	}
	vals := make(map[Parts]map[string]string, len(hashes))
	for part, c := range hashes {
		vals[part] = c.Val()
	}
	var done []string
	if material != nil {
		done = material.Val()
	}
	if err := out.decode(vals, done, material != nil); err != nil {
		return MeetingRecords{}, fmt.Errorf("load records of meeting %s of branch %s: %w", meetingID, branchID, err)
	}
	return out, nil
}

// decode fills the parts read, each sorted as its own read sorts it.
func (out *MeetingRecords) decode(hashes map[Parts]map[string]string, material []string, withMaterial bool) error {
	var err error
	if c, ok := hashes[PartMembers]; ok {
		if out.Members, err = decodeAll[orglife.Member](c); err != nil {
			return fmt.Errorf("members: %w", err)
		}
		sortMembers(out.Members)
	}
	if c, ok := hashes[PartPoints]; ok {
		if out.Points, err = decodeAll[orglife.Point](c); err != nil {
			return fmt.Errorf("points: %w", err)
		}
		sortPoints(out.Points)
	}
	if c, ok := hashes[PartTalks]; ok {
		if out.Talks, err = decodeAll[orglife.Talk](c); err != nil {
			return fmt.Errorf("talks: %w", err)
		}
		sortTalks(out.Talks)
	}
	if c, ok := hashes[PartStudies]; ok {
		if out.Studies, err = decodeAll[orglife.Study](c); err != nil {
			return fmt.Errorf("studies: %w", err)
		}
		sortStudies(out.Studies)
	}
	if c, ok := hashes[PartSessions]; ok {
		if out.Sessions, err = decodeAll[orglife.StudySession](c); err != nil {
			return fmt.Errorf("study sessions: %w", err)
		}
		sortStudySessions(out.Sessions)
	}
	if c, ok := hashes[PartRectItems]; ok {
		if out.RectItems, err = decodeAll[orglife.RectItem](c); err != nil {
			return fmt.Errorf("rectification items: %w", err)
		}
		sortRectItems(out.RectItems)
	}
	if withMaterial {
		if out.MaterialDone, err = userIDs(material); err != nil {
			return fmt.Errorf("material done: %w", err)
		}
	}
	return nil
}

// userIDs parses a set of user ids, ascending.
func userIDs(raw []string) ([]int64, error) {
	out := make([]int64, 0, len(raw))
	for _, s := range raw {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("corrupt user id %q", s)
		}
		out = append(out, id)
	}
	slices.Sort(out)
	return out, nil
}

func sortMembers(ms []orglife.Member) {
	slices.SortFunc(ms, func(a, b orglife.Member) int {
		return cmp.Or(a.JoinedAt.Compare(b.JoinedAt), cmp.Compare(a.UserID, b.UserID))
	})
}

func sortPoints(ps []orglife.Point) {
	slices.SortFunc(ps, func(a, b orglife.Point) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), compareIDs(a.ID, b.ID))
	})
}

func sortTalks(ts []orglife.Talk) {
	slices.SortFunc(ts, func(a, b orglife.Talk) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), compareIDs(a.ID, b.ID))
	})
}

func sortStudies(ss []orglife.Study) {
	slices.SortFunc(ss, func(a, b orglife.Study) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), compareIDs(a.ID, b.ID))
	})
}

func sortStudySessions(ss []orglife.StudySession) {
	slices.SortFunc(ss, func(a, b orglife.StudySession) int {
		return cmp.Or(cmp.Compare(a.Date.String(), b.Date.String()), a.CreatedAt.Compare(b.CreatedAt), compareIDs(a.ID, b.ID))
	})
}

func sortRectItems(its []orglife.RectItem) {
	slices.SortFunc(its, func(a, b orglife.RectItem) int {
		return cmp.Or(cmp.Compare(a.Number, b.Number), compareIDs(a.ID, b.ID))
	})
}
