package console

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"sort"
	"strconv"

	"github.com/n-csw/tsunagu/internal/consult"
)

// qualityCounts are the counts behind a quality line.
type qualityCounts struct {
	// Cases the bot routed (referrals by staff are not the bot's decision).
	Cases int
	// Corrected: a coordinator said another channel was right.
	Corrected int
	// Unclear: the triage could not tell a channel from the text (the
	// resident chose with buttons or answered a guiding question).
	Unclear int
	// Crises: the triage found a crisis.
	Crises int
}

// Accuracy is the share of routed cases not corrected (NaN without cases).
// Cases nobody reviewed count as right: it is an upper bound.
func (q qualityCounts) Accuracy() float64 { return ratio(q.Cases-q.Corrected, q.Cases) }

// UnclearRate is the share of routed cases whose text was unclear.
func (q qualityCounts) UnclearRate() float64 { return ratio(q.Unclear, q.Cases) }

func ratio(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

type qualityMonth struct {
	Month string
	qualityCounts
	// Corrections given in the month (whenever the case was made).
	Corrections int
}

type channelQuality struct {
	Channel consult.Channel
	qualityCounts
}

// confusion is how often coordinators moved cases From one channel To another.
type confusion struct {
	From, To consult.Channel
	N        int
}

// Quality is the quality page: the bot against coordinators' corrections.
type Quality struct {
	Period      period
	Total       qualityCounts
	Corrections int
	Months      []qualityMonth
	Channels    []channelQuality
	Pairs       []confusion
}

// computeQuality counts, for the cases created in the period, how many the
// bot routed, how many were corrected, unclear or crises, per month and per
// channel; and, for the corrections given in the period, which channel
// pairs were confused most.
func computeQuality(p period, cases []consult.CaseRow, corrections []consult.RoutingCorrection) Quality {
	q := Quality{Period: p, Months: make([]qualityMonth, len(p.Months))}
	idx := p.index()
	for i, m := range p.Months {
		q.Months[i].Month = m.String()
	}
	per := map[consult.Channel]*qualityCounts{}
	for _, ch := range consult.Channels() {
		per[ch] = &qualityCounts{}
	}
	for _, c := range cases {
		i, ok := idx[monthOf(c.CreatedAt)]
		if !ok || c.ReferredFrom != "" {
			continue
		}
		counts := []*qualityCounts{&q.Total, &q.Months[i].qualityCounts}
		if pc, ok := per[c.Channel]; ok {
			counts = append(counts, pc)
		}
		for _, k := range counts {
			k.Cases++
			if c.Corrected != "" && c.Corrected != c.Channel {
				k.Corrected++
			}
			if c.Triage.Unclear() {
				k.Unclear++
			}
			if c.Crisis != consult.NoCrisis {
				k.Crises++
			}
		}
	}
	for _, ch := range consult.Channels() {
		q.Channels = append(q.Channels, channelQuality{Channel: ch, qualityCounts: *per[ch]})
	}
	pairs := map[[2]consult.Channel]int{}
	for _, corr := range corrections {
		i, ok := idx[monthOf(corr.At)]
		if !ok || corr.Routed == corr.Channel {
			continue
		}
		q.Corrections++
		q.Months[i].Corrections++
		pairs[[2]consult.Channel{corr.Routed, corr.Channel}]++
	}
	for k, n := range pairs {
		q.Pairs = append(q.Pairs, confusion{From: k[0], To: k[1], N: n})
	}
	sort.Slice(q.Pairs, func(i, j int) bool {
		a, b := q.Pairs[i], q.Pairs[j]
		if a.N != b.N {
			return a.N > b.N
		}
		return a.From+a.To < b.From+b.To
	})
	if len(q.Pairs) > 10 {
		q.Pairs = q.Pairs[:10]
	}
	return q
}

type qualityData struct {
	Quality
	CorrectionsChart chart
	UnclearChart     chart
}

// qualityPage shows routing quality over the chosen months (default six).
func (s *Server) qualityPage(w http.ResponseWriter, r *http.Request) {
	p := parsePeriod(r.URL.Query(), 6, s.now())
	cases, err := s.store.CasesCreated(r.Context(), p.Start(), p.End())
	if err != nil {
		s.failErr(w, r, "quality cases", err)
		return
	}
	corr, err := s.store.Corrections(r.Context(), p.Start(), p.End())
	if err != nil {
		s.failErr(w, r, "quality corrections", err)
		return
	}
	q := computeQuality(p, cases, corr)
	labels := make([]string, len(q.Months))
	corrections, unclear := make([]float64, len(q.Months)), make([]float64, len(q.Months))
	for i, m := range q.Months {
		labels[i], corrections[i] = m.Month[2:], float64(m.Corrections)
		if r := m.UnclearRate(); !math.IsNaN(r) {
			unclear[i] = r * 100
		}
	}
	d := qualityData{Quality: q,
		CorrectionsChart: columns(labels, []series{{Name: s.labels.Get("chart", "corrections"), Class: "s0", Values: corrections}}, countScale),
		UnclearChart:     columns(labels, []series{{Name: s.labels.Get("chart", "unclear"), Class: "s1", Values: unclear}}, percentScale)}
	s.render(w, r, http.StatusOK, "quality", "quality", d)
}

// evalRow is one line of the export, in the format `tsunagu eval` reads.
type evalRow struct {
	ID      string `json:"id"`
	Text    string `json:"text"`
	Channel string `json:"channel"`
	Crisis  string `json:"crisis"`
	Urgency string `json:"urgency"`
}

// exportCorrections writes the period's corrections as JSON lines for
// `tsunagu eval` (corrections whose text retention removed are left out).
func (s *Server) exportCorrections(w http.ResponseWriter, r *http.Request) {
	p := parsePeriod(r.URL.Query(), 6, s.now())
	corr, err := s.store.Corrections(r.Context(), p.Start(), p.End())
	if err != nil {
		s.failErr(w, r, "export corrections", err)
		return
	}
	var rows []evalRow
	for _, c := range corr {
		if c.Text == "" {
			continue
		}
		rows = append(rows, evalRow{ID: "case-" + strconv.FormatInt(c.CaseID, 10), Text: c.Text, Channel: string(c.Channel),
			Crisis: string(c.Crisis), Urgency: string(c.Urgency)})
	}
	if err := s.record(r, "export.corrections", 0, fmt.Sprintf("%s rows=%d", p.Query(), len(rows))); err != nil {
		s.failErr(w, r, "audit export", err)
		return
	}
	w.Header().Set("Content-Type", "application/x-ndjson; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="corrections-%s_%s.jsonl"`, p.From, p.To))
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for _, row := range rows {
		if err := enc.Encode(row); err != nil {
			return
		}
	}
	_ = bw.Flush()
}
