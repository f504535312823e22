package console

import (
	"bytes"
	"encoding/csv"
	"math"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/n-csw/tsunagu/internal/consult"
)

func TestPercentile(t *testing.T) {
	for _, tc := range []struct {
		vals      []float64
		p, want   float64
		wantIsNaN bool
	}{
		{vals: nil, p: 0.5, wantIsNaN: true},
		{vals: []float64{7}, p: 0.5, want: 7},
		{vals: []float64{7}, p: 0.9, want: 7},
		{vals: []float64{1, 2, 3, 4}, p: 0.5, want: 2.5},
		{vals: []float64{1, 2, 3, 4, 5}, p: 0.5, want: 3},
		// Excel: =PERCENTILE.INC({1,2,3,4,5,6,7,8,9,10}, 0.9) = 9.1
		{vals: []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, p: 0.9, want: 9.1},
		{vals: []float64{10, 20}, p: 0.9, want: 19},
		{vals: []float64{1, 2, 3}, p: 1, want: 3},
		{vals: []float64{1, 2, 3}, p: 0, want: 1},
	} {
		got := percentile(tc.vals, tc.p)
		if tc.wantIsNaN != math.IsNaN(got) || (!tc.wantIsNaN && math.Abs(got-tc.want) > 1e-9) {
			t.Errorf("percentile(%v, %v) = %v, want %v", tc.vals, tc.p, got, tc.want)
		}
	}
	if s := statOf([]float64{30, 10, 20}); s.N != 3 || s.Median != 20 || math.Abs(s.P90-28) > 1e-9 {
		t.Errorf("statOf unsorted = %+v, want median 20, p90 28", s)
	}
}

// jst is a time in Tokyo.
func jst(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, tokyo)
}

// officeHours: open 9:00–17:00 every day; "other" has unknown hours.
func officeHours(ch consult.Channel, t time.Time) (bool, bool) {
	if ch == consult.Other {
		return false, false
	}
	h := t.In(tokyo).Hour()
	return h >= 9 && h < 17, true
}

func figureCases() []consult.CaseRow {
	mk := func(ch consult.Channel, u consult.Urgency, created time.Time, claimAfter, resolveAfter time.Duration, follow string) consult.CaseRow {
		c := consult.Case{ID: consult.NewID(created), Channel: ch, Urgency: u, Status: consult.CaseNew, CreatedAt: created.UTC(), FollowUpAnswer: follow}
		if claimAfter > 0 {
			c.Status, c.ClaimedAt = consult.CaseClaimed, created.Add(claimAfter).UTC()
		}
		if resolveAfter > 0 {
			c.Status, c.ClosedAt = consult.CaseResolved, created.Add(resolveAfter).UTC()
		}
		return consult.CaseRow{Case: c}
	}
	return []consult.CaseRow{
		// May, houkatsu: three cases, claimed after 10, 20, 60 minutes.
		mk(consult.Houkatsu, consult.Normal, jst(2026, 5, 1, 10, 0), 10*time.Minute, 2*time.Hour, "yes"),
		mk(consult.Houkatsu, consult.Urgent, jst(2026, 5, 2, 20, 0), 20*time.Minute, 0, ""),
		mk(consult.Houkatsu, consult.Normal, jst(2026, 5, 31, 23, 30), time.Hour, 26*time.Hour, "no-need"),
		// June: an emergency in "other" (unknown hours), never claimed.
		mk(consult.Other, consult.Emergency, jst(2026, 6, 1, 3, 0), 0, 0, ""),
		// Outside the period (April in Tokyo, though March 31 15:30 UTC is…
		// still April 1 00:30 in Tokyo: inside). And one truly outside.
		mk(consult.Kosodate, consult.Normal, time.Date(2026, 3, 31, 15, 30, 0, 0, time.UTC), 0, 0, ""),
		mk(consult.Kosodate, consult.Normal, jst(2026, 3, 31, 23, 59), 0, 0, ""),
	}
}

