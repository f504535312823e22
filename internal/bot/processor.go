package bot

import (
	"context"
	"errors"
	"hash/fnv"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/metrics"
)

// Loader shows LINE's loading animation in a one-to-one chat.
type Loader interface {
	ShowLoading(ctx context.Context, userID string, seconds int)
}

// turnMorer is implemented by stores that report, with a turn, whether the
// resident has another event pending: the processor then skips the
// transaction that would only find nothing.
type turnMorer interface {
	TurnMore(ctx context.Context, resident string, fn func(consult.TurnInput) (consult.TurnOutput, error)) (found, more bool, err error)
}

// ProcessorOptions configure a Processor; zero values take defaults.
type ProcessorOptions struct {
	// Workers is the number of parallel residents (default 16). One
	// resident's events always go to the same worker, in order.
	Workers int
	// Sweep is how often stored but unprocessed events are looked for
	// (after a crash, or events another replica accepted; default 3 s).
	Sweep time.Duration
	// SlowTurn is when the loading animation is shown (default 1 s).
	SlowTurn time.Duration
	// MaxFailures: after this many failed turns in a row an event is set
	// aside so that the resident's later messages are not blocked (default 5).
	MaxFailures int
}

// Processor runs turns: per resident strictly in order, different residents
// in parallel. The webhook hands it events through Accept.
type Processor struct {
	store   Store
	bot     *Bot
	loader  Loader
	wake    func()
	metrics *metrics.Metrics
	log     *slog.Logger
	opts    ProcessorOptions
	shards  []*shard
	busy    atomic.Int64
}

type shard struct {
	mu     sync.Mutex
	queue  []string
	queued map[string]bool
	signal chan struct{}
}

// NewProcessor returns a processor; wake is called after each committed
// turn so that the outbox delivers at once.
func NewProcessor(s Store, b *Bot, loader Loader, wake func(), m *metrics.Metrics, log *slog.Logger, opts ProcessorOptions) *Processor {
	if opts.Workers == 0 {
		opts.Workers = 16
	}
	if opts.Sweep == 0 {
		opts.Sweep = 3 * time.Second
	}
	if opts.SlowTurn == 0 {
		opts.SlowTurn = time.Second
	}
	if opts.MaxFailures == 0 {
		opts.MaxFailures = 5
	}
	p := &Processor{store: s, bot: b, loader: loader, wake: wake, metrics: m, log: log, opts: opts}
	for i := 0; i < opts.Workers; i++ {
		p.shards = append(p.shards, &shard{queued: map[string]bool{}, signal: make(chan struct{}, 1)})
	}
	return p
}

// Accept makes events durable and schedules their residents. It is the
// webhook's sink: an error means nothing was promised.
func (p *Processor) Accept(ctx context.Context, evs []consult.InboundEvent) error {
	if _, err := p.store.RecordEvents(ctx, evs); err != nil {
		return err
	}
	// Also schedule residents of duplicates: their first copy may still be
	// pending after a crash.
	for _, e := range evs {
		p.Schedule(e.Resident)
	}
	return nil
}

// Schedule queues a resident for processing (idempotent while queued).
func (p *Processor) Schedule(resident string) {
	h := fnv.New32a()
	_, _ = h.Write([]byte(resident))
	s := p.shards[int(h.Sum32()%uint32(len(p.shards)))]
	s.mu.Lock()
	if !s.queued[resident] {
		s.queued[resident] = true
		s.queue = append(s.queue, resident)
	}
	s.mu.Unlock()
	select {
	case s.signal <- struct{}{}:
	default:
	}
}

// Run processes until ctx ends; a turn under way is finished first.
func (p *Processor) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	for _, s := range p.shards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.work(ctx, s)
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		p.sweep(ctx)
	}()
	wg.Wait()
	return nil
}

// Busy reports how many residents are being processed right now.
func (p *Processor) Busy() int64 { return p.busy.Load() }

