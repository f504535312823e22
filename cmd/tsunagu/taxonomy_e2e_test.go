package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/n-csw/tsunagu/internal/linesim"
)

// TestTaxonomyExamplesReachTheirCard: every example of taxonomy.md reaches
// its channel's card — with a tap-to-call button and whether it is open
// now — from one sentence, or with at most three taps.
func TestTaxonomyExamplesReachTheirCard(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	tests := []struct {
		text    string
		channel string
		taps    []string // answers to guiding questions, in order
	}{
		{"家賃が二か月払えていなくて大家さんに怒られた", "seikatsu-soudan", nil},
		{"向かいの家のおじいさん、新聞がたまっている", "chiiki-fukushi", nil},
		{"重い米を運べない、85歳", "seikatsu-shien", nil},
		{"懇談会ってだれでも出られますか", "fureai", nil},
		{"土日だけボランティアしたい", "volunteer", nil},
		{"母の介護認定をうけたい", "houkatsu", nil},
		{"療育手帳のことを聞きたい", "shougai", nil},
		{"赤ちゃんが泣きやまなくてつらい", "kosodate", nil},
		{"父の年金の管理をだれかに頼みたい、物忘れがある", "kenri-yougo", nil},
		{"元夫につきまとわれている", "dv", nil},
		{"寄付をしたい", "other", nil},
	}
	statusWords := []string{"あいて います", "しまって います", "電話で きいて ください"}
	for i, tc := range tests {
		u := linesim.UserID("taxonomy-" + tc.channel)
		start := time.Now()
		if _, err := h.client.Text(context.Background(), u, tc.text); err != nil {
			t.Fatal(err)
		}
		h.wait(u, 1, 5*time.Second)
		if i == 0 {
			t.Logf("first answer after %v", time.Since(start))
		}
		for _, label := range tc.taps {
			h.tap(u, label)
		}
		if len(tc.taps) > 3 {
			t.Errorf("%s: %d taps, the promise is at most three", tc.text, len(tc.taps))
		}
		ds := h.api.Deliveries(u)
		last := deliveryText(ds[len(ds)-1])
		if !strings.Contains(last, "v1:e:handoff:"+tc.channel) {
			t.Errorf("%q did not reach the %s card:\n%s", tc.text, tc.channel, renderDelivery(ds[len(ds)-1]))
			continue
		}
		if !strings.Contains(last, `"uri":"tel:`) {
			t.Errorf("%q: the %s card has no tap-to-call button", tc.text, tc.channel)
		}
		status := false
		for _, w := range statusWords {
			status = status || strings.Contains(last, w)
		}
		if !status {
			t.Errorf("%q: the %s card does not say whether it is open now", tc.text, tc.channel)
		}
	}
}

// TestCrisisNumbersInFirstBubble: a crisis message gets the numbers to call
// in the first bubble of the first reply, under a second.
func TestCrisisNumbersInFirstBubble(t *testing.T) {
	h := newHarness(t, harnessOpts{})
	for _, text := range []string{"もう生きていたくない", "しにたい", "夫に殴られています、いま", "母がたおれて息をしていない", "台所が燃えている"} {
		u := linesim.UserID("crisis-" + text)
		start := time.Now()
		if _, err := h.client.Text(context.Background(), u, text); err != nil {
			t.Fatal(err)
		}
		d := h.wait(u, 1, 5*time.Second)[0]
		if took := time.Since(start); took > time.Second {
			t.Errorf("%q answered after %v", text, took)
		}
		first := string(d.Messages[0])
		if !strings.Contains(first, `"type":"flex"`) || !strings.Contains(first, `"uri":"tel:`) {
			t.Errorf("%q: first bubble has no numbers to call: %s", text, first)
		}
		if strings.Contains(first, `"quickReply"`) && len(d.Messages) == 1 {
			t.Errorf("%q: a question came with the numbers", text)
		}
	}
}
