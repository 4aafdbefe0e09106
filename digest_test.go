package orglife

import (
	"slices"
	"testing"
	"time"
)

func digestMeeting() Meeting {
	day := func(d int) Date { return Date{Year: 2026, Month: 12, Day: d} }
	return Meeting{ID: "m1", BranchID: "7", Date: day(20), Steps: []Step{
		{Kind: StepPlan, Deadline: day(5), Responsible: BySecretary},
		{Kind: StepPoints, Deadline: day(10), Responsible: ByEveryone},
		{Kind: StepTalks, Deadline: day(12), Responsible: ByEveryone},
	}}
}

func TestDigestStepsOverdue(t *testing.T) {
	m := digestMeeting()
	day := func(d int) Date { return Date{Year: 2026, Month: 12, Day: d} }
	behind := StepProgress{Done: []int64{1}, Pending: []int64{2}}
	allDone := StepProgress{Done: []int64{1, 2}}
	for _, tc := range []struct {
		name  string
		today Date
		prog  map[StepKind]StepProgress
		want  map[StepKind]int // overdue days
	}{
		{"before every deadline", day(4), map[StepKind]StepProgress{StepPlan: {Pending: []int64{1}}, StepPoints: behind, StepTalks: behind},
			map[StepKind]int{}},
		{"on the deadline is not overdue", day(5), map[StepKind]StepProgress{StepPlan: {Pending: []int64{1}}, StepPoints: behind},
			map[StepKind]int{}},
		{"the plan not adopted two days on", day(7), map[StepKind]StepProgress{StepPlan: {Pending: []int64{1}}, StepPoints: behind},
			map[StepKind]int{StepPlan: 2}},
		{"the plan adopted late is not overdue", day(7), map[StepKind]StepProgress{StepPlan: {Done: []int64{1}}},
			map[StepKind]int{}},
		{"points past and owed, talks past but done", day(13), map[StepKind]StepProgress{StepPlan: {Done: []int64{1}}, StepPoints: behind, StepTalks: allDone},
			map[StepKind]int{StepPoints: 3}},
		{"across a month's end", Date{Year: 2027, Month: 1, Day: 2}, map[StepKind]StepProgress{StepPlan: {Pending: []int64{1}}, StepTalks: behind},
			map[StepKind]int{StepPlan: 28, StepTalks: 21}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			steps := DigestSteps(m, tc.prog, tc.today)
			if len(steps) != len(m.Steps) {
				t.Fatalf("%d steps, want %d", len(steps), len(m.Steps))
			}
			var overdue []StepKind
			for i, s := range steps {
				if s.Kind != m.Steps[i].Kind {
					t.Errorf("step %d is %s, want the meeting's order", i, s.Kind)
				}
				if s.OverdueDays != tc.want[s.Kind] {
					t.Errorf("%s: overdue %d days, want %d", s.Kind, s.OverdueDays, tc.want[s.Kind])
				}
				if s.OverdueDays > 0 {
					overdue = append(overdue, s.Kind)
				}
			}
			if got := NewDigestSnapshot(m, steps, time.Time{}, time.Time{}, false).Overdue; !slices.Equal(got, overdue) {
				t.Errorf("snapshot's overdue %v, want %v", got, overdue)
			}
		})
	}
}

func TestDigestDueSoon(t *testing.T) {
	m := digestMeeting()
	owed := map[StepKind]StepProgress{StepPlan: {Done: []int64{1}}, StepPoints: {Pending: []int64{2}}, StepTalks: {Done: []int64{2}}}
	done := map[StepKind]StepProgress{StepPlan: {Done: []int64{1}}, StepPoints: {Done: []int64{2}}, StepTalks: {Done: []int64{2}}}
	for _, tc := range []struct {
		today int // of December; points are due on the 10th, talks (done) on the 12th
		prog  map[StepKind]StepProgress
		want  bool
	}{
		{7, owed, false}, // three days before
		{8, owed, true},  // the day after tomorrow
		{9, owed, true},  // tomorrow
		{10, owed, true}, // today
		{11, owed, false},
		{10, done, false}, // nobody owes it
	} {
		steps := DigestSteps(m, tc.prog, Date{Year: 2026, Month: 12, Day: tc.today})
		if got := DigestDueSoon(steps, Date{Year: 2026, Month: 12, Day: tc.today}); got != tc.want {
			t.Errorf("December %d: due soon %v, want %v", tc.today, got, tc.want)
		}
	}
}

