package flow

import (
	"os"
	"testing"
	"time"
)

func TestCheckShipped(t *testing.T) {
	start := time.Now()
	r := Check(os.DirFS("../../flows"), newFakeDir(), monday10)
	t.Logf("explored %d states, %d turns in %v", r.States, r.Turns, time.Since(start))
	for _, p := range r.Errors {
		t.Errorf("%s", p)
	}
	for _, p := range r.Warnings {
		t.Logf("warning: %s", p)
	}
	if r.States < 50 {
		t.Errorf("explored only %d states", r.States)
	}
}
