package app_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"orglife"
	"orglife/bot/telegramtest"
	"orglife/configs"
	"orglife/state"
)

// Who may use what, written down by hand from the design (not read from the code), so
// that a command registered with the wrong Role or AdminOnly fails here.
const (
	needNone      = iota // anyone
	needBranch           // no Role, but only meaningful in a branch (/branch)
	needMember           // RoleMember
	needSecretary        // RoleSecretary
	needAdmin            // ORGLIFE_ADMINS only
	needCommittee        // RoleCommittee (a 支委 or the secretary)
)

var authzCommands = map[string]int{
	"start": needNone, "help": needNone, "cancel": needNone, "lang": needNone,
	"newbranch": needAdmin, "branch": needBranch,
	"members": needMember, "invite": needSecretary, "timezone": needSecretary,
	"newmeeting": needSecretary, "schedule": needMember, "deadline": needSecretary,
	"adopt": needSecretary, "meetinginfo": needSecretary, "meetings": needMember,
	"point": needMember, "mypoints": needMember, "points": needSecretary,
	"talk": needMember, "mytalks": needMember,
	"study": needMember, "mystudy": needMember, "session": needCommittee, "sessions": needCommittee,
	"minutes": needSecretary, "status": needCommittee,
	"leave": needMember, "remind": needSecretary, "todo": needMember,
	"report": needSecretary, "rectify": needSecretary, "progress": needMember, "ledger": needMember,
	"mymaterial": needMember, "material": needMember, "export": needSecretary,
	"forgetme": needMember, "retention": needSecretary, "polish": needSecretary, "reassign": needSecretary, "holidays": needSecretary,
	// The secretary, and committee members the secretary allows (none in these tables).
	"branchproblems": needSecretary,
	// 征求意见: the secretary opens it, the committee reads and takes up what came in.
	"collect": needSecretary, "opinions": needCommittee,
	// 民主评议党员: the secretary opens and follows the ballot, every member votes.
	"ballot": needSecretary, "vote": needMember,
}

const (
	refNone = iota
	refNotInBranch
	refRole
	refAdmins
)

var refusalText = map[int]string{refNotInBranch: "您还没有加入党支部", refRole: "这个命令只有", refAdmins: "只有管理员"}

type authzRole struct {
	name    string
	level   orglife.Role // role in the user's own branch (RoleStranger: none)
	admin   bool
	user    *telegramtest.User
	foreign []string // names that must never appear in this user's replies
}

func expectedRefusal(need int, r authzRole) int {
	switch need {
	case needAdmin:
		if r.admin {
			return refNone
		}
		return refAdmins
	case needNone:
		return refNone
	}
	if r.level == orglife.RoleStranger {
		return refNotInBranch
	}
	if need == needSecretary && r.level < orglife.RoleSecretary {
		return refRole
	}
	if need == needCommittee && r.level < orglife.RoleCommittee {
		return refRole
	}
	return refNone
}

func refusalOf(text string) int {
	for _, k := range []int{refNotInBranch, refRole, refAdmins} {
		if strings.Contains(text, refusalText[k]) {
			return k
		}
	}
	return refNone
}

// seedOtherBranch adds a second branch, 第二党支部, with its own secretary (300) and member (301).
func seedOtherBranch(t *testing.T, h *harness) *telegramtest.User {
	t.Helper()
	ctx := context.Background()
	rec := state.NewRecords(h.redis.Client(t), state.NewKeys(h.cfg.Redis.KeyPrefix))
	id, err := rec.NewBranchID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if err := rec.CreateBranch(ctx, orglife.Branch{ID: id, Name: "第二党支部", SecretaryID: 300, CreatedAt: now},
		orglife.Member{UserID: 300, Name: "王书记", Role: orglife.RoleSecretary, JoinedAt: now}); err != nil {
		t.Fatal(err)
	}
	if _, err := rec.AddMember(ctx, id, orglife.Member{UserID: 301, Name: "赵同志", Role: orglife.RoleMember, JoinedAt: now}); err != nil {
		t.Fatal(err)
	}
	h.fake.NewUser(300, "王书记")
	return h.fake.NewUser(301, "赵同志")
}

