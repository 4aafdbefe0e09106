package bot

// The words of the branch's own calendar (holidays.go): /holidays shows the public holiday
// calendar in use and the days the branch takes off or works on top of it, and changes them.

// The command, as the menu and /help describe it.
var descHolidays = Text{ZH: "节假日：支部另定休息日、工作日", EN: "Holidays: the branch's own days off and working days"}

// /holidays.
var (
	msgHolidaysHead       = Text{ZH: "<b>节假日安排</b>（%s）", EN: "<b>Holidays</b> (%s)"}
	msgHolidaysNational   = Text{ZH: "全国节假日：按国务院办公厅公布的安排（%s），调休上班的周末照常提醒。", EN: "Public holidays: as the State Council published them (%s); make-up working weekends get reminders."}
	msgHolidaysNoNational = Text{ZH: "全国节假日：未启用，只按每周工作日计算。", EN: "Public holidays: none in use; only the working week counts."}
	msgHolidaysYear       = Text{ZH: "%d年", EN: "%d"}
	msgHolidaysOwnOff     = Text{ZH: "本支部休息日：%s", EN: "The branch's own days off: %s"}
	msgHolidaysOwnWorked  = Text{ZH: "本支部工作日：%s", EN: "The branch's own working days: %s"}
	msgHolidaysNone       = Text{ZH: "无", EN: "none"}
	msgHolidaysPast       = Text{ZH: "（已过：%s）", EN: " (past: %s)"}
	msgHolidaysMore       = Text{ZH: "等，另有 %d 段", EN: " and %d more"}
	msgHolidaysRule       = Text{ZH: "本支部另定的日子优先于全国安排：休息日不发提醒，截止日逢休息日的提醒提前到前一个工作日；工作日照常发提醒。", EN: "The branch's own days come before the public calendar: no reminders on its days off (a deadline on one is reminded the working day before); reminders as usual on its working days."}
	msgAskHolidaysAction  = Text{ZH: "要做什么？", EN: "What would you like to do?"}
	btnAddDaysOff         = Text{ZH: "加休息日", EN: "Add days off"}
	btnAddDaysWorked      = Text{ZH: "加工作日", EN: "Add working days"}
	btnRemoveOwnDays      = Text{ZH: "删除", EN: "Remove"}
	msgAskDaysOff         = Text{ZH: "本支部哪天休息？请输入日期，例如 2026-12-24、12月24日 或 12-24；连续几天请输入首尾两天，例如 12-24/12-26（一次最多 %d 天）。", EN: "Which day does the branch take off? Type a date such as 2026-12-24 or 12-24; for several days in a row, the first and the last, such as 12-24/12-26 (%d days at most)."}
	msgAskDaysWorked      = Text{ZH: "本支部哪天上班？请输入日期，例如 2026-12-26、12月26日 或 12-26；连续几天请输入首尾两天，例如 12-26/12-27（一次最多 %d 天）。", EN: "Which day does the branch work? Type a date such as 2026-12-26 or 12-26; for several days in a row, the first and the last, such as 12-26/12-27 (%d days at most)."}
	msgAskRemoveOwnDays   = Text{ZH: "删除哪一项？删除后这些日子按全国安排计算。", EN: "Remove which? The public calendar decides those days again."}
	lblOwnRunOff          = Text{ZH: "休息 %s", EN: "Off %s"}
	lblOwnRunWorked       = Text{ZH: "上班 %s", EN: "Working %s"}
	msgOwnRunRange        = Text{ZH: "%s至%s", EN: "%s to %s"}
	// msgOwnDaysBad's examples start today (ownDaysCheck): a day, and a run of three days.
	msgOwnDaysBad         = Text{ZH: "日期格式不正确，例如 %s；连续几天请输入首尾两天，例如 %s。", EN: "That date is not in a form I can read; type it like %s, or for several days in a row the first and the last, such as %s."}
	msgOwnDaysPast        = Text{ZH: "%s 已经过去，只能另定今天及以后的日子，请重新输入。", EN: "%s has passed; only today and later days can be set. Please type another."}
	msgOwnDaysBackwards   = Text{ZH: "最后一天早于第一天，请重新输入。", EN: "The last day is before the first; please type again."}
	msgOwnDaysTooLong     = Text{ZH: "一次最多 %d 天，请分几次输入。", EN: "%d days at most at a time; please add them in parts."}
	msgOwnDaysFull        = Text{ZH: "本支部另定的日子已达上限（%d 天），请先删除一些。", EN: "The branch has as many days of its own as it may (%d); please remove some first."}
	msgOwnDaysOffSaved    = Text{ZH: "已定：%s 本支部休息，不发提醒。提醒已重新安排。", EN: "Done: the branch is off on %s; no reminders then. Reminders were planned anew."}
	msgOwnDaysWorkedSaved = Text{ZH: "已定：%s 本支部上班，照常发提醒。提醒已重新安排。", EN: "Done: the branch works on %s; reminders as usual. Reminders were planned anew."}
	msgOwnDaysRemoved     = Text{ZH: "已删除：%s 按全国安排计算。提醒已重新安排。", EN: "Removed: the public calendar decides %s again. Reminders were planned anew."}
)

// weekdayNames are the days of the week, by time.Weekday, as a date's note.
var weekdayNames = [7]Text{
	{ZH: "（周日）", EN: " (Sun)"}, {ZH: "（周一）", EN: " (Mon)"}, {ZH: "（周二）", EN: " (Tue)"}, {ZH: "（周三）", EN: " (Wed)"},
	{ZH: "（周四）", EN: " (Thu)"}, {ZH: "（周五）", EN: " (Fri)"}, {ZH: "（周六）", EN: " (Sat)"},
}
