package triage

import "testing"

// A polite request in the negative (〜てもらえませんか, 〜てくれませんか)
// asks a favour; it does not deny the term before it, which keeps its
// channel.
func TestPoliteRequestIsNotNegation(t *testing.T) {
	tr := triager(t)
	tests := []struct {
		text, want string
	}{
		{"車いすを貸してもらえませんか", "other"},
		{"お店を閉めることになりました。残ったタオルや日用品を、福祉のために役立ててもらえませんか", "other"},
	}
	for _, tt := range tests {
		got := tr.Triage(tt.text)
		if string(got.Channel) != tt.want {
			t.Errorf("%s: channel %q, want %q", tt.text, got.Channel, tt.want)
		}
	}
	// the term itself must not be marked negated
	got := tr.Triage("車いすを貸してくれませんか")
	for _, e := range got.Evidence {
		if e.Term == "車いす+貸す" && e.Note == "negated" {
			t.Errorf("車いす+貸す read as negated in a polite request")
		}
	}
}

// A professional's self-introduction is not a need: when every channel word
// stands in it (ケアマネです, 民生委員をしている者です), the bot asks; a need
// told after it routes the message.
func TestIntroductionOnly(t *testing.T) {
	tr := triager(t)
	tests := []struct {
		text, want string
	}{
		{"ケアマネです。ご相談したいケースがあります", ""},
		{"民生委員をしている者です。担当のお宅のことで", ""},
		{"大家です。入居者さんのことで少し", ""},
		{"ケアマネです。担当の方が最近物忘れがひどくて、お金の管理ができていません", "kenri-yougo"},
		{"民生委員です。担当の一人暮らしの方を一週間見かけません", "chiiki-fukushi"},
		{"ささえあい訪問ってどういうものですか。料金はかかりますか", "seikatsu-shien"},
	}
	for _, tt := range tests {
		got := tr.Triage(tt.text)
		if string(got.Channel) != tt.want {
			t.Errorf("%s: channel %q, want %q", tt.text, got.Channel, tt.want)
		}
	}
}

// A question about the service itself (相談ってお金かかりますか) is no money
// trouble; a need told beside it still routes the message.
func TestServiceQuestionOnly(t *testing.T) {
	tr := triager(t)
	tests := []struct {
		text, want string
	}{
		{"相談ってお金かかりますか", ""},
		{"相談はお金かかりますか", ""},
		{"家賃が二か月払えていません。相談はお金かかりますか", "seikatsu-soudan"},
		{"デイサービスってお金かかりますか", "houkatsu"},
	}
	for _, tt := range tests {
		got := tr.Triage(tt.text)
		if string(got.Channel) != tt.want {
			t.Errorf("%s: channel %q, want %q", tt.text, got.Channel, tt.want)
		}
	}
}
