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

// The character model (learned-grams.tsv): a naive Bayes model over the
// three-character sequences of a message (its normalised text, katakana
// folded to hiragana), counted per crisis kind and none over the tuning
// splits. Words are what the lexicons and the word model see, and a
// crisis told in words neither knows (ベランダの手すりに腰かけてる,
// 薬のシート全部出した, ｵﾄｳﾄｶﾞ ﾍﾔﾃﾞ…) is lost to both; its characters still
// look like the crises of the tuning splits. Measured on splits the model
// was not trained on, it found most of the crises the rest missed for few
// false alarms (README, "Blind splits"), so it speaks last: only when
// nothing else raised a crisis, nothing was discounted, no look-alike
// matched and the message is not moved out of the present — and only
// when its log-odds of a crisis reach learned_gram_min_logodds.
const learnedGramsFile = "learned-grams.tsv"

// gramLen is the length of the character sequences counted.
const gramLen = 3

// gramMinCount is how many tuning messages must hold a sequence for it to
// be kept in the model file (rarer ones are noise and bulk).
const gramMinCount = 3

// gramKinds is the number of crisis kinds (crisisOrder).
const gramKinds = 4

// gramDocs is the pseudo-sequence whose counts are the number of messages
// of each class.
const gramDocs = "@messages"

// gramModel is the compiled character model.
type gramModel struct {
	index map[uint64]int32 // sequence → row of ratio and kinds
	// ratio is, per sequence, log P(seq | crisis) − log P(seq | none).
	ratio []float32
	// kinds is, per sequence, log P(seq | kind) for the crisis kinds in
	// crisisOrder, to name the kind.
	kinds [][gramKinds]float32
	prior float64 // log(crisis messages / none messages)
	// absent is each kind's log P for a sequence the kind never had.
	absent [gramKinds]float64
}

// gramKey packs three runes into one key.
func gramKey(a, b, c rune) uint64 { return uint64(a)<<42 | uint64(b)<<21 | uint64(c) }

// foldRune is the rune as the model counts it: katakana as hiragana, and
// white space as ␣ (the model file trims its fields).
func foldRune(r rune) rune {
	switch {
	case r >= 'ァ' && r <= 'ヶ':
		return r - 0x60
	case unicode.IsSpace(r):
		return '␣'
	}
	return r
}

