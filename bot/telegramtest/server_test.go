package telegramtest

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestGetMe(t *testing.T) {
	srv, bot := newFake(t, Options{})
	if bot.Self.UserName != "orglife_test_bot" || !bot.Self.IsBot || bot.Self.ID != srv.BotID() {
		t.Fatalf("getMe decoded as %+v", bot.Self)
	}
	if !strings.HasPrefix(srv.Token(), strings.Split(srv.Token(), ":")[0]+":AA") || len(strings.Split(srv.Token(), ":")[1]) != 35 {
		t.Errorf("token %q is not shaped like BotFather's", srv.Token())
	}
}

func TestTokenOption(t *testing.T) {
	srv, err := New(Options{Token: "123456:local", BotUsername: "x_bot"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if srv.BotID() != 123456 || srv.BotUsername() != "x_bot" || srv.Endpoint() != srv.URL()+"/bot%s/%s" {
		t.Fatalf("got id %d username %q endpoint %q", srv.BotID(), srv.BotUsername(), srv.Endpoint())
	}
	if _, err := New(Options{Token: "nocolon"}); err == nil {
		t.Fatal("a malformed token was accepted")
	}
}

func TestAuthAndRouting(t *testing.T) {
	srv, bot := newFake(t, Options{})
	tests := []struct {
		name, token, method string
		status              int
		body                string
	}{
		{"wrong token", "123:wrong", "getMe", 401, `{"ok":false,"error_code":401,"description":"Unauthorized"}`},
		{"unknown method", srv.Token(), "getMeNow", 404, `{"ok":false,"error_code":404,"description":"Not Found"}`},
		{"method names are case-insensitive", srv.Token(), "GETME", 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := http.Post(srv.URL()+"/bot"+tt.token+"/"+tt.method, "application/x-www-form-urlencoded", nil)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.status || tt.body != "" && string(body) != tt.body {
				t.Fatalf("got %d %s, want %d %s", resp.StatusCode, body, tt.status, tt.body)
			}
		})
	}

	// The same through the real client.
	_, err := bot.MakeRequest("noSuchMethod", nil)
	wantAPIError(t, err, 404, "Not Found")
	other, _ := New(Options{})
	defer other.Close()
	_, err = tgbotapi.NewBotAPIWithClient(srv.Token(), other.Endpoint(), &http.Client{Timeout: 5 * time.Second})
	wantAPIError(t, err, 401, "Unauthorized")
}

func TestSpecChecks(t *testing.T) {
	srv, bot := newFake(t, Options{})
	user := srv.NewUser(42, "Ann")
	tests := []struct {
		name      string
		method    string
		params    tgbotapi.Params
		code      int
		desc      string
		violation string
	}{
		{"unknown parameter", "sendMessage",
			tgbotapi.Params{"chat_id": "42", "text": "hi", "colour": "red"},
			400, "Bad Request: unknown parameter colour", `sendMessage: unknown parameter "colour"`},
		{"missing required parameter", "sendMessage",
			tgbotapi.Params{"text": "hi"},
			400, "Bad Request: chat_id is empty", `sendMessage: missing required parameter "chat_id"`},
		{"integer that is not", "deleteMessage",
			tgbotapi.Params{"chat_id": "42", "message_id": "first"},
			400, "Bad Request: wrong type of parameter message_id: expected Integer", `deleteMessage: parameter "message_id" = "first": expected Integer`},
		{"reply_markup that is not JSON", "sendMessage",
			tgbotapi.Params{"chat_id": "42", "text": "hi", "reply_markup": "{"},
			400, "Bad Request: wrong type of parameter reply_markup: expected InlineKeyboardMarkup or ReplyKeyboardMarkup or ReplyKeyboardRemove or ForceReply",
			`sendMessage: parameter "reply_markup" = "{": expected InlineKeyboardMarkup or ReplyKeyboardMarkup or ReplyKeyboardRemove or ForceReply`},
		{"unknown method", "sendTelegram", tgbotapi.Params{}, 404, "Not Found", "sendTelegram: unknown method"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(srv.Violations())
			_, err := bot.MakeRequest(tt.method, tt.params)
			wantAPIError(t, err, tt.code, tt.desc)
			got := srv.Violations()[before:]
			if len(got) != 1 || got[0] != tt.violation {
				t.Fatalf("violations %q, want [%q]", got, tt.violation)
			}
		})
	}

	// Parameters only Bot API 5.5 knows (tgbotapi sends them) and ones only the
	// current version knows are both accepted.
	for _, p := range []tgbotapi.Params{
		{"chat_id": "42", "text": "old", "disable_web_page_preview": "true", "reply_to_message_id": "0", "allow_sending_without_reply": "true"},
		{"chat_id": "42", "text": "new", "link_preview_options": `{"is_disabled":true}`, "protect_content": "true"},
	} {
		if _, err := bot.MakeRequest("sendMessage", p); err != nil {
			t.Errorf("sendMessage %v: %v", p, err)
		}
	}
	if n := len(user.Replies()); n != 2 {
		t.Errorf("got %d messages, want 2", n)
	}
}

