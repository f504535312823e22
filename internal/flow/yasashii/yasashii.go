// Package yasashii measures text against the first three rules of
// docs/yasashii-nihongo.md (出入国在留管理庁・文化庁「在留支援のための
// やさしい日本語ガイドライン」): short sentences, です／ます without keigo,
// few and common kanji with readings for hard words. It is pure and
// deterministic; `tsunagu flows check` runs it on every text a resident sees.
package yasashii

import (
	_ "embed"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of the rules, from docs/yasashii-nihongo.md.
const (
	// SentenceMax is the hard limit of a sentence, in characters without spaces.
	SentenceMax = 50
	// SentenceAim is the length a sentence should aim for; longer ones warn.
	SentenceAim = 30
	// KanjiRatioMax is the largest share of kanji among the letters of a
	// text of at least KanjiRatioMinLetters letters.
	KanjiRatioMax = 0.35
	// KanjiRatioMinLetters: shorter texts (labels, names) are not measured.
	KanjiRatioMinLetters = 16
)

// Kind says what a text is, which decides the rules that apply.
type Kind int

// Kinds of text.
const (
	// Message is a chat message or a card line: every rule applies.
	Message Kind = iota
	// Label is a button label or a card title: keigo and hard kanji only.
	Label
	// Name is an official name shown with its reading beside it (a card
	// title over a kana subtitle): keigo only.
	Name
)

// Rule names, as printed by `tsunagu flows check`.
const (
	RuleSentenceLength = "yasashii-sentence"
	RuleEnding         = "yasashii-ending"
	RuleKeigo          = "yasashii-keigo"
	RuleKanjiRatio     = "yasashii-kanji-ratio"
	RuleHardKanji      = "yasashii-hard-kanji"
)

// Finding is one place where a text breaks (Warning false) or strains
// (Warning true) a rule.
type Finding struct {
	Rule    string
	Msg     string
	Warning bool
}

func (f Finding) String() string { return f.Rule + ": " + f.Msg }

//go:embed kyoiku.txt
var kyoikuText string

// common holds the 1,026 kanji taught in primary school (教育漢字).
var common = func() map[rune]bool {
	m := map[rune]bool{'々': true}
	for _, line := range strings.Split(kyoikuText, "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		for _, r := range line {
			m[r] = true
		}
	}
	return m
}()

// Common reports whether r is one of the kanji taught in primary school.
func Common(r rune) bool { return common[r] }

// keigo lists honorific and humble forms that rule 2 bans.
var keigo = regexp.MustCompile(`ござい|いただ[きくけいこ]|頂[きくけい]|申し上げ|申しあげ|おりま[すせし]|ておりま|存じ|いたしま|致しま|参りま|まいりま|おっしゃ|くださいませ|賜`)

// politeEnd matches the end of a sentence in です／ます form.
var politeEnd = regexp.MustCompile(`(です|ます|でした|ました|ません|ませんでした|ください|ましょう|でしょう)(か|ね|よ)?$`)

// reading matches a reading in brackets right after a word: （かいご） or (かいご).
var reading = regexp.MustCompile(`^[（(][\p{Hiragana}\p{Katakana}ー・ 　]+[）)]`)

// Check measures one text of the given kind and returns what it finds,
// errors first in reading order.
func Check(text string, kind Kind) []Finding {
	var out []Finding
	if m := keigo.FindString(text); m != "" {
		out = append(out, Finding{Rule: RuleKeigo, Msg: fmt.Sprintf("keigo %q (rule 2: no honorific or humble forms)", m)})
	}
	if kind == Name {
		return out
	}
	out = append(out, hardKanji(text)...)
	if kind == Label {
		return out
	}
	for _, s := range Sentences(text) {
		n := Length(s.Text)
		switch {
		case n > SentenceMax:
			out = append(out, Finding{Rule: RuleSentenceLength, Msg: fmt.Sprintf("sentence of %d characters > %d: %q", n, SentenceMax, s.Text)})
		case n > SentenceAim:
			out = append(out, Finding{Rule: RuleSentenceLength, Msg: fmt.Sprintf("sentence of %d characters > %d (aim): %q", n, SentenceAim, s.Text), Warning: true})
		}
		if s.Terminated && !politeEnd.MatchString(trimEnd(s.Text)) && !setPhrases[trimEnd(s.Text)] {
			out = append(out, Finding{Rule: RuleEnding, Msg: fmt.Sprintf("sentence does not end in です／ます: %q", s.Text)})
		}
	}
	if k, n := KanjiRatio(text); n >= KanjiRatioMinLetters && k > KanjiRatioMax {
		out = append(out, Finding{Rule: RuleKanjiRatio, Msg: fmt.Sprintf("kanji are %.0f%% of %d letters > %.0f%%: %q", k*100, n, KanjiRatioMax*100, text)})
	}
	return out
}

