package storetest

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/n-csw/tsunagu/internal/consult"
)

// seeder writes cases and transcripts through turns, the way the bot does.
type seeder struct {
	t *testing.T
	s ConsoleStore
	n int
}

func newSeeder(t *testing.T, s ConsoleStore) *seeder { return &seeder{t: t, s: s} }

// turn runs one turn of resident r that writes out.
func (sd *seeder) turn(r string, fn func(in consult.TurnInput) consult.TurnOutput) {
	sd.t.Helper()
	sd.n++
	must(sd.s.RecordEvents(ctx(sd.t), []consult.InboundEvent{event(fmt.Sprintf("S%d", sd.n), r, sd.n, "x")}))
	ok, err := sd.s.Turn(ctx(sd.t), r, func(in consult.TurnInput) (consult.TurnOutput, error) {
		out := fn(in)
		out.Resident = in.Resident
		return out, nil
	})
	if err != nil || !ok {
		sd.t.Fatalf("seed turn of %s: %v, %v", r, ok, err)
	}
}

// add stores case c of resident r with transcript lines and events; it
// fills in the ID, status new and urgency normal when unset.
func (sd *seeder) add(r string, c consult.Case, lines ...consult.Message) int64 {
	sd.t.Helper()
	if c.ID == 0 {
		c.ID = consult.NewID(c.CreatedAt)
	}
	c.Resident = r
	if c.Status == "" {
		c.Status = consult.CaseNew
	}
	if c.Urgency == "" {
		c.Urgency = consult.Normal
	}
	for i := range lines {
		lines[i].Resident = r
		if lines[i].CaseID == -1 {
			lines[i].CaseID = c.ID
		}
	}
	sd.turn(r, func(consult.TurnInput) consult.TurnOutput {
		return consult.TurnOutput{Cases: []consult.Case{c}, Transcript: lines,
			CaseEvents: []consult.CaseEvent{{CaseID: c.ID, At: c.CreatedAt, Actor: "resident", Action: "created", Detail: string(c.Channel)}}}
	})
	return c.ID
}

func rowIDs(rows []consult.CaseRow) []int64 {
	out := []int64{}
	for _, r := range rows {
		out = append(out, r.ID)
	}
	return out
}

func testListCasesScope(t *testing.T, s ConsoleStore) {
	c := ctx(t)
	sd := newSeeder(t, s)
	a := sd.add("U1", consult.Case{Channel: consult.Houkatsu, CreatedAt: day(0)})
	b := sd.add("U2", consult.Case{Channel: consult.Houkatsu, Urgency: consult.Emergency, Crisis: consult.Medical, CreatedAt: day(2)})
	cc := sd.add("U3", consult.Case{Channel: consult.Kosodate, Status: consult.CaseClaimed, Urgency: consult.Urgent,
		CreatedAt: day(1), ClaimedAt: day(1), ClaimedBy: "sato"})
	d := sd.add("U4", consult.Case{Channel: consult.KenriYougo, Urgency: consult.Urgent, CreatedAt: day(3)})
	e := sd.add("U5", consult.Case{Channel: consult.Houkatsu, Status: consult.CaseResolved, CreatedAt: day(-5), ClosedAt: day(-4)})
	f := sd.add("U6", consult.Case{Channel: consult.DV, CreatedAt: day(-1)})
	for _, tc := range []struct {
		name  string
		scope consult.CaseScope
		want  []int64
	}{
		// Open first; emergencies, then urgent, then normal; unclaimed
		// before claimed; the longest waiting first; closed last.
		{"all", consult.CaseScope{All: true}, []int64{b, d, cc, f, a, e}},
		{"staff", consult.CaseScope{Channels: []consult.Channel{consult.Houkatsu, consult.KenriYougo}}, []int64{b, d, a, e}},
		{"one channel", consult.CaseScope{Channels: []consult.Channel{consult.DV}}, []int64{f}},
		{"no channels", consult.CaseScope{Channels: []consult.Channel{}}, []int64{}},
		{"zero scope", consult.CaseScope{}, []int64{}},
	} {
		got := must(s.ListCases(c, consult.CaseQuery{Scope: tc.scope}))
		if diff := cmp.Diff(tc.want, rowIDs(got)); diff != "" {
			t.Errorf("%s: ListCases mismatch (-want +got):\n%s", tc.name, diff)
		}
	}
	got := must(s.CasesCreated(c, day(0), day(3)))
	if diff := cmp.Diff([]int64{a, cc, b}, rowIDs(got)); diff != "" {
		t.Errorf("CasesCreated mismatch (-want +got):\n%s", diff)
	}
}

