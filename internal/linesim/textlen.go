package linesim

import (
	"unicode"
	"unicode/utf16"
)

// utf16Len counts UTF-16 code units, the unit of LINE's text limits
// (🍎 counts as 2).
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r) // invalid UTF-8 decodes to U+FFFD: one unit
	}
	return n
}

// graphemeLen approximates the number of grapheme clusters in s, the unit
// of LINE's action label limits. It joins combining marks, variation
// selectors, emoji modifiers, tag characters, zero-width-joiner sequences,
// regional-indicator pairs and CR LF; it is not a full UAX #29
// implementation (Hangul jamo and Indic conjuncts count per code point).
func graphemeLen(s string) int {
	n := 0
	joinNext := false // previous rune was a ZWJ
	riOpen := false   // an unpaired regional indicator started a cluster
	prevCR := false
	for _, r := range s {
		switch {
		case joinNext:
			joinNext = r == 0x200D
			riOpen = false
		case r == 0x200D:
			joinNext = true
		case isGraphemeExtend(r):
			// attaches to the previous cluster
		case r >= 0x1F1E6 && r <= 0x1F1FF:
			if riOpen {
				riOpen = false
			} else {
				n++
				riOpen = true
			}
		case r == '\n' && prevCR:
			// CR LF is one cluster
		default:
			n++
			riOpen = false
		}
		prevCR = r == '\r'
	}
	return n
}

func isGraphemeExtend(r rune) bool {
	switch {
	case r >= 0xFE00 && r <= 0xFE0F, r >= 0xE0100 && r <= 0xE01EF: // variation selectors
		return true
	case r >= 0x1F3FB && r <= 0x1F3FF: // emoji skin tone modifiers
		return true
	case r >= 0xE0020 && r <= 0xE007F: // tag characters (flag sequences)
		return true
	}
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc)
}
