package triage

import (
	"testing"

	"github.com/n-csw/tsunagu/internal/consult"
)

// Hearsay of violence is suspected abuse, not a crisis seen now; told as
// happening now (いま, 今も in the next clause) it is one.
func TestLiveHearsay(t *testing.T) {
	wantCrises(t, map[string]consult.Crisis{
		"隣の子が親に殴られてるって噂を聞きました":               consult.NoCrisis,
		"いま駐車場で店長に殴られてるってバイト仲間が知らせてきた":       consult.Violence,
		"姉が旦那に首を絞められてるって電話してきた、今も後ろで怒鳴り声がする": consult.Violence,
		"今までも叩かれてるって聞いていました":                 consult.NoCrisis,
	})
}

// A threat that follows an if (別れたら…火つけるぞ) waits on the if: urgent,
// not a crisis now. The threat said alone is one.
func TestThreatAfterIf(t *testing.T) {
	tr := triager(t)
	for _, text := range []string{
		"元彼から『別れたら家に火つけるぞ』と言われて怖い",
		"夫に「警察に言ったらぶっ殺してやる」と言われています",
	} {
		r := tr.Triage(text)
		if r.Crisis != consult.NoCrisis || r.Urgency != consult.Urgent {
			t.Errorf("%s: crisis %q urgency %q, want no crisis and urgent (evidence %v)", text, r.Crisis, r.Urgency, r.Evidence)
		}
	}
	wantCrises(t, map[string]consult.Crisis{
		"元彼がいま玄関で『家に火つけるぞ』と叫んでる": consult.Violence,
	})
}

// 何するかわからない is losing control, not hearsay: beside a knife held or
// an urge to hurt it is a crisis; 自分が怖い beside an urge is a worry.
func TestLossOfControl(t *testing.T) {
	wantCrises(t, map[string]consult.Crisis{
		"包丁もって兄の部屋の前に立ってる。自分が何するかわからない": consult.Violence,
		"さっき母の顔に枕を押しつけそうになった。まだ手が震えてる":  consult.Violence,
		"泣きやまないと叩きたくなる。まだ叩いてないけど、自分が怖い": consult.NoCrisis,
		"夫が殴られてるかはわからないけど、あざがあるのを見た":    consult.NoCrisis,
	})
}

// On or past a rail or a fence, and a ligature on a doorknob.
func TestLedgeAndDoorknob(t *testing.T) {
	wantCrises(t, map[string]consult.Crisis{
		"歩道橋の欄干に座ってる":           consult.Suicide,
		"マンションの手すりの外側に立っています":   consult.Suicide,
		"ドアノブにベルトをかけた":          consult.Suicide,
		"ドアノブが壊れて閉まらないので直してほしい": consult.NoCrisis,
	})
}

// A session's or a course's title in quotes, and a scar, are no crisis now.
func TestTitleAndScar(t *testing.T) {
	wantCrises(t, map[string]consult.Crisis{
		"『死にたい夜のやりすごし方』って回に参加しました": consult.NoCrisis,
		"腕にリスカの跡があって半袖が着られない":      consult.NoCrisis,
		"いまリスカしてる": consult.Suicide,
	})
}

// Kana typed in a hurry drops its particles: a crisis term is read without
// them (くび しめられてる, うで きってる); a channel term is not, so that its
// words keep their own weight.
func TestKanaWithoutParticles(t *testing.T) {
	wantCrises(t, map[string]consult.Crisis{
		"くび しめられてる":          consult.Violence,
		"いま うで きってる":         consult.Suicide,
		"ｱﾊﾟｰﾄ ﾏﾄﾞｶﾗ ﾋ ﾃﾞﾃﾙ": consult.Fire,
		"うで くんで ねてた":         consult.NoCrisis,
	})
	tr := triager(t)
	if r := tr.Triage("中学生です。部活がない日に、何かボランティアしたいです"); r.Channel != consult.Channel("volunteer") {
		t.Errorf("channel %q, want volunteer (evidence %v)", r.Channel, r.Evidence)
	}
}
