// Console part of the demo: it creates the "demo" coordinator with a new
// password at every start and prints the login.

package main

import (
	"context"
	"fmt"

	"github.com/n-csw/tsunagu/internal/console"
)

func init() { demoHooks = append(demoHooks, demoConsole) }

// demoConsoleUser is the coordinator account the demo logs in with.
const demoConsoleUser = "demo"

// demoConsole gives the demo coordinator a fresh password and prints it
// with the console's address.
func demoConsole(ctx context.Context, a *app, e env) error {
	st, err := asConsoleStore(a.store)
	if err != nil {
		return err
	}
	pw, err := console.EnsureDemoUser(ctx, st, demoConsoleUser)
	if err != nil {
		return fmt.Errorf("demo console account: %w", err)
	}
	fmt.Fprintf(e.Stdout, "  console (coordinators):               %s/console/\n", a.cfg.BaseURL)
	fmt.Fprintf(e.Stdout, "      name %s   password %s   (new at every start)\n", demoConsoleUser, pw)
	return nil
}
