package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/redis/go-redis/v9"
	"orglife"

	"orglife/bot/telegramtest"
	"orglife/state"
)

// ratingNames are the four ratings as the dialog's buttons and the results name them.
var ratingNames = []string{"优秀", "合格", "基本合格", "不合格"}

// ballotDialog is u's latest voting dialog (not a reminder to vote, which names the ballot
// and has a button too).
func ballotDialog(t *testing.T, u *telegramtest.User) telegramtest.Message {
	t.Helper()
	var got telegramtest.Message
	waitUntil(t, func() bool {
		rs := u.Replies()
		for i := len(rs) - 1; i >= 0; i-- {
			if strings.Contains(rs[i].Text, "请对下列每位党员评定等次") && len(rs[i].Buttons) > 0 {
				got = rs[i]
				return true
			}
		}
		return false
	})
	return got
}

// rate presses, in u's dialog, rating for the member called name.
func rate(t *testing.T, u *telegramtest.User, name, rating string) {
	t.Helper()
	d := ballotDialog(t, u)
	m := regexp.MustCompile(`(?m)^(\d+)\. ` + regexp.QuoteMeta(name) + ` — `).FindStringSubmatch(d.Text)
	if m == nil {
		t.Fatalf("%s is not in the dialog of %d:\n%s", name, u.ID(), d.Text)
	}
	label := m[1] + " " + rating
	if _, err := u.Click(label); err != nil {
		if _, err2 := u.Click("✅" + label); err2 != nil {
			t.Fatal(err)
		}
	}
}