func TestComputeFigures(t *testing.T) {
	p := parsePeriod(url.Values{"from": {"2026-04"}, "to": {"2026-06"}}, 12, time.Now())
	f := computeFigures(p, figureCases(), officeHours)
	if len(f.Months) != 3 || f.Total.Cases != 5 {
		t.Fatalf("months %d, total %d; want 3 months, 5 cases (one is in March)", len(f.Months), f.Total.Cases)
	}
	hk := f.ByChannel[5] // houkatsu is the sixth channel
	if f.Channels[5] != consult.Houkatsu {
		t.Fatalf("channel order changed: %v", f.Channels)
	}
	if hk.Cases != 3 || hk.Normal != 2 || hk.Urgent != 1 || hk.Known != 3 || hk.OutOfHours != 2 {
		t.Errorf("houkatsu = %+v", hk)
	}
	if hk.Claim.N != 3 || hk.Claim.Median != 20 || math.Abs(hk.Claim.P90-52) > 1e-9 {
		t.Errorf("houkatsu claim = %+v, want n 3, median 20, p90 52", hk.Claim)
	}
	if hk.Resolve.N != 2 || hk.Resolve.Median != 14 || math.Abs(hk.Resolve.P90-23.6) > 1e-9 {
		t.Errorf("houkatsu resolve = %+v, want n 2, median 14 h, p90 23.6 h", hk.Resolve)
	}
	if hk.FollowYes != 1 || hk.FollowNone != 1 || hk.FollowNotYet != 0 {
		t.Errorf("houkatsu follow-ups = %+v", hk)
	}
	if math.Abs(hk.OutOfHoursShare()-2.0/3) > 1e-9 {
		t.Errorf("out-of-hours share = %v", hk.OutOfHoursShare())
	}
	if f.Months[0].Cases != 1 || f.Months[1].Cases != 3 || f.Months[2].Cases != 1 || f.Months[2].Emergency != 1 {
		t.Errorf("month totals = %d %d %d", f.Months[0].Cases, f.Months[1].Cases, f.Months[2].Cases)
	}
	if f.Months[2].Known != 0 || !math.IsNaN(f.Months[2].OutOfHoursShare()) || !math.IsNaN(f.Months[2].Claim.Median) {
		t.Errorf("June (unknown hours, unclaimed) = %+v", f.Months[2])
	}
}

func TestFiguresCSV(t *testing.T) {
	labels, err := loadLabels(webFS)
	if err != nil {
		t.Fatal(err)
	}
	p := parsePeriod(url.Values{"from": {"2026-05"}, "to": {"2026-06"}}, 12, time.Now())
	var buf bytes.Buffer
	if err := writeFiguresCSV(&buf, computeFigures(p, figureCases(), officeHours), labels); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if !bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) {
		t.Fatalf("no UTF-8 byte order mark: % x", b[:3])
	}
	if n, crlf := bytes.Count(b, []byte("\n")), bytes.Count(b, []byte("\r\n")); n != crlf || n == 0 {
		t.Errorf("%d line ends, %d of them CRLF", n, crlf)
	}
	rows, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// Header, 2 months × (11 channels + total), 11 channels + total for the period.
	if len(rows) != 1+2*12+12 {
		t.Errorf("%d rows", len(rows))
	}
	if rows[0][0] != "月" || rows[0][3] != "件数" || len(rows[0]) != 19 {
		t.Errorf("header = %q", rows[0])
	}
	var may []string
	for _, r := range rows {
		if r[0] == "2026-05" && r[1] == "houkatsu" {
			may = r
		}
	}
	want := []string{"2026-05", "houkatsu", "地域包括支援センター", "3", "0", "0", "1", "2", "2", "66.7", "3", "20.0", "52.0",
		"2", "14.0", "23.6", "1", "0", "1"}
	if diff := cmp.Diff(want, may); diff != "" {
		t.Errorf("May houkatsu row mismatch (-want +got):\n%s", diff)
	}
	last := rows[len(rows)-1]
	if last[0] != "2026-05/2026-06" || last[2] != "合計" || last[3] != "4" || last[11] != "20.0" {
		t.Errorf("period total row = %q", last)
	}
	if !strings.Contains(string(b), "\r\n2026-06,other,") {
		t.Errorf("June rows missing")
	}
}

func TestComputeQuality(t *testing.T) {
	p := parsePeriod(url.Values{"from": {"2026-05"}, "to": {"2026-06"}}, 6, time.Now())
	row := func(ch, corrected, from consult.Channel, tri consult.TriageResult, crisis consult.Crisis, at time.Time) consult.CaseRow {
		return consult.CaseRow{Case: consult.Case{Channel: ch, Triage: tri, Crisis: crisis, CreatedAt: at}, Corrected: corrected, ReferredFrom: from}
	}
	sure := func(ch consult.Channel) consult.TriageResult { return consult.TriageResult{Channel: ch} }
	may, june := jst(2026, 5, 10, 10, 0), jst(2026, 6, 2, 10, 0)
	cases := []consult.CaseRow{
		row(consult.Houkatsu, consult.KenriYougo, "", sure(consult.Houkatsu), "", may),
		row(consult.Houkatsu, "", "", sure(consult.Houkatsu), "", may),
		row(consult.Houkatsu, consult.Shougai, "", consult.TriageResult{}, "", june),
		row(consult.Other, "", "", consult.TriageResult{Crisis: consult.Suicide}, consult.Suicide, june),
		// A staff referral is not counted as the bot's routing.
		row(consult.KenriYougo, "", consult.Houkatsu, sure(consult.Houkatsu), "", may),
		// Outside the period.
		row(consult.Houkatsu, consult.DV, "", sure(consult.Houkatsu), "", jst(2026, 4, 30, 10, 0)),
	}
	corr := []consult.RoutingCorrection{
		{Routed: consult.Houkatsu, Channel: consult.KenriYougo, At: may},
		{Routed: consult.Houkatsu, Channel: consult.Shougai, At: june},
		{Routed: consult.Houkatsu, Channel: consult.KenriYougo, At: june},
		{Routed: consult.Houkatsu, Channel: consult.DV, At: jst(2026, 4, 30, 12, 0)},
	}
	q := computeQuality(p, cases, corr)
	if q.Total.Cases != 4 || q.Total.Corrected != 2 || q.Total.Unclear != 1 || q.Total.Crises != 1 || q.Corrections != 3 {
		t.Errorf("total = %+v, corrections %d", q.Total, q.Corrections)
	}
	hk := q.Channels[5]
	if hk.Channel != consult.Houkatsu || hk.Cases != 3 || hk.Corrected != 2 || math.Abs(hk.Accuracy()-1.0/3) > 1e-9 {
		t.Errorf("houkatsu = %+v (accuracy %v)", hk, hk.Accuracy())
	}
	if !math.IsNaN(q.Channels[0].Accuracy()) {
		t.Errorf("accuracy without cases = %v, want NaN", q.Channels[0].Accuracy())
	}
	if q.Months[0].Corrections != 1 || q.Months[1].Corrections != 2 || q.Months[1].UnclearRate() != 0.5 {
		t.Errorf("months = %+v", q.Months)
	}
	wantPairs := []confusion{{consult.Houkatsu, consult.KenriYougo, 2}, {consult.Houkatsu, consult.Shougai, 1}}
	if diff := cmp.Diff(wantPairs, q.Pairs); diff != "" {
		t.Errorf("pairs mismatch (-want +got):\n%s", diff)
	}
}

