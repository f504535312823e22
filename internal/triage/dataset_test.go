package triage

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestDataset scores the labelled splits in testdata/triage against the
// goals of issue 3. dev.jsonl is what the lexicons were tuned on;
// heldout.jsonl (when present) is the honest test. Run with -v to see the
// figures, or `tsunagu eval -misses FILE` for the wrong rows.
func TestDataset(t *testing.T) {
	for _, name := range []string{"dev.jsonl", "heldout.jsonl"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("..", "..", "testdata", "triage", name)
			f, err := os.Open(path)
			if os.IsNotExist(err) {
				t.Skipf("%s absent: nothing to score", path)
			}
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
			for _, f := range rep.Failures() {
				t.Errorf("%s: %s", name, f)
			}
		})
	}
}
