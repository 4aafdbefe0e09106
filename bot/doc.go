// Package bot holds orglife's features on Telegram: the commands, conversations and buttons
// of secretaries and members, and the reminders they receive. Package transport delivers the
// updates (Handlers.Handle is its handler) and sends the replies.
package bot
