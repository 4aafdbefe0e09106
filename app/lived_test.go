package app_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"orglife"
	"orglife/bot/telegramtest"
	"orglife/configs"
	"orglife/state"
)

var updateTranscript = flag.Bool("update", false, "rewrite testdata golden files")

// TestThirtyDaysAsLived plays a whole preparation for a branch of nine — from /newmeeting on
// Wednesday 27 January 2027 to the meeting on Friday 26 February — on the injected clock,
// morning and evening of every day, and compares what each person received, day by day, with
// testdata/thirty-days.golden. The period holds what people live through: 春节 (5–13
// February, off) with its make-up Sundays (31 January, 14 February, worked), the plan's
// deadline inside the holiday, the points due on a Sunday, a member on leave, a member who
// joins late, a deadline moved later, another moved to tomorrow on a day the daily cap is
// reached, and the secretary's /remind.
//
// Beside the golden file, the rules a member judges reminders by are checked on the transcript
// itself: no scheduled message on a day off, none in the quiet hours, at most the cap a day,
// no step told twice to a person on one day, and a step's last reminder before a deadline
// that falls on a day off.
func TestThirtyDaysAsLived(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withConfig(func(c *configs.Config) { c.Reminders.DailyCap = 2 }))
	f := seedBranch(t, h, 2, 6) // 张书记 100, 委员1–2 101–102, 党员1–6 201–206
	ctx := context.Background()
	rem := state.NewReminders(h.redis.Client(t), state.NewKeys(h.cfg.Redis.KeyPrefix))
	sec := f.secretary
	late := h.fake.NewUser(301, "王五")
	people := append(append([]*telegramtest.User{sec}, f.committee...), f.members...)
	people = append(people, late)
	names := map[int64]string{301: "王五（后加入）"}
	for id, n := range f.names {
		names[id] = n
	}
	tr := &transcript{users: people, names: names, seen: map[int64]int{}}
	at := func(month time.Month, day, hour, minute int) time.Time {
		return time.Date(2027, month, day, hour, minute, 30, 0, h.cfg.Location)
	}
	current := func() orglife.Meeting { return currentMeeting(t, f, f.branch.ID) }
	talk := func(id string, by, with int64) {
		t.Helper()
		m := current()
		tk := orglife.Talk{ID: id, MeetingID: m.ID, RecordedBy: by, With: with, WithName: names[with],
			Date: orglife.DateOf(h.clock.Now(), h.cfg.Location), Form: orglife.TalkFaceToFace, Raised: "意见", Received: "意见",
			Status: orglife.ConfirmAgreed, CreatedAt: h.clock.Now()}
		if err := f.records.SaveTalk(ctx, f.branch.ID, tk); err != nil {
			t.Fatal(err)
		}
	}
	point := func(id string, by int64) {
		t.Helper()
		p := orglife.Point{ID: id, MeetingID: current().ID, MemberID: by, Area: orglife.AreaTheory, Source: orglife.SourceSelf,
			Problem: "理论学习不够系统，学用结合不紧密", CreatedAt: h.clock.Now()}
		if err := f.records.SavePoint(ctx, f.branch.ID, p, orglife.PointChange{PointID: id, By: by, Action: orglife.PointCreate}); err != nil {
			t.Fatal(err)
		}
	}
	study := func(id string, by int64) {
		t.Helper()
		s := orglife.Study{ID: id, MeetingID: current().ID, MemberID: by, Form: orglife.StudySelf,
			Date: orglife.DateOf(h.clock.Now(), h.cfg.Location), Topic: "党章和党的二十届四中全会精神", Hours: 2}
		if err := f.records.SaveStudy(ctx, f.branch.ID, s); err != nil {
			t.Fatal(err)
		}
	}
	material := func(by int64) {
		t.Helper()
		if err := f.records.MarkMaterialDone(ctx, f.branch.ID, current().ID, by); err != nil {
			t.Fatal(err)
		}
	}

	events := map[string]func(){
		"01-27 10:00": func() { // the meeting is set up, with its time and place
			sec.Send("/newmeeting")
			reply(t, sec, "请输入会议名称")
			sec.Send("2027年度专题组织生活会")
			reply(t, sec, "请输入会议日期")
			sec.Send("2027-02-26")
			reply(t, sec, "会议几点开、在哪里开")
			sec.Send("14:30 三楼会议室")
			reply(t, sec, "会议以什么形式召开")
			click(t, sec, "党员大会")
			reply(t, sec, "现在填写，还是跳过")
			click(t, sec, "跳过")
			meetingCreated(t, sec, "已创建")
		},
		"01-28 10:00": func() { study("s1", 201); talk("k1", 101, 100) },
		"02-01 15:00": func() { point("p1", 201); point("p2", 101); talk("k2", 102, 100); talk("k3", 101, 102) },
		"02-03 10:00": func() { // a member joins late
			code := askInvite(t, sec)
			late.Send("/start " + code)
			reply(t, late, "欢迎加入")
			late.Send("王五")
			reply(t, late, "您已作为党员加入")
		},
		"02-04 10:00": func() { study("s2", 202); study("s3", 101); talk("k4", 201, 100); talk("k5", 201, 202) },
		"02-15 10:00": func() { // back from the holiday: the plan adopted, late; a member on leave
			m := current()
			m.PlanAdopted = orglife.DateOf(h.clock.Now(), h.cfg.Location)
			if err := f.records.SaveMeeting(ctx, m); err != nil {
				t.Fatal(err)
			}
			if err := rem.SetLeave(ctx, f.branch.ID, orglife.Leave{UserID: 203, From: orglife.Date{Year: 2027, Month: 2, Day: 15},
				To: orglife.Date{Year: 2027, Month: 2, Day: 19}, SetBy: 100}); err != nil {
				t.Fatal(err)
			}
		},
		"02-16 15:00": func() {
			study("s4", 100)
			study("s5", 102)
			study("s6", 204)
			talk("k6", 202, 100)
			talk("k7", 204, 100)
			talk("k8", 204, 205)
		},
		"02-17 10:00": func() { moveDeadline(t, sec, "谈心谈话", "2027-02-22") }, // later: told with the next morning's message
		"02-18 10:00": func() { // the cap: the morning's message, the secretary's nudge, then a change for tomorrow
			sec.Send("/remind")
			m := reply(t, sec, "提醒哪一步")
			for _, row := range m.Buttons {
				if strings.HasPrefix(row[0].Text, "学习研讨（") {
					click(t, sec, row[0].Text)
				}
			}
			reply(t, sec, "已提醒学习研讨未完成的")
		},
		"02-18 15:00": func() { moveDeadline(t, sec, "对照检查材料", "2027-02-19") },
		"02-19 15:00": func() {
			point("p3", 202)
			point("p4", 204)
			point("p5", 100)
			point("p6", 102)
			material(100)
			material(201)
		},
		"02-22 15:00": func() {
			study("s7", 205)
			talk("k9", 205, 100)
			talk("k10", 206, 100)
			talk("k11", 206, 201)
			point("p7", 205)
			material(101)
			material(202)
		},
		"02-24 15:00": func() { material(102); material(204); material(205) },
	}

	h.clock.Set(at(1, 27, 8, 0))
	for day := (orglife.Date{Year: 2027, Month: 1, Day: 27}); !(orglife.Date{Year: 2027, Month: 2, Day: 26}).Before(day); day = day.AddDays(1) {
		var moments []string
		for k := range events {
			if strings.HasPrefix(k, fmt.Sprintf("%02d-%02d ", day.Month, day.Day)) {
				moments = append(moments, k[6:])
			}
		}
		moments = append(moments, "09:00", "18:00")
		slices.Sort(moments)
		tr.day(day)
		for _, hm := range moments {
			var hour, minute int
			fmt.Sscanf(hm, "%d:%d", &hour, &minute)
			h.clock.Set(at(day.Month, day.Day, hour, minute))
			settled(t, h, rem)
			tr.capture(t, hm)
			if ev := events[fmt.Sprintf("%02d-%02d %s", day.Month, day.Day, hm)]; ev != nil {
				ev()
				settled(t, h, rem)
				tr.capture(t, hm)
			}
		}
	}

	tr.checkRules(t, h)
	golden := filepath.Join("testdata", "thirty-days.golden")
	got := tr.String()
	if *updateTranscript {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("the thirty days differ from %s (run with -update after checking):\n%s", golden, firstDifference(string(want), got))
	}
	noViolations(t, h.fake)
}

