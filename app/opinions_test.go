package app_test

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"

	"orglife"
	"orglife/bot/telegramtest"
)

var opinionLink = regexp.MustCompile(`https://t\.me/\w+\?start=(yj-[A-Za-z0-9_-]+)`)

// redisText is every key of the bot's Redis with its value as text (hash fields and
// values, list items, set and sorted-set members), for scans.
func redisText(t *testing.T, c *redis.Client) map[string]string {
	t.Helper()
	ctx := context.Background()
	out := map[string]string{}
	iter := c.Scan(ctx, 0, "*", 1000).Iterator()
	for iter.Next(ctx) {
		k := iter.Val()
		typ, err := c.Type(ctx, k).Result()
		if err != nil {
			t.Fatal(err)
		}
		var v string
		switch typ {
		case "string":
			v, err = c.Get(ctx, k).Result()
		case "hash":
			var m map[string]string
			m, err = c.HGetAll(ctx, k).Result()
			v = fmt.Sprint(m)
		case "list":
			var l []string
			l, err = c.LRange(ctx, k, 0, -1).Result()
			v = strings.Join(l, "\n")
		case "set":
			var l []string
			l, err = c.SMembers(ctx, k).Result()
			v = strings.Join(l, "\n")
		case "zset":
			var l []string
			l, err = c.ZRange(ctx, k, 0, -1).Result()
			v = strings.Join(l, "\n")
		case "none":
			continue // gone since the scan
		default:
			t.Fatalf("key %s is a %s, which the scan does not read", k, typ)
		}
		if err != nil && err != redis.Nil {
			t.Fatal(err)
		}
		out[k] = v
	}
	if err := iter.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestOpinionsCollectedWithoutSenders plays 征求意见 as its adversaries would: the secretary
// opens a collection; someone outside the branch leaves two opinions through the link, one
// about a member; a member and a stranger cannot read them; the committee reads them and
// takes one up as the member's point (who is told it came from 征求意见, not from whom) and
// one as a branch problem; the collection closes at the end of its day by the scheduler
// alone; after that no Redis key or value, no export and no log line holds the sender's id,
// username or name, and the report states the opinions and the people.
func TestOpinionsCollectedWithoutSenders(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 1, 1)
	sec, committee, member := f.secretary, f.committee[0], f.members[0]
	ctx := context.Background()
	rdb := h.redis.Client(t)

	// The secretary opens a collection until the day after tomorrow.
	sec.Send("/collect")
	reply(t, sec, "请输入截止日期")
	closes := today(h).AddDays(2)
	sec.Send(closes.String())
	opened := reply(t, sec, "已开始征求意见")
	g := opinionLink.FindStringSubmatch(opened.Text)
	if g == nil {
		t.Fatalf("no opinion link in %q", opened.Text)
	}
	code := g[1]
	if !strings.Contains(opened.Text, closes.In(orglife.LangZH)) {
		t.Errorf("the closing day is not stated: %q", opened.Text)
	}

	// Someone outside the branch opens the link and leaves two opinions.
	const senderID = int64(987654321012)
	const senderName, senderUsername = "路人甲乙", "outsider_qz"
	s := h.fake.NewUser(senderID, senderName).SetUsername(senderUsername)
	s.Send("/start " + code)
	ask := reply(t, s, "正在征求意见")
	if !strings.Contains(ask.Text, "第一党支部") || !strings.Contains(ask.Text, "不记录您是谁") {
		t.Errorf("the dialog's opening: %q", ask.Text)
	}
	click(t, s, "支部和支部委员会")
	reply(t, s, "请写下您的意见")
	const aboutBranch = "支部组织活动形式单一，群众参与的机会少"
	s.Send(aboutBranch)
	reply(t, s, "意见已收到")

	s.Send("/start " + code)
	about := reply(t, s, "正在征求意见")
	// The buttons naming members carry no member's Telegram id: anyone with the link sees them.
	for _, row := range about.Buttons {
		for _, b := range row {
			for id := range f.names {
				if strings.Contains(b.Data, strconv.FormatInt(id, 10)) {
					t.Fatalf("button %q carries user id %d: %q", b.Text, id, b.Data)
				}
			}
		}
	}
	click(t, s, "党员1")
	reply(t, s, "关于：党员1\n请写下您的意见") // the prompt, edited in place, keeps what was picked
	s.Send(strings.Repeat("长", orglife.OpinionMaxRunes+1))
	reply(t, s, fmt.Sprintf("意见请控制在 %d 字以内", orglife.OpinionMaxRunes))
	s.Send("好")
	reply(t, s, "意见太短了")
	const aboutMember = "党员1在窗口办事时态度生硬，对群众的问题不够耐心"
	s.Send(aboutMember)
	reply(t, s, "意见已收到")
	if _, tally, err := f.records.OpinionCollection(ctx, f.branch.ID, f.meeting.ID); err != nil ||
		tally != (orglife.OpinionTally{Opinions: 2, People: 1}) {
		t.Fatalf("tally after two opinions of one person = %+v, %v", tally, err)
	}

	// Neither the sender nor a member may read them.
	s.Send("/opinions")
	refusal := reply(t, s, "还没有加入党支部")
	member.Send("/opinions")
	memberRefusal := reply(t, member, "这个命令只有")
	for _, m := range []telegramtest.Message{refusal, memberRefusal} {
		if strings.Contains(m.Text, "窗口办事") || strings.Contains(m.Text, "活动形式") {
			t.Fatalf("a refusal shows an opinion: %q", m.Text)
		}
	}
	for _, u := range []*telegramtest.User{s, member} {
		for _, r := range u.Replies() {
			if strings.Contains(r.Text, "征求意见</b>") || strings.Contains(r.Text, "征求意见（") {
				t.Fatalf("user %d was shown the opinions: %q", u.ID(), r.Text)
			}
		}
	}

	// The committee reads them and takes up the one about the member as their point.
	committee.Send("/opinions")
	list := reply(t, committee, "共 2 条（1 人）")
	for _, want := range []string{aboutBranch, aboutMember, "【支部班子】", "【党员1】"} {
		if !strings.Contains(list.Text, want) {
			t.Errorf("/opinions lacks %q:\n%s", want, list.Text)
		}
	}
	click(t, committee, "采纳 2")
	reply(t, committee, "属于哪个方面")
	click(t, committee, "工作作风")
	reply(t, committee, "已记为 党员1 的查摆问题")
	told := reply(t, member, "来自征求意见")
	if !strings.Contains(told.Text, aboutMember) {
		t.Errorf("the member's notice lacks the opinion: %q", told.Text)
	}
	for _, leak := range []string{senderName, senderUsername, strconv.FormatInt(senderID, 10)} {
		if strings.Contains(told.Text, leak) {
			t.Fatalf("the member's notice names the sender (%q): %q", leak, told.Text)
		}
	}
	points, err := f.records.Points(ctx, f.branch.ID, f.meeting.ID)
	if err != nil || len(points) != 1 || points[0].MemberID != 201 || points[0].Source != orglife.SourceMasses ||
		points[0].Area != orglife.AreaWorkStyle || points[0].Problem != aboutMember {
		t.Fatalf("points after adoption = %+v, %v", points, err)
	}
	// Pressing 采纳 2 again does not record it twice.
	committee.Send("/opinions")
	list = reply(t, committee, "（已采纳）")
	if strings.Contains(strings.Join(ptButtons(list), ","), "采纳 2") {
		t.Errorf("an adopted opinion keeps its button: %v", ptButtons(list))
	}

	// The one about the branch becomes a branch problem, 群众提.
	click(t, committee, "采纳 1")
	reply(t, committee, "请输入问题标题")
	committee.Send("联系服务群众不够紧密")
	reply(t, committee, "已记为支部班子问题")
	bps, err := f.records.BranchProblems(ctx, f.branch.ID, f.meeting.ID)
	if err != nil || len(bps) != 1 || bps[0].Source != orglife.SourceMasses || bps[0].Detail != aboutBranch ||
		bps[0].Headline != "联系服务群众不够紧密" {
		t.Fatalf("branch problems after adoption = %+v, %v", bps, err)
	}

	// The collection closes at the end of its day, by the scheduler, with no one looking.
	h.clock.Set(closes.AddDays(1).At(0, 1, h.cfg.Location))
	waitUntil(t, func() bool {
		_, tally, err := f.records.OpinionCollection(ctx, f.branch.ID, f.meeting.ID)
		return err == nil && tally.Closed
	})
	s.Send("/start " + code)
	reply(t, s, "已失效或已截止")
	sec.Send("/collect")
	reply(t, sec, "共收到 2 条（1 人）")

	// The report says how many opinions and people.
	sec.Send("/report")
	preview := reply(t, sec, "查摆")
	if !strings.Contains(preview.Text, "征求意见：2条（1人）") {
		t.Errorf("the report's preview lacks the opinions:\n%s", preview.Text)
	}
	if body := mmDocumentXML(t, waitDocument(t, sec, ".docx")); !strings.Contains(body, "征求意见2条（1人）") {
		t.Error("the report does not state the opinions")
	}

	// The export carries the opinions, not the sender.
	sec.Send("/export")
	export := string(waitDocument(t, sec, ".json"))
	if !strings.Contains(export, aboutBranch) || !strings.Contains(export, `"opinions": 2`) {
		t.Errorf("the export lacks the opinions")
	}
	if strings.Contains(export, code) {
		t.Error("the export holds the link's code")
	}

	// After closing, nothing stored or logged finds the sender.
	idText := strconv.FormatInt(senderID, 10)
	secrets := []string{idText, senderUsername, senderName}
	for _, leak := range secrets {
		if strings.Contains(export, leak) {
			t.Errorf("the export holds %q", leak)
		}
		if strings.Contains(h.logs.String(), leak) {
			for _, line := range strings.Split(h.logs.String(), "\n") {
				if strings.Contains(line, leak) {
					t.Errorf("a log line holds %q: %s", leak, line)
				}
			}
		}
	}
	// Keys of the sender's own (their language, the pace of their chat) may name them, as
	// every user's do, but say nothing of the collection.
	collection := []string{f.branch.ID + "}", f.meeting.ID, code, aboutBranch, aboutMember, "opinion"}
	waitUntil(t, func() bool { // the inbox and the session settle once the last update is handled
		for k := range redisText(t, rdb) {
			if strings.Contains(k, idText) && (strings.Contains(k, "{sessions}") || strings.Contains(k, "{inbox}")) {
				return false
			}
		}
		return true
	})
	for k, v := range redisText(t, rdb) {
		for _, leak := range secrets {
			if strings.Contains(v, leak) {
				t.Errorf("key %s holds %q: %.300s", k, leak, v)
			}
		}
		if strings.Contains(k, idText) {
			for _, w := range collection {
				if strings.Contains(v, w) {
					t.Errorf("key %s of the sender mentions the collection (%q): %.300s", k, w, v)
				}
			}
		}
	}
	for _, gone := range []string{":opsalt", ":opsenders", ":oplink"} {
		if n, err := rdb.Exists(ctx, "orglife:{b:"+f.branch.ID+"}:m:"+f.meeting.ID+gone, "orglife:{b:"+f.branch.ID+"}"+gone).Result(); err != nil || n != 0 {
			t.Errorf("%s kept after closing (%d, %v)", gone, n, err)
		}
	}
	noViolations(t, h.fake)
}

