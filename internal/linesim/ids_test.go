package linesim

import (
	"math/rand/v2"
	"sort"
	"testing"
	"time"
)

func TestULID(t *testing.T) {
	at := time.Date(2026, 4, 1, 9, 0, 0, 123e6, time.UTC)
	var ids []string
	for range 1000 {
		ids = append(ids, NewULID(at))
	}
	for i, id := range ids {
		if !ulidRe.MatchString(id) {
			t.Fatalf("%q is not a ULID", id)
		}
		if i > 0 && id <= ids[i-1] {
			t.Fatalf("not increasing within a millisecond: %s after %s", id, ids[i-1])
		}
	}
	if got, ok := ulidTime(ids[0]); !ok || !got.Equal(at.Truncate(time.Millisecond)) {
		t.Errorf("ulidTime = %v %v, want %v", got, ok, at)
	}
	// a known value: 48-bit time 0x0000_0000_0001, zero randomness
	var b [16]byte
	b[5] = 1
	if got := encodeULID(b); got != "0000000001"+"0000000000000000" {
		t.Errorf("encodeULID = %s", got)
	}
	later := NewULID(at.Add(time.Hour))
	if later <= ids[len(ids)-1] {
		t.Error("a later ULID sorts first")
	}
}

func TestIDs(t *testing.T) {
	if !IsUserID(UserID("x")) || IsUserID(GroupID("x")) || !isChatID(GroupID("x")) || !isChatID(RoomID("x")) {
		t.Error("ID shapes")
	}
	if UserID("x") != UserID("x") || UserID("x") == UserID("y") {
		t.Error("UserID is not a function of the name")
	}
	for range 100 {
		if k := NewRetryKey(); !isUUID(k) || k[14] != '4' {
			t.Fatalf("retry key %q", k)
		}
	}
	for _, bad := range []string{"", "123", "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz", "123e4567e89b12d3a456426614174000aaaa"} {
		if isUUID(bad) {
			t.Errorf("isUUID(%q)", bad)
		}
	}
	if a, b := newMessageID(), newMessageID(); a == b || len(a) != 18 {
		t.Errorf("message IDs %s %s", a, b)
	}
}

func TestHistogramQuantiles(t *testing.T) {
	var h Histogram
	r := rand.New(rand.NewPCG(1, 2))
	var vals []time.Duration
	for range 20000 {
		d := time.Duration(r.ExpFloat64() * float64(50*time.Millisecond))
		vals = append(vals, d)
		h.Record(d)
	}
	sort.Slice(vals, func(i, j int) bool { return vals[i] < vals[j] })
	for _, q := range []float64{0.5, 0.9, 0.99} {
		exact := vals[int(q*float64(len(vals)-1))]
		got := h.Quantile(q)
		if diff := float64(got-exact) / float64(exact); diff > 0.04 || diff < -0.04 {
			t.Errorf("q%.2f = %v, exact %v (%.1f%% off)", q, got, exact, diff*100)
		}
	}
	s := h.Summary()
	if s.Count != 20000 || s.Max != vals[len(vals)-1] || s.Min != vals[0] {
		t.Errorf("summary = %+v", s)
	}
	h.Reset()
	if h.Count() != 0 || h.Quantile(0.5) != 0 {
		t.Error("Reset kept values")
	}
	h.Record(72 * time.Hour * 365) // beyond the last bucket: clamped, not lost
	if h.Quantile(0.5) != 72*time.Hour*365 {
		t.Errorf("huge value: %v", h.Quantile(0.5))
	}
}

func TestHistIndexMonotonic(t *testing.T) {
	prev := -1
	for us := uint64(0); us < 1<<22; us += 1 + us/50 {
		i := histIndex(us)
		if i < prev {
			t.Fatalf("index decreases at %d µs", us)
		}
		if v := histValue(i); us >= 32 && (float64(v) < float64(us)*0.96 || float64(v) > float64(us)*1.04) {
			t.Fatalf("bucket value %d for %d µs", v, us)
		}
		prev = i
	}
}