func (p *Processor) sweep(ctx context.Context) {
	t := time.NewTicker(p.opts.Sweep)
	defer t.Stop()
	for {
		rs, err := p.store.PendingResidents(ctx, 1000)
		if err == nil {
			for _, r := range rs {
				p.Schedule(r)
			}
		} else if ctx.Err() == nil {
			p.log.WarnContext(ctx, "sweep for pending events failed", "error", err.Error())
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (p *Processor) work(ctx context.Context, s *shard) {
	for {
		s.mu.Lock()
		var r string
		if len(s.queue) > 0 {
			r = s.queue[0]
			s.queue = s.queue[1:]
			delete(s.queued, r)
		}
		s.mu.Unlock()
		if r == "" {
			select {
			case <-ctx.Done():
				return
			case <-s.signal:
				continue
			}
		}
		if ctx.Err() != nil {
			return
		}
		p.resident(ctx, r)
	}
}

// resident runs turns for r until none is pending.
func (p *Processor) resident(ctx context.Context, r string) {
	p.busy.Add(1)
	defer p.busy.Add(-1)
	failures := 0
	for ctx.Err() == nil {
		ok, more, err := p.turn(ctx, r)
		switch {
		case err == nil && !ok:
			return
		case err == nil:
			failures = 0
			p.wake()
			if !more {
				return
			}
			continue
		}
		failures++
		if errors.Is(err, consult.ErrUnavailable) || failures < p.opts.MaxFailures {
			p.metrics.Turns.WithLabelValues("retry").Inc()
			p.log.WarnContext(ctx, "turn failed, will retry", "failures", failures, "error", err.Error())
			select {
			case <-ctx.Done():
			case <-time.After(min(time.Duration(failures)*200*time.Millisecond, 5*time.Second)):
			}
			if errors.Is(err, consult.ErrUnavailable) && failures >= 20 {
				// Leave it for the sweeper; do not spin on a dead database.
				return
			}
			continue
		}
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		id, serr := p.store.SkipEvent(sctx, r, "failed: "+err.Error())
		cancel()
		p.metrics.Turns.WithLabelValues("skipped").Inc()
		p.log.ErrorContext(ctx, "event set aside after repeated failures", "event", id, "error", err.Error(), "skip_error", errString(serr))
		failures = 0
	}
}

// turn runs one turn, finishing it even if ctx ends meanwhile (bounded), and
// shows the loading animation when it is slow. more is false when the
// store knows that no other event of r is pending.
func (p *Processor) turn(ctx context.Context, r string) (ok, more bool, err error) {
	tctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 20*time.Second)
	defer cancel()
	start := time.Now()
	var loading sync.Once
	showLoading := func() {
		loading.Do(func() {
			go func() {
				lctx, lcancel := context.WithTimeout(context.Background(), 5*time.Second)
				defer lcancel()
				p.loader.ShowLoading(lctx, r, 10)
			}()
		})
	}
	var eligible atomic.Bool
	timer := time.AfterFunc(p.opts.SlowTurn, func() {
		if eligible.Load() {
			showLoading()
		}
	})
	defer timer.Stop()
	var received time.Time
	fn := func(in consult.TurnInput) (consult.TurnOutput, error) {
		ev := in.Event
		received = ev.ReceivedAt
		if p.loader != nil && ev.Source == consult.SourceUser && !ev.Standby &&
			(ev.Type == consult.EventMessage || ev.Type == consult.EventPostback) {
			eligible.Store(true)
			if time.Since(ev.ReceivedAt) > p.opts.SlowTurn {
				showLoading()
			}
		}
		return p.bot.Turn(in)
	}
	if tm, can := p.store.(turnMorer); can {
		ok, more, err = tm.TurnMore(tctx, r, fn)
	} else {
		ok, err = p.store.Turn(tctx, r, fn)
		more = ok
	}
	if ok && err == nil {
		p.metrics.Turns.WithLabelValues("done").Inc()
		p.metrics.TurnSeconds.Observe(time.Since(start).Seconds())
		p.metrics.EventWait.Observe(time.Since(received).Seconds())
	}
	return ok, more, err
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
