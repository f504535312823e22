package triage

import (
	"testing"

	"github.com/n-csw/tsunagu/internal/consult"
)

// Messages not in Japanese: clear words give the channel, a crisis is
// found in any language, look-alikes and the past are not crises.
func TestForeignLanguages(t *testing.T) {
	tr := triager(t)
	tests := []struct {
		text    string
		lang    string
		channel consult.Channel
		crisis  consult.Crisis
	}{
		{"I lost my job and cannot pay rent.", LangEnglish, consult.SeikatsuSoudan, ""},
		{"I'd like to volunteer on weekends.", LangEnglish, consult.Volunteer, ""},
		{"My father has dementia. Where can we get care?", LangEnglish, consult.Houkatsu, ""},
		{"Hello, can I ask something?", LangEnglish, "", ""},
		{"我想在西东京市做志愿者", LangOther, consult.Volunteer, ""},
		{"Bonjour, j'ai une question", LangOther, "", ""},
		{"介護保険について", LangJapanese, consult.Houkatsu, ""},
		{"我想做volunteer", LangOther, consult.Volunteer, ""},
		{"请问在哪里可以申请保育园？", LangOther, consult.Other, ""},
		{"我婆婆最近常常忘記事情", LangOther, consult.Houkatsu, ""},
		{"Hola, me quedé sin trabajo y tengo deudas.", LangOther, consult.SeikatsuSoudan, ""},
		{"Hola, me quede sin trabajo y tengo deudas.", LangOther, consult.SeikatsuSoudan, ""},
		{"Tôi bị mất việc, không có tiền trả tiền nhà.", LangOther, consult.SeikatsuSoudan, ""},
		{"toi bi mat viec, khong co tien tra tien nha", LangOther, consult.SeikatsuSoudan, ""},
		{"I don’t want to live anymore", LangEnglish, "", consult.Suicide},
		{"我丈夫正在打我", LangOther, consult.DV, consult.Violence},
		{"Tulong po! Sinasaktan ako ng asawa ko ngayon.", LangOther, consult.DV, consult.Violence},
		{"Cháy nhà!", LangOther, "", consult.Fire},
		{"shinitai", LangOther, "", consult.Suicide},
		{"Saya ingin mati", LangOther, "", consult.Suicide},
		{"ฉันอยากตาย", LangOther, "", consult.Suicide},
		{"He is going to kill me, please come", LangEnglish, "", consult.Violence},
		{"My brother texted me that he wants to kill himself", LangEnglish, "", consult.Suicide},
		{"I've saved up all my sleeping pills", LangEnglish, "", consult.Suicide},
		{"我已经写好遗书了", LangOther, "", consult.Suicide},
		{"오늘 밤 옥상에서 뛰어내릴 거예요", LangOther, "", consult.Suicide},
		{"Mi hermana dice que se va a matar", LangOther, "", consult.Suicide},
		{"Malai jiuna man chhaina", LangOther, "", consult.Suicide},
		{"Mero logne le malai kutdai chha", LangOther, consult.DV, consult.Violence},
		{"Mi papá tiene un dolor muy fuerte en el pecho", LangOther, "", consult.Medical},
		{"I want it all to end tonight", LangEnglish, "", consult.Suicide},
		{"No aguanto más. Perdón a todos.", LangOther, "", consult.Suicide},
		{"My grandma's face is drooping and she can't lift her arm", LangEnglish, "", consult.Medical},
		{"我叫爸爸他都没有反应", LangOther, "", consult.Medical},
		{"The socket is giving off sparks", LangEnglish, "", consult.Fire},
		{"他一直打我，我很害怕", LangOther, consult.DV, consult.Violence},
		{"남편이 문을 발로 차고 있어요", LangOther, consult.DV, consult.Violence},
		// not crises
		{"I want to die my hair.", LangEnglish, "", ""},
		{"The fire drill is next week.", LangEnglish, "", ""},
		{"He said he would fire me.", LangEnglish, "", ""},
		{"This heat is killing me.", LangEnglish, "", ""},
		{"我不想死", LangOther, "", ""},
		{"我不是想死，只是没钱了", LangOther, consult.SeikatsuSoudan, ""},
		{"He cut himself while cooking.", LangEnglish, "", ""},
		{"我爸爸中风以后需要护理，怎么申请？", LangOther, consult.Houkatsu, ""},
		{"Last year I wanted to die, but now I'm fine.", LangEnglish, "", ""},
		{"Years ago I tried to kill myself.", LangEnglish, "", ""},
		{"Tôi muốn chạy bộ.", LangOther, "", ""},
		{"Ya no aguanto más el calor, ¿hay ayuda para el aire acondicionado?", LangOther, "", ""},
		{"他一直打我电话，很烦", LangOther, "", ""},
		{"我的手机没有反应", LangOther, "", ""},
		{"Meu coração está batendo forte", LangOther, "", ""},
		{"Dati sinasaktan ako ng asawa ko. Ngayon wala akong trabaho at kulang ang pera.", LangOther, consult.SeikatsuSoudan, ""},
		{"My mom passed away and I need to cancel her pension", LangEnglish, consult.Other, ""},
		{"칼로리 계산", LangOther, "", ""},
		{"房租", LangJapanese, consult.SeikatsuSoudan, ""},
		{"志愿者", LangJapanese, consult.Volunteer, ""},
		// English crisis phrases count in Japanese text, lone words do not
		{"すみません、ちょっと聞きたいです。I want to kill myself", LangJapanese, "", consult.Suicide},
		{"FIREを目指して貯金してます", LangJapanese, consult.SeikatsuSoudan, ""},
		// no guess when unclear
		{"Hello, can someone help me?", LangEnglish, "", ""},
		{"我忘记密码了。", LangOther, "", ""},
	}
	for _, tt := range tests {
		got := tr.Triage(tt.text)
		if got.Language != tt.lang {
			t.Errorf("%s: language %q, want %q", tt.text, got.Language, tt.lang)
		}
		if tt.crisis == "" && got.Channel != tt.channel {
			t.Errorf("%s: channel %q, want %q (evidence %v)", tt.text, got.Channel, tt.channel, got.Evidence)
		}
		if got.Crisis != tt.crisis {
			t.Errorf("%s: crisis %q, want %q (evidence %v)", tt.text, got.Crisis, tt.crisis, got.Evidence)
		}
	}
}

