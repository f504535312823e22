package nlp

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize prepares resident text for analysis: NFKC (full-width ASCII and
// digits become half-width, half-width katakana becomes full-width), ASCII
// letters are lower-cased, a long-vowel mark or wave dash that stretches a
// hiragana word (つらーい, たすけて〜) is dropped, and a character repeated
// three or more times (！！！, いいい) is kept once. Byte offsets of the
// result are what tokens refer to. Text that needs no change is returned
// without allocating.
func Normalize(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if !nfkcStable(s) {
		s = norm.NFKC.String(s)
	}
	if !needsFold(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	var last rune = -1 // last rune written
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		n, j := 1, i+size
		for j < len(s) {
			r2, size2 := utf8.DecodeRuneInString(s[j:])
			if r2 != r {
				break
			}
			n++
			j += size2
		}
		i = j
		if isStretch(r) && isHiragana(last) {
			continue
		}
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		if n >= 3 {
			n = 1
		}
		for ; n > 0; n-- {
			b.WriteRune(r)
		}
		last = r
	}
	return b.String()
}

// nfkcStable reports text made only of runes that NFKC leaves as they are
// whatever surrounds them (ASCII, kana, common kanji and Japanese
// punctuation): such text is already NFKC, and this check is several times
// cheaper than the one of norm, which was a tenth of the triage's own work.
// TestNFKCStableRunes checks the ranges against norm.
func nfkcStable(s string) bool {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !stableRune(r) {
			return false
		}
		i += size
	}
	return true
}

// stableRune reports a rune of nfkcStable (beyond ASCII): NFKC quick check
// Yes and canonical combining class 0, so it neither changes nor combines
// with a neighbour.
func stableRune(r rune) bool {
	switch {
	case r >= 0x4E00 && r <= 0x9FFF: // CJK unified ideographs
		return true
	case r >= 0x3041 && r <= 0x3096: // hiragana (not the combining marks 3099–309C)
		return true
	case r >= 0x30A1 && r <= 0x30FA || r == 0x30FC: // katakana, ー
		return true
	case r >= 0x3001 && r <= 0x3003 || r >= 0x3005 && r <= 0x3011 || r == 0x301C: // 、。〃々〆〇〈〉《》「」『』【】〜
		return true
	}
	return false
}

// needsFold reports whether Normalize has anything to do after NFKC.
func needsFold(s string) bool {
	var prev, prev2 rune = -1, -2
	for _, r := range s {
		if r >= 'A' && r <= 'Z' {
			return true
		}
		if isStretch(r) && isHiragana(prev) {
			return true
		}
		if r == prev && r == prev2 {
			return true
		}
		prev2, prev = prev, r
	}
	return false
}

func isStretch(r rune) bool { return r == 'ー' || r == '〜' || r == '~' }

func isHiragana(r rune) bool { return r >= 'ぁ' && r <= 'ゖ' }

func isKatakana(r rune) bool { return r >= 'ァ' && r <= 'ヶ' || r == 'ー' }

// Hiragana converts katakana in s to hiragana (ヴ→ゔ, ヵ→ゕ); other runes are
// unchanged. The result has the same length in bytes.
func Hiragana(s string) string {
	if !hasKatakana(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	writeHiragana(&b, s)
	return b.String()
}

// Katakana converts hiragana in s to katakana.
func Katakana(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if isHiragana(r) {
			r += 'ァ' - 'ぁ'
		}
		b.WriteRune(r)
	}
	return b.String()
}

func hasKatakana(s string) bool {
	for _, r := range s {
		if r >= 'ァ' && r <= 'ヶ' {
			return true
		}
	}
	return false
}

func writeHiragana(b *strings.Builder, s string) {
	for _, r := range s {
		if r >= 'ァ' && r <= 'ヶ' {
			r -= 'ァ' - 'ぁ'
		}
		b.WriteRune(r)
	}
}

// KanaOnly reports whether s is written only in hiragana or katakana.
func KanaOnly(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !isHiragana(r) && !isKatakana(r) {
			return false
		}
	}
	return true
}

// KatakanaText reports a message written in katakana where Japanese would
// use hiragana and kanji (ハハガ タオレタ ウゴカナイ): at least four
// katakana letters, no hiragana and no kanji. Kagome cuts such text
// into names; its hiragana form (Hiragana) cuts into words.
func KatakanaText(s string) bool {
	n := 0
	for _, r := range s {
		switch {
		case isHiragana(r) || unicode.Is(unicode.Han, r):
			return false
		case isKatakana(r) && r != 'ー':
			n++
		}
	}
	return n >= 4
}

// Script classes used by language detection.
const (
	ScriptKana  = iota // hiragana or katakana
	ScriptHan          // CJK ideographs
	ScriptLatin        // a–z
	ScriptOther        // hangul, Thai, Cyrillic, Devanagari, accented Latin …
	numScripts
)

// Scripts counts the letters of s by script (digits, spaces and
// punctuation are not counted).
func Scripts(s string) [numScripts]int {
	var n [numScripts]int
	for _, r := range s {
		switch {
		case isHiragana(r) || isKatakana(r):
			n[ScriptKana]++
		case r >= 0x4E00 && r <= 0x9FFF || unicode.Is(unicode.Han, r):
			// The common kanji are all Han (TestScriptsHanRange); the
			// table lookup is for the rest.
			n[ScriptHan]++
		case r < 0x80 && unicode.IsLetter(r):
			n[ScriptLatin]++
		case unicode.IsLetter(r):
			n[ScriptOther]++
		}
	}
	return n
}
