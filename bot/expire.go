package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"strings"

	"orglife"
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
	if kept := h.keepDraft(ctx, idle.UserID, s, lang); kept != "" {
		text += "\n" + kept
	}
	if s.Prompt != 0 {
		h.removeButtons(ctx, idle.ChatID, s.Prompt)
	}
	if err := h.say(ctx, idle.ChatID, text); err != nil {
		h.log.Warn("idle notice not sent", "chat", idle.ChatID, "error", err)
	}
}

// keepDraft saves what a flow that keeps drafts has been told so far, so that its command
// offers to go on from there (after the idle timeout, /cancel or the 取消 button alike); it
// returns the line that says so, "" when nothing was kept.
func (h *Handlers) keepDraft(ctx context.Context, user int64, s session, lang orglife.Lang) string {
	f := h.flows[s.Flow]
	if f == nil || f.draft == "" || !typedSomething(s.Data) {
		return ""
	}
	data := maps.Clone(s.Data)
	data[keyBranch] = s.Branch // a draft resumes only in the branch it was written in
	raw, _ := json.Marshal(data)
	if err := h.records.SaveDraft(ctx, user, f.name, raw); err != nil {
		h.log.Error("draft lost", "user", user, "flow", f.name, "error", err)
		return ""
	}
	return fmt.Sprintf(msgDraftKept.In(lang), f.draft)
}

// typedSomething reports whether a flow's answers hold anything the user gave, beyond what
// the engine and the flow's start keep (the meeting, the branch).
func typedSomething(a answers) bool {
	for k, v := range a {
		if v != "" && !strings.HasPrefix(k, "_") && k != "branch" {
			return true
		}
	}
	return false
}
