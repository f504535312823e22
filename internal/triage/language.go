package triage

import (
	"strings"

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
	"ele", "ela", "se", "o", "os", "mais", "muito", "ya", "mas", "todos", "todo", "de", "al", "le",
	"te", "nos", "aguanto", "aguento", "perdon", "perdao", "agora", "ahora",
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
	// Function words, then the simplified and traditional characters that
	// no word of Kagome's IPA dictionary uses.
	for _, r := range "的我你他她们們这這那么麼没沒吗嗎呢了钱帮妈爸儿给谁怎吧个时说过对还发现开问进长动样经实两关应头见听东车马门书话语银铁电视觉让认识记讲请调谈该读资质贵费买卖难鸡鱼鸟飞龙乐爱热业专产亲义习乡则创别办务劝势华协单卫厂历压县变吓员响园围图场块坚处备复够夸夺奋妇孙宁宠审宽寻导层岁岛师帐带广庆库废异弃张强归录彻忆怀态总恶惊惯戏战扑执扩扫扬护报拥择挤挥换损摄摆敌显晓暂术杀杂权极构标树桥检欢毁毕气汇汉污汤沟泽济测浓涂润涨满滚灭灵灾烂烦爷牵犹狮猎环疗疯监盖盘矿码砖础确祸离种积稳穷竞笔笼签简类粮紧纠红约级纪纯纳纸纵线练组细织终绍结绕绘络绝统继续维绿缓编缘缩网罗罚职联肠肤胜脑脸舰艺节苏荣药获虑虽虾补观规览计订讨训议讯许论设访证评诉词译试诗诚询详误诸课谢谱贝负贡财责贤败货贩贫购贯贴贺赶赵趋跃轨轮软轻载较辅辆辈边达迁运远违连迟选递逻遗邮邻郑酱释钟钢铺链销锁错键镇闭闯闲间闹闻阅队阳阴阶际陆险隐雾韩页顶项顺须顾顿预领颜题风饭饮饱饿馆驾验骗鲜齐龄您很啊呀嗯咱俩哪說樣經點兩聽雞專產鄉辦單歷壓變號圍圖壞聲夠寬歲帶幫歸錄懷戀惡戲戰擴擇擠攜擺斷舊雜檢歡淚濟濕靈爐獵獻磚穩竊縱絕繼續綠緣腦腳臉藥雖裝觀覽觸譯趕踐輕遲遞鄰醬鏈閒閱隱險顏驗齡" {
		m[r] = true
	}
	return m
}()

// chineseWords are words of Chinese written with characters Japanese also
// uses (不会, 手机), for text that has no chineseMarks.
var chineseWords = []string{
	"不会", "不會", "可以", "什么", "什麼", "怎么", "怎麼", "没有", "沒有", "一下", "手机", "手機",
	"知道", "已经", "已經", "因为", "因為", "还是", "還是", "但是", "所以", "觉得", "覺得",
	"喜欢", "喜歡", "帮助", "幫助", "请问", "請問", "谢谢", "謝謝", "老公",
}

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
		for _, w := range chineseWords {
			if strings.Contains(text, w) {
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
