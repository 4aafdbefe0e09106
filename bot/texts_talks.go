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
	msgTalkToldDisputed = Text{ZH: "<b>%s</b> 认为您记录的谈心谈话（%s）有出入：\n<blockquote>%s</blockquote>\n请与其核对后重新记录（/talk），对方确认后计入完成情况。",
		EN: "<b>%s</b> says your record of your talk (%s) is not quite right:\n<blockquote>%s</blockquote>\nPlease check it with them and record it again (/talk); it counts once they confirm it."}

	msgTalkCardDate     = Text{ZH: "日期：%s　形式：%s", EN: "Date: %s · Form: %s"}
	msgTalkCardStatus   = Text{ZH: "状态：%s", EN: "Status: %s"}
	msgTalkCardSaid     = Text{ZH: "<b>%s</b> 向 <b>%s</b> 提出：", EN: "<b>%s</b> raised with <b>%s</b>:"}
	msgTalkCardSuggest  = Text{ZH: "建议：", EN: "Suggestions:"}
	msgTalkCardComment  = Text{ZH: "对方说明：", EN: "Their comment:"}
	msgTalkStatusWait   = Text{ZH: "待确认", EN: "awaiting confirmation"}
	msgTalkStatusOK     = Text{ZH: "已确认", EN: "confirmed"}
	msgTalkStatusDiff   = Text{ZH: "有出入", EN: "disputed"}
	msgTalkStatusOut    = Text{ZH: "无需确认（支部外人员）", EN: "no confirmation needed (outside the branch)"}
	msgTalkStudyResumed = Text{ZH: "接着上次没写完的记录继续（发送 /cancel 可放弃）。", EN: "Carrying on with the record you left unfinished (/cancel drops it)."}
	msgMyTalksHeader    = Text{ZH: "<b>我的谈心谈话</b>（%d 次）", EN: "<b>My talks</b> (%d)"}
	msgMyTalksNone      = Text{ZH: "本次会议您还没有谈心谈话记录。发送 /talk 记录一次。", EN: "You have no talks recorded for this meeting yet. Send /talk to record one."}
	msgMyTalksItem      = Text{ZH: "<b>%d. 与 %s</b>", EN: "<b>%d. With %s</b>"}
	msgMyTalksByMe      = Text{ZH: "（我记录）", EN: " (recorded by me)"}
	msgMyTalksByOther   = Text{ZH: "（%s 记录）", EN: " (recorded by %s)"}
	msgMyTalksConfirm   = Text{ZH: "有 %d 条记录等待您确认，请点下面的按钮。", EN: "%d record(s) await your confirmation; use the buttons below."}
	btnMyTalksAgree     = Text{ZH: "确认：%s %s", EN: "Confirm: %s %s"}
)
