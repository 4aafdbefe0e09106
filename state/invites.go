package state

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"strings"

	"orglife"
)

// Invite codes are <branchID>-<random>: the branch id finds the invite's key without any
// key outside the branch's slot, and the random part (26 characters of crypto/rand.Text,
// 130 bits) makes it unguessable. At most 32+1+26 = 59 characters of [A-Za-z0-9_-], which a
// Telegram deep link (/start <code>, at most 64) carries as is.
const (
	minInviteSecret = 16
	maxInviteCode   = 64
)

// NewInviteCode returns a fresh invite code for a branch.
func NewInviteCode(branchID string) string { return branchID + "-" + rand.Text() }

// parseInviteCode splits a code into its branch id; ok is false for anything malformed.
func parseInviteCode(code string) (branchID string, ok bool) {
	if len(code) > maxInviteCode {
		return "", false
	}
	i := strings.LastIndexByte(code, '-')
	if i < 0 {
		return "", false
	}
	branchID, secret := code[:i], code[i+1:]
	if !validBranchID(branchID) || len(secret) < minInviteSecret || strings.IndexFunc(secret, notWordByte) >= 0 {
		return "", false
	}
	return branchID, true
}

// SaveInvite stores inv as its branch's one live invite, revoking the one before. The code
// must be well formed and name inv.BranchID; orglife.ErrNotFound for an unknown branch. Expiry is
// kept in the invite, not as a TTL.
func (r *Records) SaveInvite(ctx context.Context, inv orglife.Invite) error {
	if id, ok := parseInviteCode(inv.Code); !ok || id != inv.BranchID {
		return fmt.Errorf("save invite of branch %q: malformed code", inv.BranchID)
	}
	j, err := encode(inv)
	if err != nil {
		return fmt.Errorf("save invite of branch %s: %w", inv.BranchID, err)
	}
	keys := []string{r.keys.Branch(inv.BranchID), r.keys.BranchInvite(inv.BranchID)}
	n, err := r.saveInviteLua.Run(ctx, r.rdb, keys, j).Int()
	if err != nil {
		return fmt.Errorf("save invite of branch %s: %w", inv.BranchID, err)
	}
	if n == 0 {
		return fmt.Errorf("save invite of branch %s: %w", inv.BranchID, orglife.ErrNotFound)
	}
	return nil
}

// RevokeInvite drops a branch's live invite, if any.
func (r *Records) RevokeInvite(ctx context.Context, branchID string) error {
	if !validBranchID(branchID) {
		return nil
	}
	if err := r.rdb.Del(ctx, r.keys.BranchInvite(branchID)).Err(); err != nil {
		return fmt.Errorf("revoke invite of branch %s: %w", branchID, err)
	}
	return nil
}

// CurrentInvite is a branch's live invite, expired or not (inv.Valid(now) tells);
// orglife.ErrNotFound when it has none.
func (r *Records) CurrentInvite(ctx context.Context, branchID string) (orglife.Invite, error) {
	if !validBranchID(branchID) {
		return orglife.Invite{}, fmt.Errorf("current invite of branch %q: %w", branchID, orglife.ErrNotFound)
	}
	var inv orglife.Invite
	if err := getJSON(ctx, r.rdb, r.keys.BranchInvite(branchID), &inv); err != nil {
		return orglife.Invite{}, fmt.Errorf("current invite of branch %s: %w", branchID, err)
	}
	return inv, nil
}

// LookupInvite finds the invite a code names. Unknown, replaced, revoked and malformed codes
// (any input at all) give orglife.ErrNotFound. Whether it has expired is the caller's check:
// inv.Valid(now).
func (r *Records) LookupInvite(ctx context.Context, code string) (orglife.Invite, error) {
	branchID, ok := parseInviteCode(code)
	if !ok {
		return orglife.Invite{}, fmt.Errorf("look up invite: %w", orglife.ErrNotFound)
	}
	var inv orglife.Invite
	if err := getJSON(ctx, r.rdb, r.keys.BranchInvite(branchID), &inv); err != nil {
		return orglife.Invite{}, fmt.Errorf("look up invite of branch %s: %w", branchID, err)
	}
	if subtle.ConstantTimeCompare([]byte(inv.Code), []byte(code)) != 1 {
		return orglife.Invite{}, fmt.Errorf("look up invite of branch %s: %w", branchID, orglife.ErrNotFound)
	}
	return inv, nil
}
