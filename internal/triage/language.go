package triage

import (
	"github.com/n-csw/tsunagu/internal/nlp"
)

// Languages reported in consult.TriageResult.Language.
const (
	LangJapanese = "ja"
	LangEnglish  = "en"
	LangOther    = "other"
)

// englishWords are common English words; one of them in a Latin-script
// message makes it English rather than another language.
var englishWords = map[string]bool{
	"i": true, "my": true, "me": true, "the": true, "a": true, "to": true, "is": true, "am": true,
	"are": true, "need": true, "want": true, "help": true, "have": true, "no": true, "not": true,
	"you": true, "can": true, "how": true, "what": true, "where": true, "please": true, "and": true,
	"of": true, "for": true, "with": true, "it": true, "we": true, "our": true, "he": true,
	"she": true, "do": true, "don't": true, "can't": true, "hello": true, "hi": true, "im": true,
	"i'm": true, "is'nt": true, "there": true, "someone": true, "who": true, "about": true,
}

// chineseMarks are characters common in Chinese and rare or absent in
// Japanese text.
var chineseMarks = map[rune]bool{
	'的': true, '我': true, '你': true, '他': true, '她': true, '们': true, '这': true, '那': true,
	'么': true, '没': true, '吗': true, '呢': true, '了': true, '钱': true, '帮': true,
	'妈': true, '爸': true, '儿': true, '给': true, '谁': true, '怎': true, '吧': true,
}

// detectLanguage tells Japanese from English and other languages by script.
func detectLanguage(text string, sc [4]int, words []string) string {
	kana, han, latin, other := sc[nlp.ScriptKana], sc[nlp.ScriptHan], sc[nlp.ScriptLatin], sc[nlp.ScriptOther]
	switch {
	case kana+han+latin+other == 0:
		return LangJapanese
	case kana > 0 && kana+han >= latin/3:
		return LangJapanese
	case other > latin && other >= han:
		return LangOther
	case han > 0 && latin == 0:
		for _, r := range text {
			if chineseMarks[r] {
				return LangOther
			}
		}
		return LangJapanese
	case latin > 0 && other*3 < latin:
		for _, w := range words {
			if englishWords[w] {
				return LangEnglish
			}
		}
		return LangOther
	}
	return LangOther
}
