package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/n-csw/tsunagu/flows"
	"github.com/n-csw/tsunagu/internal/directory"
	"github.com/n-csw/tsunagu/internal/flow"
	"github.com/n-csw/tsunagu/internal/flow/flowdir"
	"github.com/n-csw/tsunagu/internal/richmenu"
)

func init() {
	register(command{name: "flows", usage: "flows check [DIR]", run: runFlows})
}

// openDirectory loads the channel directory (flows/channels.yaml); tests
// of the flow fixtures replace it with a small test directory.
var openDirectory = func(fsys fs.FS) (flow.CheckDirectory, error) {
	d, err := directory.Load(fsys)
	if err != nil {
		return nil, err
	}
	return flowdir.Wrap(d), nil
}

// runFlows validates the flows and the directory: `tsunagu flows check
// [DIR]`, DIR defaulting to ./flows when it exists, else the embedded flows.
func runFlows(_ context.Context, e env, args []string) error {
	if len(args) < 1 || len(args) > 2 || args[0] != "check" {
		return errUsage
	}
	var fsys fs.FS = flows.FS
	where := "embedded flows"
	if len(args) == 2 {
		fsys, where = os.DirFS(args[1]), args[1]
	} else if st, err := os.Stat("flows"); err == nil && st.IsDir() {
		fsys, where = os.DirFS("flows"), "flows"
	}
	d, err := openDirectory(fsys)
	if err != nil {
		return fmt.Errorf("check %s: directory: %w", where, err)
	}
	r := flow.Check(fsys, d, time.Now())
	for _, p := range richmenu.Check(fsys) { // flows/richmenu.yaml, when there is one
		r.Errors = append(r.Errors, flow.Problem{File: richmenu.File, Field: p.Field, Rule: p.Rule, Msg: p.Msg})
	}
	for _, p := range r.Errors {
		fmt.Fprintln(e.Stdout, p)
	}
	if len(r.Warnings) > 0 {
		fmt.Fprintln(e.Stdout, "warnings:")
		for _, p := range r.Warnings {
			fmt.Fprintln(e.Stdout, "  "+p.String())
		}
	}
	fmt.Fprintf(e.Stdout, "flows check %s: %d errors, %d warnings (%d states, %d turns explored)\n",
		where, len(r.Errors), len(r.Warnings), r.States, r.Turns)
	if len(r.Errors) > 0 {
		return fmt.Errorf("%s: %d errors", where, len(r.Errors))
	}
	return nil
}
