package triage

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/nlp"
)

// modifiers are the words that change what a term counts for: negation,
// distant past, hypotheticals and whom a clause is about (modifiers.tsv).
type modifiers struct {
	negation map[string]bool // dictionary forms that negate (ない, ぬ, へん …)
	light    map[string]bool // light predicates a noun's negation goes through (困る, 心配)
	fine     map[string]bool // predicates that cancel a noun (大丈夫)
	absent   map[string]bool // dialect verbs read as the adjective ない after a noun (金ねぐ)
	m        *matcher        // phrase cues
	kinds    []string        // by phrase cue id: past, present, hypothetical, about:*
}

var modKinds = map[string]bool{
	"negation": true, "absent": true, "light": true, "fine": true, "past": true, "recent": true, "weeks": true, "later": true, "present": true, "hypothetical": true,
	"fiction": true, "hedge": true, "settled": true, "animal": true, "habit": true, "pattern": true, "distant": true, "about:self": true, "about:family": true, "about:neighbour": true, "about:other": true,
}

func loadModifiers(an *nlp.Analyzer, fsys fs.FS, voc *vocab) (*modifiers, error) {
	mo := &modifiers{negation: map[string]bool{}, absent: map[string]bool{}, light: map[string]bool{}, fine: map[string]bool{}, m: newMatcher(voc, false)}
	recs, err := nlp.ReadTSV(fsys, modifiersFile, "term", "kind")
	if errors.Is(err, fs.ErrNotExist) {
		return mo, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load modifiers: %w", err)
	}
	for _, r := range recs {
		term, kind := r.Fields[0], r.Fields[1]
		if term == "" || !modKinds[kind] {
			return nil, fmt.Errorf("load modifiers: %s:%d: want a term and a kind (%s)", modifiersFile, r.Line, kindList())
		}
		switch kind {
		case "negation", "absent", "light", "fine":
			set := map[string]map[string]bool{"negation": mo.negation, "absent": mo.absent, "light": mo.light, "fine": mo.fine}[kind]
			for _, t := range an.Analyze(term).Tokens {
				set[t.Base] = true
				set[t.Key] = true
			}
		default:
			if !mo.m.add(an, term, len(mo.kinds), 0) {
				return nil, fmt.Errorf("load modifiers: %s:%d: term %q has no word", modifiersFile, r.Line, term)
			}
			mo.kinds = append(mo.kinds, kind)
		}
	}
	return mo, nil
}

func kindList() string {
	ks := make([]string, 0, len(modKinds))
	for k := range modKinds {
		ks = append(ks, k)
	}
	return strings.Join(ks, ", ")
}

// dialectNegation rewrites negations Kagome reads as verbs (Tohoku 入れなぐ,
// 仕事ねぐて, 金もねがった) as the ない they are: a "negation" verb after a
// verb's 未然形 or 連用形 becomes the auxiliary, an "absent" verb after a
// noun or a particle the adjective. Done before matching, so 金+ない and
// negated terms see them as any ない.
func (mo *modifiers) dialectNegation(toks []nlp.Token) {
	for i := 1; i < len(toks); i++ {
		t := &toks[i]
		if t.POS != "動詞" || !mo.negation[t.Base] && !mo.absent[t.Base] {
			continue
		}
		prev := toks[i-1]
		switch {
		case mo.negation[t.Base] && prev.POS == "動詞" && (prev.Form == "未然形" || prev.Form == "連用形"):
			t.POS, t.POS2 = "助動詞", "*"
		case mo.absent[t.Base] && (prev.POS == "名詞" || prev.POS == "助詞"):
			t.POS, t.POS2 = "形容詞", "自立"
		default:
			continue
		}
		t.Base, t.Key = negBase, negBase
		t.Rewrite()
	}
}

// clause is a stretch of tokens that modifiers apply to.
type clause struct {
	from, to      int
	sentence      int
	past, present bool
	recent        bool // yesterday, the other day: violence and fire are over, harm still urgent
	weeks         bool // last month: every crisis is over, harm still urgent
	later         bool // next month, next year: not within days, so not urgent
	hypothetical  bool
	fiction       bool // drills, dramas, news: crisis words there are not real
	hedge         bool // ようです, らしい: hearsay, so violence is suspected, not seen
	ifThreat      bool // a threat after an if (別れたら…火つけるぞ): no crisis yet, still urgent
	live          bool // hearsay told as happening now (いま…殴られてるって): a crisis all the same
	animal        bool // 猫が, インコが: a pet's emergency is no medical one
	habit         bool // 口癖: a wish said by habit, no suicide crisis now
	about         consult.Subject
}

