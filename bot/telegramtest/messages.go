package telegramtest

import (
	"context"
	"slices"
	"time"
	"unicode/utf8"
)

// maxCallbackAnswer is Telegram's limit for answerCallbackQuery's text, in characters.
const maxCallbackAnswer = 200

func (s *Server) sendMessage(_ context.Context, req *apiRequest) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	chat, m, err := s.newBotMessageLocked(req, "text")
	if err != nil {
		return nil, err
	}
	if err := m.setBody(req, "text", "entities", messageText()); err != nil {
		return nil, err
	}
	return wireResult(s.deliverLocked(chat, m))
}

// sendOther makes the message of a send method the fake does not model
// (sendLocation, sendSticker, ...) so that its result decodes as a Message.
func (s *Server) sendOther(req *apiRequest) (*wireMessage, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	chat, m, err := s.newBotMessageLocked(req, req.method)
	if err != nil {
		return nil, err
	}
	if err := m.setBody(req, "caption", "caption_entities", messageCaption()); err != nil {
		return nil, err
	}
	return s.deliverLocked(chat, m)
}

// newBotMessageLocked checks what every send method shares: the chat (which
// must exist and not have blocked the bot), reply_to_message_id and reply_markup.
func (s *Server) newBotMessageLocked(req *apiRequest, kind string) (*chatState, *message, *apiError) {
	chat, err := s.targetChatLocked(req)
	if err != nil {
		return nil, nil, err
	}
	m := &message{from: s.botWire(), fromBot: true, kind: kind}
	if m.markup, err = parseMarkup(req.get("reply_markup")); err != nil {
		return nil, nil, err
	}
	if id := req.intParam("reply_to_message_id", 0); id != 0 {
		m.replyTo = chat.live(id)
		if m.replyTo == nil && !req.boolParam("allow_sending_without_reply") {
			return nil, nil, badRequest("message to be replied not found")
		}
	}
	return chat, m, nil
}

func (s *Server) targetChatLocked(req *apiRequest) (*chatState, *apiError) {
	chat, err := s.resolveChatLocked(req)
	if err != nil {
		return nil, err
	}
	if !chat.isGroup() && s.users[chat.userID].blocked {
		return nil, forbidden("bot was blocked by the user")
	}
	return chat, nil
}

// setBody parses the text (or caption) parameter into the message.
func (m *message) setBody(req *apiRequest, textParam, entitiesParam string, kind textKind) *apiError {
	body, err := formatText(req.get(textParam), req.get("parse_mode"), req.get(entitiesParam), kind)
	if err != nil {
		return err
	}
	m.raw, m.parseMode, m.body = req.get(textParam), req.get("parse_mode"), body
	return nil
}

// wireResult keeps a nil *wireMessage from becoming a non-nil result.
func wireResult(m *wireMessage, err *apiError) (any, *apiError) {
	if err != nil {
		return nil, err
	}
	return m, nil
}

// deliverLocked applies the flood limits and puts the message in the chat.
func (s *Server) deliverLocked(chat *chatState, m *message) (*wireMessage, *apiError) {
	if s.opts.EnforceLimits {
		if wait := s.limiter.admit(chat.wire.ID, chat.isGroup(), time.Now()); wait > 0 {
			return nil, tooManyRequests(wait)
		}
	}
	chat.add(m, s.now())
	s.recordEventLocked(m)
	return m.wire(), nil
}

func (s *Server) editMessageText(_ context.Context, req *apiRequest) (any, *apiError) {
	return s.editBody(req, "text", "entities", messageText())
}

func (s *Server) editMessageCaption(_ context.Context, req *apiRequest) (any, *apiError) {
	return s.editBody(req, "caption", "caption_entities", messageCaption())
}

