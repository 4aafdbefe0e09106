package bot

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
	"orglife/state"
)

// 查摆问题: members record their self-examination points (/point), list, edit and withdraw
// them until the step's deadline (/mypoints); the secretary sees and may change everyone's
// at any time (/points), every change logged.

const (
	// flowPoint is named as the draft kind the idle sweep keeps a half-written point under.
	flowPoint      = "point"
	flowPointEdit  = "pointedit"
	flowPointDraft = "pointdraft"

	// pointButton prefixes the buttons of point lists: pt:<branch>:<meeting>:<point>:<action>.
	pointButton = "pt"

	pointMinProblem = 4   // a problem needs at least this many characters
	pointListClip   = 300 // how much of a problem a list shows
	pointNoteClip   = 100 // how much of a cause or measure a list shows, and a log summary
	pointDetailClip = 1000
	pointsPerMsg    = 20   // points (and button rows) per list message
	pointMsgLimit   = 4000 // under Telegram's 4096, counted in UTF-16 units of the HTML
)

// The fields of a point a member can change.
const (
	pointFieldArea    = "area"
	pointFieldSource  = "source"
	pointFieldProblem = "problem"
	pointFieldCause   = "cause"
	pointFieldMeasure = "measure"
)

var pointFields = []string{pointFieldArea, pointFieldSource, pointFieldProblem, pointFieldCause, pointFieldMeasure}

var pointFieldNames = map[string]Text{
	pointFieldArea:    {ZH: "方面", EN: "Area"},
	pointFieldSource:  {ZH: "来源", EN: "Source"},
	pointFieldProblem: {ZH: "问题", EN: "Problem"},
	pointFieldCause:   {ZH: "原因", EN: "Cause"},
	pointFieldMeasure: {ZH: "措施", EN: "Measure"},
}