// TestBallotSecretAppraisal is 民主评议党员 from the opening to the results: seven on the
// roster, six vote (one changes a rating: it replaces the first and counts once), one does
// not; nothing is shown before the close; a vote after it, a non-member and a member who
// joined after the opening are refused; the results go to the secretary as text and .xlsx
// and into the report. Then the adversary's scan: no Redis key or value, no export and no
// log line links a voter to a choice.
func TestBallotSecretAppraisal(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 1, 5) // 张书记 100, 委员1 101, 党员1–5 201–205
	start := time.Date(2026, 12, 1, 10, 0, 0, 0, h.cfg.Location)
	h.clock.Set(start)
	sec := f.secretary
	people := append([]*telegramtest.User{sec}, append(f.committee, f.members...)...)

	sec.Send("/ballot 2026-12-05")
	reply(t, sec, "已发起民主评议党员：7 人参评，截止 2026年12月5日 24:00")
	for _, u := range people {
		if d := ballotDialog(t, u); strings.Contains(d.Text, "— "+f.names[u.ID()]) || !strings.Contains(d.Text, "已评 0/6") {
			t.Fatalf("the dialog of %d:\n%s", u.ID(), d.Text)
		}
	}

	// Everyone but 党员5 rates everyone 合格, except: 党员1 优秀 from all, 党员2 基本合格 from
	// the secretary, and 党员3 first rates 党员4 不合格, then changes it to 优秀.
	voters := people[:6]
	for _, u := range voters {
		for _, c := range people {
			if c == u {
				continue
			}
			r := "合格"
			switch {
			case c.ID() == 201:
				r = "优秀"
			case c.ID() == 202 && u == sec:
				r = "基本合格"
			case c.ID() == 204 && u.ID() == 203:
				r = "不合格"
			}
			rate(t, u, f.names[c.ID()], r)
		}
		reply(t, u, "已全部评定")
	}
	u203 := f.members[2]
	rate(t, u203, "党员4", "优秀")
	if d := reply(t, u203, "已全部评定"); !strings.Contains(d.Text, "党员4 — 优秀") {
		t.Fatalf("the change is not shown:\n%s", d.Text)
	}
	rate(t, u203, "党员4", "优秀") // the same again: still one vote

	// Before the close: who has voted, never how.
	sec.Send("/ballot")
	st := reply(t, sec, "进行中")
	if !strings.Contains(st.Text, "已完成 6/7") || !strings.Contains(st.Text, "尚未完成：党员5") || strings.Contains(st.Text, "优秀 ") {
		t.Errorf("the progress shows %q", st.Text)
	}
	last := f.members[4]
	last.Send("/todo")
	if m := reply(t, last, "民主评议尚未完成"); !strings.Contains(m.Text, "/vote") {
		t.Errorf("the to-do of one who has not voted: %q", m.Text)
	}
	// A stranger, and a member who joined after the opening, cannot vote.
	outsider := h.fake.NewUser(999, "外人")
	outsider.Send("/vote")
	notice := reply(t, outsider, "您还没有加入党支部")
	forged := dataOf(ballotDialog(t, f.members[0]))[0]
	qid, err := outsider.ClickData(notice.ID, forged)
	if err != nil {
		t.Fatal(err)
	}
	if a := answerOf(t, outsider, qid); !strings.Contains(a.Text, "已失效") {
		t.Errorf("a stranger's press answered %q", a.Text)
	}
	if _, err := f.records.AddMember(context.Background(), f.branch.ID, orglife.Member{UserID: 206, Name: "党员6", Role: orglife.RoleMember, JoinedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	late := h.fake.NewUser(206, "党员6")
	late.Send("/vote")
	reply(t, late, "您不在本次民主评议的名单中")

	// Redis's append-only file on disk holds the ballot's key and sealed votes while it is
	// open (the commands that wrote them)…
	if !filesHold(t, h.redis.Dir(), "ballotkey") {
		t.Fatal("the AOF does not hold the ballot's key: the disk check below would prove nothing")
	}

	u204 := f.members[3]
	before := ballotDialog(t, u204) // its buttons, as a phone that missed the close's edit still shows them

	// The close: the sweep counts at 2026-12-06 00:00 and sends the secretary the results.
	h.clock.Set(time.Date(2026, 12, 6, 0, 0, 30, 0, h.cfg.Location))
	res := reply(t, sec, "民主评议党员结果")
	// … and forgets them once the close had it rewritten.
	waitUntil(t, func() bool {
		return !filesHold(t, h.redis.Dir(), "ballotkey") && !filesHold(t, h.redis.Dir(), "ballotsealed")
	})
	for _, want := range []string{"应参评 7 人，实际完成评议 6 人", "党员1：优秀 5、合格 0、基本合格 0、不合格 0",
		"党员2：优秀 0、合格 4、基本合格 1、不合格 0", "党员4：优秀 1、合格 4、基本合格 0、不合格 0",
		"党员5：优秀 0、合格 6、基本合格 0、不合格 0", "张书记：优秀 0、合格 5、基本合格 0、不合格 0"} {
		if !strings.Contains(res.Text, want) {
			t.Errorf("the results lack %q:\n%s", want, res.Text)
		}
	}
	book, err := excelize.OpenReader(bytes.NewReader(waitDocument(t, sec, ".xlsx")))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := book.GetRows(book.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(rows, func(r []string) bool { return slices.Equal(r, []string{"4", "党员2", "0", "4", "1", "0"}) }) {
		t.Errorf("the workbook lacks 党员2's counts: %v", rows)
	}

	// The close closed the form: its buttons are gone. A press of one of them all the same
	// (a phone that missed the edit) is refused.
	waitUntil(t, func() bool {
		return slices.ContainsFunc(u204.Replies(), func(m telegramtest.Message) bool {
			return m.ID == before.ID && len(m.Buttons) == 0 && strings.Contains(m.Text, "已截止")
		})
	})
	qid, err = u204.ClickData(before.ID, dataOf(before)[0])
	if err != nil {
		t.Fatal(err)
	}
	if a := answerOf(t, u204, qid); !strings.Contains(a.Text, "已截止") {
		t.Errorf("a vote after the close answered %q", a.Text)
	}

	// The report's 民主评议结果.
	sec.Send("/report")
	body := docxText(mmDocumentXML(t, waitDocument(t, sec, ".docx")))
	if !strings.Contains(body, "民主评议结果") || !strings.Contains(body, "应参评7名，实际参评6名。评议结果：张书记同志合格5票；") ||
		!strings.Contains(body, "党员4同志优秀1票、合格4票") {
		t.Errorf("the report's appraisal:\n%s", body)
	}

	// The adversary: every button code the bot drew for a rating, and every pair of a
	// voter's id with a rating, is looked for in Redis, the export and the logs.
	var codes []string
	for _, c := range h.fake.Calls() {
		for _, m := range regexp.MustCompile(`"callback_data":"bv:[^"]*:([A-Za-z0-9_-]+)"`).FindAllStringSubmatch(c.Params["reply_markup"], -1) {
			codes = append(codes, m[1])
		}
	}
	if len(codes) < 6*6*4 {
		t.Fatalf("only %d rating buttons drawn", len(codes))
	}
	rdb := h.redis.Client(t)
	ctx := context.Background()
	keys, err := rdb.Keys(ctx, "*").Result()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if strings.Contains(k, "ballotsealed") || strings.Contains(k, "ballotkey") {
			t.Errorf("the ballot's secret material survives the close: %s", k)
		}
		if strings.Contains(k, "ballotforms") {
			t.Errorf("where the forms were survives the close: %s", k)
		}
		if strings.Contains(k, ":{inbox}:chat:") {
			if n, _ := rdb.LLen(ctx, k).Result(); n > 0 {
				t.Errorf("the inbox %s keeps %d handled updates", k, n)
			}
		}
		val := keyContents(t, rdb, k)
		dump, _ := rdb.Dump(ctx, k).Result()
		for _, code := range codes {
			if strings.Contains(val, code) || strings.Contains(dump, code) {
				t.Fatalf("%s holds a rating button's code %s: %s", k, code, val)
			}
		}
		for _, r := range ratingNames {
			if strings.Contains(val, r) || strings.Contains(dump, r) {
				t.Errorf("%s holds a rating %q: %.300s", k, r, val)
			}
		}
	}
	bl, err := f.records.Ballot(ctx, f.branch.ID, f.meeting.ID)
	if err != nil || bl.Voters != 6 || len(bl.Tally) != 7 {
		t.Fatalf("the ballot kept %+v, %v", bl, err)
	}
	e, err := f.records.Export(ctx, f.branch.ID)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range codes {
		if bytes.Contains(raw, []byte(code)) {
			t.Fatalf("the export holds a rating button's code %s", code)
		}
	}
	for _, r := range ratingNames {
		if bytes.Contains(raw, []byte(r)) {
			t.Errorf("the export holds a rating %q", r)
		}
	}
	for _, line := range strings.Split(h.logs.String(), "\n") {
		if strings.Contains(line, "bv:") || slices.ContainsFunc(codes, func(c string) bool { return strings.Contains(line, c) }) ||
			slices.ContainsFunc(ratingNames, func(r string) bool { return strings.Contains(line, r) }) {
			t.Errorf("a log line tells a rating: %s", line)
		}
	}
	noViolations(t, h.fake)
}

// keyContents is a key's value read by its type, every field and member of it.
func keyContents(t *testing.T, rdb *redis.Client, k string) string {
	t.Helper()
	ctx := context.Background()
	typ, err := rdb.Type(ctx, k).Result()
	if err != nil {
		t.Fatal(err)
	}
	var v any
	switch typ {
	case "string":
		v, err = rdb.Get(ctx, k).Result()
	case "hash":
		v, err = rdb.HGetAll(ctx, k).Result()
	case "list":
		v, err = rdb.LRange(ctx, k, 0, -1).Result()
	case "set":
		v, err = rdb.SMembers(ctx, k).Result()
	case "zset":
		v, err = rdb.ZRangeWithScores(ctx, k, 0, -1).Result()
	case "none":
		return ""
	default:
		t.Fatalf("key %s is a %s", k, typ)
	}
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(v)
}

// TestBallotTooFewVoters: votes survive a restart; with fewer voters than ballot.min_voters
// the close counts nothing and shows nothing, and says why; /ballot close closes it early,
// and every form sent is closed with it.
func TestBallotTooFewVoters(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 5)
	sec := f.secretary
	h.clock.Set(time.Date(2026, 12, 1, 10, 0, 0, 0, h.cfg.Location))
	sec.Send("/ballot 12-20")
	reply(t, sec, "已发起民主评议党员：6 人参评")
	people := append([]*telegramtest.User{sec}, f.members...)
	for i, u := range people[:4] {
		for _, c := range people {
			if c != u {
				rate(t, u, f.names[c.ID()], "合格")
			}
		}
		reply(t, u, "已全部评定")
		if i == 1 {
			// The votes so far survive a restart: the first voter's form comes back complete.
			h.restart()
			sec.Send("/vote")
			if d := reply(t, sec, "民主评议党员"); !strings.Contains(d.Text, "已全部评定") || strings.Count(d.Text, "— 合格") != 5 {
				t.Fatalf("the form after a restart:\n%s", d.Text)
			}
		}
	}
	sec.Send("/ballot close")
	res := reply(t, sec, "民主评议党员结果")
	if !strings.Contains(res.Text, "实际完成评议 4 人") || !strings.Contains(res.Text, "不足 5 人，为保护无记名评议的秘密") || strings.Contains(res.Text, "合格 ") {
		t.Errorf("results with too few voters: %q", res.Text)
	}
	// Every form sent — the secretary's two (the second by /vote), one each for the others,
	// voted or not — is closed: no rating buttons are left to press.
	waitUntil(t, func() bool {
		for _, u := range people {
			closed := 0
			for _, m := range u.Replies() {
				if m.Text == "民主评议党员（"+f.meeting.Title+"）已截止，不再接受评定。" && len(m.Buttons) == 0 {
					closed++
				}
				if strings.Contains(m.Text, "请对下列每位党员评定等次") {
					return false
				}
			}
			if want := map[bool]int{true: 2, false: 1}[u == sec]; closed != want {
				return false
			}
		}
		return true
	})
	bl, err := f.records.Ballot(context.Background(), f.branch.ID, f.meeting.ID)
	if err != nil || !bl.Closed || bl.Tally != nil || bl.Voters != 4 {
		t.Errorf("the ballot kept %+v, %v", bl, err)
	}
	if slices.ContainsFunc(sec.Replies(), func(m telegramtest.Message) bool { return m.Document != nil }) {
		t.Error("a workbook was sent without results")
	}
	sec.Send("/ballot 12-30")
	reply(t, sec, "已发起过民主评议")
	f.members[4].Send("/vote")
	reply(t, f.members[4], "已截止")
}

