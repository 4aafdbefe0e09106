package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"orglife"
	"orglife/configs"
)

// seedNearCopies records points of which 党员1's and 党员2's problems are the same words
// (punctuation aside), 党员3's measure is a stock phrase and 委员1's problem only shares a
// topic with them; 党员2's withdrawn copy of 委员1's counts nowhere.
func seedNearCopies(t *testing.T, f *fixture) {
	t.Helper()
	ctx, now := context.Background(), time.Now()
	b, m := f.branch.ID, f.meeting.ID
	point := func(id string, member int64, problem, measure string, withdrawn bool) {
		p := orglife.Point{ID: id, MeetingID: m, MemberID: member, Area: orglife.AreaTheory, Source: orglife.SourceSelf,
			Problem: problem, Measure: measure, CreatedAt: now, UpdatedAt: now, Withdrawn: withdrawn}
		if err := f.records.SavePoint(ctx, b, p, orglife.PointChange{By: member, Action: orglife.PointCreate}); err != nil {
			t.Fatal(err)
		}
	}
	point("p1", 201, "对党的创新理论学习不够系统深入，学用结合不紧", "每周读原著两小时", false)
	point("p2", 202, "对党的创新理论学习不够系统深入。学用结合不紧。", "参加支部集中学习并做笔记", false)
	point("p3", 203, "下基层调研少，对群众急难愁盼掌握不及时", "有待提高", false)
	point("p4", 101, "平时忙于业务工作，理论学习时间挤占较多", "制定个人学习计划", false)
	point("p5", 202, "平时忙于业务工作，理论学习时间挤占较多", "", true)
}

func TestStatusShowsNearCopies(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 1, 3) // 张书记 100, 委员1 101, 党员1 201, 党员2 202, 党员3 203
	seedNearCopies(t, f)

	for _, who := range []struct {
		name string
		text func() string
	}{
		{"secretary", func() string { return statusReplies(t, f.secretary)[0].Text }},
		{"committee member", func() string { return statusReplies(t, f.committee[0])[0].Text }},
	} {
		text := who.text()
		section := lineWith(t, text, "内容雷同提示")
		if !strings.Contains(section, "仅支委可见") {
			t.Errorf("%s: the section does not say who sees it: %q", who.name, section)
		}
		if l := lineWith(t, text, "· 党员1 ↔ 党员2"); l != "· 党员1 ↔ 党员2：问题相近" {
			t.Errorf("%s: the copied pair reads %q", who.name, l)
		}
		if l := lineWith(t, text, "· 党员3"); !strings.HasPrefix(l, "· 党员3：措施接近套话") {
			t.Errorf("%s: the stock phrase reads %q", who.name, l)
		}
		if strings.Contains(text, "委员1 ↔") || strings.Contains(text, "↔ 委员1") {
			t.Errorf("%s: a withdrawn copy made 委员1 a near-copy:\n%s", who.name, text)
		}
	}

	// A member who is not on the committee does not get /status at all.
	f.members[0].Send("/status")
	if got := reply(t, f.members[0], "只有支委可以使用").Text; strings.Contains(got, "内容雷同") {
		t.Errorf("a member read the near-copies: %q", got)
	}
}

// report.similarity_threshold decides how alike is a near-copy: two problems a word apart
// are named at the default 0.6 and not at 0.9.
func TestStatusNearCopyThreshold(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		threshold float64
		named     bool
	}{{0, true}, {0.9, false}} {
		var opts []option
		if c.threshold > 0 {
			opts = append(opts, withConfig(func(cfg *configs.Config) { cfg.Report.SimilarityThreshold = c.threshold }))
		}
		h := newHarness(t, opts...)
		f := seedBranch(t, h, 1, 2)
		ctx, now := context.Background(), time.Now()
		for i, problem := range []string{"对党的创新理论学习不够系统深入", "对党的创新理论学习不够全面深入"} {
			p := orglife.Point{ID: "p" + string(rune('1'+i)), MeetingID: f.meeting.ID, MemberID: int64(201 + i), Area: orglife.AreaTheory,
				Source: orglife.SourceSelf, Problem: problem, CreatedAt: now, UpdatedAt: now}
			if err := f.records.SavePoint(ctx, f.branch.ID, p, orglife.PointChange{By: p.MemberID, Action: orglife.PointCreate}); err != nil {
				t.Fatal(err)
			}
		}
		text := statusReplies(t, f.secretary)[0].Text
		if got := strings.Contains(text, "· 党员1 ↔ 党员2：问题相近"); got != c.named {
			t.Errorf("threshold %g: pair named %v, want %v:\n%s", c.threshold, got, c.named, text)
		}
	}
}
