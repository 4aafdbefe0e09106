package bot

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"orglife"
)

// /forgetme lets a member who leaves take their personal answers with them: removed or
// anonymised as the branch's retention setting says (/retention, else branch.retention).

const (
	flowForget    = "forgetme"
	flowRetention = "retention"
	// keyRetention holds the setting the member was shown, the one they agree to.
	keyRetention = "retention"
)

func (h *Handlers) forgetCommands() []Command {
	return []Command{
		{Name: "forgetme", Desc: descForgetMe, Role: orglife.RoleMember, run: h.forgetMe},
		{Name: "retention", Desc: descRetention, Role: orglife.RoleSecretary, run: h.retention},
	}
}

func (h *Handlers) forgetFlows() []*flow {
	return []*flow{{
		name: flowForget, need: orglife.RoleMember, answers: reflect.TypeFor[forgetAnswers](), preset: []string{"retention"},
		questions: []question{{key: "confirm",
			ask: func(t *turn, a answers) string {
				prompt := msgAskForgetAnon
				if h.agreedRetention(t.branch, answersAs[forgetAnswers](a).Retention) == orglife.RetentionRemove {
					prompt = msgAskForgetRemove
				}
				name, current := "", ""
				if t.branch != nil {
					name, current = t.branch.Name, t.branch.CurrentMeeting
				}
				text := fmt.Sprintf(prompt.In(t.lang), quote(name))
				items, err := h.ownOpenItems(t, t.sess.Branch, t.userID)
				if err != nil {
					h.log.Warn("open items of a leaving member", "branch", t.sess.Branch, "user", t.userID, "error", err)
				}
				if len(items) > 0 {
					text += "\n\n" + fmt.Sprintf(msgForgetOpenItems.In(t.lang), len(items)) + "\n" + openItemLines(items, current, t.lang)
				}
				return text
			},
			options: func(t *turn, _ answers) ([]option, error) {
				return []option{{btnForgetConfirm.In(t.lang), "yes"}}, nil
			}}},
		finish: h.finishForget,
	}, {
		name: flowRetention, need: orglife.RoleSecretary, answers: reflect.TypeFor[retentionAnswers](),
		questions: []question{{key: keyRetention,
			ask: func(t *turn, _ answers) string {
				return fmt.Sprintf(msgAskRetention.In(t.lang), retentionNames[h.retentionOf(t.branch)].In(t.lang))
			},
			options: func(t *turn, _ answers) ([]option, error) {
				return []option{{btnRetentionAnon.In(t.lang), string(orglife.RetentionAnonymise)},
					{btnRetentionRemove.In(t.lang), string(orglife.RetentionRemove)}}, nil
			}}},
		finish: h.saveRetention,
	}}
}

// forgetAnswers are /forgetme's answers: the retention setting the member was shown
// (preset) and their confirmation.
type forgetAnswers struct {
	Retention orglife.Retention `answer:"retention"`
	Confirm   string            `answer:"confirm"`
}

// retentionAnswers are /retention's answer: the branch's new setting.
type retentionAnswers struct {
	Retention orglife.Retention `answer:"retention"`
}

// retentionOf is what /forgetme does in branch b.
func (h *Handlers) retentionOf(b *orglife.Branch) orglife.Retention {
	if b == nil {
		return h.opts.Retention
	}
	return b.RetentionOr(h.opts.Retention)
}

// agreedRetention is the setting a member's /forgetme prompt showed, as its answers keep it
// (shown); a session from before the setting was kept there takes branch b's.
func (h *Handlers) agreedRetention(b *orglife.Branch, shown orglife.Retention) orglife.Retention {
	if shown.Valid() {
		return shown
	}
	return h.retentionOf(b)
}

func (h *Handlers) forgetMe(t *turn) error {
	if t.branch.SecretaryID == t.userID || (t.member != nil && t.member.Role == orglife.RoleSecretary) {
		return h.say(t.ctx, t.chatID, msgForgetSecretary.In(t.lang))
	}
	// The member agrees to what the prompt says, even if the secretary changes the setting
	// before they press.
	return h.startFlow(t, h.flows[flowForget], t.branch.ID, answers{keyRetention: string(h.retentionOf(t.branch))})
}