var (
	msgPtAskPointArea   = Text{ZH: "<b>查摆问题</b>\n这个问题属于哪个方面？", EN: "<b>Self-examination</b>\nWhich area is the problem in?"}
	msgPtAskPointSource = Text{ZH: "方面：<b>%s</b>\n这个问题是怎么查摆出来的？", EN: "Area: <b>%s</b>\nHow was the problem found?"}
	msgPtAskProblem     = Text{
		ZH: "方面：<b>%s</b>　来源：<b>%s</b>\n请用自己的话写下这个问题，越具体越好（在什么事情上、有什么表现）：",
		EN: "Area: <b>%s</b>  Source: <b>%s</b>\nDescribe the problem in your own words, as concretely as you can (on what occasion, how it showed):",
	}
	msgPtPointTooShort = Text{ZH: "请把问题写得具体一些（至少 %d 个字）。", EN: "Please describe the problem a little more (at least %d characters)."}
	msgPtAskExample    = Text{
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
	msgPtPointSavedLate = Text{ZH: "（查摆问题时限已过，如需修改请联系支部书记。）", EN: "(The deadline for points has passed; ask the branch secretary for changes.)"}
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

func (h *Handlers) pointCommands() []Command {
	return []Command{
		{Name: "point", Desc: Text{ZH: "记录查摆问题", EN: "Record a self-examination point"}, Role: orglife.RoleMember, run: h.newPoint},
		{Name: "mypoints", Desc: Text{ZH: "我的查摆问题", EN: "My points"}, Role: orglife.RoleMember, run: h.myPoints},
		{Name: "points", Desc: Text{ZH: "全支部查摆问题清单", EN: "Every member's points"}, Role: orglife.RoleSecretary, run: h.allPoints},
	}
}

func (h *Handlers) pointFlows() []*flow {
	isField := func(fields ...string) func(*turn, answers) bool {
		return func(_ *turn, a answers) bool {
			for _, f := range fields {
				if a["field"] == f {
					return true
				}
			}
			return false
		}
	}
	return []*flow{
		{
			name: flowPoint, need: orglife.RoleMember, draft: "point",
			questions: []question{
				{key: "area", options: pointAreaOptions, ask: func(t *turn, _ answers) string { return msgPtAskPointArea.In(t.lang) }},
				{key: "source", options: pointSourceOptions, ask: func(t *turn, a answers) string {
					return fmt.Sprintf(msgPtAskPointSource.In(t.lang), pointAreaName(a["area"], t.lang))
				}},
				{key: "problem", typed: true, check: pointMinTextCheck(pointMinProblem, msgPtPointTooShort),
					ask: func(t *turn, a answers) string {
						return fmt.Sprintf(msgPtAskProblem.In(t.lang), pointAreaName(a["area"], t.lang), pointSourceName(a["source"], t.lang))
					}},
				// Asked once, only for a problem too short or a stock phrase alone.
				{key: "example", typed: true, optional: true, check: h.exampleCheck,
					when: func(_ *turn, a answers) bool { return orglife.NeedsExample(a["problem"]) },
					ask: func(t *turn, a answers) string {
						return fmt.Sprintf(msgPtAskExample.In(t.lang), quote(pointClip(a["problem"], pointListClip)))
					}},
				{key: "cause", typed: true, optional: true, ask: func(t *turn, _ answers) string { return msgPtAskCause.In(t.lang) }},
				{key: "measure", typed: true, optional: true, ask: func(t *turn, _ answers) string { return msgPtAskMeasure.In(t.lang) }},
			},
			finish: h.savePoint,
		},
		{
			name: flowPointDraft, need: orglife.RoleMember,
			questions: []question{{key: "choice",
				options: func(t *turn, _ answers) ([]option, error) {
					return []option{{btnPtResume.In(t.lang), "resume"}, {btnPtRestart.In(t.lang), "restart"}}, nil
				},
				ask: func(t *turn, a answers) string {
					text := msgPtAskDraft.In(t.lang)
					if a["problem"] != "" {
						text += fmt.Sprintf(msgPtDraftProblem.In(t.lang), quote(pointClip(a["problem"], pointListClip)))
					}
					return text
				}}},
			finish: h.finishPointDraft,
		},
		{
			// Preset with branch, meeting and point: the point's ids, never its content.
			name: flowPointEdit, need: orglife.RoleMember,
			questions: []question{
				{key: "field", options: pointFieldOptions, ask: h.askPointField},
				{key: "area", options: pointAreaOptions, when: isField(pointFieldArea), ask: h.askPointArea},
				{key: "source", options: pointSourceOptions, when: isField(pointFieldSource), ask: h.askPointSource},
				{key: "text", typed: true, when: isField(pointFieldProblem, pointFieldCause, pointFieldMeasure), check: pointTextCheck, ask: h.askPointText},
			},
			finish: h.saveEditedPoint,
		},
	}
}

func (h *Handlers) pointButtons() map[string]buttonHandler {
	return map[string]buttonHandler{pointButton: h.onPointButton}
}

// --- /point ---

func (h *Handlers) newPoint(t *turn) error {
	if _, ok, err := h.currentMeeting(t); err != nil || !ok {
		return err
	}
	saved, err := h.pointDraft(t)
	if err != nil {
		return err
	}
	if saved != nil {
		return h.startFlow(t, h.flows[flowPointDraft], t.branch.ID, answers{"problem": saved["problem"]})
	}
	return h.startFlow(t, h.flows[flowPoint], t.branch.ID, nil)
}

// pointDraft reads the user's unfinished point, keeping only answers that are still
// valid; an empty or unreadable draft is dropped.
func (h *Handlers) pointDraft(t *turn) (answers, error) {
	raw, err := h.records.Draft(t.ctx, t.userID, flowPoint)
	if err != nil || raw == nil {
		return nil, err
	}
	var all map[string]string
	if err := json.Unmarshal(raw, &all); err != nil {
		h.log.Warn("unreadable point draft dropped", "user", t.userID, "error", err)
	}
	if b := all[keyBranch]; b != "" && b != t.branch.ID {
		return nil, nil // written in another branch: kept for when the user is back there
	}
	saved := answers{}
	if _, ok := pointParseArea(all["area"]); ok {
		saved["area"] = all["area"]
	}
	if _, ok := pointParseSource(all["source"]); ok {
		saved["source"] = all["source"]
	}
	textOK := func(s string, min int) bool {
		n := utf8.RuneCountInString(s)
		return n >= min && n <= h.opts.MaxText
	}
	if p, ok := all["problem"]; ok && textOK(p, pointMinProblem) {
		saved["problem"] = p
		if ex, ok := all["example"]; ok && (ex == "" || textOK(pointWithExample(p, ex, t.lang), 1)) {
			saved["example"] = ex
		}
	}
	for _, k := range []string{"cause", "measure"} {
		if v, ok := all[k]; ok && (v == "" || textOK(v, 1)) {
			saved[k] = v
		}
	}
	if len(saved) == 0 {
		return nil, h.records.DeleteDraft(t.ctx, t.userID, flowPoint)
	}
	return saved, nil
}

// finishPointDraft resumes the draft or starts over; either way the draft is gone.
func (h *Handlers) finishPointDraft(t *turn, a answers) error {
	saved, err := h.pointDraft(t)
	if err != nil {
		return err
	}
	if err := h.records.DeleteDraft(t.ctx, t.userID, flowPoint); err != nil {
		return err
	}
	branch, prompt := t.sess.Branch, t.sess.Prompt
	if err := h.store.DeleteSession(t.ctx, t.chatID, t.userID); err != nil {
		return err
	}
	resume := a["choice"] == "resume" && saved != nil
	closing := msgPtDraftDropped
	if resume {
		closing = msgPtDraftResumed
	}
	if prompt != 0 {
		if err := h.closePrompt(t.ctx, t.chatID, prompt, closing.In(t.lang)); err != nil {
			return err
		}
	}
	t.query = nil // the prompt is closed: the flow asks in a new message
	if resume {
		return h.resumeFlow(t, h.flows[flowPoint], branch, saved)
	}
	return h.startFlow(t, h.flows[flowPoint], branch, nil)
}

func (h *Handlers) exampleCheck(t *turn, a answers, text string) (string, string) {
	if utf8.RuneCountInString(text) < 2 {
		return "", msgPtExampleTooShort.In(t.lang)
	}
	if n := utf8.RuneCountInString(pointWithExample(a["problem"], text, t.lang)); n > h.opts.MaxText {
		return "", fmt.Sprintf(msgPtExampleTooLong.In(t.lang), n, h.opts.MaxText)
	}
	return text, ""
}

// pointWithExample is the problem with the member's concrete example appended.
func pointWithExample(problem, example string, lang orglife.Lang) string {
	example = strings.TrimSpace(example)
	if example == "" {
		return problem
	}
	for _, p := range []string{"例如：", "例如:", "例如，", "例如", "比如：", "比如:", "比如，", "比如"} {
		example = strings.TrimPrefix(example, p)
	}
	p := strings.TrimRight(strings.TrimSpace(problem), "。.;；，,!！ ")
	if lang == orglife.LangEN {
		return p + ". For example: " + strings.TrimSpace(example)
	}
	return p + "。例如：" + strings.TrimSpace(example)
}

func (h *Handlers) savePoint(t *turn, a answers) error {
	area, okA := pointParseArea(a["area"])
	source, okS := pointParseSource(a["source"])
	if !okA || !okS || a["problem"] == "" {
		return h.conclude(t, msgStaleButton.In(t.lang))
	}
	m, ok, err := h.flowMeeting(t)
	if err != nil || !ok {
		return err
	}
	if isMember, err := h.stillMember(t, m.BranchID); err != nil {
		return err
	} else if !isMember {
		return h.conclude(t, msgNotInBranch.In(t.lang))
	}
	id, err := h.recordID(t, a, "p")
	if err != nil {
		return err
	}
	now := h.opts.Now()
	p := orglife.Point{ID: id, MeetingID: m.ID, MemberID: t.userID, Area: area, Source: source,
		Problem: pointWithExample(a["problem"], a["example"], t.lang), Cause: a["cause"], Measure: a["measure"],
		CreatedAt: now, UpdatedAt: now}
	change := state.PointChange{By: t.userID, At: now, Action: state.PointCreate, After: pointSummary(p, orglife.LangZH)}
	if err := h.records.SavePoint(t.ctx, m.BranchID, p, change); err != nil {
		return err
	}
	text := fmt.Sprintf(msgPtPointSaved.In(t.lang), area.Name(t.lang), source.Name(t.lang), quote(pointClip(p.Problem, pointListClip)))
	if !pointsOpen(m, h.today(t)) {
		text += "\n" + msgPtPointSavedLate.In(t.lang)
	}
	return h.conclude(t, text)
}

// flowMeeting is the current meeting of the flow's branch; without one it tells the user.
func (h *Handlers) flowMeeting(t *turn) (orglife.Meeting, bool, error) {
	m, err := h.meetingOf(t)
	if errors.Is(err, state.ErrNotFound) {
		return m, false, h.conclude(t, msgNoMeeting.In(t.lang))
	}
	return m, err == nil, err
}

// --- /mypoints and /points ---

// pointEntry is one point of a list: its text and its row of buttons.
type pointEntry struct {
	text string
	row  []tgbotapi.InlineKeyboardButton
}

func (h *Handlers) myPoints(t *turn) error {
	m, ok, err := h.currentMeeting(t)
	if err != nil || !ok {
		return err
	}
	all, err := h.records.Points(t.ctx, m.BranchID, m.ID)
	if err != nil {
		return err
	}
	var mine []orglife.Point
	for _, p := range all {
		if p.MemberID == t.userID && !p.Withdrawn {
			mine = append(mine, p)
		}
	}
	if len(mine) == 0 {
		return h.say(t.ctx, t.chatID, msgPtNoMyPoints.In(t.lang))
	}
	open := pointsOpen(m, h.today(t))
	canChange := open || t.member.Role == orglife.RoleSecretary
	entries := make([]pointEntry, 0, len(mine))
	for i, p := range mine {
		e := pointEntry{text: fmt.Sprintf("%d. %s", i+1, pointLine(p, t.lang))}
		if canChange {
			e.row = pointRow(t.lang, m, p, i+1)
		}
		entries = append(entries, e)
	}
	step, hasStep := m.Step(orglife.StepPoints)
	var footer string
	switch {
	case !canChange:
		footer = fmt.Sprintf(msgPtPointsClosedFor.In(t.lang), step.Deadline.In(t.lang))
	case open && hasStep:
		footer = fmt.Sprintf(msgPtPointsOpenUntil.In(t.lang), step.Deadline.In(t.lang))
	case !open:
		footer = msgPtAllPointsFooter.In(t.lang)
	default:
		footer = msgPtPointsOpen.In(t.lang)
	}
	header := fmt.Sprintf(msgPtMyPointsHeader.In(t.lang), quote(m.Title), len(mine))
	return h.sendPointList(t, header, entries, footer)
}

func (h *Handlers) allPoints(t *turn) error {
	m, ok, err := h.currentMeeting(t)
	if err != nil || !ok {
		return err
	}
	all, err := h.records.Points(t.ctx, m.BranchID, m.ID)
	if err != nil {
		return err
	}
	members, err := h.records.Members(t.ctx, m.BranchID)
	if err != nil {
		return err
	}
	// By member in the branch's order (people who have left last), then as recorded.
	byMember := map[int64][]orglife.Point{}
	var order []int64
	listed := map[int64]bool{}
	for _, mb := range members {
		order, listed[mb.UserID] = append(order, mb.UserID), true
	}
	for _, p := range all {
		if p.Withdrawn {
			continue
		}
		if !listed[p.MemberID] {
			order, listed[p.MemberID] = append(order, p.MemberID), true
		}
		byMember[p.MemberID] = append(byMember[p.MemberID], p)
	}
	var entries []pointEntry
	people := 0
	for _, uid := range order {
		ps := byMember[uid]
		if len(ps) > 0 {
			people++
		}
		for _, p := range ps {
			n := len(entries) + 1
			entries = append(entries, pointEntry{
				text: fmt.Sprintf("%d. <b>%s</b> %s", n, quote(memberName(members, uid)), pointLine(p, t.lang)),
				row:  pointRow(t.lang, m, p, n),
			})
		}
	}
	if len(entries) == 0 {
		return h.say(t.ctx, t.chatID, msgPtNoPointsYet.In(t.lang))
	}
	header := fmt.Sprintf(msgPtAllPointsHeader.In(t.lang), quote(m.Title), people, len(entries))
	return h.sendPointList(t, header, entries, msgPtAllPointsFooter.In(t.lang))
}

// pointLine is a point as a list shows it, user text quoted.
func pointLine(p orglife.Point, lang orglife.Lang) string {
	line := fmt.Sprintf("【%s · %s】\n%s", p.Area.Name(lang), p.Source.Name(lang), quote(pointClip(p.Problem, pointListClip)))
	if p.Cause != "" {
		line += "\n" + fmt.Sprintf(msgPtCauseLine.In(lang), quote(pointClip(p.Cause, pointNoteClip)))
	}
	if p.Measure != "" {
		line += "\n" + fmt.Sprintf(msgPtMeasureLine.In(lang), quote(pointClip(p.Measure, pointNoteClip)))
	}
	return line
}

func pointRow(lang orglife.Lang, m orglife.Meeting, p orglife.Point, n int) []tgbotapi.InlineKeyboardButton {
	return tgbotapi.NewInlineKeyboardRow(
		tgbotapi.NewInlineKeyboardButtonData(fmt.Sprintf(btnPtEditN.In(lang), n), pointData(m.BranchID, m.ID, p.ID, "e")),
		tgbotapi.NewInlineKeyboardButtonData(fmt.Sprintf(btnPtWithdrawN.In(lang), n), pointData(m.BranchID, m.ID, p.ID, "w")))
}

// pointData is a point button's data: ids only; the handler checks everything again.
func pointData(branchID, meetingID, pointID, action string) string {
	return strings.Join([]string{pointButton, branchID, meetingID, pointID, action}, ":")
}

// sendPointList sends a list in as many messages as Telegram's limits need, each with the
// buttons of its own points.
func (h *Handlers) sendPointList(t *turn, header string, entries []pointEntry, footer string) error {
	text, count := header, 0
	var rows [][]tgbotapi.InlineKeyboardButton
	flush := func() error {
		msg := tgbotapi.NewMessage(t.chatID, text)
		if len(rows) > 0 {
			msg.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(rows...)
		}
		_, err := h.out.Send(t.ctx, htmlMessage(msg))
		text, count, rows = "", 0, nil
		return err
	}
	add := func(piece string) error {
		if text != "" && (utf16Len(text)+utf16Len(piece)+2 > pointMsgLimit) {
			if err := flush(); err != nil {
				return err
			}
		}
		if text != "" {
			text += "\n\n"
		}
		text += piece
		return nil
	}
	for _, e := range entries {
		if count >= pointsPerMsg {
			if err := flush(); err != nil {
				return err
			}
		}
		if err := add(e.text); err != nil {
			return err
		}
		count++
		if e.row != nil {
			rows = append(rows, e.row)
		}
	}
	if footer != "" {
		if err := add(footer); err != nil {
			return err
		}
	}
	return flush()
}

// --- buttons of the lists ---

// pointRefusal says why a point cannot be changed by the user now.
type pointRefusal int

const (
	pointAllowed pointRefusal = iota
	pointStale                // the point or branch is gone, or the data is nonsense
	pointNotYours
	pointClosed
)

// pointAccess loads a point and decides, against the records as they are now, whether the
// user may change it: the secretary always; the member who wrote it until the deadline.
func (h *Handlers) pointAccess(t *turn, branchID, meetingID, pointID string) (orglife.Point, orglife.Meeting, pointRefusal, error) {
	var p orglife.Point
	var m orglife.Meeting
	me, isMember, err := h.records.Member(t.ctx, branchID, t.userID)
	if errors.Is(err, state.ErrNotFound) {
		return p, m, pointStale, nil
	}
	if err != nil {
		return p, m, pointStale, err
	}
	if !isMember {
		return p, m, pointNotYours, nil
	}
	m, err = h.records.Meeting(t.ctx, branchID, meetingID)
	if err == nil {
		p, err = h.records.Point(t.ctx, branchID, meetingID, pointID)
	}
	if errors.Is(err, state.ErrNotFound) {
		return p, m, pointStale, nil
	}
	if err != nil {
		return p, m, pointStale, err
	}
	switch {
	case p.Withdrawn:
		return p, m, pointStale, nil
	case me.Role == orglife.RoleSecretary:
		return p, m, pointAllowed, nil
	case p.MemberID != t.userID:
		return p, m, pointNotYours, nil
	case !pointsOpen(m, h.today(t)):
		return p, m, pointClosed, nil
	}
	return p, m, pointAllowed, nil
}

func (r pointRefusal) text() Text {
	switch r {
	case pointNotYours:
		return msgPtPointNotYours
	case pointClosed:
		return msgPtPointsClosed
	}
	return msgPtPointGone
}

// onPointButton handles 编辑N / 撤回N and the withdrawal's confirmation.
func (h *Handlers) onPointButton(t *turn, args []string) error {
	if len(args) != 4 {
		return h.stale(t.ctx, t.query, t.lang)
	}
	branchID, meetingID, pointID, action := args[0], args[1], args[2], args[3]
	p, m, refusal, err := h.pointAccess(t, branchID, meetingID, pointID)
	if err != nil {
		return err
	}
	switch refusal {
	case pointStale:
		// Only this point is gone: the list's other buttons may still be good.
		return h.answer(t.ctx, t.query.ID, msgPtPointGone.In(t.lang))
	case pointNotYours:
		// The message is the presser's own: its other buttons may still be good.
		return h.answer(t.ctx, t.query.ID, msgPtPointNotYours.In(t.lang))
	case pointClosed:
		// Every button of a member's list is past the deadline alike.
		h.removeButtons(t.ctx, t.chatID, t.query.Message.MessageID)
		return h.answer(t.ctx, t.query.ID, msgPtPointsClosed.In(t.lang))
	}
	switch action {
	case "e":
		if err := h.answer(t.ctx, t.query.ID, ""); err != nil {
			return err
		}
		t.query = nil // the edit asks in a new message; the list stays
		return h.startFlow(t, h.flows[flowPointEdit], branchID,
			answers{"branch": branchID, "meeting": meetingID, "point": pointID})
	case "w":
		if err := h.answer(t.ctx, t.query.ID, ""); err != nil {
			return err
		}
		msg := tgbotapi.NewMessage(t.chatID, fmt.Sprintf(msgPtConfirmWithdraw.In(t.lang), h.pointHeading(t, branchID, p)))
		msg.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
			tgbotapi.NewInlineKeyboardButtonData(btnPtConfirmWithdraw.In(t.lang), pointData(branchID, meetingID, pointID, "w!")),
			tgbotapi.NewInlineKeyboardButtonData(btnCancel.In(t.lang), pointData(branchID, meetingID, pointID, "n"))))
		_, err := h.out.Send(t.ctx, htmlMessage(msg))
		return err
	case "w!":
		return h.withdrawPoint(t, m, p)
	case "n":
		return h.editQuery(t, msgCancelled.In(t.lang), nil)
	}
	return h.stale(t.ctx, t.query, t.lang)
}

