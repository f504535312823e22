// Package storetest is the conformance suite every tsunagu store must pass:
// the same behaviour on the embedded SQLite and on PostgreSQL.
package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/n-csw/tsunagu/internal/bot"
	"github.com/n-csw/tsunagu/internal/consult"
)

// Store is what the suite exercises: the bot's Store plus the read side.
type Store interface {
	bot.Store
	Messages(ctx context.Context, resident string, limit int) ([]consult.Message, error)
	Case(ctx context.Context, id int64) (consult.Case, error)
	CaseEvents(ctx context.Context, id int64) ([]consult.CaseEvent, error)
	Resident(ctx context.Context, id string) (consult.Resident, error)
	UpdateCase(ctx context.Context, id int64, fn func(c consult.Case, r consult.Resident) (consult.CaseChange, error)) (consult.Case, error)
	ResidentCases(ctx context.Context, resident string) ([]consult.Case, error)
}

// Opener returns a fresh, empty, migrated store for one test; the suite
// closes it.
type Opener func(t *testing.T) Store

// Run runs the whole suite.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s Store)
	}{
		{"Ready", testReady},
		{"RecordEventsDedupes", testRecordEventsDedupes},
		{"TurnOrderAndOnce", testTurnOrderAndOnce},
		{"TurnRollsBack", testTurnRollsBack},
		{"TurnWritesEverything", testTurnWritesEverything},
		{"PendingResidents", testPendingResidents},
		{"SkipEvent", testSkipEvent},
		{"ConcurrentTurns", testConcurrentTurns},
		{"OneOpenCasePerChannel", testOneOpenCase},
		{"OutboxOrderPerKey", testOutboxOrder},
		{"OutboxLeases", testOutboxLeases},
		{"OutboxRetryLater", testOutboxRetryLater},
		{"OutboxCancelOnBlock", testOutboxCancelOnBlock},
		{"OutboxSlackThread", testOutboxSlackThread},
		{"UpdateCase", testUpdateCase},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() { s.Close() })
			tc.fn(t, s)
		})
	}
}

var t0 = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

// event makes a text event of resident r at t0+sec seconds.
func event(id, r string, sec int, text string) consult.InboundEvent {
	return consult.InboundEvent{
		ID: id, Resident: r, Source: consult.SourceUser, Type: consult.EventMessage,
		Timestamp: t0.Add(time.Duration(sec) * time.Second), ReplyToken: "rt-" + id,
		MessageType: "text", Text: text, ReceivedAt: time.Now().UTC(),
	}
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

// must returns v, and stops the test by panicking on err (the testing
// package reports the panic with its stack as a failure).
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func testReady(t *testing.T, s Store) {
	if err := s.Ready(ctx(t)); err != nil {
		t.Fatalf("Ready on a migrated store: %v", err)
	}
}

// echo is a turn that records the event, saves the step as the text and
// queues one reply.
func echo(in consult.TurnInput) (consult.TurnOutput, error) {
	sess := in.Session.Clone()
	sess.Step = in.Event.Text
	sess.Vars["n"] += "x"
	msg := consult.OutMessage{Text: "echo " + in.Event.Text}
	payload := []byte(`[{"text":"echo ` + in.Event.Text + `"}]`)
	return consult.TurnOutput{
		Resident: in.Resident,
		Session:  sess,
		Transcript: []consult.Message{
			{Resident: in.Resident.ID, Direction: consult.FromResident, Text: in.Event.Text, EventID: in.Event.ID, At: in.Event.Timestamp},
			{Resident: in.Resident.ID, Direction: consult.FromBot, Text: msg.Text, Out: &msg, EventID: in.Event.ID, At: in.Event.Timestamp},
		},
		Outbox: []consult.OutboxItem{{
			Kind: consult.OutLINEReply, Resident: in.Resident.ID, ReplyToken: in.Event.ReplyToken,
			EventAt: in.Event.Timestamp, RetryKey: "k-" + in.Event.ID, Payload: payload, Prompted: true,
		}},
	}, nil
}
