package console

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
)

// RunRetention removes transcripts and contact details of cases closed more
// than the retention period before now (the figures stay), clears expired
// console sessions, and records the run.
func (s *Server) RunRetention(ctx context.Context) (consult.RetentionRun, error) {
	now := s.now().UTC()
	cutoff := now.AddDate(0, 0, -s.opts.RetentionDays)
	run, err := s.store.Purge(ctx, cutoff, now)
	if err != nil {
		return run, fmt.Errorf("retention: %w", err)
	}
	if _, err := s.store.DeleteExpiredSessions(ctx, now.Add(-s.opts.IdleTimeout), now); err != nil {
		return run, fmt.Errorf("retention: %w", err)
	}
	s.log.InfoContext(ctx, "retention done", "cutoff", cutoff.Format(time.RFC3339), "cases", run.Cases,
		"messages", run.Messages, "outbox", run.Outbox, "events", run.Events, "sessions", run.Sessions)
	return run, nil
}

// RetentionLoop runs RunRetention shortly after start and then once a day
// until ctx ends. Replicas may each run it: a pass is idempotent.
func (s *Server) RetentionLoop(ctx context.Context) error {
	wait := time.Minute
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
		wait = 24 * time.Hour
		rctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
		if _, err := s.RunRetention(rctx); err != nil && ctx.Err() == nil {
			s.log.ErrorContext(ctx, "retention failed", "error", err.Error())
			wait = time.Hour
		}
		cancel()
	}
}

type settingsData struct {
	RetentionDays int
	Cutoff        time.Time
	Runs          []consult.RetentionRun
	Slack         bool
	BaseURL       string
	IdleTimeout   time.Duration
	MaxAge        time.Duration
}

// settingsPage shows the retention setting and its last runs (admins).
func (s *Server) settingsPage(w http.ResponseWriter, r *http.Request) {
	runs, err := s.store.RetentionRuns(r.Context(), 10)
	if err != nil {
		s.failErr(w, r, "retention runs", err)
		return
	}
	s.render(w, r, http.StatusOK, "settings", "settings", settingsData{RetentionDays: s.opts.RetentionDays,
		Cutoff: s.now().AddDate(0, 0, -s.opts.RetentionDays), Runs: runs, Slack: s.opts.Slack, BaseURL: s.opts.BaseURL,
		IdleTimeout: s.opts.IdleTimeout, MaxAge: s.opts.MaxAge})
}

// runRetention runs the retention pass now (admins).
func (s *Server) runRetention(w http.ResponseWriter, r *http.Request) {
	run, err := s.RunRetention(r.Context())
	if err != nil {
		s.failErr(w, r, "retention", err)
		return
	}
	s.audit(r, consult.AuditEntry{Actor: s.actor(r), Action: "retention.run",
		Detail: fmt.Sprintf("cases=%d messages=%d", run.Cases, run.Messages)})
	http.Redirect(w, r, "/console/settings?done=retention", http.StatusSeeOther)
}

func (s *Server) actor(r *http.Request) string {
	u, _, _ := current(r)
	return u.Name
}
