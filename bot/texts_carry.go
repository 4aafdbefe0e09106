package bot

// The words of carrying the previous meeting's rectification forward (carry.go, after
// /newmeeting).
var (
	msgCarryHead = Text{
		ZH: "<b>上次组织生活会的整改</b>（%s）：支部班子问题 %d 条，整改事项 %d 项，已销号 %d 项，尚有 %d 项未销号：",
		EN: "<b>Rectification of the previous meeting</b> (%s): %d branch problems, %d items, %d closed, %d still open:",
	}
	msgCarryItem       = Text{ZH: "· 第 %d 项 %s（%s；责任人：%s；时限 %s）", EN: "· Item %d %s (%s; owner: %s; due %s)"}
	msgCarryMore       = Text{ZH: "……另有 %d 项，见该次会议的整改台账（/meetings）。", EN: "… and %d more, in that meeting's ledger (/meetings)."}
	msgCarryNoDeadline = Text{ZH: "未定", EN: "not set"}
	msgCarryAsk        = Text{
		ZH: "是否继续跟进这些事项？「继续跟进」照常发送回头看和到期提醒；「不再提醒」停止提醒，事项仍在台账中保持未销号。新会议报告的“整改落实”部分会写明它们的整改情况。",
		EN: "Keep chasing these items? “Keep chasing” goes on with the look-back and deadline reminders; “Stop reminders” stops them, and the items stay open in the ledger. The new meeting's report states how they stand under rectification.",
	}
	btnCarryChase   = Text{ZH: "继续跟进", EN: "Keep chasing"}
	btnCarryQuiet   = Text{ZH: "不再提醒", EN: "Stop reminders"}
	msgCarryChased  = Text{ZH: "已选择继续跟进：上次会议（%[2]s）未销号的 %[1]d 项整改照常提醒回头看和到期。", EN: "Keeping on: the %[1]d open items of the previous meeting (%[2]s) keep their look-back and deadline reminders."}
	msgCarryQuieted = Text{ZH: "已选择不再提醒：上次会议（%[2]s）未销号的 %[1]d 项整改不再发送提醒，仍在台账中保持未销号。", EN: "Reminders stopped: the %[1]d open items of the previous meeting (%[2]s) get no more reminders and stay open in the ledger."}
)
