package triage

import (
	"math"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/n-csw/tsunagu/internal/consult"
)

func FuzzTriage(f *testing.F) {
	for _, s := range []string{"しにたい", "お金あらへん", "ｶﾞｽ代", "死にたくないわけじゃない", "I want to die", "我不想活了",
		"\xff\xfe", "ーーー〜〜", "{partner}+{hit}", "。。、、", "ぁぃぅぇぉっゃゅょ", "介護+保険", strings.Repeat("あ", 300)} {
		f.Add(s)
	}
	tr := triager(f)
	f.Fuzz(func(t *testing.T, s string) {
		r := tr.Triage(s)
		if r.Channel != "" && !r.Channel.Valid() || !r.Crisis.Valid() || !r.Urgency.Valid() {
			t.Fatalf("invalid result %+v", r)
		}
		if (r.Crisis != consult.NoCrisis) != (r.Urgency == consult.Emergency) {
			t.Fatalf("crisis %q with urgency %q", r.Crisis, r.Urgency)
		}
		if r.Confidence < 0 || r.Confidence > 1 {
			t.Fatalf("confidence %v", r.Confidence)
		}
		for _, e := range r.Evidence {
			if !utf8.ValidString(e.Term) {
				t.Fatalf("evidence term %q", e.Term)
			}
		}
	})
}

// A long worried message costs bounded time.
// TestLongMessageIsBounded checks that triage of a long or pathological
// message costs about what cutting it into words costs — no step is
// quadratic in the message. The bound is a ratio of two timings taken in
// the same process, so a slow or busy machine (CI under -race) slows both
// alike; the absolute cost is shown by BenchmarkTriage.
func TestLongMessageIsBounded(t *testing.T) {
	tr := triager(t)
	long := strings.Repeat("母の介護のことで悩んでいて、家賃も払えず、子どもも学校に行けていません。しにたい。", 120)
	weird := strings.Repeat("ぁ", 5000) + strings.Repeat("介", 5000) + strings.Repeat("a", 5000)
	fastest := func(f func()) time.Duration {
		best := time.Duration(math.MaxInt64)
		for range 3 {
			start := time.Now()
			f()
			best = min(best, time.Since(start))
		}
		return best
	}
	const maxRatio = 25
	for _, s := range []string{long, weird} {
		cut := truncate(s, MaxRunes)
		tokenize := fastest(func() { tr.an.RawTokenize(cut) })
		triage := fastest(func() { tr.Triage(s) })
		ratio := float64(triage) / float64(max(tokenize, time.Microsecond))
		t.Logf("%d runes: tokenize %v, triage %v (×%.1f)", utf8.RuneCountInString(s), tokenize, triage, ratio)
		if ratio > maxRatio {
			t.Errorf("%d runes: triage took %v, %.0f× the %v of tokenizing it (bound ×%d)",
				utf8.RuneCountInString(s), triage, ratio, tokenize, maxRatio)
		}
	}
	if r := tr.Triage(long); r.Crisis != consult.Suicide {
		t.Errorf("long message: crisis %q, want suicide", r.Crisis)
	}
}
