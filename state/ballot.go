package state

import (
	"cmp"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"orglife"
)

// The secret ballot of 民主评议党员 (orglife.Ballot) in Redis.
//
// The problem: a vote may be changed until the close and must count once, so something
// must remember each voter's current vote across restarts; yet no key, export or log may
// link a voter to a choice. The design:
//
//   - While the ballot is open, each voter's vote is sealed: AES-256-GCM under a key derived
//     from a random per-ballot secret (the ballot key, 32 bytes, its own Redis key), in a
//     hash whose field is not the voter's id but HMAC(secret, voter) — so the hash alone
//     names nobody — with the field as associated data (a sealed vote cannot be moved to
//     another voter's field). The plaintext is one byte a roster member, so every sealed
//     vote of a ballot has the same length: its size tells nothing either.
//   - Who has voted (a complete vote) is a plain set of ids, apart: it is what reminders
//     need, and no more than a paper ballot's signature list. Which messages hold each
//     voter's form (chat id → message ids, nothing of a rating) is kept while the ballot is
//     open, for the close to close every form; the close's caller takes and deletes it.
//   - At the close, in one MULTI/EXEC (watched, so a vote racing the close either lands
//     before it or is refused): the sealed votes are opened and counted as a multiset, the
//     counts are written into the ballot record — only when at least min_voters voted, else
//     nothing is counted — and the sealed hash and the ballot key are deleted. From then on
//     Redis holds the voters' set and per-member counts, and nothing that could be opened.
//   - The buttons of the voting dialog carry no rating either: each carries an opaque code,
//     HMAC(secret, voter, member, rating), which the server recognises while the ballot is
//     open and which means nothing once the key is gone (an update waiting in the inbox, or
//     a button of an old message, then reveals no choice). The inbox deletes handled
//     updates anyway (Inbox.Ack pops them), and no session is kept for the dialog.
//   - Exports: a closed ballot exports its record (counts) and its voters; an open one
//     exports its record only — never the key or the sealed votes — so an import reopens it
//     empty (members vote again).
//
// The limits, said plainly: while the ballot is open, whoever holds this Redis (its
// operator, a copy of its dump file) holds the ballot key and the sealed votes together and
// can open them; so can the running server, which must. Secrecy is against anyone reading
// Redis, exports or logs after the close, and against the branch's committee at any time
// (nothing of the votes is shown to anyone before the close, and only counts after it).
// Telegram itself sees every voter's dialog, as it sees every chat. Redis's files keep the
// commands that wrote the key and the votes until they are rewritten: the close asks for that
// (compactPersistence), best effort; a backup copied during the ballot keeps what it took.

// ballotTag is the start of every key of one meeting's ballot.
func (k Keys) ballotTag(branchID, meetingID string) string {
	return k.meetingTag(branchID, meetingID) + ":ballot"
}

// MeetingBallot holds the meeting's ballot record as JSON (orglife.Ballot).
func (k Keys) MeetingBallot(branchID, meetingID string) string {
	return k.ballotTag(branchID, meetingID)
}

// MeetingBallotVoted is the set of the ids of the voters whose vote is complete.
func (k Keys) MeetingBallotVoted(branchID, meetingID string) string {
	return k.ballotTag(branchID, meetingID) + "voted"
}

// MeetingBallotForms is the hash of the ballot's forms sent, while it is open: the voter's
// chat id → the ids of the messages that hold their form, comma-separated. Taken (and
// deleted) at the close, which closes the forms.
func (k Keys) MeetingBallotForms(branchID, meetingID string) string {
	return k.ballotTag(branchID, meetingID) + "forms"
}

// MeetingBallotSealed is the hash of sealed votes while the ballot is open: HMAC(secret,
// voter) → AES-GCM(vote). Deleted at the close.
func (k Keys) MeetingBallotSealed(branchID, meetingID string) string {
	return k.ballotTag(branchID, meetingID) + "sealed"
}

// MeetingBallotKey is the per-ballot secret while the ballot is open. Deleted at the close.
func (k Keys) MeetingBallotKey(branchID, meetingID string) string {
	return k.ballotTag(branchID, meetingID) + "key"
}

