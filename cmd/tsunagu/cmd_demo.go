package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"strings"
	"time"

	"github.com/n-csw/tsunagu/flows"
	"github.com/n-csw/tsunagu/internal/config"
	"github.com/n-csw/tsunagu/internal/line"
	"github.com/n-csw/tsunagu/internal/linesim"
	"github.com/n-csw/tsunagu/internal/richmenu"
)

func init() {
	register(command{name: "demo", usage: "demo     everything on one laptop: embedded database, LINE simulator at /sim/, console", run: demo})
}

// demoHooks let optional parts add to the demo (the console's demo login).
var demoHooks []func(ctx context.Context, a *app, e env) error

// demo runs the server on the embedded database with the LINE simulator
// mounted at /sim/ (its fake Messaging API at /sim/line) and no Slack: the
// console inbox is where cases go. Secrets are made up for the session.
func demo(ctx context.Context, e env, args []string) error {
	if len(args) > 0 {
		return errUsage
	}
	getenv := func(k string) string {
		switch k {
		case "DATABASE_URL", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN":
			return "" // the demo needs no accounts
		}
		return e.Getenv(k)
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return fmt.Errorf("configuration:\n%w", err)
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on TSUNAGU_ADDR=%s: %w (is another tsunagu running? set TSUNAGU_ADDR=:8081)", cfg.Addr, err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	if e.Getenv("TSUNAGU_BASE_URL") == "" {
		cfg.BaseURL = fmt.Sprintf("http://localhost:%d", port)
	}
	cfg.LINEChannelSecret, cfg.LINEAccessToken = randomHex(16), randomHex(32)
	cfg.LINEAPIBaseURL = cfg.BaseURL + "/sim/line"

	conv, dir, err := loadConversation(nil)
	if err != nil {
		ln.Close()
		return err
	}
	log := newLogger(cfg, os.Stderr)
	a, err := newApp(ctx, cfg, log, appDeps{conv: conv, dir: dir})
	if err != nil {
		ln.Close()
		return err
	}
	defer a.store.Close()
	api := linesim.NewAPI(linesim.Options{AccessToken: cfg.LINEAccessToken, AccountName: "tsunagu"})
	client := &linesim.Client{WebhookURL: fmt.Sprintf("http://127.0.0.1:%d/line/webhook", port), ChannelSecret: cfg.LINEChannelSecret, API: api}
	a.mux.Handle("/sim/line/", api.Handler())
	a.mux.Handle("/sim/", linesim.NewChat(api, client, linesim.ChatOptions{}))
	go applyDemoRichMenu(ctx, cfg, a)

	fmt.Fprintf(e.Stdout, "\ntsunagu demo — embedded database in %s\n\n", cfg.DataDir)
	fmt.Fprintf(e.Stdout, "  LINE simulator (chat as a resident):  %s/sim/\n", cfg.BaseURL)
	for _, h := range demoHooks {
		if err := h(ctx, a, e); err != nil {
			ln.Close()
			return err
		}
	}
	fmt.Fprintf(e.Stdout, "  health / metrics:                     %s/healthz  %s/metrics\n\n", cfg.BaseURL, cfg.BaseURL)
	fmt.Fprintln(e.Stdout, strings.Repeat(" ", 2)+"Ctrl-C stops the demo.")
	return a.run(ctx, ln)
}

// applyDemoRichMenu puts the rich menu on the simulated account once the
// server answers, as `tsunagu richmenu apply` does on a real channel.
func applyDemoRichMenu(ctx context.Context, cfg config.Config, a *app) {
	m, err := richmenu.Load(flows.FS)
	if err != nil {
		a.log.Warn("demo rich menu not loaded", "error", err.Error())
		return
	}
	img, err := richmenu.PNG(m)
	if err != nil {
		a.log.Warn("demo rich menu not drawn", "error", err.Error())
		return
	}
	rm, err := line.NewRichMenus(cfg.LINEAccessToken, cfg.LINEAPIBaseURL, cfg.LINEAPIBaseURL, 10*time.Second)
	if err != nil {
		a.log.Warn("demo rich menu client", "error", err.Error())
		return
	}
	for i := 0; i < 50 && ctx.Err() == nil; i++ {
		if _, err = rm.Apply(ctx, m, img); err == nil {
			return
		}
		time.Sleep(100 * time.Millisecond) // the server is still starting
	}
	a.log.Warn("demo rich menu not applied", "error", err.Error())
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
