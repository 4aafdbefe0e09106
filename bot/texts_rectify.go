package bot

import "orglife"

// The words of rectification (整改落实): creating an item (rectify_create.go), reporting
// progress (rectify_progress.go), the secretary's 对单销号 or sending it back (rectify_confirm.go),
// the ledger (整改台账, rectify_ledger.go), a new owner (reassign.go) and the follow-up
// reminders and look-back reviews (回头看, reminders.go).

// The commands, as the menu and /help describe them.
var (
	descReassign = Text{ZH: "更换整改事项的责任人", EN: "Give a rectification item a new owner"}
	descRectify  = Text{ZH: "建立整改事项", EN: "Create a rectification item"}
	descProgress = Text{ZH: "汇报整改进展", EN: "Report rectification progress"}
	descLedger   = Text{ZH: "整改台账", EN: "Rectification ledger"}
)

// /rectify: the secretary creates an item (rectify_create.go).
var (
	msgRcAskSource    = Text{ZH: "<b>整改落实</b>\n这项整改针对哪个问题？点下面列出的查摆问题，或点“另行填写”。", EN: "<b>Rectification</b>\nWhich problem does this item answer? Tap one of the listed problems, or Type another."}
	msgRcAskSourceNum = Text{ZH: "\n（共 %d 个问题，按钮只列出前 %d 个；其余的请直接输入编号。）", EN: "\n(There are %d problems; the buttons show the first %d. For the others, type the number.)"}
	msgRcBranchFirst  = Text{ZH: "\n（标有【班子】的是支部委员会归纳的班子问题，其后是党员个人查摆的问题。）", EN: "\n(Those marked [Committee] are the branch problems the committee stated; the members' own points follow.)"}
	msgRcBranchLabel  = Text{ZH: "【班子】%s", EN: "[Committee] %s"}
	msgRcNoPoints     = Text{ZH: "\n（本次会议还没有查摆问题，请点“另行填写”。）", EN: "\n(No problems have been recorded for this meeting; tap Type another.)"}
	msgRcSourceLine   = Text{ZH: "%d. 【%s】%s", EN: "%d. [%s] %s"}
	msgRcBadSource    = Text{ZH: "请点按钮选择问题，或输入列表中问题的编号（1–%d）。", EN: "Tap a problem, or type the number of one in the list (1–%d)."}
	btnRcTypeNew      = Text{ZH: "另行填写", EN: "Type another"}
	msgRcAskProblem   = Text{ZH: "请写下要整改的问题：", EN: "Describe the problem to rectify:"}
	msgRcTooShort     = Text{ZH: "请写具体一些（至少 %d 个字）。", EN: "Please write a little more (at least %d characters)."}
	msgRcAskMeasure   = Text{ZH: "问题：“%s”\n\n请输入整改措施：", EN: "Problem: “%s”\n\nType the rectification measure:"}
	msgRcOwnMeasure   = Text{ZH: "\n\n本人提出的措施：“%s”\n点“沿用”即可采用，或输入新的措施。", EN: "\n\nThe member's own measure: “%s”\nTap Keep it to use it, or type another."}
	btnRcKeep         = Text{ZH: "沿用", EN: "Keep it"}
	msgRcAskOwner     = Text{ZH: "措施：“%s”\n\n由谁负责落实？点按钮，或输入姓名：", EN: "Measure: “%s”\n\nWho is responsible? Tap a name or type it:"}
	msgRcBadOwner     = Text{ZH: "支部里没有叫这个名字的党员，请点按钮或输入准确的姓名。", EN: "Nobody in the branch has that name; tap a button or type the exact name."}
	msgRcOwnerTwins   = Text{ZH: "支部里有 %d 位党员叫这个名字，请点按钮选择其中一位。", EN: "%d members of the branch have that name; tap the button of the one you mean."}
	msgRcAskDeadline  = Text{ZH: "整改时限是哪天？点按钮，或输入日期（例如 2026-12-20 或 12月20日）：", EN: "By when must it be done? Tap a button or type a date (for example 2026-12-20):"}
	// The quick deadlines (orglife.QuickRectDeadlines), each with its day.
	btnRcOneMonth    = Text{ZH: "1个月（%s）", EN: "1 month (%s)"}
	btnRcThreeMonths = Text{ZH: "3个月（%s）", EN: "3 months (%s)"}
	btnRcYearEnd     = Text{ZH: "年底（%s）", EN: "Year end (%s)"}
	btnRcNextYearEnd = Text{ZH: "明年底（%s）", EN: "End of next year (%s)"}
	// Deadlines typed by name (rectNamedDeadline): the buttons' without their day, and 年底
	// for this year's end even when the button offers 明年底.
	lblRcOneMonth     = Text{ZH: "1个月", EN: "1 month"}
	lblRcThreeMonths  = Text{ZH: "3个月", EN: "3 months"}
	lblRcYearEnd      = Text{ZH: "年底", EN: "year end"}
	lblRcNextYearEnd  = Text{ZH: "明年底", EN: "end of next year"}
	msgRcPastDeadline = Text{ZH: "整改时限不能早于今天，请重新输入。", EN: "The deadline cannot be in the past; please type another date."}
	msgRcAskInterval  = Text{ZH: "多久回头看一次（提醒责任人汇报进展）？", EN: "How often should the owner be asked for progress (look-back review)?"}
	msgRcGone         = Text{ZH: "这条查摆问题已撤回或不存在，整改事项未建立。", EN: "That problem has been withdrawn or no longer exists; the item was not created."}
	msgRcOwnerGone    = Text{ZH: "所选的责任人已不在支部，整改事项未建立。", EN: "The chosen owner is no longer in the branch; the item was not created."}
	msgRcCreated      = Text{ZH: "已建立第 %d 项整改：\n%s\n\n已通知责任人。/ledger 可查看整改台账。", EN: "Item %d created:\n%s\n\nThe owner has been told. See the ledger with /ledger."}
	msgRcCreatedSelf  = Text{ZH: "已建立第 %d 项整改：\n%s\n\n有进展时请发送 /progress 汇报。/ledger 可查看整改台账。", EN: "Item %d created:\n%s\n\nReport progress with /progress. See the ledger with /ledger."}
	msgRcAssigned     = Text{ZH: "【整改任务】支部书记交给您第 %d 项整改：\n%s\n\n有进展时请点下面的按钮或发送 /progress 汇报。", EN: "[Rectification] The branch secretary has given you item %d:\n%s\n\nReport progress with the button below or /progress."}
	// 将查摆问题批量转为整改事项: one item per point not yet made one (rectify_batch.go).
	btnRcBatch          = Text{ZH: "将查摆问题批量转为整改事项（%d条）", EN: "Turn the problems into items at once (%d)"}
	msgRcBatchOffer     = Text{ZH: "\n点“将查摆问题批量转为整改事项”，可把尚未建立整改事项的 %d 条查摆问题各建一项：沿用本人提出的措施，由本人负责；时限和回头看统一设定，之后可逐项修改。", EN: "\nTap “Turn the problems into items at once” to make an item of each of the %d problems that have none yet: the member's own measure, the member as owner; one deadline and look-back review interval for all, each editable afterwards."}
	msgRcBatchDeadline  = Text{ZH: "<b>批量建立整改事项</b>（%d 项）\n这些整改的时限是哪天？点按钮，或输入日期（例如 2026-12-20 或 12月20日）：", EN: "<b>Items at once</b> (%d)\nBy when must they be done? Tap a button or type a date (for example 2026-12-20):"}
	msgRcBatchNone      = Text{ZH: "没有可以转换的查摆问题（都已建立整改事项，或已撤回），未建立新的整改事项。/ledger 可查看整改台账。", EN: "No problem is left to turn into an item (each has one, or was withdrawn); nothing was created. See the ledger with /ledger."}
	msgRcBatchDone      = Text{ZH: "已将 %d 条查摆问题转为整改事项，时限 %s，回头看：%s，已通知各责任人：", EN: "%d problems turned into items, due %s, look-back review: %s; the owners have been told:"}
	msgRcBatchLine      = Text{ZH: "第%d项　%s：%s", EN: "#%d · %s: %s"}
	msgRcBatchNoMeasure = Text{ZH: "\n\n另有 %d 条查摆问题没有填写整改措施，未转换，可用 /rectify 逐条建立。", EN: "\n\n%d more problems have no measure and were left out; make them items one by one with /rectify."}
	msgRcBatchOwnerGone = Text{ZH: "\n\n另有 %d 条查摆问题的提出人已不在支部，未转换，可用 /rectify 逐条建立并指定责任人。", EN: "\n\n%d more problems were raised by people no longer in the branch and were left out; make them items one by one with /rectify and choose an owner."}
	msgRcBatchEditHint  = Text{ZH: "\n\n点下面的按钮可修改某一项的整改措施、责任人或时限；/ledger 可查看整改台账。", EN: "\n\nTap a button below to change an item's measure, owner or deadline; see the ledger with /ledger."}
	msgRcBatchMore      = Text{ZH: "\n……（共 %d 项，完整列表见 /ledger）", EN: "\n… (%d items in all; see /ledger for the full list)"}
	btnRcEditItem       = Text{ZH: "修改第%d项", EN: "Edit #%d"}
	msgRcAssignedMany   = Text{ZH: "【整改任务】支部书记将您查摆的问题转为 %d 项整改事项：\n%s\n\n有进展时请点下面的按钮或发送 /progress 汇报。", EN: "[Rectification] The branch secretary has made %d items of your problems:\n%s\n\nReport progress with the button below or /progress."}

	// Editing an item: its measure, owner or deadline (rectify_edit.go).
	msgRcAskEditField   = Text{ZH: "<b>修改第 %d 项整改</b>\n%s\n\n要修改哪一项？", EN: "<b>Edit item %d</b>\n%s\n\nWhat do you want to change?"}
	btnRcEditMeasure    = Text{ZH: "整改措施", EN: "Measure"}
	btnRcEditOwner      = Text{ZH: "责任人", EN: "Owner"}
	btnRcEditDeadline   = Text{ZH: "整改时限", EN: "Deadline"}
	msgRcAskNewMeasure  = Text{ZH: "现在的措施：“%s”\n\n请输入新的整改措施：", EN: "The measure now: “%s”\n\nType the new measure:"}
	msgRcAskNewDeadline = Text{ZH: "现在的时限：%s\n\n新的整改时限是哪天？点按钮，或输入日期（例如 2026-12-20 或 12月20日）：", EN: "Due now: %s\n\nBy when must it be done now? Tap a button or type a date (for example 2026-12-20):"}
	msgRcRevised        = Text{ZH: "已修改第 %d 项整改：\n%s", EN: "Item %d changed:\n%s"}
	msgRcRevisedTold    = Text{ZH: "【整改任务】支部书记修改了第 %d 项整改：\n%s", EN: "[Rectification] The branch secretary changed item %d:\n%s"}
	msgRcUnchanged      = Text{ZH: "与原来相同，第 %d 项整改没有修改。", EN: "That is as it was; item %d is unchanged."}

	msgRcCard      = Text{ZH: "问题：%s\n措施：%s\n责任人：%s　时限：%s　回头看：%s", EN: "Problem: %s\nMeasure: %s\nOwner: %s · Due: %s · Look-back review: %s"}
	msgRcEveryDays = Text{ZH: "每 %d 天", EN: "every %d days"}

	// /progress: the owner reports (rectify_progress.go); the secretary confirms (销号) or
	// sends the item back (rectify_confirm.go).
	msgRcNoItems      = Text{ZH: "您在本次会议没有待整改事项。", EN: "You have no open rectification items for this meeting."}
	msgRcAskItem      = Text{ZH: "<b>整改进展</b>\n要汇报哪项整改？", EN: "<b>Rectification progress</b>\nWhich item are you reporting on?"}
	msgRcItemLabel    = Text{ZH: "第%d项 %s", EN: "#%d %s"}
	msgRcAskStatus    = Text{ZH: "第 %d 项：%s\n时限：%s　当前：%s\n\n现在进展如何？", EN: "Item %d: %s\nDue: %s · Now: %s\n\nWhere does it stand?"}
	msgRcAskNote      = Text{ZH: "请简要说明进展情况（做了什么、效果如何）：", EN: "Briefly describe the progress (what was done, with what result):"}
	msgRcNoteShort    = Text{ZH: "请写具体一些（至少 2 个字）。", EN: "Please write a little more (at least 2 characters)."}
	msgRcAskEvidence  = Text{ZH: "如有佐证材料，请发送照片或文件；没有的话点“跳过”。", EN: "If you have evidence, send a photo or a file; otherwise tap Skip."}
	msgRcNotYours     = Text{ZH: "这项整改已不由您负责，或已经销号。", EN: "This item is no longer yours, or it has been closed."}
	msgRcReported     = Text{ZH: "已记录第 %d 项整改的进展（%s）。", EN: "Progress on item %d recorded (%s)."}
	msgRcReportedDone = Text{ZH: "\n已报支部书记核实销号。", EN: "\nThe branch secretary has been asked to confirm it."}
	msgRcWithEvidence = Text{ZH: "（附佐证材料）", EN: " (with evidence)"}
	msgRcDoneNotice   = Text{ZH: "【整改完成待销号】<b>%s</b> 报告第 %d 项整改已完成：\n%s\n\n说明：%s%s\n\n请核实后确认销号，或退回并说明原因。", EN: "[Done, to be confirmed] <b>%s</b> reports item %d done:\n%s\n\nNote: %s%s\n\nPlease check, then confirm or send it back with a comment."}
	// The same, to a secretary who owns the item and reported it themself.
	msgRcDoneNoticeOwn = Text{ZH: "【整改完成待销号】您报告第 %d 项整改已完成：\n%s\n\n说明：%s%s\n\n请核实后确认销号。", EN: "[Done, to be confirmed] You report item %d done:\n%s\n\nNote: %s%s\n\nPlease check, then confirm it."}
	msgRcEvidenceAbove = Text{ZH: "\n（佐证材料见上）", EN: "\n(Evidence above.)"}
	msgRcEvidenceCap   = Text{ZH: "第 %d 项整改的佐证材料（%s）", EN: "Evidence for item %d (%s)"}
	btnRcConfirm       = Text{ZH: "确认销号", EN: "Confirm and close"}
	btnRcReopen        = Text{ZH: "退回", EN: "Send back"}
	msgRcClosed        = Text{ZH: "✅ 第 %d 项整改已确认销号（%s）。", EN: "✅ Item %d confirmed and closed (%s)."}
	msgRcClosedTold    = Text{ZH: "✅ 支部书记已确认第 %d 项整改完成，予以销号：%s", EN: "✅ The branch secretary confirmed item %d as done and closed it: %s"}
	msgRcAskComment    = Text{ZH: "第 %d 项整改：%s\n请说明退回的原因（将转告 %s）：", EN: "Item %d: %s\nWhy is it sent back? (%s will be told)"}
	msgRcReopened      = Text{ZH: "已退回第 %d 项整改，并转告 %s：\n<blockquote>%s</blockquote>", EN: "Item %d sent back; %s has been told:\n<blockquote>%s</blockquote>"}
	msgRcReopenedNote  = Text{ZH: "↩️ 已退回第 %d 项整改。", EN: "↩️ Item %d was sent back."}
	msgRcReopenedTold  = Text{ZH: "↩️ 支部书记退回了第 %d 项整改（%s）：\n<blockquote>%s</blockquote>\n请继续推进，并用 /progress 汇报。", EN: "↩️ The branch secretary sent item %d back (%s):\n<blockquote>%s</blockquote>\nPlease carry on and report with /progress."}
	msgRcHandled       = Text{ZH: "这项整改已经处理过了（%s）。", EN: "This item has already been dealt with (%s)."}

	// /ledger: the 整改台账 (rectify_ledger.go).
	msgRcLedgerHead   = Text{ZH: "<b>整改台账</b>（%s）\n共 %d 项：已销号 %d 项，待销号 %d 项，已逾期 %d 项", EN: "<b>Rectification ledger</b> (%s)\n%d items: %d closed, %d awaiting confirmation, %d overdue"}
	msgRcLedgerNone   = Text{ZH: "本次会议还没有整改事项。支部书记可发送 /rectify 建立。", EN: "This meeting has no rectification items yet. The secretary can create them with /rectify."}
	msgRcLedgerItem   = Text{ZH: "<b>%d.</b> 问题：%s\n整改措施：%s\n责任人：%s　整改时限：%s\n状态：%s", EN: "<b>%d.</b> Problem: %s\nMeasure: %s\nOwner: %s · Due: %s\nStatus: %s"}
	msgRcOverdue      = Text{ZH: "　⚠️ 已逾期 %d 天", EN: " · ⚠️ overdue by %d days"}
	msgRcLastProgress = Text{ZH: "\n最近进展：%s %s", EN: "\nLatest progress: %s %s"}
	msgRcNoProgress   = Text{ZH: "\n最近进展：暂无", EN: "\nLatest progress: none yet"}
	msgRcLastReopen   = Text{ZH: "\n退回意见（%s）：%s", EN: "\nSent back (%s): %s"}
	msgRcClosedOn     = Text{ZH: "\n完成日期：%s", EN: "\nCompleted: %s"}
	msgRcReviewCount  = Text{ZH: "\n回头看：汇报 %d 次", EN: "\nLook-back reviews: %d reports"}

	// A member whose /ledger would be empty while the meeting has items.
	msgRcLedgerNoneMine = Text{ZH: "您在本次会议没有负责的整改事项。", EN: "You own no rectification items in this meeting."}
)

