package triage

import (
	"slices"
	"strings"
	"sync/atomic"

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
	rkids  []rkid // the children of rnodes (freeze)
	pats   []pattern
	// dropParticles removes case and binding particles from terms and lets
	// them be skipped in the text (お金がない matches お金ない).
	dropParticles bool
	// readings enables the reading trie (off for modifiers, which are
	// matched by word only).
	readings bool
	// bare: the terms being added are also read without particles
	// (bareReading); set by the lexicon loader for crisis and calm terms.
	bare bool
	// slips enables one-slip matching of katakana readings (slip.go): set
	// by prepareSlips when a reading node has a pattern that allows it.
	slips bool
	// root is nodes[0] as tables indexed by vocabulary ID (see freeze):
	// every token with an ID looks there, and the maps of the root are
	// large enough for hashing and cache misses to dominate the walk.
	root rootTables
}

// rootTables are the children of the root by vocabulary ID (−1: none).
type rootTables struct {
	base, anyKey []int32
	key          [][]int32
}

// pattern is one compiled term part. parts and kind copy its entry's, so
// that the dozens of hits a class word makes ({elder}+…) are sorted
// without touching the entries (Triager.notePatterns).
type pattern struct {
	entry int32
	part  int8
	parts int8
	kind  targetKind
}

type tnode struct {
	base   map[int32]int32   // by Token.Base (or surface)
	key    map[int32][]int32 // kanji term tokens, by Key: kana input only (homophones: 火事, 家事)
	anyKey map[int32]int32   // kana term token, by Key: any input
	ends   []int32           // patterns
	// deferred are the patterns moved out of ends by deferParts.
	deferred []int32
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
	if t.Key == b || isOru(t) {
		ids.key = ids.base
	} else {
		ids.key = v.get(t.Key)
	}
	if t.Surface != t.Base {
		ids.surface = v.get(t.Surface)
	}
	return ids
}

// tokenIDs looks up every token of d once; the IDs of a word of the IPA
// dictionary are kept in c (three string lookups per token were a tenth of
// the triage's own time, for words that recur in every message).
func (v *vocab) tokenIDs(d *nlp.Doc, c *idCache, out []tokIDs) []tokIDs {
	out = out[:0]
	for _, t := range d.Tokens {
		k := t.Known()
		if k < 0 || k >= len(c.ids) {
			out = append(out, v.token(t))
			continue
		}
		if p := c.ids[k].Load(); p != 0 {
			out = append(out, unpackIDs(p))
			continue
		}
		ids := v.token(t)
		c.ids[k].Store(packIDs(ids))
		out = append(out, ids)
	}
	return out
}

// idCache holds the tokIDs of IPA dictionary words by Token.Known, packed
// (packIDs), filled as words are met; racing goroutines store equal values.
// It is valid only for a complete vocabulary (after freeze).
type idCache struct{ ids []atomic.Uint64 }

// idBits is the width of one packed ID: a vocabulary holds fewer words
// (newIDCache checks).
const idBits = 21

func newIDCache(v *vocab, known int) *idCache {
	if len(v.ids) >= 1<<idBits-1 {
		return &idCache{} // too large to pack: no cache
	}
	return &idCache{ids: make([]atomic.Uint64, known)}
}

// packIDs stores each ID plus one in idBits bits; the top bit says "set".
func packIDs(t tokIDs) uint64 {
	const mask = 1<<idBits - 1
	return 1<<63 | uint64(t.base+1)&mask | (uint64(t.surface+1)&mask)<<idBits | (uint64(t.key+1)&mask)<<(2*idBits)
}

func unpackIDs(p uint64) tokIDs {
	const mask = 1<<idBits - 1
	return tokIDs{base: int32(p&mask) - 1, surface: int32(p>>idBits&mask) - 1, key: int32(p>>(2*idBits)&mask) - 1}
}

