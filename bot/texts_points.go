package bot

// The words of self-examination (查摆问题): recording a point (points.go, points_record.go),
// listing them (points_list.go) and the point editor (points_edit.go). The six areas are 方面,
// never 领域; their names, and the five sources', are the domain's (orglife.Area.Name).

// The commands, as the menu and /help describe them.
var (
	descPoint    = Text{ZH: "记录查摆问题", EN: "Record a self-examination point"}
	descMyPoints = Text{ZH: "我的查摆问题", EN: "My points"}
	descPoints   = Text{ZH: "全支部查摆问题清单", EN: "The branch's problem list"}
)

// The fields of a point a member can change, as the editor names them.
var pointFieldNames = map[string]Text{
	pointFieldArea:    {ZH: "方面", EN: "Area"},
	pointFieldSource:  {ZH: "来源", EN: "Source"},
	pointFieldProblem: {ZH: "问题", EN: "Problem"},
	pointFieldCause:   {ZH: "原因", EN: "Cause"},
	pointFieldMeasure: {ZH: "措施", EN: "Measure"},
}

// Recording, listing, editing and withdrawing points.
var (
	msgPtAskPointArea   = Text{ZH: "<b>查摆问题</b>\n这个问题属于哪个方面？", EN: "<b>Self-examination</b>\nWhich area is the problem in?"}
	msgPtAskPointSource = Text{ZH: "方面：<b>%s</b>\n这个问题是怎么查摆出来的？", EN: "Area: <b>%s</b>\nHow was the problem found?"}
	msgPtAskProblem     = Text{
		ZH: "方面：<b>%s</b>　来源：<b>%s</b>\n请用自己的话写下这个问题，越具体越好（在什么事情上、有什么表现）：",
		EN: "Area: <b>%s</b>  Source: <b>%s</b>\nDescribe the problem in your own words, as concretely as you can (on what occasion, how it showed):",
	}
	msgPtPointTooShort  = Text{ZH: "请把问题写得具体一些（至少 %d 个字）。", EN: "Please describe the problem a little more (at least %d characters)."}
	msgPtProblemNoWords = Text{ZH: "请用文字写下问题的具体表现：只有表情、数字或符号，无法记入问题清单。", EN: "Please describe the problem in words: emoji, numbers or symbols alone cannot go into the problem list."}
	msgPtNoWordsOrSkip  = Text{ZH: "请用文字填写，或点“跳过”：只有表情、数字或符号的内容无法记录。", EN: "Please write it in words, or tap Skip: emoji, numbers or symbols alone cannot be recorded."}
	msgPtNoWords        = Text{ZH: "请用文字填写：只有表情、数字或符号的内容无法记录。", EN: "Please write it in words: emoji, numbers or symbols alone cannot be recorded."}
	msgPtAskLate        = Text{ZH: "查摆问题已过时限（%s），仍要补充吗？补充的问题将标注为“逾期补充”。", EN: "The deadline for points (%s) has passed. Add one anyway? It will be marked as added late."}
	btnPtAddLate        = Text{ZH: "仍要补充", EN: "Add anyway"}
	msgPtLateTag        = Text{ZH: "（逾期补充）", EN: " (added late)"}
	msgPtAskExample     = Text{
		ZH: "您写的是：“%s”\n能否再补充一个具体的例子，比如在哪件事、什么场合上有这样的表现？这样问题清单会更有针对性。\n不方便的话点“跳过”，问题按原样保存。",
		EN: "You wrote: “%s”\nCould you add one concrete example — on what occasion did it show? It makes the problem list more useful.\nIf you would rather not, tap Skip and the problem is kept as written.",
	}
	msgPtExampleTooShort = Text{ZH: "例子请至少写两个字，或点“跳过”。", EN: "Please write a few words, or tap Skip."}
	msgPtExampleTooLong  = Text{ZH: "问题和例子合起来太长（%d 字），请控制在 %d 字以内。", EN: "The problem and example together are too long (%d characters); please keep them under %d."}
	msgPtAskCause        = Text{ZH: "<b>原因分析</b>（可选）：您认为产生这个问题的原因是什么？不填可点“跳过”。", EN: "<b>Cause</b> (optional): what do you think causes this problem? Tap Skip to leave it out."}
	msgPtAskMeasure      = Text{ZH: "<b>整改措施</b>（可选）：您打算怎么改？不填可点“跳过”。", EN: "<b>Measure</b> (optional): what do you intend to do about it? Tap Skip to leave it out."}
	msgPtPointSaved      = Text{
		ZH: "已记录查摆问题：\n方面：<b>%s</b>　来源：<b>%s</b>\n问题：“%s”\n\n发送 /mypoints 查看、修改或撤回。",
		EN: "Point recorded:\nArea: <b>%s</b>  Source: <b>%s</b>\nProblem: “%s”\n\nSend /mypoints to see, edit or withdraw your points.",
	}
	msgPtPointSavedLate = Text{ZH: "（已标注为逾期补充。查摆问题时限已过，如需修改请联系支部书记。）", EN: "(Marked as added late. The deadline for points has passed; ask the branch secretary for changes.)"}
	msgPtAskDraft       = Text{ZH: "继续上次未完成的查摆问题？", EN: "Continue the point you did not finish last time?"}
	msgPtDraftProblem   = Text{ZH: "\n已写的问题：“%s”", EN: "\nWhat you wrote: “%s”"}
	btnPtResume         = Text{ZH: "继续", EN: "Continue"}
	btnPtRestart        = Text{ZH: "重新开始", EN: "Start over"}
	msgPtDraftResumed   = Text{ZH: "继续上次的查摆问题。", EN: "Continuing your point."}
	msgPtDraftDropped   = Text{ZH: "已放弃上次的草稿，重新开始。", EN: "The old draft is discarded; starting over."}

	msgPtMyPointsHeader  = Text{ZH: "<b>我的查摆问题</b>（%s，%d 条）", EN: "<b>My points</b> (%s, %d)"}
	msgPtNoMyPoints      = Text{ZH: "您在本次会议还没有记录查摆问题。发送 /point 开始。", EN: "You have no points for this meeting yet. Send /point to record one."}
	msgPtPointsOpenUntil = Text{ZH: "%s 前（含当天）可点下方按钮修改或撤回。", EN: "You can edit or withdraw them with the buttons below until %s (inclusive)."}
	msgPtPointsOpen      = Text{ZH: "可点下方按钮修改或撤回。", EN: "Edit or withdraw them with the buttons below."}
	msgPtPointsClosedFor = Text{ZH: "查摆问题时限（%s）已过，如需修改请联系支部书记。", EN: "The deadline for points (%s) has passed; changes now go through the branch secretary."}
	msgPtAllPointsHeader = Text{ZH: "<b>查摆问题清单</b>（%s，%d 人，%d 条）", EN: "<b>Problem list</b> (%s, %d members, %d points)"}
	msgPtNoPointsYet     = Text{ZH: "本次会议还没有人记录查摆问题。", EN: "Nobody has recorded a point for this meeting yet."}
	msgPtAllPointsFooter = Text{ZH: "支部书记可随时修改或撤回；每次修改都会记录，并通知本人。", EN: "As secretary you may edit or withdraw any point at any time; every change is logged and the member is told."}
	msgPtCauseLine       = Text{ZH: "原因：%s", EN: "Cause: %s"}
	msgPtMeasureLine     = Text{ZH: "措施：%s", EN: "Measure: %s"}
	btnPtEditN           = Text{ZH: "编辑%d", EN: "Edit %d"}
	btnPtWithdrawN       = Text{ZH: "撤回%d", EN: "Withdraw %d"}

	msgPtAskPointField   = Text{ZH: "修改这条查摆问题：\n%s\n\n要修改哪一项？", EN: "Editing this point:\n%s\n\nWhich part do you want to change?"}
	msgPtPointOf         = Text{ZH: "（%s 的查摆问题）", EN: "(a point of %s)"}
	msgPtAskNewArea      = Text{ZH: "现在的方面是 <b>%s</b>，请选择新的方面：", EN: "The area is now <b>%s</b>; choose the new one:"}
	msgPtAskNewSource    = Text{ZH: "现在的来源是 <b>%s</b>，请选择新的来源：", EN: "The source is now <b>%s</b>; choose the new one:"}
	msgPtAskNewText      = Text{ZH: "现在的%s：\n%s\n\n请输入新的%s：", EN: "%s now:\n%s\n\nType the new %s:"}
	msgPtTextTooShort    = Text{ZH: "请至少写 %d 个字。", EN: "Please write at least %d characters."}
	msgPtPointEdited     = Text{ZH: "已修改。\n原：%s\n现：%s", EN: "Changed.\nWas: %s\nNow: %s"}
	msgPtPointEditedBy   = Text{ZH: "支部书记修改了您的一条查摆问题：\n原：%s\n现：%s", EN: "The branch secretary changed one of your points:\nWas: %s\nNow: %s"}
	msgPtConfirmWithdraw = Text{ZH: "确定撤回这条查摆问题吗？\n%s", EN: "Withdraw this point?\n%s"}
	btnPtConfirmWithdraw = Text{ZH: "确认撤回", EN: "Withdraw"}
	msgPtPointWithdrawn  = Text{ZH: "已撤回：%s", EN: "Withdrawn: %s"}
	msgPtWithdrawnBy     = Text{ZH: "支部书记撤回了您的一条查摆问题：%s", EN: "The branch secretary withdrew one of your points: %s"}
	msgPtPointNotYours   = Text{ZH: "只能修改自己的查摆问题。", EN: "You can only change your own points."}
	msgPtPointsClosed    = Text{ZH: "查摆问题时限已过，如需修改请联系支部书记。", EN: "The deadline for points has passed; please ask the branch secretary."}
	msgPtPointGone       = Text{ZH: "这条查摆问题已撤回或不存在。", EN: "This point has been withdrawn or no longer exists."}
	msgPtEmptyValue      = Text{ZH: "（空）", EN: "(none)"}
)
