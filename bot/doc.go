// Package bot is orglife's Telegram side: it receives updates (long polling or webhook),
// queues them durably, handles each chat's updates in order, and sends every reply through
// one rate-limited sender.
package bot
