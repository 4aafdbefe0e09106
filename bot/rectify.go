package bot

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
	"orglife/state"
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

	// rectButton prefixes the secretary's buttons on a completion report:
	// rc:<branch>:<meeting>:<item>:ok|no.
	rectButton  = "rc"
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
				{key: "problem", typed: true, check: rectMinCheck(rectMinText),
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
				{key: "note", typed: true, check: requireText(2, msgRcNoteShort),
					ask: func(t *turn, _ answers) string { return msgRcAskNote.In(t.lang) }},
				{key: "evidence", media: true, optional: true,
					ask: func(t *turn, _ answers) string { return msgRcAskEvidence.In(t.lang) }},
			},
			finish: h.saveRectReport,
		},
		{
			// Preset with the item's ids and the message whose 退回 was pressed.
			name: flowRectReopen, need: orglife.RoleSecretary,
			questions: []question{{key: "comment", typed: true, check: requireText(2, msgRcNoteShort), ask: h.askRectComment}},
			finish:    h.saveRectReopen,
		},
	}
}

func (h *Handlers) rectifyButtons() map[string]buttonHandler {
	return map[string]buttonHandler{rectButton: h.onRectButton}
}

// --- /rectify ---

func (h *Handlers) rectify(t *turn) error {
	if _, ok, err := h.currentMeeting(t); err != nil || !ok {
		return err
	}
	return h.startFlow(t, h.flows[flowRectify], t.branch.ID, nil)
}

// rectPoints are the problems of the flow's meeting an item can be made from: its points
// not withdrawn, in the order they were recorded (numbered from 1 in the prompts).
func (h *Handlers) rectPoints(t *turn, a answers) ([]orglife.Point, error) {
	all, err := h.records.Points(t.ctx, t.sess.Branch, a[keyMeeting])
	if err != nil {
		return nil, err
	}
	var out []orglife.Point
	for _, p := range all {
		if !p.Withdrawn {
			out = append(out, p)
		}
	}
	return out, nil
}

func (h *Handlers) rectSourceOptions(t *turn, a answers) ([]option, error) {
	points, err := h.rectPoints(t, a)
	if err != nil {
		return nil, err
	}
	var opts []option
	for i, p := range points {
		if i == rectMaxPoints {
			break
		}
		opts = append(opts, option{label: fmt.Sprintf("%d. %s %s", i+1, p.Area.Name(t.lang), rectClip(p.Problem, rectLabelClip)), value: p.ID})
	}
	return append(opts, option{label: btnRcTypeNew.In(t.lang), value: rectNew}), nil
}

func (h *Handlers) askRectSource(t *turn, a answers) string {
	text := msgRcAskSource.In(t.lang)
	points, err := h.rectPoints(t, a)
	if err != nil {
		h.log.Warn("problems for rectification", "error", err)
		return text
	}
	if len(points) == 0 {
		return text + msgRcNoPoints.In(t.lang)
	}
	if len(points) > rectMaxPoints {
		// The list in the text numbers every problem; only the first have buttons.
		var lines []string
		for i, p := range points {
			lines = append(lines, fmt.Sprintf(msgRcSourceLine.In(t.lang), i+1, p.Area.Name(t.lang), quote(rectClip(p.Problem, 40))))
		}
		text += fmt.Sprintf(msgRcAskSourceNum.In(t.lang), len(points), rectMaxPoints)
		// As many as fit one message; the numbers go on beyond it all the same.
		for _, l := range lines {
			if visibleLen(text)+1+visibleLen(l) > messageLimit-10 {
				text += "\n…"
				break
			}
			text += "\n" + l
		}
	}
	return text
}

// rectSourceCheck takes a typed problem number, for lists longer than the buttons.
func (h *Handlers) rectSourceCheck(t *turn, a answers, text string) (string, string) {
	points, err := h.rectPoints(t, a)
	if err != nil {
		return "", msgInternalError.In(t.lang)
	}
	n, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(orglife.FoldWidth(text), ".")))
	if err != nil || n < 1 || n > len(points) {
		return "", fmt.Sprintf(msgRcBadSource.In(t.lang), max(len(points), 1))
	}
	return points[n-1].ID, ""
}