func TestDigestChangesIn(t *testing.T) {
	since := time.Date(2026, 12, 3, 18, 0, 0, 0, time.UTC)
	until := since.Add(24 * time.Hour)
	before, inside, after := since.Add(-time.Minute), since.Add(time.Hour), until.Add(time.Minute)
	day := Date{Year: 2026, Month: 12, Day: 6}
	r := DigestRecords{
		Points: []Point{
			{ID: "p1", CreatedAt: before},
			{ID: "p2", CreatedAt: inside},
			{ID: "p3", CreatedAt: until}, // the window's end is in it
			{ID: "p4", CreatedAt: inside, Withdrawn: true},
			{ID: "p5", CreatedAt: since}, // its start is the last digest's end
			{ID: "p6", CreatedAt: after},
		},
		Talks: []Talk{
			{ID: "t1", CreatedAt: inside, Status: ConfirmPending},
			{ID: "t2", CreatedAt: before, Status: ConfirmDisputed, AnsweredAt: inside},
			{ID: "t3", CreatedAt: before, Status: ConfirmDisputed, AnsweredAt: before},
			{ID: "t4", CreatedAt: before, Status: ConfirmAgreed, AnsweredAt: inside},
			{ID: "t5", CreatedAt: before, Status: ConfirmDisputed}, // answered before the time was kept
		},
		Items: []RectItem{
			{ID: "r1", Status: RectReported, Progress: []RectReport{{At: before, Status: RectInProgress}, {At: inside, Status: RectReported}}},
			{ID: "r2", Status: RectReported, Progress: []RectReport{{At: before, Status: RectReported}}},
			{ID: "r3", Status: RectClosed, Progress: []RectReport{{At: inside, Status: RectReported}, {At: inside, Status: RectClosed}}},
			{ID: "r4", Status: RectInProgress, Progress: []RectReport{{At: inside, Status: RectInProgress}}},
			{ID: "r5", Status: RectReported}, // no history: never new
		},
		Leaves: []Leave{
			{UserID: 1, From: day, To: day, SetAt: inside},
			{UserID: 2, From: day, To: day, SetAt: before},
			{UserID: 3, From: day, To: day}, // set before the time was kept
		},
	}
	c := DigestChangesIn(since, until, r)
	ids := func(n int, id func(int) string) []string {
		var out []string
		for i := range n {
			out = append(out, id(i))
		}
		return out
	}
	if c.Points != 2 || c.Talks != 1 {
		t.Errorf("points %d, talks %d; want 2 and 1", c.Points, c.Talks)
	}
	if got := ids(len(c.Disputes), func(i int) string { return c.Disputes[i].ID }); !slices.Equal(got, []string{"t2"}) {
		t.Errorf("disputes %v, want [t2]", got)
	}
	if got := ids(len(c.Reported), func(i int) string { return c.Reported[i].ID }); !slices.Equal(got, []string{"r1"}) || c.Waiting != 3 {
		t.Errorf("reported %v of %d waiting, want [r1] of 3", got, c.Waiting)
	}
	if len(c.Leaves) != 1 || c.Leaves[0].UserID != 1 {
		t.Errorf("leaves %+v, want user 1's", c.Leaves)
	}
	if c.Empty() {
		t.Error("changes found, yet Empty")
	}
	// Waiting items alone are no change: they were news when reported.
	if c := DigestChangesIn(after, after.Add(time.Hour), r); !c.Empty() || c.Waiting != 3 {
		t.Errorf("a window with nothing in it: %+v", c)
	}
}

