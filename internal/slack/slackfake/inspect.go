package slackfake

import (
	"testing"
	"time"
)

// Posts returns the messages posted so far (not ephemeral), in order.
func (s *Server) Posts() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, m := range s.messages {
		if m.User == "" {
			out = append(out, *m)
		}
	}
	return out
}

// Ephemerals returns the ephemeral notes posted so far.
func (s *Server) Ephemerals() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, m := range s.messages {
		if m.User != "" {
			out = append(out, *m)
		}
	}
	return out
}

// Requests returns every request received so far, faulted ones included.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

// Count counts the requests of a method.
func (s *Server) Count(method string) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Method == method {
			n++
		}
	}
	return n
}

// WaitFor polls until cond holds on the posts or the timeout passes, and
// returns the posts then.
func (s *Server) WaitFor(t testing.TB, timeout time.Duration, cond func([]Message) bool) []Message {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		posts := s.Posts()
		if cond(posts) {
			return posts
		}
		if time.Now().After(deadline) {
			t.Fatalf("fake slack: condition not met within %s; posts: %+v", timeout, posts)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