// Japanese stays on the Japanese path, Chinese is told from it.
func TestDetectLanguage(t *testing.T) {
	tr := triager(t)
	for text, want := range map[string]string{
		"生活保護申請":        LangJapanese,
		"介護認定":          LangJapanese,
		"NPO法人設立":       LangJapanese,
		"DVを受けています":     LangJapanese,
		"我不想活了":         LangOther,
		"我母親想申請長照":      LangOther,
		"죽고 싶어요":        LangOther,
		"Quiero morir":  LangOther,
		"I want to die": LangEnglish,
	} {
		if got := tr.Triage(text).Language; got != want {
			t.Errorf("%s: language %q, want %q", text, got, want)
		}
	}
}

// Urgency cues in other languages: recent violence, threats, a confiscated
// passport, no food today, eviction within days, a neighbour unseen for
// days, also in a sentence that mentions the past.
func TestForeignUrgency(t *testing.T) {
	tr := triager(t)
	for text, want := range map[string]consult.Urgency{
		"어제 남편이 저를 때렸어요":                                                   consult.Urgent,
		"Mi esposo escondió mi pasaporte":                                  consult.Urgent,
		"我丈夫把我的护照拿走了":                                                      consult.Urgent,
		"Meu ex está me ameaçando":                                         consult.Urgent,
		"Hôm nay nhà em hết gạo rồi":                                       consult.Urgent,
		"Gharbetile bholi nikaldinchhu bhanyo":                             consult.Urgent,
		"Haven't seen my neighbour, mail is piling up":                     consult.Urgent,
		"Behind on rent since last year, and I will be evicted on Friday.": consult.Urgent,
		"How do I take my passport photo?":                                 consult.Normal,
		"He has never hit me, but he checks my phone":                      consult.Normal,
		"Dati sinasaktan ako ng asawa ko, pero hiwalay na kami":            consult.Normal,
		"¿Hay amenaza de tifón mañana?":                                    consult.Normal,
	} {
		if got := tr.Triage(text); got.Urgency != want {
			t.Errorf("%s: urgency %q, want %q (evidence %v)", text, got.Urgency, want, got.Evidence)
		}
	}
}

