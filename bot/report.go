package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
	"orglife/report"
)

// The secretary's documents: /report compiles the draft report of the current meeting from
// what the branch recorded and sends it as .docx with a preview; its buttons give the two
// problem lists — the committee's (支部委员会（班子）问题清单, from the branch problems) and
// the members' (党员个人问题清单, from their points) — and the rectification ledger (整改台账)
// as .docx or .xlsx.

func (h *Handlers) reportCommands() []Command {
	return []Command{
		{Name: "report", Desc: descReport, Role: orglife.RoleSecretary, run: h.report},
	}
}

// report sends the preview and the .docx of the current meeting's draft report.
func (h *Handlers) report(t *turn) error {
	m, ok, err := h.currentMeeting(t)
	if err != nil || !ok {
		return err
	}
	// Long work shows the chat action while it runs.
	_, _ = h.out.Request(t.ctx, tgbotapi.NewChatAction(t.chatID, tgbotapi.ChatUploadDocument))
	d, err := h.reportData(t, t.branch.ID, m)
	if err != nil {
		return err
	}
	doc, err := report.Compile(d, h.opts.ReportTemplate)
	if err != nil {
		return fmt.Errorf("compile report of meeting %s: %w", m.ID, err)
	}
	if err := h.say(t.ctx, t.chatID, quote(report.Preview(d))); err != nil {
		return err
	}
	if err := h.sendDocument(t, doc, "docx", fmt.Sprintf(msgReportCaption.In(t.lang), quote(doc.Title))); err != nil {
		return err
	}
	if err := h.offerPolish(t, t.branch, m, polishReport); err != nil {
		return err
	}
	return h.sendReportLists(t, m)
}

// sendReportLists offers the meeting's problem lists and ledger, as Word or Excel files.
func (h *Handlers) sendReportLists(t *turn, m orglife.Meeting) error {
	data := func(list, format string) buttonData {
		return buttonData{Kind: kindReport, Branch: t.branch.ID, Meeting: m.ID, Action: list, Format: format}
	}
	var kb keyboard
	markup, err := kb.markup(
		tgbotapi.NewInlineKeyboardRow(
			kb.button(btnBranchDOCX.In(t.lang), data(reportBranchProblems, formatDOCX)),
			kb.button(btnBranchXLSX.In(t.lang), data(reportBranchProblems, formatXLSX))),
		tgbotapi.NewInlineKeyboardRow(
			kb.button(btnProblemsDOCX.In(t.lang), data(reportProblems, formatDOCX)),
			kb.button(btnProblemsXLSX.In(t.lang), data(reportProblems, formatXLSX))),
		tgbotapi.NewInlineKeyboardRow(
			kb.button(btnLedgerDOCX.In(t.lang), data(reportLedger, formatDOCX)),
			kb.button(btnLedgerXLSX.In(t.lang), data(reportLedger, formatXLSX))))
	if err != nil {
		return fmt.Errorf("lists of meeting %s: %w", m.ID, err)
	}
	msg := tgbotapi.NewMessage(t.chatID, msgReportMore.In(t.lang))
	msg.ReplyMarkup = markup
	_, err = h.out.Send(t.ctx, htmlMessage(msg))
	return err
}

func (h *Handlers) reportButtons() map[buttonKind]buttonHandler {
	return map[buttonKind]buttonHandler{kindReport: h.onReportButton}
}

// onReportButton sends a list, the ledger or the report of the meeting the button names
// (the current one or, from /meetings, an earlier one); the presser must be the branch's
// secretary now.
func (h *Handlers) onReportButton(t *turn, d buttonData) error {
	on, err := h.pressedOn(t, d)
	if err != nil {
		return err
	}
	if !on.bySecretary(t.userID) || !on.meetingFound || d.Action == reportDraft && d.Format != formatDOCX {
		return h.stale(t.ctx, t.query, t.lang)
	}
	b, m := on.branch, on.meeting
	if err := h.answer(t.ctx, t.query.ID, ""); err != nil {
		return err
	}
	_, _ = h.out.Request(t.ctx, tgbotapi.NewChatAction(t.chatID, tgbotapi.ChatUploadDocument))
	data, err := h.reportData(t, b.ID, m)
	if err != nil {
		return err
	}
	var doc report.Document
	switch d.Action {
	case reportDraft:
		if doc, err = report.Compile(data, h.opts.ReportTemplate); err != nil {
			return fmt.Errorf("compile report of meeting %s: %w", m.ID, err)
		}
		if err := h.sendDocument(t, doc, formatDOCX, fmt.Sprintf(msgReportCaption.In(t.lang), quote(doc.Title))); err != nil {
			return err
		}
		return h.offerPolish(t, &b, m, polishReport)
	case reportBranchProblems:
		doc = report.BranchProblemList(data)
	case reportLedger:
		doc = report.Ledger(data, orglife.DateOf(h.opts.Clock.Now(), data.Loc))
	default:
		doc = report.MemberProblemList(data)
	}
	return h.sendDocument(t, doc, d.Format, quote(doc.Title))
}

