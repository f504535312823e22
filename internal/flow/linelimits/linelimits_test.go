package linelimits

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/n-csw/tsunagu/internal/consult"
)

func pb(label, data string) consult.Action {
	return consult.Action{Kind: consult.ActionPostback, Label: label, Data: data}
}

func TestCheck(t *testing.T) {
	card := func(btns ...consult.Action) consult.OutMessage {
		return consult.OutMessage{Card: &consult.Card{Title: "t", Buttons: btns}, AltText: "a"}
	}
	text := consult.OutMessage{Text: "こんにちは"}
	many := func(n int) []consult.Action {
		var a []consult.Action
		for i := 0; i < n; i++ {
			a = append(a, pb("x", "v1:a"))
		}
		return a
	}
	tests := []struct {
		name string
		msgs []consult.OutMessage
		want []string
	}{
		{"ok", []consult.OutMessage{text, card(consult.Action{Kind: consult.ActionURI, Label: "電話する", URI: "tel:0424975061"}), {Text: "x", QuickReplies: many(13)}}, nil},
		{"too many messages", []consult.OutMessage{text, text, text, text, text, text}, []string{RuleMessages}},
		{"long text", []consult.OutMessage{{Text: strings.Repeat("🍎", 2501)}}, []string{RuleText}},
		{"text at limit", []consult.OutMessage{{Text: strings.Repeat("🍎", 2500)}}, nil},
		{"empty", []consult.OutMessage{{}}, []string{RuleMessageKind}},
		{"14 quick replies", []consult.OutMessage{{Text: "x", QuickReplies: many(14)}}, []string{RuleQuickReply}},
		{"quick replies not last", []consult.OutMessage{{Text: "x", QuickReplies: many(1)}, text}, []string{RuleQuickReply}},
		{"long quick label", []consult.OutMessage{{Text: "x", QuickReplies: []consult.Action{pb(strings.Repeat("あ", 21), "d")}}}, []string{RuleLabel}},
		{"flex label 40 ok", []consult.OutMessage{card(pb(strings.Repeat("あ", 40), "d"))}, nil},
		{"flex label 41", []consult.OutMessage{card(pb(strings.Repeat("あ", 41), "d"))}, []string{RuleLabel}},
		{"five buttons", []consult.OutMessage{card(pb("a", "d"), pb("a", "d"), pb("a", "d"), pb("a", "d"), pb("a", "d"))}, []string{RuleButtons}},
		{"no alt", []consult.OutMessage{{Card: &consult.Card{Title: "t"}}}, []string{RuleAltText}},
		{"long alt", []consult.OutMessage{{Card: &consult.Card{Title: "t"}, AltText: strings.Repeat("あ", 1501)}}, []string{RuleAltText}},
		{"long data", []consult.OutMessage{card(pb("a", strings.Repeat("x", 301)))}, []string{RulePostback}},
		{"http uri", []consult.OutMessage{card(consult.Action{Kind: consult.ActionURI, Label: "a", URI: "http://example.org"})}, []string{RuleURI}},
		{"line uri", []consult.OutMessage{card(consult.Action{Kind: consult.ActionURI, Label: "a", URI: "line://x"})}, []string{RuleURI}},
		{"bad tel", []consult.OutMessage{card(consult.Action{Kind: consult.ActionURI, Label: "a", URI: "tel:042-497-5061"})}, []string{RuleURI}},
		{"hash tel", []consult.OutMessage{card(consult.Action{Kind: consult.ActionURI, Label: "a", URI: "tel:%237119"})}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, v := range Check(tt.msgs) {
				got = append(got, v.Rule)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Check mismatch (-want +got):\n%s%v", diff, Check(tt.msgs))
			}
		})
	}
}

func TestChars(t *testing.T) {
	for s, want := range map[string]int{"abc": 3, "電話する": 4, "👨‍👩‍👧": 1, "👍🏽": 1, "か\u3099": 1} {
		if got := Chars(s); got != want {
			t.Errorf("Chars(%q) = %d, want %d", s, got, want)
		}
	}
}
