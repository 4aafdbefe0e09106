package orglife

import (
	"errors"
	"testing"
	"time"
)

func TestRectTransitions(t *testing.T) {
	at := time.Date(2027, 3, 1, 10, 0, 0, 0, time.UTC)
	today := Date{2027, 3, 1}
	const owner, secretary, other = 201, 100, 202
	item := func(status RectStatus) RectItem {
		return RectItem{ID: "r1", Owner: owner, Status: status,
			Progress: []RectReport{{At: at.Add(-time.Hour), By: owner, Status: status, Kind: RectKindReport}}}
	}
	tests := []struct {
		name       string
		from       RectStatus
		apply      func(it *RectItem) error
		want       error
		wantStatus RectStatus
		wantOwner  int64
		wantKind   RectKind // of the entry appended; "" when none is
	}{
		{"the owner reports progress", RectNotStarted, func(it *RectItem) error { return it.Report(at, owner, RectInProgress, "开始", "") },
			nil, RectInProgress, owner, RectKindReport},
		{"the owner reports it done", RectInProgress, func(it *RectItem) error { return it.Report(at, owner, RectReported, "完成", "file") },
			nil, RectReported, owner, RectKindReport},
		{"another member reports", RectInProgress, func(it *RectItem) error { return it.Report(at, other, RectReported, "", "") },
			ErrChanged, RectInProgress, owner, ""},
		{"a report on a closed item", RectClosed, func(it *RectItem) error { return it.Report(at, owner, RectInProgress, "", "") },
			ErrChanged, RectClosed, owner, ""},
		{"the owner reports it closed", RectReported, func(it *RectItem) error { return it.Report(at, owner, RectClosed, "", "") },
			ErrReportStatus, RectReported, owner, ""},
		{"an unknown status", RectInProgress, func(it *RectItem) error { return it.Report(at, owner, "done", "", "") },
			ErrReportStatus, RectInProgress, owner, ""},
		{"the secretary confirms a reported item", RectReported, func(it *RectItem) error { return it.Confirm(at, secretary, today) },
			nil, RectClosed, owner, RectKindConfirm},
		{"a confirmation of an item in progress", RectInProgress, func(it *RectItem) error { return it.Confirm(at, secretary, today) },
			ErrChanged, RectInProgress, owner, ""},
		{"a confirmation of a closed item", RectClosed, func(it *RectItem) error { return it.Confirm(at, secretary, today) },
			ErrChanged, RectClosed, owner, ""},
		{"the secretary sends a reported item back", RectReported, func(it *RectItem) error { return it.Reopen(at, secretary, "缺佐证") },
			nil, RectInProgress, owner, RectKindReopen},
		{"sending back an item not reported", RectNotStarted, func(it *RectItem) error { return it.Reopen(at, secretary, "") },
			ErrChanged, RectNotStarted, owner, ""},
		{"a new owner for an open item", RectInProgress, func(it *RectItem) error { return it.Reassign(at, secretary, other) },
			nil, RectInProgress, other, RectKindReassign},
		{"the same owner again", RectInProgress, func(it *RectItem) error { return it.Reassign(at, secretary, owner) },
			ErrChanged, RectInProgress, owner, ""},
		{"a new owner for a closed item", RectClosed, func(it *RectItem) error { return it.Reassign(at, secretary, other) },
			ErrChanged, RectClosed, owner, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := item(tt.from)
			err := tt.apply(&it)
			if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
				t.Fatalf("error %v, want %v", err, tt.want)
			}
			if it.Status != tt.wantStatus || it.Owner != tt.wantOwner {
				t.Errorf("status %s, owner %d; want %s, %d", it.Status, it.Owner, tt.wantStatus, tt.wantOwner)
			}
			appended := len(it.Progress) - 1
			switch {
			case tt.wantKind == "" && appended != 0:
				t.Errorf("%d entries appended to a refused transition", appended)
			case tt.wantKind != "" && (appended != 1 || it.Progress[1].Kind != tt.wantKind || !it.Progress[1].At.Equal(at)):
				t.Errorf("history %+v; want one %s entry at %v", it.Progress, tt.wantKind, at)
			}
			if tt.wantKind == RectKindConfirm && it.ClosedOn != today {
				t.Errorf("closed on %v, want %v", it.ClosedOn, today)
			}
			// Made again with the same time, actor and kind, a transition that took effect
			// changes nothing more.
			if tt.want == nil {
				again := it
				again.Progress = append([]RectReport(nil), it.Progress...)
				if err := tt.apply(&again); err != nil {
					t.Fatalf("made again: %v", err)
				}
				if len(again.Progress) != len(it.Progress) || again.Status != it.Status || again.Owner != it.Owner {
					t.Errorf("made again, the item became %+v", again)
				}
			}
		})
	}
}

func TestRectRevise(t *testing.T) {
	due, later := Date{2027, 3, 31}, Date{2027, 6, 30}
	tests := []struct {
		name        string
		status      RectStatus
		measure     string
		deadline    Date
		want        error
		changed     bool
		wantMeasure string
		wantDue     Date
	}{
		{"a new measure", RectInProgress, "每周读原文", Date{}, nil, true, "每周读原文", due},
		{"a new deadline", RectReported, "", later, nil, true, "读原文", later},
		{"both", RectNotStarted, "每周读原文", later, nil, true, "每周读原文", later},
		{"the same again", RectInProgress, "读原文", due, nil, false, "读原文", due},
		{"nothing given", RectInProgress, "", Date{}, nil, false, "读原文", due},
		{"a closed item", RectClosed, "每周读原文", later, ErrChanged, false, "读原文", due},
	}
	for _, tt := range tests {
		it := RectItem{ID: "r1", Owner: 201, Status: tt.status, Measure: "读原文", Deadline: due}
		changed, err := it.Revise(tt.measure, tt.deadline)
		if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) || changed != tt.changed {
			t.Errorf("%s: changed %v, error %v; want %v, %v", tt.name, changed, err, tt.changed, tt.want)
		}
		if it.Measure != tt.wantMeasure || it.Deadline != tt.wantDue || it.Status != tt.status || len(it.Progress) != 0 {
			t.Errorf("%s: item %+v", tt.name, it)
		}
	}
}
