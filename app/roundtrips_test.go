package app_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"orglife/app"
	"orglife/bot/telegramtest"
	"orglife/state"
)

// TestDialogAnswerTakesTwoRoundTrips: inside a dialog a button press and a typed answer
// each take two Redis round trips — queueing the update with what handling it reads
// (flood count, language, session, branch and membership) and the send slots of its answer
// (one for a press, two for a typed answer: its prompt loses its buttons, the next comes),
// and the ack with the session write — and nothing else.
func TestDialogAnswerTakesTwoRoundTrips(t *testing.T) {
	t.Parallel()
	h, f, rt, handled := tracedMember(t)
	u := f.members[0]
	want := []string{"Inbox).PushClaim", "Inbox).Ack"}
	check := func(what string, trips []string) {
		t.Helper()
		checkTrips(t, what, trips, want)
		if !strings.Contains(trips[0], "{rate}:chat") {
			t.Fatalf("%s: the send slots were not taken in the queueing round trip: %q", what, trips[0])
		}
	}

	u.Send("/point")
	reply(t, u, "这个问题属于哪个方面")
	waitUntil(t, handled)
	check("a button press", rt.traced(func() {
		click(t, u, "理论学习")
		reply(t, u, "是怎么查摆出来的")
		waitUntil(t, handled)
	}))
	click(t, u, "自己找")
	reply(t, u, "请用自己的话写下这个问题")
	waitUntil(t, handled)
	check("a typed answer", rt.traced(func() {
		u.Send("对分工任务跟进不及时，材料报送拖延了两天")
		reply(t, u, "原因分析")
		waitUntil(t, handled)
	}))
	// What the answers were is in Redis, with the session the acks wrote.
	raw, err := state.NewStore(h.redis.Client(t), state.NewKeys(h.cfg.Redis.KeyPrefix)).Session(context.Background(), nil, u.ID(), u.ID())
	if err != nil || !strings.Contains(string(raw), "对分工任务跟进不及时") {
		t.Fatalf("session after the answers: %s %v", raw, err)
	}
}

// TestUpdateWaitingBehindIsReadInTheAck: an update that comes while the one before it in
// its chat is still in hand (here Telegram answers that one's edit late) waits behind it,
// and what handling it reads rides on the ack of the one before: it takes no round trip of
// its own for its reads (no Preload).
func TestUpdateWaitingBehindIsReadInTheAck(t *testing.T) {
	t.Parallel()
	h, f, rt, handled := tracedMember(t)
	u := f.members[0]
	u.Send("/point")
	reply(t, u, "这个问题属于哪个方面")
	waitUntil(t, handled)
	h.fake.FailNext("editMessageText", 1, telegramtest.TimeoutAfterApplying(300*time.Millisecond))
	trips := rt.traced(func() {
		click(t, u, "理论学习")
		reply(t, u, "是怎么查摆出来的") // edited at once; the answer to the edit comes late
		click(t, u, "自己找")
		reply(t, u, "请用自己的话写下这个问题")
		waitUntil(t, handled)
	})
	// The first press may have been queued while the worker of /point was still finishing,
	// and then read on its own; what follows the second press's queueing is fixed.
	k := len(trips) - 3
	if k < 1 || !strings.Contains(trips[0], "Inbox).PushClaim") {
		t.Fatalf("two presses took %d round trips:\n%s", len(trips), strings.Join(trips, "\n"))
	}
	checkTrips(t, "the second press", trips[k:], []string{"Inbox).PushClaim", "Inbox).Ack", "Inbox).Ack"})
	// The ack of the first carried the second's reads, its flood count and send slot among them.
	if !strings.Contains(trips[k+1], "floodbucket") || !strings.Contains(trips[k+1], "{rate}:chat") || strings.Contains(trips[k], "floodbucket") {
		t.Fatalf("the waiting press was not read in the ack before it:\n%s", strings.Join(trips, "\n"))
	}
}

// TestSavingAPointTakesFourRoundTrips: the dialog's last answer, which saves the point,
// takes the two of any answer and two of its own: drawing the point's id (once for the
// update, so that the update handled again saves the same point) and writing the point. The
// meeting it is saved under was read ahead with the update.
func TestSavingAPointTakesFourRoundTrips(t *testing.T) {
	t.Parallel()
	_, f, rt, handled := tracedMember(t)
	u := f.members[0]
	want := []string{"Inbox).PushClaim", "Records).NextIDFor", "Records).SavePoint", "Inbox).Ack"}
	for round := range 2 { // the first loads the scripts (a NOSCRIPT and an EVAL each)
		for _, step := range []func(){
			func() { u.Send("/point"); reply(t, u, "这个问题属于哪个方面") },
			func() { click(t, u, "理论学习"); reply(t, u, "是怎么查摆出来的") },
			func() { click(t, u, "自己找"); reply(t, u, "请用自己的话写下这个问题") },
			func() {
				u.Send("对分工任务跟进不及时，材料报送拖延了两天")
				reply(t, u, "原因分析")
			},
			func() { click(t, u, "跳过"); reply(t, u, "整改措施") },
		} {
			step()
			waitUntil(t, handled)
		}
		trips := rt.traced(func() {
			click(t, u, "跳过")
			reply(t, u, "已记录查摆问题")
			waitUntil(t, handled)
		})
		if round == 0 {
			continue
		}
		checkTrips(t, "saving the point", trips, want)
	}
	if ps, err := f.records.Points(context.Background(), f.branch.ID, f.meeting.ID); err != nil || len(ps) != 2 {
		t.Fatalf("%d points saved (%v), want 2", len(ps), err)
	}
}

