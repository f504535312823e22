package loadtest

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/n-csw/tsunagu/internal/linesim"
)

// Latency summarises a distribution, in milliseconds.
type Latency struct {
	Count int64   `json:"count"`
	Mean  float64 `json:"mean_ms"`
	P50   float64 `json:"p50_ms"`
	P95   float64 `json:"p95_ms"`
	P99   float64 `json:"p99_ms"`
	Max   float64 `json:"max_ms"`
}

func summarise(h *linesim.Histogram) Latency {
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	s := h.Summary()
	return Latency{Count: int64(s.Count), Mean: ms(s.Mean), P50: ms(s.P50), P95: ms(h.Quantile(0.95)), P99: ms(s.P99), Max: ms(s.Max)}
}

// Report is the outcome of one run.
type Report struct {
	// Rate, Duration and Residents are what was asked.
	Rate      float64 `json:"rate"`
	Duration  float64 `json:"duration_s"`
	Residents int     `json:"residents"`
	// Elapsed is how long sending took (the last send may wait for a slow
	// resident's previous webhook).
	Elapsed float64 `json:"elapsed_s"`
	// Sent webhooks (one event each); Accepted were answered 200.
	Sent     int64 `json:"sent"`
	Accepted int64 `json:"accepted"`
	// AcceptedPerSec is Accepted over Elapsed.
	AcceptedPerSec float64 `json:"accepted_per_s"`
	// Errors are webhooks not answered 200, by kind ("500", "timeout" …).
	Errors     int64            `json:"errors"`
	ErrorKinds map[string]int64 `json:"error_kinds,omitempty"`
	// Redeliveries are webhooks posted again after a failed attempt
	// (Options.Redeliveries), and RefusedAttempts those attempts by kind.
	Redeliveries    int64            `json:"redeliveries,omitempty"`
	RefusedAttempts map[string]int64 `json:"refused_attempts,omitempty"`
	// Ack is scheduled send → 200; Answer is scheduled send → the answer
	// accepted by the simulated Messaging API (end to end).
	Ack    Latency `json:"ack"`
	Answer Latency `json:"answer"`
	// Answered events, of which ByPush were answered by push (the reply
	// token refused or expired).
	Answered int64 `json:"answered"`
	ByPush   int64 `json:"by_push"`
	// Lost: acknowledged 200 and never answered. Duplicated: answers beyond
	// the first for an event, and pushes with no event waiting. OutOfOrder:
	// replies to a resident's event after a reply to a later one.
	Lost       int64 `json:"lost"`
	Duplicated int64 `json:"duplicated"`
	OutOfOrder int64 `json:"out_of_order"`
	// AnsweredUnacked: answered although the webhook failed (the bot made
	// the event durable but its 200 did not arrive): not an error.
	AnsweredUnacked int64 `json:"answered_unacked"`
	// Foreign deliveries went to residents or events of no run (earlier
	// runs' late answers). Missed deliveries were not seen by the tracker
	// (its subscription fell behind): lost/duplicated are then unreliable.
	Foreign int64 `json:"foreign"`
	Missed  int64 `json:"missed"`
	// APIRefused and APIFaults count Messaging API calls the simulator
	// answered 4xx or with an injected fault.
	APIRefused int64 `json:"api_refused"`
	APIFaults  int64 `json:"api_faults"`
	// SendLag is how late the generator started sends (its own delay).
	SendLag Latency `json:"send_lag"`
	// PeakRSS of the server under test in bytes, when known (VmHWM).
	PeakRSS int64 `json:"peak_rss_bytes,omitempty"`
	// ServerCPU is the CPU time the server used during the run (sending and
	// draining), in seconds, and per accepted event in milliseconds.
	ServerCPU         float64 `json:"server_cpu_s,omitempty"`
	ServerCPUPerEvent float64 `json:"server_cpu_per_event_ms,omitempty"`
	// MachineBusy is the share of the machine's CPUs busy during the run,
	// whoever used them (the server, its database, the generator, others).
	MachineBusy float64 `json:"machine_busy"`
	// DBCPU is the CPU time of the database's processes (Options.DBPIDs)
	// and GeneratorCPU that of this process (generator and simulator).
	DBCPU        float64 `json:"db_cpu_s,omitempty"`
	GeneratorCPU float64 `json:"generator_cpu_s"`
	CPUs         int     `json:"cpus"`
}

