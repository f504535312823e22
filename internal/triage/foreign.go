package triage

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/n-csw/tsunagu/internal/nlp"
)

// foreign matches foreign.tsv: terms in English and other languages,
// written in words (matched word by word after light stemming, so "paying"
// matches "pay"; without accents when the message is typed without, so
// "nao" matches "não") or, for scripts written without spaces (中文, 한국어
// with its suffixes), as substrings. As in the other lexicons the longer of
// two overlapping terms of a group wins; a calm term (fire drill, 不想死)
// hides the crisis words it overlaps, a not-now term (years ago) those of
// its sentence; A+B terms need both parts in one sentence.
type foreign struct {
	exact  seqIndex // words as written, for messages typed with accents
	bare   seqIndex // words without accents, for messages typed without
	subs   []string // substring terms
	subIDs []fpart
	first  map[rune][]int // first rune → indexes in subs
	notNow map[int]bool   // entries that hide the crisis words of their sentence
}

// seqIndex finds word sequences by their first word.
type seqIndex struct {
	seqs map[string][][]string // first stem → stem sequences
	ids  map[string][]fpart    // first stem → entry and part per sequence
}

func newSeqIndex() seqIndex {
	return seqIndex{seqs: map[string][][]string{}, ids: map[string][]fpart{}}
}

func (x seqIndex) add(stems []string, fp fpart) {
	x.seqs[stems[0]] = append(x.seqs[stems[0]], stems)
	x.ids[stems[0]] = append(x.ids[stems[0]], fp)
}

// fpart is a part of an entry: A+B terms (sinasaktan+ngayon) count when
// all their parts are in one sentence.
type fpart struct {
	id   int
	part int
}

// targetNotNow is a target of foreign.tsv only: words (years ago,
// 去年, joking) that make the crisis words of their sentence be about the
// past or not meant.
const targetNotNow = "not-now"

// maxForeignMatches bounds the work on long messages.
const maxForeignMatches = 1024

// fword is one word of a message: its stem, the stem without accents,
// and where it is in the text.
type fword struct {
	stem, bare string
	b0, b1     int
}

// fmatch is one foreign term found at bytes [b0, b1) of the text.
type fmatch struct {
	id     int
	part   int
	words  int // 0 for a substring
	b0, b1 int
}

func loadForeign(fsys fs.FS, entries *[]entry) (*foreign, error) {
	f := &foreign{exact: newSeqIndex(), bare: newSeqIndex(), notNow: map[int]bool{}, first: map[rune][]int{}}
	recs, err := nlp.ReadTSV(fsys, foreignFile, "term", "target", "weight")
	if errors.Is(err, fs.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load foreign lexicon: %w", err)
	}
	var ws []fword
	seen := lineOf{}
	for _, r := range recs {
		if err := seen.check(foreignFile, r); err != nil {
			return nil, fmt.Errorf("load foreign lexicon: %w", err)
		}
		notNow := len(r.Fields) > 1 && r.Fields[1] == targetNotNow
		if notNow {
			r.Fields = append([]string(nil), r.Fields...)
			r.Fields[1] = "calm"
		}
		e, err := parseEntry(foreignFile, r)
		if err != nil {
			return nil, fmt.Errorf("load foreign lexicon: %w", err)
		}
		parts := splitParts(e.term)
		if len(parts) == 0 || len(parts) > 8 {
			return nil, fmt.Errorf("load foreign lexicon: %s:%d: term %q: want 1 to 8 parts", foreignFile, r.Line, e.term)
		}
		e.parts = len(parts)
		id := len(*entries)
		*entries = append(*entries, e)
		if notNow {
			f.notNow[id] = true
		}
		for k, p := range parts {
			term := nlp.Normalize(p)
			fp := fpart{id: id, part: k}
			if !spaced(term) {
				sub := strings.ToLower(term)
				r, _ := utf8.DecodeRuneInString(sub)
				f.first[r] = append(f.first[r], len(f.subs))
				f.subs = append(f.subs, sub)
				f.subIDs = append(f.subIDs, fp)
				continue
			}
			ws = stemWords(term, ws[:0])
			if len(ws) == 0 {
				return nil, fmt.Errorf("load foreign lexicon: %s:%d: term %q has no word", foreignFile, r.Line, e.term)
			}
			stems, bare := make([]string, len(ws)), make([]string, len(ws))
			for i, w := range ws {
				stems[i], bare[i] = w.stem, w.bare
			}
			f.exact.add(stems, fp)
			f.bare.add(bare, fp)
		}
	}
	return f, nil
}

