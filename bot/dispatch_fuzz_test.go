package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/redis/go-redis/v9"

	"orglife"
	"orglife/configs"
	"orglife/report"
	"orglife/state"
	"orglife/state/redistest"
	"orglife/transport"
)

// The fuzz fixture: branch fzBranch (secretary 100, committee 101, members 201 and 202 — 202
// reads English — and a third member also named 王党员), its current meeting fzMeeting in
// 20 days with three points, two branch problems (b1 gathering p1 and p2, b2 collective), a talk of the secretary with 201 that waits for 201's
// confirmation, and a rectification item of 201's reported done; a second branch fzOther
// (secretary 300) of which 101 is a member too, so that 101 has to choose; user 999 is in
// no branch. Seed corpora name these ids, so they are fixed.
const (
	fzBranch    = "1"
	fzOther     = "2"
	fzMeeting   = "m1"
	fzPoint     = "p1"
	fzTalk      = "t1"
	fzItem      = "r1"
	fzProblem   = "b1"
	fzInvite    = "1-ABCDEFGHIJKLMNOP"
	fzSecretary = int64(100)
	fzCommittee = int64(101)
	fzMember    = int64(201)
	fzMemberEN  = int64(202)
	fzTwin      = int64(203)
	fzStranger  = int64(999)
	fzGroupChat = int64(-1001234567890)
	// fzPromptUpdate is the update of the prelude message; flow buttons it makes carry its
	// nonce, nonceOf(1000) = "rs".
	fzPromptUpdate = 1000
)

// fzPresser maps a fuzzed byte to who acts.
var fzPresser = []int64{fzSecretary, fzCommittee, fzMember, fzMemberEN, fzStranger}

// fzTelegram is the Messenger of the fuzz targets: Telegram always succeeds, and every call
// is kept for the checks.
type fzTelegram struct {
	mu    sync.Mutex
	calls []tgbotapi.Chattable
	msgID int
}

func (f *fzTelegram) Send(_ context.Context, c tgbotapi.Chattable) (tgbotapi.Message, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, c)
	f.msgID++
	return tgbotapi.Message{MessageID: 500 + f.msgID, Date: int(fzNow().Unix())}, nil
}

func (f *fzTelegram) Request(_ context.Context, c tgbotapi.Chattable) (*tgbotapi.APIResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, c)
	return &tgbotapi.APIResponse{Ok: true, Result: json.RawMessage("true")}, nil
}

func (f *fzTelegram) Prepare(context.Context, int64, int) *transport.Slots { return nil }

func (f *fzTelegram) SendWith(ctx context.Context, _ *transport.Slots, c tgbotapi.Chattable) (tgbotapi.Message, error) {
	return f.Send(ctx, c)
}

// take returns the calls made since the last take.
func (f *fzTelegram) take() []tgbotapi.Chattable {
	f.mu.Lock()
	defer f.mu.Unlock()
	calls := f.calls
	f.calls = nil
	return calls
}

var fzShanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

// fzNow is the fixed clock of the fuzz targets, so that every input runs the same way.
func fzNow() time.Time { return time.Date(2026, 5, 11, 10, 0, 0, 0, fzShanghai) }

func fzToday() orglife.Date { return orglife.DateOf(fzNow(), fzShanghai) }

// fzBot is a redis-server with the fixture, and the handlers' options over it.
type fzBot struct {
	rdb  *redis.Client
	keys state.Keys
	opts HandlerOptions
}

