package linesim

import (
	"sync"
	"time"
)

// Fault is an injected failure of the fake API, consumed in the order
// injected by the next matching requests.
type Fault struct {
	// Endpoint is "reply", "push", "loading", "profile", "richmenu",
	// "validate", "info" or "*" for any.
	Endpoint string
	// Status is the HTTP status answered (500, 429, 503 …). 0 answers
	// normally after Delay: a slow API.
	Status int
	// RetryAfter sets the Retry-After header (whole seconds, rounded up).
	RetryAfter time.Duration
	// Delay stalls the answer.
	Delay time.Duration
	// ProcessThenDelay processes the request first (the message is
	// delivered, the token used, the retry key accepted) and then stalls
	// and answers Status: the ambiguous timeout. Otherwise the API stalls
	// and fails without processing anything.
	ProcessThenDelay bool
	// Times is how many requests the fault applies to; 0 means once.
	Times int
}

// faultQueue holds pending faults in injection order.
type faultQueue struct {
	mu sync.Mutex
	q  []*Fault
}

func (q *faultQueue) reset() {
	q.mu.Lock()
	q.q = nil
	q.mu.Unlock()
}

// take consumes one use of the first fault matching endpoint.
func (q *faultQueue) take(endpoint string) (Fault, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for i, f := range q.q {
		if f.Endpoint != "*" && f.Endpoint != endpoint {
			continue
		}
		out := *f
		f.Times--
		if f.Times <= 0 {
			q.q = append(q.q[:i], q.q[i+1:]...)
		}
		return out, true
	}
	return Fault{}, false
}

// Inject queues a fault; see Fault.
func (a *API) Inject(f Fault) {
	if f.Times <= 0 {
		f.Times = 1
	}
	if f.Endpoint == "" {
		f.Endpoint = "*"
	}
	a.faults.mu.Lock()
	a.faults.q = append(a.faults.q, &f)
	a.faults.mu.Unlock()
}

// PendingFaults returns how many fault uses are still queued.
func (a *API) PendingFaults() int {
	a.faults.mu.Lock()
	defer a.faults.mu.Unlock()
	n := 0
	for _, f := range a.faults.q {
		n += f.Times
	}
	return n
}
