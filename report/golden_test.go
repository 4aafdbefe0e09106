package report

import (
	"testing"

	"orglife/configs"
)

// TestCompiledReportGolden renders the report of an empty, a partial and a full meeting (the
// seed's four problems and three measures) and compares its text and the styles that matter
// with testdata/report_*.docx.golden.txt; `go test ./report/ -update` rewrites them.
func TestCompiledReportGolden(t *testing.T) {
	tmpl, err := ParseTemplate(configs.ReportTemplate())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data Data
	}{{"empty", emptyData()}, {"partial", partialData()}, {"full", fullData()}, {"appraisal", appraisalData()}} {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := Compile(tc.data, tmpl)
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, "report_"+tc.name+".docx.golden.txt", openDOCX(t, renderDOCX(t, doc)).summary(t))
		})
	}
}

// TestListsGolden does the same for the two problem lists (the committee's and the members')
// and the ledger, as .docx and .xlsx.
func TestListsGolden(t *testing.T) {
	d := fullData()
	problems, ledger := MemberProblemList(d), Ledger(d, d.Meeting.Date.AddDays(40))
	branch := BranchProblemList(d)
	checkGolden(t, "branch_problems.docx.golden.txt", openDOCX(t, renderDOCX(t, branch)).summary(t))
	checkGolden(t, "branch_problems.xlsx.golden.txt", summariseXLSX(t, renderXLSX(t, branch)))
	checkGolden(t, "problems.docx.golden.txt", openDOCX(t, renderDOCX(t, problems)).summary(t))
	checkGolden(t, "problems.xlsx.golden.txt", summariseXLSX(t, renderXLSX(t, problems)))
	checkGolden(t, "ledger.docx.golden.txt", openDOCX(t, renderDOCX(t, ledger)).summary(t))
	checkGolden(t, "ledger.xlsx.golden.txt", summariseXLSX(t, renderXLSX(t, ledger)))
	checkGolden(t, "appraisal.xlsx.golden.txt", summariseXLSX(t, renderXLSX(t, AppraisalList(appraisalData()))))
}