func (h *Handlers) withdrawPoint(t *turn, m orglife.Meeting, p orglife.Point) error {
	before := pointSummary(p, orglife.LangZH)
	p.Withdrawn, p.UpdatedAt = true, h.opts.Now()
	change := state.PointChange{By: t.userID, At: p.UpdatedAt, Action: state.PointWithdraw, Before: before}
	if err := h.records.SavePoint(t.ctx, m.BranchID, p, change); err != nil {
		return err
	}
	if p.MemberID != t.userID {
		h.tell(t, p.MemberID, func(lang orglife.Lang) string {
			return fmt.Sprintf(msgPtWithdrawnBy.In(lang), quote(pointSummary(p, lang)))
		})
	}
	return h.editQuery(t, fmt.Sprintf(msgPtPointWithdrawn.In(t.lang), quote(pointSummary(p, t.lang))), nil)
}

// pointHeading is a point in full for a confirmation or an edit, with its author's name
// when it is not the user's own.
func (h *Handlers) pointHeading(t *turn, branchID string, p orglife.Point) string {
	text := fmt.Sprintf("【%s · %s】\n%s", p.Area.Name(t.lang), p.Source.Name(t.lang), quote(pointClip(p.Problem, pointDetailClip)))
	if p.Cause != "" {
		text += "\n" + fmt.Sprintf(msgPtCauseLine.In(t.lang), quote(pointClip(p.Cause, pointDetailClip)))
	}
	if p.Measure != "" {
		text += "\n" + fmt.Sprintf(msgPtMeasureLine.In(t.lang), quote(pointClip(p.Measure, pointDetailClip)))
	}
	if p.MemberID != t.userID {
		if owner, ok, err := h.records.Member(t.ctx, branchID, p.MemberID); err == nil {
			name := fmt.Sprintf("#%d", p.MemberID)
			if ok {
				name = owner.Name
			}
			text = fmt.Sprintf(msgPtPointOf.In(t.lang), quote(name)) + "\n" + text
		}
	}
	return text
}

