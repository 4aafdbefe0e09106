package polish

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// The ways a model's answer fails; the caller falls back to the template's text on any.
var (
	ErrTimeout   = errors.New("the language model did not answer in time")
	ErrRefused   = errors.New("the language model refused")
	ErrEmpty     = errors.New("the language model's answer is empty")
	ErrMalformed = errors.New("the language model's answer is malformed")
)

// Message is one message of a chat completion.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// request is the whole body sent: nothing but the model, the messages and the temperature.
type request struct {
	Model       string    `json:"model"`
	Messages    []Message `json:"messages"`
	Temperature float64   `json:"temperature"`
}

type response struct {
	Choices []struct {
		Message struct {
			Content *string `json:"content"`
			Refusal string  `json:"refusal"`
		} `json:"message"`
		FinishReason string `json:"finish_reason"`
	} `json:"choices"`
}

// Client calls an OpenAI-compatible chat-completions API: POST {Endpoint}/chat/completions.
// Its errors name the endpoint without credentials and never hold the key or the answer.
type Client struct {
	Endpoint    string // e.g. https://llm.example.org/v1
	Model       string
	Key         string // sent as a bearer token; never logged or put in an error
	Timeout     time.Duration
	Temperature float64
	HTTP        *http.Client // nil: http.DefaultClient
}

// maxAnswer caps what is read of an answer.
const maxAnswer = 1 << 20

// Complete sends the messages and returns the first choice's text.
func (c *Client) Complete(ctx context.Context, msgs []Message) (string, error) {
	if c.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.Timeout)
		defer cancel()
	}
	body, err := json.Marshal(request{Model: c.Model, Messages: msgs, Temperature: c.Temperature})
	if err != nil {
		return "", fmt.Errorf("chat completion: %w", err)
	}
	where := strings.TrimRight(c.Endpoint, "/") + "/chat/completions"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, where, bytes.NewReader(body))
	if err != nil {
		return "", fmt.Errorf("chat completion at %s: bad endpoint", redact(c.Endpoint))
	}
	req.Header.Set("Content-Type", "application/json")
	if c.Key != "" {
		req.Header.Set("Authorization", "Bearer "+c.Key)
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return "", fmt.Errorf("chat completion at %s: %w", redact(c.Endpoint), ErrTimeout)
		}
		// The transport's error quotes the URL, which the endpoint's own credentials may be in.
		return "", fmt.Errorf("chat completion at %s: request failed", redact(c.Endpoint))
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		if ctx.Err() != nil {
			return "", fmt.Errorf("chat completion at %s: %w", redact(c.Endpoint), ErrTimeout)
		}
		return "", fmt.Errorf("chat completion at %s: reading the answer failed", redact(c.Endpoint))
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("chat completion at %s: HTTP %d", redact(c.Endpoint), resp.StatusCode)
	}
	var r response
	if err := json.Unmarshal(raw, &r); err != nil || len(r.Choices) == 0 {
		return "", fmt.Errorf("chat completion at %s: %w", redact(c.Endpoint), ErrMalformed)
	}
	ch := r.Choices[0]
	switch {
	case ch.Message.Refusal != "" || ch.FinishReason == "content_filter":
		return "", fmt.Errorf("chat completion at %s: %w", redact(c.Endpoint), ErrRefused)
	case ch.Message.Content == nil || strings.TrimSpace(*ch.Message.Content) == "":
		return "", fmt.Errorf("chat completion at %s: %w", redact(c.Endpoint), ErrEmpty)
	}
	return *ch.Message.Content, nil
}

// Host is where a model's endpoint is, as errors and /polish name it: scheme and host, no
// user, query or path ("" when it names none).
func Host(endpoint string) string {
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// redact is the endpoint as errors name it (Host, or a placeholder).
func redact(endpoint string) string {
	if h := Host(endpoint); h != "" {
		return h
	}
	return "(the configured endpoint)"
}
