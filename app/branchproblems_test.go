package app_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"orglife"
	"orglife/bot/telegramtest"
)

func bpProblems(t *testing.T, f *fixture) []orglife.BranchProblem {
	t.Helper()
	ps, err := f.records.BranchProblems(context.Background(), f.branch.ID, f.meeting.ID)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func bpLive(t *testing.T, f *fixture) []orglife.BranchProblem {
	t.Helper()
	return orglife.LiveBranchProblems(bpProblems(t, f))
}

func bpLog(t *testing.T, f *fixture) []orglife.BranchProblemChange {
	t.Helper()
	l, err := f.records.BranchProblemLog(context.Background(), f.branch.ID, f.meeting.ID)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func bpHeadlines(ps []orglife.BranchProblem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Headline)
	}
	return out
}

// bpOpen opens the card of the n-th problem (its button starts "n. ") on the board.
func bpOpen(t *testing.T, u *telegramtest.User, board telegramtest.Message, n string) telegramtest.Message {
	t.Helper()
	for _, label := range ptButtons(board) {
		if strings.HasPrefix(label, n+". ") {
			click(t, u, label)
			card := reply(t, u, "具体表现：")
			if card.ID != board.ID {
				t.Fatalf("the card should replace the board in place: board %d, card %d", board.ID, card.ID)
			}
			return card
		}
	}
	t.Fatalf("no problem %s on the board: %v", n, ptButtons(board))
	return telegramtest.Message{}
}

// bpTicked waits for the question redrawn with a button labelled label.
func bpTicked(t *testing.T, u *telegramtest.User, label string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if _, err := u.WaitReply(ctx, func(m telegramtest.Message) bool { return slices.Contains(ptButtons(m), label) }); err != nil {
		t.Fatalf("waiting for a button %q: %v", label, err)
	}
}

