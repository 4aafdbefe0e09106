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

// CreateBranch stores a new branch with its secretary as first member (Role set to
// RoleSecretary, b.SecretaryID set to them), then indexes the secretary. A zero CreatedAt or
// JoinedAt is set to now. An id already taken gives ErrExists.
func (r *Records) CreateBranch(ctx context.Context, b orglife.Branch, secretary orglife.Member) error {
	if !validBranchID(b.ID) {
		return fmt.Errorf("create branch %q: bad id", b.ID)
	}
	if secretary.UserID == 0 {
		return fmt.Errorf("create branch %s: no secretary", b.ID)
	}
	if b.CreatedAt.IsZero() {
		b.CreatedAt = time.Now().UTC()
	}
	if secretary.JoinedAt.IsZero() {
		secretary.JoinedAt = b.CreatedAt
	}
	secretary.Role = orglife.RoleSecretary
	b.SecretaryID = secretary.UserID
	bj, err := encode(b)
	if err != nil {
		return fmt.Errorf("create branch %s: %w", b.ID, err)
	}
	mj, err := encode(secretary)
	if err != nil {
		return fmt.Errorf("create branch %s: %w", b.ID, err)
	}
	bk, mk := r.keys.Branch(b.ID), r.keys.BranchMembers(b.ID)
	err = r.watch(ctx, func(tx *redis.Tx) error {
		n, err := tx.Exists(ctx, bk).Result()
		if err != nil {
			return err
		}
		if n > 0 {
			return ErrExists
		}
		_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.Set(ctx, bk, bj, 0)
			p.HSet(ctx, mk, uidField(secretary.UserID), mj)
			return nil
		})
		return err
	}, bk, mk)
	if err != nil {
		return fmt.Errorf("create branch %s: %w", b.ID, err)
	}
	if err := r.index(ctx, secretary.UserID, b.ID); err != nil {
		return fmt.Errorf("create branch %s: %w", b.ID, err)
	}
	return nil
}

// Branch loads a branch; orglife.ErrNotFound when there is none.
func (r *Records) Branch(ctx context.Context, id string) (orglife.Branch, error) {
	var b orglife.Branch
	if !validBranchID(id) {
		return b, fmt.Errorf("load branch %q: %w", id, orglife.ErrNotFound)
	}
	if err := getJSON(ctx, r.rdb, r.keys.Branch(id), &b); err != nil {
		return orglife.Branch{}, fmt.Errorf("load branch %s: %w", id, err)
	}
	return b, nil
}

// Members lists a branch's members by JoinedAt, then UserID; orglife.ErrNotFound for an unknown branch.
func (r *Records) Members(ctx context.Context, branchID string) ([]orglife.Member, error) {
	if !validBranchID(branchID) {
		return nil, fmt.Errorf("load members of branch %q: %w", branchID, orglife.ErrNotFound)
	}
	var exists *redis.IntCmd
	var all *redis.MapStringStringCmd
	_, err := r.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		exists = p.Exists(ctx, r.keys.Branch(branchID))
		all = p.HGetAll(ctx, r.keys.BranchMembers(branchID))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load members of branch %s: %w", branchID, err)
	}
	if exists.Val() == 0 {
		return nil, fmt.Errorf("load members of branch %s: %w", branchID, orglife.ErrNotFound)
	}
	ms, err := decodeAll[orglife.Member](all.Val())
	if err != nil {
		return nil, fmt.Errorf("load members of branch %s: %w", branchID, err)
	}
	sortMembers(ms)
	return ms, nil
}

// Member loads one member of a branch; ok is false when the user is not a member, and
// orglife.ErrNotFound is returned for an unknown branch.
func (r *Records) Member(ctx context.Context, branchID string, userID int64) (orglife.Member, bool, error) {
	if !validBranchID(branchID) {
		return orglife.Member{}, false, fmt.Errorf("load member %d of branch %q: %w", userID, branchID, orglife.ErrNotFound)
	}
	var exists *redis.IntCmd
	var raw *redis.StringCmd
	_, err := r.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		exists = p.Exists(ctx, r.keys.Branch(branchID))
		raw = p.HGet(ctx, r.keys.BranchMembers(branchID), uidField(userID))
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return orglife.Member{}, false, fmt.Errorf("load member %d of branch %s: %w", userID, branchID, err)
	}
	if exists.Val() == 0 {
		return orglife.Member{}, false, fmt.Errorf("load member %d of branch %s: %w", userID, branchID, orglife.ErrNotFound)
	}
	if errors.Is(raw.Err(), redis.Nil) {
		return orglife.Member{}, false, nil
	}
	var m orglife.Member
	if err := decode([]byte(raw.Val()), &m); err != nil {
		return orglife.Member{}, false, fmt.Errorf("load member %d of branch %s: %w", userID, branchID, err)
	}
	return m, true, nil
}

