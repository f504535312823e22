// Package slack is tsunagu's Slack adapter, the only importer of slack-go.
// It delivers Slack outbox items (a case's message rendered from the case as
// it is at delivery time, thread notes, escalations, reminders), handles the
// buttons staff press (POST /slack/interactivity) and staff replies in a
// case's thread (POST /slack/events), and can take both through Socket Mode
// instead. Personal details are masked unless SLACK_DETAIL=full.
package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/metrics"
)

// Cases applies staff actions (*bot.Cases satisfies it).
type Cases interface {
	// Act applies a staff action; changed is false when it changed nothing.
	Act(ctx context.Context, id int64, a consult.CaseAction) (consult.Case, bool, error)
	// StaffReply pushes a staff message to the resident on LINE.
	StaffReply(ctx context.Context, id int64, author, team, text string) error
}

// Store is what the adapter reads and records (both stores implement it).
type Store interface {
	Case(ctx context.Context, id int64) (consult.Case, error)
	CaseBySlackThread(ctx context.Context, channel, ts string) (consult.Case, error)
	AddSlackMessage(ctx context.Context, m consult.SlackMessage) error
	SlackMessages(ctx context.Context, caseID int64) ([]consult.SlackMessage, error)
	MarkSlackEvent(ctx context.Context, id string, at time.Time) (bool, error)
}

// Config configures the adapter.
type Config struct {
	// BotToken (xoxb-) and SigningSecret are required; AppToken (xapp-)
	// enables Socket Mode.
	BotToken, SigningSecret, AppToken string
	// APIURL is the Web API base URL with its trailing slash.
	APIURL string
	// DefaultChannel receives cases of channels without their own Slack
	// channel; EscalationChannel receives unclaimed emergencies (default:
	// DefaultChannel).
	DefaultChannel, EscalationChannel string
	// Routes is the Slack channel (ID or #name) of each consultation channel.
	Routes map[consult.Channel]string
	// Names is the display name of each consultation channel (the team name
	// residents see on staff replies, too).
	Names map[consult.Channel]string
	// Detail is minimal (default) or full.
	Detail Detail
	// BaseURL is tsunagu's public URL, for console links.
	BaseURL string
	// ErrNoPush is the error Cases.StaffReply returns when the resident may
	// not be messaged (bot.ErrNoPush).
	ErrNoPush error
	// EscalateAfter is said in escalation notes (the timers' setting).
	EscalateAfter time.Duration
	// OnChange is called after a staff action or reply changed something,
	// so that the outboxes deliver at once.
	OnChange func()
	// Timeout bounds one Web API call (default 8 s); AckWithin is how long
	// a request waits for its work before Slack is answered (default 2 s,
	// inside Slack's 3 s).
	Timeout, AckWithin time.Duration
}

// Slack is the adapter. Its Deliver method is the outbox deliverer for
// consult.OutSlack items.
type Slack struct {
	api     *slack.Client
	cfg     Config
	store   Store
	cases   Cases
	texts   *Texts
	render  *renderer
	metrics *metrics.Metrics
	log     *slog.Logger
	now     func() time.Time

	work    sync.WaitGroup // requests still being worked on after the answer
	mu      sync.Mutex
	ids     map[string]string // #name → channel ID
	authors map[string]string // Slack user ID → display name
}

// New returns the adapter.
func New(cfg Config, st Store, cases Cases, m *metrics.Metrics, log *slog.Logger) (*Slack, error) {
	if cfg.BotToken == "" || cfg.DefaultChannel == "" {
		return nil, fmt.Errorf("slack: bot token and default channel are required: %w", consult.ErrInvalid)
	}
	texts, err := LoadTexts()
	if err != nil {
		return nil, err
	}
	if cfg.Detail == "" {
		cfg.Detail = DetailMinimal
	}
	if cfg.EscalationChannel == "" {
		cfg.EscalationChannel = cfg.DefaultChannel
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 8 * time.Second
	}
	if cfg.AckWithin == 0 {
		cfg.AckWithin = 2 * time.Second
	}
	if cfg.EscalateAfter == 0 {
		cfg.EscalateAfter = 5 * time.Minute
	}
	if cfg.OnChange == nil {
		cfg.OnChange = func() {}
	}
	if cfg.ErrNoPush == nil {
		cfg.ErrNoPush = errors.New("no push")
	}
	opts := []slack.Option{slack.OptionHTTPClient(&http.Client{Timeout: cfg.Timeout})}
	if cfg.APIURL != "" {
		opts = append(opts, slack.OptionAPIURL(cfg.APIURL))
	}
	if cfg.AppToken != "" {
		opts = append(opts, slack.OptionAppLevelToken(cfg.AppToken))
	}
	s := &Slack{api: slack.New(cfg.BotToken, opts...), cfg: cfg, store: st, cases: cases, texts: texts,
		metrics: m, log: log, now: time.Now, ids: map[string]string{}, authors: map[string]string{}}
	s.render = &renderer{texts: texts, masker: NewMasker(texts), detail: cfg.Detail, baseURL: strings.TrimRight(cfg.BaseURL, "/"), names: cfg.Names}
	return s, nil
}

// Wait waits until the work of answered requests is done or ctx ends (at
// shutdown).
func (s *Slack) Wait(ctx context.Context) error {
	done := make(chan struct{})
	go func() { s.work.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// route is the Slack channel of a consultation channel.
func (s *Slack) route(ch consult.Channel) string {
	if r := s.cfg.Routes[ch]; r != "" {
		return r
	}
	return s.cfg.DefaultChannel
}

// countError records a failed Web API call in the metrics.
func (s *Slack) countError(method string, err error) {
	if err == nil || s.metrics == nil {
		return
	}
	s.metrics.SlackAPIErrors.WithLabelValues(method, errorKind(err)).Inc()
}
