package bot

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"orglife/report"
)

// documentSentences hands out the body paragraphs' sentences only, and rebuilding with other
// texts changes those paragraphs and nothing else: not the title, a heading or a table.
func TestDocumentSentencesTouchOnlyTheBody(t *testing.T) {
	table := &report.Table{Header: []string{"问题"}, Rows: [][]string{{"学习不够。"}}}
	doc := report.Document{Title: "报告", Blocks: []report.Block{
		{Kind: report.KindTitle, Text: "报告"},
		{Kind: report.KindBody, Text: "支部开展学习2次。会前，支部查摆问题。"},
		{Kind: report.KindHeading1, Text: "一、会前准备充分。"},
		{Kind: report.KindTable, Table: table},
		{Kind: report.KindBody, Text: "【待补充：会议日期】"},
	}}
	sentences, rebuild := documentSentences(doc)
	var texts []string
	for _, s := range sentences {
		texts = append(texts, s.Text)
	}
	if want := []string{"支部开展学习2次。", "会前，支部查摆问题。", "【待补充：会议日期】"}; !slices.Equal(texts, want) {
		t.Fatalf("sentences %q, want %q", texts, want)
	}
	for i := range texts {
		texts[i] = strings.ReplaceAll(texts[i], "支部", "本支部")
	}
	out := rebuild(texts)
	if out.Blocks[1].Text != "本支部开展学习2次。会前，本支部查摆问题。" || out.Blocks[4].Text != "【待补充：会议日期】" {
		t.Errorf("body after rebuilding: %q / %q", out.Blocks[1].Text, out.Blocks[4].Text)
	}
	if !reflect.DeepEqual(out.Blocks[0], doc.Blocks[0]) || !reflect.DeepEqual(out.Blocks[2], doc.Blocks[2]) || out.Blocks[3].Table != table || out.Title != doc.Title {
		t.Errorf("the title, a heading or a table changed: %+v", out.Blocks)
	}
	if doc.Blocks[1].Text != "支部开展学习2次。会前，支部查摆问题。" {
		t.Error("rebuilding changed the document it was made from")
	}
}
