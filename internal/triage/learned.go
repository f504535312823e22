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

// The learned fallback. When the lexicons find too little to name a
// channel, a naive Bayes model over the content words of the labelled
// tuning splits (dict/learned.tsv, written from testdata/triage/dev*.jsonl
// by `go test ./internal/triage -run TestLearnedIsCurrent -update-learned`)
// may name one — but only when it is very sure (learned_min_posterior) on
// enough known words (learned_min_words). It never raises a crisis or an
// urgency, and never overrides a channel the lexicons chose; a coordinator
// who wants a word to count edits channels.tsv, which always wins.

const learnedFile = "learned.tsv"

// NoteLearned marks evidence from the learned fallback: the words that
// weighed most for the channel, each with its log-likelihood ratio.
const NoteLearned = "learned"

// The classes of the model: the eleven channels and, last, "unclear" —
// messages labelled with no channel because they say too little
// (困っています, 隣の人のことで). Their words are what a message too vague
// to route is made of, so the model can say so itself.
const (
	learnedUnclear = 11
	learnedClasses = 12
	unclearLabel   = "unclear"
)

// learnedSmoothing is the additive (Lidstone) smoothing of word counts.
const learnedSmoothing = 0.5

// learned is the compiled model: per known word, log P(word | channel).
type learned struct {
	logp map[string]*[learnedClasses]float64
	// classes are the channels with training data; the others are never
	// named.
	classes []int
}

// loadLearned reads learned.tsv (word, channel, count). A missing file means
// no fallback.
func loadLearned(fsys fs.FS) (*learned, error) {
	recs, err := nlp.ReadTSV(fsys, learnedFile, "word", "channel", "count")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load learned: %w", err)
	}
	counts := map[string]*[learnedClasses]float64{}
	var total [learnedClasses]float64
	for _, r := range recs {
		ch, ok := channelIndex[consult.Channel(r.Fields[1])]
		if r.Fields[1] == unclearLabel {
			ch, ok = learnedUnclear, true
		}
		n, err := strconv.ParseFloat(r.Fields[2], 64)
		if r.Fields[0] == "" || !ok || r.Fields[1] == "" || err != nil || n <= 0 {
			return nil, fmt.Errorf("load learned: %s:%d: want a word, a channel id and a count > 0", learnedFile, r.Line)
		}
		c := counts[r.Fields[0]]
		if c == nil {
			c = new([learnedClasses]float64)
			counts[r.Fields[0]] = c
		}
		c[ch] += n
		total[ch] += n
	}
	l := &learned{logp: make(map[string]*[learnedClasses]float64, len(counts))}
	for i := range total {
		if total[i] > 0 {
			l.classes = append(l.classes, i)
		}
	}
	v := float64(len(counts))
	for w, c := range counts {
		p := new([learnedClasses]float64)
		for i := range p {
			p[i] = math.Log((c[i] + learnedSmoothing) / (total[i] + learnedSmoothing*v))
		}
		l.logp[w] = p
	}
	return l, nil
}

