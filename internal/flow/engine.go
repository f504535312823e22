package flow

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
)

// Triager finds the channel, crisis and urgency of a text (internal/triage).
type Triager interface {
	Triage(text string) consult.TriageResult
}

// Engine runs the conversation of a Program. It holds no state of its own:
// everything about a resident is in the Session it is given and returns.
type Engine struct {
	p *Program
	t Triager
	d Directory
}

// New returns an engine for p that triages with t and looks places up in d.
func New(p *Program, t Triager, d Directory) *Engine { return &Engine{p: p, t: t, d: d} }

// Program returns the flows the engine runs.
func (e *Engine) Program() *Program { return e.p }

// maxStepsPerTurn stops a turn that would run on; validation rejects loops
// without a question, so it is only a guard.
const maxStepsPerTurn = 64

// Session variables (Session.Vars). Keys are short because sessions are
// stored on every turn; doc.go lists them with their meaning.
const (
	varIn       = "in" // the resident's last free text
	varText     = "tx" // the resident's texts of this consultation (summary)
	varChannel  = "ch" // the channel shown or chosen
	varRunnerUp = "ru" // a second channel offered too
	varCand1    = "ca" // close candidates of triage, asked apart
	varCand2    = "cb"
	varVerdict  = "tv" // triage verdict: crisis, sure, close, unclear
	varCrisis   = "cr" // crisis kind
	varUrgency  = "ug" // urgency
	varAbout    = "ab" // whom the text was about (triage)
	varForWhom  = "fw" // whom the consultation is for
	varPlace    = "pl" // the place shown
	varTriage   = "tr" // the last triage result (JSON) for staff
	varContact  = "cm" // contact method: line or phone
	varPhone    = "ph" // phone number to call back (until handed off)
	varReturn   = "rs" // the question to return to after a command
	varTime     = "ts" // time of the last input (Unix seconds)
	varDVSafe   = "dv" // "1": DV-safe (kept across conversations)
	varHandoff  = "hc" // "1": a case was handed off (kept until withdrawn)
	varCaseID   = "fc" // follow-up: case ID
	varFollowup = "fv" // follow-up: answer
)

// persistent variables survive reset, end and idle restarts.
var persistent = []string{varDVSafe, varHandoff}

// maxSummary caps the resident's texts kept for staff, in characters.
const maxSummary = 1000

// Step runs one resident input through the conversation. It is pure and
// deterministic: time comes only from in.Now, and s is not modified.
func (e *Engine) Step(s consult.Session, in consult.Input) (consult.Session, []consult.OutMessage, []consult.Effect) {
	t := e.newTurn(s, in)
	t.run()
	t.finish()
	return t.s, t.msgs, t.effects
}

// turn is the work of one Step.
type turn struct {
	e       *Engine
	s       consult.Session
	in      consult.Input
	now     time.Time
	msgs    []consult.OutMessage
	origin  []string // the step (or notice) that made each message
	effects []consult.Effect
	tri     map[string]consult.TriageResult
	errs    []error // render errors (reported by flows check)
	// raw and rawOrigin are the messages before fitTurn, for flows check.
	raw       []consult.OutMessage
	rawOrigin []string
	cache     *placeCache
}

func (e *Engine) newTurn(s consult.Session, in consult.Input) *turn {
	s = s.Clone()
	return &turn{e: e, s: s, in: in, now: in.Now.In(jst), tri: map[string]consult.TriageResult{}}
}

var jst = time.FixedZone("JST", 9*60*60)

func (t *turn) v(k string) string { return t.s.Vars[k] }

func (t *turn) set(k, val string) {
	if val == "" {
		delete(t.s.Vars, k)
	} else {
		t.s.Vars[k] = val
	}
	if k == varChannel || k == varPlace || k == varCrisis {
		t.cache = nil
		if k == varChannel {
			delete(t.s.Vars, varPlace)
		}
	}
}

func (t *turn) run() {
	p := t.e.p
	if t.s.Vars == nil {
		t.s.Vars = map[string]string{}
	}
	// A session saved before the flows changed may point at a step that no
	// longer exists: the resident is then at no question (home).
	if st := p.steps[t.current()]; t.s.Step != "" && (st == nil || st.kind != kindAsk) {
		t.s.Flow, t.s.Step = "", ""
	}
	if !t.in.CaseOpen {
		t.idle()
	}
	switch t.in.Kind {
	case consult.InputFollow:
		if t.in.CaseOpen {
			t.notice("case-open")
			return
		}
		t.resetVars()
		t.goTo(p.settings.follow)
	case consult.InputText:
		t.text(t.in.Text)
	case consult.InputPostback:
		t.postback(t.in.Data)
	default:
		if t.in.CaseOpen {
			t.effect(consult.Effect{Kind: consult.EffectToStaff})
			return
		}
		t.notice("other-input")
		t.reask()
	}
}