// spaced reports a term of a language written in words (Latin or
// Cyrillic script); others (中文, 한국어 with its suffixes) match as substrings.
func spaced(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Latin, unicode.Cyrillic) {
			return true
		}
	}
	return false
}

// stemWords appends the words of s, stemmed, to out.
func stemWords(s string, out []fword) []fword {
	start := -1
	for i, r := range s + " " {
		word := wordRune(r)
		if word && start < 0 {
			start = i
		}
		if !word && start >= 0 {
			w := toneFirst(lower(s[start:i]))
			if c, ok := contractions[w]; ok {
				w = c
			}
			out = append(out, fword{stem: stem(w), bare: stem(stripAccents(w)), b0: start, b1: i})
			start = -1
		}
	}
	return out
}

// contractions written without the apostrophe, as phones often do, and
// cannot, which means can't.
var contractions = map[string]string{
	"cant": "can't", "cannot": "can't", "dont": "don't", "wont": "won't", "im": "i'm",
	"isnt": "isn't", "arent": "aren't", "doesnt": "doesn't", "didnt": "didn't",
	"havent": "haven't", "hasnt": "hasn't", "couldnt": "couldn't", "wasnt": "wasn't",
	"ive": "i've", "youre": "you're", "hes": "he's", "shes": "she's", "theyre": "they're",
}

// wordRune reports a rune of a word of a spaced language: Latin or
// Cyrillic letters, digits, apostrophes and accents (so 我想做volunteer
// and ADHDと has the word "volunteer", "adhd").
func wordRune(r rune) bool {
	switch {
	case r < 0x80:
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '\''
	case r == '’':
		return true
	}
	return unicode.In(r, unicode.Latin, unicode.Cyrillic, unicode.Mn) || unicode.Is(unicode.Nd, r)
}

// lower lower-cases a word (Đánh → đánh) and writes ’ as '.
func lower(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 0x80 || c >= 'A' && c <= 'Z' {
			ascii = false
			break
		}
	}
	if ascii {
		return w
	}
	return strings.ReplaceAll(strings.ToLower(w), "’", "'")
}

// toneFirst writes a Vietnamese word ending in oa, oe or uy with its tone
// mark on the first vowel, as the older spelling does (hoà → hòa, khoẻ →
// khỏe, huỷ → hủy), so that both spellings of a word match; quý keeps it.
func toneFirst(w string) string {
	if len(w) < 3 || w[len(w)-1] < 0x80 {
		return w
	}
	r := []rune(norm.NFD.String(w))
	n := len(r)
	if n < 3 || !vietTone(r[n-1]) {
		return w
	}
	a, b := r[n-3], r[n-2]
	if !(a == 'o' && (b == 'a' || b == 'e') || a == 'u' && b == 'y') || n > 3 && r[n-4] == 'q' {
		return w
	}
	r[n-2], r[n-1] = r[n-1], b
	return norm.NFC.String(string(r))
}

// vietTone reports a combining Vietnamese tone mark (grave, acute, hook
// above, tilde, dot below).
func vietTone(r rune) bool {
	switch r {
	case '\u0300', '\u0301', '\u0309', '\u0303', '\u0323':
		return true
	}
	return false
}

