package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/n-csw/tsunagu/internal/bot"
	"github.com/n-csw/tsunagu/internal/config"
	"github.com/n-csw/tsunagu/internal/directory"
	"github.com/n-csw/tsunagu/internal/linesim"
)

const (
	testSecret = "0123456789abcdef0123456789abcdef"
	testToken  = "test-access-token"
)

// The conversation (Kagome, flows, directory) is loaded once per test binary.
var (
	convOnce sync.Once
	convVal  bot.Conversation
	dirVal   *directory.Directory
	convErr  error
)

func sharedConversation(t testing.TB) (bot.Conversation, *directory.Directory) {
	t.Helper()
	convOnce.Do(func() { convVal, dirVal, convErr = loadConversation(nil) })
	if convErr != nil {
		t.Fatal(convErr)
	}
	return convVal, dirVal
}

// harness is a running tsunagu (in this process) talking to a simulated
// LINE platform over real HTTP.
type harness struct {
	t      *testing.T
	app    *app
	api    *linesim.API
	client *linesim.Client
	base   string
	stop   func()
}

type harnessOpts struct {
	env     map[string]string
	deps    appDeps
	sim     linesim.Options
	logSink io.Writer
}

func newHarness(t *testing.T, o harnessOpts) *harness {
	t.Helper()
	conv, dir := sharedConversation(t)
	if o.sim.AccessToken == "" {
		o.sim.AccessToken = testToken
	}
	if o.sim.RateLimits == nil {
		o.sim.RateLimits = map[string]int{}
	}
	api := linesim.NewAPI(o.sim)
	lineSrv := httptest.NewServer(api.Handler())
	t.Cleanup(lineSrv.Close)

	env := map[string]string{
		"TSUNAGU_DATA_DIR":          t.TempDir(),
		"LINE_CHANNEL_SECRET":       testSecret,
		"LINE_CHANNEL_ACCESS_TOKEN": testToken,
		"LINE_API_BASE_URL":         lineSrv.URL,
	}
	for k, v := range o.env {
		env[k] = v
	}
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	sink := o.logSink
	if sink == nil {
		sink = io.Discard
		if testing.Verbose() {
			sink = os.Stderr
		}
	}
	log := slog.New(slog.NewJSONHandler(sink, &slog.HandlerOptions{Level: slog.LevelDebug}))
	o.deps.conv, o.deps.dir = conv, dir
	ctx, cancel := context.WithCancel(context.Background())
	a, err := newApp(ctx, cfg, log, o.deps)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- a.run(ctx, ln) }()
	base := "http://" + ln.Addr().String()
	h := &harness{t: t, app: a, api: api, base: base,
		client: &linesim.Client{WebhookURL: base + "/line/webhook", ChannelSecret: testSecret, API: api}}
	var once sync.Once
	h.stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("app.run: %v", err)
				}
			case <-time.After(30 * time.Second):
				t.Errorf("app did not stop")
			}
			a.store.Close()
		})
	}
	t.Cleanup(h.stop)
	t.Cleanup(func() {
		if !t.Failed() {
			return
		}
		for _, c := range api.Calls() {
			if c.Status >= 400 {
				t.Logf("Messaging API %s %s → %d: %s\n  request: %s", c.Method, c.Path, c.Status, c.Response, c.Request)
			}
		}
	})
	h.waitReady()
	return h
}

func (h *harness) waitReady() {
	h.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		res, err := http.Get(h.base + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	h.t.Fatal("server not ready")
}

// wait returns the first n deliveries to user, failing after d.
func (h *harness) wait(user string, n int, d time.Duration) []linesim.Delivery {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	got, err := h.api.WaitDeliveries(ctx, user, n)
	if err != nil {
		h.t.Fatalf("waiting for %d deliveries to %s: %v (have %d)", n, user, err, len(h.api.Deliveries(user)))
	}
	return got
}

// quiet asserts no more than n deliveries reach user within d.
func (h *harness) quiet(user string, n int, d time.Duration) {
	h.t.Helper()
	time.Sleep(d)
	if got := h.api.Deliveries(user); len(got) != n {
		h.t.Fatalf("%s has %d deliveries, want exactly %d", user, len(got), n)
	}
}