// TestBallotInDigest: while the ballot is open, the secretary's daily digest names who has
// not voted (「民主评议尚未完成」), and only them.
func TestBallotInDigest(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(planAndPoints))
	f := seedBranch(t, h, 0, 5)
	sec := f.secretary
	rem := state.NewReminders(h.redis.Client(t), state.NewKeys(h.cfg.Redis.KeyPrefix))
	h.clock.Set(shanghaiAt(t, h, 12, 1, 10, 0))
	setUpMeeting(t, sec, "2026-12-31")
	sec.Send("/ballot 2026-12-10")
	reply(t, sec, "已发起民主评议党员：6 人参评")

	digestAt(t, h, rem, 1)
	first := reply(t, sec, "【每日进度】")
	if !strings.Contains(first.Text, "民主评议尚未完成（6 人）：张书记、党员1、党员2、党员3、党员4、党员5") {
		t.Fatalf("the first digest %q", first.Text)
	}
	for _, c := range f.members {
		rate(t, sec, f.names[c.ID()], "优秀")
	}
	reply(t, sec, "已全部评定")
	digestAt(t, h, rem, 2)
	waitUntil(t, func() bool { return len(digests(sec)) >= 2 })
	if d := digests(sec)[1]; !strings.Contains(d.Text, "\n民主评议尚未完成（5 人）：党员1、党员2、党员3、党员4、党员5\n") {
		t.Fatalf("the second digest %q", d.Text)
	}
}

