package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/n-csw/tsunagu/internal/config"
)

func init() {
	register(command{name: "health", usage: "health   exit 0 when the local server answers /healthz (container HEALTHCHECK)", run: health})
}

// health asks the server on TSUNAGU_ADDR for /healthz; the container image
// has no shell or curl, so the binary checks itself.
func health(ctx context.Context, e env, args []string) error {
	cfg, err := config.Load(e.Getenv)
	if err != nil {
		return err
	}
	host, port, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		return fmt.Errorf("TSUNAGU_ADDR %q: %w", cfg.Addr, err)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort(host, port)+"/healthz", nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthz: %w", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("healthz: %s", strings.TrimSpace(res.Status))
	}
	return nil
}
