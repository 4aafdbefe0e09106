package orglife

import "testing"

func TestRoleAllows(t *testing.T) {
	tests := []struct {
		have, need Role
		want       bool
	}{
		{RoleStranger, RoleStranger, true},
		{RoleStranger, RoleMember, false},
		{RoleMember, RoleMember, true},
		{RoleMember, RoleSecretary, false},
		{RoleCommittee, RoleMember, true},
		{RoleCommittee, RoleSecretary, false},
		{RoleSecretary, RoleCommittee, true},
	}
	for _, tt := range tests {
		if got := tt.have.Allows(tt.need); got != tt.want {
			t.Errorf("%v.Allows(%v) = %v, want %v", tt.have, tt.need, got, tt.want)
		}
	}
}

func TestParseLang(t *testing.T) {
	tests := []struct {
		in   string
		want Lang
		ok   bool
	}{
		{"zh", LangZH, true},
		{"en", LangEN, true},
		{"fr", "", false},
		{"", "", false},
		{"EN", "", false},
	}
	for _, tt := range tests {
		got, ok := ParseLang(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseLang(%q) = %q,%v, want %q,%v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
