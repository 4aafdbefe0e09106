package telegramtest

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

//go:generate go run ./internal/specgen -spec ../../../shared/telegram-bot-api-spec -out .

// specJSON is the Bot API as data, merged from Bot API 5.5 (what tgbotapi v5.5.1
// was written for) and the current version; see internal/specgen.
//
//go:embed spec.json
var specJSON []byte

type specField struct {
	Name     string   `json:"name"`
	Types    []string `json:"types"`
	Required bool     `json:"required"`
	Versions []string `json:"versions"`
}

type specMethod struct {
	Name     string
	Versions []string     `json:"versions"`
	Returns  []string     `json:"returns"`
	Fields   []*specField `json:"fields"`
}

// spec answers what the Bot API knows about methods and their parameters.
type spec struct {
	methods map[string]*specMethod
	// byLower maps a lower-cased method name to its canonical spelling:
	// Telegram matches method names case-insensitively.
	byLower map[string]string
}

func loadSpec() (*spec, error) {
	var doc struct {
		Methods map[string]*specMethod `json:"methods"`
	}
	if err := json.Unmarshal(specJSON, &doc); err != nil {
		return nil, fmt.Errorf("telegramtest: embedded spec.json: %w", err)
	}
	sp := &spec{methods: doc.Methods, byLower: map[string]string{}}
	for name, m := range doc.Methods {
		m.Name = name
		sp.byLower[strings.ToLower(name)] = name
	}
	return sp, nil
}

// method returns the method spec for a name in any letter case, or nil.
func (sp *spec) method(name string) *specMethod {
	return sp.methods[sp.byLower[strings.ToLower(name)]]
}

func (m *specMethod) field(name string) *specField {
	for _, f := range m.Fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// returns is the method's single result type, or "" when it has several.
func (m *specMethod) returns() string {
	if len(m.Returns) != 1 {
		return ""
	}
	return m.Returns[0]
}

// check validates a request's parameters against the method's spec and returns
// the first problem as a Telegram-style error plus every violation found.
func (m *specMethod) check(req *apiRequest) (*apiError, []string) {
	var violations []string
	var first *apiError
	report := func(err *apiError, violation string) {
		violations = append(violations, m.Name+": "+violation)
		if first == nil {
			first = err
		}
	}
	for _, name := range req.names() {
		f := m.field(name)
		switch {
		case f == nil && !req.isAttachment(name):
			report(badRequest("unknown parameter "+name), fmt.Sprintf("unknown parameter %q", name))
		case f != nil && !fitsField(f, req, name):
			expected := strings.Join(f.Types, " or ")
			report(badRequest(fmt.Sprintf("wrong type of parameter %s: expected %s", name, expected)),
				fmt.Sprintf("parameter %q = %q: expected %s", name, req.get(name), expected))
		}
	}
	for _, f := range m.Fields {
		if f.Required && !req.has(f.Name) {
			report(badRequest(f.Name+" is empty"), fmt.Sprintf("missing required parameter %q", f.Name))
		}
	}
	return first, violations
}

// fitsField checks a value against the field's declared types. Form values
// are strings, so an Integer must parse, a Boolean must be a boolean word and
// an object or array must be JSON; uploads only fit InputFile fields. An empty
// value is left to the method, which words its own "is empty" error.
func fitsField(f *specField, req *apiRequest, name string) bool {
	if _, ok := req.files[name]; ok {
		return hasType(f, "InputFile")
	}
	value := req.params[name]
	if value == "" {
		return true
	}
	for _, t := range f.Types {
		if valueFits(t, value) {
			return true
		}
	}
	return false
}

func hasType(f *specField, t string) bool {
	for _, x := range f.Types {
		if x == t {
			return true
		}
	}
	return false
}

func valueFits(typ, value string) bool {
	switch typ {
	case "String", "InputFile":
		// An InputFile may also be given as a file_id, URL or attach://name.
		return true
	case "Integer":
		_, err := strconv.ParseInt(value, 10, 64)
		return err == nil
	case "Float":
		_, err := strconv.ParseFloat(value, 64)
		return err == nil
	case "Boolean":
		_, err := strconv.ParseBool(value)
		return err == nil
	default:
		// Objects and "Array of X" travel JSON-serialized.
		return json.Valid([]byte(value))
	}
}
