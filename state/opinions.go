package state

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
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

// 征求意见 in Redis. A collection belongs to a meeting; the branch's link key names the
// meeting whose collection its code opens. Opinions carry no sender. While a collection is
// open, senders are told apart by a keyed hash of their Telegram id under a random salt:
// the senders hash (hash → opinions left) limits each sender and counts the people. Closing
// deletes the salt and the senders hash, after which nothing stored ties an opinion, or the
// collection, to anyone: the tally keeps only the two counts.

// Errors of AddOpinion, wrapped with context.
var (
	// ErrOpinionsClosed: the collection has closed (or never was) — no opinion is taken.
	ErrOpinionsClosed = errors.New("opinion collection closed")
	// ErrOpinionSenderLimit: this sender left orglife.OpinionsPerSender opinions already.
	ErrOpinionSenderLimit = errors.New("opinion limit of a sender reached")
	// ErrOpinionLinkLimit: the collection holds orglife.OpinionsPerLink opinions already.
	ErrOpinionLinkLimit = errors.New("opinion limit of a collection reached")
)

// MeetingOpinionCollection holds a meeting's collection as JSON (orglife.OpinionCollection).
func (k Keys) MeetingOpinionCollection(branchID, meetingID string) string {
	return k.meetingTag(branchID, meetingID) + ":opcoll"
}

// MeetingOpinions is the hash of a meeting's opinions: id → JSON orglife.Opinion.
func (k Keys) MeetingOpinions(branchID, meetingID string) string {
	return k.meetingTag(branchID, meetingID) + ":opinions"
}

// MeetingOpinionTally is the hash of a collection's counts: opinions, people, closed.
func (k Keys) MeetingOpinionTally(branchID, meetingID string) string {
	return k.meetingTag(branchID, meetingID) + ":optally"
}

// MeetingOpinionSalt is the salt of an open collection's sender hashes; gone once closed.
func (k Keys) MeetingOpinionSalt(branchID, meetingID string) string {
	return k.meetingTag(branchID, meetingID) + ":opsalt"
}

// MeetingOpinionSenders is the hash of an open collection's senders: salted hash → opinions
// left; gone once closed.
func (k Keys) MeetingOpinionSenders(branchID, meetingID string) string {
	return k.meetingTag(branchID, meetingID) + ":opsenders"
}

// BranchOpinionLink holds "<meetingID> <code>": the meeting whose open collection the
// branch's opinion link opens, and the link's code; gone when none is open.
func (k Keys) BranchOpinionLink(branchID string) string { return k.branchTag(branchID) + ":oplink" }

// OpinionsClosing orders the open collections of every branch by the time they close
// (member "<branchID> <meetingID>"), for the sweep that closes them. Outside every branch
// slot: an index, kept beside the truth (the salt key).
func (k Keys) OpinionsClosing() string { return k.prefix + ":opinions:closing" }

// Opinion codes are yj-<branchID>-<random> (yj: 意见): the branch id finds the link key, the
// random part (130 bits) makes it unguessable, and the prefix keeps it apart from an invite
// code (whose branch id has no '-'). At most 3+32+1+26 = 62 characters of [A-Za-z0-9_-].
const opinionCodePrefix = "yj-"

// NewOpinionCode returns a fresh opinion code for a branch.
func NewOpinionCode(branchID string) string { return opinionCodePrefix + branchID + "-" + rand.Text() }

// IsOpinionCode reports whether code has the form of an opinion code (not whether one is live).
func IsOpinionCode(code string) bool { _, ok := parseOpinionCode(code); return ok }

// parseOpinionCode finds the branch id in an opinion code; ok is false for anything malformed.
func parseOpinionCode(code string) (branchID string, ok bool) {
	rest, found := strings.CutPrefix(code, opinionCodePrefix)
	if !found || len(code) > maxInviteCode {
		return "", false
	}
	i := strings.LastIndexByte(rest, '-')
	if i < 0 {
		return "", false
	}
	branchID, secret := rest[:i], rest[i+1:]
	if !validBranchID(branchID) || len(secret) < minInviteSecret || strings.IndexFunc(secret, notWordByte) >= 0 {
		return "", false
	}
	return branchID, true
}

