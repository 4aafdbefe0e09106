package orglife

import "slices"

// StepProgress is who has done a step and who has not, by user id in member order.
type StepProgress struct {
	Done    []int64
	Pending []int64
	// Waiting are those of Pending with nothing to do themselves: each talk they still miss
	// waits for the other member (see StepStatus.Waiting).
	Waiting []int64
}

// Owing are those of Pending who have something to do themselves: the people a reminder
// of the step is for.
func (p StepProgress) Owing() []int64 {
	out := make([]int64, 0, len(p.Pending))
	for _, id := range p.Pending {
		if !slices.Contains(p.Waiting, id) {
			out = append(out, id)
		}
	}
	return out
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
	// For talks, what is still missing, by user id in member order. Partners are those the
	// coverage rules still require and More how many more people the member must talk with
	// to reach the minimum, both leaving out the partners a record is under way with (the
	// lists below): the member is not asked to talk again with them.
	Partners []int64
	More     int
	// Awaiting are the partners whose confirmation of the member's record is pending: theirs
	// to give, not the member's. Correcting are the partners whose record the member said
	// 有出入 about: theirs to check and record again.
	Awaiting   []int64
	Correcting []int64
	// Disputed are the partners who said 有出入 about the member's record: the member is to
	// check it with them and record it again.
	Disputed []int64
	// ToConfirm are the talks others recorded with the member that wait for the member's
	// answer (确认 or 有出入), in the order recorded.
	ToConfirm []Talk
}

// Waiting reports whether the member is not done with the step but has nothing to do on it:
// every talk still missing waits for the other member (Awaiting, Correcting). A member who
// is waiting is told nothing: no reminder, no to-do.
func (s StepStatus) Waiting() bool {
	return s.Required && !s.Done && len(s.Partners) == 0 && s.More == 0 && len(s.Disputed) == 0 &&
		len(s.ToConfirm) == 0 && (len(s.Awaiting) > 0 || len(s.Correcting) > 0)
}

// Owed reports whether the member still has something to do on the step.
func (s StepStatus) Owed() bool { return s.Required && !s.Done && !s.Waiting() }

// Prep is the state of a meeting's preparation, worked out once from its records. It is
// the one place that decides whether a member has done a step: /status, the digest,
// reminders, /remind and /todo all ask it.
type Prep struct {
	meeting Meeting
	members []Member
	byID    map[int64]Member
	did     map[StepKind]map[int64]bool
	cov     Coverage
	// The talks still required of each member, indexed once, as a branch may have thousands
	// of members: the partners the rules name, and the shortfall from the minimum (both
	// before leaving out the records under way), and the records under way.
	partners map[int64][]int64
	more     map[int64]int
	open     map[int64]*openTalks
}

// openTalks are a member's talk records that do not count yet, by partner. Confirming are
// the recorders of toConfirm whose pair has no talk that counts yet.
type openTalks struct {
	awaiting, correcting, disputed, confirming map[int64]bool
	toConfirm                                  []Talk
}

// underWay reports whether a record with partner is under way, in whichever hands.
func (o *openTalks) underWay(partner int64) bool {
	if o == nil {
		return false
	}
	return o.awaiting[partner] || o.correcting[partner] || o.disputed[partner] || o.confirming[partner]
}

// partnersUnderWay counts the partners a record is under way with.
func (o *openTalks) partnersUnderWay() int {
	if o == nil {
		return 0
	}
	seen := map[int64]bool{}
	for _, set := range []map[int64]bool{o.awaiting, o.correcting, o.disputed, o.confirming} {
		for id := range set {
			seen[id] = true
		}
	}
	return len(seen)
}

