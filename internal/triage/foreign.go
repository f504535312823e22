package triage

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/n-csw/tsunagu/internal/nlp"
)

// foreign matches foreign.tsv: terms in English and other languages,
// written in words (matched word by word after light stemming, so "paying"
// matches "pay") or, for scripts written without spaces (中文, ไทย), as
// substrings.
type foreign struct {
	words  map[string][][]string // first stem → stem sequences (index by seqs)
	seqIDs map[string][]int      // first stem → entry per sequence
	subs   []string              // substring terms
	subIDs []int
}

func loadForeign(fsys fs.FS, entries *[]entry) (*foreign, error) {
	f := &foreign{words: map[string][][]string{}, seqIDs: map[string][]int{}}
	recs, err := nlp.ReadTSV(fsys, foreignFile, "term", "target", "weight")
	if errors.Is(err, fs.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load foreign lexicon: %w", err)
	}
	for _, r := range recs {
		e, err := parseEntry(foreignFile, r)
		if err != nil {
			return nil, fmt.Errorf("load foreign lexicon: %w", err)
		}
		e.parts = 1
		id := len(*entries)
		*entries = append(*entries, e)
		term := nlp.Normalize(e.term)
		if spaced(term) {
			stems := stemWords(term, nil)
			if len(stems) == 0 {
				return nil, fmt.Errorf("load foreign lexicon: %s:%d: term %q has no word", foreignFile, r.Line, e.term)
			}
			f.words[stems[0]] = append(f.words[stems[0]], stems)
			f.seqIDs[stems[0]] = append(f.seqIDs[stems[0]], id)
		} else {
			f.subs = append(f.subs, term)
			f.subIDs = append(f.subIDs, id)
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

// stemWords appends the stemmed words of s to out.
func stemWords(s string, out []string) []string {
	start := -1
	for i, r := range s + " " {
		word := unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || unicode.Is(unicode.Mn, r)
		if word && start < 0 {
			start = i
		}
		if !word && start >= 0 {
			out = append(out, stem(s[start:i]))
			start = -1
		}
	}
	return out
}

// stem strips common English endings ("needs", "paid" stay apart, but
// "paying", "helped", "bills" lose them).
func stem(w string) string {
	w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "'")
	n := utf8.RuneCountInString(w)
	switch {
	case n > 5 && strings.HasSuffix(w, "ing"):
		return w[:len(w)-3]
	case n > 4 && strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case n > 4 && strings.HasSuffix(w, "ed"):
		return w[:len(w)-2]
	case n > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss"):
		return w[:len(w)-1]
	}
	return w
}

// scan appends the entries found in text (normalised) to ids.
func (f *foreign) scan(text string, words []string, substrings bool, ids []int) []int {
	for i, w := range words {
		seqs := f.words[w]
		for k, seq := range seqs {
			if len(seq) <= len(words)-i && equalWords(seq, words[i:i+len(seq)]) {
				ids = append(ids, f.seqIDs[w][k])
			}
		}
	}
	if substrings {
		for k, s := range f.subs {
			if strings.Contains(text, s) {
				ids = append(ids, f.subIDs[k])
			}
		}
	}
	return ids
}

func equalWords(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
