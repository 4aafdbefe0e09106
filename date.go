package orglife

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar day in the branch's time zone, the unit of every deadline.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf is the calendar day of t in loc.
func DateOf(t time.Time, loc *time.Location) Date {
	y, m, d := t.In(loc).Date()
	return Date{y, m, d}
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d == Date{} }

// At is the moment of d at hour:minute in loc.
func (d Date) At(hour, minute int, loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, hour, minute, 0, 0, loc)
}

// AddDays is d moved by n days.
func (d Date) AddDays(n int) Date {
	return DateOf(time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, time.UTC), time.UTC)
}

// AddMonths is d moved by n calendar months, kept within the month it lands in: 31 January
// plus one month is 28 (or 29) February, not 3 March.
func (d Date) AddMonths(n int) Date {
	first := time.Date(d.Year, d.Month+time.Month(n), 1, 12, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return Date{first.Year(), first.Month(), min(d.Day, last)}
}

// Before reports whether d is an earlier day than o.
func (d Date) Before(o Date) bool { return d.String() < o.String() }

// DaysUntil is the number of days from d to o (negative when o is earlier).
func (d Date) DaysUntil(o Date) int {
	a := time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC)
	b := time.Date(o.Year, o.Month, o.Day, 12, 0, 0, 0, time.UTC)
	return int(b.Sub(a).Hours() / 24)
}

// Weekday is the day of the week of d.
func (d Date) Weekday() time.Weekday {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Weekday()
}

// String is the ISO form 2023-10-09, also the stored form.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// Chinese is the form documents use: 2023年10月9日.
func (d Date) Chinese() string { return fmt.Sprintf("%d年%d月%d日", d.Year, int(d.Month), d.Day) }

// In is the date as a user reading lang expects it.
func (d Date) In(lang Lang) string {
	if lang == LangEN {
		return d.String()
	}
	return d.Chinese()
}

// MarshalText stores a date as 2023-10-09 (empty when unset).
func (d Date) MarshalText() ([]byte, error) {
	if d.IsZero() {
		return []byte{}, nil
	}
	return []byte(d.String()), nil
}

// UnmarshalText reads the stored form.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	t, err := time.Parse("2006-01-02", string(b))
	if err != nil {
		return fmt.Errorf("date %q: %w", b, err)
	}
	*d = DateOf(t, time.UTC)
	return nil
}

// ErrBadDate is returned for a date a user typed that orglife cannot read.
var ErrBadDate = errors.New("not a date")

var (
	fullDate  = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$`)
	shortDate = regexp.MustCompile(`^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$`)
)

// ParseDate reads a date as users type it: 2023-10-09, 2023/10/9, 2023.10.9,
// 2023年10月9日, 10月9日 or 10-9 (in the year that puts it nearest today, so 1月10日
// typed in December is next January), 今天/today, 昨天/yesterday, 明天/tomorrow, with
// full-width digits and punctuation too (１２月１日). It refuses impossible days such as
// 2月30日.
func ParseDate(s string, today Date) (Date, error) {
	s = strings.TrimSpace(strings.ToLower(FoldWidth(s)))
	switch s {
	case "今天", "today":
		return today, nil
	case "昨天", "yesterday":
		return today.AddDays(-1), nil
	case "明天", "tomorrow":
		return today.AddDays(1), nil
	}
	var y, m, d string
	if g := fullDate.FindStringSubmatch(s); g != nil {
		y, m, d = g[1], g[2], g[3]
	} else if g := shortDate.FindStringSubmatch(s); g != nil {
		return nearestYear(g[1], g[2], today)
	} else {
		return Date{}, ErrBadDate
	}
	return validDate(y, m, d)
}

// validDate is the day y-m-d, or ErrBadDate when there is no such day.
func validDate(y, m, d string) (Date, error) {
	year, _ := strconv.Atoi(y)
	month, _ := strconv.Atoi(m)
	day, _ := strconv.Atoi(d)
	t := time.Date(year, time.Month(month), day, 12, 0, 0, 0, time.UTC)
	if t.Year() != year || int(t.Month()) != month || t.Day() != day || year < 2000 || year > 2100 {
		return Date{}, ErrBadDate
	}
	return Date{year, time.Month(month), day}, nil
}

// nearestYear places a month and day in the year around today that is nearest to it.
func nearestYear(month, day string, today Date) (Date, error) {
	best, found := Date{}, false
	for _, y := range []int{today.Year - 1, today.Year, today.Year + 1} {
		d, err := validDate(strconv.Itoa(y), month, day)
		if err != nil {
			continue
		}
		if !found || abs(today.DaysUntil(d)) < abs(today.DaysUntil(best)) {
			best, found = d, true
		}
	}
	if !found {
		return Date{}, ErrBadDate
	}
	return best, nil
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