func TestDigestNewsAndSending(t *testing.T) {
	m := digestMeeting()
	m.CreatedAt = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	today := Date{Year: 2026, Month: 12, Day: 3} // nothing due within two days
	at := time.Date(2026, 12, 3, 18, 0, 0, 0, time.UTC)
	owed := map[StepKind]StepProgress{StepPlan: {Done: []int64{1}}, StepPoints: {Done: []int64{1}, Pending: []int64{2}},
		StepTalks: {Pending: []int64{1, 2}}}
	steps := DigestSteps(m, owed, today)
	last := NewDigestSnapshot(m, steps, m.CreatedAt, at.Add(-24*time.Hour), true)
	moved := DigestSteps(m, map[StepKind]StepProgress{StepPlan: {Done: []int64{1}}, StepPoints: {Done: []int64{1, 2}},
		StepTalks: {Pending: []int64{1, 2}}}, today)
	lateDay := Date{Year: 2026, Month: 12, Day: 6} // the plan's deadline was the 5th
	unadopted := map[StepKind]StepProgress{StepPlan: {Pending: []int64{1}}, StepPoints: owed[StepPoints], StepTalks: owed[StepTalks]}
	lastUnadopted := NewDigestSnapshot(m, DigestSteps(m, unadopted, today), m.CreatedAt, at, false)
	lastOverdue := NewDigestSnapshot(m, DigestSteps(m, unadopted, lateDay), m.CreatedAt, at, false)

	since, first := DigestSince(DigestSnapshot{}, false, m)
	if !first || !since.Equal(m.CreatedAt) {
		t.Errorf("the first digest's window starts %v (first %v), want at the setting up", since, first)
	}
	if since, first := DigestSince(last, true, m); first || !since.Equal(last.At) {
		t.Errorf("the next digest's window starts %v (first %v), want at the last one", since, first)
	}
	for _, tc := range []struct {
		name    string
		last    DigestSnapshot
		found   bool
		steps   []DigestStep
		today   Date
		changes DigestChanges
		news    bool
		send    bool
	}{
		{"the first digest", DigestSnapshot{}, false, steps, today, DigestChanges{}, true, true},
		{"the last was of another meeting", DigestSnapshot{MeetingID: "m0", Progress: last.Progress}, true, steps, today, DigestChanges{}, true, true},
		{"nothing changed, nothing due soon", last, true, steps, today, DigestChanges{}, false, false},
		{"nothing changed, points due in two days", last, true, steps, Date{Year: 2026, Month: 12, Day: 8}, DigestChanges{}, false, true},
		{"a new point", last, true, steps, today, DigestChanges{Points: 1}, true, true},
		{"a new leave", last, true, steps, today, DigestChanges{Leaves: []Leave{{UserID: 2}}}, true, true},
		{"items waiting, none new", last, true, steps, today, DigestChanges{Waiting: 2}, false, false},
		{"someone did a step", last, true, moved, today, DigestChanges{}, true, true},
		{"the plan became overdue", lastUnadopted, true, DigestSteps(m, unadopted, lateDay), lateDay, DigestChanges{}, true, true},
		{"the plan stays overdue, a day more", lastOverdue, true, DigestSteps(m, unadopted, lateDay.AddDays(1)), lateDay.AddDays(1), DigestChanges{}, false, false},
		{"everything done", last, true, DigestSteps(m, map[StepKind]StepProgress{StepPlan: {Done: []int64{1}}}, today), today, DigestChanges{Points: 3}, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cur := NewDigestSnapshot(m, tc.steps, last.At, at, false)
			news := DigestNews(tc.last, tc.found, cur, tc.changes)
			if news != tc.news {
				t.Errorf("news %v, want %v", news, tc.news)
			}
			if send := DigestWorthSending(news, tc.steps, tc.today); send != tc.send {
				t.Errorf("sent %v, want %v", send, tc.send)
			}
		})
	}
}
