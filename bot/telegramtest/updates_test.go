package telegramtest

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func updateIDs(updates []tgbotapi.Update) []int {
	ids := []int{}
	for _, u := range updates {
		ids = append(ids, u.UpdateID)
	}
	return ids
}

func TestGetUpdatesOffsetAndLimit(t *testing.T) {
	srv, bot := newFake(t, Options{})
	user := srv.NewUser(42, "Ann")
	for _, text := range []string{"/start invite_7", "two", "three", "four"} {
		user.Send(text)
	}
	steps := []struct {
		name   string
		config tgbotapi.UpdateConfig
		want   []int
	}{
		{"unconfirmed updates come again", tgbotapi.UpdateConfig{Limit: 2}, []int{1, 2}},
		{"still there without an offset", tgbotapi.UpdateConfig{}, []int{1, 2, 3, 4}},
		{"offset confirms the ones below it", tgbotapi.UpdateConfig{Offset: 3}, []int{3, 4}},
		{"confirmed ones are gone", tgbotapi.UpdateConfig{}, []int{3, 4}},
		{"negative offset keeps the last ones", tgbotapi.UpdateConfig{Offset: -1}, []int{4}},
		{"and forgets the rest", tgbotapi.UpdateConfig{}, []int{4}},
		{"offset past the end empties the queue", tgbotapi.UpdateConfig{Offset: 5}, []int{}},
	}
	for _, step := range steps {
		updates, err := bot.GetUpdates(step.config)
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if got := updateIDs(updates); !slices.Equal(got, step.want) {
			t.Fatalf("%s: got updates %v, want %v", step.name, got, step.want)
		}
	}
	if srv.PendingUpdates() != 0 {
		t.Errorf("%d updates pending", srv.PendingUpdates())
	}
}

func TestCommandEntity(t *testing.T) {
	srv, bot := newFake(t, Options{})
	user := srv.NewUser(42, "Ann").SetUsername("ann").SetLanguageCode("zh")
	user.Send("/start invite_7")
	user.Send("/help@orglife_test_bot")
	user.Send("hello /start")
	updates, err := bot.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil || len(updates) != 3 {
		t.Fatalf("%+v %v", updates, err)
	}
	first := updates[0].Message
	if first.Command() != "start" || first.CommandArguments() != "invite_7" || first.From.UserName != "ann" || first.From.LanguageCode != "zh" {
		t.Errorf("first message %+v: command %q args %q", first, first.Command(), first.CommandArguments())
	}
	if updates[1].Message.Command() != "help" || updates[1].Message.CommandWithAt() != "help@orglife_test_bot" {
		t.Errorf("second command %q", updates[1].Message.CommandWithAt())
	}
	if updates[2].Message.IsCommand() {
		t.Error("a command after text must not count")
	}
	if first.MessageID != 1 || updates[1].Message.MessageID != 2 || first.Chat.ID != 42 {
		t.Errorf("message ids %d %d", first.MessageID, updates[1].Message.MessageID)
	}
}

func TestLongPollWakesOnUpdate(t *testing.T) {
	srv, bot := newFake(t, Options{})
	user := srv.NewUser(42, "Ann")
	result := make(chan []tgbotapi.Update, 1)
	go func() {
		updates, _ := bot.GetUpdates(tgbotapi.UpdateConfig{Timeout: 30})
		result <- updates
	}()
	waitPolling(t, srv)
	start := time.Now()
	user.Send("wake up")
	select {
	case updates := <-result:
		if len(updates) != 1 || updates[0].Message.Text != "wake up" {
			t.Fatalf("got %+v", updates)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("long poll did not wake on a new update")
	}
	if time.Since(start) > 2*time.Second {
		t.Error("long poll waited for its timeout")
	}
}

func TestLongPollTimesOut(t *testing.T) {
	_, bot := newFake(t, Options{})
	start := time.Now()
	updates, err := bot.GetUpdates(tgbotapi.UpdateConfig{Timeout: 1})
	if err != nil || len(updates) != 0 {
		t.Fatalf("%+v %v", updates, err)
	}
	if d := time.Since(start); d < 900*time.Millisecond {
		t.Errorf("returned after %v, before the 1s timeout", d)
	}
}

func TestLongPollHonoursCancellation(t *testing.T) {
	srv, _ := newFake(t, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL()+"/bot"+srv.Token()+"/getUpdates?timeout=30", nil)
		_, err := http.DefaultClient.Do(req)
		done <- err
	}()
	waitPolling(t, srv)
	cancel()
	if err := <-done; err == nil {
		t.Fatal("cancelled request succeeded")
	}
	if err := srv.WaitFor(testContext(t), func() bool { return !srv.polling() }); err != nil {
		t.Fatal("the server kept polling for a client that left")
	}
}

func waitPolling(t *testing.T, srv *Server) {
	t.Helper()
	if err := srv.WaitFor(testContext(t), srv.polling); err != nil {
		t.Fatalf("no getUpdates in progress: %v", err)
	}
}

