package app_test

import (
	"context"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"orglife"
	"orglife/state"
	"orglife/state/redistest"
)

// TestReplanBranchPlansAsTheBot: state.ReplanBranch (what `orglife import` runs) plans
// a restored branch exactly as the bot planned the original while people used it — the
// same groups, keys, due times and zones — so the bot's planning and the import's cannot
// drift apart unnoticed. (A closed item and a meeting no longer current get no plan: see
// cmd/orglife's TestImportPlansReminders.)
func TestReplanBranchPlansAsTheBot(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	f := seedBranch(t, h, 0, 1)
	sec, owner := f.secretary, f.members[0]
	now := time.Now().In(h.cfg.Location)
	h.clock.Set(time.Date(now.Year(), now.Month(), now.Day(), 12, 0, 0, 0, h.cfg.Location))
	today := today(h)

	// The bot plans: a new meeting, its deadline moved, the branch's zone set, an item made
	// and reported on.
	sec.Send("/newmeeting")
	reply(t, sec, "请输入会议名称")
	sec.Send("2026年度专题组织生活会")
	reply(t, sec, "请输入会议日期")
	sec.Send(today.AddDays(30).String())
	skipWhenWhere(t, sec)
	reply(t, sec, "会议以什么形式召开")
	click(t, sec, "党员大会")
	reply(t, sec, "现在填写，还是跳过")
	click(t, sec, "跳过")
	meetingCreated(t, sec, "已创建")
	sec.Send("/deadline")
	reply(t, sec, "修改哪一步的时限")
	click(t, sec, "谈心谈话")
	reply(t, sec, "谈心谈话 现在的时限是")
	sec.Send(today.AddDays(12).String())
	reply(t, sec, "的时限已改为")
	sec.Send("/timezone")
	reply(t, sec, "支部现在按")
	sec.Send("Europe/Berlin")
	reply(t, sec, "已设置：支部按 Europe/Berlin 计算")
	rcCreate(t, f, "理论学习不系统", "每周读原文两次并写笔记", "党员1", today.AddDays(60))
	rcReport(t, owner, "推进中", "已读完两章", "")

	ctx := context.Background()
	keys := state.NewKeys(h.cfg.Redis.KeyPrefix)
	src := h.redis.Client(t)
	planned := planGroups(t, src, h.cfg.Redis.KeyPrefix, f.branch.ID)
	b, err := f.records.Branch(ctx, f.branch.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The seeded meeting was made without the bot, so only the new one has a plan.
	if len(planned) != 2 || planned["b:"+b.ID+":m:"+b.CurrentMeeting] == nil {
		t.Fatalf("the bot planned groups %v; want the current meeting's %s and the item's", slices.Sorted(maps.Keys(planned)), b.CurrentMeeting)
	}

	e, err := f.records.Export(ctx, f.branch.ID)
	if err != nil {
		t.Fatal(err)
	}
	dst := redistest.Start(t).Client(t)
	restored := state.NewRecords(dst, keys)
	if err := restored.Import(ctx, e); err != nil {
		t.Fatal(err)
	}
	rules, digestAt, err := h.cfg.Reminders.Rules()
	if err != nil {
		t.Fatal(err)
	}
	opts := orglife.PlanOptions{Rules: rules, DigestAt: digestAt, Location: h.cfg.Location}
	p, err := state.ReplanBranch(ctx, restored, state.NewReminders(dst, keys), f.branch.ID, h.clock.Now(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if p.Meetings != 1 || p.Items != 1 || p.Reminders == 0 {
		t.Fatalf("ReplanBranch = %+v; want the current meeting and the one open item", p)
	}
	got := planGroups(t, dst, h.cfg.Redis.KeyPrefix, f.branch.ID)
	if !reflect.DeepEqual(got, planned) {
		for g, want := range planned {
			for k, j := range want {
				if got[g][k] != j {
					t.Errorf("group %s, %s: the bot planned %s, the import %s", g, k, j, got[g][k])
				}
			}
			for k := range got[g] {
				if _, ok := want[k]; !ok {
					t.Errorf("group %s: the import planned %s, the bot did not", g, k)
				}
			}
		}
		t.Fatalf("the import planned groups %v; the bot %v", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(planned)))
	}
	// Planning again is a no-op.
	if _, err := state.ReplanBranch(ctx, restored, state.NewReminders(dst, keys), f.branch.ID, h.clock.Now(), opts); err != nil {
		t.Fatal(err)
	}
	if again := planGroups(t, dst, h.cfg.Redis.KeyPrefix, f.branch.ID); !reflect.DeepEqual(again, planned) {
		t.Fatal("planning the restored branch again changed its plan")
	}
	if _, err := state.ReplanBranch(ctx, restored, state.NewReminders(dst, keys), "nosuch", h.clock.Now(), opts); err == nil ||
		!strings.Contains(err.Error(), "nosuch") {
		t.Fatalf("ReplanBranch of an unknown branch = %v", err)
	}
}

// planGroups reads the reminder store's plans of a branch: group → reminder key → JSON.
func planGroups(t *testing.T, c redis.UniversalClient, prefix, branchID string) map[string]map[string]string {
	t.Helper()
	ctx := context.Background()
	tag := prefix + ":{sched}:group:"
	out := map[string]map[string]string{}
	iter := c.Scan(ctx, 0, tag+"b:"+branchID+":*", 1000).Iterator()
	for iter.Next(ctx) {
		h, err := c.HGetAll(ctx, iter.Val()).Result()
		if err != nil {
			t.Fatal(err)
		}
		out[strings.TrimPrefix(iter.Val(), tag)] = h
	}
	if err := iter.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
