package console

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
)

type figuresData struct {
	Figures
	UrgencyChart chart
	ChannelChart chart
	ClaimChart   chart
}

// figuresPage shows the monthly figures (default: the last twelve months).
func (s *Server) figuresPage(w http.ResponseWriter, r *http.Request) {
	f, ok := s.figures(w, r)
	if !ok {
		return
	}
	labels := make([]string, len(f.Months))
	em, ur, no := make([]float64, len(f.Months)), make([]float64, len(f.Months)), make([]float64, len(f.Months))
	for i, m := range f.Months {
		labels[i] = f.Period.Months[i].String()[2:]
		em[i], ur[i], no[i] = float64(m.Emergency), float64(m.Urgent), float64(m.Normal)
	}
	names := make([]string, len(f.Channels))
	counts, claims := make([]float64, len(f.Channels)), make([]float64, len(f.Channels))
	for i, ch := range f.Channels {
		names[i] = s.labels.Get("channel", string(ch))
		counts[i] = float64(f.ByChannel[i].Cases)
		if v := f.ByChannel[i].Claim.Median; !math.IsNaN(v) {
			claims[i] = math.Round(v*10) / 10
		}
	}
	d := figuresData{Figures: f,
		UrgencyChart: columns(labels, []series{
			{Name: s.labels.Get("urgency", "emergency"), Class: "s-emergency", Values: em},
			{Name: s.labels.Get("urgency", "urgent"), Class: "s-urgent", Values: ur},
			{Name: s.labels.Get("urgency", "normal"), Class: "s-normal", Values: no}}, countScale),
		ChannelChart: hbars(names, counts, "s0"),
		ClaimChart:   hbars(names, claims, "s1")}
	s.render(w, r, http.StatusOK, "figures", "figures", d)
}

func (s *Server) figures(w http.ResponseWriter, r *http.Request) (Figures, bool) {
	p := parsePeriod(r.URL.Query(), 12, s.now())
	cases, err := s.store.CasesCreated(r.Context(), p.Start(), p.End())
	if err != nil {
		s.failErr(w, r, "figures", err)
		return Figures{}, false
	}
	return computeFigures(p, cases, s.hours), true
}

// exportFigures writes the figures as CSV for Excel: UTF-8 with a byte
// order mark (else Excel reads Shift_JIS and shows mojibake) and CRLF line
// ends. One row per month and channel, a total row per month, and the
// period's rows per channel and in all.
func (s *Server) exportFigures(w http.ResponseWriter, r *http.Request) {
	f, ok := s.figures(w, r)
	if !ok {
		return
	}
	var buf bytes.Buffer
	if err := writeFiguresCSV(&buf, f, s.labels); err != nil {
		s.failErr(w, r, "write csv", err)
		return
	}
	if err := s.record(r, "export.figures", 0, f.Period.Query()); err != nil {
		s.failErr(w, r, "audit export", err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="tsunagu-figures-%s_%s.csv"`, f.Period.From, f.Period.To))
	_, _ = buf.WriteTo(w)
}

// csvColumns are the label keys (kind "csv") of the header, in order.
var csvColumns = []string{"month", "channel_id", "channel", "cases", "referred_in", "emergency", "urgent", "normal",
	"out_of_hours", "out_of_hours_share", "claimed", "claim_median", "claim_p90", "resolved", "resolve_median",
	"resolve_p90", "followup_yes", "followup_not_yet", "followup_no_need"}

func writeFiguresCSV(w io.Writer, f Figures, l Labels) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	head := make([]string, len(csvColumns))
	for i, k := range csvColumns {
		head[i] = l.Get("csv", k)
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	row := func(when, chID, chName string, k figureCounts) error {
		return cw.Write([]string{when, chID, chName, itoa(k.Cases), itoa(k.ReferredIn), itoa(k.Emergency),
			itoa(k.Urgent), itoa(k.Normal), itoa(k.OutOfHours), pct1(k.OutOfHoursShare()), itoa(k.Claim.N),
			num1(k.Claim.Median), num1(k.Claim.P90), itoa(k.Resolve.N), num1(k.Resolve.Median), num1(k.Resolve.P90),
			itoa(k.FollowYes), itoa(k.FollowNotYet), itoa(k.FollowNone)})
	}
	total := l.Get("csv", "total")
	for m, mon := range f.Period.Months {
		for c, ch := range f.Channels {
			if err := row(mon.String(), string(ch), l.Get("channel", string(ch)), f.Cells[m][c]); err != nil {
				return err
			}
		}
		if err := row(mon.String(), "", total, f.Months[m]); err != nil {
			return err
		}
	}
	span := f.Period.From.String() + "/" + f.Period.To.String()
	for c, ch := range f.Channels {
		if err := row(span, string(ch), l.Get("channel", string(ch)), f.ByChannel[c]); err != nil {
			return err
		}
	}
	if err := row(span, "", total, f.Total); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

func itoa(n int) string { return strconv.Itoa(n) }

// num1 writes one decimal; no value is an empty cell.
func num1(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

func pct1(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return num1(v * 100)
}
