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
