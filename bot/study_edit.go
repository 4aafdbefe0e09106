package bot

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
)

// Changing a study record from /mystudy: 修改N asks which part to change and then that
// part's question of /study again, showing what the record says now; 删除N asks to confirm
// and deletes it. Only the member who recorded it may, at any time (/study itself has no
// deadline either). The report reads the records as they are when it is compiled.

const flowStudyEdit = "studyedit"

// The parts of a study record the editor offers.
const (
	studyFieldForm       = "form"
	studyFieldChannel    = "channel"
	studyFieldDate       = "date"
	studyFieldTopic      = "topic"
	studyFieldHours      = "hours"
	studyFieldNotes      = "notes"
	studyFieldClearNotes = "nonotes"
)

// studyButtonRows is how many records of /mystudy get their 修改 / 删除 row (the latest):
// two buttons a row keeps a keyboard well inside what Telegram draws.
const studyButtonRows = 30

// studyEditAnswers are an edit's answers: the record's ids (preset), the part chosen and
// its new value, under the question of that part.
type studyEditAnswers struct {
	Branch  string            `answer:"branch"`
	Meeting string            `answer:"meeting"`
	Study   string            `answer:"study"`
	Field   string            `answer:"field"`
	Form    orglife.StudyForm `answer:"form"`
	Channel string            `answer:"channel"`
	Date    orglife.Date      `answer:"date"`
	Topic   string            `answer:"topic"`
	Hours   float64           `answer:"hours"`
	Notes   string            `answer:"notes"`
}

func (h *Handlers) studyEditFlows() []*flow {
	isField := func(field string) func(*turn, answers) bool {
		return func(_ *turn, a answers) bool { return answersAs[studyEditAnswers](a).Field == field }
	}
	return []*flow{{
		// Preset with branch, meeting and study: the record's ids, never its content.
		name: flowStudyEdit, need: orglife.RoleMember,
		answers: reflect.TypeFor[studyEditAnswers](), preset: []string{"branch", "meeting", "study"},
		questions: []question{
			{key: "field", options: h.studyFieldOptions, ask: h.askStudyField},
			{key: "form", options: studyFormOptions, when: isField(studyFieldForm), ask: h.askStudyNow(studyFieldForm, msgStudyAskNewForm)},
			// Asked for the platform, and after a change to 线上学习.
			{key: "channel", typed: true, optional: true, options: studyChannelOptions,
				check: lengthCheck(2, 40, msgStudyBadChannel),
				when: func(_ *turn, a answers) bool {
					x := answersAs[studyEditAnswers](a)
					return x.Field == studyFieldChannel || (x.Field == studyFieldForm && x.Form == orglife.StudyOnline)
				},
				ask: h.askStudyNow(studyFieldChannel, msgStudyAskChannel)},
			{key: "date", typed: true, date: true, options: h.recentDays, check: h.pastDay,
				when: isField(studyFieldDate), ask: h.askStudyNow(studyFieldDate, msgStudyAskDate)},
			{key: "topic", typed: true, check: studyTopicCheck,
				when: isField(studyFieldTopic), ask: h.askStudyNow(studyFieldTopic, msgStudyAskTopic)},
			{key: "hours", typed: true, check: studyHoursCheck,
				when: isField(studyFieldHours), ask: h.askStudyNow(studyFieldHours, msgStudyAskHours)},
			// Not skippable here: 清空心得 is the choice that removes the notes.
			{key: "notes", typed: true, check: withWords(msgStudyNotesWordsIn, minLength(2, msgStudyNotesNeeded, false)),
				when: isField(studyFieldNotes), ask: h.askStudyNow(studyFieldNotes, msgStudyAskNewNotes)},
		},
		finish: h.saveEditedStudy,
	}}
}

func (h *Handlers) studyButtons() map[buttonKind]buttonHandler {
	return map[buttonKind]buttonHandler{kindStudy: h.onStudyButton}
}

// studyData is a study button's data: ids only; the handler checks everything again.
func studyData(branchID, meetingID, studyID, action string) buttonData {
	return buttonData{Kind: kindStudy, Branch: branchID, Meeting: meetingID, Record: studyID, Action: action}
}

// studyRows are the 修改N / 删除N rows of /mystudy for the latest studyButtonRows records of
// mine (numbered from 1, oldest first, as the list numbers them).
func studyRows(lang orglife.Lang, m orglife.Meeting, mine []orglife.Study) ([][]tgbotapi.InlineKeyboardButton, error) {
	var kb keyboard
	var rows [][]tgbotapi.InlineKeyboardButton
	for i := max(len(mine)-studyButtonRows, 0); i < len(mine); i++ {
		s := mine[i]
		rows = append(rows, tgbotapi.NewInlineKeyboardRow(
			kb.button(fmt.Sprintf(btnStudyEditN.In(lang), i+1), studyData(m.BranchID, m.ID, s.ID, studyEdit)),
			kb.button(fmt.Sprintf(btnStudyDeleteN.In(lang), i+1), studyData(m.BranchID, m.ID, s.ID, studyDelete))))
	}
	if kb.err != nil {
		return nil, fmt.Errorf("study buttons of meeting %s: %w", m.ID, kb.err)
	}
	return rows, nil
}

