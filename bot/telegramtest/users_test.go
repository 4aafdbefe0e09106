package telegramtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// runEchoBot is a small bot on the real client: /start shows a keyboard, a
// press edits the prompt in place and answers the query, /report sends a file.
func runEchoBot(t *testing.T, bot *tgbotapi.BotAPI) {
	updates := bot.GetUpdatesChan(tgbotapi.UpdateConfig{Timeout: 1})
	t.Cleanup(bot.StopReceivingUpdates) // runs before the server closes
	go func() {
		for u := range updates {
			handleEcho(bot, u)
		}
	}()
}

func handleEcho(bot *tgbotapi.BotAPI, u tgbotapi.Update) {
	switch {
	case u.Message != nil && u.Message.Command() == "start":
		msg := tgbotapi.NewMessage(u.Message.Chat.ID, "Welcome, <b>"+tgbotapi.EscapeText(tgbotapi.ModeHTML, u.Message.From.FirstName)+"</b>")
		msg.ParseMode = tgbotapi.ModeHTML
		msg.ReplyMarkup = inlineKeyboard(tgbotapi.NewInlineKeyboardButtonData("加入", "join"), tgbotapi.NewInlineKeyboardButtonData("Later", "later"))
		bot.Send(msg)
	case u.Message != nil && u.Message.Command() == "report":
		doc := tgbotapi.NewDocument(u.Message.Chat.ID, tgbotapi.FileBytes{Name: "report.csv", Bytes: []byte("name,present\nAnn,yes\n")})
		doc.Caption = "Report"
		bot.Send(doc)
	case u.CallbackQuery != nil:
		q := u.CallbackQuery
		bot.Send(tgbotapi.NewEditMessageText(q.Message.Chat.ID, q.Message.MessageID, "You chose "+q.Data))
		bot.Request(tgbotapi.NewCallback(q.ID, "OK"))
	}
}

func TestUserDialog(t *testing.T) {
	srv, bot := newFake(t, Options{})
	runEchoBot(t, bot)
	user := srv.NewUser(42, "<Ann & Bo>")
	ctx := testContext(t)

	user.Send("/start")
	welcome, err := user.WaitReply(ctx, func(m Message) bool { return strings.HasPrefix(m.Text, "Welcome") })
	if err != nil {
		t.Fatal(err)
	}
	if welcome.Text != "Welcome, <Ann & Bo>" || welcome.ParseMode != "HTML" || welcome.Raw != "Welcome, <b>&lt;Ann &amp; Bo&gt;</b>" {
		t.Fatalf("welcome %+v", welcome)
	}
	if len(welcome.Buttons) != 1 || welcome.Buttons[0][0] != (Button{Text: "加入", Data: "join"}) {
		t.Fatalf("buttons %+v", welcome.Buttons)
	}

	if _, err := user.Click("Nope"); err == nil || !strings.Contains(err.Error(), "[加入] [Later]") {
		t.Fatalf("Click on a missing button should list the buttons, got %v", err)
	}
	if _, err := user.Click("加入"); err != nil {
		t.Fatal(err)
	}
	edited, err := user.WaitReply(ctx, func(m Message) bool { return m.Text == "You chose join" })
	if err != nil {
		t.Fatal(err)
	}
	if edited.ID != welcome.ID || edited.Edits != 1 || edited.Buttons != nil {
		t.Fatalf("edited %+v", edited)
	}
	if err := srv.WaitFor(ctx, func() bool { a := user.CallbackAnswers(); return len(a) == 1 && a[0].Answered }); err != nil {
		t.Fatalf("callback not answered: %+v", user.CallbackAnswers())
	}
	if _, err := user.Click("加入"); err == nil {
		t.Error("the keyboard was removed by the edit; the button must be gone")
	}

	// A forged press on the message still reaches the bot.
	if _, err := user.ClickData(welcome.ID, "forged"); err != nil {
		t.Fatal(err)
	}
	if _, err := user.WaitReply(ctx, func(m Message) bool { return m.Text == "You chose forged" }); err != nil {
		t.Fatal(err)
	}
	if _, err := user.ClickData(99, "x"); err == nil {
		t.Error("ClickData on a missing message succeeded")
	}

	user.Send("/report")
	report, err := user.WaitReply(ctx, func(m Message) bool { return m.Kind == "document" })
	if err != nil {
		t.Fatal(err)
	}
	if report.Text != "Report" || report.Document.Name != "report.csv" || report.Document.MimeType != "text/csv" ||
		!bytes.Equal(report.Document.Bytes, []byte("name,present\nAnn,yes\n")) {
		t.Fatalf("report %+v", report)
	}
	if got := user.Replies(); len(got) != 2 || got[0].Text != "You chose forged" {
		t.Fatalf("replies %+v", got)
	}
	if v := srv.Violations(); len(v) != 0 {
		t.Errorf("violations %q", v)
	}
}