// The states an owner may report (rectify_progress.go).
var rectReportNames = map[orglife.RectStatus]Text{
	orglife.RectNotStarted: {ZH: "未开始", EN: "Not started"},
	orglife.RectInProgress: {ZH: "推进中", EN: "In progress"},
	orglife.RectReported:   {ZH: "已完成", EN: "Done"},
}

// /reassign: a new owner (责任人) for an item.
var (
	msgRcAskReassignItem = Text{ZH: "<b>更换责任人</b>\n要更换哪项整改的责任人？", EN: "<b>New owner</b>\nWhich item needs a new owner?"}
	msgRcNoOpenItems     = Text{ZH: "支部没有未销号的整改事项。", EN: "The branch has no open rectification items."}
	msgRcAskNewOwner     = Text{ZH: "第 %d 项整改：%s\n现在的责任人：%s\n\n由谁接手？点按钮，或输入姓名：",
		EN: "Item %d: %s\nOwner now: %s\n\nWho takes it over? Tap a name or type it:"}
	msgRcNoOwner    = Text{ZH: "（无，原责任人已退出支部）", EN: "(none: they left the branch)"}
	msgRcReassigned = Text{ZH: "已更换：第 %d 项整改的责任人改为 %s，今后的回头看提醒发给 %s。", EN: "Done: item %d now belongs to %s; its look-back reminders go to %s from now on."}
	// The same, when the secretary took the item over themself.
	msgRcReassignedSelf = Text{ZH: "已更换：第 %d 项整改改由您负责，今后的回头看提醒发给您。", EN: "Done: item %d is now yours; its look-back reminders come to you from now on."}
	// The previous owner, still a member, learns the item is no longer theirs.
	msgRcReassignedAway = Text{ZH: "第 %d 项整改（%s）已改由 %s 负责，今后的提醒不再发给您。", EN: "Item %d (%s) now belongs to %s; its reminders no longer reach you."}
	msgRcSameOwner      = Text{ZH: "%s 已经是这项整改的责任人，没有更改。", EN: "%s already owns this item; nothing changed."}
	msgRcNewOwnerGone   = Text{ZH: "所选的同志已不在支部，责任人没有更改。", EN: "The chosen person is no longer in the branch; the owner was not changed."}
	msgRectOrphan       = Text{ZH: "【整改提醒】第 %d 项整改没有责任人（原责任人已退出支部）：%s（时限 %s）。请发送 /reassign 指定新的责任人。",
		EN: "[Rectification] Item %d has no owner (they left the branch): %s (due %s). Send /reassign to give it a new owner."}
	btnReassign = Text{ZH: "更换责任人", EN: "New owner"}
)

