package report

import (
	"fmt"
	"strconv"
	"strings"

	"orglife"
)

// 民主评议党员 in the documents: the results workbook sent to the secretary at the close
// (AppraisalList) and the report's 民主评议结果 paragraph (appraisalParagraph). Both see only
// what a closed ballot keeps: how many voted, and each member's counts.

// AppraisalList is the 民主评议党员结果 table: each member of the roster with the count of
// each rating, in roster order. A ballot without results (open, or too few voters) gives the
// table empty with the reason.
func AppraisalList(d Data) Document {
	ix := indexMembers(d.Members)
	title := branchName(d) + meetingTitle(d) + "民主评议党员结果"
	doc := Document{Title: title, Author: branchName(d), Name: "民主评议党员结果", Blocks: []Block{{Kind: KindTitle, Text: title}}}
	var rows [][]string
	if b := d.Ballot; b != nil && b.Published() {
		for i, t := range b.Tally {
			row := []string{strconv.Itoa(i + 1), ix.name(t.UserID)}
			for _, c := range t.Counts {
				row = append(row, strconv.Itoa(c))
			}
			rows = append(rows, row)
		}
	}
	doc.Blocks = append(doc.Blocks, Block{Kind: KindBody, Text: appraisalParagraph(d, ix)}, Block{Kind: KindTable, Table: &Table{
		Header: []string{"序号", "姓名", "优秀（票）", "合格（票）", "基本合格（票）", "不合格（票）"},
		Rows:   rows,
	}})
	return doc
}

// appraisalParagraph is 民主评议结果 in words: who took part and each member's counts, or why
// there are none; "" when the meeting has no ballot.
func appraisalParagraph(d Data, ix memberIndex) string {
	b := d.Ballot
	switch {
	case b == nil:
		return ""
	case !b.Closed:
		return fmt.Sprintf("支部同步开展民主评议党员，应参评%d名，评议于%s截止。%s", len(b.Roster),
			orglife.DateOf(b.Closes.Add(-1), b.Closes.Location()).Chinese(), pending("民主评议结果（评议截止后生成）"))
	case !b.Published():
		return fmt.Sprintf("支部同步开展民主评议党员，应参评%d名，实际参评%d名，不足%d名，为保护无记名评议的秘密，不统计、不公布评议结果。",
			len(b.Roster), b.Voters, b.MinVoters)
	}
	parts := make([]string, 0, len(b.Tally))
	for _, t := range b.Tally {
		var counts []string
		for i, c := range t.Counts {
			if c > 0 {
				counts = append(counts, fmt.Sprintf("%s%d票", orglife.Ratings[i].Name(orglife.LangZH), c))
			}
		}
		parts = append(parts, ix.name(t.UserID)+"同志"+strings.Join(counts, "、"))
	}
	return fmt.Sprintf("支部同步开展民主评议党员，采取无记名方式，应参评%d名，实际参评%d名。评议结果：%s。",
		len(b.Roster), b.Voters, strings.Join(parts, "；"))
}