func TestDocumentReuseAndPhoto(t *testing.T) {
	srv, bot := newFake(t, Options{})
	srv.NewUser(42, "Ann")
	sent, err := bot.Send(tgbotapi.NewDocument(42, tgbotapi.FileBytes{Name: "a.pdf", Bytes: []byte("%PDF-1.4")}))
	if err != nil || sent.Document == nil || sent.Document.FileSize != 8 || sent.Document.MimeType != "application/pdf" || sent.Document.FileID == "" {
		t.Fatalf("%+v %v", sent.Document, err)
	}
	again, err := bot.Send(tgbotapi.NewDocument(42, tgbotapi.FileID(sent.Document.FileID)))
	if err != nil || again.Document.FileUniqueID != sent.Document.FileUniqueID {
		t.Fatalf("resend by file_id: %+v %v", again.Document, err)
	}
	_, err = bot.Send(tgbotapi.NewDocument(42, tgbotapi.FileID("no-such-file")))
	wantAPIError(t, err, 400, "Bad Request: wrong file identifier/HTTP URL specified")

	photo, err := bot.Send(tgbotapi.NewPhoto(42, tgbotapi.FileBytes{Name: "p.png", Bytes: tinyPNG()}))
	if err != nil || len(photo.Photo) != 1 || photo.Photo[0].Width != 1 {
		t.Fatalf("photo %+v %v", photo.Photo, err)
	}
	_, err = bot.Send(tgbotapi.NewPhoto(42, tgbotapi.FileBytes{Name: "p.png", Bytes: []byte("not an image")}))
	if tgErr := asTgError(t, err); tgErr.Message != "Bad Request: IMAGE_PROCESS_FAILED" {
		t.Fatalf("got %q", tgErr.Message)
	}
}

func TestFakeJSONAPI(t *testing.T) {
	srv, bot := newFake(t, Options{})
	runEchoBot(t, bot)
	post := func(path, body string) (int, map[string]any) {
		resp, err := http.Post(srv.URL()+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}
	if status, _ := post("/fake/users", `{"id":7,"first_name":"Cai","username":"cai","language_code":"zh"}`); status != 200 {
		t.Fatalf("create user: %d", status)
	}
	if status, out := post("/fake/users/7/send", `{"text":"/start"}`); status != 200 || out["update_id"] == nil {
		t.Fatalf("send: %d %v", status, out)
	}
	user, _ := srv.User(7)
	if _, err := user.WaitReply(testContext(t), nil); err != nil {
		t.Fatal(err)
	}
	if status, out := post("/fake/users/7/click", `{"text":"Later"}`); status != 200 || out["callback_query_id"] == "" {
		t.Fatalf("click: %d %v", status, out)
	}
	if _, err := user.WaitReply(testContext(t), func(m Message) bool { return m.Text == "You chose later" }); err != nil {
		t.Fatal(err)
	}
	if status, out := post("/fake/users/7/click", `{"text":"Missing"}`); status != 404 || !strings.Contains(fmt.Sprint(out["error"]), "none") {
		t.Fatalf("click on a missing button: %d %v", status, out)
	}
	if status, _ := post("/fake/users/8/send", `{"text":"hi"}`); status != 404 {
		t.Fatalf("unknown user: %d", status)
	}
	resp, err := http.Get(srv.URL() + "/fake/users/7/messages")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var msgs []Message
	if err := json.NewDecoder(resp.Body).Decode(&msgs); err != nil || len(msgs) != 1 || msgs[0].Text != "You chose later" || msgs[0].Edits != 1 {
		t.Fatalf("messages %+v %v", msgs, err)
	}
}
