package triage

import (
	"slices"
	"strings"

	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/nlp"
)

// Notes on evidence.
const (
	NoteNegated      = "negated"
	NotePast         = "past"
	NoteHypothetical = "hypothetical"
	NoteLater        = "later"
	NoteThirdParty   = "third-party"
)

// Message signals: word classes of classes.tsv that score no channel but
// say what kind of message it is (see decide).
const (
	// toNoNeed: the writer says there is nothing to ask (特に用事はない,
	// 話したかっただけ, 返事はいらない): thanks, greetings and venting.
	toNoNeed targetKind = 16 + iota
	// toRequest: a request-shaped phrase (教えてください, 相談したい):
	// the writer does ask after all.
	toRequest
	// toTopic: a topic marker (のことで, の件で): see topicOnly.
	toTopic
	// toIntro: the writer's self-introduction (ケアマネです, 民生委員を
	// している者です): see introOnly.
	toIntro
	// toService: a question about the service itself (相談ってお金
	// かかりますか): see introOnly.
	toService
	// toBare: the name of a channel's general topic (しょうがい, こそだて,
	// ボランティア): see bareTopic.
	toBare
)

// signalClasses are the classes of classes.tsv read as message signals.
var signalClasses = []struct {
	class string
	kind  targetKind
}{{"noneed", toNoNeed}, {"request", toRequest}, {"topic", toTopic}, {"intro", toIntro}, {"service", toService}, {"bare", toBare}}

func isSignal(k targetKind) bool { return k >= toNoNeed }

// group is what overlapping hits compete within: the longer term wins.
func (e *entry) group() targetKind {
	if e.kind == toCalm {
		return toCrisis
	}
	return e.kind
}

// collect turns the hits of s into found entries with their modifiers.
func (t *Triager) collect(s *scratch) {
	s.found = s.found[:0]
	s.gen++
	if len(s.mark) < len(t.entries) || s.gen == 0 {
		s.mark = make([]uint32, len(t.entries))
		s.partGen = make([]uint32, len(t.entries))
		s.parts = make([]uint32, len(t.entries))
		s.gen = 1
	}
	hits := s.hits
	toks := s.doc.Tokens
	s.multi = s.multi[:0]
	s.calm = s.calm[:0]
	s.single = s.single[:0]
	// First sort the hits: only single-part hits can mask a hit or cover a
	// part (masked, covered), so those look at s.single alone; the parts of
	// multi-part terms come from expand.
	for i, h := range hits {
		p := &t.m.pats[h.pat]
		if p.parts > 1 {
			// Only calm phrases: the other multi-part terms are deferred.
			s.calm = append(s.calm, i)
			continue
		}
		s.single = append(s.single, i)
		if p.kind == toCalm {
			s.calm = append(s.calm, i)
		}
	}
	t.expand(s)
	hits = s.hits
	s.calm, s.calmAll = t.wholeCalm(s, s.calm, s.calmAll[:0]), s.calm
	for _, i := range s.single {
		h := hits[i]
		if k := t.m.pats[h.pat].kind; k == toCalm || isSignal(k) || t.masked(s, i) {
			continue
		}
		t.add(s, int(t.m.pats[h.pat].entry), h.from, h.to, h.from, 1)
		if h.homophone {
			s.markHomophone(int(t.m.pats[h.pat].entry), h)
		}
	}
	t.collectMulti(s)
	for _, id := range s.fids {
		f := found{entry: id, from: len(toks), factor: 1}
		if id < 0 { // a channel word of a clause about the past (foreign not-now)
			f.entry, f.factor, f.note = ^id, t.settings.PastFactor, NotePast
		}
		if s.mark[f.entry] != s.gen {
			s.mark[f.entry] = s.gen
			s.found = append(s.found, f)
		}
	}
}

// expand makes hits of the deferred finds of s (see sink) whose terms have
// all their parts somewhere in the message, and lists them in s.multi.
func (t *Triager) expand(s *scratch) {
	for _, pd := range s.pending {
		for _, p := range pd.pats {
			pt := &t.m.pats[p]
			id := pt.entry
			if s.partGen[id] != s.gen {
				s.partGen[id], s.parts[id] = s.gen, 0
			}
			s.parts[id] |= 1 << uint(pt.part)
		}
	}
	for _, pd := range s.pending {
		for _, p := range pd.pats {
			pt := &t.m.pats[p]
			if s.parts[pt.entry] != 1<<uint(pt.parts)-1 {
				continue
			}
			s.multi = append(s.multi, len(s.hits))
			s.hits = append(s.hits, hit{pat: p, from: pd.from, to: pd.to, b0: pd.b0, b1: pd.b1})
		}
	}
}