// reportData loads what a meeting's documents are compiled from.
func (h *Handlers) reportData(t *turn, branchID string, m orglife.Meeting) (report.Data, error) {
	d := report.Data{Meeting: m, Coverage: h.opts.Coverage}
	b, err := h.records.Branch(t.ctx, branchID)
	if err != nil {
		return d, err
	}
	d.Loc = h.zoneOf(b)
	d.BranchName = b.Name
	if d.Members, err = h.records.Members(t.ctx, branchID); err != nil {
		return d, err
	}
	if d.Points, err = h.records.Points(t.ctx, branchID, m.ID); err != nil {
		return d, err
	}
	if d.BranchProblems, err = h.records.BranchProblems(t.ctx, branchID, m.ID); err != nil {
		return d, err
	}
	if d.Talks, err = h.records.Talks(t.ctx, branchID, m.ID); err != nil {
		return d, err
	}
	if d.Studies, err = h.records.Studies(t.ctx, branchID, m.ID); err != nil {
		return d, err
	}
	if d.Sessions, err = h.records.StudySessions(t.ctx, branchID, m.ID); err != nil {
		return d, err
	}
	if d.Items, err = h.records.RectItems(t.ctx, branchID, m.ID); err != nil {
		return d, err
	}
	if _, tally, err := h.records.OpinionCollection(t.ctx, branchID, m.ID); err == nil {
		d.Opinions = &tally
	} else if !errors.Is(err, orglife.ErrNotFound) {
		return d, err
	}
	if m.Appraisal {
		if b, err := h.records.Ballot(t.ctx, branchID, m.ID); err == nil {
			d.Ballot = &b
		} else if !errors.Is(err, orglife.ErrNotFound) {
			return d, err
		}
	}
	minutes, ok, err := h.records.Minutes(t.ctx, branchID, m.ID)
	if err != nil {
		return d, err
	}
	if ok {
		d.Minutes = &minutes
	}
	c, ok, err := h.carryOver(t.ctx, branchID, m.ID)
	if err != nil {
		return d, err
	}
	if ok {
		d.Carried = &c
	}
	return d, nil
}

// carryOver is how the rectification of the meeting before meetingID stands, with the
// branch problems that meeting stated; false for a branch's first meeting.
func (h *Handlers) carryOver(ctx context.Context, branchID, meetingID string) (orglife.Carried, bool, error) {
	ms, err := h.records.Meetings(ctx, branchID)
	if err != nil {
		return orglife.Carried{}, false, err
	}
	c, ok, err := orglife.CarryOver(ms, meetingID, func(m orglife.Meeting) ([]orglife.RectItem, error) {
		return h.records.RectItems(ctx, branchID, m.ID)
	})
	if err != nil || !ok {
		return c, ok, err
	}
	bps, err := h.records.BranchProblems(ctx, branchID, c.Meeting.ID)
	if err != nil {
		return c, false, err
	}
	for _, p := range bps {
		if !p.Removed {
			c.BranchProblems++
		}
	}
	return c, true, nil
}

// sendDocument renders doc in format ("docx" or "xlsx") and sends it as a file.
func (h *Handlers) sendDocument(t *turn, doc report.Document, format, caption string) error {
	var buf bytes.Buffer
	write := report.WriteDOCX
	if format == "xlsx" {
		write = report.WriteXLSX
	}
	if err := write(&buf, doc); err != nil {
		return fmt.Errorf("render %s: %w", format, err)
	}
	name := strings.NewReplacer("/", "-", "\\", "-").Replace(doc.Title) + "." + format
	file := tgbotapi.NewDocument(t.chatID, tgbotapi.FileBytes{Name: name, Bytes: buf.Bytes()})
	file.Caption = caption
	file.ParseMode = tgbotapi.ModeHTML
	_, err := h.out.Send(t.ctx, file)
	return err
}