func TestBranchProblemsCuratedByTheCommittee(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 1, 2)
	sec, committee, member := f.secretary, f.committee[0], f.members[0]
	f.addPoint(t, 201, orglife.AreaTheory, orglife.SourceSelf, "本人理论学习不够系统，只读摘要不读原文", "")
	f.addPoint(t, 202, orglife.AreaTheory, orglife.SourceSelf, "理论学习碎片化，没有系统研读原著", "")
	f.addPoint(t, 100, orglife.AreaWorkStyle, orglife.SourceMasses, "调查研究不够深入，下基层次数少", "")
	f.addPoint(t, 202, orglife.AreaIntegrity, orglife.SourceMutual, "对廉洁小节重视不够", "")

	// An ordinary member and a committee member not allowed are refused, clearly.
	for _, u := range []*telegramtest.User{member, committee} {
		u.Send("/branchproblems")
		reply(t, u, "只有支部书记和经书记授权的支委可以使用")
	}

	// The points are in and nothing is stated: /status points to the command.
	sec.Send("/status")
	reply(t, sec, "支部班子问题尚未整理：发送 /branchproblems")

	// With nothing stated yet, the board proposes the points by area.
	sec.Send("/branchproblems")
	board := reply(t, sec, "待整理的查摆问题")
	for _, want := range []string{"【理论学习】2 条", "【工作作风】1 条", "【廉洁自律】1 条"} {
		if !strings.Contains(board.Text, want) {
			t.Errorf("the board lacks %q:\n%s", want, board.Text)
		}
	}
	if strings.Contains(board.Text, "本人") {
		t.Errorf("the proposals should speak for the branch:\n%s", board.Text)
	}

	// 理论学习: headlines too long and a sentence are refused; the 具体表现 edited in a
	// member's voice is nudged once, then restated.
	click(t, sec, "确认：理论学习")
	ask := reply(t, sec, "请为这条支部班子问题写一个标题")
	if ask.ID != board.ID || !strings.Contains(ask.Text, "【理论学习】2 条查摆问题") {
		t.Fatalf("the headline question should replace the board and show the proposal: %+v", ask)
	}
	sec.Send("理论学习的系统性不强，学用结合不够紧密，学习成效转化还不够明显")
	reply(t, sec, "标题请控制在 25 字以内")
	sec.Send("理论学习不够。还要加强")
	reply(t, sec, "标题是一句短语")
	sec.Send("一是理论学习的系统性不强。")
	keep := reply(t, sec, "按查摆问题整理的具体表现")
	if !strings.Contains(keep.Text, "标题：理论学习的系统性不强\n") {
		t.Errorf("the 具体表现 question should repeat the headline as kept: %q", keep.Text)
	}
	if got := ptButtons(keep); !slices.Contains(got, "沿用") {
		t.Fatalf("the 具体表现 question offers %v, want 沿用", got)
	}
	sec.Send("本人学习时只读摘要，我没有系统研读原著。")
	nudge := reply(t, sec, "这是个人的口吻")
	if !strings.Contains(nudge.Text, "「本人」「我」") || !slices.Contains(ptButtons(nudge), "就这样保存") {
		t.Fatalf("the nudge should name the words and offer to keep them: %q %v", nudge.Text, ptButtons(nudge))
	}
	sec.Send("部分党员学习时只读摘要，没有系统研读原著。")
	board = reply(t, sec, "已确认支部班子问题：理论学习的系统性不强")

	// 工作作风: 沿用 keeps the proposal's 具体表现; no nudge for a text in the branch's voice.
	click(t, sec, "确认：工作作风")
	reply(t, sec, "请为这条支部班子问题写一个标题")
	sec.Send("调查研究不够深入扎实")
	reply(t, sec, "按查摆问题整理的具体表现")
	click(t, sec, "沿用")
	board = reply(t, sec, "已确认支部班子问题：调查研究不够深入扎实")

	// One added directly (集体议).
	click(t, sec, "新增（集体议）")
	reply(t, sec, "请为这条支部班子问题写一个标题")
	sec.Send("组织生活制度落实不够严格")
	detail := reply(t, sec, "请写具体表现")
	if slices.Contains(ptButtons(detail), "沿用") {
		t.Errorf("a problem added directly has nothing to keep: %v", ptButtons(detail))
	}
	sec.Send("三会一课有时流于形式，会前准备不足。")
	board = reply(t, sec, "已新增支部班子问题（集体议）")
	if !strings.Contains(board.Text, "3. 组织生活制度落实不够严格　写入报告，集体议") ||
		!strings.Contains(board.Text, "【廉洁自律】1 条") || strings.Contains(board.Text, "【理论学习】") {
		t.Fatalf("the board after three problems:\n%s", board.Text)
	}
	live := bpLive(t, f)
	if got := bpHeadlines(live); !slices.Equal(got, []string{"理论学习的系统性不强", "调查研究不够深入扎实", "组织生活制度落实不够严格"}) {
		t.Fatalf("problems %q", got)
	}
	if live[0].Detail != "部分党员学习时只读摘要，没有系统研读原著。" || len(live[0].PointIDs) != 2 || live[0].Area != orglife.AreaTheory ||
		!strings.Contains(live[1].Detail, "调查研究不够深入") || len(live[1].PointIDs) != 1 ||
		!live[2].Collective() || !live[0].InReport || live[0].CreatedBy != 100 {
		t.Fatalf("problems as stored: %+v", live)
	}

	// Reorder: the third moves up.
	opened := bpOpen(t, sec, board, "3")
	click(t, sec, "↑ 上移")
	if moved := reply(t, sec, "第2条"); moved.ID != opened.ID || !slices.Contains(ptButtons(moved), "↓ 下移") {
		t.Fatalf("the card should show its new place in place, with both moves: %+v", moved)
	}
	if got := bpHeadlines(bpLive(t, f)); !slices.Equal(got, []string{"理论学习的系统性不强", "组织生活制度落实不够严格", "调查研究不够深入扎实"}) {
		t.Fatalf("after moving up: %q", got)
	}

	// Merge: 调查研究 (now third) into the first.
	click(t, sec, "返回列表")
	board = reply(t, sec, "待整理的查摆问题")
	bpOpen(t, sec, board, "3")
	click(t, sec, "合并到…")
	reply(t, sec, "合并到哪一条")
	click(t, sec, "1. 理论学习的系统性不强")
	reply(t, sec, "已把「调查研究不够深入扎实」合并到「理论学习的系统性不强」")
	live = bpLive(t, f)
	if len(live) != 2 || len(live[0].PointIDs) != 3 || !strings.Contains(live[0].Detail, "调查研究不够深入") || live[1].Order != 2 {
		t.Fatalf("after the merge: %+v", live)
	}

	// Split: the 工作作风 point moves out again, with a headline, its 具体表现 kept.
	click(t, sec, "拆分")
	split := reply(t, sec, "勾选要拆出去另立一条的")
	var workStyle string
	for _, label := range ptButtons(split) {
		if strings.Contains(label, "调查研究") {
			workStyle = label
		}
	}
	if workStyle == "" {
		t.Fatalf("the split offers %v", ptButtons(split))
	}
	click(t, sec, workStyle)
	bpTicked(t, sec, "✅ "+workStyle) // the tick redraws the question
	click(t, sec, "完成")
	reply(t, sec, "拆出 1 条查摆问题")
	sec.Send("调查研究不够深入扎实")
	reply(t, sec, "按查摆问题整理的具体表现")
	click(t, sec, "沿用")
	board = reply(t, sec, "已拆分：新增「调查研究不够深入扎实」")
	live = bpLive(t, f)
	if got := bpHeadlines(live); !slices.Equal(got, []string{"理论学习的系统性不强", "调查研究不够深入扎实", "组织生活制度落实不够严格"}) ||
		len(live[0].PointIDs) != 2 || len(live[1].PointIDs) != 1 || live[1].Area != orglife.AreaTheory && live[1].Area != orglife.AreaWorkStyle {
		t.Fatalf("after the split: %+v", live)
	}

	// Marked out of the report, then the collective one removed.
	bpOpen(t, sec, board, "2")
	click(t, sec, "不写入报告")
	card := reply(t, sec, "（不写入报告）")
	if got := ptLastAnswer(t, sec, len(sec.CallbackAnswers())); got != "已设为不写入报告。" {
		t.Errorf("the mark was answered %q", got)
	}
	if !slices.Contains(ptButtons(card), "写入报告") || bpLive(t, f)[1].InReport {
		t.Fatalf("after marking out: %v %+v", ptButtons(card), bpLive(t, f)[1])
	}
	click(t, sec, "返回列表")
	board = reply(t, sec, "待整理的查摆问题")
	card = bpOpen(t, sec, board, "3")
	removedData := ptButton(t, card, "改标题")
	click(t, sec, "删除")
	reply(t, sec, "确定删除这条支部班子问题吗")
	click(t, sec, "确认删除")
	board = reply(t, sec, "已删除：组织生活制度落实不够严格")
	if n := len(bpLive(t, f)); n != 2 {
		t.Fatalf("%d problems after the removal", n)
	}
	// An old button of the removed problem is answered as such.
	n := len(sec.CallbackAnswers())
	if _, err := sec.ClickData(board.ID, removedData); err != nil {
		t.Fatal(err)
	}
	if got := ptLastAnswer(t, sec, n+1); !strings.Contains(got, "已删除或合并") {
		t.Errorf("a button of the removed problem was answered %q", got)
	}

	// The headline edited.
	board = reply(t, sec, "待整理的查摆问题")
	bpOpen(t, sec, board, "1")
	click(t, sec, "改标题")
	reply(t, sec, "现在的标题：理论学习的系统性不强")
	sec.Send("理论学习的系统性和深度不够")
	reply(t, sec, "已修改。")
	if got := bpLive(t, f)[0].Headline; got != "理论学习的系统性和深度不够" {
		t.Fatalf("headline %q after the edit", got)
	}

	// The secretary allows 委员1, who is told, and who then confirms 廉洁自律.
	sec.Send("/branchproblems")
	reply(t, sec, "待整理的查摆问题")
	click(t, sec, "授权支委整理")
	reply(t, sec, "勾选可以整理支部班子问题的支委")
	click(t, sec, "委员1")
	bpTicked(t, sec, "✅ 委员1")
	click(t, sec, "完成")
	reply(t, sec, "已授权整理支部班子问题的支委：委员1")
	reply(t, committee, "支部书记授权您整理本次会议的支部班子问题")
	if m := currentMeeting(t, f, f.branch.ID); !slices.Equal(m.ProblemCurators, []int64{101}) {
		t.Fatalf("curators %v", m.ProblemCurators)
	}
	committee.Send("/branchproblems")
	cboard := reply(t, committee, "待整理的查摆问题")
	if slices.Contains(ptButtons(cboard), "授权支委整理") {
		t.Errorf("a committee member is offered to allow others: %v", ptButtons(cboard))
	}
	click(t, committee, "确认：廉洁自律")
	reply(t, committee, "请为这条支部班子问题写一个标题")
	committee.Send("廉洁自律的警惕性不高")
	reply(t, committee, "按查摆问题整理的具体表现")
	click(t, committee, "沿用")
	reply(t, committee, "已确认支部班子问题：廉洁自律的警惕性不高")
	live = bpLive(t, f)
	if len(live) != 3 || live[2].CreatedBy != 101 || live[2].Headline != "廉洁自律的警惕性不高" {
		t.Fatalf("after the committee member's confirmation: %+v", live)
	}
	// The member is still refused.
	member.Send("/branchproblems")
	reply(t, member, "只有支部书记和经书记授权的支委可以使用")

	sec.Send("/status")
	if status := reply(t, sec, "会前准备情况"); strings.Contains(status.Text, "支部班子问题尚未整理") {
		t.Errorf("/status still asks for the branch problems once they are stated:\n%s", status.Text)
	}

	// Every change is in the log.
	count := map[string]int{}
	for _, c := range bpLog(t, f) {
		count[c.Action]++
		if c.By == 0 || c.At.IsZero() || c.ProblemID == "" {
			t.Errorf("log entry %+v", c)
		}
	}
	want := map[string]int{orglife.BranchProblemCreate: 5, orglife.BranchProblemReorder: 2, orglife.BranchProblemMerge: 2,
		orglife.BranchProblemSplit: 1, orglife.BranchProblemMark: 1, orglife.BranchProblemRemove: 1, orglife.BranchProblemEdit: 1}
	for action, n := range want {
		if count[action] != n {
			t.Errorf("%d log entries %q, want %d (log %+v)", count[action], action, n, bpLog(t, f))
		}
	}
	noViolations(t, h.fake)
}

func TestBranchProblemsNudgeKeptAnyway(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 1)
	sec := f.secretary
	sec.Send("/branchproblems")
	board := reply(t, sec, "本次会议还没有查摆问题")
	if got := ptButtons(board); !slices.Equal(got, []string{"新增（集体议）", "授权支委整理"}) {
		t.Fatalf("an empty board offers %v", ptButtons(board))
	}
	click(t, sec, "新增（集体议）")
	reply(t, sec, "请为这条支部班子问题写一个标题")
	sec.Send("党")
	reply(t, sec, "标题太短了")
	sec.Send("联系服务群众不够经常")
	reply(t, sec, "请写具体表现")
	sec.Send("我们走访群众次数偏少。")
	reply(t, sec, "这是个人的口吻")
	click(t, sec, "就这样保存")
	reply(t, sec, "已新增支部班子问题（集体议）")
	live := bpLive(t, f)
	if len(live) != 1 || live[0].Detail != "我们走访群众次数偏少。" || live[0].Headline != "联系服务群众不够经常" {
		t.Fatalf("problems %+v", live)
	}
	noViolations(t, h.fake)
}