func TestParsePeriod(t *testing.T) {
	now := jst(2026, 6, 10, 11, 0)
	for _, tc := range []struct {
		q        url.Values
		from, to string
		n        int
	}{
		{url.Values{}, "2025-07", "2026-06", 12},
		{url.Values{"from": {"2026-01"}, "to": {"2026-03"}}, "2026-01", "2026-03", 3},
		{url.Values{"from": {"2026-05"}, "to": {"2026-01"}}, "2025-02", "2026-01", 12},
		{url.Values{"from": {"bad"}, "to": {"2026-02"}}, "2025-03", "2026-02", 12},
		{url.Values{"from": {"2000-01"}, "to": {"2026-06"}}, "2000-01", "2002-12", 36},
	} {
		p := parsePeriod(tc.q, 12, now)
		if p.From.String() != tc.from || p.To.String() != tc.to || len(p.Months) != tc.n {
			t.Errorf("parsePeriod(%v) = %s..%s (%d), want %s..%s (%d)", tc.q, p.From, p.To, len(p.Months), tc.from, tc.to, tc.n)
		}
	}
	p := parsePeriod(url.Values{"from": {"2026-05"}, "to": {"2026-05"}}, 12, now)
	if !p.Start().Equal(time.Date(2026, 4, 30, 15, 0, 0, 0, time.UTC)) || !p.End().Equal(time.Date(2026, 5, 31, 15, 0, 0, 0, time.UTC)) {
		t.Errorf("May in Tokyo = %v .. %v", p.Start(), p.End())
	}
}

func TestCharts(t *testing.T) {
	for v, want := range map[float64]float64{0: 1, 0.5: 1, 3: 5, 7: 10, 12: 20, 99: 100, 101: 200, 2500: 5000} {
		if got := niceMax(v); got != want {
			t.Errorf("niceMax(%v) = %v, want %v", v, got, want)
		}
	}
	for peak, want := range map[float64]float64{0: 4, 3: 4, 5: 8, 30: 40, 41: 80, 150: 200} {
		if got := countScale(peak); got != want {
			t.Errorf("countScale(%v) = %v, want %v", peak, got, want)
		}
	}
	c := columns([]string{"05", "06"}, []series{{Name: "a", Class: "s0", Values: []float64{2, 0}}, {Name: "b", Class: "s1", Values: []float64{3, 1}}}, countScale)
	if len(c.Rects) != 3 || len(c.Legend) != 2 {
		t.Fatalf("columns: %d rects, %d legend items", len(c.Rects), len(c.Legend))
	}
	// May's stack rises from the axis (y 252) to 5 of a scale of 8 over
	// 216 px (y 117); the grid lines are at 0, 2, 4, 6, 8.
	a, b := c.Rects[0], c.Rects[1]
	near := func(x, y float64) bool { return math.Abs(x-y) < 1e-6 }
	if !near(a.Y+a.H, 252) || !near(b.Y+b.H, a.Y) || b.Y != 117 {
		t.Errorf("stack geometry: %+v %+v", a, b)
	}
	if len(c.Grid) != 5 || c.Texts[1].S != "2" {
		t.Errorf("grid = %+v, first tick label %q", c.Grid, c.Texts[1].S)
	}
	h := hbars([]string{"x", "y"}, []float64{4, 0}, "s0")
	if len(h.Rects) != 1 || h.Rects[0].W != 344 { // 4 of a scale of 5 over 430 px
		t.Errorf("hbars = %+v", h.Rects)
	}
}