// rectSourcePoint is the point the item is made from, if any and still there.
func (h *Handlers) rectSourcePoint(t *turn, a answers) (orglife.Point, bool) {
	if a["source"] == "" || a["source"] == rectNew {
		return orglife.Point{}, false
	}
	p, err := h.records.Point(t.ctx, t.sess.Branch, a[keyMeeting], a["source"])
	if err != nil || p.Withdrawn {
		return orglife.Point{}, false
	}
	return p, true
}

// rectProblem is the problem the item answers, as far as the answers go.
func (h *Handlers) rectProblem(t *turn, a answers) string {
	if p, ok := h.rectSourcePoint(t, a); ok {
		return p.Problem
	}
	return a["problem"]
}

func (h *Handlers) rectMeasureOptions(t *turn, a answers) ([]option, error) {
	if p, ok := h.rectSourcePoint(t, a); ok && strings.TrimSpace(p.Measure) != "" {
		return []option{{label: btnRcKeep.In(t.lang), value: rectKeep}}, nil
	}
	return []option{}, nil
}

func (h *Handlers) askRectMeasure(t *turn, a answers) string {
	text := fmt.Sprintf(msgRcAskMeasure.In(t.lang), quote(rectClip(h.rectProblem(t, a), rectTextClip)))
	if p, ok := h.rectSourcePoint(t, a); ok && strings.TrimSpace(p.Measure) != "" {
		text += fmt.Sprintf(msgRcOwnMeasure.In(t.lang), quote(rectClip(p.Measure, rectTextClip)))
	}
	return text
}

func rectMeasureCheck(t *turn, a answers, text string) (string, string) {
	if text == rectKeep { // the button's value, typed: not a measure
		return "", fmt.Sprintf(msgRcTooShort.In(t.lang), rectMinText)
	}
	return rectMinCheck(rectMinText)(t, a, text)
}

// rectMeasure is the measure answered: typed, or the point's own (沿用).
func (h *Handlers) rectMeasure(t *turn, a answers) string {
	if a["measure"] == rectKeep {
		if p, ok := h.rectSourcePoint(t, a); ok {
			return p.Measure
		}
		return ""
	}
	return a["measure"]
}

// rectOwnerOptions are the branch's members; the author of the point first.
func (h *Handlers) rectOwnerOptions(t *turn, a answers) ([]option, error) {
	members, err := h.records.Members(t.ctx, t.sess.Branch)
	if err != nil {
		return nil, err
	}
	first := int64(0)
	if p, ok := h.rectSourcePoint(t, a); ok {
		first = p.MemberID
	}
	var opts []option
	for _, m := range members {
		if m.UserID == first {
			opts = append([]option{{label: m.Name, value: strconv.FormatInt(m.UserID, 10)}}, opts...)
		} else {
			opts = append(opts, option{label: m.Name, value: strconv.FormatInt(m.UserID, 10)})
		}
	}
	if len(opts) > rectMaxPeople {
		opts = opts[:rectMaxPeople]
	}
	return opts, nil
}

func (h *Handlers) askRectOwner(t *turn, a answers) string {
	return fmt.Sprintf(msgRcAskOwner.In(t.lang), quote(rectClip(h.rectMeasure(t, a), rectTextClip)))
}

// rectOwnerCheck takes a typed name: the one member of the branch by that name.
func (h *Handlers) rectOwnerCheck(t *turn, _ answers, text string) (string, string) {
	members, err := h.records.Members(t.ctx, t.sess.Branch)
	if err != nil {
		return "", msgInternalError.In(t.lang)
	}
	var found []int64
	for _, m := range members {
		if m.Name == text {
			found = append(found, m.UserID)
		}
	}
	switch {
	case len(found) > 1: // the same name twice: only a button can tell them apart
		return "", fmt.Sprintf(msgRcOwnerTwins.In(t.lang), len(found))
	case len(found) == 0:
		return "", msgRcBadOwner.In(t.lang)
	}
	return strconv.FormatInt(found[0], 10), ""
}

