package triage

import (
	"testing"
	"time"

	"github.com/n-csw/tsunagu/dict"
	"github.com/n-csw/tsunagu/internal/nlp"
)

// benchTexts are typical messages: short, colloquial, hiragana, long.
var benchTexts = []string{
	"母の介護認定をうけたい",
	"しごとない おかねない",
	"うちのばあちゃん最近ボケてきたっぽい。同じ話を何回もするし、財布どこ置いたかすぐ忘れる",
	"父の介護のために、正社員の仕事を辞めるかどうか迷っています。父は要介護2で、日中一人にしておくのが心配です。でも辞めたら収入がなくなって、二人で暮らしていけるかわかりません。介護と仕事を両立する方法はありますか。",
}

// BenchmarkTriage is the whole triage of one message (normalise, tokenize
// once, match, score). Compare with BenchmarkKagome.
func BenchmarkTriage(b *testing.B) {
	tr := triager(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range benchTexts {
			tr.Triage(s)
		}
	}
}

// BenchmarkKagome is raw Kagome tokenization of the same texts with the
// same dictionaries: the baseline (issue 3 allows triage at most 2×).
func BenchmarkKagome(b *testing.B) {
	an, err := nlp.Shared()
	if err != nil {
		b.Fatal(err)
	}
	texts := make([]string, len(benchTexts))
	for i, s := range benchTexts {
		texts[i] = nlp.Normalize(s)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range texts {
			an.RawTokenize(s)
		}
	}
}

// BenchmarkLoadLexicons is the start-up cost of compiling dict/ (the IPA
// dictionary itself is loaded once before the timer).
func BenchmarkLoadLexicons(b *testing.B) {
	an, err := nlp.Shared()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(an, dict.FS); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRatio times triage and raw Kagome alternately on the same
// messages, so that a busy machine slows both alike, and reports triage
// time as a multiple of Kagome's ("x-kagome"; issue 3 allows 2).
func BenchmarkRatio(b *testing.B) {
	tr := triager(b)
	an, err := nlp.Shared()
	if err != nil {
		b.Fatal(err)
	}
	norm := make([]string, len(benchTexts))
	for i, s := range benchTexts {
		norm[i] = nlp.Normalize(s)
	}
	var tk, tt time.Duration
	for b.Loop() {
		for i, s := range benchTexts {
			t0 := time.Now()
			an.RawTokenize(norm[i])
			t1 := time.Now()
			tr.Triage(s)
			t2 := time.Now()
			tk += t1.Sub(t0)
			tt += t2.Sub(t1)
		}
	}
	if tk > 0 {
		b.ReportMetric(float64(tt)/float64(tk), "x-kagome")
	}
}
