package orglife

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// RectStatus is where a rectification item (整改事项) stands.
type RectStatus string

// The states of an item: the owner reports 未开始 / 推进中 / 已完成; only the secretary's
// confirmation (对单销号) closes it, and a reopened item is in progress again.
const (
	RectNotStarted RectStatus = "not_started" // 未开始
	RectInProgress RectStatus = "in_progress" // 推进中
	RectReported   RectStatus = "reported"    // 已完成 (reported by the owner, to be confirmed)
	RectClosed     RectStatus = "closed"      // 已销号
)

var rectStatusNames = map[RectStatus][2]string{
	RectNotStarted: {"未开始", "Not started"},
	RectInProgress: {"推进中", "In progress"},
	RectReported:   {"已完成（待销号）", "Done (to be confirmed)"},
	RectClosed:     {"已销号", "Closed"},
}

// Name is the status as users read it.
func (s RectStatus) Name(lang Lang) string { return localName(rectStatusNames[s], lang) }

// Valid reports whether s is a known status.
func (s RectStatus) Valid() bool { _, ok := rectStatusNames[s]; return ok }

// RectItem is one rectification measure (整改措施) with its owner, deadline and look-back
// reviews (回头看) until the secretary closes it.
type RectItem struct {
	ID        string `json:"id"`
	BranchID  string `json:"branch_id"`
	MeetingID string `json:"meeting_id"`
	Number    int    `json:"number"`             // its number in the ledger (台账), from 1
	PointID   string `json:"point_id,omitempty"` // the problem it answers, when made from one
	// BranchProblemID is the branch problem (支部班子问题) it answers, when made from one.
	BranchProblemID string       `json:"branch_problem_id,omitempty"`
	Problem         string       `json:"problem"`
	Measure         string       `json:"measure"`
	Owner           int64        `json:"owner"`
	Deadline        Date         `json:"deadline"`
	ReviewDays      int          `json:"review_days"` // 回头看 every this many days
	Status          RectStatus   `json:"status"`
	CreatedAt       time.Time    `json:"created_at"`
	ClosedOn        Date         `json:"closed_on,omitempty"`
	Progress        []RectReport `json:"progress,omitempty"`
	// Quiet is the secretary's 「不再提醒」 for an item carried over from an earlier meeting:
	// no follow-ups are planned for it, yet it stays open in the ledger until closed.
	Quiet bool `json:"quiet,omitempty"`
}

// RectReport is one entry of an item's history: a report by its owner, or the secretary's
// confirmation or reopening.
type RectReport struct {
	At       time.Time  `json:"at"`
	By       int64      `json:"by"`
	Status   RectStatus `json:"status"`
	Note     string     `json:"note,omitempty"`
	Evidence string     `json:"evidence,omitempty"` // a Telegram file id
	Kind     RectKind   `json:"kind"`
	To       int64      `json:"to,omitempty"` // for "reassign": the new owner
}

// Open reports whether the item still needs work or a confirmation.
func (it RectItem) Open() bool { return it.Status != RectClosed }

// Overdue reports whether the item is open past its deadline on day today.
func (it RectItem) Overdue(today Date) bool { return it.Open() && it.Deadline.Before(today) }

// LastProgress is the latest report, if any.
func (it RectItem) LastProgress() (RectReport, bool) {
	if len(it.Progress) == 0 {
		return RectReport{}, false
	}
	return it.Progress[len(it.Progress)-1], true
}

// RectDeadlines are the deadlines offered as one tap when an item is made (the measure's
// 整改时限): a month and three months from today, and the year's end.
type RectDeadlines struct {
	OneMonth, ThreeMonths, YearEnd Date
	// NextYear says YearEnd is next year's: this year's would come no later than OneMonth.
	NextYear bool
}

// QuickRectDeadlines are the deadlines offered on day today (in the branch's zone). 年底 is
// 31 December of this year — unless that is no later than a month from today, that is from
// 1 December on: a 年底 sooner than the 1个月 beside it would be no choice at all, and a
// measure is not put right in the weeks left; then it is next year's end (明年底).
func QuickRectDeadlines(today Date) RectDeadlines {
	d := RectDeadlines{OneMonth: today.AddMonths(1), ThreeMonths: today.AddMonths(3), YearEnd: Date{today.Year, time.December, 31}}
	if !d.OneMonth.Before(d.YearEnd) {
		d.YearEnd, d.NextYear = Date{today.Year + 1, time.December, 31}, true
	}
	return d
}

