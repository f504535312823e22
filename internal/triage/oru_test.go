package triage

import (
	"testing"

	"github.com/n-csw/tsunagu/internal/consult"
)

// おる is いる in western and older speech: terms written with いる match it,
// crisis terms included, while おる in other senses stays out.
func TestOruIsIru(t *testing.T) {
	tr := triager(t)
	for _, tt := range []struct {
		text   string
		crisis consult.Crisis
	}{
		{"殴られておる", consult.Violence},
		{"殴られている", consult.Violence},
		{"殴られた", consult.NoCrisis},
	} {
		got := tr.Triage(tt.text)
		if got.Crisis != tt.crisis {
			t.Errorf("%s: crisis %q, want %q (evidence %v)", tt.text, got.Crisis, tt.crisis, got.Evidence)
		}
	}
	// The base and reading keys of おる are those of いる.
	an := tr.an
	for _, text := range []string{"ここにおる", "ここにおらん"} {
		d := an.Analyze(text)
		tk := d.Tokens[2] // ここ|に|おら|ん
		if b := baseOf(tk); b != "いる" {
			t.Errorf("%s: baseOf %q = %q, want いる", text, tk.Surface, b)
		}
	}
	d := an.Analyze("紙を折る")
	if b := baseOf(d.Tokens[len(d.Tokens)-1]); b == "いる" {
		t.Errorf("折る taken for いる")
	}
}
