package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
)

var lineKinds = []consult.OutboxKind{consult.OutLINEReply, consult.OutLINEPush}

// process runs turns for r until none is pending.
func process(t *testing.T, s Store, r string, fn func(consult.TurnInput) (consult.TurnOutput, error)) {
	t.Helper()
	for {
		ok, err := s.Turn(ctx(t), r, fn)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			return
		}
	}
}

func testOneOpenCase(t *testing.T, s Store) {
	c := ctx(t)
	must(s.RecordEvents(c, []consult.InboundEvent{event("E1", "U1", 1, "a"), event("E2", "U1", 2, "b"), event("E3", "U1", 3, "c")}))
	id1 := consult.NewID(t0)
	must(s.Turn(c, "U1", func(in consult.TurnInput) (consult.TurnOutput, error) {
		out, _ := echo(in)
		out.Cases = []consult.Case{{ID: id1, Resident: "U1", Channel: consult.Houkatsu, Status: consult.CaseNew,
			Urgency: consult.Urgent, Summary: "s", Contact: consult.Contact{Method: consult.ContactPhone, Phone: "0424975061"},
			Triage: consult.TriageResult{Channel: consult.Houkatsu, Evidence: []consult.Evidence{{Term: "介護", Channel: consult.Houkatsu, Weight: 2}}}}}
		out.CaseEvents = []consult.CaseEvent{{CaseID: id1, Actor: "resident", Action: "created"}}
		return out, nil
	}))
	// A second open case for the same channel is refused (and rolled back).
	_, err := s.Turn(c, "U1", func(in consult.TurnInput) (consult.TurnOutput, error) {
		if len(in.OpenCases) != 1 || in.OpenCases[0].ID != id1 {
			t.Errorf("open cases = %+v, want case %d", in.OpenCases, id1)
		}
		out, _ := echo(in)
		out.Cases = []consult.Case{{ID: consult.NewID(t0), Resident: "U1", Channel: consult.Houkatsu, Status: consult.CaseNew, Urgency: consult.Normal}}
		return out, nil
	})
	if !errors.Is(err, consult.ErrConflict) {
		t.Errorf("second open case: err = %v, want ErrConflict", err)
	}
	// Closing the first lets a new one open.
	must(s.Turn(c, "U1", func(in consult.TurnInput) (consult.TurnOutput, error) {
		out, _ := echo(in)
		closed := in.OpenCases[0]
		closed.Status, closed.ClosedAt, closed.ClosedBy = consult.CaseWithdrawn, t0, "resident"
		out.Cases = []consult.Case{closed, {ID: consult.NewID(t0), Resident: "U1", Channel: consult.Houkatsu, Status: consult.CaseNew, Urgency: consult.Normal}}
		return out, nil
	}))
	got := must(s.Case(c, id1))
	if got.Status != consult.CaseWithdrawn || got.Contact.Phone != "0424975061" || len(got.Triage.Evidence) != 1 || got.Urgency != consult.Urgent {
		t.Errorf("case read back = %+v", got)
	}
	evs := must(s.CaseEvents(c, id1))
	if len(evs) != 1 || evs[0].Action != "created" {
		t.Errorf("case events = %+v", evs)
	}
	if _, err := s.Case(c, 42); !errors.Is(err, consult.ErrNotFound) {
		t.Errorf("Case(42): %v, want ErrNotFound", err)
	}
}