// rectDeadlineCheck reads a deadline of today or later.
func (h *Handlers) rectDeadlineCheck(t *turn, a answers, text string) (string, string) {
	v, problem := h.upcomingDay(t, a, text)
	if problem == msgDateInPast.In(t.lang) {
		problem = msgRcPastDeadline.In(t.lang) // upcomingDay speaks of a meeting
	}
	return v, problem
}

func rectIntervalOptions(t *turn, _ answers) ([]option, error) {
	var opts []option
	for _, iv := range rectIntervals {
		opts = append(opts, option{label: iv.name.In(t.lang), value: strconv.Itoa(iv.days)})
	}
	return opts, nil
}

func rectIntervalName(days int, lang orglife.Lang) string {
	for _, iv := range rectIntervals {
		if iv.days == days {
			return iv.name.In(lang)
		}
	}
	return fmt.Sprintf(msgRcEveryDays.In(lang), days)
}

// saveRectItem makes the item, plans its follow-ups and tells its owner.
func (h *Handlers) saveRectItem(t *turn, a answers) error {
	m, ok, err := h.flowMeeting(t)
	if err != nil || !ok {
		return err
	}
	it := orglife.RectItem{BranchID: m.BranchID, MeetingID: m.ID, Problem: a["problem"], Measure: h.rectMeasure(t, a),
		Status: orglife.RectNotStarted}
	if a["source"] != rectNew {
		p, ok := h.rectSourcePoint(t, a)
		if !ok {
			return h.conclude(t, msgRcGone.In(t.lang))
		}
		it.PointID, it.Problem = p.ID, p.Problem
	}
	if it.Problem == "" || it.Measure == "" {
		return h.conclude(t, msgStaleButton.In(t.lang))
	}
	it.Owner, _ = strconv.ParseInt(a["owner"], 10, 64)
	owner, isMember, err := h.records.Member(t.ctx, m.BranchID, it.Owner)
	if err != nil {
		return err
	}
	if !isMember {
		return h.conclude(t, msgRcOwnerGone.In(t.lang))
	}
	if err := it.Deadline.UnmarshalText([]byte(a["deadline"])); err != nil || it.Deadline.IsZero() {
		return h.conclude(t, msgStaleButton.In(t.lang))
	}
	if it.ReviewDays, err = strconv.Atoi(a["review"]); err != nil || it.ReviewDays < 1 {
		return h.conclude(t, msgStaleButton.In(t.lang))
	}
	// The id, number and time are drawn once per run and kept in the session, so that an
	// update retried after a failure mid-save saves the same item again, not a second one.
	if a["_id"] == "" {
		id, err := h.records.NextID(t.ctx, m.BranchID)
		if err != nil {
			return err
		}
		n, err := h.records.NextRectNumber(t.ctx, m.BranchID, m.ID)
		if err != nil {
			return err
		}
		if err := h.remember(t, a, map[string]string{
			"_id": "r" + id, "_n": strconv.Itoa(n), "_at": h.opts.Now().UTC().Format(time.RFC3339Nano)}); err != nil {
			return err
		}
	}
	it.ID = a["_id"]
	it.Number, _ = strconv.Atoi(a["_n"])
	it.CreatedAt, _ = time.Parse(time.RFC3339Nano, a["_at"])
	if err := h.records.SaveRectItem(t.ctx, it); err != nil {
		return err
	}
	if err := h.replanItem(t.ctx, it); err != nil {
		return err
	}
	if it.Owner == t.userID {
		return h.conclude(t, fmt.Sprintf(msgRcCreatedSelf.In(t.lang), it.Number, rectCard(t.lang, it, owner.Name)))
	}
	h.rectNotify(t, it.Owner, func(lang orglife.Lang) string {
		return fmt.Sprintf(msgRcAssigned.In(lang), it.Number, rectCard(lang, it, owner.Name))
	}, btnReport, "go:"+cmdProgress)
	return h.conclude(t, fmt.Sprintf(msgRcCreated.In(t.lang), it.Number, rectCard(t.lang, it, owner.Name)))
}

