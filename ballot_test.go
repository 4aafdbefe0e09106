package orglife

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"
)

// TestBallotRules: who may rate whom, when a vote is complete, what counts and what is kept.
func TestBallotRules(t *testing.T) {
	b := Ballot{Roster: []int64{1, 2, 3, 4}, MinVoters: 2, Closes: time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)}
	const E, G, B, P = RatingExcellent, RatingGood, RatingBasic, RatingPoor
	t.Run("rate", func(t *testing.T) {
		for _, c := range []struct {
			voter, candidate int64
			r                Rating
			ok               bool
		}{
			{1, 2, E, true}, {1, 4, P, true}, {1, 1, E, false}, {1, 9, E, false}, {1, 2, RatingNone, false}, {1, 2, Rating(5), false},
		} {
			v := b.NewVote()
			err := b.Rate(v, c.voter, c.candidate, c.r)
			if (err == nil) != c.ok || err != nil && !errors.Is(err, ErrNotVoter) {
				t.Errorf("Rate(%d → %d, %d) = %v", c.voter, c.candidate, c.r, err)
			}
		}
	})
	t.Run("complete", func(t *testing.T) {
		for _, c := range []struct {
			voter int64
			v     Vote
			want  bool
		}{
			{1, Vote{0, E, G, B}, true}, {1, Vote{0, E, G, 0}, false}, {2, Vote{P, 0, G, B}, true},
			{2, Vote{P, G, G, B}, true}, {1, Vote{0, E, G}, false}, {1, nil, false},
		} {
			if got := b.Complete(c.v, c.voter); got != c.want {
				t.Errorf("Complete(%v by %d) = %v", c.v, c.voter, got)
			}
		}
	})
	t.Run("count", func(t *testing.T) {
		for _, c := range []struct {
			name   string
			votes  []Vote
			voters int
			tally  [][4]int
			shown  bool
		}{
			{"none", nil, 0, [][4]int{{}, {}, {}, {}}, false},
			{"one is too few", []Vote{{0, E, E, E}}, 1, nil, false},
			{"incomplete ones do not count", []Vote{{0, E, E, E}, {G, 0, G, 0}, {B, B, 0, B}}, 2, [][4]int{{0, 0, 1, 0}, {1, 0, 1, 0}, {1, 0, 0, 0}, {1, 0, 1, 0}}, true},
			{"all", []Vote{{0, E, E, E}, {G, 0, G, G}, {B, B, 0, B}, {P, P, P, 0}}, 4,
				[][4]int{{0, 1, 1, 1}, {1, 0, 1, 1}, {1, 1, 0, 1}, {1, 1, 1, 0}}, true},
		} {
			s := b.Settle(c.votes, b.Closes)
			var got [][4]int
			for _, tl := range s.Tally {
				got = append(got, tl.Counts)
			}
			if !s.Closed || s.Voters != c.voters || s.Published() != c.shown || !slices.Equal(got, c.tally) && c.shown {
				t.Errorf("%s: voters %d, shown %v, tally %v; want %d, %v, %v", c.name, s.Voters, s.Published(), got, c.voters, c.shown, c.tally)
			}
			if !c.shown && s.Tally != nil {
				t.Errorf("%s: counts kept without results: %v", c.name, s.Tally)
			}
		}
	})
	t.Run("open", func(t *testing.T) {
		if !b.OpenAt(b.Closes.Add(-time.Second)) || b.OpenAt(b.Closes) || (Ballot{Closed: true, Closes: b.Closes}).OpenAt(b.Closes.Add(-time.Hour)) {
			t.Error("open until the closing time, and never once closed")
		}
	})
}

