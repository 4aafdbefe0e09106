package bot

// The words of /minutes (minutes.go): recording the meeting itself — its date, attendance, the
// guiding leader (到会指导的领导) and the four agenda items.

// The command, as the menu and /help describe it.
var descMinutes = Text{ZH: "记录组织生活会会议情况", EN: "Record the meeting itself"}

// The questions of /minutes and the record it saves.
var (
	msgMinutesReplace     = Text{ZH: "本次会议已有记录（%s，实到 %d 人），重新填写将覆盖原记录。\n\n", EN: "The meeting is already recorded (%s, %d attending); recording it again replaces that.\n\n"}
	msgAskMinutesDate     = Text{ZH: "组织生活会在哪天召开？点「今天」或输入日期（例如 2026-12-20）：", EN: "On which day was the meeting held? Tap Today or type a date (for example 2026-12-20):"}
	msgAskAttendanceAll   = Text{ZH: "到会情况：应到 %d 人，默认全部到会。\n如有缺席，点其姓名取消勾选，随后逐一填写缺席原因；确认无误点「全部到会」。", EN: "Attendance: %d in the branch, all ticked as present.\nTap the name of anyone absent to untick them (you will then give each one's reason); if all came, tap All present."}
	msgAskAttendance      = Text{ZH: "到会情况：应到 %d 人，实到 %d 人，缺席 %d 人。\n点姓名可勾选或取消勾选，确认后点「确定」，再逐一填写缺席原因。", EN: "Attendance: %d in the branch, %d present, %d absent.\nTap a name to tick or untick it; then tap OK and give each absentee's reason."}
	msgAskAbsence         = Text{ZH: "缺席原因（%d/%d）：%s 因何缺席？点按钮，或直接输入原因：", EN: "Reason for absence (%d of %d): why was %s absent? Tap a button or type the reason:"}
	msgBadAbsence         = Text{ZH: "缺席原因请写 1 到 %d 个字，或点「跳过」。", EN: "Please give the reason in 1 to %d characters, or tap Skip."}
	msgAbsentBecause      = Text{ZH: "（%s）", EN: " (%s)"}
	msgAskLeaderName      = Text{ZH: "到会指导的领导姓名（可含职务，例如：区委组织部 王某某）；没有可跳过：", EN: "Name of the guiding leader who attended (with their post if you like); skip if none:"}
	msgBadLeaderName      = Text{ZH: "姓名需要 2 到 40 个字，请重新输入，或点「跳过」。", EN: "The name needs 2 to 40 characters; type it again, or tap Skip."}
	msgAskLeaderSpeech    = Text{ZH: "%s 的点评讲话要点，照原话的顺序写，例如“对支部党建工作给予肯定，指出……，提出……”，报告中写作“某某同志对……”（可跳过）：", EN: "Main points of %s's comments, in the order given, for example “recognised the branch's Party-building work, pointed out …, proposed …”; the report writes them as “Comrade … recognised …” (you may skip):"}
	msgAskAgendaNotes     = Text{ZH: "议程 %d：%s\n请输入这一项的记录要点（可跳过）：", EN: "Agenda item %d: %s\nType your notes on it (you may skip):"}
	msgMinutesSaved       = Text{ZH: "已保存会议记录。\n会议日期：%s\n应到 %d 人，实到 %d 人，缺席：%s。\n到会指导的领导：%s\n议程记录：已填写 %d/%d 项。", EN: "The meeting is recorded.\nDate: %s\n%d expected, %d attending; absent: %s.\nGuiding leader: %s\nAgenda notes: %d of %d written."}
	msgMinutesAbsentCount = Text{ZH: "%d 人（人数较多，此处从略）", EN: "%d people (too many to list here)"}
	msgMinutesNobody      = Text{ZH: "无", EN: "none"}
	msgMinutesNotGiven    = Text{ZH: "未填写", EN: "not given"}
	msgMinutesChanged     = Text{ZH: "会议已变更，未保存。请重新发送命令。", EN: "The meeting has changed; nothing was saved. Please send the command again."}
	minutesSep            = Text{ZH: "、", EN: ", "}
	btnAllPresent         = Text{ZH: "全部到会", EN: "All present"}
	btnAttendanceOK       = Text{ZH: "确定", EN: "OK"}
)

// absenceReasonsOffered are the reasons for absence offered as buttons; any other is typed.
var absenceReasonsOffered = []Text{
	{ZH: "病假", EN: "Sick leave"},
	{ZH: "事假", EN: "Personal leave"},
	{ZH: "公差", EN: "Official duty"},
}

// minutesAgenda are the four items of the meeting, in order. The third, the guiding
// leader's comments, is asked for with the leader (msgAskLeaderSpeech), not again here.
var minutesAgenda = [4]Text{
	{ZH: "支部书记代表支部进行对照检查", EN: "The secretary's comparison check for the branch"},
	{ZH: "批评和自我批评", EN: "Criticism and self-criticism"},
	{ZH: "到会指导的领导讲话", EN: "The guiding leader's comments"},
	{ZH: "支部书记作总结发言", EN: "The secretary's summary"},
}
