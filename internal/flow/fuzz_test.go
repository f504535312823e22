package flow_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/flow"
	"github.com/n-csw/tsunagu/internal/flow/flowtest"
)

// FuzzStep: arbitrary postback data and text from any position never
// panic, never break LINE limits, and never move the resident to a step
// that no option, entry or command of the flows leads to.
func FuzzStep(f *testing.F) {
	for _, s := range []string{"v1:a:main.theme:money", "v1:e:handoff:kosodate", "v1:e:places:dv", "v1:c:restart",
		"v1:f:1:yes", "v1:f:-1:yes", "v1:a:crisis.after:more", "v1:e:handoff", "v1:a:handoff.phone:line", "", ":::", "v1:e:theme:x"} {
		f.Add(s, "main", "theme", "もう生きていたくない", false)
	}
	f.Add("v1:a:handoff.consent:yes", "handoff", "consent", "090-1234-5678", true)
	p := loadShipped(f)
	e := flow.New(p, triageTable, flowtest.NewDirectory())
	steps := map[string]bool{"": true}
	for _, r := range p.Steps() {
		steps[r] = true
	}
	f.Fuzz(func(t *testing.T, data, fl, st, text string, caseOpen bool) {
		s := consult.Session{Flow: fl, Step: st, Vars: map[string]string{"ch": text, "pl": data, "rs": data, "cr": text, "ts": "x"}}
		for _, in := range []consult.Input{
			{Kind: consult.InputPostback, Data: data},
			{Kind: consult.InputText, Text: text},
			{Kind: consult.InputOther},
		} {
			in.Now = monday10.Add(time.Duration(len(data)) * time.Hour)
			in.CaseOpen = caseOpen
			s2, msgs, _ := e.Step(s, in)
			if ps := flow.CheckMessages(msgs); len(ps) > 0 {
				t.Fatalf("LINE limits broken for %q: %v", data, ps)
			}
			ref := s2.Flow + "." + s2.Step
			if s2.Step == "" {
				ref = ""
			}
			if !steps[ref] {
				t.Fatalf("moved to unknown step %q", ref)
			}
			s3, msgs2, _ := e.Step(s, in)
			if !reflect.DeepEqual(s2, s3) || !reflect.DeepEqual(msgs, msgs2) {
				t.Fatalf("Step is not deterministic for %q", data)
			}
		}
	})
}

func loadShipped(tb testing.TB) *flow.Program { return shippedProgram(tb) }

// TestStepDoesNotMoveOnForeignAnswers: an answer for a question the
// resident is not at never takes its option.
func TestStepDoesNotMoveOnForeignAnswers(t *testing.T) {
	e := flow.New(shippedProgram(t), triageTable, flowtest.NewDirectory())
	s := consult.Session{Flow: "main", Step: "kids-who", Vars: map[string]string{}}
	s2, msgs, effs := e.Step(s, consult.Input{Kind: consult.InputPostback, Data: "v1:a:handoff.consent:yes", Now: monday10})
	if s2.Flow+"."+s2.Step != "main.kids-who" || len(effs) != 0 {
		t.Fatalf("foreign answer moved to %s.%s with %v", s2.Flow, s2.Step, effs)
	}
	if len(msgs) == 0 || !strings.Contains(msgs[len(msgs)-1].Text, "だれの") {
		t.Errorf("the current question is not asked again: %+v", msgs)
	}
}
