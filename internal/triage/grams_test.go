package triage

import (
	"slices"
	"testing"
	"testing/fstest"

	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/nlp"
)

// The character model reads half-width and full-width katakana and
// hiragana alike, counts a sequence once, and skips white space alone.
func TestGramKeys(t *testing.T) {
	hira := gramKeys(nlp.Normalize("おばあちゃん"), nil)
	for _, s := range []string{"オバアチャン", "ｵﾊﾞｱﾁｬﾝ"} {
		if got := gramKeys(nlp.Normalize(s), nil); !slices.Equal(got, hira) {
			t.Errorf("%s: keys %v, want those of おばあちゃん %v", s, got, hira)
		}
	}
	if got := gramKeys("ああああああ", nil); len(got) != 1 || gramText(got[0]) != "あああ" {
		t.Errorf("ああああああ: %d keys, want one (あああ)", len(got))
	}
	for _, k := range gramKeys("あ   い\tう", nil) {
		if gramText(k) == "␣␣␣" {
			t.Errorf("a sequence of white space only was kept")
		}
	}
}

// A model file with a bad row is refused; no file is no model.
func TestLoadGrams(t *testing.T) {
	head := "sequence\tclass\tcount\n" + gramDocs + "\tsuicide\t10\n" + gramDocs + "\tnone\t90\n"
	for name, body := range map[string]string{
		"two characters": head + "もう\tsuicide\t3\n",
		"unknown class":  head + "もう疲\tchannel\t3\n",
		"zero count":     head + "もう疲\tsuicide\t0\n",
		"no none":        "sequence\tclass\tcount\n" + gramDocs + "\tsuicide\t10\nもう疲\tsuicide\t3\n",
	} {
		if _, err := loadGrams(fstest.MapFS{learnedGramsFile: {Data: []byte(body)}}); err == nil {
			t.Errorf("%s: loaded, want an error", name)
		}
	}
	if g, err := loadGrams(fstest.MapFS{}); g != nil || err != nil {
		t.Errorf("no file: %v, %v; want no model and no error", g, err)
	}
	g, err := loadGrams(fstest.MapFS{learnedGramsFile: {Data: []byte(head + "もう疲\tsuicide\t8\nもう疲\tnone\t1\n")}})
	if err != nil {
		t.Fatal(err)
	}
	if lo, kind := g.score(gramKeys("もう疲れた", nil)); lo <= g.prior || kind != consult.Suicide {
		t.Errorf("もう疲れた: log-odds %.2f (prior %.2f), kind %q; want above the prior and suicide", lo, g.prior, kind)
	}
}

// A crisis told in words no lexicon knows (Kagome cuts the katakana into
// names) is raised by the character model, with the sequences that
// counted as evidence; it stays silent in English and when a look-alike
// matched.
func TestGramCrisis(t *testing.T) {
	tr := triager(t)
	r := tr.Triage("ｵﾊﾞｱﾁｬﾝｶﾞ ﾌﾛﾊﾞﾃﾞ ｳｺﾞｶﾅｲ")
	if r.Crisis != consult.Medical || r.Urgency != consult.Emergency {
		t.Fatalf("crisis %q urgency %q, want medical and emergency (evidence %v)", r.Crisis, r.Urgency, r.Evidence)
	}
	gram := false
	for _, e := range r.Evidence {
		gram = gram || e.Note == NoteLearned && len([]rune(e.Term)) == gramLen && e.Crisis == consult.Medical
	}
	if !gram {
		t.Errorf("no character sequence in the evidence: %v", r.Evidence)
	}
	for _, text := range []string{
		"Grandma is not moving in the bath",
		"避難訓練で、おばあちゃんが風呂場で動かない役をやりました",
	} {
		if r := tr.Triage(text); slices.ContainsFunc(r.Evidence, func(e consult.Evidence) bool {
			return e.Note == NoteLearned && e.Crisis != consult.NoCrisis
		}) {
			t.Errorf("%s: a learned model raised a crisis (%v)", text, r.Evidence)
		}
	}
}

// The character model measured honestly inside the whole triage: for each
// tuning split, the shipped lexicons and word models with a character
// model counted from the other splits. The rest is in sample here, so
// few crises are left to it: of those it must find at least 10 % (22 %
// on 29 November, 26 of 120 over 69 splits), and it may add at most 0.1 %
// false alarms (0.03 %, 5 of 19 108). On splits written after the model, it found
// more (README, "Blind splits").
func TestGramsLeaveOneSplitOut(t *testing.T) {
	t.Parallel()
	names, rows := tuningSplits(t)
	shipped := triager(t)
	labels := crisisLabels()
	type rowKeys struct {
		keys  []uint64
		class int
	}
	all := map[uint64]*[gramKinds + 1]float64{}
	var docs [gramKinds + 1]float64
	per := map[string][]rowKeys{}
	for _, n := range names {
		for _, r := range rows[n] {
			k := slices.Index(labels, CrisisLabel(r))
			if k < 0 {
				continue
			}
			rk := rowKeys{gramKeys(nlp.Normalize(truncate(r.Text, MaxRunes)), nil), k}
			per[n] = append(per[n], rk)
			docs[k]++
			for _, key := range rk.keys {
				c := all[key]
				if c == nil {
					c = new([gramKinds + 1]float64)
					all[key] = c
				}
				c[k]++
			}
		}
	}
	without := withGrams(shipped, nil)
	var g modelGain
	for _, held := range names {
		// The other splits' counts: the held split's taken out of all, in
		// place, and put back after.
		d := docs
		for _, rk := range per[held] {
			d[rk.class]--
			for _, key := range rk.keys {
				all[key][rk.class]--
			}
		}
		m, err := newGramModel(all, d, gramMinCount)
		for _, rk := range per[held] {
			for _, key := range rk.keys {
				all[key][rk.class]++
			}
		}
		if err != nil {
			t.Fatal(err)
		}
		tr := withGrams(shipped, m)
		for _, r := range rows[held] {
			before, after := without.Triage(r.Text), tr.Triage(r.Text)
			g.see(r.Crisis != "", after.Crisis != consult.NoCrisis, before.Crisis == consult.NoCrisis && after.Crisis != consult.NoCrisis)
		}
	}
	g.check(t, "crises", "false alarms on rows without a crisis", 0.001, 0.1)
}

// withGrams is base with character model g (nil: none), sharing its
// compiled lexicons and other models.
func withGrams(base *Triager, g *gramModel) *Triager {
	c := &Triager{an: base.an, m: base.m, entries: base.entries, foreign: base.foreign, mods: base.mods,
		learned: base.learned, learnedCrisis: base.learnedCrisis, learnedUrgency: base.learnedUrgency,
		grams: g, settings: base.settings, elders: base.elders, idCache: base.idCache}
	c.pool.New = base.pool.New
	return c
}
