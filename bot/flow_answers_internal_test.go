package bot

import (
	"log/slog"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"orglife"
)

// splitKeys are the answers a question's split keeps beside the question's own key.
var splitKeys = map[string]bool{keyItemMeeting: true, keyOwnDaysLast: true, keyOwnRemoveEnd: true}

// answersProblems says where f's answers struct and its questions disagree: a question
// without a field, or a field for an answer the flow never keeps (a question's, a preset
// one, one a split keeps, or one the engine or the flow keeps itself under a key beginning
// with "_").
// A mistyped tag would leave its field zero for ever.
func answersProblems(f *flow) []string {
	if f.answers == nil {
		return []string{"no answers struct"}
	}
	tags := map[string]bool{}
	for _, fld := range answerFieldsOf(f.answers) {
		tags[fld.key] = true
	}
	var problems []string
	asked := map[string]bool{}
	for _, key := range f.preset {
		asked[key] = true
	}
	for _, q := range f.questions {
		asked[q.key] = true
		if !tags[q.key] {
			problems = append(problems, "no field for question "+q.key)
		}
	}
	for key := range tags {
		if !asked[key] && !splitKeys[key] && !strings.HasPrefix(key, "_") {
			problems = append(problems, "a field for "+key+", never kept")
		}
	}
	sort.Strings(problems)
	return problems
}

// TestFlowAnswersCoverQuestions: every flow reads its answers as a struct of its own that
// agrees with its questions.
func TestFlowAnswersCoverQuestions(t *testing.T) {
	h := NewHandlers(nil, nil, nil, nil, HandlerOptions{}, slog.New(slog.DiscardHandler))
	for name, f := range h.flows {
		if p := answersProblems(f); len(p) > 0 {
			t.Errorf("flow %s, answers %v: %s", name, f.answers, strings.Join(p, "; "))
		}
	}
}

// TestDateQuestionsEcho: a typed question whose answer the flow reads as a day is marked
// date, so that the next prompt says which day a typed date was read as; and only those
// (a run of days, which a split keeps as two, has its own wording).
func TestDateQuestionsEcho(t *testing.T) {
	h := NewHandlers(nil, nil, nil, nil, HandlerOptions{}, slog.New(slog.DiscardHandler))
	dateType := reflect.TypeFor[orglife.Date]()
	for name, f := range h.flows {
		if f.answers == nil {
			continue
		}
		days := map[string]bool{}
		for _, fld := range answerFieldsOf(f.answers) {
			days[fld.key] = f.answers.Field(fld.index).Type == dateType
		}
		for _, q := range f.questions {
			if want := q.typed && q.split == nil && days[q.key]; q.date != want {
				t.Errorf("flow %s, question %s: date is %v, want %v", name, q.key, q.date, want)
			}
		}
	}
}

// TestAnswersProblems: the check sees a missing field, a stray one, and no struct at all.
func TestAnswersProblems(t *testing.T) {
	type ok struct {
		Date    string `answer:"date"`
		Meeting string `answer:"_meeting"`
		Item    string `answer:"item_meeting"`
	}
	type bad struct {
		Dat string `answer:"dat"`
	}
	qs := []question{{key: "date"}}
	tests := []struct {
		name string
		f    *flow
		want []string
	}{
		{"agrees", &flow{questions: qs, answers: reflect.TypeFor[ok]()}, nil},
		{"a mistyped tag", &flow{questions: qs, answers: reflect.TypeFor[bad]()},
			[]string{"a field for dat, never kept", "no field for question date"}},
		{"no struct", &flow{questions: qs}, []string{"no answers struct"}},
		{"a preset answer", &flow{questions: qs, answers: reflect.TypeFor[bad](), preset: []string{"dat"}},
			[]string{"no field for question date"}},
	}
	for _, tt := range tests {
		if got := answersProblems(tt.f); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestTypedLabelWithNote: a label's text before its note in brackets is the answer too, as
// long as no other option reads the same; the whole label still is.
func TestTypedLabelWithNote(t *testing.T) {
	labels := func(ls ...string) func(*turn, answers) ([]option, error) {
		return func(*turn, answers) ([]option, error) {
			opts := make([]option, len(ls))
			for i, l := range ls {
				opts[i] = option{label: l, value: strconv.Itoa(i)}
			}
			return opts, nil
		}
	}
	q := question{key: "who", typed: true, options: labels("党员1（必谈）", "党员2", "年底（2026年12月31日）", "Li (required)", "王（一）", "王（二）")}
	for _, c := range []struct {
		typed, value string
		ok           bool
	}{
		{"党员1（必谈）", "0", true},
		{"党员1", "0", true},
		{" 党员2 ", "1", true},
		{"年底", "2", true},
		{"li", "3", true},
		{"王", "", false}, // two options read 王
		{"党员", "", false},
		{"必谈", "", false},
	} {
		value, ok := (&Handlers{}).typedOption(&turn{lang: orglife.LangZH}, &session{}, q, c.typed)
		if value != c.value || ok != c.ok {
			t.Errorf("typed %q = %q %v, want %q %v", c.typed, value, ok, c.value, c.ok)
		}
	}
}
