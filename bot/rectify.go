package bot

import (
	"fmt"
	"reflect"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
)

// 整改落实: the secretary turns the meeting's problems into rectification items (/rectify),
// each with a measure, an owner, a deadline and a review interval (回头看); the owner reports
// progress (/progress), the secretary confirms completion (对单销号) or sends the item back;
// /ledger is the 整改台账 of the current meeting. Every change plans the item's follow-ups
// anew (replanItem).

const (
	flowRectify    = "rectify"
	flowRectReport = "rectprogress"
	flowRectReopen = "rectreopen"
	flowRectEdit   = "rectedit"

	// The verbs of the secretary's buttons on a completion report.
	rectConfirm = "ok"
	rectReopen  = "no"
	// rectEdit is the secretary's 修改 under the items made at once (rectify_batch.go).
	rectEdit = "e"
	// rectReportOn is the owner's 汇报进展 on one item (a reminder, the notice of a new
	// item): /progress about that item, without asking which.
	rectReportOn = "p"

	rectNew       = "new"    // the source button 另行填写: a problem typed fresh
	rectBatch     = "_batch" // the source button 将查摆问题批量转为整改事项
	rectBranch    = "bp-"    // the source button of a branch problem: this and its id
	rectKeep      = "_keep"  // the measure button 沿用: the point's own measure
	rectMaxPoints = 40       // problems offered as buttons; the rest are chosen by number
	rectMaxPeople = 90       // owners offered as buttons; the rest are chosen by name
	rectLabelClip = 16       // how much of a problem or measure a button shows
	rectTextClip  = 300      // how much of a problem, measure or note a message shows
	rectMinText   = 4        // a typed problem or measure needs this many characters
)

// rectIntervals are the review intervals (回头看) offered, in days.
var rectIntervals = []struct {
	days int
	name Text
}{
	{7, lblRectWeekly},
	{14, lblRectFortnightly},
	{30, lblRectMonthly},
}

// rectReportStatuses are the states an owner may report, in menu order.
var rectReportStatuses = []orglife.RectStatus{orglife.RectNotStarted, orglife.RectInProgress, orglife.RectReported}

func (h *Handlers) rectifyCommands() []Command {
	return []Command{
		{Name: "rectify", Desc: descRectify, Role: orglife.RoleSecretary, run: h.rectify},
		{Name: cmdProgress, Desc: descProgress, Role: orglife.RoleMember, run: h.rectProgress},
		{Name: cmdLedger, Desc: descLedger, Role: orglife.RoleMember, run: h.rectLedger},
	}
}

func (h *Handlers) rectifyFlows() []*flow {
	return []*flow{
		{
			name: flowRectify, need: orglife.RoleSecretary,
			questions: []question{
				{key: "source", options: h.rectSourceOptions, typed: true, check: h.rectSourceCheck, ask: h.askRectSource},
				{key: "problem", typed: true, check: minLength(rectMinText, msgRcTooShort, true),
					when: func(_ *turn, a answers) bool { return answersAs[rectifyAnswers](a).Source == rectNew },
					ask:  func(t *turn, _ answers) string { return msgRcAskProblem.In(t.lang) }},
				// Made at once, each item keeps its point's measure and owner (editable afterwards).
				{key: "measure", typed: true, options: h.rectMeasureOptions, check: rectMeasureCheck, ask: h.askRectMeasure, when: rectOne},
				{key: "owner", typed: true, options: h.rectOwnerOptions, check: h.rectOwnerCheck, ask: h.askRectOwner, when: rectOne},
				{key: "deadline", typed: true, date: true, options: h.rectDeadlineOptions, check: h.rectDeadlineCheck, ask: h.askRectDeadline},
				{key: "review", options: rectIntervalOptions,
					ask: func(t *turn, _ answers) string { return msgRcAskInterval.In(t.lang) }},
			},
			finish:  h.saveRectItem,
			answers: reflect.TypeFor[rectifyAnswers](),
		},
		{
			name: flowRectReport, need: orglife.RoleMember, forMeeting: true,
			questions: []question{
				// Not asked when the item is known: the user's only one, or the one whose button was pressed.
				{key: "item", options: h.rectMyItemOptions, ask: func(t *turn, _ answers) string { return msgRcAskItem.In(t.lang) },
					when: func(_ *turn, a answers) bool { return answersAs[rectReportAnswers](a).Item == "" }},
				{key: "status", options: rectStatusOptions, ask: h.askRectStatus},
				{key: "note", typed: true, check: minLength(2, msgRcNoteShort, false),
					ask: func(t *turn, _ answers) string { return msgRcAskNote.In(t.lang) }},
				{key: "evidence", media: true, optional: true,
					ask: func(t *turn, _ answers) string { return msgRcAskEvidence.In(t.lang) }},
			},
			finish:  h.saveRectReport,
			answers: reflect.TypeFor[rectReportAnswers](),
		},
		{
			// Preset with the item's ids and the message whose 退回 was pressed.
			name: flowRectReopen, need: orglife.RoleSecretary,
			questions: []question{{key: keyComment, typed: true, check: minLength(2, msgRcNoteShort, false), ask: h.askRectComment}},
			finish:    h.saveRectReopen,
			answers:   reflect.TypeFor[rectReopenAnswers](), preset: []string{"item", "owner", "msg"},
		},
		h.rectEditFlow(),
	}
}