func (t *tracker) report(o Options, start, end time.Time) *Report {
	t.mu.Lock()
	defer t.mu.Unlock()
	r := &Report{Rate: o.Rate, Duration: o.Duration.Seconds(), Residents: o.Residents,
		Elapsed: end.Sub(start).Seconds(), Sent: t.sentN, Accepted: t.accepted,
		Answered: t.answered, ByPush: t.byPush, Duplicated: t.dups + t.extras, OutOfOrder: t.outOfOrder,
		AnsweredUnacked: t.unsure, Foreign: t.foreign, ErrorKinds: map[string]int64{},
		Redeliveries: t.redeliveries, RefusedAttempts: map[string]int64{}}
	for k, n := range t.refusedKinds {
		r.RefusedAttempts[k] = n
	}
	if r.Elapsed > 0 {
		r.AcceptedPerSec = float64(r.Accepted) / r.Elapsed
	}
	for k, n := range t.errKinds {
		r.ErrorKinds[k] = n
		r.Errors += n
	}
	for _, e := range t.events {
		if e.status == 200 && !e.failed && e.answers == 0 {
			r.Lost++
		}
	}
	r.Ack, r.Answer, r.SendLag = summarise(&t.ack), summarise(&t.answer), summarise(&t.lag)
	return r
}

// OK reports whether every event was accepted and answered exactly once,
// in order.
func (r *Report) OK() bool {
	return r.Errors == 0 && r.Lost == 0 && r.Duplicated == 0 && r.OutOfOrder == 0 && r.Missed == 0 && r.Sent > 0
}

// WriteText writes the report for people.
func (r *Report) WriteText(w io.Writer) {
	fmt.Fprintf(w, "load      %.0f events/s for %.0fs, %d residents (sending took %.1fs)\n", r.Rate, r.Duration, r.Residents, r.Elapsed)
	fmt.Fprintf(w, "webhooks  %d sent, %d accepted (%.1f/s), %d errors%s\n", r.Sent, r.Accepted, r.AcceptedPerSec, r.Errors, kinds(r.ErrorKinds))
	if r.Redeliveries > 0 {
		fmt.Fprintf(w, "redelivered %d times after failed attempts%s\n", r.Redeliveries, kinds(r.RefusedAttempts))
	}
	fmt.Fprintf(w, "ack       %s\n", r.Ack)
	fmt.Fprintf(w, "answer    %s\n", r.Answer)
	fmt.Fprintf(w, "answers   %d answered (%d by push), %d lost, %d duplicated, %d out of order\n", r.Answered, r.ByPush, r.Lost, r.Duplicated, r.OutOfOrder)
	if r.AnsweredUnacked > 0 || r.Foreign > 0 || r.Missed != 0 || r.APIRefused > 0 || r.APIFaults > 0 {
		fmt.Fprintf(w, "also      %d answered though the webhook failed, %d foreign, %d missed by the tracker, %d API calls refused, %d API faults\n",
			r.AnsweredUnacked, r.Foreign, r.Missed, r.APIRefused, r.APIFaults)
	}
	fmt.Fprintf(w, "generator send lag %s\n", r.SendLag)
	if r.PeakRSS > 0 {
		fmt.Fprintf(w, "server    peak RSS %.0f MB, CPU %.1fs (%.2f ms per event)\n", float64(r.PeakRSS)/(1<<20), r.ServerCPU, r.ServerCPUPerEvent)
	}
	fmt.Fprintf(w, "machine   %.0f%% of %d CPUs busy during the run; generator and simulator CPU %.1fs", 100*r.MachineBusy, r.CPUs, r.GeneratorCPU)
	if r.DBCPU > 0 {
		fmt.Fprintf(w, ", database CPU %.1fs", r.DBCPU)
	}
	fmt.Fprintln(w)
}

// String is "p50 … p95 … p99 … max …" in milliseconds.
func (l Latency) String() string {
	if l.Count == 0 {
		return "no samples"
	}
	return fmt.Sprintf("p50 %s  p95 %s  p99 %s  max %s ms  (n=%d)", num(l.P50), num(l.P95), num(l.P99), num(l.Max), l.Count)
}

func num(ms float64) string {
	switch {
	case ms < 10:
		return fmt.Sprintf("%.2f", ms)
	case ms < 100:
		return fmt.Sprintf("%.1f", ms)
	}
	return fmt.Sprintf("%.0f", ms)
}

func kinds(m map[string]int64) string {
	if len(m) == 0 {
		return ""
	}
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	var b strings.Builder
	b.WriteString(" (")
	for i, k := range ks {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s: %d", k, m[k])
	}
	b.WriteString(")")
	return b.String()
}

// progress prints one line per second while sending.
type progress struct {
	w     io.Writer
	tr    *tracker
	start time.Time
	next  atomic.Int64
}

func newProgress(w io.Writer, tr *tracker, start time.Time) *progress {
	p := &progress{w: w, tr: tr, start: start}
	p.next.Store(start.Add(time.Second).UnixNano())
	return p
}

func (p *progress) tick() {
	if p.w == nil || time.Now().UnixNano() < p.next.Load() {
		return
	}
	p.next.Add(int64(time.Second))
	p.tr.mu.Lock()
	sent, acc, ans, pend := p.tr.sentN, p.tr.accepted, p.tr.answered, p.tr.pending
	p.tr.mu.Unlock()
	fmt.Fprintf(p.w, "%4.0fs  sent %d  accepted %d  answered %d  waiting %d\n", time.Since(p.start).Seconds(), sent, acc, ans, pend)
}
