package configs

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

const testToken = "123456789:AAH-very-secret-token_xyz"

// testLLMKey is a language model's API key (ORGLIFE_LLM_KEY).
const testLLMKey = "sk-llm-Key-0123456789abcdef"

func envFrom(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func writeFile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "orglife.yaml")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatalf("write config file: %v", err)
	}
	return path
}

func TestEmbeddedDefaultsLoadAndValidate(t *testing.T) {
	cfg, err := Load("", nil)
	if err != nil {
		t.Fatalf("Load defaults: %v", err)
	}
	if cfg.Location == nil || cfg.Location.String() != "Asia/Shanghai" {
		t.Errorf("Location = %v, want Asia/Shanghai", cfg.Location)
	}
	if cfg.Telegram.PollTimeout != 30*time.Second || cfg.Telegram.RequestTimeout != 60*time.Second {
		t.Errorf("telegram timeouts = %s/%s, want 30s/60s", cfg.Telegram.PollTimeout, cfg.Telegram.RequestTimeout)
	}
	if cfg.Updates.DedupeTTL != 24*time.Hour || cfg.Sender.MaxRetryElapsed != 10*time.Minute {
		t.Errorf("dedupe_ttl %s, max_retry_elapsed %s", cfg.Updates.DedupeTTL, cfg.Sender.MaxRetryElapsed)
	}
	if cfg.Telegram.Token != "" || len(cfg.Admins) != 0 {
		t.Errorf("token or admins set by defaults: %+v", cfg)
	}
	if cfg.Level() != slog.LevelInfo {
		t.Errorf("Level() = %v, want info", cfg.Level())
	}
}

// The configured collector target applies unless GOGC is set or it is 0.
func TestGCTarget(t *testing.T) {
	env := func(gogc string) func(string) string {
		return func(k string) string {
			if k == "GOGC" {
				return gogc
			}
			return ""
		}
	}
	for _, c := range []struct {
		pct     int
		gogc    string
		want    int
		wantSet bool
	}{
		{400, "", 400, true},
		{400, "50", 0, false},
		{400, "off", 0, false},
		{0, "", 0, false},
	} {
		got, set := Config{GCPercent: c.pct}.GCTarget(env(c.gogc))
		if got != c.want || set != c.wantSet {
			t.Errorf("gc_percent %d, GOGC %q: %d %v, want %d %v", c.pct, c.gogc, got, set, c.want, c.wantSet)
		}
	}
	cfg, err := Load("", func(string) string { return "" })
	if err != nil || cfg.GCPercent != 400 {
		t.Fatalf("default gc_percent %d (%v), want 400", cfg.GCPercent, err)
	}
}

// The YAML must name every field of Config, so it stays the one place defaults live.
func TestEmbeddedDefaultsNameEveryField(t *testing.T) {
	var doc yaml.Node
	if err := yaml.Unmarshal(Default(), &doc); err != nil {
		t.Fatalf("parse defaults: %v", err)
	}
	var missing []string
	collectMissing(doc.Content[0], reflect.TypeFor[Config](), "", &missing)
	if len(missing) > 0 {
		t.Errorf("configs/orglife.yaml lacks fields: %s", strings.Join(missing, ", "))
	}
}

func collectMissing(node *yaml.Node, t reflect.Type, prefix string, missing *[]string) {
	present := map[string]*yaml.Node{}
	for i := 0; i+1 < len(node.Content); i += 2 {
		present[node.Content[i].Value] = node.Content[i+1]
	}
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "" || name == "-" {
			continue
		}
		child, ok := present[name]
		if !ok {
			*missing = append(*missing, prefix+name)
			continue
		}
		if f.Type.Kind() == reflect.Struct {
			collectMissing(child, f.Type, prefix+name+".", missing)
		}
	}
}

