package state

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// Ahead is a read-ahead for one update of a user in their private chat: it takes the
// update's token from the user's flood bucket and reads what handling it reads first — the
// user's language, their session in the chat, the branches they belong to, when Branch is
// set that branch's record, the user's entry in it and its current meeting, and when Draft
// is set the user's draft of that kind. Its commands ride on a round trip made anyway (queueing the update with
// PushClaim, or Preload), and Attach puts the values in the update's Unit, where the first
// read of each through Store or Records finds it and does not ask Redis again.
type Ahead struct {
	UpdateID       int
	ChatID, UserID int64
	Now            time.Time
	// Rule is the flood limit the update is counted under.
	Rule FloodRule
	// Branch is the branch the user's conversation is probably about (the caller's hint):
	// only which keys to read, never a value — the values are read fresh in the same trip.
	Branch string
	// Draft is the kind of draft the update probably opens (the command it types): like
	// Branch, only which key to read.
	Draft string
	// Meeting is the meeting the user's conversation is probably about (a hint, like
	// Branch), and Parts what of it and the branch the update probably reads (see
	// MeetingRecords); the meeting's parts are read only while Meeting is still the branch's
	// current meeting.
	Meeting string
	Parts   Parts
	// Slots, if it asks for any, are send slots of the chat taken for the update's reply
	// (see SlotsAsk); TakenSlots says which were taken.
	Slots SlotsAsk

	count, slots      *redis.Cmd
	lang, sess, draft *redis.StringCmd
	branches          *redis.StringSliceCmd
	branch            *redis.Cmd
}

// queue adds the read-ahead's commands to p.
func (a *Ahead) queue(ctx context.Context, p redis.Pipeliner, keys Keys) {
	// Eval, not EvalSha: a pipeline cannot fall back after NOSCRIPT.
	a.count = floodLua.Eval(ctx, p, []string{keys.Flood(a.UserID)}, floodArgs(a.Rule, a.UpdateID, a.Now)...)
	a.lang = p.HGet(ctx, keys.User(a.UserID), "lang")
	a.sess = p.Get(ctx, keys.Session(a.ChatID, a.UserID))
	a.branches = p.SMembers(ctx, keys.UserBranches(a.UserID))
	if validBranchID(a.Branch) {
		ks := []string{keys.Branch(a.Branch), keys.BranchMembers(a.Branch), keys.BranchMeetings(a.Branch)}
		members, kinds := "0", ""
		if a.Parts&PartMembers != 0 {
			members = "1"
		}
		for _, part := range meetingParts {
			if a.Parts&part == 0 || !validRecordID(a.Meeting) {
				continue
			}
			ks = append(ks, keys.meetingKey(part, a.Branch, a.Meeting))
			if part == PartMaterial { // a set; every other part is a hash
				kinds += "s"
			} else {
				kinds += "h"
			}
		}
		a.branch = branchAheadLua.Eval(ctx, p, ks, uidField(a.UserID), members, a.Meeting, kinds)
	}
	if validRecordID(a.Draft) {
		a.draft = p.Get(ctx, keys.Draft(a.UserID, a.Draft))
	}
	a.slots = nil
	if a.Slots.N > 0 && a.Slots.Chat.Interval > 0 && a.Slots.Global.Interval > 0 {
		// EvalSha: after a NOSCRIPT no slot was taken, and the sender takes them itself.
		a.slots = slotsLua.EvalSha(ctx, p, a.Slots.keys(keys, a.ChatID), a.Slots.args()...)
	}
}

// TakenSlots are the send slots a's round trip took for the chat (nil when none were).
// The waits run from the end of that round trip.
func (a *Ahead) TakenSlots() []Slot {
	if a.slots == nil {
		return nil
	}
	slots, err := a.Slots.slots(a.slots)
	if err != nil {
		return nil
	}
	return slots
}