// rnode is a node of the reading trie. Its children are built in next and
// moved by freeze to m.rkids[lo:hi], sorted by rune: a few compares beat
// hashing a rune for every kana of every message.
type rnode struct {
	next     map[rune]int32 // while terms are added
	lo, hi   int32
	ends     []int32
	deferred []int32 // see tnode
	// slipEnds and slipDeferred are the patterns of ends and deferred a
	// slipped reading may find (prepareSlips).
	slipEnds, slipDeferred []int32
}

// rkid is a child of an rnode.
type rkid struct {
	r rune
	n int32
}

// rchild returns the child of reading node n by rune c.
func (m *matcher) rchild(n int32, c rune) (int32, bool) {
	nd := &m.rnodes[n]
	kids := m.rkids[nd.lo:nd.hi]
	if len(kids) <= 8 {
		for _, k := range kids {
			if k.r == c {
				return k.n, true
			}
		}
		return 0, false
	}
	lo, hi := 0, len(kids)
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if kids[h].r < c {
			lo = h + 1
		} else {
			hi = h
		}
	}
	if lo < len(kids) && kids[lo].r == c {
		return kids[lo].n, true
	}
	return 0, false
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
	if !m.addTerm(an, d, p) {
		return false
	}
	if m.dropParticles {
		for _, v := range progressiveVariants(d) {
			m.addTerm(an, an.Analyze(v), p)
		}
		// 食べていない also finds 食べてない, which Kagome cuts as てる|ない,
		// and 西日本 食べとらん, 食べよらん.
		for te, alts := range negatedProgressive {
			if strings.Contains(d.Text, te) {
				for _, alt := range alts {
					m.addTerm(an, an.Analyze(strings.ReplaceAll(d.Text, te, alt)), p)
				}
			}
		}
	}
	return true
}

// progressiveVariants are the spoken forms of a term that ends in ている
// or でいる (殴られている → 殴られてる, 殴られてます, 殴られとる, and
// 殴られよる where the stem allows it), which the text
// does not cut as て + いる: written once, a progressive term finds them all.
func progressiveVariants(d *nlp.Doc) []string {
	ts := d.Tokens
	n := len(ts)
	if n < 3 {
		return nil
	}
	te, iru := ts[n-2], ts[n-1]
	if te.POS != "助詞" || te.POS2 != "接続助詞" || iru.Base != "いる" || iru.Surface != "いる" || iru.POS2 != "非自立" {
		return nil
	}
	prefix := d.Text[:te.Start]
	if te.Surface == "で" {
		return []string{prefix + "でる", prefix + "でます", prefix + "どる"}
	}
	if te.Surface == "て" {
		vs := []string{prefix + "てる", prefix + "てます", prefix + "とる"}
		if !strings.HasSuffix(prefix, "っ") && !strings.HasSuffix(prefix, "い") && !strings.HasSuffix(prefix, "ん") {
			vs = append(vs, prefix+"よる") // 燃えよる; 殴っ+よる is no word
		}
		return vs
	}
	return nil
}

// negatedProgressive are the spoken forms of ていない that Kagome does not
// cut as て|いる|ない.
var negatedProgressive = map[string][]string{
	"ていない": {"てない", "とらん", "よらん"},
	"でいない": {"でない", "どらん"},
}

// addTerm inserts the analysed term d as pattern p.
func (m *matcher) addTerm(an *nlp.Analyzer, d *nlp.Doc, p int32) bool {
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
		// Typed in a hurry, kana drops its particles (くび しめられてる,
		// うで きってる): the reading is also matched without the light
		// particles between its words, when four kana or more are left.
		if bare := bareReading(d.Tokens); m.bare && len(bare) >= minBareReading && len(bare) < len(reading) && nlp.KanaOnly(string(bare)) {
			m.insertReading(bare, p)
		}
		// Normalize drops a long-vowel mark after hiragana (つらーい), so a
		// loanword typed in hiragana loses its ー (ふーどばんく → ふどばんく,
		// げーむ → げむ): its reading is also matched without ー.
		if short := withoutLongVowel(reading); len(short) >= max(minLen, minReading) && len(short) < len(reading) {
			m.insertReading(short, p)
		}
	}
	return true
}

