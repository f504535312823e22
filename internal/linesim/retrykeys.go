package linesim

import (
	"sync"
	"time"
)

// acceptedKey is a retry key of an accepted push.
type acceptedKey struct {
	requestID string
	sent      []sentMessage
	at        time.Time
}

// retryStore remembers accepted X-Line-Retry-Key values for their TTL.
type retryStore struct {
	mu        sync.Mutex
	m         map[string]acceptedKey
	lastSweep time.Time
}

func (s *retryStore) init() { s.m = make(map[string]acceptedKey) }

func (s *retryStore) reset() {
	s.mu.Lock()
	s.m = make(map[string]acceptedKey)
	s.mu.Unlock()
}

// reserve accepts key for requestID, or returns the earlier acceptance
// and false when the key was already accepted within ttl. Check and
// insert are one step, so concurrent retries deliver once.
func (s *retryStore) reserve(key string, k acceptedKey, ttl time.Duration) (acceptedKey, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if prev, ok := s.m[key]; ok && k.at.Sub(prev.at) < ttl {
		return prev, false
	}
	s.m[key] = k
	if k.at.Sub(s.lastSweep) > ttl/24 {
		s.lastSweep = k.at
		for key, v := range s.m {
			if k.at.Sub(v.at) >= ttl {
				delete(s.m, key)
			}
		}
	}
	return k, true
}
