package bot

// The words of talks (谈心谈话): /talk records one (talks.go), the other person confirms or
// disputes it (talks_confirm.go), /mytalks lists them.

// The commands, as the menu and /help describe them.
var (
	descTalk    = Text{ZH: "记录谈心谈话", EN: "Record a talk"}
	descMyTalks = Text{ZH: "我的谈心谈话", EN: "My talks"}
)

// Recording a talk, its confirmation by the other person, and /mytalks.
var (
	msgTalkAskWith      = Text{ZH: "和谁进行了谈心谈话？支部以外的人请点「其他人」。", EN: "Whom did you talk with? For someone outside the branch tap Someone else."}
	btnTalkOther        = Text{ZH: "其他人", EN: "Someone else"}
	msgTalkAskWithMarks = Text{ZH: "标「必谈」的是按谈心谈话全覆盖要求您还需要谈的同志。", EN: "Those marked “required” are the people the coverage rules still ask you to talk with."}
	btnTalkRequired     = Text{ZH: "%s（必谈）", EN: "%s (required)"}
	msgTalkAskName      = Text{ZH: "请输入对方的姓名（将用于会议材料）：", EN: "Their name as it should appear in documents:"}
	msgTalkAskDate      = Text{ZH: "哪天谈的？点按钮，或输入日期（例如 2026-12-20 或 12月20日）：", EN: "On which day? Tap a button or type a date (for example 2026-12-20):"}
	msgTalkAskForm      = Text{ZH: "谈话形式：", EN: "How did you talk?"}
	msgTalkAskRaised    = Text{ZH: "您向 <b>%s</b> 提出了哪些意见和建议？请直接输入：", EN: "What did you raise with <b>%s</b>? Type it:"}
	msgTalkAskReceived  = Text{ZH: "<b>%s</b> 向您提出了哪些意见和建议？", EN: "What did <b>%s</b> raise with you?"}
	msgTalkAskSuggest   = Text{ZH: "双方形成了哪些建议或共识？（可跳过）", EN: "Any suggestions you agreed on? (optional)"}
	msgTalkTooShort     = Text{ZH: "请写具体一些（至少 2 个字）。", EN: "Please write a little more (at least 2 characters)."}
	msgTalkWithGone     = Text{ZH: "%s 已不在支部，记录未保存。", EN: "%s is no longer in the branch; the record was not saved."}
	msgTalkSaved        = Text{ZH: "已记录与 <b>%s</b> 的谈心谈话（%s，%s）。", EN: "Recorded your talk with <b>%s</b> (%s, %s)."}
	msgTalkAwaiting     = Text{ZH: "已请 %s 核对确认，确认后计入完成情况，结果会通知您。/mytalks 可查看。", EN: "%s has been asked to confirm it; it counts once confirmed, and you will hear the answer. See /mytalks."}
	msgTalkNoConfirm    = Text{ZH: "对方不使用本助手，无需确认。/mytalks 可查看。", EN: "They do not use this bot, so no confirmation is needed. See /mytalks."}
	msgTalkNotifyFailed = Text{ZH: "暂时无法通知 %s（对方可能还没有打开与我的私聊），请提醒其发送 /mytalks 确认。", EN: "%s could not be notified (perhaps they have not opened a chat with me yet); ask them to confirm under /mytalks."}

	msgTalkNoticeHead   = Text{ZH: "<b>%s</b> 记录了与您的一次谈心谈话，请核对：", EN: "<b>%s</b> recorded a talk with you; please check it:"}
	msgTalkNoticeAsk    = Text{ZH: "内容属实请点「确认」；如有出入请点「有出入」并说明。", EN: "Tap Confirm if it is right, or Not quite to say what differs."}
	btnTalkAgree        = Text{ZH: "确认", EN: "Confirm"}
	btnTalkDispute      = Text{ZH: "有出入", EN: "Not quite"}
	msgTalkYouAgreed    = Text{ZH: "✅ 您已确认这条谈心谈话记录。", EN: "✅ You confirmed this talk record."}
	msgTalkYouAgreedOn  = Text{ZH: "✅ 已确认与 %s 的谈心谈话（%s）。", EN: "✅ Confirmed the talk with %s (%s)."}
	msgTalkYouDisputedN = Text{ZH: "⚠️ 您已反馈这条记录有出入。", EN: "⚠️ You said this record is not quite right."}
	msgTalkAskComment   = Text{ZH: "请说明哪些地方有出入（将转告 %s）：", EN: "What is not right? (%s will be told)"}
	msgTalkYouDisputed  = Text{ZH: "已记录您的说明，并转告 %s：\n<blockquote>%s</blockquote>", EN: "Your comment is recorded and passed on to %s:\n<blockquote>%s</blockquote>"}
	msgTalkHandled      = Text{ZH: "这条记录已经处理过了（%s）。", EN: "This record has already been answered (%s)."}
	msgTalkToldAgreed   = Text{ZH: "<b>%s</b> 已确认您记录的谈心谈话（%s）。", EN: "<b>%s</b> confirmed your record of your talk (%s)."}
	msgTalkToldDisputed = Text{ZH: "<b>%s</b> 认为您记录的谈心谈话（%s）有出入：\n<blockquote>%s</blockquote>\n",
		EN: "<b>%s</b> says your record of your talk (%s) is not quite right:\n<blockquote>%s</blockquote>\n"}
	msgTalkFixNow    = Text{ZH: "请与其核对后点「修改并请对方重新确认」，对方确认后计入完成情况。", EN: "Please check it with them and tap Edit and ask again; it counts once they confirm it."}
	msgTalkFixClosed = Text{ZH: "谈心谈话时限（%s）已过，这条记录不能再修改，不计入完成情况。", EN: "The deadline for talks (%s) has passed: the record can no longer be changed, and it does not count."}
	msgTalkFixInList = Text{ZH: "请与其核对后在 /mytalks 中修改，对方确认后计入完成情况。", EN: "Please check it with them and edit it under /mytalks; it counts once they confirm it."}
	btnTalkFix       = Text{ZH: "修改并请对方重新确认", EN: "Edit and ask again"}

	msgTalkCardDate      = Text{ZH: "日期：%s　形式：%s", EN: "Date: %s · Form: %s"}
	msgTalkCardStatus    = Text{ZH: "状态：%s", EN: "Status: %s"}
	msgTalkCardSaid      = Text{ZH: "<b>%s</b> 向 <b>%s</b> 提出：", EN: "<b>%s</b> raised with <b>%s</b>:"}
	msgTalkCardYouSaid   = Text{ZH: "您向 <b>%s</b> 提出：", EN: "You raised with <b>%s</b>:"}
	msgTalkCardSaidToYou = Text{ZH: "<b>%s</b> 向您提出：", EN: "<b>%s</b> raised with you:"}
	msgTalkCardSuggest   = Text{ZH: "建议：", EN: "Suggestions:"}
	msgTalkCardComment   = Text{ZH: "对方说明：", EN: "Their comment:"}
	msgTalkStatusWait    = Text{ZH: "待确认", EN: "awaiting confirmation"}
	msgTalkStatusOK      = Text{ZH: "已确认", EN: "confirmed"}
	msgTalkStatusDiff    = Text{ZH: "有出入", EN: "disputed"}
	msgTalkStatusOut     = Text{ZH: "无需确认（支部外人员）", EN: "no confirmation needed (outside the branch)"}
	msgTalkStudyResumed  = Text{ZH: "接着上次没写完的记录继续（发送 /cancel 可放弃）。", EN: "Carrying on with the record you left unfinished (/cancel drops it)."}
	msgMyTalksHeader     = Text{ZH: "<b>我的谈心谈话</b>（%d 次）", EN: "<b>My talks</b> (%d)"}
	msgMyTalksNone       = Text{ZH: "本次会议您还没有谈心谈话记录。发送 /talk 记录一次。", EN: "You have no talks recorded for this meeting yet. Send /talk to record one."}
	msgMyTalksItem       = Text{ZH: "<b>%d. 与 %s</b>", EN: "<b>%d. With %s</b>"}
	msgMyTalksByMe       = Text{ZH: "（我记录）", EN: " (recorded by me)"}
	msgMyTalksByOther    = Text{ZH: "（%s 记录）", EN: " (recorded by %s)"}
	msgMyTalksConfirm    = Text{ZH: "有 %d 条记录等待您确认，请点下面的按钮。", EN: "%d record(s) await your confirmation; use the buttons below."}
	btnMyTalksAgree      = Text{ZH: "确认：%s %s", EN: "Confirm: %s %s"}

	btnMyTalksEdit      = Text{ZH: "修改 %d", EN: "Edit %d"}
	btnMyTalksWithdraw  = Text{ZH: "撤回 %d", EN: "Withdraw %d"}
	msgMyTalksFixHint   = Text{ZH: "请与对方核对后点「修改 %d」，修改后会请对方重新确认。", EN: "Check it with them and tap Edit %d; they will be asked to confirm it again."}
	msgMyTalksEditUntil = Text{ZH: "您记录的谈话在 %s 前（含当天）可点「修改」「撤回」；修改后会请对方重新确认。", EN: "Until %s (inclusive) you can edit or withdraw the talks you recorded; after an edit the other person is asked to confirm again."}
	msgMyTalksEditable  = Text{ZH: "您记录的谈话可点「修改」「撤回」；修改后会请对方重新确认。", EN: "You can edit or withdraw the talks you recorded; after an edit the other person is asked to confirm again."}
)