func testListCasesFilters(t *testing.T, s ConsoleStore) {
	c := ctx(t)
	sd := newSeeder(t, s)
	a := sd.add("U1", consult.Case{Channel: consult.Houkatsu, Summary: "母の介護認定をうけたい", CreatedAt: day(0),
		Contact: consult.Contact{Method: consult.ContactPhone, Phone: "09012345678", Name: "山田"}})
	b := sd.add("U2", consult.Case{Channel: consult.Kosodate, Urgency: consult.Urgent, Summary: "100%むり", CreatedAt: day(1)},
		consult.Message{CaseID: -1, Direction: consult.FromResident, Text: "保育園のこと", At: day(1)})
	cc := sd.add("U3", consult.Case{Channel: consult.Houkatsu, Status: consult.CaseResolved, Summary: "a_b", CreatedAt: day(2),
		ClosedAt: day(3), ClosedBy: "ito"})
	all := consult.CaseScope{All: true}
	for _, tc := range []struct {
		name string
		q    consult.CaseQuery
		want []int64
	}{
		{"channel", consult.CaseQuery{Channel: consult.Houkatsu}, []int64{a, cc}},
		{"urgency", consult.CaseQuery{Urgency: consult.Urgent}, []int64{b}},
		{"status", consult.CaseQuery{Statuses: []consult.CaseStatus{consult.CaseResolved, consult.CaseReferred}}, []int64{cc}},
		{"open", consult.CaseQuery{Statuses: []consult.CaseStatus{consult.CaseNew, consult.CaseClaimed}}, []int64{b, a}},
		{"from", consult.CaseQuery{From: day(1)}, []int64{b, cc}},
		{"to", consult.CaseQuery{To: day(1)}, []int64{a}},
		{"summary", consult.CaseQuery{Text: "介護"}, []int64{a}},
		{"contact name", consult.CaseQuery{Text: "山田"}, []int64{a}},
		{"phone", consult.CaseQuery{Text: "1234"}, []int64{a}},
		{"transcript", consult.CaseQuery{Text: "保育園"}, []int64{b}},
		{"staff name", consult.CaseQuery{Text: "ito"}, []int64{cc}},
		{"percent is literal", consult.CaseQuery{Text: "%"}, []int64{b}},
		{"underscore is literal", consult.CaseQuery{Text: "_"}, []int64{cc}},
		{"quote", consult.CaseQuery{Text: "'; DROP TABLE cases; --"}, []int64{}},
		{"limit", consult.CaseQuery{Limit: 1}, []int64{b}},
		{"offset", consult.CaseQuery{Limit: 1, Offset: 1}, []int64{a}},
	} {
		tc.q.Scope = all
		got := must(s.ListCases(c, tc.q))
		if diff := cmp.Diff(tc.want, rowIDs(got)); diff != "" {
			t.Errorf("%s: ListCases mismatch (-want +got):\n%s", tc.name, diff)
		}
	}
	if got := must(s.ListCases(c, consult.CaseQuery{Scope: all})); len(got) != 3 {
		t.Errorf("cases table damaged: %d cases", len(got))
	}
}