// conditional reports a token that makes its clause a hypothetical
// (…たら, …れば, …なら).
func conditional(t nlp.Token) bool {
	// A verb's 仮定形 is conditional only before ば (行けば), which counts
	// itself; alone it is an imperative Kagome did not tell apart (出ていけ).
	// So is ぬ's (食わねば): alone, its ね is the dialect's ない (飯食わねで).
	return t.Form == "仮定形" && t.POS != "動詞" && !(t.POS == "助動詞" && t.Base == "ぬ") || (t.POS == "助詞" && t.POS2 == "接続助詞" && t.Base == "ば")
}

// politeConditional are forms whose conditional is a request or a
// question, not a hypothetical: 教えていただければ, どうすればいい.
var politeConditional = map[string]bool{
	"いただく": true, "頂く": true, "もらう": true, "もらえる": true, "くださる": true, "下さる": true,
	"いい": true, "よい": true, "良い": true, "ええ": true, "幸い": true, "助かる": true,
	"うれしい": true, "嬉しい": true, "ありがたい": true, "有難い": true,
}

// hypotheticalAt reports a conditional at token i that makes its clause a
// hypothetical (もし…たら, …れば, …場合), leaving out polite requests and
// "what should I do" questions.
func hypotheticalAt(toks []nlp.Token, i int) bool {
	t := toks[i]
	if t.POS == "名詞" && t.Base == "場合" {
		return true
	}
	if !conditional(t) || nounBa(toks, i) || mustAt(toks, i) {
		return false
	}
	if politeConditional[t.Base] {
		return false
	}
	for j := i + 1; j < len(toks) && j <= i+2; j++ {
		if politeConditional[toks[j].Base] {
			return false
		}
	}
	for j := i - 1; j >= 0 && j >= i-2; j-- {
		if politeConditional[toks[j].Base] {
			return false
		}
	}
	// どうやったら, どうしたら: a how-question, no hypothetical.
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		if b := toks[j].Base; b == "どう" || b == "どうやって" {
			return false
		}
	}
	return !temporalTara(toks, i)
}

// temporalTara reports a …たら that tells what happened, not an if: its
// sentence ends in a verb in the past and has no もし (遺書を書き終えたら、
// 少し気持ちが楽になった; 帰ったら父が倒れていた). Not …と思ったら or a
// sentence ending in でした/だった: those tell that it was something else
// (煙が出てると思ったら焚き火だった, 119番したら焼き芋屋さんでした), and the
// たら clause stays discounted.
func temporalTara(toks []nlp.Token, i int) bool {
	if toks[i].Surface != "たら" && toks[i].Surface != "だら" || toks[i].POS != "助動詞" || i == 0 || toks[i-1].Base == "思う" {
		return false
	}
	for j := i - 1; j >= 0 && !sentenceEnd(toks[j]); j-- {
		if b := toks[j].Base; b == "もし" || b == "もしも" {
			return false
		}
	}
	last := -1
	for j := i + 1; j < len(toks) && !sentenceEnd(toks[j]); j++ {
		if p := toks[j].POS; p == "動詞" || p == "助動詞" || p == "形容詞" || p == "助詞" && toks[j].POS2 == "終助詞" {
			last = j
		}
	}
	if last < 1 || toks[last].POS != "助動詞" || toks[last].Base != "た" || toks[last].Surface != "た" {
		return false
	}
	b := toks[last-1].Base
	return b != "です" && b != "だ"
}

// mustAt reports the conditional of a must (生活しなければならない,
// 行かなければいけない, 出なけりゃあかん): a negation, ば, then a word of
// obligation — not an if.
func mustAt(toks []nlp.Token, i int) bool {
	k := i
	if toks[k].Form == "仮定形" && k+1 < len(toks) && toks[k+1].Base == "ば" {
		k++
	}
	if k == 0 || k+1 >= len(toks) {
		return false
	}
	neg := toks[k-1]
	if toks[k].Base != "ば" || neg.Form != "仮定形" || !negBases[neg.Base] {
		return false
	}
	switch toks[k+1].Base {
	case "なる", "いける", "いけない", "だめ", "ダメ", "あかん", "いかん":
		return true
	}
	return false
}

