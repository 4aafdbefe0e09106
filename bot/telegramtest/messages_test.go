package telegramtest

import (
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestSendEditDeleteRoundTrip(t *testing.T) {
	srv, bot := newFake(t, Options{})
	user := srv.NewUser(42, "Ann")

	msg := tgbotapi.NewMessage(42, "<b>Hello</b>, &lt;Ann&gt;")
	msg.ParseMode = tgbotapi.ModeHTML
	msg.ReplyMarkup = inlineKeyboard(tgbotapi.NewInlineKeyboardButtonData("Yes", "answer:yes"),
		tgbotapi.NewInlineKeyboardButtonURL("Docs", "https://example.org/docs"))
	sent, err := bot.Send(msg)
	if err != nil {
		t.Fatal(err)
	}
	if sent.MessageID != 1 || sent.Text != "Hello, <Ann>" || sent.From.ID != srv.BotID() || sent.Chat.ID != 42 || sent.Chat.Type != "private" {
		t.Fatalf("sent message decoded as %+v", sent)
	}
	if len(sent.Entities) != 1 || sent.Entities[0].Type != "bold" || sent.Entities[0].Length != 5 {
		t.Errorf("entities %+v", sent.Entities)
	}
	if sent.ReplyMarkup == nil || *sent.ReplyMarkup.InlineKeyboard[0][0].CallbackData != "answer:yes" {
		t.Errorf("reply_markup %+v", sent.ReplyMarkup)
	}

	edit := tgbotapi.NewEditMessageText(42, sent.MessageID, "Thanks")
	edited, err := bot.Send(edit)
	if err != nil || edited.Text != "Thanks" || edited.EditDate == 0 || edited.ReplyMarkup != nil {
		t.Fatalf("edit: %+v %v", edited, err)
	}
	_, err = bot.Send(edit)
	wantAPIError(t, err, 400, "Bad Request: message is not modified: specified new message content and reply markup "+
		"are exactly the same as a current content and reply markup of the message")

	kb := inlineKeyboard(tgbotapi.NewInlineKeyboardButtonData("Undo", "undo"))
	if _, err := bot.Send(tgbotapi.NewEditMessageReplyMarkup(42, sent.MessageID, kb)); err != nil {
		t.Fatal(err)
	}
	_, err = bot.Send(tgbotapi.NewEditMessageReplyMarkup(42, sent.MessageID, kb))
	wantAPIError(t, err, 400, "Bad Request: message is not modified: specified new message content and reply markup "+
		"are exactly the same as a current content and reply markup of the message")

	if _, err := bot.Request(tgbotapi.NewDeleteMessage(42, sent.MessageID)); err != nil {
		t.Fatal(err)
	}
	_, err = bot.Request(tgbotapi.NewDeleteMessage(42, sent.MessageID))
	wantAPIError(t, err, 400, "Bad Request: message to delete not found")
	_, err = bot.Send(tgbotapi.NewEditMessageText(42, 99, "x"))
	wantAPIError(t, err, 400, "Bad Request: message to edit not found")

	replies := user.Replies()
	if len(replies) != 1 || !replies[0].Deleted || replies[0].Edits != 2 || replies[0].Text != "Thanks" ||
		len(replies[0].Buttons) != 1 || replies[0].Buttons[0][0] != (Button{Text: "Undo", Data: "undo"}) {
		t.Fatalf("replies %+v", replies)
	}
	if v := srv.Violations(); len(v) != 0 {
		t.Errorf("violations: %q", v)
	}
}

func TestTextRules(t *testing.T) {
	srv, bot := newFake(t, Options{})
	srv.NewUser(42, "Ann")
	const notParsed = "Bad Request: can't parse entities: "
	tests := []struct {
		name, text, parseMode string
		want                  string // plain text, or the error description
		wantErr               bool
	}{
		{"4096 characters", strings.Repeat("я", 4096), "", strings.Repeat("я", 4096), false},
		{"4097 characters", strings.Repeat("я", 4097), "", "Bad Request: message is too long", true},
		{"4096 after HTML parsing", "<b>" + strings.Repeat("a", 4096) + "</b>", "HTML", strings.Repeat("a", 4096), false},
		{"emoji count as two UTF-16 units", strings.Repeat("😀", 2049), "", "Bad Request: message is too long", true},
		{"empty", "", "", "Bad Request: message text is empty", true},
		{"only white space", " \n ", "", "Bad Request: message text is empty", true},
		{"only tags", "<b></b>", "HTML", "Bad Request: message text is empty", true},
		{"escaped user text", "1 &lt; 2 &amp;&amp; 3 &gt; 2 &quot;ok&quot; &#128512; &#x41;", "HTML", `1 < 2 && 3 > 2 "ok" 😀 A`, false},
		{"bare <", "1 < 2", "HTML", notParsed + `Unsupported start tag "" at byte offset 2`, true},
		{"bare & (Telegram would keep it; the fake refuses unescaped text)", "Q&A", "HTML", notParsed + `Unsupported HTML entity or unescaped "&" at byte offset 1`, true},
		{"unknown named entity", "a&nbsp;b", "HTML", notParsed + `Unsupported HTML entity or unescaped "&" at byte offset 1`, true},
		{"unsupported tag", "<div>x</div>", "HTML", notParsed + `Unsupported start tag "div" at byte offset 0`, true},
		{"unclosed tag", "<b>x", "HTML", notParsed + `Can't find end tag corresponding to start tag "b"`, true},
		{"crossed tags", "<b><i>x</b></i>", "HTML", notParsed + `Unmatched end tag at byte offset 7, expected "</i>", found "</b>"`, true},
		{"stray end tag", "x</b>", "HTML", notParsed + "Unexpected end tag at byte offset 1", true},
		{"unterminated tag", "a <b", "HTML", notParsed + "Unclosed start tag at byte offset 2", true},
		{"span without spoiler class", `<span class="x">a</span>`, "HTML", notParsed + `Tag "span" must have class "tg-spoiler" at byte offset 0`, true},
		{"every supported tag", `<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s><strike>k</strike>` +
			`<del>d</del><span class="tg-spoiler">p</span><tg-spoiler>q</tg-spoiler><a href="https://t.me/x?a=1&amp;b=2">l</a>` +
			`<code>c</code><pre><code class="language-go">g</code></pre><blockquote expandable>z</blockquote><tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>`,
			"HTML", "bsieunskdpqlcgz👍", false},
		{"tags are case-insensitive", "<B>x</B>", "HTML", "x", false},
		{"markdown is passed through", "*bold*", "MarkdownV2", "*bold*", false},
		{"unknown parse mode", "x", "BBCode", "Bad Request: unsupported parse_mode", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := tgbotapi.NewMessage(42, tt.text)
			msg.ParseMode = tt.parseMode
			if tt.text == "" {
				// tgbotapi leaves an empty text out; send it explicitly.
				_, err := bot.MakeRequest("sendMessage", tgbotapi.Params{"chat_id": "42", "text": ""})
				wantAPIError(t, err, 400, tt.want)
				return
			}
			sent, err := bot.Send(msg)
			if tt.wantErr {
				wantAPIError(t, err, 400, tt.want)
				return
			}
			if err != nil || sent.Text != tt.want {
				t.Fatalf("got %q %v, want %q", sent.Text, err, tt.want)
			}
		})
	}
}

