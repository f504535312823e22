package triage

import (
	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/nlp"
)

// Notes on evidence.
const (
	NoteNegated      = "negated"
	NotePast         = "past"
	NoteHypothetical = "hypothetical"
	NoteThirdParty   = "third-party"
)

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
		s.gen = 1
	}
	hits := s.hits
	toks := s.doc.Tokens
	for i, h := range hits {
		e := &t.entries[t.m.pats[h.pat].entry]
		if e.kind == toCalm {
			continue
		}
		if e.parts > 1 {
			t.collectParts(s, i)
			continue
		}
		if t.masked(hits, i) {
			continue
		}
		t.add(s, int(t.m.pats[h.pat].entry), h.from, h.to, h.from)
	}
	for _, id := range s.fids {
		if s.mark[id] != s.gen {
			s.mark[id] = s.gen
			s.found = append(s.found, found{entry: id, from: len(toks), factor: 1})
		}
	}
}

// masked reports whether hit i is inside a longer term of its group, or a
// crisis word inside a calm phrase (死ぬほど忙しい).
func (t *Triager) masked(hits []hit, i int) bool {
	h := hits[i]
	e := &t.entries[t.m.pats[h.pat].entry]
	for j, o := range hits {
		if j == i {
			continue
		}
		oe := &t.entries[t.m.pats[o.pat].entry]
		if oe.parts > 1 || oe.group() != e.group() || oe == e {
			continue
		}
		if oe.kind == toCalm && e.kind == toCrisis && o.b0 < h.b1 && h.b0 < o.b1 {
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

// calmed reports a crisis word inside a calm phrase (倒れて入院).
func (t *Triager) calmed(s *scratch, h hit) bool {
	for _, o := range s.hits {
		if t.entries[t.m.pats[o.pat].entry].kind == toCalm && o.b0 < h.b1 && h.b0 < o.b1 {
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
	for _, o := range s.hits {
		oe := &t.entries[t.m.pats[o.pat].entry]
		if oe.parts == 1 && oe != e && sameTarget(oe, e) && o.b0 <= h.b0 && h.b1 <= o.b1 && o.b1-o.b0 > h.b1-h.b0 {
			return true
		}
	}
	return false
}

// collectParts handles a part of a multi-part entry: the entry counts once
// all its parts are found in one sentence; it is added at its last part.
func (t *Triager) collectParts(s *scratch, i int) {
	h := s.hits[i]
	p := t.m.pats[h.pat]
	e := &t.entries[p.entry]
	sentence := s.clauses[s.clauseOf[h.from]].sentence
	var mask uint32
	from := h.from
	for _, o := range s.hits[:i+1] {
		q := t.m.pats[o.pat]
		if q.entry == p.entry && s.clauses[s.clauseOf[o.from]].sentence == sentence {
			mask |= 1 << uint(q.part)
			from = min(from, o.from)
		}
	}
	if mask != 1<<uint(e.parts)-1 {
		return
	}
	for _, o := range s.hits[:i+1] {
		if t.m.pats[o.pat].entry == p.entry && (t.covered(s, o, e) || e.kind == toCrisis && t.calmed(s, o)) {
			return
		}
	}
	t.add(s, int(p.entry), h.from, h.to, from)
}

// add records entry id found at tokens [from, to) (start: where the whole
// entry begins) with its modifiers, keeping one find per entry: the one
// that counts most.
func (t *Triager) add(s *scratch, id, from, to, start int) {
	e := &t.entries[id]
	toks := s.doc.Tokens
	c := s.clauses[s.clauseOf[from]]
	f := found{entry: id, from: start, factor: 1, about: aboutOf(s, from)}
	switch {
	case t.mods.negated(toks, from, to):
		f.factor, f.note = 0, NoteNegated
	case c.hypothetical && !conditionalWithin(toks, from, to):
		f.factor, f.note = t.settings.HypotheticalFactor, NoteHypothetical
	case c.fiction && e.kind != toChannel:
		f.factor, f.note = 0, NoteHypothetical
	case c.hedge && e.kind == toCrisis && e.crisis == consult.Violence:
		f.factor, f.note = 0, NoteHypothetical
	case c.past && !c.present:
		f.factor, f.note = t.settings.PastFactor, NotePast
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
// 楽): the term means it, it is no hypothetical.
func conditionalWithin(toks []nlp.Token, from, to int) bool {
	for i := from; i < to-1; i++ {
		if hypotheticalAt(toks, i) {
			return true
		}
	}
	return false
}