// BallotsOpen orders the open ballots ("<branch>/<meeting>") by closing time, for the sweep
// that closes them.
func (k Keys) BallotsOpen() string { return k.prefix + ":ballots:open" }

// BallotRef names one ballot: its branch and meeting.
type BallotRef struct{ BranchID, MeetingID string }

// BallotKey is an open ballot's secret, as the server uses it: sealing votes and making
// and reading the dialog's button codes.
type BallotKey struct{ secret []byte }

func (k BallotKey) mac(parts ...string) []byte {
	m := hmac.New(sha256.New, k.secret)
	m.Write([]byte(strings.Join(parts, "\x00")))
	return m.Sum(nil)
}

// field is where voter's sealed vote is kept: a name for the voter that only the key reads.
func (k BallotKey) field(voter int64) string {
	return hex.EncodeToString(k.mac("voter", strconv.FormatInt(voter, 10))[:16])
}

// ButtonCode is the opaque code of the button by which voter gives the member at roster
// position pos rating r: 12 characters of [A-Za-z0-9_-].
func (k BallotKey) ButtonCode(voter int64, pos int, r orglife.Rating) string {
	return base64.RawURLEncoding.EncodeToString(k.mac("button", strconv.FormatInt(voter, 10), strconv.Itoa(pos), strconv.Itoa(int(r)))[:9])
}

// ReadButton finds which of voter's buttons code is on a roster of n members; ok is false
// for a code of no button of theirs (forged, another voter's, or of another ballot).
func (k BallotKey) ReadButton(voter int64, n int, code string) (pos int, r orglife.Rating, ok bool) {
	for pos := range n {
		for _, r := range orglife.Ratings {
			if hmac.Equal([]byte(k.ButtonCode(voter, pos, r)), []byte(code)) {
				return pos, r, true
			}
		}
	}
	return 0, 0, false
}

func (k BallotKey) aead() (cipher.AEAD, error) {
	block, err := aes.NewCipher(k.mac("seal"))
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

func (k BallotKey) seal(voter int64, v orglife.Vote) (string, error) {
	a, err := k.aead()
	if err != nil {
		return "", fmt.Errorf("seal vote: %w", err)
	}
	nonce := make([]byte, a.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("seal vote: %w", err)
	}
	plain := make([]byte, len(v))
	for i, r := range v {
		plain[i] = byte(r)
	}
	return base64.StdEncoding.EncodeToString(a.Seal(nonce, nonce, plain, []byte(k.field(voter)))), nil
}

// open reads a sealed vote kept under field, for a roster of n.
func (k BallotKey) open(field, sealed string, n int) (orglife.Vote, error) {
	a, err := k.aead()
	if err != nil {
		return nil, err
	}
	raw, err := base64.StdEncoding.DecodeString(sealed)
	if err != nil || len(raw) < a.NonceSize() {
		return nil, errors.New("corrupt sealed vote")
	}
	plain, err := a.Open(nil, raw[:a.NonceSize()], raw[a.NonceSize():], []byte(field))
	if err != nil || len(plain) != n {
		return nil, errors.New("sealed vote does not open")
	}
	v := make(orglife.Vote, n)
	for i, b := range plain {
		v[i] = orglife.Rating(b)
	}
	return v, nil
}

// OpenBallot stores a new ballot on its meeting with a fresh key; ErrExists when the meeting
// has one already (a meeting has one appraisal).
func (r *Records) OpenBallot(ctx context.Context, b orglife.Ballot) error {
	if !validBranchID(b.BranchID) || !validRecordID(b.MeetingID) {
		return fmt.Errorf("open ballot: bad id %q/%q", b.BranchID, b.MeetingID)
	}
	j, err := encode(b)
	if err != nil {
		return err
	}
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return fmt.Errorf("open ballot: %w", err)
	}
	ok, err := r.rdb.SetNX(ctx, r.keys.MeetingBallot(b.BranchID, b.MeetingID), j, 0).Result()
	if err != nil {
		return fmt.Errorf("open ballot of meeting %s: %w", b.MeetingID, err)
	}
	if !ok {
		return fmt.Errorf("open ballot of meeting %s: %w", b.MeetingID, ErrExists)
	}
	if err := r.rdb.Set(ctx, r.keys.MeetingBallotKey(b.BranchID, b.MeetingID), hex.EncodeToString(secret), 0).Err(); err != nil {
		return fmt.Errorf("open ballot of meeting %s: %w", b.MeetingID, err)
	}
	return r.indexOpenBallot(ctx, b)
}