func TestHTMLEntities(t *testing.T) {
	text, entities, err := parseHTML(`😀 <b>bold <i>both</i></b> <a href="https://x.org/?q=1&amp;r=2">link</a> <pre><code class="language-go">x</code></pre>`)
	if err != nil {
		t.Fatal(err)
	}
	if text != "😀 bold both link x" {
		t.Fatalf("text %q", text)
	}
	want := []wireEntity{
		{Type: "bold", Offset: 3, Length: 9},
		{Type: "italic", Offset: 8, Length: 4},
		{Type: "text_link", Offset: 13, Length: 4, URL: "https://x.org/?q=1&r=2"},
		{Type: "pre", Offset: 18, Length: 1, Language: "go"},
	}
	if len(entities) != len(want) {
		t.Fatalf("entities %+v", entities)
	}
	for i := range want {
		if entities[i] != want[i] {
			t.Errorf("entity %d = %+v, want %+v", i, entities[i], want[i])
		}
	}
}

func TestKeyboardRules(t *testing.T) {
	srv, bot := newFake(t, Options{})
	srv.NewUser(42, "Ann")
	data := func(s string) *string { return &s }
	tests := []struct {
		name    string
		markup  any
		wantErr string
	}{
		{"64-byte callback data", inlineKeyboard(tgbotapi.NewInlineKeyboardButtonData("ok", strings.Repeat("x", 64))), ""},
		{"65-byte callback data", inlineKeyboard(tgbotapi.NewInlineKeyboardButtonData("ok", strings.Repeat("x", 65))), "Bad Request: BUTTON_DATA_INVALID"},
		{"callback data limit is in bytes", inlineKeyboard(tgbotapi.NewInlineKeyboardButtonData("ok", strings.Repeat("是", 22))), "Bad Request: BUTTON_DATA_INVALID"},
		{"empty callback data", inlineKeyboard(tgbotapi.NewInlineKeyboardButtonData("ok", "")), "Bad Request: BUTTON_DATA_INVALID"},
		{"button without action", inlineKeyboard(tgbotapi.InlineKeyboardButton{Text: "plain"}), "Bad Request: text buttons are unallowed in the inline keyboard"},
		{"button with two actions", inlineKeyboard(tgbotapi.InlineKeyboardButton{Text: "both", CallbackData: data("a"), URL: data("https://x.org")}),
			"Bad Request: can't parse inline keyboard button: exactly one of the optional fields must be used"},
		{"button without text", inlineKeyboard(tgbotapi.InlineKeyboardButton{CallbackData: data("a")}), "Bad Request: can't parse inline keyboard button: Text must be non-empty"},
		{"bad URL", inlineKeyboard(tgbotapi.NewInlineKeyboardButtonURL("go", "example.org")), "Bad Request: inline keyboard button URL 'example.org' is invalid: Wrong HTTP URL"},
		{"reply keyboard", tgbotapi.NewReplyKeyboard(tgbotapi.NewKeyboardButtonRow(tgbotapi.NewKeyboardButton("是"))), ""},
		{"remove keyboard", tgbotapi.NewRemoveKeyboard(true), ""},
		{"empty object", map[string]any{}, "Bad Request: can't parse reply keyboard markup JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := tgbotapi.NewMessage(42, "choose")
			msg.ReplyMarkup = tt.markup
			_, err := bot.Send(msg)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			wantAPIError(t, err, 400, tt.wantErr)
		})
	}
}

