package flow_test

import (
	"os"
	"testing"
	"time"

	"github.com/n-csw/tsunagu/internal/flow"
	"github.com/n-csw/tsunagu/internal/flow/flowtest"
)

func TestCheckShipped(t *testing.T) {
	start := time.Now()
	r := flow.Check(os.DirFS("../../flows"), flowtest.NewDirectory(), monday10)
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
