package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/n-csw/tsunagu/internal/linesim"
	"github.com/n-csw/tsunagu/internal/loadtest"
)

func init() {
	register(command{name: "loadtest", usage: "loadtest [-url URL] [-rate N] [-duration D] [-residents N] [-ramp R1,R2,…] [-json]  drive a running server through the LINE simulator", run: loadtestCmd})
}

// loadtestCmd serves a simulated Messaging API on -listen, waits for the
// server under test (started with LINE_API_BASE_URL pointing there), and
// sends signed webhooks at a fixed rate, or at rising rates with -ramp.
func loadtestCmd(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	base := fs.String("url", "http://localhost:8080", "base URL of the server under test")
	path := fs.String("webhook", "/line/webhook", "webhook path on the server")
	rate := fs.Float64("rate", 100, "events per second")
	duration := fs.Duration("duration", 30*time.Second, "how long to send")
	residents := fs.Int("residents", 1000, "simulated residents (each writes every residents/rate seconds)")
	secret := fs.String("secret", e.Getenv("LINE_CHANNEL_SECRET"), "the server's LINE_CHANNEL_SECRET (default from the environment)")
	token := fs.String("token", "", "access token the server sends (its LINE_CHANNEL_ACCESS_TOKEN; default from the environment, else loadtest-token)")
	listen := fs.String("listen", "127.0.0.1:8091", "address of the simulated Messaging API (the server's LINE_API_BASE_URL)")
	ramp := fs.String("ramp", "", "comma-separated rates to run in turn until one is not sustained (overrides -rate)")
	warmup := fs.Duration("warmup", 5*time.Second, "unreported warm-up at the first rate")
	redeliver := fs.Int("redeliver", 0, "post a webhook the server did not accept again up to N times, as LINE does with redelivery on")
	drain := fs.Duration("drain", 30*time.Second, "how long to wait for outstanding answers")
	wait := fs.Duration("wait", 60*time.Second, "how long to wait for the server's /readyz")
	dbURL := fs.String("db-url", "", "the server's DATABASE_URL, to report the CPU time of its PostgreSQL backends (same machine)")
	vacuum := fs.Duration("vacuum", 0, "run VACUUM ANALYZE on -db-url at this interval during the run, as autovacuum would (for a cluster with autovacuum off)")
	analyze := fs.Bool("analyze", false, "run ANALYZE on -db-url after the warm-up, as autovacuum would (for a cluster with autovacuum off)")
	dbCmd := fs.String("db-process", "", "command name of database processes (e.g. postgres) to report their CPU time")
	pid := fs.Int("pid", 0, "process ID of the server, to report its CPU time and peak RSS")
	maxAck := fs.Duration("max-ack-p99", time.Second, "ramp: highest acknowledgement p99 of a sustained rate")
	maxAnswer := fs.Duration("max-answer-p99", 2*time.Second, "ramp: highest answer p99 of a sustained rate")
	asJSON := fs.Bool("json", false, "write the report as JSON")
	seed := fs.Uint64("seed", 0, "random seed of the message mix (0: random)")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() > 0 {
		return errUsage
	}
	if *secret == "" {
		return errors.New("-secret (or LINE_CHANNEL_SECRET) must be the server's channel secret")
	}
	if *token == "" {
		*token = e.Getenv("LINE_CHANNEL_ACCESS_TOKEN")
	}
	if *token == "" {
		*token = "loadtest-token"
	}
	rates, err := parseRates(*ramp, *rate)
	if err != nil {
		return err
	}

	api := linesim.NewAPI(linesim.Options{AccessToken: *token, RateLimits: map[string]int{},
		MaxDeliveries: max(2**residents, 1000), MaxCalls: 1000})
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return fmt.Errorf("listen on -listen %s: %w", *listen, err)
	}
	srv := &http.Server{Handler: api.Handler(), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	apiURL := "http://" + ln.Addr().String()
	fmt.Fprintf(e.Stderr, "simulated Messaging API on %s: start the server with LINE_API_BASE_URL=%s LINE_CHANNEL_ACCESS_TOKEN=%s\n", apiURL, apiURL, *token)

	root := strings.TrimRight(*base, "/")
	wctx, cancel := context.WithTimeout(ctx, *wait)
	_, err = loadtest.WaitReady(wctx, root+"/readyz", time.Now())
	cancel()
	if err != nil {
		return fmt.Errorf("server not ready: %w", err)
	}
	o := loadtest.Options{WebhookURL: root + *path, Secret: *secret, API: api, Rate: rates[0], Duration: *warmup,
		Residents: *residents, Drain: *drain, Seed: *seed, PID: *pid, Redeliveries: *redeliver}
	switch {
	case *dbURL != "":
		o.DBPIDs = func() []int { return loadtest.BackendPIDs(ctx, *dbURL) }
	case *dbCmd != "":
		o.DBPIDs = func() []int { pids, _ := loadtest.PIDsOf(*dbCmd); return pids }
	}
	if *warmup > 0 {
		fmt.Fprintf(e.Stderr, "warm-up: %.0f events/s for %s\n", rates[0], *warmup)
		if _, err := loadtest.Run(ctx, o); err != nil {
			return err
		}
	}
	if *analyze && *dbURL != "" {
		if err := loadtest.Analyze(ctx, *dbURL); err != nil {
			return err
		}
	}
	o.Duration = *duration
	if *vacuum > 0 && *dbURL != "" {
		vctx, stop := context.WithCancel(ctx)
		defer stop()
		go loadtest.VacuumEvery(vctx, *dbURL, *vacuum, e.Stderr)
	}
	if !*asJSON {
		o.Progress = e.Stderr
	}
	if *ramp == "" {
		r, err := loadtest.Run(ctx, o)
		if err != nil {
			return err
		}
		if err := writeReport(e, *asJSON, r); err != nil {
			return err
		}
		if !r.OK() {
			return errors.New("not every event was accepted and answered exactly once in order")
		}
		return nil
	}
	limits := loadtest.Limits{MaxAckP99: *maxAck, MaxAnswerP99: *maxAnswer}
	steps, err := loadtest.Ramp(ctx, o, rates, limits, 5*time.Second)
	if *asJSON {
		enc := json.NewEncoder(e.Stdout)
		enc.SetIndent("", "  ")
		if jerr := enc.Encode(map[string]any{"steps": steps, "max_sustained_per_s": loadtest.MaxSustained(steps)}); jerr != nil {
			return jerr
		}
	} else {
		for _, s := range steps {
			s.Report.WriteText(e.Stdout)
			verdict := "sustained"
			if s.Failed != "" {
				verdict = "NOT sustained: " + s.Failed
			}
			fmt.Fprintf(e.Stdout, "verdict   %s\n\n", verdict)
		}
		fmt.Fprintf(e.Stdout, "max sustained: %.0f events/s\n", loadtest.MaxSustained(steps))
	}
	return err
}

func writeReport(e env, asJSON bool, r *loadtest.Report) error {
	if !asJSON {
		r.WriteText(e.Stdout)
		return nil
	}
	enc := json.NewEncoder(e.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// parseRates reads -ramp's list, or returns the single -rate.
func parseRates(list string, single float64) ([]float64, error) {
	if strings.TrimSpace(list) == "" {
		if single <= 0 {
			return nil, errors.New("-rate must be positive")
		}
		return []float64{single}, nil
	}
	var out []float64
	for _, f := range strings.Split(list, ",") {
		v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil || v <= 0 {
			return nil, fmt.Errorf("-ramp: %q is not a positive rate", f)
		}
		out = append(out, v)
	}
	return out, nil
}
