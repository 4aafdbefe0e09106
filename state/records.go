package state

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"orglife"
)

// Records is the store of everything the bot collects: branches, members, invites,
// meetings and the records of their preparation. Records never expire.
//
// Layout. Every key of one branch carries the hash tag {b:<branchID>} (see Keys), so a
// Redis Cluster keeps a branch in one slot and every change that touches several of its keys
// runs as one MULTI/EXEC (optimistic, under WATCH) or one Lua script. Values are the JSON of
// the domain types.
//
// The per-user index (the branches a user belongs to, the branch they chose) lives outside
// the branch slot and is written after the branch: the branch's members hash is the truth
// and the index only a lookup aid. A crash between the two writes leaves the index behind;
// reads of the index check it against the members hash, and joining again repairs it.
type Records struct {
	rdb  redis.UniversalClient
	keys Keys

	addMemberLua    *redis.Script
	saveInviteLua   *redis.Script
	saveMeetingLua  *redis.Script
	savePointLua    *redis.Script
	saveEntryLua    *redis.Script
	replaceEntryLua *redis.Script
	saveManyLua     *redis.Script
	saveMinutesLua  *redis.Script
	markDoneLua     *redis.Script
	clearChosenLua  *redis.Script
	maxWatchRetries int
}

// Errors the store returns, wrapped with context; test them with errors.Is. A missing
// branch, meeting, record or invite is orglife.ErrNotFound.
var (
	// ErrExists is returned when creating a branch or meeting whose id is taken.
	ErrExists = errors.New("already exists")
	// ErrNotMember is returned when a user is not a member of the branch.
	ErrNotMember = errors.New("not a member of the branch")
	// ErrSecretaryRole is returned for a change that would remove the secretary, demote
	// them or make someone secretary other than by HandOver.
	ErrSecretaryRole = errors.New("the secretary changes only by hand-over")
	// ErrNotSecretary is returned when HandOver's from is not the branch's secretary.
	ErrNotSecretary = errors.New("not the secretary of the branch")
)

