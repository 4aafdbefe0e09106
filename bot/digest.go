package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"orglife"
)

// The secretary's daily digest (【每日进度】), sent by the scheduler as reminders are.

// digestAudience sends the digest to the secretary while a step is open, and only when it
// says something new or a deadline is today or tomorrow.
func (h *Handlers) digestAudience(ctx context.Context, b orglife.Branch, m orglife.Meeting, now time.Time) ([]int64, bool, error) {
	t := &turn{ctx: ctx}
	prog, _, err := h.progress(t, m)
	if err != nil {
		return nil, false, err
	}
	open, dueSoon := false, false
	today := orglife.DateOf(now, h.zoneOf(b))
	for _, s := range m.Steps {
		if len(prog[s.Kind].Pending) > 0 {
			open = true
			if d := today.DaysUntil(s.Deadline); d == 0 || d == 1 {
				dueSoon = true
			}
		}
	}
	if !open {
		return nil, false, nil
	}
	fingerprint, err := h.digestFingerprint(ctx, m)
	if err != nil {
		return nil, false, err
	}
	last, err := h.reminders.LastDigest(ctx, b.ID)
	if err != nil || (last == fingerprint && !dueSoon) {
		return nil, false, err
	}
	return []int64{b.SecretaryID}, true, nil
}

// digestFingerprint identifies what a digest would say, to tell whether anything changed.
func (h *Handlers) digestFingerprint(ctx context.Context, m orglife.Meeting) (string, error) {
	text, err := h.digestText(ctx, m, h.opts.DefaultLang)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:]), nil
}

// digestText is the secretary's summary: per step done/total and who is behind.
func (h *Handlers) digestText(ctx context.Context, m orglife.Meeting, lang orglife.Lang) (string, error) {
	t := &turn{ctx: ctx}
	prog, members, err := h.progress(t, m)
	if err != nil {
		return "", err
	}
	lines := []string{fmt.Sprintf(msgDigestHeader.In(lang), quote(m.Title), m.Date.In(lang))}
	for _, s := range m.Steps {
		p := prog[s.Kind]
		lines = append(lines, fmt.Sprintf(msgDigestStep.In(lang), s.Kind.Name(lang), len(p.Done), len(p.Done)+len(p.Pending), s.Deadline.In(lang)))
		if len(p.Pending) > 0 {
			var names []string
			for _, id := range p.Pending {
				names = append(names, quote(memberName(members, id)))
			}
			lines = append(lines, fmt.Sprintf(msgDigestBehind.In(lang), strings.Join(names, "、")))
		}
	}
	text := strings.Join(lines, "\n")
	if pages := packBlocks(lines, messageLimit); len(pages) > 1 {
		text = pages[0] // a very large branch: the first page; /status has it all
	}
	return text, nil
}
