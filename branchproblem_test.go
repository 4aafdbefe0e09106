package orglife_test

import (
	"slices"
	"strings"
	"testing"

	"orglife"
)

func TestHeadlineProblem(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"理论学习的系统性不强", ""},
		{"一是理论学习的系统性不强。", ""},
		{"  党支部的组织功能发挥不够到位 ", ""},
		{"不强", "short"},
		{strings.Repeat("长", orglife.HeadlineMax), ""},
		{strings.Repeat("长", orglife.HeadlineMax+1), "long"},
		{"学习不够。工作不实", "sentence"},
	} {
		if got := orglife.HeadlineProblem(tc.in); got != tc.want {
			t.Errorf("HeadlineProblem(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
	if got := orglife.CleanHeadline("二是 理论学习的系统性不强。"); got != "理论学习的系统性不强" {
		t.Errorf("CleanHeadline = %q", got)
	}
}

func TestVoiceSlips(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"学习的持续性不足，学习成效不够明显。", nil},
		{"本人学习笔记多为摘抄原文。", []string{"本人"}},
		{"谈心谈话中某同志指出，我学习不够。", []string{"某同志指出", "谈心谈话中", "我"}},
		{"我们对组织功能认识不够。", []string{"我们"}},
	} {
		if got := orglife.VoiceSlips(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("VoiceSlips(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestMergeSplitRenumber(t *testing.T) {
	a := orglife.BranchProblem{ID: "a", Order: 1, Headline: "甲", Detail: "学习不系统", PointIDs: []string{"p1", "p2"}}
	b := orglife.BranchProblem{ID: "b", Order: 2, Headline: "乙", Detail: "工作不实。", PointIDs: []string{"p2", "p3"}, InReport: true}
	m, gone := orglife.MergeBranchProblems(a, b)
	if !slices.Equal(m.PointIDs, []string{"p1", "p2", "p3"}) || m.Detail != "学习不系统。工作不实。" || !m.InReport || m.Headline != "甲" || !gone.Removed {
		t.Fatalf("merge = %+v, %+v", m, gone)
	}
	kept, split, ok := orglife.SplitBranchProblem(m, []string{"p3", "p9"})
	if !ok || !slices.Equal(kept.PointIDs, []string{"p1", "p2"}) || !slices.Equal(split.PointIDs, []string{"p3"}) || split.Headline != "" || split.Order != 2 {
		t.Fatalf("split = %+v, %+v, %v", kept, split, ok)
	}
	for _, ids := range [][]string{nil, {"p9"}, {"p1", "p2", "p3"}} {
		if _, _, ok := orglife.SplitBranchProblem(m, ids); ok {
			t.Errorf("split of %v accepted", ids)
		}
	}
	ps := []orglife.BranchProblem{{ID: "x", Order: 3}, {ID: "y", Order: 1}, {ID: "z", Order: 1, Removed: true}}
	live := orglife.LiveBranchProblems(ps)
	if len(live) != 2 || live[0].ID != "y" {
		t.Fatalf("live = %+v", live)
	}
	if ch := orglife.Renumber(live); len(ch) != 1 || ch[0].ID != "x" || ch[0].Order != 2 {
		t.Fatalf("renumber changed %+v", ch)
	}
}

func TestCanCurate(t *testing.T) {
	m := orglife.Meeting{ProblemCurators: []int64{5}}
	for _, tc := range []struct {
		role orglife.Role
		user int64
		want bool
	}{
		{orglife.RoleSecretary, 1, true}, {orglife.RoleCommittee, 5, true},
		{orglife.RoleCommittee, 6, false}, {orglife.RoleMember, 5, false},
	} {
		if got := orglife.CanCurate(tc.role, tc.user, m); got != tc.want {
			t.Errorf("CanCurate(%v, %d) = %v", tc.role, tc.user, got)
		}
	}
}
