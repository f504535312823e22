// Package config loads tsunagu's configuration from the environment once,
// with error messages that say exactly what to set.
package config

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config is the whole configuration (see contract.md and the README).
type Config struct {
	Addr        string // TSUNAGU_ADDR
	BaseURL     string // TSUNAGU_BASE_URL
	DataDir     string // TSUNAGU_DATA_DIR
	DatabaseURL string // DATABASE_URL; empty → embedded SQLite in DataDir

	LINEChannelSecret string // LINE_CHANNEL_SECRET
	LINEAccessToken   string // LINE_CHANNEL_ACCESS_TOKEN
	LINEAPIBaseURL    string // LINE_API_BASE_URL

	SlackBotToken       string // SLACK_BOT_TOKEN
	SlackSigningSecret  string // SLACK_SIGNING_SECRET
	SlackAPIURL         string // SLACK_API_URL
	SlackDefaultChannel string // SLACK_DEFAULT_CHANNEL
	SlackEscalation     string // SLACK_ESCALATION_CHANNEL
	SlackDetail         string // SLACK_DETAIL: minimal | full
	SlackAppToken       string // SLACK_APP_TOKEN

	// RetentionDays: transcripts and contact details of cases closed longer
	// ago are deleted (TSUNAGU_RETENTION_DAYS, default 365).
	RetentionDays int
	// ShutdownTimeout bounds finishing turns and flushing the outbox on
	// SIGTERM (TSUNAGU_SHUTDOWN_TIMEOUT, default 20s).
	ShutdownTimeout time.Duration
	// FollowUpAfter is when a resolved case's resident is asked
	// 「つながれましたか？」 (TSUNAGU_FOLLOWUP_DAYS, default 3; 0 turns it off).
	FollowUpAfter time.Duration
	// LogLevel is debug, info, warn or error (TSUNAGU_LOG_LEVEL).
	LogLevel string
}

// Defaults of the contract.
const (
	DefaultAddr    = ":8080"
	DefaultBaseURL = "http://localhost:8080"
	DefaultDataDir = "./data"
	DefaultLINEAPI = "https://api.line.me"
	DefaultSlack   = "https://slack.com/api/"
)

