package main

import (
	"bytes"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/n-csw/tsunagu/internal/loadtest"
	"github.com/n-csw/tsunagu/internal/store/postgres/pgtest"
)

// TestFaultPostgresConnectionsCut cuts the server off its database in the
// middle of the load: every connection is terminated and new ones are
// refused for three seconds. Webhooks are answered 500 meanwhile and LINE
// redelivers them; turns and deliveries under way are rolled back or
// retried. In the end every event is answered exactly once, in order.
func TestFaultPostgresConnectionsCut(t *testing.T) {
	if testing.Short() {
		t.Skip("a minute of load")
	}
	dbURL, admin := faultDatabase(t)
	name := strings.TrimPrefix(mustParse(t, dbURL).Path, "/")
	var logs syncBuffer
	h := newHarness(t, harnessOpts{env: map[string]string{"DATABASE_URL": dbURL}, logSink: &logs,
		deps: appDeps{LINETimeout: 2 * time.Second}})
	cut := func() {
		if admin("ALTER DATABASE "+name+" ALLOW_CONNECTIONS false") != nil {
			return
		}
		_ = admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'")
		time.Sleep(3 * time.Second)
		_ = admin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true")
	}
	r := faultLoad(t, h.base+"/line/webhook", h.api, loadtest.Options{Rate: 40, Duration: 6 * time.Second, Residents: 20},
		1500*time.Millisecond, cut)
	answeredOnce(t, r)
	if r.RefusedAttempts["500"] == 0 {
		t.Errorf("no webhook was answered 500 while the database was unreachable: %v", r.RefusedAttempts)
	}
	if !strings.Contains(logs.String(), "webhook events not durable") {
		t.Errorf("the log does not say why webhooks failed")
	}
}

// TestFaultPostgresRestart restarts the machine's PostgreSQL cluster in the
// middle of the load. It disturbs every other user of the cluster, so it
// runs only with TSUNAGU_FAULT_PG_RESTART=1 (CI sets it) and as root, and
// it always leaves the cluster running.
func TestFaultPostgresRestart(t *testing.T) {
	if os.Getenv("TSUNAGU_FAULT_PG_RESTART") != "1" {
		t.Skip("restarts the PostgreSQL cluster: set TSUNAGU_FAULT_PG_RESTART=1 (with TEST_DATABASE_URL) to run it")
	}
	dbURL := pgtest.URL(t)
	cluster := strings.Fields(envOr("TSUNAGU_FAULT_PG_CLUSTER", "15 main"))
	ctl := func(action string) ([]byte, error) {
		args := append([]string{"--skip-systemctl-redirect"}, cluster...)
		return exec.Command("pg_ctlcluster", append(args, action)...).CombinedOutput()
	}
	if out, err := ctl("status"); err != nil {
		t.Fatalf("pg_ctlcluster %v status: %v\n%s", cluster, err, out)
	}
	t.Cleanup(func() {
		if _, err := ctl("status"); err != nil {
			if out, err := ctl("start"); err != nil {
				t.Errorf("could not start the cluster again: %v\n%s", err, out)
			}
		}
	})
	h := newHarness(t, harnessOpts{env: map[string]string{"DATABASE_URL": dbURL}, deps: appDeps{LINETimeout: 2 * time.Second}})
	restart := func() {
		if out, err := ctl("restart"); err != nil {
			t.Errorf("pg_ctlcluster restart: %v\n%s", err, out)
		}
	}
	r := faultLoad(t, h.base+"/line/webhook", h.api, loadtest.Options{Rate: 40, Duration: 8 * time.Second, Residents: 20},
		2*time.Second, restart)
	answeredOnce(t, r)
	if r.Redeliveries == 0 {
		t.Errorf("no webhook failed during the restart: did it happen?")
	}
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func mustParse(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// syncBuffer is a log sink safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