// newFzBot starts one redis-server for the fuzz target (per fuzzing worker process) and
// takes the handlers' options from the embedded default config, as production does.
func newFzBot(f testing.TB) *fzBot {
	f.Helper()
	cfg, err := configs.Load("", nil)
	if err != nil {
		f.Fatal(err)
	}
	rules, digestAt, err := cfg.Reminders.Rules()
	if err != nil {
		f.Fatal(err)
	}
	text, err := cfg.ReportText()
	if err != nil {
		f.Fatal(err)
	}
	tmpl, err := report.ParseTemplate(text)
	if err != nil {
		f.Fatal(err)
	}
	srv := redistest.Start(f)
	return &fzBot{rdb: srv.Client(f), keys: state.NewKeys("fz"), opts: HandlerOptions{
		BotUsername: "orglife_bot", DefaultLang: orglife.LangZH, MaxText: cfg.Updates.MaxText,
		SessionTTL: cfg.Updates.SessionTTL, IsAdmin: func(id int64) bool { return id == fzSecretary },
		Location: fzShanghai, InviteTTL: cfg.Branch.InviteTTL, Retention: cfg.Branch.Retention,
		Steps: cfg.Meeting.Steps, Coverage: cfg.Meeting.Coverage,
		Remind:         ReminderOptions{Rules: rules, DigestAt: digestAt, Grace: cfg.Reminders.Grace},
		ReportTemplate: tmpl, KickReminders: func() {}, Clock: orglife.ClockFunc(fzNow),
	}}
}

// reset empties Redis, stores the fixture and returns fresh handlers over it.
func (b *fzBot) reset(tb testing.TB) (*Handlers, *fzTelegram) {
	tb.Helper()
	ctx := context.Background()
	if err := b.rdb.FlushAll(ctx).Err(); err != nil {
		tb.Fatal(err)
	}
	rec := state.NewRecords(b.rdb, b.keys)
	store := state.NewStore(b.rdb, b.keys).WithClock(orglife.ClockFunc(fzNow))
	must := func(err error) {
		tb.Helper()
		if err != nil {
			tb.Fatalf("fuzz fixture: %v", err)
		}
	}
	now, today := fzNow(), fzToday()
	member := func(id int64, name string, role orglife.Role) orglife.Member {
		return orglife.Member{UserID: id, Name: name, Role: role, JoinedAt: now.Add(time.Duration(id) * time.Millisecond)}
	}
	must(rec.CreateBranch(ctx, orglife.Branch{ID: fzBranch, Name: "第一党支部", SecretaryID: fzSecretary, CreatedAt: now},
		member(fzSecretary, "张书记", orglife.RoleSecretary)))
	for _, m := range []orglife.Member{member(fzCommittee, "李委员", orglife.RoleMember), member(fzMember, "王党员", orglife.RoleMember),
		member(fzMemberEN, "Ann Lee", orglife.RoleMember), member(fzTwin, "王党员", orglife.RoleMember)} {
		_, err := rec.AddMember(ctx, fzBranch, m)
		must(err)
	}
	must(rec.SetRole(ctx, fzBranch, fzCommittee, orglife.RoleCommittee))
	must(rec.CreateBranch(ctx, orglife.Branch{ID: fzOther, Name: "第二党支部", SecretaryID: 300, CreatedAt: now},
		member(300, "陈书记", orglife.RoleSecretary)))
	_, err := rec.AddMember(ctx, fzOther, member(fzCommittee, "李委员", orglife.RoleMember))
	must(err)
	must(store.SetLanguage(ctx, nil, fzMemberEN, string(orglife.LangEN)))
	must(rec.CreateMeeting(ctx, orglife.Meeting{ID: fzMeeting, BranchID: fzBranch, Title: "2026年度专题组织生活会",
		Date: today.AddDays(20), Steps: orglife.NewSteps(today.AddDays(20), b.opts.Steps), CreatedAt: now}))
	for i, p := range []orglife.Point{
		{ID: fzPoint, MemberID: fzMember, Area: orglife.AreaTheory, Source: orglife.SourceSelf, Problem: "理论学习不够深入系统，学用结合不紧", Measure: "每周集中学习一次"},
		{ID: "p2", MemberID: fzSecretary, Area: orglife.AreaWorkStyle, Source: orglife.SourceMasses, Problem: "调查研究不够，联系群众不够紧密"},
		{ID: "p3", MemberID: fzMemberEN, Area: orglife.AreaIntegrity, Source: orglife.SourceMutual, Problem: "Too little attention to small matters of integrity"},
	} {
		p.MeetingID, p.CreatedAt, p.UpdatedAt = fzMeeting, now.Add(time.Duration(i)*time.Minute), now
		must(rec.SavePoint(ctx, fzBranch, p, orglife.PointChange{PointID: p.ID, By: p.MemberID, At: now, Action: orglife.PointCreate}))
	}
	// Two branch problems: one gathering p1 and p2, one agreed collectively; p3 is to gather.
	bps := []orglife.BranchProblem{
		{ID: fzProblem, MeetingID: fzMeeting, Order: 1, Area: orglife.AreaTheory, Headline: "理论学习的系统性不强",
			Detail: "学习不够深入系统。", PointIDs: []string{fzPoint, "p2"}, InReport: true, CreatedBy: fzSecretary, CreatedAt: now, UpdatedAt: now},
		{ID: "b2", MeetingID: fzMeeting, Order: 2, Headline: "组织生活制度落实不够严格", Detail: "三会一课有时流于形式。",
			InReport: true, CreatedBy: fzSecretary, CreatedAt: now, UpdatedAt: now},
	}
	must(rec.SaveBranchProblems(ctx, fzBranch, fzMeeting, bps, []orglife.BranchProblemChange{
		{ProblemID: fzProblem, By: fzSecretary, At: now, Action: orglife.BranchProblemCreate},
		{ProblemID: "b2", By: fzSecretary, At: now, Action: orglife.BranchProblemCreate}}))
	must(rec.SaveTalk(ctx, fzBranch, orglife.Talk{ID: fzTalk, MeetingID: fzMeeting, RecordedBy: fzSecretary, With: fzMember,
		WithName: "王党员", Date: today, Form: orglife.TalkFaceToFace, Raised: "学习要更系统", Received: "希望多交流",
		Status: orglife.ConfirmPending, CreatedAt: now}))
	must(rec.SaveRectItem(ctx, orglife.RectItem{ID: fzItem, BranchID: fzBranch, MeetingID: fzMeeting, Number: 1, PointID: fzPoint,
		Problem: "理论学习不够深入系统", Measure: "每周集中学习一次", Owner: fzMember, Deadline: today.AddDays(10), ReviewDays: 7,
		Status: orglife.RectReported, CreatedAt: now,
		Progress: []orglife.RectReport{{At: now, By: fzMember, Status: orglife.RectReported, Note: "已完成", Kind: "report"}}}))
	must(rec.SaveInvite(ctx, orglife.Invite{Code: fzInvite, BranchID: fzBranch, CreatedBy: fzSecretary, ExpiresAt: now.Add(24 * time.Hour)}))
	tg := &fzTelegram{}
	h := NewHandlers(tg, store, rec, state.NewReminders(b.rdb, b.keys), b.opts, slog.New(slog.DiscardHandler))
	return h, tg
}

