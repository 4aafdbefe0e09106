// Package configs loads the bot's settings: embedded YAML defaults, an optional file overlay
// and environment overrides, validated into one Config with one-line errors that say what to set.
package configs

import (
	_ "embed"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/url"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	// Embedded zone data, so a bare container without /usr/share/zoneinfo still knows Asia/Shanghai.
	_ "time/tzdata"

	"go.yaml.in/yaml/v3"

	"orglife"
)

// Environment variables read by Load (and EnvConfig, read by main), named once here so main,
// the README and the error messages cannot drift apart.
const (
	EnvConfig        = "ORGLIFE_CONFIG" // path of a YAML file overlaying the defaults; read by main
	EnvToken         = "TELEGRAM_BOT_TOKEN"
	EnvAPIEndpoint   = "TELEGRAM_API_ENDPOINT"
	EnvRedisURL      = "REDIS_URL"
	EnvHTTPAddr      = "ORGLIFE_HTTP_ADDR"
	EnvTimezone      = "ORGLIFE_TIMEZONE"
	EnvWebhookURL    = "ORGLIFE_WEBHOOK_URL"
	EnvWebhookSecret = "ORGLIFE_WEBHOOK_SECRET"
	EnvAdmins        = "ORGLIFE_ADMINS"
	EnvLogLevel      = "ORGLIFE_LOG_LEVEL"
	// EnvLLMKey is the language model's API key (llm.endpoint), read from the environment
	// only: it has no YAML field, so it is never in a file, an export or the logged config.
	EnvLLMKey = "ORGLIFE_LLM_KEY"
)

// SandboxKeySuffix ends the key prefix of a sandbox (redis.key_prefix + SandboxKeySuffix), so
// that a sandbox pointed at the bot's Redis keeps to keys of its own. No bot may use a prefix
// ending in it, or a sandbox of another deployment could share its keys.
const SandboxKeySuffix = "-sandbox"

//go:embed orglife.yaml
var defaults []byte

// Config mirrors configs/orglife.yaml; see that file for what each field means.
type Config struct {
	Telegram        Telegram      `yaml:"telegram"`
	Redis           Redis         `yaml:"redis"`
	HTTP            HTTP          `yaml:"http"`
	Timezone        string        `yaml:"timezone"`
	Language        string        `yaml:"language"`
	Admins          []int64       `yaml:"admins"`
	LogLevel        string        `yaml:"log_level"`
	GCPercent       int           `yaml:"gc_percent"`
	Updates         Updates       `yaml:"updates"`
	Sender          Sender        `yaml:"sender"`
	Branch          Branch        `yaml:"branch"`
	Meeting         Meeting       `yaml:"meeting"`
	Reminders       Reminders     `yaml:"reminders"`
	Report          Report        `yaml:"report"`
	LLM             LLM           `yaml:"llm"`
	Ballot          Ballot        `yaml:"ballot"`
	ShutdownTimeout time.Duration `yaml:"shutdown_timeout"`

	// Location is Timezone resolved by Validate.
	Location *time.Location `yaml:"-"`

	// fromEnv maps a YAML field path to the environment variable that set it, so that an
	// error names the thing the operator actually wrote.
	fromEnv map[string]string
	// redisInFile is whether the config file names a Redis (redis.url).
	redisInFile bool
}

// RedisNamed reports whether the operator named a Redis, with REDIS_URL or redis.url in the
// config file. A start that names neither (and no token) is a newcomer's first run, the only
// one the binary answers with the sandbox; the embedded default URL alone never counts.
func (c Config) RedisNamed() bool {
	_, fromEnv := c.fromEnv["redis.url"]
	return fromEnv || c.redisInFile
}

// Telegram holds the Bot API connection settings.
type Telegram struct {
	Token          string        `yaml:"token"`
	APIEndpoint    string        `yaml:"api_endpoint"`
	PollTimeout    time.Duration `yaml:"poll_timeout"`
	RequestTimeout time.Duration `yaml:"request_timeout"`
	WebhookURL     string        `yaml:"webhook_url"`
	WebhookSecret  string        `yaml:"webhook_secret"`
}