// studyAccess is what a press on a study record finds.
type studyAccess int

const (
	studyMine    studyAccess = iota // the presser's own record, there
	studyGone                       // deleted, or never there
	studyNotMine                    // another's record, or the presser is not in the branch
)

// ownStudy loads a study record and decides, against the records as they are now, whether
// the user may change it: only its author, a member of its branch, may.
func (h *Handlers) ownStudy(t *turn, branchID, meetingID, studyID string) (orglife.Study, studyAccess, error) {
	on, err := h.pressedOn(t, studyData(branchID, meetingID, studyID, ""))
	switch {
	case err != nil:
		return orglife.Study{}, studyGone, err
	case !on.branchFound || !on.isMember:
		return orglife.Study{}, studyNotMine, nil
	case !on.meetingFound:
		return orglife.Study{}, studyGone, nil
	}
	s, err := h.records.Study(t.ctx, branchID, meetingID, studyID)
	switch {
	case errors.Is(err, orglife.ErrNotFound):
		return s, studyGone, nil
	case err != nil:
		return s, studyGone, err
	case s.MemberID != t.userID:
		return orglife.Study{}, studyNotMine, nil
	}
	return s, studyMine, nil
}

// onStudyButton handles 修改N / 删除N and the deletion's confirmation.
func (h *Handlers) onStudyButton(t *turn, d buttonData) error {
	s, access, err := h.ownStudy(t, d.Branch, d.Meeting, d.Record)
	if err != nil {
		return err
	}
	switch access {
	case studyNotMine: // only forged data names another's record
		return h.stale(t.ctx, t.query, t.lang)
	case studyGone:
		if d.Action == studyDeleteConfirm || d.Action == studyDeleteCancel {
			return h.editQuery(t, msgStudyGone.In(t.lang), nil)
		}
		// Only this record is gone: the list's other buttons may still be good.
		return h.answer(t.ctx, t.query.ID, msgStudyGone.In(t.lang))
	}
	switch d.Action {
	case studyEdit:
		if err := h.answer(t.ctx, t.query.ID, ""); err != nil {
			return err
		}
		t.query = nil // the edit asks in a new message; the list stays
		return h.startFlow(t, h.flows[flowStudyEdit], d.Branch,
			answers{"branch": d.Branch, "meeting": d.Meeting, "study": d.Record})
	case studyDelete:
		return h.askDeleteStudy(t, s, d)
	case studyDeleteConfirm:
		err := h.records.DeleteStudy(t.ctx, d.Branch, d.Meeting, d.Record)
		if errors.Is(err, orglife.ErrNotFound) {
			return h.editQuery(t, msgStudyGone.In(t.lang), nil)
		}
		if err != nil {
			return err
		}
		return h.editQuery(t, fmt.Sprintf(msgStudyDeleted.In(t.lang), studyHeadline(t.lang, s)), nil)
	case studyDeleteCancel:
		return h.editQuery(t, msgCancelled.In(t.lang), nil)
	}
	return h.stale(t.ctx, t.query, t.lang)
}

// askDeleteStudy asks, in a message of its own, to confirm the deletion of s.
func (h *Handlers) askDeleteStudy(t *turn, s orglife.Study, d buttonData) error {
	if err := h.answer(t.ctx, t.query.ID, ""); err != nil {
		return err
	}
	var kb keyboard
	markup, err := kb.markup(tgbotapi.NewInlineKeyboardRow(
		kb.button(btnStudyConfirmDel.In(t.lang), studyData(d.Branch, d.Meeting, d.Record, studyDeleteConfirm)),
		kb.button(btnCancel.In(t.lang), studyData(d.Branch, d.Meeting, d.Record, studyDeleteCancel))))
	if err != nil {
		return fmt.Errorf("deletion of study %s: %w", d.Record, err)
	}
	msg := tgbotapi.NewMessage(t.chatID, fmt.Sprintf(msgStudyConfirmDel.In(t.lang), strings.Join(studySummary(t.lang, s), "\n")))
	msg.ReplyMarkup = markup
	_, err = h.out.Send(t.ctx, htmlMessage(msg))
	return err
}

// studyHeadline is a record in one line: day, form, hours and topic (quoted).
func studyHeadline(lang orglife.Lang, s orglife.Study) string {
	return studyLine(lang, s) + "　" + quote(clip(s.Topic, studySummaryClip))
}

