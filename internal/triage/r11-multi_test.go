package triage

import (
	"testing"

	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/nlp"
)

// Round 11, long messages that ask nothing (README-dev40 "Unclear rows,
// however long, name no need"): thanks, venting and a matter put off get
// no channel — neither from the lexicons nor from the learned fallback —
// while a request outside the phrase still routes.
func TestR11MultiNoNeed(t *testing.T) {
	tr := triager(t)
	tests := []struct {
		text string
		want bool // a channel
	}{
		// the learned model used to route this from 介護, ケアマネ, ヘルパー
		{"先月、父を見送りました。六年の介護でした。ケアマネさん、訪問看護の方、ヘルパーさんにお世話になりました。特にご相談ではないのですが、どこかに書いておきたくて。", false},
		{"年寄りの愚痴でございますが、近頃は何でも値上がりして困ります。聞いてくださってありがとう", false},
		{"聞いてほしいだけなんですけど、今日も上司に怒られて、仕事を辞めたいくらいです", false},
		{"職場で一人でお弁当を食べています。困っているというほどでもないのですが、誰にも言えなくて。", false},
		{"母のことで相談したいと思って書き始めたのですが、お金のことや仕事のこと、考えることが多すぎて。また落ち着いたら連絡します。", false},
		{"今日は息子の運動会でした。リレーで転んだけど最後まで走りました。誰かに言いたくて。", false},
		// a request outside the phrase routes after all
		{"聞いてほしいだけじゃなくて、家賃が払えないので相談したいです", true},
		{"母の介護保険の申請のことで相談したいです。また連絡します。", true},
	}
	for _, tt := range tests {
		got := tr.Triage(tt.text)
		if (got.Channel != "") != tt.want || got.Crisis != consult.NoCrisis {
			t.Errorf("%s: channel %q crisis %q, want a channel: %v", tt.text, got.Channel, got.Crisis, tt.want)
		}
	}
}

// A topic announced after the writer introduces themself (README-dev37:
// the professionals' openings) is still only a topic; a sentence that
// tells a need before it is not an introduction.
func TestR11MultiIntroThenTopic(t *testing.T) {
	tr := triager(t)
	tests := []struct {
		text string
		want bool // a channel
	}{
		{"ケアマネです。利用者さんの件でご相談です", false},
		{"民生委員をしている者です。担当のお宅のことで", false},
		{"アパートの大家です。入居者さんのことで少し", false},
		{"ケアマネです。ご相談したいケースがあります", false},
		{"はじめまして。障害者手帳のことで", false},
		{"母が認知症です。介護保険のことで", true},
		{"ケアマネです。担当の利用者さんのことで、腕にあざがありました", true},
		{"ケアマネです。ご相談したいケースがあります。独居の方で通帳をなくしてばかりです", true},
	}
	for _, tt := range tests {
		got := tr.Triage(tt.text)
		if (got.Channel != "") != tt.want || got.Crisis != consult.NoCrisis {
			t.Errorf("%s: channel %q crisis %q, want a channel: %v", tt.text, got.Channel, got.Crisis, tt.want)
		}
	}
}

func TestR11MultiIntroduction(t *testing.T) {
	tr := triager(t)
	for text, want := range map[string]bool{
		"ケアマネです。":       true,
		"民生委員をしている者です。": true,
		"アパートの大家です。":    true,
		"母が認知症です。":      false,
		"私は大家です。":       true,
		"母は大家です。":       false,
		"ありがとう。":        false,
	} {
		var d nlp.Doc
		tr.an.AnalyzeInto(&d, text)
		if got := introduction(d.Tokens); got != want {
			t.Errorf("introduction(%s) = %v, want %v", text, got, want)
		}
	}
}
