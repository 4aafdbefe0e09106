package state

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"orglife"
)

// Store holds per-user settings and conversation sessions.
type Store struct {
	rdb      redis.UniversalClient
	keys     Keys
	claimLua *redis.Script
	clock    orglife.Clock
}

// NewStore returns a store over rdb.
func NewStore(rdb redis.UniversalClient, keys Keys) *Store {
	return &Store{rdb: rdb, keys: keys, clock: orglife.SystemClock{}, claimLua: redis.NewScript(`
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not score or tonumber(score) > tonumber(ARGV[2]) then return false end
redis.call('ZREM', KEYS[1], ARGV[1])
local data = redis.call('GET', KEYS[2])
redis.call('DEL', KEYS[2])
return data or ''`)}
}

// WithClock makes the store date a conversation's idleness by clock, the clock whose time the
// app hands to ClaimIdle, so that the two agree when that clock is moved (tests, the sandbox).
func (s *Store) WithClock(clock orglife.Clock) *Store {
	s.clock = clock
	return s
}

// Ping checks that Redis answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.rdb.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("ping redis: %w", err)
	}
	return nil
}

// Language returns the language a user chose with /lang, or "" when they never chose.
func (s *Store) Language(ctx context.Context, u *Unit, userID int64) (string, error) {
	if lang, ok := u.lang(userID); ok {
		return lang, nil
	}
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
func (s *Store) SetLanguage(ctx context.Context, u *Unit, userID int64, lang string) error {
	u.dropUser(userID, true, false)
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
func (s *Store) Session(ctx context.Context, u *Unit, chatID, userID int64) ([]byte, error) {
	if w := u.behind(); w != nil {
		if b, ok := w.get(s.keys.Session(chatID, userID)); ok {
			return b, nil
		}
	}
	if b, ok := u.session(chatID, userID); ok {
		return b, nil
	}
	b, err := s.rdb.Get(ctx, s.keys.Session(chatID, userID)).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load session %d/%d: %w", chatID, userID, err)
	}
	return b, nil
}

// SaveSession stores a conversation's state; the idle sweep ends it once idle for ttl.
// The key itself outlives ttl by a day, as a backstop should no sweep run. Under a
// unit of work (Unit) the write waits for the update's ack.
func (s *Store) SaveSession(ctx context.Context, u *Unit, chatID, userID int64, data []byte, ttl time.Duration) error {
	u.dropUser(userID, false, true)
	write := sessionWrite{ref: sessionRef(chatID, userID), data: data, ttl: ttl, score: float64(s.clock.Now().Add(ttl).Unix())}
	if w := u.behind(); w != nil {
		w.put(s.keys.Session(chatID, userID), write)
		return nil
	}
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		queueWrites(ctx, p, s.keys, map[string]sessionWrite{s.keys.Session(chatID, userID): write})
		return nil
	})
	if err != nil {
		return fmt.Errorf("save session %d/%d: %w", chatID, userID, err)
	}
	return nil
}

func sessionRef(chatID, userID int64) string { return fmt.Sprintf("%d:%d", chatID, userID) }

// IdleSession is a conversation that fell idle, taken out of the store by ClaimIdle.
type IdleSession struct {
	ChatID, UserID int64
	Data           []byte
}

// ClaimIdle removes and returns up to limit sessions idle since before now. Each is
// returned to one caller only, so several instances can sweep at once.
func (s *Store) ClaimIdle(ctx context.Context, now time.Time, limit int) ([]IdleSession, error) {
	refs, err := s.rdb.ZRangeArgs(ctx, redis.ZRangeArgs{Key: s.keys.SessionsIdle(), Start: "-inf",
		Stop: strconv.FormatInt(now.Unix(), 10), ByScore: true, Count: int64(limit)}).Result()
	if err != nil {
		return nil, fmt.Errorf("list idle sessions: %w", err)
	}
	var out []IdleSession
	for _, ref := range refs {
		var chatID, userID int64
		if _, err := fmt.Sscanf(ref, "%d:%d", &chatID, &userID); err != nil {
			s.rdb.ZRem(ctx, s.keys.SessionsIdle(), ref)
			continue
		}
		res, err := s.claimLua.Run(ctx, s.rdb, []string{s.keys.SessionsIdle(), s.keys.Session(chatID, userID)},
			ref, now.Unix()).Result()
		if errors.Is(err, redis.Nil) {
			continue // another instance took it, or it was active again
		}
		if err != nil {
			return out, fmt.Errorf("claim idle session %s: %w", ref, err)
		}
		data, _ := res.(string)
		out = append(out, IdleSession{ChatID: chatID, UserID: userID, Data: []byte(data)})
	}
	return out, nil
}

// DeleteSession ends a conversation. Under a unit of work (Unit) the
// delete waits for the update's ack.
func (s *Store) DeleteSession(ctx context.Context, u *Unit, chatID, userID int64) error {
	u.dropUser(userID, false, true)
	del := sessionWrite{ref: sessionRef(chatID, userID), deleted: true}
	if w := u.behind(); w != nil {
		w.put(s.keys.Session(chatID, userID), del)
		return nil
	}
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		queueWrites(ctx, p, s.keys, map[string]sessionWrite{s.keys.Session(chatID, userID): del})
		return nil
	})
	if err != nil {
		return fmt.Errorf("delete session %d/%d: %w", chatID, userID, err)
	}
	return nil
}
