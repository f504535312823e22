// Package triage routes a resident's message: from the lexicons of dict/
// (channels.tsv, crisis.tsv, urgency.tsv, foreign.tsv, modifiers.tsv,
// settings.tsv) it ranks the eleven consultation channels, detects a
// crisis and the urgency, and says which words counted. When the lexicons
// find too little, models learned from the labelled tuning data
// (learned.tsv, learned-crisis.tsv, learned-urgency.tsv) may name the
// channel, raise a crisis or make a case urgent if they are very sure. Negated, past and
// hypothetical mentions are discounted; a crisis about someone else is
// still a crisis. Triage is pure: no I/O, no logging, deterministic.
package triage

import (
	"fmt"
	"io/fs"
	"slices"
	"sync"

	"github.com/n-csw/tsunagu/dict"
	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/nlp"
)

// MaxRunes is how much of a message is read; the rest is ignored so that
// the time per message is bounded.
const MaxRunes = 8000

// Triager holds the compiled lexicons. It is safe for concurrent use.
type Triager struct {
	an      *nlp.Analyzer
	m       *matcher
	entries []entry
	foreign *foreign
	mods    *modifiers
	learned *learned // channels
	// learnedCrisis raises crises the crisis lexicon missed.
	learnedCrisis *learned
	// learnedUrgency makes urgent a case the urgency lexicon found normal.
	learnedUrgency *learned
	// grams raises, last of all, a crisis whose characters look like the
	// crises of the tuning splits (grams.go).
	grams    *gramModel
	settings Settings
	// elders are the words of the class elder (母, 祖父 …), for ageShift.
	elders map[string]bool
	// idCache keeps the vocabulary IDs of dictionary words (tokenIDs).
	idCache *idCache
	pool    sync.Pool
}

var (
	sharedOnce sync.Once
	shared     *Triager
	sharedErr  error
)

// Shared returns the process-wide triager built from the embedded dict/.
func Shared() (*Triager, error) {
	sharedOnce.Do(func() {
		an, err := nlp.Shared()
		if err != nil {
			sharedErr = err
			return
		}
		shared, sharedErr = New(an, dict.FS)
	})
	return shared, sharedErr
}

// New compiles the lexicons of fsys (a dict directory) with an. Every term
// is tokenized here, once, so that a message costs one tokenization.
func New(an *nlp.Analyzer, fsys fs.FS) (*Triager, error) {
	if an == nil {
		return nil, fmt.Errorf("new triager: nil analyzer")
	}
	voc := newVocab()
	t := &Triager{an: an, m: newMatcher(voc, true)}
	var err error
	if t.entries, err = loadLexicons(an, fsys, t.m); err != nil {
		return nil, err
	}
	if t.foreign, err = loadForeign(fsys, &t.entries); err != nil {
		return nil, err
	}
	if t.mods, err = loadModifiers(an, fsys, voc); err != nil {
		return nil, err
	}
	if t.settings, err = loadSettings(fsys); err != nil {
		return nil, err
	}
	classes, err := loadClasses(fsys)
	if err != nil {
		return nil, err
	}
	t.elders = map[string]bool{}
	for _, w := range classes["elder"] {
		t.elders[nlp.Hiragana(nlp.Normalize(w))] = true
		t.elders[nlp.Normalize(w)] = true
	}
	if t.learned, err = loadLearned(fsys, learnedFile, channelLabels()); err != nil {
		return nil, err
	}
	if t.learnedCrisis, err = loadLearned(fsys, learnedCrisisFile, crisisLabels()); err != nil {
		return nil, err
	}
	t.learnedCrisis.setPrior(t.settings.LearnedCrisisPrior)
	if t.learnedUrgency, err = loadLearned(fsys, learnedUrgencyFile, urgencyLabels()); err != nil {
		return nil, err
	}
	if t.grams, err = loadGrams(fsys); err != nil {
		return nil, err
	}
	// Both matchers share voc, which is complete only now.
	t.m.freeze()
	t.mods.m.freeze()
	t.idCache = newIDCache(voc, an.KnownWords())
	for i := range t.m.pats {
		e := &t.entries[t.m.pats[i].entry]
		t.m.pats[i].parts, t.m.pats[i].kind = int8(e.parts), e.kind
	}
	// The parts of multi-part terms are made hits only when the whole term
	// is in the message (sink, expand); calm phrases stay hits, in order.
	t.m.deferParts(func(p int32) bool { return t.m.pats[p].parts > 1 && t.m.pats[p].kind != toCalm })
	// A katakana name typed with one slip finds channel terms only.
	t.m.prepareSlips(func(p int32) bool { return t.m.pats[p].kind == toChannel })
	t.pool.New = func() any { return &scratch{} }
	return t, nil
}

