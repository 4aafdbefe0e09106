package bot

import (
	"fmt"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
	"orglife/report"
)

// /mymaterial gives a member the draft of their personal 对照检查材料 for the current
// meeting as .docx, built from their own records only (report.Material): each sentence that
// states a fact carries its source as a Word comment.

func (h *Handlers) myMaterialCommands() []Command {
	return []Command{
		{Name: "mymaterial", Desc: descMyMaterial, Role: orglife.RoleMember, run: h.myMaterial},
	}
}

// myMaterial sends the member's own material draft, and offers 「润色」 when the branch
// has polishing on.
func (h *Handlers) myMaterial(t *turn) error {
	m, ok, err := h.currentMeeting(t)
	if err != nil || !ok {
		return err
	}
	_, _ = h.out.Request(t.ctx, tgbotapi.NewChatAction(t.chatID, tgbotapi.ChatUploadDocument))
	_, doc, err := h.materialOf(t, t.branch.ID, m)
	if err != nil {
		return err
	}
	if err := h.sendDocument(t, doc, "docx", fmt.Sprintf(msgMyMaterialCaption.In(t.lang), quote(doc.Title))); err != nil {
		return err
	}
	return h.offerPolish(t, t.branch, m, polishMaterial)
}

// materialOf drafts the material of the user of t for meeting m of branchID, with the data
// it was drafted from.
func (h *Handlers) materialOf(t *turn, branchID string, m orglife.Meeting) (report.Data, report.Document, error) {
	d, err := h.reportData(t, branchID, m)
	if err != nil {
		return d, report.Document{}, err
	}
	if d.Carried != nil { // 上次查摆问题整改落实情况 accounts for the member's points of then
		if d.EarlierPoints, err = h.records.Points(t.ctx, branchID, d.Carried.Meeting.ID); err != nil {
			return d, report.Document{}, err
		}
	}
	doc, err := report.Material(d, t.userID)
	if err != nil {
		return d, doc, fmt.Errorf("material of %d in meeting %s: %w", t.userID, m.ID, err)
	}
	return d, doc, nil
}