// Redis holds the state store settings.
type Redis struct {
	URL       string `yaml:"url"`
	KeyPrefix string `yaml:"key_prefix"`
}

// HTTP holds the listener for /healthz, /metrics and the webhook.
type HTTP struct {
	Addr string `yaml:"addr"`
	// Pprof serves the Go profiler under /debug/pprof/ on that listener.
	Pprof bool `yaml:"pprof"`
}

// Updates holds the limits of update processing.
type Updates struct {
	DedupeTTL      time.Duration `yaml:"dedupe_ttl"`
	HandlerTimeout time.Duration `yaml:"handler_timeout"`
	LockTTL        time.Duration `yaml:"lock_ttl"`
	MaxText        int           `yaml:"max_text"`
	FloodBurst     int           `yaml:"flood_burst"`
	FloodPerMinute int           `yaml:"flood_per_minute"`
	RetryMin       time.Duration `yaml:"retry_min"`
	RetryMax       time.Duration `yaml:"retry_max"`
	SessionTTL     time.Duration `yaml:"session_ttl"`
	SessionSweep   time.Duration `yaml:"session_sweep"`
}

// Branch holds the settings of branches.
type Branch struct {
	InviteTTL time.Duration `yaml:"invite_ttl"`
	// Retention is what /forgetme does with a leaving member's answers: "anonymise" or "remove".
	Retention orglife.Retention `yaml:"retention"`
}

// Meeting is the template of a new meeting: its preparation steps and the talk rules.
type Meeting struct {
	Steps    []orglife.StepTemplate `yaml:"steps"`
	Coverage orglife.CoverageRules  `yaml:"coverage"`
}

// Reminders are the scheduler's rules; see orglife.yaml.
type Reminders struct {
	At        string        `yaml:"at"`
	QuietFrom string        `yaml:"quiet_from"`
	QuietTo   string        `yaml:"quiet_to"`
	Workdays  []int         `yaml:"workdays"`
	Holidays  []string      `yaml:"holidays"`
	MakeUp    []string      `yaml:"make_up_days"`
	Calendar  string        `yaml:"calendar"`
	DailyCap  int           `yaml:"daily_cap"`
	Grace     time.Duration `yaml:"grace"`
	DigestAt  string        `yaml:"digest_at"`
	Tick      time.Duration `yaml:"tick"`
	Lease     time.Duration `yaml:"lease"`
	Keep      time.Duration `yaml:"keep"`
	Batch     int           `yaml:"batch"`
	Workers   int           `yaml:"workers"`
}

// Rules turns the reminder settings into the domain's rules; Validate has checked them.
func (r Reminders) Rules() (orglife.ReminderRules, orglife.TimeOfDay, error) {
	at, err := orglife.ParseClock(r.At)
	if err != nil {
		return orglife.ReminderRules{}, orglife.TimeOfDay{}, fmt.Errorf("reminders.at %q: %w", r.At, err)
	}
	digest, err := orglife.ParseClock(r.DigestAt)
	if err != nil {
		return orglife.ReminderRules{}, orglife.TimeOfDay{}, fmt.Errorf("reminders.digest_at %q: %w", r.DigestAt, err)
	}
	w := orglife.Window{}
	if w.QuietFrom, err = orglife.ParseClock(r.QuietFrom); err != nil {
		return orglife.ReminderRules{}, orglife.TimeOfDay{}, fmt.Errorf("reminders.quiet_from %q: %w", r.QuietFrom, err)
	}
	if w.QuietTo, err = orglife.ParseClock(r.QuietTo); err != nil {
		return orglife.ReminderRules{}, orglife.TimeOfDay{}, fmt.Errorf("reminders.quiet_to %q: %w", r.QuietTo, err)
	}
	for _, d := range r.Workdays {
		if d < 0 || d > 6 {
			return orglife.ReminderRules{}, orglife.TimeOfDay{}, fmt.Errorf("reminders.workdays: %d is not a weekday (0 = Sunday ... 6 = Saturday)", d)
		}
		w.Workdays[d] = true
	}
	if w.Holidays, err = parseDays("reminders.holidays", r.Holidays); err != nil {
		return orglife.ReminderRules{}, orglife.TimeOfDay{}, err
	}
	if w.MakeUpDays, err = parseDays("reminders.make_up_days", r.MakeUp); err != nil {
		return orglife.ReminderRules{}, orglife.TimeOfDay{}, err
	}
	if err := r.addCalendar(&w); err != nil {
		return orglife.ReminderRules{}, orglife.TimeOfDay{}, err
	}
	return orglife.ReminderRules{At: at, Window: w}, digest, nil
}

