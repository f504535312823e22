package triage

import (
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
func TestLongMessageIsBounded(t *testing.T) {
	tr := triager(t)
	long := strings.Repeat("母の介護のことで悩んでいて、家賃も払えず、子どもも学校に行けていません。しにたい。", 120)
	weird := strings.Repeat("ぁ", 5000) + strings.Repeat("介", 5000) + strings.Repeat("a", 5000)
	for _, s := range []string{long, weird} {
		start := time.Now()
		r := tr.Triage(s)
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%d runes took %v", utf8.RuneCountInString(s), d)
		}
		_ = r
	}
	if r := tr.Triage(long); r.Crisis != consult.Suicide {
		t.Errorf("long message: crisis %q, want suicide", r.Crisis)
	}
}