// maxSpan bounds, in tokens, how far apart overlapping hits can start
// (hits come sorted by their first token).
const maxSpan = 24

// masked reports whether hit i is inside a longer term of its group, or a
// crisis word inside a calm phrase (死ぬほど忙しい).
// Only single-part hits can mask (s.single, in the order of the hits).
func (t *Triager) masked(s *scratch, i int) bool {
	hits := s.hits
	h := hits[i]
	e := &t.entries[t.m.pats[h.pat].entry]
	lo, _ := slices.BinarySearchFunc(s.single, h.from-maxSpan, func(j, from int) int { return hits[j].from - from })
	for _, j := range s.single[lo:] {
		o := hits[j]
		if o.from >= h.to {
			break
		}
		if j == i || o.b1 <= h.b0 {
			continue
		}
		oe := &t.entries[t.m.pats[o.pat].entry]
		if oe.group() != e.group() || oe == e {
			continue
		}
		// A calm phrase hides the crisis words it overlaps, unless a longer
		// crisis term holds it whole (薬を飲み終わる is calm, 薬を全部飲んで
		// 終わりにする is not).
		if oe.kind == toCalm && e.kind == toCrisis && o.b0 < h.b1 && h.b0 < o.b1 &&
			!(h.b0 <= o.b0 && o.b1 <= h.b1 && h.b1-h.b0 > o.b1-o.b0) {
			return true
		}
		if o.b0 <= h.b0 && h.b1 <= o.b1 && o.b1-o.b0 > h.b1-h.b0 {
			return true
		}
		// Synonyms in the lexicon (子ども, こども, 子供) count once.
		if o.b0 == h.b0 && o.b1 == h.b1 && sameTarget(oe, e) && t.m.pats[o.pat].entry < t.m.pats[h.pat].entry {
			return true
		}
	}
	return false
}

// wholeCalm keeps, of the calm hits, the single-part ones and the parts of
// a calm A+B whose other parts stand in the same sentence (of a calm A&B,
// anywhere in the message): a part alone (殴る of 夢+殴る) calms nothing.
func (t *Triager) wholeCalm(s *scratch, calm, out []int) []int {
	for _, i := range calm {
		h := s.hits[i]
		e := &t.entries[t.m.pats[h.pat].entry]
		if e.parts > 1 {
			sent := s.clauses[s.clauseOf[h.from]].sentence
			var mask uint32
			for _, j := range calm {
				o := s.hits[j]
				if t.m.pats[o.pat].entry == t.m.pats[h.pat].entry && (e.anywhere || s.clauses[s.clauseOf[o.from]].sentence == sent) {
					mask |= 1 << uint(t.m.pats[o.pat].part)
				}
			}
			if mask != 1<<uint(e.parts)-1 {
				continue
			}
		}
		out = append(out, i)
	}
	return out
}

// calmed reports a crisis word inside a calm phrase (倒れて入院). Only the
// calm hits that start near h are looked at (s.calm is in the order of
// the hits, by first token), so a long message costs no more per hit.
func (t *Triager) calmed(s *scratch, h hit) bool {
	lo, _ := slices.BinarySearchFunc(s.calm, h.from-maxSpan, func(i, from int) int { return s.hits[i].from - from })
	for _, i := range s.calm[lo:] {
		o := s.hits[i]
		if o.from >= h.to {
			break
		}
		if o.b0 < h.b1 && h.b0 < o.b1 {
			return true
		}
	}
	return false
}

func sameTarget(a, b *entry) bool {
	return a.kind == b.kind && a.channel == b.channel && a.crisis == b.crisis
}

// covered reports whether hit h lies inside a single-part hit of an entry
// with the same target (so 生活+苦しい adds nothing to 生活が苦しい).
func (t *Triager) covered(s *scratch, h hit, e *entry) bool {
	for _, j := range s.single {
		o := s.hits[j]
		oe := &t.entries[t.m.pats[o.pat].entry]
		if oe != e && sameTarget(oe, e) && o.b0 <= h.b0 && h.b1 <= o.b1 && o.b1-o.b0 > h.b1-h.b0 &&
			(e.kind != toCrisis || oe.weight >= e.weight) { // 倒れている (0.7) does not hide 倒れる+動けない (1)
			return true
		}
	}
	return false
}

