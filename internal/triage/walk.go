package triage

import (
	"slices"
	"unicode/utf8"

	"github.com/n-csw/tsunagu/internal/nlp"
)

// hit is a pattern found at tokens [from, to).
type hit struct {
	pat int32
	// slip is 1 + the byte offset in Doc.Text of the kana a slipped
	// reading read as a look-alike (slip.go), 0 for an exact match.
	slip     int32
	from, to int // tokens
	b0, b1   int // bytes in Doc.Text, for overlaps
	// homophone: found by the reading of other kanji (walkHomophone)
	homophone bool
}

// unit is a position in the token stream: a token, or a part of a user
// word (sub ≥ 0).
type unit struct{ i, sub int }

// scan records every pattern occurrence in d in sk; ids are the
// vocabulary IDs of d's tokens.
func (m *matcher) scan(an *nlp.Analyzer, d *nlp.Doc, ids []tokIDs, sk *sink) {
	toks := d.Tokens
	w := walker{m: m, an: an, toks: toks, ids: ids, sk: sk}
	for i := range toks {
		w.walk(0, unit{i, -1}, start{i, toks[i].Start}, 0)
		if subs := an.Subs(toks[i]); subs != nil {
			for k := range subs {
				w.walk(0, unit{i, k}, start{i, toks[i].Start + subs[k].Start}, 0)
			}
		}
		if m.readings {
			m.walkReading(toks, i, sk)
			m.walkHomophone(toks, i, sk)
		}
	}
	if sk.slipped > 0 {
		sk.dropCoveredSlips()
	}
}

// sink collects the finds of a scan. A trie node's patterns are recorded
// as hits, one each, except the parts of multi-part terms (deferred): a
// class word ({elder}+…) is a part of hundreds of terms, almost none of
// them whole in a message, so those are kept as one pending find per node
// and made hits only for the terms all of whose parts were found
// (Triager.expand), in the order the hits would have had.
type sink struct {
	hits    []hit
	pending []pending
	slipped int // finds by a slipped reading (slip.go)
}

// pending is a find of the deferred patterns pats at one place.
type pending struct {
	pats             []int32
	from, to, b0, b1 int
	slip             int32 // see hit
}

func (sk *sink) emit(ends, deferred []int32, h hit) {
	for _, p := range ends {
		h.pat = p
		sk.hits = append(sk.hits, h)
	}
	if len(deferred) > 0 {
		sk.pending = append(sk.pending, pending{pats: deferred, from: h.from, to: h.to, b0: h.b0, b1: h.b1, slip: h.slip})
	}
}

// walker is the state of one scan.
type walker struct {
	m    *matcher
	an   *nlp.Analyzer
	toks []nlp.Token
	ids  []tokIDs
	sk   *sink
}

func tokenAt(an *nlp.Analyzer, toks []nlp.Token, u unit) nlp.Token {
	if u.sub < 0 {
		return toks[u.i]
	}
	t := an.Subs(toks[u.i])[u.sub]
	t.Start += toks[u.i].Start
	t.End += toks[u.i].Start
	return t
}

// start is where a match began: token index and byte offset.
type start struct{ tok, b int }

// walk follows the trie from node n through unit u. Matching a pattern
// records a hit from token from to the token of u (inclusive).
func (w *walker) walk(n int32, u unit, from start, skipped int) {
	if u.i >= len(w.toks) {
		return
	}
	var ids tokIDs
	var t nlp.Token
	if u.sub < 0 {
		ids = w.ids[u.i]
		if n == 0 && ids.base < 0 && ids.surface < 0 && ids.key < 0 {
			return // the fast path: this word starts no term
		}
		t = w.toks[u.i]
	} else {
		t = tokenAt(w.an, w.toks, u)
		ids = w.m.voc.token(t)
	}
	var buf [4]int32
	seen := buf[:0]
	if n == 0 {
		r := &w.m.root
		// The same lookups as below, in the root's tables.
		if ids.base >= 0 && r.base[ids.base] >= 0 {
			seen = addNode(seen, r.base[ids.base])
		}
		if ids.surface >= 0 && r.base[ids.surface] >= 0 {
			seen = addNode(seen, r.base[ids.surface])
		}
		if ids.key >= 0 && r.anyKey[ids.key] >= 0 && !kanjiCompound(t) {
			seen = addNode(seen, r.anyKey[ids.key])
		}
		if ids.key >= 0 && kanaContentWord(t) {
			for _, c := range r.key[ids.key] {
				seen = addNode(seen, c)
			}
		}
	} else {
		nd := &w.m.nodes[n]
		if nd.base != nil {
			if c, ok := nd.base[ids.base]; ok && ids.base >= 0 {
				seen = addNode(seen, c)
			}
			if c, ok := nd.base[ids.surface]; ok && ids.surface >= 0 {
				seen = addNode(seen, c)
			}
		}
		if nd.anyKey != nil && ids.key >= 0 && !kanjiCompound(t) {
			if c, ok := nd.anyKey[ids.key]; ok {
				seen = addNode(seen, c)
			}
		}
		if nd.key != nil && ids.key >= 0 && kanaContentWord(t) {
			for _, c := range nd.key[ids.key] {
				seen = addNode(seen, c)
			}
		}
	}
	for _, c := range seen {
		nd := &w.m.nodes[c]
		if len(nd.ends)+len(nd.deferred) > 0 {
			w.sk.emit(nd.ends, nd.deferred, hit{from: from.tok, to: u.i + 1, b0: from.b, b1: t.End})
		}
		w.next(c, u, from, 0)
	}
	if n != 0 && skipped < 4 && (w.m.dropParticles && (skippable(t) || nowWord(t)) || politeSkip(t)) {
		w.next(n, u, from, skipped+1)
	}
}

