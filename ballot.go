package orglife

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// 民主评议党员: the democratic appraisal of members that goes with the annual meeting. The
// secretary opens a ballot on a meeting with a closing time; every member on its roster (the
// branch's members when it opened) rates every other one 优秀 / 合格 / 基本合格 / 不合格,
// changeable until the close. A voter's ballot counts once it rates everyone. Results exist
// only after the close, and only when at least MinVoters ballots were complete: below that
// nothing is counted at all, since a tally of two or three ballots tells who chose what.
//
// What is secret and how is state's business (state/ballot.go); this file holds the rules.

// Rating is one member's rating by one voter; RatingNone: not rated yet.
type Rating uint8

// The ratings, in the order of the form.
const (
	RatingNone      Rating = iota
	RatingExcellent        // 优秀
	RatingGood             // 合格
	RatingBasic            // 基本合格
	RatingPoor             // 不合格
)

// Ratings are the four ratings a voter may give, in order.
var Ratings = []Rating{RatingExcellent, RatingGood, RatingBasic, RatingPoor}

// Valid reports whether r is one of Ratings.
func (r Rating) Valid() bool { return r >= RatingExcellent && r <= RatingPoor }

// Name is the rating's name.
func (r Rating) Name(lang Lang) string {
	zh := map[Rating]string{RatingExcellent: "优秀", RatingGood: "合格", RatingBasic: "基本合格", RatingPoor: "不合格"}
	en := map[Rating]string{RatingExcellent: "excellent", RatingGood: "competent", RatingBasic: "basically competent", RatingPoor: "incompetent"}
	if lang == LangEN {
		return en[r]
	}
	if n, ok := zh[r]; ok {
		return n
	}
	return "未评"
}

// DefaultMinVoters is ballot.min_voters when the configuration says nothing.
const DefaultMinVoters = 5

// ErrBallotClosed: the ballot no longer takes votes (closed, or past its closing time).
var ErrBallotClosed = errors.New("the ballot is closed")

// ErrNotVoter: the user is not on the ballot's roster, or rates themself or someone not on it.
var ErrNotVoter = errors.New("not a voter of this ballot, or not a candidate")

// Ballot is one meeting's appraisal. While open it holds no vote; after the close it holds
// how many ballots were complete and, if at least MinVoters, the count of each rating of
// each member (Tally, in roster order) — never who gave which.
type Ballot struct {
	BranchID  string    `json:"branch_id"`
	MeetingID string    `json:"meeting_id"`
	OpenedAt  time.Time `json:"opened_at"`
	OpenedBy  int64     `json:"opened_by"`
	Closes    time.Time `json:"closes"`
	// Roster are the members when it opened, in the branch's order: who votes and who is rated.
	Roster    []int64 `json:"roster"`
	MinVoters int     `json:"min_voters"`

	Closed   bool      `json:"closed,omitempty"`
	ClosedAt time.Time `json:"closed_at,omitzero"`
	// Voters is how many complete ballots there were at the close.
	Voters int `json:"voters,omitempty"`
	// Tally is, for each member of Roster, how many voters gave each rating; empty when too
	// few voted (Published false).
	Tally []BallotTally `json:"tally,omitempty"`
}

// BallotTally is one member's result: Counts[i] voters gave Ratings[i].
type BallotTally struct {
	UserID int64  `json:"user_id"`
	Counts [4]int `json:"counts"`
}

// Published reports whether the ballot has results: closed with at least MinVoters voters.
func (b Ballot) Published() bool { return b.Closed && b.Voters >= b.MinVoters && b.Voters > 0 }

// OpenAt reports whether the ballot takes votes at now.
func (b Ballot) OpenAt(now time.Time) bool { return !b.Closed && now.Before(b.Closes) }

// OnRoster reports whether user votes in (and is rated by) the ballot.
func (b Ballot) OnRoster(user int64) bool { return slices.Contains(b.Roster, user) }

// Candidates are the members voter rates: the roster but themself.
func (b Ballot) Candidates(voter int64) []int64 {
	return slices.DeleteFunc(slices.Clone(b.Roster), func(u int64) bool { return u == voter })
}

