package triage

import (
	"slices"
	"testing"

	"github.com/n-csw/tsunagu/internal/consult"
)

// evidenceTerms lists the terms of a result's evidence.
func evidenceTerms(r consult.TriageResult) []string {
	var ts []string
	for _, e := range r.Evidence {
		ts = append(ts, e.Term)
	}
	return ts
}

// A katakana name typed with one slip finds its channel term (slip.go).
func TestKatakanaSlipMatches(t *testing.T) {
	tr := triager(t)
	tests := []struct {
		text    string
		channel consult.Channel
		term    string // the term the slipped name must find
	}{
		{"フードパンク どこ", consult.SeikatsuSoudan, "フードバンク"},           // パ for バ
		{"フードパンクってどこにありますか", consult.SeikatsuSoudan, "フードバンク"},    // before a particle
		{"ファミサボ つかいたい 1さい", consult.Kosodate, "ファミサポ"},            // ボ for ポ
		{"シュウロウイコー どこがいい", consult.Shougai, "就労移行"},               // ー for ウ
		{"ボランテイアをしたいです", consult.Volunteer, "ボランティア"},             // イ for ィ
		{"フード パンク どこ", consult.SeikatsuSoudan, "フードバンク"},          // across a space
		{"フードパンクのボランティアがしたい", consult.Volunteer, "フードバンク+ボランティア"}, // a part of an A+B term
		{"ボランテア したいです", consult.Volunteer, "ボランティア"},              // ィ left out
		{"フードバク どこ", consult.SeikatsuSoudan, "フードバンク"},            // ン left out
		{"ファミリーサポト 使いたい", consult.Kosodate, "ファミリーサポート"},          // ー left out
		{"フードバンンク どこ", consult.SeikatsuSoudan, "フードバンク"},          // ン doubled
		{"ボランティーアがしたい", consult.Volunteer, "ボランティア"},              // ー too many
	}
	for _, tt := range tests {
		got := tr.Triage(tt.text)
		if got.Channel != tt.channel || !slices.Contains(evidenceTerms(got), tt.term) {
			t.Errorf("%s: channel %q evidence %v, want %q with %s", tt.text, got.Channel, evidenceTerms(got), tt.channel, tt.term)
		}
	}
}

// Where a slip is not allowed, nothing matches loosely.
func TestKatakanaSlipBounds(t *testing.T) {
	tr := triager(t)
	tests := []struct {
		text string
		term string // the term that must not be found
	}{
		// short words never match loosely: ヘルパー is four kana
		{"ヘルバーさんに来てほしい", "ヘルパー"},
		// the first kana are typed right
		{"ブードバンク どこ", "フードバンク"},
		// katakana only: hiragana text is not slipped
		{"ふーどぱんく どこ", "フードバンク"},
		{"ふぁみさぼ つかいたい", "ファミサポ"},
		// kanji around the katakana are not slipped either
		{"フード半区の場所", "フードバンク"},
		// a slipped name is a whole word, not the start of a longer one
		{"ファミサボテン", "ファミサポ"},
		// a kana left out: the message is still five kana long
		{"ファミポ つかいたい", "ファミサポ"},
		// an exact find wins: ショウカイ is 紹介 (訪問先+紹介), not 障害
		{"ショウカイしてください", "障害"},
	}
	for _, tt := range tests {
		got := tr.Triage(tt.text)
		if slices.Contains(evidenceTerms(got), tt.term) {
			t.Errorf("%s: found %s (evidence %v)", tt.text, tt.term, evidenceTerms(got))
		}
	}
}

// A slip never raises a crisis: crisis terms are matched exactly.
func TestKatakanaSlipNoCrisis(t *testing.T) {
	tr := triager(t)
	for _, text := range []string{"オーバードース", "オーバードース した", "リストガット", "アナフィラキジー"} {
		got := tr.Triage(text)
		if got.Crisis != "" {
			t.Errorf("%s: crisis %q (evidence %v)", text, got.Crisis, got.Evidence)
		}
	}
	// written exactly, the same words are crises
	for _, text := range []string{"オーバードーズ", "リストカット"} {
		if got := tr.Triage(text); got.Crisis == "" {
			t.Errorf("%s: no crisis", text)
		}
	}
	// and no pattern a slip may find is anything but a channel term
	m := tr.m
	for i := range m.rnodes {
		for _, p := range append(slices.Clip(m.rnodes[i].slipEnds), m.rnodes[i].slipDeferred...) {
			if k := m.pats[p].kind; k != toChannel {
				t.Fatalf("reading node %d: slipped pattern of %s has kind %d", i, tr.entries[m.pats[p].entry].term, k)
			}
		}
	}
}

// An exact match wins over a slipped one: a slipped find is dropped when
// an exact one covers the kana it read as a look-alike.
func TestDropCoveredSlips(t *testing.T) {
	sk := sink{
		hits: []hit{
			{pat: 1, b0: 0, b1: 9},               // exact
			{pat: 2, slip: 1 + 6, b0: 0, b1: 12}, // slipped at byte 6: covered by pat 1
			{pat: 3, slip: 1 + 9, b0: 0, b1: 12}, // slipped at byte 9: kept
			{pat: 4, b0: 12, b1: 15},             // exact
		},
		pending: []pending{
			{pats: []int32{5}, slip: 1 + 12, b0: 12, b1: 18}, // covered by pat 4
			{pats: []int32{6}, slip: 1 + 15, b0: 12, b1: 18}, // kept
		},
		slipped: 4,
	}
	sk.dropCoveredSlips()
	var pats []int32
	for _, h := range sk.hits {
		pats = append(pats, h.pat)
	}
	for _, pd := range sk.pending {
		pats = append(pats, pd.pats...)
	}
	if want := []int32{1, 3, 4, 6}; !slices.Equal(pats, want) {
		t.Errorf("kept %v, want %v", pats, want)
	}
}

// A slipped message costs no more allocations than an exact one.
func TestKatakanaSlipAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool drop scratch buffers at random: allocation counts are noise")
	}
	tr := triager(t)
	// Tests running in parallel allocate too, and AllocsPerRun counts
	// every allocation of the process: only ever more, so the least of a
	// few rounds is the message's own.
	least := func(text string) float64 {
		m := testing.AllocsPerRun(50, func() { tr.Triage(text) })
		for range 4 {
			m = min(m, testing.AllocsPerRun(50, func() { tr.Triage(text) }))
		}
		return m
	}
	exact, slipped := least("フードバンク どこ"), least("フードパンク どこ")
	if slipped > exact {
		t.Errorf("allocs: slipped %v, exact %v", slipped, exact)
	}
}
