// Package transport carries updates from Telegram to the handler and its messages back: the
// Bot API client, long polling and the webhook, the durable per-chat pipeline that hands each
// update to the handler with its unit of work (Work), the rate-limited sender, and their
// metrics. It knows no feature; bot's handlers are what it delivers to.
package transport
