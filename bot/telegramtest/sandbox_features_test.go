package telegramtest

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// TestMenuFollowsTelegramsScopes: the menu a user sees is the narrowest scope with
// commands, in their language before all languages, as Telegram resolves it.
func TestMenuFollowsTelegramsScopes(t *testing.T) {
	srv, bot := newFake(t, Options{})
	zh := srv.NewUser(42, "Ann").SetLanguageCode("zh")
	en := srv.NewUser(43, "Bo").SetLanguageCode("en")
	group := srv.NewGroup(100, "Branch 1")
	set := func(scope tgbotapi.BotCommandScope, lang, command string) {
		t.Helper()
		cfg := tgbotapi.NewSetMyCommandsWithScopeAndLanguage(scope, lang, tgbotapi.BotCommand{Command: command, Description: command})
		if _, err := bot.Request(cfg); err != nil {
			t.Fatal(err)
		}
	}
	menu := func(chatID, userID int64) string {
		var names []string
		for _, c := range srv.Menu(chatID, userID) {
			names = append(names, c.Command)
		}
		return strings.Join(names, ",")
	}
	if got := menu(42, 42); got != "" {
		t.Fatalf("menu before any setMyCommands: %q", got)
	}
	set(tgbotapi.NewBotCommandScopeDefault(), "", "start")
	set(tgbotapi.NewBotCommandScopeDefault(), "en", "start_en")
	set(tgbotapi.NewBotCommandScopeChat(42), "", "secretary")
	set(tgbotapi.NewBotCommandScopeAllGroupChats(), "", "group")
	set(tgbotapi.NewBotCommandScopeChatMember(-100, 43), "en", "member_en")
	tests := []struct {
		name       string
		chat, user int64
		want       string
	}{
		{"own chat scope, all languages", zh.ID(), zh.ID(), "secretary"},
		{"default in the user's language", en.ID(), en.ID(), "start_en"},
		{"group member scope", group.ID(), en.ID(), "member_en"},
		{"all group chats", group.ID(), zh.ID(), "group"},
	}
	for _, tt := range tests {
		if got := menu(tt.chat, tt.user); got != tt.want {
			t.Errorf("%s: menu(%d, %d) = %q, want %q", tt.name, tt.chat, tt.user, got, tt.want)
		}
	}
}

func pngBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	img.Set(0, 0, color.RGBA{R: 10, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestSendAttachment: a user's photo and file reach the bot with their caption and size,
// the bot can download them and send them on by file id, and the chat keeps both sides,
// dated by the server's clock.
func TestSendAttachment(t *testing.T) {
	at := time.Date(2031, 5, 6, 7, 8, 0, 0, time.UTC)
	srv, bot := newFake(t, Options{Clock: func() time.Time { return at }})
	user := srv.NewUser(42, "Ann")
	photo := pngBytes(t, 3, 2)
	if _, err := user.SendAttachment(Attachment{Photo: true, Name: "证明.png", Data: photo, Caption: "整改照片"}); err != nil {
		t.Fatal(err)
	}
	if _, err := user.SendAttachment(Attachment{Name: "notes.txt", Data: []byte("done\n")}); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []Attachment{
		{Photo: true, Name: "x.png", Data: []byte("not an image")},
		{Name: "empty.txt"},
		{Name: "x.txt", Data: []byte("x"), Caption: strings.Repeat("长", 1025)},
	} {
		if _, err := user.SendAttachment(bad); err == nil {
			t.Errorf("SendAttachment(%s, %d bytes, %d-byte caption) was accepted", bad.Name, len(bad.Data), len(bad.Caption))
		}
	}
	updates, err := bot.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil || len(updates) != 2 {
		t.Fatalf("%+v %v", updates, err)
	}
	p, d := updates[0].Message, updates[1].Message
	if len(p.Photo) != 1 || p.Photo[0].Width != 3 || p.Photo[0].Height != 2 || p.Caption != "整改照片" || p.Date != int(at.Unix()) {
		t.Fatalf("photo message %+v", p)
	}
	if d.Document == nil || d.Document.FileName != "notes.txt" || d.Document.MimeType != "text/plain" {
		t.Fatalf("document message %+v", d)
	}
	file, err := bot.GetFile(tgbotapi.FileConfig{FileID: p.Photo[0].FileID})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(srv.URL() + "/file/bot" + srv.Token() + "/" + file.FilePath)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Equal(got, photo) {
		t.Fatalf("downloaded %d bytes, sent %d", len(got), len(photo))
	}
	if f, ok := srv.File(d.Document.FileID); !ok || string(f.Bytes) != "done\n" || f.Name != "notes.txt" {
		t.Fatalf("File(%s) = %+v, %v", d.Document.FileID, f, ok)
	}
	// The bot sends the photo on by its id, as evidence to someone else.
	other := srv.NewUser(43, "Bo")
	if _, err := bot.Send(tgbotapi.NewPhoto(43, tgbotapi.FileID(p.Photo[0].FileID))); err != nil {
		t.Fatal(err)
	}
	if r := other.Replies(); len(r) != 1 || r[0].Photo == nil || !bytes.Equal(r[0].Photo.Bytes, photo) || !r[0].Date.Equal(at) {
		t.Fatalf("the photo sent on: %+v", r)
	}
	all := user.Messages()
	if len(all) != 2 || all[0].FromBot || all[0].FromID != 42 || all[0].Kind != "photo" || all[0].Text != "整改照片" || all[1].Document == nil {
		t.Fatalf("the user's chat: %+v", all)
	}
}

// TestGroupLookupAndClick: a group is found by its id (a user's chat is not one), its
// messages list both sides with their senders, and a press there reaches the bot.
func TestGroupLookupAndClick(t *testing.T) {
	srv, bot := newFake(t, Options{})
	user := srv.NewUser(42, "Ann")
	group := srv.NewGroup(100, "Branch 1")
	if g, ok := srv.Group(-100); !ok || g.ID() != group.ID() {
		t.Fatalf("Group(-100) = %v, %v", g, ok)
	}
	if _, ok := srv.Group(42); ok {
		t.Fatal("a private chat was taken for a group")
	}
	user.SendIn(group, "/status")
	msg := tgbotapi.NewMessage(group.ID(), "Ask me in private")
	msg.ReplyMarkup = inlineKeyboard(tgbotapi.NewInlineKeyboardButtonData("OK", "ok"))
	sent, err := bot.Send(msg)
	if err != nil {
		t.Fatal(err)
	}
	all := group.Messages()
	if len(all) != 2 || all[0].FromID != 42 || all[0].Text != "/status" || !all[1].FromBot {
		t.Fatalf("group messages %+v", all)
	}
	if _, err := user.ClickDataIn(group, 99, "ok"); err == nil {
		t.Error("a press on a message that does not exist was accepted")
	}
	if _, err := user.ClickDataIn(group, sent.MessageID, "ok"); err != nil {
		t.Fatal(err)
	}
	updates, err := bot.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil || len(updates) != 2 {
		t.Fatalf("%+v %v", updates, err)
	}
	q := updates[1].CallbackQuery
	if q == nil || q.From.ID != 42 || q.Message.Chat.ID != group.ID() || q.Data != "ok" {
		t.Fatalf("callback %+v", q)
	}
}
