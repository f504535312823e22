// Package loadtest drives a running LINE bot (tsunagu, or the reference
// bot in cmd/refbot) with signed webhooks from many simulated residents at
// a fixed rate, and measures what LINE and the residents would see: how
// fast webhooks are acknowledged, how long until the answer reaches the
// (simulated) Messaging API, and whether any answer is lost, doubled or out
// of order.
//
// The load is open loop: sends are scheduled at fixed intervals whatever
// the bot does, and latencies are measured from the scheduled time, so a
// slow bot cannot hide its slowness by slowing the generator (coordinated
// omission). The bot must send its replies to the linesim.API given in
// Options (LINE_API_BASE_URL), whose rate limits should be off.
package loadtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/n-csw/tsunagu/internal/linesim"
)

// Options configure one run; zero values take defaults.
type Options struct {
	// WebhookURL is the bot's webhook, e.g. http://localhost:8080/line/webhook.
	WebhookURL string
	// Secret is the bot's channel secret; every webhook is signed with it.
	Secret string
	// API is the simulated Messaging API the bot replies through.
	API *linesim.API
	// Rate is events per second (default 100).
	Rate float64
	// Duration is how long events are sent (default 30 s).
	Duration time.Duration
	// Residents is the number of simulated residents (default 1000). Each
	// writes every Residents/Rate seconds, and never posts an event before
	// its previous webhook was acknowledged, as a person would not.
	Residents int
	// Drain bounds the wait for outstanding answers after the last send
	// (default 30 s); Settle is how long to keep listening once everything
	// is answered, to catch doubled answers (default 1 s).
	Drain, Settle time.Duration
	// Timeout bounds one webhook request (default 10 s).
	Timeout time.Duration
	// Redeliveries is how many times a webhook the bot did not accept is
	// posted again, as LINE does with redelivery on (0: never). The
	// resident's next event waits, so its events still arrive in order.
	Redeliveries int
	// RedeliverAfter is the first wait before a redelivery (default 500 ms),
	// doubling up to 8 s.
	RedeliverAfter time.Duration
	// Postbacks is the share of events that tap a button of the resident's
	// latest answer when it has one (default 0.5; negative: never).
	Postbacks float64
	// Stickers is the share of events that are stickers (default 0.05;
	// negative: never).
	Stickers float64
	// Avoid lists substrings of postback data never tapped. Default: buttons
	// that hand the conversation to staff, because once a case is open the
	// bot stays quiet by design, which would read as lost answers.
	Avoid []string
	// Name prefixes the residents' names (default random), so that runs
	// against the same database do not share residents.
	Name string
	// Seed makes the choice of messages repeatable (default random).
	Seed uint64
	// HTTP posts the webhooks (default: keep-alive, Timeout).
	HTTP *http.Client
	// Progress receives a line per second while sending (nil: quiet).
	Progress io.Writer
	// PID is the server's process ID, when it runs on this machine: the
	// report then has its CPU time and peak RSS.
	PID int
	// DBPIDs lists the database's processes serving the server under test
	// (e.g. its PostgreSQL backends), whose CPU time the report adds up;
	// nil: not measured.
	DBPIDs func() []int
}

// DefaultAvoid are the postback data the simulated residents never tap.
var DefaultAvoid = []string{"handoff", ":staff"}

func (o Options) withDefaults() (Options, error) {
	if o.WebhookURL == "" || o.Secret == "" || o.API == nil {
		return o, errors.New("loadtest: WebhookURL, Secret and API are required")
	}
	if o.Rate <= 0 {
		o.Rate = 100
	}
	if o.Duration <= 0 {
		o.Duration = 30 * time.Second
	}
	if o.Residents <= 0 {
		o.Residents = 1000
	}
	if o.Drain <= 0 {
		o.Drain = 30 * time.Second
	}
	if o.Settle <= 0 {
		o.Settle = time.Second
	}
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	if o.RedeliverAfter <= 0 {
		o.RedeliverAfter = 500 * time.Millisecond
	}
	if o.Postbacks == 0 {
		o.Postbacks = 0.5
	}
	if o.Stickers == 0 {
		o.Stickers = 0.05
	}
	if o.Avoid == nil {
		o.Avoid = DefaultAvoid
	}
	if o.Name == "" {
		var b [4]byte
		_, _ = rand.Read(b[:])
		o.Name = "load-" + hex.EncodeToString(b[:])
	}
	if o.HTTP == nil {
		o.HTTP = &http.Client{Timeout: o.Timeout, Transport: &http.Transport{
			MaxIdleConns: 2048, MaxIdleConnsPerHost: 2048, IdleConnTimeout: 90 * time.Second,
		}}
	}
	return o, nil
}