// NewRecords returns the records store over rdb.
func NewRecords(rdb redis.UniversalClient, keys Keys) *Records {
	return &Records{
		rdb: rdb, keys: keys, maxWatchRetries: 32,
		// KEYS: branch, members. ARGV: user id, member JSON.
		// -1: no such branch; 0: already a member (unchanged); 1: added.
		addMemberLua: redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
return redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2])`),
		// KEYS: branch, invite. ARGV: invite JSON. 0: no such branch.
		saveInviteLua: redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('SET', KEYS[2], ARGV[1])
return 1`),
		// KEYS: meetings. ARGV: meeting id, meeting JSON. 0: no such meeting.
		saveMeetingLua: redis.NewScript(`
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1`),
		// KEYS: meetings, points, point log. ARGV: meeting id, point id, point JSON, change JSON.
		savePointLua: redis.NewScript(`
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
if ARGV[5] == '1' and redis.call('HEXISTS', KEYS[2], ARGV[2]) == 1 then return 1 end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
redis.call('RPUSH', KEYS[3], ARGV[4])
return 1`),
		// KEYS: meetings, entries hash. ARGV: meeting id, entry id, entry JSON.
		saveEntryLua: redis.NewScript(`
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
return 1`),
		// KEYS: meetings, entries hash. ARGV: meeting id, entry id, entry JSON.
		// 0: no such meeting; -1: no such entry (a deleted one stays deleted); 1: replaced.
		replaceEntryLua: redis.NewScript(`
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
if redis.call('HEXISTS', KEYS[2], ARGV[2]) == 0 then return -1 end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
return 1`),
		// KEYS: meetings, entries hash, log list. ARGV: meeting id, the number of entries n,
		// n pairs of entry id and JSON, then log entries. 0: no such meeting; 1: saved.
		saveManyLua: redis.NewScript(`
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
local last = 2 + 2 * tonumber(ARGV[2])
for i = 3, last, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
for i = last + 1, #ARGV do redis.call('RPUSH', KEYS[3], ARGV[i]) end
return 1`),
		// KEYS: meetings, minutes. ARGV: meeting id, minutes JSON.
		saveMinutesLua: redis.NewScript(`
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('SET', KEYS[2], ARGV[2])
return 1`),
		// KEYS: meetings, members, done set. ARGV: meeting id, user id.
		// 0: no such meeting; -1: not a member; 1: marked.
		markDoneLua: redis.NewScript(`
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
if redis.call('HEXISTS', KEYS[2], ARGV[2]) == 0 then return -1 end
redis.call('SADD', KEYS[3], ARGV[2])
return 1`),
		// KEYS: chosen branch of a user. ARGV: branch id. Forgets the choice if it is that branch.
		clearChosenLua: redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`),
	}
}

// NewBranchID numbers a new branch from the global counter, in base 36.
func (r *Records) NewBranchID(ctx context.Context) (string, error) {
	n, err := r.rdb.Incr(ctx, r.keys.BranchSeq()).Result()
	if err != nil {
		return "", fmt.Errorf("new branch id: %w", err)
	}
	return strconv.FormatInt(n, 36), nil
}

// NextID numbers a new meeting or record of a branch from the branch's own counter, in
// base 36; ids are unique within the branch.
func (r *Records) NextID(ctx context.Context, branchID string) (string, error) {
	if !validBranchID(branchID) {
		return "", fmt.Errorf("next id of branch %q: %w", branchID, orglife.ErrNotFound)
	}
	n, err := r.rdb.Incr(ctx, r.keys.BranchIDSeq(branchID)).Result()
	if err != nil {
		return "", fmt.Errorf("next id of branch %s: %w", branchID, err)
	}
	return strconv.FormatInt(n, 36), nil
}

// NextIDFor is NextID drawn once for the update named by token (its chat and update id):
// the update handled again — after a crash, before its ack — gets the same id, so the
// record it saves replaces the one saved the first time instead of making a second. One
// round trip, where keeping the id in the session first (and then the record) took two.
func (r *Records) NextIDFor(ctx context.Context, branchID, token string) (string, error) {
	if !validBranchID(branchID) {
		return "", fmt.Errorf("next id of branch %q: %w", branchID, orglife.ErrNotFound)
	}
	n, err := drawIDLua.Run(ctx, r.rdb, []string{r.keys.BranchIDSeq(branchID), r.keys.IDDrawn(branchID, token)},
		int64(idDrawnTTL/time.Second)).Int64()
	if err != nil {
		return "", fmt.Errorf("next id of branch %s for %s: %w", branchID, token, err)
	}
	return strconv.FormatInt(n, 36), nil
}

// idDrawnTTL is how long an update's drawn id is kept: longer than an update can wait in
// its inbox to be handled again (updates.dedupe_ttl, 24h by default).
const idDrawnTTL = 72 * time.Hour

// drawIDLua returns the id drawn before for KEYS[2], else the next of the sequence KEYS[1],
// kept in KEYS[2] for ARGV[1] seconds.
var drawIDLua = redis.NewScript(`
local id = redis.call('GET', KEYS[2])
if id then return tonumber(id) end
id = redis.call('INCR', KEYS[1])
redis.call('SET', KEYS[2], id, 'EX', ARGV[1])
return id`)

// SaveDraft keeps a user's half-written answer of one kind, without expiry, so that it can
// be resumed; it replaces the previous draft of that kind.
func (r *Records) SaveDraft(ctx context.Context, userID int64, kind string, data []byte) error {
	if !validRecordID(kind) {
		return fmt.Errorf("save draft %q of user %d: bad kind", kind, userID)
	}
	if err := r.rdb.Set(ctx, r.keys.Draft(userID, kind), data, 0).Err(); err != nil {
		return fmt.Errorf("save draft %s of user %d: %w", kind, userID, err)
	}
	return nil
}

// Draft returns a user's draft of one kind, or nil when there is none.
func (r *Records) Draft(ctx context.Context, userID int64, kind string) ([]byte, error) {
	return r.DraftOf(ctx, nil, userID, kind)
}

// DraftOf is Draft, served from what was read ahead for the update into u (see Ahead.Draft)
// the first time it is asked for; u nil asks Redis.
func (r *Records) DraftOf(ctx context.Context, u *Unit, userID int64, kind string) ([]byte, error) {
	if !validRecordID(kind) {
		return nil, nil
	}
	if b, ok := u.draftOf(userID, kind); ok {
		return b, nil
	}
	b, err := r.rdb.Get(ctx, r.keys.Draft(userID, kind)).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load draft %s of user %d: %w", kind, userID, err)
	}
	return b, nil
}

// DeleteDraft drops a user's draft of one kind; dropping a missing draft is no error.
func (r *Records) DeleteDraft(ctx context.Context, userID int64, kind string) error {
	return r.DropDraft(ctx, nil, userID, kind)
}

// DropDraft is DeleteDraft; what was read ahead of the draft into u is forgotten first.
func (r *Records) DropDraft(ctx context.Context, u *Unit, userID int64, kind string) error {
	if !validRecordID(kind) {
		return nil
	}
	u.dropDraft(userID, kind)
	if err := r.rdb.Del(ctx, r.keys.Draft(userID, kind)).Err(); err != nil {
		return fmt.Errorf("delete draft %s of user %d: %w", kind, userID, err)
	}
	return nil
}

// watch runs fn under WATCH of keys (all in one slot) and retries when another client
// changed a watched key before fn's MULTI/EXEC ran. Retries wait a random while that grows
// with each try: clients that collided and retried at once would collide again, and under
// load one of them could lose every time.
func (r *Records) watch(ctx context.Context, fn func(tx *redis.Tx) error, keys ...string) error {
	for try := range r.maxWatchRetries {
		if try > 0 {
			t := time.NewTimer(watchPause(try-1, rand.Float64()))
			select {
			case <-ctx.Done():
				t.Stop()
				return ctx.Err()
			case <-t.C:
			}
		}
		if err := r.rdb.Watch(ctx, fn, keys...); !errors.Is(err, redis.TxFailedErr) {
			return err
		}
	}
	return fmt.Errorf("gave up after %d concurrent changes: %w", r.maxWatchRetries, redis.TxFailedErr)
}

// watchPause is the wait before retry try+1 of a transaction that collided, for a random
// fraction f in [0, 1): up to 100 µs after the first collision, doubling, at most 10 ms.
func watchPause(try int, f float64) time.Duration {
	ceiling := min(100*time.Microsecond<<min(try, 7), 10*time.Millisecond)
	return time.Duration(f * float64(ceiling))
}

// getJSON reads the JSON value at key into v; a missing key is orglife.ErrNotFound.
func getJSON(ctx context.Context, c redis.Cmdable, key string, v any) error {
	b, err := c.Get(ctx, key).Bytes()
	if errors.Is(err, redis.Nil) {
		return orglife.ErrNotFound
	}
	if err != nil {
		return err
	}
	return decode(b, v)
}

// hgetJSON reads the JSON value in field of hash key into v; a missing field is orglife.ErrNotFound.
func hgetJSON(ctx context.Context, c redis.Cmdable, key, field string, v any) error {
	b, err := c.HGet(ctx, key, field).Bytes()
	if errors.Is(err, redis.Nil) {
		return orglife.ErrNotFound
	}
	if err != nil {
		return err
	}
	return decode(b, v)
}

func decode(b []byte, v any) error {
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("corrupt record: %w", err)
	}
	return nil
}

func encode(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("encode: %w", err)
	}
	return string(b), nil
}

// decodeAll decodes every value of a hash.
func decodeAll[T any](vals map[string]string) ([]T, error) {
	out := make([]T, 0, len(vals))
	for field, s := range vals {
		var v T
		if err := decode([]byte(s), &v); err != nil {
			return nil, fmt.Errorf("field %s: %w", field, err)
		}
		out = append(out, v)
	}
	return out, nil
}

// Ids are written into key names, so they are held to a small alphabet: no ':' or braces
// that could move a key into another namespace or slot.
const (
	maxBranchIDLen = 32
	maxRecordIDLen = 64
)

// validBranchID: 1–32 of [A-Za-z0-9_]. No '-', which separates an invite code's branch id
// from its random part.
func validBranchID(id string) bool {
	return len(id) >= 1 && len(id) <= maxBranchIDLen && strings.IndexFunc(id, notWordByte) < 0
}

// validRecordID: 1–64 of [A-Za-z0-9_-], for meeting and record ids and draft kinds.
func validRecordID(id string) bool {
	return len(id) >= 1 && len(id) <= maxRecordIDLen &&
		strings.IndexFunc(id, func(c rune) bool { return c != '-' && notWordByte(c) }) < 0
}

func notWordByte(c rune) bool {
	return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')
}

// compareIDs orders counter ids (base 36) by number: shorter first, then by text.
func compareIDs(a, b string) int {
	return cmp.Or(cmp.Compare(len(a), len(b)), strings.Compare(a, b))
}
