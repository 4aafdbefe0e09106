package bot

import (
	"fmt"

	"orglife"
)

// /forgetme lets a member who leaves take their personal answers with them: removed or
// anonymised as branch.retention says, and out of the branch. The secretary hands over first.

const flowForget = "forgetme"

func (h *Handlers) forgetCommands() []Command {
	return []Command{
		{Name: "forgetme", Desc: Text{ZH: "退出支部并删除个人记录", EN: "Leave the branch and erase my records"}, Role: orglife.RoleMember, run: h.forgetMe},
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
)

func (h *Handlers) forgetFlows() []*flow {
	return []*flow{{
		name: flowForget, need: orglife.RoleMember,
		questions: []question{{key: "confirm",
			ask: func(t *turn, _ answers) string {
				prompt := msgAskForgetAnon
				if h.opts.Retention == "remove" {
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
	}}
}

func (h *Handlers) forgetMe(t *turn) error {
	if t.branch.SecretaryID == t.userID || (t.member != nil && t.member.Role == orglife.RoleSecretary) {
		return h.say(t.ctx, t.chatID, msgForgetSecretary.In(t.lang))
	}
	return h.startFlow(t, h.flows[flowForget], t.branch.ID, nil)
}

func (h *Handlers) finishForget(t *turn, a answers) error {
	if a["confirm"] != "yes" {
		return h.stale(t.ctx, t.query, t.lang)
	}
	b, err := h.records.Branch(t.ctx, t.sess.Branch)
	if err != nil {
		return err
	}
	if err := h.records.Forget(t.ctx, b.ID, t.userID, h.opts.Retention == "remove"); err != nil {
		return err
	}
	h.syncMenu(t.ctx, t.userID)
	return h.conclude(t, fmt.Sprintf(msgForgotten.In(t.lang), quote(b.Name)))
}
