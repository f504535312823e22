package loadtest

import (
	"context"
	"sync"
	"time"

	"github.com/n-csw/tsunagu/internal/linesim"
)

// resident is one simulated person: its events are posted one at a time,
// in the order they were scheduled.
type resident struct {
	id             string
	client         *linesim.Client
	tr             *tracker
	mix            *mix
	redeliveries   int
	redeliverAfter time.Duration
	mu             sync.Mutex
	queue          []time.Time
	running        bool
	n              int // events sent so far
}

// enqueue schedules an event due at at; a resident whose previous webhook
// is still unanswered sends it when that one is done.
func (r *resident) enqueue(ctx context.Context, at time.Time, wg *sync.WaitGroup) {
	wg.Add(1)
	r.mu.Lock()
	r.queue = append(r.queue, at)
	if r.running {
		r.mu.Unlock()
		return
	}
	r.running = true
	r.mu.Unlock()
	go r.run(ctx, wg)
}

func (r *resident) run(ctx context.Context, wg *sync.WaitGroup) {
	for {
		r.mu.Lock()
		if len(r.queue) == 0 {
			r.running = false
			r.mu.Unlock()
			return
		}
		at := r.queue[0]
		r.queue = r.queue[1:]
		r.mu.Unlock()
		r.send(ctx, at)
		wg.Done()
	}
}

func (r *resident) send(ctx context.Context, at time.Time) {
	ev := r.mix.next(r)
	r.n++
	sent := time.Now()
	r.tr.sent(ev, r.id, at, sent)
	res, err := r.client.Send(ctx, ev)
	wait := r.redeliverAfter
	for try := 0; try < r.redeliveries && !accepted(res, err) && ctx.Err() == nil; try++ {
		r.tr.refused(status(res), err)
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
		wait = min(2*wait, 8*time.Second)
		res, err = r.client.Redeliver(ctx, ev)
	}
	r.tr.acked(ev.WebhookEventID, status(res), err, time.Since(at))
}

func status(res *linesim.Result) int {
	if res == nil {
		return 0
	}
	return res.Status
}

func accepted(res *linesim.Result, err error) bool { return err == nil && status(res) == 200 }
