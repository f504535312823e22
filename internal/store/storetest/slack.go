package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/n-csw/tsunagu/internal/consult"
)

// SlackStore is a store with the queries of the Slack handoff: cases by
// thread, the timers' unclaimed cases, copies of case messages and Slack
// event deduplication.
type SlackStore interface {
	Store
	CaseBySlackThread(ctx context.Context, channel, ts string) (consult.Case, error)
	UnclaimedEmergencies(ctx context.Context, olderThan time.Time) ([]consult.Case, error)
	UnclaimedSince(ctx context.Context, before time.Time) ([]consult.Case, error)
	MarkReminded(ctx context.Context, id int64, at time.Time, item consult.OutboxItem) (bool, error)
	AddSlackMessage(ctx context.Context, m consult.SlackMessage) error
	SlackMessages(ctx context.Context, caseID int64) ([]consult.SlackMessage, error)
	MarkSlackEvent(ctx context.Context, id string, at time.Time) (bool, error)
}

// SlackOpener returns a fresh, empty, migrated store for one test.
type SlackOpener func(t *testing.T) SlackStore

// RunSlack runs the Slack part of the suite.
func RunSlack(t *testing.T, open SlackOpener) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s SlackStore)
	}{
		{"CaseBySlackThread", testCaseBySlackThread},
		{"UnclaimedEmergencies", testUnclaimedEmergencies},
		{"UnclaimedSinceAndRemindOnce", testUnclaimedSince},
		{"SlackEventsOnce", testSlackEventsOnce},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() { s.Close() })
			tc.fn(t, s)
		})
	}
}

// makeCases stores cases of resident r in one turn.
func makeCases(t *testing.T, s Store, r string, cases ...consult.Case) {
	t.Helper()
	c := ctx(t)
	id := fmt.Sprintf("E-%s-%d", r, cases[0].ID)
	must(s.RecordEvents(c, []consult.InboundEvent{event(id, r, 1, "a")}))
	must(s.Turn(c, r, func(in consult.TurnInput) (consult.TurnOutput, error) {
		out, _ := echo(in)
		out.Cases = cases
		return out, nil
	}))
}