// rectCard is an item's problem, measure, owner, deadline and review interval (HTML).
func rectCard(lang orglife.Lang, it orglife.RectItem, owner string) string {
	return fmt.Sprintf(msgRcCard.In(lang), quote(rectClip(it.Problem, rectTextClip)), quote(rectClip(it.Measure, rectTextClip)),
		quote(owner), it.Deadline.In(lang), rectIntervalName(it.ReviewDays, lang))
}

// rectNotify tells another user, in their language, with one button; failures are logged.
func (h *Handlers) rectNotify(t *turn, userID int64, text func(orglife.Lang) string, label Text, data string) {
	lang, err := h.language(t.ctx, userID)
	if err != nil {
		h.log.Warn("notice", "user", userID, "error", err)
		return
	}
	msg := tgbotapi.NewMessage(userID, text(lang))
	msg.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
		tgbotapi.NewInlineKeyboardButtonData(label.In(lang), data)))
	if _, err := h.out.Send(t.ctx, htmlMessage(msg)); err != nil {
		h.log.Warn("notice not sent", "user", userID, "error", err)
	}
}

// --- /progress ---

func (h *Handlers) rectProgress(t *turn) error {
	m, ok, err := h.currentMeeting(t)
	if err != nil || !ok {
		return err
	}
	mine, err := h.rectOpenItemsOf(t, m.BranchID, m.ID, t.userID)
	if err != nil {
		return err
	}
	if len(mine) == 0 {
		return h.say(t.ctx, t.chatID, msgRcNoItems.In(t.lang))
	}
	return h.startFlow(t, h.flows[flowRectReport], t.branch.ID, nil)
}

// rectOpenItemsOf are the items of a meeting the user is responsible for and that are
// not closed.
func (h *Handlers) rectOpenItemsOf(t *turn, branchID, meetingID string, user int64) ([]orglife.RectItem, error) {
	all, err := h.records.RectItems(t.ctx, branchID, meetingID)
	if err != nil {
		return nil, err
	}
	var mine []orglife.RectItem
	for _, it := range all {
		if it.Owner == user && it.Open() {
			mine = append(mine, it)
		}
	}
	return mine, nil
}

func (h *Handlers) rectMyItemOptions(t *turn, a answers) ([]option, error) {
	mine, err := h.rectOpenItemsOf(t, t.sess.Branch, a[keyMeeting], t.userID)
	if err != nil {
		return nil, err
	}
	var opts []option
	for _, it := range mine {
		opts = append(opts, option{label: fmt.Sprintf(msgRcItemLabel.In(t.lang), it.Number, rectClip(it.Measure, rectLabelClip)), value: it.ID})
	}
	return opts, nil
}

// rectMine loads the item a report is about, if it is still the user's and open.
func (h *Handlers) rectMine(t *turn, a answers) (orglife.RectItem, bool, error) {
	it, err := h.records.RectItem(t.ctx, t.sess.Branch, a[keyMeeting], a["item"])
	if errors.Is(err, state.ErrNotFound) {
		return it, false, nil
	}
	if err != nil {
		return it, false, err
	}
	return it, it.Owner == t.userID && it.Open(), nil
}

func rectStatusOptions(t *turn, _ answers) ([]option, error) {
	var opts []option
	for _, s := range rectReportStatuses {
		opts = append(opts, option{label: rectReportNames[s].In(t.lang), value: string(s)})
	}
	return opts, nil
}

