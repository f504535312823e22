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
	s = norm.NFKC.String(s)
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
		case unicode.Is(unicode.Han, r):
			n[ScriptHan]++
		case r < 0x80 && unicode.IsLetter(r):
			n[ScriptLatin]++
		case unicode.IsLetter(r):
			n[ScriptOther]++
		}
	}
	return n
}
