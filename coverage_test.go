package orglife

import (
	"reflect"
	"testing"
)

func TestCheckCoverage(t *testing.T) {
	sec := Member{UserID: 1, Role: RoleSecretary}
	c1 := Member{UserID: 2, Role: RoleCommittee}
	c2 := Member{UserID: 3, Role: RoleCommittee}
	m1 := Member{UserID: 4, Role: RoleMember}
	m2 := Member{UserID: 5, Role: RoleMember}
	members := []Member{sec, c1, c2, m1, m2}
	talk := func(a, b int64) Talk { return Talk{RecordedBy: a, With: b, Status: ConfirmAgreed} }
	status := func(a, b int64, c Confirmation) Talk { return Talk{RecordedBy: a, With: b, Status: c} }
	withdrawn := func(t Talk) Talk { t.Withdrawn = true; return t }
	all := CoverageRules{CommitteePairs: true, SecretaryWithAll: true, MinPerMember: 2}
	tests := []struct {
		name    string
		members []Member
		talks   []Talk
		rules   CoverageRules
		pairs   []Pair
		short   []Shortfall
		open    []OpenTalk
	}{
		{
			name: "nothing yet", members: members, rules: all,
			// committee pairs (1-2,1-3,2-3) and the secretary with members (1-4,1-5)
			pairs: []Pair{{1, 2}, {1, 3}, {1, 4}, {1, 5}, {2, 3}},
			short: []Shortfall{{1, 0, 2}, {2, 0, 2}, {3, 0, 2}, {4, 0, 2}, {5, 0, 2}},
		},
		{
			name: "a talk counts for both, whoever recorded it", members: members, rules: all,
			talks: []Talk{talk(2, 1), talk(1, 3), talk(3, 2), talk(4, 1), talk(1, 5), talk(4, 5)},
			pairs: nil,
			short: nil,
		},
		{
			name: "talks with outsiders count towards the minimum only", members: []Member{sec, m1},
			rules: CoverageRules{SecretaryWithAll: true, MinPerMember: 2},
			talks: []Talk{{RecordedBy: 4, WithName: "王老师"}},
			pairs: []Pair{{1, 4}},
			// the minimum is capped at the other members there are: one
			short: []Shortfall{{1, 0, 1}},
		},
		{
			name: "only the minimum rule", members: members, rules: CoverageRules{MinPerMember: 1},
			talks: []Talk{talk(4, 5), talk(2, 3)},
			short: []Shortfall{{1, 0, 1}},
		},
		{
			name: "a talk counts once confirmed: not while pending, not when disputed", members: []Member{sec, m1, m2},
			rules: CoverageRules{SecretaryWithAll: true, MinPerMember: 1},
			talks: []Talk{status(1, 4, ConfirmPending), status(5, 1, ConfirmDisputed), status(1, 4, ConfirmPending)},
			pairs: []Pair{{1, 4}, {1, 5}},
			short: []Shortfall{{1, 0, 1}, {4, 0, 1}, {5, 0, 1}},
			open:  []OpenTalk{{By: 1, With: 4}, {By: 5, With: 1, Disputed: true}},
		},
		{
			name: "under way: not a pair that counts, nor a dispute recorded again", members: []Member{sec, m1, m2},
			talks: []Talk{talk(1, 4), status(4, 1, ConfirmPending), status(5, 1, ConfirmDisputed), status(1, 5, ConfirmPending)},
			open:  []OpenTalk{{By: 1, With: 5}},
		},
		{
			name: "a talk nobody in the branch can confirm counts as recorded", members: []Member{sec, m1},
			rules: CoverageRules{MinPerMember: 1},
			// 9 has left the branch; 0 is someone anonymised by /forgetme
			talks: []Talk{status(1, 9, ConfirmPending), {RecordedBy: 4, WithName: "某同志", Status: ConfirmPending}},
		},
		{
			name: "a withdrawn record counts for nothing and is under way with nobody", members: []Member{sec, m1, m2},
			rules: CoverageRules{SecretaryWithAll: true},
			talks: []Talk{withdrawn(talk(1, 4)), withdrawn(status(1, 5, ConfirmPending)), withdrawn(status(5, 1, ConfirmDisputed))},
			pairs: []Pair{{1, 4}, {1, 5}},
		},
		{
			name: "the same talk twice counts once", members: []Member{m1, m2, c1}, rules: CoverageRules{MinPerMember: 2},
			talks: []Talk{talk(4, 5), talk(5, 4)},
			short: []Shortfall{{4, 1, 2}, {5, 1, 2}, {2, 0, 2}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := CheckCoverage(tt.members, tt.talks, tt.rules)
			if !reflect.DeepEqual(c.MissingPairs, tt.pairs) || !reflect.DeepEqual(c.Short, tt.short) || !reflect.DeepEqual(c.Open, tt.open) {
				t.Fatalf("got pairs %v short %v open %v\nwant pairs %v short %v open %v",
					c.MissingPairs, c.Short, c.Open, tt.pairs, tt.short, tt.open)
			}
			if c.Complete() != (tt.pairs == nil && tt.short == nil) {
				t.Fatal("Complete disagrees with the gaps")
			}
		})
	}
	c := CheckCoverage(members, nil, all)
	if got := c.MissingFor(1); !reflect.DeepEqual(got, []int64{2, 3, 4, 5}) {
		t.Fatalf("MissingFor(secretary) = %v", got)
	}
	if got := c.MissingFor(4); !reflect.DeepEqual(got, []int64{1}) {
		t.Fatalf("MissingFor(member) = %v", got)
	}
}

func TestNeedsExample(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"学习不够深入", true},
		{"学习不够深入。", true},
		{"我学习不够深入", true},
		{"有待提高", true},
		{"短", true},
		{"对党的创新理论学习不够系统，今年只参加了两次集中学习，笔记没有按计划完成", false},
		{"工作作风不实，三月份的调研报告拖延了两周才交", false},
	}
	for _, tt := range tests {
		if got := NeedsExample(tt.in); got != tt.want {
			t.Errorf("NeedsExample(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