// sortedCommands checks the hand-written table against what the bot registers, both ways,
// and returns the table's commands in order.
func sortedCommands(t *testing.T, h *harness, secretary *telegramtest.User) []string {
	t.Helper()
	// Every command of the bot's source is in the table, and every command of the table is
	// in the bot's source (each is also sent below, where an unknown one would say so).
	registered := registeredCommands(t)
	for _, n := range registered {
		if _, ok := authzCommands[n]; !ok {
			t.Errorf("command /%s is registered but not in the authorization table", n)
		}
	}
	for n := range authzCommands {
		if !slices.Contains(registered, n) {
			t.Errorf("command /%s is in the authorization table but the bot does not register it", n)
		}
	}
	// What users are shown (the default menu, for strangers, and a secretary's /help) is
	// in the table too.
	menuNames := strings.Fields(menu(h.fake.Commands(telegramtest.CommandScope{Type: "default"}, "")))
	for _, w := range strings.FieldsFunc(firstReply(t, secretary, "/help").Text, func(r rune) bool { return !(r == '/' || r >= 'a' && r <= 'z') }) {
		if strings.HasPrefix(w, "/") && len(w) > 1 && !strings.Contains(w[1:], "/") {
			menuNames = append(menuNames, w[1:])
		}
	}
	for _, n := range menuNames {
		if _, ok := authzCommands[n]; !ok {
			t.Errorf("command /%s is offered but not in the authorization table", n)
		}
	}
	var names []string
	for n := range authzCommands {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func firstReply(t *testing.T, u *telegramtest.User, text string) telegramtest.Message {
	t.Helper()
	u.Send(text)
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	// A late edit or echo of the previous /cancel is not this command's reply.
	m, err := u.WaitReply(ctx, func(m telegramtest.Message) bool { return m.Text != "已取消。" })
	if err != nil {
		t.Fatalf("%s: %v", text, err)
	}
	return m
}

// cleanUp ends whatever the command opened, and waits for the /cancel's own answer so
// that the next command's first reply is its own.
func cleanUp(t *testing.T, u *telegramtest.User) {
	t.Helper()
	u.Send("/cancel")
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if _, err := u.WaitReply(ctx, func(m telegramtest.Message) bool {
		return strings.Contains(m.Text, "已取消") || strings.Contains(m.Text, "当前没有进行中的操作")
	}); err != nil {
		t.Fatalf("/cancel: %v", err)
	}
}

// authzAdmin is the one user in ORGLIFE_ADMINS of the authorisation tables.
const authzAdmin = 900

// authzConfig is the tables' configuration: one admin, and groups not paced (a group is sent
// a pointer per command).
func authzConfig() option {
	return withConfig(func(c *configs.Config) {
		c.Admins = []int64{authzAdmin}
		c.Sender.GroupPerMinute = 100000
	})
}

// authzRoles seeds 第一党支部 and 第二党支部 and returns the six roles of the command table.
func authzRoles(t *testing.T, h *harness) (*fixture, []authzRole) {
	t.Helper()
	f := seedBranch(t, h, 1, 1)
	other := seedOtherBranch(t, h)
	branchA := []string{f.branch.Name, "张书记", "委员1", "党员1"}
	return f, []authzRole{
		{name: "stranger", level: orglife.RoleStranger, user: h.fake.NewUser(800, "路人"), foreign: append(branchA, "第二党支部", "王书记")},
		{name: "other-branch member", level: orglife.RoleMember, user: other, foreign: branchA},
		{name: "member", level: orglife.RoleMember, user: f.members[0], foreign: []string{"第二党支部", "王书记", "赵同志"}},
		{name: "committee", level: orglife.RoleCommittee, user: f.committee[0], foreign: []string{"第二党支部", "王书记", "赵同志"}},
		{name: "secretary", level: orglife.RoleSecretary, user: f.secretary, foreign: []string{"第二党支部", "王书记", "赵同志"}},
		{name: "admin", level: orglife.RoleStranger, admin: true, user: h.fake.NewUser(authzAdmin, "管理员"), foreign: append(branchA, "第二党支部", "王书记")},
	}
}

// groupPersonal is what a group must never be shown.
func groupPersonal(f *fixture) []string {
	return []string{f.branch.Name, "第二党支部", "张书记", "委员1", "党员1", "王书记", "赵同志", f.meeting.Title}
}

// TestAuthzCommandsByRole sends every command as each of six roles, in a private chat and in
// a group. The whole table runs on the handlers directly (newDirectHarness); "http" sends a
// few of the commands as each role through the whole app (poller, Redis inbox, sender, the
// fake over HTTP), judged by the same checks.
func TestAuthzCommandsByRole(t *testing.T) {
	t.Parallel()
	t.Run("handlers", func(t *testing.T) {
		t.Parallel()
		h := newDirectHarness(t, authzConfig())
		f, roles := authzRoles(t, h)
		names := sortedCommands(t, h, f.secretary)
		t.Run("private", func(t *testing.T) {
			for _, r := range roles {
				t.Run(r.name, func(t *testing.T) {
					t.Parallel()
					for _, name := range names {
						checkCommand(t, r, name)
					}
					checkPrivateChat(t, r)
				})
			}
		})
		t.Run("group", func(t *testing.T) {
			for i, r := range roles {
				t.Run(r.name, func(t *testing.T) {
					t.Parallel()
					g := h.fake.NewGroup(int64(5000+i), "支部群")
					for _, name := range names {
						checkGroupCommand(t, h, g, r, name, groupPersonal(f))
					}
					checkGroupDocuments(t, h, g)
				})
			}
		})
		noViolations(t, h.fake)
	})

	// Through the whole app, for each role: a command for anyone, one for secretaries and
	// one for admins (each role is refused by one of them, or by none), and the
	// secretaries' in a group.
	t.Run("http", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, authzConfig())
		f, roles := authzRoles(t, h)
		for i, r := range roles {
			t.Run(r.name, func(t *testing.T) {
				t.Parallel()
				for _, name := range []string{"help", "status", "newbranch"} {
					checkCommand(t, r, name)
				}
				checkPrivateChat(t, r)
				g := h.fake.NewGroup(int64(5000+i), "支部群")
				checkGroupCommand(t, h, g, r, "status", groupPersonal(f))
				checkGroupDocuments(t, h, g)
			})
		}
		t.Cleanup(func() { noViolations(t, h.fake) })
	})
}

