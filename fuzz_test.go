package orglife

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// fuzzToday turns arbitrary fuzz integers into a real day between 2001 and 2099, so that
// today, yesterday and tomorrow are all days ParseDate itself accepts.
func fuzzToday(y, m, d int) Date {
	year := 2001 + int(uint(y)%99)
	month := 1 + int(uint(m)%12)
	day := 1 + int(uint(d)%31)
	return DateOf(time.Date(year, time.Month(month), 1, 12, 0, 0, 0, time.UTC).AddDate(0, 0, day-1), time.UTC)
}

// isRealDay reports whether d is a calendar day that exists, within ParseDate's 2000–2100.
func isRealDay(d Date) bool {
	t := time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC)
	return t.Year() == d.Year && t.Month() == d.Month && t.Day() == d.Day && d.Year >= 2000 && d.Year <= 2100
}

// FuzzParseDate: ParseDate never panics; a refusal is ErrBadDate with no day, whose text is
// one readable line (the bot tells the user msgBadDate, checked by bot.FuzzTypedAnswers);
// whatever it accepts is a real day whose String(), Chinese() and slashed forms parse back
// to the same day, and a day typed without a year is the nearest such day to today.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{
		"2023-10-09", "2023/10/9", "2023.10.9", "2023年10月9日", "2023 年 10 月 9 日", "10月9日", "10-9",
		"1月10日", "2月29日", "2月30日", "2024-02-29", "2023-02-29", "今天", "today", " Yesterday ",
		"明天", "", "-", "9999-99-99", "0000-00-00", "2100-12-31", "2101-01-01", "12-31日", "１０月９日",
	} {
		f.Add(s, 2023, 10, 9)
	}
	f.Add("1月1日", 2099, 12, 31)
	f.Add("12月31日", 2001, 1, 1)
	f.Fuzz(func(t *testing.T, s string, y, m, d int) {
		today := fuzzToday(y, m, d)
		got, err := ParseDate(s, today)
		if err != nil {
			if !errors.Is(err, ErrBadDate) || got != (Date{}) {
				t.Fatalf("ParseDate(%q, %v) = %v, %v; want no day and ErrBadDate", s, today, got, err)
			}
			if msg := err.Error(); strings.TrimSpace(msg) == "" || strings.ContainsAny(msg, "\r\n") || !utf8.ValidString(msg) {
				t.Fatalf("ParseDate(%q) refusal %q is not one readable line", s, msg)
			}
			return
		}
		if !isRealDay(got) {
			t.Fatalf("ParseDate(%q, %v) = %#v: not a real day in 2000–2100", s, today, got)
		}
		for _, form := range []string{got.String(), got.Chinese(), strings.ReplaceAll(got.String(), "-", "/")} {
			back, err := ParseDate(form, today)
			if err != nil || back != got {
				t.Fatalf("ParseDate(%q, %v) = %v, but ParseDate(%q) = %v, %v", s, today, got, form, back, err)
			}
		}
		// A day without a year is the nearest of last year's, this year's and next year's:
		// within half a year, but 29 February only exists every fourth year.
		if shortDate.MatchString(strings.TrimSpace(strings.ToLower(s))) {
			limit := 184
			if got.Month == time.February && got.Day == 29 {
				limit = 2 * 366
			}
			if n := abs(today.DaysUntil(got)); n > limit {
				t.Fatalf("ParseDate(%q, %v) = %v: %d days away, not the nearest such day", s, today, got, n)
			}
		}
	})
}

