package triage

import (
	"unicode/utf8"

	"github.com/n-csw/tsunagu/internal/nlp"
)

// matcher finds lexicon terms in an analysed message. Terms are compiled at
// load time into a trie over token base forms (so conjugations match) with
// kana readings as a second key (so しにたい matches 死にたい), and a trie
// over hiragana readings (so かいごほけん matches 介護保険 however Kagome
// cuts the kana). Per message the work is one walk from every token.
type matcher struct {
	voc    *vocab
	nodes  []tnode
	rnodes []rnode
	pats   []pattern
	// dropParticles removes case and binding particles from terms and lets
	// them be skipped in the text (お金がない matches お金ない).
	dropParticles bool
	// readings enables the reading trie (off for modifiers, which are
	// matched by word only).
	readings bool
}

// pattern is one compiled term part.
type pattern struct {
	entry int32
	part  int8
}

type tnode struct {
	base   map[int32]int32 // by Token.Base (or surface)
	key    map[int32]int32 // kanji term token, by Key: kana input only
	anyKey map[int32]int32 // kana term token, by Key: any input
	ends   []int32         // patterns
}

// vocab numbers every string that a term token is matched by, so that a
// message's tokens are looked up once (tokenIDs) and the tries walk on
// integers. Tokens whose strings are not in it cannot match anything.
type vocab struct{ ids map[string]int32 }

func newVocab() *vocab { return &vocab{ids: map[string]int32{}} }

func (v *vocab) add(s string) int32 {
	id, ok := v.ids[s]
	if !ok {
		id = int32(len(v.ids))
		v.ids[s] = id
	}
	return id
}

func (v *vocab) get(s string) int32 {
	if id, ok := v.ids[s]; ok {
		return id
	}
	return -1
}

// tokIDs are a token's vocabulary IDs (−1: not in any term).
type tokIDs struct{ base, surface, key int32 }

func (v *vocab) token(t nlp.Token) tokIDs {
	b := baseOf(t)
	ids := tokIDs{base: v.get(b), surface: -1}
	if t.Key == b {
		ids.key = ids.base
	} else {
		ids.key = v.get(t.Key)
	}
	if t.Surface != t.Base {
		ids.surface = v.get(t.Surface)
	}
	return ids
}

// tokenIDs looks up every token of d once.
func (v *vocab) tokenIDs(d *nlp.Doc, out []tokIDs) []tokIDs {
	out = out[:0]
	for _, t := range d.Tokens {
		out = append(out, v.token(t))
	}
	return out
}

type rnode struct {
	next map[rune]int32
	ends []int32
}

// minReading is the shortest reading (in kana) matched on the reading
// stream; shorter ones have too many homophones.
const minReading = 3

func newMatcher(voc *vocab, dropParticles bool) *matcher {
	return &matcher{voc: voc, nodes: []tnode{{}}, rnodes: []rnode{{}}, dropParticles: dropParticles, readings: dropParticles}
}

// add compiles one term part for entry id; false when it has no token.
func (m *matcher) add(an *nlp.Analyzer, text string, id, part int) bool {
	d := an.Analyze(text)
	p := int32(len(m.pats))
	m.pats = append(m.pats, pattern{entry: int32(id), part: int8(part)})
	seq := m.termTokens(d.Tokens)
	if len(seq) == 0 {
		return false
	}
	m.insert(seq, p)
	// The same term cut with user words split (介護保険 → 介護 保険).
	var split []nlp.Token
	expanded := false
	for _, t := range d.Tokens {
		if subs := an.Subs(t); subs != nil {
			split = append(split, subs...)
			expanded = true
		} else {
			split = append(split, t)
		}
	}
	if expanded {
		m.insert(m.termTokens(split), p)
	}
	var reading []rune
	for _, t := range d.Tokens {
		reading = append(reading, []rune(nlp.Hiragana(t.Reading))...)
	}
	minLen := minReading
	if kanaTerm(d.Tokens) {
		minLen = 2 // written in kana on purpose: しゅわ
	}
	if m.readings && len(reading) >= minLen && nlp.KanaOnly(string(reading)) {
		m.insertReading(reading, p)
	}
	return true
}

