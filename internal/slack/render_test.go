package slack

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/slack-go/slack"

	"github.com/n-csw/tsunagu/internal/consult"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func testRenderer(t *testing.T, detail Detail) *renderer {
	t.Helper()
	tx, err := LoadTexts()
	if err != nil {
		t.Fatal(err)
	}
	return &renderer{texts: tx, masker: NewMasker(tx), detail: detail, baseURL: "https://tsunagu.example.jp", names: testNames}
}

func TestRenderGolden(t *testing.T) {
	emergency := sampleCase()
	emergency.Urgency, emergency.Crisis, emergency.Channel = consult.Emergency, consult.Suicide, consult.Other
	emergency.Status, emergency.ClaimedBy, emergency.ClaimedAt = consult.CaseClaimed, "sato (slack:U0SATO)", time.Date(2026, 11, 27, 1, 4, 0, 0, time.UTC)
	emergency.Summary, emergency.ForWhom, emergency.OutOfHours, emergency.DVSafe = "もう生きていたくない", consult.SubjectSelf, true, true
	emergency.Contact = consult.Contact{Method: consult.ContactLINE}
	emergency.Triage = consult.TriageResult{Crisis: consult.Suicide, Urgency: consult.Emergency,
		Evidence: []consult.Evidence{{Term: "生きていたくない", Crisis: consult.Suicide, Weight: 3}, {Term: "もう", Urgency: consult.Urgent, Weight: 0, Note: "negated"}}}
	for name, tc := range map[string]struct {
		c      consult.Case
		detail Detail
	}{
		"case-minimal":         {sampleCase(), DetailMinimal},
		"case-full":            {sampleCase(), DetailFull},
		"emergency-claimed-dv": {emergency, DetailMinimal},
	} {
		t.Run(name, func(t *testing.T) {
			msg := testRenderer(t, tc.detail).caseMessage(tc.c)
			got, err := json.MarshalIndent(map[string]any{"text": msg.Text, "blocks": msg.Blocks}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", name+".json")
			if *update {
				if err := os.WriteFile(path, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if diff := cmp.Diff(strings.TrimSpace(string(want)), string(got)); diff != "" {
				t.Errorf("rendered message mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRenderLimits renders an oversized case and checks Block Kit's limits.
func TestRenderLimits(t *testing.T) {
	c := sampleCase()
	c.Summary = strings.Repeat("家賃が払えなくて、電気も止まりそうです。", 600)
	for i := 0; i < 40; i++ {
		c.Triage.Evidence = append(c.Triage.Evidence, consult.Evidence{Term: strings.Repeat("長い語", 30), Channel: consult.SeikatsuSoudan, Weight: 1})
	}
	c.Contact.Name = strings.Repeat("名", 3000)
	r := testRenderer(t, DetailFull)
	r.names = map[consult.Channel]string{}
	for _, ch := range consult.Channels() {
		r.names[ch] = strings.Repeat("とても長い窓口の名前", 20)
	}
	msg := r.caseMessage(c)
	if len(msg.Blocks) > maxBlocks {
		t.Errorf("%d blocks", len(msg.Blocks))
	}
	count := func(s string) int { return utf8.RuneCountInString(s) }
	for _, b := range msg.Blocks {
		switch b := b.(type) {
		case *slack.HeaderBlock:
			if n := count(b.Text.Text); n > maxHeader {
				t.Errorf("header of %d characters", n)
			}
		case *slack.SectionBlock:
			if b.Text != nil && count(b.Text.Text) > maxSection {
				t.Errorf("section text of %d characters", count(b.Text.Text))
			}
			if len(b.Fields) > 10 {
				t.Errorf("%d fields", len(b.Fields))
			}
			for _, f := range b.Fields {
				if n := count(f.Text); n > maxField {
					t.Errorf("field of %d characters", n)
				}
			}
		case *slack.ContextBlock:
			if n := len(b.ContextElements.Elements); n > maxContext {
				t.Errorf("context of %d elements", n)
			}
		case *slack.ActionBlock:
			for _, el := range b.Elements.ElementSet {
				switch el := el.(type) {
				case *slack.ButtonBlockElement:
					if n := count(el.Text.Text); n > maxButton {
						t.Errorf("button of %d characters", n)
					}
				case *slack.SelectBlockElement:
					if len(el.Options) != len(consult.Channels())-1 {
						t.Errorf("select of %d channels", len(el.Options))
					}
					for _, o := range el.Options {
						if n := count(o.Text.Text); n > maxButton {
							t.Errorf("option of %d characters", n)
						}
					}
				}
			}
		}
	}
	b, _ := json.Marshal(msg.Blocks)
	if n := utf8.RuneCount(b); n > 13000 {
		t.Errorf("blocks of %d characters: Slack refuses messages over about 13,000", n)
	}
	if n := count(r.relay(c, strings.Repeat("あ", 10000))); n > maxText {
		t.Errorf("relay of %d characters", n)
	}
}

func TestTextsComplete(t *testing.T) {
	if _, err := parseTexts([]byte("urgency: {emergency: 緊急}\n")); err == nil || !strings.Contains(err.Error(), "missing texts") {
		t.Errorf("incomplete texts: %v", err)
	}
	if _, err := parseTexts(append(append([]byte{}, messagesYAML...), []byte("\nunknown_key: 1\n")...)); err == nil {
		t.Errorf("unknown key accepted")
	}
}
