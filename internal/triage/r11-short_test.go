package triage

import (
	"testing"

	"github.com/n-csw/tsunagu/internal/consult"
)

// Very short first messages (dev38): kana loanwords that lost their ー,
// kana words Kagome cuts badly, bare topic names.
func TestShortMessages(t *testing.T) {
	tr := triager(t)
	tests := []struct {
		text    string
		channel consult.Channel
		crisis  consult.Crisis
	}{
		// Normalize drops ー after hiragana: the loanword still matches.
		{"ふーどばんく つかいたい", consult.SeikatsuSoudan, ""},
		{"むすこ げーむいぞん ちゅう1", consult.Kosodate, ""},
		{"へるぱーさん たのみたい はは はちじゅう", consult.Houkatsu, ""},
		// and a stretched hiragana word is still not a loanword
		{"つらーい", "", ""},
		// user words keep kana whole: not も|産む|り, not 保証|じん, not は|駆除
		{"なんかもうむり", "", ""},
		{"しせつの ほしょうにん いない", consult.KenriYougo, ""},
		{"はくじょう どこで もらえる", consult.Shougai, ""},
	}
	for _, tt := range tests {
		got := tr.Triage(tt.text)
		if got.Channel != tt.channel || got.Crisis != tt.crisis {
			t.Errorf("%s: channel %q crisis %q, want %q %q (evidence %v)", tt.text, got.Channel, got.Crisis, tt.channel, tt.crisis, got.Evidence)
		}
	}
}

func TestWithoutLongVowel(t *testing.T) {
	for in, want := range map[string]string{"ふーどばんく": "ふどばんく", "かいご": "かいご", "すーぱー": "すぱ"} {
		if got := string(withoutLongVowel([]rune(in))); got != want {
			t.Errorf("withoutLongVowel(%s) = %s, want %s", in, got, want)
		}
	}
}