// clauseEnd reports a token after which a new clause starts: punctuation,
// adversative and causal conjunctive particles, conditionals.
func clauseEnd(t nlp.Token) bool {
	switch t.POS {
	case "記号":
		return t.POS2 == "句点" || t.POS2 == "読点" || t.POS2 == "括弧閉" || t.POS2 == "空白" || t.POS2 == "一般"
	case "助詞":
		if t.POS2 == "接続助詞" {
			switch t.Base {
			case "て", "で", "ながら", "つつ":
				return false
			}
			return true
		}
	}
	return conditional(t) || hasStop(t.Surface)
}

// nounBa reports a ば right after a noun: the object marker of 東北弁
// (母ちゃんば殴んだ), which Kagome reads as the conditional ば.
func nounBa(toks []nlp.Token, i int) bool {
	return toks[i].Base == "ば" && toks[i].POS == "助詞" && i > 0 && toks[i-1].POS == "名詞"
}

// quoteGoesOn reports a closing quote followed by と or って: the quoted
// words belong to the clause that reports them («死にたい」ってスタンプを
// 冗談で送ってくる, 「死にたい」と言われたときの聞き方の講座).
func quoteGoesOn(toks []nlp.Token, i int) bool {
	if !strings.HasSuffix(toks[i].Surface, "」") && !strings.HasSuffix(toks[i].Surface, "』") || i+1 >= len(toks) {
		return false
	}
	n := toks[i+1]
	return n.POS == "助詞" && (n.Base == "と" || n.Base == "って" || n.Base == "が" || n.Base == "は")
}

// experiential marks a clause telling what has happened before, …たことが
// ある (殴られて鼻血が出たことも何度もあります): a crisis then is over, as
// last month's, while harm from it is still urgent.
//
// A verb in its plain form with ことがあった tells what used to happen
// (『消えたい』と思うことがあったけど、今年は落ち着いてる): over as well. With
// ことがある it still happens, and stays now.
func experiential(s *scratch, toks []nlp.Token) {
	for i := 1; i < len(toks); i++ {
		if toks[i].Base != "こと" {
			continue
		}
		done := toks[i-1].Base == "た" && toks[i-1].POS == "助動詞"
		used := toks[i-1].POS == "動詞" && toks[i-1].Form == "基本形"
		if !done && !used {
			continue
		}
		for j := i + 1; j < len(toks) && j <= i+6; j++ {
			if toks[j].Base == "ある" && toks[j].POS == "動詞" {
				if used && !pastAfter(toks, j) {
					break
				}
				if c := &s.clauses[s.clauseOf[i]]; !c.present {
					c.weeks = true
				}
				break
			}
		}
	}
}

// pastAfter reports the verb toks[j] told in the past: た right after it,
// or after ます (あった, ありました).
func pastAfter(toks []nlp.Token, j int) bool {
	for k := j + 1; k < len(toks) && k <= j+2; k++ {
		switch {
		case toks[k].Base == "た" && toks[k].POS == "助動詞":
			return true
		case toks[k].Base == "ます" && toks[k].POS == "助動詞":
			continue
		default:
			return false
		}
	}
	return false
}

// elapsed marks a clause telling how long ago a death was, a death verb in
// the て form and then a span of time that has passed (自ら命を絶って一年が
// たちました, 自殺して3か月が経ちます, 死んで二年になる): the event is over,
// as last month's. Only a death (deathVerbs): 死にたいと思って一年になる
// is a wish that goes on.
func elapsed(s *scratch, toks []nlp.Token) {
	for i := 1; i+2 < len(toks); i++ {
		if t := toks[i]; t.POS != "助詞" || t.Base != "て" && t.Base != "で" || !deathVerb(toks, i-1) {
			continue
		}
		span := false
		j := i + 1
		for ; j < len(toks) && j <= i+4; j++ {
			t := toks[j]
			if t.POS != "名詞" || !(t.POS2 == "数" || spanWords[t.Base]) {
				break
			}
			span = span || spanWords[t.Base]
		}
		if j < len(toks) && toks[j].POS == "助詞" && (toks[j].Base == "が" || toks[j].Base == "に") {
			j++
		}
		if !span || j >= len(toks) || toks[j].POS != "動詞" || toks[j].Base != "たつ" && toks[j].Base != "経つ" && toks[j].Base != "なる" {
			continue
		}
		if c := &s.clauses[s.clauseOf[i]]; !c.present {
			c.weeks = true
		}
	}
}

