package app_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"github.com/prometheus/client_golang/prometheus"

	"orglife/app"
	"orglife/bot"
	"orglife/bot/telegramtest"
	"orglife/state"
	"orglife/transport"
)

// newDirectHarness is newHarness without the app around the handlers: a real redis-server
// and the fake Bot API as there, and the handlers built as the app builds them
// (app.NewHandlers), but no poller, Redis inbox, flood limit, scheduler or send pacing. One
// pump takes the fake's updates in order and calls Handle on each; what the handlers send
// goes through a recording Messenger (a transport.Sender over the fake, served in this process)
// to the fake, which keeps every chat and checks every request against the Bot API spec as
// it does for the app. Tests read the users' chats (Replies, WaitReply, BotEvents,
// CallbackAnswers, groups, Calls, Violations) exactly as they do with newHarness, so a
// table written for one runs on the other; a command or a press costs its handler and no
// long-poll round trip. Whoever uses it for a table keeps a pass through newHarness too,
// for what this leaves out.
//
// Each update is handled as the pipeline handles it, under a write-behind buffer
// (a state.Unit) whose session writes reach Redis together once Handle returned (at
// the update's ack, in the app); nothing is read ahead (the store reads the session itself)
// and no send slots are taken ahead (nothing is paced).
//
// The returned harness has no app: get, restart and shutdown do not apply to it.
func newDirectHarness(t testing.TB, opts ...option) *harness {
	t.Helper()
	h := prepareHarness(t, nil, opts...) // no AOF: nothing here restarts Redis
	startDirect(h)
	return h
}

// direct is the running part of a direct harness.
type direct struct {
	h        *harness
	handlers *bot.Handlers
	out      *recordingMessenger
	poll     *tgbotapi.BotAPI // getUpdates, cut when the pump stops
	sessions *state.Store     // applies an update's session writes once it is handled
	log      *slog.Logger
}

func startDirect(h *harness) {
	t := h.t
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.MultiWriter(h.logs, testWriter{t}), &slog.HandlerOptions{Level: slog.LevelDebug}))
	rdb, err := state.Open(context.Background(), h.cfg.Redis.URL, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	api, err := tgbotapi.NewBotAPIWithClient(h.fake.Token(), h.fake.Endpoint(), inProcess{h.fake, context.Background()})
	if err != nil {
		_ = rdb.Close()
		t.Fatal(err)
	}
	keys := state.NewKeys(h.cfg.Redis.KeyPrefix)
	sender := transport.NewSender(api, noPacing{}, state.NewStore(rdb, keys), transport.SenderOptions{
		MaxRetryElapsed: h.cfg.Sender.MaxRetryElapsed, BackoffMin: h.cfg.Sender.BackoffMin, BackoffMax: h.cfg.Sender.BackoffMax,
	}, transport.NewMetrics(prometheus.NewRegistry()), log, h.cfg.Telegram.Token)
	out := &recordingMessenger{sender: sender}
	handlers, err := app.NewHandlers(h.cfg, rdb, out, api.Self.UserName, h.clock, nil, log)
	if err != nil {
		_ = rdb.Close()
		t.Fatalf("app.NewHandlers: %v", err)
	}
	// As the app does at start: the menu newcomers see.
	if err := handlers.RegisterCommands(context.Background()); err != nil {
		_ = rdb.Close()
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	poll := *api
	poll.Client = inProcess{h.fake, ctx}
	d := &direct{h: h, handlers: handlers, out: out, poll: &poll, sessions: state.NewStore(rdb, keys), log: log}
	h.direct = d
	done := make(chan struct{})
	go func() {
		defer close(done)
		d.pump(ctx)
	}()
	t.Cleanup(func() {
		stop()
		<-done
		_ = rdb.Close()
		d.checkRecorded()
	})
}

// directUpdates are the kinds the app asks Telegram for (bot's allowedUpdates).
var directUpdates = []string{"message", "edited_message", "callback_query", "my_chat_member"}

// pump hands the fake's updates to Handle one at a time, in order, until ctx ends. An
// update whose handler fails fails the test: the pipeline would log it as failed.
func (d *direct) pump(ctx context.Context) {
	offset := 0
	for ctx.Err() == nil {
		ups, err := d.poll.GetUpdates(tgbotapi.UpdateConfig{Offset: offset, Limit: 100, Timeout: 1, AllowedUpdates: directUpdates})
		if err != nil {
			if ctx.Err() == nil {
				d.h.t.Errorf("getUpdates: %v", err)
			}
			return
		}
		for _, u := range ups {
			// As the pipeline does: the update's session writes are held back and applied
			// together once it is handled (at its ack, there).
			work := &transport.Work{State: state.NewUnit()}
			hctx, cancel := context.WithTimeout(context.Background(), d.h.cfg.Updates.HandlerTimeout)
			err := d.handlers.Handle(hctx, work, u)
			cancel()
			if err != nil {
				d.log.Error("update failed", "update_id", u.UpdateID, "error", err)
				d.h.t.Errorf("update %d failed in the handlers: %v", u.UpdateID, err)
			}
			if err := d.sessions.Flush(context.Background(), work.State); err != nil {
				d.h.t.Errorf("update %d: sessions not saved: %v", u.UpdateID, err)
			}
			offset = u.UpdateID + 1
		}
	}
}

// checkRecorded checks that every request the handlers made reached the fake, and so was
// checked against the Bot API like the app's.
func (d *direct) checkRecorded() {
	sent := d.out.recorded()
	made := 0
	for _, c := range d.h.fake.Calls() {
		if c.Method != "getMe" && c.Method != "getUpdates" {
			made++
		}
	}
	if made != len(sent) {
		d.h.t.Errorf("the handlers made %d requests, the fake saw %d", len(sent), made)
	}
}

// recordingMessenger is the handlers' Messenger in a direct harness: a transport.Sender (so that
// Telegram's answers are read as in production: a 400 "message is not modified" is no
// failure, a 403 marks the chat inactive, …) without pacing, keeping every request it is
// handed.
type recordingMessenger struct {
	sender *transport.Sender
	mu     sync.Mutex
	sent   []tgbotapi.Chattable
}

func (m *recordingMessenger) keep(c tgbotapi.Chattable) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, c)
}

