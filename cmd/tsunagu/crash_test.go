package main

import (
	"context"
	"fmt"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/n-csw/tsunagu/internal/linesim"
	"github.com/n-csw/tsunagu/internal/store/postgres/pgtest"
)

// The tsunagu binary, built once for the tests that run it as a process.
var (
	binOnce sync.Once
	binPath string
	binErr  error
)

func tsunaguBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "tsunagu-bin")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "tsunagu")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// proc is a tsunagu server running as a separate process.
type proc struct {
	cmd  *exec.Cmd
	addr string
	logs *os.File
}

// simulatedLINE starts the simulated Messaging API for a server process
// and returns it with the process's environment: the LINE channel's
// secret and token, the API's URL, and extra (DATABASE_URL …).
func simulatedLINE(t *testing.T, extra map[string]string) (*linesim.API, map[string]string) {
	t.Helper()
	api := linesim.NewAPI(linesim.Options{AccessToken: testToken, RateLimits: map[string]int{}})
	lineSrv := httptest.NewServer(api.Handler())
	t.Cleanup(lineSrv.Close)
	env := map[string]string{"LINE_CHANNEL_SECRET": testSecret, "LINE_CHANNEL_ACCESS_TOKEN": testToken,
		"LINE_API_BASE_URL": lineSrv.URL}
	maps.Copy(env, extra)
	return api, env
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// startProc runs `tsunagu serve` with env and waits until it is ready.
func startProc(t *testing.T, addr string, env map[string]string) *proc {
	t.Helper()
	logs, err := os.CreateTemp(t.TempDir(), "tsunagu-*.log")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(tsunaguBinary(t), "serve")
	cmd.Env = append(os.Environ(), "TSUNAGU_ADDR="+addr, "TSUNAGU_LOG_LEVEL=warn")
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &proc{cmd: cmd, addr: addr, logs: logs}
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		_, _ = p.cmd.Process.Wait()
		if t.Failed() {
			b, _ := os.ReadFile(logs.Name())
			t.Logf("server log %s:\n%s", addr, tail(b, 4000))
		}
	})
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		res, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return p
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("tsunagu at %s not ready", addr)
	return nil
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}

// TestKillDuringBurst kills the server with SIGKILL while 20 residents send
// 200 messages, restarts it on the same PostgreSQL database, and redelivers
// what was not acknowledged (as LINE does with redelivery on): every
// accepted event gets exactly one answer, in order per resident.
func TestKillDuringBurst(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	dbURL := pgtest.URL(t)
	api, env := simulatedLINE(t, map[string]string{"DATABASE_URL": dbURL})
	addr := freeAddr(t)
	p := startProc(t, addr, env)
	client := &linesim.Client{WebhookURL: "http://" + addr + "/line/webhook", ChannelSecret: testSecret, API: api,
		HTTP: &http.Client{Timeout: 5 * time.Second}}

	const residents, per = 20, 10
	type sent struct {
		ev       linesim.Event
		accepted bool
	}
	events := make([][]sent, residents)
	users := make([]string, residents)
	for r := range residents {
		users[r] = linesim.UserID(fmt.Sprintf("crash-%d", r))
		for i := range per {
			events[r] = append(events[r], sent{ev: client.NewTextEvent(users[r], fmt.Sprintf("ちょっと ききたい ことが あります %d", i))})
		}
	}
	var accepted atomic.Int64
	killed := make(chan struct{})
	var killOnce sync.Once
	kill := func() {
		killOnce.Do(func() {
			_ = p.cmd.Process.Kill() // SIGKILL: no chance to clean up
			_, _ = p.cmd.Process.Wait()
			close(killed)
		})
	}
	var wg sync.WaitGroup
	for r := range residents {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range events[r] {
				if _, err := client.Send(context.Background(), events[r][i].ev); err != nil {
					return // the server is gone: LINE will redeliver the rest
				}
				events[r][i].accepted = true
				if accepted.Add(1) == 80 {
					kill()
				}
			}
		}()
	}
	wg.Wait()
	kill()
	<-killed
	t.Logf("accepted before the kill: %d of %d", accepted.Load(), residents*per)

	// Restart on the same database, and redeliver in order what was not
	// acknowledged, plus a few acknowledged ones (duplicates LINE may send).
	startProc(t, addr, env)
	for r := range residents {
		for i, s := range events[r] {
			if !s.accepted || i%4 == 0 {
				res, err := client.Redeliver(context.Background(), s.ev)
				if err != nil {
					t.Fatalf("redeliver after restart: %v", err)
				}
				if res.Status == 200 {
					events[r][i].accepted = true
				}
			}
		}
	}
	for r := range residents {
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		got, err := api.WaitDeliveries(ctx, users[r], per)
		cancel()
		if err != nil {
			t.Fatalf("%s: %v (have %d answers)", users[r], err, len(api.Deliveries(users[r])))
		}
		for i, d := range got {
			want := events[r][i].ev.WebhookEventID
			if d.Via == "reply" && d.EventID != want {
				t.Errorf("%s answer %d answers event %s, want %s (order per resident)", users[r], i, d.EventID, want)
			}
		}
	}
	time.Sleep(2 * time.Second) // anything doubled would arrive now
	for r := range residents {
		if n := len(api.Deliveries(users[r])); n != per {
			t.Errorf("%s got %d answers for %d events: lost or doubled", users[r], n, per)
		}
	}
	pushes := 0
	for _, d := range api.AllDeliveries() {
		if d.Via == "push" {
			pushes++
		}
	}
	t.Logf("answers by push (reply token refused or expired): %d", pushes)
}