// Vote is one voter's ratings, by the candidate's position in the roster (the voter's own
// position stays RatingNone). Its length is always the roster's.
type Vote []Rating

// NewVote is an empty vote on b.
func (b Ballot) NewVote() Vote { return make(Vote, len(b.Roster)) }

// Rate sets candidate's rating in v, a vote by voter on b; ErrNotVoter when candidate is the
// voter or not on the roster, or r is not a rating.
func (b Ballot) Rate(v Vote, voter, candidate int64, r Rating) error {
	i := slices.Index(b.Roster, candidate)
	if i < 0 || candidate == voter || !r.Valid() || len(v) != len(b.Roster) {
		return ErrNotVoter
	}
	v[i] = r
	return nil
}

// Complete reports whether v, voter's vote, rates every candidate.
func (b Ballot) Complete(v Vote, voter int64) bool {
	if len(v) != len(b.Roster) {
		return false
	}
	for i, u := range b.Roster {
		if u != voter && !v[i].Valid() {
			return false
		}
	}
	return true
}

// Count tallies the complete votes (incomplete ones do not count): how many there are and,
// in roster order, each member's counts. It sees no voter: votes are counted as a multiset.
func (b Ballot) Count(votes []Vote) (voters int, tally []BallotTally) {
	tally = make([]BallotTally, len(b.Roster))
	for i, u := range b.Roster {
		tally[i].UserID = u
	}
	for _, v := range votes {
		if len(v) != len(b.Roster) {
			continue
		}
		rated := 0
		for _, r := range v {
			if r.Valid() {
				rated++
			}
		}
		if rated < len(b.Roster)-1 {
			continue
		}
		voters++
		for i, r := range v {
			if r.Valid() {
				tally[i].Counts[r-1]++
			}
		}
	}
	return voters, tally
}

// Settle closes b at now with the votes cast: the counts are kept only when enough voted.
func (b Ballot) Settle(votes []Vote, now time.Time) Ballot {
	b.Closed, b.ClosedAt = true, now
	b.Voters, b.Tally = b.Count(votes)
	if !b.Published() {
		b.Tally = nil
	}
	return b
}

// BallotDays are an open ballot's first and last day, in the branch's zone: what the
// reminders to vote are planned by (PlanBallotReminders), kept on the meeting
// (Meeting.BallotDays) so that planning the meeting again plans them too.
type BallotDays struct {
	Opened Date `json:"opened"`
	Closes Date `json:"closes"` // the last day of voting: the ballot closes at its end
}

// RemindBallot reminds the members on a ballot's roster who have not voted yet.
const RemindBallot ReminderKind = "ballot"

// PlanBallotReminders plans the reminders to vote of meeting m's open ballot: the day
// before its last day and the last day itself, at rules.At, moved to the working day before
// like a step's reminder (a Sunday close is reminded on Friday, once). None on the day it
// opened or before (the form itself came then), none after its last day, none when m has
// no open ballot. Whom they reach is decided when they are sent: those who have not voted
// by then, while the ballot is still open. Keys "ballot:<branch>:<meeting>:<n>", n the days
// before the close.
func PlanBallotReminders(m Meeting, loc *time.Location, rules ReminderRules) []Reminder {
	loc = orUTC(loc)
	d := m.BallotDays
	if d == nil || d.Closes.IsZero() {
		return nil
	}
	var out []Reminder
	for _, n := range []int{1, 0} {
		due := rules.Window.placeBy(d.Closes.AddDays(-n), d.Closes, rules.At, loc)
		day := DateOf(due, loc)
		if !d.Opened.Before(day) || d.Closes.Before(day) {
			continue
		}
		out = append(out, Reminder{Key: fmt.Sprintf("ballot:%s:%s:%d", m.BranchID, m.ID, n), Kind: RemindBallot,
			BranchID: m.BranchID, MeetingID: m.ID, DaysBefore: n, Due: due, Planned: due})
	}
	// The window may put both on one moment: the one nearer the close is sent.
	return mergeSameMoment(out)
}
