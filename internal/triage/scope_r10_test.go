package triage

import (
	"testing"

	"github.com/n-csw/tsunagu/internal/consult"
)

// A wish denied through わけではない, とかじゃ(全然)ない or とかそういう
// ことではない is no crisis; the wish said plainly still is.
func TestDeniedWishThroughWakeAndToka(t *testing.T) {
	wantCrises(t, map[string]consult.Crisis{
		"別に死にたいわけではありません":     consult.NoCrisis,
		"死にたいとかじゃ全然ないです":      consult.NoCrisis,
		"死にたいとかそういうことでは全然なくて": consult.NoCrisis,
		"死にたい。ないです、もう何も":      consult.Suicide,
	})
}

// A crisis noun denied through the copula (火事ではありません, 火事じゃない)
// counts 0; asked (火事じゃないですか) it still counts.
func TestCopulaDeniesACrisisNoun(t *testing.T) {
	wantCrises(t, map[string]consult.Crisis{
		"火事ではありません":  consult.NoCrisis,
		"火事じゃない":     consult.NoCrisis,
		"火事じゃないですか":  consult.Fire,
		"火事ではないか":    consult.Fire,
		"隣、火事じゃないの？": consult.Fire,
	})
}

// …しかない is "nothing but": the term before it counts in full.
func TestShikaNaiIsNoDenial(t *testing.T) {
	wantCrises(t, map[string]consult.Crisis{
		"生命保険で返してもらうしかない":  consult.Suicide,
		"もう生命保険で返すしかありません": consult.Suicide,
		"生命保険で返すことはない":     consult.NoCrisis,
	})
}

// A death told with the time since (自ら命を絶って一年がたちました) is over;
// a wish that has gone on for a year is not.
func TestTimeSinceADeath(t *testing.T) {
	wantCrises(t, map[string]consult.Crisis{
		"兄が自ら命を絶って一年がたちました": consult.NoCrisis,
		"弟が自ら命を絶って半年になります":  consult.NoCrisis,
		"友人が自殺して3か月が経ちます":   consult.NoCrisis,
		"死にたいと思って一年になる":     consult.Suicide,
		"自殺しようとして一週間になる":    consult.Suicide,
	})
}

// A …たら that tells what happened counts (its sentence ends in a verb in
// the past); an if, a mistaken belief and a revelation do not.
func TestTemporalTara(t *testing.T) {
	wantCrises(t, map[string]consult.Crisis{
		"遺書を書き終えたら、少し気持ちが楽になった":        consult.Suicide,
		"もし遺書を書き終えたら、少し気持ちが楽になるかな":     consult.NoCrisis,
		"もし火事になったら、どう逃げればいい":           consult.NoCrisis,
		"隣から煙が上がってて火事かと思ったら、落ち葉を燃やしてた": consult.NoCrisis,
		"『煙が出てる』と119番したら、焼き芋屋さんでした":    consult.NoCrisis,
	})
}

// wantCrises checks the crisis the shipped triage finds in each text.
func wantCrises(t *testing.T, want map[string]consult.Crisis) {
	t.Helper()
	tr := triager(t)
	for text, w := range want {
		if got := tr.Triage(text); got.Crisis != w {
			t.Errorf("%s: crisis %q, want %q (evidence %v)", text, got.Crisis, w, got.Evidence)
		}
	}
}

// A pet phrase in quotes next to 口癖 is said by habit, even when a から in
// it splits the quote into clauses; words outside the quotes still count.
func TestHabitQuotes(t *testing.T) {
	wantCrises(t, map[string]consult.Crisis{
		"祖母は「もう死ぬんだから」って口ぐせだけど、毎日元気に散歩してる":       consult.NoCrisis,
		"叔父の口ぐせが『俺が死んだら保険金で払え』です。今日も元気に仕事に行きました": consult.NoCrisis,
		"「死にたい」が口癖の母が、いま薬を全部飲んだと言っている":           consult.Suicide,
	})
}

// …ことがあった tells what used to happen; …ことがある still happens.
func TestUsedToHappen(t *testing.T) {
	wantCrises(t, map[string]consult.Crisis{
		"冬になると『消えたい』と思うことがあったけど、今は通院して落ち着いている": consult.NoCrisis,
		"夜になると消えたいと思うことがありました":                 consult.NoCrisis,
		"夜になると消えたいと思うことがある":                    consult.Suicide,
	})
}

// Experience, prevention, a topic and a laugh are no crisis now.
func TestExperienceTopicLaugh(t *testing.T) {
	wantCrises(t, map[string]consult.Crisis{
		"OD経験のある人の集まりを作りたい":    consult.NoCrisis,
		"自殺未遂の経験がある友人の話を聞きたい":  consult.NoCrisis,
		"町内会で火災予防の話をします":       consult.NoCrisis,
		"市販薬の大量服用が話題になっている":    consult.NoCrisis,
		"息子が『母さんに殺される〜』って笑ってた": consult.NoCrisis,
		"いま市販薬を大量に飲んだ":         consult.Suicide,
	})
}

// A wound from violence is violence even when the violence alone is told
// with less than the threshold; an accident with a knife stays medical.
func TestWoundFromViolence(t *testing.T) {
	wantCrises(t, map[string]consult.Crisis{
		"今オカンに灰皿投げられて頭から血が出てる": consult.Violence,
		"包丁で指を深く切って血が止まらない":    consult.Medical,
	})
}

// A term reads through a word of time put inside it (カッターで今切ってる
// finds カッターで切る, 食費がもうありません finds 食費がありません).
func TestTermReadsThroughNow(t *testing.T) {
	tr := triager(t)
	for text, term := range map[string]string{
		"カッターで今切ってる":  "カッターで切る",
		"米がもう切れてしまった": "米が切れる",
	} {
		if r := tr.Triage(text); !hasTerm(r, term) {
			t.Errorf("%s: no evidence %s in %+v", text, term, r.Evidence)
		}
	}
}

// What nearly happened (溺れかけた) and what comes after an event (火災の
// あとの片付け) are over; 詰まらせかけている and 給食のあと…ゼーゼー are now.
func TestOverByForm(t *testing.T) {
	wantCrises(t, map[string]consult.Crisis{
		"川で溺れかけた子を助けてくれた人にお礼がしたい":  consult.NoCrisis,
		"火事のあとの片付けを手伝いたい":          consult.NoCrisis,
		"祖母が今、餅を喉に詰まらせかけている":       consult.Medical,
		"給食のあと全身にじんましんが出てゼーゼーしている": consult.Medical,
	})
}
