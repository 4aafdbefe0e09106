package configs

import _ "embed"

//go:embed report.tmpl
var reportTemplate string

// ReportTemplate is the default wording of the compiled meeting report (a Go text/template
// read by report.ParseTemplate); a branch may replace it with a file of its own.
func ReportTemplate() string { return reportTemplate }
