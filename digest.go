package orglife

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"
)

// The secretary's daily digest (【每日进度】): where each step stands, which are overdue, and
// what happened since the last digest; and the rule of when it is worth sending.

// DigestSnapshot is what is kept of a branch's last digest sent: enough to tell the next one
// what is new and whether it has anything to say. It holds times, the meeting's id and a
// hash of who had done what, nothing anyone wrote.
type DigestSnapshot struct {
	MeetingID string `json:"meeting_id"`
	// Since and At bound the digest's 「自上次摘要以来」: what happened after Since, up to At,
	// the moment it was composed (the next digest's Since).
	Since time.Time `json:"since"`
	At    time.Time `json:"at"`
	// First: no digest of the meeting came before it, and Since is the meeting's setting up.
	First    bool       `json:"first,omitempty"`
	Progress string     `json:"progress"`          // DigestProgressKey of its steps
	Overdue  []StepKind `json:"overdue,omitempty"` // the steps it marked overdue
	// Shared: the secretary has sent it on to the committee (once is enough).
	Shared bool `json:"shared,omitempty"`
}

// DigestStep is one step of the meeting as the digest shows it.
type DigestStep struct {
	Step
	StepProgress // who did it, who has not; of those, who only waits on a talk partner
	// OverdueDays is how many days the step is past its deadline while someone still owes
	// it (the plan: while not adopted); 0 when it is not overdue.
	OverdueDays int
}

// digestSoonDays: a pending step due within this many days of today (today, tomorrow, the
// day after) makes the digest go out even when nothing changed.
const digestSoonDays = 2

// DigestSteps are the meeting's steps in its order with who has done them (from
// Prep.Progress, the one judge of that) and how overdue each is on day today.
func DigestSteps(m Meeting, prog map[StepKind]StepProgress, today Date) []DigestStep {
	out := make([]DigestStep, 0, len(m.Steps))
	for _, s := range m.Steps {
		p := prog[s.Kind]
		d := DigestStep{Step: s, StepProgress: p}
		if len(p.Pending) > 0 {
			d.OverdueDays = max(0, s.Deadline.DaysUntil(today))
		}
		out = append(out, d)
	}
	return out
}

// DigestOpen reports whether someone still owes a step: only then is there a digest.
func DigestOpen(steps []DigestStep) bool {
	return slices.ContainsFunc(steps, func(s DigestStep) bool { return len(s.Pending) > 0 })
}

// DigestDueSoon reports whether a step someone still owes is due today, tomorrow or the day
// after.
func DigestDueSoon(steps []DigestStep, today Date) bool {
	return slices.ContainsFunc(steps, func(s DigestStep) bool {
		d := today.DaysUntil(s.Deadline)
		return len(s.Pending) > 0 && d >= 0 && d <= digestSoonDays
	})
}