// TestDialogOnRedisCluster: the whole /point dialog, then /mypoints, /todo and /talk,
// through a cluster client against a Redis Cluster, which refuses any script or transaction
// whose keys span slots; the ack then writes the session in a step of its own, before the ack (a cluster splits a
// transaction by slot, which would no longer order the two).
func TestDialogOnRedisCluster(t *testing.T) {
	t.Parallel()
	h := newHarness(t, withCluster(t))
	if !strings.HasPrefix(h.cfg.Redis.URL, "redis+cluster://") {
		t.Fatalf("the bot reaches Redis at %s, not through a cluster client", h.cfg.Redis.URL)
	}
	f := seedBranch(t, h, 0, 1)
	u := f.members[0]
	u.Send("/point")
	reply(t, u, "这个问题属于哪个方面")
	click(t, u, "理论学习")
	reply(t, u, "是怎么查摆出来的")
	click(t, u, "自己找")
	reply(t, u, "请用自己的话写下这个问题")
	u.Send("对分工任务跟进不及时，材料报送拖延了两天")
	reply(t, u, "原因分析")
	u.Send("工作忙，挤不出整块时间")
	reply(t, u, "整改措施")
	u.Send("每周固定两个晚上读原文")
	reply(t, u, "已记录查摆问题")
	points, err := f.records.Points(context.Background(), f.branch.ID, f.meeting.ID)
	if err != nil || len(points) != 1 || points[0].Problem != "对分工任务跟进不及时，材料报送拖延了两天" {
		t.Fatalf("points on the cluster: %+v %v", points, err)
	}
	// Commands whose records are read ahead with the branch, in its slot.
	u.Send("/mypoints")
	reply(t, u, "对分工任务跟进不及时")
	u.Send("/todo")
	reply(t, u, "您还需完成")
	u.Send("/talk")
	reply(t, u, "和谁进行了谈心谈话")
	if strings.Contains(h.logs.String(), "CROSSSLOT") || strings.Contains(h.logs.String(), "level=ERROR") {
		t.Fatalf("errors logged on the cluster:\n%s", grep(h.logs.String(), "ERROR"))
	}
}

// TestCommandsTakeFewRoundTrips: a command costs what an answer inside a dialog does —
// two Redis round trips: queueing the update with what handling it reads (flood count,
// language, session, branches, branch, membership, current meeting, the draft the command
// opens and the meeting's records it lists: /talk's members and talks, /todo's all,
// /mypoints' points) and the send slot of the answer, and the ack.
func TestCommandsTakeFewRoundTrips(t *testing.T) {
	t.Parallel()
	_, f, rt, handled := tracedMember(t)
	u := f.members[0]
	send := func(text string) string { // what the bot answered
		t.Helper()
		n := len(u.Replies())
		u.Send(text)
		waitUntil(t, func() bool { return len(u.Replies()) > n })
		waitUntil(t, handled)
		var got []string
		for _, m := range u.Replies()[n:] {
			got = append(got, m.Text)
		}
		return strings.Join(got, "\n")
	}
	// The first command of a user in this process has no hint of their branch yet.
	send("/point")
	send("/cancel")
	for _, c := range []struct {
		command, answer string
		want            []string
	}{
		{"/point", "这个问题属于哪个方面", []string{"Inbox).PushClaim", "Inbox).Ack"}},
		{"/study", "学习形式", []string{"Inbox).PushClaim", "Inbox).Ack"}},
		{"/talk", "和谁进行了谈心谈话", []string{"Inbox).PushClaim", "Inbox).Ack"}},
		{"/todo", "您还需完成", []string{"Inbox).PushClaim", "Inbox).Ack"}},
		{"/mypoints", "还没有记录查摆问题", []string{"Inbox).PushClaim", "Inbox).Ack"}},
	} {
		var answer string
		trips := rt.traced(func() { answer = send(c.command) })
		// What the command answered is what it answers without the read-ahead.
		if !strings.Contains(answer, c.answer) {
			t.Fatalf("%s answered %q, want %q", c.command, answer, c.answer)
		}
		checkTrips(t, c.command, trips, c.want)
		send("/cancel") // a dialog left open would cost the next command an edit of its prompt
	}
}

// tracedMember is a harness whose Redis round trips rt traces, with a branch of one member,
// and handled, true once that member's inbox is empty (the ack is an update's last round trip)
// and no worker holds a chat.
func tracedMember(t *testing.T) (*harness, *fixture, *rtCounter, func() bool) {
	t.Helper()
	rt := &rtCounter{}
	h := newHarness(t, withApp(app.WithRedisHook(rt)))
	f := seedBranch(t, h, 0, 1)
	rdb, keys := h.redis.Client(t), state.NewKeys(h.cfg.Redis.KeyPrefix)
	inbox := keys.Inbox(strconv.FormatInt(f.members[0].ID(), 10))
	// The worker has also ended: until it has, a new update of the chat is queued behind
	// it, and read ahead only if it comes after the worker has let the chat go.
	handled := func() bool {
		n, err := rdb.LLen(context.Background(), inbox).Result()
		if err != nil || n != 0 {
			return false
		}
		_, m := h.get("/metrics")
		return strings.Contains(m, "\norglife_chats_active 0\n")
	}
	return h, f, rt, handled
}

// checkTrips fails unless trips are want's round trips, in order (each names its caller).
func checkTrips(t *testing.T, what string, trips, want []string) {
	t.Helper()
	if len(trips) != len(want) {
		t.Fatalf("%s took %d round trips, want %d:\n%s", what, len(trips), len(want), strings.Join(trips, "\n"))
	}
	for i, w := range want {
		if !strings.Contains(trips[i], w) {
			t.Fatalf("%s: round trip %d is %q, want %s:\n%s", what, i+1, trips[i], w, strings.Join(trips, "\n"))
		}
	}
}
