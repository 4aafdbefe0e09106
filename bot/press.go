package bot

import (
	"errors"
	"fmt"

	"orglife"
)

// pressed is a button press checked against the records as they are now, whatever the
// data claims: the branch it names, the presser's membership of it and, when the button
// names a meeting and the presser is a member, that meeting. The rules of who may do what
// stay with each feature; this is the part they share.
type pressed struct {
	branch       orglife.Branch
	branchFound  bool
	me           orglife.Member
	isMember     bool
	meeting      orglife.Meeting
	meetingFound bool
}

// pressedOn reads the records a button's data names, for the user of t. A branch or
// meeting that is not there is not an error: the press is then refused by the feature.
func (h *Handlers) pressedOn(t *turn, d buttonData) (pressed, error) {
	var p pressed
	b, me, isMember, err := h.records.BranchMember(t.ctx, t.aheadForAccess(), d.Branch, t.userID)
	if errors.Is(err, orglife.ErrNotFound) {
		return p, nil
	}
	if err != nil {
		return p, fmt.Errorf("button %s: %w", d.Kind, err)
	}
	p.branch, p.branchFound, p.me, p.isMember = b, true, me, isMember
	if d.Meeting == "" || !isMember {
		return p, nil
	}
	m, err := h.records.Meeting(t.ctx, d.Branch, d.Meeting)
	if errors.Is(err, orglife.ErrNotFound) {
		return p, nil
	}
	if err != nil {
		return p, fmt.Errorf("button %s: %w", d.Kind, err)
	}
	p.meeting, p.meetingFound = m, true
	return p, nil
}

// bySecretary reports whether the presser is the branch's secretary now.
func (p pressed) bySecretary(userID int64) bool {
	return p.isMember && p.me.Role == orglife.RoleSecretary && p.branch.SecretaryID == userID
}