// learnedWords appends the content words of toks (dictionary forms of
// nouns, verbs and adjectives, and words Kagome does not know), each once.
func learnedWords(toks []nlp.Token, out []string) []string {
	for i := range toks {
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

// classify returns the most likely channel, its posterior under a uniform
// prior, the number of known words and, in ev, the words that weighed most
// for it.
func (l *learned) classify(words []string, ev []consult.Evidence) (int, float64, int, []consult.Evidence) {
	var lp [learnedClasses]float64
	known := 0
	for _, w := range words {
		p := l.logp[w]
		if p == nil {
			continue
		}
		known++
		for i := range lp {
			lp[i] += p[i]
		}
	}
	if len(l.classes) < 2 {
		return 0, 0, 0, ev
	}
	best, second := l.classes[0], -1
	for _, i := range l.classes {
		if lp[i] > lp[best] {
			best = i
		}
	}
	z := 0.0
	for _, i := range l.classes {
		z += math.Exp(lp[i] - lp[best])
		if i != best && (second < 0 || lp[i] > lp[second]) {
			second = i
		}
	}
	// The words that set the lead apart from the runner-up, strongest first.
	start := len(ev)
	for _, w := range words {
		if p := l.logp[w]; p != nil && p[best] > p[second] && best != learnedUnclear {
			ev = append(ev, consult.Evidence{Term: w, Channel: channelList[best], Weight: round2(p[best] - p[second]), Note: NoteLearned})
		}
	}
	slices.SortStableFunc(ev[start:], func(a, b consult.Evidence) int { return cmpDesc(a.Weight, b.Weight) })
	if len(ev)-start > 3 {
		ev = ev[:start+3]
	}
	return best, 1 / z, known, ev
}

// answer is the channel the model names for words under the thresholds of
// set, with its posterior and the evidence, or "" when it is not sure
// enough or finds the message too vague.
func (l *learned) answer(words []string, set Settings, ev []consult.Evidence) (consult.Channel, float64, []consult.Evidence) {
	ch, post, known, ev2 := l.classify(words, ev)
	if ch == learnedUnclear || known < int(set.LearnedMinWords) || post < set.LearnedMinPosterior {
		return "", post, ev
	}
	return channelList[ch], post, ev2
}

// fallback names a channel for r from the learned model when the lexicons
// did not: only for a Japanese message with no crisis, no negated or
// discounted channel word (お金には困っていない is not a money request), and
// a confident model.
func (t *Triager) fallback(s *scratch, r *consult.TriageResult) {
	if t.learned == nil || r.Channel != "" || r.Crisis != consult.NoCrisis || r.Language != LangJapanese {
		return
	}
	for _, e := range r.Evidence {
		if e.Note != "" && e.Note != NoteThirdParty {
			return
		}
	}
	s.lwords = learnedWords(s.doc.Tokens, s.lwords[:0])
	ch, post, ev := t.learned.answer(s.lwords, t.settings, r.Evidence)
	if ch == "" {
		return
	}
	r.Channel = ch
	r.Evidence = ev
	// As sure as one plain lexicon word: the conversation confirms it.
	r.Confidence = round2(post * (1 - math.Exp(-1/1.5)))
}

// LearnCounts counts, over rows with a channel, how often each content word
// occurs in a message of each channel (once per message); words seen fewer
// than twice in all are dropped. The result is sorted by word, then
// channel, so that learned.tsv is reproducible.
func LearnCounts(an *nlp.Analyzer, rows []Row) []LearnedCount {
	type key struct{ w, ch string }
	counts := map[key]int{}
	total := map[string]int{}
	var words []string
	for _, r := range rows {
		label := r.Channel
		switch {
		case r.Crisis != "" && r.Channel == "":
			continue // a crisis with no channel once safe says nothing about routing
		case label == "":
			label = unclearLabel
		case !consult.Channel(label).Valid():
			continue
		}
		d := an.Analyze(truncate(r.Text, MaxRunes))
		words = learnedWords(d.Tokens, words[:0])
		for _, w := range words {
			counts[key{w, label}]++
			total[w]++
		}
	}
	var out []LearnedCount
	for k, n := range counts {
		if total[k.w] >= 2 && !strings.HasPrefix(k.w, "#") {
			out = append(out, LearnedCount{Word: k.w, Channel: k.ch, Count: n})
		}
	}
	slices.SortFunc(out, func(a, b LearnedCount) int {
		if c := strings.Compare(a.Word, b.Word); c != 0 {
			return c
		}
		return strings.Compare(a.Channel, b.Channel)
	})
	return out
}

// LearnedCount is one line of learned.tsv.
type LearnedCount struct {
	Word, Channel string
	Count         int
}

// WriteLearned writes counts as learned.tsv, with a header comment naming
// the sources.
func WriteLearned(w io.Writer, sources []string, counts []LearnedCount) error {
	var b strings.Builder
	b.WriteString("# Word counts of the learned fallback (internal/triage/learned.go): how many labelled\n")
	b.WriteString("# messages of each channel contain the word (dictionary form). Written by\n")
	b.WriteString("#   go test ./internal/triage -run TestLearnedIsCurrent -update-learned\n")
	b.WriteString("# from the tuning splits, never from the held-out ones: " + strings.Join(sources, " ") + "\n")
	b.WriteString("# Do not edit by hand: to make a word count, add it to channels.tsv (which always wins).\n")
	b.WriteString("word\tchannel\tcount\n")
	for _, c := range counts {
		fmt.Fprintf(&b, "%s\t%s\t%d\n", c.Word, c.Channel, c.Count)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