// BranchMember loads a branch and one person's membership of it in one round trip (none
// when they were read ahead for the update and u holds them, see Ahead): what Branch and
// Member return, read together. What was read ahead is as old as the update's queueing, so
// only the handler's access check, which comes before anything it writes, passes u; every
// other read passes nil. ok is false when the user is not a member;
// orglife.ErrNotFound when the branch does not exist.
func (r *Records) BranchMember(ctx context.Context, u *Unit, branchID string, userID int64) (orglife.Branch, orglife.Member, bool, error) {
	var b orglife.Branch
	var m orglife.Member
	if !validBranchID(branchID) {
		return b, m, false, fmt.Errorf("load branch %q: %w", branchID, orglife.ErrNotFound)
	}
	braw, mraw, ok := u.branchMember(branchID, userID)
	if !ok {
		raw, err := branchMemberLua.Run(ctx, r.rdb, []string{r.keys.Branch(branchID), r.keys.BranchMembers(branchID)}, uidField(userID)).Slice()
		if err != nil {
			return b, m, false, fmt.Errorf("load branch %s and member %d: %w", branchID, userID, err)
		}
		if len(raw) != 2 {
			return b, m, false, fmt.Errorf("load branch %s and member %d: unexpected reply %v", branchID, userID, raw)
		}
		braw, mraw = raw[0], raw[1]
	}
	bs, found := braw.(string)
	if !found {
		return b, m, false, fmt.Errorf("load branch %s: %w", branchID, orglife.ErrNotFound)
	}
	if err := decode([]byte(bs), &b); err != nil {
		return orglife.Branch{}, m, false, fmt.Errorf("load branch %s: %w", branchID, err)
	}
	ms, isMember := mraw.(string)
	if !isMember {
		return b, m, false, nil
	}
	if err := decode([]byte(ms), &m); err != nil {
		return b, orglife.Member{}, false, fmt.Errorf("load member %d of branch %s: %w", userID, branchID, err)
	}
	return b, m, true, nil
}

// branchMemberLua reads a branch's record and one member's entry at one instant (both keys
// share the branch's hash tag): {branch or nil, member or nil}.
var branchMemberLua = redis.NewScript(`return {redis.call('GET', KEYS[1]), redis.call('HGET', KEYS[2], ARGV[1])}`)

// AddMember adds a person to a branch and indexes them. It is idempotent: an existing member
// keeps their role, name and JoinedAt, and added is false; the index is written either way,
// which repairs it. Role RoleStranger becomes RoleMember; RoleSecretary is refused
// (ErrSecretaryRole). A zero JoinedAt is set to now.
func (r *Records) AddMember(ctx context.Context, branchID string, m orglife.Member) (bool, error) {
	if !validBranchID(branchID) {
		return false, fmt.Errorf("add member %d to branch %q: %w", m.UserID, branchID, orglife.ErrNotFound)
	}
	if m.UserID == 0 {
		return false, fmt.Errorf("add member to branch %s: no user id", branchID)
	}
	switch m.Role {
	case orglife.RoleStranger:
		m.Role = orglife.RoleMember
	case orglife.RoleMember, orglife.RoleCommittee:
	case orglife.RoleSecretary:
		return false, fmt.Errorf("add member %d to branch %s: %w", m.UserID, branchID, ErrSecretaryRole)
	default:
		return false, fmt.Errorf("add member %d to branch %s: bad role %d", m.UserID, branchID, m.Role)
	}
	if m.JoinedAt.IsZero() {
		m.JoinedAt = time.Now().UTC()
	}
	mj, err := encode(m)
	if err != nil {
		return false, fmt.Errorf("add member %d to branch %s: %w", m.UserID, branchID, err)
	}
	keys := []string{r.keys.Branch(branchID), r.keys.BranchMembers(branchID)}
	n, err := r.addMemberLua.Run(ctx, r.rdb, keys, uidField(m.UserID), mj).Int()
	if err != nil {
		return false, fmt.Errorf("add member %d to branch %s: %w", m.UserID, branchID, err)
	}
	if n < 0 {
		return false, fmt.Errorf("add member %d to branch %s: %w", m.UserID, branchID, orglife.ErrNotFound)
	}
	if err := r.index(ctx, m.UserID, branchID); err != nil {
		return n == 1, fmt.Errorf("add member %d to branch %s: %w", m.UserID, branchID, err)
	}
	return n == 1, nil
}

