package main

import (
	"context"
	"fmt"
	"net"
	"os"

	"github.com/n-csw/tsunagu/internal/config"
)

func init() {
	register(command{name: "serve", usage: "serve    run the production server (configured by environment, see README)", run: serve})
	register(command{name: "migrate", usage: "migrate  apply database migrations and exit", run: migrate})
}

func serve(ctx context.Context, e env, args []string) error {
	if len(args) > 0 {
		return errUsage
	}
	cfg, err := config.Load(e.Getenv)
	if err != nil {
		return fmt.Errorf("configuration:\n%w", err)
	}
	if err := cfg.Serve(); err != nil {
		return fmt.Errorf("configuration:\n%w", err)
	}
	log := newLogger(cfg, os.Stderr)
	conv, dir, err := loadConversation(nil)
	if err != nil {
		return err
	}
	a, err := newApp(ctx, cfg, log, appDeps{conv: conv, dir: dir})
	if err != nil {
		return err
	}
	defer a.store.Close()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on TSUNAGU_ADDR=%s: %w", cfg.Addr, err)
	}
	return a.run(ctx, ln)
}

func migrate(ctx context.Context, e env, args []string) error {
	if len(args) > 0 {
		return errUsage
	}
	cfg, err := config.Load(e.Getenv)
	if err != nil {
		return fmt.Errorf("configuration:\n%w", err)
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Ready(ctx); err != nil {
		return err
	}
	fmt.Fprintln(e.Stdout, "migrations applied")
	return nil
}
