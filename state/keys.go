package state

import "fmt"

// Keys names every Redis key orglife uses; nothing else spells a key. Keys that scripts
// touch together share a hash tag ({inbox}, {rate}) so that a Redis Cluster keeps them in
// one slot.
type Keys struct{ prefix string }

// NewKeys returns the key names under prefix (for example "orglife").
func NewKeys(prefix string) Keys { return Keys{prefix: prefix} }

// Seen marks an update_id as queued, so a redelivered update is dropped.
func (k Keys) Seen(updateID int) string { return fmt.Sprintf("%s:{inbox}:seen:%d", k.prefix, updateID) }

// Inbox is the list of one chat's updates waiting to be handled, oldest first.
func (k Keys) Inbox(chat string) string { return fmt.Sprintf("%s:{inbox}:chat:%s", k.prefix, chat) }

// InboxLock is the lease of the instance that handles a chat's updates right now.
func (k Keys) InboxLock(chat string) string {
	return fmt.Sprintf("%s:{inbox}:lock:%s", k.prefix, chat)
}

// InboxPending is the set of chats whose inbox is not empty.
func (k Keys) InboxPending() string { return k.prefix + ":{inbox}:pending" }

// RateGlobal is the outbound rate state of the bot token as a whole.
func (k Keys) RateGlobal() string { return k.prefix + ":{rate}:global" }

// RateChat is the outbound rate state of one chat.
func (k Keys) RateChat(chatID int64) string {
	return fmt.Sprintf("%s:{rate}:chat:%d", k.prefix, chatID)
}

// User holds one Telegram user's settings (language, whether the bot can reach them).
func (k Keys) User(userID int64) string { return fmt.Sprintf("%s:user:%d", k.prefix, userID) }

// Session holds the state of one user's conversation in one chat. Sessions share the
// hash tag {sessions} with the idle index, so saving one updates both atomically.
func (k Keys) Session(chatID, userID int64) string {
	return fmt.Sprintf("%s:{sessions}:%d:%d", k.prefix, chatID, userID)
}

// SessionsIdle orders open sessions by the time they fall idle, for the sweep that ends them.
func (k Keys) SessionsIdle() string { return k.prefix + ":{sessions}:idle" }

// Records keys. Everything of one branch lives under the hash tag {b:<branchID>}, so that a
// Redis Cluster keeps the branch in one slot and one MULTI/EXEC or script can touch any of
// its keys. The per-user index keys and the global counter are outside every branch slot.

// branchTag is the common start of every key of one branch.
func (k Keys) branchTag(branchID string) string { return k.prefix + ":{b:" + branchID + "}" }

// meetingTag is the common start of every key of one meeting, inside its branch's slot.
func (k Keys) meetingTag(branchID, meetingID string) string {
	return k.branchTag(branchID) + ":m:" + meetingID
}

// BranchSeq is the global counter that numbers branches.
func (k Keys) BranchSeq() string { return k.prefix + ":seq:branch" }

// Branch holds one branch as JSON (orglife.Branch).
func (k Keys) Branch(branchID string) string { return k.branchTag(branchID) + ":branch" }

// BranchMembers is the hash of a branch's members: user id → JSON orglife.Member. It is the
// truth about who belongs to the branch.
func (k Keys) BranchMembers(branchID string) string { return k.branchTag(branchID) + ":members" }

// BranchInvite holds the branch's one live invite as JSON (orglife.Invite).
func (k Keys) BranchInvite(branchID string) string { return k.branchTag(branchID) + ":invite" }

// BranchIDSeq is the counter that numbers a branch's meetings and records.
func (k Keys) BranchIDSeq(branchID string) string { return k.branchTag(branchID) + ":seq" }

// IDDrawn is the id a branch's sequence gave the update named by token (see
// Records.NextIDFor): kept for as long as the update may be handled again.
func (k Keys) IDDrawn(branchID, token string) string {
	return k.branchTag(branchID) + ":drawn:" + token
}

// BranchMeetings is the hash of a branch's meetings: meeting id → JSON orglife.Meeting.
func (k Keys) BranchMeetings(branchID string) string { return k.branchTag(branchID) + ":meetings" }

// MeetingPoints is the hash of a meeting's self-examination points: id → JSON orglife.Point.
func (k Keys) MeetingPoints(branchID, meetingID string) string {
	return k.meetingTag(branchID, meetingID) + ":points"
}

// MeetingPointLog is the list of changes to a meeting's points, oldest first (JSON orglife.PointChange).
func (k Keys) MeetingPointLog(branchID, meetingID string) string {
	return k.meetingTag(branchID, meetingID) + ":pointlog"
}

// MeetingBranchProblems is the hash of a meeting's branch problems (支部班子问题): id → JSON
// orglife.BranchProblem.
func (k Keys) MeetingBranchProblems(branchID, meetingID string) string {
	return k.meetingTag(branchID, meetingID) + ":bproblems"
}

// MeetingBranchProblemLog is the list of changes to a meeting's branch problems, oldest first
// (JSON orglife.BranchProblemChange).
func (k Keys) MeetingBranchProblemLog(branchID, meetingID string) string {
	return k.meetingTag(branchID, meetingID) + ":bproblemlog"
}

