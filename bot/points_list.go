package bot

import (
	"fmt"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
	"orglife/state"
)

// --- /mypoints and /points ---

// pointEntry is one point of a list: its text and its row of buttons.
type pointEntry struct {
	text string
	row  []tgbotapi.InlineKeyboardButton
}

func (h *Handlers) myPoints(t *turn) error {
	m, ok, err := h.currentMeetingOnce(t)
	if err != nil || !ok {
		return err
	}
	// Nothing of the update was written: the points may come from what was read ahead.
	recs, err := h.records.MeetingRecords(t.ctx, t.unit, m.BranchID, m.ID, state.PartPoints)
	if err != nil {
		return err
	}
	var mine []orglife.Point
	for _, p := range recs.Points {
		if p.MemberID == t.userID && !p.Withdrawn {
			mine = append(mine, p)
		}
	}
	if len(mine) == 0 {
		return h.say(t.ctx, t.chatID, msgPtNoMyPoints.In(t.lang))
	}
	open := m.PointsOpen(h.today(t))
	canChange := open || t.member.Role == orglife.RoleSecretary
	entries := make([]pointEntry, 0, len(mine))
	var kb keyboard
	for i, p := range mine {
		e := pointEntry{text: fmt.Sprintf("%d. %s", i+1, pointLine(p, t.lang))}
		if canChange {
			e.row = pointRow(&kb, t.lang, m, p, i+1)
		}
		entries = append(entries, e)
	}
	if kb.err != nil {
		return fmt.Errorf("points of user %d: %w", t.userID, kb.err)
	}
	step, hasStep := m.Step(orglife.StepPoints)
	var footer string
	switch {
	case !canChange:
		footer = fmt.Sprintf(msgPtPointsClosedFor.In(t.lang), step.Deadline.In(t.lang))
	case open && hasStep:
		footer = fmt.Sprintf(msgPtPointsOpenUntil.In(t.lang), step.Deadline.In(t.lang))
	case !open:
		footer = msgPtAllPointsFooter.In(t.lang)
	default:
		footer = msgPtPointsOpen.In(t.lang)
	}
	header := fmt.Sprintf(msgPtMyPointsHeader.In(t.lang), quote(m.Title), len(mine))
	return h.sendPointList(t, header, entries, footer)
}

func (h *Handlers) allPoints(t *turn) error {
	m, ok, err := h.currentMeeting(t)
	if err != nil || !ok {
		return err
	}
	all, err := h.records.Points(t.ctx, m.BranchID, m.ID)
	if err != nil {
		return err
	}
	members, err := h.records.Members(t.ctx, m.BranchID)
	if err != nil {
		return err
	}
	// By member in the branch's order (people who have left last), then as recorded.
	byMember := map[int64][]orglife.Point{}
	var order []int64
	listed := map[int64]bool{}
	for _, mb := range members {
		order, listed[mb.UserID] = append(order, mb.UserID), true
	}
	for _, p := range all {
		if p.Withdrawn {
			continue
		}
		if !listed[p.MemberID] {
			order, listed[p.MemberID] = append(order, p.MemberID), true
		}
		byMember[p.MemberID] = append(byMember[p.MemberID], p)
	}
	var entries []pointEntry
	var kb keyboard
	people := 0
	for _, uid := range order {
		ps := byMember[uid]
		if len(ps) > 0 {
			people++
		}
		for _, p := range ps {
			n := len(entries) + 1
			entries = append(entries, pointEntry{
				text: fmt.Sprintf("%d. <b>%s</b> %s", n, quote(orglife.MemberName(members, uid, t.lang)), pointLine(p, t.lang)),
				row:  pointRow(&kb, t.lang, m, p, n),
			})
		}
	}
	if kb.err != nil {
		return fmt.Errorf("points of meeting %s: %w", m.ID, kb.err)
	}
	if len(entries) == 0 {
		return h.say(t.ctx, t.chatID, msgPtNoPointsYet.In(t.lang))
	}
	header := fmt.Sprintf(msgPtAllPointsHeader.In(t.lang), quote(m.Title), people, len(entries))
	return h.sendPointList(t, header, entries, msgPtAllPointsFooter.In(t.lang))
}

// pointLine is a point as a list shows it, user text quoted.
func pointLine(p orglife.Point, lang orglife.Lang) string {
	var late string
	if p.Late {
		late = msgPtLateTag.In(lang)
	}
	line := fmt.Sprintf("【%s · %s】%s\n%s", p.Area.Name(lang), p.Source.Name(lang), late, quote(clip(p.Problem, pointListClip)))
	if p.Cause != "" {
		line += "\n" + fmt.Sprintf(msgPtCauseLine.In(lang), quote(clip(p.Cause, pointNoteClip)))
	}
	if p.Measure != "" {
		line += "\n" + fmt.Sprintf(msgPtMeasureLine.In(lang), quote(clip(p.Measure, pointNoteClip)))
	}
	return line
}

func pointRow(kb *keyboard, lang orglife.Lang, m orglife.Meeting, p orglife.Point, n int) []tgbotapi.InlineKeyboardButton {
	return tgbotapi.NewInlineKeyboardRow(
		kb.button(fmt.Sprintf(btnPtEditN.In(lang), n), pointData(m.BranchID, m.ID, p.ID, pointEdit)),
		kb.button(fmt.Sprintf(btnPtWithdrawN.In(lang), n), pointData(m.BranchID, m.ID, p.ID, pointWithdraw)))
}

// pointData is a point button's data: ids only; the handler checks everything again.
func pointData(branchID, meetingID, pointID, action string) buttonData {
	return buttonData{Kind: kindPoint, Branch: branchID, Meeting: meetingID, Record: pointID, Action: action}
}

// sendPointList sends a list in as many messages as Telegram's limits need, each with the
// buttons of its own points.
func (h *Handlers) sendPointList(t *turn, header string, entries []pointEntry, footer string) error {
	text, count := header, 0
	var rows [][]tgbotapi.InlineKeyboardButton
	flush := func() error {
		msg := tgbotapi.NewMessage(t.chatID, text)
		if len(rows) > 0 {
			msg.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(rows...)
		}
		_, err := h.out.Send(t.ctx, htmlMessage(msg))
		text, count, rows = "", 0, nil
		return err
	}
	add := func(piece string) error {
		if text != "" && (utf16Len(text)+utf16Len(piece)+2 > pointMsgLimit) {
			if err := flush(); err != nil {
				return err
			}
		}
		if text != "" {
			text += "\n\n"
		}
		text += piece
		return nil
	}
	for _, e := range entries {
		if count >= pointsPerMsg {
			if err := flush(); err != nil {
				return err
			}
		}
		if err := add(e.text); err != nil {
			return err
		}
		count++
		if e.row != nil {
			rows = append(rows, e.row)
		}
	}
	if footer != "" {
		if err := add(footer); err != nil {
			return err
		}
	}
	return flush()
}
