package bot

// The words of the meeting's time and place, the deadlines laid out anew, and the notices
// of the meeting day and of a moved deadline (meetingnotice.go).
var (
	msgAskWhenWhere = Text{ZH: "会议几点开、在哪里开？请输入时间和地点（例如：14:30 三楼会议室，也可只填一项）；未定可跳过：",
		EN: "When and where is it held? Type the time and the place (for example: 14:30 Room 301; either alone is fine); skip if not settled:"}
	msgBadWhenWhere = Text{ZH: "时间请写成 14:30 这样，地点不超过 60 个字，请重新输入。",
		EN: "Write the time like 14:30, and the place in at most 60 characters; please type it again."}
	msgWhenWhereTime  = Text{ZH: "时间：%s %s", EN: "Time: %s %s"}
	msgWhenWherePlace = Text{ZH: "地点：%s", EN: "Place: %s"}
	msgWhenWhereSep   = Text{ZH: "，", EN: "; "}

	msgAskRespread = Text{ZH: "以下步骤的时限已过或不在工作日：\n%s\n\n「按今天重新推算」：各步骤按原顺序在今天到会议日之间均匀排开，都放在工作日；「保留」：按原时限创建，以后可用 /deadline 修改。",
		EN: "These step deadlines are past or not on a working day:\n%s\n\nRecompute from today: the steps, in their order, spread evenly between today and the meeting, each on a working day. Keep: set up with these deadlines (/deadline changes them later)."}
	msgRespreadPast    = Text{ZH: "· %s — %s（已过）", EN: "· %s — %s (past)"}
	msgRespreadDayOff  = Text{ZH: "· %s — %s（非工作日）", EN: "· %s — %s (not a working day)"}
	btnRespread        = Text{ZH: "按今天重新推算", EN: "Recompute from today"}
	btnKeepDeadlines   = Text{ZH: "保留", EN: "Keep"}
	msgAskShiftSteps   = Text{ZH: "会议日期改为 %s（%+d 天）。各步骤时限是否随之顺延？", EN: "The meeting moves to %s (%+d days). Move the step deadlines with it?"}
	btnShiftSteps      = Text{ZH: "步骤时限随之顺延", EN: "Move the deadlines too"}
	msgMeetingMovedAll = Text{ZH: "会议日期已改为 %s，各步骤时限已随之顺延（遇非工作日提前到前一个工作日）：\n\n%s", EN: "The meeting is now on %s, and the step deadlines moved with it (a day off moved to the working day before):\n\n%s"}

	msgMeetingTomorrow = Text{ZH: "【会议提醒】明天（%[2]s）召开 <b>%[1]s</b>。", EN: "[Meeting] <b>%[1]s</b> is tomorrow (%[2]s)."}
	msgMeetingToday    = Text{ZH: "【会议提醒】今天（%[2]s）召开 <b>%[1]s</b>。", EN: "[Meeting] <b>%[1]s</b> is today (%[2]s)."}
	msgMeetingSoon     = Text{ZH: "【会议提醒】%[2]s 召开 <b>%[1]s</b>。", EN: "[Meeting] <b>%[1]s</b> is on %[2]s."}
	msgMeetingNoWhere  = Text{ZH: "时间、地点另行通知。", EN: "The time and place will be told."}
	msgMeetingAttend   = Text{ZH: "请准时参加；不能参加请向支部书记请假。", EN: "Please be on time; tell the secretary if you cannot come."}

	msgDeadlinesMoved = Text{ZH: "【时限调整】<b>%[1]s</b> 改于 %[2]s 召开，会前准备的时限随之调整，请按新时限完成：",
		EN: "[Deadlines] <b>%[1]s</b> is now on %[2]s and the preparation deadlines moved with it; please finish by the new dates:"}
	msgDeadlineMoved = Text{ZH: "【时限调整】<b>%[2]s</b> 的「%[1]s」时限改为 %[3]s，请于%[3]s前完成。",
		EN: "[Deadline] %[1]s of <b>%[2]s</b> is now due %[3]s; please finish it by then."}
)
