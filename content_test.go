package orglife

import "testing"

func TestWordless(t *testing.T) {
	for _, tt := range []struct {
		text string
		want bool
	}{
		{"", true},
		{"   ", true},
		{"😀😀😀😀", true},
		{"👍🏻👍🏻", true},
		{"２．５", true},
		{"2.5", true},
		{"12345", true},
		{"！？。，、……", true},
		{"!!!???", true},
		{"+-*/=<>", true},
		{"①②③", true},
		{"\u3000\t\n", true},
		{"学习不够深入", false},
		{"〇", false}, // the ideographic zero is a Chinese character
		{"😀好", false},
		{"😀😀😀a", false},
		{"２．５小时", false},
		{"ＡＢＣ", false}, // full-width letters
		{"Поздно", false},
		{"がんばる", false},
		{"공부", false},
		{"x", false},
	} {
		if got := Wordless(tt.text); got != tt.want {
			t.Errorf("Wordless(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
