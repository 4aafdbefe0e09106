package bot

import "orglife"

// The words of leaving a branch (forget.go): /forgetme and the secretary's /retention setting.

// The commands, as the menu and /help describe them.
var (
	descForgetMe  = Text{ZH: "退出支部并删除个人记录", EN: "Leave the branch and erase my records"}
	descRetention = Text{ZH: "设置党员退出后个人记录的处理方式", EN: "Set what happens to a leaving member's records"}
)

// /forgetme, and the secretary's /retention with the two settings.
var (
	msgForgetSecretary = Text{ZH: "支部书记不能直接退出：请先用 /members 把书记职务交给其他同志。",
		EN: "The secretary cannot leave directly: hand over with /members first."}
	msgAskForgetAnon = Text{ZH: "确定退出 %s 吗？您的个人记录将匿名保留（姓名改为“某同志”），此操作不能撤销。",
		EN: "Leave %s? Your records stay without your name (shown as “a member”, 某同志 in the Chinese documents). This cannot be undone."}
	msgAskForgetRemove = Text{ZH: "确定退出 %s 吗？您的查摆问题、谈心谈话和学习记录将被删除，此操作不能撤销。",
		EN: "Leave %s? Your points, talks and study records will be deleted. This cannot be undone."}
	msgForgotten = Text{ZH: "已办理：您已退出 %s，个人记录已按支部规定处理。",
		EN: "Done: you have left %s and your records were handled as the branch's policy says."}
	btnForgetConfirm = Text{ZH: "确认退出", EN: "Yes, leave"}
	// The leaving member's open rectification items, in the prompt and in the secretary's notice.
	msgForgetOpenItems = Text{ZH: "您负责的以下 %d 项整改事项尚未销号，退出后将由支部书记另行指定责任人：",
		EN: "You own these %d open rectification items; once you leave, the secretary will give them a new owner:"}
	msgForgetItemLine  = Text{ZH: "· %s（时限 %s）", EN: "· %s (due %s)"}
	msgForgetItemsMore = Text{ZH: "……共 %d 项", EN: "… %d in all"}
	// The secretary learns that a member left, and what needs a new owner.
	msgForgetToldSecretary = Text{ZH: "%s 已用 /forgetme 退出 %s，其个人记录已%s。",
		EN: "%s left %s with /forgetme; their records were %s."}
	msgForgetItemsToReassign = Text{ZH: "其负责的以下 %d 项整改事项尚未销号，现在没有责任人，请发送 /reassign 指定新的责任人：",
		EN: "These %d open rectification items were theirs and have no owner now; send /reassign to give each a new owner:"}

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
