package bot

// The words of study (学习研讨, study.go): /study records a session, /mystudy lists them.

// The commands, as the menu and /help describe them.
var (
	descStudy   = Text{ZH: "记录学习研讨", EN: "Record study"}
	descMyStudy = Text{ZH: "我的学习记录", EN: "My study records"}
)

// Recording study and listing it.
var (
	msgStudyAskForm    = Text{ZH: "学习形式：", EN: "How did you study?"}
	msgStudyAskDate    = Text{ZH: "哪天学习的？点按钮，或输入日期（例如 2026-12-20 或 12月20日）：", EN: "On which day? Tap a button or type a date (for example 2026-12-20):"}
	msgStudyAskChannel = Text{ZH: "在哪个平台或渠道学习的？点按钮，或输入名称（可跳过）：", EN: "On which platform or channel? Tap a button or type its name (optional):"}
	msgStudyBadChannel = Text{ZH: "平台名称需要 2 到 40 个字，请重新输入，或点「跳过」。", EN: "The platform's name needs 2 to 40 characters; type it again, or tap Skip."}
	msgStudyChannel    = Text{ZH: "平台：%s", EN: "Platform: %s"}
	msgStudyAskTopic   = Text{ZH: "学习的主题或材料（学了什么内容）：", EN: "The topic or material you studied (what you studied):"}
	msgStudyTopicShort = Text{ZH: "请写明学习的主题或材料（至少 2 个字）。", EN: "Please name the topic or material (at least 2 characters)."}
	msgStudyTopicWords = Text{ZH: "请用文字写明学习的主题或材料：只有表情、数字或符号的内容无法记录。", EN: "Please name the topic or material in words: emoji, numbers or symbols alone cannot be recorded."}
	msgStudyAskHours   = Text{ZH: "学习了多长时间？请输入小时数（例如 2 或 1.5）：", EN: "How many hours? Type a number (for example 2 or 1.5):"}
	msgStudyBadHours   = Text{ZH: "请输入 0.5 到 24 之间的小时数，例如 2 或 1.5。", EN: "Please type a number of hours from 0.5 to 24, for example 2 or 1.5."}
	msgStudyAskNotes   = Text{ZH: "学习心得或笔记要点（可跳过）：", EN: "Your study notes or what you took from it (optional):"}
	msgStudyNotesShort = Text{ZH: "请写具体一些（至少 2 个字），或点「跳过」。", EN: "Please write a little more (at least 2 characters), or tap Skip."}
	msgStudyNotesWords = Text{ZH: "请用文字写下心得，或点「跳过」：只有表情、数字或符号的内容无法记录。", EN: "Please write your notes in words, or tap Skip: emoji, numbers or symbols alone cannot be recorded."}
	msgStudySaved      = Text{ZH: "已记录学习：", EN: "Study recorded:"}
	msgStudyLine       = Text{ZH: "%s　%s　%s 小时", EN: "%s · %s · %s h"}
	msgStudyTopic      = Text{ZH: "主题：%s", EN: "Topic: %s"}
	msgStudyNotes      = Text{ZH: "心得：", EN: "Notes:"}
	msgStudyTotal      = Text{ZH: "本次会议您已记录学习 %d 次，共 %s 小时。/mystudy 可查看。", EN: "You have recorded %d study session(s) for this meeting, %s hours in all. See /mystudy."}
	msgMyStudyHeader   = Text{ZH: "<b>我的学习记录</b>（%d 次，共 %s 小时）", EN: "<b>My study</b> (%d, %s hours in all)"}
	msgMyStudyNone     = Text{ZH: "本次会议您还没有学习记录。发送 /study 记录一次。", EN: "You have no study recorded for this meeting yet. Send /study to record some."}
	msgStudyItemNumber = Text{ZH: "<b>%d.</b> ", EN: "<b>%d.</b> "}
	msgStudyTopicLabel = Text{ZH: "主题：", EN: "Topic:"}
)

// Changing and deleting a study record from /mystudy (study_edit.go).
var (
	msgMyStudyChange     = Text{ZH: "点下方按钮可修改或删除您的学习记录。", EN: "Edit or delete your study records with the buttons below."}
	msgMyStudyChangeLast = Text{ZH: "点下方按钮可修改或删除您最近的 %d 条学习记录。", EN: "Edit or delete your latest %d study records with the buttons below."}
	btnStudyEditN        = Text{ZH: "修改%d", EN: "Edit %d"}
	btnStudyDeleteN      = Text{ZH: "删除%d", EN: "Delete %d"}
	msgStudyAskField     = Text{ZH: "修改这条学习记录：\n%s\n\n要修改哪一项？", EN: "Editing this study record:\n%s\n\nWhich part do you want to change?"}
	msgStudyNow          = Text{ZH: "现在的%s：%s", EN: "%s now: %s"}
	msgStudyNoValue      = Text{ZH: "（无）", EN: "(none)"}
	msgStudyAskNewForm   = Text{ZH: "请选择新的学习形式：", EN: "Choose the new form:"}
	msgStudyAskNewNotes  = Text{ZH: "请输入新的学习心得或笔记要点：", EN: "Type the new notes:"}
	msgStudyNotesNeeded  = Text{ZH: "请写具体一些（至少 2 个字）。", EN: "Please write a little more (at least 2 characters)."}
	msgStudyNotesWordsIn = Text{ZH: "请用文字写下心得：只有表情、数字或符号的内容无法记录。", EN: "Please write your notes in words: emoji, numbers or symbols alone cannot be recorded."}
	msgStudyEdited       = Text{ZH: "已修改学习记录：", EN: "Study record changed:"}
	msgStudyConfirmDel   = Text{ZH: "确定删除这条学习记录吗？删除后不再计入学习情况和报告。\n%s", EN: "Delete this study record? It will no longer count in the study figures or the report.\n%s"}
	btnStudyConfirmDel   = Text{ZH: "确认删除", EN: "Delete"}
	msgStudyDeleted      = Text{ZH: "已删除学习记录：%s", EN: "Study record deleted: %s"}
	msgStudyGone         = Text{ZH: "这条学习记录已删除或不存在。", EN: "This study record has been deleted or no longer exists."}
)

// The parts of a study record the editor offers, as it names them.
var studyFieldNames = map[string]Text{
	studyFieldForm:       {ZH: "学习形式", EN: "Form"},
	studyFieldChannel:    {ZH: "平台", EN: "Platform"},
	studyFieldDate:       {ZH: "日期", EN: "Date"},
	studyFieldTopic:      {ZH: "主题", EN: "Topic"},
	studyFieldHours:      {ZH: "时长", EN: "Hours"},
	studyFieldNotes:      {ZH: "心得", EN: "Notes"},
	studyFieldClearNotes: {ZH: "清空心得", EN: "Remove the notes"},
}
