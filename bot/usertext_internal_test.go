package bot

import (
	"testing"

	"orglife"
)

func TestClip(t *testing.T) {
	cases := []struct {
		in   string
		n    int
		want string
	}{
		{"", 3, ""},
		{"abc", 3, "abc"},
		{"abcd", 3, "abc…"},
		{"学习不够深入", 6, "学习不够深入"}, // 6 characters, 18 bytes: not cut
		{"学习不够深入", 4, "学习不够…"},
		{"a学b习", 2, "a学…"},
		{"<b>&", 2, "<b…"}, // cut before quoting: no half entity
		{"abc", 0, "…"},
		{"👍👍👍", 2, "👍👍…"},
	}
	for _, c := range cases {
		if got := clip(c.in, c.n); got != c.want {
			t.Errorf("clip(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}

func TestMinLength(t *testing.T) {
	withMin := Text{ZH: "至少 %d 个字。", EN: "At least %d characters."}
	plain := Text{ZH: "请写具体一些。", EN: "Please write more."}
	cases := []struct {
		min            int
		problem        Text
		showMin        bool
		lang           orglife.Lang
		text           string
		value, refusal string
	}{
		{2, plain, false, orglife.LangZH, "学习", "学习", ""},
		{2, plain, false, orglife.LangZH, "学", "", "请写具体一些。"},
		{2, plain, false, orglife.LangEN, "", "", "Please write more."},
		{2, plain, false, orglife.LangZH, "  ", "  ", ""}, // no trimming here
		{4, withMin, true, orglife.LangZH, "学习不够", "学习不够", ""},
		{4, withMin, true, orglife.LangZH, "学习不", "", "至少 4 个字。"}, // 3 characters, though 9 bytes
		{4, withMin, true, orglife.LangEN, "abc", "", "At least 4 characters."},
		{10, withMin, true, orglife.LangZH, "学习不够深入系统学用", "学习不够深入系统学用", ""},
	}
	for _, c := range cases {
		tn := &turn{lang: c.lang}
		value, problem := minLength(c.min, c.problem, c.showMin)(tn, answers{}, c.text)
		if value != c.value || problem != c.refusal {
			t.Errorf("minLength(%d, %q, %v)(%q) = %q, %q; want %q, %q", c.min, c.problem.In(c.lang), c.showMin, c.text, value, problem, c.value, c.refusal)
		}
	}
}