func testCaseRow(t *testing.T, s ConsoleStore) {
	c := ctx(t)
	sd := newSeeder(t, s)
	a := sd.add("U1", consult.Case{Channel: consult.Houkatsu, CreatedAt: day(0),
		Contact: consult.Contact{Method: consult.ContactLINE}})
	// A referral: the old case is referred, the new one names where it came from.
	sd.turn("U1", func(in consult.TurnInput) consult.TurnOutput {
		old := in.OpenCases[0]
		old.Status, old.ClosedAt, old.ReferredTo = consult.CaseReferred, day(1), consult.KenriYougo
		next := old
		next.ID, next.Channel, next.Status, next.CreatedAt = consult.NewID(day(1)), consult.KenriYougo, consult.CaseNew, day(1)
		next.ClosedAt, next.ReferredTo = time.Time{}, ""
		return consult.TurnOutput{Cases: []consult.Case{old, next}, CaseEvents: []consult.CaseEvent{
			{CaseID: old.ID, Actor: "sato", Action: "referred", Detail: string(consult.KenriYougo)},
			{CaseID: next.ID, Actor: "sato", Action: "referred-from", Detail: string(consult.Houkatsu)}}}
	})
	rows := must(s.ListCases(c, consult.CaseQuery{Scope: consult.CaseScope{All: true}}))
	if len(rows) != 2 || rows[0].Channel != consult.KenriYougo || rows[0].ReferredFrom != consult.Houkatsu || rows[1].ReferredFrom != "" {
		t.Fatalf("rows after a referral = %+v", rows)
	}
	next := rows[0].ID
	got := must(s.CaseRow(c, a, consult.CaseScope{Channels: []consult.Channel{consult.Houkatsu}}))
	if got.ID != a || got.Status != consult.CaseReferred || got.Contact.Method != consult.ContactLINE {
		t.Errorf("CaseRow(a) = %+v", got)
	}
	for _, scope := range []consult.CaseScope{{Channels: []consult.Channel{consult.Houkatsu}}, {}, {Channels: []consult.Channel{}}} {
		if _, err := s.CaseRow(c, next, scope); !errors.Is(err, consult.ErrNotFound) {
			t.Errorf("CaseRow of another channel's case with scope %+v: %v, want ErrNotFound", scope, err)
		}
	}
	if got := must(s.CaseRow(c, next, consult.CaseScope{All: true})); got.ReferredFrom != consult.Houkatsu {
		t.Errorf("CaseRow(next).ReferredFrom = %q", got.ReferredFrom)
	}
	if _, err := s.CaseRow(c, 424242, consult.CaseScope{All: true}); !errors.Is(err, consult.ErrNotFound) {
		t.Errorf("unknown case: %v, want ErrNotFound", err)
	}
}

func testTranscript(t *testing.T, s ConsoleStore) {
	c := ctx(t)
	sd := newSeeder(t, s)
	at := func(min int) time.Time { return day(0).Add(time.Duration(min) * time.Minute) }
	line := func(caseID int64, dir consult.Direction, text string, min int) consult.Message {
		return consult.Message{CaseID: caseID, Direction: dir, Text: text, At: at(min)}
	}
	sd.turn("U1", func(in consult.TurnInput) consult.TurnOutput {
		return consult.TurnOutput{Transcript: []consult.Message{
			{Resident: "U1", Direction: consult.FromResident, Text: "きのうの話", At: at(-600)}}}
	})
	sd.turn("U2", func(in consult.TurnInput) consult.TurnOutput {
		return consult.TurnOutput{Transcript: []consult.Message{
			{Resident: "U2", Direction: consult.FromResident, Text: "ほかの人", At: at(5)}}}
	})
	id := sd.add("U1", consult.Case{Channel: consult.Houkatsu, CreatedAt: at(10)},
		line(0, consult.FromResident, "母の介護", 8),
		line(0, consult.FromBot, "包括です", 10),
		line(-1, consult.FromResident, "よろしく", 20),
		line(-1, consult.FromNote, "電話した", 30))
	got := must(s.Transcript(c, "U1", []int64{id}, at(-60), at(10), 100))
	var texts []string
	for _, m := range got {
		texts = append(texts, m.Text)
		if m.Resident != "U1" {
			t.Errorf("line of another resident: %+v", m)
		}
	}
	if diff := cmp.Diff([]string{"母の介護", "包括です", "よろしく", "電話した"}, texts); diff != "" {
		t.Errorf("Transcript mismatch (-want +got):\n%s", diff)
	}
	if got[2].CaseID != id || got[0].CaseID != 0 || !got[1].At.Equal(at(10)) {
		t.Errorf("transcript lines = %+v", got)
	}
	if got := must(s.Transcript(c, "U1", nil, at(-60), at(10), 100)); len(got) != 2 {
		t.Errorf("Transcript without cases = %d lines, want 2", len(got))
	}
	if got := must(s.Transcript(c, "U1", []int64{id}, at(-60), at(10), 3)); len(got) != 3 {
		t.Errorf("Transcript limit 3 = %d lines", len(got))
	}
}
