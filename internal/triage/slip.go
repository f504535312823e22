package triage

import (
	"strings"
	"unicode/utf8"

	"github.com/n-csw/tsunagu/internal/nlp"
)

// One-slip matching of katakana names. Residents mistype the katakana
// names of services by one kana: フードパンク for フードバンク, ファミサボ
// for ファミサポ, シュウロウイコー for シュウロウイコウ (就労移行), or leave
// out or double a kana: ボランテア, フードバンンク. At each kana of the
// reading walk (walkReadingFrom) of a katakana run, the walk may also go on
// under a look-alike of the kana (slipGroups), or as if the term's next kana
// were left out, or as if the message's kana were one too many — once; the
// rest must match exactly. Bounded so that it cannot do harm:
//   - the message's own characters must be katakana, from the first token
//     of the match to its last (hiragana and kanji are never slipped);
//   - the term's reading is at least minSlipReading kana long, so short
//     words never match loosely, and its first minSlipDepth−1 kana are
//     typed right;
//   - a slipped match finds channel terms only (slipEnds): never a crisis,
//     a calm phrase, urgency or a message signal;
//   - an exact match wins: the slip is tried only where the exact walk
//     breaks off, and a slipped hit whose text an exact hit covers is
//     dropped (dropCoveredSlips).

// minSlipReading is the shortest reading (in kana, ー counted) of a term a
// slipped reading may find: short words never match loosely.
const minSlipReading = 5

// minSlipDepth is the first kana of a reading that may be slipped: the
// first ones must be typed as they are.
const minSlipDepth = 3

// slipGroups are kana (in the hiragana of readings) that a resident types
// for one another in katakana: a dakuten or handakuten too many or too few
// (バ/パ/ハ), a small kana for a large one (ャ/ヤ, ッ/ツ), the long-vowel
// mark for the vowel kana it stands for (コー/コウ, セー/セイ), and the
// look-alike shapes シ/ツ and ソ/ン. Each kana of a group may stand for
// any other of it.
var slipGroups = []string{
	"かが", "きぎ", "くぐ", "けげ", "こご",
	"さざ", "しじ", "すず", "せぜ", "そぞ",
	"ただ", "ちぢ", "つづ", "てで", "とど",
	"はばぱ", "ひびぴ", "ふぶぷ", "へべぺ", "ほぼぽ", "うゔ",
	"あぁ", "いぃ", "うぅ", "えぇ", "おぉ", "やゃ", "ゆゅ", "よょ", "つっ", "わゎ",
	"ーう", "ーい",
	"しつ", "そん",
}

// slipAlts holds the look-alikes of each hiragana (from ぁ) and of ー
// (last), built from slipGroups.
var slipAlts = func() (t [slipKanaSpan + 1]string) {
	for _, g := range slipGroups {
		for _, c := range g {
			i, ok := slipIndex(c)
			if !ok {
				panic("slipGroups: not a hiragana: " + string(c))
			}
			for _, a := range g {
				if a != c && !strings.ContainsRune(t[i], a) {
					t[i] += string(a)
				}
			}
		}
	}
	return t
}()

const slipKanaSpan = 'ゖ' - 'ぁ' + 1

func slipIndex(c rune) (int, bool) {
	switch {
	case c >= 'ぁ' && c <= 'ゖ':
		return int(c - 'ぁ'), true
	case c == 'ー':
		return slipKanaSpan, true
	}
	return 0, false
}

// katakanaToken reports a token written in katakana (and ー) only.
func katakanaToken(t nlp.Token) bool {
	if t.Surface == "" || !t.Kana {
		return false
	}
	for _, c := range t.Surface {
		if !(c >= 'ァ' && c <= 'ヶ' || c == 'ー') {
			return false
		}
	}
	return true
}

// prepareSlips lists at every reading node the patterns a slipped match may
// find: those for which ok is true (channel terms). Called once the kinds
// of m.pats are known and parts are deferred.
func (m *matcher) prepareSlips(ok func(p int32) bool) {
	keep := func(ps []int32) []int32 {
		n := 0
		for _, p := range ps {
			if ok(p) {
				n++
			}
		}
		switch n {
		case len(ps):
			return ps
		case 0:
			return nil
		}
		out := make([]int32, 0, n)
		for _, p := range ps {
			if ok(p) {
				out = append(out, p)
			}
		}
		return out
	}
	m.slips = false
	for i := range m.rnodes {
		nd := &m.rnodes[i]
		nd.slipEnds, nd.slipDeferred = keep(nd.ends), keep(nd.deferred)
		m.slips = m.slips || len(nd.slipEnds)+len(nd.slipDeferred) > 0
	}
}