// --- the edit flow ---

func pointFieldOptions(t *turn, _ answers) ([]option, error) {
	opts := make([]option, 0, len(pointFields))
	for _, f := range pointFields {
		opts = append(opts, option{pointFieldNames[f].In(t.lang), f})
	}
	return opts, nil
}

// editedPoint loads the point an edit flow is about (its ids are preset in the answers).
func (h *Handlers) editedPoint(t *turn, a answers) (orglife.Point, bool) {
	p, err := h.records.Point(t.ctx, a["branch"], a["meeting"], a["point"])
	if err != nil {
		h.log.Warn("point to edit", "point", a["point"], "error", err)
		return p, false
	}
	return p, true
}

func (h *Handlers) askPointField(t *turn, a answers) string {
	p, ok := h.editedPoint(t, a)
	if !ok {
		return msgPtPointGone.In(t.lang)
	}
	return fmt.Sprintf(msgPtAskPointField.In(t.lang), h.pointHeading(t, a["branch"], p))
}

func (h *Handlers) askPointArea(t *turn, a answers) string {
	p, _ := h.editedPoint(t, a)
	return fmt.Sprintf(msgPtAskNewArea.In(t.lang), p.Area.Name(t.lang))
}

func (h *Handlers) askPointSource(t *turn, a answers) string {
	p, _ := h.editedPoint(t, a)
	return fmt.Sprintf(msgPtAskNewSource.In(t.lang), p.Source.Name(t.lang))
}

