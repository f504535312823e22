package linesim

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"
)

// Delivery is one accepted reply or push that reached its recipient.
type Delivery struct {
	Seq int64
	// UserID is the recipient chat: a user ID, or a group or room ID.
	UserID string
	// Via is "reply" or "push".
	Via        string
	ReplyToken string
	RetryKey   string
	// RequestID is the x-line-request-id of the accepted request.
	RequestID string
	Messages  []json.RawMessage
	At        time.Time
	// EventID is the webhookEventId whose reply token was used ("" for push).
	EventID string
}

// deliveryLog keeps the latest deliveries in a ring, indexed by recipient.
type deliveryLog struct {
	mu      sync.Mutex
	seq     int64
	ring    []*Delivery
	next    int
	full    bool
	byUser  map[string][]*Delivery // each in Seq order
	changed chan struct{}          // closed and replaced on every add
	subs    subscribers[Delivery]
}

func (l *deliveryLog) init(n int) {
	l.ring = make([]*Delivery, n)
	l.byUser = make(map[string][]*Delivery)
	l.changed = make(chan struct{})
}

func (l *deliveryLog) reset() {
	l.mu.Lock()
	clear(l.ring)
	l.next, l.full = 0, false
	l.byUser = make(map[string][]*Delivery)
	close(l.changed)
	l.changed = make(chan struct{})
	l.mu.Unlock()
}

func (l *deliveryLog) add(d Delivery) Delivery {
	p := &d
	l.mu.Lock()
	l.seq++
	p.Seq = l.seq
	if old := l.ring[l.next]; old != nil {
		// the oldest delivery overall is the oldest of its recipient
		s := l.byUser[old.UserID]
		if len(s) > 0 && s[0] == old {
			s[0] = nil
			s = s[1:]
		}
		if len(s) == 0 {
			delete(l.byUser, old.UserID)
		} else {
			l.byUser[old.UserID] = s
		}
	}
	l.ring[l.next] = p
	l.next++
	if l.next == len(l.ring) {
		l.next, l.full = 0, true
	}
	l.byUser[p.UserID] = append(l.byUser[p.UserID], p)
	close(l.changed)
	l.changed = make(chan struct{})
	out := *p
	l.mu.Unlock()
	l.subs.publish(out)
	return out
}

func (l *deliveryLog) forUser(userID string) ([]Delivery, <-chan struct{}) {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.byUser[userID]
	out := make([]Delivery, len(s))
	for i, d := range s {
		out[i] = *d
	}
	return out, l.changed
}

func (l *deliveryLog) all() []Delivery {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []Delivery
	if l.full {
		out = make([]Delivery, 0, len(l.ring))
		for _, d := range l.ring[l.next:] {
			out = append(out, *d)
		}
	}
	for _, d := range l.ring[:l.next] {
		out = append(out, *d)
	}
	return out
}

// Deliveries returns the kept deliveries to a user, group or room, oldest
// first.
func (a *API) Deliveries(userID string) []Delivery {
	d, _ := a.deliveries.forUser(userID)
	return d
}

// AllDeliveries returns every kept delivery (at most
// Options.MaxDeliveries), oldest first.
func (a *API) AllDeliveries() []Delivery { return a.deliveries.all() }

// WaitDeliveries waits until userID has received at least n deliveries and
// returns all of them. When ctx ends first it returns what arrived and an
// error wrapping ctx.Err().
func (a *API) WaitDeliveries(ctx context.Context, userID string, n int) ([]Delivery, error) {
	for {
		got, changed := a.deliveries.forUser(userID)
		if len(got) >= n {
			return got, nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return got, fmt.Errorf("wait for %d deliveries to %s: got %d: %w", n, userID, len(got), ctx.Err())
		}
	}
}

// Subscribe returns a channel that receives every delivery from now on,
// and a function to stop (the channel is not closed). A subscriber that
// falls more than 4096 deliveries behind misses deliveries rather than
// slowing the API.
func (a *API) Subscribe() (<-chan Delivery, func()) { return a.deliveries.subs.subscribe(4096) }
