package bot

import (
	"fmt"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
)

// 整改落实: the secretary turns the meeting's problems into rectification items (/rectify),
// each with a measure, an owner, a deadline and a review interval (回头看); the owner reports
// progress (/progress), the secretary confirms completion (对单销号) or sends the item back;
// /ledger is the 整改台账 of the current meeting. Every change plans the item's follow-ups
// anew (replanItem).

const (
	flowRectify    = "rectify"
	flowRectReport = "rectprogress"
	flowRectReopen = "rectreopen"

	// The verbs of the secretary's buttons on a completion report.
	rectConfirm = "ok"
	rectReopen  = "no"

	rectNew       = "new"   // the source button 另行填写: a problem typed fresh
	rectKeep      = "_keep" // the measure button 沿用: the point's own measure
	rectMaxPoints = 40      // problems offered as buttons; the rest are chosen by number
	rectMaxPeople = 90      // owners offered as buttons; the rest are chosen by name
	rectLabelClip = 16      // how much of a problem or measure a button shows
	rectTextClip  = 300     // how much of a problem, measure or note a message shows
	rectMinText   = 4       // a typed problem or measure needs this many characters
)

// rectIntervals are the review intervals (回头看) offered, in days.
var rectIntervals = []struct {
	days int
	name Text
}{
	{7, Text{ZH: "每周", EN: "Weekly"}},
	{14, Text{ZH: "每两周", EN: "Every two weeks"}},
	{30, Text{ZH: "每月", EN: "Monthly"}},
}

// rectReportStatuses are the states an owner may report, in menu order.
var rectReportStatuses = []orglife.RectStatus{orglife.RectNotStarted, orglife.RectInProgress, orglife.RectReported}

var rectReportNames = map[orglife.RectStatus]Text{
	orglife.RectNotStarted: {ZH: "未开始", EN: "Not started"},
	orglife.RectInProgress: {ZH: "推进中", EN: "In progress"},
	orglife.RectReported:   {ZH: "已完成", EN: "Done"},
}