// RemoveMember takes a person out of a branch and out of the index (and forgets the branch
// as their chosen one) and drops their leave. Their records stay. The secretary cannot be removed
// (ErrSecretaryRole: hand over first); a non-member gives ErrNotMember.
func (r *Records) RemoveMember(ctx context.Context, branchID string, userID int64) error {
	err := r.changeMembers(ctx, branchID, func(b *orglife.Branch, get memberGetter) (map[int64]orglife.Member, bool, error) {
		m, err := get(userID)
		if err != nil {
			return nil, false, err
		}
		if b.SecretaryID == userID || m.Role == orglife.RoleSecretary {
			return nil, false, ErrSecretaryRole
		}
		return map[int64]orglife.Member{userID: {}}, false, nil
	})
	if err != nil {
		return fmt.Errorf("remove member %d from branch %s: %w", userID, branchID, err)
	}
	if err := r.unindex(ctx, userID, branchID); err != nil {
		return fmt.Errorf("remove member %d from branch %s: %w", userID, branchID, err)
	}
	// Their leave (请假) is nobody's business any more.
	if err := r.rdb.HDel(ctx, r.keys.BranchLeaves(branchID), uidField(userID)).Err(); err != nil {
		return fmt.Errorf("remove member %d from branch %s: leave: %w", userID, branchID, err)
	}
	return nil
}

// SetRole makes a member a committee member or a plain member. It refuses RoleSecretary and
// any change to the secretary's role (ErrSecretaryRole: use HandOver); a non-member gives
// ErrNotMember.
func (r *Records) SetRole(ctx context.Context, branchID string, userID int64, role orglife.Role) error {
	switch role {
	case orglife.RoleMember, orglife.RoleCommittee:
	case orglife.RoleSecretary:
		return fmt.Errorf("set role of %d in branch %s: %w", userID, branchID, ErrSecretaryRole)
	default:
		return fmt.Errorf("set role of %d in branch %s: bad role %d", userID, branchID, role)
	}
	err := r.changeMembers(ctx, branchID, func(b *orglife.Branch, get memberGetter) (map[int64]orglife.Member, bool, error) {
		m, err := get(userID)
		if err != nil {
			return nil, false, err
		}
		if b.SecretaryID == userID || m.Role == orglife.RoleSecretary {
			return nil, false, ErrSecretaryRole
		}
		m.UserID, m.Role = userID, role
		return map[int64]orglife.Member{userID: m}, false, nil
	})
	if err != nil {
		return fmt.Errorf("set role of %d in branch %s: %w", userID, branchID, err)
	}
	return nil
}

// HandOver makes member to the secretary, the secretary from a committee member and sets
// Branch.SecretaryID, all in one transaction. from must be the secretary (ErrNotSecretary)
// and to a member (ErrNotMember); handing over to oneself changes nothing.
func (r *Records) HandOver(ctx context.Context, branchID string, from, to int64) error {
	err := r.changeMembers(ctx, branchID, func(b *orglife.Branch, get memberGetter) (map[int64]orglife.Member, bool, error) {
		if b.SecretaryID != from {
			return nil, false, ErrNotSecretary
		}
		newSec, err := get(to)
		if err != nil {
			return nil, false, err
		}
		if from == to {
			return nil, false, nil
		}
		newSec.UserID, newSec.Role = to, orglife.RoleSecretary
		change := map[int64]orglife.Member{to: newSec}
		old, err := get(from)
		switch {
		case err == nil:
			old.UserID, old.Role = from, orglife.RoleCommittee
			change[from] = old
		case !errors.Is(err, ErrNotMember):
			return nil, false, err
		}
		b.SecretaryID = to
		return change, true, nil
	})
	if err != nil {
		return fmt.Errorf("hand over branch %s from %d to %d: %w", branchID, from, to, err)
	}
	return nil
}

