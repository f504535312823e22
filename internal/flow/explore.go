package flow

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/flow/yasashii"
)

// maxStates bounds the exploration; flows that need more are reported.
// maxPerStep samples the variable combinations at one question: the
// first ones found (breadth first, so the shortest paths) are kept.
const (
	maxStates  = 20000
	maxPerStep = 24
)

// exploreTimes are the instants the conversation is explored at: a weekday
// morning (offices open) and a weekday night (closed, after-hours lines).
var exploreTimes = []time.Time{
	time.Date(2026, 6, 1, 10, 0, 0, 0, jst),
	time.Date(2026, 6, 1, 22, 0, 0, 0, jst),
}

// probeTriager answers the probe texts of the exploration.
type probeTriager map[string]consult.TriageResult

func (p probeTriager) Triage(text string) consult.TriageResult { return p[text] }

type exploration struct {
	problems problems
	states   int
	turns    int
	seen     map[string]bool // reported problems
	texts    map[string]bool // measured rendered texts
	names    *strings.Replacer
}

// probes builds the texts a resident might write, one per kind of triage
// outcome: each channel (also about a neighbour), each close pair the flows
// ask apart plus one they do not, each crisis, nothing clear, and phone
// numbers good and bad.
func probes(p *Program) (probeTriager, []string) {
	pt := probeTriager{}
	var texts []string
	add := func(text string, r consult.TriageResult) {
		pt[text] = r
		texts = append(texts, text)
	}
	for _, ch := range consult.Channels() {
		add("probe sure "+string(ch), consult.TriageResult{Channel: ch, Urgency: consult.Normal, Confidence: 0.9,
			Candidates: []consult.Candidate{{Channel: ch, Score: 3}}})
	}
	add("probe neighbour", consult.TriageResult{Channel: consult.Kosodate, About: consult.SubjectNeighbour, Urgency: consult.Urgent, Confidence: 0.9,
		Candidates: []consult.Candidate{{Channel: consult.Kosodate, Score: 3}}})
	pairs := map[[2]consult.Channel]bool{{consult.Volunteer, consult.SeikatsuShien}: true}
	for _, ref := range p.order {
		for _, b := range p.steps[ref].branch {
			if b.cond.kind == condPair {
				pairs[[2]consult.Channel{consult.Channel(b.cond.vals[0]), consult.Channel(b.cond.vals[1])}] = true
			}
		}
	}
	var keys [][2]consult.Channel
	for k := range pairs {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i][0]+keys[i][1] < keys[j][0]+keys[j][1] })
	for _, k := range keys {
		for _, pair := range [][2]consult.Channel{k, {k[1], k[0]}} {
			add(fmt.Sprintf("probe close %s %s", pair[0], pair[1]), consult.TriageResult{Channel: pair[0], RunnerUp: pair[1], Urgency: consult.Normal,
				Confidence: 0.4, Candidates: []consult.Candidate{{Channel: pair[0], Score: 2}, {Channel: pair[1], Score: 1.9}}})
		}
	}
	for _, k := range consult.Crises() {
		add("probe crisis "+string(k), consult.TriageResult{Crisis: k, Urgency: consult.Emergency, Confidence: 0.9})
	}
	add("probe crisis dv", consult.TriageResult{Crisis: consult.Violence, Channel: consult.DV, Urgency: consult.Emergency, Confidence: 0.9})
	add("probe unclear", consult.TriageResult{Urgency: consult.Normal})
	texts = append(texts, "090-1234-5678", "12")
	return pt, texts
}

// explore runs every input from every state the conversation can reach
// and checks every turn.
func explore(p *Program, d CheckDirectory) *exploration {
	pt, texts := probes(p)
	e := New(p, pt, d)
	ex := &exploration{seen: map[string]bool{}, texts: map[string]bool{}, names: nameMask(d, p.weekdays)}
	for _, now := range exploreTimes {
		ex.run(e, now, texts)
	}
	return ex
}

// nameMask hides official names, readings, addresses and the weekday names
// that rule 6 prescribes (月曜日〜金曜日) from the やさしい日本語 measures.
func nameMask(d CheckDirectory, weekdays []string) *strings.Replacer {
	names := append([]string(nil), weekdays...)
	add := func(s string) {
		if strings.TrimSpace(s) != "" {
			names = append(names, s)
		}
	}
	for _, pl := range d.All() {
		add(pl.Name)
		add(pl.Reading)
		add(pl.Address) // addresses are proper nouns too
	}
	for _, h := range d.AllHotlines() {
		add(h.Name)
	}
	// longest first, so that a name inside another is not cut
	sort.Slice(names, func(i, j int) bool { return len(names[i]) > len(names[j]) })
	var pairs []string
	for _, n := range names {
		pairs = append(pairs, n, "X")
	}
	return strings.NewReplacer(pairs...)
}

