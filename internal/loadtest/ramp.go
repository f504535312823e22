package loadtest

import (
	"context"
	"fmt"
	"time"
)

// Limits decide whether a rate is sustained.
type Limits struct {
	// MaxErrorShare of webhooks may fail (default 0.001).
	MaxErrorShare float64
	// MaxAckP99 and MaxAnswerP99 bound the 99th percentiles (default 1 s
	// and 2 s: LINE waits 2 s for the acknowledgement, and an answer later
	// than a couple of seconds means a queue is growing).
	MaxAckP99, MaxAnswerP99 time.Duration
	// MinAcceptedShare of the asked rate must be accepted (default 0.95).
	MinAcceptedShare float64
}

func (l Limits) withDefaults() Limits {
	if l.MaxErrorShare == 0 {
		l.MaxErrorShare = 0.001
	}
	if l.MaxAckP99 == 0 {
		l.MaxAckP99 = time.Second
	}
	if l.MaxAnswerP99 == 0 {
		l.MaxAnswerP99 = 2 * time.Second
	}
	if l.MinAcceptedShare == 0 {
		l.MinAcceptedShare = 0.95
	}
	return l
}

// Check returns why r does not sustain its rate, or "" when it does.
func (l Limits) Check(r *Report) string {
	l = l.withDefaults()
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	switch {
	case r.Sent == 0:
		return "nothing sent"
	case float64(r.Errors) > l.MaxErrorShare*float64(r.Sent):
		return fmt.Sprintf("%d of %d webhooks failed", r.Errors, r.Sent)
	case r.Lost > 0 || r.Duplicated > 0 || r.OutOfOrder > 0:
		return fmt.Sprintf("%d lost, %d duplicated, %d out of order", r.Lost, r.Duplicated, r.OutOfOrder)
	case r.AcceptedPerSec < l.MinAcceptedShare*r.Rate:
		return fmt.Sprintf("accepted %.0f/s of %.0f/s", r.AcceptedPerSec, r.Rate)
	case r.Ack.P99 > ms(l.MaxAckP99):
		return fmt.Sprintf("ack p99 %.0f ms > %.0f ms", r.Ack.P99, ms(l.MaxAckP99))
	case r.Answer.P99 > ms(l.MaxAnswerP99):
		return fmt.Sprintf("answer p99 %.0f ms > %.0f ms", r.Answer.P99, ms(l.MaxAnswerP99))
	}
	return ""
}

// Step is one rate of a ramp.
type Step struct {
	Report *Report `json:"report"`
	// Failed says why the rate was not sustained ("" when it was).
	Failed string `json:"failed,omitempty"`
}

// Ramp runs o at each rate in turn, with a pause between runs, until one
// is not sustained. The highest sustained rate is the bot's maximum
// throughput under these limits.
func Ramp(ctx context.Context, o Options, rates []float64, l Limits, pause time.Duration) ([]Step, error) {
	var steps []Step
	for i, rate := range rates {
		o.Rate = rate
		o.Name = "" // new residents for every step
		r, err := Run(ctx, o)
		if err != nil {
			return steps, err
		}
		s := Step{Report: r, Failed: l.Check(r)}
		steps = append(steps, s)
		if s.Failed != "" || i == len(rates)-1 {
			break
		}
		select {
		case <-ctx.Done():
			return steps, ctx.Err()
		case <-time.After(pause):
		}
	}
	return steps, nil
}

// MaxSustained returns the highest accepted rate among sustained steps (0
// when none was).
func MaxSustained(steps []Step) float64 {
	best := 0.0
	for _, s := range steps {
		if s.Failed == "" && s.Report.AcceptedPerSec > best {
			best = s.Report.AcceptedPerSec
		}
	}
	return best
}
