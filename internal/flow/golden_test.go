package flow_test

import (
	"strings"
	"testing"
)

// scenarios are the golden transcripts, one per path of the conversation.
// Regenerate with: go test ./internal/flow -update
var scenarios = []struct {
	name   string
	script []string
}{
	{"greeting", []string{"follow"}},

	// each channel from free text (taxonomy.md examples)
	{"channel-seikatsu-soudan", []string{"> 家賃が二か月払えていなくて大家さんに怒られた"}},
	{"channel-chiiki-fukushi", []string{"> 向かいの家のおじいさん、新聞がたまっている", "tap ほかの 相談先を 見る"}},
	{"channel-seikatsu-shien", []string{"> 重い米を運べない、85歳"}},
	{"channel-fureai", []string{"> 懇談会ってだれでも出られますか"}},
	{"channel-volunteer", []string{"> 土日だけボランティアしたい"}},
	{"channel-houkatsu", []string{"> 母の介護認定をうけたい"}},
	{"channel-shougai", []string{"> 療育手帳のことを聞きたい"}},
	{"channel-kosodate", []string{"> 赤ちゃんが泣きやまなくてつらい", "tap ほかの 相談先を 見る"}},
	{"channel-kenri-yougo", []string{"> 父の年金の管理をだれかに頼みたい、物忘れがある", "tap はい"}},
	{"channel-dv", []string{"> 元夫につきまとわれている"}},
	{"channel-other", []string{"> 寄付をしたい"}},

	// theme buttons: at most three taps to a card
	{"theme-money", []string{"follow", "tap お金・しごと", "tap じぶん・かぞく", "tap 電話する"}},
	{"theme-care", []string{"follow", "tap 介護(かいご)・高齢(こうれい)", "tap かぞく", "tap 介護(かいご)・物わすれ"}},
	{"theme-care-neighbour", []string{"follow", "tap 介護(かいご)・高齢(こうれい)", "tap きんじょの 人"}},
	{"theme-kids-other-child", []string{"follow", "tap 子育て", "tap ほかの 家の こども"}},
	{"theme-disability", []string{"follow", "tap 障害"}},
	{"theme-local", []string{"follow", "tap 近所・地域", "tap 地域の 集まりに 出たい"}},
	{"theme-volunteer", []string{"follow", "tap ボランティア"}},
	{"theme-other", []string{"follow", "tap その他", "tap 社協の 窓口を 見る"}},

	// crises: numbers first
	{"crisis-suicide", []string{"> もう生きていたくない", "tap ほかの 電話番号"}},
	{"crisis-suicide-evening", []string{"at 2026-06-01T18:00", "> もう生きていたくない"}},
	{"crisis-violence-dv", []string{"> 夫になぐられている、いまも家にいる"}},
	{"crisis-medical", []string{"> 父がたおれて息をしていない"}},
	{"crisis-fire", []string{"> となりの家から煙が出ている"}},
	{"crisis-mid-handoff", []string{"> 寄付をしたい", "tap スタッフから れんらく", "> もう生きていたくない"}},

	// ambiguous, unclear, third party, out of hours
	{"ambiguous-age", []string{"> 足が悪い父のことで相談したい", "tap いいえ"}},
	{"ambiguous-which", []string{"> 父の年金の管理をだれかに頼みたい、物忘れがある", "tap いいえ"}},
	{"unclear", []string{"> こんにちは", "> よくわからない", "tap スタッフと 話す"}},
	{"third-party-child", []string{"> となりの子がいつも外で泣いている"}},
	{"out-of-hours", []string{"at 2026-06-01T22:00", "> 赤ちゃんが泣きやまなくてつらい", "tap スタッフから れんらく", "tap はい、つたえる", "tap じぶん", "tap この LINEで"}},
	{"out-of-hours-weekend", []string{"at 2026-06-06T11:00", "> 家賃が二か月払えていなくて大家さんに怒られた"}},

	// handoff with consent
	{"handoff-phone", []string{"> 母の介護認定をうけたい", "tap スタッフから れんらく", "tap はい、つたえる", "tap かぞく", "tap 電話で", "> 042-497", "> ０９０ー１２３４ー５６７８"}},
	{"handoff-phone-give-up", []string{"> 寄付をしたい", "tap スタッフから れんらく", "tap はい、つたえる", "tap じぶん", "tap 電話で", "> 123", "> わからない"}},
	{"handoff-declined", []string{"> 療育手帳のことを聞きたい", "tap スタッフから れんらく", "tap いいえ"}},
	{"handoff-card-button", []string{"> 療育手帳のことを聞きたい", "tap スタッフから れんらく して もらう", "tap はい、つたえる"}},

	// case open with staff: quiet
	{"case-open-quiet", []string{"case open", "> きのうの 件ですが、あしたなら 家に います", "sticker", "data v1:a:main.theme:money", "> もう生きていたくない", "> やめる"}},
	{"case-open-commands", []string{"case open", "> 最初から", "> 使い方", "> 電話番号", "> スタッフと話したい", "follow"}},

	// global commands
	{"command-restart", []string{"> 母の介護認定をうけたい", "> 最初から"}},
	{"command-stop", []string{"> 母の介護認定をうけたい", "> やめる"}},
	{"command-stop-after-handoff", []string{"> 寄付をしたい", "tap スタッフから れんらく", "tap はい、つたえる", "tap じぶん", "tap この LINEで", "> やめる"}},
	{"command-staff", []string{"follow", "tap 子育て", "> スタッフと話したい", "tap はい、つたえる"}},
	{"command-phones", []string{"follow", "tap 子育て", "> 電話番号", "tap じぶんの こども"}},
	{"command-help", []string{"follow", "> 使い方", "data v1:c:help"}},
	{"idle-restart", []string{"follow", "tap 子育て", "wait 31m", "> 土日だけボランティアしたい"}},
	{"idle-button", []string{"follow", "tap 子育て", "wait 2h", "data v1:a:main.kids-who:own"}},

	// odd inputs
	{"stale-and-garbage", []string{"follow", "tap 子育て", "data v1:a:main.theme:money", "data v1:e:handoff:nowhere", "data v9:c:restart", "data <script>", "tap ほかの 家の こども"}},
	{"sticker", []string{"follow", "tap 介護(かいご)・高齢(こうれい)", "sticker"}},
	{"typed-option", []string{"> 子育て", "> じぶんの こども"}},
	{"followup", []string{"data v1:f:42:yes", "data v1:f:43:not-yet", "data v1:f:44:no-need", "data v1:f:45:maybe"}},
}