// memberGetter loads one member inside a transaction; ErrNotMember when absent.
type memberGetter func(userID int64) (orglife.Member, error)

// changeMembers runs decide under WATCH of the branch and its members and applies what it
// returns in one MULTI/EXEC: members to write (a zero Member, UserID 0, deletes) and
// whether to write the branch back. orglife.ErrNotFound for an unknown branch.
func (r *Records) changeMembers(ctx context.Context, branchID string,
	decide func(b *orglife.Branch, get memberGetter) (map[int64]orglife.Member, bool, error)) error {
	if !validBranchID(branchID) {
		return orglife.ErrNotFound
	}
	bk, mk := r.keys.Branch(branchID), r.keys.BranchMembers(branchID)
	return r.watch(ctx, func(tx *redis.Tx) error {
		var b orglife.Branch
		if err := getJSON(ctx, tx, bk, &b); err != nil {
			return err
		}
		get := func(userID int64) (orglife.Member, error) {
			var m orglife.Member
			err := hgetJSON(ctx, tx, mk, uidField(userID), &m)
			if errors.Is(err, orglife.ErrNotFound) {
				return m, ErrNotMember
			}
			return m, err
		}
		change, writeBranch, err := decide(&b, get)
		if err != nil {
			return err
		}
		if len(change) == 0 && !writeBranch {
			return nil
		}
		enc := map[string]string{}
		var del []string
		for uid, m := range change {
			if m.UserID == 0 {
				del = append(del, uidField(uid))
				continue
			}
			j, err := encode(m)
			if err != nil {
				return err
			}
			enc[uidField(uid)] = j
		}
		bj, err := encode(b)
		if err != nil {
			return err
		}
		_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			if len(del) > 0 {
				p.HDel(ctx, mk, del...)
			}
			if len(enc) > 0 {
				p.HSet(ctx, mk, enc)
			}
			if writeBranch {
				p.Set(ctx, bk, bj, 0)
			}
			return nil
		})
		return err
	}, bk, mk)
}

func uidField(userID int64) string { return strconv.FormatInt(userID, 10) }

// SetTimezone records the IANA zone a branch's days and reminders are read in ("" for the
// deployment's); the caller has checked the name.
func (r *Records) SetTimezone(ctx context.Context, branchID, zone string) error {
	return r.changeBranch(ctx, branchID, "time zone", func(b *orglife.Branch) { b.Timezone = zone })
}

// SetRetention records what /forgetme does in the branch ("" for the deployment's).
func (r *Records) SetRetention(ctx context.Context, branchID string, ret orglife.Retention) error {
	return r.changeBranch(ctx, branchID, "retention", func(b *orglife.Branch) { b.Retention = ret })
}

// SetPolish records whether the branch's documents offer polishing by a language model.
func (r *Records) SetPolish(ctx context.Context, branchID string, on bool) error {
	return r.changeBranch(ctx, branchID, "polish", func(b *orglife.Branch) { b.Polish = on })
}

// ChangeOwnDays applies change to a branch's own days off and working days, read and written
// under the branch's watch so that two changes at once both count, and returns the branch as
// written. An error of change writes nothing and is returned as it is.
func (r *Records) ChangeOwnDays(ctx context.Context, branchID string, change func(b *orglife.Branch) error) (orglife.Branch, error) {
	var out orglife.Branch
	var refused error
	err := r.changeMembers(ctx, branchID, func(b *orglife.Branch, _ memberGetter) (map[int64]orglife.Member, bool, error) {
		if refused = change(b); refused != nil {
			return nil, false, refused
		}
		out = *b
		return nil, true, nil
	})
	if refused != nil {
		return orglife.Branch{}, refused
	}
	if err != nil {
		return orglife.Branch{}, fmt.Errorf("set own days of branch %s: %w", branchID, err)
	}
	return out, nil
}

// changeBranch applies change to the branch record alone, under the same watch as members.
func (r *Records) changeBranch(ctx context.Context, branchID, what string, change func(b *orglife.Branch)) error {
	err := r.changeMembers(ctx, branchID, func(b *orglife.Branch, _ memberGetter) (map[int64]orglife.Member, bool, error) {
		change(b)
		return nil, true, nil
	})
	if err != nil {
		return fmt.Errorf("set %s of branch %s: %w", what, branchID, err)
	}
	return nil
}