// studyFieldOptions are the parts of the record that can change: the platform only of an
// online study, 清空心得 only when there are notes.
func (h *Handlers) studyFieldOptions(t *turn, a answers) ([]option, error) {
	s, ok := h.editedStudy(t, answersAs[studyEditAnswers](a))
	fields := []string{studyFieldForm, studyFieldDate, studyFieldTopic, studyFieldHours, studyFieldNotes}
	if ok && s.Form == orglife.StudyOnline {
		fields = slices.Insert(fields, 1, studyFieldChannel)
	}
	if ok && s.Notes != "" {
		fields = append(fields, studyFieldClearNotes)
	}
	opts := make([]option, 0, len(fields))
	for _, f := range fields {
		opts = append(opts, option{studyFieldNames[f].In(t.lang), f})
	}
	return opts, nil
}

// editedStudy loads the record an edit flow is about (its ids are preset in the answers).
func (h *Handlers) editedStudy(t *turn, x studyEditAnswers) (orglife.Study, bool) {
	s, err := h.records.Study(t.ctx, x.Branch, x.Meeting, x.Study)
	if err != nil {
		h.log.Warn("study to edit", "study", x.Study, "error", err)
		return s, false
	}
	return s, true
}

func (h *Handlers) askStudyField(t *turn, a answers) string {
	s, ok := h.editedStudy(t, answersAs[studyEditAnswers](a))
	if !ok {
		return msgStudyGone.In(t.lang)
	}
	return fmt.Sprintf(msgStudyAskField.In(t.lang), strings.Join(studySummary(t.lang, s), "\n"))
}

// askStudyNow is the question of a part of the record: what it says now, then what /study
// asks of it.
func (h *Handlers) askStudyNow(field string, ask Text) func(t *turn, a answers) string {
	return func(t *turn, a answers) string {
		s, _ := h.editedStudy(t, answersAs[studyEditAnswers](a))
		now := studyFieldValue(t.lang, s, field)
		if now == "" {
			now = msgStudyNoValue.In(t.lang)
		}
		return fmt.Sprintf(msgStudyNow.In(t.lang), studyFieldNames[field].In(t.lang), now) + "\n" + ask.In(t.lang)
	}
}

// studyFieldValue is a part of the record as the editor shows it, user text quoted.
func studyFieldValue(lang orglife.Lang, s orglife.Study, field string) string {
	switch field {
	case studyFieldForm:
		return s.Form.Name(lang)
	case studyFieldChannel:
		return quote(s.Channel)
	case studyFieldDate:
		return s.Date.In(lang)
	case studyFieldTopic:
		return quote(clip(s.Topic, studySummaryClip))
	case studyFieldHours:
		return formatStudyHours(s.Hours)
	case studyFieldNotes:
		return quote(clip(s.Notes, studySummaryClip))
	}
	return ""
}

// saveEditedStudy applies the change after checking, once more, that the record is the
// user's and still there.
func (h *Handlers) saveEditedStudy(t *turn, a answers) error {
	x := answersAs[studyEditAnswers](a)
	s, access, err := h.ownStudy(t, x.Branch, x.Meeting, x.Study)
	if err != nil {
		return err
	}
	switch access {
	case studyGone:
		return h.conclude(t, msgStudyGone.In(t.lang))
	case studyNotMine:
		return h.conclude(t, msgStaleButton.In(t.lang))
	}
	if !applyStudyEdit(&s, x) {
		return h.conclude(t, msgStaleButton.In(t.lang))
	}
	err = h.records.ReplaceStudy(t.ctx, x.Branch, s)
	if errors.Is(err, orglife.ErrNotFound) { // deleted while the edit asked
		return h.conclude(t, msgStudyGone.In(t.lang))
	}
	if err != nil {
		return err
	}
	return h.conclude(t, msgStudyEdited.In(t.lang)+"\n"+strings.Join(studySummary(t.lang, s), "\n"))
}

// applyStudyEdit sets the part an edit chose to its new value; false if the part or the
// value is not one the questions take (a button from an older version).
func applyStudyEdit(s *orglife.Study, x studyEditAnswers) bool {
	switch x.Field {
	case studyFieldForm:
		if !slices.Contains(orglife.StudyForms, x.Form) {
			return false
		}
		s.Form, s.Channel = x.Form, ""
		if x.Form == orglife.StudyOnline {
			s.Channel = x.Channel
		}
	case studyFieldChannel:
		s.Channel = x.Channel
	case studyFieldDate:
		if x.Date.IsZero() {
			return false
		}
		s.Date = x.Date
	case studyFieldTopic:
		if x.Topic == "" {
			return false
		}
		s.Topic = x.Topic
	case studyFieldHours:
		if x.Hours < 0.5 || x.Hours > 24 {
			return false
		}
		s.Hours = x.Hours
	case studyFieldNotes:
		if x.Notes == "" {
			return false
		}
		s.Notes = x.Notes
	case studyFieldClearNotes:
		s.Notes = ""
	default:
		return false
	}
	return true
}
