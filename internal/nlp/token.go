package nlp

import (
	"strings"

	"github.com/ikawaha/kagome-dict/ipa"
	"github.com/ikawaha/kagome/v2/tokenizer"
)

// Token is one morpheme of a normalised text.
type Token struct {
	// Surface is the text as written (after normalisation).
	Surface string
	// Base is the dictionary form with katakana folded to hiragana
	// (死に→死ぬ, ボケ→ぼけ); the surface when the dictionary has none.
	Base string
	// Key is the hiragana reading of the dictionary form (死に→しぬ), so
	// that a word written in kana matches the same word written in kanji.
	Key string
	// Reading is the hiragana reading of the surface (死に→しに).
	Reading string
	// POS and POS2 are the first two part-of-speech levels (動詞, 自立).
	POS, POS2 string
	// Form is the inflectional form (連用形 …) or "".
	Form string
	// Start and End are byte offsets in Doc.Text.
	Start, End int
	// Kana is set when the surface is written in kana only.
	Kana bool
	// User is set for a word of the user dictionary (see Analyzer.Subs).
	User bool
	// Unknown is set for a stretch the dictionaries do not know (Kagome
	// groups unknown kana runs, so word boundaries may fall inside it).
	Unknown bool
	id      int
	known   int32 // 1 + the IPA dictionary ID of a word of knownWord's cache, or 0
}

// Known returns the IPA dictionary ID of t's word, the same for every
// occurrence of the word (a key for caches of what a word is, below
// Analyzer.KnownWords), or −1 when t is some other token.
func (t Token) Known() int { return int(t.known) - 1 }

// Rewrite marks t as changed after analysis (its Base or POS rewritten):
// it no longer stands for its dictionary word, and Known returns −1.
func (t *Token) Rewrite() { t.known = 0 }

// Doc is an analysed message.
type Doc struct {
	// Text is the normalised message; token offsets point into it.
	Text   string
	Tokens []Token
	spans  []span
	b      strings.Builder
}

// span records where, in the per-document string buffer, the converted
// Base, Key and Reading of token i are (−1: use the raw string); cached:
// the token has its strings already (knownWord).
type span struct {
	base, key, reading [2]int
	cached             bool
}

// Analyze normalises and tokenizes text.
func (a *Analyzer) Analyze(text string) *Doc {
	d := &Doc{}
	a.AnalyzeInto(d, text)
	return d
}

// AnalyzeInto is Analyze reusing d's memory (for pools).
func (a *Analyzer) AnalyzeInto(d *Doc, text string) {
	a.analyze(d, a.tok, Normalize(text))
}

func (a *Analyzer) analyze(d *Doc, tok *tokenizer.Tokenizer, text string) {
	d.Text = text
	d.Tokens = d.Tokens[:0]
	d.spans = d.spans[:0]
	d.b = strings.Builder{} // grown by convert, for tokens not in the knownWord cache
	for _, kt := range tok.Tokenize(d.Text) {
		if kt.Surface == "" {
			continue
		}
		if kt.Class == tokenizer.UNKNOWN && a.katakanaVerb(d, tok, kt) {
			continue
		}
		if w := a.knownWord(kt); w != nil {
			t := Token{Surface: kt.Surface, Start: kt.Position, End: kt.Position + len(kt.Surface), Kana: w.kana,
				Base: w.base, Key: w.key, Reading: w.reading, POS: w.pos, POS2: w.pos2, Form: w.form, known: int32(kt.ID) + 1}
			d.spans = append(d.spans, span{cached: true})
			d.Tokens = append(d.Tokens, t)
			continue
		}
		a.addToken(d, kt)
	}
	d.resolve()
}

// katakanaVerb reads an unknown run of katakana that Kagome reads, in
// hiragana, as words ending in a verb, adjective or auxiliary (ナグラレタ
// is なぐら|れ|た, 殴られた; ﾄﾒﾗﾚﾀ is 止められた): phones that type only
// katakana write whole sentences so. The tokens keep the katakana surface
// and offsets (a katakana and its hiragana are as long in UTF-8). A run
// read with any unknown part, or not ending in a conjugation (a loanword,
// フードバンク), stays one unknown word.
func (a *Analyzer) katakanaVerb(d *Doc, tok *tokenizer.Tokenizer, kt tokenizer.Token) bool {
	if !KatakanaText(kt.Surface) { // at least four katakana, no other kana or kanji
		return false
	}
	hira := Hiragana(kt.Surface)
	if len(hira) != len(kt.Surface) {
		return false
	}
	sub := tok.Tokenize(hira)
	n := 0
	for _, st := range sub {
		if st.Surface == "" {
			continue
		}
		if st.Class == tokenizer.UNKNOWN {
			return false
		}
		n++
	}
	if n < 2 {
		return false
	}
	last := sub[len(sub)-1]
	if p, _ := last.FeatureAt(0); p != "動詞" && p != "形容詞" && p != "助動詞" {
		return false
	}
	for _, st := range sub {
		if st.Surface == "" {
			continue
		}
		st.Surface = kt.Surface[st.Position : st.Position+len(st.Surface)]
		st.Position += kt.Position
		a.addToken(d, st)
	}
	return true
}

