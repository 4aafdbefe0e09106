package bot

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
	"orglife/transport"
)

// A flow is a conversation that asks its questions one at a time — by buttons where there
// is a choice, as typed text where there is content — and then finishes with what was
// answered. Its state lives in the session, so a restart continues where the user was.
type flow struct {
	name string
	// need is the branch role needed to start the flow; RoleStranger means no branch.
	need      orglife.Role
	questions []question
	finish    func(t *turn, a answers) error
	// draft, when set, is the command that resumes the flow: a run left idle keeps its
	// answers as a draft under the flow's name instead of losing them.
	draft string
	// answers is the struct the flow reads its answers as (answersAs), set with
	// reflect.TypeFor; preset are the answers it is started with (startFlow's preset)
	// beside its questions'. TestFlowAnswersCoverQuestions checks that the struct has a
	// field for every question's answer and none for an answer the flow never keeps.
	answers reflect.Type
	preset  []string
	// forMeeting: the flow records something for a meeting, which the first question a run
	// asks names (an old reminder's button, or a run resumed from a draft, may be about
	// another meeting than the user thinks).
	forMeeting bool
}

// question is one step of a flow.
type question struct {
	key string
	// ask is the prompt; it may quote earlier answers.
	ask func(t *turn, a answers) string
	// options are the buttons; nil for a question answered only by typing.
	options func(t *turn, a answers) ([]option, error)
	// typed accepts a typed answer (also beside buttons, e.g. a date).
	typed bool
	// optional adds a 跳过 button; the answer is then "".
	optional bool
	// check validates a typed answer and returns the value to keep, or a problem to tell.
	check func(t *turn, a answers, text string) (value, problem string)
	// date marks a question whose answer is a day, kept as an ISO date: a typed answer is
	// echoed at the head of the next prompt (「已记为 2026年11月28日。」), so that the user
	// sees how 11-28 or 明天 was read without a message of its own.
	date bool
	// when, if set, says whether to ask at all given the answers so far.
	when func(t *turn, a answers) bool
	// multi lets the user tick several options (the answer is their values joined by
	// ","); a 完成 button moves on.
	multi bool
	// doneLabel, if set, is the label of a multi question's 完成 button as the ticks stand
	// (「全部到会」 while everyone is ticked, 「确定」 once someone is not).
	doneLabel func(t *turn, a answers) string
	// repeat asks the question again after each answer for as long as when holds: one
	// question per absentee, say, each answer kept by split beside the others.
	repeat bool
	// media accepts a photo or a file as the answer; its Telegram file id is kept.
	media bool
	// split, if set, keeps a chosen or typed value that is more than one answer (an item's
	// button names its meeting too) under keys of its own, the question's key among them,
	// so that no flow reads a packed answer; by default the value is kept under key.
	split func(a answers, value string)
}

// option is one button of a question.
type option struct{ label, value string }

// Reserved button values, which no option may use.
const (
	valueSkip   = "_skip"
	valueCancel = "_cancel"
	valueDone   = "_done"
)

// startFlow begins f for the user, replacing any conversation they were in. preset fills
// answers known in advance (a point being edited, say).
func (h *Handlers) startFlow(t *turn, f *flow, branchID string, preset answers) error {
	return h.beginFlow(t, f, branchID, preset, 0)
}

// startFlowInPlace begins f on the message whose button was pressed: its first question
// replaces that message (a board's view) in place, so that the dialog stays one message.
func (h *Handlers) startFlowInPlace(t *turn, f *flow, branchID string, preset answers) error {
	if err := h.answer(t.ctx, t.query.ID, ""); err != nil {
		return err
	}
	return h.beginFlow(t, f, branchID, preset, t.query.Message.MessageID)
}

// beginFlow starts f; prompt, when not 0, is the message its first question is written into.
func (h *Handlers) beginFlow(t *turn, f *flow, branchID string, preset answers, prompt int) error {
	for key := range preset {
		if !f.presets(key) {
			h.log.Error("flow started with an answer it does not declare", "flow", f.name, "answer", key)
		}
	}
	s := session{Flow: f.name, Nonce: nonceOf(t.updateID), Branch: branchID, Data: preset, Update: t.updateID, Prompt: prompt}
	if s.Data == nil {
		s.Data = answers{}
	}
	// The flow is about the meeting current when it starts, even if another becomes current
	// before it ends.
	if t.branch != nil && t.branch.ID == branchID && t.meetingNow() != "" {
		if _, set := s.Data[keyMeeting]; !set {
			s.Data[keyMeeting] = t.meetingNow()
		}
	}
	t.sess = &s
	old, err := h.loadSession(t.ctx, t.unit, t.chatID, t.userID)
	if err != nil {
		return err
	}
	if old != nil && old.Prompt != 0 && old.Nonce != s.Nonce && old.Prompt != prompt {
		h.removeButtons(t.ctx, t.chatID, old.Prompt)
	}
	return h.advanceFirst(t, f, &s, prompt != 0, true)
}