// commandEntity is the bot_command entity Telegram puts on a text that starts with a command.
var commandEntity = regexp.MustCompile(`^/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]{1,32})?`)

// fzTextUpdate is a private text message as Telegram delivers it.
func fzTextUpdate(updateID int, from int64, text string) tgbotapi.Update {
	m := &tgbotapi.Message{MessageID: updateID, From: &tgbotapi.User{ID: from, FirstName: "用户"},
		Chat: &tgbotapi.Chat{ID: from, Type: "private"}, Date: int(fzNow().Unix()), Text: text}
	if loc := commandEntity.FindStringIndex(text); loc != nil {
		m.Entities = []tgbotapi.MessageEntity{{Type: "bot_command", Offset: 0, Length: loc[1]}}
	}
	return tgbotapi.Update{UpdateID: updateID, Message: m}
}

// fzCallbackUpdate is a press of a button with data on message 77 of a private or group chat.
func fzCallbackUpdate(updateID int, from int64, group bool, data string) tgbotapi.Update {
	chat := &tgbotapi.Chat{ID: from, Type: "private"}
	if group {
		chat = &tgbotapi.Chat{ID: fzGroupChat, Type: "supergroup", Title: "支部群"}
	}
	return tgbotapi.Update{UpdateID: updateID, CallbackQuery: &tgbotapi.CallbackQuery{
		ID: fmt.Sprintf("cb%d", updateID), From: &tgbotapi.User{ID: from, FirstName: "用户"},
		Message: &tgbotapi.Message{MessageID: 77, Chat: chat, Date: int(fzNow().Unix())}, ChatInstance: "ci", Data: data,
	}}
}