// checkCommand sends /name as r in the private chat and checks its first reply against the
// table, then ends what it opened.
func checkCommand(t *testing.T, r authzRole, name string) {
	t.Helper()
	want := expectedRefusal(authzCommands[name], r)
	m := firstReply(t, r.user, "/"+name)
	if got := refusalOf(m.Text); got != want {
		t.Errorf("/%s as %s: first reply %q; want refusal %q", name, r.name, m.Text, refusalText[want])
	}
	if strings.Contains(m.Text, "没有 /"+name+" 这个命令") {
		t.Errorf("/%s as %s: the bot does not know the command: %q", name, r.name, m.Text)
	}
	for _, n := range r.foreign {
		if name != "newbranch" && strings.Contains(m.Text, n) { // its prompt's example is "第一党支部"
			t.Errorf("/%s as %s: reply mentions %q of a branch not theirs: %q", name, r.name, n, m.Text)
		}
	}
	if name != "cancel" {
		cleanUp(t, r.user)
	}
	// Allowed or refused, a command is answered, not failed: whatever it said
	// up to the /cancel's answer is no apology for an internal error.
	for _, m := range r.user.Replies() {
		if strings.Contains(m.Text, internalError) {
			t.Fatalf("/%s as %s (or a command before it) failed inside the bot: %q", name, r.name, m.Text)
		}
	}
}

// checkPrivateChat checks that nothing in r's whole private chat names a branch r is not in.
func checkPrivateChat(t *testing.T, r authzRole) {
	t.Helper()
	for _, m := range r.user.Replies() {
		for _, n := range r.foreign {
			if strings.Contains(m.Text, n) && !strings.Contains(m.Text, "例如") {
				t.Errorf("%s saw %q: %q", r.name, n, m.Text)
			}
		}
	}
}