// addNode adds trie node c to seen once.
func addNode(seen []int32, c int32) []int32 {
	if slices.Contains(seen, c) {
		return seen
	}
	return append(seen, c)
}

// next walks on from the units that follow u.
func (w *walker) next(n int32, u unit, from start, skipped int) {
	if len(w.m.nodes[n].base)+len(w.m.nodes[n].anyKey) == 0 {
		return
	}
	if u.sub >= 0 && u.sub+1 < len(w.an.Subs(w.toks[u.i])) {
		w.walk(n, unit{u.i, u.sub + 1}, from, skipped)
		return
	}
	if u.i+1 >= len(w.toks) {
		return
	}
	w.walk(n, unit{u.i + 1, -1}, from, skipped)
	if w.an.Subs(w.toks[u.i+1]) != nil {
		w.walk(n, unit{u.i + 1, 0}, from, skipped)
	}
}

// walkReading matches readings from the start of token i, a content word
// written in kana. A match must end at
// a token boundary or inside an unknown token, and cover at least one token
// written in kana (kanji text is matched by base form, which keeps 解雇
// from matching 介護). Spaces between words are ignored (やさしい日本語).
func (m *matcher) walkReading(toks []nlp.Token, i int, sk *sink) {
	// Terms begin with a content word: kana particles, auxiliaries and
	// symbols start none (and kanji text is matched by base form).
	// After a space or at the start, though, a word begins whatever Kagome
	// made of it (にんしん as に|ん|しん, ばしょ as ば+しょ).
	t := toks[i]
	if !t.Kana || t.POS == "記号" || (t.POS == "助詞" || t.POS == "助動詞") && !wordStart(toks, i) {
		return
	}
	m.walkReadingFrom(toks, i, 0, sk)
	if t.Unknown {
		m.walkInsideUnknown(toks, i, sk)
	}
}

// minInsideBytes is the shortest match (four kana) that may start inside
// an unknown token: shorter readings are found by chance in any long run
// of kana (しょうめいしょ holds いしょ, 遺書).
const minInsideBytes = 4 * 3

// walkInsideUnknown matches readings that start inside token i, a run of
// kana Kagome could not read: it swallows whole phrases of hiragana-only
// text (きょうもしぬほうほう… as き|ょうもしぬほうほう…), and the words in
// it must still be found, しぬほうほう above all.
func (m *matcher) walkInsideUnknown(toks []nlp.Token, i int, sk *sink) {
	r := toks[i].Reading
	if len(r) != len(toks[i].Surface) {
		return // offsets in the reading would not be offsets in the text
	}
	for off := 0; off < len(r); {
		_, size := utf8.DecodeRuneInString(r[off:])
		off += size
		if off >= len(r) {
			break
		}
		n, np := len(sk.hits), len(sk.pending)
		m.walkReadingFrom(toks, i, off, sk)
		kept := sk.hits[:n]
		for _, h := range sk.hits[n:] {
			if h.b1-h.b0 >= minInsideBytes {
				kept = append(kept, h)
			}
		}
		sk.hits = kept
		keptP := sk.pending[:np]
		for _, pd := range sk.pending[np:] {
			if pd.b1-pd.b0 >= minInsideBytes {
				keptP = append(keptP, pd)
			}
		}
		sk.pending = keptP
	}
}

// minInside is the shortest reading that may end inside a kana word.
const minInside = 4

