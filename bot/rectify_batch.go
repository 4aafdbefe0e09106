package bot

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
)

// 将查摆问题批量转为整改事项: /rectify's first option makes an item of every point of the
// meeting that has none yet, each with its member's own measure and the member as owner, one
// deadline and review interval for all; the summary has a 修改 button per item
// (rectify_edit.go). A point that already has an item is left alone, so running it again
// makes no duplicates.

// rectBatchSet is what a run can make items of: the points, in the order they were recorded,
// and how many others were left out, for want of a measure or of their member (who left).
type rectBatchSet struct {
	points              []orglife.Point
	noMeasure, noMember int
}

// rectConvertible reads the points of meeting meetingID that have no item yet and are not
// withdrawn, sorted into those an item can be made of and the others.
func (h *Handlers) rectConvertible(t *turn, meetingID string) (rectBatchSet, error) {
	var out rectBatchSet
	points, err := h.records.Points(t.ctx, t.sess.Branch, meetingID)
	if err != nil {
		return out, err
	}
	items, err := h.records.RectItems(t.ctx, t.sess.Branch, meetingID)
	if err != nil {
		return out, err
	}
	members, err := h.records.Members(t.ctx, t.sess.Branch)
	if err != nil {
		return out, err
	}
	made := map[string]bool{}
	for _, it := range items {
		if it.PointID != "" {
			made[it.PointID] = true
		}
	}
	for _, p := range points {
		switch {
		case p.Withdrawn || made[p.ID]:
		case strings.TrimSpace(p.Measure) == "":
			out.noMeasure++
		case !isMemberOf(members, p.MemberID):
			out.noMember++
		default:
			out.points = append(out.points, p)
		}
	}
	return out, nil
}

func isMemberOf(members []orglife.Member, id int64) bool {
	for _, m := range members {
		if m.UserID == id {
			return true
		}
	}
	return false
}

// rectBatchPlan is what a run draws once and keeps (remember) before it saves anything:
// for each point, the id and number of its item. An update run again after a failure
// mid-way finds the items made and makes the rest, with the same ids and numbers.
type rectBatchPlan []rectBatchEntry

type rectBatchEntry struct {
	Point  string `json:"p"`
	ID     string `json:"id"`
	Number int    `json:"n"`
}

// UnmarshalText reads the plan as saveRectBatch kept it.
func (p *rectBatchPlan) UnmarshalText(b []byte) error {
	if err := json.Unmarshal(b, (*[]rectBatchEntry)(p)); err != nil {
		return fmt.Errorf("rectification plan: %w", err)
	}
	return nil
}

// drawRectBatch draws the items' ids and numbers, and the time they are made, once per run.
func (h *Handlers) drawRectBatch(t *turn, a answers, m orglife.Meeting, points []orglife.Point) error {
	plan := make(rectBatchPlan, 0, len(points))
	for _, p := range points {
		id, err := h.records.NextID(t.ctx, m.BranchID)
		if err != nil {
			return err
		}
		n, err := h.records.NextRectNumber(t.ctx, m.BranchID, m.ID)
		if err != nil {
			return err
		}
		plan = append(plan, rectBatchEntry{Point: p.ID, ID: "r" + id, Number: n})
	}
	raw, err := json.Marshal(plan)
	if err != nil {
		return fmt.Errorf("rectification plan: %w", err)
	}
	return h.remember(t, a, map[string]string{"_batch": string(raw), "_at": h.opts.Clock.Now().UTC().Format(time.RFC3339Nano)})
}

// saveRectBatch makes the items, plans their follow-ups, tells each owner once and shows
// the secretary what was made, with a 修改 button for each.
func (h *Handlers) saveRectBatch(t *turn, a answers, m orglife.Meeting) error {
	x := answersAs[rectifyAnswers](a)
	if x.Deadline.IsZero() || x.Review < 1 {
		return h.conclude(t, msgStaleButton.In(t.lang))
	}
	if len(x.Batch) == 0 {
		set, err := h.rectConvertible(t, m.ID)
		if err != nil {
			return err
		}
		if len(set.points) == 0 {
			return h.conclude(t, msgRcBatchNone.In(t.lang))
		}
		if err := h.drawRectBatch(t, a, m, set.points); err != nil {
			return err
		}
		x = answersAs[rectifyAnswers](a)
	}
	made, err := h.makeRectBatch(t, m, x)
	if err != nil {
		return err
	}
	if len(made) == 0 {
		return h.conclude(t, msgRcBatchNone.In(t.lang))
	}
	members, err := h.records.Members(t.ctx, m.BranchID)
	if err != nil {
		return err
	}
	h.tellRectOwners(t, made, members)
	left, err := h.rectConvertible(t, m.ID)
	if err != nil {
		return err
	}
	text, markup, err := rectBatchSummary(t.lang, made, members, left)
	if err != nil {
		return err
	}
	return h.concludeWith(t, text, &markup)
}