func (h *Handlers) askRectStatus(t *turn, a answers) string {
	it, _, err := h.rectMine(t, a)
	if err != nil {
		h.log.Warn("item to report on", "item", a["item"], "error", err)
	}
	return fmt.Sprintf(msgRcAskStatus.In(t.lang), it.Number, quote(rectClip(it.Measure, rectTextClip)), it.Deadline.In(t.lang), it.Status.Name(t.lang))
}

// saveRectReport appends the owner's report; a report of 已完成 goes to the secretary to
// confirm or send back.
// errRectChanged refuses a change to an item that another change has overtaken.
var errRectChanged = errors.New("the item changed meanwhile")

func (h *Handlers) saveRectReport(t *turn, a answers) error {
	it, ok, err := h.rectMine(t, a)
	if err != nil {
		return err
	}
	status := orglife.RectStatus(a["status"])
	if _, known := rectReportNames[status]; !known {
		return h.conclude(t, msgStaleButton.In(t.lang))
	}
	if !ok {
		return h.conclude(t, msgRcNotYours.In(t.lang))
	}
	if a["_at"] == "" {
		if err := h.remember(t, a, map[string]string{"_at": h.opts.Now().UTC().Format(time.RFC3339Nano)}); err != nil {
			return err
		}
	}
	at, _ := time.Parse(time.RFC3339Nano, a["_at"])
	report := orglife.RectReport{At: at, By: t.userID, Status: status, Note: a["note"], Evidence: a["evidence"], Kind: "report"}
	it, err = h.records.UpdateRectItem(t.ctx, it.BranchID, it.MeetingID, it.ID, func(cur *orglife.RectItem) error {
		if cur.Owner != t.userID || !cur.Open() {
			return errRectChanged
		}
		if !rectHasReport(*cur, report) { // not already saved by an earlier try of this update
			cur.Progress = append(cur.Progress, report)
		}
		cur.Status = status
		return nil
	})
	if errors.Is(err, errRectChanged) {
		return h.conclude(t, msgStaleButton.In(t.lang))
	}
	if err != nil {
		return err
	}
	if err := h.replanItem(t.ctx, it); err != nil {
		return err
	}
	text := fmt.Sprintf(msgRcReported.In(t.lang), it.Number, rectReportNames[status].In(t.lang))
	if status == orglife.RectReported {
		if err := h.sendRectDone(t, it, report); err != nil {
			return err
		}
		text += msgRcReportedDone.In(t.lang)
	}
	return h.conclude(t, text)
}

func rectHasReport(it orglife.RectItem, r orglife.RectReport) bool {
	for _, p := range it.Progress {
		if p.At.Equal(r.At) && p.By == r.By && p.Kind == r.Kind {
			return true
		}
	}
	return false
}

// rectData is the data of a button on a completion report; the handler trusts none of it.
func rectData(it orglife.RectItem, action string) string {
	return strings.Join([]string{rectButton, it.BranchID, it.MeetingID, it.ID, action}, ":")
}

// sendRectDone asks the branch's secretary to confirm a reported completion: the evidence
// first when there is some, then the report with 确认销号 / 退回.
func (h *Handlers) sendRectDone(t *turn, it orglife.RectItem, r orglife.RectReport) error {
	b, err := h.records.Branch(t.ctx, it.BranchID)
	if err != nil {
		return err
	}
	members, err := h.records.Members(t.ctx, it.BranchID)
	if err != nil {
		return err
	}
	ok, no := rectData(it, rectConfirm), rectData(it, rectReopen)
	if len(ok) > 64 || len(no) > 64 {
		return fmt.Errorf("item %s: confirmation data too long", it.ID)
	}
	lang, err := h.language(t.ctx, b.SecretaryID)
	if err != nil {
		return err
	}
	owner := memberName(members, it.Owner)
	extra := ""
	if r.Evidence != "" {
		caption := fmt.Sprintf(msgRcEvidenceCap.In(lang), it.Number, owner)
		if h.sendRectEvidence(t, b.SecretaryID, r.Evidence, caption) {
			extra = msgRcEvidenceAbove.In(lang)
		}
	}
	text := fmt.Sprintf(msgRcDoneNotice.In(lang), quote(owner), it.Number, rectCard(lang, it, owner), quote(rectClip(r.Note, rectTextClip)), extra)
	msg := tgbotapi.NewMessage(b.SecretaryID, text)
	msg.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
		tgbotapi.NewInlineKeyboardButtonData(btnRcConfirm.In(lang), ok),
		tgbotapi.NewInlineKeyboardButtonData(btnRcReopen.In(lang), no)))
	if _, err := h.out.Send(t.ctx, htmlMessage(msg)); err != nil {
		// The report is kept; the secretary sees it in the ledger.
		h.log.Warn("completion report not sent", "user", b.SecretaryID, "item", it.ID, "error", err)
	}
	return nil
}