// Both spellings of Vietnamese tones match (hoà and hòa, huỷ and hủy).
func TestToneFirst(t *testing.T) {
	for in, want := range map[string]string{
		"hoà": "hòa", "hòa": "hòa", "khoẻ": "khỏe", "huỷ": "hủy", "hủy": "hủy",
		"doạ": "dọa", "quý": "quý", "hoàn": "hoàn", "toàn": "toàn", "help": "help", "não": "não",
	} {
		if got := toneFirst(in); got != want {
			t.Errorf("toneFirst(%q) = %q, want %q", in, got, want)
		}
	}
}

// A collapse or a fire told in another language is answered with 119 and
// routed to no channel, whoever is named (孩子, 옆집, vecino).
func TestForeignEmergencyNoChannel(t *testing.T) {
	tr := triager(t)
	for _, text := range []string{
		"楼下着火了，我带着孩子出不去",
		"옆집에서 연기가 나요",
		"Mi vecino se cayó y no respira",
	} {
		got := tr.Triage(text)
		if got.Crisis != consult.Medical && got.Crisis != consult.Fire || got.Channel != "" {
			t.Errorf("%s: crisis %q channel %q, want medical or fire and no channel (evidence %v)", text, got.Crisis, got.Channel, got.Evidence)
		}
	}
}

// A resident in danger rarely writes the textbook phrase: two weak cues
// (the means at hand, the place, the time with the means, a farewell, no
// answer since) make the crisis, one alone does not, and polite thanks and
// goodbyes, a cold remedy or a borrowed clothesline stay calm.
func TestForeignCrisisCues(t *testing.T) {
	tr := triager(t)
	for text, want := range map[string]consult.Crisis{
		// two cues, or one that is the emergency itself
		"The pills are lined up on the table for tonight.":             consult.Suicide,
		"mou genkai. senro no soba ni iru":                             consult.Suicide,
		"Gracias por todo, cuida a mi gato. Ahora ya no contesta.":     consult.Suicide,
		"Tô com a corda. Desculpa mãe.":                                consult.Suicide,
		"연락이 안 돼요. 다리 위에 있다고 했어요":                                      consult.Suicide,
		"Tôi đã mua thuốc ngủ và sẽ uống hết.":                         consult.Suicide,
		"Naipon ko na ang mga gamot ko.":                               consult.Suicide,
		"Sudah tulis surat untuk keluarga. Malam ini saya pergi.":      consult.Suicide,
		"Chồng tôi đang bóp cổ tôi":                                    consult.Violence,
		"남편이 칼을 들고 있어요":                                                consult.Violence,
		"A kid is screaming next door and I hear slapping":             consult.Violence,
		"Mi hijo está convulsionando":                                  consult.Medical,
		"बुबा ढल्नुभयो, सास फेरेको छैन":                                consult.Medical,
		"She hit her head on the stairs and there is blood everywhere": consult.Medical,
		// one weak cue alone
		"I need pills for my cold tonight, which pharmacy is open?": "",
		"mou genkai, shigoto ga ooi":                                "",
		"O vizinho levou a corda do varal emprestada.":              "",
		"집주인이 연락이 안 돼요. 보증금은 어떻게 해요?":                               "",
		"Con tôi uống hết sữa rồi, ở đâu mua sữa rẻ?":               "",
		"The taxi is waiting outside.":                              "",
		"I'm standing by the river waiting for the fireworks.":      "",
		// look-alikes: polite thanks and goodbyes, a party, a garden
		"We are having a goodbye party tonight for our teacher.":             "",
		"Hôm qua chung cư có diễn tập phòng cháy.":                           "",
		"I bought rope for the garden.":                                      "",
		"I'm dying of boredom, any volunteer events?":                        "",
		"Salamat sa lahat ng tulong ninyo. Paalam na po.":                    "",
		"Tạm biệt mọi người, tôi về nước tháng sau. Cảm ơn vì tất cả.":       "",
		"Gracias por todo. El dueño ya no contesta mis mensajes.":            "",
		"Terima kasih untuk semuanya. Saya pulang ke Indonesia bulan depan.": "",
	} {
		if got := tr.Triage(text); got.Crisis != want {
			t.Errorf("%s: crisis %q, want %q (evidence %v)", text, got.Crisis, want, got.Evidence)
		}
	}
}