// addToken appends kt to d, its hiragana forms to be resolved.
func (a *Analyzer) addToken(d *Doc, kt tokenizer.Token) {
	t := Token{Surface: kt.Surface, Start: kt.Position, End: kt.Position + len(kt.Surface), Kana: KanaOnly(kt.Surface)}
	var base, reading string
	switch kt.Class {
	case tokenizer.USER:
		u := a.users[kt.ID]
		t.User, t.id = true, kt.ID
		t.POS, t.POS2 = u.pos, u.pos2
		base, reading = kt.Surface, u.reading
	default:
		t.Unknown = kt.Class == tokenizer.UNKNOWN
		t.POS, _ = kt.FeatureAt(0)
		t.POS2, _ = kt.FeatureAt(1)
		t.Form, _ = kt.FeatureAt(ipa.InflectionalForm)
		base, _ = kt.FeatureAt(ipa.BaseForm)
		reading, _ = kt.FeatureAt(ipa.Reading)
		if base == "" || base == "*" {
			base = kt.Surface
		}
		if reading == "" || reading == "*" {
			reading = kt.Surface
		}
		if t.Form == "*" {
			t.Form = ""
		}
	}
	t.Base, t.Key, t.Reading = base, "", reading
	d.spans = append(d.spans, d.convert(kt.Surface, base, reading))
	d.Tokens = append(d.Tokens, t)
}

// resolve points the Base, Key and Reading of the tokens added by addToken
// into the buffer.
func (d *Doc) resolve() {
	s := d.b.String()
	for i := range d.Tokens {
		sp := d.spans[i]
		if sp.cached {
			continue
		}
		t := &d.Tokens[i]
		if sp.base[0] >= 0 {
			t.Base = s[sp.base[0]:sp.base[1]]
		}
		if sp.reading[0] >= 0 {
			t.Reading = s[sp.reading[0]:sp.reading[1]]
		}
		if sp.key[0] >= 0 {
			t.Key = s[sp.key[0]:sp.key[1]]
		} else {
			t.Key = t.Base
		}
	}
}

// knownWord is what a token of a word of the IPA dictionary is, apart from
// where it is: the same every time the word occurs.
type knownWord struct {
	surface                             string // of the entry, checked on use
	pos, pos2, form, base, key, reading string
	kana                                bool
}

// knownWord returns the cached forms of kt, a word of the IPA dictionary
// (nil for other tokens), working them out the first time. Looking up a
// word's features and converting its readings to hiragana was a third of
// the triage's own time, for words that recur in every message (の, を,
// する). The cache holds at most one entry per dictionary word, only of
// words met; racing goroutines store equal values.
func (a *Analyzer) knownWord(kt tokenizer.Token) *knownWord {
	if kt.Class != tokenizer.KNOWN || kt.ID < 0 || kt.ID >= len(a.known) {
		return nil
	}
	p := &a.known[kt.ID]
	if w := p.Load(); w != nil {
		if w.surface != kt.Surface {
			return nil // cannot happen (an ID is one entry); uncached then
		}
		return w
	}
	var d Doc
	a.addToken(&d, kt)
	d.resolve()
	t := d.Tokens[0]
	w := &knownWord{surface: kt.Surface, pos: t.POS, pos2: t.POS2, form: t.Form, base: t.Base, key: t.Key, reading: t.Reading, kana: t.Kana}
	p.Store(w)
	return w
}

// convert writes the hiragana forms of a token's base, key and reading into
// the buffer when they differ from the raw strings.
func (d *Doc) convert(surface, base, reading string) span {
	if d.b.Cap() == 0 {
		d.b.Grow(2 * len(d.Text)) // enough for the forms of most messages
	}
	var sp span
	sp.base = d.hira(base)
	sp.reading = d.hira(reading)
	// hiraReading is Hiragana(reading) in the buffer: the span hira just
	// wrote (IPA readings are katakana), so it is not written twice.
	hiraReading := func() [2]int {
		if sp.reading[0] >= 0 {
			return sp.reading
		}
		return d.hiraAlways(reading)
	}
	// Key: the reading of the dictionary form.
	switch {
	case KanaOnly(base):
		sp.key = sp.base // −1 when base is already hiragana: Key = Base
	case surface == base:
		sp.key = hiraReading()
	default:
		p := commonPrefix(surface, base)
		sRest, bRest := surface[p:], base[p:]
		hr := reading
		// sRest is empty for a stem that is a prefix of its dictionary
		// form (取れ of 取れる, 食べ of 食べる): the key is its reading
		// plus the rest of the dictionary form (とれ+る), not the reading
		// alone, or とれない in kana would not meet 取れない in a term.
		if (sRest == "" || KanaOnly(sRest)) && KanaOnly(bRest) && len(hr) >= len(sRest) &&
			Hiragana(hr[len(hr)-len(sRest):]) == Hiragana(sRest) {
			start := d.b.Len()
			writeHiragana(&d.b, hr[:len(hr)-len(sRest)])
			writeHiragana(&d.b, bRest)
			sp.key = [2]int{start, d.b.Len()}
		} else {
			sp.key = hiraReading()
		}
	}
	return sp
}

// hira writes the hiragana form of s when it contains katakana.
func (d *Doc) hira(s string) [2]int {
	if !hasKatakana(s) {
		return [2]int{-1, -1}
	}
	return d.hiraAlways(s)
}

func (d *Doc) hiraAlways(s string) [2]int {
	start := d.b.Len()
	writeHiragana(&d.b, s)
	return [2]int{start, d.b.Len()}
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	// back up to a rune boundary
	for n > 0 && n < len(a) && a[n]&0xC0 == 0x80 {
		n--
	}
	return n
}
