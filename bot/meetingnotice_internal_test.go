package bot

import (
	"testing"

	"orglife"
)

func TestParseWhenWhere(t *testing.T) {
	for _, tc := range []struct {
		in    string
		time  string // "" for none
		place string
		ok    bool
	}{
		{"14:30 三楼会议室", "14:30", "三楼会议室", true},
		{"１４：３０，三楼会议室", "14:30", "三楼会议室", true},
		{"9:00", "09:00", "", true},
		{"党员活动室（二楼）", "", "党员活动室（二楼）", true},
		{"  14:30   党员  活动室 ", "14:30", "党员 活动室", true},
		{"25:00 三楼", "", "", false},
		{"14:3 三楼", "", "", false},
		{"", "", "", false},
		{"，", "", "", false},
	} {
		at, place, ok := parseWhenWhere(tc.in)
		got := ""
		if at != nil {
			got = at.String()
		}
		if ok != tc.ok || got != tc.time || place != tc.place {
			t.Errorf("parseWhenWhere(%q) = %q, %q, %v; want %q, %q, %v", tc.in, got, place, ok, tc.time, tc.place, tc.ok)
		}
	}
	if s := whenWhereLine(orglife.Meeting{Date: orglife.Date{Year: 2026, Month: 12, Day: 23}, Time: &orglife.TimeOfDay{Hour: 14, Minute: 30}, Place: "三楼"}, orglife.LangZH); s != "时间：2026年12月23日 14:30，地点：三楼" {
		t.Errorf("whenWhereLine = %q", s)
	}
	if s := whenWhereLine(orglife.Meeting{Date: orglife.Date{Year: 2026, Month: 12, Day: 23}}, orglife.LangZH); s != "" {
		t.Errorf("whenWhereLine of a meeting without time or place = %q", s)
	}
}
