package triage

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/nlp"
)

// The learned fallbacks. Two naive Bayes models over the content words of
// the labelled tuning splits, written from testdata/triage/dev*.jsonl by
// `go test ./internal/triage -run TestLearnedIsCurrent -update-learned`:
//
//   - learned.tsv names a channel when the lexicons find too little — only
//     when it is very sure (learned_min_posterior) on enough known words
//     (learned_min_words). "unclear" is one of its classes. It never
//     overrides a channel the lexicons chose.
//   - learned-crisis.tsv raises a crisis the crisis lexicon missed (a plan,
//     a place and a goodbye told without any crisis word) — only when it is
//     nearly certain (learned_crisis_min_posterior). Crisis detection
//     favours recall; this catches part of what wording the lexicon has
//     never seen, and its false alarms are measured (TestLearnedCrisis…).
//
//   - learned-urgency.tsv makes urgent a case (not a crisis) that the
//     urgency lexicon found normal — only when it is nearly certain
//     (learned_urgent_min_posterior): harm or loss within days is told in
//     more ways than urgency.tsv lists (給料日まで 180 円, 明日からヘルパーが
//     来ない).
//
// None speaks for a message that is not Japanese, or when the lexicons
// found a negated, past, hypothetical or fictional mention (お金には困って
// いない, 昔は死にたかった): those discounts are the lexicons' to make — for
// the crisis model, only a discounted crisis or urgency mention counts. The
// crisis model is also silent when a look-alike (calm) term matched or the
// message is moved out of the present (昨日, 先月, ドラマで, 猫が …). A
// coordinator who wants a word to count edits channels.tsv or crisis.tsv,
// which always win.

const (
	learnedFile        = "learned.tsv"
	learnedCrisisFile  = "learned-crisis.tsv"
	learnedUrgencyFile = "learned-urgency.tsv"
)

// NoteLearned marks evidence from a learned fallback: the words that
// weighed most for its answer, each with its log-likelihood ratio.
const NoteLearned = "learned"

// Class labels beyond channel ids and crisis kinds: "unclear" for messages
// labelled with no channel because they say too little (困っています,
// 隣の人のことで) — their words are what a message too vague to route is
// made of, so the model can say so itself; "none" for messages with no
// crisis; "urgent" and "normal" for the urgency of a case that is not a
// crisis.
const (
	unclearLabel  = "unclear"
	noCrisisLabel = "none"
	urgentLabel   = string(consult.Urgent)
	normalLabel   = string(consult.Normal)
)

// learnedSmoothing is the additive (Lidstone) smoothing of word counts.
const learnedSmoothing = 0.5

// learned is a compiled model: per known word, log P(word | class).
type learned struct {
	labels []string
	logp   map[string][]float64
	// size is each class's share of the training words; prior, when set,
	// is its log times a factor (nil: a uniform prior).
	size, prior []float64
}

// setPrior weighs the classes by their size in the training data to the
// power f (0: uniform, 1: as often as they were seen).
func (l *learned) setPrior(f float64) {
	if l == nil || f == 0 {
		return
	}
	l.prior = make([]float64, len(l.size))
	for i, v := range l.size {
		l.prior[i] = f * math.Log(v)
	}
}

// loadLearned reads a model file (word, class, count) whose classes are
// among labels. A missing file means no model.
func loadLearned(fsys fs.FS, name string, labels []string) (*learned, error) {
	recs, err := nlp.ReadTSV(fsys, name, "word", "class", "count")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load learned: %w", err)
	}
	counts := map[string][]float64{}
	total := make([]float64, len(labels))
	for _, r := range recs {
		k := slices.Index(labels, r.Fields[1])
		n, err := strconv.ParseFloat(r.Fields[2], 64)
		if r.Fields[0] == "" || k < 0 || err != nil || n <= 0 {
			return nil, fmt.Errorf("load learned: %s:%d: want a word, a class (%s) and a count > 0", name, r.Line, strings.Join(labels, ", "))
		}
		c := counts[r.Fields[0]]
		if c == nil {
			c = make([]float64, len(labels))
			counts[r.Fields[0]] = c
		}
		c[k] += n
		total[k] += n
	}
	// Only classes with training data can be named.
	l := &learned{logp: make(map[string][]float64, len(counts))}
	var keep []int
	for k := range total {
		if total[k] > 0 {
			keep = append(keep, k)
			l.labels = append(l.labels, labels[k])
		}
	}
	if len(labels) > maxLearnedClasses {
		return nil, fmt.Errorf("load learned: %s: more than %d classes", name, maxLearnedClasses)
	}
	if len(keep) < 2 {
		return nil, fmt.Errorf("load learned: %s: want counts for at least two classes", name)
	}
	all := 0.0
	for _, k := range keep {
		all += total[k]
	}
	for _, k := range keep {
		l.size = append(l.size, total[k]/all)
	}
	v := float64(len(counts))
	for w, c := range counts {
		p := make([]float64, len(keep))
		for i, k := range keep {
			p[i] = math.Log((c[k] + learnedSmoothing) / (total[k] + learnedSmoothing*v))
		}
		l.logp[w] = p
	}
	return l, nil
}