func (h *Handlers) finishForget(t *turn, a answers) error {
	x := answersAs[forgetAnswers](a)
	if x.Confirm != "yes" {
		return h.conclude(t, msgStaleButton.In(t.lang))
	}
	b, err := h.records.Branch(t.ctx, t.sess.Branch)
	if err != nil {
		return err
	}
	ret := h.agreedRetention(&b, x.Retention)
	// Who they were and what they owned, read before the records forget them.
	me, isMember, err := h.records.Member(t.ctx, b.ID, t.userID)
	if err != nil {
		return err
	}
	items, err := h.ownOpenItems(t, b.ID, t.userID)
	if err != nil {
		return err
	}
	if err := h.records.Forget(t.ctx, b.ID, t.userID, ret == orglife.RetentionRemove); err != nil {
		return err
	}
	h.syncMenu(t.ctx, t.userID)
	if isMember {
		h.tellSecretaryOfLeaver(t, b, me.Name, ret, items)
	}
	return h.conclude(t, fmt.Sprintf(msgForgotten.In(t.lang), quote(b.Name)))
}

// ownOpenItems are the open rectification items of every meeting of the branch that user
// owns: after /forgetme they have no owner until the secretary gives them one (/reassign).
func (h *Handlers) ownOpenItems(t *turn, branchID string, user int64) ([]orglife.RectItem, error) {
	items, err := h.branchOpenItems(t, branchID)
	if err != nil {
		return nil, fmt.Errorf("open items of %d: %w", user, err)
	}
	return slices.DeleteFunc(items, func(it orglife.RectItem) bool { return it.Owner != user }), nil
}

// forgetMaxItems is how many items a /forgetme message lists; the rest are counted.
const forgetMaxItems = 15

// openItemLines lists items, one a line: number, measure and deadline, an item of a meeting
// other than the current one with its year (as /reassign offers it).
func openItemLines(items []orglife.RectItem, current string, lang orglife.Lang) string {
	lines := make([]string, 0, min(len(items), forgetMaxItems)+1)
	for _, it := range items[:min(len(items), forgetMaxItems)] {
		label := fmt.Sprintf(msgRcItemLabel.In(lang), it.Number, quote(clip(it.Measure, rectLabelClip*2)))
		if it.MeetingID != current {
			label = fmt.Sprintf("%d·%s", it.CreatedAt.Year(), label)
		}
		lines = append(lines, fmt.Sprintf(msgForgetItemLine.In(lang), label, it.Deadline.In(lang)))
	}
	if len(items) > forgetMaxItems {
		lines = append(lines, fmt.Sprintf(msgForgetItemsMore.In(lang), len(items)))
	}
	return strings.Join(lines, "\n")
}

// tellSecretaryOfLeaver tells the secretary that a member left with /forgetme, how their
// records were handled, and which of their items need a new owner.
func (h *Handlers) tellSecretaryOfLeaver(t *turn, b orglife.Branch, name string, ret orglife.Retention, items []orglife.RectItem) {
	h.tell(t, b.SecretaryID, func(lang orglife.Lang) string {
		text := fmt.Sprintf(msgForgetToldSecretary.In(lang), quote(name), quote(b.Name), retentionNames[ret].In(lang))
		if len(items) > 0 {
			text += "\n\n" + fmt.Sprintf(msgForgetItemsToReassign.In(lang), len(items)) + "\n" + openItemLines(items, b.CurrentMeeting, lang)
		}
		return text
	})
}

func (h *Handlers) retention(t *turn) error {
	return h.startFlow(t, h.flows[flowRetention], t.branch.ID, nil)
}

// saveRetention records the branch's choice; a forged value never gets past the buttons.
func (h *Handlers) saveRetention(t *turn, a answers) error {
	ret := answersAs[retentionAnswers](a).Retention
	if !ret.Valid() {
		return h.conclude(t, msgStaleButton.In(t.lang))
	}
	if err := h.records.SetRetention(t.ctx, t.sess.Branch, ret); err != nil {
		return err
	}
	return h.conclude(t, fmt.Sprintf(msgRetentionSet.In(t.lang), retentionNames[ret].In(t.lang)))
}
