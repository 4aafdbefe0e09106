package orglife

// PointAccess is whether a person may change (edit or withdraw) a self-examination point now,
// and if not, why.
type PointAccess int

const (
	PointMayChange PointAccess = iota
	PointGone                  // the point was withdrawn
	PointNotYours              // another member's point, or the person is not in the branch
	PointClosed                // its author's time to change it ended with the 查摆问题 deadline
)

// StepOpen reports whether the meeting's step k still takes and changes its records on
// today: until its deadline (the day itself included), or always when it has no such step.
func (m Meeting) StepOpen(k StepKind, today Date) bool {
	s, ok := m.Step(k)
	return !ok || s.Open(today)
}

// PointsOpen reports whether the meeting still takes and changes points on today.
func (m Meeting) PointsOpen(today Date) bool { return m.StepOpen(StepPoints, today) }

// PointAccessOf decides whether me may change point p of meeting m on today; me is nil when
// the person is not a member of the point's branch. The secretary may, always; the member
// who wrote the point may until the 查摆问题 deadline; nobody may change a withdrawn point.
func PointAccessOf(me *Member, p Point, m Meeting, today Date) PointAccess {
	switch {
	case me == nil:
		return PointNotYours
	case p.Withdrawn:
		return PointGone
	case me.Role == RoleSecretary:
		return PointMayChange
	case p.MemberID != me.UserID:
		return PointNotYours
	case !m.PointsOpen(today):
		return PointClosed
	}
	return PointMayChange
}