// filesHold reports whether any file under dir (Redis's data: the AOF, the RDB) holds s.
func filesHold(t *testing.T, dir, s string) bool {
	t.Helper()
	found := false
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || found {
			return nil // a file rewritten away meanwhile
		}
		b, err := os.ReadFile(path)
		if err == nil && bytes.Contains(b, []byte(s)) {
			found = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// TestBallotOnRedisCluster: the ballot's scripts and transactions keep to the branch's slot,
// so opening, voting and closing work through a cluster client.
func TestBallotOnRedisCluster(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withCluster(t))
	f := seedBranch(t, h, 0, 4)
	sec := f.secretary
	h.clock.Set(time.Date(2026, 12, 1, 10, 0, 0, 0, h.cfg.Location))
	sec.Send("/ballot 12-20")
	reply(t, sec, "已发起民主评议党员：5 人参评")
	people := append([]*telegramtest.User{sec}, f.members...)
	for _, u := range people {
		for _, c := range people {
			if c != u {
				rate(t, u, f.names[c.ID()], "优秀")
			}
		}
		reply(t, u, "已全部评定")
	}
	sec.Send("/ballot close")
	if res := reply(t, sec, "民主评议党员结果"); !strings.Contains(res.Text, "党员4：优秀 4、合格 0、基本合格 0、不合格 0") {
		t.Errorf("results on a cluster: %q", res.Text)
	}
	waitDocument(t, sec, ".xlsx")
}

// TestBallotRemindsThoseWhoHaveNotVoted: the reminder to vote comes the day before the last
// day and on the last day, at the reminder time, to those on the roster who have not voted
// by then, as part of their one message of the day (beside a step they owe), with a button
// that opens the form; whoever voted hears nothing of it; /ballot close ends them.
func TestBallotRemindsThoseWhoHaveNotVoted(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(onlyPointsStep))
	f := seedBranch(t, h, 0, 4) // 张书记 100, 党员1–4 201–204
	sec := f.secretary
	people := append([]*telegramtest.User{sec}, f.members...)
	voter, pending := f.members[0], []*telegramtest.User{sec, f.members[1], f.members[2], f.members[3]}
	rem := state.NewReminders(h.redis.Client(t), state.NewKeys(h.cfg.Redis.KeyPrefix))
	h.clock.Set(shanghaiAt(t, h, 12, 1, 10, 0))
	// The meeting on Thursday 31 December: points are due Saturday the 26th, reminded on
	// Wednesday the 23rd (3 days before).
	setUpMeeting(t, sec, "2026-12-31")
	settled(t, h, rem)

	// Opened on Tuesday the 22nd, last day Thursday the 24th: the reminders to vote are on
	// Wednesday the 23rd and Thursday the 24th at 09:00. 党员1 votes at once.
	h.clock.Set(shanghaiAt(t, h, 12, 22, 10, 0))
	settled(t, h, rem)
	sec.Send("/ballot 12-24")
	reply(t, sec, "已发起民主评议党员：5 人参评，截止 2026年12月24日 24:00")
	for _, c := range people {
		if c != voter {
			rate(t, voter, f.names[c.ID()], "合格")
		}
	}
	reply(t, voter, "已全部评定")
	settled(t, h, rem)

	const line = "民主评议党员：请在 2026年12月24日 24:00 前完成评议。"
	before := map[int64]int{}
	for _, u := range people {
		before[u.ID()] = len(u.Replies())
	}
	h.clock.Set(shanghaiAt(t, h, 12, 23, 9, 0))
	settled(t, h, rem)
	for _, u := range people {
		waitUntil(t, func() bool { return len(u.Replies()) > before[u.ID()] })
	}
	settled(t, h, rem)
	for _, u := range pending {
		day := u.Replies()[before[u.ID()]:]
		if len(day) != 1 {
			t.Fatalf("%s got %d messages on the day before the close; want one: %+v", f.names[u.ID()], len(day), day)
		}
		m := day[0]
		if !strings.Contains(m.Text, "您有 2 项需要办理") || !strings.Contains(m.Text, line) || !strings.Contains(m.Text, "查摆问题") {
			t.Errorf("the day's message of %s:\n%s", f.names[u.ID()], m.Text)
		}
		if got := buttonTexts(m); !strings.Contains(got, ". 民主评议") {
			t.Errorf("the buttons of %s: %s", f.names[u.ID()], got)
		}
	}
	day := voter.Replies()[before[voter.ID()]:]
	if len(day) != 1 || strings.Contains(day[0].Text, "民主评议") || !strings.Contains(day[0].Text, "查摆问题") {
		t.Errorf("the voter's messages of the day: %+v", day)
	}
	// The button opens the form.
	u := pending[1]
	for _, b := range u.Replies()[len(u.Replies())-1].Buttons {
		for _, k := range b {
			if strings.HasSuffix(k.Text, ". 民主评议") {
				click(t, u, k.Text)
			}
		}
	}
	reply(t, u, "已评 0/4")

	// Closed early: no reminder on the last day.
	sec.Send("/ballot close")
	reply(t, sec, "民主评议党员结果")
	settled(t, h, rem)
	for _, u := range people {
		before[u.ID()] = len(u.Replies())
	}
	h.clock.Set(shanghaiAt(t, h, 12, 24, 9, 0))
	settled(t, h, rem)
	h.clock.Set(shanghaiAt(t, h, 12, 24, 12, 0))
	settled(t, h, rem)
	for _, u := range people {
		for _, m := range u.Replies()[before[u.ID()]:] {
			if strings.Contains(m.Text, "请在 2026年12月24日 24:00 前完成评议") {
				t.Errorf("%s was reminded to vote after the close: %q", f.names[u.ID()], m.Text)
			}
		}
	}
	noViolations(t, h.fake)
}

