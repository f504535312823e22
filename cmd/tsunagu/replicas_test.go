package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/n-csw/tsunagu/internal/loadtest"
	"github.com/n-csw/tsunagu/internal/store/postgres/pgtest"
)

// balancer spreads webhooks over replicas round-robin, like any load
// balancer, sends every dupEvery-th webhook to two replicas at once (LINE
// delivering the same event twice, through different replicas), and fails
// over to the next replica when one does not answer.
type balancer struct {
	targets  []string
	dupEvery int64
	n        atomic.Int64
	client   *http.Client
	mu       sync.Mutex
	accepted map[string]int
}

func (b *balancer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	i := b.n.Add(1)
	first := int(i) % len(b.targets)
	if b.dupEvery > 0 && i%b.dupEvery == 0 {
		second := (first + 1) % len(b.targets)
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = b.forward(b.targets[second], r, body)
		}()
		defer wg.Wait()
	}
	for k := range b.targets {
		target := b.targets[(first+k)%len(b.targets)]
		if status, err := b.forward(target, r, body); err == nil {
			w.WriteHeader(status)
			return
		}
	}
	w.WriteHeader(http.StatusBadGateway)
}

func (b *balancer) forward(target string, r *http.Request, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(r.Context(), http.MethodPost, target+"/line/webhook", bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header = r.Header.Clone()
	res, err := b.client.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode == http.StatusOK {
		b.mu.Lock()
		b.accepted[target]++
		b.mu.Unlock()
	}
	return res.StatusCode, nil
}

// TestReplicas runs two `tsunagu serve` processes on one PostgreSQL behind
// a round-robin balancer that also delivers some webhooks to both: each
// resident's answers come in order and exactly once, and both replicas
// share the turns and the deliveries. Then one replica is stopped with
// SIGTERM under load (a rolling update): the other takes over its pending
// residents.
func TestReplicas(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	dbURL := pgtest.URL(t)
	api, env := simulatedLINE(t, map[string]string{"DATABASE_URL": dbURL, "TSUNAGU_SHUTDOWN_TIMEOUT": "5s"})
	a, b := startProc(t, freeAddr(t), env), startProc(t, freeAddr(t), env)
	lb := &balancer{targets: []string{"http://" + a.addr, "http://" + b.addr}, dupEvery: 5,
		client: &http.Client{Timeout: 5 * time.Second}, accepted: map[string]int{}}
	front := httptest.NewServer(lb)
	defer front.Close()
	o := loadtest.Options{WebhookURL: front.URL, Secret: testSecret, API: api, Residents: 60,
		Redeliveries: 20, RedeliverAfter: 200 * time.Millisecond, Drain: 60 * time.Second, Settle: 2 * time.Second}

	t.Run("round robin and doubles", func(t *testing.T) {
		o.Rate, o.Duration = 100, 4*time.Second
		r, err := loadtest.Run(context.Background(), o)
		if err != nil {
			t.Fatal(err)
		}
		logReport(t, r)
		answeredOnce(t, r)
		for _, p := range []*proc{a, b} {
			turns, sent := counter(t, p.addr, "tsunagu_turns_total", `outcome="done"`), counter(t, p.addr, "tsunagu_line_deliveries_total", `method="reply"`)
			t.Logf("replica %s: %.0f turns, %.0f replies; %d webhooks accepted", p.addr, turns, sent, lb.accepted["http://"+p.addr])
			if turns == 0 || sent == 0 {
				t.Errorf("replica %s did no work: %.0f turns, %.0f replies", p.addr, turns, sent)
			}
		}
	})

	t.Run("one replica stopped", func(t *testing.T) {
		o.Rate, o.Duration = 100, 4*time.Second
		go func() {
			time.Sleep(1500 * time.Millisecond)
			_ = a.cmd.Process.Signal(syscall.SIGTERM)
		}()
		r, err := loadtest.Run(context.Background(), o)
		if err != nil {
			t.Fatal(err)
		}
		logReport(t, r)
		answeredOnce(t, r)
	})
}

func logReport(t *testing.T, r *loadtest.Report) {
	t.Helper()
	var s strings.Builder
	r.WriteText(&s)
	t.Log("\n" + s.String())
}

// counter reads the sum of a Prometheus counter's series whose labels
// contain match from a server's /metrics.
func counter(t *testing.T, addr, name, match string) float64 {
	t.Helper()
	res, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatalf("metrics of %s: %v", addr, err)
	}
	defer res.Body.Close()
	total := 0.0
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, name+"{") || !strings.Contains(line, match) {
			continue
		}
		f := strings.Fields(line)
		v, err := strconv.ParseFloat(f[len(f)-1], 64)
		if err == nil {
			total += v
		}
	}
	return total
}
