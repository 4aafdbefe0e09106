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

// myMaterial sends the member's own material draft.
func (h *Handlers) myMaterial(t *turn) error {
	m, ok, err := h.currentMeeting(t)
	if err != nil || !ok {
		return err
	}
	_, _ = h.out.Request(t.ctx, tgbotapi.NewChatAction(t.chatID, tgbotapi.ChatUploadDocument))
	d, err := h.reportData(t, t.branch.ID, m)
	if err != nil {
		return err
	}
	if d.Carried != nil { // 上次查摆问题整改落实情况 accounts for the member's points of then
		if d.EarlierPoints, err = h.records.Points(t.ctx, t.branch.ID, d.Carried.Meeting.ID); err != nil {
			return err
		}
	}
	doc, err := report.Material(d, t.userID)
	if err != nil {
		return fmt.Errorf("material of %d in meeting %s: %w", t.userID, m.ID, err)
	}
	return h.sendDocument(t, doc, "docx", fmt.Sprintf(msgMyMaterialCaption.In(t.lang), quote(doc.Title)))
}
