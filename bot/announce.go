package bot

import (
	"context"
	"fmt"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
)

// The meeting's announcement: when /newmeeting sets a meeting up, every member hears of it
// once — its name and date, the steps asked of them with their deadlines, whom they are to talk
// with — before any reminder; a member who joins later hears the same on joining. It goes
// through the scheduler (quiet hours, the daily cap, retries), so a branch of hundreds is told
// at Telegram's pace and nobody twice.

// announce queues the meeting's announcement to everyone but the secretary who set it up.
func (h *Handlers) announce(ctx context.Context, m orglife.Meeting, from int64) error {
	r := orglife.Reminder{Key: "announce:" + m.BranchID + ":" + m.ID, Kind: orglife.RemindAnnounce,
		BranchID: m.BranchID, MeetingID: m.ID, From: from, Due: h.opts.Clock.Now()}
	r.Planned = r.Due
	if err := h.reminders.Add(ctx, r); err != nil {
		return fmt.Errorf("announce meeting %s: %w", m.ID, err)
	}
	if h.opts.KickReminders != nil {
		h.opts.KickReminders()
	}
	return nil
}

// announceAudience is every member of the branch but the one who set the meeting up, while
// the meeting is the branch's current one.
func (h *Handlers) announceAudience(ctx context.Context, b orglife.Branch, r orglife.Reminder) ([]int64, bool, error) {
	if b.CurrentMeeting != r.MeetingID {
		return nil, false, nil
	}
	members, err := h.records.Members(ctx, b.ID)
	if err != nil {
		return nil, false, err
	}
	var users []int64
	for _, m := range members {
		if m.UserID != r.From {
			users = append(users, m.UserID)
		}
	}
	return users, true, nil
}

// sendAnnouncement sends one member the meeting's announcement.
func (h *Handlers) sendAnnouncement(ctx context.Context, m orglife.Meeting, user int64, lang orglife.Lang) error {
	text, markup, err := h.announcement(ctx, m, user, lang)
	if err != nil {
		return err
	}
	msg := tgbotapi.NewMessage(user, text)
	if len(markup.InlineKeyboard) > 0 {
		msg.ReplyMarkup = markup
	}
	_, err = h.out.Send(ctx, htmlMessage(msg))
	return err
}

// announcement is what meeting m asks of one member: the steps that are theirs with their
// deadlines (the secretary's too, for the secretary), the talks the coverage rules require of
// them, and a button for each step.
func (h *Handlers) announcement(ctx context.Context, m orglife.Meeting, user int64, lang orglife.Lang) (string, tgbotapi.InlineKeyboardMarkup, error) {
	members, err := h.records.Members(ctx, m.BranchID)
	if err != nil {
		return "", tgbotapi.InlineKeyboardMarkup{}, err
	}
	role := orglife.RoleMember
	for _, mem := range members {
		if mem.UserID == user {
			role = mem.Role
		}
	}
	lines := []string{fmt.Sprintf(msgAnnounceHeader.In(lang), quote(m.Title), m.Date.In(lang))}
	if where := whenWhereLine(m, lang); where != "" {
		lines = append(lines, where)
	}
	lines = append(lines, "", msgAnnounceSteps.In(lang))
	var kb keyboard
	var row []tgbotapi.InlineKeyboardButton
	var rows [][]tgbotapi.InlineKeyboardButton
	for _, s := range m.Steps {
		if s.Responsible == orglife.BySecretary && role != orglife.RoleSecretary || s.Deadline.IsZero() {
			continue
		}
		lines = append(lines, fmt.Sprintf(msgAnnounceStep.In(lang), s.Kind.Name(lang), s.Deadline.In(lang)))
		if cmd, ok := stepCommand[s.Kind]; ok {
			row = append(row, kb.button(s.Kind.Name(lang), goData(cmd, m.BranchID, m.ID)))
			if len(row) == 2 {
				rows, row = append(rows, row), nil
			}
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	talks, err := h.talksAskedOf(ctx, m, members, user, lang)
	if err != nil {
		return "", tgbotapi.InlineKeyboardMarkup{}, err
	}
	if talks != "" {
		lines = append(lines, "", talks)
	}
	lines = append(lines, "", msgAnnounceFooter.In(lang))
	markup, err := kb.markup(rows...)
	if err != nil {
		return "", markup, fmt.Errorf("announcement of meeting %s: %w", m.ID, err)
	}
	return strings.Join(lines, "\n"), markup, nil
}

// talksAskedOf says whom the coverage rules ask the member to talk with, and how many more
// talks they need (leaving out the talks already recorded, see orglife.JudgePrep); "" when
// nothing is asked.
func (h *Handlers) talksAskedOf(ctx context.Context, m orglife.Meeting, members []orglife.Member, user int64, lang orglife.Lang) (string, error) {
	prep, _, err := h.prep(ctx, m)
	if err != nil {
		return "", err
	}
	st, cov := prep.Status(orglife.StepTalks, user), prep.Coverage()
	missing, more := st.Partners, st.More
	switch {
	case len(missing) > 0:
		names := make([]string, len(missing))
		for i, id := range missing {
			names[i] = quote(orglife.MemberName(members, id, lang))
		}
		line := fmt.Sprintf(msgAnnounceTalkWith.In(lang), strings.Join(names, minutesSep.In(lang)))
		if total := talksNeeded(cov, user); total > len(missing) {
			line += fmt.Sprintf(msgAnnounceTalkBoth.In(lang), total)
		}
		return line + msgAnnounceEnd.In(lang), nil
	case more > 0:
		return fmt.Sprintf(msgAnnounceTalkCount.In(lang), talksNeeded(cov, user)) + msgAnnounceEnd.In(lang), nil
	}
	return "", nil
}

// talksNeeded is how many people in all the minimum asks the member to talk with.
func talksNeeded(c orglife.Coverage, user int64) int {
	for _, s := range c.Short {
		if s.Member == user {
			return s.Need
		}
	}
	return 0
}
