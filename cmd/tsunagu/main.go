// Command tsunagu is the LINE front door for consultations of the
// 西東京市社会福祉協議会. main only wires: configuration → packages → run.
// Each subcommand lives in its own cmd_*.go file and registers itself.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

// env is what a subcommand may touch of the process.
type env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
}

// command is one subcommand.
type command struct {
	name  string
	usage string
	run   func(ctx context.Context, e env, args []string) error
}

var commands = map[string]command{}

// register adds a subcommand; called from init in cmd_*.go.
func register(c command) { commands[c.name] = c }

// errUsage makes main print the usage and exit 2.
var errUsage = errors.New("usage")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
	os.Exit(run(ctx, e, os.Args[1:]))
}

func run(ctx context.Context, e env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(e.Stderr)
		return 2
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(e.Stderr, "tsunagu: unknown command %q\n\n", args[0])
		usage(e.Stderr)
		return 2
	}
	if err := c.run(ctx, e, args[1:]); err != nil {
		if errors.Is(err, errUsage) {
			fmt.Fprintf(e.Stderr, "usage: tsunagu %s\n", c.usage)
			return 2
		}
		fmt.Fprintf(e.Stderr, "tsunagu %s: %v\n", c.name, err)
		return 1
	}
	return 0
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: tsunagu COMMAND [ARGS]\n\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %s\n", commands[n].usage)
	}
}