func (r *Records) indexOpenBallot(ctx context.Context, b orglife.Ballot) error {
	err := r.rdb.ZAdd(ctx, r.keys.BallotsOpen(), redis.Z{Score: float64(b.Closes.Unix()), Member: b.BranchID + "/" + b.MeetingID}).Err()
	if err != nil {
		return fmt.Errorf("index ballot of meeting %s: %w", b.MeetingID, err)
	}
	return nil
}

// Ballot reads a meeting's ballot; orglife.ErrNotFound when it has none.
func (r *Records) Ballot(ctx context.Context, branchID, meetingID string) (orglife.Ballot, error) {
	var b orglife.Ballot
	raw, err := r.rdb.Get(ctx, r.keys.MeetingBallot(branchID, meetingID)).Bytes()
	if errors.Is(err, redis.Nil) {
		return b, fmt.Errorf("ballot of meeting %s: %w", meetingID, orglife.ErrNotFound)
	}
	if err != nil {
		return b, fmt.Errorf("ballot of meeting %s: %w", meetingID, err)
	}
	if err := decode(raw, &b); err != nil {
		return b, fmt.Errorf("ballot of meeting %s: %w", meetingID, err)
	}
	return b, nil
}

// BallotKeyOf is an open ballot's key, made anew if it has none (an imported open ballot);
// orglife.ErrBallotClosed once it is closed or past its closing time.
func (r *Records) BallotKeyOf(ctx context.Context, b orglife.Ballot, now time.Time) (BallotKey, error) {
	if !b.OpenAt(now) {
		return BallotKey{}, orglife.ErrBallotClosed
	}
	key := r.keys.MeetingBallotKey(b.BranchID, b.MeetingID)
	s, err := r.rdb.Get(ctx, key).Result()
	if errors.Is(err, redis.Nil) {
		return r.newBallotKey(ctx, b)
	}
	if err != nil {
		return BallotKey{}, fmt.Errorf("ballot key of meeting %s: %w", b.MeetingID, err)
	}
	secret, err := hex.DecodeString(s)
	if err != nil || len(secret) != 32 {
		return BallotKey{}, fmt.Errorf("ballot key of meeting %s: corrupt", b.MeetingID)
	}
	return BallotKey{secret: secret}, nil
}

// newBallotKey makes the key of an open ballot that has none, watching its record so that
// a close in between is not undone.
func (r *Records) newBallotKey(ctx context.Context, b orglife.Ballot) (BallotKey, error) {
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return BallotKey{}, err
	}
	rec, key := r.keys.MeetingBallot(b.BranchID, b.MeetingID), r.keys.MeetingBallotKey(b.BranchID, b.MeetingID)
	err := r.rdb.Watch(ctx, func(tx *redis.Tx) error {
		raw, err := tx.Get(ctx, rec).Bytes()
		if err != nil {
			return err
		}
		var now orglife.Ballot
		if err := decode(raw, &now); err != nil {
			return err
		}
		if now.Closed {
			return orglife.ErrBallotClosed
		}
		_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.SetNX(ctx, key, hex.EncodeToString(secret), 0)
			return nil
		})
		return err
	}, rec)
	if errors.Is(err, orglife.ErrBallotClosed) {
		return BallotKey{}, err
	}
	if err != nil {
		return BallotKey{}, fmt.Errorf("ballot key of meeting %s: %w", b.MeetingID, err)
	}
	if err := r.indexOpenBallot(ctx, b); err != nil {
		return BallotKey{}, err
	}
	return r.BallotKeyOf(ctx, b, b.OpenedAt) // whichever key won
}

// BallotForm is a message that holds a voter's form: its chat and its id.
type BallotForm struct {
	Chat      int64
	MessageID int
}

