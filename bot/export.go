package bot

import (
	"encoding/json"
	"fmt"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
)

// /export gives the secretary the whole branch as one JSON file — people, meetings and
// every record with its history — which `orglife import FILE` restores into an empty Redis.

func (h *Handlers) exportCommands() []Command {
	return []Command{
		{Name: "export", Desc: descExport, Role: orglife.RoleSecretary, run: h.export},
	}
}

// export sends branch-<id>-<date>.json.
func (h *Handlers) export(t *turn) error {
	_, _ = h.out.Request(t.ctx, tgbotapi.NewChatAction(t.chatID, tgbotapi.ChatUploadDocument))
	e, err := h.records.Export(t.ctx, t.branch.ID)
	if err != nil {
		return err
	}
	data, err := json.MarshalIndent(e, "", "  ")
	if err != nil {
		return fmt.Errorf("encode export of branch %s: %w", t.branch.ID, err)
	}
	name := "branch-" + t.branch.ID + "-" + h.today(t).String() + ".json"
	file := tgbotapi.NewDocument(t.chatID, tgbotapi.FileBytes{Name: name, Bytes: append(data, '\n')})
	file.Caption = fmt.Sprintf(msgExportCaption.In(t.lang), quote(e.Branch.Name))
	file.ParseMode = tgbotapi.ModeHTML
	_, err = h.out.Send(t.ctx, file)
	return err
}