func TestCaptionLimit(t *testing.T) {
	srv, bot := newFake(t, Options{})
	srv.NewUser(42, "Ann")
	doc := tgbotapi.NewDocument(42, tgbotapi.FileBytes{Name: "a.txt", Bytes: []byte("a")})
	doc.Caption = strings.Repeat("c", 1024)
	if _, err := bot.Send(doc); err != nil {
		t.Fatal(err)
	}
	doc.Caption += "c"
	_, err := bot.Send(doc)
	if tgErr := asTgError(t, err); tgErr.Message != "Bad Request: message caption is too long" {
		t.Fatalf("got %q", tgErr.Message)
	}
}

func TestCallbackAnswers(t *testing.T) {
	srv, bot := newFake(t, Options{})
	user := srv.NewUser(42, "Ann")
	msg := tgbotapi.NewMessage(42, "Come?")
	msg.ReplyMarkup = inlineKeyboard(tgbotapi.NewInlineKeyboardButtonData("Yes", "rsvp:yes"))
	if _, err := bot.Send(msg); err != nil {
		t.Fatal(err)
	}
	queryID, err := user.Click("Yes")
	if err != nil {
		t.Fatal(err)
	}
	updates, err := bot.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil || len(updates) != 1 || updates[0].CallbackQuery == nil {
		t.Fatalf("updates %+v %v", updates, err)
	}
	cq := updates[0].CallbackQuery
	if cq.ID != queryID || cq.Data != "rsvp:yes" || cq.From.ID != 42 || cq.Message.MessageID != 1 || cq.Message.Text != "Come?" {
		t.Fatalf("callback query %+v", cq)
	}

	_, err = bot.Request(tgbotapi.NewCallback(queryID, strings.Repeat("x", 201)))
	wantAPIError(t, err, 400, "Bad Request: MESSAGE_TOO_LONG")
	if _, err := bot.Request(tgbotapi.NewCallback(queryID, "Noted")); err != nil {
		t.Fatal(err)
	}
	const tooOld = "Bad Request: query is too old and response timeout expired or query ID is invalid"
	_, err = bot.Request(tgbotapi.NewCallback(queryID, "again"))
	wantAPIError(t, err, 400, tooOld)
	_, err = bot.Request(tgbotapi.NewCallback("12345", ""))
	wantAPIError(t, err, 400, tooOld)

	answers := user.CallbackAnswers()
	if len(answers) != 1 || !answers[0].Answered || answers[0].Text != "Noted" || answers[0].Data != "rsvp:yes" {
		t.Fatalf("answers %+v", answers)
	}
	// tgbotapi's Send on a method returning true reports a decode error
	// after the call succeeded (see TELEGRAM.md); Request is right.
	id2, _ := user.Click("Yes")
	if _, err := bot.Send(tgbotapi.NewCallback(id2, "")); err == nil {
		t.Error("Send(answerCallbackQuery) decoded true as a Message")
	}
	if got := user.CallbackAnswers(); !got[1].Answered {
		t.Error("the answer was not recorded")
	}
}

