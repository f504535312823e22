package main

import (
	"context"
	"flag"
	"io"
	"log/slog"
	"net"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/n-csw/tsunagu/internal/config"
	"github.com/n-csw/tsunagu/internal/linesim"
	"github.com/n-csw/tsunagu/internal/loadtest"
	"github.com/n-csw/tsunagu/internal/store/postgres/pgtest"
)

var loadRate = flag.Float64("load.rate", 300, "events per second of BenchmarkLoad*; b.N is the number of events")

// BenchmarkLoadSQLite runs the load test against an in-process tsunagu on
// the embedded store: -benchtime=3000x sends 3,000 events at -load.rate.
// With -cpuprofile it shows where a turn's time goes (the generator and
// the simulator are in the profile too).
func BenchmarkLoadSQLite(b *testing.B) {
	benchLoad(b, map[string]string{"TSUNAGU_DATA_DIR": b.TempDir()})
}

// BenchmarkLoadPostgres is BenchmarkLoadSQLite on TEST_DATABASE_URL.
func BenchmarkLoadPostgres(b *testing.B) {
	benchLoad(b, map[string]string{"DATABASE_URL": pgtest.URL(b)})
}

func benchLoad(b *testing.B, env map[string]string) {
	conv, dir := sharedConversation(b)
	api := linesim.NewAPI(linesim.Options{AccessToken: testToken, RateLimits: map[string]int{}, MaxCalls: 100})
	lineSrv := httptest.NewServer(api.Handler())
	defer lineSrv.Close()
	env["LINE_CHANNEL_SECRET"], env["LINE_CHANNEL_ACCESS_TOKEN"], env["LINE_API_BASE_URL"] = testSecret, testToken, lineSrv.URL
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		b.Fatal(err)
	}
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	ctx, cancel := context.WithCancel(context.Background())
	a, err := newApp(ctx, cfg, log, appDeps{conv: conv, dir: dir})
	if err != nil {
		b.Fatal(err)
	}
	defer a.store.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- a.run(ctx, ln) }()
	defer func() { cancel(); <-done }()
	base := "http://" + ln.Addr().String()
	wctx, wcancel := context.WithTimeout(ctx, 10*time.Second)
	_, err = loadtest.WaitReady(wctx, base+"/readyz", time.Now())
	wcancel()
	if err != nil {
		b.Fatal(err)
	}
	o := loadtest.Options{WebhookURL: base + "/line/webhook", Secret: testSecret, API: api, Rate: *loadRate,
		Duration: time.Duration(float64(b.N) / *loadRate * float64(time.Second)), Residents: max(int(*loadRate)*2, 100)}
	b.ResetTimer()
	r, err := loadtest.Run(context.Background(), o)
	b.StopTimer()
	if err != nil {
		b.Fatal(err)
	}
	if testing.Verbose() {
		r.WriteText(&benchLog{b})
	}
	if !r.OK() {
		b.Errorf("lost %d, duplicated %d, out of order %d, errors %d", r.Lost, r.Duplicated, r.OutOfOrder, r.Errors)
	}
	b.ReportMetric(r.AcceptedPerSec, "accepted/s")
	b.ReportMetric(r.Ack.P99, "ack-p99-ms")
	b.ReportMetric(r.Answer.P99, "answer-p99-ms")
	b.ReportMetric(0, "ns/op")
}

// benchLog writes a report through b.Log, one line at a time.
type benchLog struct{ b *testing.B }

func (w *benchLog) Write(p []byte) (int, error) {
	w.b.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