// slip tries the look-alikes of kana c, the depth-th of a reading walked
// from the start of token i, which ends at offset off of token j's reading
// (a reading as long as the text it reads): under each that follows node
// n the walk goes on, exactly from there on (walkSlipped). It also tries c
// after each other child of n (a kana left out) and the walk from n
// without c (a kana too many).
func (m *matcher) slip(toks []nlp.Token, i, j, off int, n int32, c rune, depth int, sk *sink) {
	k, ok := slipIndex(c)
	if !ok {
		return
	}
	at := int32(toks[j].Start+off-utf8.RuneLen(c)) + 1 // 1 + where c starts
	for _, a := range slipAlts[k] {
		if next, ok := m.rchild(n, a); ok {
			m.walkSlipped(toks, i, j, off, next, depth, at, minSlipReading, sk)
		}
	}
	// A kana left out (フードバク for フードバンク): the term's next kana is
	// skipped and c must follow it. The message must still be
	// minSlipReading kana long, so the term is one longer.
	nd := &m.rnodes[n]
	for _, kid := range m.rkids[nd.lo:nd.hi] {
		if kid.r == c {
			continue
		}
		if next, ok := m.rchild(kid.n, c); ok {
			m.walkSlipped(toks, i, j, off, next, depth+1, at, minSlipReading+1, sk)
		}
	}
	// A kana too many (ボランティーア): c is skipped, and at least one more
	// kana of the term must follow, so that a longer word (フードバンクク)
	// does not end a term early.
	m.walkSlipped(toks, i, j, off, n, depth-1, at, max(depth, minSlipReading), sk)
}

// walkSlipped follows the rest of a slipped reading exactly from node n
// (depth kana deep, at offset off of token j's reading) over katakana
// tokens, and records the channel terms that end at the end of a token
// (or before a particle glued to it): a slipped name is a whole word, of
// at least minDepth kana.
func (m *matcher) walkSlipped(toks []nlp.Token, i, j, off int, n int32, depth int, at int32, minDepth int, sk *sink) {
	for {
		nd := &m.rnodes[n]
		r := toks[j].Reading
		if depth >= minDepth && len(nd.slipEnds)+len(nd.slipDeferred) > 0 && (off == len(r) || particleTail(toks, j, r[off:])) {
			b1 := toks[j].End
			if off < len(r) {
				b1 = toks[j].Start + off
			}
			sk.slipped++
			sk.emit(nd.slipEnds, nd.slipDeferred, hit{slip: at, from: i, to: j + 1, b0: toks[i].Start, b1: b1})
		}
		if nd.lo == nd.hi {
			return
		}
		for off == len(toks[j].Reading) {
			j++
			for j < len(toks) && space(toks[j]) {
				j++
			}
			if j == len(toks) || !katakanaToken(toks[j]) {
				return
			}
			off = 0
		}
		c, size := utf8.DecodeRuneInString(toks[j].Reading[off:])
		off += size
		next, ok := m.rchild(n, c)
		if !ok {
			return
		}
		n = next
		depth++
	}
}

// dropCoveredSlips removes the slipped hits and finds of sk when an exact
// hit or find (of any lexicon, a part of an A+B term too) covers the kana
// they read as a look-alike: there the text says what it says
// (ショウカイ is 紹介, not 障害).
func (sk *sink) dropCoveredSlips() {
	covered := func(at int32) bool {
		b := int(at) - 1
		for _, o := range sk.hits {
			if o.slip == 0 && o.b0 <= b && b < o.b1 {
				return true
			}
		}
		for _, o := range sk.pending {
			if o.slip == 0 && o.b0 <= b && b < o.b1 {
				return true
			}
		}
		return false
	}
	hits := sk.hits[:0]
	for _, h := range sk.hits {
		if h.slip == 0 || !covered(h.slip) {
			hits = append(hits, h)
		}
	}
	// hits overwrites sk.hits (and pend sk.pending) as covered reads
	// them: every exact one is still there, unread or moved to the front.
	sk.hits = hits
	pend := sk.pending[:0]
	for _, pd := range sk.pending {
		if pd.slip == 0 || !covered(pd.slip) {
			pend = append(pend, pd)
		}
	}
	sk.pending = pend
}
