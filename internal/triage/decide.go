package triage

import (
	"math"
	"slices"
	"unicode"

	"github.com/n-csw/tsunagu/internal/consult"
)

var channelIndex = func() map[consult.Channel]int {
	m := map[consult.Channel]int{}
	for i, c := range consult.Channels() {
		m[c] = i
	}
	return m
}()

var crisisOrder = consult.Crises()

// channelList is consult.Channels(), which copies the list on every call.
var channelList = consult.Channels()

// decide scores the found entries of s and builds the result.
func (t *Triager) decide(s *scratch, lang string) consult.TriageResult {
	chs := channelList
	var chScore [11]float64
	var crScore [4]float64
	var crAbout [4]consult.Subject
	urgent := 0.0
	r := consult.TriageResult{Language: lang, Candidates: []consult.Candidate{}, Evidence: make([]consult.Evidence, 0, len(s.found))}
	slices.SortStableFunc(s.found, func(a, b found) int { return a.from - b.from })
	firstAbout := consult.SubjectUnknown
	for _, f := range s.found {
		e := &t.entries[f.entry]
		w := round2(e.weight * f.factor)
		ev := consult.Evidence{Term: e.term, Weight: w, Note: f.note}
		switch e.kind {
		case toChannel:
			ev.Channel = e.channel
			chScore[channelIndex[e.channel]] += w
		case toCrisis:
			ev.Crisis = e.crisis
			ev.Urgency = consult.Emergency
			for k, c := range crisisOrder {
				if c == e.crisis {
					crScore[k] += w
					if w > 0 && crAbout[k] == "" {
						crAbout[k] = f.about
					}
				}
			}
		case toUrgent:
			ev.Urgency = consult.Urgent
			urgent += w
		}
		if firstAbout == "" && w > 0 {
			firstAbout = f.about
		}
		r.Evidence = append(r.Evidence, ev)
	}
	t.ageShift(s, &chScore, &r)
	// Crisis first: recall matters most.
	// A wound or a collapse caused by self-harm, violence or a fire is
	// labelled by its cause (リスカ…血が止まらない is suicide): medical wins
	// only when no other kind reaches the threshold.
	best := -1
	for k := range crScore {
		if crScore[k] < t.settings.CrisisMin {
			continue
		}
		if best < 0 || crScore[k] > crScore[best] && crisisOrder[k] != consult.Medical || crisisOrder[best] == consult.Medical {
			best = k
		}
	}
	r.Urgency = consult.Normal
	if urgent >= t.settings.UrgentMin {
		r.Urgency = consult.Urgent
	}
	r.About = firstAbout
	if best >= 0 {
		r.Crisis = crisisOrder[best]
		r.Urgency = consult.Emergency
		r.About = crAbout[best]
	}
	// Channels.
	order := s.order[:0]
	for i := range chScore {
		if chScore[i] > 0 {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmpDesc(chScore[a], chScore[b]) })
	s.order = order
	for _, i := range order {
		r.Candidates = append(r.Candidates, consult.Candidate{Channel: chs[i], Score: round2(chScore[i])})
	}
	top, second := 0.0, 0.0
	if len(order) > 0 {
		top = chScore[order[0]]
	}
	if len(order) > 1 {
		second = chScore[order[1]]
	}
	min := t.settings.MinScore
	if lang != LangJapanese {
		min = t.settings.ForeignMinScore
	}
	switch {
	case lang != LangJapanese && (r.Crisis == consult.Medical || r.Crisis == consult.Fire):
		// A collapse or a fire told in another language goes to 119 first;
		// no channel is offered (a guess from 孩子 or 옆집 would mislead).
	case top < min:
	case r.Crisis == consult.NoCrisis && r.Urgency == consult.Normal && (t.noNeed(s) || t.topicOnly(s) || t.bareTopic(s)):
		// Thanks, a greeting or venting that says it asks nothing, or a
		// topic announced with no need yet (母の介護のことで…): the bot asks
		// what would help instead of guessing from its topic words.
	case lang != LangJapanese && top < t.settings.ForeignMargin*second:
	default:
		r.Channel = chs[order[0]]
		if second >= t.settings.MinRunnerUp && second >= t.settings.RunnerUpRatio*top {
			r.RunnerUp = chs[order[1]]
		}
		r.Confidence = round2(top / (top + second) * (1 - math.Exp(-top/1.5)))
	}
	return r
}

// noNeed reports a message that says it asks nothing (a word of the class
// noneed in classes.tsv: 特に用事はない, 話したかっただけ, 返事はいらない)
// and makes no request (class request) outside such a phrase or taken back
// (相談したいわけじゃない).
func (t *Triager) noNeed(s *scratch) bool {
	said := false
	for _, h := range s.hits {
		if t.m.pats[h.pat].kind == toNoNeed {
			said = true
			break
		}
	}
	if !said {
		return false
	}
	for _, h := range s.hits {
		if t.m.pats[h.pat].kind != toRequest || t.insideNoNeed(s, h) {
			continue
		}
		if neg, _ := t.mods.negatedEvent(s.doc.Tokens, h.from, h.to); !neg {
			return false
		}
	}
	return true
}

// insideNoNeed reports a hit overlapping a phrase of the class noneed.
func (t *Triager) insideNoNeed(s *scratch, h hit) bool {
	for _, o := range s.hits {
		if t.m.pats[o.pat].kind == toNoNeed && o.b0 < h.b1 && h.b0 < o.b1 {
			return true
		}
	}
	return false
}

// topicOnly reports a one-sentence message that only announces its topic
// (手帳のことで, バイトのことなんですけど, ヘルパーさんのことで聞きたい): a
// topic marker within Settings.TopicLead words of the start (母の介護のことで
// names a topic, 大家さんからの請求と片付けのことで相談したい already a need) and no channel word
// after it.
func (t *Triager) topicOnly(s *scratch) bool {
	if len(s.clauses) == 0 || s.clauses[0].sentence != s.clauses[len(s.clauses)-1].sentence {
		return false
	}
	end := -1
	for _, h := range s.hits {
		if t.m.pats[h.pat].kind == toTopic && float64(h.from) <= t.settings.TopicLead {
			end = h.to
			break
		}
	}
	if end < 0 {
		return false
	}
	for _, f := range s.found {
		if t.entries[f.entry].kind == toChannel && f.from >= end {
			return false
		}
	}
	return true
}

// bareTopic reports a message that is nothing but the name of a general
// topic (class bare: しょうがい, こそだて, ボランティア): it names no need
// yet, like 手帳のことで (README-dev38).
func (t *Triager) bareTopic(s *scratch) bool {
	first, last := -1, -1
	for i, tk := range s.doc.Tokens {
		if tk.POS != "記号" && !punctOnly(tk.Surface) {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return false
	}
	for _, h := range s.hits {
		if t.m.pats[h.pat].kind == toBare && h.from <= first && h.to > last {
			return true
		}
	}
	return false
}

// punctOnly reports a token of punctuation and symbols only (Kagome tags
// ASCII ? and ! as nouns).
func punctOnly(w string) bool {
	for _, r := range w {
		if !unicode.IsPunct(r) && !unicode.IsSymbol(r) && !unicode.IsSpace(r) {
			return false
		}
	}
	return w != ""
}

func cmpDesc(a, b float64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }
