package orglife

import (
	"errors"
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