// idle restarts a conversation that rested longer than settings.idle.
func (t *turn) idle() {
	p := t.e.p
	last, err := strconv.ParseInt(t.v(varTime), 10, 64)
	if err != nil || t.s.Step == "" || t.current() == p.settings.home {
		return
	}
	if t.in.Now.Sub(time.Unix(last, 0)) <= p.settings.idle {
		return
	}
	if t.in.Kind != consult.InputFollow {
		t.notice("idle")
	}
	t.resetVars()
	t.s.Flow, t.s.Step = "", ""
}

func (t *turn) finish() {
	t.set(varTime, strconv.FormatInt(t.in.Now.Unix(), 10))
	if len(t.msgs) == 0 && len(t.errs) > 0 {
		t.notice("error")
	}
	t.raw, t.rawOrigin = t.msgs, t.origin
	t.msgs, t.origin = fitTurn(append([]consult.OutMessage(nil), t.msgs...), append([]string(nil), t.origin...))
}

// current is the ref of the question the resident is at, or "".
func (t *turn) current() string {
	if t.s.Step == "" {
		return ""
	}
	return t.s.Flow + "." + t.s.Step
}

// currentAsk is the question a typed text or a tapped answer belongs to:
// the one the resident is at, or home.
func (t *turn) currentAsk() *step {
	if st := t.e.p.steps[t.current()]; st != nil && st.kind == kindAsk {
		return st
	}
	return t.e.p.steps[t.e.p.settings.home]
}

func (t *turn) resetVars() {
	keep := map[string]string{}
	for _, k := range persistent {
		if v, ok := t.s.Vars[k]; ok {
			keep[k] = v
		}
	}
	t.s.Vars = keep
	t.cache = nil
}

func (t *turn) effect(e consult.Effect) { t.effects = append(t.effects, e) }

func (t *turn) text(text string) {
	if strings.TrimSpace(text) == "" {
		if !t.in.CaseOpen {
			t.notice("use-buttons")
			t.reask()
		}
		return
	}
	if cmd := t.e.p.commandByWord(normalize(text)); cmd != nil {
		t.command(cmd)
		return
	}
	tr := t.triage(text)
	if tr.Crisis != consult.NoCrisis && tr.Crisis.Valid() {
		if t.in.CaseOpen {
			t.effect(consult.Effect{Kind: consult.EffectToStaff})
		}
		t.crisis(text, tr)
		return
	}
	if t.in.CaseOpen {
		t.effect(consult.Effect{Kind: consult.EffectToStaff})
		return
	}
	a := t.currentAsk()
	if a == nil {
		return
	}
	n := normalize(text)
	for _, o := range a.ask.options {
		if t.visible(o) && contains(o.words, n) {
			t.choose(o)
			return
		}
	}
	switch {
	case a.ask.expect == "phone":
		if d, ok := phoneNumber(text); ok {
			t.set(varPhone, d)
			t.goTo(a.ask.free)
		} else {
			t.goTo(a.ask.invalid)
		}
	case a.ask.free != "":
		t.set(varIn, text)
		t.addText(text)
		t.goTo(a.ask.free)
	default:
		t.notice("use-buttons")
		t.reaskStep(a)
	}
}

func (t *turn) addText(text string) {
	tx := t.v(varText)
	if tx != "" {
		tx += " / "
	}
	tx += strings.TrimSpace(text)
	if r := []rune(tx); len(r) > maxSummary {
		tx = string(r[:maxSummary])
	}
	t.set(varText, tx)
}

func (t *turn) crisis(text string, tr consult.TriageResult) {
	t.addText(text)
	t.setTriage(tr)
	t.goTo(t.e.p.settings.crisis)
}

func (t *turn) choose(o *option) {
	t.s.Flow, t.s.Step = "", ""
	t.apply(o.set, "")
	t.goTo(o.next)
}

func (t *turn) visible(o *option) bool { return o.cond == nil || t.eval(o.cond) }

func (t *turn) postback(data string) {
	p := t.e.p
	pb, ok := parsePostback(data)
	if !ok {
		t.stale()
		return
	}
	switch pb.kind {
	case 'c':
		if cmd := p.commandByID(pb.a); cmd != nil {
			t.command(cmd)
			return
		}
		t.stale()
		return
	case 'f':
		id, err := strconv.ParseInt(pb.a, 10, 64)
		if err != nil || id <= 0 || !contains(p.settings.followupValues, pb.b) {
			t.stale()
			return
		}
		t.set(varCaseID, pb.a)
		t.set(varFollowup, pb.b)
		t.goTo(p.settings.followup)
		return
	}
	if t.in.CaseOpen {
		return
	}
	switch pb.kind {
	case 'e':
		t.entry(pb.a, pb.b)
	case 'a':
		a := t.currentAsk()
		if a == nil || a.ref != pb.a {
			t.stale()
			return
		}
		for _, o := range a.ask.options {
			if o.key == pb.b && t.visible(o) {
				t.choose(o)
				return
			}
		}
		t.stale()
	}
}

