package loadtest

import (
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestPostbackData(t *testing.T) {
	m := &mix{avoid: DefaultAvoid}
	msgs := []json.RawMessage{
		json.RawMessage(`{"type":"text","text":"x","quickReply":{"items":[{"type":"action","action":{"type":"postback","label":"a","data":"v1:a:main.theme:care"}},{"type":"action","action":{"type":"postback","label":"s","data":"v1:a:main.offer:staff"}}]}}`),
		json.RawMessage(`{"type":"flex","altText":"x","contents":{"type":"bubble","footer":{"type":"box","layout":"vertical","contents":[{"type":"button","action":{"type":"uri","label":"tel","uri":"tel:0424975061"}},{"type":"button","action":{"type":"postback","label":"p","data":"v1:e:places:houkatsu"}},{"type":"button","action":{"type":"postback","label":"h","data":"v1:e:handoff:houkatsu"}}]}}}`),
		json.RawMessage(`not json`),
	}
	got := m.choices(msgs)
	want := []string{"v1:a:main.theme:care", "v1:e:places:houkatsu"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("choices mismatch (-want +got):\n%s", diff)
	}
}

func TestLimits(t *testing.T) {
	ok := &Report{Rate: 100, Sent: 1000, Accepted: 1000, AcceptedPerSec: 99, Ack: Latency{P99: 20}, Answer: Latency{P99: 200}}
	tests := []struct {
		name   string
		change func(r *Report)
		failed bool
	}{
		{"sustained", func(r *Report) {}, false},
		{"errors", func(r *Report) { r.Errors = 2 }, true},
		{"one error in a thousand", func(r *Report) { r.Errors = 1 }, false},
		{"lost", func(r *Report) { r.Lost = 1 }, true},
		{"slow ack", func(r *Report) { r.Ack.P99 = 1500 }, true},
		{"slow answer", func(r *Report) { r.Answer.P99 = 2500 }, true},
		{"falling behind", func(r *Report) { r.AcceptedPerSec = 80 }, true},
	}
	for _, tc := range tests {
		r := *ok
		tc.change(&r)
		if why := (Limits{}).Check(&r); (why != "") != tc.failed {
			t.Errorf("%s: Check = %q", tc.name, why)
		}
	}
	steps := []Step{{Report: &Report{AcceptedPerSec: 100}}, {Report: &Report{AcceptedPerSec: 190}}, {Report: &Report{AcceptedPerSec: 250}, Failed: "x"}}
	if got := MaxSustained(steps); got != 190 {
		t.Errorf("MaxSustained = %v, want 190", got)
	}
}

func TestProcessFigures(t *testing.T) {
	pid := os.Getpid()
	if rss, err := PeakRSS(pid); err != nil || rss < 1<<20 {
		t.Errorf("PeakRSS = %d, %v", rss, err)
	}
	busy := time.Now()
	for time.Since(busy) < 50*time.Millisecond {
	}
	if cpu, err := ProcessCPU(pid); err != nil || cpu <= 0 {
		t.Errorf("ProcessCPU = %v, %v", cpu, err)
	}
	m, err := ReadMachineCPU()
	if err != nil || m.CPUs < 1 || m.Total <= m.Busy {
		t.Errorf("ReadMachineCPU = %+v, %v", m, err)
	}
	if _, err := PeakRSS(-1); err == nil {
		t.Errorf("PeakRSS of no process succeeded")
	}
}
