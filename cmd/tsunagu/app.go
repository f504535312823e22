package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"sync"
	"time"

	"github.com/n-csw/tsunagu/internal/bot"
	"github.com/n-csw/tsunagu/internal/config"
	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/directory"
	"github.com/n-csw/tsunagu/internal/line"
	"github.com/n-csw/tsunagu/internal/metrics"
	"github.com/n-csw/tsunagu/internal/outbox"
	"github.com/n-csw/tsunagu/internal/store/postgres"
	"github.com/n-csw/tsunagu/internal/store/sqlite"
)

// store is everything the app uses of a store. Optional parts (wire_*.go)
// assert the further methods they need; both stores implement them all.
type store interface {
	bot.Store
	bot.CaseStore
	outbox.Store
}

var (
	_ store = (*postgres.DB)(nil)
	_ store = (*sqlite.DB)(nil)
)

// openStore opens PostgreSQL when DATABASE_URL is set, else the embedded
// database in TSUNAGU_DATA_DIR; both apply migrations.
func openStore(ctx context.Context, cfg config.Config) (store, error) {
	if cfg.DatabaseURL != "" {
		return postgres.Open(ctx, cfg.DatabaseURL)
	}
	return sqlite.Open(ctx, cfg.DataDir)
}

// app is one running tsunagu: HTTP server, turn processor, outbox.
type app struct {
	cfg       config.Config
	log       *slog.Logger
	metrics   *metrics.Metrics
	store     store
	processor *bot.Processor
	lineOut   *outbox.Dispatcher
	mux       *http.ServeMux
	conv      bot.Conversation
	dir       *directory.Directory
	// cases applies staff actions (Slack buttons, console).
	cases *bot.Cases
	// botOpts are the options the bot and the case service share.
	botOpts bot.Options
	// extra are more background loops (Slack outbox and timers, retention …).
	extra []func(ctx context.Context) error
	// flushers deliver what is due at shutdown, within the deadline.
	flushers []func(ctx context.Context) error
}

// appDeps are the parts main chooses.
type appDeps struct {
	conv bot.Conversation
	dir  *directory.Directory
	// Workers overrides the number of parallel residents (0 = default).
	Workers int
	// LINETimeout bounds one Messaging API call (default 10 s).
	LINETimeout time.Duration
	// SlowTurn is when the loading animation shows (default 1 s).
	SlowTurn time.Duration
}

// wirers add optional parts to the app (Slack, console), each from its own
// wire_*.go file; they run in newApp after the core is wired.
var wirers []func(ctx context.Context, a *app) error

func newLogger(cfg config.Config, w *os.File) *slog.Logger {
	var lvl slog.Level
	_ = lvl.UnmarshalText([]byte(cfg.LogLevel))
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: lvl}))
}

// defaultMemoryLimit is the Go heap's soft limit when GOMEMLIMIT is not set:
// Kagome's dictionary is about 90 MB of live heap, and without a limit the
// garbage collector lets the heap grow to twice the live size under load
// (RSS above 300 MB at 500 events/s); with it, RSS stays below 300 MB for a
// little more GC work near the limit.
const defaultMemoryLimit = 256 << 20

// newApp wires the packages. The caller closes app.store.
func newApp(ctx context.Context, cfg config.Config, log *slog.Logger, deps appDeps) (*app, error) {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	m := metrics.New()
	if deps.LINETimeout == 0 {
		deps.LINETimeout = 10 * time.Second
	}
	sender, err := line.NewSender(cfg.LINEAccessToken, cfg.LINEAPIBaseURL, deps.LINETimeout, m, log)
	if err != nil {
		st.Close()
		return nil, err
	}
	a := &app{cfg: cfg, log: log, metrics: m, store: st, mux: http.NewServeMux(), conv: deps.conv, dir: deps.dir}
	a.botOpts = bot.Options{Slack: cfg.Slack(), FollowUpAfter: cfg.FollowUpAfter}
	owner := ownerName()
	a.lineOut = outbox.New(st, map[consult.OutboxKind]outbox.Deliverer{
		consult.OutLINEReply: sender, consult.OutLINEPush: sender,
	}, outbox.Options{Owner: owner + "/line", Lease: deps.LINETimeout + 5*time.Second}, m, log)
	b := bot.New(deps.conv, a.botOpts)
	a.processor = bot.NewProcessor(st, b, sender, a.lineOut.Wake, m, log, bot.ProcessorOptions{Workers: deps.Workers, SlowTurn: deps.SlowTurn})
	a.cases = bot.NewCases(st, deps.conv, a.botOpts)
	a.flushers = append(a.flushers, a.lineOut.Flush)

	a.mux.Handle("POST /line/webhook", line.NewWebhook(cfg.LINEChannelSecret, a.processor, m, log))
	a.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte("ok\n"))
	})
	a.mux.HandleFunc("GET /readyz", a.ready)
	a.mux.Handle("GET /metrics", m.Handler())
	for _, w := range wirers {
		if err := w(ctx, a); err != nil {
			st.Close()
			return nil, err
		}
	}
	return a, nil
}

// ready answers 200 when the database is reachable and migrated.
func (a *app) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain")
	if err := a.store.Ready(ctx); err != nil {
		a.log.WarnContext(ctx, "not ready", "error", err.Error())
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database not ready\n"))
		return
	}
	_, _ = w.Write([]byte("ready\n"))
}

// ownerName identifies this process in outbox leases.
func ownerName() string {
	host, _ := os.Hostname()
	var b [4]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}

// run serves on ln until ctx ends, then shuts down gracefully: stop
// accepting, finish in-flight turns, flush the outbox within the bound.
func (a *app) run(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{Handler: a.mux, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: 90 * time.Second}
	workCtx, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()
	var wg sync.WaitGroup
	loops := append([]func(context.Context) error{a.processor.Run, a.lineOut.Run}, a.extra...)
	for _, loop := range loops {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := loop(workCtx); err != nil {
				a.log.Error("background loop stopped", "error", err.Error())
			}
		}()
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	a.log.Info("tsunagu serving", "addr", ln.Addr().String())

	var err error
	select {
	case <-ctx.Done():
	case err = <-serveErr:
	}
	a.log.Info("shutting down", "timeout", a.cfg.ShutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), a.cfg.ShutdownTimeout)
	defer cancel()
	if serr := srv.Shutdown(sctx); serr != nil {
		a.log.Warn("http shutdown", "error", serr.Error())
	}
	// Workers finish the turn they are in; queued residents stay pending in
	// the database for the next start.
	stopWork()
	wg.Wait()
	for _, flush := range a.flushers {
		if ferr := flush(sctx); ferr != nil {
			a.log.Warn("outbox not flushed before the deadline", "error", ferr.Error())
		}
	}
	a.log.Info("stopped")
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}