// overByForm marks a clause that tells its event as over by its form: a
// verb with かけた, what nearly happened (溺れかけた子を助けてくれた, 死に
// かけた; 死にかけている is now), and a noun with のあとの or の後の, what
// comes after it (火災のあとの片付け, 事故の後の手続き; おやつのあと全身に
// じんましん is now). Over as last month's: harm left is still urgent.
func overByForm(s *scratch, toks []nlp.Token) {
	for i := 1; i+1 < len(toks); i++ {
		t := toks[i]
		nearly := t.Base == "かける" && t.POS == "動詞" && t.POS2 == "非自立" && toks[i-1].POS == "動詞" &&
			toks[i+1].Base == "た" && toks[i+1].POS == "助動詞"
		after := t.Base == "の" && t.POS == "助詞" && toks[i-1].POS == "名詞" &&
			(toks[i+1].Base == "あと" || toks[i+1].Base == "後") && toks[i+1].POS == "名詞" &&
			i+2 < len(toks) && toks[i+2].Base == "の" && toks[i+2].POS == "助詞"
		if !nearly && !after {
			continue
		}
		if c := &s.clauses[s.clauseOf[i]]; !c.present {
			c.weeks = true
		}
	}
}

// spanWords are the counters and nouns of a span of time.
var spanWords = map[string]bool{"年": true, "か月": true, "ヶ月": true, "カ月": true, "ヵ月": true, "月": true, "週間": true, "日": true, "半年": true, "年半": true}

// deathVerbs die; する counts after 自殺, 他界 or 自死.
var deathVerbs = map[string]bool{"死ぬ": true, "亡くなる": true, "絶つ": true, "逝く": true}

func deathVerb(toks []nlp.Token, i int) bool {
	t := toks[i]
	if t.POS != "動詞" {
		return false
	}
	if deathVerbs[t.Base] {
		return true
	}
	return t.Base == "する" && i > 0 && (toks[i-1].Base == "自殺" || toks[i-1].Base == "他界" || toks[i-1].Base == "自死")
}

// sentenceEnd reports a token that ends a sentence.
func sentenceEnd(t nlp.Token) bool {
	return t.POS == "記号" && t.POS2 == "句点" || hasStop(t.Surface)
}

// hasStop is strings.ContainsAny(s, "\n!?。") for valid UTF-8, byte by
// byte: ContainsAny with a non-ASCII set looks every rune of s up in it,
// which for each token of a message was a tenth of the clause split.
func hasStop(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\n', '!', '?':
			return true
		case "。"[0]:
			if strings.HasPrefix(s[i:], "。") {
				return true
			}
		}
	}
	return false
}

// scopes splits d into clauses and applies the phrase cues of mo.
func (mo *modifiers) scopes(an *nlp.Analyzer, d *nlp.Doc, s *scratch) {
	toks := d.Tokens
	s.clauses = s.clauses[:0]
	s.clauseOf = s.clauseOf[:0]
	start, sentence := 0, 0
	for i, t := range toks {
		s.clauseOf = append(s.clauseOf, int32(len(s.clauses)))
		end := i == len(toks)-1 || clauseEnd(t) && !quoteGoesOn(toks, i) && !nounBa(toks, i)
		if hypotheticalAt(toks, i) {
			// the clause so far is hypothetical; mark below
			s.condAt = append(s.condAt, int32(len(s.clauses)))
		}
		if end {
			s.clauses = append(s.clauses, clause{from: start, to: i + 1, sentence: sentence})
			start = i + 1
			if sentenceEnd(t) {
				sentence++
			}
		}
	}
	for _, c := range s.condAt {
		s.clauses[c].hypothetical = true
		// 別れたら家に火つけるぞ: the threat that follows an if waits on
		// the if (urgent, not a crisis now).
		if k := int(c) + 1; k < len(s.clauses) && s.clauses[k].sentence == s.clauses[c].sentence && threat(toks, s.clauses[k]) {
			s.clauses[k].ifThreat = true
		}
	}
	s.condAt = s.condAt[:0]
	sk := sink{hits: s.modHits[:0]}
	mo.m.scan(an, d, s.ids, &sk) // nothing is deferred here
	s.modHits = sk.hits
	s.settled, s.distant = false, false
	mo.apply(s, toks)
	experiential(s, toks)
	liveReports(s, toks)
	elapsed(s, toks)
	overByForm(s, toks)
	// A distant past reaches to the end of its sentence unless "now" comes
	// back (10年前、…死にたいと思っていた時期がありました).
	for k := 1; k < len(s.clauses); k++ {
		c, prev := &s.clauses[k], s.clauses[k-1]
		if prev.past && !prev.present && c.sentence == prev.sentence && !c.present {
			c.past = true
		}
		if prev.recent && !prev.present && c.sentence == prev.sentence && !c.present {
			c.recent = true
		}
		if prev.weeks && !prev.present && c.sentence == prev.sentence && !c.present {
			c.weeks = true
		}
	}
}

