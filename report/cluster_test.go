package report

import (
	"slices"
	"testing"
)

func TestNearDuplicate(t *testing.T) {
	cases := []struct {
		a, b string
		want bool
	}{
		{"理论学习不够系统，计划性不足。", "我理论学习不够系统 计划性不足", true},            // equal once normalised
		{"本人对党的创新理论学习不够系统", "对党的创新理论学习不够系统，计划性不足，学用结合不够", true}, // contained
		{"学习不够", "学习不够深入系统，计划性不足", false},                       // too short to count as contained
		{"在一些工作的推进过程中，并没有最大限度把群众组织起来，在动员各方面力量参与基层治理方面，未能完全达到最广泛、最有效的要求",
			"在一些工作推进过程中，没有最大限度把群众组织起来，在动员各方面力量参与基层治理方面，未能达到最广泛、最有效的要求", true}, // reworded
		{"理论学习不够系统，计划性不足", "理论学习不够深入，联系实际不够", false},
		{"开展思想政治教育针对性不强，问题导向意识不强", "对干部职工的生产生活关注度不够，思想教育和政治引导不够及时到位", false},
		{"", "", true},
		// minContained: a shorter text of 6 characters counts as contained, one of 5 does not
		// (the longer text is long enough that the bigrams alone do not match).
		{"学习不够深入", "学习不够深入系统计划性不足学用结合", true},
		{"学习不够深", "学习不够深入系统计划性不足学用结合", false},
		// minDice: 3 of 5 bigrams shared on each side is 0.6 (enough); 2 of 5 is 0.4.
		{"甲乙丙丁戊己", "甲乙丙丁庚辛", true},
		{"甲乙丙丁戊己", "甲乙丙庚辛壬", false},
		// Only letters and digits count, case folded; punctuation and spaces do not.
		{"Word、PPT 2.0 用得不熟", "word ppt20用得不熟！", true},
		{"第1条", "第2条", false},
		// 我们 is not a subject to strip: the branch speaks, not the member.
		{"我们学习", "学习", false},
		{"我学习", "学习", true},
	}
	for _, c := range cases {
		if got := nearDuplicate(c.a, c.b); got != c.want {
			t.Errorf("nearDuplicate(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
		if got := nearDuplicate(c.b, c.a); got != c.want {
			t.Errorf("nearDuplicate(%q, %q) = %v, want %v (symmetry)", c.b, c.a, got, c.want)
		}
	}
}

func TestMergeTexts(t *testing.T) {
	texts := []string{
		"学习不够系统",                 // 0
		"调研不够深入，掌握情况不准",          // 1
		"理论学习不够系统，计划性不足，学用结合不紧密", // 2: contains 0's words? no: 0 is 学习不够系统 (6 runes) → contained
		"调研不够深入，掌握情况不够准确",        // 3: reworded 1
		"调研不够深入，掌握情况不准。",         // 4: same as 1
	}
	cs := mergeTexts(texts)
	if len(cs) != 2 {
		t.Fatalf("%d groups, want 2: %+v", len(cs), cs)
	}
	if cs[0].count != 3 || cs[0].rep != 3 || cs[1].count != 2 || cs[1].rep != 2 {
		t.Errorf("groups %+v: want the 调研 group (3, longest text 3) before the 学习 group (2, longest text 2)", cs)
	}
}

func TestKeyOf(t *testing.T) {
	cases := []struct {
		in    string
		norm  string
		runes int
		grams int // distinct bigrams
	}{
		{"", "", 0, 0},
		{"。！ \n", "", 0, 0},
		{"  我对学习不够重视。 ", "对学习不够重视", 7, 6},
		{"本人自己学习不够", "学习不够", 4, 3},
		{"我们支部学习不够", "我们支部学习不够", 8, 7},
		{"Word、PPT 2.0", "wordppt20", 9, 8},
		{"哈哈哈哈", "哈哈哈哈", 4, 1}, // bigrams are a set
	}
	for _, c := range cases {
		k := keyOf(c.in)
		if k.norm != c.norm || k.runes != c.runes || len(k.grams) != c.grams {
			t.Errorf("keyOf(%q) = %q, %d runes, %d bigrams; want %q, %d, %d", c.in, k.norm, k.runes, len(k.grams), c.norm, c.runes, c.grams)
		}
	}
}

// TestMergeTextsGroups pins what mergeTexts groups and keeps apart: each group as its
// representative (the longest text), its first text and its size, in the order returned.
func TestMergeTextsGroups(t *testing.T) {
	const (
		study  = "理论学习不够系统"
		survey = "调研不够深入，掌握情况不准"
		masses = "联系群众不够紧密"
	)
	type group struct{ rep, first, count int }
	cases := []struct {
		name  string
		texts []string
		want  []group
	}{
		{"none", nil, nil},
		{"blank and punctuation only are left out", []string{"", "  ", "。！"}, nil},
		{"a blank before a text", []string{"。", study}, []group{{1, 1, 1}}},
		{"distinct texts stay apart, in order", []string{study, survey, masses},
			[]group{{0, 0, 1}, {1, 1, 1}, {2, 2, 1}}},
		{"same words, other punctuation and subject", []string{"我" + study, study + "。", "本人" + study + "！"},
			[]group{{0, 0, 3}}},
		{"most repeated first", []string{study, survey, masses, survey + "。", masses, "我" + masses},
			[]group{{2, 2, 3}, {1, 1, 2}, {0, 0, 1}}},
		{"equal counts keep the order of their first text", []string{survey, study, study, survey},
			[]group{{0, 0, 2}, {1, 1, 2}}},
		{"too short to be contained", []string{"学习不够", "学习不够深入系统，计划性不足"},
			[]group{{0, 0, 1}, {1, 1, 1}}},
		{"the longest text represents the group", []string{"学习不够深入", "学习不够深入系统", "对党的理论学习不够深入系统全面", "学习不够深入系统"},
			[]group{{2, 0, 4}}},
		{"a tie in length keeps the earlier representative", []string{"学习不够深入", "学习不够深入。"},
			[]group{{0, 0, 2}}},
		{"a text near two groups joins the first", []string{"学习不够深入系统", "工作作风不够扎实", "学习不够深入系统，工作作风不够扎实"},
			[]group{{2, 0, 2}, {1, 1, 1}}},
		// A text is compared with a group's representative, not with every member: 学习不够深刻
		// is near 学习不够深入 but not near the long text that now represents its group.
		{"compared with the representative", []string{"学习不够深入", "学习不够深入系统，计划性不足，学用结合不紧密，理论联系实际不够", "学习不够深刻"},
			[]group{{1, 0, 2}, {2, 2, 1}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []group
			for _, cl := range mergeTexts(c.texts) {
				got = append(got, group{cl.rep, cl.first, cl.count})
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("mergeTexts(%q) = %v, want %v", c.texts, got, c.want)
			}
		})
	}
}