// Run sends o.Rate events per second for o.Duration, waits for the answers
// and reports. It fails only when it cannot run; what the bot got wrong is
// in the report.
func Run(ctx context.Context, o Options) (*Report, error) {
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	tr := newTracker()
	subDone := make(chan struct{})
	deliveries, unsubscribe := o.API.Subscribe()
	var subWG sync.WaitGroup
	subWG.Add(1)
	go func() {
		defer subWG.Done()
		tr.consume(deliveries, subDone)
	}()
	before := o.API.Stats()
	cpu0, _ := ReadMachineCPU()
	var proc0 time.Duration
	if o.PID > 0 {
		proc0, _ = ProcessCPU(o.PID)
	}
	var db0 map[int]time.Duration
	if o.DBPIDs != nil {
		db0 = CPUOf(o.DBPIDs())
	}
	self0, _ := ProcessCPU(os.Getpid())

	client := &linesim.Client{WebhookURL: o.WebhookURL, ChannelSecret: o.Secret, API: o.API, HTTP: o.HTTP}
	mix := newMix(o)
	residents := make([]*resident, o.Residents)
	for i := range residents {
		residents[i] = &resident{id: linesim.UserID(fmt.Sprintf("%s-%d", o.Name, i)), client: client, tr: tr, mix: mix,
			redeliveries: o.Redeliveries, redeliverAfter: o.RedeliverAfter}
	}

	total := int(o.Rate * o.Duration.Seconds())
	start := time.Now().Add(20 * time.Millisecond)
	var wg sync.WaitGroup
	progress := newProgress(o.Progress, tr, start)
	for i := 0; i < total; i++ {
		at := start.Add(time.Duration(float64(i) * float64(time.Second) / o.Rate))
		if d := time.Until(at); d > 0 {
			select {
			case <-ctx.Done():
			case <-time.After(d):
			}
		}
		if ctx.Err() != nil {
			break
		}
		progress.tick()
		residents[i%len(residents)].enqueue(ctx, at, &wg)
	}
	wg.Wait()
	sendEnd := time.Now()

	// Wait for the answers of every acknowledged event, then listen a
	// little longer for doubles.
	deadline := time.Now().Add(o.Drain)
	for tr.outstanding() > 0 && time.Now().Before(deadline) && ctx.Err() == nil {
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(o.Settle)
	close(subDone)
	subWG.Wait()
	unsubscribe()
	// Deliveries the subscription missed (it drops rather than slow the
	// API) make lost/duplicated unreliable: say so instead of guessing.
	after := o.API.Stats()
	delivered := (after.Replies + after.Pushes - after.Undelivered) - (before.Replies + before.Pushes - before.Undelivered)
	rep := tr.report(o, start, sendEnd)
	rep.Missed = delivered - tr.seen()
	rep.APIRefused = after.Refused - before.Refused
	rep.APIFaults = after.Faults - before.Faults
	if cpu1, err := ReadMachineCPU(); err == nil {
		rep.MachineBusy = cpu0.Utilisation(cpu1)
		rep.CPUs = cpu1.CPUs
	}
	if o.PID > 0 {
		if proc1, err := ProcessCPU(o.PID); err == nil {
			rep.ServerCPU = (proc1 - proc0).Seconds()
			if rep.Accepted > 0 {
				rep.ServerCPUPerEvent = rep.ServerCPU * 1000 / float64(rep.Accepted)
			}
		}
		rep.PeakRSS, _ = PeakRSS(o.PID)
	}
	if o.DBPIDs != nil {
		rep.DBCPU = CPUSince(db0, CPUOf(o.DBPIDs())).Seconds()
	}
	if self1, err := ProcessCPU(os.Getpid()); err == nil {
		rep.GeneratorCPU = (self1 - self0).Seconds()
	}
	return rep, ctx.Err()
}