// stale answers a button that means nothing now: say so, ask again.
func (t *turn) stale() {
	if t.in.CaseOpen {
		return
	}
	t.notice("stale")
	t.reask()
}

func (t *turn) entry(name, arg string) {
	en := t.e.p.entries[name]
	if en == nil {
		t.stale()
		return
	}
	switch en.arg {
	case "":
		if arg != "" {
			t.stale()
			return
		}
	case "channel":
		if !consult.Channel(arg).Valid() {
			t.stale()
			return
		}
		t.set(varChannel, arg)
	case "place":
		pl, ok := t.e.d.Place(arg)
		if !ok {
			t.stale()
			return
		}
		t.set(varChannel, string(pl.Channel))
		t.set(varPlace, pl.ID)
	case "crisis":
		k := consult.Crisis(arg)
		if k == consult.NoCrisis || !k.Valid() {
			t.stale()
			return
		}
		t.set(varCrisis, arg)
	}
	t.s.Flow, t.s.Step = "", ""
	t.goTo(en.target)
}

func (t *turn) command(c *command) {
	target := c.target
	if t.in.CaseOpen {
		if c.caseOpen == "" {
			return
		}
		target = c.caseOpen
	}
	t.set(varReturn, t.current())
	t.s.Flow, t.s.Step = "", ""
	t.goTo(target)
}

// triage calls the triager once per text and turn.
func (t *turn) triage(text string) consult.TriageResult {
	if r, ok := t.tri[text]; ok {
		return r
	}
	var r consult.TriageResult
	if t.e.t != nil && strings.TrimSpace(text) != "" {
		r = t.e.t.Triage(text)
	}
	t.tri[text] = r
	return r
}

// setTriage stores what triage found in the session variables.
func (t *turn) setTriage(r consult.TriageResult) {
	st := t.e.p.settings
	for _, k := range []string{varChannel, varRunnerUp, varCand1, varCand2, varAbout, varCrisis} {
		t.set(k, "")
	}
	if b, err := json.Marshal(r); err == nil {
		t.set(varTriage, string(b))
	}
	t.set(varUrgency, string(r.Urgency))
	if r.About != consult.SubjectUnknown {
		t.set(varAbout, string(r.About))
		if t.v(varForWhom) == "" {
			t.set(varForWhom, string(r.About))
		}
	}
	if r.Channel.Valid() && r.Channel != "" {
		t.set(varChannel, string(r.Channel))
	}
	switch {
	case r.Crisis != consult.NoCrisis && r.Crisis.Valid():
		t.set(varVerdict, "crisis")
		t.set(varCrisis, string(r.Crisis))
		t.set(varUrgency, string(consult.Emergency))
		return
	case !r.Channel.Valid() || r.Channel == "" || r.Confidence < st.unsure:
		t.set(varChannel, "")
		t.set(varVerdict, "unclear")
		return
	}
	second, s1, s2 := secondCandidate(r)
	if second != "" && s1 > 0 && s2 >= s1*(1-st.close) {
		t.set(varChannel, "")
		t.set(varCand1, string(r.Channel))
		t.set(varCand2, string(second))
		t.set(varVerdict, "close")
		return
	}
	if r.Confidence < st.sure && second != "" {
		t.set(varChannel, "")
		t.set(varCand1, string(r.Channel))
		t.set(varCand2, string(second))
		t.set(varVerdict, "close")
		return
	}
	t.set(varVerdict, "sure")
	if r.RunnerUp.Valid() && r.RunnerUp != r.Channel {
		t.set(varRunnerUp, string(r.RunnerUp))
	}
	t.set(varChannel, string(r.Channel))
}

// secondCandidate is the best channel after the lead, with both scores.
func secondCandidate(r consult.TriageResult) (consult.Channel, float64, float64) {
	var s1, s2 float64
	var second consult.Channel
	for _, c := range r.Candidates {
		switch {
		case c.Channel == r.Channel:
			s1 = c.Score
		case c.Channel.Valid() && c.Channel != "" && (second == "" || c.Score > s2):
			second, s2 = c.Channel, c.Score
		}
	}
	if second == "" && r.RunnerUp.Valid() && r.RunnerUp != "" && r.RunnerUp != r.Channel {
		return r.RunnerUp, 0, 0
	}
	return second, s1, s2
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
