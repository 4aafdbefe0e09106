package bot

// The words of the step reminders (reminders.go) and the secretary's daily digest (digest.go); the
// rectification follow-ups are in texts_rectify.go.

// A step's reminder, the secretary's nudge and the daily digest.
var (
	// A reminder opens with msgRemindTag, a nudge with msgNudge instead (one tag, never both).
	msgRemindTag = Text{ZH: "【提醒】", EN: "[Reminder] "}
	// A step's reminder: the step, the meeting, the deadline, how near it is (msgRemindDaysLeft…).
	msgRemindStep = Text{ZH: "请于%[3]s前完成<b>%[1]s</b>（%[2]s），%[4]s。",
		EN: "Please finish <b>%[1]s</b> (%[2]s) by %[3]s, %[4]s."}
	msgRemindStepToday = Text{ZH: "<b>%[1]s</b>（%[2]s）%[4]s（%[3]s），请于今天完成。",
		EN: "<b>%[1]s</b> (%[2]s) is due %[4]s (%[3]s); please finish it today."}
	msgRemindStepOverdue = Text{ZH: "<b>%[1]s</b>（%[2]s）的时限是%[3]s，%[4]s，请尽快完成。",
		EN: "<b>%[1]s</b> (%[2]s) was due %[3]s, %[4]s; please finish it soon."}
	msgRemindDaysLeft  = Text{ZH: "还有 %d 天", EN: "in %d days"}
	msgRemindToday     = Text{ZH: "今天截止", EN: "today"}
	msgRemindOverdue   = Text{ZH: "已逾期 %d 天", EN: "%d days ago"}
	msgRemindTalksLeft = Text{ZH: "还需要谈心谈话的对象：%s", EN: "Still to talk with: %s"}
	msgRemindTalksMore = Text{ZH: "还需要再与 %d 人谈话。", EN: "Talk with %d more people."}
	// What of the talks is still the person's, a line each (talkDetails): whom to talk with
	// or how many more, records to record again, records to answer; and, as a note only,
	// their records that wait for the other member.
	msgRemindTalksDisputed = Text{ZH: "%s 对您记录的谈心谈话有出入，请与其核对后修改（/mytalks），对方重新确认后计入。",
		EN: "%s said your record of your talk is not quite right: please check it with them and edit it (/mytalks); it counts once they confirm it."}
	msgRemindTalksConfirm = Text{ZH: "请确认 %s 记录的与您的谈心谈话（/mytalks）。",
		EN: "Please answer the record %s made of your talk (/mytalks)."}
	msgRemindTalksAwaiting   = Text{ZH: "与 %s 的谈话记录待对方确认。", EN: "Your record of your talk with %s awaits their confirmation."}
	msgRemindTalksCorrecting = Text{ZH: "与 %s 的谈话记录有出入，待对方核对修改。", EN: "The record of your talk with %s is not quite right; they are to check and correct it."}
	btnAnswerTalks           = Text{ZH: "去确认", EN: "Answer now"}
	btnAnswerTalksBare       = Text{ZH: "确认谈心谈话记录", EN: "Answer talk records"}
	btnFixTalks              = Text{ZH: "去修改", EN: "Correct now"}
	btnFixTalksBare          = Text{ZH: "修改谈心谈话记录", EN: "Correct talk records"}
	msgNudge                 = Text{ZH: "【支部书记提醒】", EN: "[From your branch secretary] "}
	btnFillNow               = Text{ZH: "现在填写", EN: "Do it now"}
	msgGoMeetingEnded        = Text{ZH: "该会议（%s）已结束，无需再填写。", EN: "That meeting (%s) is over; nothing more to fill in for it."} // a 现在填写 pressed too late
	msgDigestHeader          = Text{ZH: "【每日进度】<b>%s</b>（会议日期 %s）", EN: "[Daily progress] <b>%s</b> (meeting on %s)"}
	msgDigestStep            = Text{ZH: "%s：完成 %d/%d，时限 %s", EN: "%s: done %d/%d, due %s"}
	msgDigestBehind          = Text{ZH: "  未完成：%s", EN: "  behind: %s"}
	msgDigestWaiting         = Text{ZH: "  待谈话对方处理：%s", EN: "  waiting on their talk partner: %s"}
)

// The digest: overdue steps and what happened since the last one (bot/digest.go).
var (
	// After a step's line, while someone still owes it past its deadline.
	msgDigestOverdue    = Text{ZH: "【已逾期%d天】", EN: " [overdue by %d days]"}
	msgDigestSince      = Text{ZH: "自上次摘要以来：", EN: "Since the last digest:"}
	msgDigestSinceSetUp = Text{ZH: "会议安排以来：", EN: "Since the meeting was set up:"}
	msgDigestNewPoints  = Text{ZH: "  新增查摆问题 %d 条", EN: "  %d new points"}
	msgDigestNewTalks   = Text{ZH: "  新增谈心谈话记录 %d 条", EN: "  %d new talk records"}
	// The count, then the talks: msgDigestDisputePair each (who recorded it, with whom).
	msgDigestDisputes    = Text{ZH: "  谈话记录有出入 %d 条：%s", EN: "  %d talk records disputed: %s"}
	msgDigestDisputePair = Text{ZH: "%s 与 %s", EN: "%s with %s"}
	// Items reported done since, then all that wait for the secretary's 销号.
	msgDigestReported = Text{ZH: "  整改事项报完成、待销号 %d 项（共 %d 项待您销号）",
		EN: "  %d rectification items reported done (%d in all await your sign-off)"}
	msgDigestLeaves   = Text{ZH: "  请假：%s", EN: "  Leave: %s"}
	msgDigestLeaveOne = Text{ZH: "%s（%s至%s）", EN: "%s (%s to %s)"}
	// Sent for a near deadline with nothing new: said in one line.
	msgDigestQuiet = Text{ZH: "自上次摘要以来没有新的变化。", EN: "Nothing new since the last digest."}
	// 「发给支委」: the button, the committee's copy, the answer to the secretary.
	btnDigestShare      = Text{ZH: "发给支委", EN: "Send to the committee"}
	msgDigestSharedTag  = Text{ZH: "（支部书记转发）", EN: " (from the branch secretary)"}
	msgDigestShared     = Text{ZH: "已发给 %d 位支委。", EN: "Sent to %d committee members."}
	msgDigestSharedNone = Text{ZH: "没有可以发送的支委（没有支委，或都在请假）。", EN: "No committee member to send it to (none, or all on leave)."}
)

// Several reminders due together, as one message.
var msgTogetherHeader = Text{ZH: "【提醒】您有 %d 项需要办理：", EN: "[Reminder] %d things for you to do:"}

// 「明天提醒我」 beside a reminder's button, and what pressing it answers.
var (
	btnSnooze        = Text{ZH: "明天提醒我", EN: "Remind me tomorrow"}
	msgSnoozed       = Text{ZH: "好的，%s %s再提醒您。", EN: "OK, I will remind you again on %s at %s."}
	msgSnoozeDone    = Text{ZH: "这一项已经完成，不必再提醒。", EN: "That is done already; no reminder needed."}
	msgSnoozeTooLate = Text{ZH: "明天已过这一项的时限，请今天完成。", EN: "Tomorrow is past its deadline; please finish it today."}
)
