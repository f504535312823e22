package loadtest

import (
	"encoding/json"
	"errors"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/n-csw/tsunagu/internal/linesim"
)

// eventRec is one posted event.
type eventRec struct {
	chat    *chatRec
	idx     int       // position in the resident's send order
	at      time.Time // scheduled send time: latencies start here
	sentAt  time.Time
	status  int // webhook answer; 0 while in flight or on a transport error
	failed  bool
	answers int
}

// chatRec is one resident's events in send order.
type chatRec struct {
	events    []*eventRec
	firstOpen int // index of the oldest event that may still be unanswered
	maxIdx    int // highest event index answered by reply so far
	last      []json.RawMessage
}

// tracker matches the simulator's deliveries to posted events.
type tracker struct {
	mu      sync.Mutex
	events  map[string]*eventRec
	chats   map[string]*chatRec
	pending int // acknowledged 200 and not answered yet
	nSeen   int64

	ack, answer, lag                          linesim.Histogram
	sentN, accepted, answered, byPush         int64
	dups, extras, outOfOrder, foreign, unsure int64
	redeliveries                              int64
	errKinds, refusedKinds                    map[string]int64
}

func newTracker() *tracker {
	return &tracker{events: map[string]*eventRec{}, chats: map[string]*chatRec{}, errKinds: map[string]int64{}, refusedKinds: map[string]int64{}}
}

// sent registers an event before it is posted: its answer may arrive
// before the webhook's acknowledgement.
func (t *tracker) sent(ev linesim.Event, chat string, at, sentAt time.Time) {
	t.lag.Record(sentAt.Sub(at))
	t.mu.Lock()
	defer t.mu.Unlock()
	c := t.chats[chat]
	if c == nil {
		c = &chatRec{maxIdx: -1}
		t.chats[chat] = c
	}
	e := &eventRec{chat: c, idx: len(c.events), at: at, sentAt: sentAt}
	c.events = append(c.events, e)
	t.events[ev.WebhookEventID] = e
	t.sentN++
}

// acked records the webhook's answer.
func (t *tracker) acked(id string, status int, err error, latency time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e := t.events[id]
	if e == nil {
		return
	}
	e.status = status
	if status == 200 && err == nil {
		t.accepted++
		t.ack.Record(latency)
		if e.answers == 0 {
			t.pending++
		}
		return
	}
	e.failed = true
	t.errKinds[errorKind(status, err)]++
}

// refused counts a failed attempt that will be redelivered.
func (t *tracker) refused(status int, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.redeliveries++
	t.refusedKinds[errorKind(status, err)]++
}

// errorKind names a failed webhook for the report.
func errorKind(status int, err error) string {
	if status != 0 {
		return strconv.Itoa(status)
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return "timeout"
	}
	return "connection"
}

func (t *tracker) consume(ch <-chan linesim.Delivery, done <-chan struct{}) {
	for {
		select {
		case d := <-ch:
			t.delivered(d)
		case <-done:
			for {
				select {
				case d := <-ch:
					t.delivered(d)
				default:
					return
				}
			}
		}
	}
}

// delivered settles the event a delivery answers: the event of its reply
// token, or for a push the resident's oldest unanswered event.
func (t *tracker) delivered(d linesim.Delivery) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.nSeen++
	c := t.chats[d.UserID]
	if c == nil {
		t.foreign++
		return
	}
	c.last = d.Messages
	var e *eventRec
	if d.EventID != "" {
		if e = t.events[d.EventID]; e == nil || e.chat != c {
			t.foreign++
			return
		}
	} else {
		e = c.oldestOpen(d.At)
		if e == nil {
			t.extras++ // a push with no event waiting for it: a doubled answer
			return
		}
	}
	e.answers++
	if e.answers > 1 {
		t.dups++
		return
	}
	if e.status == 200 && !e.failed {
		t.pending--
	} else if e.failed {
		t.unsure++
	}
	t.answered++
	if d.Via == "push" {
		t.byPush++
	}
	t.answer.Record(d.At.Sub(e.at))
	if d.EventID != "" {
		if e.idx < c.maxIdx {
			t.outOfOrder++
		} else {
			c.maxIdx = e.idx
		}
	}
	for c.firstOpen < len(c.events) && c.events[c.firstOpen].answers > 0 {
		c.firstOpen++
	}
}

// oldestOpen is the oldest unanswered event posted before at, preferring
// events whose webhook did not fail.
func (c *chatRec) oldestOpen(at time.Time) *eventRec {
	var failed *eventRec
	for _, e := range c.events[c.firstOpen:] {
		if e.answers > 0 || e.sentAt.After(at) {
			continue
		}
		if !e.failed {
			return e
		}
		if failed == nil {
			failed = e
		}
	}
	return failed
}

func (t *tracker) outstanding() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.pending
}

func (t *tracker) seen() int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.nSeen
}

// lastAnswer returns the messages of the latest delivery to chat.
func (t *tracker) lastAnswer(chat string) []json.RawMessage {
	t.mu.Lock()
	defer t.mu.Unlock()
	if c := t.chats[chat]; c != nil {
		return c.last
	}
	return nil
}
