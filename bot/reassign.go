package bot

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"strconv"
	"strings"
	"time"

	"orglife"
)

// /reassign gives an open rectification item a new owner: when its owner left the branch
// (their follow-ups then go to the secretary, who is asked to do this) or cannot carry on.

const (
	flowRectReassign = "reassign"
	cmdReassign      = "reassign"
)

func (h *Handlers) reassignCommands() []Command {
	return []Command{{Name: cmdReassign, Desc: descReassign,
		Role: orglife.RoleSecretary, run: h.rectReassign}}
}

func (h *Handlers) reassignFlows() []*flow {
	return []*flow{{
		name: flowRectReassign, need: orglife.RoleSecretary,
		questions: []question{
			{key: keyItem, options: h.rectOpenItemOptions, split: splitItemRef,
				ask: func(t *turn, _ answers) string { return msgRcAskReassignItem.In(t.lang) }},
			{key: keyOwner, typed: true, options: h.rectOwnerOptions, check: h.rectOwnerCheck, ask: h.askNewOwner},
		},
		finish:  h.saveRectReassign,
		answers: reflect.TypeFor[reassignAnswers](),
	}}
}

func (h *Handlers) rectReassign(t *turn) error {
	items, err := h.branchOpenItems(t, t.branch.ID)
	if err != nil {
		return err
	}
	if len(items) == 0 {
		return h.say(t.ctx, t.chatID, msgRcNoOpenItems.In(t.lang))
	}
	return h.startFlow(t, h.flows[flowRectReassign], t.branch.ID, nil)
}

// branchOpenItems are the branch's items that are not closed, in every meeting:
// rectification goes on after the next meeting becomes current, and so do its follow-ups.
func (h *Handlers) branchOpenItems(t *turn, branchID string) ([]orglife.RectItem, error) {
	meetings, err := h.records.Meetings(t.ctx, branchID)
	if err != nil {
		return nil, err
	}
	var open []orglife.RectItem
	for _, m := range meetings {
		items, err := h.records.RectItems(t.ctx, branchID, m.ID)
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			if it.Open() {
				open = append(open, it)
			}
		}
	}
	return open, nil
}

// reassignAnswers are /reassign's answers: the item chosen (kept as its meeting and its id
// by splitItemRef), its new owner, and the time of the change and the owner before it once
// the finish has drawn them (kept by remember); Current is the meeting current when the flow
// began.
type reassignAnswers struct {
	Current   string    `answer:"_meeting"`
	MeetingID string    `answer:"item_meeting"`
	ItemID    string    `answer:"item"`
	Owner     int64     `answer:"owner"`
	At        time.Time `answer:"_at"`
	Prev      int64     `answer:"_prev"`
}

// The keys /reassign keeps its answers under.
const (
	keyItem        = "item"
	keyItemMeeting = "item_meeting"
	keyOwner       = "owner"
	keyAt          = "_at"
	keyPrevOwner   = "_prev"
)

// itemRef is the value of an item's option: "<meeting>/<item>" (ids hold no '/'), since
// items of every meeting are offered.
func itemRef(it orglife.RectItem) string { return it.MeetingID + "/" + it.ID }

// splitItemRef keeps a chosen item as two answers, its meeting and its id.
func splitItemRef(a answers, ref string) {
	meetingID, itemID, _ := strings.Cut(ref, "/")
	a[keyItemMeeting], a[keyItem] = meetingID, itemID
}

// reassignAnswersOf reads /reassign's answers. A session saved before the item was kept as
// two answers has its itemRef under keyItem, and reads the same.
func reassignAnswersOf(a answers) reassignAnswers {
	r := answersAs[reassignAnswers](a)
	if r.MeetingID == "" && strings.Contains(r.ItemID, "/") {
		a = maps.Clone(a) // the session's answers stay as saved
		splitItemRef(a, r.ItemID)
		r = answersAs[reassignAnswers](a)
	}
	return r
}

// rectOpenItemOptions are the branch's open items, whoever owns them; an item of an
// earlier meeting is labelled with its year. The value is its itemRef.
func (h *Handlers) rectOpenItemOptions(t *turn, a answers) ([]option, error) {
	current := answersAs[reassignAnswers](a).Current
	items, err := h.branchOpenItems(t, t.sess.Branch)
	if err != nil {
		return nil, err
	}
	var opts []option
	for _, it := range items {
		label := fmt.Sprintf(msgRcItemLabel.In(t.lang), it.Number, clip(it.Measure, rectLabelClip))
		if it.MeetingID != current {
			label = fmt.Sprintf("%d·%s", it.CreatedAt.Year(), label)
		}
		opts = append(opts, option{label: label, value: itemRef(it)})
	}
	return opts, nil
}