// FuzzParseClock: ParseClock never panics; what it accepts is 00:00–23:59 and round-trips
// through String(); a rejection is a one-line message quoting the input.
func FuzzParseClock(f *testing.F) {
	for _, s := range []string{
		"08:00", "8:00", "23:59", "00:00", "24:00", "9", "+9:00", "-1:00", "9:5", "09:60",
		"09：30", " 7:45 ", "07:30:00", "::", "", "１２:００", "1:2:3",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseClock(s)
		if err != nil {
			if c != (TimeOfDay{}) {
				t.Fatalf("ParseClock(%q) = %v with error %v", s, c, err)
			}
			return
		}
		if c.Hour < 0 || c.Hour > 23 || c.Minute < 0 || c.Minute > 59 {
			t.Fatalf("ParseClock(%q) = %#v: out of range", s, c)
		}
		back, err := ParseClock(c.String())
		if err != nil || back != c {
			t.Fatalf("ParseClock(%q) = %v, but ParseClock(%q) = %v, %v", s, c, c.String(), back, err)
		}
	})
}

// FuzzParseDayRun: ParseDayRun never panics; what it accepts is a run of real days, forwards
// and at most MaxDayRun long, that reads back from its String(); a refusal is one of its
// three errors; a single date typed without its year is today or later, within a year (four
// for 29 February).
func FuzzParseDayRun(f *testing.F) {
	for _, s := range []string{
		"2026-12-24", "12月24日", "12-24", "１２月２４日", "2026-12-24/2026-12-26", "12月30日至1月2日", "12-24~12-26",
		"12-24-12-26", "12/24/12/26", "2026/12/24", "2026-12-26/2026-12-24", "2026-12-01/2027-01-01", "明天", "/", "至",
		"2月29日", "12-24//12-26", "1-1-1-1", "2026-12-24 到 2026-12-25", "",
	} {
		f.Add(s, 2026, 12, 20)
	}
	f.Fuzz(func(t *testing.T, s string, y, m, d int) {
		today := fuzzToday(y, m, d)
		r, err := ParseDayRun(s, today)
		if err != nil {
			if !errors.Is(err, ErrBadDate) && !errors.Is(err, ErrDaysBackwards) && !errors.Is(err, ErrDaysTooLong) {
				t.Fatalf("ParseDayRun(%q) refused with %v", s, err)
			}
			return
		}
		days, err := r.Days()
		if err != nil || !isRealDay(r.First) || !isRealDay(r.Last) || len(days) > MaxDayRun || len(days) < 1 {
			t.Fatalf("ParseDayRun(%q, %v) = %v: %d days, %v", s, today, r, len(days), err)
		}
		if back, err := ParseDayRun(r.String(), today); err != nil || back != r {
			t.Fatalf("ParseDayRun(%q) = %v, but %q reads as %v, %v", s, r, r.String(), back, err)
		}
		if shortDate.MatchString(strings.TrimSpace(strings.ToLower(FoldWidth(s)))) {
			limit := 366
			if r.First.Month == time.February && r.First.Day == 29 {
				limit = 4 * 366
			}
			if n := today.DaysUntil(r.First); n < 0 || n > limit {
				t.Fatalf("ParseDayRun(%q, %v) = %v: %d days on, not the next such day", s, today, r, n)
			}
		}
	})
}

// FuzzClassifyCause: ClassifyCause never panics, places any text under a known category,
// and quotes a part of what was typed (the trimmed text, or what follows the category the
// member named).
func FuzzClassifyCause(f *testing.F) {
	for _, s := range []string{"宗旨意识有所淡化", "党性修养：要求不严", "纪律规矩方面，", "其他：", "理想信念", " 党性修养 : x ", "", "\xff\xfe", "宗旨意识，。"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, cause string) {
		cat, text := ClassifyCause(cause)
		if !cat.Valid() {
			t.Fatalf("ClassifyCause(%q): category %d", cause, cat)
		}
		if !strings.Contains(cause, text) || text != strings.TrimSpace(text) {
			t.Fatalf("ClassifyCause(%q) quotes %q", cause, text)
		}
		if text == "" && strings.TrimSpace(cause) != "" {
			t.Fatalf("ClassifyCause(%q) drops the whole cause", cause)
		}
	})
}