// rectOne: the item is made from one problem, not from all of them at once.
func rectOne(_ *turn, a answers) bool { return answersAs[rectifyAnswers](a).Source != rectBatch }

// rectifyAnswers are /rectify's answers: the problem's source (a point's id, or rectNew and
// the problem typed, or rectBatch for every point at once), the measure (typed, or rectKeep),
// the owner, the deadline and the review interval; then the item's id, number and time, drawn
// once by the finish (for rectBatch: the items' ids and numbers, rectBatchPlan).
type rectifyAnswers struct {
	Meeting  string        `answer:"_meeting"`
	Source   string        `answer:"source"`
	Problem  string        `answer:"problem"`
	Measure  string        `answer:"measure"`
	Owner    int64         `answer:"owner"`
	Deadline orglife.Date  `answer:"deadline"`
	Review   int           `answer:"review"` // days
	ID       string        `answer:"_id"`
	Number   int           `answer:"_n"`
	At       time.Time     `answer:"_at"`
	Batch    rectBatchPlan `answer:"_batch"`
}

// rectReportAnswers are /progress's answers: the item reported on (preset when known), its
// new state, the note and the evidence's file id; then the report's time, drawn once by the
// finish.
type rectReportAnswers struct {
	Meeting  string             `answer:"_meeting"`
	Item     string             `answer:"item"`
	Status   orglife.RectStatus `answer:"status"`
	Note     string             `answer:"note"`
	Evidence string             `answer:"evidence"`
	At       time.Time          `answer:"_at"`
}

func (h *Handlers) rectifyButtons() map[buttonKind]buttonHandler {
	return map[buttonKind]buttonHandler{kindRect: h.onRectButton}
}

// --- shared by the use cases, and by /reassign ---

func rectIntervalName(days int, lang orglife.Lang) string {
	for _, iv := range rectIntervals {
		if iv.days == days {
			return iv.name.In(lang)
		}
	}
	return fmt.Sprintf(msgRcEveryDays.In(lang), days)
}

// rectCard is an item's problem, measure, owner, deadline and review interval (HTML).
func rectCard(lang orglife.Lang, it orglife.RectItem, owner string) string {
	return fmt.Sprintf(msgRcCard.In(lang), quote(clip(it.Problem, rectTextClip)), quote(clip(it.Measure, rectTextClip)),
		quote(owner), it.Deadline.In(lang), rectIntervalName(it.ReviewDays, lang))
}

// rectNotify tells another user, in their language, with one button; failures are logged.
func (h *Handlers) rectNotify(t *turn, userID int64, text func(orglife.Lang) string, label Text, data buttonData) {
	lang, err := h.language(t.ctx, t.unit, userID)
	if err != nil {
		h.log.Warn("notice", "user", userID, "error", err)
		return
	}
	var kb keyboard
	markup, err := kb.markup(tgbotapi.NewInlineKeyboardRow(kb.button(label.In(lang), data)))
	if err != nil {
		h.log.Warn("notice", "user", userID, "error", err)
		return
	}
	msg := tgbotapi.NewMessage(userID, text(lang))
	msg.ReplyMarkup = markup
	if _, err := h.out.Send(t.ctx, htmlMessage(msg)); err != nil {
		h.log.Warn("notice not sent", "user", userID, "error", err)
	}
}
