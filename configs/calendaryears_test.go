package configs

import (
	"slices"
	"testing"
)

func TestCalendarYears(t *testing.T) {
	r := Reminders{Calendar: CalendarChina}
	years := r.CalendarYears()
	if !slices.Contains(years, 2026) || !slices.IsSorted(years) {
		t.Errorf("CalendarYears = %v; want 2026 among them, in order", years)
	}
	for _, y := range years {
		if !r.CalendarCovers(y) {
			t.Errorf("%d listed but not covered", y)
		}
	}
	if got := (Reminders{}).CalendarYears(); got != nil {
		t.Errorf("no calendar: %v", got)
	}
}
