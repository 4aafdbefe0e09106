package transport

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// ClientOptions say how to reach the Bot API.
type ClientOptions struct {
	Token          string
	Endpoint       string // pattern with two %s: token, method
	RequestTimeout time.Duration
	PollTimeout    time.Duration
	ConnectTries   int // getMe attempts at start when the network fails; 0 means 5
}

// Client holds two views of the same bot: one for sending, whose calls run to completion,
// and one for long polling, whose calls are cut when polling stops. tgbotapi takes no
// context, so the polling view's transport carries one.
type Client struct {
	Send       *tgbotapi.BotAPI
	Poll       *tgbotapi.BotAPI
	stopPoll   context.CancelFunc
	redactions []string
}

// Connect checks the token with getMe (retrying network failures) and returns the client.
func Connect(ctx context.Context, opts ClientOptions) (*Client, error) {
	tries := opts.ConnectTries
	if tries <= 0 {
		tries = 5
	}
	sendHTTP := &http.Client{Timeout: opts.RequestTimeout, Transport: sendTransport()}
	var api *tgbotapi.BotAPI
	var err error
	for attempt := 1; ; attempt++ {
		api, err = tgbotapi.NewBotAPIWithClient(opts.Token, opts.Endpoint, sendHTTP)
		if err == nil {
			break
		}
		if tokenRefused(err) || attempt >= tries {
			return nil, connectError(opts, err)
		}
		if err := sleepCtx(ctx, time.Duration(attempt)*time.Second); err != nil {
			return nil, err
		}
	}
	pollCtx, stop := context.WithCancel(context.Background())
	poll := *api
	poll.Client = &http.Client{
		Timeout:   opts.PollTimeout + opts.RequestTimeout,
		Transport: ctxTransport{ctx: pollCtx, base: http.DefaultTransport.(*http.Transport).Clone()},
	}
	return &Client{Send: api, Poll: &poll, stopPoll: stop, redactions: []string{opts.Token}}, nil
}

// maxIdleBotAPIConns is how many connections to the Bot API are kept open between calls.
// Go's default keeps 2 per host, so with more sends than that in flight (one per chat
// being answered, the reminder workers) every call beyond the second paid for a new TCP
// (and, at Telegram, TLS) connection and dropped it after: under load that was the largest
// single cost of a reply. The sender's limits, not this, bound how many are in flight.
const maxIdleBotAPIConns = 128

// sendTransport is the HTTP transport of the sending view: Go's default, with connections
// kept for reuse by as many calls as run at once.
func sendTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = maxIdleBotAPIConns
	t.MaxIdleConnsPerHost = maxIdleBotAPIConns
	return t
}

// StopPolling cuts a getUpdates call in flight.
func (c *Client) StopPolling() { c.stopPoll() }

// Redact removes the token from s.
func (c *Client) Redact(s string) string { return redact(s, c.redactions...) }

func connectError(opts ClientOptions, err error) error {
	var apiErr *tgbotapi.Error
	if tokenRefused(err) && errors.As(err, &apiErr) {
		return fmt.Errorf("TELEGRAM_BOT_TOKEN was refused by the Bot API (%d %s): check the token from @BotFather and TELEGRAM_API_ENDPOINT",
			apiErr.Code, redact(apiErr.Message, opts.Token))
	}
	return fmt.Errorf("cannot reach the Bot API (%s): check TELEGRAM_API_ENDPOINT and the network",
		redact(err.Error(), opts.Token))
}

// tokenRefused tells the answers that no retry can change: Telegram answers 401 for a
// revoked token and 404 for a malformed one. A 429 or 5xx at start is worth waiting out.
func tokenRefused(err error) bool {
	var apiErr *tgbotapi.Error
	return errors.As(err, &apiErr) && (apiErr.Code == 401 || apiErr.Code == 404)
}

// redact replaces every secret in s; tgbotapi's errors carry the request URL, which holds the token.
// A URL shows a token with a character it escapes (a pasted quote, a full-width colon) escaped,
// and an unparsable URL is quoted in its error, so each of those forms is replaced too.
func redact(s string, secrets ...string) string {
	for _, sec := range secrets {
		if sec == "" {
			continue
		}
		quoted := strconv.Quote(sec)
		forms := []string{sec, (&url.URL{Path: sec}).EscapedPath(), url.PathEscape(sec), url.QueryEscape(sec), quoted[1 : len(quoted)-1]}
		slices.SortFunc(forms, func(a, b string) int { return len(b) - len(a) }) // a form inside a longer one goes with it
		for _, form := range forms {
			s = strings.ReplaceAll(s, form, "<redacted>")
		}
	}
	return s
}

type ctxTransport struct {
	ctx  context.Context
	base http.RoundTripper
}

func (t ctxTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return t.base.RoundTrip(r.WithContext(t.ctx))
}

// SetWebhook registers url with the secret Telegram will send back in
// X-Telegram-Bot-Api-Secret-Token; tgbotapi's WebhookConfig has no field for it.
func SetWebhook(ctx context.Context, s *Sender, url, secret string) error {
	allowed, _ := json.Marshal(allowedUpdates)
	params := tgbotapi.Params{"url": url, "secret_token": secret, "allowed_updates": string(allowed)}
	if _, err := s.Call(ctx, "setWebhook", params); err != nil {
		return fmt.Errorf("set webhook: %w", err)
	}
	return nil
}

// DeleteWebhook switches the bot to long polling, keeping the updates Telegram holds.
func DeleteWebhook(ctx context.Context, s *Sender) error {
	if _, err := s.Request(ctx, tgbotapi.DeleteWebhookConfig{}); err != nil {
		return fmt.Errorf("delete webhook: %w", err)
	}
	return nil
}

// allowedUpdates are the update kinds the bot handles.
var allowedUpdates = []string{"message", "edited_message", "callback_query", "my_chat_member"}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
