package report

import (
	"slices"
	"strings"
	"testing"
)

func TestTitleLines(t *testing.T) {
	for _, tc := range []struct {
		title   string
		perLine int
		want    []string
	}{
		{"短标题", 20, []string{"短标题"}},
		// The report's own title: between the branch and the meeting's name, not 「报告」 alone.
		{"城东社区党支部主题教育专题组织生活会开展情况报告", 20, []string{"城东社区党支部主题教育", "专题组织生活会开展情况报告"}},
		{"第一党支部关于召开2025年度组织生活会情况的报告", 20, []string{"第一党支部关于召开2025年度", "组织生活会情况的报告"}},
		{"张三同志个人对照检查材料（提纲）", 10, []string{"张三同志个人对照", "检查材料（提纲）"}},
	} {
		got := titleLines(tc.title, tc.perLine)
		if !slices.Equal(got, tc.want) {
			t.Errorf("titleLines(%q, %d) = %q, want %q", tc.title, tc.perLine, got, tc.want)
		}
	}
}

// TestTitleLinesProperties checks on many titles that the lines join back to the title, fit,
// are never of one or two characters, do not cut a number and start with no closing mark.
func TestTitleLinesProperties(t *testing.T) {
	branches := []string{"城东社区党支部", "第一党支部", "机关第二党支部", "XX公司研发部党支部", "城东社区"}
	meetings := []string{"主题教育专题组织生活会", "2025年度组织生活会", "学习贯彻党的二十大精神专题组织生活会", "会"}
	tails := []string{"开展情况报告", "情况的报告", "报告", "召开情况"}
	for _, b := range branches {
		for _, m := range meetings {
			for _, tail := range tails {
				title := b + m + tail
				for perLine := 8; perLine <= 22; perLine++ {
					lines := titleLines(title, perLine)
					if strings.Join(lines, "") != title {
						t.Fatalf("titleLines(%q, %d) = %q: lost text", title, perLine, lines)
					}
					if len(lines) == 1 {
						continue
					}
					for i, l := range lines {
						if n := len([]rune(l)); n <= 2 {
							t.Errorf("titleLines(%q, %d) = %q: line %d has %d characters", title, perLine, lines, i, n)
						}
						if titleWidth(l) > 2*perLine {
							t.Errorf("titleLines(%q, %d) = %q: line %d is too wide", title, perLine, lines, i)
						}
						if i > 0 {
							last := []rune(lines[i-1])
							first := []rune(l)[0]
							if isWordRune(last[len(last)-1]) && isWordRune(first) {
								t.Errorf("titleLines(%q, %d) = %q: a number is cut", title, perLine, lines)
							}
							if strings.ContainsRune(noLineStart, first) {
								t.Errorf("titleLines(%q, %d) = %q: line %d starts with %q", title, perLine, lines, i, first)
							}
						}
					}
				}
			}
		}
	}
}