// CalendarChina names the built-in calendar of mainland China's public holidays.
const CalendarChina = "cn"

// addCalendar adds the public calendar's holidays and make-up days to w. The deployment's own
// lists win: a day the configuration lists as worked is not taken off, and the reverse.
func (r Reminders) addCalendar(w *orglife.Window) error {
	switch r.Calendar {
	case "":
		return nil
	case CalendarChina:
	default:
		return fmt.Errorf("reminders.calendar %q: use %q (mainland China's public holidays) or \"\" (none)", r.Calendar, CalendarChina)
	}
	years, err := ChinaCalendar()
	if err != nil {
		return err
	}
	for _, y := range slices.Sorted(maps.Keys(years)) {
		for _, d := range years[y].Off {
			if !slices.Contains(w.MakeUpDays, d) {
				w.Holidays = append(w.Holidays, d)
			}
		}
		for _, d := range years[y].Work {
			if !slices.Contains(w.Holidays, d) {
				w.MakeUpDays = append(w.MakeUpDays, d)
			}
		}
	}
	return nil
}

// CalendarCovers reports whether the configured public calendar knows year's holidays (always
// true without a calendar), so that the bot can warn when a year is missing.
func (r Reminders) CalendarCovers(year int) bool {
	if r.Calendar != CalendarChina {
		return true
	}
	years, err := ChinaCalendar()
	_, ok := years[year]
	return err == nil && ok
}

// CalendarYears are the years the configured public calendar knows, in order; none without a
// calendar.
func (r Reminders) CalendarYears() []int {
	if r.Calendar != CalendarChina {
		return nil
	}
	years, err := ChinaCalendar()
	if err != nil {
		return nil
	}
	return slices.Sorted(maps.Keys(years))
}

// parseDays reads a list of YYYY-MM-DD days.
func parseDays(field string, days []string) ([]orglife.Date, error) {
	var out []orglife.Date
	for _, s := range days {
		var d orglife.Date
		if err := d.UnmarshalText([]byte(s)); err != nil {
			return nil, fmt.Errorf("%s: %q is not a YYYY-MM-DD date", field, s)
		}
		out = append(out, d)
	}
	return out, nil
}

// Report holds where the report's wording comes from.
type Report struct {
	Template string `yaml:"template"`
	// SimilarityThreshold is the character-bigram similarity above which /status shows two
	// members' points (or one and a stock phrase) as near-copies.
	SimilarityThreshold float64 `yaml:"similarity_threshold"`
}

// Ballot holds the rules of 民主评议党员 (the secret ballot).
type Ballot struct {
	// MinVoters is how many complete votes a ballot needs for its results to be counted and
	// shown; below it nothing is counted (a tally of a few votes tells who chose what).
	MinVoters int `yaml:"min_voters"`
}

// ReportText is the wording template: the file named by report.template, or the default.
func (c Config) ReportText() (string, error) {
	if c.Report.Template == "" {
		return ReportTemplate(), nil
	}
	b, err := os.ReadFile(c.Report.Template)
	if err != nil {
		return "", fmt.Errorf("report.template: %w", err)
	}
	return string(b), nil
}

// LLM is the optional language model that polishes documents (/polish, 「润色」): any
// OpenAI-compatible chat-completions API. Off while Endpoint is empty.
type LLM struct {
	Endpoint    string        `yaml:"endpoint"` // the API's base URL: POST {endpoint}/chat/completions
	Model       string        `yaml:"model"`
	Timeout     time.Duration `yaml:"timeout"`
	Temperature float64       `yaml:"temperature"`
	// Key is ORGLIFE_LLM_KEY; never from a file, never logged.
	Key string `yaml:"-"`
}

// Enabled reports whether a language model is configured.
func (l LLM) Enabled() bool { return l.Endpoint != "" }

