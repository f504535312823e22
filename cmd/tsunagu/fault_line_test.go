package main

import (
	"testing"
	"time"

	"github.com/n-csw/tsunagu/internal/linesim"
	"github.com/n-csw/tsunagu/internal/loadtest"
	"github.com/n-csw/tsunagu/internal/store/postgres/pgtest"
)

// TestFaultMessagingAPI makes the Messaging API fail under load in every
// way LINE can: 500s, 429s with Retry-After, answers slower than the
// sender's timeout (without and after delivering: the ambiguous case).
// Each answer is retried until it gets through, and none is doubled.
func TestFaultMessagingAPI(t *testing.T) {
	if testing.Short() {
		t.Skip("load")
	}
	for _, store := range []string{"sqlite", "postgres"} {
		t.Run(store, func(t *testing.T) {
			env := map[string]string{}
			if store == "postgres" {
				env["DATABASE_URL"] = pgtest.URL(t)
			}
			h := newHarness(t, harnessOpts{env: env, deps: appDeps{LINETimeout: time.Second}})
			faults := []linesim.Fault{
				{Endpoint: "reply", Status: 500, Times: 15},
				{Endpoint: "reply", Status: 429, RetryAfter: time.Second, Times: 10},
				{Endpoint: "reply", Delay: 1500 * time.Millisecond, Times: 4},                         // delivered after the sender's timeout
				{Endpoint: "reply", Delay: 1500 * time.Millisecond, ProcessThenDelay: true, Times: 4}, // delivered, then no answer in time
				{Endpoint: "reply", Status: 503, Times: 5},
				{Endpoint: "reply", Status: 503, Delay: 1500 * time.Millisecond, Times: 4}, // no answer in time, nothing delivered
			}
			inject := func() {
				for _, f := range faults {
					h.api.Inject(f)
				}
			}
			r := faultLoad(t, h.base+"/line/webhook", h.api, loadtest.Options{Rate: 40, Duration: 4 * time.Second, Residents: 20},
				500*time.Millisecond, inject)
			answeredOnce(t, r)
			if left := h.api.PendingFaults(); left > 0 {
				t.Errorf("%d injected faults were never hit", left)
			}
			// 34 errors; the 8 slow answers came after the sender gave up,
			// having delivered: the retry's "Invalid reply token" means
			// delivered, not "push it again".
			if r.APIFaults != 34 || r.APIRefused != 8 || r.ByPush != 0 {
				t.Errorf("%d faults answered (want 34), %d calls refused (want 8), %d answers pushed (want 0)", r.APIFaults, r.APIRefused, r.ByPush)
			}
		})
	}
}