// transcript is what each person received, day by day.
type transcript struct {
	users []*telegramtest.User
	names map[int64]string
	seen  map[int64]int // messages of each user already in the transcript
	lines []string
	days  []dayLog
}

// dayLog is one day's messages per person, for the rule checks.
type dayLog struct {
	day  orglife.Date
	sent []received
}

type received struct {
	user int64
	at   string
	text string
}

// invitePattern hides an invitation's random code, the one thing of a run that is not the same
// in every run.
var invitePattern = regexp.MustCompile(`start=[A-Za-z0-9_-]+`)

func (tr *transcript) day(d orglife.Date) {
	tr.days = append(tr.days, dayLog{day: d})
	tr.lines = append(tr.lines, "", fmt.Sprintf("== %s %s ==", d, weekdayName(d)))
}

// capture adds the messages each person got since the last capture, at the time hm.
func (tr *transcript) capture(t *testing.T, hm string) {
	t.Helper()
	for _, u := range tr.users {
		rs := u.Replies()
		for _, m := range rs[tr.seen[u.ID()]:] {
			text := invitePattern.ReplaceAllString(m.Text, "start=<code>")
			tr.lines = append(tr.lines, fmt.Sprintf("%s %s ← %s", hm, tr.names[u.ID()], strings.ReplaceAll(text, "\n", "\n      ")))
			for _, row := range m.Buttons {
				var labels []string
				for _, b := range row {
					labels = append(labels, "["+b.Text+"]")
				}
				tr.lines = append(tr.lines, "      "+strings.Join(labels, " "))
			}
			d := &tr.days[len(tr.days)-1]
			d.sent = append(d.sent, received{user: u.ID(), at: hm, text: m.Text})
		}
		tr.seen[u.ID()] = len(rs)
	}
}