// stripAccents takes the accents off the Latin letters of a lower-case
// word (não → nao, tiền → tien, đ → d).
func stripAccents(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return w
	}
	var b strings.Builder
	b.Grow(len(w))
	for _, r := range w {
		switch {
		case r == 'đ':
			r = 'd'
		case r >= 0x80 && unicode.Is(unicode.Latin, r):
			if d := norm.NFD.String(string(r)); d[0] < 0x80 {
				r = rune(d[0])
			}
		case unicode.Is(unicode.Mn, r) && r < 0x370:
			continue // a combining accent after a Latin letter
		}
		b.WriteRune(r)
	}
	return b.String()
}

// stem strips common English endings ("paying", "bills", "classes" lose
// them). The past "-ed" stays: "wanted to die" is not "want to die".
func stem(w string) string {
	w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "'")
	n := utf8.RuneCountInString(w)
	switch {
	case n > 5 && strings.HasSuffix(w, "ing"):
		return w[:len(w)-3]
	case n > 4 && strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case n > 4 && (strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "xes") || strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes")):
		return w[:len(w)-2]
	case n > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss"):
		return w[:len(w)-1]
	}
	return w
}

// scan appends the entries found in text (normalised) to ids, only crisis
// entries and only words if crisisOnly (a Japanese message); ms is working
// memory. A channel word in a clause said not to be now (years ago) is
// appended as ^id.
func (f *foreign) scan(text string, words []fword, crisisOnly bool, entries []entry, ms []fmatch, ids []int) ([]fmatch, []int) {
	ms = ms[:0]
	if crisisOnly && len(words) == 0 {
		return ms, ids
	}
	// A message typed with accents is matched as written (chạy is not
	// cháy); one typed without them, without.
	idx, accented := f.bare, false
	for _, w := range words {
		if w.stem != w.bare {
			idx, accented = f.exact, true
			break
		}
	}
	for i, w := range words {
		key := w.bare
		if accented {
			key = w.stem
		}
		for k, seq := range idx.seqs[key] {
			if len(seq) <= len(words)-i && equalWords(seq, words[i:i+len(seq)], accented) {
				fp := idx.ids[key][k]
				ms = append(ms, fmatch{id: fp.id, part: fp.part, words: len(seq), b0: w.b0, b1: words[i+len(seq)-1].b1})
			}
		}
	}
	if !crisisOnly && len(f.first) > 0 {
		for i, r := range text {
			for _, k := range f.first[r] {
				if sub := f.subs[k]; strings.HasPrefix(text[i:], sub) {
					fp := f.subIDs[k]
					ms = append(ms, fmatch{id: fp.id, part: fp.part, b0: i, b1: i + len(sub)})
				}
			}
		}
	}
	if len(ms) > maxForeignMatches {
		ms = ms[:maxForeignMatches]
	}
	notNow, multi := false, false
	for _, m := range ms {
		notNow = notNow || f.notNow[m.id]
		multi = multi || entries[m.id].parts > 1
	}
	var ends, clauses []int
	if notNow || multi {
		ends = sentenceEnds(text)
	}
	if notNow {
		clauses = clauseEnds(text)
	}
	for i, m := range ms {
		e := &entries[m.id]
		switch {
		case e.kind == toCalm || crisisOnly && (e.kind != toCrisis || m.words < 2):
			// In Japanese text a lone English word is often something
			// else (FIREを目指す); phrases (kill myself) are not.
		case e.kind == toCrisis && notNow && f.saidNotNow(ends, len(text), ms, m):
		case e.kind == toUrgent && notNow && f.saidNotNow(clauses, len(text), ms, m):
			// Urgency words of a clause about the past (dati sinasaktan
			// ako, …) do not count either.
		case e.parts > 1:
			if m.part == 0 && allParts(ends, len(text), ms, i, e.parts) {
				ids = append(ids, f.pastID(notNow, clauses, len(text), ms, m))
			}
		case !foreignMasked(ms, i, entries):
			ids = append(ids, f.pastID(notNow, clauses, len(text), ms, m))
		}
	}
	return ms, ids
}