// liveReports marks hedged clauses whose hearsay is told as happening
// now: a word for now in the clause or in the next clause of its sentence
// (いま店の裏で殴られてるって知らせに来た; 首絞められてるって電話してきた、
// 今も後ろで怒鳴り声). Rumour (殴られてるって噂) has no such word.
func liveReports(s *scratch, toks []nlp.Token) {
	for k := range s.clauses {
		c := &s.clauses[k]
		if !c.hedge {
			continue
		}
		c.live = nowIn(toks, *c) || k+1 < len(s.clauses) && s.clauses[k+1].sentence == c.sentence && nowIn(toks, s.clauses[k+1])
	}
}

// nowIn reports a word for this moment in clause c: 今, いま, ただいま,
// 現在, 今まさに; not 今まで (until now) or 今度 (next time).
func nowIn(toks []nlp.Token, c clause) bool {
	for i := c.from; i < c.to; i++ {
		t := toks[i]
		if !liveWords[t.Base] || t.POS != "名詞" && t.POS != "副詞" {
			continue
		}
		if i+1 < len(toks) && (toks[i+1].Base == "まで" || toks[i+1].Base == "度") {
			continue
		}
		return true
	}
	return false
}

var liveWords = map[string]bool{"今": true, "いま": true, "ただいま": true, "只今": true, "現在": true, "今まさに": true}

// whatBefore reports 何 (なに) within the three tokens before i.
func whatBefore(toks []nlp.Token, i int) bool {
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		if b := toks[j].Base; b == "何" || b == "なに" || b == "なん" {
			return true
		}
	}
	return false
}

// threat reports a clause said as a threat: it ends in ぞ or からな, or
// its verb takes てやる (殺すぞ, 火をつけてやる, ただじゃおかないからな).
func threat(toks []nlp.Token, c clause) bool {
	for i := c.from; i < c.to; i++ {
		t := toks[i]
		switch {
		case t.POS == "助詞" && t.Base == "ぞ":
			return true
		case t.Base == "やる" && t.POS2 == "非自立" && i > 0 && toks[i-1].Base == "て":
			return true
		case t.Base == "な" && t.POS == "助詞" && i > 0 && toks[i-1].Base == "から":
			return true
		}
	}
	return false
}

// since reports a time cue followed by から: 昔から, 先月から, 昨日から
// mean "since then", which is now.
func since(toks []nlp.Token, h hit) bool { return h.to < len(toks) && toks[h.to].Base == "から" }

// apply sets clause flags from the phrase cues found.
func (mo *modifiers) apply(s *scratch, toks []nlp.Token) {
	for _, h := range s.modHits {
		c := &s.clauses[s.clauseOf[h.from]]
		switch k := mo.kinds[mo.m.pats[h.pat].entry]; k {
		case "past":
			// 昔から… means "ever since", which is now.
			if since(toks, h) {
				continue
			}
			// この前は is the other day (recent), not 前は (before).
			if mo.insideLonger(s, h) {
				continue
			}
			c.past = true
		case "weeks":
			// 先月から… means "since last month", which is now.
			if since(toks, h) {
				continue
			}
			c.weeks = true
		case "recent":
			// 昨日から… means "since yesterday", which is now.
			if since(toks, h) {
				continue
			}
			c.recent = true
		case "later":
			c.later = true
		case "present":
			c.present = true
		case "hypothetical":
			c.hypothetical = true
		case "fiction":
			// 冗談じゃなく, 冗談抜きで, 夢ではない: it is real after all.
			if fictionDenied(toks, h.to) {
				continue
			}
			c.fiction = true
		case "hedge":
			// ナイフみたいなの: a likeness of a thing, no hearsay
			if h.from > 0 && toks[h.from-1].POS == "名詞" && h.to < len(toks) && (toks[h.to].Surface == "な" || toks[h.to].Surface == "の") {
				continue
			}
			// 自分が何するかわからない: not knowing what one will do is no
			// hearsay.
			if whatBefore(toks, h.from) {
				continue
			}
			c.hedge = true
		case "settled":
			// 落ち着いていない, まだ消えない: not over.
			if !mo.negated(toks, h.from, h.to) && !corrected(toks, h.to) {
				s.settled = true
			}
		case "habit":
			c.habit = true
			habitQuotes(s, toks, c.sentence)
		case "pattern":
			// 酒を飲むと物を投げる: told as a pattern. No word counts less
			// (いま殴られてる in the same clause is a crisis); only the
			// learned crisis model, which cannot weigh it, stays silent.
		case "distant":
			// うちは大丈夫じゃない: not safe after all.
			if !mo.negated(toks, h.from, h.to) && !corrected(toks, h.to) {
				s.distant = true
			}
		case "animal":
			// only as the subject (猫が倒れて), not 犬の散歩中に倒れた
			if h.to < len(toks) && (toks[h.to].Base == "が" || toks[h.to].Base == "は" || toks[h.to].Base == "も") {
				c.animal = true
				// ねこが いき してない: a space after the subject ends the
				// clause but not what is said of the pet.
				k := int(s.clauseOf[h.from])
				if h.to+2 == c.to && space(toks[h.to+1]) && k+1 < len(s.clauses) {
					s.clauses[k+1].animal = true
				}
			}
		default:
			if c.about == consult.SubjectUnknown || c.about == consult.SubjectSelf {
				c.about = consult.Subject(strings.TrimPrefix(k, "about:"))
			}
		}
	}
}