// editBody edits a text or a caption together with the inline keyboard: as
// on Telegram, leaving reply_markup out removes the keyboard.
func (s *Server) editBody(req *apiRequest, textParam, entitiesParam string, kind textKind) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.editTargetLocked(req)
	if err != nil {
		return nil, err
	}
	if (m.kind == "text") != (textParam == "text") {
		return nil, badRequest("there is no " + textParam + " in the message to edit")
	}
	edited := *m
	if err := edited.setBody(req, textParam, entitiesParam, kind); err != nil {
		return nil, err
	}
	if edited.markup, err = parseEditMarkup(req); err != nil {
		return nil, err
	}
	if sameBody(m.body, edited.body) && sameMarkup(m.markup, edited.markup) {
		return nil, errNotModified()
	}
	m.raw, m.parseMode, m.body, m.markup = edited.raw, edited.parseMode, edited.body, edited.markup
	return s.editedLocked(m), nil
}

func (s *Server) editMessageReplyMarkup(_ context.Context, req *apiRequest) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.editTargetLocked(req)
	if err != nil {
		return nil, err
	}
	mk, err := parseEditMarkup(req)
	if err != nil {
		return nil, err
	}
	if sameMarkup(m.markup, mk) {
		return nil, errNotModified()
	}
	m.markup = mk
	return s.editedLocked(m), nil
}

func (s *Server) editedLocked(m *message) *wireMessage {
	m.edits++
	m.editDate = s.now()
	s.recordEventLocked(m)
	return m.wire()
}

func errNotModified() *apiError {
	return badRequest("message is not modified: specified new message content and reply markup are exactly the same " +
		"as a current content and reply markup of the message")
}

func sameBody(a, b formatted) bool {
	return a.text == b.text && slices.Equal(a.entities, b.entities)
}

// parseEditMarkup accepts only inline keyboards, the only markup a message
// can be edited to.
func parseEditMarkup(req *apiRequest) (*markup, *apiError) {
	mk, err := parseMarkup(req.get("reply_markup"))
	if err != nil {
		return nil, err
	}
	if mk != nil && !mk.isInline() {
		return nil, badRequest("inline keyboard expected")
	}
	return mk, nil
}

// editTargetLocked finds the bot message an edit method names.
func (s *Server) editTargetLocked(req *apiRequest) (*message, *apiError) {
	if req.has("inline_message_id") {
		// The fake has no inline mode, so no inline message can exist.
		return nil, badRequest("MESSAGE_ID_INVALID")
	}
	chat, err := s.targetChatLocked(req)
	if err != nil {
		return nil, err
	}
	m := chat.live(req.intParam("message_id", 0))
	switch {
	case m == nil:
		return nil, badRequest("message to edit not found")
	case !m.fromBot:
		return nil, badRequest("message can't be edited")
	}
	return m, nil
}

func (s *Server) deleteMessage(_ context.Context, req *apiRequest) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	chat, err := s.resolveChatLocked(req)
	if err != nil {
		return nil, err
	}
	m := chat.live(req.intParam("message_id", 0))
	if m == nil {
		return nil, badRequest("message to delete not found")
	}
	m.deleted = true
	if m.fromBot {
		s.recordEventLocked(m)
	}
	s.notifyLocked()
	return true, nil
}

func (s *Server) answerCallbackQuery(_ context.Context, req *apiRequest) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cb := s.callbacks[req.get("callback_query_id")]
	if cb == nil || cb.answer.Answered {
		return nil, badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	if utf8.RuneCountInString(req.get("text")) > maxCallbackAnswer {
		return nil, badRequest("MESSAGE_TOO_LONG")
	}
	cb.answer.Answered = true
	cb.answer.Text, cb.answer.ShowAlert, cb.answer.URL = req.get("text"), req.boolParam("show_alert"), req.get("url")
	s.notifyLocked()
	return true, nil
}

func (s *Server) sendChatAction(_ context.Context, req *apiRequest) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.targetChatLocked(req); err != nil {
		return nil, err
	}
	switch req.get("action") {
	case "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
		"upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note":
		return true, nil
	}
	return nil, badRequest("wrong parameter action in request")
}

func (s *Server) getChat(_ context.Context, req *apiRequest) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	chat, err := s.resolveChatLocked(req)
	if err != nil {
		return nil, err
	}
	return chat.wire, nil
}