// sendRectEvidence shows the secretary the evidence by its file id: as a photo, or, when
// Telegram says it is not one, as a file. It reports whether it went out.
func (h *Handlers) sendRectEvidence(t *turn, chatID int64, fileID, caption string) bool {
	photo := tgbotapi.NewPhoto(chatID, tgbotapi.FileID(fileID))
	photo.Caption = caption
	_, err := h.out.Send(t.ctx, photo)
	var sendErr *SendError
	if errors.As(err, &sendErr) && sendErr.Code == 400 {
		doc := tgbotapi.NewDocument(chatID, tgbotapi.FileID(fileID))
		doc.Caption = caption
		_, err = h.out.Send(t.ctx, doc)
	}
	if err != nil {
		h.log.Warn("evidence not sent", "user", chatID, "error", err)
		return false
	}
	return true
}

// --- 确认销号 / 退回 ---

// rectReportedItem loads an item waiting for confirmation, for the branch's secretary; ok is
// false when the presser is not the secretary now, or the item is gone or not waiting.
func (h *Handlers) rectReportedItem(t *turn, branchID, meetingID, itemID string) (orglife.RectItem, bool, error) {
	var it orglife.RectItem
	b, err := h.records.Branch(t.ctx, branchID)
	if errors.Is(err, state.ErrNotFound) {
		return it, false, nil
	}
	if err != nil {
		return it, false, err
	}
	me, isMember, err := h.records.Member(t.ctx, branchID, t.userID)
	if err != nil && !errors.Is(err, state.ErrNotFound) {
		return it, false, err
	}
	if !isMember || me.Role != orglife.RoleSecretary || b.SecretaryID != t.userID {
		return it, false, nil
	}
	it, err = h.records.RectItem(t.ctx, branchID, meetingID, itemID)
	if errors.Is(err, state.ErrNotFound) {
		return it, false, nil
	}
	if err != nil {
		return it, false, err
	}
	return it, it.Status == orglife.RectReported, nil
}

func (h *Handlers) onRectButton(t *turn, args []string) error {
	if len(args) != 4 || (args[3] != rectConfirm && args[3] != rectReopen) {
		return h.stale(t.ctx, t.query, t.lang)
	}
	branchID, meetingID, itemID := args[0], args[1], args[2]
	it, ok, err := h.rectReportedItem(t, branchID, meetingID, itemID)
	if err != nil {
		return err
	}
	if !ok {
		return h.stale(t.ctx, t.query, t.lang)
	}
	members, err := h.records.Members(t.ctx, branchID)
	if err != nil {
		return err
	}
	owner := memberName(members, it.Owner)
	if args[3] == rectReopen {
		if err := h.answer(t.ctx, t.query.ID, ""); err != nil {
			return err
		}
		msgID := t.query.Message.MessageID
		t.query = nil // the comment is asked in a new message; the report keeps its buttons
		return h.startFlow(t, h.flows[flowRectReopen], branchID, answers{keyMeeting: meetingID, "item": itemID,
			"owner": owner, "msg": strconv.Itoa(msgID)})
	}
	now := h.opts.Now()
	today := h.today(t)
	it, err = h.records.UpdateRectItem(t.ctx, branchID, meetingID, itemID, func(cur *orglife.RectItem) error {
		if cur.Status != orglife.RectReported { // confirmed, sent back or reported on meanwhile
			return errRectChanged
		}
		cur.Status, cur.ClosedOn = orglife.RectClosed, today
		cur.Progress = append(cur.Progress, orglife.RectReport{At: now, By: t.userID, Status: orglife.RectClosed, Kind: "confirm"})
		return nil
	})
	if errors.Is(err, errRectChanged) {
		return h.stale(t.ctx, t.query, t.lang)
	}
	if err != nil {
		return err
	}
	if err := h.replanItem(t.ctx, it); err != nil {
		return err
	}
	if it.Owner != t.userID {
		h.tell(t, it.Owner, func(lang orglife.Lang) string {
			return fmt.Sprintf(msgRcClosedTold.In(lang), it.Number, quote(rectClip(it.Measure, rectTextClip)))
		})
	}
	return h.editQuery(t, fmt.Sprintf(msgRcClosed.In(t.lang), it.Number, today.In(t.lang))+"\n"+rectCard(t.lang, it, owner), nil)
}