// Changing a talk record: 修改 asks which parts to change, then asks the other person to
// confirm it again; 撤回 takes it back after a confirmation. Both only for the recorder,
// until the 谈心谈话 deadline.
var (
	msgTalkEditAskFields = Text{ZH: "修改与 <b>%s</b> 的谈心谈话记录（%s，%s）。要修改哪几项？可多选，选好后点「完成」。",
		EN: "Editing your record of your talk with <b>%s</b> (%s, %s). What do you want to change? Tick one or more, then tap Done."}
	msgTalkEditAskDate     = Text{ZH: "现在的日期是 %s。哪天谈的？点按钮，或输入日期：", EN: "The date now is %s. On which day? Tap a button or type a date:"}
	msgTalkEditAskForm     = Text{ZH: "现在的形式是 %s。请选择：", EN: "The form now is %s. Choose:"}
	msgTalkEditAskRaised   = Text{ZH: "您向 <b>%s</b> 提出的意见，现在是：\n%s\n请输入修改后的内容：", EN: "What you raised with <b>%s</b> reads now:\n%s\nType the corrected text:"}
	msgTalkEditAskReceived = Text{ZH: "<b>%s</b> 向您提出的意见，现在是：\n%s\n请输入修改后的内容：", EN: "What <b>%s</b> raised with you reads now:\n%s\nType the corrected text:"}
	msgTalkEditAskSuggest  = Text{ZH: "建议现在是：\n%s\n请输入修改后的建议（点「跳过」则不写建议）：", EN: "The suggestions read now:\n%s\nType the new suggestions (Skip leaves none):"}
	msgTalkEmpty           = Text{ZH: "（无）", EN: "(none)"}
	msgTalkEditNothing     = Text{ZH: "记录没有改动。", EN: "Nothing was changed."}
	msgTalkEdited          = Text{ZH: "已修改与 <b>%s</b> 的谈心谈话记录：\n原：%s\n现：%s", EN: "Your record of your talk with <b>%s</b> is changed:\nWas: %s\nNow: %s"}
	msgTalkReasked         = Text{ZH: "已请 <b>%s</b> 重新核对确认，确认后计入完成情况，结果会通知您。", EN: "<b>%s</b> has been asked to confirm it again; it counts once confirmed, and you will hear the answer."}
	msgTalkNoticeEdited    = Text{ZH: "<b>%s</b> 修改了与您的谈心谈话记录，请重新核对：", EN: "<b>%s</b> changed the record of your talk; please check it again:"}

	msgTalkConfirmWithdraw     = Text{ZH: "确定撤回与 <b>%s</b> 的谈心谈话记录（%s）吗？撤回后不计入完成情况和报告。", EN: "Withdraw your record of your talk with <b>%s</b> (%s)? It will no longer count, nor be in the report."}
	msgTalkConfirmWithdrawTell = Text{ZH: "确定撤回与 <b>%s</b> 的谈心谈话记录（%s）吗？撤回后不计入完成情况和报告，并会告知对方。", EN: "Withdraw your record of your talk with <b>%s</b> (%s)? It will no longer count, nor be in the report, and they will be told."}
	btnTalkConfirmWithdraw     = Text{ZH: "确认撤回", EN: "Withdraw"}
	msgTalkWithdrawnDone       = Text{ZH: "已撤回与 <b>%s</b> 的谈心谈话记录（%s）。", EN: "Withdrew your record of your talk with <b>%s</b> (%s)."}
	msgTalkToldWithdrawn       = Text{ZH: "<b>%s</b> 撤回了与您的谈心谈话记录（%s），这条记录不再计入，也无需您确认。", EN: "<b>%s</b> withdrew the record of your talk (%s): it no longer counts and needs no answer from you."}

	msgTalkGone         = Text{ZH: "这条记录已撤回。", EN: "This record was withdrawn."}
	msgTalkNotYours     = Text{ZH: "只有记录人可以修改或撤回这条记录。", EN: "Only the person who recorded it can change or withdraw it."}
	msgTalkClosed       = Text{ZH: "谈心谈话时限（%s）已过，记录不能再修改或撤回。", EN: "The deadline for talks (%s) has passed; records can no longer be changed or withdrawn."}
	msgTalkChangedSince = Text{ZH: "记录人已修改这条记录，请按新的通知核对。", EN: "The record has been changed since; please check the new notice."}
)

// The parts of a talk record 修改 may change, as its options name them.
var talkFieldNames = map[string]Text{
	talkFieldDate:     {ZH: "日期", EN: "Date"},
	talkFieldForm:     {ZH: "形式", EN: "Form"},
	talkFieldRaised:   {ZH: "我提出的意见", EN: "What I raised"},
	talkFieldReceived: {ZH: "对方提出的意见", EN: "What they raised"},
	talkFieldSuggest:  {ZH: "建议", EN: "Suggestions"},
}
