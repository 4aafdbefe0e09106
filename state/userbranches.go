package state

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/redis/go-redis/v9"

	"orglife"
)

// index records that userID belongs to branchID, after the branch write.
func (r *Records) index(ctx context.Context, userID int64, branchID string) error {
	if err := r.rdb.SAdd(ctx, r.keys.UserBranches(userID), branchID).Err(); err != nil {
		return fmt.Errorf("index user %d: %w (joining again repairs it)", userID, err)
	}
	return nil
}

// unindex forgets that userID belongs to branchID, and the branch as their choice.
func (r *Records) unindex(ctx context.Context, userID int64, branchID string) error {
	if err := r.rdb.SRem(ctx, r.keys.UserBranches(userID), branchID).Err(); err != nil {
		return fmt.Errorf("unindex user %d: %w", userID, err)
	}
	if err := r.clearChosenLua.Run(ctx, r.rdb, []string{r.keys.UserBranch(userID)}, branchID).Err(); err != nil {
		return fmt.Errorf("forget chosen branch of user %d: %w", userID, err)
	}
	return nil
}

// UserBranches lists the ids of the branches a user belongs to, in creation order (shorter
// id first, then by text: the order of base-36 counter ids). Index entries that the members
// hash does not confirm (left by a crash mid-removal) are skipped.
func (r *Records) UserBranches(ctx context.Context, userID int64) ([]string, error) {
	return r.UserBranchesOf(ctx, nil, userID)
}

// UserBranchesOf is UserBranches, served from what was read ahead for the update into u
// the first time it is asked for: the index, and the hinted branch's membership entry,
// which confirms that branch; only the index's other branches are checked in Redis. As
// with BranchMember, only the handler's access check passes u; u nil asks Redis.
func (r *Records) UserBranchesOf(ctx context.Context, u *Unit, userID int64) ([]string, error) {
	ids, hinted, memberRaw, ok := u.userBranches(userID)
	if !ok {
		var err error
		if ids, err = r.rdb.SMembers(ctx, r.keys.UserBranches(userID)).Result(); err != nil {
			return nil, fmt.Errorf("load branches of user %d: %w", userID, err)
		}
		hinted = ""
	}
	ids = slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return !validBranchID(id) })
	if len(ids) == 0 {
		return []string{}, nil
	}
	member := make(map[string]bool, len(ids))
	var unchecked []string
	for _, id := range ids {
		if id == hinted {
			member[id] = memberRaw != nil
		} else {
			unchecked = append(unchecked, id)
		}
	}
	if len(unchecked) > 0 {
		// A plain pipeline, not MULTI: the branches live in different slots.
		checks := make([]*redis.BoolCmd, len(unchecked))
		_, err := r.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
			for i, id := range unchecked {
				checks[i] = p.HExists(ctx, r.keys.BranchMembers(id), uidField(userID))
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("check branches of user %d: %w", userID, err)
		}
		for i, id := range unchecked {
			member[id] = checks[i].Val()
		}
	}
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if member[id] {
			out = append(out, id)
		}
	}
	slices.SortFunc(out, compareIDs)
	return out, nil
}

// ChosenBranch is the branch a user chose to work in, or "" when none is chosen or they
// no longer belong to it.
func (r *Records) ChosenBranch(ctx context.Context, userID int64) (string, error) {
	id, err := r.rdb.Get(ctx, r.keys.UserBranch(userID)).Result()
	if errors.Is(err, redis.Nil) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("load chosen branch of user %d: %w", userID, err)
	}
	_, ok, err := r.Member(ctx, id, userID)
	if errors.Is(err, orglife.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("load chosen branch of user %d: %w", userID, err)
	}
	if !ok {
		return "", nil
	}
	return id, nil
}

// ChooseBranch records the branch a user works in. orglife.ErrNotFound for an unknown branch,
// ErrNotMember when the user does not belong to it.
func (r *Records) ChooseBranch(ctx context.Context, userID int64, branchID string) error {
	_, ok, err := r.Member(ctx, branchID, userID)
	if err != nil {
		return fmt.Errorf("choose branch for user %d: %w", userID, err)
	}
	if !ok {
		return fmt.Errorf("choose branch %s for user %d: %w", branchID, userID, ErrNotMember)
	}
	if err := r.rdb.Set(ctx, r.keys.UserBranch(userID), branchID, 0).Err(); err != nil {
		return fmt.Errorf("choose branch %s for user %d: %w", branchID, userID, err)
	}
	return nil
}
