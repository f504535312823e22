package sqlq

import (
	"slices"
	"testing"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
)

var (
	pg   = &Dialect{Numbered: true, AnyArray: true, Time: func(t time.Time) any { return t.UTC() }, TextMatch: "t(?,?,?,?,?,?)"}
	lite = &Dialect{Time: func(t time.Time) any { return t.UnixMilli() }, TextMatch: "t(?,?,?,?,?,?)"}
)

func TestCasesInBothDialects(t *testing.T) {
	from := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	q := consult.CaseQuery{Scope: consult.CaseScope{Channels: []consult.Channel{consult.DV, consult.Kosodate}},
		Urgency: consult.Urgent, Statuses: []consult.CaseStatus{consult.CaseNew}, From: from, Text: "50%_off"}
	w := Cases(pg, q)
	if want := ` WHERE channel = ANY($1::text[]) AND urgency = $2 AND status = ANY($3::text[]) AND created_at >= $4 AND t($5,$6,$7,$8,$9,$10)`; w.SQL() != want {
		t.Errorf("postgres:\n got %s\nwant %s", w.SQL(), want)
	}
	if len(w.Args()) != 10 || w.Args()[4] != `%50\%\_off%` || !slices.Equal(w.Args()[0].([]string), []string{"dv", "kosodate"}) {
		t.Errorf("postgres args %v", w.Args())
	}
	w = Cases(lite, q)
	if want := ` WHERE channel IN (?, ?) AND urgency = ? AND status IN (?) AND created_at >= ? AND t(?,?,?,?,?,?)`; w.SQL() != want {
		t.Errorf("sqlite:\n got %s\nwant %s", w.SQL(), want)
	}
	if len(w.Args()) != 11 || w.Args()[4] != from.UnixMilli() {
		t.Errorf("sqlite args %v", w.Args())
	}
}

func TestEmptyScopeMatchesNothing(t *testing.T) {
	for _, d := range []*Dialect{pg, lite} {
		if w := Cases(d, consult.CaseQuery{Scope: consult.CaseScope{}}); !w.None {
			t.Errorf("numbered=%v: a staff member with no channel sees cases", d.Numbered)
		}
		if w := Cases(d, consult.CaseQuery{Scope: consult.CaseScope{All: true}}); w.None || w.SQL() != "" {
			t.Errorf("numbered=%v: all cases: none %v, %q", d.Numbered, w.None, w.SQL())
		}
	}
}

func TestPage(t *testing.T) {
	for _, tc := range []struct {
		limit, offset int
		want          string
	}{{0, 0, " LIMIT 200 OFFSET 0"}, {5000, -3, " LIMIT 200 OFFSET 0"}, {50, 100, " LIMIT 50 OFFSET 100"}} {
		if got := Page(tc.limit, tc.offset, 200); got != tc.want {
			t.Errorf("Page(%d, %d) = %q, want %q", tc.limit, tc.offset, got, tc.want)
		}
	}
}
