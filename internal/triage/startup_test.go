package triage

import (
	"runtime"
	"testing"
	"time"

	"github.com/n-csw/tsunagu/dict"
	"github.com/n-csw/tsunagu/internal/nlp"
)

// TestStartupCost measures what a process pays once: the IPA dictionary
// with the user dictionary, then the compiled lexicons (run with -v).
func TestStartupCost(t *testing.T) {
	if testing.Short() {
		t.Skip("measures start-up")
	}
	var m0, m1, m2 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	start := time.Now()
	an, err := nlp.New(dict.FS)
	if err != nil {
		t.Fatal(err)
	}
	analyzer := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&m1)
	start = time.Now()
	tr, err := New(an, dict.FS)
	if err != nil {
		t.Fatal(err)
	}
	lexicons := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&m2)
	t.Logf("analyzer (IPA + user dictionary): %v, heap +%.1f MB (the IPA dictionary is loaded once per process; it may already be loaded)", analyzer, mb(m1.HeapAlloc, m0.HeapAlloc))
	t.Logf("lexicons (%d entries): %v, heap +%.1f MB", tr.Terms(), lexicons, mb(m2.HeapAlloc, m1.HeapAlloc))
	t.Logf("heap in use after start-up: %.1f MB", float64(m2.HeapAlloc)/(1<<20))
	// About 0.5 s alone; the guard is for a pathological slowdown. The race
	// detector, with the other tests running beside it, makes it 3–10 s.
	limit := 5 * time.Second
	if raceDetector {
		limit = 20 * time.Second
	}
	if lexicons > limit {
		t.Errorf("compiling the lexicons took %v (limit %v)", lexicons, limit)
	}
	runtime.KeepAlive(tr)
}

func mb(a, b uint64) float64 {
	if a < b {
		return 0
	}
	return float64(a-b) / (1 << 20)
}
