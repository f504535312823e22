package linesim

import (
	"math/bits"
	"sync"
	"time"
)

// Histogram records durations in log-linear buckets (32 per power of two,
// so quantiles are within about 3 %), from 1 µs to days, in constant
// memory. It is safe for concurrent use.
type Histogram struct {
	mu     sync.Mutex
	counts [histBuckets]uint64
	n      uint64
	sum    time.Duration
	min    time.Duration
	max    time.Duration
}

const (
	histSubBits = 5
	histSub     = 1 << histSubBits // 32
	histMaxExp  = 40 - histSubBits - 1
	histBuckets = histSub * (histMaxExp + 2)
)

// histIndex maps a value in microseconds to its bucket.
func histIndex(us uint64) int {
	if us < histSub {
		return int(us)
	}
	e := bits.Len64(us) - histSubBits - 1
	if e > histMaxExp {
		return histBuckets - 1
	}
	return histSub*(e+1) + int(us>>uint(e)) - histSub
}

// histValue returns the middle of a bucket, in microseconds.
func histValue(i int) uint64 {
	if i < histSub {
		return uint64(i)
	}
	e := uint(i/histSub - 1)
	m := uint64(i%histSub + histSub)
	lo, hi := m<<e, (m+1)<<e-1
	return lo + (hi-lo)/2
}

// Record adds one duration (negative counts as 0).
func (h *Histogram) Record(d time.Duration) {
	if d < 0 {
		d = 0
	}
	i := histIndex(uint64(d / time.Microsecond))
	h.mu.Lock()
	h.counts[i]++
	if h.n == 0 || d < h.min {
		h.min = d
	}
	if d > h.max {
		h.max = d
	}
	h.n++
	h.sum += d
	h.mu.Unlock()
}

// Count returns how many durations were recorded.
func (h *Histogram) Count() uint64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.n
}

// Quantile returns the q-quantile (0 ≤ q ≤ 1); 0 when empty.
func (h *Histogram) Quantile(q float64) time.Duration {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.quantileLocked(q)
}

func (h *Histogram) quantileLocked(q float64) time.Duration {
	if h.n == 0 {
		return 0
	}
	if q >= 1 {
		return h.max
	}
	if q <= 0 {
		return h.min
	}
	rank := uint64(q*float64(h.n-1)) + 1
	var seen uint64
	for i, c := range h.counts {
		seen += c
		if seen >= rank {
			d := time.Duration(histValue(i)) * time.Microsecond
			return min(max(d, h.min), h.max)
		}
	}
	return h.max
}

// Summary returns count, mean, common percentiles and extremes.
func (h *Histogram) Summary() HistogramSummary {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := HistogramSummary{Count: h.n, Min: h.min, Max: h.max}
	if h.n > 0 {
		s.Mean = h.sum / time.Duration(h.n)
		s.P50 = h.quantileLocked(0.50)
		s.P90 = h.quantileLocked(0.90)
		s.P99 = h.quantileLocked(0.99)
	}
	return s
}

// Reset forgets every recorded value.
func (h *Histogram) Reset() {
	h.mu.Lock()
	clear(h.counts[:])
	h.n, h.sum, h.min, h.max = 0, 0, 0, 0
	h.mu.Unlock()
}

// HistogramSummary is a snapshot of a Histogram.
type HistogramSummary struct {
	Count          uint64
	Mean, Min, Max time.Duration
	P50, P90, P99  time.Duration
}
