package linesim

import (
	"sync"
	"time"
)

// WebhookRecord is one webhook the Client posted, kept for the chat
// page's panel.
type WebhookRecord struct {
	Seq      int64
	At       time.Time
	Status   int // 0 when the request failed
	Latency  time.Duration
	EventIDs []string
	Signed   bool
	Error    string
	Body     []byte
}

// webhookLog keeps the latest webhooks in a small ring.
type webhookLog struct {
	mu   sync.Mutex
	seq  int64
	ring []WebhookRecord
	next int
	full bool
	subs subscribers[WebhookRecord]
}

func (l *webhookLog) init(n int) { l.ring = make([]WebhookRecord, n) }

func (l *webhookLog) reset() {
	l.mu.Lock()
	clear(l.ring)
	l.next, l.full = 0, false
	l.mu.Unlock()
}

func (l *webhookLog) add(r WebhookRecord) {
	if len(r.Body) > maxRecordedBody {
		r.Body = nil
	}
	l.mu.Lock()
	l.seq++
	r.Seq = l.seq
	l.ring[l.next] = r
	l.next++
	if l.next == len(l.ring) {
		l.next, l.full = 0, true
	}
	l.mu.Unlock()
	l.subs.publish(r)
}

// Webhooks returns the latest webhooks posted by Clients using this API
// (at most 200), oldest first.
func (a *API) Webhooks() []WebhookRecord {
	l := &a.webhooks
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []WebhookRecord
	if l.full {
		out = append(out, l.ring[l.next:]...)
	}
	return append(out, l.ring[:l.next]...)
}

// SubscribeWebhooks returns a channel of webhooks posted from now on and
// a function to stop.
func (a *API) SubscribeWebhooks() (<-chan WebhookRecord, func()) {
	return a.webhooks.subs.subscribe(256)
}
