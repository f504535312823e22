package triage

import (
	"unicode"
	"unicode/utf8"

	"github.com/n-csw/tsunagu/internal/nlp"
)

// Homophones: a resident types with an IME and picks the wrong kanji for
// the right sound (日常生活自律支援 for 日常生活自立支援, 保護名令 for
// 保護命令, 緊急子口資金 for 緊急小口資金). Kagome cuts such a compound
// into several nouns whose readings, joined, are the reading of a term:
// the reading trie finds it. Only long readings (minHomophone) over at
// least two kanji nouns count, only for channel and urgency terms (a
// wrong kanji never raises a crisis), and only where no term matched as
// written already covers those words.

// minHomophone is the shortest reading (in kana) a homophone match may
// have: shorter compounds have real homophones (公園, 講演 and 後援 are
// all こうえん).
const minHomophone = 6

// NoteHomophone marks the evidence of a term found by the reading of
// other kanji (日常生活自律支援（日常生活自立支援）).
const NoteHomophone = "homophone"

// homophoneNoun reports a noun written with kanji: the words a homophone
// match is made of.
func homophoneNoun(t nlp.Token) bool {
	return t.POS == "名詞" && !t.Kana && !t.Unknown && kanji(t.Surface, 1)
}

// kanji reports at least n kanji in s.
func kanji(s string, n int) bool {
	for _, r := range s {
		if r >= utf8.RuneSelf && unicode.Is(unicode.Han, r) {
			if n--; n == 0 {
				return true
			}
		}
	}
	return false
}

// kanjiCompound reports a noun written with two kanji or more (宣誓,
// 火事): a term written in kana (せんせい, かじ) does not match it by its
// reading, as it does a word that is one kanji (所 for ところ, 物 for
// もの) or a verb (死ぬ for しぬ). Sino-Japanese compounds share their
// readings (宣誓 and 先生, 火事 and 家事).
func kanjiCompound(t nlp.Token) bool {
	return t.POS == "名詞" && !t.Kana && kanji(t.Surface, 2)
}

// walkHomophone matches the readings of the kanji nouns from token i on
// against the reading trie and records, as homophone hits, the single-part
// channel and urgency terms whose reading they spell, over two nouns or
// more, when no hit of sk covers them. It runs after the other walks from
// i, so the hits stay in the order of their first token.
func (m *matcher) walkHomophone(toks []nlp.Token, i int, sk *sink) {
	if i+1 >= len(toks) || !homophoneNoun(toks[i]) || !homophoneNoun(toks[i+1]) {
		return
	}
	n := int32(0)
	depth := 0
	for j := i; j < len(toks) && homophoneNoun(toks[j]); j++ {
		for _, c := range toks[j].Reading {
			next, ok := m.rchild(n, c)
			if !ok {
				return
			}
			n, depth = next, depth+1
		}
		if j == i || depth < minHomophone {
			continue
		}
		nd := &m.rnodes[n]
		if len(nd.ends) == 0 || coveredHit(sk.hits, i, j+1) {
			continue
		}
		for _, p := range nd.ends {
			if pt := &m.pats[p]; pt.parts == 1 && (pt.kind == toChannel || pt.kind == toUrgent) {
				sk.hits = append(sk.hits, hit{pat: p, from: i, to: j + 1, b0: toks[i].Start, b1: toks[j].End, homophone: true})
			}
		}
	}
}

// coveredHit reports a hit of hits (in the order of their first token)
// that spans tokens [from, to) whole.
func coveredHit(hits []hit, from, to int) bool {
	for k := len(hits) - 1; k >= 0; k-- {
		h := hits[k]
		if h.from < from-maxSpan {
			break
		}
		if h.from <= from && h.to >= to {
			return true
		}
	}
	return false
}

// markHomophone flags the find of entry id when hit h, a homophone hit, is
// what it counts (a find of the term as written wins: see add).
func (s *scratch) markHomophone(id int, h hit) {
	for k := range s.found {
		if f := &s.found[k]; f.entry == id && f.from == h.from && f.to == h.to {
			f.homophone = true
		}
	}
}

// homophoneTerm is the evidence term of a homophone find: the words as
// written, then the lexicon term.
func homophoneTerm(s *scratch, f found, term string) string {
	toks := s.doc.Tokens
	return s.doc.Text[toks[f.from].Start:toks[f.to-1].End] + "（" + term + "）"
}