// channelLabels are the classes of the channel model.
func channelLabels() []string {
	var out []string
	for _, c := range channelList {
		out = append(out, string(c))
	}
	return append(out, unclearLabel)
}

// crisisLabels are the classes of the crisis model.
func crisisLabels() []string {
	var out []string
	for _, c := range crisisOrder {
		out = append(out, string(c))
	}
	return append(out, noCrisisLabel)
}

// urgencyLabels are the classes of the urgency model.
func urgencyLabels() []string { return []string{urgentLabel, normalLabel} }

// learnedWords appends the content words of toks (dictionary forms of
// nouns, verbs and adjectives, and words Kagome does not know), each once.
func learnedWords(toks []nlp.Token, out []string) []string {
	return learnedWordsBut(toks, nil, out)
}

// learnedWordsBut is learnedWords without the tokens skip marks.
func learnedWordsBut(toks []nlp.Token, skip []bool, out []string) []string {
	for i := range toks {
		if skip != nil && skip[i] {
			continue
		}
		tk := &toks[i]
		ok := tk.Unknown || tk.User
		switch tk.POS {
		case "名詞":
			ok = ok || tk.POS2 != "非自立" && tk.POS2 != "代名詞" && tk.POS2 != "数" && tk.POS2 != "接尾"
		case "動詞", "形容詞":
			ok = ok || tk.POS2 == "自立"
		}
		w := tk.Base
		if w == "" {
			w = tk.Surface
		}
		if !ok || tk.POS == "記号" || !strings.ContainsFunc(w, unicode.IsLetter) || strings.ContainsFunc(w, unicode.IsSpace) ||
			utf8.RuneCountInString(w) < 2 && nlp.KanaOnly(w) || slices.Contains(out, w) {
			continue
		}
		out = append(out, w)
	}
	return out
}

// learnedAnswer is what a model says of a message.
type learnedAnswer struct {
	label        string
	posterior    float64
	known        int // words of the message the model knows
	best, second int // class indexes of the answer and the runner-up
}

// maxLearnedClasses bounds the classes of a model (12 for channels), so
// that scoring a message allocates nothing.
const maxLearnedClasses = 16

// classify returns the most likely class under a uniform prior and its
// posterior. It runs for most messages, so it only scores; evidence is
// built by evidence, once an answer is used.
func (l *learned) classify(words []string) learnedAnswer {
	var buf [maxLearnedClasses]float64
	lp := buf[:len(l.labels)]
	copy(lp, l.prior)
	var a learnedAnswer
	for _, w := range words {
		p := l.logp[w]
		if p == nil {
			continue
		}
		a.known++
		for i := range lp {
			lp[i] += p[i]
		}
	}
	for i := range lp {
		if lp[i] > lp[a.best] {
			a.best = i
		}
	}
	a.second = -1
	z := 0.0
	for i := range lp {
		z += math.Exp(lp[i] - lp[a.best])
		if i != a.best && (a.second < 0 || lp[i] > lp[a.second]) {
			a.second = i
		}
	}
	a.label, a.posterior = l.labels[a.best], 1/z
	return a
}

// evidence appends to ev, strongest first, the (at most three) words that
// set a's answer apart from its runner-up, each with its log-likelihood
// ratio, as made by mk.
func (l *learned) evidence(words []string, a learnedAnswer, ev []consult.Evidence, mk func(word string, ratio float64) consult.Evidence) []consult.Evidence {
	start := len(ev)
	for _, w := range words {
		if p := l.logp[w]; p != nil && p[a.best] > p[a.second] {
			ev = append(ev, mk(w, round2(p[a.best]-p[a.second])))
		}
	}
	slices.SortStableFunc(ev[start:], func(x, y consult.Evidence) int { return cmpDesc(x.Weight, y.Weight) })
	return ev[:min(len(ev), start+3)]
}

// sure reports whether a says something (not unclear, none or normal) with at
// least min posterior on at least minWords known words.
func (a learnedAnswer) sure(min, minWords float64) bool {
	return a.label != unclearLabel && a.label != noCrisisLabel && a.label != normalLabel && a.known >= int(minWords) && a.posterior >= min
}

