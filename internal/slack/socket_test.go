package slack

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/slack-go/slack/socketmode"

	"github.com/n-csw/tsunagu/internal/consult"
)

// TestSocketRoute checks that Socket Mode envelopes reach the same code as
// the HTTP endpoints, and that every request envelope is acknowledged.
// (The WebSocket connection itself needs a real Slack and is not tested.)
func TestSocketRoute(t *testing.T) {
	e := newTestEnv(t, Config{AppToken: "xapp-test"}, sampleCase())
	e.deliver(consult.SlackJob{Op: consult.SlackPost, CaseID: caseID}, 1)
	c, _ := e.store.Case(t.Context(), caseID)
	form, _ := url.ParseQuery(string(click(t, "U1", actionClaim, "96161130086558044", "")))
	interactive := socketmode.Event{Type: socketmode.EventTypeInteractive,
		Request: &socketmode.Request{Type: "interactive", EnvelopeID: "env-1", Payload: []byte(form.Get("payload"))}}
	events := socketmode.Event{Type: socketmode.EventTypeEventsAPI,
		Request: &socketmode.Request{Type: "events_api", EnvelopeID: "env-2",
			Payload: event(t, "U0SATO", "", "", c.SlackChannel, "1795779999.000009", c.SlackTS, "こんにちは")}}
	for _, tc := range []struct {
		name     string
		evt      socketmode.Event
		envelope string
		work     bool
	}{
		{"interactive", interactive, "env-1", true},
		{"events", events, "env-2", true},
		{"slash command: acknowledged only", socketmode.Event{Type: socketmode.EventTypeSlashCommand, Request: &socketmode.Request{EnvelopeID: "env-3"}}, "env-3", false},
		{"hello", socketmode.Event{Type: socketmode.EventTypeHello, Request: &socketmode.Request{Type: "hello"}}, "", false},
		{"connecting", socketmode.Event{Type: socketmode.EventTypeConnecting}, "", false},
		{"invalid auth", socketmode.Event{Type: socketmode.EventTypeInvalidAuth}, "", false},
	} {
		req, work := e.slack.socketRoute(tc.evt)
		got := ""
		if req != nil {
			got = req.EnvelopeID
		}
		if got != tc.envelope || (work != nil) != tc.work {
			t.Errorf("%s: ack %q work %v, want ack %q work %v", tc.name, got, work != nil, tc.envelope, tc.work)
		}
		if work != nil {
			if err := work(context.Background()); err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
		}
	}
	if c, _ := e.store.Case(t.Context(), caseID); c.Status != consult.CaseClaimed {
		t.Errorf("claim through socket mode: case %s", c.Status)
	}
	if len(e.store.replies) != 1 || !strings.Contains(e.store.replies[0].Text, "こんにちは") {
		t.Errorf("staff reply through socket mode: %+v", e.store.replies)
	}
}
