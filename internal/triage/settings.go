package triage

import (
	"errors"
	"fmt"
	"io/fs"
	"strconv"

	"github.com/n-csw/tsunagu/internal/nlp"
)

// Settings are the thresholds of the triage (settings.tsv).
type Settings struct {
	// MinScore is the lead score below which the channel is "" (ask a
	// guiding question instead of guessing).
	MinScore float64
	// ForeignMinScore is MinScore for messages not in Japanese.
	ForeignMinScore float64
	// RunnerUpRatio: a second channel is offered when its score is at
	// least this share of the lead's.
	RunnerUpRatio float64
	// MinRunnerUp is the least score of a runner-up.
	MinRunnerUp float64
	// ForeignMargin: for a message not in Japanese the lead must beat the
	// second channel by this factor, or the channel is "".
	ForeignMargin float64
	// CrisisMin is the least crisis score that raises a crisis.
	CrisisMin float64
	// UrgentMin is the least urgency score that makes a case urgent.
	UrgentMin float64
	// PastFactor and HypotheticalFactor scale channel terms in the past
	// or in a hypothetical (crisis and urgency terms there count 0).
	PastFactor, HypotheticalFactor float64
	// LearnedMinPosterior and LearnedMinWords: the learned fallback names
	// a channel the lexicons could not only when its posterior is at least
	// this and the message has at least this many words it knows.
	LearnedMinPosterior, LearnedMinWords float64
	// LearnedCrisisMinPosterior: the learned crisis model raises a crisis
	// the lexicon missed only when it is at least this sure.
	LearnedCrisisMinPosterior float64
	// LearnedCrisisJoinPosterior: a crisis cue too weak to count alone
	// (もう疲れた, ロープ) raises its crisis when the crisis model, reading
	// the other words, gives that kind at least this (above 1 turns it off).
	LearnedCrisisJoinPosterior float64
	// LearnedCrisisPrior: the crisis model weighs each kind (and none) by
	// how often it was seen, to this power (0: all alike).
	LearnedCrisisPrior float64
	// LearnedGramMinLogOdds: the character model (learned-grams.tsv)
	// raises a crisis nothing else found only when its log-odds of a
	// crisis reach this (a naive Bayes model over hundreds of sequences is
	// overconfident, so the number is large; 1000 turns it off).
	LearnedGramMinLogOdds float64
	// LearnedUrgentMinPosterior: the learned urgency model makes a case
	// urgent that the urgency lexicon found normal only when it is at
	// least this sure.
	LearnedUrgentMinPosterior float64
	// LearnedSecondPosterior and LearnedSecondConfidence: when the lexicons
	// named a channel with a confidence below LearnedSecondConfidence and
	// the learned channel model, knowing LearnedMinWords of the message's
	// words, names another channel with at least LearnedSecondPosterior,
	// the model's channel leads and the lexicons' becomes the runner-up
	// (a posterior above 1 turns it off).
	LearnedSecondPosterior, LearnedSecondConfidence float64
	// CrossSentenceFactor: a channel term A+B whose parts stand in two
	// neighbouring sentences (not in one) counts this share of its
	// weight; 0 keeps A+B within one sentence.
	CrossSentenceFactor float64
	// CareAge and YoungCareFactor: when a message is about an adult younger
	// than CareAge (an age is written, none of CareAge or over), the
	// disability desk gains YoungCareFactor times the score of the centre for
	// older people (0 turns it off).
	CareAge, YoungCareFactor float64
	// TopicLead: a one-sentence message whose topic marker (class topic:
	// のことで) has at most this many words before it, and no channel word
	// after it, only names its topic: the bot asks (−1 turns it off).
	TopicLead float64
}

// DefaultSettings are used for names missing from settings.tsv.
var DefaultSettings = Settings{
	MinScore: 1, ForeignMinScore: 1, RunnerUpRatio: 0.5, MinRunnerUp: 1,
	ForeignMargin: 1.5, CrisisMin: 1, UrgentMin: 1, PastFactor: 0.5, HypotheticalFactor: 0.7,
	LearnedMinPosterior: 0.9, LearnedMinWords: 2, LearnedCrisisMinPosterior: 0.99, LearnedCrisisJoinPosterior: 0.9,
	LearnedUrgentMinPosterior: 0.99, LearnedGramMinLogOdds: 1000, LearnedSecondPosterior: 2, LearnedSecondConfidence: 0, CrossSentenceFactor: 0, CareAge: 65, YoungCareFactor: 0, TopicLead: -1,
}

func loadSettings(fsys fs.FS) (Settings, error) {
	s := DefaultSettings
	recs, err := nlp.ReadTSV(fsys, settingsFile, "name", "value")
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return s, fmt.Errorf("load settings: %w", err)
	}
	fields := map[string]*float64{
		"min_score": &s.MinScore, "foreign_min_score": &s.ForeignMinScore,
		"runner_up_ratio": &s.RunnerUpRatio, "min_runner_up": &s.MinRunnerUp,
		"foreign_margin": &s.ForeignMargin, "crisis_min": &s.CrisisMin, "urgent_min": &s.UrgentMin,
		"past_factor": &s.PastFactor, "hypothetical_factor": &s.HypotheticalFactor,
		"learned_min_posterior": &s.LearnedMinPosterior, "learned_min_words": &s.LearnedMinWords,
		"learned_crisis_min_posterior": &s.LearnedCrisisMinPosterior, "learned_crisis_join_posterior": &s.LearnedCrisisJoinPosterior, "learned_crisis_prior": &s.LearnedCrisisPrior, "learned_gram_min_logodds": &s.LearnedGramMinLogOdds,
		"learned_urgent_min_posterior": &s.LearnedUrgentMinPosterior, "cross_sentence_factor": &s.CrossSentenceFactor,
		"learned_second_posterior": &s.LearnedSecondPosterior, "learned_second_confidence": &s.LearnedSecondConfidence,
		"care_age": &s.CareAge, "young_care_factor": &s.YoungCareFactor, "topic_lead": &s.TopicLead,
	}
	for _, r := range recs {
		p, ok := fields[r.Fields[0]]
		if !ok {
			return s, fmt.Errorf("load settings: %s:%d: unknown setting %q", settingsFile, r.Line, r.Fields[0])
		}
		v, err := strconv.ParseFloat(r.Fields[1], 64)
		if err != nil || v < 0 {
			return s, fmt.Errorf("load settings: %s:%d: %q is not a number ≥ 0", settingsFile, r.Line, r.Fields[1])
		}
		*p = v
	}
	return s, nil
}
