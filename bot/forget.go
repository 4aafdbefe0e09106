package bot

import (
	"fmt"

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
		{Name: "forgetme", Desc: Text{ZH: "退出支部并删除个人记录", EN: "Leave the branch and erase my records"}, Role: orglife.RoleMember, run: h.forgetMe},
		{Name: "retention", Desc: Text{ZH: "设置党员退出后个人记录的处理方式", EN: "Set what happens to a leaving member's records"}, Role: orglife.RoleSecretary, run: h.retention},
	}
}

var (
	msgForgetSecretary = Text{ZH: "支部书记不能直接退出：请先用 /members 把书记职务交给其他同志。",
		EN: "The secretary cannot leave directly: hand over with /members first."}
	msgAskForgetAnon = Text{ZH: "确定退出 %s 吗？您的个人记录将匿名保留（姓名改为“某同志”），此操作不能撤销。",
		EN: "Leave %s? Your records stay without your name (shown as 某同志). This cannot be undone."}
	msgAskForgetRemove = Text{ZH: "确定退出 %s 吗？您的查摆问题、谈心谈话和学习记录将被删除，此操作不能撤销。",
		EN: "Leave %s? Your points, talks and study records will be deleted. This cannot be undone."}
	msgForgotten = Text{ZH: "已办理：您已退出 %s，个人记录已按支部规定处理。",
		EN: "Done: you have left %s and your records were handled as the branch's policy says."}
	btnForgetConfirm = Text{ZH: "确认退出", EN: "Yes, leave"}

	msgAskRetention = Text{ZH: "党员用 /forgetme 退出支部时，其个人记录现在%s。请选择：",
		EN: "When a member leaves with /forgetme, their records are now %s. Choose:"}
	msgRetentionSet = Text{ZH: "已设置：今后党员退出时，其个人记录%s。", EN: "Done: from now on a leaving member's records are %s."}
	retentionNames  = map[orglife.Retention]Text{
		orglife.RetentionAnonymise: {ZH: "匿名保留（查摆问题、谈心谈话、学习记录保留内容，姓名改为“某同志”）", EN: "kept without the name (points, talks and study keep their text)"},
		orglife.RetentionRemove:    {ZH: "删除（查摆问题、谈心谈话、学习记录一并删除）", EN: "deleted (points, talks and study go)"},
	}
	btnRetentionAnon   = Text{ZH: "匿名保留", EN: "Keep without name"}
	btnRetentionRemove = Text{ZH: "删除", EN: "Delete"}
)

func (h *Handlers) forgetFlows() []*flow {
	return []*flow{{
		name: flowForget, need: orglife.RoleMember,
		questions: []question{{key: "confirm",
			ask: func(t *turn, a answers) string {
				prompt := msgAskForgetAnon
				if h.agreedRetention(t.branch, a) == orglife.RetentionRemove {
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
		name: flowRetention, need: orglife.RoleSecretary,
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

// retentionOf is what /forgetme does in branch b.
func (h *Handlers) retentionOf(b *orglife.Branch) orglife.Retention {
	if b == nil {
		return h.opts.Retention
	}
	return b.RetentionOr(h.opts.Retention)
}

// agreedRetention is the setting a member's /forgetme prompt showed; a session from before
// the setting was kept in it takes branch b's.
func (h *Handlers) agreedRetention(b *orglife.Branch, a answers) orglife.Retention {
	if ret := orglife.Retention(a[keyRetention]); ret.Valid() {
		return ret
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
	if a["confirm"] != "yes" {
		return h.conclude(t, msgStaleButton.In(t.lang))
	}
	b, err := h.records.Branch(t.ctx, t.sess.Branch)
	if err != nil {
		return err
	}
	if err := h.records.Forget(t.ctx, b.ID, t.userID, h.agreedRetention(&b, a) == orglife.RetentionRemove); err != nil {
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
	ret := orglife.Retention(a[keyRetention])
	if !ret.Valid() {
		return h.conclude(t, msgStaleButton.In(t.lang))
	}
	if err := h.records.SetRetention(t.ctx, t.sess.Branch, ret); err != nil {
		return err
	}
	return h.conclude(t, fmt.Sprintf(msgRetentionSet.In(t.lang), retentionNames[ret].In(t.lang)))
}