// Sentence is one sentence of a text; Terminated is true when it ends with
// 。 or ？ (a full sentence, not a fragment such as a card line).
type Sentence struct {
	Text       string
	Terminated bool
}

// Sentences splits text at 。？！?! and line breaks. A fragment without final
// punctuation (a list item, a phone number) is returned unterminated.
func Sentences(text string) []Sentence {
	var out []Sentence
	var b strings.Builder
	flush := func(term bool) {
		s := strings.TrimSpace(b.String())
		b.Reset()
		if s != "" {
			out = append(out, Sentence{Text: s, Terminated: term})
		}
	}
	rs := []rune(text)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch r {
		case '\n':
			flush(false)
		case '。', '？', '?':
			b.WriteRune(r)
			// keep a closing quote or bracket with its sentence
			for i+1 < len(rs) && strings.ContainsRune("」』）)", rs[i+1]) {
				i++
				b.WriteRune(rs[i])
			}
			flush(true)
		case '！', '!':
			b.WriteRune(r)
			flush(false)
		default:
			b.WriteRune(r)
		}
	}
	flush(false)
	return out
}

// trimEnd drops the final punctuation and closing brackets of a sentence.
func trimEnd(s string) string {
	return strings.TrimRightFunc(s, func(r rune) bool {
		return strings.ContainsRune("。？?！!」』）) 　", r)
	})
}

// Length counts the characters of a sentence the way rule 1 means it:
// without spaces and without readings in brackets.
func Length(s string) int {
	s = stripReadings(s)
	n := 0
	for _, r := range s {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

var (
	withReading = regexp.MustCompile(`\p{Han}+[（(]([\p{Hiragana}\p{Katakana}ー・ 　]+)[）)]`)
	quoted      = regexp.MustCompile(`「[^」]*」`)
	// setPhrases are greetings that need no です／ます.
	setPhrases = map[string]bool{"こんにちは": true, "こんばんは": true, "ごめんなさい": true}
)

var readingAnywhere = regexp.MustCompile(`[（(][\p{Hiragana}\p{Katakana}ー・ 　]+[）)]`)

func stripReadings(s string) string { return readingAnywhere.ReplaceAllString(s, "") }

// KanjiRatio returns the share of kanji among the letters (kana, kanji,
// Latin letters) of text, and the number of letters counted. A word with its
// reading in brackets counts as its reading; names in 「」 are left out.
func KanjiRatio(text string) (float64, int) {
	var k, n int
	text = withReading.ReplaceAllString(text, "$1")
	text = quoted.ReplaceAllString(text, "")
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Han, r):
			k++
			n++
		case unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r), unicode.IsLetter(r):
			n++
		}
	}
	if n == 0 {
		return 0, 0
	}
	return float64(k) / float64(n), n
}

// hardKanji finds words with a kanji outside 教育漢字 that are not followed
// by a reading in brackets at their first use in the text.
func hardKanji(text string) []Finding {
	var out []Finding
	explained := map[string]bool{}
	reported := map[string]bool{}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.Is(unicode.Han, r) {
			i += size
			continue
		}
		j := i
		hard := false
		for j < len(text) {
			r2, s2 := utf8.DecodeRuneInString(text[j:])
			if !unicode.Is(unicode.Han, r2) {
				break
			}
			if !common[r2] {
				hard = true
			}
			j += s2
		}
		word := text[i:j]
		if hard && !explained[word] {
			if reading.MatchString(text[j:]) {
				explained[word] = true
			} else if !reported[word] {
				reported[word] = true
				out = append(out, Finding{Rule: RuleHardKanji, Msg: fmt.Sprintf("%q has kanji outside 教育漢字 and no reading in brackets (rule 3)", word)})
			}
		}
		i = j
	}
	return out
}
