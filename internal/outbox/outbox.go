// Package outbox delivers what turns wrote to the outbox: it leases due
// items, hands each to the adapter for its kind, and records the outcome
// with retries and backoff, so that a crash or an outage of LINE or Slack
// loses nothing and sends nothing twice.
package outbox

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/metrics"
)

// Store is the part of the store the dispatcher needs.
type Store interface {
	ClaimOutbox(ctx context.Context, kinds []consult.OutboxKind, owner string, now time.Time, lease time.Duration, limit int) ([]consult.OutboxItem, error)
	FinishOutbox(ctx context.Context, owner string, results ...consult.OutboxResult) error
}

// Deliverer makes one delivery attempt of an item.
type Deliverer interface {
	Deliver(ctx context.Context, item consult.OutboxItem) consult.Delivery
}

// Policy bounds retries.
type Policy struct {
	// Base and Max bound the exponential backoff between attempts.
	Base, Max time.Duration
	// MaxAttempts and MaxAge: after either the item is given up (failed).
	MaxAttempts int
	MaxAge      time.Duration
}

// DefaultPolicy retries for up to a day (LINE's retry key lives 24 h).
var DefaultPolicy = Policy{Base: 500 * time.Millisecond, Max: 5 * time.Minute, MaxAttempts: 60, MaxAge: 23 * time.Hour}

// Dispatcher delivers the items of some kinds.
type Dispatcher struct {
	store     Store
	kinds     []consult.OutboxKind
	deliver   map[consult.OutboxKind]Deliverer
	owner     string
	policy    Policy
	metrics   *metrics.Metrics
	log       *slog.Logger
	wake      chan struct{} // a turn committed: the first loop looks for work
	busy      chan struct{} // a batch was large: another loop helps
	now       func() time.Time
	batch     int
	lease     time.Duration
	poll      time.Duration
	timeout   time.Duration
	loops     int
	inflight  sync.WaitGroup
	lastError atomic.Int64 // unix nanoseconds of the last logged claim error
}

// Options configure a dispatcher; zero values take defaults.
type Options struct {
	Owner   string        // lease owner name (unique per process)
	Batch   int           // items claimed at once (default 64)
	Lease   time.Duration // lease length (default 30 s)
	Poll    time.Duration // idle polling interval (default 250 ms)
	Timeout time.Duration // per-attempt bound (default 15 s)
	// Loops is how many claim-deliver-record loops may run at once
	// (default 4): the first follows Wake, the others join in while batches
	// are large, so that one slow delivery does not hold up every reply
	// behind it, and a quiet system claims no more often than with one.
	// Order per resident or case is kept by the claim, as between replicas.
	Loops  int
	Policy Policy
}

// New returns a dispatcher for the kinds handled by deliver.
func New(s Store, deliver map[consult.OutboxKind]Deliverer, opts Options, m *metrics.Metrics, log *slog.Logger) *Dispatcher {
	d := &Dispatcher{store: s, deliver: deliver, owner: opts.Owner, policy: opts.Policy, metrics: m, log: log,
		now: time.Now, batch: opts.Batch, lease: opts.Lease, poll: opts.Poll, timeout: opts.Timeout, loops: opts.Loops}
	if d.loops <= 0 {
		d.loops = 4
	}
	d.wake, d.busy = make(chan struct{}, 1), make(chan struct{}, d.loops)
	for k := range deliver {
		d.kinds = append(d.kinds, k)
	}
	if d.batch == 0 {
		d.batch = 64
	}
	if d.lease == 0 {
		d.lease = 30 * time.Second
	}
	if d.poll == 0 {
		d.poll = 250 * time.Millisecond
	}
	if d.timeout == 0 {
		d.timeout = 15 * time.Second
	}
	if d.policy == (Policy{}) {
		d.policy = DefaultPolicy
	}
	return d
}

// Wake asks the dispatcher to look for work now (after a turn committed).
func (d *Dispatcher) Wake() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// Run delivers until ctx is done. In-flight attempts finish first.
func (d *Dispatcher) Run(ctx context.Context) error {
	defer d.inflight.Wait()
	var wg sync.WaitGroup
	for i := range d.loops {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d.loop(ctx, i == 0)
		}()
	}
	wg.Wait()
	return nil
}

// busyBatch is the batch size from which another loop is asked to help.
const busyBatch = 8

// loop claims, delivers and records batches until ctx is done. The first
// loop wakes on Wake and polls; the others wake when a batch was large and
// poll slowly.
func (d *Dispatcher) loop(ctx context.Context, first bool) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	signal := d.wake
	if !first {
		signal = d.busy
	}
	for {
		n, err := d.RunOnce(ctx)
		if ctx.Err() != nil {
			return
		}
		if n >= busyBatch {
			select {
			case d.busy <- struct{}{}:
			default:
			}
		}
		wait := d.poll
		switch {
		case err != nil:
			wait = 2 * time.Second
		case n == d.batch:
			wait = 0
		case !first:
			wait = 4 * d.poll
		}
		timer.Reset(wait)
		select {
		case <-ctx.Done():
			return
		case <-signal:
		case <-timer.C:
		}
	}
}

