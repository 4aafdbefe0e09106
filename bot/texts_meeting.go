package bot

// The words of the meeting and its preparation (meeting.go): /newmeeting, the schedule of
// the preparation steps (会前准备) with their deadlines (时限) and responsible persons (责任人),
// /deadline, /adopt (the 实施方案 adopted by the committee) and /meetings.

// The commands, as the menu and /help describe them.
var (
	descNewMeeting  = Text{ZH: "创建专题组织生活会", EN: "Set up a meeting"}
	descSchedule    = Text{ZH: "会前准备进度", EN: "Preparation schedule"}
	descDeadline    = Text{ZH: "修改某一步的时限", EN: "Change a deadline"}
	descAdopt       = Text{ZH: "登记实施方案通过（支委会）", EN: "Record the plan as adopted"}
	descMeetingInfo = Text{ZH: "填写会议形式、时间地点、通知名称、主题和方案名称", EN: "Form, time and place, notice, theme and plan title"}
	descMeetings    = Text{ZH: "历次组织生活会", EN: "All meetings"}
)

// Setting up the meeting, its schedule and deadlines, the adopted plan and the list of meetings.
var (
	msgNoMeeting         = Text{ZH: "支部还没有创建专题组织生活会。支部书记可发送 /newmeeting 创建。", EN: "The branch has no meeting yet. The secretary can set one up with /newmeeting."}
	msgAskMeetingTitle   = Text{ZH: "请输入会议名称（例如：2026年度专题组织生活会）：", EN: "Title of the meeting (for example: 2026 organisational-life meeting):"}
	msgBadTitle          = Text{ZH: "名称需要 4 到 60 个字，请重新输入。", EN: "The title needs 4 to 60 characters; please type it again."}
	msgAskMeetingDate    = Text{ZH: "请输入会议日期（例如 2026-12-20 或 12月20日）：", EN: "Date of the meeting (for example 2026-12-20):"}
	msgAskMeetingForm    = Text{ZH: "会议以什么形式召开？", EN: "In what form is the meeting held?"}
	msgAskMeetingDetails = Text{ZH: "报告开头要写明上级通知名称、主题和总要求，会前准备要写明实施方案名称。现在填写，还是跳过（报告中将标注【待补充】，以后可用 /meetinginfo 填写）？手头有通知的，也可直接发送通知名称。", EN: "The report names the superior's notice, the theme and its overall requirement, and its preparation section the implementation plan. Give them now (or just send the notice's title), or skip (the report marks them as to be completed; /meetinginfo gives them later)?"}
	btnFillDetails       = Text{ZH: "现在填写", EN: "Give them now"}
	msgAskNotice         = Text{ZH: "上级通知的名称（不含书名号，例如：关于开好2026年度专题组织生活会的通知）；没有可跳过：", EN: "Title of the superior's notice (without quotation marks); skip if none:"}
	msgAskTheme          = Text{ZH: "会议主题（例如：学习贯彻习近平新时代中国特色社会主义思想）；没有可跳过：", EN: "The meeting's theme; skip if none:"}
	msgAskRequirement    = Text{ZH: "总要求（例如：学思想、强党性、重实践、建新功）；没有可跳过：", EN: "The overall requirement (总要求); skip if none:"}
	msgAskPlanTitle      = Text{ZH: "实施方案的名称（不含书名号，例如：关于召开2026年度专题组织生活会的实施方案）；没有可跳过：", EN: "Title of the implementation plan (without quotation marks); skip if none:"}
	msgBadNotice         = Text{ZH: "通知名称需要 4 到 100 个字，请重新输入。", EN: "The notice's title needs 4 to 100 characters; please type it again."}
	msgBadTheme          = Text{ZH: "需要 2 到 100 个字，请重新输入。", EN: "It needs 2 to 100 characters; please type it again."}
	msgBadPlanTitle      = Text{ZH: "方案名称需要 4 到 100 个字，请重新输入。", EN: "The plan's title needs 4 to 100 characters; please type it again."}
	msgInfoNow           = Text{ZH: "现在是：%s\n", EN: "Now: %s\n"}
	msgInfoSaved         = Text{ZH: "已更新 <b>%s</b> 的会议信息，报告将据此填写。", EN: "Updated <b>%s</b>; the report will use it."}
	msgDateInPast        = Text{ZH: "会议日期不能早于今天，请重新输入。", EN: "The meeting cannot be in the past; please type another date."}
	msgMeetingCreated    = Text{ZH: "已创建 <b>%s</b>，会议日期 %s。各步骤时限如下，/deadline 可修改：\n\n%s", EN: "Set up <b>%s</b> on %s. The deadlines are below; /deadline changes them.\n\n%s"}
	msgScheduleHeader    = Text{ZH: "<b>%s</b>（会议日期 %s）", EN: "<b>%s</b> (meeting on %s)"}
	msgStepLine          = Text{ZH: "%s %s — 时限 %s，责任人：%s，完成 %d/%d", EN: "%s %s — due %s, by %s, done %d/%d"}
	msgStepAdopted       = Text{ZH: "（%s 支委会通过）", EN: " (adopted %s)"}
	msgAskStep           = Text{ZH: "修改哪一步的时限？", EN: "Which step's deadline?"}
	msgAskNewDeadline    = Text{ZH: "%s 现在的时限是 %s。请输入新的时限日期：", EN: "%s is due %s. Type the new deadline:"}
	msgDeadlineAfter     = Text{ZH: "时限不能晚于会议日期 %s，请重新输入。", EN: "A deadline cannot be after the meeting (%s); please type another date."}
	msgDeadlineChanged   = Text{ZH: "%s 的时限已改为 %s。", EN: "%s is now due %s."}
	msgAskAdoptDate      = Text{ZH: "实施方案在哪天的支委会上通过？点按钮或输入日期：", EN: "On which day did the committee adopt the plan? Tap or type a date:"}
	msgPlanAdopted       = Text{ZH: "已登记：实施方案于 %s 经支委会通过。", EN: "Recorded: the plan was adopted on %s."}
	msgMeetingsHeader    = Text{ZH: "<b>%s</b> 的组织生活会（点名称查看当时的准备进度）：", EN: "Meetings of <b>%s</b> (tap one to see its preparation):"}
	msgMeetingLine       = Text{ZH: "%s — %s%s", EN: "%s — %s%s"}
	msgCurrentMark       = Text{ZH: "（当前）", EN: " (current)"}
	msgMeetingDateSet    = Text{ZH: "会议日期已改为 %s；各步骤时限未变，可用 /deadline 调整。", EN: "The meeting is now on %s; step deadlines are unchanged (adjust them with /deadline)."}
	btnMeetingDate       = Text{ZH: "会议日期", EN: "Meeting date"}
	msgAskNewMeetingDay  = Text{ZH: "会议现在定于 %s。请输入新的会议日期：", EN: "The meeting is on %s. Type the new date:"}
	responsibleSecretar  = Text{ZH: "支部书记", EN: "the secretary"}
	responsibleAll       = Text{ZH: "全体党员", EN: "every member"}

	// /meetings: a meeting held gives the secretary its documents.
	msgMeetingsDocuments = Text{ZH: "\n已召开的会议可点「报告」「台账」取得当时的报告草稿和整改台账（Word）。",
		EN: "\nFor a meeting held, “Report” and “Ledger” send its draft report and rectification ledger (Word)."}
	btnMeetingReport = Text{ZH: "报告", EN: "Report"}
	btnMeetingLedger = Text{ZH: "台账", EN: "Ledger"}
)

// The calendar file (calendar.go): /schedule's button and the events' words.
var (
	btnCalendar            = Text{ZH: "导出到日历（.ics）", EN: "Add to calendar (.ics)"}
	msgCalendarCaption     = Text{ZH: "<b>%s</b> 的日历：用手机打开此文件即可导入各步骤时限（前一天 9:00 提醒）和会议。时限调整后再导出一次，日历中的事项会随之更新。", EN: "The calendar of <b>%s</b>: open this file on your phone to import the deadlines (with a reminder at 9:00 the day before) and the meeting. Export it again after a deadline moves and the events are updated."}
	msgCalendarDeadline    = Text{ZH: "%s截止（%s）", EN: "%s due (%s)"}
	msgCalendarResponsible = Text{ZH: "责任人：%s", EN: "By %s"}
)