func (ex *exploration) run(e *Engine, now time.Time, texts []string) {
	p := e.p
	type state struct {
		s    consult.Session
		last []consult.OutMessage
	}
	start := consult.Session{Vars: map[string]string{}}
	queue := []state{{s: start}}
	seen := map[string]bool{stateKey(start): true}
	perStep := map[string]int{}
	for len(queue) > 0 {
		st := queue[0]
		queue = queue[1:]
		ex.states++
		if ex.states > maxStates {
			ex.problems.add("flows", "", "", RuleExplore, "more than %d conversation states: the flows loop on growing variables?", maxStates)
			return
		}
		first := ex.states == 1
		for _, in := range inputs(p, st.last, texts) {
			for _, caseOpen := range []bool{false, true} {
				if caseOpen && !first {
					continue // a case open with staff does not depend on the step: explored from the start
				}
				if caseOpen && in.Kind == consult.InputPostback && !strings.HasPrefix(in.Data, postbackVersion+":c:") {
					continue
				}
				in.Now, in.CaseOpen = now, caseOpen
				t := e.newTurn(st.s, in)
				t.run()
				t.finish()
				ex.turns++
				ex.check(t)
				if caseOpen {
					continue
				}
				if k := stateKey(t.s); !seen[k] && perStep[t.current()] < maxPerStep {
					seen[k] = true
					perStep[t.current()]++
					queue = append(queue, state{s: t.s, last: t.msgs})
				}
			}
		}
	}
}

// inputs are what a resident can do in a state: tap any button of the
// last turn, write any probe text, use any command, answer a follow-up,
// send a sticker or re-add the account.
func inputs(p *Program, last []consult.OutMessage, texts []string) []consult.Input {
	var out []consult.Input
	for _, m := range last {
		acts := m.QuickReplies
		if m.Card != nil {
			acts = append(append([]consult.Action(nil), acts...), m.Card.Buttons...)
		}
		for _, a := range acts {
			if a.Kind == consult.ActionPostback {
				out = append(out, consult.Input{Kind: consult.InputPostback, Data: a.Data})
			}
		}
	}
	for _, t := range texts {
		out = append(out, consult.Input{Kind: consult.InputText, Text: t})
	}
	for _, c := range p.commands {
		out = append(out, consult.Input{Kind: consult.InputPostback, Data: postbackCommand(c.id)})
	}
	for _, v := range p.settings.followupValues {
		out = append(out, consult.Input{Kind: consult.InputPostback, Data: postbackFollowup(1, v)})
	}
	return append(out, consult.Input{Kind: consult.InputOther}, consult.Input{Kind: consult.InputFollow})
}

// keyVars are the variables that tell states apart in the exploration:
// those that choose what the conversation shows next. The others (texts,
// times, the stored triage, the theme, the return point …) only change
// summaries and labels, which the states kept already render.
var keyVars = []string{varChannel, varCrisis, varForWhom, varContact, "rt", "pt"}

// stateKey identifies a state for the exploration; counters above 2 count
// as 2 (the flows branch on "2 or more").
func stateKey(s consult.Session) string {
	var b strings.Builder
	b.WriteString(s.Flow + "." + s.Step)
	for _, k := range keyVars {
		v := s.Vars[k]
		if n, err := strconv.Atoi(v); err == nil && n > 2 {
			v = "2"
		}
		b.WriteString("|" + k + "=" + v)
	}
	return b.String()
}

// check reports what is wrong with one turn.
func (ex *exploration) check(t *turn) {
	file := func(origin string) (string, string) {
		ref, _, _ := strings.Cut(origin, " card ")
		if st := t.e.p.steps[ref]; st != nil {
			return st.file, origin
		}
		return "flows", origin
	}
	report := func(origin, field, rule, msg string, warning bool) {
		f, s := file(origin)
		pr := Problem{File: f, Step: s, Field: field, Rule: rule, Msg: msg, Warning: warning}
		if k := pr.String(); !ex.seen[k] {
			ex.seen[k] = true
			ex.problems = append(ex.problems, pr)
		}
	}
	for _, err := range t.errs {
		report("", "", RuleRender, err.Error(), false)
	}
	for _, v := range CheckMessages(t.raw) {
		origin := ""
		var i int
		if _, err := fmt.Sscanf(v.Field, "message[%d]", &i); err == nil && i < len(t.rawOrigin) {
			origin = t.rawOrigin[i]
		} else if len(t.rawOrigin) > 0 {
			origin = t.rawOrigin[len(t.rawOrigin)-1]
		}
		report(origin, v.Field, v.Rule, v.Msg, false)
	}
	for i, m := range t.msgs {
		origin := t.origin[i]
		measure := func(field, text string, kind yasashii.Kind) {
			key := fmt.Sprint(kind) + "\x00" + text
			if text == "" || ex.texts[key] {
				return
			}
			ex.texts[key] = true
			for _, f := range measureRendered(text, kind, ex.names) {
				report(origin, field, f.Rule, f.Msg, f.Warning)
			}
		}
		if m.Card == nil {
			measure("text", m.Text, yasashii.Message)
		} else {
			measure("card.title", m.Card.Title, yasashii.Label)
			measure("card.subtitle", m.Card.Subtitle, yasashii.Label)
			for _, l := range m.Card.Lines {
				measure("card.lines", l, yasashii.Message)
			}
			for _, a := range m.Card.Buttons {
				measure("card.buttons", a.Label, yasashii.Label)
			}
		}
		for _, a := range m.QuickReplies {
			measure("quick_replies", a.Label, yasashii.Label)
		}
	}
}
