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
		// a bare topic name names no need; one more word does
		{"しょうがい", "", ""},
		{"こそだて", "", ""},
		{"ボランティア？", "", ""},
		{"ボランティアしたい", consult.Volunteer, ""},
		{"しょうがい てちょう", consult.Shougai, ""},
		{"DV", consult.DV, ""},
		{"ファミサポ?", consult.Kosodate, ""},
		{"市役所ですか？", "", ""},
		{"きんじょのこ あざだらけ", consult.Kosodate, ""},
		{"しょうかき すてかた", consult.Other, ""},
		{"役所の書類 わからん 一人もん", consult.KenriYougo, ""},
		{"書類の書き方がわからなくて", "", ""},
		// short crises in kana and slips
		{"てんぷらなべ ひ きえない", "", consult.Fire},
		{"こども でんち のんだ", "", consult.Medical},
		{"台所 萌えてる", "", consult.Fire},
		{"推しに萌えてる", "", ""},
		{"母と死ぬまで一緒に暮らしたい", "", ""},
		{"ちくの かじのくんれん いつ", "", ""},
	}
	for _, tt := range tests {
		got := tr.Triage(tt.text)
		if got.Crisis != tt.crisis || tt.crisis == "" && got.Channel != tt.channel {
			t.Errorf("%s: channel %q crisis %q, want %q %q (evidence %v)", tt.text, got.Channel, got.Crisis, tt.channel, tt.crisis, got.Evidence)
		}
	}
}

func TestPunctOnly(t *testing.T) {
	for w, want := range map[string]bool{"?": true, "...": true, "🙏": true, "": false, "dv": false, "ボランティア": false} {
		if got := punctOnly(w); got != want {
			t.Errorf("punctOnly(%q) = %v, want %v", w, got, want)
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
