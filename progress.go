package orglife

import "slices"

// StepProgress is who has done a step and who has not, by user id in member order.
type StepProgress struct {
	Done    []int64
	Pending []int64
}

// StepRecords are the records a meeting's preparation is judged by.
type StepRecords struct {
	Members      []Member
	Points       []Point
	Talks        []Talk
	Studies      []Study
	Sessions     []StudySession
	MaterialDone []int64 // members who marked their material done
	Coverage     CoverageRules
}

// StepStatus is where one member stands on one step.
type StepStatus struct {
	Step     StepKind
	Member   int64
	Required bool // the step is this member's to do: everyone's, or the secretary's and this is the secretary
	Done     bool
	// For talks: the partners the coverage rules still require, in member order, and how
	// many more people the member must talk with to reach the minimum.
	Partners []int64
	More     int
}

// Owed reports whether the member still has the step to do.
func (s StepStatus) Owed() bool { return s.Required && !s.Done }

// Prep is the state of a meeting's preparation, worked out once from its records. It is
// the one place that decides whether a member has done a step: /status, the digest,
// reminders, /remind and /todo all ask it.
type Prep struct {
	meeting Meeting
	members []Member
	byID    map[int64]Member
	did     map[StepKind]map[int64]bool
	cov     Coverage
	// The talks still required of each member: partners the rules name, and the shortfall
	// from the minimum; indexed once, as a branch may have thousands of members.
	partners map[int64][]int64
	more     map[int64]int
}

// JudgePrep works out who has done what: the plan is the secretary's and done once adopted;
// study is done by recording one or by being present at a collective session (recording a
// session for others does not count); points by recording one that is not withdrawn; the
// material when marked. Talks are done by taking part in at least one talk AND having
// every partner the coverage rules require AND reaching their minimum count.
//
// A talk counts once recorded, whatever its confirmation, as in CheckCoverage: a pending
// confirmation is in the partner's hands, not the member's, and 有出入 (disputed) says the
// record's content differs, not that the talk did not take place; the dispute is settled
// between the two and shown in /mytalks, and nobody is nagged for it.
func JudgePrep(m Meeting, r StepRecords) Prep {
	did := map[StepKind]map[int64]bool{
		StepStudy: {}, StepTalks: {}, StepPoints: {}, StepMaterial: {},
	}
	for _, s := range r.Studies {
		did[StepStudy][s.MemberID] = true
	}
	for _, s := range r.Sessions {
		for _, id := range s.Attendance {
			did[StepStudy][id] = true
		}
	}
	for _, t := range r.Talks {
		did[StepTalks][t.RecordedBy] = true
		if t.With != 0 {
			did[StepTalks][t.With] = true
		}
	}
	for _, p := range r.Points {
		if !p.Withdrawn {
			did[StepPoints][p.MemberID] = true
		}
	}
	for _, id := range r.MaterialDone {
		did[StepMaterial][id] = true
	}
	p := Prep{meeting: m, members: r.Members, byID: map[int64]Member{}, did: did,
		cov: CheckCoverage(r.Members, r.Talks, r.Coverage), partners: map[int64][]int64{}, more: map[int64]int{}}
	order := map[int64]int{}
	for i, mem := range r.Members {
		p.byID[mem.UserID] = mem
		order[mem.UserID] = i
	}
	for _, pair := range p.cov.MissingPairs {
		p.partners[pair.A] = append(p.partners[pair.A], pair.B)
		p.partners[pair.B] = append(p.partners[pair.B], pair.A)
	}
	for _, ids := range p.partners {
		slices.SortFunc(ids, func(a, b int64) int { return order[a] - order[b] })
	}
	for _, sh := range p.cov.Short {
		p.more[sh.Member] = sh.Need - sh.Has
	}
	return p
}

// Status is where member stands on step. A step the meeting does not have, or a person
// not in the branch, is owed by nobody.
func (p Prep) Status(step StepKind, member int64) StepStatus {
	st := StepStatus{Step: step, Member: member}
	s, ok := p.meeting.Step(step)
	if !ok {
		return st
	}
	if mem, ok := p.byID[member]; ok {
		st.Required = s.Responsible != BySecretary || mem.Role == RoleSecretary
	}
	switch step {
	case StepPlan:
		st.Done = !p.meeting.PlanAdopted.IsZero()
	case StepTalks:
		st.Partners, st.More = slices.Clone(p.partners[member]), p.more[member]
		st.Done = p.did[step][member] && len(st.Partners) == 0 && st.More == 0
	default:
		st.Done = p.did[step][member]
	}
	return st
}

// Owes lists the steps member still has to do, in the meeting's order.
func (p Prep) Owes(member int64) []StepStatus {
	var out []StepStatus
	for _, s := range p.meeting.Steps {
		if st := p.Status(s.Kind, member); st.Owed() {
			out = append(out, st)
		}
	}
	return out
}

// Coverage is what the talks so far leave undone, for the talk section of /status.
func (p Prep) Coverage() Coverage { return p.cov }

// Progress is, per step of the meeting, who of those it is required of has done it and who
// has not.
func (p Prep) Progress() map[StepKind]StepProgress {
	out := map[StepKind]StepProgress{}
	for _, s := range p.meeting.Steps {
		var sp StepProgress
		for _, mem := range p.members {
			st := p.Status(s.Kind, mem.UserID)
			switch {
			case !st.Required:
			case st.Done:
				sp.Done = append(sp.Done, mem.UserID)
			default:
				sp.Pending = append(sp.Pending, mem.UserID)
			}
		}
		out[s.Kind] = sp
	}
	return out
}

// Progress works out, from the records, who has done each step of the meeting (see
// JudgePrep for what counts).
func Progress(m Meeting, r StepRecords) map[StepKind]StepProgress { return JudgePrep(m, r).Progress() }