func TestGoldenTranscripts(t *testing.T) {
	seen := map[string]bool{}
	for _, sc := range scenarios {
		if seen[sc.name] {
			t.Fatalf("scenario %q twice", sc.name)
		}
		seen[sc.name] = true
		t.Run(sc.name, func(t *testing.T) {
			c := newConversation(t)
			for _, line := range sc.script {
				c.run(line)
			}
			golden(t, sc.name, c.b.String())
		})
	}
}

// TestCrisisFirstBubble: whatever the conversation, a crisis message gets
// the numbers to call in the first bubble of the first reply, as tel:
// buttons, and staff are alerted.
func TestCrisisFirstBubble(t *testing.T) {
	texts := map[string]string{
		"suicide": "もう生きていたくない", "violence": "夫になぐられている、いまも家にいる",
		"medical": "父がたおれて息をしていない", "fire": "となりの家から煙が出ている",
	}
	before := [][]string{nil, {"follow"}, {"follow", "tap 子育て"}, {"> 寄付をしたい", "tap スタッフから れんらく", "tap はい、つたえる", "tap じぶん", "tap 電話で"}, {"case open"}}
	for kind, text := range texts {
		for i, pre := range before {
			c := newConversation(t)
			for _, l := range pre {
				c.run(l)
			}
			c.run("> " + text)
			msgs := c.turns[len(c.turns)-1]
			if len(msgs) == 0 || msgs[0].Card == nil || len(msgs[0].Card.Buttons) == 0 {
				t.Fatalf("%s after %d: first bubble is not a card with buttons: %+v", kind, i, msgs)
			}
			for _, b := range msgs[0].Card.Buttons {
				if !strings.HasPrefix(b.URI, "tel:") {
					t.Errorf("%s: crisis button %q is not tap-to-call", kind, b.Label)
				}
			}
			found := false
			for _, e := range c.effects[len(c.effects)-1] {
				found = found || (e.Kind == "crisis" && string(e.Crisis) == kind && e.Urgency == "emergency")
			}
			if !found {
				t.Errorf("%s after %d: no emergency crisis effect", kind, i)
			}
		}
	}
}