func testOutboxOrder(t *testing.T, s Store) {
	c := ctx(t)
	must(s.RecordEvents(c, []consult.InboundEvent{event("E1", "U1", 1, "a"), event("E2", "U1", 2, "b"), event("F1", "U2", 1, "z")}))
	process(t, s, "U1", echo)
	process(t, s, "U2", echo)
	now := time.Now()
	items := must(s.ClaimOutbox(c, lineKinds, "w1", now, time.Minute, 10))
	// Only the first item of each resident is deliverable.
	if len(items) != 2 || items[0].Resident == items[1].Resident {
		t.Fatalf("claimed %+v, want the first item of U1 and of U2", items)
	}
	var u1 consult.OutboxItem
	for _, it := range items {
		if it.Resident == "U1" {
			u1 = it
		}
		if it.Attempts != 1 || it.State != consult.OutboxPending || it.ReplyToken == "" || it.RetryKey == "" || !it.Prompted {
			t.Errorf("claimed item fields: %+v", it)
		}
	}
	if string(u1.Payload) == "" || u1.ReplyToken != "rt-E1" {
		t.Errorf("U1 first item = %+v, want E1's reply", u1)
	}
	if more := must(s.ClaimOutbox(c, lineKinds, "w2", now, time.Minute, 10)); len(more) != 0 {
		t.Errorf("second claimer got %d items while the first ones are leased", len(more))
	}
	if err := s.FinishOutbox(c, "w1", consult.OutboxResult{ID: u1.ID, State: consult.OutboxDone, At: now}); err != nil {
		t.Fatal(err)
	}
	next := must(s.ClaimOutbox(c, lineKinds, "w2", now, time.Minute, 10))
	if len(next) != 1 || next[0].ReplyToken != "rt-E2" {
		t.Errorf("after finishing E1, claimed %+v, want E2's reply", next)
	}
	depth := must(s.OutboxDepth(c))
	if depth[consult.OutLINEReply] != 2 {
		t.Errorf("depth = %v, want 2 pending replies", depth)
	}
}

func testOutboxLeases(t *testing.T, s Store) {
	c := ctx(t)
	must(s.RecordEvents(c, []consult.InboundEvent{event("E1", "U1", 1, "a")}))
	process(t, s, "U1", echo)
	now := time.Now()
	items := must(s.ClaimOutbox(c, lineKinds, "w1", now, time.Second, 10))
	if len(items) != 1 {
		t.Fatalf("claimed %d, want 1", len(items))
	}
	// The lease runs out (the worker died): another worker may take it.
	later := now.Add(2 * time.Second)
	again := must(s.ClaimOutbox(c, lineKinds, "w2", later, time.Minute, 10))
	if len(again) != 1 || again[0].Attempts != 2 {
		t.Fatalf("after lease expiry claimed %+v, want the item on attempt 2", again)
	}
	// The old owner can no longer finish it.
	err := s.FinishOutbox(c, "w1", consult.OutboxResult{ID: items[0].ID, State: consult.OutboxDone})
	if !errors.Is(err, consult.ErrConflict) {
		t.Errorf("finish by a former owner: %v, want ErrConflict", err)
	}
	if err := s.FinishOutbox(c, "w2", consult.OutboxResult{ID: again[0].ID, State: consult.OutboxDone}); err != nil {
		t.Fatal(err)
	}
	// Other kinds are not claimed by a LINE worker, and vice versa.
	if got := must(s.ClaimOutbox(c, []consult.OutboxKind{consult.OutSlack}, "s", later, time.Minute, 10)); len(got) != 0 {
		t.Errorf("slack worker claimed LINE items: %+v", got)
	}
}

func testOutboxRetryLater(t *testing.T, s Store) {
	c := ctx(t)
	must(s.RecordEvents(c, []consult.InboundEvent{event("E1", "U1", 1, "a"), event("E2", "U1", 2, "b")}))
	process(t, s, "U1", echo)
	now := time.Now()
	items := must(s.ClaimOutbox(c, lineKinds, "w", now, time.Minute, 10))
	retryAt := now.Add(10 * time.Second)
	if err := s.FinishOutbox(c, "w", consult.OutboxResult{ID: items[0].ID, State: consult.OutboxPending, NextAt: retryAt,
		Error: "status 500", ReplyToken: "", ReplyUnsure: true}); err != nil {
		t.Fatal(err)
	}
	// Not due yet, and the second item must wait behind it.
	if got := must(s.ClaimOutbox(c, lineKinds, "w", now.Add(time.Second), time.Minute, 10)); len(got) != 0 {
		t.Errorf("claimed %+v before the retry time", got)
	}
	got := must(s.ClaimOutbox(c, lineKinds, "w", retryAt.Add(time.Millisecond), time.Minute, 10))
	if len(got) != 1 || got[0].ID != items[0].ID || got[0].ReplyToken != "" || !got[0].ReplyUnsure || got[0].LastError != "status 500" {
		t.Errorf("retry claimed %+v, want the first item switched to push", got)
	}
	if err := s.FinishOutbox(c, "w", consult.OutboxResult{ID: got[0].ID, State: consult.OutboxFailed, Error: "gave up"}); err != nil {
		t.Fatal(err)
	}
	// A failed item no longer blocks the resident's next one.
	if next := must(s.ClaimOutbox(c, lineKinds, "w", retryAt.Add(time.Second), time.Minute, 10)); len(next) != 1 || next[0].ReplyToken != "rt-E2" {
		t.Errorf("after giving up claimed %+v, want E2", next)
	}
}

