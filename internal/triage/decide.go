package triage

import (
	"math"
	"slices"
	"unicode"

	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/nlp"
)

var channelIndex = func() map[consult.Channel]int {
	m := map[consult.Channel]int{}
	for i, c := range consult.Channels() {
		m[c] = i
	}
	return m
}()

var crisisOrder = consult.Crises()

// violenceIndex is the place of violence in crisisOrder.
var violenceIndex = slices.Index(crisisOrder, consult.Violence)

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
		if f.homophone {
			ev.Term = homophoneTerm(s, f, e.term)
			if ev.Note == "" {
				ev.Note = NoteHomophone
			}
		}
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
	// Violence may be told with less than the threshold beside the wound
	// it caused (今オカンに灰皿投げられて頭から血): 0.7 of it names the cause.
	// Not self-harm: 包丁で指を深く切った is an accident.
	if best >= 0 && crisisOrder[best] == consult.Medical && crScore[violenceIndex] >= 0.7*t.settings.CrisisMin {
		best = violenceIndex
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
	// Thanks, a greeting or venting that says it asks nothing, or a topic
	// announced with no need yet (母の介護のことで…): the bot asks what
	// would help instead of guessing from its topic words, and the learned
	// fallback does not guess either (s.asked).
	s.asked = r.Crisis == consult.NoCrisis && r.Urgency == consult.Normal && (t.noNeed(s) || t.topicOnly(s) || t.introOnly(s) || t.bareTopic(s))
	switch {
	case lang != LangJapanese && (r.Crisis == consult.Medical || r.Crisis == consult.Fire):
		// A collapse or a fire told in another language goes to 119 first;
		// no channel is offered (a guess from 孩子 or 옆집 would mislead).
	case top < min:
	case s.asked:
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

// topicOnly reports a message that only announces its topic (手帳のことで,
// バイトのことなんですけど, ヘルパーさんのことで聞きたい): a topic marker
// within Settings.TopicLead words of the start of the last sentence (母の介護
// のことで names a topic, 大家さんからの請求と片付けのことで相談したい already
// a need), no channel word after it, and before that sentence at most
// introductions of the writer (ケアマネです。利用者さんの件でご相談です).
func (t *Triager) topicOnly(s *scratch) bool {
	n := len(s.clauses)
	if n == 0 {
		return false
	}
	last := s.clauses[n-1].sentence
	start := 0 // the first token of the last sentence
	for k := n - 1; k >= 0 && s.clauses[k].sentence == last; k-- {
		start = s.clauses[k].from
	}
	end := -1
	for _, h := range s.hits {
		if t.m.pats[h.pat].kind == toTopic && h.from >= start && float64(h.from-start) <= t.settings.TopicLead {
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
	// Earlier sentences must each introduce the writer.
	from := 0
	for k := 0; k < n && s.clauses[k].sentence != last; k++ {
		if k+1 < n && s.clauses[k+1].sentence == s.clauses[k].sentence {
			continue
		}
		if !introduction(s.doc.Tokens[from:s.clauses[k].to]) && !t.greeting(s, from, s.clauses[k].to) {
			return false
		}
		from = s.clauses[k].to
	}
	return true
}

// introOnly reports a message whose channel words all stand in or before
// the writer's self-introduction in its first sentence (class intro:
// ケアマネです。ご相談したいケースがあります, 民生委員をしている者です。担当
// のお宅のことで): a professional's role is not yet the need (README-dev28),
// or all stand inside a question about the service itself (class service:
// 相談ってお金かかりますか, whose お金 is no money trouble).
func (t *Triager) introOnly(s *scratch) bool {
	end := -1
	service := false
	for _, h := range s.hits {
		switch k := t.m.pats[h.pat].kind; {
		case k == toIntro && end < 0 && s.clauses[s.clauseOf[h.from]].sentence == 0:
			end = h.to
		case k == toService:
			service = true
		}
	}
	if end < 0 && !service {
		return false
	}
	for _, f := range s.found {
		e := &t.entries[f.entry]
		if e.kind != toChannel || e.weight*f.factor <= 0 {
			continue
		}
		if f.from >= 0 && f.from < end && f.to <= end || t.inService(s, f) {
			continue
		}
		return false
	}
	return true
}

// introduction reports a short sentence that says who the writer is: a noun
// and です, at most introWords words, with no subject or topic particle but
// after 私 (ケアマネです, 私は大家です, 民生委員をしている者です — not 母が認知症です).
func introduction(toks []nlp.Token) bool {
	words, desu, pronoun := 0, false, false
	for _, tk := range toks {
		if tk.POS == "記号" {
			continue
		}
		words++
		if words > introWords || !pronoun && tk.POS == "助詞" && (tk.Base == "が" || tk.Base == "は" || tk.Base == "も") {
			return false
		}
		desu = tk.Base == "です" && words > 1
		pronoun = tk.POS2 == "代名詞" // 私は is the writer
	}
	return desu
}

// greeting reports a short sentence (at most introWords words) of tokens
// from…to in which no lexicon entry was found: はじめまして, すみません.
func (t *Triager) greeting(s *scratch, from, to int) bool {
	words := 0
	for _, tk := range s.doc.Tokens[from:to] {
		if tk.POS != "記号" {
			words++
		}
	}
	if words > introWords {
		return false
	}
	for _, f := range s.found {
		if f.from >= from && f.from < to {
			return false
		}
	}
	return true
}

// inService reports a found entry within a hit of the class service.
func (t *Triager) inService(s *scratch, f found) bool {
	for _, h := range s.hits {
		if t.m.pats[h.pat].kind == toService && f.from >= h.from && f.to <= h.to {
			return true
		}
	}
	return false
}

// bareTopic reports a message that is nothing but the name of a general
// topic (class bare: しょうがい, こそだて, ボランティア): it names no need
// yet, like 手帳のことで (README-dev38).
func (t *Triager) bareTopic(s *scratch) bool {
	if !slices.ContainsFunc(s.single, func(i int) bool { return t.m.pats[s.hits[i].pat].kind == toBare }) {
		return false // the common case, found without reading the tokens
	}
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

// introWords is the length of the longest introduction (民生委員 を し て いる 者 です).
const introWords = 8

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
