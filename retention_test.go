package orglife

import "testing"

func TestBranchRetentionOr(t *testing.T) {
	tests := []struct {
		name     string
		branch   Retention
		fallback Retention
		want     Retention
	}{
		{"unset takes the deployment's", "", RetentionAnonymise, RetentionAnonymise},
		{"unset takes the deployment's remove", "", RetentionRemove, RetentionRemove},
		{"the branch's remove wins", RetentionRemove, RetentionAnonymise, RetentionRemove},
		{"the branch's anonymise wins", RetentionAnonymise, RetentionRemove, RetentionAnonymise},
		{"an unknown value is no choice", "delete", RetentionAnonymise, RetentionAnonymise},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (Branch{Retention: tt.branch}).RetentionOr(tt.fallback); got != tt.want {
				t.Fatalf("RetentionOr = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMemberNameNeverShowsAnID(t *testing.T) {
	members := []Member{{UserID: 201, Name: "党员1"}, {UserID: 202, Name: ""}}
	tests := []struct {
		name string
		id   int64
		lang Lang
		want string
	}{
		{"a member by name", 201, LangZH, "党员1"},
		{"a member by name, in English too", 201, LangEN, "党员1"},
		{"anonymised by /forgetme (id 0)", 0, LangZH, "某同志"},
		{"anonymised, in English", 0, LangEN, "a member"},
		{"left the branch", 209, LangZH, "某同志"},
		{"left the branch, in English", 209, LangEN, "a member"},
		{"a member without a name", 202, LangZH, "某同志"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MemberName(members, tt.id, tt.lang); got != tt.want {
				t.Fatalf("MemberName(%d, %s) = %q, want %q", tt.id, tt.lang, got, tt.want)
			}
		})
	}
}

func TestMinutesAttendanceIsHistory(t *testing.T) {
	tests := []struct {
		name                      string
		m                         Minutes
		wantExpected, wantPresent int
	}{
		{"the figures kept when recorded win", Minutes{Attending: []int64{1, 2}, Absent: nil, Expected: 9, Present: 8}, 9, 8},
		{"minutes recorded before the figures were kept count their ids",
			Minutes{Attending: []int64{1, 2, 3}, Absent: []int64{4}}, 4, 3},
		{"nobody attended, as kept", Minutes{Absent: []int64{1, 2}, Expected: 2}, 2, 0},
		{"nothing recorded", Minutes{}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if e, p := tt.m.Attendance(); e != tt.wantExpected || p != tt.wantPresent {
				t.Fatalf("Attendance() = %d, %d; want %d, %d", e, p, tt.wantExpected, tt.wantPresent)
			}
		})
	}
}
