package bot

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
	"orglife/polish"
	"orglife/report"
)

// Polishing by a language model: the secretary turns it on per branch (/polish); the draft
// report then offers 「润色」, which sends the sentences of the report's body text to the
// configured model and sends the polished version, every sentence the guard rejects kept as
// the template wrote it. Headings, tables and the title are never sent nor changed.

// Polisher rewrites sentences with a language model; *polish.Polisher is the one in
// production. The names are the people the guard knows; they are not sent.
type Polisher interface {
	Polish(ctx context.Context, sentences []polish.Sentence, names []string) (polish.Result, error)
}

const flowPolish = "polish"

// The documents a 「润色」 button polishes.
const (
	polishReport   = "r" // the draft report (/report)
	polishMaterial = "m" // the presser's own 对照检查材料 (/mymaterial)
)

func (h *Handlers) polishCommands() []Command {
	return []Command{{Name: "polish", Desc: descPolish, Role: orglife.RoleSecretary, run: h.polishSetting}}
}

func (h *Handlers) polishFlows() []*flow {
	return []*flow{{
		name: flowPolish, need: orglife.RoleSecretary, answers: reflect.TypeFor[polishAnswers](),
		questions: []question{{key: "polish",
			ask: func(t *turn, _ answers) string {
				on := t.branch != nil && t.branch.Polish
				return fmt.Sprintf(msgAskPolish.In(t.lang), polishNames[on].In(t.lang), quote(h.opts.PolishEndpoint))
			},
			options: func(t *turn, _ answers) ([]option, error) {
				return []option{{btnPolishOn.In(t.lang), "on"}, {btnPolishOff.In(t.lang), "off"}}, nil
			}}},
		finish: h.savePolish,
	}}
}

// polishAnswers are /polish's answer: on or off.
type polishAnswers struct {
	Polish string `answer:"polish"`
}

func (h *Handlers) polishButtons() map[buttonKind]buttonHandler {
	return map[buttonKind]buttonHandler{kindPolish: h.onPolishButton}
}

// polishSetting is /polish: without a configured model it says so and changes nothing.
func (h *Handlers) polishSetting(t *turn) error {
	if h.opts.Polisher == nil {
		return h.say(t.ctx, t.chatID, msgPolishUnavailable.In(t.lang))
	}
	return h.startFlow(t, h.flows[flowPolish], t.branch.ID, nil)
}

// savePolish records the branch's choice; a forged value never gets past the buttons.
func (h *Handlers) savePolish(t *turn, a answers) error {
	v := answersAs[polishAnswers](a).Polish
	if v != "on" && v != "off" {
		return h.conclude(t, msgStaleButton.In(t.lang))
	}
	if err := h.records.SetPolish(t.ctx, t.sess.Branch, v == "on"); err != nil {
		return err
	}
	return h.conclude(t, fmt.Sprintf(msgPolishSet.In(t.lang), polishNames[v == "on"].In(t.lang)))
}

// polishOn reports whether branch b's documents offer 「润色」.
func (h *Handlers) polishOn(b *orglife.Branch) bool {
	return h.opts.Polisher != nil && b != nil && b.Polish
}

// offerPolish sends the 「润色」 button for a meeting's document (polishReport or
// polishMaterial), when the branch has polishing on.
func (h *Handlers) offerPolish(t *turn, b *orglife.Branch, m orglife.Meeting, document string) error {
	if !h.polishOn(b) {
		return nil
	}
	var kb keyboard
	markup, err := kb.markup(tgbotapi.NewInlineKeyboardRow(
		kb.button(btnPolish.In(t.lang), buttonData{Kind: kindPolish, Branch: b.ID, Meeting: m.ID, Action: document})))
	if err != nil {
		return fmt.Errorf("polish offer of meeting %s: %w", m.ID, err)
	}
	offer := msgPolishOffer
	if document == polishMaterial {
		offer = msgPolishOfferMat
	}
	msg := tgbotapi.NewMessage(t.chatID, offer.In(t.lang))
	msg.ReplyMarkup = markup
	_, err = h.out.Send(t.ctx, htmlMessage(msg))
	return err
}