// minBareReading is the shortest reading without particles that is
// matched (bareReading): shorter ones are found by chance in kana text.
const minBareReading = 4

// bareReading is the reading of term tokens ts without the light particles
// between its words (首を絞める → くびしめる), or nil when it has none.
func bareReading(ts []nlp.Token) []rune {
	var out []rune
	dropped := false
	for i, t := range ts {
		if i > 0 && i < len(ts)-1 && t.POS == "助詞" && skippable(t) {
			dropped = true
			continue
		}
		out = append(out, []rune(nlp.Hiragana(t.Reading))...)
	}
	if !dropped {
		return nil
	}
	return out
}

// withoutLongVowel returns rs without its long-vowel marks (ー), or rs
// itself when it has none.
func withoutLongVowel(rs []rune) []rune {
	if !slices.Contains(rs, 'ー') {
		return rs
	}
	out := make([]rune, 0, len(rs))
	for _, r := range rs {
		if r != 'ー' {
			out = append(out, r)
		}
	}
	return out
}

// termTokens drops skippable particles from a term (unless nothing else
// is left).
func (m *matcher) termTokens(ts []nlp.Token) []nlp.Token {
	if !m.dropParticles || kanaTerm(ts) {
		return ts
	}
	var out []nlp.Token
	for i, t := range ts {
		if progressiveBeforeNegation(ts, i) {
			continue
		}
		if !skippable(t) && !optionalInTerm(t) || i == len(ts)-1 {
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
	for i, t := range seq {
		kana := t.Kana && !(t.POS == "助動詞" && negBases[t.Base])
		k := m.voc.add(baseOf(t))
		if kana {
			k = m.voc.add(t.Key)
		}
		// An imperative is matched as written: 出ていけ is not 出ていった,
		// 死ねと言われる is not 死ぬと言われる.
		imperative := (strings.HasPrefix(t.Form, "命令") || t.Form == "仮定形" && t.POS == "動詞" && (i+1 == len(seq) || seq[i+1].Base != "ば")) &&
			t.Surface != t.Base
		if imperative {
			kana, k = false, m.voc.add(t.Surface)
		}
		next, ok := m.child(n, kana, k)
		if ok && imperative {
			n = next
			continue
		}
		if !ok && imperative {
			next = int32(len(m.nodes))
			m.nodes = append(m.nodes, tnode{})
			nd := &m.nodes[n]
			if nd.base == nil {
				nd.base = map[int32]int32{}
			}
			nd.base[k] = next
			n = next
			continue
		}
		if !ok {
			next = int32(len(m.nodes))
			m.nodes = append(m.nodes, tnode{}) // may move m.nodes: index, do not point
			nd := &m.nodes[n]
			if kana {
				if nd.anyKey == nil {
					nd.anyKey = map[int32]int32{}
				}
				nd.anyKey[k] = next
				// Out of context a final で is cut as だ (死ぬ気で → 死ぬ|気|で=だ);
				// in a message it is the particle で (死ぬ気で就活).
				if t.Surface == "で" && t.Base == "だ" {
					if pk := m.voc.add("で"); !has(nd.anyKey, pk) {
						nd.anyKey[pk] = next
					}
				}
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
					nd.key = map[int32][]int32{}
				}
				// Kana text cannot tell homophones apart: かじ is 火事 and
				// 家事, and both are followed.
				key := m.voc.add(t.Key)
				if !slices.Contains(nd.key[key], next) {
					nd.key[key] = append(nd.key[key], next)
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

// deferParts moves the patterns for which deferred is true from the ends
// of every node to its deferred list, keeping their order (see sink).
func (m *matcher) deferParts(deferred func(p int32) bool) {
	split := func(ends []int32) (keep, def []int32) {
		for _, p := range ends {
			if deferred(p) {
				def = append(def, p)
			} else {
				keep = append(keep, p)
			}
		}
		return keep, def
	}
	for i := range m.nodes {
		m.nodes[i].ends, m.nodes[i].deferred = split(m.nodes[i].ends)
	}
	for i := range m.rnodes {
		m.rnodes[i].ends, m.rnodes[i].deferred = split(m.rnodes[i].ends)
	}
}

// freeze builds m.root once all terms sharing m.voc are added; the maps of
// nodes[0] stay for child.
func (m *matcher) freeze() {
	n := len(m.voc.ids)
	nd := &m.nodes[0]
	r := rootTables{base: make([]int32, n), anyKey: make([]int32, n), key: make([][]int32, n)}
	for i := range n {
		r.base[i], r.anyKey[i] = -1, -1
	}
	for k, c := range nd.base {
		r.base[k] = c
	}
	for k, c := range nd.anyKey {
		r.anyKey[k] = c
	}
	for k, cs := range nd.key {
		r.key[k] = cs
	}
	m.root = r
	m.rkids = m.rkids[:0]
	for i := range m.rnodes {
		nd := &m.rnodes[i]
		nd.lo = int32(len(m.rkids))
		for c, n := range nd.next {
			m.rkids = append(m.rkids, rkid{c, n})
		}
		nd.hi = int32(len(m.rkids))
		nd.next = nil
		slices.SortFunc(m.rkids[nd.lo:nd.hi], func(a, b rkid) int { return int(a.r - b.r) })
	}
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

// negBase is the dictionary form every negation is matched as.
const negBase = "ない"

// negBases are the dictionary forms of negating auxiliaries; they all
// match one another (足りない = 足りません = 足りへん).
var negBases = map[string]bool{negBase: true, "ん": true, "ぬ": true, "へん": true, "ひん": true, "ねえ": true, "ねー": true, "ず": true}

// baseOf is the key a token is matched by in the base-form trie.
func baseOf(t nlp.Token) string {
	if t.POS == "助動詞" && negBases[t.Base] {
		return negBase
	}
	if isOru(t) {
		return "いる"
	}
	return t.Base
}

// isOru reports the verb おる (居る read おる), which western and older
// speech use for いる: 子どもがおる, 殴られておる, 一人でおります all match
// the terms written with いる.
func isOru(t nlp.Token) bool {
	return t.POS == "動詞" && (t.Base == "おる" || t.Base == "居る" && t.Key == "おる")
}

// progressiveBeforeNegation reports the いる of て|いる|ない in a term: it is
// left out so that 食べていない also finds 食べてない (Kagome: て as てる),
// 食べてへん and 食べていません (the text's いる is skipped by politeSkip).
func progressiveBeforeNegation(ts []nlp.Token, i int) bool {
	if i == 0 || i+1 >= len(ts) {
		return false
	}
	t, prev, next := ts[i], ts[i-1], ts[i+1]
	return t.Base == "いる" && t.POS2 == "非自立" && (prev.Surface == "て" || prev.Surface == "で") &&
		next.POS == "助動詞" && negBases[next.Base]
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

// optionalInTerm reports tokens of a term that the text may leave out
// because the text may add them anyway (politeSkip): ます and です, so
// 相談できます in the lexicon also finds 相談できる. The progressive
// ている is not optional: in crisis.tsv it says "happening now"
// (叩いている is not 叩く); its spoken forms are generated instead
// (progressiveVariants, progressiveBeforeNegation).
func optionalInTerm(t nlp.Token) bool {
	return t.POS == "助動詞" && politeSkip(t)
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

// nowWord reports a word of time a resident puts inside a phrase (カッターで
// 今切ってる, 薬をさっき飲んだ, 首を また 絞められた): a term of the lexicons
// reads through it as through a particle.
func nowWord(t nlp.Token) bool {
	return nowWords[t.Base] && (t.POS == "名詞" || t.POS == "副詞")
}

var nowWords = map[string]bool{"今": true, "いま": true, "さっき": true, "また": true, "もう": true, "今日": true, "今夜": true, "今朝": true, "先ほど": true}
