package orglife

import (
	"slices"
	"testing"
	"time"
)

// TestPlanBranch: a branch's plan is its current meeting's reminders and every open item's
// follow-ups, whichever meeting the item belongs to, in the branch's own zone.
func TestPlanBranch(t *testing.T) {
	berlin := mustLoad(t, "Europe/Berlin")
	shanghai := mustLoad(t, "Asia/Shanghai")
	now := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	meeting := func(id string) Meeting {
		d := Date{2026, 12, 20}
		return Meeting{ID: id, BranchID: "b", Date: d, Steps: NewSteps(d, defaultTemplate)}
	}
	item := func(id, meetingID string, status RectStatus) RectItem {
		return RectItem{ID: id, BranchID: "b", MeetingID: meetingID, Deadline: Date{2027, 3, 1}, ReviewDays: 30, Status: status}
	}
	rules := ReminderRules{At: TimeOfDay{9, 0}}
	opts := PlanOptions{Rules: rules, DigestAt: TimeOfDay{18, 0}, Location: shanghai}
	tests := []struct {
		name     string
		branch   Branch
		meetings []Meeting
		items    []RectItem
		groups   []string
		zone     string
		planned  Planned
	}{
		{"nothing yet", Branch{ID: "b"}, nil, nil, nil, "", Planned{}},
		{"only the current meeting", Branch{ID: "b", CurrentMeeting: "2"}, []Meeting{meeting("1"), meeting("2")}, nil,
			[]string{"b:b:m:2"}, "Asia/Shanghai", Planned{Meetings: 1}},
		{"open items of any meeting, closed ones not", Branch{ID: "b", CurrentMeeting: "2", Timezone: "Europe/Berlin"},
			[]Meeting{meeting("1"), meeting("2")},
			[]RectItem{item("1", "1", RectInProgress), item("2", "1", RectClosed), item("3", "2", RectReported)},
			[]string{"b:b:m:2", "b:b:rect:1", "b:b:rect:3"}, berlin.String(), Planned{Meetings: 1, Items: 2}},
		{"no current meeting: items only", Branch{ID: "b"}, []Meeting{meeting("1")},
			[]RectItem{item("1", "1", RectNotStarted)}, []string{"b:b:rect:1"}, "Asia/Shanghai", Planned{Items: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plans := PlanBranch(tt.branch, tt.meetings, tt.items, now, opts)
			var groups []string
			var got Planned
			for _, g := range plans {
				groups = append(groups, g.Group)
				got.Count(g)
				if len(g.Reminders) == 0 {
					t.Errorf("group %s planned no reminders", g.Group)
				}
				for _, r := range g.Reminders {
					if r.Zone != tt.zone {
						t.Errorf("group %s: a reminder planned in zone %q; want %q", g.Group, r.Zone, tt.zone)
						break
					}
				}
			}
			if !slices.Equal(groups, tt.groups) {
				t.Fatalf("groups = %v; want %v", groups, tt.groups)
			}
			want := tt.planned
			want.Reminders = got.Reminders
			if got != want || (len(plans) > 0 && got.Reminders == 0) {
				t.Errorf("planned = %+v; want %+v", got, tt.planned)
			}
		})
	}
}
