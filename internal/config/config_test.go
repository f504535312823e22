package config

import (
	"strings"
	"testing"
)

func env(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }

func TestDefaults(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":8080" || c.BaseURL != "http://localhost:8080" || c.DataDir != "./data" || c.LINEAPIBaseURL != "https://api.line.me" ||
		c.SlackAPIURL != "https://slack.com/api/" || c.SlackDetail != "minimal" || c.RetentionDays != 365 || c.Slack() {
		t.Errorf("defaults = %+v", c)
	}
	if err := c.Serve(); err == nil || !strings.Contains(err.Error(), "LINE_CHANNEL_SECRET") || !strings.Contains(err.Error(), "LINE_CHANNEL_ACCESS_TOKEN") {
		t.Errorf("Serve() without LINE settings = %v, want both named", err)
	}
}

func TestErrorsSayWhatToSet(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"DATABASE_URL": "mysql://x"}, "DATABASE_URL must start with postgres://"},
		{map[string]string{"SLACK_DETAIL": "some"}, "SLACK_DETAIL must be minimal or full"},
		{map[string]string{"SLACK_BOT_TOKEN": "xoxb-1"}, "set both SLACK_BOT_TOKEN"},
		{map[string]string{"SLACK_BOT_TOKEN": "abc", "SLACK_SIGNING_SECRET": "s", "SLACK_DEFAULT_CHANNEL": "C1"}, "starting with xoxb-"},
		{map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}, "SLACK_DEFAULT_CHANNEL must name"},
		{map[string]string{"SLACK_APP_TOKEN": "x"}, "SLACK_APP_TOKEN must be an app-level token"},
		{map[string]string{"TSUNAGU_RETENTION_DAYS": "0"}, "TSUNAGU_RETENTION_DAYS"},
		{map[string]string{"TSUNAGU_BASE_URL": "localhost"}, "TSUNAGU_BASE_URL must be"},
		{map[string]string{"LINE_API_BASE_URL": "ftp://x"}, "LINE_API_BASE_URL must be"},
		{map[string]string{"TSUNAGU_SHUTDOWN_TIMEOUT": "soon"}, "TSUNAGU_SHUTDOWN_TIMEOUT"},
		{map[string]string{"TSUNAGU_LOG_LEVEL": "loud"}, "TSUNAGU_LOG_LEVEL"},
	}
	for _, tc := range tests {
		_, err := Load(env(tc.env))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Load(%v) = %v, want an error containing %q", tc.env, err, tc.want)
		}
	}
}

func TestSlackConfigured(t *testing.T) {
	c, err := Load(env(map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "SLACK_DEFAULT_CHANNEL": "C1", "DATABASE_URL": "postgres://u@h/db"}))
	if err != nil || !c.Slack() || c.DatabaseURL == "" {
		t.Errorf("Load = %+v, %v", c, err)
	}
}
