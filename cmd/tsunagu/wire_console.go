package main

import (
	"context"
	"fmt"
	"time"

	"github.com/n-csw/tsunagu/internal/bot"
	"github.com/n-csw/tsunagu/internal/console"
	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/directory"
	"github.com/n-csw/tsunagu/internal/store/postgres"
	"github.com/n-csw/tsunagu/internal/store/sqlite"
)

func init() { wirers = append(wirers, wireConsole) }

// consoleStore is what the console needs of the store.
type consoleStore = console.Store

var (
	_ consoleStore  = (*postgres.DB)(nil)
	_ consoleStore  = (*sqlite.DB)(nil)
	_ console.Cases = (*bot.Cases)(nil)
)

// wireConsole serves /console/ and runs the daily retention job.
func wireConsole(_ context.Context, a *app) error {
	st, err := asConsoleStore(a.store)
	if err != nil {
		return err
	}
	srv, err := console.New(console.Options{Store: st, Cases: a.cases, Hours: directoryHours(a.dir),
		BaseURL: a.cfg.BaseURL, RetentionDays: a.cfg.RetentionDays, Slack: a.cfg.Slack(), Log: a.log})
	if err != nil {
		return fmt.Errorf("console: %w", err)
	}
	a.mux.Handle("/console/", srv)
	a.extra = append(a.extra, srv.RetentionLoop)
	return nil
}

// directoryHours says whether a channel's main place (its first in the
// directory) was open at t; unknown hours, or no directory, are unknown.
func directoryHours(d *directory.Directory) console.Hours {
	return func(ch consult.Channel, t time.Time) (bool, bool) {
		if d == nil {
			return false, false
		}
		places := d.Places(ch)
		if len(places) == 0 {
			return false, false
		}
		st := places[0].Hours.Status(t)
		return st.Open, !st.Unknown
	}
}

// asConsoleStore asserts the console's methods on the app's store.
func asConsoleStore(s store) (consoleStore, error) {
	st, ok := s.(consoleStore)
	if !ok {
		return nil, fmt.Errorf("console: the store %T lacks the console's methods", s)
	}
	return st, nil
}