// makeRectBatch saves the planned items not saved yet, each from its point as it is now;
// a point withdrawn, made an item of by another run, or whose member left since is skipped.
func (h *Handlers) makeRectBatch(t *turn, m orglife.Meeting, x rectifyAnswers) ([]orglife.RectItem, error) {
	items, err := h.records.RectItems(t.ctx, m.BranchID, m.ID)
	if err != nil {
		return nil, err
	}
	byID := map[string]orglife.RectItem{}
	for _, it := range items {
		byID[it.ID] = it
	}
	set, err := h.rectConvertible(t, m.ID)
	if err != nil {
		return nil, err
	}
	open := map[string]orglife.Point{}
	for _, p := range set.points {
		open[p.ID] = p
	}
	var made []orglife.RectItem
	for _, e := range x.Batch {
		if it, ok := byID[e.ID]; ok { // saved by an earlier try of this update
			made = append(made, it)
			continue
		}
		p, ok := open[e.Point]
		if !ok {
			continue
		}
		it := orglife.RectItem{ID: e.ID, BranchID: m.BranchID, MeetingID: m.ID, Number: e.Number, PointID: p.ID,
			Problem: p.Problem, Measure: strings.TrimSpace(p.Measure), Owner: p.MemberID, Deadline: x.Deadline,
			ReviewDays: x.Review, Status: orglife.RectNotStarted, CreatedAt: x.At}
		if err := h.records.SaveRectItem(t.ctx, it); err != nil {
			return nil, err
		}
		if err := h.replanItem(t.ctx, it); err != nil {
			return nil, err
		}
		made = append(made, it)
	}
	return made, nil
}

// tellRectOwners tells each owner but the secretary, once, of the items made theirs: one
// item with its card and a button to report on it, several as a list.
func (h *Handlers) tellRectOwners(t *turn, made []orglife.RectItem, members []orglife.Member) {
	var owners []int64
	byOwner := map[int64][]orglife.RectItem{}
	for _, it := range made {
		if it.Owner == t.userID {
			continue
		}
		if _, seen := byOwner[it.Owner]; !seen {
			owners = append(owners, it.Owner)
		}
		byOwner[it.Owner] = append(byOwner[it.Owner], it)
	}
	for _, owner := range owners {
		theirs := byOwner[owner]
		if len(theirs) == 1 {
			it := theirs[0]
			h.rectNotify(t, owner, func(lang orglife.Lang) string {
				return fmt.Sprintf(msgRcAssigned.In(lang), it.Number, rectCard(lang, it, ownerLabel(members, owner, lang)))
			}, btnReport, rectData(it, rectReportOn))
			continue
		}
		h.rectNotify(t, owner, func(lang orglife.Lang) string {
			lines := make([]string, 0, len(theirs))
			for _, it := range theirs {
				lines = append(lines, fmt.Sprintf(msgRcItemLabel.In(lang), it.Number, quote(clip(it.Measure, rectTextClip))))
			}
			return fmt.Sprintf(msgRcAssignedMany.In(lang), len(theirs), theirs[0].Deadline.In(lang),
				rectIntervalName(theirs[0].ReviewDays, lang), strings.Join(lines, "\n"))
		}, btnReport, goData(cmdProgress, theirs[0].BranchID, theirs[0].MeetingID))
	}
}

// rectBatchLineClip is how much of a measure a line of the summary shows.
const rectBatchLineClip = 40

// rectBatchSummary lists the items made, as many as fit one message, with a 修改 button for
// each of the first rectMaxPoints; it says which points were left out and why.
func rectBatchSummary(lang orglife.Lang, made []orglife.RectItem, members []orglife.Member, left rectBatchSet) (string, tgbotapi.InlineKeyboardMarkup, error) {
	head := fmt.Sprintf(msgRcBatchDone.In(lang), len(made), made[0].Deadline.In(lang), rectIntervalName(made[0].ReviewDays, lang))
	var tail string
	if left.noMeasure > 0 {
		tail += fmt.Sprintf(msgRcBatchNoMeasure.In(lang), left.noMeasure)
	}
	if left.noMember > 0 {
		tail += fmt.Sprintf(msgRcBatchOwnerGone.In(lang), left.noMember)
	}
	tail += msgRcBatchEditHint.In(lang)
	more := fmt.Sprintf(msgRcBatchMore.In(lang), len(made))
	text := head
	for i, it := range made {
		line := "\n" + fmt.Sprintf(msgRcBatchLine.In(lang), it.Number, quote(orglife.MemberName(members, it.Owner, lang)),
			quote(clip(it.Measure, rectBatchLineClip)))
		if visibleLen(text+line+more+tail) > messageLimit && i > 0 {
			text += more
			break
		}
		text += line
	}
	text += tail

	var kb keyboard
	var rows [][]tgbotapi.InlineKeyboardButton
	var row []tgbotapi.InlineKeyboardButton
	for i, it := range made {
		if i == rectMaxPoints {
			break
		}
		row = append(row, kb.button(fmt.Sprintf(btnRcEditItem.In(lang), it.Number), rectData(it, rectEdit)))
		if len(row) == 3 {
			rows, row = append(rows, row), nil
		}
	}
	if row != nil {
		rows = append(rows, row)
	}
	markup, err := kb.markup(rows...)
	if err != nil {
		return "", markup, fmt.Errorf("items made at once: %w", err)
	}
	return text, markup, nil
}