// checkGroupCommand sends /name as r in g and checks that the one answer is the pointer to
// the private chat, naming nothing of personal.
func checkGroupCommand(t *testing.T, h *harness, g *telegramtest.Group, r authzRole, name string, personal []string) {
	t.Helper()
	before := len(g.Replies())
	r.user.SendIn(g, "/"+name)
	waitFake(t, h.fake, func() bool { return len(g.Replies()) > before })
	allHandled(t, h, 5*time.Millisecond)
	got := g.Replies()[before:]
	if len(got) != 1 {
		t.Errorf("/%s by %s in a group: %d replies, want the one pointer", name, r.name, len(got))
	}
	for _, m := range got {
		if !strings.Contains(m.Text, "私聊") {
			t.Errorf("/%s by %s in a group: %q is not the pointer to the private chat", name, r.name, m.Text)
		}
		if m.Document != nil {
			t.Errorf("/%s by %s in a group: a document %q was posted", name, r.name, m.Document.Name)
		}
		for _, n := range personal {
			if strings.Contains(m.Text, n) {
				t.Errorf("/%s by %s in a group: reply names %q: %q", name, r.name, n, m.Text)
			}
		}
	}
}

// checkGroupDocuments checks, once the commands are done with, that no document reached g:
// a /report sent in a group must not have sent its document anywhere but... nowhere at all.
func checkGroupDocuments(t *testing.T, h *harness, g *telegramtest.Group) {
	t.Helper()
	allHandled(t, h, 300*time.Millisecond)
	for _, m := range g.Replies() {
		if m.Document != nil {
			t.Errorf("a document reached the group: %q", m.Document.Name)
		}
	}
}

// snapshotClients keeps one Redis client per harness for snapshot.
var snapshotClients sync.Map

func snapshotClient(h *harness) *redis.Client {
	c, ok := snapshotClients.Load(h)
	if !ok {
		c, _ = snapshotClients.LoadOrStore(h, h.redis.Client(h.t))
	}
	return c.(*redis.Client)
}