// Sender holds the outgoing rate limits and retry policy.
type Sender struct {
	GlobalPerSecond int           `yaml:"global_per_second"`
	PrivateInterval time.Duration `yaml:"private_interval"`
	PrivateBurst    int           `yaml:"private_burst"`
	GroupPerMinute  int           `yaml:"group_per_minute"`
	MaxRetryElapsed time.Duration `yaml:"max_retry_elapsed"`
	BackoffMin      time.Duration `yaml:"backoff_min"`
	BackoffMax      time.Duration `yaml:"backoff_max"`
}

// Default returns a copy of the embedded default YAML, for printing or documentation.
func Default() []byte {
	return slices.Clone(defaults)
}

// Load builds the Config: embedded defaults, then the file at path (if path is non-empty),
// then the environment read through getenv (nil means no environment), then Validate.
// A missing token is not an error here; the caller decides whether it needs one.
func Load(path string, getenv func(string) string) (Config, error) {
	var cfg Config
	if err := decodeStrict(defaults, &cfg); err != nil {
		return Config{}, fmt.Errorf("embedded defaults: %w", err)
	}
	if path != "" {
		if err := overlayFile(path, &cfg); err != nil {
			return Config{}, err
		}
	}
	if getenv != nil {
		if err := cfg.applyEnv(getenv); err != nil {
			return Config{}, err
		}
	}
	if err := cfg.Validate(); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

func overlayFile(path string, cfg *Config) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("config file: %w", err)
	}
	if err := decodeStrict(data, cfg); err != nil {
		return fmt.Errorf("config file %s: %w", path, err)
	}
	// decodeStrict accepted the shape, so this lenient read only asks whether the key is
	// there; should it fail all the same, the file counts as naming a Redis (fail closed).
	var names struct {
		Redis struct {
			URL *string `yaml:"url"`
		} `yaml:"redis"`
	}
	if err := yaml.Unmarshal(data, &names); err != nil || names.Redis.URL != nil {
		cfg.redisInFile = true
	}
	return nil
}

// decodeStrict overlays the YAML document onto cfg: fields absent from data keep their value,
// and a field Config does not have is an error naming its full path and line.
func decodeStrict(data []byte, cfg *Config) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return flatten(err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil // empty file or only comments: nothing to overlay
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return nil
	}
	if root.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: the top level must be a mapping of settings", root.Line)
	}
	if err := checkKnown(root, reflect.TypeFor[Config](), ""); err != nil {
		return err
	}
	if err := root.Decode(cfg); err != nil {
		return flatten(err)
	}
	return nil
}

// checkKnown walks a mapping node against the struct type it will decode into. yaml's own
// KnownFields check only names the Go type; operators need the dotted YAML path.
func checkKnown(node *yaml.Node, t reflect.Type, prefix string) error {
	if node.Kind != yaml.MappingNode || t.Kind() != reflect.Struct {
		return nil // a shape mismatch is reported by Decode
	}
	fields := yamlFields(t)
	for i := 0; i+1 < len(node.Content); i += 2 {
		key, value := node.Content[i], node.Content[i+1]
		ft, ok := fields[key.Value]
		if !ok {
			return fmt.Errorf("line %d: unknown field %q; known fields here: %s",
				key.Line, prefix+key.Value, strings.Join(slices.Sorted(maps.Keys(fields)), ", "))
		}
		if err := checkKnown(value, ft, prefix+key.Value+"."); err != nil {
			return err
		}
	}
	return nil
}

// yamlFields maps each YAML name of t's fields to the field's type.
func yamlFields(t reflect.Type) map[string]reflect.Type {
	fields := make(map[string]reflect.Type, t.NumField())
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "" || name == "-" {
			continue
		}
		fields[name] = f.Type
	}
	return fields
}

// flatten turns yaml's multi-line error into one line. yaml quotes a value only when it
// cannot become the field's type; the token and the secret are strings, which accept any
// scalar, so they cannot leak through here.
func flatten(err error) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return errors.New(strings.ReplaceAll(err.Error(), "\n", " "))
	}
	msg := strings.Join(te.Errors, "; ")
	if strings.Contains(msg, "time.Duration") {
		msg += "; write durations with a unit, such as 30s or 10m"
	}
	return errors.New(msg)
}

