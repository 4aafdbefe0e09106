package telegramtest

import (
	"strconv"
	"strings"
	"time"
)

// Message is a message as the fake keeps it, for tests to inspect.
type Message struct {
	ID      int   `json:"id"`
	ChatID  int64 `json:"chat_id"`
	FromBot bool  `json:"from_bot"`
	// FromID is the sender's user id (the bot's for the bot's messages).
	FromID int64     `json:"from_id"`
	Date   time.Time `json:"date"`
	// Kind is "text", "document", "photo" or "sticker", or the Bot API method
	// that made a message the fake does not model (like "sendLocation").
	Kind string `json:"kind"`
	// Text is what the user sees: the text or caption with entities parsed away.
	Text string `json:"text"`
	// Raw is the text or caption exactly as the bot sent it (with HTML tags).
	Raw       string `json:"raw,omitempty"`
	ParseMode string `json:"parse_mode,omitempty"`
	// Buttons is the inline keyboard, row by row.
	Buttons [][]Button `json:"buttons,omitempty"`
	// Keyboard is a reply keyboard's button texts, row by row.
	Keyboard [][]string `json:"keyboard,omitempty"`
	Document *File      `json:"document,omitempty"`
	Photo    *File      `json:"photo,omitempty"`
	Deleted  bool       `json:"deleted,omitempty"`
	Edits    int        `json:"edits,omitempty"`
}

// Button is one inline keyboard button.
type Button struct {
	Text string `json:"text"`
	Data string `json:"data,omitempty"` // callback_data
	URL  string `json:"url,omitempty"`
}

// File is a file held by the fake.
type File struct {
	ID       string `json:"file_id"`
	UniqueID string `json:"file_unique_id"`
	Name     string `json:"file_name,omitempty"`
	MimeType string `json:"mime_type,omitempty"`
	Size     int    `json:"file_size"`
	Bytes    []byte `json:"bytes,omitempty"`
}

// chatState is one chat and its messages. Guarded by Server.mu.
type chatState struct {
	wire     wireChat
	userID   int64      // the other party of a private chat
	messages []*message // message ids start at 1: messages[i].id == base+i+1
	base     int        // messages dropped by DropHistory, whose ids are not used again
	// events are the bot's messages as sent, edited or deleted, oldest first.
	events []messageEvent
	// changed is closed and replaced when an event is recorded, so that a user
	// waiting for a reply wakes for their own chat only (nil until first asked for).
	changed chan struct{}
}

// changes returns a channel closed at the chat's next event. Callers hold s.mu.
func (c *chatState) changes() <-chan struct{} {
	if c.changed == nil {
		c.changed = make(chan struct{})
	}
	return c.changed
}

type messageEvent struct {
	seq int
	msg Message
}

// message is one message in a chat. Guarded by Server.mu.
type message struct {
	id        int
	chat      *chatState
	from      wireUser
	fromBot   bool
	date      time.Time
	editDate  time.Time
	kind      string
	raw       string
	parseMode string
	body      formatted // text or caption
	markup    *markup
	file      *storedFile
	replyTo   *message
	deleted   bool
	edits     int
}

func (c *chatState) isGroup() bool { return c.wire.Type != "private" }

// add puts m in the chat, dated now unless it has a date.
func (c *chatState) add(m *message, now time.Time) *message {
	m.id = c.base + len(c.messages) + 1
	m.chat = c
	if m.date.IsZero() {
		m.date = now
	}
	c.messages = append(c.messages, m)
	return m
}

// live returns a message that exists and is not deleted.
func (c *chatState) live(id int) *message {
	i := id - c.base - 1
	if i < 0 || i >= len(c.messages) || c.messages[i].deleted {
		return nil
	}
	return c.messages[i]
}

// botMessages returns snapshots of the bot's messages, as they are now.
func (c *chatState) botMessages() []Message {
	out := []Message{}
	for _, m := range c.messages {
		if m.fromBot {
			out = append(out, m.snapshot())
		}
	}
	return out
}

// allMessages returns snapshots of every message, the users' and the bot's, in order, as
// they are now.
func (c *chatState) allMessages() []Message {
	out := make([]Message, 0, len(c.messages))
	for _, m := range c.messages {
		out = append(out, m.snapshot())
	}
	return out
}

