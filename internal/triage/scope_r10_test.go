package triage

import (
	"testing"

	"github.com/n-csw/tsunagu/internal/consult"
)

// A wish denied through わけではない, とかじゃ(全然)ない or とかそういう
// ことではない is no crisis; the wish said plainly still is.
func TestDeniedWishThroughWakeAndToka(t *testing.T) {
	tr := triager(t)
	for text, want := range map[string]consult.Crisis{
		"別に死にたいわけではありません":     consult.NoCrisis,
		"死にたいとかじゃ全然ないです":      consult.NoCrisis,
		"死にたいとかそういうことでは全然なくて": consult.NoCrisis,
		"死にたい。ないです、もう何も":      consult.Suicide,
	} {
		if got := tr.Triage(text); got.Crisis != want {
			t.Errorf("%s: crisis %q, want %q (evidence %v)", text, got.Crisis, want, got.Evidence)
		}
	}
}
