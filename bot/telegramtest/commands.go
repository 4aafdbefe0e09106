package telegramtest

import (
	"context"
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// Telegram's limits for setMyCommands.
const (
	maxCommands          = 100
	maxCommandLength     = 32
	maxCommandDescLength = 256
)

// Command is one entry of the bot's command menu.
type Command struct {
	Command     string `json:"command"`
	Description string `json:"description"`
}

// CommandScope is a BotCommandScope; the zero value is the default scope.
type CommandScope struct {
	Type   string `json:"type"`
	ChatID int64  `json:"chat_id,omitempty"`
	UserID int64  `json:"user_id,omitempty"`
}

// Commands returns the commands set for exactly this scope and language code
// ("" for all languages), as getMyCommands would.
func (s *Server) Commands(scope CommandScope, languageCode string) []Command {
	if scope.Type == "" {
		scope.Type = "default"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Command{}, s.commands[commandsKey(scope, languageCode)]...)
}

func commandsKey(scope CommandScope, lang string) string {
	return fmt.Sprintf("%s/%d/%d/%s", scope.Type, scope.ChatID, scope.UserID, lang)
}

func (s *Server) setMyCommands(_ context.Context, req *apiRequest) (any, *apiError) {
	key, err := commandsTarget(req)
	if err != nil {
		return nil, err
	}
	var commands []Command
	if json.Unmarshal([]byte(req.get("commands")), &commands) != nil {
		return nil, badRequest("can't parse commands JSON object")
	}
	if err := checkCommands(commands); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(commands) == 0 {
		delete(s.commands, key)
	} else {
		s.commands[key] = commands
	}
	s.notifyLocked()
	return true, nil
}

func checkCommands(commands []Command) *apiError {
	if len(commands) > maxCommands {
		return badRequest("BOT_COMMANDS_TOO_MUCH")
	}
	for _, c := range commands {
		if !validCommand(c.Command) {
			return badRequest("BOT_COMMAND_INVALID")
		}
		if n := utf8.RuneCountInString(c.Description); n < 1 || n > maxCommandDescLength {
			return badRequest("BOT_COMMAND_DESCRIPTION_INVALID")
		}
	}
	return nil
}

// validCommand: 1-32 of lowercase English letters, digits and underscores.
func validCommand(c string) bool {
	if len(c) < 1 || len(c) > maxCommandLength {
		return false
	}
	for i := 0; i < len(c); i++ {
		if !(c[i] == '_' || c[i] >= '0' && c[i] <= '9' || c[i] >= 'a' && c[i] <= 'z') {
			return false
		}
	}
	return true
}

func (s *Server) getMyCommands(_ context.Context, req *apiRequest) (any, *apiError) {
	key, err := commandsTarget(req)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Command{}, s.commands[key]...), nil
}

func (s *Server) deleteMyCommands(_ context.Context, req *apiRequest) (any, *apiError) {
	key, err := commandsTarget(req)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.commands, key)
	s.notifyLocked()
	return true, nil
}

// commandsTarget reads scope and language_code into the key commands are stored under.
func commandsTarget(req *apiRequest) (string, *apiError) {
	scope := CommandScope{Type: "default"}
	if raw := req.get("scope"); raw != "" {
		if json.Unmarshal([]byte(raw), &scope) != nil {
			return "", badRequest("can't parse BotCommandScope JSON object")
		}
		if err := checkScope(scope); err != nil {
			return "", err
		}
	}
	lang := req.get("language_code")
	if !validLanguageCode(lang) {
		return "", badRequest("invalid language code specified")
	}
	return commandsKey(scope, lang), nil
}

func checkScope(scope CommandScope) *apiError {
	switch scope.Type {
	case "default", "all_private_chats", "all_group_chats", "all_chat_administrators":
		return nil
	case "chat", "chat_administrators":
		if scope.ChatID == 0 {
			return badRequest("chat_id is empty")
		}
		return nil
	case "chat_member":
		if scope.ChatID == 0 || scope.UserID == 0 {
			return badRequest("chat_id and user_id must be specified")
		}
		return nil
	}
	return badRequest("unsupported bot command scope type " + scope.Type)
}

// validLanguageCode: empty or a two-letter ISO 639-1 code.
func validLanguageCode(code string) bool {
	return code == "" || len(code) == 2 && code[0] >= 'a' && code[0] <= 'z' && code[1] >= 'a' && code[1] <= 'z'
}

// Menu is the command menu a user sees in a chat, found as Telegram finds it: the narrowest
// scope that has commands, each first in the user's language and then for all languages.
// In a private chat: chat, all_private_chats, default; in a group: chat_member, chat,
// all_group_chats, default (the fake has no group administrators, so their scopes are
// never consulted).
func (s *Server) Menu(chatID, userID int64) []Command {
	s.mu.Lock()
	defer s.mu.Unlock()
	lang := ""
	if u := s.users[userID]; u != nil {
		lang = u.wire.LanguageCode
	}
	var scopes []CommandScope
	if chat := s.chats[chatID]; chat != nil && chat.isGroup() {
		scopes = []CommandScope{{Type: "chat_member", ChatID: chatID, UserID: userID}, {Type: "chat", ChatID: chatID}, {Type: "all_group_chats"}}
	} else {
		scopes = []CommandScope{{Type: "chat", ChatID: chatID}, {Type: "all_private_chats"}}
	}
	for _, scope := range append(scopes, CommandScope{Type: "default"}) {
		for _, l := range []string{lang, ""} {
			if list := s.commands[commandsKey(scope, l)]; len(list) > 0 {
				return append([]Command{}, list...)
			}
		}
	}
	return []Command{}
}
