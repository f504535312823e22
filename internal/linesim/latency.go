package linesim

import (
	"sync"
	"time"
)

// EventTiming is the answer time of one webhook event that expects an
// answer (a message, postback, follow or join in active mode).
type EventTiming struct {
	EventID string
	ChatID  string
	Sent    time.Time // when the Client posted the webhook
	// Answered is the first delivery answering the event: a reply with its
	// token, or failing that the chat's next push after it. Zero while
	// pending.
	Answered time.Time
	Via      string // "reply" or "push"
	Latency  time.Duration
}

// latencyBook matches deliveries to the events they answer, in bounded
// memory: pending events are capped (the oldest are dropped and counted)
// and answered ones are kept in a ring, summarised by histograms.
type latencyBook struct {
	mu                                       sync.Mutex
	maxPending                               int
	pending                                  map[string]*EventTiming
	order                                    []string            // pending event IDs in send order (may hold answered ones)
	byChat                                   map[string][]string // per chat, pending event IDs in send order
	done                                     []EventTiming       // ring of answered events
	doneNext                                 int
	doneIndex                                map[string]int
	sent, answered, byReply, byPush, dropped int64
	all, reply, push, ack                    Histogram
}

func (b *latencyBook) init(keep int) {
	b.maxPending = 10 * keep
	b.pending = make(map[string]*EventTiming)
	b.byChat = make(map[string][]string)
	b.done = make([]EventTiming, 0, keep)
	b.doneIndex = make(map[string]int, keep)
}

func (b *latencyBook) reset() {
	b.mu.Lock()
	keep := cap(b.done)
	b.init(keep)
	b.order, b.doneNext = nil, 0
	b.sent, b.answered, b.byReply, b.byPush, b.dropped = 0, 0, 0, 0, 0
	b.mu.Unlock()
	for _, h := range []*Histogram{&b.all, &b.reply, &b.push, &b.ack} {
		h.Reset()
	}
}

// noteSent records that an event expecting an answer was posted.
func (b *latencyBook) noteSent(eventID, chatID string, at time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, dup := b.pending[eventID]; dup {
		return // a redelivery keeps the first send time
	}
	if _, done := b.doneIndex[eventID]; done {
		return
	}
	b.sent++
	b.pending[eventID] = &EventTiming{EventID: eventID, ChatID: chatID, Sent: at}
	b.order = append(b.order, eventID)
	q := b.byChat[chatID]
	for len(q) > 0 && b.pending[q[0]] == nil {
		q = q[1:]
	}
	b.byChat[chatID] = append(q, eventID)
	for len(b.pending) > b.maxPending && len(b.order) > 0 {
		old := b.order[0]
		b.order = b.order[1:]
		if t := b.pending[old]; t != nil {
			b.dropped++
			b.forgetLocked(t)
		}
	}
	if len(b.order) > 2*b.maxPending { // compact answered IDs out of the order
		live := b.order[:0:0]
		for _, id := range b.order {
			if b.pending[id] != nil {
				live = append(live, id)
			}
		}
		b.order = live
	}
}

// forgetLocked removes a pending event from the maps.
func (b *latencyBook) forgetLocked(t *EventTiming) {
	delete(b.pending, t.EventID)
	q := b.byChat[t.ChatID]
	for len(q) > 0 && b.pending[q[0]] == nil {
		q = q[1:]
	}
	if len(q) == 0 {
		delete(b.byChat, t.ChatID)
	} else {
		b.byChat[t.ChatID] = q
	}
}

// answer settles the event a delivery answers: the token's event for a
// reply, the chat's oldest pending event for a push.
func (b *latencyBook) answer(chatID, eventID string, at time.Time) {
	b.mu.Lock()
	var t *EventTiming
	via := "reply"
	if eventID != "" {
		t = b.pending[eventID]
	} else {
		via = "push"
		for _, id := range b.byChat[chatID] {
			if p := b.pending[id]; p != nil && !p.Sent.After(at) {
				t = p
				break
			}
		}
	}
	if t == nil {
		b.mu.Unlock()
		return
	}
	t.Answered, t.Via, t.Latency = at, via, at.Sub(t.Sent)
	b.forgetLocked(t)
	b.answered++
	if via == "reply" {
		b.byReply++
	} else {
		b.byPush++
	}
	b.keepLocked(*t)
	lat := t.Latency
	b.mu.Unlock()
	b.all.Record(lat)
	if via == "reply" {
		b.reply.Record(lat)
	} else {
		b.push.Record(lat)
	}
}

func (b *latencyBook) keepLocked(t EventTiming) {
	if len(b.done) < cap(b.done) {
		b.doneIndex[t.EventID] = len(b.done)
		b.done = append(b.done, t)
		return
	}
	if cap(b.done) == 0 {
		return
	}
	delete(b.doneIndex, b.done[b.doneNext].EventID)
	b.done[b.doneNext] = t
	b.doneIndex[t.EventID] = b.doneNext
	b.doneNext = (b.doneNext + 1) % cap(b.done)
}

// LatencyReport summarises how fast the bot answered webhook events and
// acknowledged webhooks.
type LatencyReport struct {
	Sent     int64 // events expecting an answer
	Answered int64
	ByReply  int64
	ByPush   int64
	Pending  int64 // not answered yet
	Dropped  int64 // forgotten unanswered to bound memory
	Answer   HistogramSummary
	Reply    HistogramSummary
	Push     HistogramSummary
	// Ack is the webhook round trip: from posting to the bot's HTTP answer.
	Ack HistogramSummary
}

// LatencyReport returns the latency figures since NewAPI or Reset.
func (a *API) LatencyReport() LatencyReport {
	b := &a.latency
	b.mu.Lock()
	r := LatencyReport{
		Sent: b.sent, Answered: b.answered, ByReply: b.byReply, ByPush: b.byPush,
		Pending: int64(len(b.pending)), Dropped: b.dropped,
	}
	b.mu.Unlock()
	r.Answer, r.Reply, r.Push, r.Ack = b.all.Summary(), b.reply.Summary(), b.push.Summary(), b.ack.Summary()
	return r
}

// EventLatency returns the timing of a recent or pending event.
func (a *API) EventLatency(eventID string) (EventTiming, bool) {
	b := &a.latency
	b.mu.Lock()
	defer b.mu.Unlock()
	if t := b.pending[eventID]; t != nil {
		return *t, true
	}
	if i, ok := b.doneIndex[eventID]; ok {
		return b.done[i], true
	}
	return EventTiming{}, false
}

// EventTimings returns the latest answered events (at most
// Options.MaxTimings), oldest first.
func (a *API) EventTimings() []EventTiming {
	b := &a.latency
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]EventTiming, 0, len(b.done))
	if len(b.done) == cap(b.done) {
		out = append(out, b.done[b.doneNext:]...)
		return append(out, b.done[:b.doneNext]...)
	}
	return append(out, b.done...)
}