// habitQuotes marks as said by habit the clauses inside a quote that
// starts or ends in sentence: the pet phrase a 口癖 cue names stands in
// quotes before or after it, and a から inside (「もう死ぬんだがら」って
// 口ぐせ, 口ぐせが『俺が死んだら保険金で…』) splits it into clauses of its
// own. Words outside the quotes keep their weight.
func habitQuotes(s *scratch, toks []nlp.Token, sentence int) {
	open := -1
	for i, t := range toks {
		if open < 0 && (strings.Contains(t.Surface, "「") || strings.Contains(t.Surface, "『")) {
			open = i
			continue
		}
		if open < 0 || !strings.Contains(t.Surface, "」") && !strings.Contains(t.Surface, "』") {
			continue
		}
		if s.clauses[s.clauseOf[open]].sentence == sentence || s.clauses[s.clauseOf[i]].sentence == sentence {
			for k := s.clauseOf[open]; k <= s.clauseOf[i]; k++ {
				s.clauses[k].habit = true
			}
		}
		open = -1
	}
}

// insideLonger reports a cue inside a longer cue of another kind (前は in
// この前は): the longer one says what the clause is.
func (mo *modifiers) insideLonger(s *scratch, h hit) bool {
	k := mo.kinds[mo.m.pats[h.pat].entry]
	for _, o := range s.modHits {
		if o.from <= h.from && h.to <= o.to && o.to-o.from > h.to-h.from && mo.kinds[mo.m.pats[o.pat].entry] != k {
			return true
		}
	}
	return false
}

// fictionDenied reports a fiction cue denied by what follows it at token
// i: じゃ(ない), では(ない), 抜きで, なしで.
func fictionDenied(toks []nlp.Token, i int) bool {
	if i >= len(toks) {
		return false
	}
	t := toks[i]
	switch {
	case t.Surface == "ちゃう":
		return true
	case t.Base == "抜き" || t.Base == "抜く" || t.Surface == "ぬき" || t.Surface == "なし":
		return true
	case t.Surface == "じゃ" || t.Surface == "じゃあ":
		return negationAt(toks, i+1) // not ドラマじゃ人が死んでた
	case t.Surface == "で" && i+1 < len(toks) && toks[i+1].Surface == "は":
		return negationAt(toks, i+2) // not ドラマでは火事で
	}
	return false
}

// negationAt reports a ない (なく, なかった, ありません) at token i.
func negationAt(toks []nlp.Token, i int) bool {
	if i >= len(toks) {
		return false
	}
	if b := toks[i].Base; b == "ない" || b == "ねえ" || b == "ある" && i+2 < len(toks) && toks[i+2].Base == "ん" {
		return true
	}
	return false
}

// aboutOf says whom the clause of token i is about: a cue in the clause, or
// the nearest one before it in the same sentence.
func aboutOf(s *scratch, i int) consult.Subject {
	c := int(s.clauseOf[i])
	if a := s.clauses[c].about; a != "" {
		return a
	}
	for k := c - 1; k >= 0 && s.clauses[k].sentence == s.clauses[c].sentence; k-- {
		if a := s.clauses[k].about; a != "" {
			return a
		}
	}
	return ""
}

// negated reports whether the term at tokens [from, to) is negated:
// 死にたくない, 困っていない, 死にたいとは思わない, or for a noun, お金には
// 困っていない, 介護の心配はない, お金は大丈夫.
func (mo *modifiers) negated(toks []nlp.Token, from, to int) bool {
	neg, _ := mo.negatedEvent(toks, from, to)
	return neg
}

