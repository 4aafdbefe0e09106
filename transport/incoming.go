package transport

import (
	"encoding/json"
	"fmt"
	"strconv"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Incoming is an update ready to be queued.
type Incoming struct {
	UpdateID int
	ChatID   int64 // 0 when the update belongs to no chat
	UserID   int64 // 0 when the update has no sender
	Chat     string
	Payload  []byte
	// Personal: a user's message or button in their private chat, the input that must
	// not be lost silently (and the only kind told about an outage).
	Personal bool
	// Update is Payload decoded, handed to the worker that takes the update as it is
	// queued so that it need not decode the payload again.
	Update *tgbotapi.Update
	// Text is the message's text, if any: what read-ahead guesses the update's reads from.
	Text string
}

// IncomingFromUpdate prepares a decoded update for the inbox.
func IncomingFromUpdate(u tgbotapi.Update) (Incoming, error) {
	raw, err := json.Marshal(u)
	if err != nil {
		return Incoming{}, fmt.Errorf("encode update %d: %w", u.UpdateID, err)
	}
	return incoming(u, raw), nil
}

// IncomingFromJSON prepares an update as Telegram sent it (webhook).
func IncomingFromJSON(raw []byte) (Incoming, error) {
	var u tgbotapi.Update
	if err := json.Unmarshal(raw, &u); err != nil {
		return Incoming{}, fmt.Errorf("decode update: %w", err)
	}
	return incoming(u, raw), nil
}

func incoming(u tgbotapi.Update, raw []byte) Incoming {
	in := Incoming{UpdateID: u.UpdateID, Payload: raw, Personal: Personal(u), Update: &u}
	if u.Message != nil {
		in.Text = u.Message.Text
	}
	if from := u.SentFrom(); from != nil {
		in.UserID = from.ID
	}
	if chat := ChatOf(u); chat != nil {
		in.ChatID = chat.ID
		in.Chat = strconv.FormatInt(chat.ID, 10)
	} else if from := u.SentFrom(); from != nil {
		in.Chat = "u" + strconv.FormatInt(from.ID, 10)
	} else {
		in.Chat = "none"
	}
	return in
}

// Personal reports whether u is a user's own input in a private chat: a message or a button.
func Personal(u tgbotapi.Update) bool {
	c := ChatOf(u)
	return c != nil && c.IsPrivate() && (u.Message != nil || u.CallbackQuery != nil)
}

// ChatOf is the chat an update happened in; unlike tgbotapi's FromChat it does not panic on
// a callback from an inline message, which has no Message.
func ChatOf(u tgbotapi.Update) *tgbotapi.Chat {
	switch {
	case u.Message != nil:
		return u.Message.Chat
	case u.EditedMessage != nil:
		return u.EditedMessage.Chat
	case u.CallbackQuery != nil && u.CallbackQuery.Message != nil:
		return u.CallbackQuery.Message.Chat
	case u.MyChatMember != nil:
		return &u.MyChatMember.Chat
	}
	return nil
}
