package slack

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/slack-go/slack"
)

// maxBody is the largest request body accepted from Slack.
const maxBody = 1 << 20

// workTimeout bounds the work of one request after Slack was answered.
const workTimeout = 30 * time.Second

// Interactivity handles POST /slack/interactivity: the case buttons.
func (s *Slack) Interactivity() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := s.verified(w, r)
		if !ok {
			return
		}
		form, err := url.ParseQuery(string(body))
		if err != nil || form.Get("payload") == "" {
			http.Error(w, "no payload", http.StatusBadRequest)
			return
		}
		payload := []byte(form.Get("payload"))
		s.ack(w, func(ctx context.Context) error { return s.HandleInteraction(ctx, payload) })
	})
}

// Events handles POST /slack/events: the URL check, and staff messages in
// case threads.
func (s *Slack) Events() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := s.verified(w, r)
		if !ok {
			return
		}
		var outer struct {
			Type      string `json:"type"`
			Challenge string `json:"challenge"`
		}
		if err := json.Unmarshal(body, &outer); err != nil {
			http.Error(w, "bad event", http.StatusBadRequest)
			return
		}
		if outer.Type == "url_verification" {
			w.Header().Set("Content-Type", "text/plain")
			_, _ = io.WriteString(w, outer.Challenge)
			return
		}
		s.ack(w, func(ctx context.Context) error { return s.HandleEvent(ctx, body) })
	})
}

// verified reads the body and checks Slack's v0 signature with its
// five-minute window (either way: a timestamp from the future fails too).
// It answers 401 on a forged or stale request.
func (s *Slack) verified(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "too large", http.StatusRequestEntityTooLarge)
		} else {
			http.Error(w, "bad request", http.StatusBadRequest)
		}
		return nil, false
	}
	sv, err := slack.NewSecretsVerifier(r.Header, s.cfg.SigningSecret)
	if err == nil {
		_, _ = sv.Write(body)
		err = sv.Ensure()
	}
	if err != nil {
		s.log.WarnContext(r.Context(), "slack request refused", "path", r.URL.Path, "reason", err.Error(), "remote", r.RemoteAddr)
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return nil, false
	}
	return body, true
}

// ack runs work and answers Slack when it is done or after AckWithin,
// whichever comes first, so that Slack always hears back within its 3 s;
// slower work goes on in the background.
func (s *Slack) ack(w http.ResponseWriter, work func(ctx context.Context) error) {
	done := make(chan struct{})
	s.work.Add(1)
	go func() {
		defer s.work.Done()
		defer close(done)
		ctx, cancel := context.WithTimeout(context.Background(), workTimeout)
		defer cancel()
		if err := work(ctx); err != nil {
			s.log.ErrorContext(ctx, "slack request failed", "error", err.Error())
		}
	}()
	timer := time.NewTimer(s.cfg.AckWithin)
	defer timer.Stop()
	select {
	case <-done:
	case <-timer.C:
	}
	w.WriteHeader(http.StatusOK)
}