func (h *Handlers) askPointText(t *turn, a answers) string {
	p, _ := h.editedPoint(t, a)
	current := pointFieldValue(p, a["field"], t.lang)
	name := pointFieldNames[a["field"]].In(t.lang)
	return fmt.Sprintf(msgPtAskNewText.In(t.lang), name, quote(pointClip(current, pointDetailClip)), name)
}

func pointTextCheck(t *turn, a answers, text string) (string, string) {
	min, problem := 2, msgPtTextTooShort
	if a["field"] == pointFieldProblem {
		min, problem = pointMinProblem, msgPtPointTooShort
	}
	if utf8.RuneCountInString(text) < min {
		return "", fmt.Sprintf(problem.In(t.lang), min)
	}
	return text, ""
}

// saveEditedPoint applies the change after checking, once more, that the user may make it.
func (h *Handlers) saveEditedPoint(t *turn, a answers) error {
	p, m, refusal, err := h.pointAccess(t, a["branch"], a["meeting"], a["point"])
	if err != nil {
		return err
	}
	if refusal != pointAllowed {
		return h.conclude(t, refusal.text().In(t.lang))
	}
	field := a["field"]
	old := p
	switch field {
	case pointFieldArea:
		area, ok := pointParseArea(a["area"])
		if !ok {
			return h.conclude(t, msgStaleButton.In(t.lang))
		}
		p.Area = area
	case pointFieldSource:
		source, ok := pointParseSource(a["source"])
		if !ok {
			return h.conclude(t, msgStaleButton.In(t.lang))
		}
		p.Source = source
	case pointFieldProblem:
		p.Problem = a["text"]
	case pointFieldCause:
		p.Cause = a["text"]
	case pointFieldMeasure:
		p.Measure = a["text"]
	default:
		return h.conclude(t, msgStaleButton.In(t.lang))
	}
	p.UpdatedAt = h.opts.Now()
	change := state.PointChange{By: t.userID, At: p.UpdatedAt, Action: state.PointEdit,
		Before: pointFieldSummary(old, field, orglife.LangZH), After: pointFieldSummary(p, field, orglife.LangZH)}
	if err := h.records.SavePoint(t.ctx, m.BranchID, p, change); err != nil {
		return err
	}
	if p.MemberID != t.userID {
		h.tell(t, p.MemberID, func(lang orglife.Lang) string {
			return fmt.Sprintf(msgPtPointEditedBy.In(lang), quote(pointFieldSummary(old, field, lang)), quote(pointFieldSummary(p, field, lang)))
		})
	}
	return h.conclude(t, fmt.Sprintf(msgPtPointEdited.In(t.lang), quote(pointFieldSummary(old, field, t.lang)), quote(pointFieldSummary(p, field, t.lang))))
}