var (
	// KEYS: meetings, collection, tally, salt, link. ARGV: meeting id, collection JSON, salt,
	// link ("<meeting> <code>"), opinions and people counted already (an import's).
	// 0: no such meeting; -1: the meeting has a collection already; 1: opened.
	openOpinionsLua = redis.NewScript(`
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
if redis.call('EXISTS', KEYS[2]) == 1 then return -1 end
redis.call('SET', KEYS[2], ARGV[2])
redis.call('HSET', KEYS[3], 'opinions', ARGV[5], 'people', ARGV[6])
redis.call('SET', KEYS[4], ARGV[3])
redis.call('SET', KEYS[5], ARGV[4])
return 1`)
	// KEYS: salt, senders, tally, opinions. ARGV: salt the hash was made with, sender hash,
	// opinion id, opinion JSON, limit per sender, limit per link.
	// 0: closed (or the salt changed); -1: sender's limit; -2: link's limit; 1: stored (or
	// stored before: the same opinion id again, an update handled again, counts once).
	addOpinionLua = redis.NewScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if redis.call('HEXISTS', KEYS[4], ARGV[3]) == 1 then return 1 end
local mine = tonumber(redis.call('HGET', KEYS[2], ARGV[2]) or '0')
if mine >= tonumber(ARGV[5]) then return -1 end
if tonumber(redis.call('HGET', KEYS[3], 'opinions') or '0') >= tonumber(ARGV[6]) then return -2 end
redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
if mine == 0 then redis.call('HINCRBY', KEYS[3], 'people', 1) end
redis.call('HINCRBY', KEYS[3], 'opinions', 1)
redis.call('HSET', KEYS[4], ARGV[3], ARGV[4])
return 1`)
	// KEYS: salt, senders, tally, link. ARGV: meeting id. Forgets the senders for good.
	closeOpinionsLua = redis.NewScript(`
redis.call('DEL', KEYS[1], KEYS[2])
if redis.call('EXISTS', KEYS[3]) == 1 then redis.call('HSET', KEYS[3], 'closed', 1) end
local link = redis.call('GET', KEYS[4])
if link and string.sub(link, 1, #ARGV[1] + 1) == ARGV[1] .. ' ' then redis.call('DEL', KEYS[4]) end
return 1`)
)

// OpenOpinions opens c as its meeting's collection, with a fresh salt, and makes the
// branch's link open it. A collection still open for another meeting of the branch is
// closed first. orglife.ErrNotFound when the meeting does not exist; ErrExists when it has
// a collection already (a meeting has one).
func (r *Records) OpenOpinions(ctx context.Context, c orglife.OpinionCollection) error {
	return r.openOpinions(ctx, c, orglife.OpinionTally{})
}

// openOpinions is OpenOpinions with counts to start from.
func (r *Records) openOpinions(ctx context.Context, c orglife.OpinionCollection, from orglife.OpinionTally) error {
	if id, ok := parseOpinionCode(c.Code); !ok || id != c.BranchID || !validRecordID(c.MeetingID) {
		return fmt.Errorf("open opinions of branch %q: malformed code or meeting", c.BranchID)
	}
	if other, _, found, err := r.opinionLink(ctx, c.BranchID); err != nil {
		return fmt.Errorf("open opinions of meeting %s: %w", c.MeetingID, err)
	} else if found && other != c.MeetingID {
		if err := r.CloseOpinions(ctx, c.BranchID, other); err != nil {
			return fmt.Errorf("open opinions of meeting %s: %w", c.MeetingID, err)
		}
	}
	j, err := encode(c)
	if err != nil {
		return fmt.Errorf("open opinions of meeting %s: %w", c.MeetingID, err)
	}
	b, m := c.BranchID, c.MeetingID
	keys := []string{r.keys.BranchMeetings(b), r.keys.MeetingOpinionCollection(b, m), r.keys.MeetingOpinionTally(b, m),
		r.keys.MeetingOpinionSalt(b, m), r.keys.BranchOpinionLink(b)}
	n, err := openOpinionsLua.Run(ctx, r.rdb, keys, m, j, rand.Text()+rand.Text(), m+" "+c.Code, from.Opinions, from.People).Int()
	switch {
	case err != nil:
		return fmt.Errorf("open opinions of meeting %s: %w", m, err)
	case n == 0:
		return fmt.Errorf("open opinions: meeting %s of branch %s: %w", m, b, orglife.ErrNotFound)
	case n < 0:
		return fmt.Errorf("open opinions of meeting %s: %w", m, ErrExists)
	}
	if err := r.rdb.ZAdd(ctx, r.keys.OpinionsClosing(), redis.Z{Score: float64(c.ClosesAt.Unix()), Member: b + " " + m}).Err(); err != nil {
		return fmt.Errorf("open opinions of meeting %s: closing index: %w", m, err)
	}
	return nil
}

// CloseOpinions closes a meeting's collection: its salt and senders are deleted (the
// counts stay), and the branch's link no longer opens it. Closing a closed or absent
// collection changes nothing.
func (r *Records) CloseOpinions(ctx context.Context, branchID, meetingID string) error {
	if !validBranchID(branchID) || !validRecordID(meetingID) {
		return nil
	}
	b, m := branchID, meetingID
	keys := []string{r.keys.MeetingOpinionSalt(b, m), r.keys.MeetingOpinionSenders(b, m), r.keys.MeetingOpinionTally(b, m),
		r.keys.BranchOpinionLink(b)}
	if err := closeOpinionsLua.Run(ctx, r.rdb, keys, m).Err(); err != nil {
		return fmt.Errorf("close opinions of meeting %s of branch %s: %w", m, b, err)
	}
	if err := r.rdb.ZRem(ctx, r.keys.OpinionsClosing(), b+" "+m).Err(); err != nil {
		return fmt.Errorf("close opinions of meeting %s of branch %s: closing index: %w", m, b, err)
	}
	return nil
}

// CloseOpinionsEarly closes c before its closing day: its record then closes on day, at at
// (what /collect and the report say), and it is closed as CloseOpinions does. Should the
// close itself fail, the sweep closes it at the next run.
func (r *Records) CloseOpinionsEarly(ctx context.Context, c orglife.OpinionCollection, day orglife.Date, at time.Time) error {
	b, m := c.BranchID, c.MeetingID
	if !validBranchID(b) || !validRecordID(m) {
		return nil
	}
	if at.Before(c.ClosesAt) {
		c.Closes, c.ClosesAt = day, at
		j, err := encode(c)
		if err != nil {
			return fmt.Errorf("close opinions of meeting %s early: %w", m, err)
		}
		if err := r.rdb.SetXX(ctx, r.keys.MeetingOpinionCollection(b, m), j, 0).Err(); err != nil {
			return fmt.Errorf("close opinions of meeting %s early: %w", m, err)
		}
		if err := r.rdb.ZAddXX(ctx, r.keys.OpinionsClosing(), redis.Z{Score: float64(at.Unix()), Member: b + " " + m}).Err(); err != nil {
			return fmt.Errorf("close opinions of meeting %s early: closing index: %w", m, err)
		}
	}
	return r.CloseOpinions(ctx, b, m)
}

// OpinionsDue lists the open collections whose closing time is at or before now, as
// [branchID, meetingID] pairs, for the sweep that closes them.
func (r *Records) OpinionsDue(ctx context.Context, now time.Time) ([][2]string, error) {
	raw, err := r.rdb.ZRangeByScore(ctx, r.keys.OpinionsClosing(), &redis.ZRangeBy{Min: "-inf", Max: strconv.FormatInt(now.Unix(), 10)}).Result()
	if err != nil {
		return nil, fmt.Errorf("opinion collections due: %w", err)
	}
	out := make([][2]string, 0, len(raw))
	for _, s := range raw {
		if b, m, ok := strings.Cut(s, " "); ok {
			out = append(out, [2]string{b, m})
		}
	}
	return out, nil
}

// OpinionCollection loads a meeting's collection with its counts; orglife.ErrNotFound when
// the meeting has none.
func (r *Records) OpinionCollection(ctx context.Context, branchID, meetingID string) (orglife.OpinionCollection, orglife.OpinionTally, error) {
	var c orglife.OpinionCollection
	if !validBranchID(branchID) || !validRecordID(meetingID) {
		return c, orglife.OpinionTally{}, fmt.Errorf("opinion collection of meeting %q: %w", meetingID, orglife.ErrNotFound)
	}
	if err := getJSON(ctx, r.rdb, r.keys.MeetingOpinionCollection(branchID, meetingID), &c); err != nil {
		return c, orglife.OpinionTally{}, fmt.Errorf("opinion collection of meeting %s: %w", meetingID, err)
	}
	t, err := r.opinionTally(ctx, branchID, meetingID)
	if err != nil {
		return c, t, fmt.Errorf("opinion collection of meeting %s: %w", meetingID, err)
	}
	if !t.Closed {
		m, code, found, err := r.opinionLink(ctx, branchID)
		if err != nil {
			return c, t, fmt.Errorf("opinion collection of meeting %s: %w", meetingID, err)
		}
		if found && m == meetingID {
			c.Code = code
		}
	}
	return c, t, nil
}

// opinionLink reads the branch's link key: the meeting its open collection is of, and the code.
func (r *Records) opinionLink(ctx context.Context, branchID string) (meetingID, code string, found bool, err error) {
	v, err := r.rdb.Get(ctx, r.keys.BranchOpinionLink(branchID)).Result()
	if errors.Is(err, redis.Nil) {
		return "", "", false, nil
	}
	if err != nil {
		return "", "", false, err
	}
	meetingID, code, found = strings.Cut(v, " ")
	return meetingID, code, found, nil
}

func (r *Records) opinionTally(ctx context.Context, branchID, meetingID string) (orglife.OpinionTally, error) {
	v, err := r.rdb.HGetAll(ctx, r.keys.MeetingOpinionTally(branchID, meetingID)).Result()
	if err != nil {
		return orglife.OpinionTally{}, err
	}
	o, _ := strconv.Atoi(v["opinions"])
	p, _ := strconv.Atoi(v["people"])
	return orglife.OpinionTally{Opinions: o, People: p, Closed: v["closed"] == "1"}, nil
}

// LookupOpinions finds the collection an opinion code opens. Unknown, closed and malformed
// codes (any input at all) give orglife.ErrNotFound. Whether its day is over is the caller's
// check (OpenAt), as is closing it then.
func (r *Records) LookupOpinions(ctx context.Context, code string) (orglife.OpinionCollection, error) {
	branchID, ok := parseOpinionCode(code)
	if !ok {
		return orglife.OpinionCollection{}, fmt.Errorf("look up opinions: %w", orglife.ErrNotFound)
	}
	meetingID, live, found, err := r.opinionLink(ctx, branchID)
	if err != nil {
		return orglife.OpinionCollection{}, fmt.Errorf("look up opinions of branch %s: %w", branchID, err)
	}
	if !found || subtle.ConstantTimeCompare([]byte(live), []byte(code)) != 1 {
		return orglife.OpinionCollection{}, fmt.Errorf("look up opinions of branch %s: %w", branchID, orglife.ErrNotFound)
	}
	c, t, err := r.OpinionCollection(ctx, branchID, meetingID)
	if err != nil {
		return c, fmt.Errorf("look up opinions of branch %s: %w", branchID, err)
	}
	if t.Closed || c.Code != code {
		return orglife.OpinionCollection{}, fmt.Errorf("look up opinions of branch %s: %w", branchID, orglife.ErrNotFound)
	}
	return c, nil
}

// AddOpinion stores op in the open collection c on behalf of sender, whose id is kept
// only as a salted hash in the collection's senders (see the top of this file) and not
// with the opinion. ErrOpinionsClosed, ErrOpinionSenderLimit or ErrOpinionLinkLimit when
// it is not taken.
func (r *Records) AddOpinion(ctx context.Context, c orglife.OpinionCollection, sender int64, op orglife.Opinion) error {
	b, m := c.BranchID, c.MeetingID
	if !validBranchID(b) || !validRecordID(m) || op.MeetingID != m || !validRecordID(op.ID) {
		return fmt.Errorf("add opinion %q to meeting %q: bad id", op.ID, m)
	}
	salt, err := r.rdb.Get(ctx, r.keys.MeetingOpinionSalt(b, m)).Result()
	if errors.Is(err, redis.Nil) {
		return fmt.Errorf("add opinion to meeting %s: %w", m, ErrOpinionsClosed)
	}
	if err != nil {
		return fmt.Errorf("add opinion to meeting %s: %w", m, err)
	}
	j, err := encode(op)
	if err != nil {
		return fmt.Errorf("add opinion to meeting %s: %w", m, err)
	}
	keys := []string{r.keys.MeetingOpinionSalt(b, m), r.keys.MeetingOpinionSenders(b, m), r.keys.MeetingOpinionTally(b, m),
		r.keys.MeetingOpinions(b, m)}
	n, err := addOpinionLua.Run(ctx, r.rdb, keys, salt, senderHash(salt, sender), op.ID, j,
		orglife.OpinionsPerSender, orglife.OpinionsPerLink).Int()
	if err != nil {
		return fmt.Errorf("add opinion to meeting %s: %w", m, err)
	}
	switch n {
	case 0:
		return fmt.Errorf("add opinion to meeting %s: %w", m, ErrOpinionsClosed)
	case -1:
		return fmt.Errorf("add opinion to meeting %s: %w", m, ErrOpinionSenderLimit)
	case -2:
		return fmt.Errorf("add opinion to meeting %s: %w", m, ErrOpinionLinkLimit)
	}
	return nil
}

// senderHash is a sender as the senders hash knows them: HMAC-SHA256 of the id under the
// collection's salt, so that without the salt the id cannot be tried against it.
func senderHash(salt string, sender int64) string {
	mac := hmac.New(sha256.New, []byte(salt))
	mac.Write([]byte(strconv.FormatInt(sender, 10)))
	return hex.EncodeToString(mac.Sum(nil))
}

// Opinions lists a meeting's opinions in the order they were left; none when it has no
// collection.
func (r *Records) Opinions(ctx context.Context, branchID, meetingID string) ([]orglife.Opinion, error) {
	if !validBranchID(branchID) || !validRecordID(meetingID) {
		return nil, fmt.Errorf("opinions of meeting %q: %w", meetingID, orglife.ErrNotFound)
	}
	vals, err := r.rdb.HGetAll(ctx, r.keys.MeetingOpinions(branchID, meetingID)).Result()
	if err != nil {
		return nil, fmt.Errorf("opinions of meeting %s: %w", meetingID, err)
	}
	ops, err := decodeAll[orglife.Opinion](vals)
	if err != nil {
		return nil, fmt.Errorf("opinions of meeting %s: %w", meetingID, err)
	}
	sortOpinions(ops)
	return ops, nil
}

func sortOpinions(ops []orglife.Opinion) {
	slices.SortFunc(ops, func(a, b orglife.Opinion) int { return compareIDs(a.ID, b.ID) })
}

// Opinion loads one opinion; orglife.ErrNotFound when absent.
func (r *Records) Opinion(ctx context.Context, branchID, meetingID, id string) (orglife.Opinion, error) {
	var op orglife.Opinion
	if err := r.entry(ctx, branchID, meetingID, id, r.keys.MeetingOpinions, &op); err != nil {
		return op, fmt.Errorf("opinion %s of meeting %s: %w", id, meetingID, err)
	}
	return op, nil
}

// AdoptOpinion marks an opinion as taken up as record (a point or a branch problem) by
// userID. adopted is false, and nothing changes, when it was taken up already as another
// record (true when as this one: an update handled again);
// orglife.ErrNotFound when there is no such opinion.
func (r *Records) AdoptOpinion(ctx context.Context, branchID, meetingID, id, record string, by int64) (adopted bool, err error) {
	if !validBranchID(branchID) || !validRecordID(meetingID) || !validRecordID(id) {
		return false, fmt.Errorf("adopt opinion %q: %w", id, orglife.ErrNotFound)
	}
	key := r.keys.MeetingOpinions(branchID, meetingID)
	err = r.watch(ctx, func(tx *redis.Tx) error {
		var op orglife.Opinion
		if err := hgetJSON(ctx, tx, key, id, &op); err != nil {
			return err
		}
		if op.Adopted != "" {
			adopted = op.Adopted == record // taken up as this record before: the same adoption again
			return nil
		}
		op.Adopted, op.AdoptedBy = record, by
		j, err := encode(op)
		if err != nil {
			return err
		}
		_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error { return p.HSet(ctx, key, id, j).Err() })
		adopted = err == nil
		return err
	}, key)
	if err != nil {
		return false, fmt.Errorf("adopt opinion %s of meeting %s: %w", id, meetingID, err)
	}
	return adopted, nil
}

// opinionsExport is what an export carries of a meeting's collection: the collection
// without its code (a backup must not carry a working link), its counts and its opinions.
// Salt and senders never leave Redis.
func (r *Records) exportOpinions(ctx context.Context, branchID string, me *MeetingExport) error {
	c, t, err := r.OpinionCollection(ctx, branchID, me.Meeting.ID)
	if errors.Is(err, orglife.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	c.Code = ""
	me.OpinionCollection, me.OpinionTally = &c, &t
	me.Opinions, err = r.Opinions(ctx, branchID, me.Meeting.ID)
	return err
}

// importOpinions restores a meeting's collection, counts and opinions. A collection that
// was open when exported opens again under a fresh code and salt (those who left opinions
// before are then counted again should they come back) if its day is not over; else it is
// restored closed.
func (r *Records) importOpinions(ctx context.Context, branchID string, me MeetingExport, seen func(string)) error {
	m, now := me.Meeting.ID, time.Now()
	enc := map[string]string{}
	for _, op := range me.Opinions {
		if op.MeetingID != m || !validRecordID(op.ID) {
			return fmt.Errorf("opinion %q names meeting %q", op.ID, op.MeetingID)
		}
		seen(op.ID)
		j, err := encode(op)
		if err != nil {
			return err
		}
		enc[op.ID] = j
	}
	if me.OpinionCollection == nil {
		if len(enc) > 0 {
			return fmt.Errorf("%d opinions without their collection", len(enc))
		}
		return nil
	}
	c := *me.OpinionCollection
	if c.BranchID != branchID || c.MeetingID != m {
		return fmt.Errorf("opinion collection names meeting %q of branch %q", c.MeetingID, c.BranchID)
	}
	var t orglife.OpinionTally
	if me.OpinionTally != nil {
		t = *me.OpinionTally
	}
	reopen := !t.Closed && c.OpenAt(now)
	if reopen {
		c.Code = NewOpinionCode(branchID)
		if err := r.openOpinions(ctx, c, t); err != nil {
			return err
		}
	} else {
		j, err := encode(c)
		if err != nil {
			return err
		}
		if err := r.rdb.Set(ctx, r.keys.MeetingOpinionCollection(branchID, m), j, 0).Err(); err != nil {
			return err
		}
	}
	_, err := r.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		if !reopen {
			p.HSet(ctx, r.keys.MeetingOpinionTally(branchID, m), "opinions", t.Opinions, "people", t.People, "closed", 1)
		}
		if len(enc) > 0 {
			p.HSet(ctx, r.keys.MeetingOpinions(branchID, m), enc)
		}
		return nil
	})
	return err
}

// opinionKeys are the keys of a meeting's collection, for the check that an import
// overwrites nothing.
func (r *Records) opinionKeys(branchID, meetingID string) []string {
	return []string{r.keys.MeetingOpinionCollection(branchID, meetingID), r.keys.MeetingOpinions(branchID, meetingID),
		r.keys.MeetingOpinionTally(branchID, meetingID), r.keys.MeetingOpinionSalt(branchID, meetingID),
		r.keys.MeetingOpinionSenders(branchID, meetingID)}
}