// recordEventLocked keeps a snapshot of a bot message that was sent, edited
// or deleted, for WaitReply and BotEvents.
func (s *Server) recordEventLocked(m *message) {
	s.eventSeq++
	m.chat.events = append(m.chat.events, messageEvent{seq: s.eventSeq, msg: m.snapshot()})
	if m.chat.changed != nil {
		close(m.chat.changed)
		m.chat.changed = nil
	}
	s.notifyLocked()
}

func (m *message) snapshot() Message {
	out := Message{
		ID: m.id, ChatID: m.chat.wire.ID, FromBot: m.fromBot, FromID: m.from.ID, Date: m.date, Kind: m.kind,
		Text: m.body.text, Raw: m.raw, ParseMode: m.parseMode, Deleted: m.deleted, Edits: m.edits,
	}
	if m.markup != nil {
		out.Buttons = snapshotButtons(m.markup.inline)
		out.Keyboard = cloneRows(m.markup.keyboard)
	}
	switch m.kind {
	case "document":
		out.Document = m.file.public()
	case "photo":
		out.Photo = m.file.public()
	}
	return out
}

func snapshotButtons(rows [][]inlineButton) [][]Button {
	if rows == nil {
		return nil
	}
	out := make([][]Button, 0, len(rows))
	for _, row := range rows {
		buttons := make([]Button, 0, len(row))
		for _, b := range row {
			buttons = append(buttons, Button{Text: b.Text, Data: deref(b.CallbackData), URL: deref(b.URL)})
		}
		out = append(out, buttons)
	}
	return out
}

func cloneRows(rows [][]string) [][]string {
	if rows == nil {
		return nil
	}
	out := make([][]string, 0, len(rows))
	for _, row := range rows {
		out = append(out, append([]string(nil), row...))
	}
	return out
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// wire is the message as the Bot API returns it.
func (m *message) wire() *wireMessage {
	w := m.wireShallow()
	if m.replyTo != nil {
		w.ReplyToMessage = m.replyTo.wireShallow()
	}
	return w
}

// wireShallow omits reply_to_message, which Telegram does not nest.
func (m *message) wireShallow() *wireMessage {
	from := m.from
	w := &wireMessage{MessageID: m.id, From: &from, Chat: m.chat.wire, Date: m.date.Unix(), ReplyMarkup: m.markup.rawInline()}
	if !m.editDate.IsZero() {
		w.EditDate = m.editDate.Unix()
	}
	if m.kind == "text" {
		w.Text, w.Entities = m.body.text, m.body.entities
		return w
	}
	w.Caption, w.CaptionEntities = m.body.text, m.body.entities
	if m.file != nil {
		m.file.attach(w, m.kind)
	}
	return w
}

// resolveChatLocked finds the chat a chat_id parameter names.
func (s *Server) resolveChatLocked(req *apiRequest) (*chatState, *apiError) {
	value := req.get("chat_id")
	if value == "" {
		return nil, badRequest("chat_id is empty")
	}
	id, err := strconv.ParseInt(value, 10, 64)
	chat := s.chats[id]
	if err != nil || chat == nil {
		// "@username" names only channels and supergroups, which the fake has none of.
		return nil, badRequest("chat not found")
	}
	return chat, nil
}

// chatInstance is the callback_query.chat_instance of a chat: stable per chat.
func chatInstance(chatID int64) string {
	return strings.TrimPrefix(strconv.FormatInt(chatID*7919+1000003, 10), "-")
}

// DropHistory forgets what the server has kept so far: every chat's messages and the bot's
// message events, the update history (Redeliver), button presses and the call log. Users,
// chats, commands, files and updates not yet delivered stay, and message ids go on where
// they were. A load test calls it once the bot is idle, so that the memory it measures next
// is the bot's rather than the fake's records.
func (s *Server) DropHistory() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.chats {
		c.base += len(c.messages)
		c.messages, c.events = nil, nil
	}
	s.updates.history = map[int]*queuedUpdate{}
	for _, u := range s.updates.pending {
		s.updates.history[u.id] = u
	}
	s.callbacks, s.callbackOrder = map[string]*callbackState{}, nil
	s.calls = nil
	s.notifyLocked()
}
