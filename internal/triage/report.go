package triage

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/n-csw/tsunagu/internal/consult"
)

// Report is the score of a triage over labelled rows.
//
// Channel accuracy is over rows with a channel and no crisis: the lead
// must be the label or one of its acceptable runner-ups (`also`); Top2 also
// counts the predicted runner-up. Crisis recall is over rows with a crisis
// (any kind; the kind match is separate); false alarms are predicted
// crises on rows without one, as a share of those rows. Unclear detection
// is over rows with neither channel nor crisis. Urgent recall is over rows
// labelled urgent or emergency, predicted at least urgent.
type Report struct {
	Rows           int `json:"rows"`
	ChannelRows    int `json:"channel_rows"`
	ChannelCorrect int `json:"channel_correct"`
	Top2Correct    int `json:"top2_correct"`
	Abstained      int `json:"abstained"`
	// Learned and LearnedRight: channel rows whose lead the learned model
	// named (as the fallback or as the second opinion), and how many of
	// those it got right.
	Learned      int `json:"learned"`
	LearnedRight int `json:"learned_right"`
	// LearnedUrgent and LearnedUrgentRight: rows the learned urgency model
	// made urgent, and how many of those are labelled urgent.
	LearnedUrgent      int `json:"learned_urgent"`
	LearnedUrgentRight int `json:"learned_urgent_right"`
	CrisisRows         int `json:"crisis_rows"`
	CrisisDetected     int `json:"crisis_detected"`
	CrisisKindMatch    int `json:"crisis_kind_match"`
	NonCrisisRows      int `json:"non_crisis_rows"`
	FalseAlarms        int `json:"false_alarms"`
	UnclearRows        int `json:"unclear_rows"`
	UnclearDetected    int `json:"unclear_detected"`
	UrgentRows         int `json:"urgent_rows"`
	UrgentRecalled     int `json:"urgent_recalled"`
	UrgentFalse        int `json:"urgent_false"`

	Accuracy       float64 `json:"accuracy"`
	Top2Accuracy   float64 `json:"top2_accuracy"`
	CrisisRecall   float64 `json:"crisis_recall"`
	CrisisKindRate float64 `json:"crisis_kind_rate"`
	FalseAlarmRate float64 `json:"false_alarm_rate"`
	UnclearRecall  float64 `json:"unclear_recall"`
	UrgentRecall   float64 `json:"urgent_recall"`

	PerChannel map[string]*ChannelStats  `json:"per_channel"`
	PerStyle   map[string]*StyleStats    `json:"per_style"`
	Confusion  map[string]map[string]int `json:"confusion"`
	Misses     []Miss                    `json:"misses,omitempty"`
}