// onPolishButton drafts the document its button names again — the meeting's report, for
// the branch's secretary; the presser's own material, for a member of the branch — polishes
// its body's sentences and sends the polished version with one line on how it went. The
// branch must still have polishing on. A model that fails leaves the text as it was and
// says so in one line.
func (h *Handlers) onPolishButton(t *turn, d buttonData) error {
	on, err := h.pressedOn(t, d)
	if err != nil {
		return err
	}
	if d.Action == polishMaterial {
		return h.polishDocument(t, on, on.isMember, h.materialToPolish)
	}
	return h.polishDocument(t, on, on.bySecretary(t.userID), h.reportToPolish)
}

// toPolish is a document drafted for 「润色」: the data it was drafted from (whose people the
// guard knows), the document, its body's sentences and how to make it again with others.
type toPolish struct {
	data      report.Data
	doc       report.Document
	sentences []polish.Sentence
	rebuild   func(texts []string) report.Document
}

// polishDocument polishes what draft makes for the pressed meeting, when allowed.
func (h *Handlers) polishDocument(t *turn, on pressed, allowed bool, draft func(*turn, orglife.Branch, orglife.Meeting) (toPolish, error)) error {
	if !allowed || !on.meetingFound {
		return h.stale(t.ctx, t.query, t.lang)
	}
	b, m := on.branch, on.meeting
	if !h.polishOn(&b) {
		return h.answer(t.ctx, t.query.ID, msgPolishOff.In(t.lang))
	}
	if err := h.answer(t.ctx, t.query.ID, ""); err != nil {
		return err
	}
	_, _ = h.out.Request(t.ctx, tgbotapi.NewChatAction(t.chatID, tgbotapi.ChatTyping))
	p, err := draft(t, b, m)
	if err != nil {
		return err
	}
	res, line, err := h.polishSentences(t, p.sentences, knownNames(p.data))
	if err != nil {
		return err
	}
	if res.Polished == 0 {
		return h.say(t.ctx, t.chatID, line)
	}
	polished := p.rebuild(res.Texts)
	if err := report.CheckTrace(polished.Blocks); err != nil { // a rewrite keeps every source
		return fmt.Errorf("polished %s of meeting %s: %w", p.doc.Title, m.ID, err)
	}
	return h.sendDocument(t, polished, formatDOCX, fmt.Sprintf(msgPolishCaption.In(t.lang), quote(p.doc.Title))+"\n"+line)
}

// reportToPolish compiles the meeting's report again, its body paragraphs split into sentences.
func (h *Handlers) reportToPolish(t *turn, b orglife.Branch, m orglife.Meeting) (toPolish, error) {
	data, err := h.reportData(t, b.ID, m)
	if err != nil {
		return toPolish{}, err
	}
	doc, err := report.Compile(data, h.opts.ReportTemplate)
	if err != nil {
		return toPolish{}, fmt.Errorf("compile report of meeting %s: %w", m.ID, err)
	}
	sentences, rebuild := documentSentences(doc)
	return toPolish{data: data, doc: doc, sentences: sentences, rebuild: rebuild}, nil
}

// materialToPolish drafts the presser's own material again: each sentence, polished, keeps
// its place and its sources (the Word comments), so the trace holds in the polished draft.
func (h *Handlers) materialToPolish(t *turn, b orglife.Branch, m orglife.Meeting) (toPolish, error) {
	data, doc, err := h.materialOf(t, b.ID, m)
	if err != nil {
		return toPolish{}, err
	}
	sentences, rebuild := materialSentences(doc)
	return toPolish{data: data, doc: doc, sentences: sentences, rebuild: rebuild}, nil
}

// polishSentences polishes sentences for the user of t — the one place a document's 「润色」
// asks the model, for /report and any other document (/mymaterial: its sentences with their
// sources) — and returns the result, whose Texts are the sentences to use in order, with the
// one line to tell the user how it went. A model that fails leaves every sentence as it was
// (Polished 0) and the line says why; err is only for an update out of time, which the
// pipeline retries.
func (h *Handlers) polishSentences(t *turn, sentences []polish.Sentence, names []string) (polish.Result, string, error) {
	res, err := h.opts.Polisher.Polish(t.ctx, sentences, names)
	if err == nil {
		return res, polishSummary(res, t.lang), nil
	}
	if !polish.IsFallback(err) && t.ctx.Err() != nil {
		return res, "", err
	}
	// The error names the endpoint's host and what failed, never the key or the answer.
	h.log.Warn("polish: the language model failed; the text stays as compiled", "user", t.userID, "error", err)
	res = polish.Result{Texts: make([]string, len(sentences))}
	for i, s := range sentences {
		res.Texts[i] = s.Text
	}
	return res, polishFailure(err).In(t.lang), nil
}