func (tr *transcript) String() string {
	return strings.TrimPrefix(strings.Join(tr.lines, "\n"), "\n") + "\n"
}

// scheduled reports whether a message is one the scheduler sent on its own (a reminder, a
// notice), not an answer in a conversation or a nudge the secretary asked for.
func scheduled(text string) bool {
	for _, tag := range []string{"【提醒】", "【会议通知】", "【时限调整】", "【会议提醒】", "【整改"} {
		if strings.HasPrefix(text, tag) {
			return true
		}
	}
	return false
}

// checkRules checks the transcript against what members judge reminders by.
func (tr *transcript) checkRules(t *testing.T, h *harness) {
	t.Helper()
	rules, _, err := h.cfg.Reminders.Rules()
	if err != nil {
		t.Fatal(err)
	}
	steps := []string{"实施方案", "学习研讨", "谈心谈话", "查摆问题", "对照检查材料"}
	once := map[string]orglife.Date{} // a scheduled message is news once: never the same text twice
	for _, d := range tr.days {
		for _, r := range d.sent {
			key := fmt.Sprint(r.user, r.text)
			if first, ok := once[key]; ok && scheduled(r.text) {
				t.Errorf("%s got the same message on %s and %s: %q", tr.names[r.user], first, d.day, r.text)
			}
			once[key] = d.day
		}
		perUser := map[int64][]received{}
		for _, r := range d.sent {
			if scheduled(r.text) || strings.HasPrefix(r.text, "【每日进度】") {
				perUser[r.user] = append(perUser[r.user], r)
			}
		}
		for user, rs := range perUser {
			capped := 0
			told := map[string]int{}
			for _, r := range rs {
				reminder := strings.HasPrefix(r.text, "【提醒】")
				if reminder && !rules.Window.Works(d.day) {
					t.Errorf("%s (a day off): %s got a reminder: %q", d.day, tr.names[user], r.text)
				}
				if scheduled(r.text) {
					capped++
				}
				for _, s := range steps {
					if reminder && strings.Contains(r.text, s) {
						told[s]++
					}
				}
			}
			if capped > 2 {
				t.Errorf("%s: %s got %d scheduled messages, over the cap of 2", d.day, tr.names[user], capped)
			}
			for s, n := range told {
				if n > 1 {
					t.Errorf("%s: %s was reminded of %s %d times", d.day, tr.names[user], s, n)
				}
			}
		}
	}
	// Points are due Sunday 21 February: their day-of reminder comes on Friday the 19th.
	friday := tr.days[slices.IndexFunc(tr.days, func(d dayLog) bool { return d.day == orglife.Date{Year: 2027, Month: 2, Day: 19} })]
	if !slices.ContainsFunc(friday.sent, func(r received) bool {
		return strings.Contains(r.text, "查摆问题") && strings.Contains(r.text, "2027年2月21日")
	}) {
		t.Error("no reminder on Friday of the points due on Sunday")
	}
}

func weekdayName(d orglife.Date) string {
	return [...]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}[time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Weekday()]
}

// firstDifference shows where two transcripts first part, with a few lines around.
func firstDifference(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		if i >= len(w) || i >= len(g) || w[i] != g[i] {
			from := max(i-3, 0)
			return fmt.Sprintf("line %d\nwant:\n%s\ngot:\n%s", i+1,
				strings.Join(w[from:min(i+4, len(w))], "\n"), strings.Join(g[from:min(i+4, len(g))], "\n"))
		}
	}
	return ""
}