func caseIDs(cs []consult.Case) []int64 {
	out := []int64{}
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

func testCaseBySlackThread(t *testing.T, s SlackStore) {
	c := ctx(t)
	a, b := consult.NewID(t0), consult.NewID(t0)
	makeCases(t, s, "U1",
		consult.Case{ID: a, Resident: "U1", Channel: consult.Houkatsu, Status: consult.CaseNew, Urgency: consult.Normal},
		consult.Case{ID: b, Resident: "U1", Channel: consult.DV, Status: consult.CaseNew, Urgency: consult.Urgent})
	if _, err := s.CaseBySlackThread(c, "C1", ""); !errors.Is(err, consult.ErrNotFound) {
		t.Errorf("empty ts must match no case (unposted cases have none): %v", err)
	}
	// The outbox records the main message of a case.
	must(s.UpdateCase(c, a, func(cs consult.Case, _ consult.Resident) (consult.CaseChange, error) {
		return consult.CaseChange{Case: cs, Outbox: []consult.OutboxItem{{Kind: consult.OutSlack, Resident: "U1", CaseID: a, Payload: []byte(`{"op":"post"}`)}}}, nil
	}))
	items := must(s.ClaimOutbox(c, []consult.OutboxKind{consult.OutSlack}, "s", time.Now(), time.Minute, 10))
	if len(items) != 1 {
		t.Fatalf("claimed %d slack items, want 1", len(items))
	}
	if err := s.FinishOutbox(c, "s", consult.OutboxResult{ID: items[0].ID, State: consult.OutboxDone, SlackChannel: "C1", SlackTS: "1700000000.000100"}); err != nil {
		t.Fatal(err)
	}
	if got := must(s.CaseBySlackThread(c, "C1", "1700000000.000100")); got.ID != a {
		t.Errorf("case by main thread = %d, want %d", got.ID, a)
	}
	if _, err := s.CaseBySlackThread(c, "C2", "1700000000.000100"); !errors.Is(err, consult.ErrNotFound) {
		t.Errorf("same ts in another channel: %v, want ErrNotFound", err)
	}
	// A copy (escalation channel) leads to its case too; adding it twice is harmless.
	cp := consult.SlackMessage{CaseID: b, Channel: "CESC", TS: "1700000001.000200", Kind: "escalation", At: t0}
	for i := 0; i < 2; i++ {
		if err := s.AddSlackMessage(c, cp); err != nil {
			t.Fatalf("add slack message %d: %v", i, err)
		}
	}
	if got := must(s.CaseBySlackThread(c, "CESC", "1700000001.000200")); got.ID != b {
		t.Errorf("case by copy = %d, want %d", got.ID, b)
	}
	if diff := cmp.Diff([]consult.SlackMessage{cp}, must(s.SlackMessages(c, b))); diff != "" {
		t.Errorf("slack messages mismatch (-want +got):\n%s", diff)
	}
	if got := must(s.SlackMessages(c, a)); len(got) != 0 {
		t.Errorf("case without copies has %+v", got)
	}
}

func testUnclaimedEmergencies(t *testing.T, s SlackStore) {
	c := ctx(t)
	old, fresh, claimed, normal := consult.NewID(t0), consult.NewID(t0), consult.NewID(t0), consult.NewID(t0)
	makeCases(t, s, "U1",
		consult.Case{ID: old, Resident: "U1", Channel: consult.Other, Status: consult.CaseNew, Urgency: consult.Emergency, Crisis: consult.Suicide, CreatedAt: t0},
		consult.Case{ID: fresh, Resident: "U1", Channel: consult.DV, Status: consult.CaseNew, Urgency: consult.Emergency, CreatedAt: t0.Add(4 * time.Minute)})
	makeCases(t, s, "U2",
		consult.Case{ID: claimed, Resident: "U2", Channel: consult.Other, Status: consult.CaseClaimed, Urgency: consult.Emergency, CreatedAt: t0, ClaimedBy: "sato", ClaimedAt: t0},
		consult.Case{ID: normal, Resident: "U2", Channel: consult.Houkatsu, Status: consult.CaseNew, Urgency: consult.Normal, CreatedAt: t0})
	cutoff := t0.Add(time.Minute)
	if diff := cmp.Diff([]int64{old}, caseIDs(must(s.UnclaimedEmergencies(c, cutoff)))); diff != "" {
		t.Errorf("unclaimed emergencies mismatch (-want +got):\n%s", diff)
	}
	if got := caseIDs(must(s.UnclaimedEmergencies(c, t0.Add(4*time.Minute)))); len(got) != 2 {
		t.Errorf("emergencies at or before t0+4m = %v, want both unclaimed ones", got)
	}
	// Escalating (through UpdateCase) takes a case off the list.
	must(s.UpdateCase(c, old, func(cs consult.Case, _ consult.Resident) (consult.CaseChange, error) {
		cs.EscalatedAt = t0.Add(5 * time.Minute)
		return consult.CaseChange{Case: cs}, nil
	}))
	if got := caseIDs(must(s.UnclaimedEmergencies(c, t0.Add(10*time.Minute)))); len(got) != 1 || got[0] != fresh {
		t.Errorf("after escalation = %v, want only %d", got, fresh)
	}
	if got := must(s.Case(c, old)); !got.EscalatedAt.Equal(t0.Add(5 * time.Minute)) {
		t.Errorf("escalated at = %v", got.EscalatedAt)
	}
}

func testUnclaimedSince(t *testing.T, s SlackStore) {
	c := ctx(t)
	a, b, done := consult.NewID(t0), consult.NewID(t0), consult.NewID(t0)
	makeCases(t, s, "U1",
		consult.Case{ID: a, Resident: "U1", Channel: consult.Houkatsu, Status: consult.CaseNew, Urgency: consult.Normal, CreatedAt: t0},
		consult.Case{ID: b, Resident: "U1", Channel: consult.Kosodate, Status: consult.CaseNew, Urgency: consult.Urgent, CreatedAt: t0.Add(time.Hour)},
		consult.Case{ID: done, Resident: "U1", Channel: consult.DV, Status: consult.CaseResolved, Urgency: consult.Normal, CreatedAt: t0})
	if diff := cmp.Diff([]int64{a}, caseIDs(must(s.UnclaimedSince(c, t0.Add(time.Hour))))); diff != "" {
		t.Errorf("unclaimed before t0+1h mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int64{a, b}, caseIDs(must(s.UnclaimedSince(c, t0.Add(2*time.Hour))))); diff != "" {
		t.Errorf("unclaimed before t0+2h mismatch (-want +got):\n%s", diff)
	}
	item := func(id int64) consult.OutboxItem {
		return consult.OutboxItem{Kind: consult.OutSlack, Resident: "U1", CaseID: id, Payload: []byte(`{"op":"remind"}`)}
	}
	at := t0.Add(24 * time.Hour)
	if !must(s.MarkReminded(c, a, at, item(a))) {
		t.Errorf("first reminder of %d not marked", a)
	}
	if must(s.MarkReminded(c, a, at, item(a))) {
		t.Errorf("second reminder of %d marked again", a)
	}
	if must(s.MarkReminded(c, done, at, item(done))) {
		t.Errorf("a resolved case was reminded")
	}
	if diff := cmp.Diff([]int64{b}, caseIDs(must(s.UnclaimedSince(c, at)))); diff != "" {
		t.Errorf("after reminding mismatch (-want +got):\n%s", diff)
	}
	items := must(s.ClaimOutbox(c, []consult.OutboxKind{consult.OutSlack}, "s", at, time.Minute, 10))
	if len(items) != 1 || items[0].CaseID != a || string(items[0].Payload) != `{"op":"remind"}` {
		t.Errorf("reminders queued = %+v, want one for %d", items, a)
	}
	// A later save of the case (a claim) keeps the reminder mark.
	must(s.UpdateCase(c, a, func(cs consult.Case, _ consult.Resident) (consult.CaseChange, error) {
		cs.Summary = "changed"
		return consult.CaseChange{Case: cs}, nil
	}))
	if must(s.MarkReminded(c, a, at.Add(time.Hour), item(a))) {
		t.Errorf("reminder mark lost on update")
	}
}

func testSlackEventsOnce(t *testing.T, s SlackStore) {
	c := ctx(t)
	if !must(s.MarkSlackEvent(c, "Ev1", t0)) {
		t.Errorf("first delivery of Ev1 not new")
	}
	if must(s.MarkSlackEvent(c, "Ev1", t0.Add(time.Minute))) {
		t.Errorf("retried delivery of Ev1 taken as new")
	}
	if !must(s.MarkSlackEvent(c, "Ev2", t0.Add(4*24*time.Hour))) {
		t.Errorf("Ev2 not new")
	}
	// Three days later Ev1 is forgotten.
	if !must(s.MarkSlackEvent(c, "Ev1", t0.Add(4*24*time.Hour))) {
		t.Errorf("Ev1 still remembered after 4 days")
	}
	if _, err := s.MarkSlackEvent(c, "", t0); !errors.Is(err, consult.ErrInvalid) {
		t.Errorf("empty event id: %v", err)
	}
}
