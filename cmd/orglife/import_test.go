package main

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"orglife"
	"orglife/configs"
	"orglife/state"
	"orglife/state/redistest"
)

// TestImportPlansReminders: a branch restored by `orglife import` has its reminders planned
// as the bot plans them — the current meeting's step reminders and daily digests, and the
// follow-ups (回头看) of every open rectification item, also one of an earlier meeting — in
// the branch's own time zone, and nothing for a closed item or a meeting no longer current.
func TestImportPlansReminders(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := map[string]string{configs.EnvRedisURL: "redis://unused"}
	cfg, err := configs.Load("", func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	today := orglife.DateOf(time.Now(), berlin)
	src := state.NewRecords(redistest.Start(t).Client(t), state.NewKeys("orglife"))
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	created := time.Now().Add(-30 * 24 * time.Hour).UTC()
	must(src.CreateBranch(ctx, orglife.Branch{ID: "r", Name: "第三党支部", CreatedAt: created, Timezone: "Europe/Berlin"},
		orglife.Member{UserID: 7, Name: "李书记"}))
	if _, err := src.AddMember(ctx, "r", orglife.Member{UserID: 8, Name: "王", JoinedAt: created}); err != nil {
		t.Fatal(err)
	}
	old := orglife.Meeting{ID: "1", BranchID: "r", Title: "去年的会", Date: today.AddDays(-20),
		Steps: orglife.NewSteps(today.AddDays(-20), cfg.Meeting.Steps), CreatedAt: created}
	must(src.CreateMeeting(ctx, old))
	item := func(id string, status orglife.RectStatus) orglife.RectItem {
		n, err := src.NextRectNumber(ctx, "r", "1")
		must(err)
		it := orglife.RectItem{ID: id, BranchID: "r", MeetingID: "1", Number: n, Problem: "学习不够", Measure: "每周读原文",
			Owner: 8, Deadline: today.AddDays(40), ReviewDays: 7, Status: status, CreatedAt: created}
		must(src.SaveRectItem(ctx, it))
		return it
	}
	open := item("2", orglife.RectInProgress)
	item("3", orglife.RectClosed)
	current := orglife.Meeting{ID: "4", BranchID: "r", Title: "2026年度专题组织生活会", Date: today.AddDays(20),
		Steps: orglife.NewSteps(today.AddDays(20), cfg.Meeting.Steps), CreatedAt: time.Now().UTC()}
	must(src.CreateMeeting(ctx, current))
	e, err := src.Export(ctx, "r")
	must(err)
	raw, err := json.Marshal(e)
	must(err)
	file := filepath.Join(t.TempDir(), "branch-r.json")
	must(os.WriteFile(file, raw, 0o600))

	dst := redistest.Start(t)
	var stdout, stderr bytes.Buffer
	cmd := command(t, "REDIS_URL="+dst.URL())
	cmd.Args = append(cmd.Args, "import", file)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	ran := time.Now()
	if err := cmd.Run(); err != nil {
		code := -1
		if exit, ok := err.(*exec.ExitError); ok {
			code = exit.ExitCode()
		}
		t.Fatalf("import = exit %d, stdout %q, stderr %q", code, stdout.String(), stderr.String())
	}
	if out := stdout.String(); !strings.Contains(out, `current meeting "4", 1 open rectification items`) {
		t.Fatalf("import said %q", out)
	}

	c := dst.Client(t)
	groups := planGroups(t, c, "r")
	if want := []string{"b:r:m:4", "b:r:rect:2"}; !slices.Equal(slices.Sorted(maps.Keys(groups)), want) {
		t.Fatalf("planned groups %v; want %v", slices.Sorted(maps.Keys(groups)), want)
	}
	// The plans are what the bot's planners make of the restored records, in Berlin's zone,
	// on the day the import read its clock: between ran and now, so across midnight in
	// Berlin either day (its digests start on that day).
	opts := planOptions(t, cfg)
	when := ran
	if end := time.Now(); orglife.DateOf(ran, berlin) != orglife.DateOf(end, berlin) {
		stored, later := groups["b:r:m:4"], orglife.PlanMeeting(current, berlin, end, opts)
		if len(later) == len(stored) && !slices.ContainsFunc(later, func(r orglife.Reminder) bool { return stored[r.Key] == "" }) {
			when = end
		}
	}
	for group, plan := range map[string][]orglife.Reminder{
		"b:r:m:4":    orglife.PlanMeeting(current, berlin, when, opts),
		"b:r:rect:2": orglife.PlanItem(open, berlin, when, opts),
	} {
		if len(plan) == 0 {
			t.Fatalf("nothing to plan for %s: the test's meeting or item is wrong", group)
		}
		got := groups[group]
		for _, r := range plan {
			j, ok := got[r.Key]
			if !ok {
				t.Errorf("group %s lacks %s", group, r.Key)
				continue
			}
			var stored orglife.Reminder
			must(json.Unmarshal([]byte(j), &stored))
			if stored.Zone != "Europe/Berlin" || !stored.Due.Equal(r.Due) || stored.Kind != r.Kind {
				t.Errorf("group %s: %s stored as %+v; want %+v", group, r.Key, stored, r)
			}
		}
		if len(got) != len(plan) {
			t.Errorf("group %s holds %d reminders; want %d", group, len(got), len(plan))
		}
	}
	kinds := map[orglife.ReminderKind]int{}
	for _, g := range groups {
		for _, j := range g {
			var r orglife.Reminder
			must(json.Unmarshal([]byte(j), &r))
			kinds[r.Kind]++
		}
	}
	for _, k := range []orglife.ReminderKind{orglife.RemindStep, orglife.RemindDigest, orglife.RemindRectReview,
		orglife.RemindRectDeadline, orglife.RemindRectOverdue} {
		if kinds[k] == 0 {
			t.Errorf("no %s reminder planned; planned %v", k, kinds)
		}
	}
	// And they wait in the store for the dispatcher.
	pending, _, err := state.NewReminders(c, state.NewKeys("orglife")).Counts(ctx)
	must(err)
	if total := len(groups["b:r:m:4"]) + len(groups["b:r:rect:2"]); pending != int64(total) {
		t.Fatalf("%d reminders wait; want the %d planned", pending, total)
	}
}

// planGroups reads the reminder store's plans of branch id: group → reminder key → JSON.
func planGroups(t *testing.T, c *redis.Client, branchID string) map[string]map[string]string {
	t.Helper()
	ctx := context.Background()
	prefix := "orglife:{sched}:group:"
	out := map[string]map[string]string{}
	iter := c.Scan(ctx, 0, prefix+"b:"+branchID+":*", 1000).Iterator()
	for iter.Next(ctx) {
		h, err := c.HGetAll(ctx, iter.Val()).Result()
		if err != nil {
			t.Fatal(err)
		}
		out[strings.TrimPrefix(iter.Val(), prefix)] = h
	}
	if err := iter.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func planOptions(t *testing.T, cfg configs.Config) orglife.PlanOptions {
	t.Helper()
	rules, digestAt, err := cfg.Reminders.Rules()
	if err != nil {
		t.Fatal(err)
	}
	return orglife.PlanOptions{Rules: rules, DigestAt: digestAt, Location: cfg.Location}
}
