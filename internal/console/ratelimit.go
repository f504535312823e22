package console

import (
	"sync"
	"time"
)

// limiter counts failed logins per key (an account name or a client
// address) in a sliding window. It lives in memory: a restart forgets it,
// and with several replicas each counts on its own (the limit then applies
// per replica).
type limiter struct {
	mu      sync.Mutex
	window  time.Duration
	max     int
	fails   map[string][]time.Time
	maxKeys int
}

func newLimiter(window time.Duration, max int) *limiter {
	return &limiter{window: window, max: max, fails: map[string][]time.Time{}, maxKeys: 10000}
}

// blocked reports whether key has reached the limit at now, and until when.
func (l *limiter) blocked(key string, now time.Time) (bool, time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fs := l.recent(key, now)
	if len(fs) < l.max {
		return false, time.Time{}
	}
	return true, fs[len(fs)-l.max].Add(l.window)
}

// fail records a failure of key at now.
func (l *limiter) fail(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.fails) >= l.maxKeys {
		l.prune(now)
	}
	fs := append(l.recent(key, now), now)
	if len(fs) > l.max*2 {
		fs = fs[len(fs)-l.max*2:]
	}
	l.fails[key] = fs
}

// reset forgets key's failures (after a successful login).
func (l *limiter) reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.fails, key)
}

// recent drops key's failures that left the window; l.mu is held.
func (l *limiter) recent(key string, now time.Time) []time.Time {
	fs := l.fails[key]
	i := 0
	for i < len(fs) && !fs[i].After(now.Add(-l.window)) {
		i++
	}
	fs = fs[i:]
	if len(fs) == 0 {
		delete(l.fails, key)
		return nil
	}
	l.fails[key] = fs
	return fs
}

// prune drops every key without recent failures; if the table is still
// full (an attack from many addresses), it starts over rather than grow.
func (l *limiter) prune(now time.Time) {
	for k := range l.fails {
		l.recent(k, now)
	}
	if len(l.fails) >= l.maxKeys {
		l.fails = map[string][]time.Time{}
	}
}
