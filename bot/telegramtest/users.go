package telegramtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"strconv"
	"strings"
	"unicode/utf8"
)

// User is a Telegram user talking to the bot in a private chat whose id is
// the user's id. It is a handle: its state lives in the Server.
type User struct {
	s  *Server
	id int64
}

// Group is a group chat (type "group", negative id) the bot is a member of.
type Group struct {
	s  *Server
	id int64
}

// CallbackAnswer is one button press by a user and the bot's answer to it.
type CallbackAnswer struct {
	QueryID   string `json:"query_id"`
	MessageID int    `json:"message_id"`
	Data      string `json:"data"`
	Answered  bool   `json:"answered"`
	Text      string `json:"text,omitempty"`
	ShowAlert bool   `json:"show_alert,omitempty"`
	URL       string `json:"url,omitempty"`
}

// userState is a user and their private chat's bookkeeping. Guarded by Server.mu.
type userState struct {
	wire    wireUser
	blocked bool
	// cursor is the event sequence number at the user's last action, so that
	// WaitReply looks only at what the bot did after it.
	cursor int
}

// callbackState is a callback query and its answer. Guarded by Server.mu.
type callbackState struct {
	userID int64
	chatID int64
	answer CallbackAnswer
}

// NewUser adds a user who has started the bot, with a private chat of the same
// id, or returns the existing one. The id must be positive.
func (s *Server) NewUser(id int64, firstName string) *User {
	if id <= 0 {
		panic(fmt.Sprintf("telegramtest: user id must be positive, got %d", id))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.users[id]; !ok {
		s.users[id] = &userState{wire: wireUser{ID: id, FirstName: firstName}}
		s.chats[id] = &chatState{wire: wireChat{ID: id, Type: "private", FirstName: firstName}, userID: id}
		s.notifyLocked()
	}
	return &User{s: s, id: id}
}

// User returns the user with this id, if NewUser made one.
func (s *Server) User(id int64) (*User, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.users[id]; !ok {
		return nil, false
	}
	return &User{s: s, id: id}, true
}

// NewGroup adds a group chat, or returns the existing one. Group ids are
// negative; a positive id is negated.
func (s *Server) NewGroup(id int64, title string) *Group {
	if id > 0 {
		id = -id
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.chats[id]; !ok {
		s.chats[id] = &chatState{wire: wireChat{ID: id, Type: "group", Title: title}}
		s.notifyLocked()
	}
	return &Group{s: s, id: id}
}

// ID is the group's chat id (negative).
func (g *Group) ID() int64 { return g.id }

// Replies returns the bot's messages in the group, in order, as they are now.
func (g *Group) Replies() []Message {
	g.s.mu.Lock()
	defer g.s.mu.Unlock()
	return g.s.chats[g.id].botMessages()
}

// Messages returns every message in the group, the users' and the bot's, in order, as
// they are now.
func (g *Group) Messages() []Message {
	g.s.mu.Lock()
	defer g.s.mu.Unlock()
	return g.s.chats[g.id].allMessages()
}

// ID is the user's id, which is also their private chat's id.
func (u *User) ID() int64 { return u.id }

// SetUsername sets the user's @username (without "@").
func (u *User) SetUsername(username string) *User {
	u.update(func(st *userState, chat *chatState) {
		st.wire.Username, chat.wire.Username = username, username
	})
	return u
}

// SetLanguageCode sets the user's language_code, like "zh" or "en".
func (u *User) SetLanguageCode(code string) *User {
	u.update(func(st *userState, _ *chatState) { st.wire.LanguageCode = code })
	return u
}

func (u *User) update(f func(*userState, *chatState)) {
	u.s.mu.Lock()
	defer u.s.mu.Unlock()
	f(u.s.users[u.id], u.s.chats[u.id])
	u.s.notifyLocked()
}

// Block makes the user block the bot: the bot gets a my_chat_member update
// and every message to the user fails with 403 "bot was blocked by the user".
func (u *User) Block() { u.setBlocked(true, "member", "kicked") }

// Unblock undoes Block, with the my_chat_member update Telegram sends.
func (u *User) Unblock() { u.setBlocked(false, "kicked", "member") }

func (u *User) setBlocked(blocked bool, oldStatus, newStatus string) {
	s := u.s
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.users[u.id]
	if st.blocked == blocked {
		return
	}
	st.blocked = blocked
	bot := s.botWire()
	s.enqueueLocked("my_chat_member", wireChatMemberUpdated{
		Chat: s.chats[u.id].wire, From: st.wire, Date: s.now().Unix(),
		OldChatMember: wireChatMember{User: bot, Status: oldStatus},
		NewChatMember: wireChatMember{User: bot, Status: newStatus},
	})
}

func (s *Server) botWire() wireUser {
	return wireUser{ID: s.botID, IsBot: true, FirstName: s.opts.BotName, Username: s.opts.BotUsername}
}

// Send sends a text message from the user in their private chat and returns
// the update_id of the resulting update (0 if allowed_updates filtered it).
// A text starting with a command ("/start payload") carries the bot_command
// entity Telegram adds, which tgbotapi's Message.Command needs.
func (u *User) Send(text string) int {
	return u.post(u.id, &message{kind: "text", body: userText(text)})
}

// SendIn sends a text message from the user in a group.
func (u *User) SendIn(g *Group, text string) int {
	return u.post(g.id, &message{kind: "text", body: userText(text)})
}

// SendSticker sends a sticker, which a text-minded bot must cope with.
func (u *User) SendSticker() int {
	return u.post(u.id, &message{kind: "sticker", file: u.s.storeUserFile("sticker", "sticker.webp", stickerBytes())})
}

// SendPhoto sends a small photo.
func (u *User) SendPhoto() int {
	return u.post(u.id, &message{kind: "photo", file: u.s.storeUserFile("photo", "photo.png", tinyPNG())})
}

// SendDocument sends a file.
func (u *User) SendDocument(name string, data []byte) int {
	return u.post(u.id, &message{kind: "document", file: u.s.storeUserFile("document", name, data)})
}

// Attachment is a photo or a file a user sends, with an optional caption.
type Attachment struct {
	// Photo sends the data as a photo (it must be a PNG, JPEG or GIF image) rather than
	// as a document.
	Photo   bool
	Name    string // the file's name
	Data    []byte
	Caption string
}

// SendAttachment sends a photo or a document from the user in their private chat and
// returns the update_id. It refuses what a Telegram client would not send: an empty file,
// a photo that is no image or too big, a caption over 1024 characters.
func (u *User) SendAttachment(a Attachment) (int, error) {
	f, err := attachmentFile(a)
	if err != nil {
		return 0, err
	}
	f = u.s.storeFile(f)
	return u.post(u.id, &message{kind: f.kind, file: f, body: formatted{text: a.Caption}}), nil
}

func attachmentFile(a Attachment) (*storedFile, error) {
	switch {
	case len(a.Data) == 0:
		return nil, errors.New("telegramtest: the file is empty")
	case utf8.RuneCountInString(a.Caption) > maxCaptionLength:
		return nil, fmt.Errorf("telegramtest: a caption has at most %d characters", maxCaptionLength)
	case !a.Photo && len(a.Data) > maxDocumentBytes:
		return nil, fmt.Errorf("telegramtest: a file has at most %d bytes", maxDocumentBytes)
	case !a.Photo:
		return &storedFile{kind: "document", name: a.Name, data: a.Data, mime: mimeType(a.Name, &upload{name: a.Name, data: a.Data})}, nil
	case len(a.Data) > maxPhotoBytes:
		return nil, fmt.Errorf("telegramtest: a photo has at most %d bytes", maxPhotoBytes)
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(a.Data))
	if err != nil {
		return nil, fmt.Errorf("telegramtest: a photo must be a PNG, JPEG or GIF image: %w", err)
	}
	// Telegram keeps photos as JPEG whatever was sent.
	return &storedFile{kind: "photo", name: a.Name, data: a.Data, mime: "image/jpeg", width: cfg.Width, height: cfg.Height}, nil
}

func (u *User) post(chatID int64, m *message) int {
	s := u.s
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.users[u.id]
	m.from = st.wire
	s.chats[chatID].add(m, s.now())
	st.cursor = s.eventSeq
	return s.enqueueLocked("message", m.wire())
}

func userText(text string) formatted {
	f := formatted{text: text}
	if n := commandLength(text); n > 0 {
		f.entities = []wireEntity{{Type: "bot_command", Offset: 0, Length: n}}
	}
	return f
}

// commandLength is the length of the bot_command Telegram marks at the start
// of a text: "/" and up to 32 of [A-Za-z0-9_], optionally "@botusername".
// The command is ASCII, so bytes and UTF-16 units agree.
func commandLength(text string) int {
	if !strings.HasPrefix(text, "/") {
		return 0
	}
	i := 1 + wordLength(text[1:], 32)
	if i == 1 {
		return 0
	}
	if strings.HasPrefix(text[i:], "@") {
		if n := wordLength(text[i+1:], 32); n >= 3 {
			i += 1 + n
		}
	}
	return i
}

func wordLength(s string, limit int) int {
	n := 0
	for n < len(s) && n < limit && isCommandByte(s[n]) {
		n++
	}
	return n
}

func isCommandByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// Click presses the inline button with this text on the newest bot message in
// the user's private chat that has one, and enqueues the callback_query
// update. It returns the callback query id.
func (u *User) Click(buttonText string) (string, error) {
	return u.clickIn(u.id, buttonText)
}

// ClickIn presses an inline button in a group.
func (u *User) ClickIn(g *Group, buttonText string) (string, error) {
	return u.clickIn(g.id, buttonText)
}

func (u *User) clickIn(chatID int64, buttonText string) (string, error) {
	s := u.s
	s.mu.Lock()
	defer s.mu.Unlock()
	chat := s.chats[chatID]
	m, b := findButton(chat, buttonText)
	switch {
	case m == nil:
		return "", fmt.Errorf("telegramtest: no button %q in chat %d; buttons: %s", buttonText, chatID, availableButtons(chat))
	case b.CallbackData == nil:
		return "", fmt.Errorf("telegramtest: button %q on message %d sends no callback (url %q)", buttonText, m.id, deref(b.URL))
	}
	return s.clickLocked(u.id, m, *b.CallbackData), nil
}

// ClickData forges a callback query on a bot message in the user's private
// chat with any data, as a modified client could.
func (u *User) ClickData(messageID int, data string) (string, error) {
	s := u.s
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.chats[u.id].live(messageID)
	if m == nil || !m.fromBot {
		return "", fmt.Errorf("telegramtest: no bot message %d in chat %d", messageID, u.id)
	}
	return s.clickLocked(u.id, m, data), nil
}

// ClickDataIn presses a button on a bot message in a group with any data.
func (u *User) ClickDataIn(g *Group, messageID int, data string) (string, error) {
	s := u.s
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.chats[g.id].live(messageID)
	if m == nil || !m.fromBot {
		return "", fmt.Errorf("telegramtest: no bot message %d in chat %d", messageID, g.id)
	}
	return s.clickLocked(u.id, m, data), nil
}

// Group returns the group with this id, if NewGroup made one.
func (s *Server) Group(id int64) (*Group, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.chats[id]; c == nil || !c.isGroup() {
		return nil, false
	}
	return &Group{s: s, id: id}, true
}

func findButton(chat *chatState, text string) (*message, *inlineButton) {
	for i := len(chat.messages) - 1; i >= 0; i-- {
		m := chat.messages[i]
		if !m.fromBot || m.deleted || !m.markup.isInline() {
			continue
		}
		for _, row := range m.markup.inline {
			for j := range row {
				if row[j].Text == text {
					return m, &row[j]
				}
			}
		}
	}
	return nil, nil
}

func availableButtons(chat *chatState) string {
	var parts []string
	for i := len(chat.messages) - 1; i >= 0; i-- {
		m := chat.messages[i]
		if !m.fromBot || m.deleted || !m.markup.isInline() {
			continue
		}
		var texts []string
		for _, row := range m.markup.inline {
			for _, b := range row {
				texts = append(texts, "["+b.Text+"]")
			}
		}
		parts = append(parts, fmt.Sprintf("message %d: %s", m.id, strings.Join(texts, " ")))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, "; ")
}

func (s *Server) clickLocked(userID int64, m *message, data string) string {
	s.nextQuery++
	id := strconv.FormatInt(s.botID%100000, 10) + fmt.Sprintf("%012d", s.nextQuery)
	st := s.users[userID]
	s.callbacks[id] = &callbackState{userID: userID, chatID: m.chat.wire.ID,
		answer: CallbackAnswer{QueryID: id, MessageID: m.id, Data: data}}
	s.callbackOrder = append(s.callbackOrder, id)
	st.cursor = s.eventSeq
	s.enqueueLocked("callback_query", wireCallbackQuery{
		ID: id, From: st.wire, Message: m.wire(), ChatInstance: chatInstance(m.chat.wire.ID), Data: data,
	})
	return id
}

// CallbackAnswers lists the user's button presses in order, with the bot's
// answers; Answered is false for presses the bot has not answered.
func (u *User) CallbackAnswers() []CallbackAnswer {
	s := u.s
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []CallbackAnswer{}
	for _, id := range s.callbackOrder {
		if cb := s.callbacks[id]; cb.userID == u.id {
			out = append(out, cb.answer)
		}
	}
	return out
}

// Messages returns every message in the user's private chat, theirs and the bot's, in
// order, as they are now (after edits; deleted ones flagged).
func (u *User) Messages() []Message {
	u.s.mu.Lock()
	defer u.s.mu.Unlock()
	return u.s.chats[u.id].allMessages()
}

// Replies returns the bot's messages in the user's private chat, in order,
// as they are now (after edits; deleted ones flagged).
func (u *User) Replies() []Message {
	u.s.mu.Lock()
	defer u.s.mu.Unlock()
	return u.s.chats[u.id].botMessages()
}

// BotEvents returns the bot's messages in the private chat as they were sent,
// edited or deleted after the event number after, and the number to pass next
// time. BotEvents(0) returns everything; it is how a chat view follows along.
func (u *User) BotEvents(after int) ([]Message, int) {
	u.s.mu.Lock()
	defer u.s.mu.Unlock()
	var out []Message
	for _, e := range u.s.chats[u.id].events {
		if e.seq > after {
			out = append(out, e.msg)
		}
	}
	return out, u.s.eventSeq
}

// WaitReply waits until a bot message sent or edited in the private chat since
// the user's last Send or Click (or since the user was made) matches, and
// returns it as it was then. A nil match takes any message. It wakes only for
// events in the user's own chat, so thousands of users can wait at once.
func (u *User) WaitReply(ctx context.Context, match func(Message) bool) (Message, error) {
	s := u.s
	s.mu.Lock()
	seen := s.users[u.id].cursor
	s.mu.Unlock()
	for {
		s.mu.Lock()
		chat := s.chats[u.id]
		changed := chat.changes()
		var fresh []Message
		for _, e := range chat.events {
			if e.seq > seen {
				fresh = append(fresh, e.msg)
				seen = e.seq
			}
		}
		s.mu.Unlock()
		for _, m := range fresh { // match runs unlocked: it may call the server
			if !m.Deleted && (match == nil || match(m)) {
				return m, nil
			}
		}
		var err error
		select {
		case <-changed:
			continue
		case <-ctx.Done():
			err = ctx.Err()
		case <-s.done:
			err = ErrClosed
		}
		return Message{}, fmt.Errorf("telegramtest: no matching reply to user %d: %w; bot messages now: %s", u.id, err, summarize(u.Replies()))
	}
}

func summarize(msgs []Message) string {
	if len(msgs) == 0 {
		return "none"
	}
	var parts []string
	for _, m := range msgs {
		parts = append(parts, fmt.Sprintf("#%d %q", m.ID, m.Text))
	}
	return strings.Join(parts, ", ")
}
