package report

import (
	"strings"
	"testing"
	"time"

	"orglife"
)

// testBallot is the full meeting's 民主评议: seven on the roster, six voted.
func testBallot() *orglife.Ballot {
	return &orglife.Ballot{BranchID: "b1", MeetingID: "m1", Closes: time.Date(2023, 10, 9, 0, 0, 0, 0, time.UTC),
		Roster: []int64{1, 2, 3, 4, 5, 6, 7}, MinVoters: 5, Closed: true, Voters: 6,
		Tally: []orglife.BallotTally{
			{UserID: 1, Counts: [4]int{5, 0, 0, 0}}, {UserID: 2, Counts: [4]int{3, 2, 0, 0}}, {UserID: 3, Counts: [4]int{2, 3, 0, 0}},
			{UserID: 4, Counts: [4]int{0, 5, 0, 0}}, {UserID: 5, Counts: [4]int{0, 4, 1, 0}}, {UserID: 6, Counts: [4]int{1, 4, 0, 0}},
			{UserID: 7, Counts: [4]int{0, 3, 2, 1}},
		}}
}

// appraisalData is the full meeting with its 民主评议 counted: the report gets （三）民主评议结果.
func appraisalData() Data {
	d := fullData()
	d.Ballot = testBallot()
	return d
}

// TestAppraisalParagraph: the report's 民主评议结果 for each state of the ballot.
func TestAppraisalParagraph(t *testing.T) {
	open := testBallot()
	open.Closed, open.Voters, open.Tally = false, 0, nil
	few := testBallot()
	few.Voters, few.Tally = 4, nil
	for _, c := range []struct {
		name   string
		ballot *orglife.Ballot
		want   []string
		not    []string
	}{
		{"none", nil, nil, nil},
		{"open", open, []string{"应参评7名", "2023年10月8日截止", "【待补充：民主评议结果"}, []string{"票"}},
		{"too few", few, []string{"实际参评4名，不足5名，为保护无记名评议的秘密，不统计、不公布评议结果"}, []string{"票"}},
		{"published", testBallot(), []string{"应参评7名，实际参评6名。评议结果：王书记同志优秀5票；", "孙六同志合格3票、基本合格2票、不合格1票。"}, []string{"【待补充"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := fullData()
			d.Ballot = c.ballot
			got := appraisalParagraph(d, indexMembers(d.Members))
			if (got == "") != (c.want == nil) {
				t.Fatalf("paragraph %q", got)
			}
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("%q lacks %q", got, w)
				}
			}
			for _, n := range c.not {
				if strings.Contains(got, n) {
					t.Errorf("%q has %q", got, n)
				}
			}
			rows := AppraisalList(d).Blocks[2].Table.Rows
			if c.ballot != nil && c.ballot.Published() != (len(rows) == 7) {
				t.Errorf("the workbook has %d rows", len(rows))
			}
		})
	}
}
