package telegramtest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

type delivery struct {
	update tgbotapi.Update
	secret string
}

// webhookReceiver records deliveries; it fails the first one and answers
// the update with text "reply" by sending a message back in its response.
type webhookReceiver struct {
	mu         sync.Mutex
	deliveries []delivery
}

func (rcv *webhookReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var u tgbotapi.Update
	json.NewDecoder(r.Body).Decode(&u)
	rcv.mu.Lock()
	rcv.deliveries = append(rcv.deliveries, delivery{u, r.Header.Get("X-Telegram-Bot-Api-Secret-Token")})
	first := len(rcv.deliveries) == 1
	rcv.mu.Unlock()
	switch {
	case first:
		http.Error(w, "not ready", http.StatusInternalServerError)
	case u.Message != nil && u.Message.Text == "reply":
		tgbotapi.WriteToHTTPResponse(w, tgbotapi.NewMessage(u.Message.Chat.ID, "answered in the webhook response"))
	}
}

func (rcv *webhookReceiver) texts() []string {
	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	var out []string
	for _, d := range rcv.deliveries {
		out = append(out, d.update.Message.Text)
	}
	return out
}

func TestWebhookDelivery(t *testing.T) {
	srv, bot := newFake(t, Options{WebhookRetryDelay: 20 * time.Millisecond})
	user := srv.NewUser(42, "Ann")
	rcv := &webhookReceiver{}
	hook := httptest.NewServer(rcv)
	defer hook.Close()

	resp, err := bot.MakeRequest("setWebhook", tgbotapi.Params{"url": hook.URL + "/tg", "secret_token": "s3cr3t-_"})
	if err != nil || resp.Description != "Webhook was set" {
		t.Fatalf("setWebhook: %+v %v", resp, err)
	}
	_, err = bot.GetUpdates(tgbotapi.UpdateConfig{})
	wantAPIError(t, err, 409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")

	first := user.Send("first")
	user.Send("reply")
	ctx := testContext(t)
	if err := srv.WaitFor(ctx, func() bool { return len(rcv.texts()) == 3 && srv.PendingUpdates() == 0 }); err != nil {
		t.Fatalf("deliveries %q: %v", rcv.texts(), err)
	}
	// The failed delivery is repeated before the next update goes out.
	if got := rcv.texts(); got[0] != "first" || got[1] != "first" || got[2] != "reply" {
		t.Fatalf("delivery order %q", got)
	}
	rcv.mu.Lock()
	for _, d := range rcv.deliveries {
		if d.secret != "s3cr3t-_" {
			t.Errorf("secret header %q", d.secret)
		}
	}
	if rcv.deliveries[1].update.UpdateID != first {
		t.Errorf("re-delivery changed the update_id")
	}
	rcv.mu.Unlock()
	info, err := bot.GetWebhookInfo()
	if err != nil || info.URL != hook.URL+"/tg" || info.LastErrorMessage != "Wrong response from the webhook: 500 Internal Server Error" {
		t.Fatalf("webhook info %+v %v", info, err)
	}
	if _, err := user.WaitReply(ctx, func(m Message) bool { return m.Text == "answered in the webhook response" }); err != nil {
		t.Fatal(err)
	}

	resp, err = bot.Request(tgbotapi.DeleteWebhookConfig{DropPendingUpdates: true})
	if err != nil || resp.Description != "Webhook was deleted" {
		t.Fatalf("deleteWebhook: %+v %v", resp, err)
	}
	user.Send("polled")
	updates, err := bot.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil || len(updates) != 1 || updates[0].Message.Text != "polled" {
		t.Fatalf("polling after deleteWebhook: %+v %v", updates, err)
	}
}

func TestSetWebhookValidation(t *testing.T) {
	_, bot := newFake(t, Options{})
	tests := []struct{ name, url, secret, want string }{
		{"plain HTTP to a public host", "http://example.org/hook", "", "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"},
		{"secret with a space", "https://example.org/hook", "a b", "Bad Request: secret token contains unallowed characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := bot.MakeRequest("setWebhook", tgbotapi.Params{"url": tt.url, "secret_token": tt.secret})
			wantAPIError(t, err, 400, tt.want)
		})
	}
}