// polishFailure is the one line that tells the user why nothing was polished.
func polishFailure(err error) Text {
	switch {
	case errors.Is(err, polish.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		return msgPolishTimeout
	case errors.Is(err, polish.ErrRefused):
		return msgPolishRefused
	}
	return msgPolishFailed
}

// polishSummary is the one line that says how polishing went: 润色了 N 句，M 句保留原文（改动了数字）.
func polishSummary(res polish.Result, lang orglife.Lang) string {
	switch {
	case res.Polished == 0:
		return msgPolishNothing.In(lang)
	case res.Kept == 0:
		return fmt.Sprintf(msgPolishAllDone.In(lang), res.Polished)
	}
	var why []string
	for _, r := range []polish.Reason{polish.ReasonNumber, polish.ReasonDate, polish.ReasonName, polish.ReasonTitle, polish.ReasonShape} {
		if res.Reasons[r] > 0 {
			why = append(why, polishReasonNames[string(r)].In(lang))
		}
	}
	sep := "/"
	return fmt.Sprintf(msgPolishDone.In(lang), res.Polished, res.Kept, strings.Join(why, sep))
}

// knownNames are the people the guard knows for a meeting's documents: the branch's members,
// the leader who attended (the meeting's guest) and the people outside the branch the talks
// were with.
func knownNames(d report.Data) []string {
	var names []string
	for _, m := range d.Members {
		names = append(names, m.Name)
	}
	if d.Minutes != nil {
		names = append(names, d.Minutes.LeaderName)
	}
	for _, t := range d.Talks {
		names = append(names, t.WithName)
	}
	names = slices.DeleteFunc(names, func(s string) bool { return strings.TrimSpace(s) == "" })
	slices.Sort(names)
	return slices.Compact(names)
}

// documentSentences are the sentences of doc's body paragraphs, in order, and how to make
// the document again with other texts for them; the title, headings and tables are not
// among them and stay as they are.
func documentSentences(doc report.Document) ([]polish.Sentence, func(texts []string) report.Document) {
	type span struct{ block, from, to int }
	var sentences []polish.Sentence
	var spans []span
	for i, b := range doc.Blocks {
		if b.Kind != report.KindBody {
			continue
		}
		parts := polish.Split(b.Text)
		spans = append(spans, span{block: i, from: len(sentences), to: len(sentences) + len(parts)})
		for _, s := range parts {
			sentences = append(sentences, polish.Sentence{Text: s})
		}
	}
	return sentences, func(texts []string) report.Document {
		out := doc
		out.Blocks = slices.Clone(doc.Blocks)
		for _, s := range spans {
			out.Blocks[s.block].Text = strings.Join(texts[s.from:s.to], "")
		}
		return out
	}
}

// materialSentences are the sentences of the material's body paragraphs, in order, and how
// to make the material again with other texts for them (report.Block.Rewrite: each sentence
// keeps its sources and whether it states a fact).
func materialSentences(doc report.Document) ([]polish.Sentence, func(texts []string) report.Document) {
	var sentences []polish.Sentence
	for _, b := range doc.Blocks {
		if b.Kind != report.KindBody {
			continue
		}
		for _, s := range b.Sentences {
			sentences = append(sentences, polish.Sentence{Text: s.Text})
		}
	}
	return sentences, func(texts []string) report.Document {
		out := doc
		out.Blocks = slices.Clone(doc.Blocks)
		next := 0
		for i, b := range out.Blocks {
			if b.Kind != report.KindBody {
				continue
			}
			out.Blocks[i] = b.Rewrite(func(report.Sentence) string {
				next++
				return texts[next-1]
			})
		}
		return out
	}
}
