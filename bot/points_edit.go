package bot

import (
	"errors"
	"fmt"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
)

// --- buttons of the lists ---

// pointAccess loads a point and decides, against the records as they are now, whether the
// user may change it (orglife.PointAccessOf). A branch, meeting or point that is not there
// (or data that is nonsense) reads as orglife.PointGone.
func (h *Handlers) pointAccess(t *turn, branchID, meetingID, pointID string) (orglife.Point, orglife.Meeting, orglife.PointAccess, error) {
	var p orglife.Point
	on, err := h.pressedOn(t, pointData(branchID, meetingID, pointID, ""))
	switch {
	case err != nil:
		return p, on.meeting, orglife.PointGone, err
	case !on.branchFound:
		return p, on.meeting, orglife.PointGone, nil
	case !on.isMember:
		return p, on.meeting, orglife.PointNotYours, nil
	case !on.meetingFound:
		return p, on.meeting, orglife.PointGone, nil
	}
	p, err = h.records.Point(t.ctx, branchID, meetingID, pointID)
	if errors.Is(err, orglife.ErrNotFound) {
		return p, on.meeting, orglife.PointGone, nil
	}
	if err != nil {
		return p, on.meeting, orglife.PointGone, err
	}
	return p, on.meeting, orglife.PointAccessOf(&on.me, p, on.meeting, h.today(t)), nil
}

// pointRefusalText is what the user is told when access is not orglife.PointMayChange.
func pointRefusalText(access orglife.PointAccess) Text {
	switch access {
	case orglife.PointNotYours:
		return msgPtPointNotYours
	case orglife.PointClosed:
		return msgPtPointsClosed
	}
	return msgPtPointGone
}

// onPointButton handles 编辑N / 撤回N and the withdrawal's confirmation.
func (h *Handlers) onPointButton(t *turn, d buttonData) error {
	branchID, meetingID, pointID := d.Branch, d.Meeting, d.Record
	p, m, access, err := h.pointAccess(t, branchID, meetingID, pointID)
	if err != nil {
		return err
	}
	switch access {
	case orglife.PointGone:
		// Only this point is gone: the list's other buttons may still be good.
		return h.answer(t.ctx, t.query.ID, msgPtPointGone.In(t.lang))
	case orglife.PointNotYours:
		// The message is the presser's own: its other buttons may still be good.
		return h.answer(t.ctx, t.query.ID, msgPtPointNotYours.In(t.lang))
	case orglife.PointClosed:
		// Every button of a member's list is past the deadline alike.
		h.removeButtons(t.ctx, t.chatID, t.query.Message.MessageID)
		return h.answer(t.ctx, t.query.ID, msgPtPointsClosed.In(t.lang))
	}
	switch d.Action {
	case pointEdit:
		if err := h.answer(t.ctx, t.query.ID, ""); err != nil {
			return err
		}
		t.query = nil // the edit asks in a new message; the list stays
		return h.startFlow(t, h.flows[flowPointEdit], branchID,
			answers{"branch": branchID, "meeting": meetingID, "point": pointID})
	case pointWithdraw:
		if err := h.answer(t.ctx, t.query.ID, ""); err != nil {
			return err
		}
		var kb keyboard
		markup, err := kb.markup(tgbotapi.NewInlineKeyboardRow(
			kb.button(btnPtConfirmWithdraw.In(t.lang), pointData(branchID, meetingID, pointID, pointWithdrawConfirm)),
			kb.button(btnCancel.In(t.lang), pointData(branchID, meetingID, pointID, pointWithdrawCancel))))
		if err != nil {
			return fmt.Errorf("withdrawal of point %s: %w", pointID, err)
		}
		msg := tgbotapi.NewMessage(t.chatID, fmt.Sprintf(msgPtConfirmWithdraw.In(t.lang), h.pointHeading(t, branchID, p)))
		msg.ReplyMarkup = markup
		_, err = h.out.Send(t.ctx, htmlMessage(msg))
		return err
	case pointWithdrawConfirm:
		return h.withdrawPoint(t, m, p)
	case pointWithdrawCancel:
		return h.editQuery(t, msgCancelled.In(t.lang), nil)
	}
	return h.stale(t.ctx, t.query, t.lang)
}

func (h *Handlers) withdrawPoint(t *turn, m orglife.Meeting, p orglife.Point) error {
	before := pointSummary(p, orglife.LangZH)
	p.Withdrawn, p.UpdatedAt = true, h.opts.Clock.Now()
	change := orglife.PointChange{By: t.userID, At: p.UpdatedAt, Action: orglife.PointWithdraw, Before: before}
	if err := h.records.SavePoint(t.ctx, m.BranchID, p, change); err != nil {
		return err
	}
	if p.MemberID != t.userID {
		h.tell(t, p.MemberID, func(lang orglife.Lang) string {
			return fmt.Sprintf(msgPtWithdrawnBy.In(lang), quote(pointSummary(p, lang)))
		})
	}
	return h.editQuery(t, fmt.Sprintf(msgPtPointWithdrawn.In(t.lang), quote(pointSummary(p, t.lang))), nil)
}