// applyEnv overrides fields from the environment. Values are trimmed because secrets
// mounted from files usually end in a newline; an empty value counts as unset.
func (c *Config) applyEnv(getenv func(string) string) error {
	strs := []struct {
		env, field string
		dst        *string
	}{
		{EnvToken, "telegram.token", &c.Telegram.Token},
		{EnvAPIEndpoint, "telegram.api_endpoint", &c.Telegram.APIEndpoint},
		{EnvWebhookURL, "telegram.webhook_url", &c.Telegram.WebhookURL},
		{EnvWebhookSecret, "telegram.webhook_secret", &c.Telegram.WebhookSecret},
		{EnvRedisURL, "redis.url", &c.Redis.URL},
		{EnvHTTPAddr, "http.addr", &c.HTTP.Addr},
		{EnvTimezone, "timezone", &c.Timezone},
		{EnvLogLevel, "log_level", &c.LogLevel},
	}
	for _, s := range strs {
		if v := strings.TrimSpace(getenv(s.env)); v != "" {
			*s.dst = v
			c.markEnv(s.field, s.env)
		}
	}
	c.LLM.Key = strings.TrimSpace(getenv(EnvLLMKey))
	if v := strings.TrimSpace(getenv(EnvAdmins)); v != "" {
		ids, err := parseIDs(v)
		if err != nil {
			return fmt.Errorf("%s %q: not a list of Telegram user ids; set comma-separated numbers such as 12345,67890", EnvAdmins, v)
		}
		c.Admins = ids
		c.markEnv("admins", EnvAdmins)
	}
	return nil
}

func (c *Config) markEnv(field, env string) {
	if c.fromEnv == nil {
		c.fromEnv = make(map[string]string)
	}
	c.fromEnv[field] = env
}

// name is how an error refers to a field: the environment variable if one set it.
func (c *Config) name(field string) string {
	if env, ok := c.fromEnv[field]; ok {
		return env
	}
	return field
}

// parseIDs reads "12, 34" into positive user ids; empty items from a trailing comma are ignored.
func parseIDs(s string) ([]int64, error) {
	var ids []int64
	for item := range strings.SplitSeq(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		id, err := strconv.ParseInt(item, 10, 64)
		if err != nil || id <= 0 {
			return nil, fmt.Errorf("bad user id %q", item)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// IsAdmin reports whether the user may create branches; an empty admin list admits everyone.
func (c Config) IsAdmin(userID int64) bool {
	return len(c.Admins) == 0 || slices.Contains(c.Admins, userID)
}

// GCTarget is the collector's target percentage the process should run with, and whether
// to set it: GC percent from the configuration, unless the environment's GOGC (read with
// getenv) already chose one or the configuration leaves Go's default (0).
func (c Config) GCTarget(getenv func(string) string) (int, bool) {
	if getenv("GOGC") != "" || c.GCPercent == 0 {
		return 0, false
	}
	return c.GCPercent, true
}

// Level is LogLevel as a slog level; Validate guarantees it is one of the four names.
func (c Config) Level() slog.Level {
	var l slog.Level
	if err := l.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return slog.LevelInfo
	}
	return l
}

// LogValue lets main log the effective config without leaking the token, the webhook
// secret or a Redis password.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("api_endpoint", c.Telegram.APIEndpoint),
		slog.Bool("token_set", c.Telegram.Token != ""),
		slog.String("webhook_url", c.Telegram.WebhookURL),
		slog.Bool("webhook_secret_set", c.Telegram.WebhookSecret != ""),
		slog.String("redis_url", redactURL(c.Redis.URL)),
		slog.String("key_prefix", c.Redis.KeyPrefix),
		slog.String("http_addr", c.HTTP.Addr),
		slog.String("timezone", c.Timezone),
		slog.String("language", c.Language),
		slog.Int("admins", len(c.Admins)),
		slog.String("log_level", c.LogLevel),
		slog.String("llm_endpoint", redactURL(c.LLM.Endpoint)),
		slog.String("llm_model", c.LLM.Model),
		slog.Bool("llm_key_set", c.LLM.Key != ""),
	)
}

func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable)"
	}
	return u.Redacted()
}
