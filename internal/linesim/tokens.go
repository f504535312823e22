package linesim

import (
	"sync"
	"time"
)

// replyToken is what the platform knows about an issued reply token.
type replyToken struct {
	eventID    string
	chatID     string
	issued     time.Time // the event's time
	validUntil time.Time
}

// tokenStore holds reply tokens until they are used or can no longer be
// revived by a redelivery. A used token is forgotten at once.
type tokenStore struct {
	mu        sync.Mutex
	m         map[string]*replyToken
	lastSweep time.Time
}

func (s *tokenStore) init() { s.m = make(map[string]*replyToken) }

func (s *tokenStore) reset() {
	s.mu.Lock()
	s.m = make(map[string]*replyToken)
	s.mu.Unlock()
}

func (s *tokenStore) issue(chatID, eventID string, now time.Time, ttl, window time.Duration) string {
	tok := randomHex(16)
	s.mu.Lock()
	s.m[tok] = &replyToken{eventID: eventID, chatID: chatID, issued: now, validUntil: now.Add(ttl)}
	if now.Sub(s.lastSweep) > ttl {
		s.sweepLocked(now, window)
	}
	s.mu.Unlock()
	return tok
}

// sweepLocked forgets tokens that no redelivery can revive. It runs at most
// once per TTL, so its cost is spread over all issued tokens.
func (s *tokenStore) sweepLocked(now time.Time, window time.Duration) {
	s.lastSweep = now
	for k, t := range s.m {
		if now.After(t.validUntil) && now.Sub(t.issued) > window {
			delete(s.m, k)
		}
	}
}

// consume uses a token once; it reports false for unknown, used or
// expired tokens.
func (s *tokenStore) consume(tok string, now time.Time) (replyToken, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.m[tok]
	if !ok || now.After(t.validUntil) {
		return replyToken{}, false
	}
	delete(s.m, tok)
	return *t, true
}

// revive applies LINE's redelivery rule: an unused token works again for a
// TTL after the redelivery, but never later than window after the event.
func (s *tokenStore) revive(tok string, now time.Time, ttl, window time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.m[tok]
	if !ok {
		return
	}
	until := now.Add(ttl)
	if limit := t.issued.Add(window); until.After(limit) {
		until = limit
	}
	if until.After(t.validUntil) {
		t.validUntil = until
	}
}

// lookup returns a token's record without using it.
func (s *tokenStore) lookup(tok string) (replyToken, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.m[tok]
	if !ok {
		return replyToken{}, false
	}
	return *t, true
}

// IssueReplyToken registers a new reply token for an event in chatID (a
// user, group or room ID) at time at, as LINE does when it sends the
// event. Client calls it; tests building events by hand can too.
func (a *API) IssueReplyToken(chatID, eventID string, at time.Time) string {
	return a.tokens.issue(chatID, eventID, at, a.opts.ReplyTokenTTL, a.opts.RedeliveryWindow)
}

// ReplyTokenValid reports whether a reply token could be used now.
func (a *API) ReplyTokenValid(tok string) bool {
	t, ok := a.tokens.lookup(tok)
	return ok && !a.now().After(t.validUntil)
}
