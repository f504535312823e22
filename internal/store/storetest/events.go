package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/n-csw/tsunagu/internal/consult"
)

func ids(evs []consult.InboundEvent) []string {
	out := []string{}
	for _, e := range evs {
		out = append(out, e.ID)
	}
	return out
}

func testRecordEventsDedupes(t *testing.T, s Store) {
	c := ctx(t)
	if got := must(s.RecordEvents(c, nil)); len(got) != 0 {
		t.Fatalf("RecordEvents(nil) = %v, want nothing", got)
	}
	a, b := event("E1", "U1", 1, "a"), event("E2", "U1", 2, "b")
	got := must(s.RecordEvents(c, []consult.InboundEvent{a, b, a}))
	if diff := cmp.Diff([]string{"E1", "E2"}, ids(got)); diff != "" {
		t.Errorf("first delivery: fresh mismatch (-want +got):\n%s", diff)
	}
	redelivered := a
	redelivered.Redelivery = true
	c2 := event("E3", "U2", 3, "c")
	got = must(s.RecordEvents(c, []consult.InboundEvent{redelivered, c2}))
	if diff := cmp.Diff([]string{"E3"}, ids(got)); diff != "" {
		t.Errorf("redelivery: fresh mismatch (-want +got):\n%s", diff)
	}
}

func testTurnOrderAndOnce(t *testing.T, s Store) {
	c := ctx(t)
	// Recorded out of order: the turn takes them by timestamp.
	must(s.RecordEvents(c, []consult.InboundEvent{event("E3", "U1", 3, "three"), event("E1", "U1", 1, "one")}))
	must(s.RecordEvents(c, []consult.InboundEvent{event("E2", "U1", 2, "two"), event("X1", "U2", 0, "other")}))
	var seen []string
	for {
		ok := must(s.Turn(c, "U1", func(in consult.TurnInput) (consult.TurnOutput, error) {
			seen = append(seen, in.Event.Text)
			return echo(in)
		}))
		if !ok {
			break
		}
	}
	if diff := cmp.Diff([]string{"one", "two", "three"}, seen); diff != "" {
		t.Errorf("turn order mismatch (-want +got):\n%s", diff)
	}
	msgs := must(s.Messages(c, "U1", 100))
	if len(msgs) != 6 {
		t.Errorf("transcript has %d lines, want 6", len(msgs))
	}
	// A redelivery of a processed event is not processed again.
	if fresh := must(s.RecordEvents(c, []consult.InboundEvent{event("E1", "U1", 1, "one")})); len(fresh) != 0 {
		t.Errorf("redelivered processed event counted as fresh")
	}
	if ok := must(s.Turn(c, "U1", echo)); ok {
		t.Errorf("Turn found an event after all were processed")
	}
}

func testTurnRollsBack(t *testing.T, s Store) {
	c := ctx(t)
	must(s.RecordEvents(c, []consult.InboundEvent{event("E1", "U1", 1, "one")}))
	boom := errors.New("boom")
	_, err := s.Turn(c, "U1", func(in consult.TurnInput) (consult.TurnOutput, error) { return consult.TurnOutput{}, boom })
	if !errors.Is(err, boom) {
		t.Fatalf("Turn error = %v, want boom", err)
	}
	// A write failing half-way also rolls back: a case without ID is invalid.
	_, err = s.Turn(c, "U1", func(in consult.TurnInput) (consult.TurnOutput, error) {
		out, _ := echo(in)
		out.Cases = []consult.Case{{Resident: "U1"}}
		return out, nil
	})
	if err == nil {
		t.Fatalf("Turn with an invalid case succeeded")
	}
	if msgs := must(s.Messages(c, "U1", 10)); len(msgs) != 0 {
		t.Errorf("rolled-back turn left %d transcript lines", len(msgs))
	}
	if items := must(s.ClaimOutbox(c, []consult.OutboxKind{consult.OutLINEReply}, "w", t0.Add(time.Hour), time.Minute, 10)); len(items) != 0 {
		t.Errorf("rolled-back turn left %d outbox items", len(items))
	}
	var text string
	if ok := must(s.Turn(c, "U1", func(in consult.TurnInput) (consult.TurnOutput, error) {
		text = in.Event.Text
		return echo(in)
	})); !ok || text != "one" {
		t.Errorf("event not pending after rollback: ok=%v text=%q", ok, text)
	}
}