// ChannelStats are precision and recall of one channel.
type ChannelStats struct {
	Support   int     `json:"support"`
	Predicted int     `json:"predicted"`
	TP        int     `json:"tp"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
}

// StyleStats is channel accuracy for one writing style.
type StyleStats struct {
	Rows     int     `json:"rows"`
	Correct  int     `json:"correct"`
	Accuracy float64 `json:"accuracy"`
}

// Goals are the thresholds of issue 3 for the held-out split.
var Goals = struct{ Accuracy, CrisisRecall, FalseAlarms, Unclear, Urgent float64 }{0.95, 1, 0.01, 0.90, 0.90}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func (rep *Report) finish() {
	rep.Accuracy = ratio(rep.ChannelCorrect, rep.ChannelRows)
	rep.Top2Accuracy = ratio(rep.Top2Correct, rep.ChannelRows)
	rep.CrisisRecall = ratio(rep.CrisisDetected, rep.CrisisRows)
	rep.CrisisKindRate = ratio(rep.CrisisKindMatch, rep.CrisisRows)
	rep.FalseAlarmRate = 0
	if rep.NonCrisisRows > 0 {
		rep.FalseAlarmRate = float64(rep.FalseAlarms) / float64(rep.NonCrisisRows)
	}
	rep.UnclearRecall = ratio(rep.UnclearDetected, rep.UnclearRows)
	rep.UrgentRecall = ratio(rep.UrgentRecalled, rep.UrgentRows)
	for _, st := range rep.PerChannel {
		st.Precision = ratio(st.TP, st.Predicted)
		st.Recall = ratio(st.TP, st.Support)
	}
	for _, st := range rep.PerStyle {
		st.Accuracy = ratio(st.Correct, st.Rows)
	}
}

// Failures lists the goals the report misses ("" when all are met).
func (rep *Report) Failures() []string {
	var f []string
	check := func(ok bool, format string, args ...any) {
		if !ok {
			f = append(f, fmt.Sprintf(format, args...))
		}
	}
	check(rep.Accuracy >= Goals.Accuracy, "channel accuracy %.1f%% < %.0f%%", 100*rep.Accuracy, 100*Goals.Accuracy)
	check(rep.CrisisRecall >= Goals.CrisisRecall, "crisis recall %.1f%% < %.0f%%", 100*rep.CrisisRecall, 100*Goals.CrisisRecall)
	check(rep.FalseAlarmRate <= Goals.FalseAlarms, "crisis false alarms %.1f%% > %.0f%%", 100*rep.FalseAlarmRate, 100*Goals.FalseAlarms)
	check(rep.UnclearRecall >= Goals.Unclear, "unclear detected %.1f%% < %.0f%%", 100*rep.UnclearRecall, 100*Goals.Unclear)
	check(rep.UrgentRecall >= Goals.Urgent, "urgent recall %.1f%% < %.0f%%", 100*rep.UrgentRecall, 100*Goals.Urgent)
	return f
}

// WriteText prints the report for people; with misses, every wrong row too.
func (rep *Report) WriteText(w io.Writer, misses bool) {
	pct := func(x float64) string { return fmt.Sprintf("%5.1f%%", 100*x) }
	fmt.Fprintf(w, "rows %d\n", rep.Rows)
	fmt.Fprintf(w, "channel accuracy   %s  (%d/%d; top-2 %s; abstained %d)\n", pct(rep.Accuracy), rep.ChannelCorrect, rep.ChannelRows, pct(rep.Top2Accuracy), rep.Abstained)
	fmt.Fprintf(w, "crisis recall      %s  (%d/%d; kind right %d)\n", pct(rep.CrisisRecall), rep.CrisisDetected, rep.CrisisRows, rep.CrisisKindMatch)
	fmt.Fprintf(w, "crisis false alarm %s  (%d/%d)\n", pct(rep.FalseAlarmRate), rep.FalseAlarms, rep.NonCrisisRows)
	fmt.Fprintf(w, "unclear detected   %s  (%d/%d)\n", pct(rep.UnclearRecall), rep.UnclearDetected, rep.UnclearRows)
	fmt.Fprintf(w, "urgent recall      %s  (%d/%d; urgent on normal rows %d)\n", pct(rep.UrgentRecall), rep.UrgentRecalled, rep.UrgentRows, rep.UrgentFalse)
	fmt.Fprintf(w, "learned models     named the lead of %d channel rows, right %d; made %d rows urgent, right %d\n", rep.Learned, rep.LearnedRight, rep.LearnedUrgent, rep.LearnedUrgentRight)
	fmt.Fprintf(w, "\n%-16s %9s %9s %7s\n", "channel", "precision", "recall", "support")
	for _, c := range consult.Channels() {
		st := rep.PerChannel[string(c)]
		fmt.Fprintf(w, "%-16s %9s %9s %7d\n", c, pct(st.Precision), pct(st.Recall), st.Support)
	}
	fmt.Fprintf(w, "\nconfusion (rows: label, columns: lead; . = 0)\n%-16s", "")
	cols := append(consult.Channels(), "")
	for _, c := range cols {
		fmt.Fprintf(w, " %4s", abbrev(string(c)))
	}
	fmt.Fprintln(w)
	for _, c := range consult.Channels() {
		fmt.Fprintf(w, "%-16s", c)
		for _, p := range cols {
			if n := rep.Confusion[string(c)][string(p)]; n > 0 {
				fmt.Fprintf(w, " %4d", n)
			} else {
				fmt.Fprintf(w, " %4s", ".")
			}
		}
		fmt.Fprintln(w)
	}
	styles := make([]string, 0, len(rep.PerStyle))
	for s := range rep.PerStyle {
		styles = append(styles, s)
	}
	sort.Strings(styles)
	fmt.Fprintf(w, "\nchannel accuracy by style\n")
	for _, s := range styles {
		st := rep.PerStyle[s]
		fmt.Fprintf(w, "  %-14s %s (%d/%d)\n", s, pct(st.Accuracy), st.Correct, st.Rows)
	}
	if f := rep.Failures(); len(f) > 0 {
		fmt.Fprintf(w, "\ngoals not met: %s\n", strings.Join(f, "; "))
	} else {
		fmt.Fprintf(w, "\nall goals met\n")
	}
	if misses {
		fmt.Fprintf(w, "\nmisses (%d)\n", len(rep.Misses))
		for _, m := range rep.Misses {
			var ev []string
			for _, e := range m.Got.Evidence {
				s := fmt.Sprintf("%s→%s%s%s:%g", e.Term, e.Channel, e.Crisis, urgencyTag(e), e.Weight)
				if e.Note != "" {
					s += "(" + e.Note + ")"
				}
				ev = append(ev, s)
			}
			fmt.Fprintf(w, "%s [%s] %s\n    %s | got %q runner-up %q crisis %q urgency %s | %s\n",
				m.Row.ID, m.Row.Style, m.Reason, m.Row.Text, m.Got.Channel, m.Got.RunnerUp, m.Got.Crisis, m.Got.Urgency, strings.Join(ev, " "))
		}
	}
}

func urgencyTag(e consult.Evidence) string {
	if e.Urgency == consult.Urgent {
		return "urgent"
	}
	return ""
}

func abbrev(c string) string {
	if c == "" {
		return `""`
	}
	if len(c) > 4 {
		return c[:4]
	}
	return c
}