// Every default is non-zero except the ones that are empty on purpose.
func TestEmbeddedDefaultsAreNonZero(t *testing.T) {
	var cfg Config
	if err := yaml.Unmarshal(Default(), &cfg); err != nil {
		t.Fatalf("decode defaults: %v", err)
	}
	emptyOnPurpose := []string{"HTTP.Pprof", "Telegram.Token", "Telegram.WebhookURL", "Telegram.WebhookSecret", "Admins", "Location", "Reminders.Holidays", "Reminders.MakeUp", "Report.Template", "LLM.Endpoint", "LLM.Model", "LLM.Key"}
	var zero []string
	collectZero(reflect.ValueOf(cfg), "", &zero)
	for _, name := range zero {
		if !slices.Contains(emptyOnPurpose, name) {
			t.Errorf("default for %s is zero; set it in configs/orglife.yaml", name)
		}
	}
}

func collectZero(v reflect.Value, prefix string, zero *[]string) {
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if !f.IsExported() {
			continue
		}
		if f.Type.Kind() == reflect.Struct {
			collectZero(v.Field(i), prefix+f.Name+".", zero)
			continue
		}
		if v.Field(i).IsZero() || (f.Type.Kind() == reflect.Slice && v.Field(i).Len() == 0) {
			*zero = append(*zero, prefix+f.Name)
		}
	}
}

func TestDefaultReturnsACopy(t *testing.T) {
	b := Default()
	b[0] = 'X'
	if Default()[0] == 'X' {
		t.Fatal("Default exposes the embedded bytes")
	}
}

func TestEnvOverrides(t *testing.T) {
	tests := []struct {
		name  string
		env   map[string]string
		check func(Config) bool
	}{
		{"token", map[string]string{EnvToken: testToken}, func(c Config) bool { return c.Telegram.Token == testToken }},
		{"token trimmed", map[string]string{EnvToken: " " + testToken + "\n"}, func(c Config) bool { return c.Telegram.Token == testToken }},
		{"api endpoint", map[string]string{EnvAPIEndpoint: "http://127.0.0.1:9000/bot%s/%s"}, func(c Config) bool {
			return c.Telegram.APIEndpoint == "http://127.0.0.1:9000/bot%s/%s"
		}},
		{"redis url", map[string]string{EnvRedisURL: "redis://redis:6379/2"}, func(c Config) bool { return c.Redis.URL == "redis://redis:6379/2" }},
		{"http addr", map[string]string{EnvHTTPAddr: "0.0.0.0:9090"}, func(c Config) bool { return c.HTTP.Addr == "0.0.0.0:9090" }},
		{"timezone", map[string]string{EnvTimezone: "Europe/Berlin"}, func(c Config) bool {
			return c.Timezone == "Europe/Berlin" && c.Location.String() == "Europe/Berlin"
		}},
		{"webhook", map[string]string{EnvWebhookURL: "https://bot.example.org/tg", EnvWebhookSecret: "s3cret_-X"}, func(c Config) bool {
			return c.Telegram.WebhookURL == "https://bot.example.org/tg" && c.Telegram.WebhookSecret == "s3cret_-X"
		}},
		{"admins", map[string]string{EnvAdmins: "12, 34,"}, func(c Config) bool { return slices.Equal(c.Admins, []int64{12, 34}) }},
		{"log level", map[string]string{EnvLogLevel: "debug"}, func(c Config) bool { return c.Level() == slog.LevelDebug }},
		{"empty value keeps default", map[string]string{EnvRedisURL: "  "}, func(c Config) bool { return c.Redis.URL == "redis://127.0.0.1:6379/0" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Load("", envFrom(tt.env))
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if !tt.check(cfg) {
				t.Errorf("override not applied: %+v", cfg)
			}
		})
	}
}