// snapshot is every record of the branches, users' branch lists and drafts, conversations
// in progress and the global counters, by value (a DUMP of the same hash may differ when
// merely reading it moved Redis's rehashing on).
func snapshot(t *testing.T, h *harness) map[string]string {
	t.Helper()
	ctx := context.Background()
	rdb := snapshotClient(h)
	p := h.cfg.Redis.KeyPrefix
	var keys []string
	for _, pattern := range []string{p + ":{b:*", p + ":user:*", p + ":seq:*", p + ":{sessions}:*"} {
		ks, err := rdb.Keys(ctx, pattern).Result()
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range ks {
			if !strings.Contains(k, ":flood") {
				keys = append(keys, k)
			}
		}
	}
	types := make([]*redis.StatusCmd, len(keys))
	if _, err := rdb.Pipelined(ctx, func(pipe redis.Pipeliner) error {
		for i, k := range keys {
			types[i] = pipe.Type(ctx, k)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	values := make([]func() string, len(keys))
	if _, err := rdb.Pipelined(ctx, func(pipe redis.Pipeliner) error {
		for i, k := range keys {
			switch typ := types[i].Val(); typ {
			case "string":
				c := pipe.Get(ctx, k)
				values[i] = func() string { return c.Val() }
			case "hash":
				c := pipe.HGetAll(ctx, k)
				values[i] = func() string { return fmt.Sprint(c.Val()) } // fmt sorts map keys
			case "set":
				c := pipe.SMembers(ctx, k)
				values[i] = func() string { v := c.Val(); sort.Strings(v); return fmt.Sprint(v) }
			case "zset":
				c := pipe.ZRangeWithScores(ctx, k, 0, -1)
				values[i] = func() string { return fmt.Sprint(c.Val()) }
			case "list":
				c := pipe.LRange(ctx, k, 0, -1)
				values[i] = func() string { return fmt.Sprint(c.Val()) }
			default: // gone since KEYS, or a type no record uses
				values[i] = func() string { return typ }
			}
		}
		return nil
	}); err != nil && err != redis.Nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for i, k := range keys {
		if v := values[i](); v != "none" {
			out[k] = types[i].Val() + " " + v
		}
	}
	return out
}

// TestAuthzForgedCallbacks presses malformed data, and data naming records that do not
// exist, as a stranger; the presses with real records, by every role, are the table of
// authz_callbacks_test.go.
func TestAuthzForgedCallbacks(t *testing.T) {
	t.Parallel()
	h := newDirectHarness(t)
	f := seedBranch(t, h, 1, 1)
	stranger := h.fake.NewUser(800, "路人")
	b, m := f.branch.ID, f.meeting.ID
	member := f.members[0].ID()

	prompt := firstReply(t, stranger, "/help")
	before := snapshot(t, h)

	forged := []string{
		"mb", "mb:" + b, fmt.Sprintf("mb:%s:%d", b, member), fmt.Sprintf("mb:%s:%d:c1", b, member),
		fmt.Sprintf("mb:%s:%d:rm!", b, member), fmt.Sprintf("mb:%s:%d:ho!", b, member), fmt.Sprintf("mb:%s:%d:x", b, member),
		fmt.Sprintf("mb:%s:%d:c1", b, 999), fmt.Sprintf("mb:%s:x:c1", b), "mb:nosuch:1:c1",
		"mt", "mt:" + b + ":" + m, "mt:nosuch:" + m,
		"ic", "ic:" + b + ":" + m, "ic:nosuch:" + m, "ic:" + b + ":nosuch",
		"pt", "pt:" + b + ":" + m + ":1:e", "pt:" + b + ":" + m + ":1:d", "pt:" + b + ":" + m + ":p1:w",
		"tc", "tc:" + b + ":" + m + ":1:ok", "tc:" + b + ":" + m + ":1:no", "tc:" + b + ":" + m + ":t1:lok", "tc:" + b + ":" + m + ":t1:lno",
		"rc", "rc:" + b + ":" + m + ":1:ok", "rc:" + b + ":" + m + ":1:no",
		"rp", "rp:" + b + ":" + m + ":p:docx", "rp:" + b + ":" + m + ":l:xlsx", "rp:" + b + ":" + m + ":p:pdf",
		"go", "go:point", "go:status", "go:report", "go:progress", "go:ledger", "go:nosuch",
		"go:point:" + b + ":" + m, "go:progress:" + b + ":" + m, "go:point:" + b, "go:point:nosuch:" + m, "go:point:" + b + ":nosuch",
		"q", "q:1:0:x", "q:abc:0:0", "q:::", "xx:1", "",
	}
	// The real refusals a handler may give instead of "expired" (it looks at the records
	// and names why); none of them may do anything.
	refusals := []string{"已失效", "只有支部书记可以管理成员", "只能修改自己的查摆问题", "这条查摆问题已撤回或不存在", "您还没有加入党支部"}
	for i, data := range forged {
		_, seq := stranger.BotEvents(math.MaxInt)
		if _, err := stranger.ClickData(prompt.ID, data); err != nil {
			t.Fatal(err)
		}
		// Everything the press brought is there once the /cancel after it is answered (a go:
		// button answers first and says why in the chat after).
		done := barrier(t, h, stranger)
		var said []telegramtest.Message
		events, _ := stranger.BotEvents(seq)
		for _, m := range events {
			if m.ID != done.ID {
				said = append(said, m)
			}
		}
		waitAnswered(t, stranger, i+1)
		a := stranger.CallbackAnswers()[i]
		expired := strings.Contains(a.Text, "已失效")
		refused := expired
		for _, r := range refusals {
			refused = refused || strings.Contains(a.Text, r)
		}
		if !expired {
			t.Logf("forged %q: answered %q (not as expired)", data, a.Text)
		}
		if !refused {
			// go: answers "" and then says in the chat why (e.g. not in a branch).
			last := ""
			if len(said) > 0 {
				last = said[len(said)-1].Text
			}
			ok := false
			for _, r := range refusals {
				ok = ok || strings.Contains(last, r)
			}
			if !ok {
				t.Errorf("forged %q by a stranger: answer %q, last message %q; want it refused", data, a.Text, last)
			}
		}
	}
	allHandled(t, h, 200*time.Millisecond)
	for _, msg := range stranger.Replies() {
		for _, n := range []string{f.branch.Name, "张书记", "委员1", "党员1", f.meeting.Title} {
			if strings.Contains(msg.Text, n) {
				t.Errorf("the stranger was shown %q: %q", n, msg.Text)
			}
		}
		if msg.Document != nil {
			t.Errorf("the stranger got a document %q", msg.Document.Name)
		}
	}
	after := snapshot(t, h)
	for k, v := range before {
		if after[k] != v {
			t.Errorf("forged buttons changed %s", k)
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			t.Errorf("forged buttons created %s", k)
		}
	}
	for _, u := range append(append([]*telegramtest.User{f.secretary}, f.committee...), f.members...) {
		if n := len(u.Replies()); n != 0 {
			t.Errorf("user %d got %d messages from a stranger's forged buttons", u.ID(), n)
		}
	}
	noViolations(t, h.fake)
}
