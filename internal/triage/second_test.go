package triage

import (
	"slices"
	"testing"

	"github.com/n-csw/tsunagu/internal/consult"
)

// The second opinion: an unsure lexicon answer gives way to a channel the
// learned model is all but certain of, and stays the runner-up; a sure
// lexicon answer, a crisis, or a model that knows too few words leave it.
func TestLearnedSecondOpinion(t *testing.T) {
	files := map[string]string{
		"channels.tsv": "term\ttarget\tweight\n散歩\tseikatsu-shien\t1\n家賃\tseikatsu-soudan\t3\n",
		"crisis.tsv":   "term\ttarget\tweight\n死にたい\tsuicide\t3\n",
		learnedFile: "word\tclass\tcount\n" +
			"孫\tkosodate\t30\n孫\thoukatsu\t1\n" +
			"夜泣き\tkosodate\t40\n" +
			"散歩\tseikatsu-shien\t8\n散歩\thoukatsu\t2\n散歩\tkosodate\t2\n" +
			"家賃\tseikatsu-soudan\t30\n" +
			"困る\tseikatsu-soudan\t40\n困る\tkosodate\t40\n困る\thoukatsu\t40\n困る\tdv\t40\n困る\tseikatsu-shien\t40\n",
		settingsFile: "name\tvalue\nlearned_second_posterior\t0.95\nlearned_second_confidence\t0.75\n",
	}
	tr, _ := miniTriager(t, files)
	learnedSays := func(r consult.TriageResult) bool {
		return slices.ContainsFunc(r.Evidence, func(e consult.Evidence) bool { return e.Note == NoteLearned && e.Channel != "" })
	}
	got := tr.Triage("孫の夜泣きがひどくて散歩にも行けない")
	if got.Channel != consult.Kosodate || got.RunnerUp != consult.SeikatsuShien || !learnedSays(got) {
		t.Fatalf("weak 散歩 against a sure model: got %q (runner-up %q), want kosodate with seikatsu-shien: %+v", got.Channel, got.RunnerUp, got)
	}
	if got.Confidence >= 0.5 {
		t.Errorf("an overruled answer must stay below a sure confidence, so the bot asks: %v", got.Confidence)
	}
	for _, text := range []string{
		"家賃も払えないし孫の夜泣きで散歩もできない", // the lexicon is sure (家賃, weight 3)
		"散歩にも行けない",              // the model knows one word only
		"散歩にも行けない。孫の夜泣き。死にたい",   // a crisis
	} {
		if got := tr.Triage(text); learnedSays(got) {
			t.Errorf("%s: the model overruled the lexicons: %+v", text, got)
		}
	}
	files[settingsFile] = "name\tvalue\nlearned_second_posterior\t2\nlearned_second_confidence\t0.75\n"
	off, _ := miniTriager(t, files)
	if got := off.Triage("孫の夜泣きがひどくて散歩にも行けない"); got.Channel != consult.SeikatsuShien || learnedSays(got) {
		t.Errorf("learned_second_posterior above 1 turns it off: %+v", got)
	}
}

// Its honest figure: for each tuning split, the triage with a model learned
// from the other splits, with and without the second opinion. Where the
// second opinion changes whether the channel is right, it must be right at
// least three times as often as it is wrong.
func TestLearnedSecondOpinionLeaveOneSplitOut(t *testing.T) {
	t.Parallel()
	shipped := triager(t)
	if shipped.settings.LearnedSecondPosterior > 1 {
		t.Skip("the second opinion is turned off in settings.tsv")
	}
	an := shipped.an
	names, rows := tuningSplits(t)
	m := learnedModels[0]
	changed, gained, lost := 0, 0, 0
	for _, held := range names {
		on := withModel(t, shipped, m, trainWithout(t, an, rows, held, m.what, m.label))
		off := withModel(t, shipped, m, trainWithout(t, an, rows, held, m.what, m.label))
		off.settings.LearnedSecondPosterior = 2
		for _, r := range rows[held] {
			a, b := off.Triage(r.Text), on.Triage(r.Text)
			if a.Channel == b.Channel {
				continue
			}
			changed++
			if r.Crisis != "" || r.Channel == "" {
				continue
			}
			right := func(c consult.Channel) bool {
				return c != "" && (string(c) == r.Channel || slices.Contains(r.Also, string(c)))
			}
			switch {
			case right(b.Channel) && !right(a.Channel):
				gained++
			case right(a.Channel) && !right(b.Channel):
				lost++
			}
		}
	}
	t.Logf("leave one split out: the second opinion changed %d leads; %d became right, %d became wrong", changed, gained, lost)
	if changed < 30 || gained < 3*lost {
		t.Errorf("second opinion: changed %d leads, %d right and %d wrong; want ≥ 30 changes and ≥ 3 right for each wrong", changed, gained, lost)
	}
}
