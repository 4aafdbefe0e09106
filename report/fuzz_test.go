package report

import (
	"strings"
	"testing"

	"orglife/configs"
)

// FuzzParseTemplate: ParseTemplate never panics on a branch's template file, and a
// rejection is one message that says it is about the report template.
func FuzzParseTemplate(f *testing.F) {
	def := configs.ReportTemplate()
	f.Add(def)
	f.Add("")
	f.Add("plain text")
	f.Add("{{")
	f.Add(`{{define "nosuch"}}x{{end}}`)
	f.Add(strings.Replace(def, "{{.Ordinal}}", "{{.Ordinl}}", 1))
	f.Add(def + "stray text")
	f.Add(def + `{{define "_helper"}}{{.}}{{end}}`)
	f.Add(def + `{{define "Problem"}}x{{end}}`)
	f.Add(`{{template "report"}}`)
	f.Fuzz(func(t *testing.T, text string) {
		tp, err := ParseTemplate(text)
		if err != nil {
			if tp != nil {
				t.Fatalf("ParseTemplate(%q) returned a template and error %v", text, err)
			}
			if !strings.HasPrefix(err.Error(), "report template: ") {
				t.Fatalf("ParseTemplate(%q) error %q does not say it is about the report template", text, err)
			}
			return
		}
		if tp == nil {
			t.Fatalf("ParseTemplate(%q) = nil, nil", text)
		}
	})
}