func TestFileOverlayKeepsOtherDefaultsAndEnvWins(t *testing.T) {
	path := writeFile(t, `
telegram:
  poll_timeout: 20s
redis:
  key_prefix: test
language: en
admins: [7, 8]
sender:
  group_per_minute: 15
`)
	cfg, err := Load(path, envFrom(map[string]string{EnvAdmins: "9"}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if cfg.Telegram.PollTimeout != 20*time.Second || cfg.Redis.KeyPrefix != "test" || cfg.Language != "en" || cfg.Sender.GroupPerMinute != 15 {
		t.Errorf("file values not applied: %+v", cfg)
	}
	if cfg.Telegram.RequestTimeout != 60*time.Second || cfg.Redis.URL != "redis://127.0.0.1:6379/0" || cfg.Sender.GlobalPerSecond != 30 {
		t.Errorf("defaults lost by overlay: %+v", cfg)
	}
	if !slices.Equal(cfg.Admins, []int64{9}) {
		t.Errorf("Admins = %v, want env value [9]", cfg.Admins)
	}
}

// The profiler is off unless a file (or a test) sets http.pprof.
func TestPprofOffUnlessConfigured(t *testing.T) {
	cfg, err := Load("", envFrom(nil))
	if err != nil || cfg.HTTP.Pprof {
		t.Fatalf("defaults: pprof %v, err %v; want off", cfg.HTTP.Pprof, err)
	}
	cfg, err = Load(writeFile(t, "http:\n  pprof: true\n"), envFrom(nil))
	if err != nil || !cfg.HTTP.Pprof || cfg.HTTP.Addr != "127.0.0.1:8080" {
		t.Fatalf("http.pprof: true: pprof %v addr %q, err %v; want on, the default address kept", cfg.HTTP.Pprof, cfg.HTTP.Addr, err)
	}
}

func TestRedisNamed(t *testing.T) {
	withURL := "redis:\n  url: redis://127.0.0.1:6379/0\n"
	tests := []struct {
		name string
		file string // config file content; "" means no file
		env  map[string]string
		want bool
	}{
		{"nothing: the embedded default alone", "", nil, false},
		{"REDIS_URL", "", map[string]string{EnvRedisURL: "redis://redis:6379/0"}, true},
		{"REDIS_URL blank counts as unset", "", map[string]string{EnvRedisURL: "  "}, false},
		{"the file names the default URL", withURL, nil, true},
		{"the file names other Redis settings only", "redis:\n  key_prefix: x\n", nil, false},
		{"the file sets no Redis", "language: en\n", nil, false},
		{"a token is no Redis", "", map[string]string{EnvToken: testToken}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := ""
			if tt.file != "" {
				path = writeFile(t, tt.file)
			}
			cfg, err := Load(path, envFrom(tt.env))
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if got := cfg.RedisNamed(); got != tt.want {
				t.Errorf("RedisNamed() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestEmptyFileIsNoOverlay(t *testing.T) {
	for _, content := range []string{"", "# only a comment\n", "~\n"} {
		if _, err := Load(writeFile(t, content), nil); err != nil {
			t.Errorf("Load(%q): %v", content, err)
		}
	}
}

func TestFileErrors(t *testing.T) {
	tests := []struct {
		name, content string
		want          []string
	}{
		{"unknown nested field", "telegram:\n  pol_timeout: 5s\n", []string{`line 2: unknown field "telegram.pol_timeout"`, "poll_timeout"}},
		{"unknown top field", "language: zh\nbranches: 3\n", []string{`line 2: unknown field "branches"`}},
		{"not a mapping", "- a\n- b\n", []string{"top level must be a mapping"}},
		{"bad duration", "updates:\n  lock_ttl: soon\n", []string{"line 2", "time.Duration"}},
		{"bare number duration", "shutdown_timeout: 10\n", []string{"line 1", "time.Duration", "such as 30s"}},
		{"syntax", "telegram: [\n", []string{"yaml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, tt.content)
			_, err := Load(path, nil)
			if err == nil {
				t.Fatal("Load succeeded, want error")
			}
			msg := err.Error()
			for _, w := range append(tt.want, path) {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q lacks %q", msg, w)
				}
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("error is not one line: %q", msg)
			}
		})
	}
}

func TestMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "absent.yaml")
	_, err := Load(path, nil)
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("Load(missing) = %v, want error naming %s", err, path)
	}
}

func TestValidationRules(t *testing.T) {
	longSecret := strings.Repeat("a", 257)
	tests := []struct {
		name string
		file string
		env  map[string]string
		want string // "" = valid
	}{
		{"gc percent negative", "gc_percent: -1\n", nil, "gc_percent -1: must be 0 (Go's default) to 10000"},
		{"gc percent zero", "gc_percent: 0\n", nil, ""},
		{"endpoint one verb", "", map[string]string{EnvAPIEndpoint: "https://x/bot%s"}, "TELEGRAM_API_ENDPOINT must contain two %s (token, method)"},
		{"endpoint extra verb from file", "telegram:\n  api_endpoint: https://x/bot%s/%s?n=%d\n", nil, "telegram.api_endpoint must contain two %s"},
		{"endpoint scheme", "", map[string]string{EnvAPIEndpoint: "ftp://x/bot%s/%s"}, "TELEGRAM_API_ENDPOINT must start with https://"},
		{"poll timeout below 1s", "telegram:\n  poll_timeout: 500ms\n", nil, "telegram.poll_timeout must be at least 1s"},
		{"request timeout not above poll", "telegram:\n  request_timeout: 30s\n", nil, "telegram.request_timeout (30s) must exceed telegram.poll_timeout (30s)"},
		{"webhook http public", "", map[string]string{EnvWebhookURL: "http://bot.example.org/tg", EnvWebhookSecret: "abc"}, `ORGLIFE_WEBHOOK_URL "http://bot.example.org/tg": must be https://`},
		{"webhook http localhost", "", map[string]string{EnvWebhookURL: "http://localhost:8443/tg", EnvWebhookSecret: "abc"}, ""},
		{"webhook http loopback", "", map[string]string{EnvWebhookURL: "http://127.0.0.1:8443/tg", EnvWebhookSecret: "abc"}, ""},
		{"webhook relative", "", map[string]string{EnvWebhookURL: "/tg", EnvWebhookSecret: "abc"}, `ORGLIFE_WEBHOOK_URL "/tg": not an absolute URL`},
		{"webhook without secret", "", map[string]string{EnvWebhookURL: "https://bot.example.org/tg"}, "telegram.webhook_secret must be 1-256 characters of A-Za-z0-9_- when ORGLIFE_WEBHOOK_URL is set"},
		{"webhook bad secret", "", map[string]string{EnvWebhookURL: "https://bot.example.org/tg", EnvWebhookSecret: "pass word!"}, "ORGLIFE_WEBHOOK_SECRET must be 1-256 characters of A-Za-z0-9_- when ORGLIFE_WEBHOOK_URL is set"},
		{"webhook long secret", "", map[string]string{EnvWebhookURL: "https://bot.example.org/tg", EnvWebhookSecret: longSecret}, "ORGLIFE_WEBHOOK_SECRET must be 1-256"},
		{"webhook from file", "telegram:\n  webhook_url: https://bot.example.org/tg\n", nil, "telegram.webhook_secret must be 1-256 characters of A-Za-z0-9_- when telegram.webhook_url is set"},
		{"secret without webhook is fine", "", map[string]string{EnvWebhookSecret: "abc"}, ""},
		{"redis scheme", "", map[string]string{EnvRedisURL: "http://127.0.0.1:6379"}, "REDIS_URL: "},
		{"redis bad db hides password", "", map[string]string{EnvRedisURL: "redis://:hunter2@127.0.0.1:6379/abc"}, "REDIS_URL: "},
		{"redis from file", "redis:\n  url: nonsense://x\n", nil, "redis.url: "},
		{"key prefix empty", "redis:\n  key_prefix: \"\"\n", nil, `redis.key_prefix "" must be non-empty`},
		{"key prefix space", "redis:\n  key_prefix: \"a b\"\n", nil, `redis.key_prefix "a b" must be non-empty and without spaces`},
		{"key prefix of a sandbox", "redis:\n  key_prefix: orglife-sandbox\n", nil, `redis.key_prefix "orglife-sandbox" must not end in "-sandbox"`},
		{"key prefix naming a sandbox inside", "redis:\n  key_prefix: orglife-sandbox-2\n", nil, ""},
		{"http addr no port", "", map[string]string{EnvHTTPAddr: "8080"}, `ORGLIFE_HTTP_ADDR "8080": not host:port`},
		{"http addr bad port", "http:\n  addr: \":99999\"\n", nil, `http.addr ":99999": not host:port`},
		{"http addr all interfaces", "", map[string]string{EnvHTTPAddr: ":8080"}, ""},
		{"timezone env", "", map[string]string{EnvTimezone: "Mars/Base"}, `ORGLIFE_TIMEZONE "Mars/Base": unknown time zone; set an IANA name such as Asia/Shanghai`},
		{"timezone empty in file", "timezone: \"\"\n", nil, `timezone "": unknown time zone`},
		{"language", "language: fr\n", nil, `language "fr": must be zh or en`},
		{"log level env", "", map[string]string{EnvLogLevel: "verbose"}, `ORGLIFE_LOG_LEVEL "verbose": must be debug, info, warn or error`},
		{"admins not numbers", "", map[string]string{EnvAdmins: "12,abc"}, `ORGLIFE_ADMINS "12,abc": not a list of Telegram user ids`},
		{"admins negative", "", map[string]string{EnvAdmins: "-5"}, `ORGLIFE_ADMINS "-5": not a list of Telegram user ids`},
		{"admins zero in file", "admins: [0]\n", nil, "admins: 0 is not a Telegram user id"},
		{"dedupe ttl", "updates:\n  dedupe_ttl: 0s\n", nil, "updates.dedupe_ttl must be a positive duration"},
		{"meeting step kind", "meeting:\n  steps:\n    - {kind: party, days_before: 3, responsible: all}\n", nil, `meeting.steps[0].kind "party": use plan, study, talks, points or material`},
		{"meeting step twice", "meeting:\n  steps:\n    - {kind: study, days_before: 3, responsible: all}\n    - {kind: study, days_before: 2, responsible: all}\n", nil, `meeting.steps[1].kind "study" appears twice`},
		{"meeting step responsible", "meeting:\n  steps:\n    - {kind: plan, days_before: 3, responsible: nobody}\n", nil, `meeting.steps[0].responsible "nobody": use secretary or all`},
		{"meeting step days", "meeting:\n  steps:\n    - {kind: plan, days_before: -1, responsible: secretary}\n", nil, "meeting.steps[0].days_before -1: use 0 to 365"},
		{"meeting reminder days", "meeting:\n  steps:\n    - {kind: plan, days_before: 3, responsible: secretary, remind_days_before: [99]}\n", nil, "meeting.steps[0].remind_days_before 99: use 0 to 60"},
		{"meeting no steps", "meeting:\n  steps: []\n", nil, "meeting.steps is empty"},
		{"coverage negative", "meeting:\n  coverage:\n    min_per_member: -1\n", nil, "meeting.coverage.min_per_member -1 must not be negative"},
		{"invite ttl", "branch:\n  invite_ttl: 0s\n", nil, "branch.invite_ttl must be a positive duration"},
		{"a template of two steps is fine", "meeting:\n  steps:\n    - {kind: points, days_before: 3, responsible: all}\n    - {kind: plan, days_before: 9, responsible: secretary}\n", nil, ""},
		{"handler timeout", "updates:\n  handler_timeout: -1s\n", nil, "updates.handler_timeout must be a positive duration"},
		{"lock shorter than handler", "updates:\n  lock_ttl: 10s\n", nil, "updates.lock_ttl (10s) must be at least updates.handler_timeout (30s)"},
		{"max text", "updates:\n  max_text: 0\n", nil, "updates.max_text must be positive"},
		{"flood burst", "updates:\n  flood_burst: 0\n", nil, "updates.flood_burst must be at least 1"},
		{"ballot min voters", "ballot:\n  min_voters: 1\n", nil, "ballot.min_voters must be at least 2, got 1"},
		{"similarity threshold zero", "report:\n  similarity_threshold: 0\n", nil, "report.similarity_threshold must be above 0 and at most 1"},
		{"similarity threshold above one", "report:\n  similarity_threshold: 1.5\n", nil, "report.similarity_threshold must be above 0 and at most 1"},
		{"retry order", "updates:\n  retry_max: 100ms\n", nil, "updates.retry_max (100ms) must be at least updates.retry_min (200ms)"},
		{"global rate", "sender:\n  global_per_second: 0\n", nil, "sender.global_per_second must be positive"},
		{"burst", "sender:\n  private_burst: 0\n", nil, "sender.private_burst must be positive"},
		{"group rate", "sender:\n  group_per_minute: -1\n", nil, "sender.group_per_minute must be positive"},
		{"private interval", "sender:\n  private_interval: 0s\n", nil, "sender.private_interval must be a positive duration"},
		{"retry elapsed", "sender:\n  max_retry_elapsed: 0s\n", nil, "sender.max_retry_elapsed must be a positive duration"},
		{"backoff min", "sender:\n  backoff_min: 0s\n", nil, "sender.backoff_min must be a positive duration"},
		{"backoff order", "sender:\n  backoff_max: 100ms\n", nil, "sender.backoff_max (100ms) must be at least sender.backoff_min (500ms)"},
		{"shutdown", "shutdown_timeout: 0s\n", nil, "shutdown_timeout must be a positive duration"},
		{"llm off by default, a key alone is fine", "", map[string]string{EnvLLMKey: testLLMKey}, ""},
		{"llm on", "llm:\n  endpoint: https://llm.example.org/v1\n  model: qwen\n", map[string]string{EnvLLMKey: testLLMKey}, ""},
		{"llm endpoint scheme", "llm:\n  endpoint: ftp://llm.example.org\n  model: qwen\n", map[string]string{EnvLLMKey: testLLMKey}, "llm.endpoint: not an http:// or https:// URL"},
		{"llm endpoint with credentials", "llm:\n  endpoint: https://u:hunter2@llm.example.org/v1\n  model: qwen\n", nil, "llm.endpoint must not hold credentials or a query; put the key in ORGLIFE_LLM_KEY"},
		{"llm endpoint with a key in its query", "llm:\n  endpoint: https://llm.example.org/v1?key=hunter2\n  model: qwen\n", nil, "llm.endpoint must not hold credentials"},
		{"llm without model", "llm:\n  endpoint: https://llm.example.org/v1\n", nil, "llm.model is empty"},
		{"llm timeout", "llm:\n  timeout: 0s\n", nil, "llm.timeout must be a positive duration"},
		{"llm timeout over the handler's", "llm:\n  endpoint: https://llm.example.org/v1\n  model: qwen\n  timeout: 25s\n", nil, "llm.timeout (25s) must be at most three quarters of updates.handler_timeout (30s)"},
		{"short handler timeout without polishing", "updates:\n  handler_timeout: 5s\n  lock_ttl: 5s\n", nil, ""},
		{"llm temperature", "llm:\n  temperature: 3\n", nil, "llm.temperature must be from 0 to 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{EnvToken: testToken}
			for k, v := range tt.env {
				env[k] = v
			}
			path := ""
			if tt.file != "" {
				path = writeFile(t, tt.file)
			}
			_, err := Load(path, envFrom(env))
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Load: %v, want valid", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Load succeeded, want error containing %q", tt.want)
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.want) {
				t.Errorf("error %q lacks %q", msg, tt.want)
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("error is not one line: %q", msg)
			}
			for _, secret := range []string{testToken, "hunter2", "pass word!", longSecret, testLLMKey} {
				if strings.Contains(msg, secret) {
					t.Errorf("error leaks a secret: %q", msg)
				}
			}
		})
	}
}

