package storetest

import (
	"errors"
	"testing"

	"github.com/n-csw/tsunagu/internal/consult"
)

func testUpdateCase(t *testing.T, s Store) {
	c := ctx(t)
	must(s.RecordEvents(c, []consult.InboundEvent{event("E1", "U1", 1, "a")}))
	a, b := consult.NewID(t0), consult.NewID(t0)
	must(s.Turn(c, "U1", func(in consult.TurnInput) (consult.TurnOutput, error) {
		out, _ := echo(in)
		out.Cases = []consult.Case{
			{ID: a, Resident: "U1", Channel: consult.Houkatsu, Status: consult.CaseNew, Urgency: consult.Normal},
			{ID: b, Resident: "U1", Channel: consult.KenriYougo, Status: consult.CaseNew, Urgency: consult.Normal},
		}
		return out, nil
	}))
	got := must(s.UpdateCase(c, a, func(cs consult.Case, r consult.Resident) (consult.CaseChange, error) {
		if cs.ID != a || r.ID != "U1" {
			t.Errorf("UpdateCase loaded %+v / %+v", cs, r)
		}
		cs.Status, cs.ClaimedBy, cs.ClaimedAt = consult.CaseClaimed, "sato", t0
		return consult.CaseChange{Case: cs,
			Events:     []consult.CaseEvent{{CaseID: a, Actor: "sato", Action: "claimed"}},
			Transcript: []consult.Message{{Resident: "U1", CaseID: a, Direction: consult.FromNote, Text: "n", Author: "sato"}},
			Outbox:     []consult.OutboxItem{{Kind: consult.OutSlack, Resident: "U1", CaseID: a, Payload: []byte(`{}`)}}}, nil
	}))
	if got.ClaimedBy != "sato" {
		t.Errorf("UpdateCase returned %+v", got)
	}
	if read := must(s.Case(c, a)); read.Status != consult.CaseClaimed {
		t.Errorf("case not saved: %+v", read)
	}
	if evs := must(s.CaseEvents(c, a)); len(evs) != 1 {
		t.Errorf("events = %+v", evs)
	}
	// A referral into a channel where the resident already has an open
	// case breaks the one-open-case rule: nothing is written.
	_, err := s.UpdateCase(c, a, func(cs consult.Case, r consult.Resident) (consult.CaseChange, error) {
		old := cs
		old.Status = consult.CaseReferred
		dup := cs
		dup.ID, dup.Channel, dup.Status = consult.NewID(t0), consult.KenriYougo, consult.CaseNew
		return consult.CaseChange{Case: old, Also: []consult.Case{dup}}, nil
	})
	if !errors.Is(err, consult.ErrConflict) {
		t.Errorf("duplicate open case: %v, want ErrConflict", err)
	}
	if read := must(s.Case(c, a)); read.Status != consult.CaseClaimed {
		t.Errorf("failed update left the case %s", read.Status)
	}
	if _, err := s.UpdateCase(c, 999, func(consult.Case, consult.Resident) (consult.CaseChange, error) {
		return consult.CaseChange{}, nil
	}); !errors.Is(err, consult.ErrNotFound) {
		t.Errorf("unknown case: %v", err)
	}
}
