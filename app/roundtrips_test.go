package app_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"orglife/app"
	"orglife/state"
)

// TestDialogAnswerTakesThreeRoundTrips: inside a dialog a button press and a typed answer
// each take three Redis round trips — queueing the update with what handling it reads
// (flood count, language, session, branch and membership), the send slots of the answer,
// and the ack with the session write — and nothing else.
func TestDialogAnswerTakesThreeRoundTrips(t *testing.T) {
	t.Parallel()
	rt := &rtCounter{}
	h := newHarness(t, withApp(app.WithRedisHook(rt)))
	f := seedBranch(t, h, 0, 1)
	u := f.members[0]
	rdb, keys := h.redis.Client(t), state.NewKeys(h.cfg.Redis.KeyPrefix)
	handled := func() bool { // acked: the ack is the update's last round trip
		n, err := rdb.LLen(context.Background(), keys.Inbox(strconv.FormatInt(u.ID(), 10))).Result()
		return err == nil && n == 0
	}
	want := []string{"Inbox).PushClaim", "RateLimiter).ReserveSlots", "Inbox).Ack"}
	check := func(what string, trips []string) {
		t.Helper()
		if len(trips) != len(want) {
			t.Fatalf("%s took %d round trips, want %d:\n%s", what, len(trips), len(want), strings.Join(trips, "\n"))
		}
		for i, w := range want {
			if !strings.Contains(trips[i], w) {
				t.Fatalf("%s: round trip %d is %q, want %s", what, i+1, trips[i], w)
			}
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
	raw, err := state.NewStore(rdb, keys).Session(context.Background(), nil, u.ID(), u.ID())
	if err != nil || !strings.Contains(string(raw), "对分工任务跟进不及时") {
		t.Fatalf("session after the answers: %s %v", raw, err)
	}
}

// TestDialogOnRedisCluster: the whole /point dialog, through a cluster client against a
// Redis Cluster, which refuses any script or transaction whose keys span slots; the ack
// then writes the session in a step of its own, before the ack (a cluster splits a
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
	if strings.Contains(h.logs.String(), "CROSSSLOT") || strings.Contains(h.logs.String(), "level=ERROR") {
		t.Fatalf("errors logged on the cluster:\n%s", grep(h.logs.String(), "ERROR"))
	}
}
