package loadtest

import (
	"testing"

	"github.com/n-csw/tsunagu/internal/triage"
)

// TestMessagesAreNotCrises keeps the corpus free of crises: a crisis opens
// a case, and the bot then stays quiet, which would read as lost answers.
func TestMessagesAreNotCrises(t *testing.T) {
	tr, err := triage.Shared()
	if err != nil {
		t.Fatal(err)
	}
	msgs := Messages()
	if len(msgs) < 30 {
		t.Fatalf("%d messages, want a varied corpus", len(msgs))
	}
	channels := map[string]bool{}
	for _, m := range msgs {
		r := tr.Triage(m)
		if r.Crisis != "" {
			t.Errorf("%q is triaged as crisis %q", m, r.Crisis)
		}
		channels[string(r.Channel)] = true
	}
	if len(channels) < 8 {
		t.Errorf("messages reach %d channels, want most of them", len(channels))
	}
}