func testTurnWritesEverything(t *testing.T, s Store) {
	c := ctx(t)
	must(s.RecordEvents(c, []consult.InboundEvent{event("E1", "U1", 1, "one"), event("E2", "U1", 2, "two")}))
	must(s.Turn(c, "U1", func(in consult.TurnInput) (consult.TurnOutput, error) {
		if in.Known {
			t.Errorf("new resident reported as known")
		}
		out, err := echo(in)
		out.Resident.FollowedAt = t0
		out.Resident.DVSafe = true
		return out, err
	}))
	must(s.Turn(c, "U1", func(in consult.TurnInput) (consult.TurnOutput, error) {
		if !in.Known || !in.Resident.DVSafe || !in.Resident.FollowedAt.Equal(t0) {
			t.Errorf("resident not saved: %+v known=%v", in.Resident, in.Known)
		}
		if in.Session.Step != "one" || in.Session.Vars["n"] != "x" || in.Session.Version != 1 {
			t.Errorf("session not saved: %+v", in.Session)
		}
		return echo(in)
	}))
	r := must(s.Resident(c, "U1"))
	if !r.DVSafe {
		t.Errorf("Resident() = %+v, want DVSafe", r)
	}
	msgs := must(s.Messages(c, "U1", 100))
	if len(msgs) != 4 || msgs[1].Out == nil || msgs[1].Out.Text != "echo one" || msgs[0].Direction != consult.FromResident {
		t.Errorf("transcript = %+v", msgs)
	}
}

func testPendingResidents(t *testing.T, s Store) {
	c := ctx(t)
	for i, r := range []string{"U3", "U1", "U2"} {
		e := event(fmt.Sprint("E", i), r, i, "x")
		e.ReceivedAt = t0.Add(time.Duration(i) * time.Second)
		must(s.RecordEvents(c, []consult.InboundEvent{e}))
	}
	got := must(s.PendingResidents(c, 10))
	if diff := cmp.Diff([]string{"U3", "U1", "U2"}, got); diff != "" {
		t.Errorf("pending residents mismatch (-want +got):\n%s", diff)
	}
	must(s.Turn(c, "U1", echo))
	got = must(s.PendingResidents(c, 1))
	if diff := cmp.Diff([]string{"U3"}, got); diff != "" {
		t.Errorf("pending after turn mismatch (-want +got):\n%s", diff)
	}
}

func testSkipEvent(t *testing.T, s Store) {
	c := ctx(t)
	must(s.RecordEvents(c, []consult.InboundEvent{event("E1", "U1", 1, "poison"), event("E2", "U1", 2, "fine")}))
	if id := must(s.SkipEvent(c, "U1", "failed: test")); id != "E1" {
		t.Errorf("SkipEvent skipped %q, want E1", id)
	}
	var text string
	must(s.Turn(c, "U1", func(in consult.TurnInput) (consult.TurnOutput, error) { text = in.Event.Text; return echo(in) }))
	if text != "fine" {
		t.Errorf("after skip the turn got %q, want fine", text)
	}
	if _, err := s.SkipEvent(c, "U1", "x"); !errors.Is(err, consult.ErrNotFound) {
		t.Errorf("SkipEvent with nothing pending: %v, want ErrNotFound", err)
	}
}

// testConcurrentTurns runs many turns of the same residents at once: every
// event is processed exactly once and in order.
func testConcurrentTurns(t *testing.T, s Store) {
	c := ctx(t)
	const residents, per = 4, 15
	var evs []consult.InboundEvent
	for r := 0; r < residents; r++ {
		for i := 0; i < per; i++ {
			evs = append(evs, event(fmt.Sprintf("E%d-%02d", r, i), fmt.Sprint("U", r), i, fmt.Sprintf("%02d", i)))
		}
	}
	must(s.RecordEvents(c, evs))
	var mu sync.Mutex
	seen := map[string][]string{}
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := 0; r < residents; r++ {
				res := fmt.Sprint("U", r)
				for {
					ok, err := s.Turn(c, res, func(in consult.TurnInput) (consult.TurnOutput, error) {
						mu.Lock()
						seen[res] = append(seen[res], in.Event.Text)
						mu.Unlock()
						return echo(in)
					})
					if err != nil {
						t.Error(err)
						return
					}
					if !ok {
						break
					}
				}
			}
		}()
	}
	wg.Wait()
	for r := 0; r < residents; r++ {
		res := fmt.Sprint("U", r)
		var want []string
		for i := 0; i < per; i++ {
			want = append(want, fmt.Sprintf("%02d", i))
		}
		if diff := cmp.Diff(want, seen[res]); diff != "" {
			t.Errorf("%s: turns mismatch (-want +got):\n%s", res, diff)
		}
		if msgs := must(s.Messages(c, res, 1000)); len(msgs) != 2*per {
			t.Errorf("%s: %d transcript lines, want %d", res, len(msgs), 2*per)
		}
	}
}
