package orglife

// StepProgress is who has done a step and who has not, by user id in member order.
type StepProgress struct {
	Done    []int64
	Pending []int64
}

// Progress works out, from the records, who has done each step of the meeting: the plan
// is the secretary's and done once adopted; study, talks and points are done by recording
// at least one (a withdrawn point does not count), study also by being present at a
// collective session; the material is done when marked.
func Progress(m Meeting, members []Member, points []Point, talks []Talk, studies []Study, sessions []StudySession, materialDone []int64) map[StepKind]StepProgress {
	did := map[StepKind]map[int64]bool{
		StepStudy: {}, StepTalks: {}, StepPoints: {}, StepMaterial: {},
	}
	for _, s := range studies {
		did[StepStudy][s.MemberID] = true
	}
	for _, s := range sessions {
		for _, id := range s.Attendance {
			did[StepStudy][id] = true
		}
	}
	for _, t := range talks {
		did[StepTalks][t.RecordedBy] = true
		if t.With != 0 {
			did[StepTalks][t.With] = true
		}
	}
	for _, p := range points {
		if !p.Withdrawn {
			did[StepPoints][p.MemberID] = true
		}
	}
	for _, id := range materialDone {
		did[StepMaterial][id] = true
	}
	out := map[StepKind]StepProgress{}
	for _, st := range m.Steps {
		var p StepProgress
		for _, mem := range members {
			if st.Responsible == BySecretary && mem.Role != RoleSecretary {
				continue
			}
			done := did[st.Kind][mem.UserID]
			if st.Kind == StepPlan {
				done = !m.PlanAdopted.IsZero()
			}
			if done {
				p.Done = append(p.Done, mem.UserID)
			} else {
				p.Pending = append(p.Pending, mem.UserID)
			}
		}
		out[st.Kind] = p
	}
	return out
}
