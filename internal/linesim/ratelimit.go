package linesim

import (
	"net/http"
	"sync"
	"time"
)

// DefaultRateLimits are LINE's per-channel limits in requests per second
// (platform-facts.md §6): 2,000 for most endpoints, 100 for the loading
// animation.
var DefaultRateLimits = map[string]int{
	"reply": 2000, "push": 2000, "validate": 2000, "profile": 2000,
	"info": 2000, "richmenu": 2000, "loading": 100,
}

// rateLimiter counts requests per endpoint in one-second windows.
type rateLimiter struct {
	limits map[string]int
	mu     sync.Mutex
	window map[string]*rateWindow
}

type rateWindow struct {
	start time.Time
	n     int
}

func newRateLimiter(limits map[string]int) *rateLimiter {
	return &rateLimiter{limits: limits, window: make(map[string]*rateWindow)}
}

// allow counts one request and reports whether it is within the limit.
func (l *rateLimiter) allow(endpoint string, now time.Time) bool {
	limit := l.limits[endpoint]
	if limit <= 0 {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	w := l.window[endpoint]
	if w == nil {
		w = &rateWindow{}
		l.window[endpoint] = w
	}
	if now.Sub(w.start) >= time.Second || now.Before(w.start) {
		w.start, w.n = now, 0
	}
	w.n++
	return w.n <= limit
}

func (l *rateLimiter) reset() {
	l.mu.Lock()
	l.window = make(map[string]*rateWindow)
	l.mu.Unlock()
}

func rateLimited() result {
	return errResult(http.StatusTooManyRequests, "The API rate limit has been exceeded. Try again later.")
}
