package bot

import (
	"errors"
	"fmt"
	"strconv"

	"orglife"
	"orglife/state"
)

// /reassign gives an open rectification item a new owner: when its owner left the branch
// (their follow-ups then go to the secretary, who is asked to do this) or cannot carry on.

const (
	flowRectReassign = "reassign"
	cmdReassign      = "reassign"
)

var (
	msgRcAskReassignItem = Text{ZH: "<b>更换责任人</b>\n要更换哪项整改的责任人？", EN: "<b>New owner</b>\nWhich item needs a new owner?"}
	msgRcNoOpenItems     = Text{ZH: "本次会议没有未销号的整改事项。", EN: "This meeting has no open rectification items."}
	msgRcAskNewOwner     = Text{ZH: "第 %d 项整改：%s\n现在的责任人：%s\n\n由谁接手？点按钮，或输入姓名：",
		EN: "Item %d: %s\nOwner now: %s\n\nWho takes it over? Tap a name or type it:"}
	msgRcNoOwner    = Text{ZH: "（无，原责任人已退出支部）", EN: "(none: they left the branch)"}
	msgRcReassigned = Text{ZH: "已更换：第 %d 项整改的责任人改为 %s，回头看提醒将发给 %s。",
		EN: "Done: item %d now belongs to %s; follow-ups go to %s."}
	msgRcSameOwner = Text{ZH: "%s 已经是这项整改的责任人，没有更改。", EN: "%s already owns this item; nothing changed."}
	msgRectOrphan  = Text{ZH: "【整改提醒】第 %d 项整改没有责任人（原责任人已退出支部）：%s（时限 %s）。请发送 /reassign 指定新的责任人。",
		EN: "[Rectification] Item %d has no owner (they left the branch): %s (due %s). Send /reassign to give it a new owner."}
	btnReassign = Text{ZH: "更换责任人", EN: "New owner"}
)

func (h *Handlers) reassignCommands() []Command {
	return []Command{{Name: cmdReassign, Desc: Text{ZH: "更换整改事项的责任人", EN: "Give a rectification item a new owner"},
		Role: orglife.RoleSecretary, run: h.rectReassign}}
}

func (h *Handlers) reassignFlows() []*flow {
	return []*flow{{
		name: flowRectReassign, need: orglife.RoleSecretary,
		questions: []question{
			{key: "item", options: h.rectOpenItemOptions, ask: func(t *turn, _ answers) string { return msgRcAskReassignItem.In(t.lang) }},
			{key: "owner", typed: true, options: h.rectOwnerOptions, check: h.rectOwnerCheck, ask: h.askNewOwner},
		},
		finish: h.saveRectReassign,
	}}
}

func (h *Handlers) rectReassign(t *turn) error {
	m, ok, err := h.currentMeeting(t)
	if err != nil || !ok {
		return err
	}
	items, err := h.records.RectItems(t.ctx, m.BranchID, m.ID)
	if err != nil {
		return err
	}
	for _, it := range items {
		if it.Open() {
			return h.startFlow(t, h.flows[flowRectReassign], t.branch.ID, nil)
		}
	}
	return h.say(t.ctx, t.chatID, msgRcNoOpenItems.In(t.lang))
}

// rectOpenItemOptions are the meeting's items that are not closed, whoever owns them.
func (h *Handlers) rectOpenItemOptions(t *turn, a answers) ([]option, error) {
	items, err := h.records.RectItems(t.ctx, t.sess.Branch, a[keyMeeting])
	if err != nil {
		return nil, err
	}
	var opts []option
	for _, it := range items {
		if it.Open() {
			opts = append(opts, option{label: fmt.Sprintf(msgRcItemLabel.In(t.lang), it.Number, rectClip(it.Measure, rectLabelClip)), value: it.ID})
		}
	}
	return opts, nil
}

func (h *Handlers) askNewOwner(t *turn, a answers) string {
	it, err := h.records.RectItem(t.ctx, t.sess.Branch, a[keyMeeting], a["item"])
	if err != nil {
		h.log.Warn("item to reassign", "item", a["item"], "error", err)
	}
	return fmt.Sprintf(msgRcAskNewOwner.In(t.lang), it.Number, quote(rectClip(it.Measure, rectTextClip)), quote(h.ownerName(t, it)))
}

// ownerName is the name of an item's owner, or says there is none.
func (h *Handlers) ownerName(t *turn, it orglife.RectItem) string {
	members, err := h.records.Members(t.ctx, it.BranchID)
	if err != nil {
		h.log.Warn("members for an item's owner", "item", it.ID, "error", err)
	}
	return ownerLabel(members, it.Owner, t.lang)
}

// ownerLabel is the name of an item's owner among members, or says there is none (they
// left the branch).
func ownerLabel(members []orglife.Member, owner int64, lang orglife.Lang) string {
	for _, m := range members {
		if m.UserID == owner && owner != 0 {
			return m.Name
		}
	}
	return msgRcNoOwner.In(lang)
}

// saveRectReassign records the new owner in the item and its history, plans the item's
// follow-ups for them and tells them.
func (h *Handlers) saveRectReassign(t *turn, a answers) error {
	owner, err := strconv.ParseInt(a["owner"], 10, 64)
	if err != nil {
		return h.conclude(t, msgStaleButton.In(t.lang))
	}
	newOwner, isMember, err := h.records.Member(t.ctx, t.sess.Branch, owner)
	if err != nil {
		return err
	}
	if !isMember {
		return h.conclude(t, fmt.Sprintf(msgRcOwnerGone.In(t.lang), quote(a["owner"])))
	}
	now := h.opts.Now()
	it, err := h.records.UpdateRectItem(t.ctx, t.sess.Branch, a[keyMeeting], a["item"], func(cur *orglife.RectItem) error {
		if !cur.Open() || cur.Owner == owner {
			return errRectChanged
		}
		cur.Owner = owner
		cur.Progress = append(cur.Progress, orglife.RectReport{At: now, By: t.userID, Status: cur.Status, Note: newOwner.Name, Kind: "reassign"})
		return nil
	})
	switch {
	case errors.Is(err, errRectChanged):
		if latest, lerr := h.records.RectItem(t.ctx, t.sess.Branch, a[keyMeeting], a["item"]); lerr == nil && latest.Open() {
			return h.conclude(t, fmt.Sprintf(msgRcSameOwner.In(t.lang), quote(newOwner.Name)))
		}
		return h.conclude(t, fmt.Sprintf(msgRcHandled.In(t.lang), orglife.RectClosed.Name(t.lang)))
	case errors.Is(err, state.ErrNotFound):
		return h.conclude(t, msgStaleButton.In(t.lang))
	case err != nil:
		return err
	}
	if err := h.replanItem(t.ctx, it); err != nil {
		return err
	}
	if owner != t.userID {
		h.rectNotify(t, owner, func(lang orglife.Lang) string {
			return fmt.Sprintf(msgRcAssigned.In(lang), it.Number, rectCard(lang, it, newOwner.Name))
		}, btnReport, "go:"+cmdProgress)
	}
	return h.conclude(t, fmt.Sprintf(msgRcReassigned.In(t.lang), it.Number, quote(newOwner.Name), quote(newOwner.Name)))
}