// TestBallotReminderOnTheLastDay: with nothing else due, the reminder to vote is a message of
// its own (【提醒】, 去评议); on the last day it reaches only those still not voted by then.
func TestBallotReminderOnTheLastDay(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(onlyPointsStep))
	f := seedBranch(t, h, 0, 4)
	sec := f.secretary
	people := append([]*telegramtest.User{sec}, f.members...)
	rem := state.NewReminders(h.redis.Client(t), state.NewKeys(h.cfg.Redis.KeyPrefix))
	h.clock.Set(shanghaiAt(t, h, 12, 1, 10, 0))
	setUpMeeting(t, sec, "2026-12-31")
	sec.Send("/ballot 12-03") // Tuesday the 1st to Thursday the 3rd
	reply(t, sec, "已发起民主评议党员：5 人参评")
	settled(t, h, rem)

	const line = "【提醒】民主评议党员：请在 2026年12月3日 24:00 前完成评议。"
	h.clock.Set(shanghaiAt(t, h, 12, 2, 9, 0))
	settled(t, h, rem)
	for _, u := range people {
		m := reply(t, u, line)
		if got := buttonTexts(m); got != "去评议" {
			t.Errorf("buttons %q", got)
		}
	}
	voter := f.members[1]
	click(t, voter, "去评议")
	reply(t, voter, "已评 0/4")
	for _, c := range people {
		if c != voter {
			rate(t, voter, f.names[c.ID()], "合格")
		}
	}
	reply(t, voter, "已全部评定")
	h.clock.Set(shanghaiAt(t, h, 12, 3, 9, 0))
	settled(t, h, rem)
	for _, u := range people {
		if u != voter {
			waitUntil(t, func() bool { return count(u, line) == 2 })
		}
	}
	settled(t, h, rem)
	if n := count(voter, line); n != 1 {
		t.Errorf("the voter was reminded %d times; want once, before voting", n)
	}
	noViolations(t, h.fake)
}