// discounted reports whether the lexicons found a negated, past,
// hypothetical or fictional mention: the learned models stay silent then.
// With onlySafety, only a crisis or urgency mention counts, and not one
// put off to later (来月には出ていかねばなりません… 今夜、多摩川へ参ります): a need the
// writer denies (つながりがない read as つながり negated, お金には困って
// いない) says nothing about whether they are safe, so it does not silence
// the crisis model (管理会社: 鍵はポストに…長い間お世話になりました…電話も
// つながらない).
func discounted(r *consult.TriageResult, onlySafety bool) bool {
	for _, e := range r.Evidence {
		if e.Note != "" && e.Note != NoteThirdParty && e.Note != NoteAge && e.Note != NoteHomophone &&
			(!onlySafety || (e.Crisis != "" || e.Urgency != "") && e.Note != NoteLater) {
			return true
		}
	}
	return false
}

// fallback lets the learned models speak where the lexicons did not.
func (t *Triager) fallback(s *scratch, r *consult.TriageResult) {
	disc := discounted(r, true)
	// The character model speaks last; what the other models add to the
	// evidence does not silence it.
	defer t.gramCrisis(s, r, disc)
	if t.learned == nil && t.learnedCrisis == nil && t.learnedUrgency == nil || r.Language != LangJapanese || disc {
		return
	}
	s.lwords = learnedWords(s.doc.Tokens, s.lwords[:0])
	if t.learnedCrisis != nil && r.Crisis == consult.NoCrisis && len(s.calm) == 0 && !t.mods.timeScoped(s) {
		a, words := t.learnedCrisis.classify(s.lwords), s.lwords
		if !a.sure(t.settings.LearnedCrisisMinPosterior, t.settings.LearnedMinWords) {
			// The join's witness words are those without the cue's own.
			a, words = t.partialCrisis(s, r), s.pwords
		}
		if a.label != "" {
			r.Crisis = consult.Crisis(a.label)
			r.Urgency = consult.Emergency
			r.Evidence = t.learnedCrisis.evidence(words, a, r.Evidence, func(w string, ratio float64) consult.Evidence {
				return consult.Evidence{Term: w, Crisis: r.Crisis, Urgency: consult.Emergency, Weight: ratio, Note: NoteLearned}
			})
		}
	}
	if discounted(r, false) {
		return // the urgency and channel models: any denied need silences them
	}
	if t.learnedUrgency != nil && r.Crisis == consult.NoCrisis && r.Urgency == consult.Normal {
		a := t.learnedUrgency.classify(s.lwords)
		if a.sure(t.settings.LearnedUrgentMinPosterior, t.settings.LearnedMinWords) {
			r.Urgency = consult.Urgent
			r.Evidence = t.learnedUrgency.evidence(s.lwords, a, r.Evidence, func(w string, ratio float64) consult.Evidence {
				return consult.Evidence{Term: w, Urgency: consult.Urgent, Weight: ratio, Note: NoteLearned}
			})
		}
	}
	if t.learned != nil && r.Channel == "" && r.Crisis == consult.NoCrisis && !s.asked {
		a := t.learned.classify(s.lwords)
		if a.sure(t.settings.LearnedMinPosterior, t.settings.LearnedMinWords) {
			r.Channel = consult.Channel(a.label)
			r.Evidence = t.learned.evidence(s.lwords, a, r.Evidence, func(w string, ratio float64) consult.Evidence {
				return consult.Evidence{Term: w, Channel: r.Channel, Weight: ratio, Note: NoteLearned}
			})
			// As sure as one plain lexicon word: the conversation confirms it.
			r.Confidence = round2(a.posterior * (1 - math.Exp(-1/1.5)))
		}
	} else if t.learned != nil && r.Channel != "" && r.Crisis == consult.NoCrisis && !s.asked && r.Confidence < t.settings.LearnedSecondConfidence {
		t.secondOpinion(s, r)
	}
}

// gramCrisis lets the character model (grams.go) raise a crisis in a
// Japanese message, last of all, when nothing else did, no crisis or urgency
// mention was discounted and no look-alike matched.
func (t *Triager) gramCrisis(s *scratch, r *consult.TriageResult, discounted bool) {
	// In a script of letters the sequences are short and many, and their
	// small leanings add up to a false certainty: Japanese only.
	if t.grams == nil || r.Crisis != consult.NoCrisis || len(s.calm) > 0 || discounted || r.Language != LangJapanese {
		return
	}
	s.gkeys = gramKeys(s.doc.Text, s.gkeys[:0])
	if lo, kind := t.grams.score(s.gkeys); lo >= t.settings.LearnedGramMinLogOdds {
		r.Crisis, r.Urgency = kind, consult.Emergency
		r.Evidence = t.grams.evidence(s.gkeys, kind, r.Evidence)
	}
}

