package slack

import (
	"net/http"
	"net/url"
	"testing"
	"time"
)

// FuzzInteractivityPayload: any correctly signed interactivity body —
// whatever its payload JSON, action IDs, values or case IDs — is answered
// without a panic and without a server error; nothing acts on a case that
// does not exist.
func FuzzInteractivityPayload(f *testing.F) {
	f.Add(`{"type":"block_actions","user":{"id":"U1"},"actions":[{"action_id":"claim","value":"96161130086558044"}]}`)
	f.Add(`{"type":"block_actions","actions":[{"action_id":"reassign","selected_option":{"value":"96161130086558044:dv"}}]}`)
	f.Add(`{"type":"block_actions","actions":[{"action_id":"resolve","value":"-1"}]}`)
	f.Add(`{"type":"view_submission"}`)
	f.Add(`{"type":"block_actions","actions":null}`)
	f.Add(`not json`)
	e := newTestEnv(f, Config{}, sampleCase())
	h := e.slack.Interactivity()
	f.Fuzz(func(t *testing.T, payload string) {
		body := []byte("payload=" + url.QueryEscape(payload))
		w := serve(t, h, testSecret, time.Now(), body)
		if w.Code >= 500 {
			t.Fatalf("payload %q answered %d", payload, w.Code)
		}
	})
}

// FuzzEventsBody: any correctly signed Events API body is answered without
// a panic or a server error.
func FuzzEventsBody(f *testing.F) {
	f.Add(`{"type":"url_verification","challenge":"abc"}`)
	f.Add(`{"type":"event_callback","event_id":"Ev1","event":{"type":"message","channel":"C1","thread_ts":"1.000001","ts":"2.0","user":"U1","text":"hello"}}`)
	f.Add(`{"type":"event_callback","event":{"type":"message","subtype":"bot_message"}}`)
	f.Add(`{"type":"event_callback","event":null}`)
	f.Add(`[]`)
	e := newTestEnv(f, Config{}, sampleCase())
	h := e.slack.Events()
	f.Fuzz(func(t *testing.T, body string) {
		w := serve(t, h, testSecret, time.Now(), []byte(body))
		if w.Code >= 500 && w.Code != http.StatusServiceUnavailable {
			t.Fatalf("body %q answered %d", body, w.Code)
		}
	})
}