func (h *Handlers) askRectComment(t *turn, a answers) string {
	it, err := h.records.RectItem(t.ctx, t.sess.Branch, a[keyMeeting], a["item"])
	if err != nil {
		h.log.Warn("item to send back", "item", a["item"], "error", err)
	}
	return fmt.Sprintf(msgRcAskComment.In(t.lang), it.Number, quote(rectClip(it.Measure, rectTextClip)), quote(a["owner"]))
}

// saveRectReopen sends the item back to its owner with the secretary's comment.
func (h *Handlers) saveRectReopen(t *turn, a answers) error {
	it, ok, err := h.rectReportedItem(t, t.sess.Branch, a[keyMeeting], a["item"])
	if err != nil {
		return err
	}
	if !ok {
		return h.conclude(t, fmt.Sprintf(msgRcHandled.In(t.lang), it.Status.Name(t.lang)))
	}
	at := h.opts.Now()
	before := it
	it, err = h.records.UpdateRectItem(t.ctx, it.BranchID, it.MeetingID, it.ID, func(cur *orglife.RectItem) error {
		if cur.Status != orglife.RectReported {
			return errRectChanged
		}
		cur.Status = orglife.RectInProgress
		cur.Progress = append(cur.Progress, orglife.RectReport{At: at, By: t.userID, Status: orglife.RectInProgress,
			Note: a["comment"], Kind: "reopen"})
		return nil
	})
	if errors.Is(err, errRectChanged) {
		latest, lerr := h.records.RectItem(t.ctx, before.BranchID, before.MeetingID, before.ID)
		if lerr != nil {
			latest = before
		}
		return h.conclude(t, fmt.Sprintf(msgRcHandled.In(t.lang), latest.Status.Name(t.lang)))
	}
	if err != nil {
		return err
	}
	if err := h.replanItem(t.ctx, it); err != nil {
		return err
	}
	if it.Owner != t.userID {
		h.tell(t, it.Owner, func(lang orglife.Lang) string {
			return fmt.Sprintf(msgRcReopenedTold.In(lang), it.Number, quote(rectClip(it.Measure, rectTextClip)), quote(a["comment"]))
		})
	}
	// The report whose 退回 was pressed loses its buttons: the item is answered.
	if msgID, err := strconv.Atoi(a["msg"]); err == nil && msgID != 0 {
		if err := h.closePrompt(t.ctx, t.chatID, msgID, fmt.Sprintf(msgRcReopenedNote.In(t.lang), it.Number)); err != nil {
			h.log.Debug("report not closed", "chat", t.chatID, "message", msgID, "error", err)
		}
	}
	return h.conclude(t, fmt.Sprintf(msgRcReopened.In(t.lang), it.Number, quote(a["owner"]), quote(a["comment"])))
}

// --- /ledger ---