// branchAheadLua reads, at one instant, a branch's record, one member's entry, the
// branch's current meeting and, when asked (ARGV[2] "1"), all its members and (KEYS[4...],
// while ARGV[3] is still the current meeting) that meeting's parts, hashes or sets as ARGV[4]
// spells them (h, s) — every key shares the branch's hash tag: {branch, member, current
// meeting id, meeting, members, {parts...}}, each false when missing or not asked for, the
// parts empty when not read.
var branchAheadLua = redis.NewScript(`
local b = redis.call('GET', KEYS[1])
local m = redis.call('HGET', KEYS[2], ARGV[1])
local id, rec, members, parts = false, false, false, {}
if b then
  local ok, d = pcall(cjson.decode, b)
  if ok and type(d) == 'table' and type(d.current_meeting) == 'string' and d.current_meeting ~= '' then
    id = d.current_meeting
    rec = redis.call('HGET', KEYS[3], id)
  end
  if ARGV[2] == '1' then
    members = redis.call('HGETALL', KEYS[2])
  end
  if rec and id == ARGV[3] then
    for i = 4, #KEYS do
      if string.sub(ARGV[4], i - 3, i - 3) == 's' then
        parts[i - 3] = redis.call('SMEMBERS', KEYS[i])
      else
        parts[i - 3] = redis.call('HGETALL', KEYS[i])
      end
    end
  end
end
return {b, m, id, rec, members, parts}`)

// forget marks what was read for a as not to be used (Attach then fails): its round trip
// read it before the writes it was to follow. Send slots it took stay good (TakenSlots).
func (a *Ahead) forget() { a.count = nil }

// Attach returns the flood limit's verdict on the update and puts the values read ahead in
// u; a value whose read failed is left out (read again when asked for). It fails only when
// the verdict is missing: the round trip that carried the read-ahead did not happen.
func (a *Ahead) Attach(u *Unit) (Flood, error) {
	if a.count == nil {
		return Flood{}, fmt.Errorf("count updates of user %d: not read ahead", a.UserID)
	}
	n, err := floodVerdict(a.count, a.UserID)
	if err != nil {
		return Flood{}, err
	}
	p := &preloaded{chatID: a.ChatID, userID: a.UserID}
	p.lang, p.langLive = liveString(a.lang)
	var sess string
	if sess, p.sessionLive = liveString(a.sess); p.sessionLive && a.sess.Err() == nil {
		p.session = []byte(sess)
	}
	if a.branches != nil {
		p.branches, p.branchesLive = a.branches.Val(), a.branches.Err() == nil
	}
	if a.branch != nil {
		if raw, err := a.branch.Slice(); err == nil && len(raw) == 6 {
			p.branchID, p.branchLive = a.Branch, true
			p.branchRaw, p.memberRaw = raw[0], raw[1]
			if id, ok := raw[2].(string); ok {
				p.meetingID, p.meetingLive = id, true
				p.meetingRaw, _ = raw[3].(string)
			}
			p.members, p.membersLive = flatHash(raw[4])
			p.readParts(a.Parts, raw[5])
		}
	}
	if a.draft != nil {
		p.draftKind = a.Draft
		var d string
		if d, p.draftLive = liveString(a.draft); p.draftLive && a.draft.Err() == nil {
			p.draft = []byte(d)
		}
	}
	if u != nil {
		u.pre = p
	}
	return n, nil
}

// liveString is a read's value; live is false when the read failed (a missing key is
// a value: empty).
func liveString(c *redis.StringCmd) (string, bool) {
	switch v, err := c.Result(); {
	case err == nil:
		return v, true
	case errors.Is(err, redis.Nil):
		return "", true
	}
	return "", false
}