// --- small helpers ---

func pointAreaOptions(t *turn, _ answers) ([]option, error) {
	opts := make([]option, 0, len(orglife.Areas))
	for _, a := range orglife.Areas {
		opts = append(opts, option{a.Name(t.lang), strconv.Itoa(int(a))})
	}
	return opts, nil
}

func pointSourceOptions(t *turn, _ answers) ([]option, error) {
	opts := make([]option, 0, len(orglife.Sources))
	for _, s := range orglife.Sources {
		opts = append(opts, option{s.Name(t.lang), strconv.Itoa(int(s))})
	}
	return opts, nil
}

func pointParseArea(s string) (orglife.Area, bool) {
	n, err := strconv.Atoi(s)
	a := orglife.Area(n)
	return a, err == nil && a.Valid()
}

func pointParseSource(s string) (orglife.Source, bool) {
	n, err := strconv.Atoi(s)
	src := orglife.Source(n)
	return src, err == nil && src.Valid()
}

func pointAreaName(s string, lang orglife.Lang) string {
	a, _ := pointParseArea(s)
	return a.Name(lang)
}

func pointSourceName(s string, lang orglife.Lang) string {
	src, _ := pointParseSource(s)
	return src.Name(lang)
}

// pointsOpen reports whether members may still change their points: until the 查摆问题
// deadline, that day included. A meeting without the step has no deadline.
func pointsOpen(m orglife.Meeting, today orglife.Date) bool {
	s, ok := m.Step(orglife.StepPoints)
	return !ok || s.Open(today)
}