// pastID returns the entry of m, written ^id (negative) when it is a
// channel word in a clause about the past, which counts like a Japanese
// one in the past (past_factor).
func (f *foreign) pastID(notNow bool, ends []int, n int, ms []fmatch, m fmatch) int {
	if notNow && f.saidNotNow(ends, n, ms, m) {
		return ^m.id
	}
	return m.id
}

// saidNotNow reports a not-now entry in the sentence of m.
func (f *foreign) saidNotNow(ends []int, n int, ms []fmatch, m fmatch) bool {
	lo, hi := sentenceAround(ends, n, m.b0)
	for _, o := range ms {
		if f.notNow[o.id] && o.b0 >= lo && o.b1 <= hi {
			return true
		}
	}
	return false
}

// allParts reports whether the parts of the entry of ms[i] (its part 0)
// are all found in the sentence of ms[i].
func allParts(ends []int, n int, ms []fmatch, i, parts int) bool {
	m := ms[i]
	lo, hi := sentenceAround(ends, n, m.b0)
	var mask uint32
	for _, o := range ms {
		if o.id == m.id && o.b0 >= lo && o.b1 <= hi {
			mask |= 1 << uint(o.part)
		}
	}
	return mask == 1<<uint(parts)-1
}

// sentenceEnds returns the bytes of text where sentences end.
func sentenceEnds(text string) []int {
	var ends []int
	for i, r := range text {
		if foreignSentenceEnd(r) {
			ends = append(ends, i)
		}
	}
	return ends
}

// sentenceAround returns the bytes of the sentence holding byte at of a
// text of n bytes that ends sentences at ends.
func sentenceAround(ends []int, n, at int) (int, int) {
	k, _ := slices.BinarySearch(ends, at)
	lo, hi := 0, n
	if k > 0 {
		lo = ends[k-1] + 1
	}
	if k < len(ends) {
		hi = ends[k]
	}
	return lo, hi
}

// clauseEnds returns the bytes of text where sentences or clauses end.
func clauseEnds(text string) []int {
	var ends []int
	for i, r := range text {
		if foreignSentenceEnd(r) || r == ',' || r == ';' || r == '、' || r == '，' || r == '；' {
			ends = append(ends, i)
		}
	}
	return ends
}

func foreignSentenceEnd(r rune) bool {
	switch r {
	case '.', '!', '?', '\n', '。', '！', '？':
		return true
	}
	return false
}

// foreignMasked reports whether match i lies inside a longer match of its
// group, or is a crisis word that overlaps a calm phrase, or repeats an
// earlier entry.
func foreignMasked(ms []fmatch, i int, entries []entry) bool {
	m := ms[i]
	e := &entries[m.id]
	for j, o := range ms {
		if j == i || o.b1 <= m.b0 || m.b1 <= o.b0 {
			continue
		}
		oe := &entries[o.id]
		if oe.parts > 1 || oe.group() != e.group() {
			continue
		}
		// A calm phrase hides the crisis words it overlaps (want to die
		// in "want to die my hair").
		if oe.kind == toCalm && e.kind == toCrisis {
			return true
		}
		if o.b0 > m.b0 || o.b1 < m.b1 {
			continue
		}
		if o.b1-o.b0 > m.b1-m.b0 {
			return true
		}
		// The same word written twice in the lexicon (salário, salario) counts once.
		if o.b0 == m.b0 && o.b1 == m.b1 && sameTarget(oe, e) && o.id < m.id {
			return true
		}
	}
	return false
}

func equalWords(a []string, b []fword, accented bool) bool {
	for i := range a {
		w := b[i].bare
		if accented {
			w = b[i].stem
		}
		if a[i] != w {
			return false
		}
	}
	return true
}
