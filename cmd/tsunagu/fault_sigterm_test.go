package main

import (
	"context"
	"net/http/httptest"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/linesim"
	"github.com/n-csw/tsunagu/internal/loadtest"
	"github.com/n-csw/tsunagu/internal/store/postgres"
	"github.com/n-csw/tsunagu/internal/store/postgres/pgtest"
	"github.com/n-csw/tsunagu/internal/store/sqlite"
)

// TestFaultSIGTERMDuringLoad stops `tsunagu serve` with SIGTERM (what a
// container platform does on a deploy) while residents write. The process
// must exit within TSUNAGU_SHUTDOWN_TIMEOUT, having finished the turns
// under way and delivered every reply they queued; events it accepted but
// had not started stay in the database and are answered after the restart;
// webhooks refused while it was down are redelivered. In the end every
// event is answered exactly once, in order.
func TestFaultSIGTERMDuringLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	for _, store := range []string{"sqlite", "postgres"} {
		t.Run(store, func(t *testing.T) {
			env := map[string]string{"LINE_CHANNEL_SECRET": testSecret, "LINE_CHANNEL_ACCESS_TOKEN": testToken,
				"TSUNAGU_SHUTDOWN_TIMEOUT": "5s"}
			var openStore func(ctx context.Context) (depthStore, error)
			if store == "postgres" {
				url := pgtest.URL(t)
				env["DATABASE_URL"] = url
				openStore = func(ctx context.Context) (depthStore, error) {
					return postgres.Open(ctx, url)
				}
			} else {
				dir := t.TempDir()
				env["TSUNAGU_DATA_DIR"] = dir
				openStore = func(ctx context.Context) (depthStore, error) {
					return sqlite.Open(ctx, dir)
				}
			}
			sigtermDuringLoad(t, env, openStore)
		})
	}
}

// depthStore is what the test reads of the store after the exit.
type depthStore interface {
	OutboxDepth(context.Context) (map[consult.OutboxKind]int, error)
	Close() error
}

func sigtermDuringLoad(t *testing.T, env map[string]string, openStore func(ctx context.Context) (depthStore, error)) {
	api := linesim.NewAPI(linesim.Options{AccessToken: testToken, RateLimits: map[string]int{}})
	lineSrv := httptest.NewServer(api.Handler())
	defer lineSrv.Close()
	env["LINE_API_BASE_URL"] = lineSrv.URL
	addr := freeAddr(t)
	p := startProc(t, addr, env)

	type result struct {
		r   *loadtest.Report
		err error
	}
	done := make(chan result, 1)
	go func() {
		r, err := loadtest.Run(context.Background(), loadtest.Options{WebhookURL: "http://" + addr + "/line/webhook",
			Secret: testSecret, API: api, Rate: 200, Duration: 3 * time.Second, Residents: 100,
			Redeliveries: 30, RedeliverAfter: 200 * time.Millisecond, Timeout: 5 * time.Second, Drain: 60 * time.Second, Settle: 2 * time.Second})
		done <- result{r, err}
	}()

	time.Sleep(time.Second)
	stopped := time.Now()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	err := p.cmd.Wait()
	took := time.Since(stopped)
	if err != nil {
		t.Errorf("tsunagu serve exited with %v after SIGTERM, want status 0", err)
	}
	if took > 6*time.Second {
		t.Errorf("exit took %v, longer than TSUNAGU_SHUTDOWN_TIMEOUT=5s", took)
	}
	st := api.Stats()
	answeredAtExit := st.Replies + st.Pushes

	// Every turn committed before the exit had its reply delivered.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	s, err := openStore(ctx)
	if err != nil {
		t.Fatal(err)
	}
	depth, err := s.OutboxDepth(ctx)
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	if n := depth[consult.OutLINEReply] + depth[consult.OutLINEPush]; n > 0 {
		t.Errorf("%d replies of finished turns were left undelivered at exit", n)
	}
	if logs, _ := os.ReadFile(p.logs.Name()); strings.Contains(string(logs), "outbox not flushed") {
		t.Errorf("the server did not deliver everything before its deadline:\n%s", tail(logs, 2000))
	}

	startProc(t, addr, env) // the next container
	res := <-done
	if res.err != nil {
		t.Fatal(res.err)
	}
	var b strings.Builder
	res.r.WriteText(&b)
	t.Logf("exit %v after SIGTERM; %d events answered before the exit, %d of %d after the restart\n%s",
		took.Round(time.Millisecond), answeredAtExit, res.r.Answered-answeredAtExit, res.r.Sent, b.String())
	answeredOnce(t, res.r)
	if res.r.Redeliveries == 0 {
		t.Errorf("no webhook failed while the server was down: was it?")
	}
}