func TestCommands(t *testing.T) {
	srv, bot := newFake(t, Options{})
	zh := tgbotapi.NewSetMyCommandsWithScopeAndLanguage(tgbotapi.NewBotCommandScopeChat(42), "zh",
		tgbotapi.BotCommand{Command: "start", Description: "开始"}, tgbotapi.BotCommand{Command: "agenda", Description: "议程"})
	if _, err := bot.Request(zh); err != nil {
		t.Fatal(err)
	}
	got, err := bot.GetMyCommandsWithConfig(tgbotapi.NewGetMyCommandsWithScopeAndLanguage(tgbotapi.NewBotCommandScopeChat(42), "zh"))
	if err != nil || len(got) != 2 || got[1].Command != "agenda" {
		t.Fatalf("getMyCommands: %+v %v", got, err)
	}
	if other, _ := bot.GetMyCommands(); len(other) != 0 {
		t.Errorf("default scope has %+v", other)
	}
	if n := len(srv.Commands(CommandScope{Type: "chat", ChatID: 42}, "zh")); n != 2 {
		t.Errorf("Commands() has %d", n)
	}
	if _, err := bot.Request(tgbotapi.NewDeleteMyCommandsWithScopeAndLanguage(tgbotapi.NewBotCommandScopeChat(42), "zh")); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Commands(CommandScope{Type: "chat", ChatID: 42}, "zh")); n != 0 {
		t.Errorf("deleteMyCommands left %d", n)
	}

	many := make([]tgbotapi.BotCommand, 101)
	for i := range many {
		many[i] = tgbotapi.BotCommand{Command: "c", Description: "d"}
	}
	tests := []struct {
		name     string
		commands []tgbotapi.BotCommand
		lang     string
		want     string
	}{
		{"upper case", []tgbotapi.BotCommand{{Command: "Start", Description: "x"}}, "", "Bad Request: BOT_COMMAND_INVALID"},
		{"33 characters", []tgbotapi.BotCommand{{Command: strings.Repeat("a", 33), Description: "x"}}, "", "Bad Request: BOT_COMMAND_INVALID"},
		{"slash", []tgbotapi.BotCommand{{Command: "/start", Description: "x"}}, "", "Bad Request: BOT_COMMAND_INVALID"},
		{"empty description", []tgbotapi.BotCommand{{Command: "start"}}, "", "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID"},
		{"257-character description", []tgbotapi.BotCommand{{Command: "start", Description: strings.Repeat("说", 257)}}, "", "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID"},
		{"101 commands", many, "", "Bad Request: BOT_COMMANDS_TOO_MUCH"},
		{"bad language", []tgbotapi.BotCommand{{Command: "start", Description: "x"}}, "zh-CN", "Bad Request: invalid language code specified"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tgbotapi.NewSetMyCommands(tt.commands...)
			cfg.LanguageCode = tt.lang
			_, err := bot.Request(cfg)
			wantAPIError(t, err, 400, tt.want)
		})
	}
}

func TestBlockedUser(t *testing.T) {
	srv, bot := newFake(t, Options{})
	user := srv.NewUser(42, "Ann")
	user.Block()
	_, err := bot.Send(tgbotapi.NewMessage(42, "hello"))
	wantAPIError(t, err, 403, "Forbidden: bot was blocked by the user")
	updates, err := bot.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil || len(updates) != 1 || updates[0].MyChatMember == nil || updates[0].MyChatMember.NewChatMember.Status != "kicked" {
		t.Fatalf("want a my_chat_member update, got %+v %v", updates, err)
	}
	user.Unblock()
	if _, err := bot.Send(tgbotapi.NewMessage(42, "welcome back")); err != nil {
		t.Fatal(err)
	}
}