// Reminder kinds of rectification follow-ups.
const (
	RemindRectReview   ReminderKind = "rect_review"   // the owner is asked for progress (回头看)
	RemindRectDeadline ReminderKind = "rect_deadline" // the owner, shortly before the deadline
	RemindRectOverdue  ReminderKind = "rect_overdue"  // the secretary, once it is overdue
)

// Carried is how the rectification of an earlier meeting stands when a new one is prepared
// (上次整改落实情况).
type Carried struct {
	Meeting Meeting
	Items   []RectItem // in ledger order
	Closed  int        // 已整改销号
	Open    []RectItem // still open, in ledger order
	// BranchProblems is how many branch problems (支部班子问题) that meeting stated, which
	// the caller counts: a report says so when the meeting has no items to account for.
	BranchProblems int
}

// CarryOver is the rectification of the meeting before current among ms (a branch's
// meetings, newest first as the records list them); false when current is the first.
func CarryOver(ms []Meeting, current string, items func(Meeting) ([]RectItem, error)) (Carried, bool, error) {
	prev, ok := PreviousMeeting(ms, current)
	if !ok {
		return Carried{}, false, nil
	}
	its, err := items(prev)
	if err != nil {
		return Carried{}, false, err
	}
	its = slices.Clone(its)
	slices.SortFunc(its, func(a, b RectItem) int { return cmp.Compare(a.Number, b.Number) })
	c := Carried{Meeting: prev, Items: its}
	for _, it := range its {
		if it.Open() {
			c.Open = append(c.Open, it)
		} else {
			c.Closed++
		}
	}
	return c, true, nil
}

// PreviousMeeting is the meeting created just before current among ms (newest first).
func PreviousMeeting(ms []Meeting, current string) (Meeting, bool) {
	i := slices.IndexFunc(ms, func(m Meeting) bool { return m.ID == current })
	if i < 0 || i+1 >= len(ms) {
		return Meeting{}, false
	}
	return ms[i+1], true
}

// rectDeadlineNotice is how many days before its deadline the owner is reminded.
const rectDeadlineNotice = 3

// PlanRectReminders plans an open item's follow-ups from day from: a review every
// ReviewDays until the deadline (and weekly after it, while open), a reminder
// rectDeadlineNotice days before the deadline, and a report to the secretary the day after
// it and then weekly while it stays open — up to horizon days ahead (they are planned again
// whenever the item changes). A closed item has none, nor one the secretary stopped
// chasing (Quiet).
func PlanRectReminders(it RectItem, from Date, horizon int, loc *time.Location, rules ReminderRules) []Reminder {
	if !it.Open() || it.Deadline.IsZero() || it.Quiet {
		return nil
	}
	loc = orUTC(loc)
	end := from.AddDays(horizon)
	var out []Reminder
	add := func(kind ReminderKind, day Date, tag string) {
		if day.Before(from) || end.Before(day) {
			return
		}
		r := Reminder{Key: fmt.Sprintf("%s:%s:%s:%s", kind, it.BranchID, it.ID, tag), Kind: kind,
			BranchID: it.BranchID, MeetingID: it.MeetingID, ItemID: it.ID, Due: rules.Window.place(day, rules.At, loc)}
		r.Planned = r.Due
		out = append(out, r)
	}
	start := DateOf(it.CreatedAt, loc)
	every := max(it.ReviewDays, 1)
	for day := start.AddDays(every); !end.Before(day); day = day.AddDays(every) {
		if it.Deadline.Before(day) {
			break
		}
		add(RemindRectReview, day, day.String())
	}
	add(RemindRectDeadline, it.Deadline.AddDays(-rectDeadlineNotice), "d")
	for day := it.Deadline.AddDays(1); !end.Before(day); day = day.AddDays(7) {
		add(RemindRectOverdue, day, day.String())
	}
	return out
}
