package bot

import "testing"

func TestFilterCommands(t *testing.T) {
	list := []Command{
		{Name: "help"},
		{Name: "point", Role: 1},
		{Name: "report", Role: 3},
		{Name: "newbranch", AdminOnly: true},
	}
	tests := []struct {
		role  int
		admin bool
		want  string
	}{
		{0, false, "help"},
		{0, true, "help,newbranch"},
		{1, false, "help,point"},
		{3, false, "help,point,report"},
	}
	for _, tt := range tests {
		var names []string
		for _, c := range filterCommands(list, roleOf(tt.role), tt.admin) {
			names = append(names, c.Name)
		}
		if got := join(names); got != tt.want {
			t.Errorf("role %d admin %v: %s, want %s", tt.role, tt.admin, got, tt.want)
		}
	}
}