func TestGenericMethods(t *testing.T) {
	srv, bot := newFake(t, Options{})
	srv.NewUser(7, "Bo")
	if _, err := bot.Request(tgbotapi.NewChatAction(7, tgbotapi.ChatUploadDocument)); err != nil {
		t.Fatal(err)
	}
	// A method the fake does not model but that returns a Message decodes as one.
	msg, err := bot.Send(tgbotapi.NewLocation(7, 39.9, 116.4))
	if err != nil || msg.Chat.ID != 7 || msg.MessageID != 1 {
		t.Fatalf("sendLocation: %+v %v", msg, err)
	}
	if _, err := bot.Request(tgbotapi.PinChatMessageConfig{ChatID: 7, MessageID: msg.MessageID}); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.CallsTo("pinchatmessage")); n != 1 {
		t.Errorf("CallsTo(pinChatMessage) = %d calls", n)
	}
	_, err = bot.Request(tgbotapi.NewChatAction(7, "dancing"))
	wantAPIError(t, err, 400, "Bad Request: wrong parameter action in request")
	_, err = bot.Send(tgbotapi.NewMessage(999, "hello"))
	wantAPIError(t, err, 400, "Bad Request: chat not found")
	chat, err := bot.GetChat(tgbotapi.ChatInfoConfig{ChatConfig: tgbotapi.ChatConfig{ChatID: 7}})
	if err != nil || chat.FirstName != "Bo" || chat.Type != "private" {
		t.Fatalf("getChat: %+v %v", chat, err)
	}
}

func TestCopyMessageDecodes(t *testing.T) {
	srv, bot := newFake(t, Options{})
	srv.NewUser(7, "Bo")
	id, err := bot.CopyMessage(tgbotapi.NewCopyMessage(7, 7, 1))
	if err != nil || id.MessageID != 1 {
		t.Fatalf("copyMessage: %+v %v", id, err)
	}
}

func TestEmbeddedSpec(t *testing.T) {
	sp, err := loadSpec()
	if err != nil {
		t.Fatal(err)
	}
	send := sp.method("SENDMESSAGE")
	if send == nil || send.Name != "sendMessage" || send.returns() != "Message" {
		t.Fatalf("sendMessage: %+v", send)
	}
	tests := []struct {
		field    string
		required bool
		versions string
	}{
		{"chat_id", true, "5.5 10.1"},
		{"disable_web_page_preview", false, "5.5"},
		{"reply_parameters", false, "10.1"},
	}
	for _, tt := range tests {
		f := send.field(tt.field)
		if f == nil || f.Required != tt.required || strings.Join(f.Versions, " ") != tt.versions {
			t.Errorf("sendMessage.%s = %+v", tt.field, f)
		}
	}
	// editMessageText's text is required in 5.5 but not in 10.1 (checklists),
	// so the merged spec leaves the check to the handler.
	if f := sp.method("editMessageText").field("text"); f.Required {
		t.Error("a field required by only one version must not be required")
	}
	if sp.method("setStickerSetThumb") == nil || sp.method("sendChecklist") == nil {
		t.Error("methods known to only one version are missing")
	}
}