func TestMissingTokenIsNotAnError(t *testing.T) {
	cfg, err := Load("", envFrom(map[string]string{}))
	if err != nil || cfg.Telegram.Token != "" {
		t.Fatalf("Load without token = %v, %v", cfg.Telegram.Token != "", err)
	}
}

func TestIsAdmin(t *testing.T) {
	tests := []struct {
		name   string
		admins []int64
		user   int64
		want   bool
	}{
		{"empty list admits everyone", nil, 42, true},
		{"listed", []int64{7, 42}, 42, true},
		{"not listed", []int64{7, 8}, 42, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (Config{Admins: tt.admins}).IsAdmin(tt.user); got != tt.want {
				t.Errorf("IsAdmin(%d) with %v = %v, want %v", tt.user, tt.admins, got, tt.want)
			}
		})
	}
}

func TestLogValueHidesSecrets(t *testing.T) {
	cfg, err := Load("", envFrom(map[string]string{
		EnvToken:         testToken,
		EnvRedisURL:      "redis://user:hunter2@127.0.0.1:6379/0",
		EnvWebhookURL:    "https://bot.example.org/tg",
		EnvWebhookSecret: "whsecretvalue",
		EnvLLMKey:        testLLMKey,
	}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if cfg.LLM.Key != testLLMKey {
		t.Fatalf("LLM key = %q, want the environment's", cfg.LLM.Key)
	}
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("config", "config", cfg)
	out := buf.String()
	for _, secret := range []string{testToken, "hunter2", "whsecretvalue", testLLMKey} {
		if strings.Contains(out, secret) {
			t.Errorf("log line leaks %q: %s", secret, out)
		}
	}
	if !strings.Contains(out, "llm_key_set=true") {
		t.Errorf("log line does not say the LLM key is set: %s", out)
	}
	if !strings.Contains(out, "token_set=true") || !strings.Contains(out, "127.0.0.1:6379") {
		t.Errorf("log line lacks expected fields: %s", out)
	}
}

// TestREADMETableAgreesWithDefaults reads the configuration table of the README and checks
// every default written there in code quotes against the embedded configs/orglife.yaml, so
// that the two cannot drift apart again (reminders.lease once read 2m in one and 30m in
// the other). Rows whose default is prose ("empty", "5 steps") are left out.
func TestREADMETableAgreesWithDefaults(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(defaults, &doc); err != nil {
		t.Fatal(err)
	}
	code := regexp.MustCompile("`([^`]*)`")
	quoted := func(cell string) []string {
		var out []string
		for _, m := range code.FindAllStringSubmatch(cell, -1) {
			out = append(out, m[1])
		}
		return out
	}
	_, section, _ := strings.Cut(string(readme), "\n## Configuration\n")
	section, _, _ = strings.Cut(section, "\n## ")
	checked := 0
	for line := range strings.Lines(section) {
		cells := strings.Split(strings.TrimSpace(line), "|")
		if len(cells) < 5 || !strings.HasPrefix(strings.TrimSpace(line), "|") {
			continue
		}
		fields, values := quoted(cells[2]), quoted(cells[3])
		if len(fields) == 0 || !strings.Contains(fields[0], ".") && len(fields) > 1 {
			continue
		}
		if len(values) == 0 {
			continue // a default in words
		}
		if len(values) != len(fields) {
			t.Errorf("README row %q: %d fields but %d defaults", strings.TrimSpace(line), len(fields), len(values))
			continue
		}
		parent := fields[0][:strings.LastIndex(fields[0], ".")+1]
		for i, f := range fields {
			if i > 0 && !strings.Contains(f, ".") {
				f = parent + f
			}
			node := lookupNode(doc.Content[0], strings.Split(f, "."))
			if node == nil {
				t.Errorf("README names %s, which configs/orglife.yaml does not have", f)
				continue
			}
			if node.Value != values[i] {
				t.Errorf("%s: README says %q, configs/orglife.yaml says %q", f, values[i], node.Value)
			}
			checked++
		}
	}
	if checked < 30 {
		t.Fatalf("only %d defaults of the README's table were checked; has its layout changed?", checked)
	}
}

// lookupNode finds the scalar at path in a YAML mapping.
func lookupNode(n *yaml.Node, path []string) *yaml.Node {
	for _, name := range path {
		if n.Kind != yaml.MappingNode {
			return nil
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == name {
				next = n.Content[i+1]
			}
		}
		if next == nil {
			return nil
		}
		n = next
	}
	return n
}

// The language model's key is read from ORGLIFE_LLM_KEY only: a config file cannot hold it
// (the field is unknown there), and it is trimmed as the other secrets are.
func TestLLMKeyFromEnvironmentOnly(t *testing.T) {
	_, err := Load(writeFile(t, "llm:\n  key: "+testLLMKey+"\n"), nil)
	if err == nil || !strings.Contains(err.Error(), `unknown field "llm.key"`) {
		t.Fatalf("a key in the file: %v, want an unknown field", err)
	}
	if strings.Contains(err.Error(), testLLMKey) {
		t.Errorf("the error quotes the key: %v", err)
	}
	cfg, err := Load("", envFrom(map[string]string{EnvLLMKey: " " + testLLMKey + "\n"}))
	if err != nil || cfg.LLM.Key != testLLMKey {
		t.Fatalf("key from the environment = %q, %v", cfg.LLM.Key, err)
	}
	if cfg.LLM.Enabled() {
		t.Error("a key without an endpoint turned the model on")
	}
}