// negatedEvent is negated, and says whether the negation goes through
// …たことはない or …たりはしていない: the event is denied (no harm, no
// crisis), while what it is about still tells the channel
// (夫に手をあげられたことはない is still about a partner's violence).
func (mo *modifiers) negatedEvent(toks []nlp.Token, from, to int) (neg, event bool) {
	last := toks[to-1]
	noun := last.POS == "名詞" || last.POS == "接頭詞"
	light := false
	prev := last // the token before t, degree adverbs left out
	tari := false
	// 火事ではない, 火事じゃありません: a noun denied through the copula
	// (not お金はない, which is an absence), unless asked (火事じゃないか).
	copula := noun && to+1 < len(toks) && (toks[to].Surface == "で" && toks[to+1].Base == "は" || toks[to].Surface == "じゃ" || toks[to].Surface == "じゃあ")
	for j := to; j < len(toks) && j < to+10; j++ {
		t := toks[j]
		if t.POS == "副詞" && degreeAdverb[t.Base] {
			// 死にたいとかは全然ない, 困ってはまったくいない
			continue
		}
		if j > to {
			prev = toks[j-1]
			if prev.POS == "副詞" && degreeAdverb[prev.Base] {
				prev = toks[j-2]
			}
		}
		if mo.negation[t.Base] && !explanatoryN(toks, j, prev) && (t.POS == "助動詞" || t.POS == "形容詞" && j > to && afterStem(prev) && (!noun || light)) {
			if obligation(toks, j) || request(toks, j) {
				return false, false
			}
			if copula && !light {
				return !question(toks, j+1), event
			}
			return !noun || light, event
		}
		if copula && t.POS == "動詞" && t.Base == "ある" && j+2 < len(toks) && toks[j+1].Base == "ます" && toks[j+2].Base == "ん" {
			return !question(toks, j+3), event
		}
		switch {
		case noun && !light && mo.light[t.Base]:
			light = true
		case noun && !light && mo.fine[t.Base]:
			return true, event
		case t.POS == "助動詞":
		case t.POS == "動詞" && (t.POS2 == "非自立" || t.POS2 == "接尾"):
		case t.POS == "形容詞" && t.POS2 == "非自立":
		case t.POS == "助詞" && t.Base == "しか":
			// 保険で返すしかない: "nothing but", not a denial
			return false, false
		case t.Base == "とか" || t.Base == "なんか":
			// 自殺とか考えてない, 死にたいとかじゃない
		case t.Surface == "じゃ" || t.Surface == "じゃあ":
			// 死にたいとかじゃ全然ない (Kagome: じゃ a conjunction)
		case t.POS == "連体詞" && thatKind[t.Base]:
			// 死にたいとかそういうことではない
		case !noun && t.POS == "名詞" && t.POS2 == "非自立" && (t.Base == "わけ" || t.Base == "訳"):
			// 死にたいわけではない: denied as is こと
			event = true
		case t.POS == "助詞" && (t.POS2 == "係助詞" || strings.HasPrefix(t.POS2, "副助詞") || t.POS2 == "格助詞" || t.POS2 == "連体化" || t.Base == "て" || t.Base == "で"):
			if t.POS2 == "格助詞" && !noun && t.Base != "と" && t.Base != "って" {
				return false, false
			}
		case t.POS == "動詞" && (t.Base == "思う" || t.Base == "考える"):
		case !noun && t.POS == "名詞" && t.POS2 == "非自立" && t.Base == "こと":
			// 手をあげられたことはない, 殴られることもない
			event = true
		case event && t.POS == "名詞" && (everWords[t.Base] || t.POS2 == "数" || t.POS2 == "接尾" && everCounters[t.Base]):
			// 殴られたことは一度もない, ことはこれまで一回もありません
		case t.POS == "助詞" && t.Base == "たり":
			// 殴られたりはしていない
			tari, event = true, true
		case tari && t.POS == "動詞" && t.Base == "する":
		case event && t.POS == "動詞" && t.Base == "ある" && j+2 < len(toks) && toks[j+1].Base == "ます" && toks[j+2].Base == "ん":
			// 殴られたことはありません: never, as ことはない
			return true, event
		case light && t.POS == "名詞" && t.POS2 == "サ変接続":
		default:
			return false, false
		}
	}
	return false, false
}

