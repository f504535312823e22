package main

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/n-csw/tsunagu/internal/flow"
	"github.com/n-csw/tsunagu/internal/flow/flowtest"
)

// withTestDirectory makes flows check use the test directory.
func withTestDirectory(t *testing.T) {
	t.Helper()
	prev := openDirectory
	openDirectory = func(fs.FS) (flow.CheckDirectory, error) { return flowtest.NewDirectory(), nil }
	t.Cleanup(func() { openDirectory = prev })
}

func runCmd(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(context.Background(), env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}, args)
	return code, out.String(), errb.String()
}

// TestFlowsCheckShipped runs the check on the shipped flows with the
// shipped channel directory, as CI and the Docker build do.
func TestFlowsCheckShipped(t *testing.T) {
	code, out, errOut := runCmd("flows", "check", "../../flows")
	if code != 0 {
		t.Fatalf("flows check on the shipped flows: exit %d\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out, "0 errors") || !strings.Contains(out, "stale-entry") {
		t.Errorf("missing summary or stale warning:\n%s", out)
	}
}

// TestFlowsCheckFixtures: every fixture directory of testdata/flows but
// "ok" breaks one rule, named by the directory; the check must fail on it
// and print that rule as file:step: rule: message.
func TestFlowsCheckFixtures(t *testing.T) {
	withTestDirectory(t)
	dirs, err := os.ReadDir("../../testdata/flows")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range dirs {
		if !d.IsDir() || d.Name() == "golden" {
			continue
		}
		n++
		name := d.Name()
		t.Run(name, func(t *testing.T) {
			code, out, errOut := runCmd("flows", "check", filepath.Join("../../testdata/flows", name))
			if name == "ok" {
				if code != 0 {
					t.Fatalf("exit %d on the valid fixture:\n%s%s", code, out, errOut)
				}
				return
			}
			if code != 1 {
				t.Fatalf("exit %d, want 1:\n%s%s", code, out, errOut)
			}
			errorsPart, _, _ := strings.Cut(out, "warnings:")
			if !strings.Contains(errorsPart, "flows.yaml") || !strings.Contains(errorsPart, ": "+name+": ") {
				t.Errorf("no %s error in the output:\n%s", name, out)
			}
		})
	}
	if n < 20 {
		t.Errorf("only %d fixtures", n)
	}
}

func TestFlowsCheckUsage(t *testing.T) {
	if code, _, _ := runCmd("flows"); code != 2 {
		t.Errorf("flows without check: exit %d, want 2", code)
	}
	if code, _, _ := runCmd("flows", "check", "a", "b"); code != 2 {
		t.Errorf("two dirs: exit %d, want 2", code)
	}
}
