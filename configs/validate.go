package configs

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"orglife"
	"orglife/state"
)

// Validate checks every field and resolves Location from Timezone. It returns the first
// problem as one line naming the environment variable or YAML field to fix. It never
// quotes the token or the webhook secret.
func (c *Config) Validate() error {
	checks := []func() error{
		c.checkTelegram,
		c.checkWebhook,
		c.checkRedis,
		c.checkHTTP,
		c.checkLocale,
		c.checkUpdates,
		c.checkSender,
		c.checkMeeting,
		c.checkReminders,
		c.checkLLM,
		func() error { return c.positive("branch.invite_ttl", c.Branch.InviteTTL) },
		func() error { return c.positive("shutdown_timeout", c.ShutdownTimeout) },
		func() error {
			if t := c.Report.SimilarityThreshold; !(t > 0 && t <= 1) {
				return fmt.Errorf("report.similarity_threshold must be above 0 and at most 1, got %g", t)
			}
			return nil
		},
		func() error {
			if c.Ballot.MinVoters < 2 {
				return fmt.Errorf("ballot.min_voters must be at least 2, got %d", c.Ballot.MinVoters)
			}
			return nil
		},
		func() error {
			if !c.Branch.Retention.Valid() {
				return fmt.Errorf("branch.retention must be anonymise or remove, got %q", c.Branch.Retention)
			}
			return nil
		},
	}
	for _, check := range checks {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

func (c *Config) checkTelegram() error {
	t := c.Telegram
	// The template is filled with Sprintf(token, method); any other verb would garble the URL.
	if strings.Count(t.APIEndpoint, "%s") != 2 || strings.Count(t.APIEndpoint, "%") != 2 {
		return fmt.Errorf("%s must contain two %%s (token, method) and no other %%", c.name("telegram.api_endpoint"))
	}
	if !strings.HasPrefix(t.APIEndpoint, "https://") && !strings.HasPrefix(t.APIEndpoint, "http://") {
		return fmt.Errorf("%s must start with https:// or http://", c.name("telegram.api_endpoint"))
	}
	// getUpdates takes whole seconds; below one it would busy-poll.
	if t.PollTimeout < time.Second {
		return fmt.Errorf("telegram.poll_timeout must be at least 1s, got %s", t.PollTimeout)
	}
	// Otherwise the HTTP client aborts every idle long poll as a failure.
	if t.RequestTimeout <= t.PollTimeout {
		return fmt.Errorf("telegram.request_timeout (%s) must exceed telegram.poll_timeout (%s)", t.RequestTimeout, t.PollTimeout)
	}
	return nil
}

func (c *Config) checkWebhook() error {
	raw := c.Telegram.WebhookURL
	if raw == "" {
		return nil
	}
	field := c.name("telegram.webhook_url")
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("%s %q: not an absolute URL; set e.g. https://bot.example.org/telegram", field, raw)
	}
	local := u.Hostname() == "127.0.0.1" || u.Hostname() == "localhost" || u.Hostname() == "::1"
	if u.Scheme != "https" && !(u.Scheme == "http" && local) {
		return fmt.Errorf("%s %q: must be https:// (http:// only for 127.0.0.1 or localhost)", field, raw)
	}
	if !validSecret(c.Telegram.WebhookSecret) {
		return fmt.Errorf("%s must be 1-256 characters of A-Za-z0-9_- when %s is set",
			c.name("telegram.webhook_secret"), field)
	}
	return nil
}

// validSecret is Telegram's rule for secret_token in setWebhook: 1-256 of A-Za-z0-9_-.
func validSecret(s string) bool {
	if len(s) < 1 || len(s) > 256 {
		return false
	}
	for _, r := range s {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-'
		if !ok {
			return false
		}
	}
	return true
}

func (c *Config) checkRedis() error {
	// state.ParseURL knows the cluster and sentinel forms too, and never repeats the password.
	if _, err := state.ParseURL(c.Redis.URL); err != nil {
		return fmt.Errorf("%s: %w; set e.g. redis://127.0.0.1:6379/0", c.name("redis.url"), err)
	}
	if c.Redis.KeyPrefix == "" || strings.ContainsAny(c.Redis.KeyPrefix, " \t\r\n") {
		return fmt.Errorf("redis.key_prefix %q must be non-empty and without spaces", c.Redis.KeyPrefix)
	}
	if strings.HasSuffix(c.Redis.KeyPrefix, SandboxKeySuffix) {
		return fmt.Errorf("redis.key_prefix %q must not end in %q, which marks the sandbox's keys", c.Redis.KeyPrefix, SandboxKeySuffix)
	}
	return nil
}

func (c *Config) checkHTTP() error {
	_, port, err := net.SplitHostPort(c.HTTP.Addr)
	if err == nil {
		_, err = strconv.ParseUint(port, 10, 16)
	}
	if err != nil {
		return fmt.Errorf("%s %q: not host:port; set e.g. 127.0.0.1:8080", c.name("http.addr"), c.HTTP.Addr)
	}
	return nil
}

func (c *Config) checkLocale() error {
	// LoadLocation("") is UTC, which would silently shift every deadline.
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil || c.Timezone == "" {
		return fmt.Errorf("%s %q: unknown time zone; set an IANA name such as Asia/Shanghai", c.name("timezone"), c.Timezone)
	}
	c.Location = loc
	if c.Language != "zh" && c.Language != "en" {
		return fmt.Errorf("language %q: must be zh or en", c.Language)
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("%s %q: must be debug, info, warn or error", c.name("log_level"), c.LogLevel)
	}
	if c.GCPercent < 0 || c.GCPercent > 10000 {
		return fmt.Errorf("%s %d: must be 0 (Go's default) to 10000", c.name("gc_percent"), c.GCPercent)
	}
	for _, id := range c.Admins {
		if id <= 0 {
			return fmt.Errorf("%s: %d is not a Telegram user id", c.name("admins"), id)
		}
	}
	return nil
}

func (c *Config) checkUpdates() error {
	u := c.Updates
	for _, d := range []struct {
		field string
		v     time.Duration
	}{
		{"updates.dedupe_ttl", u.DedupeTTL},
		{"updates.handler_timeout", u.HandlerTimeout},
		{"updates.lock_ttl", u.LockTTL},
		{"updates.retry_min", u.RetryMin},
		{"updates.session_ttl", u.SessionTTL},
		{"updates.session_sweep", u.SessionSweep},
	} {
		if err := c.positive(d.field, d.v); err != nil {
			return err
		}
	}
	// A lease shorter than the handling budget lets a second instance take the chat mid-update.
	if u.LockTTL < u.HandlerTimeout {
		return fmt.Errorf("updates.lock_ttl (%s) must be at least updates.handler_timeout (%s)", u.LockTTL, u.HandlerTimeout)
	}
	if u.MaxText <= 0 {
		return fmt.Errorf("updates.max_text must be positive, got %d", u.MaxText)
	}
	if u.FloodBurst < 1 {
		return fmt.Errorf("updates.flood_burst must be at least 1, got %d", u.FloodBurst)
	}
	if u.FloodPerMinute < 1 {
		return fmt.Errorf("updates.flood_per_minute must be at least 1, got %d", u.FloodPerMinute)
	}
	return ordered("updates.retry_min", u.RetryMin, "updates.retry_max", u.RetryMax)
}

func (c *Config) checkSender() error {
	s := c.Sender
	for _, n := range []struct {
		field string
		v     int
	}{
		{"sender.global_per_second", s.GlobalPerSecond},
		{"sender.private_burst", s.PrivateBurst},
		{"sender.group_per_minute", s.GroupPerMinute},
	} {
		if n.v <= 0 {
			return fmt.Errorf("%s must be positive, got %d", n.field, n.v)
		}
	}
	for _, d := range []struct {
		field string
		v     time.Duration
	}{
		{"sender.private_interval", s.PrivateInterval},
		{"sender.max_retry_elapsed", s.MaxRetryElapsed},
		{"sender.backoff_min", s.BackoffMin},
	} {
		if err := c.positive(d.field, d.v); err != nil {
			return err
		}
	}
	return ordered("sender.backoff_min", s.BackoffMin, "sender.backoff_max", s.BackoffMax)
}

func (c *Config) positive(field string, d time.Duration) error {
	if d <= 0 {
		return fmt.Errorf("%s must be a positive duration such as 30s, got %s", c.name(field), d)
	}
	return nil
}

func ordered(minField string, lo time.Duration, maxField string, hi time.Duration) error {
	if hi < lo {
		return fmt.Errorf("%s (%s) must be at least %s (%s)", maxField, hi, minField, lo)
	}
	return nil
}

// checkMeeting checks the meeting template: each step known, once, with a sane deadline.
func (c *Config) checkMeeting() error {
	seen := map[orglife.StepKind]bool{}
	for i, st := range c.Meeting.Steps {
		field := fmt.Sprintf("meeting.steps[%d]", i)
		switch {
		case !st.Kind.Valid():
			return fmt.Errorf("%s.kind %q: use plan, study, talks, points or material", field, st.Kind)
		case seen[st.Kind]:
			return fmt.Errorf("%s.kind %q appears twice", field, st.Kind)
		case st.Responsible != orglife.BySecretary && st.Responsible != orglife.ByEveryone:
			return fmt.Errorf("%s.responsible %q: use secretary or all", field, st.Responsible)
		case st.DaysBefore < 0 || st.DaysBefore > 365:
			return fmt.Errorf("%s.days_before %d: use 0 to 365", field, st.DaysBefore)
		}
		for _, d := range st.RemindDaysBefore {
			if d < 0 || d > 60 {
				return fmt.Errorf("%s.remind_days_before %d: use 0 to 60", field, d)
			}
		}
		seen[st.Kind] = true
	}
	if len(c.Meeting.Steps) == 0 {
		return errors.New("meeting.steps is empty: list the preparation steps")
	}
	if c.Meeting.Coverage.MinPerMember < 0 {
		return fmt.Errorf("meeting.coverage.min_per_member %d must not be negative", c.Meeting.Coverage.MinPerMember)
	}
	return nil
}

// checkReminders checks the scheduler's settings.
func (c *Config) checkReminders() error {
	r := c.Reminders
	if _, _, err := r.Rules(); err != nil {
		return err
	}
	if r.DailyCap < 1 || r.Batch < 1 || r.Workers < 1 {
		return fmt.Errorf("reminders.daily_cap, batch and workers must be at least 1 (got %d, %d, %d)", r.DailyCap, r.Batch, r.Workers)
	}
	for _, d := range []struct {
		field string
		v     time.Duration
	}{{"reminders.grace", r.Grace}, {"reminders.tick", r.Tick}, {"reminders.lease", r.Lease}, {"reminders.keep", r.Keep}} {
		if err := c.positive(d.field, d.v); err != nil {
			return err
		}
	}
	// A send may retry for max_retry_elapsed; the claim must outlast it, or another instance
	// takes the reminder over mid-send.
	if r.Lease <= c.Sender.MaxRetryElapsed {
		return fmt.Errorf("reminders.lease (%s) must exceed sender.max_retry_elapsed (%s)", r.Lease, c.Sender.MaxRetryElapsed)
	}
	if r.Keep <= r.Grace+r.Lease {
		return fmt.Errorf("reminders.keep (%s) must exceed reminders.grace plus reminders.lease (%s)", r.Keep, r.Grace+r.Lease)
	}
	return nil
}

// checkLLM checks the language model's settings when one is configured. Errors quote the
// endpoint without credentials and never the key.
func (c *Config) checkLLM() error {
	l := c.LLM
	if l.Timeout <= 0 {
		return fmt.Errorf("llm.timeout must be a positive duration such as 20s, got %s", l.Timeout)
	}
	// The answer is awaited within one update's handling, which must still send the document
	// (only when polishing is configured: a short handler_timeout is no error without it).
	if l.Endpoint != "" && l.Timeout > c.Updates.HandlerTimeout*3/4 {
		return fmt.Errorf("llm.timeout (%s) must be at most three quarters of updates.handler_timeout (%s)", l.Timeout, c.Updates.HandlerTimeout)
	}
	if !(l.Temperature >= 0 && l.Temperature <= 2) {
		return fmt.Errorf("llm.temperature must be from 0 to 2, got %g", l.Temperature)
	}
	if l.Endpoint == "" {
		return nil
	}
	u, err := url.Parse(l.Endpoint)
	if err != nil || u.Host == "" || u.Scheme != "https" && u.Scheme != "http" {
		return errors.New("llm.endpoint: not an http:// or https:// URL; set the API's base URL, e.g. https://llm.example.org/v1")
	}
	if u.User != nil || u.RawQuery != "" {
		return errors.New("llm.endpoint must not hold credentials or a query; put the key in " + EnvLLMKey)
	}
	if strings.TrimSpace(l.Model) == "" {
		return errors.New("llm.model is empty: name the model to ask when llm.endpoint is set")
	}
	return nil
}
