// Package slackfake is a fake Slack Web API over real HTTP for tests: the
// slack-go slacktest server with the routes tsunagu needs that it lacks or
// gets wrong (chat.postMessage with unique ts and metadata, chat.update,
// chat.postEphemeral, chat.getPermalink, conversations.history and
// .replies with metadata, conversations.list), a record of every request,
// and faults on demand (429 with Retry-After, 5xx, slow answers after the
// work was done). It also signs requests as Slack does.
package slackfake

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack/slacktest"
)

// Message is a message the fake holds.
type Message struct {
	Channel, TS, ThreadTS, Text string
	Blocks                      json.RawMessage
	Metadata                    json.RawMessage
	Broadcast                   bool
	// User is the recipient of an ephemeral message.
	User string
	// Updates counts chat.update calls on the message.
	Updates int
}

// Request is one request the fake received.
type Request struct {
	Method string // "chat.postMessage" …
	Form   url.Values
}

// Fault is what the fake does instead of (or after) answering.
type Fault struct {
	// Status answers with this HTTP status and does nothing (429, 500 …).
	Status int
	// RetryAfter is the Retry-After header of a 429, in seconds.
	RetryAfter int
	// Error answers {"ok":false,"error":Error} and does nothing.
	Error string
	// Delay answers only after this long, having done the work: a timeout
	// whose post went through.
	Delay time.Duration
}

// Server is the fake Slack.
type Server struct {
	*slacktest.Server
	mu       sync.Mutex
	seq      int
	base     int64
	messages []*Message
	reqs     []Request
	channels map[string]string // name → ID
	missing  map[string]bool   // channel IDs that do not exist
	fault    func(method string) Fault
}

// New starts a fake Slack, stopped when the test ends. channels maps
// channel names to IDs for #name routes.
func New(t testing.TB, channels map[string]string) *Server {
	s := &Server{base: time.Now().Unix(), channels: channels, missing: map[string]bool{}}
	s.Server = slacktest.NewTestServer(func(c slacktest.Customize) {
		for method, h := range map[string]http.HandlerFunc{
			"chat.postMessage":      s.postMessage,
			"chat.update":           s.update,
			"chat.postEphemeral":    s.ephemeral,
			"chat.getPermalink":     s.permalink,
			"conversations.history": s.history,
			"conversations.replies": s.replies,
			"conversations.list":    s.list,
		} {
			c.Handle("/"+method, s.wrap(method, h))
		}
		for _, method := range []string{"users.info", "reactions.add", "auth.test"} {
			c.Handle("/"+method, s.wrap(method, nil))
		}
	})
	s.Start()
	t.Cleanup(s.Stop)
	return s
}

// URL is the Web API base URL (with its trailing slash).
func (s *Server) URL() string { return s.GetAPIURL() }

// SetFault makes the fake answer each request with fn(method); a zero
// Fault answers normally. nil clears it.
func (s *Server) SetFault(fn func(method string) Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fault = fn
}

// Missing makes a channel ID unknown (channel_not_found).
func (s *Server) Missing(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.missing[id] = true
}

// wrap records the request and applies faults; h nil falls through to
// slacktest's own handler of the route.
func (s *Server) wrap(method string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		s.mu.Lock()
		s.reqs = append(s.reqs, Request{Method: method, Form: r.Form})
		var f Fault
		if s.fault != nil {
			f = s.fault(method)
		}
		s.mu.Unlock()
		switch {
		case f.Status != 0:
			if f.RetryAfter > 0 {
				w.Header().Set("Retry-After", strconv.Itoa(f.RetryAfter))
			}
			http.Error(w, http.StatusText(f.Status), f.Status)
			return
		case f.Error != "":
			reply(w, map[string]any{"ok": false, "error": f.Error})
			return
		}
		if h == nil {
			h = s.builtin(method)
		}
		if f.Delay > 0 {
			rec := &buffered{header: http.Header{}}
			h(rec, r)
			time.Sleep(f.Delay)
			for k, v := range rec.header {
				w.Header()[k] = v
			}
			w.WriteHeader(rec.status())
			_, _ = w.Write([]byte(rec.body.String()))
			return
		}
		h(w, r)
	}
}

func (s *Server) builtin(method string) http.HandlerFunc {
	switch method {
	case "users.info":
		return func(w http.ResponseWriter, r *http.Request) {
			id := r.Form.Get("user")
			reply(w, map[string]any{"ok": true, "user": map[string]any{"id": id, "name": "staff-" + strings.ToLower(id),
				"real_name": "Staff " + id, "profile": map[string]any{"display_name": "staff-" + strings.ToLower(id)}}})
		}
	}
	return func(w http.ResponseWriter, r *http.Request) { reply(w, map[string]any{"ok": true}) }
}

type buffered struct {
	header http.Header
	code   int
	body   strings.Builder
}

func (b *buffered) Header() http.Header         { return b.header }
func (b *buffered) Write(p []byte) (int, error) { return b.body.Write(p) }
func (b *buffered) WriteHeader(code int)        { b.code = code }
func (b *buffered) status() int {
	if b.code == 0 {
		return http.StatusOK
	}
	return b.code
}

func reply(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// Sign signs a request body as Slack does, at time at.
func Sign(secret string, at time.Time, body []byte) http.Header {
	ts := strconv.FormatInt(at.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%s:", ts)
	mac.Write(body)
	h := http.Header{}
	h.Set("X-Slack-Request-Timestamp", ts)
	h.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	return h
}