// Settings returns the thresholds in force.
func (t *Triager) Settings() Settings { return t.settings }

// Terms returns the number of lexicon entries loaded.
func (t *Triager) Terms() int { return len(t.entries) }

// scratch is the per-message working memory, pooled.
type scratch struct {
	doc       nlp.Doc
	hits      []hit
	pending   []pending // finds of deferred patterns (sink), made hits by expand
	near      []int     // collectGroup: the hits of a channel term in its nearest sentences
	modHits   []hit
	clauses   []clause
	clauseOf  []int32
	condAt    []int32
	settled   bool // a medical or fire emergency told as over (今は落ち着いています, もう消えました)
	distant   bool // a fire far away (遠くでサイレン, 近くではない)
	words     []fword
	fm        []fmatch
	ids       []tokIDs
	order     []int
	multi     []int    // indexes of hits of multi-part entries (not calm)
	calm      []int    // indexes of hits of calm phrases
	calmAll   []int    // collect: the calm hits before wholeCalm (a buffer)
	single    []int    // indexes of hits of single-part entries (calm too)
	parts     []uint32 // per entry: the parts found in the message, valid when partGen is gen
	partGen   []uint32
	multiKeys []uint64
	fids      []int
	found     []found
	mark      []uint32 // per entry: gen when already counted
	lwords    []string // content words for the learned fallback
	pwords    []string // the same without a weak crisis cue's words
	skip      []bool   // per token: inside a crisis cue
	gen       uint32
	ages      []age    // ageShift
	gkeys     []uint64 // the character sequences of the message (grams.go)
	asked     bool     // decide: the message asks nothing yet (noNeed, topicOnly)
}

// found is one lexicon entry found in the message, with its modifiers.
type found struct {
	entry  int
	from   int // first token, −1 for foreign matches
	to     int // end of the last token of the find
	factor float64
	note   string
	about  consult.Subject
	// homophone: found by the reading of other kanji (walkHomophone)
	homophone bool
}

// Triage routes one message. It never panics on any input and reads at
// most MaxRunes runes.
func (t *Triager) Triage(text string) consult.TriageResult {
	text = truncate(text, MaxRunes)
	r := t.triage(text)
	if r.Crisis == "" && nlp.KatakanaText(text) {
		t.katakanaCrisis(text, &r)
	}
	return r
}

// katakanaCrisis looks for a crisis in the hiragana form of a message
// written in katakana (ハハガ タオレタ ウゴカナイ), which Kagome cuts into
// names: a crisis the lexicon finds there is raised, with its evidence;
// one only the learned model guesses is not.
func (t *Triager) katakanaCrisis(text string, r *consult.TriageResult) {
	h := t.triage(nlp.Hiragana(text))
	if h.Crisis == "" || !slices.ContainsFunc(h.Evidence, func(e consult.Evidence) bool {
		return e.Crisis == h.Crisis && e.Weight > 0 && e.Note != NoteLearned
	}) {
		return
	}
	r.Crisis, r.Urgency, r.About = h.Crisis, consult.Emergency, h.About
	for _, e := range h.Evidence {
		if e.Crisis != "" && e.Note != NoteLearned {
			r.Evidence = append(r.Evidence, e)
		}
	}
}

func (t *Triager) triage(text string) consult.TriageResult {
	s := t.pool.Get().(*scratch)
	defer t.pool.Put(s)
	t.an.AnalyzeInto(&s.doc, text)
	t.mods.dialectNegation(s.doc.Tokens)
	s.ids = t.m.voc.tokenIDs(&s.doc, t.idCache, s.ids)
	t.mods.scopes(t.an, &s.doc, s)
	sk := sink{hits: s.hits[:0], pending: s.pending[:0]}
	t.m.scan(t.an, &s.doc, s.ids, &sk)
	s.hits, s.pending = sk.hits, sk.pending
	scripts := nlp.Scripts(s.doc.Text)
	s.words = s.words[:0]
	if scripts[nlp.ScriptLatin]+scripts[nlp.ScriptOther] > 0 {
		s.words = stemWords(s.doc.Text, s.words)
	}
	lang := detectLanguage(s.doc.Text, scripts, s.words)
	// A Japanese message gets only the crisis words of foreign.tsv (…。I
	// want to kill myself); the others count in messages not in Japanese
	// and in kanji-only ones, which may be short Chinese (房租).
	hanOnly := scripts[nlp.ScriptKana] == 0 && scripts[nlp.ScriptHan] > 0
	s.fm, s.fids = t.foreign.scan(s.doc.Text, s.words, lang == LangJapanese && !hanOnly, t.entries, s.fm, s.fids[:0])
	t.collect(s)
	r := t.decide(s, lang)
	t.fallback(s, &r)
	return r
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s // no more runes than bytes: nothing to count
	}
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}
