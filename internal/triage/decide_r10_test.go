package triage

import (
	"testing"

	"github.com/n-csw/tsunagu/internal/consult"
)

// A message that says it asks nothing (class noneed in classes.tsv) gets
// no channel, however many topic words it holds; a request outside the
// phrase (class request) routes it after all.
func TestNoNeedMessage(t *testing.T) {
	tr := triager(t)
	tests := []struct {
		text string
		want bool // a channel
	}{
		{"家賃も電気代も上がって生活が大変です。特に用事はないです、誰かに話したかっただけです。", false},
		{"子どもの保育園の送り迎えが大変で、夫も手伝ってくれません。返事はいらないです。", false},
		{"家賃も電気代も上がって生活が大変です。誰かに話したかっただけですが、生活費の相談をしたいです。", true},
		{"家賃も電気代も上がって生活が大変です。相談窓口を教えてください。", true},
	}
	for _, tt := range tests {
		got := tr.Triage(tt.text)
		if (got.Channel != "") != tt.want || got.Crisis != consult.NoCrisis {
			t.Errorf("%s: channel %q crisis %q, want a channel: %v", tt.text, got.Channel, got.Crisis, tt.want)
		}
	}
}

// A one-sentence message that only names its topic before a topic marker
// (class topic) gets no channel; a need after the marker routes it.
func TestTopicOnlyMessage(t *testing.T) {
	tr := triager(t)
	tests := []struct {
		text string
		want bool // a channel
	}{
		{"介護保険のことで…", false},
		{"障害者手帳の件なんですが", false},
		{"介護保険のことで、母の介護が限界で困っています", true},
		{"介護保険のことで聞きたいです。母が認知症で一人暮らしです", true},
	}
	for _, tt := range tests {
		got := tr.Triage(tt.text)
		if (got.Channel != "") != tt.want || got.Crisis != consult.NoCrisis {
			t.Errorf("%s: channel %q crisis %q, want a channel: %v", tt.text, got.Channel, got.Crisis, tt.want)
		}
	}
}
