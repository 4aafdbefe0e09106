package orglife

import (
	"errors"
	"time"
)

// RectKind is what an entry of a rectification item's history records.
type RectKind string

// The kinds of history entry, one per transition of an item.
const (
	RectKindReport   RectKind = "report"   // the owner reports where the item stands
	RectKindConfirm  RectKind = "confirm"  // the secretary confirms it done (对单销号)
	RectKindReopen   RectKind = "reopen"   // the secretary sends a reported item back
	RectKindReassign RectKind = "reassign" // the secretary gives the item a new owner
)

// ErrChanged is the refusal of a transition that the item no longer allows: it was closed,
// reported on, sent back or handed over meanwhile. Whoever asked is told the item changed.
var ErrChanged = errors.New("the rectification item changed meanwhile")

// Each transition appends one entry to the history and is idempotent on the entry's (At, By,
// Kind): made again with the same three (an update run again after a crash, say), it finds
// its entry and changes nothing more.

// Report records the owner's report at the time at: status is where the item stands now
// (RectReported asks the secretary to confirm it). Only the owner reports, on an open item.
func (it *RectItem) Report(at time.Time, by int64, status RectStatus, note, evidence string) error {
	if !status.Valid() || status == RectClosed {
		return ErrReportStatus
	}
	if it.Owner != by || !it.Open() { // checked first: a report made again on an item closed
		return ErrChanged // since is news to its owner, not a success
	}
	r := RectReport{At: at, By: by, Status: status, Note: note, Evidence: evidence, Kind: RectKindReport}
	if !it.has(r) {
		it.Progress = append(it.Progress, r)
	}
	it.Status = status
	return nil
}

// ErrReportStatus refuses a report of a status an owner cannot report (only the secretary's
// confirmation closes an item).
var ErrReportStatus = errors.New("an owner reports not started, in progress or done")

// Confirm closes a reported item on today (对单销号), by the secretary by.
func (it *RectItem) Confirm(at time.Time, by int64, today Date) error {
	r := RectReport{At: at, By: by, Status: RectClosed, Kind: RectKindConfirm}
	if it.has(r) {
		return nil
	}
	if it.Status != RectReported {
		return ErrChanged
	}
	it.Status, it.ClosedOn = RectClosed, today
	it.Progress = append(it.Progress, r)
	return nil
}

// Reopen sends a reported item back to its owner, in progress again, with the secretary's
// comment.
func (it *RectItem) Reopen(at time.Time, by int64, comment string) error {
	r := RectReport{At: at, By: by, Status: RectInProgress, Note: comment, Kind: RectKindReopen}
	if it.has(r) {
		return nil
	}
	if it.Status != RectReported {
		return ErrChanged
	}
	it.Status = RectInProgress
	it.Progress = append(it.Progress, r)
	return nil
}

// Reassign gives an open item to the member to, by the secretary by; its status stays.
func (it *RectItem) Reassign(at time.Time, by, to int64) error {
	r := RectReport{At: at, By: by, To: to, Kind: RectKindReassign}
	if it.has(r) {
		return nil
	}
	if !it.Open() || it.Owner == to {
		return ErrChanged
	}
	r.Status = it.Status
	it.Owner = to
	it.Progress = append(it.Progress, r)
	return nil
}

// Revise changes an open item's measure or deadline, by the secretary: "" and a zero day
// leave them as they are. It reports whether anything changed; the history records
// reports and hand-overs, not edits of the wording, so it gains no entry.
func (it *RectItem) Revise(measure string, deadline Date) (bool, error) {
	if !it.Open() {
		return false, ErrChanged
	}
	changed := false
	if measure != "" && measure != it.Measure {
		it.Measure, changed = measure, true
	}
	if !deadline.IsZero() && deadline != it.Deadline {
		it.Deadline, changed = deadline, true
	}
	return changed, nil
}

// has reports whether the history holds r's transition already (same At, By and Kind).
func (it *RectItem) has(r RectReport) bool {
	for _, p := range it.Progress {
		if p.At.Equal(r.At) && p.By == r.By && p.Kind == r.Kind {
			return true
		}
	}
	return false
}