var (
	msgRcAskSource    = Text{ZH: "<b>整改落实</b>\n这项整改针对哪个问题？点下面列出的查摆问题，或点“另行填写”。", EN: "<b>Rectification</b>\nWhich problem does this item answer? Tap one of the listed problems, or Type another."}
	msgRcAskSourceNum = Text{ZH: "\n（共 %d 个问题，按钮只列出前 %d 个；其余的请直接输入编号。）", EN: "\n(There are %d problems; the buttons show the first %d. For the others, type the number.)"}
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
	msgRcAskDeadline  = Text{ZH: "整改时限是哪天？请输入日期（例如 2026-12-20 或 12月20日）：", EN: "By when must it be done? Type a date (for example 2026-12-20):"}
	msgRcPastDeadline = Text{ZH: "整改时限不能早于今天，请重新输入。", EN: "The deadline cannot be in the past; please type another date."}
	msgRcAskInterval  = Text{ZH: "多久回头看一次（提醒责任人汇报进展）？", EN: "How often should the owner be asked for progress (look-back review)?"}
	msgRcGone         = Text{ZH: "这条查摆问题已撤回或不存在，整改事项未建立。", EN: "That problem has been withdrawn or no longer exists; the item was not created."}
	msgRcOwnerGone    = Text{ZH: "所选的责任人已不在支部，整改事项未建立。", EN: "The chosen owner is no longer in the branch; the item was not created."}
	msgRcCreated      = Text{ZH: "已建立第 %d 项整改：\n%s\n\n已通知责任人。/ledger 可查看整改台账。", EN: "Item %d created:\n%s\n\nThe owner has been told. See the ledger with /ledger."}
	msgRcCreatedSelf  = Text{ZH: "已建立第 %d 项整改：\n%s\n\n有进展时请发送 /progress 汇报。/ledger 可查看整改台账。", EN: "Item %d created:\n%s\n\nReport progress with /progress. See the ledger with /ledger."}
	msgRcAssigned     = Text{ZH: "【整改任务】支部书记交给您第 %d 项整改：\n%s\n\n有进展时请点下面的按钮或发送 /progress 汇报。", EN: "[Rectification] The branch secretary has given you item %d:\n%s\n\nReport progress with the button below or /progress."}
	msgRcCard         = Text{ZH: "问题：%s\n措施：%s\n责任人：%s　时限：%s　回头看：%s", EN: "Problem: %s\nMeasure: %s\nOwner: %s · Due: %s · Review: %s"}
	msgRcEveryDays    = Text{ZH: "每 %d 天", EN: "every %d days"}

	msgRcNoItems       = Text{ZH: "您在本次会议没有待整改事项。", EN: "You have no open rectification items for this meeting."}
	msgRcAskItem       = Text{ZH: "<b>整改进展</b>\n要汇报哪项整改？", EN: "<b>Rectification progress</b>\nWhich item are you reporting on?"}
	msgRcItemLabel     = Text{ZH: "第%d项 %s", EN: "#%d %s"}
	msgRcAskStatus     = Text{ZH: "第 %d 项：%s\n时限：%s　当前：%s\n\n现在进展如何？", EN: "Item %d: %s\nDue: %s · Now: %s\n\nWhere does it stand?"}
	msgRcAskNote       = Text{ZH: "请简要说明进展情况（做了什么、效果如何）：", EN: "Briefly describe the progress (what was done, with what result):"}
	msgRcNoteShort     = Text{ZH: "请写具体一些（至少 2 个字）。", EN: "Please write a little more (at least 2 characters)."}
	msgRcAskEvidence   = Text{ZH: "如有佐证材料，请发送照片或文件；没有的话点“跳过”。", EN: "If you have evidence, send a photo or a file; otherwise tap Skip."}
	msgRcNotYours      = Text{ZH: "这项整改已不由您负责，或已经销号。", EN: "This item is no longer yours, or it has been closed."}
	msgRcReported      = Text{ZH: "已记录第 %d 项整改的进展（%s）。", EN: "Progress on item %d recorded (%s)."}
	msgRcReportedDone  = Text{ZH: "\n已报支部书记核实销号。", EN: "\nThe branch secretary has been asked to confirm it."}
	msgRcWithEvidence  = Text{ZH: "（附佐证材料）", EN: " (with evidence)"}
	msgRcDoneNotice    = Text{ZH: "【整改完成待销号】<b>%s</b> 报告第 %d 项整改已完成：\n%s\n\n说明：%s%s\n\n请核实后确认销号，或退回并说明原因。", EN: "[Done, to be confirmed] <b>%s</b> reports item %d done:\n%s\n\nNote: %s%s\n\nPlease check, then confirm or send it back with a comment."}
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

	msgRcLedgerHead   = Text{ZH: "<b>整改台账</b>（%s）\n共 %d 项：已销号 %d 项，待销号 %d 项，已逾期 %d 项", EN: "<b>Rectification ledger</b> (%s)\n%d items: %d closed, %d awaiting confirmation, %d overdue"}
	msgRcLedgerNone   = Text{ZH: "本次会议还没有整改事项。支部书记可发送 /rectify 建立。", EN: "This meeting has no rectification items yet. The secretary can create them with /rectify."}
	msgRcLedgerItem   = Text{ZH: "<b>%d.</b> 问题：%s\n整改措施：%s\n责任人：%s　整改时限：%s\n状态：%s", EN: "<b>%d.</b> Problem: %s\nMeasure: %s\nOwner: %s · Due: %s\nStatus: %s"}
	msgRcOverdue      = Text{ZH: "　⚠️ 已逾期 %d 天", EN: " · ⚠️ overdue by %d days"}
	msgRcLastProgress = Text{ZH: "\n最近进展：%s %s", EN: "\nLatest progress: %s %s"}
	msgRcNoProgress   = Text{ZH: "\n最近进展：暂无", EN: "\nLatest progress: none yet"}
	msgRcLastReopen   = Text{ZH: "\n退回意见（%s）：%s", EN: "\nSent back (%s): %s"}
	msgRcClosedOn     = Text{ZH: "\n完成日期：%s", EN: "\nCompleted: %s"}
	msgRcReviewCount  = Text{ZH: "\n回头看：汇报 %d 次", EN: "\nReviews: %d reports"}
)