// endReading follows reading r from node n and records the terms that end
// exactly there.
func (m *matcher) endReading(n int32, r string, i, j, b0, b1 int, sk *sink) {
	for _, c := range r {
		next, ok := m.rchild(n, c)
		if !ok {
			return
		}
		n = next
	}
	if nd := &m.rnodes[n]; len(nd.ends)+len(nd.deferred) > 0 {
		sk.emit(nd.ends, nd.deferred, hit{from: i, to: j + 1, b0: b0, b1: b1})
	}
}

// particleTail reports that rest, the unread end of token j's reading, is
// a case particle that closes a word before a space or punctuation: in
// spaced kana text Kagome glues it to a piece of the word (べら+ん+だに
// for べらんだに, so ベランダ ends inside だに).
func particleTail(toks []nlp.Token, j int, rest string) bool {
	if !tailParticles[rest] {
		return false
	}
	return j+1 == len(toks) || toks[j+1].POS == "記号"
}

var tailParticles = map[string]bool{"が": true, "を": true, "に": true, "は": true, "の": true, "で": true, "も": true, "へ": true, "と": true}

// wordStart reports a token at the start of the text or after a space or
// a mark.
func wordStart(toks []nlp.Token, i int) bool { return i == 0 || toks[i-1].POS == "記号" }

func space(t nlp.Token) bool { return t.POS == "記号" && t.POS2 == "空白" }

func (m *matcher) walkReadingFrom(toks []nlp.Token, i, off0 int, sk *sink) {
	n := int32(0)
	kana := false
	kata := true // every token so far is written in katakana (see slip)
	depth := 0
	for j := i; j < len(toks); j++ {
		if j > i && space(toks[j]) {
			continue
		}
		r := toks[j].Reading
		kana = kana || toks[j].Kana
		kata = kata && katakanaToken(toks[j])
		off := 0
		if j == i {
			off = off0
		}
		if k := toks[j].Key; off == 0 && kana && k != r && toks[j].Form != "" && !toks[j].Unknown {
			// A conjugated word may end a term in its dictionary form
			// (ばしょを つくりたい finds 場所を作る).
			m.endReading(n, k, i, j, toks[i].Start+off0, toks[j].End, sk)
		}
		for off < len(r) {
			c, size := utf8.DecodeRuneInString(r[off:])
			off += size
			if kata && depth+1 >= minSlipDepth && off0 == 0 && m.slips && len(r) == len(toks[j].Surface) {
				m.slip(toks, i, j, off, n, c, depth+1, sk)
			}
			next, ok := m.rchild(n, c)
			if !ok {
				return
			}
			n = next
			depth++
			// A long reading may also end inside a kana word: Kagome cuts
			// しにたいしにたい as し|に|たいし|に|たい.
			inside := toks[j].Unknown || toks[j].Kana && depth >= minInside
			if nd := &m.rnodes[n]; kana && (off == len(r) || inside || particleTail(toks, j, r[off:])) && len(nd.ends)+len(nd.deferred) > 0 {
				b1 := toks[j].End
				if off < len(r) && len(r) == len(toks[j].Surface) {
					b1 = toks[j].Start + off
				}
				sk.emit(nd.ends, nd.deferred, hit{from: i, to: j + 1, b0: toks[i].Start + off0, b1: b1})
			}
		}
		if k := negationAfter(toks, j); kana && k > 0 {
			// できません, わからへん end a term written with ない.
			m.endReading(n, "ない", i, k, toks[i].Start+off0, toks[k].End, sk)
		}
	}
}

// negationAfter returns the index of the negating auxiliary that follows
// the verb or adjective toks[j], perhaps after ます (でき+ませ+ん), or −1.
func negationAfter(toks []nlp.Token, j int) int {
	if p := toks[j].POS; p != "動詞" && p != "形容詞" && p != "助動詞" {
		return -1
	}
	for k := j + 1; k < len(toks) && k <= j+2; k++ {
		t := toks[k]
		if t.POS != "助動詞" {
			return -1
		}
		if negBases[t.Base] {
			return k
		}
		if t.Base != "ます" {
			return -1
		}
	}
	return -1
}

// functionWord reports a particle or auxiliary: written in kana, it never
// stands for a content word written in kanji (the て of してあげる is not
// 手, the に of 家にいる is not 荷).
// kanaContentWord reports a token written in kana that may be a word
// the lexicon writes in kanji: not a particle or auxiliary, and not a
// helper verb after て (住んでる is not 住んで出る).
func kanaContentWord(t nlp.Token) bool {
	return t.Kana && !functionWord(t) && !(t.POS == "動詞" && t.POS2 == "非自立")
}

func functionWord(t nlp.Token) bool { return t.POS == "助詞" || t.POS == "助動詞" }

func has(m map[int32]int32, k int32) bool {
	_, ok := m[k]
	return ok
}
