package console

import (
	"math"
	"slices"

	"github.com/n-csw/tsunagu/internal/consult"
)

// stat is the median and 90th percentile of a set of durations.
type stat struct {
	N      int
	Median float64
	P90    float64
}

// percentile is Excel's PERCENTILE.INC: linear interpolation between the
// closest ranks of the sorted values (p in [0,1]); NaN without values.
func percentile(sorted []float64, p float64) float64 {
	n := len(sorted)
	if n == 0 {
		return math.NaN()
	}
	h := p * float64(n-1)
	lo := int(math.Floor(h))
	if lo >= n-1 {
		return sorted[n-1]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}

func statOf(vals []float64) stat {
	s := slices.Clone(vals)
	slices.Sort(s)
	return stat{N: len(s), Median: percentile(s, 0.5), P90: percentile(s, 0.9)}
}

// figureCounts are the figures of one channel in one month (or a total).
type figureCounts struct {
	Cases int
	// ReferredIn: cases staff referred here from another channel.
	ReferredIn                int
	Emergency, Urgent, Normal int
	// Known counts cases whose channel hours are known; OutOfHours those
	// of them made while the channel's main place was closed.
	Known, OutOfHours int
	// Claim is the time to claim in minutes (claimed cases); Resolve the
	// time to resolve in hours (resolved cases), from the case's creation.
	Claim, Resolve                      stat
	FollowYes, FollowNotYet, FollowNone int

	claim, resolve []float64
}

// OutOfHoursShare is OutOfHours over Known (NaN when no hours are known).
func (f figureCounts) OutOfHoursShare() float64 { return ratio(f.OutOfHours, f.Known) }

func (f *figureCounts) add(c consult.CaseRow, hours Hours) {
	f.Cases++
	if c.ReferredFrom != "" {
		f.ReferredIn++
	}
	switch c.Urgency {
	case consult.Emergency:
		f.Emergency++
	case consult.Urgent:
		f.Urgent++
	default:
		f.Normal++
	}
	if open, known := hours(c.Channel, c.CreatedAt); known {
		f.Known++
		if !open {
			f.OutOfHours++
		}
	}
	if !c.ClaimedAt.IsZero() && !c.ClaimedAt.Before(c.CreatedAt) {
		f.claim = append(f.claim, c.ClaimedAt.Sub(c.CreatedAt).Minutes())
	}
	if c.Status == consult.CaseResolved && !c.ClosedAt.Before(c.CreatedAt) {
		f.resolve = append(f.resolve, c.ClosedAt.Sub(c.CreatedAt).Hours())
	}
	switch c.FollowUpAnswer {
	case "yes":
		f.FollowYes++
	case "not-yet":
		f.FollowNotYet++
	case "no-need":
		f.FollowNone++
	}
}

func (f *figureCounts) finish() {
	f.Claim, f.Resolve = statOf(f.claim), statOf(f.resolve)
}

// Figures are the monthly figures of a period.
type Figures struct {
	Period   period
	Channels []consult.Channel
	// Cells[m][c] are month m's figures of channel c.
	Cells [][]figureCounts
	// Months are the month totals; ByChannel the period's totals per
	// channel; Total the period's total.
	Months    []figureCounts
	ByChannel []figureCounts
	Total     figureCounts
}

// computeFigures counts every case created in the period by month (Tokyo
// time) and channel: each channel's caseload, referrals in included.
func computeFigures(p period, cases []consult.CaseRow, hours Hours) Figures {
	chs := consult.Channels()
	f := Figures{Period: p, Channels: chs, Cells: make([][]figureCounts, len(p.Months)),
		Months: make([]figureCounts, len(p.Months)), ByChannel: make([]figureCounts, len(chs))}
	for i := range f.Cells {
		f.Cells[i] = make([]figureCounts, len(chs))
	}
	chIdx := map[consult.Channel]int{}
	for i, ch := range chs {
		chIdx[ch] = i
	}
	mIdx := p.index()
	for _, c := range cases {
		m, ok := mIdx[monthOf(c.CreatedAt)]
		ci, ok2 := chIdx[c.Channel]
		if !ok || !ok2 {
			continue
		}
		for _, k := range []*figureCounts{&f.Cells[m][ci], &f.Months[m], &f.ByChannel[ci], &f.Total} {
			k.add(c, hours)
		}
	}
	for m := range f.Cells {
		for c := range f.Cells[m] {
			f.Cells[m][c].finish()
		}
		f.Months[m].finish()
	}
	for c := range f.ByChannel {
		f.ByChannel[c].finish()
	}
	f.Total.finish()
	return f
}
