package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/n-csw/tsunagu/internal/loadtest"
	"github.com/n-csw/tsunagu/internal/store/postgres/pgtest"
)

// The binary for the start-up benchmarks, built once.
var (
	benchBinOnce sync.Once
	benchBin     string
	benchBinErr  error
)

func benchBinary(b *testing.B) string {
	b.Helper()
	benchBinOnce.Do(func() {
		dir, err := os.MkdirTemp("", "tsunagu-bench")
		if err != nil {
			benchBinErr = err
			return
		}
		benchBin = filepath.Join(dir, "tsunagu")
		if out, err := exec.Command("go", "build", "-o", benchBin, ".").CombinedOutput(); err != nil {
			benchBinErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if benchBinErr != nil {
		b.Fatal(benchBinErr)
	}
	return benchBin
}

// BenchmarkStartupSQLite is `tsunagu serve` from exec to the first 200 of
// /readyz on a new embedded database (migrations included), and the
// process's peak RSS by then. The target is under 2 s.
func BenchmarkStartupSQLite(b *testing.B) {
	benchStartup(b, func(b *testing.B) map[string]string {
		return map[string]string{"TSUNAGU_DATA_DIR": b.TempDir()}
	})
}

// BenchmarkStartupPostgres is BenchmarkStartupSQLite on a new schema in
// TEST_DATABASE_URL.
func BenchmarkStartupPostgres(b *testing.B) {
	benchStartup(b, func(b *testing.B) map[string]string {
		return map[string]string{"DATABASE_URL": pgtest.URL(b)}
	})
}

func benchStartup(b *testing.B, store func(b *testing.B) map[string]string) {
	bin := benchBinary(b)
	var total time.Duration
	var rss int64
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		env := store(b)
		addr := freeAddrTB(b)
		cmd := exec.Command(bin, "serve")
		cmd.Env = append(os.Environ(), "TSUNAGU_ADDR="+addr, "TSUNAGU_LOG_LEVEL=warn", "LINE_CHANNEL_SECRET="+testSecret,
			"LINE_CHANNEL_ACCESS_TOKEN="+testToken, "LINE_API_BASE_URL=http://127.0.0.1:9")
		for k, v := range env {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
		b.StartTimer()
		start := time.Now()
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		took, err := loadtest.WaitReady(ctx, "http://"+addr+"/readyz", start)
		cancel()
		b.StopTimer()
		if err != nil {
			_ = cmd.Process.Kill()
			b.Fatal(err)
		}
		total += took
		if r, err := loadtest.PeakRSS(cmd.Process.Pid); err == nil {
			rss = max(rss, r)
		}
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms-to-ready")
	b.ReportMetric(float64(rss)/(1<<20), "MB-peak-rss")
	b.ReportMetric(0, "ns/op")
}

func freeAddrTB(tb testing.TB) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
