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

// englishWords are common English words; a Latin-script message with more
// of them than of otherWords is English rather than another language.
var englishWords = setOf(
	"i", "my", "me", "the", "a", "to", "is", "am", "are", "need", "want", "help", "have", "no",
	"not", "you", "can", "how", "what", "where", "please", "and", "of", "for", "with", "it",
	"we", "our", "he", "she", "do", "don't", "can't", "hello", "hi", "im", "i'm", "is'nt",
	"there", "someone", "who", "about", "his", "her", "they", "this", "that", "in", "at", "on",
	"would", "like", "be", "was", "any", "will", "from", "anyone", "if", "or", "but", "your",
)

// otherWords are common words of the other languages written in Latin
// letters that residents use (Spanish, Portuguese, Tagalog, Vietnamese
// without its accents, Nepali in romaji), stemmed and folded like a
// message's words.
var otherWords = setOf(
	// Español, Português
	"el", "la", "lo", "los", "la", "que", "y", "en", "mi", "mis", "por", "para", "con", "una", "un",
	"es", "esta", "estoy", "tengo", "quiero", "hay", "puedo", "donde", "hola", "ayuda", "soy",
	"muy", "pero", "del", "su", "eu", "meu", "minha", "nao", "voce", "tenho", "quero", "com",
	"uma", "um", "e", "ola", "sou", "estou", "tem", "da", "do", "dos", "das", "onde", "posso",
	"ele", "ela", "se", "o", "os", "mais", "muito",
	// Tagalog
	"po", "ako", "ng", "sa", "ang", "ko", "mga", "na", "ka", "siya", "kami", "namin", "ay",
	"hindi", "wala", "gusto", "saan", "tulong", "salamat", "pong", "akong", "ba", "ang",
	// Tiếng Việt
	"toi", "khong", "co", "cua", "nha", "va", "duoc", "nay", "cho", "con", "em", "anh", "chi",
	"xin", "chao", "bi", "rat", "mot", "nguoi",
	// नेपाली (romaji)
	"mero", "ma", "cha", "chha", "ho", "ki", "lai", "garne", "namaste", "malai", "hajur",
	"chhu", "thiyo", "bhayo", "yo", "kaha", "tara",
)

func setOf(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[stem(w)] = true
	}
	return m
}

// chineseMarks are characters common in Chinese (simplified or
// traditional) and rare or absent in Japanese text.
var chineseMarks = func() map[rune]bool {
	m := map[rune]bool{}
	for _, r := range "的我你他她们們这這那么麼没沒吗嗎呢了钱錢帮幫妈媽爸儿兒给給谁誰怎吧" +
		"请问問哪说說还应应該该裡诉訴听聽觉覺让讓为对對时長长门问题现难过险护报园个" +
		"您很啊呀嗯咱俩倆边邊东车車没钟鐘谢謝岁歲医疗療吃饭飯块塊辆欢歡亲親婆公" {
		m[r] = true
	}
	// Shared with Japanese: keep them out.
	for _, r := range "医公婆" {
		delete(m, r)
	}
	return m
}()

// detectLanguage tells Japanese from English and other languages by script.
func detectLanguage(text string, sc [4]int, words []fword) string {
	kana, han, latin, other := sc[nlp.ScriptKana], sc[nlp.ScriptHan], sc[nlp.ScriptLatin], sc[nlp.ScriptOther]
	switch {
	case kana+han+latin+other == 0:
		return LangJapanese
	case kana > 0 && kana+han >= latin/3:
		return LangJapanese
	case other > latin && other >= han:
		return LangOther
	case han > 0 && han >= latin:
		for _, r := range text {
			if chineseMarks[r] {
				return LangOther
			}
		}
		return LangJapanese
	}
	if latin > 0 && other*3 < latin && han < latin {
		en, oth := 0, 0
		for _, w := range words {
			if englishWords[w.bare] {
				en++
			} else if otherWords[w.bare] {
				oth++
			}
		}
		if en > oth {
			return LangEnglish
		}
	}
	return LangOther
}