// Preload makes a's round trip on its own, for an update whose queueing did not carry it
// (one that waited behind another of its chat), and puts the values in u as Attach does.
func (f *FloodCounter) Preload(ctx context.Context, a *Ahead, u *Unit) (Flood, error) {
	// The read-ahead's own count of the update is no write that could change what it reads.
	ctx = withoutUnit(ctx)
	pipe := f.rdb.Pipeline()
	a.queue(ctx, pipe, f.keys)
	// Each answer is judged by Attach: a read that failed is only left out.
	_, _ = pipe.Exec(ctx)
	return a.Attach(u)
}

// preloaded is what was read ahead for one update; each value is used once at most.
type preloaded struct {
	mu                    sync.Mutex
	chatID, userID        int64
	lang                  string
	langLive, sessionLive bool
	session               []byte
	branchID              string
	branchLive            bool
	branchRaw, memberRaw  any // string, or nil when missing
	// branches is the user's branch index, unchecked (see Records.UserBranchesAhead).
	branches     []string
	branchesLive bool
	// meetingID is branchID's current meeting when it was read; meetingRaw its record
	// ("" when missing).
	meetingID, meetingRaw string
	meetingLive           bool
	draftKind             string
	draft                 []byte // nil when there is none
	draftLive             bool
	// members are branchID's members; hashes and material the parts of its current
	// meeting meetingID read, partsLive which of them are still to be served.
	members     map[string]string
	membersLive bool
	hashes      map[Parts]map[string]string
	material    []string
	partsLive   Parts
}

// readParts takes the meeting's parts asked for from the script's reply; none when any is
// missing or malformed.
func (p *preloaded) readParts(asked Parts, v any) {
	list, ok := v.([]any)
	if !ok {
		return
	}
	hashes := map[Parts]map[string]string{}
	var material []string
	i := 0
	for _, part := range meetingParts {
		if asked&part == 0 {
			continue
		}
		if i >= len(list) {
			return
		}
		if part == PartMaterial {
			if material, ok = setMembers(list[i]); !ok {
				return
			}
		} else if hashes[part], ok = flatHash(list[i]); !ok {
			return
		}
		i++
	}
	if i == 0 || i != len(list) {
		return
	}
	p.hashes, p.material, p.partsLive = hashes, material, asked&^PartMembers
}

