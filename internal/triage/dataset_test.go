package triage

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
)

var updateFloors = flag.Bool("update-floors", false, "rewrite testdata/triage/floors.tsv with today's figures")

const floorsFile = "floors.tsv"

// The figures a split's floor is kept for. A false-alarm floor is a
// ceiling: the rate may not rise above it.
var floorMetrics = []struct {
	name    string
	value   func(*Report) float64
	ceiling bool
}{
	{"channel_accuracy", func(r *Report) float64 { return r.Accuracy }, false},
	{"crisis_recall", func(r *Report) float64 { return r.CrisisRecall }, false},
	{"crisis_false_alarm", func(r *Report) float64 { return r.FalseAlarmRate }, true},
	{"unclear_detected", func(r *Report) float64 { return r.UnclearRecall }, false},
	{"urgent_recall", func(r *Report) float64 { return r.UrgentRecall }, false},
}

// TestDataset scores the tuning splits. dev.jsonl is what the lexicons
// were first tuned on and must meet every goal of issue 3; dev2 … devN
// (every testdata/triage/dev*.jsonl) were written later, each without
// seeing dict/ or the other splits, to widen the wording, and must not fall
// below their floors.
// Run with -v to see the figures, or `tsunagu eval --misses FILE` for the
// wrong rows.
func TestDataset(t *testing.T) {
	floors := readFloors(t)
	names, _ := tuningSplits(t)
	// The splits are scored in parallel (the triager is safe for that),
	// inside one group so that the floors are saved after all of them.
	t.Run("splits", func(t *testing.T) {
		for _, name := range names {
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				rep := score(t, name)
				if name == "dev.jsonl" {
					for _, f := range rep.Failures() {
						t.Errorf("dev.jsonl: %s", f)
					}
				}
				floors.check(t, name, rep)
			})
		}
	})
	floors.save(t)
}

// TestHeldOut scores the held-out splits, which no lexicon was tuned on.
// Their figures are the honest ones (README.md quotes them). The goals of
// issue 3 are not all met there yet: the gap is logged, and the test fails
// when a change makes any figure worse than the recorded floor — so a
// lexicon edit that helps the tuning data by overfitting it, at the cost of
// new messages, is caught. Raise the floors with -update-floors after an
// improvement, never lower them to make a change pass.
func TestHeldOut(t *testing.T) {
	floors := readFloors(t)
	paths, err := filepath.Glob(filepath.Join("..", "..", "testdata", "triage", "heldout*.jsonl"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no held-out splits: %v", err)
	}
	t.Run("splits", func(t *testing.T) {
		for _, p := range paths {
			name := filepath.Base(p)
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				rep := score(t, name)
				for _, f := range rep.Failures() {
					t.Logf("%s: goal not met yet: %s", name, f)
				}
				floors.check(t, name, rep)
			})
		}
	})
	floors.save(t)
}

func score(t *testing.T, name string) *Report {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "triage", name)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := ReadRows(f)
	if err != nil {
		t.Fatal(err)
	}
	rep := Evaluate(rows, triager(t))
	var buf bytes.Buffer
	rep.WriteText(&buf, false)
	t.Logf("%s:\n%s", name, buf.String())
	return &rep
}

// floorTable maps "split metric" to the recorded floor.
type floorTable struct {
	mu      sync.Mutex // check runs in parallel subtests
	path    string
	values  map[string]float64
	changed bool
}

func readFloors(t *testing.T) *floorTable {
	t.Helper()
	ft := &floorTable{path: filepath.Join("..", "..", "testdata", "triage", floorsFile), values: map[string]float64{}}
	data, err := os.ReadFile(ft.path)
	if os.IsNotExist(err) && *updateFloors {
		return ft
	}
	if err != nil {
		t.Fatalf("%v (create it with go test ./internal/triage -run 'TestDataset|TestHeldOut' -update-floors)", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "split\t") {
			continue
		}
		parts := strings.Split(line, "\t")
		if len(parts) != 3 {
			t.Fatalf("%s:%d: want split, metric, value", ft.path, n)
		}
		v, err := strconv.ParseFloat(parts[2], 64)
		if err != nil {
			t.Fatalf("%s:%d: %v", ft.path, n, err)
		}
		ft.values[parts[0]+" "+parts[1]] = v
	}
	return ft
}

func (ft *floorTable) check(t *testing.T, split string, rep *Report) {
	t.Helper()
	ft.mu.Lock()
	defer ft.mu.Unlock()
	const eps = 1e-9
	for _, m := range floorMetrics {
		got := m.value(rep)
		key := split + " " + m.name
		if *updateFloors {
			// Rounded towards the safe side so that today's figure passes.
			if m.ceiling {
				got = math.Ceil(got*1e4) / 1e4
			} else {
				got = math.Floor(got*1e4) / 1e4
			}
			ft.values[key] = got
			ft.changed = true
			continue
		}
		floor, ok := ft.values[key]
		switch {
		case !ok:
			t.Errorf("%s: no floor recorded for %s (run with -update-floors)", split, m.name)
		case m.ceiling && got > floor+eps:
			t.Errorf("%s: %s rose to %.1f%% (ceiling %.1f%%)", split, m.name, 100*got, 100*floor)
		case !m.ceiling && got < floor-eps:
			t.Errorf("%s: %s fell to %.1f%% (floor %.1f%%)", split, m.name, 100*got, 100*floor)
		case !m.ceiling && got > floor+0.005 || m.ceiling && got < floor-0.005:
			t.Logf("%s: %s is %.1f%%, better than its floor %.1f%%: raise it with -update-floors", split, m.name, 100*got, 100*floor)
		}
	}
}

func (ft *floorTable) save(t *testing.T) {
	t.Helper()
	if !ft.changed {
		return
	}
	keys := make([]string, 0, len(ft.values))
	for k := range ft.values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("# Floors of the triage figures per split, checked by TestDataset and TestHeldOut\n")
	b.WriteString("# in internal/triage/dataset_test.go. crisis_false_alarm is a ceiling. Written by\n")
	b.WriteString("#   go test ./internal/triage -run 'TestDataset|TestHeldOut' -update-floors\n")
	b.WriteString("# after an improvement; never lowered to let a change pass.\n")
	b.WriteString("split\tmetric\tvalue\n")
	for _, k := range keys {
		split, metric, _ := strings.Cut(k, " ")
		fmt.Fprintf(&b, "%s\t%s\t%.4f\n", split, metric, ft.values[k])
	}
	if err := os.WriteFile(ft.path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
