package report

import (
	"bytes"
	"slices"
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

// FuzzMaterialText: whatever a member typed as a problem, cause, measure, their name or a
// talk's words, Material drafts without error: every factual sentence traced, each body
// block's text its sentences' text, the typed problem quoted in a sentence with a source.
// TestMaterialHostileTextRenders writes the .docx of the seeds (a whole .docx a run would
// leave the fuzzer a few executions a second).
func FuzzMaterialText(f *testing.F) {
	for _, s := range hostileMaterialTexts {
		f.Add(s[0], s[1], s[2], s[3], s[4])
	}
	f.Fuzz(func(t *testing.T, problem, cause, measure, name, said string) {
		doc, err := Material(hostileMaterialData(problem, cause, measure, name, said), 4)
		if err != nil {
			t.Fatalf("Material: %v", err)
		}
		for _, b := range doc.Blocks {
			if b.Sentences != nil && b.Text != sentencesText(b.Sentences) {
				t.Fatalf("block %q is not its sentences", b.Text)
			}
			for _, s := range b.Sentences {
				if s.Factual && s.Comment() == "" {
					t.Fatalf("factual sentence %q without a comment", s.Text)
				}
			}
		}
	})
}

// hostileMaterialTexts are texts a member might type (problem, cause, measure, name, what
// a comrade said), among them the comment markers' private-use text and XML.
var hostileMaterialTexts = [][5]string{
	{"学习党的创新理论只读摘要不读原文", "党性修养：要求不严", "每周读原文两次", "张三", "希望你多读原著原文"},
	{"", "", "", "", ""},
	{"\uE000s0\uE000", "\uE000e0\uE000", "<w:r>&", "\n\n", "\x00\uFFFE"},
	{"<w:r><w:t>\uE000e1\uE000</w:t></w:r>", "其他：", "纪律规矩方面，", "【待补充：姓名】", "。。。"},
	{"我\n本人", "\uE000s7", "\xff\xfe", "\uE000", "\uE000s0\uE000"},
}

// hostileMaterialData is fullMaterialData with 张三's name, his first point and the first
// talk's words replaced.
func hostileMaterialData(problem, cause, measure, name, said string) Data {
	d := fullMaterialData()
	d.Members = slices.Clone(d.Members)
	d.Members[3].Name = name
	d.Points[0].Problem, d.Points[0].Cause, d.Points[0].Measure = problem, cause, measure
	d.Talks[0].Received = said
	return d
}

// TestMaterialHostileTextRenders: the material of each hostile text renders, its comment
// ranges closed and referenced and its typed text kept as typed.
func TestMaterialHostileTextRenders(t *testing.T) {
	for _, s := range hostileMaterialTexts {
		doc, err := Material(hostileMaterialData(s[0], s[1], s[2], s[3], s[4]), 4)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := WriteDOCX(&buf, doc); err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		pkg := openDOCX(t, buf.Bytes())
		cs := pkg.comments(t)
		if len(cs) == 0 {
			t.Fatalf("%q: no comments", s)
		}
		if p := strings.TrimSpace(s[0]); strings.HasPrefix(p, "<w:r>") && !strings.Contains(string(pkg.files["word/document.xml"]), "&lt;w:r&gt;") {
			t.Errorf("%q: the typed XML is not kept as text", s[0])
		}
	}
}