func testOutboxCancelOnBlock(t *testing.T, s Store) {
	c := ctx(t)
	must(s.RecordEvents(c, []consult.InboundEvent{event("E1", "U1", 1, "a")}))
	process(t, s, "U1", echo)
	unfollow := event("E2", "U1", 2, "")
	unfollow.Type, unfollow.ReplyToken = consult.EventUnfollow, ""
	must(s.RecordEvents(c, []consult.InboundEvent{unfollow}))
	process(t, s, "U1", func(in consult.TurnInput) (consult.TurnOutput, error) {
		r := in.Resident
		r.BlockedAt = in.Event.Timestamp
		return consult.TurnOutput{Resident: r, CancelPushes: true}, nil
	})
	if got := must(s.ClaimOutbox(c, lineKinds, "w", time.Now(), time.Minute, 10)); len(got) != 0 {
		t.Errorf("claimed %+v for a blocked resident", got)
	}
	if r := must(s.Resident(c, "U1")); !r.Blocked() {
		t.Errorf("resident not marked blocked: %+v", r)
	}
}

func testOutboxSlackThread(t *testing.T, s Store) {
	c := ctx(t)
	must(s.RecordEvents(c, []consult.InboundEvent{event("E1", "U1", 1, "a"), event("E2", "U1", 2, "b")}))
	id := consult.NewID(t0)
	slackJob := consult.OutboxItem{Kind: consult.OutSlack, Resident: "U1", CaseID: id, Payload: []byte(`{"op":"post"}`)}
	must(s.Turn(c, "U1", func(in consult.TurnInput) (consult.TurnOutput, error) {
		out, _ := echo(in)
		out.Cases = []consult.Case{{ID: id, Resident: "U1", Channel: consult.DV, Status: consult.CaseNew, Urgency: consult.Urgent}}
		out.Outbox = append(out.Outbox, slackJob, consult.OutboxItem{Kind: consult.OutSlack, Resident: "U1", CaseID: id, Payload: []byte(`{"op":"thread"}`)})
		return out, nil
	}))
	now := time.Now()
	items := must(s.ClaimOutbox(c, []consult.OutboxKind{consult.OutSlack}, "s", now, time.Minute, 10))
	if len(items) != 1 || string(items[0].Payload) != `{"op":"post"}` || items[0].CaseID != id {
		t.Fatalf("slack claim = %+v, want the post of case %d only", items, id)
	}
	if err := s.FinishOutbox(c, "s", consult.OutboxResult{ID: items[0].ID, State: consult.OutboxDone, SlackChannel: "C1", SlackTS: "123.456", At: now}); err != nil {
		t.Fatal(err)
	}
	// A later turn saving the case without Slack fields keeps them.
	must(s.Turn(c, "U1", func(in consult.TurnInput) (consult.TurnOutput, error) {
		out, _ := echo(in)
		cs := in.OpenCases[0]
		if cs.SlackTS != "123.456" || cs.NotifiedAt.IsZero() {
			t.Errorf("case after post = %+v, want slack ts and notified time", cs)
		}
		cs.SlackTS, cs.SlackChannel = "", ""
		cs.Summary = "updated"
		out.Cases = []consult.Case{cs}
		return out, nil
	}))
	got := must(s.Case(c, id))
	if got.SlackTS != "123.456" || got.SlackChannel != "C1" || got.Summary != "updated" {
		t.Errorf("case = %+v, want slack thread kept and summary updated", got)
	}
}
