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

// Session holds the state of one user's conversation in one chat.
func (k Keys) Session(chatID, userID int64) string {
	return fmt.Sprintf("%s:session:%d:%d", k.prefix, chatID, userID)
}
