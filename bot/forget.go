package bot

import (
	"fmt"
	"reflect"

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
				name := ""
				if t.branch != nil {
					name = t.branch.Name
				}
				return fmt.Sprintf(prompt.In(t.lang), quote(name))
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
	remove := h.agreedRetention(&b, x.Retention) == orglife.RetentionRemove
	if err := h.records.Forget(t.ctx, b.ID, t.userID, remove); err != nil {
		return err
	}
	h.syncMenu(t.ctx, t.userID)
	return h.conclude(t, fmt.Sprintf(msgForgotten.In(t.lang), quote(b.Name)))
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
