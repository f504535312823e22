package linesim

import (
	"sync"
	"time"
)

// Call is one request the fake API received, refused or not.
type Call struct {
	Seq      int64
	At       time.Time
	Duration time.Duration
	Method   string
	// Path is the API path from "/v2/bot/" on, e.g. "/v2/bot/message/push".
	Path string
	// Endpoint is the category used by faults: reply, push, loading,
	// profile, richmenu, validate, info ("" for unknown paths).
	Endpoint string
	Status   int
	// RequestID is the x-line-request-id sent back.
	RequestID string
	// RetryKey is the X-Line-Retry-Key header as received.
	RetryKey string
	// AcceptedRequestID is the X-Line-Accepted-Request-Id of a 409.
	AcceptedRequestID string
	UserAgent         string
	ContentType       string
	// ChatID is the recipient (push "to", loading "chatId", the chat of a
	// reply token, the profile's user).
	ChatID string
	// ReplyToken is the token of a reply call.
	ReplyToken string
	// Fault is true when an injected fault chose the status.
	Fault bool
	// Canceled is true when the caller gave up before the answer.
	Canceled bool
	// Request is the JSON request body (nil for non-JSON or > 64 KiB).
	Request []byte
	// Response is the JSON response body (nil when > 64 KiB or not JSON).
	Response []byte
}

// callLog keeps the latest calls in a ring.
type callLog struct {
	mu   sync.Mutex
	seq  int64
	ring []*Call
	next int // index of the next write
	full bool
	subs subscribers[Call]
}

func (l *callLog) init(n int) {
	l.ring = make([]*Call, n)
}

func (l *callLog) reset() {
	l.mu.Lock()
	clear(l.ring)
	l.next, l.full = 0, false
	l.mu.Unlock()
}

func (l *callLog) add(c *Call) {
	l.mu.Lock()
	l.seq++
	c.Seq = l.seq
	l.ring[l.next] = c
	l.next++
	if l.next == len(l.ring) {
		l.next, l.full = 0, true
	}
	l.mu.Unlock()
	l.subs.publish(*c)
}

// list returns the kept calls, oldest first.
func (l *callLog) list() []Call {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []Call
	if l.full {
		out = make([]Call, 0, len(l.ring))
		for _, c := range l.ring[l.next:] {
			out = append(out, *c)
		}
	} else {
		out = make([]Call, 0, l.next)
	}
	for _, c := range l.ring[:l.next] {
		out = append(out, *c)
	}
	return out
}

// get returns the kept call with sequence number seq.
func (l *callLog) get(seq int64) (Call, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, c := range l.ring {
		if c != nil && c.Seq == seq {
			return *c, true
		}
	}
	return Call{}, false
}

// Calls returns the latest calls (at most Options.MaxCalls), oldest first.
func (a *API) Calls() []Call { return a.calls.list() }

// Call returns the kept call with sequence number seq.
func (a *API) Call(seq int64) (Call, bool) { return a.calls.get(seq) }

// SubscribeCalls returns a channel that receives every call from now on,
// and a function to stop. A subscriber that falls more than 4096 calls
// behind misses calls rather than slowing the API.
func (a *API) SubscribeCalls() (<-chan Call, func()) { return a.calls.subs.subscribe(4096) }

// subscribers fans values out to channels without ever blocking the
// publisher.
type subscribers[T any] struct {
	mu   sync.Mutex
	subs map[chan T]struct{}
}

func (s *subscribers[T]) subscribe(buf int) (<-chan T, func()) {
	ch := make(chan T, buf)
	s.mu.Lock()
	if s.subs == nil {
		s.subs = make(map[chan T]struct{})
	}
	s.subs[ch] = struct{}{}
	s.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			s.mu.Lock()
			delete(s.subs, ch)
			s.mu.Unlock()
		})
	}
}

func (s *subscribers[T]) publish(v T) {
	s.mu.Lock()
	for ch := range s.subs {
		select {
		case ch <- v:
		default: // a slow subscriber loses values
		}
	}
	s.mu.Unlock()
}