// rectLedger shows the 整改台账 of the current meeting: every item with its state, overdue
// ones marked, in as many messages as it takes.
func (h *Handlers) rectLedger(t *turn) error {
	m, ok, err := h.currentMeeting(t)
	if err != nil || !ok {
		return err
	}
	items, err := h.records.RectItems(t.ctx, m.BranchID, m.ID)
	if err != nil {
		return err
	}
	if t.member.Role != orglife.RoleSecretary {
		// The whole ledger, with the secretary's comments on each item, is the secretary's;
		// a member sees their own items.
		items = slices.DeleteFunc(items, func(it orglife.RectItem) bool { return it.Owner != t.userID })
	}
	if len(items) == 0 {
		return h.say(t.ctx, t.chatID, msgRcLedgerNone.In(t.lang))
	}
	members, err := h.records.Members(t.ctx, m.BranchID)
	if err != nil {
		return err
	}
	today := h.today(t)
	closed, waiting, overdue := 0, 0, 0
	var blocks []string
	for _, it := range items {
		switch {
		case !it.Open():
			closed++
		case it.Status == orglife.RectReported:
			waiting++
		}
		if it.Overdue(today) {
			overdue++
		}
		blocks = append(blocks, "", rectLedgerItem(t.lang, it, ownerLabel(members, it.Owner, t.lang), today, h.loc(t)))
	}
	head := fmt.Sprintf(msgRcLedgerHead.In(t.lang), quote(m.Title), len(items), closed, waiting, overdue)
	for _, page := range packBlocks(append([]string{head}, blocks...), messageLimit) {
		if err := h.say(t.ctx, t.chatID, page); err != nil {
			return err
		}
	}
	return nil
}

// rectLedgerItem is one item of the ledger as one HTML block, user text clipped and quoted.
func rectLedgerItem(lang orglife.Lang, it orglife.RectItem, owner string, today orglife.Date, loc *time.Location) string {
	status := it.Status.Name(lang)
	if it.Overdue(today) {
		status += fmt.Sprintf(msgRcOverdue.In(lang), it.Deadline.DaysUntil(today))
	}
	text := fmt.Sprintf(msgRcLedgerItem.In(lang), it.Number, quote(rectClip(it.Problem, rectTextClip)),
		quote(rectClip(it.Measure, rectTextClip)), quote(owner), it.Deadline.In(lang), status)
	reports := 0
	var last, reopen *orglife.RectReport
	for i := range it.Progress {
		switch it.Progress[i].Kind {
		case "report":
			reports++
			last, reopen = &it.Progress[i], nil
		case "reopen":
			reopen = &it.Progress[i]
		}
	}
	if last != nil {
		note := quote(rectClip(last.Note, rectTextClip))
		if last.Evidence != "" {
			note += msgRcWithEvidence.In(lang)
		}
		text += fmt.Sprintf(msgRcLastProgress.In(lang), orglife.DateOf(last.At, loc).In(lang), note)
	} else {
		text += msgRcNoProgress.In(lang)
	}
	if reopen != nil && it.Open() {
		text += fmt.Sprintf(msgRcLastReopen.In(lang), orglife.DateOf(reopen.At, loc).In(lang), quote(rectClip(reopen.Note, rectTextClip)))
	}
	if !it.ClosedOn.IsZero() && !it.Open() {
		text += fmt.Sprintf(msgRcClosedOn.In(lang), it.ClosedOn.In(lang))
	}
	return text + fmt.Sprintf(msgRcReviewCount.In(lang), reports)
}

// --- small helpers ---

// rectMinCheck accepts typed text of at least min characters.
func rectMinCheck(min int) func(t *turn, a answers, text string) (string, string) {
	return func(t *turn, _ answers, text string) (string, string) {
		if utf8.RuneCountInString(text) < min {
			return "", fmt.Sprintf(msgRcTooShort.In(t.lang), min)
		}
		return text, ""
	}
}

// rectClip shortens user text to n characters, marking the cut with "…" (before quoting).
func rectClip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