// resumeFlow continues f with the answers of an earlier, unfinished run (a draft): it asks
// the first question not yet answered.
func (h *Handlers) resumeFlow(t *turn, f *flow, branchID string, saved answers) error {
	s := session{Flow: f.name, Nonce: nonceOf(t.updateID), Branch: branchID, Data: saved, Update: t.updateID}
	if s.Data == nil {
		s.Data = answers{}
	}
	t.sess = &s
	for s.Step < len(f.questions) {
		q := f.questions[s.Step]
		_, done := s.Data[q.key]
		if (!done || q.repeat) && (q.when == nil || q.when(t, s.Data)) {
			break
		}
		s.Step++
	}
	return h.advanceFirst(t, f, &s, t.query != nil, true)
}

// advance asks the next question that applies, or finishes the flow. fromButton says the
// user just pressed a button on the prompt, which is then edited in place.
func (h *Handlers) advance(t *turn, f *flow, s *session, fromButton bool) error {
	return h.advanceFirst(t, f, s, fromButton, false)
}

// advanceFirst is advance; first marks the first question of a run, whose prompt names the
// meeting of a flow that records for one (flow.forMeeting).
func (h *Handlers) advanceFirst(t *turn, f *flow, s *session, fromButton, first bool) error {
	for s.Step < len(f.questions) {
		q := f.questions[s.Step]
		if q.when == nil || q.when(t, s.Data) {
			break
		}
		s.Step++
	}
	if s.Step >= len(f.questions) {
		return h.finishFlow(t, f, s, fromButton)
	}
	q := f.questions[s.Step]
	markup, text, err := h.render(t, s, q)
	if err != nil {
		return err
	}
	if first && f.forMeeting {
		lead, err := h.recordsFor(t)
		if err != nil {
			return err
		}
		text = lead + text
	}
	if t.echo != "" {
		text, t.echo = t.echo+"\n"+text, ""
	}
	// Under the pipeline the session write waits for the update's ack (its state.Unit),
	// after the prompt has gone out; a button of the new prompt is a later update of the chat,
	// handled only after that ack, so it never arrives before its session. Should the
	// process die in between, the update is handled again from the session before it (on a
	// cluster the write may have gone just before the ack: then session.Update says so).
	if err := h.saveSession(t.ctx, t.unit, t.chatID, t.userID, *s); err != nil {
		return err
	}
	if fromButton && s.Prompt != 0 {
		edit := tgbotapi.NewEditMessageTextAndMarkup(t.chatID, s.Prompt, text, markup)
		edit.ParseMode = tgbotapi.ModeHTML
		_, err := h.out.Send(t.ctx, edit)
		return err
	}
	var slots *transport.Slots
	if s.Prompt != 0 {
		slots = h.out.Prepare(t.ctx, t.chatID, 2) // the old prompt's buttons go, a new prompt comes
		h.removeButtonsWith(t.ctx, slots, t.chatID, s.Prompt)
	}
	msg := tgbotapi.NewMessage(t.chatID, text)
	msg.ReplyMarkup = markup
	sent, err := h.out.SendWith(t.ctx, slots, htmlMessage(msg))
	if err != nil {
		return err
	}
	s.Prompt = sent.MessageID
	if err := h.saveSession(t.ctx, t.unit, t.chatID, t.userID, *s); err != nil {
		h.log.Warn("prompt id not saved", "chat", t.chatID, "error", err)
	}
	return nil
}

// render puts q's prompt together: its buttons and its text. What it reads for both it
// reads once (turn.rendering).
func (h *Handlers) render(t *turn, s *session, q question) (tgbotapi.InlineKeyboardMarkup, string, error) {
	t.rendering, t.partners = true, nil
	defer func() { t.rendering, t.partners = false, nil }()
	markup, err := h.questionButtons(t, s, q)
	if err != nil {
		return markup, "", err
	}
	return markup, q.ask(t, s.Data), nil
}