// collectMulti handles the hits of multi-part entries: an entry counts
// once all its parts are found in one sentence, unless one of them is
// already inside a longer term of the same target or a calm phrase.
func (t *Triager) collectMulti(s *scratch) {
	// Sort by one packed key (entry, sentence, hit index) instead of a
	// comparison that looks both up: class terms ({elder}+…) make many hits.
	keys := s.multiKeys[:0]
	for _, i := range s.multi {
		h := s.hits[i]
		p := &t.m.pats[h.pat]
		id := p.entry
		if s.parts[id] != 1<<uint(p.parts)-1 {
			// Some part is nowhere in the message, so in no sentence
			// either: collectGroup would drop the entry.
			continue
		}
		// A channel term's parts may stand in two neighbouring sentences
		// (母が認知症です。お金の管理ができません): its hits are grouped over
		// the whole message and collectGroup picks the sentences.
		sent := uint64(s.clauses[s.clauseOf[h.from]].sentence)
		if p.kind == toChannel && t.settings.CrossSentenceFactor > 0 || t.entries[id].anywhere {
			sent = 0
		}
		keys = append(keys, uint64(id)<<multiEntryShift|sent<<multiSentShift|uint64(i))
	}
	slices.Sort(keys)
	s.multiKeys = keys
	m := s.multi[:len(keys)]
	for k, key := range keys {
		m[k] = int(key & (1<<multiSentShift - 1))
	}
	for g := 0; g < len(m); {
		end := g
		for end < len(m) && keys[end]>>multiSentShift == keys[g]>>multiSentShift {
			end++
		}
		t.collectGroup(s, m[g:end])
		g = end
	}
}

// The packed key of collectMulti: hit index in the low 24 bits (a message
// of MaxRunes has far fewer hits), sentence in the next 20, entry above.
const (
	multiSentShift  = 24
	multiEntryShift = 44
)

// collectGroup decides one entry in one sentence from the hits of its parts.
func (t *Triager) collectGroup(s *scratch, group []int) {
	e := &t.entries[t.m.pats[s.hits[group[0]].pat].entry]
	if e.kind == toChannel && t.settings.CrossSentenceFactor > 0 && !e.anywhere {
		t.collectAcross(s, group, e)
		return
	}
	t.collectIn(s, group, e, 1)
}

// collectAcross decides channel entry e from the hits of its parts over the
// whole message: every sentence holding all parts counts, as for any
// term; when none does, the first two neighbouring sentences that do
// count at CrossSentenceFactor (母が認知症です。お金の管理ができません).
func (t *Triager) collectAcross(s *scratch, group []int, e *entry) {
	full := uint32(1)<<uint(e.parts) - 1
	sentOf := func(i int) int { return s.clauses[s.clauseOf[s.hits[i].from]].sentence }
	maskIn := func(lo, hi int) uint32 {
		var m uint32
		for _, i := range group {
			if k := sentOf(i); k >= lo && k <= hi {
				m |= 1 << uint(t.m.pats[s.hits[i].pat].part)
			}
		}
		return m
	}
	pick := func(lo, hi int) []int {
		s.near = s.near[:0]
		for _, i := range group {
			if k := sentOf(i); k >= lo && k <= hi {
				s.near = append(s.near, i)
			}
		}
		return s.near
	}
	lo, hi := sentOf(group[0]), sentOf(group[0])
	for _, i := range group {
		lo, hi = min(lo, sentOf(i)), max(hi, sentOf(i))
	}
	within := false
	for k := lo; k <= hi; k++ {
		if maskIn(k, k) == full {
			t.collectIn(s, pick(k, k), e, 1)
			within = true
		}
	}
	if within {
		return
	}
	for k := lo; k < hi; k++ {
		if maskIn(k, k+1) == full {
			t.collectIn(s, pick(k, k+1), e, t.settings.CrossSentenceFactor)
			return
		}
	}
}

