package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/n-csw/tsunagu/internal/linesim"
	"github.com/n-csw/tsunagu/internal/loadtest"
	"github.com/n-csw/tsunagu/internal/store/postgres/pgtest"
)

// faultLoad drives the server at webhook with the load generator, LINE's
// redelivery on, and calls fault after the given delay (in the middle of
// the load). The report says whether every event was answered once.
func faultLoad(t *testing.T, webhook string, api *linesim.API, o loadtest.Options, after time.Duration, fault func()) *loadtest.Report {
	t.Helper()
	o.WebhookURL, o.Secret, o.API = webhook, testSecret, api
	if o.Redeliveries == 0 {
		o.Redeliveries = 30
	}
	if o.RedeliverAfter == 0 {
		o.RedeliverAfter = 200 * time.Millisecond
	}
	if o.Drain == 0 {
		o.Drain = 90 * time.Second
	}
	if o.Settle == 0 {
		o.Settle = 2 * time.Second // doubled answers arrive now
	}
	if o.Timeout == 0 {
		o.Timeout = 5 * time.Second
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		time.Sleep(after)
		fault()
	}()
	r, err := loadtest.Run(context.Background(), o)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	r.WriteText(&b)
	t.Logf("load under the fault:\n%s", b.String())
	return r
}

// answeredOnce fails unless every event was in the end accepted and
// answered exactly once, in order per resident.
func answeredOnce(t *testing.T, r *loadtest.Report) {
	t.Helper()
	if r.Errors > 0 {
		t.Errorf("%d events never accepted despite redelivery: %v", r.Errors, r.ErrorKinds)
	}
	if r.Lost > 0 || r.Duplicated > 0 || r.OutOfOrder > 0 || r.Missed != 0 {
		t.Errorf("answers: %d lost, %d doubled, %d out of order (%d missed by the tracker)", r.Lost, r.Duplicated, r.OutOfOrder, r.Missed)
	}
	if r.Answered != r.Sent {
		t.Errorf("%d of %d events answered", r.Answered, r.Sent)
	}
}

// faultDatabase creates a PostgreSQL database for one test, so that the
// test can refuse its connections without disturbing other tests, and
// drops it at the end. admin runs SQL on the cluster as TEST_DATABASE_URL's
// user (from any goroutine: it reports errors with t.Errorf).
func faultDatabase(t *testing.T) (dbURL string, admin func(sql string) error) {
	t.Helper()
	base := os.Getenv(pgtest.EnvVar)
	if base == "" {
		t.Skipf("PostgreSQL tests skipped: set %s to run them", pgtest.EnvVar)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "tsunagu_fault_" + hex.EncodeToString(b[:])
	admin = func(sql string) error {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("admin connection: %v", err)
			return err
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Errorf("%s: %v", sql, err)
			return err
		}
		return nil
	}
	if err := admin("CREATE DATABASE " + name); err != nil {
		t.FailNow()
	}
	t.Cleanup(func() { _ = admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)") })
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String(), admin
}