// recordsFor is the line that opens a flow recording for the meeting the flow is about:
// 为「…」填写. Nothing when the meeting is gone (the flow says so when it saves).
func (h *Handlers) recordsFor(t *turn) (string, error) {
	m, err := h.meetingOf(t)
	if errors.Is(err, orglife.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return fmt.Sprintf(msgRecordsFor.In(t.lang), quote(clip(m.Title, recordsForClip))) + "\n", nil
}

// recordsForClip is how much of a meeting's title the line naming it shows: one line.
const recordsForClip = 30

// questionButtons lays out a question's options two to a row, then 跳过 and 取消.
func (h *Handlers) questionButtons(t *turn, s *session, q question) (tgbotapi.InlineKeyboardMarkup, error) {
	var rows [][]tgbotapi.InlineKeyboardButton
	var kb keyboard
	if q.options != nil {
		opts, err := q.options(t, s.Data)
		if err != nil {
			return tgbotapi.InlineKeyboardMarkup{}, err
		}
		ticked := tickedSet(s.Data[q.key])
		var row []tgbotapi.InlineKeyboardButton
		for _, o := range opts {
			label := o.label
			if q.multi && ticked[o.value] {
				label = "✅ " + label
			}
			row = append(row, kb.button(label, stepData(s, o.value)))
			if len(row) == 2 {
				rows, row = append(rows, row), nil
			}
		}
		if row != nil {
			rows = append(rows, row)
		}
	}
	var last []tgbotapi.InlineKeyboardButton
	if q.multi {
		label := btnDone.In(t.lang)
		if q.doneLabel != nil {
			label = q.doneLabel(t, s.Data)
		}
		last = append(last, kb.button(label, stepData(s, valueDone)))
	}
	if q.optional {
		last = append(last, kb.button(btnSkip.In(t.lang), stepData(s, valueSkip)))
	}
	last = append(last, kb.button(btnCancel.In(t.lang), stepData(s, valueCancel)))
	markup, err := kb.markup(append(rows, last)...)
	if err != nil {
		return markup, fmt.Errorf("flow %s, question %s: %w", s.Flow, q.key, err)
	}
	return markup, nil
}

// stepData is a button's data: the session's nonce, the question it answers and the value
// — so a button of an earlier question or an ended session is recognised as stale.
func stepData(s *session, value string) buttonData {
	return buttonData{Kind: kindStep, Nonce: s.Nonce, Step: s.Step, Action: value}
}

// onStepButton handles a button of the current question.
func (h *Handlers) onStepButton(t *turn, s *session, step int, value string) error {
	t.sess = s
	f := h.flows[s.Flow]
	replay := f != nil && s.Update == t.updateID && s.Step < len(f.questions)
	if f == nil || (step != s.Step && !replay) || step >= len(f.questions) {
		return h.stale(t.ctx, t.query, t.lang)
	}
	if ok, err := h.stillAllowed(t, f, s); err != nil || !ok {
		return err
	}
	if replay {
		return h.reask(t, f, s)
	}
	s.Update = t.updateID
	q := f.questions[step]
	// The pressed message is the prompt, even if saving its id was lost to a Redis outage.
	s.Prompt = t.query.Message.MessageID
	switch value {
	case valueCancel:
		return h.cancelFlow(t, s)
	case valueSkip:
		if !q.optional {
			return h.stale(t.ctx, t.query, t.lang)
		}
		s.Data[q.key] = ""
	case valueDone:
		if !q.multi {
			return h.stale(t.ctx, t.query, t.lang)
		}
		if _, ticked := s.Data[q.key]; !ticked {
			s.Data[q.key] = "" // none ticked is an answer too
		}
	default:
		if !h.offered(t, s, q, value) {
			return h.stale(t.ctx, t.query, t.lang)
		}
		if q.multi {
			// A tick redraws the same question with the option toggled.
			s.Data[q.key] = toggle(s.Data[q.key], value)
			if err := h.answer(t.ctx, t.query.ID, ""); err != nil {
				return err
			}
			return h.advance(t, f, s, true)
		}
		q.keep(s.Data, value)
	}
	moveOn(t, q, s)
	if err := h.answer(t.ctx, t.query.ID, ""); err != nil {
		return err
	}
	return h.advance(t, f, s, true)
}

// typedOption is the value of the button whose label text is, among the question's options
// and its 跳过 / 取消 (a question of several ticks excepted: typing cannot tick).
func (h *Handlers) typedOption(t *turn, s *session, q question, text string) (string, bool) {
	text = strings.TrimSpace(orglife.FoldWidth(text))
	if q.multi || text == "" {
		return "", false
	}
	same := func(label string) bool { return strings.EqualFold(strings.TrimSpace(orglife.FoldWidth(label)), text) }
	switch {
	case same(btnCancel.In(t.lang)):
		return valueCancel, true
	case q.optional && same(btnSkip.In(t.lang)):
		return valueSkip, true
	case q.options == nil:
		return "", false
	}
	opts, err := q.options(t, s.Data)
	if err != nil {
		return "", false
	}
	for _, o := range opts {
		if same(o.label) {
			return o.value, true
		}
	}
	// A label may carry a note in brackets (「党员1（必谈）」, 「年底（12月31日）」): its text
	// before the note is the answer too, when no other option reads the same.
	value, found := "", 0
	for _, o := range opts {
		if bare, ok := unbracketed(o.label); ok && same(bare) {
			value, found = o.value, found+1
		}
	}
	if found != 1 {
		return "", false
	}
	return value, true
}

// unbracketed is label without the note in brackets it ends with, if it ends with one.
func unbracketed(label string) (string, bool) {
	label = strings.TrimSpace(label)
	for _, b := range [][2]string{{"（", "）"}, {"(", ")"}} {
		if i := strings.LastIndex(label, b[0]); i > 0 && strings.HasSuffix(label, b[1]) {
			return strings.TrimSpace(label[:i]), true
		}
	}
	return "", false
}

// offered reports whether value is one of the options the question offers now; a value
// that is not (forged, or from a list that has changed) is refused.
func (h *Handlers) offered(t *turn, s *session, q question, value string) bool {
	if q.options == nil {
		return false
	}
	opts, err := q.options(t, s.Data)
	if err != nil {
		return false
	}
	for _, o := range opts {
		if o.value == value {
			return true
		}
	}
	return false
}

// onStepText handles typed text while a flow waits for an answer.
func (h *Handlers) onStepText(t *turn, s *session, text string) error {
	t.sess = s
	f := h.flows[s.Flow]
	if f == nil || s.Step >= len(f.questions) {
		_, err := h.endSession(t.ctx, t.unit, t.chatID, t.userID)
		if err != nil {
			return err
		}
		return h.say(t.ctx, t.chatID, msgPlainTextHint.In(t.lang))
	}
	if ok, err := h.stillAllowed(t, f, s); err != nil || !ok {
		return err
	}
	if s.Update == t.updateID {
		return h.reask(t, f, s)
	}
	q := f.questions[s.Step]
	if value, ok := h.typedOption(t, s, q, text); ok {
		// A button's label typed instead of pressed is the same answer.
		switch value {
		case valueCancel:
			return h.cancelFlow(t, s)
		case valueSkip:
			value = ""
		}
		q.keep(s.Data, value)
		h.echoDate(t, q, value)
		moveOn(t, q, s)
		s.Update = t.updateID
		return h.advance(t, f, s, false)
	}
	if !q.typed && q.media {
		return h.say(t.ctx, t.chatID, msgSendMedia.In(t.lang))
	}
	if !q.typed {
		return h.say(t.ctx, t.chatID, msgUseButtons.In(t.lang))
	}
	if n := utf8.RuneCountInString(text); n > h.opts.MaxText {
		return h.say(t.ctx, t.chatID, fmt.Sprintf(msgTooLong.In(t.lang), n, h.opts.MaxText))
	}
	value := strings.TrimSpace(text)
	if q.check != nil {
		var problem string
		if value, problem = q.check(t, s.Data, value); problem != "" {
			return h.say(t.ctx, t.chatID, problem)
		}
	}
	q.keep(s.Data, value)
	h.echoDate(t, q, value)
	moveOn(t, q, s)
	s.Update = t.updateID
	return h.advance(t, f, s, false)
}

// echoDate sets the line the next prompt begins with when q's typed answer was a day.
func (h *Handlers) echoDate(t *turn, q question, value string) {
	var d orglife.Date
	if !q.date || value == "" || d.UnmarshalText([]byte(value)) != nil {
		return
	}
	t.echo = fmt.Sprintf(msgDateEchoed.In(t.lang), d.In(t.lang))
}

// moveOn goes past the question just answered, unless it repeats and still applies (the
// next absentee's reason): then the same step is asked again.
func moveOn(t *turn, q question, s *session) {
	if q.repeat && q.when != nil && q.when(t, s.Data) {
		return
	}
	s.Step++
}

// reask handles an update run again after a crash (see session.Update): its answer was
// taken and saved, but the prompt that followed may never have gone out, so the question
// the session is at now is asked again — or, if the flow had begun to finish (see
// remember), the finish is run again and saves the same record.
func (h *Handlers) reask(t *turn, f *flow, s *session) error {
	if finishing(s.Data) {
		s.Step = len(f.questions)
	}
	if t.query == nil {
		return h.advance(t, f, s, false)
	}
	s.Prompt = t.query.Message.MessageID
	if err := h.answer(t.ctx, t.query.ID, ""); err != nil {
		return err
	}
	return h.advance(t, f, s, true)
}

// remember keeps values drawn by a finishing flow for the record it saves — its id, number,
// time — in the flow's answers, under keys starting with '_', and saves the session at its
// last question, at once (not held back until the ack), before the record is written. An
// update run again after a failure or a crash mid-save then saves the same record again
// rather than a second one.
func (h *Handlers) remember(t *turn, a answers, values map[string]string) error {
	for k, v := range values {
		a[k] = v
	}
	a[keyFinishing] = "1"
	s := *t.sess
	s.Data = a
	s.Step = max(len(h.flows[s.Flow].questions)-1, 0)
	if err := h.saveSession(t.ctx, t.unit, t.chatID, t.userID, s); err != nil {
		return err
	}
	return h.store.Flush(t.ctx, t.unit)
}

// keyFinishing marks answers whose flow has begun to finish (see remember).
const keyFinishing = "_finishing"

// finishing reports whether a flow's answers hold values kept by remember.
func finishing(a answers) bool { return answersAs[engineAnswers](a).Finishing }

// recordID is the id of the record a finishing flow saves (prefix + a new branch id), drawn
// once per update: the update handled again after a crash draws the same id, and saves the
// same record again rather than a second one (state.Records.NextIDFor). A turn that is no
// update draws a new id and keeps it with remember.
func (h *Handlers) recordID(t *turn, a answers, prefix string) (string, error) {
	if id := answersAs[engineAnswers](a).ID; id != "" {
		return id, nil
	}
	if t.updateID != 0 {
		token := fmt.Sprintf("%d:%d:%s:%s", t.chatID, t.updateID, t.sess.Flow, prefix) // one id a record of a flow
		n, err := h.records.NextIDFor(t.ctx, t.sess.Branch, token)
		if err != nil {
			return "", err
		}
		a["_id"] = prefix + n
		return prefix + n, nil
	}
	n, err := h.records.NextID(t.ctx, t.sess.Branch)
	if err != nil {
		return "", err
	}
	return prefix + n, h.remember(t, a, map[string]string{"_id": prefix + n})
}

// stillAllowed checks, before an answer is taken, that the user still has the role the flow
// needs in its branch — a secretary may have handed over, a member been removed, since the
// flow began. If not, the flow ends and the user is told why.
func (h *Handlers) stillAllowed(t *turn, f *flow, s *session) (bool, error) {
	if f.need == orglife.RoleStranger || s.Branch == "" {
		return true, nil
	}
	b, m, isMember, err := h.records.BranchMember(t.ctx, t.aheadForAccess(), s.Branch, t.userID)
	if err != nil && !errors.Is(err, orglife.ErrNotFound) {
		return false, err
	}
	var refusal string
	switch {
	case !isMember:
		refusal = msgNotInBranch.In(t.lang)
	case !m.Role.Allows(f.need):
		refusal = fmt.Sprintf(msgRoleNeeded.In(t.lang), roleNames[f.need].In(t.lang))
	default:
		t.branch, t.member = &b, &m
		return true, nil
	}
	if err := h.store.DeleteSession(t.ctx, t.unit, t.chatID, t.userID); err != nil {
		return false, err
	}
	if t.query != nil {
		if err := h.answer(t.ctx, t.query.ID, ""); err != nil {
			return false, err
		}
	}
	if s.Prompt != 0 {
		h.removeButtons(t.ctx, t.chatID, s.Prompt)
	}
	return false, h.say(t.ctx, t.chatID, refusal)
}

// stillMember reports whether the user is a member of branchID: known already when this
// update's rights check (stillAllowed, enterBranch) read that branch, else read now.
func (h *Handlers) stillMember(t *turn, branchID string) (bool, error) {
	if t.branch != nil && t.member != nil && t.branch.ID == branchID {
		return true, nil
	}
	_, isMember, err := h.records.Member(t.ctx, branchID, t.userID)
	return isMember, err
}

// onStepMedia handles a photo or file sent while a flow waits for an answer.
func (h *Handlers) onStepMedia(t *turn, s *session, fileID string) error {
	t.sess = s
	f := h.flows[s.Flow]
	if f == nil || s.Step >= len(f.questions) || !f.questions[s.Step].media {
		return h.say(t.ctx, t.chatID, msgNotText.In(t.lang))
	}
	if ok, err := h.stillAllowed(t, f, s); err != nil || !ok {
		return err
	}
	if s.Update == t.updateID {
		return h.reask(t, f, s)
	}
	s.Data[f.questions[s.Step].key] = fileID
	s.Step++
	s.Update = t.updateID
	return h.advance(t, f, s, false)
}

// finishFlow hands the answers to the flow and ends the session.
func (h *Handlers) finishFlow(t *turn, f *flow, s *session, fromButton bool) error {
	t.sess = s
	t.promptFromButton = fromButton
	if err := f.finish(t, s.Data); err != nil {
		return err
	}
	if t.sess == s { // a finish may start another flow, which owns the session then
		if err := h.store.DeleteSession(t.ctx, t.unit, t.chatID, t.userID); err != nil {
			return err
		}
	}
	return nil
}

// cancelFlow ends the flow on its 取消 button or /cancel, keeping what was typed as a draft
// where the flow keeps drafts (and saying so). It answers once: on the button, in place of
// the prompt; on a typed /cancel, below it, the prompt losing its buttons.
func (h *Handlers) cancelFlow(t *turn, s *session) error {
	if err := h.store.DeleteSession(t.ctx, t.unit, t.chatID, t.userID); err != nil {
		return err
	}
	text := msgCancelled.In(t.lang)
	if s.Data[keyResumed] != "" { // 「发送 /cancel 可放弃」: the draft it went on from is dropped
		text += "\n" + msgDraftDropped.In(t.lang)
	} else if kept := h.keepDraft(t.ctx, t.userID, *s, t.lang); kept != "" {
		text += "\n" + kept
	}
	if t.query != nil {
		if err := h.answer(t.ctx, t.query.ID, msgCancelled.In(t.lang)); err != nil {
			return err
		}
		if s.Prompt != 0 {
			return h.closePrompt(t.ctx, t.chatID, s.Prompt, text)
		}
	}
	if s.Prompt != 0 {
		h.removeButtons(t.ctx, t.chatID, s.Prompt)
	}
	return h.say(t.ctx, t.chatID, text)
}

// conclude shows a flow's result: in place of the prompt when the last answer was a
// button, else as a new message (and the prompt loses its buttons).
func (h *Handlers) conclude(t *turn, text string) error { return h.concludeWith(t, text, nil) }

// concludeWith is conclude with buttons of the result's own (nil: none).
func (h *Handlers) concludeWith(t *turn, text string, markup *tgbotapi.InlineKeyboardMarkup) error {
	s := t.sess
	var slots *transport.Slots
	if s != nil && s.Prompt != 0 {
		if t.promptFromButton {
			if markup == nil {
				return h.closePrompt(t.ctx, t.chatID, s.Prompt, text)
			}
			edit := tgbotapi.NewEditMessageTextAndMarkup(t.chatID, s.Prompt, text, *markup)
			edit.ParseMode = tgbotapi.ModeHTML
			_, err := h.out.Send(t.ctx, edit)
			return err
		}
		slots = h.out.Prepare(t.ctx, t.chatID, 2) // the prompt's buttons go, the result comes
		h.removeButtonsWith(t.ctx, slots, t.chatID, s.Prompt)
	}
	msg := tgbotapi.NewMessage(t.chatID, text)
	if markup != nil {
		msg.ReplyMarkup = *markup
	}
	_, err := h.out.SendWith(t.ctx, slots, htmlMessage(msg))
	return err
}