// collectIn decides entry e from the hits of its parts in one sentence (or
// two, for collectAcross); a channel term counts scale of its weight.
func (t *Triager) collectIn(s *scratch, group []int, e *entry, scale float64) {
	// A term whose parts all lie inside longer terms of the same target
	// adds nothing (生活+苦しい in 生活が苦しい); one that adds a word does
	// (障害+移動 with パニック障害 … 移動).
	var mask uint32
	from, last := -1, -1
	for _, i := range group {
		h := s.hits[i]
		if e.kind == toCrisis && t.calmed(s, h) {
			return
		}
		mask |= 1 << uint(t.m.pats[h.pat].part)
		if from < 0 || h.from < from {
			from = h.from
		}
		if last < 0 || h.to > s.hits[last].to {
			last = i
		}
	}
	if mask != 1<<uint(e.parts)-1 || !t.addsWord(s, group, e) {
		return
	}
	h := s.hits[last]
	if e.kind == toUrgent {
		// An urgency part taken back counts nothing: 叩かれたことはありませんが、夫の….
		for _, i := range group {
			hh := s.hits[i]
			if neg, _ := t.mods.negatedEvent(s.doc.Tokens, hh.from, hh.to); neg {
				h = hh
				break
			}
		}
	}
	if e.kind == toCrisis {
		// A crisis counts as its parts do: 昨日殴られて、今は実家にいる is
		// no いま+殴る. An A&B term is told over several sentences and
		// counts as its first part does, the words that carry the crisis;
		// the others are context (ところへ行く&{late}: 父は去年亡くなりました。
		// …「お父さんのところへ行きます」 is now, 昔、今までありがとうと
		// 書いた。猫は元気 is not).
		for _, i := range group {
			if e.anywhere {
				if t.m.pats[s.hits[i].pat].part != 0 {
					continue
				}
				h = s.hits[i]
			}
			if c := s.clauses[s.clauseOf[s.hits[i].from]]; (c.past || c.recent || c.weeks) && !c.present {
				h = s.hits[i]
				break
			}
		}
		// A crisis part taken back counts nothing: 倒れてはいないけど…父.
		for _, i := range group {
			hh := s.hits[i]
			if neg, _ := t.mods.negatedEvent(s.doc.Tokens, hh.from, hh.to); neg {
				h = hh
				break
			}
		}
	}
	if e.kind == toChannel && t.sameSpan(s, e, from, h.to) {
		return
	}
	t.add(s, int(t.m.pats[h.pat].entry), h.from, h.to, from, scale)
}

// sameSpan reports a multi-part channel term already found over the same
// words with at least e's weight: spellings of one term (ごみ袋+山積み,
// ゴミ袋+山積み, ごみ+山積み) count once.
func (t *Triager) sameSpan(s *scratch, e *entry, from, to int) bool {
	for _, f := range s.found {
		oe := &t.entries[f.entry]
		if oe != e && oe.parts > 1 && f.from == from && f.to == to && sameTarget(oe, e) && oe.weight >= e.weight {
			return true
		}
	}
	return false
}

// addsWord reports whether some hit of group lies outside every longer
// term of e's target.
func (t *Triager) addsWord(s *scratch, group []int, e *entry) bool {
	for _, i := range group {
		if !t.covered(s, s.hits[i], e) {
			return true
		}
	}
	return false
}