// question reports a か, かな, の or だろう at token i, after です or
// でしょう: 火事じゃないか asks, it does not deny.
func question(toks []nlp.Token, i int) bool {
	for ; i < len(toks); i++ {
		switch toks[i].Base {
		case "です", "だ", "でしょ", "でしょう", "だろ":
			continue
		case "か", "かな", "かしら", "の", "ん", "だろう", "う":
			return true
		}
		return toks[i].Surface == "？" || toks[i].Surface == "?"
	}
	return false
}

// everWords may stand between ことは and its negation without changing it
// (殴られたことは一度もない, これまで一回も = 殴られたことはない); a number
// may too, but not a positive ending (殴られたことは3回ある).
// thatKind are the words of "that kind of thing" that may stand between a
// term and its negation (死にたいとかそういうことではない).
var thatKind = map[string]bool{"そういう": true, "そんな": true, "こういう": true, "こんな": true}

var everWords = map[string]bool{"一度": true, "いちど": true, "一回": true, "いっかい": true, "いっぺん": true,
	"今": true, "いま": true, "これ": true, "今まで": true, "いままで": true}

// everCounters are the counters Kagome cuts off a number (一|度, 一|回).
var everCounters = map[string]bool{"度": true, "回": true, "遍": true}

// explanatoryN reports the ん of のだ after a dictionary form (手ぇ出すんよ,
// 寒いんよ, 行ったんや) or before だ after the stem of an ichidan verb
// (物投げんだ = 投げるんだ: the stem is also the form a negating ん
// follows, but ぬ is not followed by だ): the negating ん follows a stem
// (出さん, ありません, 投げん).
func explanatoryN(toks []nlp.Token, j int, prev nlp.Token) bool {
	t := toks[j]
	if t.Base != "ん" {
		return false
	}
	if prev.Form != "基本形" {
		return prev.POS == "動詞" && j+1 < len(toks) && toks[j+1].Surface == "だ" &&
			prev.Surface+"る" == prev.Base
	}
	return prev.POS == "動詞" || prev.POS == "形容詞" || prev.POS == "助動詞" && prev.Base != "ます"
}

// degreeAdverb are adverbs that may stand between a term and its
// negation without changing it (全然ない, まったくない, 別にない).
var degreeAdverb = map[string]bool{
	"全然": true, "ぜんぜん": true, "全く": true, "まったく": true, "別に": true, "べつに": true,
	"特に": true, "とくに": true, "少しも": true, "ちっとも": true, "一切": true, "いっさい": true,
	"決して": true, "けっして": true, "絶対": true, "ぜったい": true,
}

// obligationNext are words after a negation that make it "must"
// (売らなあかん, 払わなければならない, 行かないと).
var obligationNext = map[string]bool{
	"あかん": true, "いける": true, "いけない": true, "なる": true, "だめ": true, "ダメ": true,
	"あく": true, "と": true, "きゃ": true, "ちゃ": true, "くちゃ": true, "ば": true, "ては": true,
}

func obligation(toks []nlp.Token, j int) bool {
	if toks[j].Form == "仮定形" {
		return true
	}
	return j+1 < len(toks) && obligationNext[toks[j+1].Base]
}

// requestVerbs are the verbs whose negative question asks a favour
// (使ってもらえないか, 来てくれないでしょうか, 何かできないか).
var requestVerbs = map[string]bool{
	"もらえる": true, "くれる": true, "いただける": true, "下さる": true, "くださる": true, "できる": true,
}

// request reports a negation j that only asks a favour: a request verb,
// the negation, then か (directly or after でしょう / だろう). The polite
// ます may stand between the verb and ん (役立ててもらえませんか).
func request(toks []nlp.Token, j int) bool {
	v := j - 1
	if v > 0 && toks[v].Base == "ます" && toks[j].Base == "ん" {
		v--
	}
	if v < 0 || !requestVerbs[toks[v].Base] {
		return false
	}
	for k := j + 1; k < len(toks) && k <= j+3; k++ {
		switch toks[k].Base {
		case "か":
			return true
		case "です", "だ", "う":
		default:
			return false
		}
	}
	return false
}

// afterStem reports a token after which an adjective ない negates
// (困っては|ない, 死にたく|ない, 心配は|ない).
func afterStem(t nlp.Token) bool {
	return t.POS == "助詞" && (t.POS2 == "係助詞" || t.Base == "て" || t.Base == "で") || t.Surface == "じゃ" || t.Surface == "じゃあ" ||
		t.Form == "連用テ接続" || strings.HasPrefix(t.Form, "連用")
}