// ballotFormsKeep is how long the forms of a ballot are kept if it is never closed (a
// ballot closes within weeks; its meeting may be deleted before).
const ballotFormsKeep = 120 * 24 * time.Hour

// NoteBallotForm keeps that a form of b was sent to chat as msgID, for the close to close
// it. noted is false when b closed meanwhile (its forms were taken already): the caller
// closes that form itself.
func (r *Records) NoteBallotForm(ctx context.Context, b orglife.Ballot, chat int64, msgID int) (noted bool, err error) {
	keys := []string{r.keys.MeetingBallotForms(b.BranchID, b.MeetingID), r.keys.MeetingBallotKey(b.BranchID, b.MeetingID)}
	n, err := noteFormLua.Run(ctx, r.rdb, keys, strconv.FormatInt(chat, 10), strconv.Itoa(msgID), ballotFormsKeep.Milliseconds()).Int()
	if err != nil {
		return false, fmt.Errorf("note ballot form in chat %d: %w", chat, err)
	}
	return n == 1, nil
}

// noteFormLua appends a message id to a voter's forms, in one step (the opening, from the
// secretary's chat, and the voter's own /vote may note forms of one voter at once), while
// the ballot is open: its key exists until the close, which deletes it. 1 noted, 0 closed.
var noteFormLua = redis.NewScript(`
if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
local ids = redis.call('HGET', KEYS[1], ARGV[1])
if ids then ids = ids .. ',' .. ARGV[2] else ids = ARGV[2] end
redis.call('HSET', KEYS[1], ARGV[1], ids)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`)

// TakeBallotForms returns the forms of b noted so far and forgets them, at once: of two
// that take them, one gets them.
func (r *Records) TakeBallotForms(ctx context.Context, branchID, meetingID string) ([]BallotForm, error) {
	key := r.keys.MeetingBallotForms(branchID, meetingID)
	var all *redis.MapStringStringCmd
	if _, err := r.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		all = p.HGetAll(ctx, key)
		p.Del(ctx, key)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("take ballot forms of meeting %s: %w", meetingID, err)
	}
	var forms []BallotForm
	for field, ids := range all.Val() {
		chat, err := strconv.ParseInt(field, 10, 64)
		if err != nil {
			continue
		}
		for _, id := range strings.Split(ids, ",") {
			if n, err := strconv.Atoi(id); err == nil {
				forms = append(forms, BallotForm{Chat: chat, MessageID: n})
			}
		}
	}
	slices.SortFunc(forms, func(a, b BallotForm) int {
		return cmp.Or(cmp.Compare(a.Chat, b.Chat), cmp.Compare(a.MessageID, b.MessageID))
	})
	return forms, nil
}