// The follow-ups of an item: look-back reviews (回头看), the deadline, overdue notices.
var (
	msgRectNudge    = Text{ZH: "【支部书记提醒】请汇报第 %d 项整改的进展：%s（时限 %s，当前：%s）", EN: "[From your branch secretary] Please report on item %d: %s (due %s, now: %s)"}
	msgRectReview   = Text{ZH: "【整改回头看】请汇报第 %d 项整改的进展：%s（时限 %s，当前：%s）", EN: "[Look-back review] Please report on item %d: %s (due %s, now: %s)"}
	msgRectDeadline = Text{ZH: "【整改提醒】第 %d 项整改将于 %s 到期：%s。请抓紧推进并汇报进展。", EN: "[Rectification] Item %d is due %s: %s. Please press on and report."}
	msgRectOverdue  = Text{ZH: "【整改逾期】第 %d 项整改（责任人：%s）已于 %s 到期，尚未销号：%s", EN: "[Rectification overdue] Item %d (owner: %s) was due %s and is not closed: %s"}
	// The same, to a secretary who is the item's owner.
	msgRectOverdueYours = Text{ZH: "【整改逾期】您负责的第 %d 项整改已于 %s 到期，尚未销号：%s", EN: "[Rectification overdue] Item %d, yours, was due %s and is not closed: %s"}
	btnReport           = Text{ZH: "汇报进展", EN: "Report progress"}
	btnLedger           = Text{ZH: "查看整改台账", EN: "See the ledger"}
)

// The intervals of look-back reviews (回头看) that rectIntervals offers.
var (
	lblRectWeekly      = Text{ZH: "每周", EN: "Weekly"}
	lblRectFortnightly = Text{ZH: "每两周", EN: "Every two weeks"}
	lblRectMonthly     = Text{ZH: "每月", EN: "Monthly"}
)