// recorded is every request so far, in order.
func (m *recordingMessenger) recorded() []tgbotapi.Chattable {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]tgbotapi.Chattable(nil), m.sent...)
}

func (m *recordingMessenger) Send(ctx context.Context, c tgbotapi.Chattable) (tgbotapi.Message, error) {
	m.keep(c)
	return m.sender.Send(ctx, c)
}

func (m *recordingMessenger) Request(ctx context.Context, c tgbotapi.Chattable) (*tgbotapi.APIResponse, error) {
	m.keep(c)
	return m.sender.Request(ctx, c)
}

// Prepare takes no slots ahead: nothing is paced here.
func (m *recordingMessenger) Prepare(context.Context, int64, int) *transport.Slots { return nil }

func (m *recordingMessenger) SendWith(ctx context.Context, _ *transport.Slots, c tgbotapi.Chattable) (tgbotapi.Message, error) {
	return m.Send(ctx, c)
}

// noPacing is a transport.Limiter that never makes a send wait.
type noPacing struct{}

func (noPacing) Reserve(context.Context, int64, state.Rate) (time.Duration, error) { return 0, nil }

func (noPacing) ReserveSlots(_ context.Context, _ int64, _, _ state.Rate, n int) ([]state.Slot, error) {
	slots := make([]state.Slot, n)
	for i := range slots {
		slots[i].GlobalTaken = true
	}
	return slots, nil
}

// inProcess is a tgbotapi.HTTPClient that has the fake serve each request in this process:
// no socket, the same handler and checks as over HTTP. ctx is the requests' context (the
// fake ends a long poll when it is done).
type inProcess struct {
	fake *telegramtest.Server
	ctx  context.Context
}

func (c inProcess) Do(req *http.Request) (resp *http.Response, err error) {
	if err := c.ctx.Err(); err != nil {
		return nil, err
	}
	req = req.WithContext(c.ctx)
	if req.Body == nil {
		req.Body = http.NoBody
	}
	// The fake drops the connection (a long poll whose client went away, a network fault)
	// by aborting the handler: that is a network error.
	defer func() {
		if p := recover(); p != nil {
			if p != http.ErrAbortHandler {
				panic(p)
			}
			resp, err = nil, errors.New("connection dropped by the fake Bot API")
		}
	}()
	rec := httptest.NewRecorder()
	c.fake.ServeHTTP(rec, req)
	return rec.Result(), nil
}

// waitFake waits until cond holds, re-checking it at each change of the fake's state
// instead of every 20ms as waitUntil does (a handler's answer is there in less).
func waitFake(t testing.TB, fake *telegramtest.Server, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := fake.WaitFor(ctx, cond); err != nil {
		t.Fatalf("condition not met within 15s: %v", err)
	}
}

// allHandled waits until the bot has done all that the updates sent so far bring about, for
// the checks that nothing more comes. On a direct harness the handlers are all there is and
// the pump confirms an update to the fake (the next getUpdates' offset) only after its
// Handle returned, so it waits until the fake holds no update; through the app, which
// gives no such sign (its poller confirms updates once they are in the Redis inbox), it
// waits for d.
func allHandled(t testing.TB, h *harness, d time.Duration) {
	t.Helper()
	if h.direct != nil {
		waitFake(t, h.fake, func() bool { return h.fake.PendingUpdates() == 0 })
		return
	}
	time.Sleep(d)
}
