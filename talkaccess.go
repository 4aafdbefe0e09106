package orglife

import "time"

// TalkChange is one change the recorder made to a talk record after recording it.
type TalkChange struct {
	By     int64     `json:"by"`
	At     time.Time `json:"at"`
	Action string    `json:"action"`           // TalkEdit or TalkWithdraw
	Before string    `json:"before,omitempty"` // short summary of what changed, before
	After  string    `json:"after,omitempty"`  // and after
}

// The actions of a TalkChange.
const (
	TalkEdit     = "edit"
	TalkWithdraw = "withdraw"
)

// TalkAccess is whether a person may change (edit or withdraw) a talk record now, and if not,
// why.
type TalkAccess int

const (
	TalkMayChange TalkAccess = iota
	TalkGone                 // the record was withdrawn
	TalkNotYours             // someone else recorded it
	TalkClosed               // the time to change it ended with the 谈心谈话 deadline
)

// TalksOpen reports whether the meeting's talk records may still be changed on today.
func (m Meeting) TalksOpen(today Date) bool { return m.StepOpen(StepTalks, today) }

// TalkAccessOf decides whether member may change talk t of meeting m on today. Only the
// member who recorded a talk may, and only until the 谈心谈话 deadline: the record is theirs,
// and after the deadline it is what the preparation was judged by. Nobody may change a
// withdrawn record.
func TalkAccessOf(member int64, t Talk, m Meeting, today Date) TalkAccess {
	switch {
	case t.Withdrawn:
		return TalkGone
	case member == 0 || t.RecordedBy != member:
		return TalkNotYours
	case !m.TalksOpen(today):
		return TalkClosed
	}
	return TalkMayChange
}

// LiveTalks are the records of talks that are not withdrawn, in their order. A withdrawn
// record counts nowhere: not for the preparation, not in any document.
func LiveTalks(talks []Talk) []Talk {
	out := make([]Talk, 0, len(talks))
	for _, t := range talks {
		if !t.Withdrawn {
			out = append(out, t)
		}
	}
	return out
}
