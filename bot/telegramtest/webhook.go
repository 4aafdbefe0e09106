package telegramtest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"time"
)

// webhookState is a set webhook and its delivery worker. Guarded by Server.mu.
type webhookState struct {
	url            string
	secret         string
	ipAddress      string
	maxConnections int
	hasCert        bool
	lastErrorDate  time.Time
	lastError      string
	// ctx ends when the webhook is deleted or replaced, stopping its worker.
	ctx    context.Context
	cancel context.CancelFunc
}

func (s *Server) setWebhook(_ context.Context, req *apiRequest) (any, *apiError) {
	if req.get("url") == "" {
		// Telegram: "Use an empty string to remove webhook integration".
		return s.deleteWebhook(context.Background(), req)
	}
	if err := checkWebhookURL(req.get("url")); err != nil {
		return nil, err
	}
	secret := req.get("secret_token")
	if !validSecretToken(secret) {
		return nil, badRequest("secret token contains unallowed characters")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.updates.setAllowed(req.get("allowed_updates"))
	if req.boolParam("drop_pending_updates") {
		s.updates.pending = nil
	}
	if old := s.webhook; old != nil && old.url == req.get("url") && old.secret == secret {
		return described{true, "Webhook is already set"}, nil
	}
	s.stopWebhookLocked()
	ctx, cancel := context.WithCancel(context.Background())
	hook := &webhookState{
		url: req.get("url"), secret: secret, ipAddress: req.get("ip_address"),
		maxConnections: req.intParam("max_connections", 40), hasCert: req.has("certificate"),
		ctx: ctx, cancel: cancel,
	}
	s.webhook = hook
	s.notifyLocked()
	s.wg.Add(1)
	go s.deliverWebhook(hook)
	return described{true, "Webhook was set"}, nil
}

// checkWebhookURL requires HTTPS as Telegram does, but lets plain HTTP reach
// loopback addresses so that tests and local runs can listen without TLS.
func checkWebhookURL(raw string) *apiError {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return badRequest("bad webhook: Failed to resolve host: Name or service not known")
	}
	if u.Scheme == "https" || u.Scheme == "http" && isLoopback(u.Hostname()) {
		return nil
	}
	return badRequest("bad webhook: An HTTPS URL must be provided for webhook")
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// validSecretToken: 1-256 of A-Z, a-z, 0-9, _ and -, or none.
func validSecretToken(secret string) bool {
	if len(secret) > 256 {
		return false
	}
	for i := 0; i < len(secret); i++ {
		if !isCommandByte(secret[i]) && secret[i] != '-' {
			return false
		}
	}
	return true
}

func (s *Server) deleteWebhook(_ context.Context, req *apiRequest) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if req.boolParam("drop_pending_updates") {
		s.updates.pending = nil
	}
	if s.webhook == nil {
		return described{true, "Webhook is already deleted"}, nil
	}
	s.stopWebhookLocked()
	return described{true, "Webhook was deleted"}, nil
}

func (s *Server) stopWebhookLocked() {
	if s.webhook != nil {
		s.webhook.cancel()
		s.webhook = nil
		s.notifyLocked()
	}
}

func (s *Server) getWebhookInfo(context.Context, *apiRequest) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	info := wireWebhookInfo{PendingUpdateCount: len(s.updates.pending), AllowedUpdates: s.updates.allowedList()}
	if hook := s.webhook; hook != nil {
		info.URL, info.HasCustomCertificate, info.IPAddress = hook.url, hook.hasCert, hook.ipAddress
		info.MaxConnections, info.LastErrorMessage = hook.maxConnections, hook.lastError
		if !hook.lastErrorDate.IsZero() {
			info.LastErrorDate = hook.lastErrorDate.Unix()
		}
	}
	return info, nil
}

// deliverWebhook POSTs queued updates to the webhook one at a time, in order.
// An update leaves the queue only after a 2xx answer; otherwise it is sent
// again after WebhookRetryDelay, so the bot can see it twice.
func (s *Server) deliverWebhook(hook *webhookState) {
	defer s.wg.Done()
	for {
		u, wait := s.nextDelivery(hook)
		if u == nil {
			select {
			case <-wait:
				continue
			case <-hook.ctx.Done():
				return
			}
		}
		err := s.postUpdate(hook, u)
		s.delivered(hook, u, err)
		if err != nil {
			select {
			case <-time.After(s.opts.WebhookRetryDelay):
			case <-hook.ctx.Done():
				return
			}
		}
	}
}

// nextDelivery returns the update to deliver, or a channel to wait on.
func (s *Server) nextDelivery(hook *webhookState) (*queuedUpdate, <-chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.webhook != hook || len(s.updates.pending) == 0 {
		return nil, s.changed
	}
	return s.updates.pending[0], nil
}

func (s *Server) delivered(hook *webhookState, u *queuedUpdate, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		hook.lastErrorDate, hook.lastError = time.Now(), err.Error()
	} else if len(s.updates.pending) > 0 && s.updates.pending[0] == u {
		s.updates.pending = s.updates.pending[1:]
	}
	s.notifyLocked()
}

// postUpdate sends one update; any answer but 2xx is an error, worded as Telegram
// words it in getWebhookInfo's last_error_message.
func (s *Server) postUpdate(hook *webhookState, u *queuedUpdate) error {
	req, err := http.NewRequestWithContext(hook.ctx, http.MethodPost, hook.url, bytes.NewReader(u.raw))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if hook.secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", hook.secret)
	}
	resp, err := s.webhookHTTP.Do(req)
	if err != nil {
		return fmt.Errorf("Connection failed: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("Wrong response from the webhook: %s", resp.Status)
	}
	s.webhookReply(hook.ctx, resp.Header.Get("Content-Type"), body)
	return nil
}

// webhookReply runs a method call sent back in the webhook's answer, which the
// Bot API allows (tgbotapi.WriteToHTTPResponse); like Telegram, it ignores the result.
func (s *Server) webhookReply(ctx context.Context, contentType string, body []byte) {
	req := &apiRequest{params: map[string]string{}, files: map[string]*upload{}}
	mediaType, _, _ := mime.ParseMediaType(contentType)
	switch mediaType {
	case "application/json":
		if parseJSONBody(bytes.NewReader(body), req.params) != nil {
			return
		}
	case "application/x-www-form-urlencoded":
		values, err := url.ParseQuery(string(body))
		if err != nil {
			return
		}
		addValues(req.params, values)
	default:
		return
	}
	method := req.params["method"]
	if method == "" {
		return
	}
	delete(req.params, "method")
	s.call(ctx, s.token, method, req)
}