// Load reads the environment. It checks what every command needs; Serve
// adds what a production server needs.
func Load(getenv func(string) string) (Config, error) {
	get := func(k, def string) string {
		if v := strings.TrimSpace(getenv(k)); v != "" {
			return v
		}
		return def
	}
	c := Config{
		Addr:                get("TSUNAGU_ADDR", DefaultAddr),
		BaseURL:             strings.TrimRight(get("TSUNAGU_BASE_URL", DefaultBaseURL), "/"),
		DataDir:             get("TSUNAGU_DATA_DIR", DefaultDataDir),
		DatabaseURL:         get("DATABASE_URL", ""),
		LINEChannelSecret:   get("LINE_CHANNEL_SECRET", ""),
		LINEAccessToken:     get("LINE_CHANNEL_ACCESS_TOKEN", ""),
		LINEAPIBaseURL:      strings.TrimRight(get("LINE_API_BASE_URL", DefaultLINEAPI), "/"),
		SlackBotToken:       get("SLACK_BOT_TOKEN", ""),
		SlackSigningSecret:  get("SLACK_SIGNING_SECRET", ""),
		SlackAPIURL:         get("SLACK_API_URL", DefaultSlack),
		SlackDefaultChannel: get("SLACK_DEFAULT_CHANNEL", ""),
		SlackEscalation:     get("SLACK_ESCALATION_CHANNEL", ""),
		SlackDetail:         get("SLACK_DETAIL", "minimal"),
		SlackAppToken:       get("SLACK_APP_TOKEN", ""),
		LogLevel:            get("TSUNAGU_LOG_LEVEL", "info"),
	}
	var errs []error
	var err error
	if c.RetentionDays, err = strconv.Atoi(get("TSUNAGU_RETENTION_DAYS", "365")); err != nil || c.RetentionDays < 1 {
		errs = append(errs, fmt.Errorf("TSUNAGU_RETENTION_DAYS must be a whole number of days ≥ 1, got %q", getenv("TSUNAGU_RETENTION_DAYS")))
	}
	if days, err := strconv.Atoi(get("TSUNAGU_FOLLOWUP_DAYS", "3")); err != nil || days < 0 {
		errs = append(errs, fmt.Errorf("TSUNAGU_FOLLOWUP_DAYS must be a whole number of days ≥ 0 (0 = no follow-up), got %q", getenv("TSUNAGU_FOLLOWUP_DAYS")))
	} else {
		c.FollowUpAfter = time.Duration(days) * 24 * time.Hour
	}
	if c.ShutdownTimeout, err = time.ParseDuration(get("TSUNAGU_SHUTDOWN_TIMEOUT", "20s")); err != nil || c.ShutdownTimeout <= 0 {
		errs = append(errs, fmt.Errorf("TSUNAGU_SHUTDOWN_TIMEOUT must be a duration like 20s, got %q", getenv("TSUNAGU_SHUTDOWN_TIMEOUT")))
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("TSUNAGU_BASE_URL must be the public http(s) URL of this server, like https://tsunagu.example.jp, got %q", c.BaseURL))
	}
	if u, err := url.Parse(c.LINEAPIBaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("LINE_API_BASE_URL must be an http(s) URL (default %s), got %q", DefaultLINEAPI, c.LINEAPIBaseURL))
	}
	if c.DatabaseURL != "" && !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		errs = append(errs, errors.New("DATABASE_URL must start with postgres:// (or be unset to use the embedded database in TSUNAGU_DATA_DIR)"))
	}
	if c.SlackDetail != "minimal" && c.SlackDetail != "full" {
		errs = append(errs, fmt.Errorf("SLACK_DETAIL must be minimal or full, got %q", c.SlackDetail))
	}
	if (c.SlackBotToken == "") != (c.SlackSigningSecret == "") {
		errs = append(errs, errors.New("set both SLACK_BOT_TOKEN (xoxb-…) and SLACK_SIGNING_SECRET (Slack app → Basic Information), or neither to use only the console inbox"))
	}
	if c.SlackBotToken != "" && !strings.HasPrefix(c.SlackBotToken, "xoxb-") {
		errs = append(errs, errors.New("SLACK_BOT_TOKEN must be a bot token starting with xoxb- (Slack app → OAuth & Permissions)"))
	}
	if c.SlackAppToken != "" && !strings.HasPrefix(c.SlackAppToken, "xapp-") {
		errs = append(errs, errors.New("SLACK_APP_TOKEN must be an app-level token starting with xapp- (Slack app → Basic Information → App-Level Tokens, scope connections:write)"))
	}
	if c.SlackBotToken != "" && c.SlackDefaultChannel == "" {
		errs = append(errs, errors.New("SLACK_DEFAULT_CHANNEL must name a Slack channel ID (like C0123456789) for cases whose channel has none in flows/channels.yaml"))
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("TSUNAGU_LOG_LEVEL must be debug, info, warn or error, got %q", c.LogLevel))
	}
	return c, errors.Join(errs...)
}

// Serve checks what `tsunagu serve` needs beyond Load.
func (c Config) Serve() error {
	var errs []error
	if c.LINEChannelSecret == "" {
		errs = append(errs, errors.New("LINE_CHANNEL_SECRET is not set: copy the channel secret from LINE Developers console → your channel → Basic settings"))
	}
	if c.LINEAccessToken == "" {
		errs = append(errs, errors.New("LINE_CHANNEL_ACCESS_TOKEN is not set: issue a long-lived channel access token in LINE Developers console → your channel → Messaging API"))
	}
	return errors.Join(errs...)
}

// Slack reports whether the Slack handoff is configured.
func (c Config) Slack() bool { return c.SlackBotToken != "" }