// pointMinTextCheck accepts typed text of at least min characters.
func pointMinTextCheck(min int, problem Text) func(t *turn, a answers, text string) (string, string) {
	return func(t *turn, _ answers, text string) (string, string) {
		if utf8.RuneCountInString(text) < min {
			return "", fmt.Sprintf(problem.In(t.lang), min)
		}
		return text, ""
	}
}

// pointSummary is a point in one short plain line (not HTML), for logs and notices.
func pointSummary(p orglife.Point, lang orglife.Lang) string {
	return fmt.Sprintf("【%s · %s】%s", p.Area.Name(lang), p.Source.Name(lang), pointClip(p.Problem, pointNoteClip))
}

// pointFieldSummary is one field of a point in short plain text: "方面：理论学习".
func pointFieldSummary(p orglife.Point, field string, lang orglife.Lang) string {
	v := pointFieldValue(p, field, lang)
	if v == "" {
		v = msgPtEmptyValue.In(lang)
	}
	sep := "："
	if lang == orglife.LangEN {
		sep = ": "
	}
	return pointFieldNames[field].In(lang) + sep + pointClip(v, pointNoteClip)
}

func pointFieldValue(p orglife.Point, field string, lang orglife.Lang) string {
	switch field {
	case pointFieldArea:
		return p.Area.Name(lang)
	case pointFieldSource:
		return p.Source.Name(lang)
	case pointFieldProblem:
		return p.Problem
	case pointFieldCause:
		return p.Cause
	case pointFieldMeasure:
		return p.Measure
	}
	return ""
}

// pointClip shortens s to n characters, marking the cut with "…".
func pointClip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
