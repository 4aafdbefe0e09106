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
	ids, err := r.rdb.SMembers(ctx, r.keys.UserBranches(userID)).Result()
	if err != nil {
		return nil, fmt.Errorf("load branches of user %d: %w", userID, err)
	}
	ids = slices.DeleteFunc(ids, func(id string) bool { return !validBranchID(id) })
	if len(ids) == 0 {
		return []string{}, nil
	}
	// A plain pipeline, not MULTI: the branches live in different slots.
	checks := make([]*redis.BoolCmd, len(ids))
	_, err = r.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			checks[i] = p.HExists(ctx, r.keys.BranchMembers(id), uidField(userID))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("check branches of user %d: %w", userID, err)
	}
	out := make([]string, 0, len(ids))
	for i, id := range ids {
		if checks[i].Val() {
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
