package orglife

import (
	"encoding/json"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	today := Date{2023, time.October, 9}
	tests := []struct {
		in   string
		want Date
		ok   bool
	}{
		{"2023-10-09", Date{2023, 10, 9}, true},
		{"2023/10/9", Date{2023, 10, 9}, true},
		{"2023.1.2", Date{2023, 1, 2}, true},
		{"2023年10月9日", Date{2023, 10, 9}, true},
		{"２０２３年１０月９日", Date{2023, 10, 9}, true}, // full-width digits from a Chinese keyboard
		{"１２／２０", Date{2023, 12, 20}, true},
		{" 2023 年 10 月 9 日 ", Date{2023, 10, 9}, true},
		{"10月8日", Date{2023, 10, 8}, true},
		{"10-8", Date{2023, 10, 8}, true},
		{"今天", today, true},
		{"昨天", Date{2023, 10, 8}, true},
		{"Yesterday", Date{2023, 10, 8}, true},
		{"明天", Date{2023, 10, 10}, true},
		{"2023-02-30", Date{}, false},
		{"2月30日", Date{}, false},
		{"13/1", Date{}, false},
		{"1999-01-01", Date{}, false},
		{"", Date{}, false},
		{"下周一", Date{}, false},
		{"2023-10-09; DROP", Date{}, false},
		{"2月29日", Date{2024, 2, 29}, true}, // the nearest year that has the day
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in, today)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestParseDateNearestYear(t *testing.T) {
	tests := []struct {
		today Date
		in    string
		want  Date
	}{
		{Date{2026, 12, 20}, "1月10日", Date{2027, 1, 10}},
		{Date{2027, 1, 5}, "12月28日", Date{2026, 12, 28}},
		{Date{2026, 6, 1}, "6-3", Date{2026, 6, 3}},
		{Date{2027, 1, 5}, "2月29日", Date{2028, 2, 29}},
	}
	for _, tt := range tests {
		if got, err := ParseDate(tt.in, tt.today); err != nil || got != tt.want {
			t.Errorf("ParseDate(%q) on %v = %v, %v; want %v", tt.in, tt.today, got, err, tt.want)
		}
	}
}

func TestDateArithmeticAndForms(t *testing.T) {
	d := Date{2024, time.February, 28}
	if got := d.AddDays(1); got != (Date{2024, 2, 29}) {
		t.Errorf("leap day: %v", got)
	}
	if got := d.AddDays(-60); got != (Date{2023, 12, 30}) {
		t.Errorf("60 days back: %v", got)
	}
	if n := d.DaysUntil(Date{2024, 3, 10}); n != 11 {
		t.Errorf("DaysUntil = %d", n)
	}
	if s := (Date{2023, 10, 9}).Chinese(); s != "2023年10月9日" {
		t.Errorf("Chinese = %q", s)
	}
	if !(Date{2023, 9, 30}).Before(Date{2023, 10, 1}) || (Date{2023, 10, 1}).Before(Date{2023, 10, 1}) {
		t.Error("Before is wrong")
	}
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	// 17:00 UTC is already the next day in Shanghai.
	if got := DateOf(time.Date(2023, 10, 8, 17, 0, 0, 0, time.UTC), shanghai); got != (Date{2023, 10, 9}) {
		t.Errorf("DateOf in Shanghai = %v", got)
	}
	var back struct{ D Date }
	raw, _ := json.Marshal(struct{ D Date }{Date{2023, 10, 9}})
	if err := json.Unmarshal(raw, &back); err != nil || back.D != (Date{2023, 10, 9}) || string(raw) != `{"D":"2023-10-09"}` {
		t.Errorf("JSON round trip: %s %v %v", raw, back, err)
	}
}
