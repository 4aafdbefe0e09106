package configs

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"orglife"
)

//go:embed calendar_cn.yaml
var calendarCN []byte

// Calendar is a year's public holidays and make-up working days.
type Calendar struct {
	Off  []orglife.Date // days off
	Work []orglife.Date // weekend days worked (调休)
}

// calendarYear is one year of calendar_cn.yaml as written.
type calendarYear struct {
	Off  []string `yaml:"off"`
	Work []string `yaml:"work"`
}

// ChinaCalendar is the built-in calendar of mainland China's public holidays, by year.
func ChinaCalendar() (map[int]Calendar, error) { return parseCalendar(calendarCN) }

// parseCalendar reads a calendar file: years, each with days off and days worked, a day as
// YYYY-MM-DD or a range FIRST/LAST. A day outside its year, a range running backwards or a
// day both off and worked is an error.
func parseCalendar(b []byte) (map[int]Calendar, error) {
	var raw map[int]calendarYear
	if err := yaml.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("holiday calendar: %w", err)
	}
	out := make(map[int]Calendar, len(raw))
	for year, y := range raw {
		var c Calendar
		var err error
		if c.Off, err = calendarDays(year, y.Off); err != nil {
			return nil, fmt.Errorf("holiday calendar %d off: %w", year, err)
		}
		if c.Work, err = calendarDays(year, y.Work); err != nil {
			return nil, fmt.Errorf("holiday calendar %d work: %w", year, err)
		}
		for _, d := range c.Work {
			if slices.Contains(c.Off, d) {
				return nil, fmt.Errorf("holiday calendar %d: %s is both off and worked", year, d)
			}
		}
		out[year] = c
	}
	return out, nil
}

// calendarDays expands days and FIRST/LAST ranges of one year.
func calendarDays(year int, items []string) ([]orglife.Date, error) {
	var out []orglife.Date
	for _, it := range items {
		first, last, isRange := strings.Cut(strings.TrimSpace(it), "/")
		if !isRange {
			last = first
		}
		var a, b orglife.Date
		if err := a.UnmarshalText([]byte(strings.TrimSpace(first))); err != nil {
			return nil, fmt.Errorf("%q: not YYYY-MM-DD", it)
		}
		if err := b.UnmarshalText([]byte(strings.TrimSpace(last))); err != nil {
			return nil, fmt.Errorf("%q: not YYYY-MM-DD", it)
		}
		if a.Year != year || b.Year != year || b.Before(a) || a.DaysUntil(b) > 31 {
			return nil, fmt.Errorf("%q: outside %d, backwards or longer than a month", it, year)
		}
		for d := a; !b.Before(d); d = d.AddDays(1) {
			out = append(out, d)
		}
	}
	return out, nil
}
