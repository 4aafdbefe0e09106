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