// MeetingTalks is the hash of a meeting's talk records: id → JSON orglife.Talk.
func (k Keys) MeetingTalks(branchID, meetingID string) string {
	return k.meetingTag(branchID, meetingID) + ":talks"
}

// MeetingStudies is the hash of a meeting's study records: id → JSON orglife.Study.
func (k Keys) MeetingStudies(branchID, meetingID string) string {
	return k.meetingTag(branchID, meetingID) + ":studies"
}

// MeetingStudySessions is the hash of a meeting's collective study sessions: id → JSON
// orglife.StudySession.
func (k Keys) MeetingStudySessions(branchID, meetingID string) string {
	return k.meetingTag(branchID, meetingID) + ":studysessions"
}

// MeetingMinutes holds the record of the meeting itself as JSON (orglife.Minutes).
func (k Keys) MeetingMinutes(branchID, meetingID string) string {
	return k.meetingTag(branchID, meetingID) + ":minutes"
}

// MeetingCalendar is the hash of what the latest calendar file (.ics) of a meeting said of
// each event: UID → JSON state.CalendarEvent, which keeps each event's SEQUENCE.
func (k Keys) MeetingCalendar(branchID, meetingID string) string {
	return k.meetingTag(branchID, meetingID) + ":calendar"
}

// MeetingMaterialDone is the set of user ids who finished their comparison-check material.
func (k Keys) MeetingMaterialDone(branchID, meetingID string) string {
	return k.meetingTag(branchID, meetingID) + ":material"
}

// UserBranches is the set of branch ids a user belongs to: a lookup aid, not the truth
// (that is each branch's members hash).
func (k Keys) UserBranches(userID int64) string {
	return fmt.Sprintf("%s:user:%d:branches", k.prefix, userID)
}

// UserBranch holds the id of the branch a user chose to work in.
func (k Keys) UserBranch(userID int64) string {
	return fmt.Sprintf("%s:user:%d:branch", k.prefix, userID)
}

// Draft holds a user's half-written answer of one kind, kept until it is finished or dropped.
func (k Keys) Draft(userID int64, kind string) string {
	return fmt.Sprintf("%s:user:%d:draft:%s", k.prefix, userID, kind)
}

// Scheduler keys. Everything the reminder store's scripts touch together carries the hash
// tag {sched}, so that a Redis Cluster keeps it in one slot.

// schedTag is the common start of every scheduler key.
func (k Keys) schedTag() string { return k.prefix + ":{sched}" }

// SchedDue orders the reminders waiting to be sent by due time (unix milliseconds).
func (k Keys) SchedDue() string { return k.schedTag() + ":due" }

// SchedFlight orders the reminders being sent by the end of their lease (unix milliseconds).
func (k Keys) SchedFlight() string { return k.schedTag() + ":flight" }

// SchedReminders is the hash of stored reminders: key → JSON orglife.Reminder.
func (k Keys) SchedReminders() string { return k.schedTag() + ":r" }

// SchedGroup is the hash of one group's plan (for example a meeting's step reminders):
// reminder key → the JSON last planned for it, kept after it was sent so that planning the
// same again does not send it twice.
func (k Keys) SchedGroup(group string) string { return k.schedTag() + ":group:" + group }

// SchedSent marks that a reminder is being sent, or was sent, to one user.
func (k Keys) SchedSent(reminderKey string, userID int64) string {
	return fmt.Sprintf("%s:sent:%s:%d", k.schedTag(), reminderKey, userID)
}

// SchedTally counts the reminders one user got on one day (YYYY-MM-DD in the branch's zone).
func (k Keys) SchedTally(userID int64, day string) string {
	return fmt.Sprintf("%s:tally:%d:%s", k.schedTag(), userID, day)
}

// BranchLeaves is the hash of a branch's members' leaves: user id → JSON orglife.Leave.
func (k Keys) BranchLeaves(branchID string) string { return k.branchTag(branchID) + ":leaves" }

// BranchDigest holds what is kept of the branch's latest secretary digest (JSON
// orglife.DigestSnapshot).
func (k Keys) BranchDigest(branchID string) string { return k.branchTag(branchID) + ":digest" }

// MeetingRectItems is the hash of a meeting's rectification items: id → JSON orglife.RectItem.
func (k Keys) MeetingRectItems(branchID, meetingID string) string {
	return k.meetingTag(branchID, meetingID) + ":rect"
}

// MeetingRectSeq is the counter that numbers a meeting's rectification items in its ledger.
func (k Keys) MeetingRectSeq(branchID, meetingID string) string {
	return k.meetingTag(branchID, meetingID) + ":rectseq"
}

// Flood is one user's token bucket for the flood limit (a hash, see floodLua). The name
// differs from the per-minute sets it replaced (floodset), so that an instance of each can
// run side by side during an upgrade.
func (k Keys) Flood(userID int64) string {
	return fmt.Sprintf("%s:floodbucket:%d", k.prefix, userID)
}
