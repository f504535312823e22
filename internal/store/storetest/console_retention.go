package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
)

func testPurge(t *testing.T, s ConsoleStore) {
	c := ctx(t)
	sd := newSeeder(t, s)
	cutoff := day(100)
	contact := consult.Contact{Method: consult.ContactPhone, Phone: "09012345678", Name: "山田"}
	tri := consult.TriageResult{Channel: consult.Houkatsu, Urgency: consult.Normal, Confidence: 0.8,
		Candidates: []consult.Candidate{{Channel: consult.Houkatsu, Score: 3}},
		Evidence:   []consult.Evidence{{Term: "介護", Channel: consult.Houkatsu, Weight: 3}}}
	msg := func(caseID int64, text string, d int) consult.Message {
		return consult.Message{CaseID: caseID, Direction: consult.FromResident, Text: text, At: day(d)}
	}
	// old: resolved long ago → purged. recent: closed after the cutoff → kept.
	// open: still open → kept, with the conversation that led to it.
	old := sd.add("U1", consult.Case{Channel: consult.Houkatsu, Status: consult.CaseResolved, Summary: "母の介護",
		Contact: contact, Triage: tri, CreatedAt: day(0), ClaimedAt: day(0), ClosedAt: day(10), ClosedBy: "sato"},
		msg(0, "母の介護", 0), msg(-1, "よろしく", 1))
	recent := sd.add("U2", consult.Case{Channel: consult.Kosodate, Status: consult.CaseResolved, Summary: "保育園",
		Contact: contact, Triage: tri, CreatedAt: day(90), ClosedAt: day(120)}, msg(0, "保育園", 90), msg(-1, "はい", 95))
	open := sd.add("U3", consult.Case{Channel: consult.DV, Summary: "夫が", Contact: contact, CreatedAt: day(5)},
		msg(0, "夫が", 5), msg(-1, "こわい", 6))
	// A resident with no case: lines older than the cutoff go, newer stay.
	sd.turn("U4", func(consult.TurnInput) consult.TurnOutput {
		return consult.TurnOutput{Transcript: []consult.Message{
			{Resident: "U4", Direction: consult.FromResident, Text: "むかし", At: day(1)},
			{Resident: "U4", Direction: consult.FromResident, Text: "さいきん", At: day(101)}},
			Session: consult.Session{Resident: "U4", Flow: "main", Step: "theme",
				Vars: map[string]string{"tx": "むかし", "in": "むかし", "dv": "1"}, UpdatedAt: day(1)}}
	})
	if err := s.PutCorrection(c, consult.RoutingCorrection{CaseID: old, Text: "母の介護", Routed: consult.Houkatsu,
		Channel: consult.KenriYougo, Urgency: consult.Normal, By: "abe", At: day(11)}); err != nil {
		t.Fatal(err)
	}
	if err := s.PutCorrection(c, consult.RoutingCorrection{CaseID: recent, Text: "保育園", Routed: consult.Kosodate,
		Channel: consult.Other, Urgency: consult.Normal, By: "abe", At: day(121)}); err != nil {
		t.Fatal(err)
	}

	run := must(s.Purge(c, cutoff, day(400)))
	if run.Cases != 1 || run.Messages != 3 || run.Sessions != 1 || !run.Cutoff.Equal(cutoff) {
		t.Errorf("first run = %+v, want 1 case, 3 lines (2 of the old case, 1 of U4), 1 session", run)
	}
	all := consult.CaseScope{All: true}
	got := must(s.CaseRow(c, old, all))
	if got.Summary != "" || got.Contact != (consult.Contact{}) || len(got.Triage.Evidence) != 0 {
		t.Errorf("purged case keeps personal data: %+v", got.Case)
	}
	if got.Channel != consult.Houkatsu || got.Status != consult.CaseResolved || got.Urgency != consult.Normal ||
		!got.CreatedAt.Equal(day(0)) || !got.ClaimedAt.Equal(day(0)) || !got.ClosedAt.Equal(day(10)) ||
		got.Triage.Channel != consult.Houkatsu || got.Corrected != consult.KenriYougo {
		t.Errorf("purged case lost what the figures need: %+v", got)
	}
	for _, id := range []int64{recent, open} {
		if got := must(s.CaseRow(c, id, all)); got.Summary == "" || got.Contact.Phone == "" || len(got.Triage.Evidence) != 1 && id == recent {
			t.Errorf("case %d was purged: %+v", id, got.Case)
		}
	}
	lines := func(r string) []string {
		var out []string
		for _, m := range must(s.Messages(c, r, 100)) {
			out = append(out, m.Text)
		}
		return out
	}
	if got := lines("U1"); len(got) != 0 {
		t.Errorf("U1's lines after purge: %q", got)
	}
	if got := lines("U2"); len(got) != 2 {
		t.Errorf("U2's lines (case closed after the cutoff): %q", got)
	}
	if got := lines("U3"); len(got) != 2 {
		t.Errorf("U3's lines (open case): %q", got)
	}
	if got := lines("U4"); len(got) != 1 || got[0] != "さいきん" {
		t.Errorf("U4's lines: %q, want only the recent one", got)
	}
	if got := must(s.Correction(c, old)); got.Text != "" || got.Channel != consult.KenriYougo {
		t.Errorf("correction of a purged case = %+v", got)
	}
	if got := must(s.Correction(c, recent)); got.Text != "保育園" {
		t.Errorf("correction of a kept case = %+v", got)
	}

	// Again: nothing more to do, and both runs are recorded.
	if again := must(s.Purge(c, cutoff, day(401))); again.Cases != 0 || again.Messages != 0 || again.Sessions != 0 {
		t.Errorf("second run = %+v, want nothing", again)
	}
	runs := must(s.RetentionRuns(c, 10))
	if len(runs) != 2 || !runs[0].At.Equal(day(401)) || runs[1].Cases != 1 {
		t.Errorf("retention runs = %+v", runs)
	}

	// Delivered outbox items and processed events older than the cutoff go;
	// pending items stay.
	must(s.RecordEvents(c, []consult.InboundEvent{event("P1", "U5", 1, "a"), event("P2", "U5", 2, "b")}))
	process(t, s, "U5", echo)
	now := time.Now()
	items := must(s.ClaimOutbox(c, lineKinds, "w", now, time.Minute, 10))
	if len(items) != 1 {
		t.Fatalf("claimed %d items", len(items))
	}
	if err := s.FinishOutbox(c, "w", consult.OutboxResult{ID: items[0].ID, State: consult.OutboxDone, At: now}); err != nil {
		t.Fatal(err)
	}
	run = must(s.Purge(c, now.Add(time.Hour), now))
	if run.Outbox != 1 || run.Events < 2 {
		t.Errorf("run with a recent cutoff = %+v, want 1 outbox item and the processed events", run)
	}
	if depth := must(s.OutboxDepth(c)); depth[consult.OutLINEReply] != 1 {
		t.Errorf("pending items after purge: %v, want 1", depth)
	}
	if got := must(s.CaseRow(c, open, all)); got.Summary == "" {
		t.Errorf("open case purged with a recent cutoff")
	}
	if _, err := s.Case(c, old); errors.Is(err, consult.ErrNotFound) {
		t.Errorf("purge deleted a case row")
	}
}
