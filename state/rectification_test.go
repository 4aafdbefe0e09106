package state_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"

	"orglife"
)

func rectItem(branchID, meetingID, id string, number int) orglife.RectItem {
	return orglife.RectItem{ID: id, BranchID: branchID, MeetingID: meetingID, Number: number,
		Problem: "学习不够深入", Measure: "每周读原文两次", Owner: 1,
		Deadline: orglife.Date{Year: 2023, Month: 12, Day: 1}, ReviewDays: 7, Status: orglife.RectNotStarted, CreatedAt: at(number)}
}

func TestRectItems(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec, c := newRecords(t)
	mustBranch(t, rec, "7", 100)
	mustMeeting(t, rec, "7", "m1", at(0))
	mustMeeting(t, rec, "7", "m2", at(1))

	// Numbers count per meeting, from 1; a meeting that does not exist has none.
	for i, want := range []int{1, 2, 3} {
		n, err := rec.NextRectNumber(ctx, "7", "m1")
		if err != nil || n != want {
			t.Fatalf("NextRectNumber #%d = %d, %v; want %d", i, n, err, want)
		}
	}
	if n, err := rec.NextRectNumber(ctx, "7", "m2"); err != nil || n != 1 {
		t.Fatalf("the second meeting's first number = %d, %v; want 1", n, err)
	}
	_, err := rec.NextRectNumber(ctx, "7", "nope")
	wantErr(t, "NextRectNumber of a missing meeting", err, orglife.ErrNotFound)
	_, err = rec.NextRectNumber(ctx, "7", "m:1")
	wantErr(t, "NextRectNumber of a bad id", err, orglife.ErrNotFound)

	// Saved out of order, listed by number; a replace keeps one copy.
	b := rectItem("7", "m1", "r10", 2)
	a := rectItem("7", "m1", "r9", 1)
	a.PointID = "p3"
	for _, it := range []orglife.RectItem{b, a} {
		if err := rec.SaveRectItem(ctx, it); err != nil {
			t.Fatal(err)
		}
	}
	a.Status = orglife.RectReported
	a.Progress = []orglife.RectReport{{At: at(5), By: 1, Status: orglife.RectReported, Note: "已完成", Evidence: "file-1", Kind: "report"}}
	a.ClosedOn = orglife.Date{Year: 2023, Month: 11, Day: 2}
	if err := rec.SaveRectItem(ctx, a); err != nil {
		t.Fatal(err)
	}
	got, err := rec.RectItem(ctx, "7", "m1", "r9")
	if err != nil || !reflect.DeepEqual(got, a) {
		t.Fatalf("RectItem = %+v, %v; want %+v", got, err, a)
	}
	all, err := rec.RectItems(ctx, "7", "m1")
	if err != nil || len(all) != 2 || all[0].ID != "r9" || all[1].ID != "r10" || !reflect.DeepEqual(all[0], a) {
		t.Fatalf("RectItems = %+v, %v", all, err)
	}
	if others, err := rec.RectItems(ctx, "7", "m2"); err != nil || len(others) != 0 {
		t.Fatalf("the other meeting's items = %+v, %v", others, err)
	}

	_, err = rec.RectItem(ctx, "7", "m1", "r11")
	wantErr(t, "RectItem of a missing item", err, orglife.ErrNotFound)
	_, err = rec.RectItem(ctx, "7", "m2", "r9")
	wantErr(t, "RectItem under the wrong meeting", err, orglife.ErrNotFound)
	_, err = rec.RectItems(ctx, "7", "nope")
	wantErr(t, "RectItems of a missing meeting", err, orglife.ErrNotFound)
	wantErr(t, "SaveRectItem to a missing meeting", rec.SaveRectItem(ctx, rectItem("7", "nope", "r1", 1)), orglife.ErrNotFound)
	wantErr(t, "SaveRectItem to a missing branch", rec.SaveRectItem(ctx, rectItem("8", "m1", "r1", 1)), orglife.ErrNotFound)
	if err := rec.SaveRectItem(ctx, rectItem("7", "m1", "r:1", 1)); err == nil {
		t.Error("SaveRectItem accepted an id with ':'")
	}
	bad := rectItem("7", "m1", "r12", 3)
	bad.Status = "finished"
	if err := rec.SaveRectItem(ctx, bad); err == nil {
		t.Error("SaveRectItem accepted an unknown status")
	}

	// Everything lives in the branch's slot and never expires.
	for _, k := range c.Keys(ctx, "*rect*").Val() {
		if !strings.HasPrefix(k, "orglife:{b:7}:m:") {
			t.Errorf("key %s is outside the branch's slot", k)
		}
		if ttl := c.TTL(ctx, k).Val(); ttl != -1 {
			t.Errorf("key %s has TTL %v", k, ttl)
		}
	}
	if n := len(c.Keys(ctx, "*rect*").Val()); n != 3 { // m1's items and counter, m2's counter
		t.Errorf("%d rectification keys; want 3", n)
	}
}

func TestRectNumbersConcurrent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec, _ := newRecords(t)
	mustBranch(t, rec, "7", 100)
	mustMeeting(t, rec, "7", "m1", at(0))
	var wg sync.WaitGroup
	var mu sync.Mutex
	seen := map[int]bool{}
	for range 20 {
		wg.Go(func() {
			n, err := rec.NextRectNumber(ctx, "7", "m1")
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			seen[n] = true
			mu.Unlock()
		})
	}
	wg.Wait()
	for n := 1; n <= 20; n++ {
		if !seen[n] {
			t.Fatalf("numbers %v; want each of 1…20 once", seen)
		}
	}
}

// TestUpdateRectItemConcurrent: changes made at once all land; none is lost.
func TestUpdateRectItemConcurrent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec, _ := newRecords(t)
	mustBranch(t, rec, "7", 100)
	mustMeeting(t, rec, "7", "m1", at(0))
	if err := rec.SaveRectItem(ctx, rectItem("7", "m1", "r1", 1)); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			_, err := rec.UpdateRectItem(ctx, "7", "m1", "r1", func(it *orglife.RectItem) error {
				it.Progress = append(it.Progress, orglife.RectReport{Note: strings.Repeat("x", i+1), Kind: "report", Status: orglife.RectInProgress})
				it.Status = orglife.RectInProgress
				return nil
			})
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	it, err := rec.RectItem(ctx, "7", "m1", "r1")
	if err != nil || len(it.Progress) != 20 {
		t.Fatalf("%d reports after 20 concurrent updates (%v); want all 20", len(it.Progress), err)
	}
	refused := errors.New("refused")
	if _, err := rec.UpdateRectItem(ctx, "7", "m1", "r1", func(*orglife.RectItem) error { return refused }); !errors.Is(err, refused) {
		t.Fatalf("a refusal came back as %v", err)
	}
	if _, err := rec.UpdateRectItem(ctx, "7", "m1", "nope", func(*orglife.RectItem) error { return nil }); !errors.Is(err, orglife.ErrNotFound) {
		t.Fatalf("a missing item: %v", err)
	}
}
