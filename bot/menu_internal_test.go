package bot

import (
	"slices"
	"testing"

	"orglife"
)

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
		{1, true, "help,point"}, // a member of a branch: no /newbranch in the menu
		{2, true, "help,point"},
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

// TestEveryCommandHasAPhase: /help places every command in a group of its own choosing, not
// under 常用 by default.
func TestEveryCommandHasAPhase(t *testing.T) {
	for _, c := range (&Handlers{}).allCommands() {
		if _, ok := commandPhases[c.Name]; !ok {
			t.Errorf("/%s has no group in /help (commandPhases)", c.Name)
		}
	}
	for name := range commandPhases {
		if !slices.ContainsFunc((&Handlers{}).allCommands(), func(c Command) bool { return c.Name == name }) {
			t.Errorf("commandPhases names /%s, which is no command", name)
		}
	}
}

// TestHelpGroups: the groups come in order, each with its heading once, and /forgetme is
// under 设置.
func TestHelpGroups(t *testing.T) {
	got := helpGroups([]Command{{Name: "forgetme"}, {Name: "point"}, {Name: "help"}, {Name: "rectify"}, {Name: "talk"}}, orglife.LangZH)
	want := "\n<b>常用</b>\n/help — \n\n<b>会前准备</b>\n/point — \n/talk — \n\n<b>整改</b>\n/rectify — \n\n<b>设置</b>\n/forgetme — \n"
	if got != want {
		t.Errorf("helpGroups:\n%q\nwant\n%q", got, want)
	}
}