// gramKeys appends the distinct sequence keys of text (normalised) to out,
// sorted. Sequences of white space only, and those starting with # (a
// comment in the model file), are left out.
func gramKeys(text string, out []uint64) []uint64 {
	var w [gramLen]rune
	n := 0
	for _, r := range text {
		w[0], w[1], w[2] = w[1], w[2], foldRune(r)
		n++
		if n < gramLen || w[0] == '␣' && w[1] == '␣' && w[2] == '␣' || w[0] == '#' {
			continue
		}
		out = append(out, gramKey(w[0], w[1], w[2]))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// gramText is the text of a key, for evidence.
func gramText(k uint64) string {
	const m = 1<<21 - 1
	return string([]rune{rune(k >> 42 & m), rune(k >> 21 & m), rune(k & m)})
}

// loadGrams reads learned-grams.tsv (sequence, class, count; classes none
// and the crisis kinds). A missing file means no model.
func loadGrams(fsys fs.FS) (*gramModel, error) {
	recs, err := nlp.ReadTSV(fsys, learnedGramsFile, "sequence", "class", "count")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load grams: %w", err)
	}
	labels := crisisLabels()
	counts := map[uint64]*[gramKinds + 1]float64{}
	var docs [gramKinds + 1]float64
	for _, r := range recs {
		k := slices.Index(labels, r.Fields[1])
		n, err := strconv.ParseFloat(r.Fields[2], 64)
		if k < 0 || err != nil || n <= 0 || r.Fields[0] != gramDocs && utf8.RuneCountInString(r.Fields[0]) != gramLen {
			return nil, fmt.Errorf("load grams: %s:%d: want %d characters (or %s), a class (%s) and a count > 0", learnedGramsFile, r.Line, gramLen, gramDocs, strings.Join(labels, ", "))
		}
		if r.Fields[0] == gramDocs {
			docs[k] = n
			continue
		}
		a, i := utf8.DecodeRuneInString(r.Fields[0])
		b, j := utf8.DecodeRuneInString(r.Fields[0][i:])
		c3, _ := utf8.DecodeRuneInString(r.Fields[0][i+j:])
		key := gramKey(a, b, c3)
		c := counts[key]
		if c == nil {
			c = new([gramKinds + 1]float64)
			counts[key] = c
		}
		c[k] += n
	}
	return newGramModel(counts, docs, 0)
}

// newGramModel compiles per-sequence message counts by class (crisisLabels
// order) and the messages of each class, leaving out sequences held by
// fewer than minTotal messages.
func newGramModel(counts map[uint64]*[gramKinds + 1]float64, docs [gramKinds + 1]float64, minTotal float64) (*gramModel, error) {
	labels := crisisLabels()
	none := slices.Index(labels, noCrisisLabel)
	crises := 0.0
	for k, n := range docs {
		if k != none {
			crises += n
		}
	}
	if docs[none] == 0 || crises == 0 {
		return nil, fmt.Errorf("load grams: %s: want the %s of none and of at least one crisis kind", learnedGramsFile, gramDocs)
	}
	g := &gramModel{index: make(map[uint64]int32, len(counts)), prior: math.Log(crises / docs[none])}
	kindOf := make([]int, len(crisisOrder))
	for i, kind := range crisisOrder {
		kindOf[i] = slices.Index(labels, string(kind))
		g.absent[i] = math.Log(learnedSmoothing / (docs[kindOf[i]] + 1))
	}
	for key, c := range counts {
		crisis := 0.0
		for k, n := range c {
			if k != none {
				crisis += n
			}
		}
		if crisis+c[none] < minTotal {
			continue
		}
		g.index[key] = int32(len(g.ratio))
		g.ratio = append(g.ratio, float32(math.Log((crisis+learnedSmoothing)/(crises+1))-math.Log((c[none]+learnedSmoothing)/(docs[none]+1))))
		var ks [gramKinds]float32
		for i, k := range kindOf {
			ks[i] = float32(math.Log((c[k] + learnedSmoothing) / (docs[k] + 1)))
		}
		g.kinds = append(g.kinds, ks)
	}
	return g, nil
}

// score returns the log-odds of a crisis for the sequence keys of a
// message, and the likeliest kind.
func (g *gramModel) score(keys []uint64) (float64, consult.Crisis) {
	lo := g.prior
	var kind [gramKinds]float64
	for _, k := range keys {
		i, ok := g.index[k]
		if !ok {
			continue
		}
		lo += float64(g.ratio[i])
		for j := range kind {
			kind[j] += float64(g.kinds[i][j]) - g.absent[j]
		}
	}
	best := 0
	for j := range kind {
		if kind[j] > kind[best] {
			best = j
		}
	}
	return lo, crisisOrder[best]
}

// evidence appends the (at most three) sequences that weighed most for a
// crisis, each with its log-likelihood ratio.
func (g *gramModel) evidence(keys []uint64, kind consult.Crisis, ev []consult.Evidence) []consult.Evidence {
	start := len(ev)
	for _, k := range keys {
		if i, ok := g.index[k]; ok && g.ratio[i] > 0 {
			ev = append(ev, consult.Evidence{Term: gramText(k), Crisis: kind, Urgency: consult.Emergency, Weight: round2(float64(g.ratio[i])), Note: NoteLearned})
		}
	}
	slices.SortStableFunc(ev[start:], func(x, y consult.Evidence) int { return cmpDesc(x.Weight, y.Weight) })
	return ev[:min(len(ev), start+3)]
}

// GramCounts counts, over texts of class classes[i] (a crisis kind or
// none), how many messages hold each sequence; sequences held by fewer
// than gramMinCount messages are left out. The first counts are the
// messages of each class (gramDocs).
func GramCounts(texts, classes []string) []LearnedCount {
	type key struct {
		k     uint64
		class string
	}
	counts := map[key]int{}
	total := map[uint64]int{}
	docs := map[string]int{}
	var keys []uint64
	for i, t := range texts {
		docs[classes[i]]++
		keys = gramKeys(nlp.Normalize(truncate(t, MaxRunes)), keys[:0])
		for _, k := range keys {
			counts[key{k, classes[i]}]++
			total[k]++
		}
	}
	var out []LearnedCount
	for _, c := range crisisLabels() {
		if docs[c] > 0 {
			out = append(out, LearnedCount{Word: gramDocs, Class: c, Count: docs[c]})
		}
	}
	var rest []LearnedCount
	for k, n := range counts {
		if total[k.k] >= gramMinCount {
			rest = append(rest, LearnedCount{Word: gramText(k.k), Class: k.class, Count: n})
		}
	}
	slices.SortFunc(rest, func(a, b LearnedCount) int {
		if c := strings.Compare(a.Word, b.Word); c != 0 {
			return c
		}
		return strings.Compare(a.Class, b.Class)
	})
	return append(out, rest...)
}

// WriteGrams writes counts as learned-grams.tsv.
func WriteGrams(w io.Writer, sources []string, counts []LearnedCount) error {
	var b strings.Builder
	b.WriteString("# Character counts of the learned crisis fallback (internal/triage/grams.go): how many\n")
	b.WriteString("# labelled messages of each crisis kind (or none) hold the three characters (normalised,\n")
	b.WriteString("# katakana as hiragana); " + gramDocs + " counts the messages. Written by\n")
	b.WriteString("#   go test ./internal/triage -run TestLearnedIsCurrent -update-learned\n")
	b.WriteString("# from the tuning splits, never from the held-out ones: " + strings.Join(sources, " ") + "\n")
	b.WriteString("# Do not edit by hand: to make a word count, add it to crisis.tsv (which always wins).\n")
	b.WriteString("sequence\tclass\tcount\n")
	for _, c := range counts {
		fmt.Fprintf(&b, "%s\t%s\t%d\n", c.Word, c.Class, c.Count)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