// Flush delivers everything due until nothing is left or ctx ends (used at
// shutdown, bounded by the caller's deadline).
func (d *Dispatcher) Flush(ctx context.Context) error {
	for ctx.Err() == nil {
		n, err := d.RunOnce(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
	}
	return ctx.Err()
}

// RunOnce claims one batch, delivers it concurrently (the items have
// distinct order keys) and records the outcomes. It returns how many items
// it handled.
func (d *Dispatcher) RunOnce(ctx context.Context) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	// A claim cut short by shutdown may still have leased items on the
	// server, which would then wait for the lease to run out: once asked,
	// the claim is seen through, and what it leased is delivered.
	cctx, ccancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	items, err := d.store.ClaimOutbox(cctx, d.kinds, d.owner, d.now(), d.lease, d.batch)
	ccancel()
	if err != nil {
		if now := d.now().UnixNano(); now-d.lastError.Load() > int64(10*time.Second) {
			d.lastError.Store(now)
			d.log.ErrorContext(ctx, "outbox claim failed", "error", err.Error())
		}
		return 0, err
	}
	if len(items) == 0 {
		return 0, nil
	}
	results := make([]consult.OutboxResult, len(items))
	var wg sync.WaitGroup
	for i, it := range items {
		wg.Add(1)
		d.inflight.Add(1)
		go func() {
			defer wg.Done()
			defer d.inflight.Done()
			// An attempt is not cut short by shutdown: it is bounded by its
			// own timeout so that what was sent is also recorded.
			actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), d.timeout)
			defer cancel()
			results[i] = d.attempt(actx, it)
		}()
	}
	wg.Wait()
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := d.store.FinishOutbox(fctx, d.owner, results...); err != nil {
		// The leases run out and the items are tried again; pushes carry a
		// retry key and replies detect a used token, so nothing is doubled.
		d.log.ErrorContext(ctx, "outbox finish failed", "items", len(results), "error", err.Error())
		return len(items), err
	}
	return len(items), nil
}

func (d *Dispatcher) attempt(ctx context.Context, it consult.OutboxItem) consult.OutboxResult {
	dl, ok := d.deliver[it.Kind]
	var res consult.Delivery
	if ok {
		res = dl.Deliver(ctx, it)
	} else {
		res = consult.Delivery{Permanent: true, Err: errors.New("no deliverer for kind " + string(it.Kind))}
	}
	now := d.now()
	r := consult.OutboxResult{ID: it.ID, At: now, ReplyToken: res.ReplyToken, ReplyUnsure: res.ReplyUnsure,
		SlackChannel: res.SlackChannel, SlackTS: res.SlackTS}
	if res.Err != nil {
		r.Error = res.Err.Error()
	}
	kind := string(it.Kind)
	switch {
	case res.Done:
		r.State = consult.OutboxDone
		d.metrics.OutboxLatency.WithLabelValues(kind).Observe(now.Sub(it.CreatedAt).Seconds())
	case res.Cancel:
		r.State = consult.OutboxCancelled
	case res.Permanent:
		r.State = consult.OutboxFailed
		d.log.ErrorContext(ctx, "outbox item refused", "item", it.ID, "kind", kind, "error", r.Error)
	case it.Attempts >= d.policy.MaxAttempts || now.Sub(it.CreatedAt) > d.policy.MaxAge:
		r.State = consult.OutboxFailed
		d.log.ErrorContext(ctx, "outbox item given up", "item", it.ID, "kind", kind, "attempts", it.Attempts, "error", r.Error)
	default:
		r.State = consult.OutboxPending
		r.NextAt = now.Add(d.backoff(it.Attempts, res.RetryAfter))
		d.log.WarnContext(ctx, "outbox delivery will be retried", "item", it.ID, "kind", kind, "attempt", it.Attempts, "error", r.Error)
	}
	result := string(r.State)
	if r.State == consult.OutboxPending {
		result = "retry"
	}
	d.metrics.OutboxAttempts.WithLabelValues(kind, result).Inc()
	return r
}

// backoff is exponential with full jitter, at least what the server asked.
func (d *Dispatcher) backoff(attempts int, retryAfter time.Duration) time.Duration {
	exp := d.policy.Base
	for i := 1; i < attempts && exp < d.policy.Max; i++ {
		exp *= 2
	}
	if exp > d.policy.Max {
		exp = d.policy.Max
	}
	wait := exp/2 + time.Duration(rand.Int64N(int64(exp/2)+1))
	if retryAfter > wait {
		wait = retryAfter
	}
	return wait
}
