package bot

import (
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"orglife"
)

// testAnswers has a field of every kind an answer decodes to.
type testAnswers struct {
	Text    string             `answer:"text"`
	Area    orglife.Area       `answer:"area"`
	N       int                `answer:"n"`
	User    int64              `answer:"user"`
	Hours   float64            `answer:"hours"`
	Late    bool               `answer:"late"`
	At      time.Time          `answer:"_at"`
	Ticked  []string           `answer:"ticked"`
	Day     orglife.Date       `answer:"date"`
	Status  orglife.RectStatus `answer:"status"`
	Ignored string
}

func TestAnswersAs(t *testing.T) {
	at := time.Date(2026, 12, 2, 9, 30, 0, 123, time.UTC)
	tests := []struct {
		name string
		a    answers
		want testAnswers
	}{
		{"none", answers{}, testAnswers{}},
		{"every kind", answers{"text": "学习笔记", "area": strconv.Itoa(int(orglife.AreaTheory)), "n": "3", "user": "201",
			"hours": "2.5", "late": "1", "_at": at.Format(time.RFC3339Nano), "ticked": "b,a", "date": "2026-12-20",
			"status": "closed", "Ignored": "x"},
			testAnswers{Text: "学习笔记", Area: orglife.AreaTheory, N: 3, User: 201, Hours: 2.5, Late: true, At: at,
				Ticked: []string{"b", "a"}, Day: orglife.Date{Year: 2026, Month: 12, Day: 20}, Status: orglife.RectClosed}},
		{"unreadable answers stay zero", answers{"n": "3x", "user": "+", "hours": "两", "_at": "yesterday", "date": "12月20日"},
			testAnswers{}},
		{"an empty answer is no answer", answers{"late": "", "ticked": ",,", "date": ""}, testAnswers{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := answersAs[testAnswers](tt.a)
			if !slices.Equal(got.Ticked, tt.want.Ticked) {
				t.Errorf("ticked %q, want %q", got.Ticked, tt.want.Ticked)
			}
			got.Ticked, tt.want.Ticked = nil, nil
			if !got.At.Equal(tt.want.At) {
				t.Errorf("at %v, want %v", got.At, tt.want.At)
			}
			got.At, tt.want.At = time.Time{}, time.Time{}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestAnswersAsRefusesAFieldNoAnswerFits(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("a map field was accepted as an answer")
		}
	}()
	answersAs[struct {
		M map[string]int `answer:"m"`
	}](answers{"m": "1"})
}
