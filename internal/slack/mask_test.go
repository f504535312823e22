package slack

import (
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func testMasker(t *testing.T) *Masker {
	t.Helper()
	tx, err := LoadTexts()
	if err != nil {
		t.Fatal(err)
	}
	return NewMasker(tx)
}

func TestMask(t *testing.T) {
	m := testMasker(t)
	tests := []struct {
		name, in string
		names    []string
		want     string
	}{
		// Phone numbers.
		{"mobile with hyphens", "090-1234-5678に電話ください", nil, "［電話番号］に電話ください"},
		{"mobile full-width", "０９０ー１２３４ー５６７８です", nil, "［電話番号］です"},
		{"mobile full-width minus", "電話は０８０－１１１１－２２２２", nil, "電話は［電話番号］"},
		{"mobile no separators", "09012345678", nil, "［電話番号］"},
		{"landline", "042-497-5061", nil, "［電話番号］"},
		{"landline brackets", "(042)497-5061まで", nil, "［電話番号］まで"},
		{"landline full-width brackets", "０４２（４９７）５０６１", nil, "［電話番号］"},
		{"spaces", "090 1234 5678", nil, "［電話番号］"},
		{"dots", "090.1234.5678", nil, "［電話番号］"},
		{"international", "+81 90-1234-5678", nil, "［電話番号］"},
		{"international full-width", "＋８１９０１２３４５６７８", nil, "［電話番号］"},
		{"kanji digits", "〇九〇 一二三四 五六七八に", nil, "［電話番号］に"},
		{"local number only", "497-5061にかけて", nil, "［電話番号］にかけて"},
		{"free dial", "0120-279-338", nil, "［電話番号］"},
		{"long dash", "090—1234—5678", nil, "［電話番号］"},
		{"wave dash not a phone", "10時〜12時", nil, "10時〜12時"},
		{"money stays", "家賃が5万円、2か月", nil, "家賃が5万円、2か月"},
		{"age stays", "母は85歳です", nil, "母は85歳です"},
		// Addresses.
		{"postal code", "〒188-0012 西東京市南町5-6-13", nil, "［住所］ ［住所］"},
		{"postal full-width", "〒１８８－００１２", nil, "［住所］"},
		{"chome banchi go", "南町五丁目6番13号に住んでいます", nil, "［住所］に住んでいます"},
		{"chome dash", "田無町5丁目5-12です", nil, "［住所］です"},
		{"dash form", "住所は田無町5-5-12", nil, "住所は［住所］"},
		{"full-width dash form", "田無町５－５－１２", nil, "［住所］"},
		{"katakana long mark as dash", "保谷町3ー2ー1", nil, "［住所］"},
		{"banchi", "下保谷四丁目 12番地の3", nil, "［住所］"},
		{"room", "ひばりが丘1-2-3 ひばりハイツ205号室", nil, "［住所］ ひばり［住所］"},
		{"town in kana", "ひばりが丘2-1に住む", nil, "［住所］に住む"},
		{"city and town", "西東京市田無町に住んでいます", nil, "［住所］に住んでいます"},
		{"prefecture city town", "東京都西東京市ひばりが丘北です", nil, "［住所］です"},
		{"other city", "小平市小川町1-2", nil, "［住所］"},
		{"city alone stays", "西東京市の社会福祉協議会", nil, "西東京市の社会福祉協議会"},
		{"count stays", "3回目の相談です", nil, "3回目の相談です"},
		// E-mail.
		{"email", "mail: hanako.yamada@example.co.jp", nil, "mail: ［メール］"},
		{"email full-width", "ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｊｐ", nil, "［メール］"},
		// Names.
		{"stated name", "山田花子です。母の介護", []string{"山田 花子"}, "［氏名］です。母の介護"},
		{"stated name parts", "山田です", []string{"山田 花子"}, "［氏名］です"},
		{"stated name full-width space", "山田　花子", []string{"山田　花子"}, "［氏名］"},
		{"name intro", "名前は佐藤です", nil, "名前は［氏名］です"},
		{"name self", "鈴木と申します", nil, "［氏名］と申します"},
		{"katakana name self", "グエンといいます", nil, "［氏名］といいます"},
		// Mixed.
		{"everything", "田中と申します。〒188-0011 田無町5-5-12、電話 042-497-5061、tanaka@example.jp",
			nil, "［氏名］と申します。［住所］ ［住所］、電話 ［電話番号］、［メール］"},
		{"nothing", "母の介護認定をうけたい", nil, "母の介護認定をうけたい"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := m.Mask(tc.in, tc.names...); got != tc.want {
				t.Errorf("Mask(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// phoneLike finds what looks like a Japanese phone number in text:
// 10–11 digits from a leading 0, or 7 digits as a local number, with the
// usual separators, in any width.
var phoneLike = regexp.MustCompile(`(?:^|[^0-9])(?:0[0-9]{1,4}[-‐−ー() .]{0,2}[0-9]{1,4}[-‐−ー() .]{0,2}[0-9]{4}|[0-9]{3}[-‐−ー][0-9]{4})(?:[^0-9]|$)`)

// phoneLikeIn reports phone-number-looking sequences in s.
func phoneLikeIn(s string) []string { return phoneLike.FindAllString(norm.NFKC.String(s), -1) }

func FuzzMaskNoPhone(f *testing.F) {
	tx, err := LoadTexts()
	if err != nil {
		f.Fatal(err)
	}
	m := NewMasker(tx)
	for _, s := range []string{"090-1234-5678", "０４２（４９７）５０６１", "電話は 080 1111 2222 です", "+81-3-1234-5678"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := m.Mask(s)
		if p := phoneLikeIn(got); len(p) > 0 && !strings.Contains(got, "\uFFFD") {
			t.Errorf("Mask(%q) = %q still has %q", s, got, p)
		}
	})
}