// termTokens drops skippable particles from a term (unless nothing else
// is left).
func (m *matcher) termTokens(ts []nlp.Token) []nlp.Token {
	if !m.dropParticles || kanaTerm(ts) {
		return ts
	}
	var out []nlp.Token
	for i, t := range ts {
		if !skippable(t) || i == len(ts)-1 {
			out = append(out, t)
		}
	}
	if len(out) == 0 {
		return ts
	}
	return out
}

func (m *matcher) insert(seq []nlp.Token, p int32) {
	n := int32(0)
	for _, t := range seq {
		kana := t.Kana && !(t.POS == "助動詞" && negBases[t.Base])
		k := m.voc.add(baseOf(t))
		if kana {
			k = m.voc.add(t.Key)
		}
		next, ok := m.child(n, kana, k)
		if !ok {
			next = int32(len(m.nodes))
			m.nodes = append(m.nodes, tnode{}) // may move m.nodes: index, do not point
			nd := &m.nodes[n]
			if kana {
				if nd.anyKey == nil {
					nd.anyKey = map[int32]int32{}
				}
				nd.anyKey[k] = next
			} else {
				if nd.base == nil {
					nd.base = map[int32]int32{}
				}
				nd.base[k] = next
				if t.Surface != t.Base { // out of context a word may be cut differently
					if sk := m.voc.add(t.Surface); !has(nd.base, sk) {
						nd.base[sk] = next
					}
				}
				if nd.key == nil {
					nd.key = map[int32]int32{}
				}
				key := m.voc.add(t.Key)
				if _, taken := nd.key[key]; !taken {
					nd.key[key] = next
				}
			}
		}
		n = next
	}
	for _, q := range m.nodes[n].ends {
		if q == p {
			return
		}
	}
	m.nodes[n].ends = append(m.nodes[n].ends, p)
}

func (m *matcher) child(n int32, kana bool, k int32) (int32, bool) {
	if kana {
		c, ok := m.nodes[n].anyKey[k]
		return c, ok
	}
	c, ok := m.nodes[n].base[k]
	return c, ok
}

func (m *matcher) insertReading(rs []rune, p int32) {
	n := int32(0)
	for _, r := range rs {
		next, ok := m.rnodes[n].next[r]
		if !ok {
			next = int32(len(m.rnodes))
			m.rnodes = append(m.rnodes, rnode{})
			if m.rnodes[n].next == nil {
				m.rnodes[n].next = map[rune]int32{}
			}
			m.rnodes[n].next[r] = next
		}
		n = next
	}
	m.rnodes[n].ends = append(m.rnodes[n].ends, p)
}

// negBases are the dictionary forms of negating auxiliaries; they all
// match one another (足りない = 足りません = 足りへん).
var negBases = map[string]bool{"ない": true, "ん": true, "ぬ": true, "へん": true, "ひん": true, "ねえ": true, "ねー": true, "ず": true}

// baseOf is the key a token is matched by in the base-form trie.
func baseOf(t nlp.Token) string {
	if t.POS == "助動詞" && negBases[t.Base] {
		return "ない"
	}
	return t.Base
}

// politeSkip reports tokens the text may add inside a term without
// changing what it says: ます, です, and aspect helpers (消えてしまいたい =
// 消えたい, 生きてるのがつらい = 生きるのがつらい).
func politeSkip(t nlp.Token) bool {
	switch t.POS {
	case "助動詞":
		return t.Base == "ます" || t.Base == "です"
	case "動詞":
		return t.POS2 == "非自立" && aspectHelpers[t.Base]
	case "助詞":
		return t.POS2 == "接続助詞" && (t.Base == "て" || t.Base == "で")
	}
	return false
}

var aspectHelpers = map[string]bool{"しまう": true, "ちゃう": true, "じゃう": true, "てる": true, "いる": true, "おる": true, "とる": true, "でる": true}

// kanaTerm reports a term written in kana only: Kagome cuts kana
// unreliably, so its particles are kept (こそだて is not こそ+だて).
func kanaTerm(ts []nlp.Token) bool {
	for _, t := range ts {
		if !t.Kana {
			return false
		}
	}
	return true
}

// lightParticles may be left out or added (お金がない = お金ない); として,
// から, まで … carry meaning and must be written.
var lightParticles = map[string]bool{"が": true, "を": true, "に": true, "は": true, "も": true, "の": true, "へ": true, "で": true, "って": true, "さ": true}