// DigestProgressKey identifies who has done which step, to tell whether that changed.
func DigestProgressKey(steps []DigestStep) string {
	var b strings.Builder
	for _, s := range steps {
		fmt.Fprintf(&b, "%s:%v:%v;", s.Kind, s.Done, s.Pending)
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}

// digestOverdue lists the overdue steps, in the meeting's order.
func digestOverdue(steps []DigestStep) []StepKind {
	var out []StepKind
	for _, s := range steps {
		if s.OverdueDays > 0 {
			out = append(out, s.Kind)
		}
	}
	return out
}

// DigestRecords are the records the digest's changes are found in: the meeting's points
// and talks, the branch's rectification items (of every meeting: rectification goes on
// while the next meeting is prepared) and its leaves.
type DigestRecords struct {
	Points []Point
	Talks  []Talk
	Items  []RectItem
	Leaves []Leave
}

// DigestChanges is what happened in a digest's window.
type DigestChanges struct {
	Points   int        // points recorded (and not withdrawn)
	Talks    int        // talks recorded (and not withdrawn)
	Disputes []Talk     // talks their partner marked 有出入
	Reported []RectItem // items reported done, still waiting for the secretary's 销号
	Waiting  int        // all items waiting for 销号 now, for scale; no change by itself
	Leaves   []Leave    // leaves recorded
}

// Empty reports whether nothing happened.
func (c DigestChanges) Empty() bool {
	return c.Points == 0 && c.Talks == 0 && len(c.Disputes) == 0 && len(c.Reported) == 0 && len(c.Leaves) == 0
}

// DigestChangesIn finds what happened after since up to until, by the records' own times:
// when a point or talk was recorded, a talk answered, an item reported done, a leave set.
// Records without such a time (kept before it was recorded) are never new.
func DigestChangesIn(since, until time.Time, r DigestRecords) DigestChanges {
	in := func(at time.Time) bool { return !at.IsZero() && at.After(since) && !at.After(until) }
	var c DigestChanges
	for _, p := range r.Points {
		if !p.Withdrawn && in(p.CreatedAt) {
			c.Points++
		}
	}
	for _, t := range LiveTalks(r.Talks) {
		if in(t.CreatedAt) {
			c.Talks++
		}
		if t.Status == ConfirmDisputed && in(t.AnsweredAt) {
			c.Disputes = append(c.Disputes, t)
		}
	}
	for _, it := range r.Items {
		if it.Status != RectReported {
			continue
		}
		c.Waiting++
		if at, ok := it.ReportedAt(); ok && in(at) {
			c.Reported = append(c.Reported, it)
		}
	}
	for _, l := range r.Leaves {
		if in(l.SetAt) {
			c.Leaves = append(c.Leaves, l)
		}
	}
	return c
}

// ReportedAt is when the item was last reported done; ok is false when its history does
// not say.
func (it RectItem) ReportedAt() (time.Time, bool) {
	for i := len(it.Progress) - 1; i >= 0; i-- {
		if it.Progress[i].Status == RectReported {
			return it.Progress[i].At, true
		}
	}
	return time.Time{}, false
}

// DigestSince is where the next digest's window starts: at the last digest of the same
// meeting, else when the meeting was set up. first is true when there is no last digest of
// this meeting.
func DigestSince(last DigestSnapshot, found bool, m Meeting) (since time.Time, first bool) {
	if found && last.MeetingID == m.ID {
		return last.At, false
	}
	return m.CreatedAt, true
}

// NewDigestSnapshot is what is kept of a digest of meeting m composed at at, its window
// starting at since (first: at the meeting's setting up).
func NewDigestSnapshot(m Meeting, steps []DigestStep, since, at time.Time, first bool) DigestSnapshot {
	return DigestSnapshot{MeetingID: m.ID, Since: since, At: at, First: first, Progress: DigestProgressKey(steps),
		Overdue: digestOverdue(steps)}
}

// DigestNews reports whether a digest says anything the last one (found or not) did not:
// it is the first of its meeting, something happened in its window, someone did a step, or a
// step became overdue (or stopped being). A step staying overdue is no news: its count of
// days growing does not make the digest worth sending again.
func DigestNews(last DigestSnapshot, found bool, cur DigestSnapshot, c DigestChanges) bool {
	if !found || last.MeetingID != cur.MeetingID {
		return true
	}
	return !c.Empty() || last.Progress != cur.Progress || !slices.Equal(last.Overdue, cur.Overdue)
}

// DigestWorthSending is the rule of the daily digest: only while someone still owes a step,
// and only with news or with a step someone owes due within two days. An unchanged digest
// is not sent again, even with steps overdue: it would say the same as yesterday's but for
// the count of days, and the people behind get their own reminders; the secretary hears
// again as soon as anything moves or a deadline comes near.
func DigestWorthSending(news bool, steps []DigestStep, today Date) bool {
	return DigestOpen(steps) && (news || DigestDueSoon(steps, today))
}