func (h *Handlers) rectifyCommands() []Command {
	return []Command{
		{Name: "rectify", Desc: Text{ZH: "建立整改事项", EN: "Create a rectification item"}, Role: orglife.RoleSecretary, run: h.rectify},
		{Name: cmdProgress, Desc: Text{ZH: "汇报整改进展", EN: "Report rectification progress"}, Role: orglife.RoleMember, run: h.rectProgress},
		{Name: cmdLedger, Desc: Text{ZH: "整改台账", EN: "Rectification ledger"}, Role: orglife.RoleMember, run: h.rectLedger},
	}
}

func (h *Handlers) rectifyFlows() []*flow {
	return []*flow{
		{
			name: flowRectify, need: orglife.RoleSecretary,
			questions: []question{
				{key: "source", options: h.rectSourceOptions, typed: true, check: h.rectSourceCheck, ask: h.askRectSource},
				{key: "problem", typed: true, check: minLength(rectMinText, msgRcTooShort, true),
					when: func(_ *turn, a answers) bool { return a["source"] == rectNew },
					ask:  func(t *turn, _ answers) string { return msgRcAskProblem.In(t.lang) }},
				{key: "measure", typed: true, options: h.rectMeasureOptions, check: rectMeasureCheck, ask: h.askRectMeasure},
				{key: "owner", typed: true, options: h.rectOwnerOptions, check: h.rectOwnerCheck, ask: h.askRectOwner},
				{key: "deadline", typed: true, check: h.rectDeadlineCheck,
					ask: func(t *turn, _ answers) string { return msgRcAskDeadline.In(t.lang) }},
				{key: "review", options: rectIntervalOptions,
					ask: func(t *turn, _ answers) string { return msgRcAskInterval.In(t.lang) }},
			},
			finish: h.saveRectItem,
		},
		{
			name: flowRectReport, need: orglife.RoleMember,
			questions: []question{
				{key: "item", options: h.rectMyItemOptions, ask: func(t *turn, _ answers) string { return msgRcAskItem.In(t.lang) }},
				{key: "status", options: rectStatusOptions, ask: h.askRectStatus},
				{key: "note", typed: true, check: minLength(2, msgRcNoteShort, false),
					ask: func(t *turn, _ answers) string { return msgRcAskNote.In(t.lang) }},
				{key: "evidence", media: true, optional: true,
					ask: func(t *turn, _ answers) string { return msgRcAskEvidence.In(t.lang) }},
			},
			finish: h.saveRectReport,
		},
		{
			// Preset with the item's ids and the message whose 退回 was pressed.
			name: flowRectReopen, need: orglife.RoleSecretary,
			questions: []question{{key: keyComment, typed: true, check: minLength(2, msgRcNoteShort, false), ask: h.askRectComment}},
			finish:    h.saveRectReopen,
		},
	}
}

func (h *Handlers) rectifyButtons() map[buttonKind]buttonHandler {
	return map[buttonKind]buttonHandler{kindRect: h.onRectButton}
}

// --- shared by the use cases, and by /reassign ---

func rectIntervalName(days int, lang orglife.Lang) string {
	for _, iv := range rectIntervals {
		if iv.days == days {
			return iv.name.In(lang)
		}
	}
	return fmt.Sprintf(msgRcEveryDays.In(lang), days)
}

// rectCard is an item's problem, measure, owner, deadline and review interval (HTML).
func rectCard(lang orglife.Lang, it orglife.RectItem, owner string) string {
	return fmt.Sprintf(msgRcCard.In(lang), quote(clip(it.Problem, rectTextClip)), quote(clip(it.Measure, rectTextClip)),
		quote(owner), it.Deadline.In(lang), rectIntervalName(it.ReviewDays, lang))
}

// rectNotify tells another user, in their language, with one button; failures are logged.
func (h *Handlers) rectNotify(t *turn, userID int64, text func(orglife.Lang) string, label Text, data buttonData) {
	lang, err := h.language(t.ctx, userID)
	if err != nil {
		h.log.Warn("notice", "user", userID, "error", err)
		return
	}
	var kb keyboard
	markup, err := kb.markup(tgbotapi.NewInlineKeyboardRow(kb.button(label.In(lang), data)))
	if err != nil {
		h.log.Warn("notice", "user", userID, "error", err)
		return
	}
	msg := tgbotapi.NewMessage(userID, text(lang))
	msg.ReplyMarkup = markup
	if _, err := h.out.Send(t.ctx, htmlMessage(msg)); err != nil {
		h.log.Warn("notice not sent", "user", userID, "error", err)
	}
}
