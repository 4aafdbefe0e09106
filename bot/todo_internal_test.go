package bot

import (
	"fmt"
	"strings"
	"testing"

	"orglife"
)

func TestPartnerNamesStayShort(t *testing.T) {
	var members []orglife.Member
	var partners []int64
	for i := range 25 {
		members = append(members, orglife.Member{UserID: int64(i + 1), Name: fmt.Sprintf("党员%d", i+1)})
		partners = append(partners, int64(i+1))
	}
	got := partnerNames(members, partners, orglife.LangZH)
	if !strings.HasPrefix(got, "党员1、党员2、") || !strings.Contains(got, "党员20等 25 人") || strings.Contains(got, "党员21") {
		t.Fatalf("partnerNames = %q", got)
	}
	if got := partnerNames(members, partners[:2], orglife.LangZH); got != "党员1、党员2" {
		t.Fatalf("two partners: %q", got)
	}
}

func TestOverdueFirst(t *testing.T) {
	d := orglife.Date{Year: 2026, Month: 12, Day: 10}
	m := orglife.Meeting{Steps: []orglife.Step{
		{Kind: orglife.StepStudy, Deadline: d.AddDays(2)}, {Kind: orglife.StepTalks, Deadline: d.AddDays(-1)},
		{Kind: orglife.StepPoints, Deadline: d}, {Kind: orglife.StepMaterial, Deadline: d.AddDays(-3)},
	}}
	var owed []orglife.StepStatus
	for _, s := range m.Steps {
		owed = append(owed, orglife.StepStatus{Step: s.Kind})
	}
	var got []orglife.StepKind
	for _, st := range overdueFirst(m, owed, d) {
		got = append(got, st.Step)
	}
	want := []orglife.StepKind{orglife.StepTalks, orglife.StepMaterial, orglife.StepStudy, orglife.StepPoints}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("overdueFirst = %v, want %v (overdue first, each part in the meeting's order; due today is not overdue)", got, want)
	}
}
