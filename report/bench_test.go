package report

import (
	"bytes"
	"testing"
)

// BenchmarkDOCX200Members renders the compiled report of a 200-member branch (10 points and
// 5 talks each; see BenchmarkCompile200Members for compiling it) as the .docx /report sends.
func BenchmarkDOCX200Members(b *testing.B) {
	doc, err := Compile(bigData(200), defaultTemplate(b))
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := WriteDOCX(&buf, doc); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len())/1024, "KB")
}

// BenchmarkProblemListXLSX2000Points builds the 问题清单 of 2,000 points (200 members, 10 each)
// and renders it as the .xlsx the report's button sends.
func BenchmarkProblemListXLSX2000Points(b *testing.B) {
	d := bigData(200)
	if n := len(activePoints(d.Points)); n != 2000 {
		b.Fatalf("%d points", n)
	}
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := WriteXLSX(&buf, MemberProblemList(d)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len())/1024, "KB")
}