// JudgePrep works out who has done what: the plan is the secretary's and done once adopted;
// study is done by recording one or by being present at a collective session (recording a
// session for others does not count); points by recording one that is not withdrawn; the
// material when marked. Talks are done by taking part in at least one talk AND having
// every partner the coverage rules require AND reaching their minimum count, counting the
// talks that count (confirmed ones, see Talk.Counts), AND having answered every record
// others made of a talk with the member.
//
// A talk that does not count yet is in someone's hands, and only theirs: a pending record
// is the partner's to confirm (the recorder waits; the partner owes the answer), a disputed
// one the recorder's to check with the partner and record again (the partner waits). Who
// only waits is not done but has nothing to do (StepStatus.Waiting): no reminder asks them
// to talk again with someone they have talked with.
func JudgePrep(m Meeting, r StepRecords) Prep {
	did := map[StepKind]map[int64]bool{
		StepStudy: {}, StepTalks: {}, StepPoints: {}, StepMaterial: {},
	}
	r.Talks = LiveTalks(r.Talks) // a withdrawn record is nobody's to answer or wait for
	for _, s := range r.Studies {
		did[StepStudy][s.MemberID] = true
	}
	for _, s := range r.Sessions {
		for _, id := range s.Attendance {
			did[StepStudy][id] = true
		}
	}
	p := Prep{meeting: m, members: r.Members, byID: map[int64]Member{}, did: did,
		cov: CheckCoverage(r.Members, r.Talks, r.Coverage), partners: map[int64][]int64{}, more: map[int64]int{},
		open: map[int64]*openTalks{}}
	p.judgeTalks(r.Members, r.Talks)
	for _, pt := range r.Points {
		if !pt.Withdrawn {
			did[StepPoints][pt.MemberID] = true
		}
	}
	for _, id := range r.MaterialDone {
		did[StepMaterial][id] = true
	}
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

// judgeTalks marks who took part in a talk that counts, and sorts the records that do not
// count yet into whose hands they are in (Coverage.Open). A record still unanswered is owed
// even when the two have a talk that counts: the member is asked for an answer to every
// record others made of a talk with them.
func (p Prep) judgeTalks(members []Member, talks []Talk) {
	inBranch := memberSet(members)
	of := func(id int64) *openTalks {
		o := p.open[id]
		if o == nil {
			o = &openTalks{awaiting: map[int64]bool{}, correcting: map[int64]bool{}, disputed: map[int64]bool{}, confirming: map[int64]bool{}}
			p.open[id] = o
		}
		return o
	}
	for _, t := range talks {
		switch {
		case t.Counts(inBranch):
			p.did[StepTalks][t.RecordedBy] = true
			if t.With != 0 {
				p.did[StepTalks][t.With] = true
			}
		case t.Status == ConfirmPending:
			of(t.With).toConfirm = append(of(t.With).toConfirm, t)
		}
	}
	for _, o := range p.cov.Open {
		if o.Disputed {
			of(o.By).disputed[o.With] = true
			of(o.With).correcting[o.By] = true
		} else {
			of(o.By).awaiting[o.With] = true
			of(o.With).confirming[o.By] = true
		}
	}
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
		st = p.talkStatus(st)
	default:
		st.Done = p.did[step][member]
	}
	return st
}

// talkStatus fills in where st.Member stands on the talks.
func (p Prep) talkStatus(st StepStatus) StepStatus {
	member, o := st.Member, p.open[st.Member]
	missing, more := p.partners[member], p.more[member]
	st.Done = p.did[StepTalks][member] && len(missing) == 0 && more == 0 && (o == nil || len(o.toConfirm) == 0)
	for _, id := range missing {
		if !o.underWay(id) {
			st.Partners = append(st.Partners, id)
		}
	}
	st.More = max(0, more-o.partnersUnderWay())
	if o == nil {
		return st
	}
	inOrder := func(set map[int64]bool) []int64 {
		var out []int64
		for _, mem := range p.members {
			if set[mem.UserID] {
				out = append(out, mem.UserID)
			}
		}
		return out
	}
	st.Awaiting, st.Correcting, st.Disputed = inOrder(o.awaiting), inOrder(o.correcting), inOrder(o.disputed)
	st.ToConfirm = slices.Clone(o.toConfirm)
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

// Progress is, per step of the meeting, who of those it is required of has done it, who
// has not, and who of those only waits for others.
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
				if st.Waiting() {
					sp.Waiting = append(sp.Waiting, mem.UserID)
				}
			}
		}
		out[s.Kind] = sp
	}
	return out
}

// Progress works out, from the records, who has done each step of the meeting (see
// JudgePrep for what counts).
func Progress(m Meeting, r StepRecords) map[StepKind]StepProgress { return JudgePrep(m, r).Progress() }