// skippable tokens may sit between the words of a term: case, binding and
// adnominal particles, spaces, commas and fillers.
func skippable(t nlp.Token) bool {
	switch t.POS {
	case "助詞":
		return lightParticles[t.Base] && (t.POS2 == "格助詞" || t.POS2 == "係助詞" || t.POS2 == "連体化")
	case "記号":
		return t.POS2 == "空白" || t.POS2 == "読点"
	case "フィラー":
		return true
	}
	return false
}

// hit is a pattern found at tokens [from, to).
type hit struct {
	pat      int32
	from, to int // tokens
	b0, b1   int // bytes in Doc.Text, for overlaps
}

// unit is a position in the token stream: a token, or a part of a user
// word (sub ≥ 0).
type unit struct{ i, sub int }

// scan appends every pattern occurrence in d to hits; ids are the
// vocabulary IDs of d's tokens.
func (m *matcher) scan(an *nlp.Analyzer, d *nlp.Doc, ids []tokIDs, hits []hit) []hit {
	toks := d.Tokens
	w := walker{m: m, an: an, toks: toks, ids: ids}
	for i := range toks {
		w.hits = hits
		w.walk(0, unit{i, -1}, start{i, toks[i].Start}, 0)
		if subs := an.Subs(toks[i]); subs != nil {
			for k := range subs {
				w.walk(0, unit{i, k}, start{i, toks[i].Start + subs[k].Start}, 0)
			}
		}
		hits = w.hits
		if m.readings {
			hits = m.walkReading(toks, i, hits)
		}
	}
	return hits
}

// walker is the state of one scan.
type walker struct {
	m    *matcher
	an   *nlp.Analyzer
	toks []nlp.Token
	ids  []tokIDs
	hits []hit
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
	nd := &w.m.nodes[n]
	var seen [4]int32
	ns := 0
	add := func(tbl map[int32]int32, k int32) {
		if k < 0 || tbl == nil {
			return
		}
		c, ok := tbl[k]
		if !ok {
			return
		}
		for _, s := range seen[:ns] {
			if s == c {
				return
			}
		}
		seen[ns] = c
		ns++
	}
	add(nd.base, ids.base)
	add(nd.base, ids.surface)
	add(nd.anyKey, ids.key)
	if t.Kana {
		add(nd.key, ids.key)
	}
	for _, c := range seen[:ns] {
		for _, p := range w.m.nodes[c].ends {
			w.hits = append(w.hits, hit{pat: p, from: from.tok, to: u.i + 1, b0: from.b, b1: t.End})
		}
		w.next(c, u, from, 0)
	}
	if n != 0 && skipped < 3 && (w.m.dropParticles && skippable(t) || politeSkip(t)) {
		w.next(n, u, from, skipped+1)
	}
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
func (m *matcher) walkReading(toks []nlp.Token, i int, hits []hit) []hit {
	// Terms begin with a content word: kana particles, auxiliaries and
	// symbols start none (and kanji text is matched by base form).
	if t := toks[i]; !t.Kana || t.POS == "助詞" || t.POS == "助動詞" || t.POS == "記号" {
		return hits
	}
	return m.walkReadingFrom(toks, i, 0, hits)
}

func space(t nlp.Token) bool { return t.POS == "記号" && t.POS2 == "空白" }

func (m *matcher) walkReadingFrom(toks []nlp.Token, i, off0 int, hits []hit) []hit {
	n := int32(0)
	kana := false
	for j := i; j < len(toks); j++ {
		if j > i && space(toks[j]) {
			continue
		}
		r := toks[j].Reading
		kana = kana || toks[j].Kana
		off := 0
		if j == i {
			off = off0
		}
		for off < len(r) {
			c, size := utf8.DecodeRuneInString(r[off:])
			off += size
			next, ok := m.rnodes[n].next[c]
			if !ok {
				return hits
			}
			n = next
			if kana && (off == len(r) || toks[j].Unknown) && len(m.rnodes[n].ends) > 0 {
				b1 := toks[j].End
				if toks[j].Unknown && len(r) == len(toks[j].Surface) {
					b1 = toks[j].Start + off
				}
				for _, p := range m.rnodes[n].ends {
					hits = append(hits, hit{pat: p, from: i, to: j + 1, b0: toks[i].Start + off0, b1: b1})
				}
			}
		}
	}
	return hits
}

func has(m map[int32]int32, k int32) bool {
	_, ok := m[k]
	return ok
}
