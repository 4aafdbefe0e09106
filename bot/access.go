package bot

import (
	"context"
	"fmt"

	"orglife"
)

// enterBranch finds the branch a command is about and checks the user's role in it. It
// answers the user itself when the command cannot go on (and then returns false).
func (h *Handlers) enterBranch(t *turn, c Command) (bool, error) {
	id, ok, err := h.currentBranchID(t, c.Name)
	if err != nil || !ok {
		return false, err
	}
	b, m, isMember, err := h.records.BranchMember(t.ctx, t.aheadForAccess(), id, t.userID)
	if err != nil {
		return false, err
	}
	if !isMember {
		return false, h.say(t.ctx, t.chatID, msgNotInBranch.In(t.lang))
	}
	return h.enterAs(t, c, b, m)
}

// enterAs enters branch b, where the user is m, for command c: false (and the user told why)
// when their role does not allow it.
func (h *Handlers) enterAs(t *turn, c Command, b orglife.Branch, m orglife.Member) (bool, error) {
	if !m.Role.Allows(c.Role) {
		if c.refusal.ZH != "" {
			return false, h.say(t.ctx, t.chatID, c.refusal.In(t.lang))
		}
		return false, h.say(t.ctx, t.chatID, fmt.Sprintf(msgRoleNeeded.In(t.lang), roleNames[c.Role].In(t.lang)))
	}
	t.branch, t.member = &b, &m
	return true, nil
}

// currentBranchID is the user's only branch or the one they chose; with several and no
// choice it asks, and runs command again once they have chosen.
func (h *Handlers) currentBranchID(t *turn, command string) (string, bool, error) {
	ids, err := h.records.UserBranchesOf(t.ctx, t.aheadBeforeAccess(), t.userID)
	if err != nil {
		return "", false, err
	}
	switch len(ids) {
	case 0:
		return "", false, h.say(t.ctx, t.chatID, msgNotInBranch.In(t.lang))
	case 1:
		return ids[0], true, nil
	}
	chosen, err := h.records.ChosenBranch(t.ctx, t.userID)
	if err != nil || chosen != "" {
		return chosen, chosen != "", err
	}
	return "", false, h.startFlow(t, h.flows[flowChooseBranch], "", answers{"then": command})
}

// roleNow is the user's role in their current branch, for /help; it never asks.
func (h *Handlers) roleNow(t *turn) (orglife.Role, string, error) {
	id, err := h.branchNow(t.ctx, t.userID)
	if err != nil || id == "" {
		return orglife.RoleStranger, "", err
	}
	m, _, err := h.records.Member(t.ctx, id, t.userID)
	if err != nil {
		return orglife.RoleStranger, "", err
	}
	b, err := h.records.Branch(t.ctx, id)
	return m.Role, b.Name, err
}

// roleOf is a user's role in their current branch (a stranger's in none).
func (h *Handlers) roleOf(ctx context.Context, userID int64) (orglife.Role, error) {
	id, err := h.branchNow(ctx, userID)
	if err != nil || id == "" {
		return orglife.RoleStranger, err
	}
	m, _, err := h.records.Member(ctx, id, userID)
	return m.Role, err
}

// branchNow is the user's only branch or the one they chose; "" when neither.
func (h *Handlers) branchNow(ctx context.Context, userID int64) (string, error) {
	ids, err := h.records.UserBranches(ctx, userID)
	if err != nil || len(ids) == 0 {
		return "", err
	}
	if len(ids) == 1 {
		return ids[0], nil
	}
	return h.records.ChosenBranch(ctx, userID)
}

func (h *Handlers) chooseBranch(t *turn) error {
	ids, err := h.records.UserBranches(t.ctx, t.userID)
	if err != nil {
		return err
	}
	switch len(ids) {
	case 0:
		return h.say(t.ctx, t.chatID, msgNotInBranch.In(t.lang))
	case 1:
		b, err := h.records.Branch(t.ctx, ids[0])
		if err != nil {
			return err
		}
		return h.say(t.ctx, t.chatID, fmt.Sprintf(msgOnlyOneBranch.In(t.lang), quote(b.Name)))
	}
	return h.startFlow(t, h.flows[flowChooseBranch], "", nil)
}

func (h *Handlers) branchOptions(t *turn, _ answers) ([]option, error) {
	ids, err := h.records.UserBranches(t.ctx, t.userID)
	if err != nil {
		return nil, err
	}
	var opts []option
	for _, id := range ids {
		b, err := h.records.Branch(t.ctx, id)
		if err != nil {
			return nil, err
		}
		opts = append(opts, option{label: b.Name, value: id})
	}
	return opts, nil
}

func (h *Handlers) finishChooseBranch(t *turn, a answers) error {
	x := answersAs[chooseBranchAnswers](a)
	if err := h.records.ChooseBranch(t.ctx, t.userID, x.Branch); err != nil {
		return err
	}
	h.syncMenu(t.ctx, t.userID)
	b, err := h.records.Branch(t.ctx, x.Branch)
	if err != nil {
		return err
	}
	if err := h.conclude(t, fmt.Sprintf(msgBranchChosen.In(t.lang), quote(b.Name))); err != nil {
		return err
	}
	if then, ok := h.lookupCommand(x.Then); ok {
		if err := h.store.DeleteSession(t.ctx, t.unit, t.chatID, t.userID); err != nil {
			return err
		}
		t.sess, t.query = nil, nil
		if ok, err := h.enterBranch(t, then); err != nil || !ok {
			return err
		}
		return then.run(t)
	}
	return nil
}