// rawGoText are bits of Go's own error and formatting output, which a user must never read.
var rawGoText = []string{"%!", "strconv.", "<nil>", "runtime error", "redis:", "json:", "goroutine "}

// checkReadable fails unless s is a message a user can read: non-empty, valid UTF-8, and
// free of raw Go error text.
func checkReadable(t *testing.T, what, s string) {
	t.Helper()
	if strings.TrimSpace(s) == "" {
		t.Fatalf("%s is empty", what)
	}
	if !utf8.ValidString(s) {
		t.Fatalf("%s is not valid UTF-8: %q", what, s)
	}
	for _, raw := range rawGoText {
		if strings.Contains(s, raw) {
			t.Fatalf("%s shows Go's own text %q: %q", what, raw, s)
		}
	}
}

// outgoing sums up what the handlers sent to Telegram for one update.
type outgoing struct {
	answers []tgbotapi.CallbackConfig // answerCallbackQuery
	visible int                       // messages, edits and files the user sees
}

// checkOutgoing checks every call: texts readable, inline buttons within Telegram's 1–64
// bytes of callback data, callback answers within 200 characters.
func checkOutgoing(t *testing.T, calls []tgbotapi.Chattable) outgoing {
	t.Helper()
	var out outgoing
	buttons := func(where string, kb *tgbotapi.InlineKeyboardMarkup) {
		if kb == nil {
			return
		}
		for _, row := range kb.InlineKeyboard {
			for _, b := range row {
				checkReadable(t, where+" button label", b.Text)
				if b.CallbackData != nil && (len(*b.CallbackData) < 1 || len(*b.CallbackData) > 64 || !utf8.ValidString(*b.CallbackData)) {
					t.Fatalf("%s button %q has callback data %q (%d bytes): Telegram takes 1-64 bytes of UTF-8",
						where, b.Text, *b.CallbackData, len(*b.CallbackData))
				}
			}
		}
	}
	for _, c := range calls {
		switch c := c.(type) {
		case tgbotapi.CallbackConfig:
			out.answers = append(out.answers, c)
			if c.Text != "" {
				checkReadable(t, "callback answer", c.Text)
				if n := utf8.RuneCountInString(c.Text); n > 200 {
					t.Fatalf("callback answer of %d characters, Telegram takes 200: %q", n, c.Text)
				}
			}
		case tgbotapi.MessageConfig:
			out.visible++
			checkReadable(t, "message", c.Text)
			if kb, ok := c.ReplyMarkup.(tgbotapi.InlineKeyboardMarkup); ok {
				buttons("message", &kb)
			}
		case tgbotapi.EditMessageTextConfig:
			out.visible++
			checkReadable(t, "edited message", c.Text)
			buttons("edited message", c.ReplyMarkup)
		case tgbotapi.EditMessageReplyMarkupConfig:
			buttons("edited markup", c.ReplyMarkup)
		case tgbotapi.DocumentConfig:
			out.visible++
		case tgbotapi.PhotoConfig:
			out.visible++
		}
	}
	return out
}

