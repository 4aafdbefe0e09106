package bot

import (
	"encoding"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// answers are a flow's answers so far, by question key.
type answers map[string]string

// Reserved answer keys the engine keeps beside a flow's own answers.
const (
	keyMeeting = "_meeting" // the meeting the flow is about
	keyBranch  = "_branch"  // in a draft: the branch it was written in
	keyResumed = "_resumed" // the flow goes on from a draft, which /cancel then drops
)

// engineAnswers are the answers the engine keeps in every flow: the meeting it is about
// (startFlow), the id its record is saved under and whether it has begun to finish
// (remember).
type engineAnswers struct {
	Meeting   string `answer:"_meeting"`
	ID        string `answer:"_id"`
	Finishing bool   `answer:"_finishing"`
}

// keep stores value as the question's answer.
func (q question) keep(a answers, value string) {
	if q.split != nil {
		q.split(a, value)
		return
	}
	a[q.key] = value
}

// Each flow reads its answers as a struct of its own: a field per answer, tagged with the
// answer's key (`answer:"date"`), of the answer's type. answersAs decodes them from the
// session's answers, so that no finish or question parses a string answer by hand.
//
// A field may be a string or a type made of one (orglife.StepKind…); an int, int64 or
// float64, or a type made of one (orglife.Area, which the flow still checks with Valid),
// an answer that does not parse leaving it zero; a bool ("" is false, any other answer
// true); a time.Time (RFC 3339, as the engine keeps a moment drawn once); []string, a
// multi question's ticked values in the order they were ticked; or any type that reads
// itself from text (orglife.Date). The engine's own answers (_meeting, _id…) are tagged
// like any other.

// answersAs decodes a into a flow's answers struct T.
func answersAs[T any](a answers) T {
	var out T
	v := reflect.ValueOf(&out).Elem()
	for _, f := range answerFieldsOf(v.Type()) {
		decodeAnswer(v.Field(f.index), a, f.key)
	}
	return out
}

// answerField is a struct field that holds an answer.
type answerField struct {
	index int
	key   string
}

// answerFields caches each answers struct's tagged fields.
var answerFields sync.Map // reflect.Type → []answerField

func answerFieldsOf(t reflect.Type) []answerField {
	if fs, ok := answerFields.Load(t); ok {
		return fs.([]answerField)
	}
	var fs []answerField
	for i := range t.NumField() {
		if key, ok := t.Field(i).Tag.Lookup("answer"); ok {
			checkAnswerType(t, t.Field(i))
			fs = append(fs, answerField{index: i, key: key})
		}
	}
	answerFields.Store(t, fs)
	return fs
}

var (
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
	timeType        = reflect.TypeFor[time.Time]()
	stringsType     = reflect.TypeFor[[]string]()
)

// checkAnswerType refuses, at the first use of an answers struct, a field of a type no
// answer decodes to: a programming error, caught by any test that runs the flow.
func checkAnswerType(t reflect.Type, f reflect.StructField) {
	switch {
	case f.Type == timeType, f.Type == stringsType, reflect.PointerTo(f.Type).Implements(textUnmarshaler):
		return
	}
	switch f.Type.Kind() {
	case reflect.String, reflect.Int, reflect.Int64, reflect.Float64, reflect.Bool:
		return
	}
	panic(fmt.Sprintf("answers %s: field %s of type %s holds no answer", t, f.Name, f.Type))
}

// decodeAnswer sets field to the answer under key; an answer missing or unreadable leaves
// the field zero.
func decodeAnswer(field reflect.Value, a answers, key string) {
	raw, ok := a[key]
	switch {
	case field.Type() == stringsType:
		field.Set(reflect.ValueOf(a.ticked(key)))
		return
	case !ok || raw == "":
		return
	case field.Type() == timeType:
		if at, err := time.Parse(time.RFC3339Nano, raw); err == nil {
			field.Set(reflect.ValueOf(at))
		}
		return
	case field.Addr().Type().Implements(textUnmarshaler):
		target := reflect.New(field.Type())
		if err := target.Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(raw)); err == nil {
			field.Set(target.Elem())
		}
		return
	}
	switch field.Kind() {
	case reflect.String:
		field.SetString(raw)
	case reflect.Int, reflect.Int64:
		if n, err := strconv.ParseInt(raw, 10, 64); err == nil {
			field.SetInt(n)
		}
	case reflect.Float64:
		if x, err := strconv.ParseFloat(raw, 64); err == nil {
			field.SetFloat(x)
		}
	case reflect.Bool:
		field.SetBool(true)
	}
}

// presets reports whether the flow may be started with an answer under key: one of its
// preset answers, a question's (asked again or skipped), or one of the engine's.
func (f *flow) presets(key string) bool {
	if strings.HasPrefix(key, "_") || slices.Contains(f.preset, key) {
		return true
	}
	return slices.ContainsFunc(f.questions, func(q question) bool { return q.key == key })
}
