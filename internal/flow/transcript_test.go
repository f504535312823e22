package flow_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/flow"
	"github.com/n-csw/tsunagu/internal/flow/flowtest"
)

var update = flag.Bool("update", false, "rewrite the golden transcripts in testdata/flows/golden")

const goldenDir = "../../testdata/flows/golden"

var (
	shippedOnce sync.Once
	shipped     *flow.Program
	shippedErr  error
)

// shippedProgram loads flows/ once per test binary.
func shippedProgram(t testing.TB) *flow.Program {
	t.Helper()
	shippedOnce.Do(func() { shipped, shippedErr = flow.Load(os.DirFS("../../flows")) })
	if shippedErr != nil {
		t.Fatal(shippedErr)
	}
	return shipped
}

// monday10 is Monday 2026-06-01 10:00 in Japan: every office is open.
var jst = time.FixedZone("JST", 9*60*60)

var monday10 = time.Date(2026, 6, 1, 10, 0, 0, 0, jst)

// conversation drives an engine the way the bot does and writes a
// readable transcript: "> resident", "< bot", "[card]", "(buttons)", "! effect".
type conversation struct {
	t        *testing.T
	e        *flow.Engine
	s        consult.Session
	now      time.Time
	caseOpen bool
	last     []consult.OutMessage
	b        strings.Builder
	turns    [][]consult.OutMessage
	effects  [][]consult.Effect
}

func newConversation(t *testing.T) *conversation {
	return &conversation{t: t, e: flow.New(shippedProgram(t), triageTable, flowtest.NewDirectory()),
		s: consult.Session{Resident: "U1", Vars: map[string]string{}}, now: monday10}
}

// run executes one line of a scenario script.
func (c *conversation) run(line string) {
	c.t.Helper()
	verb, arg, _ := strings.Cut(line, " ")
	switch verb {
	case "follow":
		c.b.WriteString("* follow\n")
		c.step(consult.Input{Kind: consult.InputFollow})
	case ">":
		c.b.WriteString("> " + arg + "\n")
		c.step(consult.Input{Kind: consult.InputText, Text: arg})
	case "tap":
		a, ok := c.find(arg)
		if !ok {
			c.t.Fatalf("no button %q in the last turn:\n%s", arg, c.b.String())
		}
		if a.Kind == consult.ActionURI {
			c.b.WriteString("> [tap] " + arg + " → " + a.URI + "\n")
			return
		}
		c.b.WriteString("> [tap] " + arg + "\n")
		c.step(consult.Input{Kind: consult.InputPostback, Data: a.Data})
	case "data":
		c.b.WriteString("> [postback] " + arg + "\n")
		c.step(consult.Input{Kind: consult.InputPostback, Data: arg})
	case "sticker":
		c.b.WriteString("> [sticker]\n")
		c.step(consult.Input{Kind: consult.InputOther})
	case "at":
		tm, err := time.ParseInLocation("2006-01-02T15:04", arg, jst)
		if err != nil {
			c.t.Fatal(err)
		}
		c.now = tm
		c.b.WriteString("@ " + tm.Format("2006-01-02 15:04 Mon") + "\n")
	case "wait":
		d, err := time.ParseDuration(arg)
		if err != nil {
			c.t.Fatal(err)
		}
		c.now = c.now.Add(d)
		c.b.WriteString("@ +" + arg + " → " + c.now.Format("2006-01-02 15:04 Mon") + "\n")
	case "case":
		c.caseOpen = arg == "open"
		c.b.WriteString("# case " + arg + "\n")
	default:
		c.t.Fatalf("bad script line %q", line)
	}
}

func (c *conversation) step(in consult.Input) {
	c.t.Helper()
	in.Now = c.now
	in.CaseOpen = c.caseOpen
	before := c.s.Clone()
	s, msgs, effs := c.e.Step(c.s, in)
	if diff := cmp.Diff(before, c.s); diff != "" {
		c.t.Fatalf("Step changed its input session (-before +after):\n%s", diff)
	}
	if ps := flow.CheckMessages(msgs); len(ps) > 0 {
		c.t.Errorf("turn breaks LINE limits: %v", ps)
	}
	c.s, c.last = s, msgs
	c.turns = append(c.turns, msgs)
	c.effects = append(c.effects, effs)
	writeTurn(&c.b, msgs, effs)
	if len(msgs) == 0 && len(effs) == 0 {
		c.b.WriteString("  (quiet)\n")
	}
}

// find looks a button up by label in the last turn (quick replies first).
func (c *conversation) find(label string) (consult.Action, bool) {
	for i := len(c.last) - 1; i >= 0; i-- {
		m := c.last[i]
		for _, a := range m.QuickReplies {
			if a.Label == label {
				return a, true
			}
		}
		if m.Card != nil {
			for _, a := range m.Card.Buttons {
				if a.Label == label {
					return a, true
				}
			}
		}
	}
	return consult.Action{}, false
}

func writeTurn(b *strings.Builder, msgs []consult.OutMessage, effs []consult.Effect) {
	for _, m := range msgs {
		if m.Card != nil {
			tone := ""
			if m.Card.Tone != "" {
				tone = " (" + string(m.Card.Tone) + ")"
			}
			fmt.Fprintf(b, "< [card%s] %s\n", tone, m.Card.Title)
			if m.Card.Subtitle != "" {
				fmt.Fprintf(b, "<   %s\n", m.Card.Subtitle)
			}
			for _, l := range m.Card.Lines {
				for _, x := range strings.Split(l, "\n") {
					fmt.Fprintf(b, "<   | %s\n", x)
				}
			}
			for _, a := range m.Card.Buttons {
				fmt.Fprintf(b, "<   [%s] %s\n", a.Label, actionTarget(a))
			}
			fmt.Fprintf(b, "<   alt: %s\n", m.AltText)
		} else {
			for _, x := range strings.Split(m.Text, "\n") {
				fmt.Fprintf(b, "< %s\n", x)
			}
		}
		if len(m.QuickReplies) > 0 {
			var ls []string
			for _, a := range m.QuickReplies {
				ls = append(ls, a.Label)
			}
			fmt.Fprintf(b, "< (%s)\n", strings.Join(ls, " | "))
		}
	}
	for _, e := range effs {
		fmt.Fprintf(b, "! %s\n", effectString(e))
	}
}

func actionTarget(a consult.Action) string {
	if a.Kind == consult.ActionURI {
		return a.URI
	}
	return a.Data
}

func effectString(e consult.Effect) string {
	parts := []string{string(e.Kind)}
	add := func(k, v string) {
		if v != "" {
			parts = append(parts, k+"="+v)
		}
	}
	add("channel", string(e.Channel))
	add("crisis", string(e.Crisis))
	add("urgency", string(e.Urgency))
	add("for", string(e.ForWhom))
	if e.Contact != nil {
		add("contact", string(e.Contact.Method))
		add("phone", e.Contact.Phone)
	}
	add("summary", fmt.Sprintf("%q", e.Summary))
	if e.Summary == "" {
		parts = parts[:len(parts)-1]
	}
	if e.Triage != nil {
		add("triage", string(e.Triage.Channel)+string(e.Triage.Crisis))
	}
	if e.CaseID != 0 {
		add("case", fmt.Sprint(e.CaseID))
	}
	add("value", e.Value)
	return strings.Join(parts, " ")
}

// golden compares a transcript with testdata/flows/golden/<name>.txt.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join(goldenDir, name+".txt")
	if *update {
		if err := os.MkdirAll(goldenDir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/flow -update)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("transcript %s mismatch (-want +got):\n%s", name, diff)
	}
}
