package triage

import (
	"strings"
	"unicode/utf8"

	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/nlp"
)

// NoteAge marks the evidence added because the person the message is
// about is of working age (under Settings.CareAge): care words then point
// to the disability desk too, not only to the centre for older people.
const NoteAge = "age"

// age is an age written in a message: 58歳, 八十六歳, (58), 50代. lo and hi
// are the years it may mean (50代: 50–59); from and to are bytes.
type age struct {
	lo, hi   int
	from, to int
}

// ageAfter lists the words after N歳 that make it a limit or a date, not
// somebody's age: 65歳以上, 40歳から, 65歳になったら.
var ageAfter = []string{"以上", "以下", "未満", "から", "まで", "以降", "前", "になる", "になっ", "を過ぎ", "超え", "の時", "のとき", "の頃", "のころ", "ごろ", "頃", "児", "時"}

// ages appends to out the ages written in the normalised text.
func ages(text string, out []age) []age {
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch r {
		case '歳', '才':
			if v, from, ok := numberBefore(text, i); ok && !hasAnyPrefix(text[i+n:], ageAfter) {
				out = append(out, age{v, v, from, i + n})
			}
		case '代':
			if v, from, ok := numberBefore(text, i); ok && v >= 10 && v < 100 && v%10 == 0 && !hasAnyPrefix(text[i+n:], ageAfter) {
				out = append(out, age{v, v + 9, from, i + n})
			}
		case ')':
			// 母(58), 夫（60）: a bare number in brackets after a word.
			if v, from, ok := numberBefore(text, i); ok && from > 0 && text[from-1] == '(' && v >= 18 && v <= 110 {
				if from < 2 || !isDigitByte(text[from-2]) {
					out = append(out, age{v, v, from - 1, i + n})
				}
			}
		}
		i += n
	}
	return out
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func isDigitByte(b byte) bool { return b >= '0' && b <= '9' }

// numberBefore reads the number that ends at byte i of text: ASCII digits
// (58) or kanji numerals (八十六, 二十). ok is false when there is none.
func numberBefore(text string, i int) (v, from int, ok bool) {
	j := i
	for j > 0 && isDigitByte(text[j-1]) {
		j--
	}
	if j < i {
		if i-j > 3 || text[j] == '0' {
			return 0, 0, false // 58000, (042)
		}
		for k := j; k < i; k++ {
			v = v*10 + int(text[k]-'0')
		}
		return v, j, true
	}
	for j > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:j])
		if kanjiDigit(r) < 0 {
			break
		}
		j -= n
	}
	if j == i {
		return 0, 0, false
	}
	v, ok = kanjiNumber(text[j:i])
	return v, j, ok
}

// kanjiDigit is the value of a kanji numeral: 0–9, 10 for 十, 100 for 百,
// −1 for anything else.
func kanjiDigit(r rune) int {
	if k := strings.IndexRune("〇一二三四五六七八九", r); k >= 0 {
		return utf8.RuneCountInString("〇一二三四五六七八九"[:k])
	}
	switch r {
	case '十':
		return 10
	case '百':
		return 100
	}
	return -1
}

// kanjiNumber reads 八十六 (86), 二十 (20), 百 (100), 五八 (58).
func kanjiNumber(s string) (int, bool) {
	total, cur := 0, 0
	plain := true // digits only so far (五八 reads as 58)
	for _, r := range s {
		switch d := kanjiDigit(r); {
		case d >= 10:
			if cur == 0 {
				cur = 1
			}
			total += cur * d
			cur, plain = 0, false
		case plain:
			cur = cur*10 + d
		default:
			cur += d
		}
	}
	return total + cur, total+cur > 0
}

// workingAge reports whether the message is about an adult under the care
// age: some age from 18 to care−1 is written, none of care or over, and
// every older-relative word (母, 祖父 …; elders) carries an age of its own,
// so that 私は45歳、母の介護で… is still about the mother. It returns the
// first such age.
func workingAge(d *nlp.Doc, elders map[string]bool, care float64, buf []age) (age, bool, []age) {
	buf = ages(d.Text, buf[:0])
	var young age
	found := false
	for _, a := range buf {
		switch {
		case a.lo < 18:
		case float64(a.lo) >= care:
			return age{}, false, buf
		case float64(a.hi) < care && !found:
			young, found = a, true
		}
	}
	if !found {
		return age{}, false, buf
	}
	for _, t := range d.Tokens {
		if !elders[t.Base] && !elders[t.Surface] {
			continue
		}
		carried := false
		for _, a := range buf {
			// 母(58), 母は58歳, 母58, 58歳の母
			if a.from >= t.End && a.from-t.End <= 3 || a.to <= t.Start && strings.HasSuffix(d.Text[:t.Start], "の") && t.Start-a.to == len("の") {
				carried = true
				break
			}
		}
		if !carried {
			return age{}, false, buf
		}
	}
	return young, true, buf
}

// ageShift adds, for a message about an adult under the care age, the
// centre-for-older-people score times Settings.YoungCareFactor to the
// disability desk, with its evidence; the older-people centre keeps its
// score, so it stays the runner-up (若年性認知症 is both).
func (t *Triager) ageShift(s *scratch, chScore *[11]float64, r *consult.TriageResult) {
	f := t.settings.YoungCareFactor
	if f <= 0 {
		return
	}
	h := chScore[channelIndex[consult.Houkatsu]]
	if h <= 0 {
		return
	}
	a, ok, buf := workingAge(&s.doc, t.elders, t.settings.CareAge, s.ages)
	s.ages = buf
	if !ok {
		return
	}
	w := round2(h * f)
	chScore[channelIndex[consult.Shougai]] += w
	r.Evidence = append(r.Evidence, consult.Evidence{Term: s.doc.Text[a.from:a.to], Channel: consult.Shougai, Weight: w, Note: NoteAge})
}