// secondOpinion lets the channel model overrule a lexicon answer that is
// unsure (a weak or split score) when the model is all but certain of
// another channel: its channel leads and the lexicons' lead becomes the
// runner-up, so the conversation offers both. The confidence is a learned
// answer's, so the resident confirms the choice.
func (t *Triager) secondOpinion(s *scratch, r *consult.TriageResult) {
	a := t.learned.classify(s.lwords)
	if a.label == string(r.Channel) || !a.sure(t.settings.LearnedSecondPosterior, t.settings.LearnedMinWords) {
		return
	}
	r.RunnerUp, r.Channel = r.Channel, consult.Channel(a.label)
	r.Evidence = t.learned.evidence(s.lwords, a, r.Evidence, func(w string, ratio float64) consult.Evidence {
		return consult.Evidence{Term: w, Channel: r.Channel, Weight: ratio, Note: NoteLearned}
	})
	r.Confidence = round2(min(r.Confidence, a.posterior*(1-math.Exp(-1/1.5))))
}

// partialCrisis joins a crisis cue too weak to count alone (もう疲れた, a
// rope) with the crisis model: a kind with such a cue is the answer when
// the model, reading the other words of the message, gives it at least
// LearnedCrisisJoinPosterior ("" for none; the kind with the most
// lexicon score plus posterior wins). The model must know
// LearnedMinWords of those words. Only messages with such a cue pay for
// the full posterior.
func (t *Triager) partialCrisis(s *scratch, r *consult.TriageResult) learnedAnswer {
	var part [4]float64
	any := false
	for _, e := range r.Evidence {
		if e.Crisis != "" && e.Weight > 0 && (e.Note == "" || e.Note == NoteThirdParty) {
			if k := slices.Index(crisisOrder, e.Crisis); k >= 0 {
				part[k] += e.Weight
				any = true
			}
		}
	}
	if !any || t.settings.LearnedCrisisJoinPosterior > 1 {
		return learnedAnswer{}
	}
	// The model must be a second witness: it reads the message without
	// the cue's own words (死ぬ in 死ぬ気, 屋上 in 屋上+行く), which it has
	// learned are crisis words.
	skip := slices.Grow(s.skip[:0], len(s.doc.Tokens))[:len(s.doc.Tokens)]
	clear(skip)
	for _, f := range s.found {
		if e := &t.entries[f.entry]; e.kind == toCrisis && f.from >= 0 {
			for i := f.from; i < f.to && i < len(skip); i++ {
				skip[i] = true
			}
		}
	}
	s.skip = skip
	words := learnedWordsBut(s.doc.Tokens, skip, s.pwords[:0])
	s.pwords = words
	l := t.learnedCrisis
	var buf [maxLearnedClasses]float64
	post, known := l.posteriors(words, buf[:len(l.labels)])
	if known < int(t.settings.LearnedMinWords) {
		return learnedAnswer{}
	}
	a, best := learnedAnswer{known: known, second: -1}, 0.0
	for k, p := range part {
		i := slices.Index(l.labels, string(crisisOrder[k]))
		if p <= 0 || i < 0 {
			continue
		}
		if v := p + post[i]; post[i] >= t.settings.LearnedCrisisJoinPosterior && v > best {
			best, a.label, a.best, a.posterior = v, l.labels[i], i, post[i]

		}
	}
	if a.label == "" {
		return learnedAnswer{}
	}
	// The runner-up, for the evidence: the most likely other class.
	for i := range post {
		if i != a.best && (a.second < 0 || post[i] > post[a.second]) {
			a.second = i
		}
	}
	return a
}

// posteriors fills lp with the posterior of every class of words under a
// uniform prior and returns how many of the words the model knows.
func (l *learned) posteriors(words []string, lp []float64) ([]float64, int) {
	known := 0
	copy(lp, l.prior)
	for _, w := range words {
		if p := l.logp[w]; p != nil {
			known++
			for i := range lp {
				lp[i] += p[i]
			}
		}
	}
	mx := slices.Max(lp)
	z := 0.0
	for i := range lp {
		lp[i] = math.Exp(lp[i] - mx)
		z += lp[i]
	}
	for i := range lp {
		lp[i] /= z
	}
	return lp, known
}

