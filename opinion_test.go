package orglife

import (
	"strings"
	"testing"
	"time"
)

func TestOpinionTextProblem(t *testing.T) {
	for _, tc := range []struct {
		text, want string
	}{
		{"支部活动形式单一", ""},
		{"  服务不好  ", ""},
		{"太慢", "short"},
		{"abc", "short"},
		{"abcd", ""},
		{"", "empty"},
		{"   ", "empty"},
		{"！！！！！！", "empty"},
		{"😀😀😀😀😀", "empty"},
		{strings.Repeat("意", OpinionMaxRunes), ""},
		{strings.Repeat("意", OpinionMaxRunes+1), "long"},
		{" " + strings.Repeat("意", OpinionMaxRunes) + "\n", ""},
	} {
		if got := OpinionTextProblem(tc.text); got != tc.want {
			t.Errorf("OpinionTextProblem(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestOpinionClosingProblem(t *testing.T) {
	today := Date{2026, time.December, 3}
	for _, tc := range []struct {
		closes Date
		want   string
	}{
		{today, ""},
		{today.AddDays(1), ""},
		{today.AddDays(OpinionMaxOpenDays), ""},
		{today.AddDays(OpinionMaxOpenDays + 1), "far"},
		{today.AddDays(-1), "past"},
		{Date{2025, time.December, 31}, "past"},
	} {
		if got := OpinionClosingProblem(tc.closes, today); got != tc.want {
			t.Errorf("OpinionClosingProblem(%v) = %q, want %q", tc.closes, got, tc.want)
		}
	}
}

// TestOpinionCollectionOpenAt: open until the moment its closing day ends, not after.
func TestOpinionCollectionOpenAt(t *testing.T) {
	loc := time.FixedZone("CST", 8*3600)
	closes := Date{2026, time.December, 5}
	c := OpinionCollection{Closes: closes, ClosesAt: closes.AddDays(1).At(0, 0, loc)}
	for _, tc := range []struct {
		at   time.Time
		want bool
	}{
		{time.Date(2026, 12, 5, 23, 59, 59, 0, loc), true},
		{time.Date(2026, 12, 6, 0, 0, 0, 0, loc), false},
		{time.Date(2026, 12, 5, 16, 0, 0, 0, time.UTC), false},
		{time.Date(2026, 12, 1, 9, 0, 0, 0, loc), true},
	} {
		if got := c.OpenAt(tc.at); got != tc.want {
			t.Errorf("OpenAt(%v) = %v, want %v", tc.at, got, tc.want)
		}
	}
}

// TestOpinionSubject: a member's token is stable for a link, differs between members and
// between links, and shows no digit run of the member's id.
func TestOpinionSubject(t *testing.T) {
	a, b := OpinionSubject("code1", 123456789), OpinionSubject("code1", 987654321)
	if a != OpinionSubject("code1", 123456789) {
		t.Fatal("the token of one member and link changed")
	}
	if a == b || a == OpinionSubject("code2", 123456789) {
		t.Fatalf("tokens collide: %q %q", a, b)
	}
	if strings.Contains(a, "123456789") || len(a) != 16 {
		t.Fatalf("token %q", a)
	}
}
