package state

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// Store holds per-user settings and conversation sessions.
type Store struct {
	rdb  redis.UniversalClient
	keys Keys
}

// NewStore returns a store over rdb.
func NewStore(rdb redis.UniversalClient, keys Keys) *Store { return &Store{rdb: rdb, keys: keys} }

// Ping checks that Redis answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.rdb.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("ping redis: %w", err)
	}
	return nil
}

// Language returns the language a user chose with /lang, or "" when they never chose.
func (s *Store) Language(ctx context.Context, userID int64) (string, error) {
	lang, err := s.rdb.HGet(ctx, s.keys.User(userID), "lang").Result()
	if errors.Is(err, redis.Nil) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("load language of user %d: %w", userID, err)
	}
	return lang, nil
}

// SetLanguage records a user's language.
func (s *Store) SetLanguage(ctx context.Context, userID int64, lang string) error {
	if err := s.rdb.HSet(ctx, s.keys.User(userID), "lang", lang).Err(); err != nil {
		return fmt.Errorf("save language of user %d: %w", userID, err)
	}
	return nil
}

// MarkInactive records that the bot can no longer reach a chat (the user blocked it or
// deleted their account), so that nothing keeps retrying messages to it.
func (s *Store) MarkInactive(ctx context.Context, chatID int64, reason string) error {
	err := s.rdb.HSet(ctx, s.keys.User(chatID), "inactive", reason, "inactive_at", time.Now().Unix()).Err()
	if err != nil {
		return fmt.Errorf("mark chat %d inactive: %w", chatID, err)
	}
	return nil
}

// MarkActive clears the inactive mark: the user wrote to the bot again.
func (s *Store) MarkActive(ctx context.Context, userID int64) error {
	if err := s.rdb.HDel(ctx, s.keys.User(userID), "inactive", "inactive_at").Err(); err != nil {
		return fmt.Errorf("mark user %d active: %w", userID, err)
	}
	return nil
}

// Inactive tells whether the bot has been blocked by the user, and why.
func (s *Store) Inactive(ctx context.Context, chatID int64) (string, error) {
	reason, err := s.rdb.HGet(ctx, s.keys.User(chatID), "inactive").Result()
	if errors.Is(err, redis.Nil) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("load inactive mark of chat %d: %w", chatID, err)
	}
	return reason, nil
}

// Session returns the raw state of a user's conversation in a chat, or nil when none.
func (s *Store) Session(ctx context.Context, chatID, userID int64) ([]byte, error) {
	b, err := s.rdb.Get(ctx, s.keys.Session(chatID, userID)).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load session %d/%d: %w", chatID, userID, err)
	}
	return b, nil
}

// SaveSession stores a conversation's state; it ends by itself after ttl of silence.
func (s *Store) SaveSession(ctx context.Context, chatID, userID int64, data []byte, ttl time.Duration) error {
	if err := s.rdb.Set(ctx, s.keys.Session(chatID, userID), data, ttl).Err(); err != nil {
		return fmt.Errorf("save session %d/%d: %w", chatID, userID, err)
	}
	return nil
}

// DeleteSession ends a conversation and reports whether there was one.
func (s *Store) DeleteSession(ctx context.Context, chatID, userID int64) (bool, error) {
	n, err := s.rdb.Del(ctx, s.keys.Session(chatID, userID)).Result()
	if err != nil {
		return false, fmt.Errorf("delete session %d/%d: %w", chatID, userID, err)
	}
	return n > 0, nil
}