// pointHeading is a point in full for a confirmation or an edit, with its author's name
// when it is not the user's own.
func (h *Handlers) pointHeading(t *turn, branchID string, p orglife.Point) string {
	text := fmt.Sprintf("【%s · %s】\n%s", p.Area.Name(t.lang), p.Source.Name(t.lang), quote(clip(p.Problem, pointDetailClip)))
	if p.Cause != "" {
		text += "\n" + fmt.Sprintf(msgPtCauseLine.In(t.lang), quote(clip(p.Cause, pointDetailClip)))
	}
	if p.Measure != "" {
		text += "\n" + fmt.Sprintf(msgPtMeasureLine.In(t.lang), quote(clip(p.Measure, pointDetailClip)))
	}
	if p.MemberID != t.userID {
		if owner, ok, err := h.records.Member(t.ctx, branchID, p.MemberID); err == nil {
			name := orglife.Anonymous(t.lang) // anonymised by /forgetme, or gone from the branch
			if ok {
				name = owner.Name
			}
			text = fmt.Sprintf(msgPtPointOf.In(t.lang), quote(name)) + "\n" + text
		}
	}
	return text
}

// --- the edit flow ---

func pointFieldOptions(t *turn, _ answers) ([]option, error) {
	opts := make([]option, 0, len(pointFields))
	for _, f := range pointFields {
		opts = append(opts, option{pointFieldNames[f].In(t.lang), f})
	}
	return opts, nil
}

// editedPoint loads the point an edit flow is about (its ids are preset in the answers).
func (h *Handlers) editedPoint(t *turn, x pointEditAnswers) (orglife.Point, bool) {
	p, err := h.records.Point(t.ctx, x.Branch, x.Meeting, x.Point)
	if err != nil {
		h.log.Warn("point to edit", "point", x.Point, "error", err)
		return p, false
	}
	return p, true
}

func (h *Handlers) askPointField(t *turn, a answers) string {
	x := answersAs[pointEditAnswers](a)
	p, ok := h.editedPoint(t, x)
	if !ok {
		return msgPtPointGone.In(t.lang)
	}
	return fmt.Sprintf(msgPtAskPointField.In(t.lang), h.pointHeading(t, x.Branch, p))
}

func (h *Handlers) askPointArea(t *turn, a answers) string {
	p, _ := h.editedPoint(t, answersAs[pointEditAnswers](a))
	return fmt.Sprintf(msgPtAskNewArea.In(t.lang), p.Area.Name(t.lang))
}

func (h *Handlers) askPointSource(t *turn, a answers) string {
	p, _ := h.editedPoint(t, answersAs[pointEditAnswers](a))
	return fmt.Sprintf(msgPtAskNewSource.In(t.lang), p.Source.Name(t.lang))
}

func (h *Handlers) askPointText(t *turn, a answers) string {
	x := answersAs[pointEditAnswers](a)
	p, _ := h.editedPoint(t, x)
	current := pointFieldValue(p, x.Field, t.lang)
	name := pointFieldNames[x.Field].In(t.lang)
	return fmt.Sprintf(msgPtAskNewText.In(t.lang), name, quote(clip(current, pointDetailClip)), name)
}

func pointTextCheck(t *turn, a answers, text string) (string, string) {
	min, problem, wordless := 2, msgPtTextTooShort, msgPtNoWords
	if answersAs[pointEditAnswers](a).Field == pointFieldProblem {
		min, problem, wordless = pointMinProblem, msgPtPointTooShort, msgPtProblemNoWords
	}
	return withWords(wordless, minLength(min, problem, true))(t, a, text)
}

// saveEditedPoint applies the change after checking, once more, that the user may make it.
func (h *Handlers) saveEditedPoint(t *turn, a answers) error {
	x := answersAs[pointEditAnswers](a)
	p, m, access, err := h.pointAccess(t, x.Branch, x.Meeting, x.Point)
	if err != nil {
		return err
	}
	if access != orglife.PointMayChange {
		return h.conclude(t, pointRefusalText(access).In(t.lang))
	}
	old := p
	if !applyPointEdit(&p, x) {
		return h.conclude(t, msgStaleButton.In(t.lang))
	}
	field := x.Field
	p.UpdatedAt = h.opts.Clock.Now()
	change := orglife.PointChange{By: t.userID, At: p.UpdatedAt, Action: orglife.PointEdit,
		Before: pointFieldSummary(old, field, orglife.LangZH), After: pointFieldSummary(p, field, orglife.LangZH)}
	if err := h.records.SavePoint(t.ctx, m.BranchID, p, change); err != nil {
		return err
	}
	if p.MemberID != t.userID {
		h.tell(t, p.MemberID, func(lang orglife.Lang) string {
			return fmt.Sprintf(msgPtPointEditedBy.In(lang), quote(pointFieldSummary(old, field, lang)), quote(pointFieldSummary(p, field, lang)))
		})
	}
	return h.conclude(t, fmt.Sprintf(msgPtPointEdited.In(t.lang), quote(pointFieldSummary(old, field, t.lang)), quote(pointFieldSummary(p, field, t.lang))))
}

// applyPointEdit sets the field an edit chose to its new value; false if the field or the
// value is not one the options offer (a button from an older version).
func applyPointEdit(p *orglife.Point, x pointEditAnswers) bool {
	switch x.Field {
	case pointFieldArea:
		p.Area = x.Area
		return x.Area.Valid()
	case pointFieldSource:
		p.Source = x.Source
		return x.Source.Valid()
	case pointFieldProblem:
		p.Problem = x.Text
	case pointFieldCause:
		p.Cause = x.Text
	case pointFieldMeasure:
		p.Measure = x.Text
	default:
		return false
	}
	return true
}