func (s *Server) polling() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.poll != nil
}

func TestConcurrentGetUpdatesConflict(t *testing.T) {
	srv, bot := newFake(t, Options{})
	first := make(chan error, 1)
	go func() {
		_, err := bot.GetUpdates(tgbotapi.UpdateConfig{Timeout: 30})
		first <- err
	}()
	waitPolling(t, srv)
	// A second instance polls: as on Telegram, the request already waiting
	// is terminated with 409 and the new one is served.
	if _, err := bot.GetUpdates(tgbotapi.UpdateConfig{}); err != nil {
		t.Fatalf("second poller: %v", err)
	}
	select {
	case err := <-first:
		wantAPIError(t, err, 409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running")
	case <-time.After(5 * time.Second):
		t.Fatal("the first poll was not terminated")
	}
}

func TestAllowedUpdates(t *testing.T) {
	srv, bot := newFake(t, Options{})
	user := srv.NewUser(42, "Ann")
	if _, err := bot.GetUpdates(tgbotapi.UpdateConfig{AllowedUpdates: []string{"callback_query"}}); err != nil {
		t.Fatal(err)
	}
	if id := user.Send("filtered out"); id != 0 {
		t.Errorf("a filtered update got id %d", id)
	}
	if _, err := bot.GetUpdates(tgbotapi.UpdateConfig{AllowedUpdates: []string{}}); err != nil { // back to the default
		t.Fatal(err)
	}
	user.Send("delivered")
	updates, _ := bot.GetUpdates(tgbotapi.UpdateConfig{})
	if len(updates) != 1 || updates[0].Message.Text != "delivered" {
		t.Fatalf("got %+v", updates)
	}
}

func TestRedeliverAndInject(t *testing.T) {
	srv, bot := newFake(t, Options{})
	user := srv.NewUser(42, "Ann")
	id := user.Send("once")
	updates, _ := bot.GetUpdates(tgbotapi.UpdateConfig{})
	bot.GetUpdates(tgbotapi.UpdateConfig{Offset: updates[0].UpdateID + 1})
	if err := srv.Redeliver(id); err != nil {
		t.Fatal(err)
	}
	again, _ := bot.GetUpdates(tgbotapi.UpdateConfig{Offset: id + 1})
	if len(again) != 1 || again[0].UpdateID != id || again[0].Message.Text != "once" {
		t.Fatalf("redelivered %+v", again)
	}
	if err := srv.Redeliver(999); err == nil {
		t.Error("Redeliver of an unknown update succeeded")
	}

	injected, err := srv.InjectUpdate(json.RawMessage(`{"update_id":1,"purchased_paid_media":{"from":{"id":42,"is_bot":false,"first_name":"Ann"},"paid_media_payload":"p"}}`))
	if err != nil {
		t.Fatal(err)
	}
	unknown, _ := bot.GetUpdates(tgbotapi.UpdateConfig{Offset: id + 1})
	if len(unknown) != 1 || unknown[0].UpdateID != injected || unknown[0].Message != nil || unknown[0].CallbackQuery != nil {
		t.Fatalf("an unknown update kind should decode with every field nil: %+v", unknown)
	}
	if _, err := srv.InjectUpdate(json.RawMessage(`[1]`)); err == nil {
		t.Error("InjectUpdate accepted a non-object")
	}
}

func TestUserMedia(t *testing.T) {
	srv, bot := newFake(t, Options{})
	user := srv.NewUser(42, "Ann")
	user.SendSticker()
	user.SendPhoto()
	user.SendDocument("agenda.csv", []byte("a,b\n"))
	group := srv.NewGroup(100, "Branch 1")
	user.SendIn(group, "/agenda@orglife_test_bot")
	updates, err := bot.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil || len(updates) != 4 {
		t.Fatalf("%+v %v", updates, err)
	}
	if updates[0].Message.Sticker == nil || len(updates[1].Message.Photo) != 1 || updates[2].Message.Document.FileName != "agenda.csv" {
		t.Fatalf("media updates %+v %+v %+v", updates[0].Message, updates[1].Message, updates[2].Message)
	}
	if updates[2].Message.Document.MimeType != "text/csv" {
		t.Errorf("mime type %q", updates[2].Message.Document.MimeType)
	}
	inGroup := updates[3].Message
	if inGroup.Chat.ID != -100 || inGroup.Chat.Type != "group" || inGroup.Chat.Title != "Branch 1" || inGroup.From.ID != 42 || inGroup.Command() != "agenda" {
		t.Fatalf("group message %+v", inGroup)
	}
	file, err := bot.GetFile(tgbotapi.FileConfig{FileID: updates[2].Message.Document.FileID})
	if err != nil || file.FileSize != 4 {
		t.Fatalf("getFile %+v %v", file, err)
	}
	resp, err := http.Get(srv.URL() + "/file/bot" + srv.Token() + "/" + file.FilePath)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("download: %v %v", resp, err)
	}
	resp.Body.Close()
}