// setMembers is a set's members in a script's reply.
func setMembers(v any) ([]string, bool) {
	list, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]string, 0, len(list))
	for _, x := range list {
		s, ok := x.(string)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

// flatHash is an HGETALL reply in a script's reply; ok is false when it was not read.
func flatHash(v any) (map[string]string, bool) {
	flat, ok := v.([]any)
	if !ok || len(flat)%2 != 0 {
		return nil, false
	}
	h := make(map[string]string, len(flat)/2)
	for i := 0; i < len(flat); i += 2 {
		k, kok := flat[i].(string)
		v, vok := flat[i+1].(string)
		if !kok || !vok {
			return nil, false
		}
		h[k] = v
	}
	return h, true
}

// DropReadAhead forgets what was read ahead for the update: it was held back, and what was
// read may be stale by the time it is handled.
func (u *Unit) DropReadAhead() {
	if u != nil {
		u.pre = nil
	}
}

func (u *Unit) preloaded() *preloaded {
	if u == nil {
		return nil
	}
	return u.pre
}

// records is what was read ahead of the records (branch, membership, meeting, its parts,
// the user's branches, a draft): nothing once the update has written to Redis (see
// UnitHook), since a write may have changed what was read.
func (u *Unit) records() *preloaded {
	if u == nil || u.wrote.Load() {
		return nil
	}
	return u.pre
}

// preloadedLang returns the language read ahead for userID, once.
func (u *Unit) lang(userID int64) (string, bool) {
	p := u.preloaded()
	if p == nil || p.userID != userID {
		return "", false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	live := p.langLive
	p.langLive = false
	return p.lang, live
}

// preloadedSession returns the session read ahead for chatID and userID (nil: none), once.
func (u *Unit) session(chatID, userID int64) ([]byte, bool) {
	p := u.preloaded()
	if p == nil || p.userID != userID || p.chatID != chatID {
		return nil, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	live := p.sessionLive
	p.sessionLive = false
	return p.session, live
}

// preloadedBranchMember returns the raw branch record and member entry read ahead for
// branchID and userID, once.
func (u *Unit) branchMember(branchID string, userID int64) (braw, mraw any, ok bool) {
	p := u.records()
	if p == nil || p.userID != userID || p.branchID != branchID {
		return nil, nil, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	ok = p.branchLive
	p.branchLive = false
	return p.branchRaw, p.memberRaw, ok
}

// dropPreloaded forgets what was read ahead for userID: it is being written.
func (u *Unit) dropUser(userID int64, lang, session bool) {
	p := u.preloaded()
	if p == nil || p.userID != userID {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if lang {
		p.langLive = false
	}
	if session {
		p.sessionLive = false
	}
}

// userBranches returns the branch index read ahead for userID, and the membership entry
// read ahead with it (branchID "" when none), once.
func (u *Unit) userBranches(userID int64) (ids []string, branchID string, memberRaw any, ok bool) {
	p := u.records()
	if p == nil || p.userID != userID {
		return nil, "", nil, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	ok = p.branchesLive
	p.branchesLive = false
	if p.branchLive { // the entry is consumed by BranchMember, not here
		branchID, memberRaw = p.branchID, p.memberRaw
	}
	return p.branches, branchID, memberRaw, ok
}

// meeting returns the record of branchID's meeting meetingID read ahead (ok false when
// another or none was read), once.
func (u *Unit) meeting(branchID, meetingID string) (raw string, ok bool) {
	p := u.records()
	if p == nil || p.branchID != branchID || p.meetingID != meetingID {
		return "", false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	ok = p.meetingLive
	p.meetingLive = false
	return p.meetingRaw, ok
}

// draftOf returns the draft of kind read ahead for userID (nil: none), once.
func (u *Unit) draftOf(userID int64, kind string) ([]byte, bool) {
	p := u.records()
	if p == nil || p.userID != userID || p.draftKind != kind {
		return nil, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	ok := p.draftLive
	p.draftLive = false
	return p.draft, ok
}

// dropDraft forgets the draft of kind read ahead for userID: it is being written.
func (u *Unit) dropDraft(userID int64, kind string) {
	p := u.preloaded()
	if p == nil || p.userID != userID || p.draftKind != kind {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.draftLive = false
}

// aheadParts are the parts of a branch and its meeting read ahead (see Unit.meetingParts).
type aheadParts struct {
	hashes          map[Parts]map[string]string
	material        []string
	branch, meeting bool // they existed
}

// meetingParts returns the parts of branchID and its meeting meetingID read ahead, with
// whether the branch and the meeting existed then, once; ok is false unless every part
// asked for was read ahead.
func (u *Unit) meetingParts(branchID, meetingID string, parts Parts) (aheadParts, bool) {
	p := u.records()
	if p == nil || p.branchID != branchID {
		return aheadParts{}, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if parts&PartMembers != 0 && !p.membersLive {
		return aheadParts{}, false
	}
	ofMeeting := parts &^ PartMembers
	if ofMeeting != 0 && (p.partsLive&ofMeeting != ofMeeting || p.meetingID != meetingID) {
		return aheadParts{}, false
	}
	out := aheadParts{hashes: map[Parts]map[string]string{}}
	if parts&PartMembers != 0 {
		out.hashes[PartMembers], p.membersLive = p.members, false
	}
	for part, h := range p.hashes {
		if parts&part != 0 {
			out.hashes[part] = h
		}
	}
	if parts&PartMaterial != 0 {
		out.material = p.material
	}
	p.partsLive &^= ofMeeting
	_, out.branch = p.branchRaw.(string)
	out.meeting = p.meetingID == meetingID && p.meetingRaw != ""
	return out, true
}