// TestPlanBallotReminders: the day before the last day and the last day, at the reminder
// time, moved to the working day before like a step's reminder; none on the opening day or
// before it, one when the window puts both on one moment, none without an open ballot.
func TestPlanBallotReminders(t *testing.T) {
	sh := mustLoad(t, "Asia/Shanghai")
	at := func(day int) string { return time.Date(2026, 12, day, 9, 0, 0, 0, sh).Format("01-02 15:04") }
	d := func(day int) Date { return Date{2026, 12, day} }
	for _, tc := range []struct {
		name           string
		opened, closes int // days of December 2026 (the 1st is a Tuesday); 0: no open ballot
		window         Window
		want           []string // "n@MM-DD HH:MM"
	}{
		{"weekday close", 1, 10, officeHours, []string{"1@" + at(9), "0@" + at(10)}},
		{"Monday close: the day before moves to Friday", 1, 7, officeHours, []string{"1@" + at(4), "0@" + at(7)}},
		{"Sunday close: both on Friday, sent once", 1, 20, officeHours, []string{"0@" + at(18)}},
		{"Sunday close, every day works", 1, 20, everyDay, []string{"1@" + at(19), "0@" + at(20)}},
		{"opened the day before the close", 9, 10, officeHours, []string{"0@" + at(10)}},
		{"opened on the last day", 10, 10, officeHours, nil},
		{"opened on the Friday a Sunday close moves to", 18, 20, officeHours, nil},
		{"no open ballot", 0, 0, officeHours, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := Meeting{ID: "m1", BranchID: "b1", Date: d(28)}
			if tc.closes != 0 {
				m.BallotDays = &BallotDays{Opened: d(tc.opened), Closes: d(tc.closes)}
			}
			var got []string
			for _, r := range PlanBallotReminders(m, sh, ReminderRules{At: TimeOfDay{9, 0}, Window: tc.window}) {
				if r.Kind != RemindBallot || r.Key != fmt.Sprintf("ballot:b1:m1:%d", r.DaysBefore) || !r.Planned.Equal(r.Due) {
					t.Errorf("reminder %+v", r)
				}
				got = append(got, fmt.Sprintf("%d@%s", r.DaysBefore, r.Due.In(sh).Format("01-02 15:04")))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("planned %v, want %v", got, tc.want)
			}
			// The meeting's plan holds them, in the branch's zone: a replan keeps them.
			var inPlan []string
			for _, r := range PlanMeeting(m, sh, time.Date(2026, 12, 1, 8, 0, 0, 0, sh), PlanOptions{Rules: ReminderRules{At: TimeOfDay{9, 0}, Window: tc.window}}) {
				if r.Kind == RemindBallot {
					if r.Zone != sh.String() {
						t.Errorf("zone %q", r.Zone)
					}
					inPlan = append(inPlan, fmt.Sprintf("%d@%s", r.DaysBefore, r.Due.In(sh).Format("01-02 15:04")))
				}
			}
			if !slices.Equal(inPlan, tc.want) {
				t.Errorf("PlanMeeting planned %v, want %v", inPlan, tc.want)
			}
		})
	}
}

// TestPlanBranchPlansBallotReminders: a branch written without the bot (orglife import)
// gets its open ballot's reminders to vote with the current meeting's plan.
func TestPlanBranchPlansBallotReminders(t *testing.T) {
	sh := mustLoad(t, "Asia/Shanghai")
	m := Meeting{ID: "m1", BranchID: "b1", Date: Date{2026, 12, 28}, BallotDays: &BallotDays{Opened: Date{2026, 12, 1}, Closes: Date{2026, 12, 10}}}
	opts := PlanOptions{Rules: ReminderRules{At: TimeOfDay{9, 0}, Window: officeHours}, Location: sh}
	var keys []string
	for _, g := range PlanBranch(Branch{ID: "b1", CurrentMeeting: "m1"}, []Meeting{m}, nil, time.Date(2026, 12, 2, 8, 0, 0, 0, sh), opts) {
		for _, r := range g.Reminders {
			if r.Kind == RemindBallot {
				keys = append(keys, g.Group+" "+r.Key)
			}
		}
	}
	if want := []string{"b:b1:m:m1 ballot:b1:m1:1", "b:b1:m:m1 ballot:b1:m1:0"}; !slices.Equal(keys, want) {
		t.Errorf("planned %v, want %v", keys, want)
	}
}
