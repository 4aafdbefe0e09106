package bot

// The words of leave and nudges (leave.go): /leave pauses a member's reminders (请假), /remind
// nudges those behind on a step.

// The commands, as the menu and /help describe them.
var (
	descLeave  = Text{ZH: "登记请假（暂停提醒）", EN: "Leave: pause reminders"}
	descRemind = Text{ZH: "提醒未完成的同志", EN: "Nudge those behind"}
)

// /leave and /remind.
var (
	msgAskLeaveWho    = Text{ZH: "为谁登记请假？", EN: "Whose leave?"}
	msgAskLeaveAction = Text{ZH: "请假期间不会收到提醒。要做什么？", EN: "No reminders reach a person on leave. What would you like to do?"}
	msgAskLeaveFrom   = Text{ZH: "请假从哪天开始？点按钮或输入日期：", EN: "Leave from which day? Tap or type a date:"}
	msgAskLeaveTo     = Text{ZH: "到哪天结束（含这一天）？", EN: "Until which day (inclusive)?"}
	msgLeaveToBefore  = Text{ZH: "结束日期不能早于开始日期 %s，请重新输入。", EN: "The last day cannot be before the first (%s); please type another."}
	msgLeaveSaved     = Text{ZH: "已登记 %s 请假：%s 至 %s，期间暂停提醒。", EN: "Leave recorded for %s: %s to %s; reminders pause meanwhile."}
	msgLeaveCleared   = Text{ZH: "已结束 %s 的请假，提醒恢复。", EN: "%s is back; reminders resume."}
	// The same, said to the person on leave themself.
	msgLeaveSavedOwn   = Text{ZH: "已登记您的请假：%s 至 %s，期间暂停提醒。", EN: "Your leave is recorded: %s to %s; reminders pause meanwhile."}
	msgLeaveClearedOwn = Text{ZH: "已结束您的请假，提醒恢复。", EN: "Your leave is ended; reminders resume."}
	msgLeaveByOther    = Text{ZH: "支部书记为您登记了请假：%s 至 %s，期间暂停提醒。", EN: "The branch secretary recorded your leave: %s to %s; reminders pause meanwhile."}
	btnLeaveSelf       = Text{ZH: "本人", EN: "Myself"}
	btnLeaveSet        = Text{ZH: "登记请假", EN: "Record leave"}
	btnLeaveClear      = Text{ZH: "结束请假", EN: "End leave"}
	// A member's own leave, told to the secretary.
	msgLeaveToSecretary = Text{ZH: "%s 登记了请假：%s 至 %s，期间暂停提醒。", EN: "%s recorded leave: %s to %s; reminders to them pause meanwhile."}
	// /leave's first question begins with the leave on record now or ahead: the asker's own
	// for a member, everyone's for the secretary.
	msgLeaveOwnNow   = Text{ZH: "您已登记请假：%s 至 %s。", EN: "Your leave on record: %s to %s."}
	msgLeaveAllNow   = Text{ZH: "当前请假：%s", EN: "On leave: %s"}
	msgLeaveNowEntry = Text{ZH: "%s %s–%s", EN: "%s %s–%s"}
	// A day of this year, short: its month and day.
	msgLeaveMonthDay = Text{ZH: "%d月%d日", EN: "%02d-%02d"}
	msgAskRemindStep = Text{ZH: "提醒哪一步未完成的同志？", EN: "Nudge those behind on which step?"}
	msgRemindNobody  = Text{ZH: "各步骤都已完成，没有需要提醒的人。", EN: "Every step is done; nobody to nudge."}
	msgRemindQueued  = Text{ZH: "已提醒%s未完成的 %d 人：%s。请假的同志不提醒。", EN: "Nudging the %[2]d behind on %[1]s: %[3]s. Those on leave are left out."}
	msgRemindAfter   = Text{ZH: "会议已于 %s 召开，会前各步骤不再提醒；目前没有需要提醒的整改事项。整改的“回头看”提醒由系统按期发送。", EN: "The meeting was held on %s; its preparation steps are no longer nudged, and no rectification item needs a nudge now. Look-backs are sent on schedule."}
	msgStepBehind    = Text{ZH: "%s（%d 人未完成）", EN: "%s (%d behind)"}
	// After the meeting /remind nudges owners of open rectification items.
	msgAskRemindItem     = Text{ZH: "会议已召开。提醒哪项整改的责任人汇报进展？", EN: "The meeting was held. Nudge the owner of which rectification item?"}
	msgRemindItemOption  = Text{ZH: "第%d项 %s（%s）", EN: "#%d %s (%s)"}
	msgRemindAllItems    = Text{ZH: "全部未完成的整改（%d 项）", EN: "All open items (%d)"}
	msgRemindItemsQueued = Text{ZH: "已提醒 %d 项整改的责任人汇报进展：%s。请假的同志不提醒。", EN: "Nudged the owners of %d items to report progress: %s. Those on leave are left out."}
)
