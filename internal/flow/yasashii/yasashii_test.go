package yasashii

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCommonList(t *testing.T) {
	n := 0
	for r := range common {
		if r != '々' {
			n++
		}
	}
	if n != 1026 {
		t.Fatalf("教育漢字: got %d kanji, want 1026", n)
	}
	for _, r := range "相談電話障害子育地域" {
		if !Common(r) {
			t.Errorf("%c should be common", r)
		}
	}
	for _, r := range "介齢祉擁虐" {
		if Common(r) {
			t.Errorf("%c should not be common", r)
		}
	}
}

func rules(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		r := f.Rule
		if f.Warning {
			r += "(warn)"
		}
		out = append(out, r)
	}
	return out
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name string
		text string
		kind Kind
		want []string
	}{
		{"plain", "どんな ことで こまって いますか？", Message, nil},
		{"two sentences", "ここに 電話 できます。いま あいて います。", Message, nil},
		{"fragment", "電話 042-497-5061", Message, nil},
		{"reading given", "介護(かいご)の 相談は ここです。", Message, nil},
		{"reading once", "介護（かいご）の ことです。介護の 人が 来ます。", Message, nil},
		{"hard kanji", "介護の 相談は ここです。", Message, []string{RuleHardKanji}},
		{"keigo", "お電話 いただけます。", Message, []string{RuleKeigo}},
		{"keigo gozaimasu", "ありがとう ございます。", Message, []string{RuleKeigo}},
		{"plain ending", "ここに 電話する。", Message, []string{RuleEnding}},
		{"question ok", "ごほんにんは 65さい いじょう ですか？", Message, nil},
		{"aim", "あなたが 書いた ことと 相談の しゅるいを スタッフに つたえて よいですか？", Message, []string{RuleSentenceLength + "(warn)"}},
		{"too long", "あなたが 書いた ことと 相談の しゅるいと あなたの 名前と 電話番号と すんで いる ところを スタッフに つたえて よいですか？", Message, []string{RuleSentenceLength}},
		{"kanji ratio", "生活福祉資金貸付制度利用申請手続相談窓口案内です。", Message, []string{RuleHardKanji, RuleKanjiRatio}},
		{"label", "介護(かいご)・高齢(こうれい)", Label, nil},
		{"label hard", "介護・高齢", Label, []string{RuleHardKanji, RuleHardKanji}},
		{"label no sentence rule", "電話する", Label, nil},
		{"name", "地域包括支援センター介護", Name, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := rules(Check(tt.text, tt.kind))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Check(%q) mismatch (-want +got):\n%s\n%v", tt.text, diff, Check(tt.text, tt.kind))
			}
		})
	}
}

func TestLength(t *testing.T) {
	if got := Length("介護(かいご)の そうだん"); got != 7 {
		t.Errorf("Length = %d, want 7", got)
	}
}

func TestSentences(t *testing.T) {
	got := Sentences("「やめる」と 書いて ください。つぎへ！\nおわり")
	want := []Sentence{{"「やめる」と 書いて ください。", true}, {"つぎへ！", false}, {"おわり", false}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Sentences mismatch (-want +got):\n%s", diff)
	}
}
