package bot

import (
	"errors"
	"fmt"
	"reflect"
	"time"

	"orglife"
)

// 修改: the secretary changes an open item's measure, owner or deadline — from the 修改第N项
// buttons under the items made at once. A new owner goes the way of /reassign (the history
// records it, both owners are told); a new measure or deadline is told to the owner, and the
// follow-ups are planned anew.

// The fields the edit offers (the "field" answer).
const (
	rectFieldMeasure  = "measure"
	rectFieldOwner    = "owner"
	rectFieldDeadline = "deadline"
)

// rectEditAnswers are the answers of an edit: the item (preset by the button, under the
// keys /reassign keeps it in, so that a new owner is saved by saveRectReassign), the field
// and its new value; the time and the owner before, for a new owner (see saveRectReassign).
type rectEditAnswers struct {
	Current   string       `answer:"_meeting"`
	MeetingID string       `answer:"item_meeting"`
	ItemID    string       `answer:"item"`
	Field     string       `answer:"field"`
	Measure   string       `answer:"measure"`
	Owner     int64        `answer:"owner"`
	Deadline  orglife.Date `answer:"deadline"`
	At        time.Time    `answer:"_at"`
	Prev      int64        `answer:"_prev"`
}

func (h *Handlers) rectEditFlow() *flow {
	field := func(name string) func(*turn, answers) bool {
		return func(_ *turn, a answers) bool { return answersAs[rectEditAnswers](a).Field == name }
	}
	return &flow{
		name: flowRectEdit, need: orglife.RoleSecretary,
		questions: []question{
			{key: "field", options: rectEditFieldOptions, ask: h.askRectEditField},
			{key: "measure", typed: true, check: rectMeasureCheck, when: field(rectFieldMeasure),
				ask: func(t *turn, a answers) string {
					it, _ := h.rectEditItem(t, a)
					return fmt.Sprintf(msgRcAskNewMeasure.In(t.lang), quote(clip(it.Measure, rectTextClip)))
				}},
			{key: keyOwner, typed: true, options: h.rectOwnerOptions, check: h.rectOwnerCheck, ask: h.askNewOwner,
				when: field(rectFieldOwner)},
			{key: "deadline", typed: true, date: true, options: h.rectDeadlineOptions, check: h.rectDeadlineCheck, when: field(rectFieldDeadline),
				ask: func(t *turn, a answers) string {
					it, _ := h.rectEditItem(t, a)
					return fmt.Sprintf(msgRcAskNewDeadline.In(t.lang), it.Deadline.In(t.lang))
				}},
		},
		finish:  h.saveRectEdit,
		answers: reflect.TypeFor[rectEditAnswers](),
		preset:  []string{keyItem, keyItemMeeting},
	}
}

func rectEditFieldOptions(t *turn, _ answers) ([]option, error) {
	return []option{{btnRcEditMeasure.In(t.lang), rectFieldMeasure}, {btnRcEditOwner.In(t.lang), rectFieldOwner},
		{btnRcEditDeadline.In(t.lang), rectFieldDeadline}}, nil
}

// rectEditItem is the item being edited, as it is now.
func (h *Handlers) rectEditItem(t *turn, a answers) (orglife.RectItem, error) {
	x := answersAs[rectEditAnswers](a)
	it, err := h.records.RectItem(t.ctx, t.sess.Branch, x.MeetingID, x.ItemID)
	if err != nil && !errors.Is(err, orglife.ErrNotFound) {
		h.log.Warn("item to edit", "item", x.ItemID, "error", err)
	}
	return it, err
}

func (h *Handlers) askRectEditField(t *turn, a answers) string {
	it, _ := h.rectEditItem(t, a)
	members, err := h.records.Members(t.ctx, t.sess.Branch)
	if err != nil {
		h.log.Warn("members for an item's card", "item", it.ID, "error", err)
	}
	return fmt.Sprintf(msgRcAskEditField.In(t.lang), it.Number, rectCard(t.lang, it, ownerLabel(members, it.Owner, t.lang)))
}

// onRectEditButton opens the edit of an item for the branch's secretary, in a new message:
// the list it was pressed on keeps its buttons for the other items.
func (h *Handlers) onRectEditButton(t *turn, d buttonData) error {
	on, err := h.pressedOn(t, buttonData{Kind: kindRect, Branch: d.Branch})
	if err != nil {
		return err
	}
	if !on.bySecretary(t.userID) {
		return h.stale(t.ctx, t.query, t.lang)
	}
	it, err := h.records.RectItem(t.ctx, d.Branch, d.Meeting, d.Record)
	if errors.Is(err, orglife.ErrNotFound) {
		return h.stale(t.ctx, t.query, t.lang)
	}
	if err != nil {
		return err
	}
	if !it.Open() {
		return h.answer(t.ctx, t.query.ID, fmt.Sprintf(msgRcHandled.In(t.lang), it.Status.Name(t.lang)))
	}
	if err := h.answer(t.ctx, t.query.ID, ""); err != nil {
		return err
	}
	t.branch, t.member = &on.branch, &on.me
	t.query = nil
	return h.startFlow(t, h.flows[flowRectEdit], d.Branch, answers{keyItem: it.ID, keyItemMeeting: it.MeetingID})
}

// saveRectEdit saves the change: a new owner as /reassign does; a new measure or deadline
// in the item, its follow-ups planned anew and its owner told.
func (h *Handlers) saveRectEdit(t *turn, a answers) error {
	x := answersAs[rectEditAnswers](a)
	var measure string
	var deadline orglife.Date
	switch x.Field {
	case rectFieldOwner:
		return h.saveRectReassign(t, a)
	case rectFieldMeasure:
		measure = x.Measure
	case rectFieldDeadline:
		deadline = x.Deadline
	}
	if measure == "" && deadline.IsZero() {
		return h.conclude(t, msgStaleButton.In(t.lang))
	}
	changed := false
	it, err := h.records.UpdateRectItem(t.ctx, t.sess.Branch, x.MeetingID, x.ItemID, func(cur *orglife.RectItem) error {
		var err error
		changed, err = cur.Revise(measure, deadline)
		return err
	})
	switch {
	case errors.Is(err, orglife.ErrChanged): // closed meanwhile
		latest, lerr := h.rectEditItem(t, a)
		if lerr != nil {
			return lerr
		}
		return h.conclude(t, fmt.Sprintf(msgRcHandled.In(t.lang), latest.Status.Name(t.lang)))
	case errors.Is(err, orglife.ErrNotFound):
		return h.conclude(t, msgStaleButton.In(t.lang))
	case err != nil:
		return err
	}
	if !changed {
		return h.conclude(t, fmt.Sprintf(msgRcUnchanged.In(t.lang), it.Number))
	}
	if err := h.replanItem(t.ctx, it); err != nil {
		return err
	}
	members, err := h.records.Members(t.ctx, t.sess.Branch)
	if err != nil {
		return err
	}
	owner := ownerLabel(members, it.Owner, t.lang)
	if it.Owner != t.userID && isMemberOf(members, it.Owner) {
		h.rectNotify(t, it.Owner, func(lang orglife.Lang) string {
			return fmt.Sprintf(msgRcRevisedTold.In(lang), it.Number, rectCard(lang, it, owner))
		}, btnReport, rectData(it, rectReportOn))
	}
	return h.conclude(t, fmt.Sprintf(msgRcRevised.In(t.lang), it.Number, rectCard(t.lang, it, owner)))
}