// FuzzCallbackDispatch drives arbitrary callback data through the real dispatch
// (Handlers.Handle) over Redis with the fixture above: the router's split of the data, every
// button handler's reading of its arguments and the flows' own q: buttons. A prelude, when
// not empty, is first typed by the same user in the private chat (a command such as /study
// starts a flow whose buttons carry the nonce "rs"; /start <payload> is a deep link). The
// press must not panic nor fail, and it must be answered exactly once; an answer without
// text (an accepted press) must come with something the user sees. A private message gets
// a reply. Whatever is sent is readable, with buttons Telegram accepts. Data that
// parseButtonData refuses is answered as expired and does nothing else.
func FuzzCallbackDispatch(f *testing.F) {
	for _, s := range []struct {
		prelude, data string
		who, flags    uint8
	}{
		{"", "mb:1:201", 0, 0},
		{"", "mb:1:201:c1", 0, 0},
		{"", "mb:1:201:rm", 0, 0},
		{"", "mb:1:201:ho!", 0, 0},
		{"", "mb:1:100:rm!", 0, 0},
		{"", "mb:1:-201:back", 0, 0},
		{"", "mb:1:201:c1:extra", 0, 0},
		{"", "mb:2:101", 0, 0},
		{"", "mt:1:m1", 2, 0},
		{"", "mt:1:m1", 4, 0},
		{"", "ic:1:m1", 2, 0},
		{"", "ic:1:m1", 4, 0},
		{"", "ic:1:nosuch", 2, 0},
		{"", "pt:1:m1:p1:e", 2, 0},
		{"", "pt:1:m1:p1:w", 2, 0},
		{"", "pt:1:m1:p1:w!", 0, 0},
		{"", "pt:1:m1:p1:n", 3, 0},
		{"", "pt:1:m1:p3:w", 2, 0},
		{"", "sd:1:m1:s1:e", 2, 0},
		{"", "sd:1:m1:s1:d", 2, 0},
		{"", "sd:1:m1:s1:d!", 2, 0},
		{"", "sd:1:m1:s1:n", 3, 0},
		{"", "tc:1:m1:t1:ok", 2, 0},
		{"", "tc:1:m1:t1:lno", 2, 0},
		{"", "tc:1:m1:t1:ok", 0, 0},
		{"", "tc:1:m1:t1:ok:1", 2, 0},
		{"", "tc:1:m1:t1:e", 2, 0},
		{"", "tc:1:m1:t1:w", 0, 0},
		{"", "tc:1:m1:t1:w!", 0, 0},
		{"", "tc:1:m1:t1:n", 3, 0},
		{"", "rc:1:m1:r1:ok", 0, 0},
		{"", "rc:1:m1:r1:no", 0, 0},
		{"", "rc:1:m1:r1:e", 0, 0},
		{"", "rc:1:m1:r1:p", 2, 0},
		{"", "rc:1:m1:r1:p", 0, 0},
		{"", "rp:1:m1:p:docx", 0, 0},
		{"", "rp:1:m1:l:xlsx", 0, 0},
		{"", "rp:1:m1:x:pdf", 0, 0},
		{"", "go:point", 2, 0},
		{"", "go:study", 1, 0},
		{"", "go:forgetme", 2, 0},
		{"", "go:", 4, 0},
		{"", "go:point:1:m1", 2, 0},
		{"", "go:progress:1:m1", 2, 0},
		{"", "go:point:1:nosuch", 2, 0},
		{"", "go:point:2:m1", 4, 0},
		{"", "mb:1:201", 0, 1},
		{"", "q:rs:0:_cancel", 0, 1},
		{"/study", "q:rs:0:self", 2, 0},
		{"/study", "q:rs:0:_cancel", 3, 0},
		{"/study", "q:rs:1:_skip", 2, 0},
		{"/study", "q:rs:-1:x", 2, 0},
		{"/point", "q:rs:0:1", 2, 0},
		{"/talk", "q:rs:0:201", 0, 0},
		{"/rectify", "q:rs:0:p1", 0, 0},
		{"/lang", "q:rs:0:en", 3, 0},
		{"/lang", "q:rs:0:fr", 3, 0},
		{"/timezone", "q:rs:0:Asia/Tokyo", 0, 0},
		{"/timezone", "q:rs:0:Asia/Taipei", 0, 0},
		{"/invite", "iv:1:n", 0, 0},
		{"", "iv:1:n!", 0, 0},
		{"", "iv:1:k", 0, 0},
		{"", "iv:1:n!", 2, 0},
		{"/newbranch", "q:rs:0:_cancel", 4, 0},
		{"/start " + fzInvite, "q:rs:0:_cancel", 4, 0},
		{"/start 1-ABCDEFGHIJKLMNOPQ", "", 4, 0},
		{"/start help", "", 4, 0},
		{"/start 分会-ABCDEFGHIJKLMNOP", ":", 4, 0},
		{"/help@other_bot", "::::", 2, 0},
		{"hello", "\xff\xfe", 2, 0},
		{"", "", 0, 0},
		{"", "q:::", 0, 0},
		{"", "q:rs:99999999999999999999:x", 2, 0},
		{"", "rp:1:m1:p:docx:" + strings.Repeat("x", 64), 0, 0},
		{"", strings.Repeat(":", 65), 0, 0},
		{"", "mb:１:２０１", 0, 0},
		{"", "mb:1:NaN", 0, 0},
		{"", "mb:1:9223372036854775808", 0, 0},
		{"", "tc:1:m1:t1:ok", 2, 2},
		{"", "bp:1:m1:0:l", 0, 0},
		{"", "bp:1:m1:a6:c", 0, 0},
		{"", "bp:1:m1:a1:c", 0, 0},
		{"", "bp:1:m1:a9:c", 0, 0},
		{"", "bp:1:m1:0:n", 1, 0},
		{"", "bp:1:m1:0:g", 0, 0},
		{"", "bp:1:m1:0:g", 1, 0},
		{"", "bp:1:m1:b1:o", 2, 0},
		{"", "bp:1:m1:b1:u", 0, 0},
		{"", "bp:1:m1:b1:v", 0, 0},
		{"", "bp:1:m1:b1:m", 0, 0},
		{"", "bp:1:m1:b1:s", 0, 0},
		{"", "bp:1:m1:b2:s", 0, 0},
		{"", "bp:1:m1:b1:r0", 0, 2},
		{"", "bp:1:m1:b1:r1", 0, 0},
		{"", "bp:1:m1:b1:x!", 0, 0},
		{"", "bp:1:m1:b9:h", 0, 0},
		{"", "bp:1:m1:b2:d", 4, 0},
		{"", "bp:2:m1:b1:o", 1, 0},
		{"", "bp:1:m1:b1:x", 0, 1},
		{"/branchproblems", "q:rs:0:_cancel", 0, 0},
	} {
		f.Add(s.prelude, s.data, s.who, s.flags)
	}
	bot := newFzBot(f)
	f.Fuzz(func(t *testing.T, prelude, data string, who, flags uint8) {
		h, tg := bot.reset(t)
		ctx := context.Background()
		user := fzPresser[int(who)%len(fzPresser)]
		if flags&2 != 0 {
			if err := h.store.SetLanguage(ctx, nil, user, string(orglife.LangEN)); err != nil {
				t.Fatal(err)
			}
		}
		if prelude != "" {
			if err := h.Handle(ctx, nil, fzTextUpdate(fzPromptUpdate, user, prelude)); err != nil {
				t.Fatalf("user %d typing %q: %v", user, prelude, err)
			}
			if out := checkOutgoing(t, tg.take()); out.visible == 0 {
				t.Fatalf("user %d typed %q in the private chat and got no reply", user, prelude)
			}
		}
		u := fzCallbackUpdate(fzPromptUpdate+1, user, flags&1 != 0, data)
		if err := h.Handle(ctx, nil, u); err != nil {
			t.Fatalf("user %d pressing %q (after %q): %v", user, data, prelude, err)
		}
		out := checkOutgoing(t, tg.take())
		switch {
		case len(out.answers) == 0:
			t.Fatalf("user %d pressing %q (after %q): the press was never answered", user, data, prelude)
		case len(out.answers) > 1:
			t.Fatalf("user %d pressing %q (after %q): answered %d times: %+v", user, data, prelude, len(out.answers), out.answers)
		case out.answers[0].CallbackQueryID != u.CallbackQuery.ID:
			t.Fatalf("answered query %q, pressed %q", out.answers[0].CallbackQueryID, u.CallbackQuery.ID)
		case out.answers[0].Text == "" && out.visible == 0:
			t.Fatalf("user %d pressing %q (after %q): answered without a word and nothing else happened", user, data, prelude)
		}
		// Data the codec refuses reaches no handler: it is answered as expired, and that is all.
		if _, ok := parseButtonData(data); !ok {
			lang, err := h.language(ctx, nil, user)
			if err != nil {
				t.Fatal(err)
			}
			if out.answers[0].Text != msgStaleButton.In(lang) || out.visible != 0 {
				t.Fatalf("user %d pressing %q, which the codec refuses: answered %q, %d visible", user, data, out.answers[0].Text, out.visible)
			}
		}
	})
}