// MyVote is voter's current vote on an open ballot (empty before their first rating).
func (r *Records) MyVote(ctx context.Context, b orglife.Ballot, k BallotKey, voter int64) (orglife.Vote, error) {
	f := k.field(voter)
	s, err := r.rdb.HGet(ctx, r.keys.MeetingBallotSealed(b.BranchID, b.MeetingID), f).Result()
	if errors.Is(err, redis.Nil) {
		return b.NewVote(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("vote on meeting %s: %w", b.MeetingID, err)
	}
	v, err := k.open(f, s, len(b.Roster))
	if err != nil {
		return nil, fmt.Errorf("vote on meeting %s: %w", b.MeetingID, err)
	}
	return v, nil
}

// castLua replaces a sealed vote while the ballot's key is still the one it was sealed
// under (so never after the close), and adds the voter to those who voted when it is
// complete. KEYS: key, sealed, voted. ARGV: key's value, field, sealed vote, voter or "".
var castLua = redis.NewScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
if ARGV[4] ~= '' then redis.call('SADD', KEYS[3], ARGV[4]) end
return 1`)

// CastVote keeps v as voter's vote on b, replacing any before; orglife.ErrBallotClosed when
// the ballot closed meanwhile. It reports whether v is complete (the voter has voted).
func (r *Records) CastVote(ctx context.Context, b orglife.Ballot, k BallotKey, voter int64, v orglife.Vote) (bool, error) {
	if !b.OnRoster(voter) || len(v) != len(b.Roster) {
		return false, orglife.ErrNotVoter
	}
	sealed, err := k.seal(voter, v)
	if err != nil {
		return false, err
	}
	complete := b.Complete(v, voter)
	who := ""
	if complete {
		who = strconv.FormatInt(voter, 10)
	}
	keys := []string{r.keys.MeetingBallotKey(b.BranchID, b.MeetingID), r.keys.MeetingBallotSealed(b.BranchID, b.MeetingID),
		r.keys.MeetingBallotVoted(b.BranchID, b.MeetingID)}
	n, err := castLua.Run(ctx, r.rdb, keys, hex.EncodeToString(k.secret), k.field(voter), sealed, who).Int()
	if err != nil {
		return false, fmt.Errorf("cast vote on meeting %s: %w", b.MeetingID, err)
	}
	if n == 0 {
		return false, orglife.ErrBallotClosed
	}
	return complete, nil
}

// BallotVoters are the ids of those whose vote is complete.
func (r *Records) BallotVoters(ctx context.Context, branchID, meetingID string) ([]int64, error) {
	ss, err := r.rdb.SMembers(ctx, r.keys.MeetingBallotVoted(branchID, meetingID)).Result()
	if err != nil {
		return nil, fmt.Errorf("voters of meeting %s: %w", meetingID, err)
	}
	out := make([]int64, 0, len(ss))
	for _, s := range ss {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			out = append(out, id)
		}
	}
	return out, nil
}

// CloseBallot closes a meeting's ballot at now: the sealed votes are counted (see
// orglife.Ballot.Settle) and deleted with the key, in one transaction. closedNow is false
// when it was closed already (the ballot is returned as it is).
func (r *Records) CloseBallot(ctx context.Context, branchID, meetingID string, now time.Time) (b orglife.Ballot, closedNow bool, err error) {
	rec := r.keys.MeetingBallot(branchID, meetingID)
	key, sealedKey := r.keys.MeetingBallotKey(branchID, meetingID), r.keys.MeetingBallotSealed(branchID, meetingID)
	for range 10 {
		closedNow = false
		err = r.rdb.Watch(ctx, func(tx *redis.Tx) error {
			raw, err := tx.Get(ctx, rec).Bytes()
			if errors.Is(err, redis.Nil) {
				return orglife.ErrNotFound
			}
			if err != nil {
				return err
			}
			if err := decode(raw, &b); err != nil {
				return err
			}
			if b.Closed {
				return nil
			}
			var votes []orglife.Vote
			s, err := tx.Get(ctx, key).Result()
			if err != nil && !errors.Is(err, redis.Nil) {
				return err
			}
			if secret, herr := hex.DecodeString(s); err == nil && herr == nil && len(secret) == 32 {
				k := BallotKey{secret: secret}
				sealed, err := tx.HGetAll(ctx, sealedKey).Result()
				if err != nil {
					return err
				}
				for f, v := range sealed {
					vote, err := k.open(f, v, len(b.Roster))
					if err != nil {
						return fmt.Errorf("count votes: %w", err)
					}
					votes = append(votes, vote)
				}
			}
			b = b.Settle(votes, now)
			j, err := encode(b)
			if err != nil {
				return err
			}
			_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
				p.Set(ctx, rec, j, 0)
				p.Del(ctx, key, sealedKey)
				return nil
			})
			closedNow = err == nil
			return err
		}, rec, key, sealedKey)
		if !errors.Is(err, redis.TxFailedErr) {
			break
		}
	}
	if errors.Is(err, orglife.ErrNotFound) { // gone with its branch: nothing to sweep again
		if zerr := r.rdb.ZRem(ctx, r.keys.BallotsOpen(), branchID+"/"+meetingID).Err(); zerr != nil {
			err = errors.Join(err, zerr)
		}
		return b, false, fmt.Errorf("close ballot of meeting %s: %w", meetingID, err)
	}
	if err != nil {
		return b, false, fmt.Errorf("close ballot of meeting %s: %w", meetingID, err)
	}
	if err := r.rdb.ZRem(ctx, r.keys.BallotsOpen(), branchID+"/"+meetingID).Err(); err != nil {
		return b, closedNow, fmt.Errorf("close ballot of meeting %s: unindex: %w", meetingID, err)
	}
	if closedNow {
		r.compactPersistence(ctx)
	}
	return b, closedNow, nil
}

// compactPersistence asks Redis, best effort, to rewrite its append-only file and its RDB
// snapshot (each only if in use) from what it holds now, so that the files on disk forget the
// sealed votes and the key the close deleted: until a rewrite, the AOF still holds the
// commands that wrote them. A managed Redis that refuses these commands, or one already
// rewriting, keeps its files as they are (README: the ballot's limits).
func (r *Records) compactPersistence(ctx context.Context) {
	one := func(ctx context.Context, c *redis.Client) error {
		info, err := c.Info(ctx, "persistence").Result()
		if err != nil {
			return err
		}
		if strings.Contains(info, "aof_enabled:1") {
			_ = c.BgRewriteAOF(ctx).Err()
		}
		if !strings.Contains(info, "rdb_last_bgsave_time_sec:-1") || strings.Contains(info, "rdb_saves:") && !strings.Contains(info, "rdb_saves:0\r") {
			_ = c.BgSave(ctx).Err()
		}
		return nil
	}
	switch c := r.rdb.(type) {
	case *redis.Client:
		_ = one(ctx, c)
	case *redis.ClusterClient:
		_ = c.ForEachMaster(ctx, one)
	}
}

// DueBallots are the open ballots whose closing time is not after now.
func (r *Records) DueBallots(ctx context.Context, now time.Time) ([]BallotRef, error) {
	ms, err := r.rdb.ZRangeByScore(ctx, r.keys.BallotsOpen(), &redis.ZRangeBy{Min: "-inf", Max: strconv.FormatInt(now.Unix(), 10)}).Result()
	if err != nil {
		return nil, fmt.Errorf("due ballots: %w", err)
	}
	out := make([]BallotRef, 0, len(ms))
	for _, m := range ms {
		if b, mt, ok := strings.Cut(m, "/"); ok {
			out = append(out, BallotRef{BranchID: b, MeetingID: mt})
		}
	}
	return out, nil
}

// BallotExport is what an export carries of a meeting's ballot: its record and, once it is
// closed, who voted. Never the key or the sealed votes (see the top of this file).
type BallotExport struct {
	Ballot orglife.Ballot `json:"ballot"`
	Voted  []int64        `json:"voted,omitempty"`
}

// exportBallot is the meeting's ballot as exported; nil when it has none.
func (r *Records) exportBallot(ctx context.Context, branchID, meetingID string) (*BallotExport, error) {
	b, err := r.Ballot(ctx, branchID, meetingID)
	if errors.Is(err, orglife.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	e := &BallotExport{Ballot: b}
	if b.Closed {
		if e.Voted, err = r.BallotVoters(ctx, branchID, meetingID); err != nil {
			return nil, err
		}
		slices.Sort(e.Voted)
	}
	return e, nil
}

// importBallot restores an exported ballot; an open one gets its key when first used.
func (r *Records) importBallot(ctx context.Context, branchID, meetingID string, e *BallotExport) error {
	if e == nil {
		return nil
	}
	b := e.Ballot
	if b.BranchID != branchID || b.MeetingID != meetingID {
		return fmt.Errorf("ballot names meeting %q of branch %q", b.MeetingID, b.BranchID)
	}
	j, err := encode(b)
	if err != nil {
		return err
	}
	_, err = r.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Set(ctx, r.keys.MeetingBallot(branchID, meetingID), j, 0)
		if b.Closed && len(e.Voted) > 0 {
			ids := make([]any, len(e.Voted))
			for i, id := range e.Voted {
				ids[i] = strconv.FormatInt(id, 10)
			}
			p.SAdd(ctx, r.keys.MeetingBallotVoted(branchID, meetingID), ids...)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("import ballot: %w", err)
	}
	if !b.Closed {
		return r.indexOpenBallot(ctx, b)
	}
	return nil
}
