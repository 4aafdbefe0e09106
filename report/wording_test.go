package report

import "testing"

// The leader's comments read as the seed's do, 「XX同志对…给予肯定…，指出…，提出…」,
// never 「指出：对…」.
func TestLeaderSays(t *testing.T) {
	for _, c := range []struct{ name, comments, want string }{
		{"马XX", "对支部党建工作给予肯定，指出程序上存在的不足。", "马XX同志对支部党建工作给予肯定，指出程序上存在的不足。"},
		{"马XX", "指出组织生活会程序上存在的不足。", "马XX同志指出组织生活会程序上存在的不足。"},
		{"马XX同志", "充分肯定了支部的工作。", "马XX同志充分肯定了支部的工作。"},
		{"马XX", "支部工作扎实，党员意识强。", "马XX同志指出，支部工作扎实，党员意识强。"},
		{"马XX", "马XX同志对支部工作给予肯定。", "马XX同志对支部工作给予肯定。"},
	} {
		if got := leaderSays(c.name, c.comments); got != c.want {
			t.Errorf("leaderSays(%q, %q) = %q, want %q", c.name, c.comments, got, c.want)
		}
	}
}

// A missing name the opening quotes is marked in place, and a title the secretary typed
// in 《》 is not put in a second pair.
func TestOpeningNames(t *testing.T) {
	d := emptyData()
	d.Meeting.Notice = "《关于开好专题组织生活会的通知》"
	d.Meeting.Requirement = " 学思想、强党性 "
	v := newView(d)
	if v.Notice != "《关于开好专题组织生活会的通知》" || v.Requirement != "学思想、强党性" || v.Form != "党员大会" {
		t.Errorf("notice %q, requirement %q, form %q", v.Notice, v.Requirement, v.Form)
	}
	if v.Theme != "【待补充：会议主题】" || v.PlanTitle != "【待补充：实施方案名称】" {
		t.Errorf("theme %q, plan title %q, want marks", v.Theme, v.PlanTitle)
	}
}