// add records entry id found at tokens [from, to) (start: where the whole
// entry begins) with its modifiers, keeping one find per entry: the one
// that counts most.
func (t *Triager) add(s *scratch, id, from, to, start int, scale float64) {
	e := &t.entries[id]
	toks := s.doc.Tokens
	c := s.clauses[s.clauseOf[from]]
	f := found{entry: id, from: start, to: to, factor: scale, about: aboutOf(s, from)}
	neg, event := t.mods.negatedEvent(toks, from, to)
	switch {
	case neg && (!event || e.kind != toChannel):
		f.factor, f.note = 0, NoteNegated
	case e.kind != toChannel && corrected(toks, to):
		f.factor, f.note = 0, NoteNegated
	case c.hypothetical && !conditionalWithin(toks, from, to):
		f.factor, f.note = scale*t.settings.HypotheticalFactor, NoteHypothetical
	case c.ifThreat && e.kind == toCrisis:
		f.factor, f.note = 0, NoteHypothetical
	case c.fiction && e.kind != toChannel:
		f.factor, f.note = 0, NoteHypothetical
	case c.hedge && !c.live && e.kind == toCrisis && e.crisis == consult.Violence:
		f.factor, f.note = 0, NoteHypothetical
	case s.distant && !c.present && e.kind == toCrisis && e.crisis == consult.Fire:
		// 遠くでサイレンが鳴っている。火事かな: not the writer's.
		f.factor, f.note = 0, NoteHypothetical
	case c.habit && e.kind == toCrisis && e.crisis == consult.Suicide:
		// 「死にたい」が口癖の友達: worrying, not an emergency; a threat said
		// by habit (口ぐせが「ぶっ殺すぞ」) still is one.
		f.factor, f.note = 0, NotePast
	case c.animal && e.kind == toCrisis && (e.crisis == consult.Medical || e.crisis == consult.Suicide):
		// 猫が倒れて動かない: the vet, not an ambulance.
		f.factor, f.note = 0, NoteHypothetical
	case s.settled && !c.present && e.kind == toCrisis && (e.crisis == consult.Medical || e.crisis == consult.Fire) && toldPast(toks, c):
		// 吐血して入院…今は落ち着いています, 煙がすごかったがもう消えました:
		// over; what it leaves may still be urgent. Only when told in the
		// past: 倒れて意識がない。母は落ち着いています is now.
		f.factor, f.note = 0, NotePast
	case c.past && !c.present:
		f.factor, f.note = scale*t.settings.PastFactor, NotePast
	case c.weeks && !c.present && e.kind == toCrisis:
		// Last month: over, whatever it was; what still threatens is urgent.
		f.factor, f.note = 0, NotePast
	case c.recent && !c.present && e.kind == toCrisis && (e.crisis == consult.Violence || e.crisis == consult.Fire):
		// Violence or a fire of yesterday is over: urgent, not a crisis now.
		f.factor, f.note = 0, NotePast
	case c.later && !c.present && e.kind == toUrgent:
		// Next month, next year: not within days (来月末で退去); a crisis
		// or a channel still counts in full.
		f.factor, f.note = 0, NoteLater
	}
	if e.kind != toChannel && f.note != "" {
		f.factor = 0
	}
	if f.note == "" && e.kind == toCrisis && f.about != consult.SubjectSelf && f.about != consult.SubjectUnknown {
		f.note = NoteThirdParty
	}
	if s.mark[id] == s.gen {
		for k := range s.found {
			if s.found[k].entry == id {
				if f.factor > s.found[k].factor {
					s.found[k] = f
				}
				return
			}
		}
	}
	s.mark[id] = s.gen
	s.found = append(s.found, f)
}

// conditionalWithin reports a conditional inside the term itself (死んだら
// 楽), also as its last word (次の電車が来たら, 生まれてこなければ): the
// term means it, it is no hypothetical.
func conditionalWithin(toks []nlp.Token, from, to int) bool {
	for i := from; i < to; i++ {
		if hypotheticalAt(toks, i) {
			return true
		}
	}
	return false
}

// corrected reports a crisis or urgency term taken back by what follows it:
// 首をつる…じゃなくて, 遺書…ではなく, 火事とかではないんですが. After a
// noun a plain ではない denies it too, unless it asks (火事じゃない？).
func corrected(toks []nlp.Token, to int) bool {
	j := to
	for j < len(toks) && j < to+3 {
		t := toks[j]
		if t.Surface == "." || t.Surface == "…" || t.Base == "とか" || t.Base == "なんか" || t.POS == "記号" && t.POS2 == "一般" {
			j++
			continue
		}
		break
	}
	switch {
	case j >= len(toks):
		return false
	case toks[j].Surface == "じゃ" || toks[j].Surface == "じゃあ":
		j++
	case toks[j].Surface == "で" && j+1 < len(toks) && toks[j+1].Surface == "は":
		j += 2
	default:
		return false
	}
	if j >= len(toks) || toks[j].Base != "ない" {
		return false
	}
	if toks[j].Surface == "なく" {
		return true // じゃなくて, ではなく: a correction
	}
	if toks[to-1].POS != "名詞" {
		return false // 死にたいじゃない may be an appeal
	}
	for k := j + 1; k < len(toks) && k <= j+3; k++ {
		if toks[k].Base == "か" || strings.ContainsAny(toks[k].Surface, "?？") {
			return false
		}
	}
	return true
}

// toldPast reports a past auxiliary (た, だ) in clause c: 火が出たけど, 煙が
// すごかった, 救急車を呼んだ.
func toldPast(toks []nlp.Token, c clause) bool {
	for i := c.from; i < c.to && i < len(toks); i++ {
		t := toks[i]
		if t.POS != "助動詞" {
			continue
		}
		// た, or the だ of 呼んだ, 飲んだ after a 連用タ接続 stem
		if t.Base == "た" || t.Base == "だ" && i > 0 && toks[i-1].Form == "連用タ接続" {
			return true
		}
	}
	return false
}
