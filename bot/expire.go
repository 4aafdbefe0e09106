package bot

import (
	"context"
	"encoding/json"
	"fmt"

	"orglife/state"
)

// ExpireIdle ends the conversations left idle past the session TTL: the user is told, the
// prompt loses its buttons, and a flow that keeps drafts saves its answers so that the
// user can resume. Several instances may sweep at once; each session is ended once.
func (h *Handlers) ExpireIdle(ctx context.Context) error {
	idle, err := h.store.ClaimIdle(ctx, h.opts.Clock.Now(), 100)
	for _, s := range idle {
		h.endIdle(ctx, s)
	}
	return err
}

func (h *Handlers) endIdle(ctx context.Context, idle state.IdleSession) {
	if len(idle.Data) == 0 {
		return
	}
	var s session
	if err := json.Unmarshal(idle.Data, &s); err != nil {
		h.log.Warn("idle session unreadable", "chat", idle.ChatID, "error", err)
		return
	}
	lang, err := h.language(ctx, nil, idle.UserID)
	if err != nil {
		lang = h.opts.DefaultLang
	}
	text := msgSessionExpired.In(lang)
	if f := h.flows[s.Flow]; f != nil && f.draft != "" && len(s.Data) > 0 {
		s.Data[keyBranch] = s.Branch // a draft resumes only in the branch it was written in
		raw, _ := json.Marshal(s.Data)
		if err := h.records.SaveDraft(ctx, idle.UserID, f.name, raw); err != nil {
			h.log.Error("draft of idle session lost", "user", idle.UserID, "flow", f.name, "error", err)
		} else {
			text += "\n" + fmt.Sprintf(msgDraftKept.In(lang), f.draft)
		}
	}
	if s.Prompt != 0 {
		h.removeButtons(ctx, idle.ChatID, s.Prompt)
	}
	if err := h.say(ctx, idle.ChatID, text); err != nil {
		h.log.Warn("idle notice not sent", "chat", idle.ChatID, "error", err)
	}
}