// reassignItem is the item the flow is about.
func (h *Handlers) reassignItem(t *turn, r reassignAnswers) (orglife.RectItem, error) {
	return h.records.RectItem(t.ctx, t.sess.Branch, r.MeetingID, r.ItemID)
}

func (h *Handlers) askNewOwner(t *turn, a answers) string {
	r := reassignAnswersOf(a)
	it, err := h.reassignItem(t, r)
	if err != nil {
		h.log.Warn("item to reassign", "item", r.ItemID, "error", err)
	}
	members, err := h.records.Members(t.ctx, t.sess.Branch)
	if err != nil {
		h.log.Warn("members for an item's owner", "item", r.ItemID, "error", err)
	}
	return fmt.Sprintf(msgRcAskNewOwner.In(t.lang), it.Number, quote(clip(it.Measure, rectTextClip)), quote(ownerLabel(members, it.Owner, t.lang)))
}

// ownerLabel is the name of an item's owner among members, or says there is none (they
// left the branch).
func ownerLabel(members []orglife.Member, owner int64, lang orglife.Lang) string {
	for _, m := range members {
		if m.UserID == owner && owner != 0 {
			return m.Name
		}
	}
	return msgRcNoOwner.In(lang)
}

// saveRectReassign records the new owner in the item and its history, plans its
// follow-ups anew and tells the new owner, and the previous one if still a member. The
// change's time and the owner before it are kept in the session, so that an update run again
// after a failure finds its change made and goes on from there, still knowing whom to tell.
func (h *Handlers) saveRectReassign(t *turn, a answers) error {
	r := reassignAnswersOf(a)
	owner := r.Owner
	if owner <= 0 {
		return h.conclude(t, msgStaleButton.In(t.lang))
	}
	newOwner, isMember, err := h.records.Member(t.ctx, t.sess.Branch, owner)
	if err != nil {
		return err
	}
	if !isMember {
		return h.conclude(t, msgRcNewOwnerGone.In(t.lang))
	}
	if r.At.IsZero() {
		before, err := h.reassignItem(t, r)
		if err != nil && !errors.Is(err, orglife.ErrNotFound) {
			return err
		}
		r.At, r.Prev = h.opts.Clock.Now().UTC(), before.Owner
		if err := h.remember(t, a, map[string]string{keyAt: r.At.Format(time.RFC3339Nano),
			keyPrevOwner: strconv.FormatInt(r.Prev, 10)}); err != nil {
			return err
		}
	}
	it, err := h.records.UpdateRectItem(t.ctx, t.sess.Branch, r.MeetingID, r.ItemID, func(cur *orglife.RectItem) error {
		if cur.Owner != owner {
			r.Prev = cur.Owner // the owner the change takes the item from, should it have changed meanwhile
		}
		return cur.Reassign(r.At, t.userID, owner) // a change an earlier try of this update made stands
	})
	switch {
	case errors.Is(err, orglife.ErrChanged): // closed, or given to them, meanwhile
		latest, lerr := h.reassignItem(t, r)
		if lerr != nil {
			return lerr
		}
		if latest.Open() {
			return h.conclude(t, fmt.Sprintf(msgRcSameOwner.In(t.lang), quote(newOwner.Name)))
		}
		return h.conclude(t, fmt.Sprintf(msgRcHandled.In(t.lang), latest.Status.Name(t.lang)))
	case errors.Is(err, orglife.ErrNotFound):
		return h.conclude(t, msgStaleButton.In(t.lang))
	case err != nil:
		return err
	}
	if err := h.replanItem(t.ctx, it); err != nil {
		return err
	}
	if owner != t.userID {
		h.rectNotify(t, owner, func(lang orglife.Lang) string {
			return fmt.Sprintf(msgRcAssigned.In(lang), it.Number, rectCard(lang, it, newOwner.Name))
		}, btnReport, goData(cmdProgress, it.BranchID, it.MeetingID))
	}
	if err := h.tellPrevOwner(t, it, r.Prev, newOwner.Name); err != nil {
		return err
	}
	return h.conclude(t, fmt.Sprintf(msgRcReassigned.In(t.lang), it.Number, quote(newOwner.Name), quote(newOwner.Name)))
}

// tellPrevOwner tells the item's owner before the change, when still a member and not the
// one who made it, that it now belongs to newOwner.
func (h *Handlers) tellPrevOwner(t *turn, it orglife.RectItem, prev int64, newOwner string) error {
	if prev == 0 || prev == it.Owner || prev == t.userID {
		return nil
	}
	if _, ok, err := h.records.Member(t.ctx, t.sess.Branch, prev); err != nil || !ok {
		return err
	}
	h.tell(t, prev, func(lang orglife.Lang) string {
		return fmt.Sprintf(msgRcReassignedAway.In(lang), it.Number, quote(clip(it.Measure, rectTextClip)), quote(newOwner))
	})
	return nil
}
