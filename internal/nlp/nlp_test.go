package nlp

import (
	"strings"
	"testing"
	"testing/fstest"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/google/go-cmp/cmp"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ＡＢＣ１２３", "abc123"},
		{"ｶﾞｽ", "ガス"},
		{"つらーい", "つらい"},
		{"たすけて〜〜", "たすけて"},
		{"センター", "センター"},
		{"しにたいいいい", "しにたい"},
		{"！！！", "!"},
		{"ばあちゃん", "ばあちゃん"},
		{"OD した", "od した"},
		{"普通の文です。", "普通の文です。"},
		{"\xff壊れた", "\uFFFD壊れた"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestNFKCStableRunes checks the fast path of Normalize: every rune it
// lets through is NFKC and cannot combine with the rune before it.
func TestNFKCStableRunes(t *testing.T) {
	for r := rune(0); r <= 0xFFFF; r++ {
		if r >= utf8.RuneSelf && !stableRune(r) {
			continue
		}
		s := string(r)
		p := norm.NFKC.PropertiesString(s)
		if !norm.NFKC.IsNormalString(s) || !p.BoundaryBefore() || p.CCC() != 0 {
			t.Errorf("%U %q is not NFKC-stable", r, s)
		}
	}
	for _, s := range []string{"か\u3099", "ｶﾞｽ", "テ\u309A", "㈱の件", "母、！"} {
		if nfkcStable(s) {
			t.Errorf("nfkcStable(%q) = true", s)
		}
	}
}

func TestKana(t *testing.T) {
	if got := Hiragana("カイゴホケン・ヴ"); got != "かいごほけん・ゔ" {
		t.Errorf("Hiragana = %q", got)
	}
	if got := Katakana("しにたい"); got != "シニタイ" {
		t.Errorf("Katakana = %q", got)
	}
	for s, want := range map[string]bool{"ひらがな": true, "カタカナー": true, "漢字": false, "": false, "まぜ字": false} {
		if KanaOnly(s) != want {
			t.Errorf("KanaOnly(%q) = %v", s, !want)
		}
	}
}

func analyzer(t testing.TB) *Analyzer {
	t.Helper()
	a, err := Shared()
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// surfaces returns the surfaces of text's tokens.
func surfaces(a *Analyzer, text string) []string {
	var out []string
	for _, tk := range a.Analyze(text).Tokens {
		out = append(out, tk.Surface)
	}
	return out
}

func TestUserDictionaryKeepsWelfareWordsWhole(t *testing.T) {
	a := analyzer(t)
	for _, w := range []string{"地域包括支援センター", "生活福祉資金", "成年後見", "要介護", "ほっとネット", "ファミサポ",
		"民生委員", "ヤングケアラー", "放課後デイ", "就労継続支援", "田無", "保谷", "ひばりが丘", "東伏見", "柳沢"} {
		got := surfaces(a, w+"について")
		if got[0] != w {
			t.Errorf("%s cut as %q", w, got)
		}
	}
}

func TestKeysUnifySpellings(t *testing.T) {
	a := analyzer(t)
	// 死にたい, しにたい and シニタイ share the key of their first word.
	keyOf := func(s string) string { return a.Analyze(s).Tokens[0].Key }
	if k1, k2 := keyOf("死にたい"), keyOf("しにたい"); k1 != "しぬ" || k2 != "しぬ" {
		t.Errorf("keys %q %q, want しぬ", k1, k2)
	}
	d := a.Analyze("死にたかった")
	if d.Tokens[0].Base != "死ぬ" || d.Tokens[0].Reading != "しに" {
		t.Errorf("token %+v", d.Tokens[0])
	}
	if d := a.Analyze("ボケてきた"); d.Tokens[0].Base != "ぼけ" {
		t.Errorf("katakana base %q, want ぼけ", d.Tokens[0].Base)
	}
	// A stem that is a prefix of its dictionary form (取れ of 取れる,
	// 食べ of 食べる) has the key of the dictionary form, like its kana
	// spelling.
	for _, c := range [][2]string{{"連絡が取れない", "とれる"}, {"連絡がとれない", "とれる"}, {"食べていない", "たべる"}, {"たべていない", "たべる"}, {"消えたい", "きえる"}} {
		d := a.Analyze(c[0])
		var key string
		for _, tk := range d.Tokens {
			if tk.POS == "動詞" {
				key = tk.Key
				break
			}
		}
		if key != c[1] {
			t.Errorf("%s: verb key %q, want %q", c[0], key, c[1])
		}
	}
}

func TestOffsetsPointIntoText(t *testing.T) {
	a := analyzer(t)
	d := a.Analyze("母の介護保険、ｶﾞｽ代が払えない!!!")
	for _, tk := range d.Tokens {
		if d.Text[tk.Start:tk.End] != tk.Surface {
			t.Errorf("token %q at %d:%d is %q", tk.Surface, tk.Start, tk.End, d.Text[tk.Start:tk.End])
		}
	}
	// A user word also carries its IPA split.
	for _, tk := range d.Tokens {
		if tk.Surface == "介護保険" {
			var subs []string
			for _, s := range a.Subs(tk) {
				subs = append(subs, s.Surface)
			}
			if diff := cmp.Diff([]string{"介護", "保険"}, subs); diff != "" {
				t.Errorf("subs mismatch (-want +got):\n%s", diff)
			}
		}
	}
}

func TestCustomUserDictionary(t *testing.T) {
	fsys := fstest.MapFS{UserDictFile: {Data: []byte("# test\nsurface\treading\tpos\nつなぐ窓口\tツナグマドグチ\t名詞-固有名詞\n")}}
	a, err := New(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if got := surfaces(a, "つなぐ窓口です"); got[0] != "つなぐ窓口" {
		t.Errorf("cut as %q", got)
	}
	bad := fstest.MapFS{UserDictFile: {Data: []byte("surface\treading\tpos\n窓口\t漢字\t\n")}}
	if _, err := New(bad); err == nil || !strings.Contains(err.Error(), "userdict.tsv:2") {
		t.Errorf("bad reading: err = %v, want one naming the line", err)
	}
	dup := fstest.MapFS{UserDictFile: {Data: []byte("surface\treading\tpos\n窓口\tマドグチ\t\n窓口\tマドグチ\t\n")}}
	if _, err := New(dup); err == nil {
		t.Error("duplicate: no error")
	}
}

func TestReadTSV(t *testing.T) {
	fsys := fstest.MapFS{
		"ok.tsv":  {Data: []byte("\uFEFF# comment\n\nterm\ttarget\tweight\n介護\thoukatsu\t2\n認知症\thoukatsu\n")},
		"bad.tsv": {Data: []byte("word\tchannel\n介護\thoukatsu\n")},
	}
	recs, err := ReadTSV(fsys, "ok.tsv", "term", "target", "weight")
	if err != nil {
		t.Fatal(err)
	}
	want := []Record{{Line: 4, Fields: []string{"介護", "houkatsu", "2"}}, {Line: 5, Fields: []string{"認知症", "houkatsu", ""}}}
	if diff := cmp.Diff(want, recs); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
	if _, err := ReadTSV(fsys, "bad.tsv", "term", "target", "weight"); err == nil {
		t.Error("wrong header: no error")
	}
}

func BenchmarkAnalyze(b *testing.B) {
	a := analyzer(b)
	text := "父の介護のために仕事を辞めるかどうか迷っています。父は要介護2で、日中一人にしておくのが心配です。"
	d := &Doc{}
	b.ReportAllocs()
	for b.Loop() {
		a.AnalyzeInto(d, text)
	}
}

func BenchmarkRawTokenize(b *testing.B) {
	a := analyzer(b)
	text := Normalize("父の介護のために仕事を辞めるかどうか迷っています。父は要介護2で、日中一人にしておくのが心配です。")
	b.ReportAllocs()
	for b.Loop() {
		a.RawTokenize(text)
	}
}

func TestScriptsHanRange(t *testing.T) {
	for r := rune(0x4E00); r <= 0x9FFF; r++ {
		if !unicode.Is(unicode.Han, r) {
			t.Fatalf("%U is not Han", r)
		}
	}
}

// A sentence typed in katakana only is read as its hiragana is: the verb
// of ﾅｸﾞﾗﾚﾀ is 殴る; a loanword stays one word.
func TestKatakanaVerb(t *testing.T) {
	an, err := Shared()
	if err != nil {
		t.Fatal(err)
	}
	d := an.Analyze("ｵｯﾄﾆ ﾅｸﾞﾗﾚﾀ")
	var verb *Token
	for i := range d.Tokens {
		if d.Tokens[i].POS == "動詞" && d.Tokens[i].POS2 == "自立" {
			verb = &d.Tokens[i]
		}
		if tk := d.Tokens[i]; d.Text[tk.Start:tk.End] != tk.Surface {
			t.Errorf("token %q does not sit at its offsets (%d, %d)", tk.Surface, tk.Start, tk.End)
		}
	}
	if verb == nil || verb.Key != "なぐる" || verb.Surface != "ナグラ" {
		t.Fatalf("ﾅｸﾞﾗﾚﾀ: no verb なぐる in %+v", d.Tokens)
	}
	for _, text := range []string{"フードバンク", "ケアマネジャー"} {
		if toks := an.Analyze(text).Tokens; len(toks) != 1 {
			t.Errorf("%s: cut into %d tokens, want one word", text, len(toks))
		}
	}
}