// ChannelLabel is the class of a row for the channel model: its channel,
// "unclear" when it has neither channel nor crisis, "" (left out) for a
// crisis with no channel, which says nothing about routing.
func ChannelLabel(r Row) string {
	switch {
	case r.Channel == "" && r.Crisis != "":
		return ""
	case r.Channel == "":
		return unclearLabel
	case !consult.Channel(r.Channel).Valid():
		return ""
	}
	return r.Channel
}

// CrisisLabel is the class of a row for the crisis model: its crisis kind
// or "none".
func CrisisLabel(r Row) string {
	if r.Crisis == "" {
		return noCrisisLabel
	}
	if !consult.Crisis(r.Crisis).Valid() {
		return ""
	}
	return r.Crisis
}

// UrgencyLabel is the class of a row for the urgency model: "urgent" or
// "normal", "" (left out) for a crisis.
func UrgencyLabel(r Row) string {
	switch {
	case r.Crisis != "":
		return ""
	case r.Urgency == urgentLabel:
		return urgentLabel
	}
	return normalLabel
}

// LearnCounts counts how many rows of each class (label; "" leaves a row
// out) contain each content word; words seen fewer than twice in all are
// dropped. The result is sorted by word, then class, so that the model
// files are reproducible.
func LearnCounts(an *nlp.Analyzer, rows []Row, label func(Row) string) []LearnedCount {
	words := make([][]string, 0, len(rows))
	classes := make([]string, 0, len(rows))
	for _, r := range rows {
		if class := label(r); class != "" {
			words = append(words, RowWords(an, r))
			classes = append(classes, class)
		}
	}
	return CountWords(words, classes)
}

// RowWords are the content words of a row that the learned models count.
func RowWords(an *nlp.Analyzer, r Row) []string {
	return learnedWords(an.Analyze(truncate(r.Text, MaxRunes)).Tokens, nil)
}

// CountWords is LearnCounts over rows already cut into words (RowWords),
// row i being of class classes[i]: the words of a row are counted once
// per model, not once per model and row set (the leave-one-out tests).
func CountWords(words [][]string, classes []string) []LearnedCount {
	type key struct{ w, class string }
	counts := map[key]int{}
	total := map[string]int{}
	for i, ws := range words {
		for _, w := range ws {
			counts[key{w, classes[i]}]++
			total[w]++
		}
	}
	var out []LearnedCount
	for k, n := range counts {
		if total[k.w] >= 2 && !strings.HasPrefix(k.w, "#") {
			out = append(out, LearnedCount{Word: k.w, Class: k.class, Count: n})
		}
	}
	slices.SortFunc(out, func(a, b LearnedCount) int {
		if c := strings.Compare(a.Word, b.Word); c != 0 {
			return c
		}
		return strings.Compare(a.Class, b.Class)
	})
	return out
}

// LearnedCount is one line of a model file.
type LearnedCount struct {
	Word, Class string
	Count       int
}

// WriteLearned writes counts as a model file, with a header comment naming
// what it counts and the sources.
func WriteLearned(w io.Writer, what string, sources []string, counts []LearnedCount) error {
	var b strings.Builder
	b.WriteString("# Word counts of a learned fallback (internal/triage/learned.go): how many labelled\n")
	b.WriteString("# messages of each " + what + " contain the word (dictionary form). Written by\n")
	b.WriteString("#   go test ./internal/triage -run TestLearnedIsCurrent -update-learned\n")
	b.WriteString("# from the tuning splits, never from the held-out ones: " + strings.Join(sources, " ") + "\n")
	b.WriteString("# Do not edit by hand: to make a word count, add it to channels.tsv or crisis.tsv (which always win).\n")
	b.WriteString("word\tclass\tcount\n")
	for _, c := range counts {
		fmt.Fprintf(&b, "%s\t%s\t%d\n", c.Word, c.Class, c.Count)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// timeScoped reports whether the message has a modifier that moves it out
// of the present or out of reality (past, recent, weeks, later,
// hypothetical, hedge, fiction, settled, habit, pattern, distant, animal): the
// lexicons weigh those, and the learned crisis model, which cannot, stays
// silent.
func (mo *modifiers) timeScoped(s *scratch) bool {
	for _, h := range s.modHits {
		switch mo.kinds[mo.m.pats[h.pat].entry] {
		case "past", "recent", "weeks":
			// 昨日から, 先週から: "since", which is now (as in apply).
			if since(s.doc.Tokens, h) {
				continue
			}
			return true
		case "hypothetical", "hedge", "fiction", "settled", "habit", "pattern", "distant", "animal":
			return true
		}
	}
	return false
}
