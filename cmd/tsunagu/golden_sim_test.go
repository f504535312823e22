package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/n-csw/tsunagu/internal/linesim"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestGoldenConversations plays every script of testdata/sim through the
// real app (triage, flows, directory, store, outbox) and the LINE
// simulator, and compares what the resident sees with the .golden file.
// Scripts: "> text" sends text, "> [tap] label" taps a button of the last
// answer, "> [follow]" adds the account, "> [sticker]" sends a sticker,
// "@ 2026-11-30T10:00:00+09:00" sets the clock, "# …" is a comment.
func TestGoldenConversations(t *testing.T) {
	scripts, err := filepath.Glob("../../testdata/sim/*.txt")
	if err != nil || len(scripts) == 0 {
		t.Fatalf("no scripts in testdata/sim: %v", err)
	}
	var clock atomic.Int64
	clock.Store(time.Date(2026, 11, 30, 10, 0, 0, 0, jst()).UnixNano())
	h := newHarness(t, harnessOpts{sim: linesim.Options{Now: func() time.Time { return time.Unix(0, clock.Load()) }}})
	for _, script := range scripts {
		name := strings.TrimSuffix(filepath.Base(script), ".txt")
		t.Run(name, func(t *testing.T) {
			h.t = t
			got := play(t, h, &clock, script)
			golden := strings.TrimSuffix(script, ".txt") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./cmd/tsunagu -run TestGoldenConversations -update)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("%s mismatch (-want +got):\n%s", name, diff)
			}
		})
	}
}

func jst() *time.Location { return time.FixedZone("JST", 9*60*60) }

func play(t *testing.T, h *harness, clock *atomic.Int64, script string) string {
	f, err := os.Open(script)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	u := linesim.UserID("golden-" + filepath.Base(script))
	var out bytes.Buffer
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
			out.WriteString(line + "\n")
			continue
		case strings.HasPrefix(line, "@ "):
			at, err := time.Parse(time.RFC3339, strings.TrimPrefix(line, "@ "))
			if err != nil {
				t.Fatalf("%s: %v", line, err)
			}
			clock.Store(at.UnixNano())
			out.WriteString(line + "\n")
			continue
		case !strings.HasPrefix(line, "> "):
			t.Fatalf("bad script line %q", line)
		}
		out.WriteString(line + "\n")
		before := len(h.api.Deliveries(u))
		in := strings.TrimPrefix(line, "> ")
		switch {
		case in == "[follow]":
			if _, err := h.client.Follow(context.Background(), u); err != nil {
				t.Fatal(err)
			}
		case in == "[sticker]":
			if _, err := h.client.Sticker(context.Background(), u, "1", "1"); err != nil {
				t.Fatal(err)
			}
		case strings.HasPrefix(in, "[tap] "):
			h.tapOnly(u, strings.TrimPrefix(in, "[tap] "))
		default:
			if _, err := h.client.Text(context.Background(), u, in); err != nil {
				t.Fatal(err)
			}
		}
		// Wait for the answer; a quiet bot (a case open with staff) gives none.
		deadline := time.Now().Add(3 * time.Second)
		for len(h.api.Deliveries(u)) == before && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		time.Sleep(30 * time.Millisecond)
		ds := h.api.Deliveries(u)
		if len(ds) == before {
			out.WriteString("< (no answer)\n")
		}
		for _, d := range ds[before:] {
			out.WriteString(renderDelivery(d))
		}
	}
	return out.String()
}

// tapOnly sends what LINE sends for the button label of the last answer.
func (h *harness) tapOnly(user, label string) {
	h.t.Helper()
	a := h.findButton(user, label)
	var err error
	switch a["type"] {
	case "postback":
		_, err = h.client.Postback(context.Background(), user, fmt.Sprint(a["data"]))
	case "message":
		_, err = h.client.Text(context.Background(), user, fmt.Sprint(a["text"]))
	default:
		h.t.Fatalf("button %q is a %v action", label, a["type"])
	}
	if err != nil {
		h.t.Fatal(err)
	}
}
