package configs

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzEnvNames are the variables Load reads, in the order FuzzEnv's arguments set them.
var fuzzEnvNames = []string{EnvAdmins, EnvToken, EnvAPIEndpoint, EnvWebhookURL, EnvWebhookSecret,
	EnvRedisURL, EnvHTTPAddr, EnvTimezone, EnvLogLevel}

// rot13 changes every letter and digit of s and nothing else, so that a secret keeps its
// length and whether Telegram would take it, but not its text.
func rot13(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z':
			return 'a' + (r-'a'+13)%26
		case r >= 'A' && r <= 'Z':
			return 'A' + (r-'A'+13)%26
		case r >= '0' && r <= '9':
			return '0' + (r-'0'+5)%10
		}
		return r
	}, s)
}

func loadEnv(env map[string]string) (Config, error) {
	return Load("", func(k string) string { return env[k] })
}

// FuzzEnv: Load over the embedded defaults never panics whatever the environment holds
// (ORGLIFE_ADMINS id lists through parseIDs, the token, endpoint, webhook URL and secret,
// Redis URL, HTTP address, time zone and log level). A refusal is one readable line that
// names a variable that was set, and it never quotes the token or the webhook secret. An
// accepted value is the trimmed value as set: the admins are parseIDs' positive ids, which
// read back the same when written out again, the zone loads under its own name, and the
// log level is one slog knows.
func FuzzEnv(f *testing.F) {
	for _, s := range [][9]string{
		{"12345,67890", "123:ABC", "", "", "", "", "", "", ""},
		{"12345, 67890,", "", "", "", "", "", "", "Europe/Berlin", "debug"},
		{" , ,", "", "", "", "", "", "", "", ""},
		{"-5", "", "", "", "", "", "", "", ""},
		{"0", "", "", "", "", "", "", "", ""},
		{"+7", "", "", "", "", "", "", "", ""},
		{"１２３４５", "", "", "", "", "", "", "", ""},
		{"9223372036854775808", "", "", "", "", "", "", "", ""},
		{"1e5", "", "", "", "", "", "", "", ""},
		{"NaN", "", "", "", "", "", "", "", ""},
		{"12345;67890", "", "", "", "", "", "", "", ""},
		{"12345\n67890", "", "", "", "", "", "", "", ""},
		{"\xff", "", "", "", "", "", "", "", ""},
		{"", "123:SECRET-TOKEN-VALUE", "https://api.telegram.org/bot%s/%s/%d", "", "", "", "", "", ""},
		{"", "", "ftp://x/%s/%s", "", "", "", "", "", ""},
		{"", "", "", "https://bot.example.org/tg", "", "", "", "", ""},
		{"", "", "", "https://bot.example.org/tg", "good_Secret-123", "", "", "", ""},
		{"", "", "", "http://example.org/tg", "good_Secret-123", "", "", "", ""},
		{"", "", "", "https://bot.example.org/tg", "bad secret with spaces", "", "", "", ""},
		{"", "", "", "://", "x", "", "", "", ""},
		{"", "", "", "", "", "redis://u:hunter2hunter2@host:bad/0", "", "", ""},
		{"", "", "", "", "", "redis+cluster://a:1,b:2", "", "", ""},
		{"", "", "", "", "", "", "127.0.0.1:99999", "", ""},
		{"", "", "", "", "", "", ":8080", "", ""},
		{"", "", "", "", "", "", "[::1]:-1", "", ""},
		{"", "", "", "", "", "", "", "Local", ""},
		{"", "", "", "", "", "", "", "Mars/Olympus", ""},
		{"", "", "", "", "", "", "", "../../etc/passwd", ""},
		{"", "", "", "", "", "", "", "", "WARN"},
		{"", "", "", "", "", "", "", "", "verbose"},
		{" 1 ", "\t", "\n", " ", "", "", "", "", " "},
	} {
		f.Add(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8])
	}
	f.Fuzz(func(t *testing.T, admins, token, endpoint, webhookURL, webhookSecret, redisURL, httpAddr, timezone, logLevel string) {
		env := map[string]string{}
		var set []string
		for i, v := range []string{admins, token, endpoint, webhookURL, webhookSecret, redisURL, httpAddr, timezone, logLevel} {
			env[fuzzEnvNames[i]] = v
			if strings.TrimSpace(v) != "" {
				set = append(set, fuzzEnvNames[i])
			}
		}
		cfg, err := loadEnv(env)
		if err != nil {
			msg := err.Error()
			if strings.TrimSpace(msg) == "" || strings.ContainsAny(msg, "\r\n") || !utf8.ValidString(msg) {
				t.Fatalf("Load refusal is not one readable line: %q", msg)
			}
			if !slices.ContainsFunc(set, func(name string) bool { return strings.Contains(msg, name) }) {
				t.Fatalf("Load refusal %q names none of the variables set: %v", msg, set)
			}
			// A secret in the message would also change with the secret.
			for _, name := range []string{EnvToken, EnvWebhookSecret} {
				secret := strings.TrimSpace(env[name])
				if len(secret) < 6 || !strings.Contains(msg, secret) {
					continue
				}
				alt := map[string]string{}
				for k, v := range env {
					alt[k] = v
				}
				alt[name] = rot13(secret)
				if _, altErr := loadEnv(alt); altErr == nil || !strings.Contains(altErr.Error(), secret) {
					t.Fatalf("Load refusal quotes %s: %q", name, msg)
				}
			}
			return
		}
		for _, s := range []struct {
			name, got string
		}{
			{EnvToken, cfg.Telegram.Token}, {EnvAPIEndpoint, cfg.Telegram.APIEndpoint}, {EnvWebhookURL, cfg.Telegram.WebhookURL},
			{EnvWebhookSecret, cfg.Telegram.WebhookSecret}, {EnvRedisURL, cfg.Redis.URL}, {EnvHTTPAddr, cfg.HTTP.Addr},
			{EnvTimezone, cfg.Timezone}, {EnvLogLevel, cfg.LogLevel},
		} {
			if v := strings.TrimSpace(env[s.name]); v != "" && s.got != v {
				t.Fatalf("%s=%q was taken as %q", s.name, env[s.name], s.got)
			}
		}
		if cfg.Location == nil || cfg.Location.String() != cfg.Timezone {
			t.Fatalf("timezone %q loaded as %v", cfg.Timezone, cfg.Location)
		}
		if !strings.EqualFold(cfg.Level().String(), cfg.LogLevel) {
			t.Fatalf("log level %q reads as %v", cfg.LogLevel, cfg.Level())
		}
		if strings.TrimSpace(admins) == "" {
			return
		}
		ids, err := parseIDs(strings.TrimSpace(admins))
		if err != nil || !slices.Equal(ids, cfg.Admins) {
			t.Fatalf("%s=%q gave admins %v, parseIDs %v, %v", EnvAdmins, admins, cfg.Admins, ids, err)
		}
		written := make([]string, len(ids))
		for i, id := range ids {
			if id <= 0 || !cfg.IsAdmin(id) {
				t.Fatalf("%s=%q: admin %d is not an admin", EnvAdmins, admins, id)
			}
			written[i] = strconv.FormatInt(id, 10)
		}
		back, err := parseIDs(strings.Join(written, ","))
		if err != nil || !slices.Equal(back, ids) {
			t.Fatalf("%s=%q: admins %v written out read back as %v, %v", EnvAdmins, admins, ids, back, err)
		}
	})
}