// TestOpinionsClosedEarly: /collect close closes the collection today, before its closing
// day: the link refuses from then on, /collect says it closed today with the counts, and
// the sweep has nothing left to close; with no collection it says there is none to close.
func TestOpinionsClosedEarly(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 1)
	sec := f.secretary
	ctx := context.Background()

	sec.Send("/collect close")
	reply(t, sec, "还没有征求意见，无需截止")
	sec.Send("/collect")
	reply(t, sec, "请输入截止日期")
	sec.Send(today(h).AddDays(10).String())
	code := opinionLink.FindStringSubmatch(reply(t, sec, "已开始征求意见").Text)[1]
	s := h.fake.NewUser(987654321013, "路人丙")
	s.Send("/start " + code)
	reply(t, s, "正在征求意见")
	click(t, s, "支部和支部委员会")
	reply(t, s, "请写下您的意见")
	s.Send("支部开会通知发得太晚，来不及安排工作")
	reply(t, s, "意见已收到")

	sec.Send("/collect")
	if open := reply(t, sec, "正在征求意见"); !strings.Contains(open.Text, "/collect close") {
		t.Errorf("the open collection does not say how to close it early: %q", open.Text)
	}
	sec.Send("/collect close")
	closed := reply(t, sec, "征求意见已于")
	if want := "已于 " + today(h).In(orglife.LangZH) + " 截止，共收到 1 条（1 人）"; !strings.Contains(closed.Text, want) {
		t.Errorf("the early close says %q, want %q", closed.Text, want)
	}
	s.Send("/start " + code)
	reply(t, s, "链接")
	if last := s.Replies()[len(s.Replies())-1].Text; strings.Contains(last, "正在征求意见") {
		t.Errorf("the link still opens the collection after the close: %q", last)
	}
	c, tally, err := f.records.OpinionCollection(ctx, f.branch.ID, f.meeting.ID)
	if err != nil || !tally.Closed || c.Closes != today(h) || tally.Opinions != 1 {
		t.Fatalf("the collection after the early close: %+v %+v %v", c, tally, err)
	}
	if due, err := f.records.OpinionsDue(ctx, h.clock.Now().AddDate(0, 1, 0)); err != nil || len(due) != 0 {
		t.Errorf("still due for the sweep: %v %v", due, err)
	}
	sec.Send("/collect close")
	reply(t, sec, "征求意见已于 "+today(h).In(orglife.LangZH)+" 截止")
}
