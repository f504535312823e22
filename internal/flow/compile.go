package flow

import (
	"fmt"
	"strings"

	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/flow/linelimits"
)

// Sources a message, card line or button may repeat over with each:.
var sources = map[string]bool{
	"places": true, "other-places": true, "hotlines": true, "after-hours": true,
	"all-hotlines": true,
}

// effects a step may ask for with effect:.
var stepEffects = map[string]consult.EffectKind{
	"crisis": consult.EffectCrisis, "dv-safe": consult.EffectDVSafe,
	"withdraw": consult.EffectWithdraw, "follow-up": consult.EffectFollowUp,
}

// varPattern: variable names are short lowercase words (see doc.go).
func (c *compiler) setVars(file, ref, field string, m map[string]string) []setVar {
	var out []setVar
	for _, k := range sortedKeys(m) {
		if !varName(k) {
			c.ps.add(file, ref, field+"."+k, RuleSchema, "variable %q: 1–8 letters a-z", k)
			continue
		}
		out = append(out, setVar{key: k, val: c.tmplNoText(file, ref, field+"."+k, m[k])})
	}
	return out
}

func varName(k string) bool {
	if len(k) == 0 || len(k) > 8 {
		return false
	}
	for _, r := range k {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// tmplNoText compiles a template that is a value, not a text a resident
// reads (so it is not measured by the やさしい日本語 rules).
func (c *compiler) tmplNoText(file, ref, field, src string) *tmpl {
	n := len(c.p.strs)
	t := c.tmpl(file, ref, field, src, false)
	c.p.strs = c.p.strs[:n]
	return t
}

func (c *compiler) step(file, fl string, ss *stepSpec, following string) {
	ref := fl + "." + ss.ID
	st := c.p.steps[ref]
	if st == nil || st.file != file {
		return
	}
	st.reset = ss.Reset
	st.set = c.setVars(file, ref, "set", ss.Set)
	for i, m := range ss.Say {
		st.say = append(st.say, c.msg(file, ref, fmt.Sprintf("say[%d]", i), m))
	}
	var kinds []stepKind
	if ss.Ask != nil {
		kinds = append(kinds, kindAsk)
	}
	if ss.Triage != nil {
		kinds = append(kinds, kindTriage)
	}
	if len(ss.Branch) > 0 {
		kinds = append(kinds, kindBranch)
	}
	if ss.Handoff != nil {
		kinds = append(kinds, kindHandoff)
	}
	if ss.Effect != "" {
		kinds = append(kinds, kindEffect)
	}
	if ss.Goto != "" {
		kinds = append(kinds, kindGoto)
	}
	if ss.Return {
		kinds = append(kinds, kindReturn)
	}
	if ss.End {
		kinds = append(kinds, kindEnd)
	}
	if len(kinds) > 1 {
		c.ps.add(file, ref, "", RuleSchema, "a step does one thing: ask, triage, branch, handoff, effect, goto, return or end (found %d)", len(kinds))
		return
	}
	if len(kinds) == 1 {
		st.kind = kinds[0]
	}
	if ss.Else != "" && st.kind != kindBranch {
		c.ps.add(file, ref, "else", RuleSchema, "else belongs to a branch")
	}
	nextOf := func() string {
		if ss.Next != "" {
			return c.target(file, ref, "next", fl, ss.Next, true)
		}
		if following == "" {
			c.ps.add(file, ref, "next", RuleMissing, "last step of the flow needs next, goto or end")
			return ""
		}
		return following
	}
	switch st.kind {
	case kindNext, kindTriage, kindHandoff, kindEffect:
		st.next = nextOf()
	default:
		if ss.Next != "" {
			c.ps.add(file, ref, "next", RuleSchema, "a %s step has no next", kindNames[st.kind])
		}
	}
	switch st.kind {
	case kindAsk:
		st.ask = c.ask(file, fl, ref, ss.Ask)
	case kindTriage:
		st.triageVar = ss.Triage.Var
		if st.triageVar == "" {
			st.triageVar = "in"
		}
		if !varName(st.triageVar) {
			c.ps.add(file, ref, "triage.var", RuleSchema, "variable %q: 1–8 letters a-z", st.triageVar)
		}
	case kindBranch:
		for i, bc := range ss.Branch {
			f := fmt.Sprintf("branch[%d]", i)
			st.branch = append(st.branch, branchCase{
				cond: c.cond(file, ref, f+".if", &bc.If),
				next: c.target(file, ref, f+".next", fl, bc.Next, true),
			})
		}
		st.elseNext = c.target(file, ref, "else", fl, ss.Else, true)
	case kindEffect:
		k, ok := stepEffects[ss.Effect]
		if !ok {
			c.ps.add(file, ref, "effect", RuleSchema, "unknown effect %q (crisis, dv-safe, withdraw, follow-up)", ss.Effect)
		}
		st.effect = k
	case kindGoto:
		st.next = c.target(file, ref, "goto", fl, ss.Goto, true)
	}
}

func (c *compiler) ask(file, fl, ref string, as *askSpec) *ask {
	a := &ask{text: c.tmpl(file, ref, "ask.text", as.Text, false), expect: as.Expect}
	if as.Text == "" {
		c.ps.add(file, ref, "ask.text", RuleSchema, "a question needs text")
	}
	if len(as.Options) == 0 && as.Free == "" {
		c.ps.add(file, ref, "ask", RuleMissing, "a question needs options or free")
	}
	if len(as.Options) > 13 {
		c.ps.add(file, ref, "ask.options", linelimits.RuleQuickReply, "%d options > 13 quick replies", len(as.Options))
	}
	keys := map[string]bool{}
	for i, os := range as.Options {
		f := fmt.Sprintf("ask.options[%d]", i)
		if !idPattern.MatchString(os.Key) {
			c.ps.add(file, ref, f+".key", RuleSchema, "option key %q: use a-z, 0-9 and -", os.Key)
		}
		if keys[os.Key] {
			c.ps.add(file, ref, f+".key", RuleDuplicate, "option key %q used twice", os.Key)
		}
		keys[os.Key] = true
		if os.Label == "" {
			c.ps.add(file, ref, f+".label", RuleSchema, "an option needs a label")
		} else if n := linelimits.Chars(os.Label); !strings.Contains(os.Label, "{{") && n > linelimits.MaxQuickLabel {
			c.ps.add(file, ref, f+".label", linelimits.RuleLabel, "label %q has %d characters > %d", os.Label, n, linelimits.MaxQuickLabel)
		}
		o := &option{key: os.Key, label: c.tmpl(file, ref, f+".label", os.Label, true),
			set: c.setVars(file, ref, f+".set", os.Set), next: c.target(file, ref, f+".next", fl, os.Next, true)}
		if os.If != nil {
			o.cond = c.cond(file, ref, f+".if", os.If)
		}
		if o.label.t == nil {
			o.words = append(o.words, normalize(os.Label))
		}
		for _, w := range os.Words {
			o.words = append(o.words, normalize(w))
		}
		if n := len(postbackAnswer(ref, os.Key)); n > 300 {
			c.ps.add(file, ref, f+".key", linelimits.RulePostback, "postback data of %d characters > 300", n)
		}
		a.options = append(a.options, o)
	}
	switch as.Expect {
	case "":
		if as.Invalid != "" {
			c.ps.add(file, ref, "ask.invalid", RuleSchema, "invalid belongs to expect")
		}
	case "phone":
		if as.Free == "" {
			c.ps.add(file, ref, "ask.free", RuleMissing, "expect: phone needs free (where a valid number goes)")
		}
		a.invalid = c.target(file, ref, "ask.invalid", fl, as.Invalid, true)
	default:
		c.ps.add(file, ref, "ask.expect", RuleSchema, "unknown expect %q (phone)", as.Expect)
	}
	if as.Free != "" {
		a.free = c.target(file, ref, "ask.free", fl, as.Free, true)
	}
	return a
}

func (c *compiler) msg(file, ref, field string, m msgSpec) *msg {
	out := &msg{card: m.Card, each: m.Each, max: m.Max}
	switch {
	case m.Text != "" && m.Card != "":
		c.ps.add(file, ref, field, RuleSchema, "a message is a text or a card, not both")
	case m.Text == "" && m.Card == "":
		c.ps.add(file, ref, field, RuleSchema, "a message needs text or card")
	case m.Text != "":
		out.text = c.tmpl(file, ref, field+".text", m.Text, false)
	}
	if m.Each != "" && !sources[m.Each] {
		c.ps.add(file, ref, field+".each", RuleSchema, "unknown source %q", m.Each)
	}
	if m.If != nil {
		out.cond = c.cond(file, ref, field+".if", m.If)
	}
	return out
}

func (c *compiler) card(file, name string, cs cardSpec) {
	ref := "card " + name
	cd := &card{name: name,
		alt:      c.tmpl(file, ref, "alt", cs.Alt, false),
		title:    c.tmpl(file, ref, "title", cs.Title, true),
		subtitle: c.tmpl(file, ref, "subtitle", cs.Subtitle, true),
	}
	if cs.Alt == "" || cs.Title == "" {
		c.ps.add(file, ref, "alt", RuleSchema, "a card needs alt and title")
	}
	switch cs.Tone {
	case "", "normal":
	case "emergency":
		cd.tone = consult.ToneEmergency
	default:
		c.ps.add(file, ref, "tone", RuleSchema, "unknown tone %q (normal, emergency)", cs.Tone)
	}
	for i, l := range cs.Lines {
		f := fmt.Sprintf("lines[%d]", i)
		ln := line{text: c.tmpl(file, ref, f, l.Text, false), each: l.Each, max: l.Max}
		if l.Each != "" && !sources[l.Each] {
			c.ps.add(file, ref, f+".each", RuleSchema, "unknown source %q", l.Each)
		}
		if l.If != nil {
			ln.cond = c.cond(file, ref, f+".if", l.If)
		}
		cd.lines = append(cd.lines, ln)
	}
	nButtons := 0
	for i, b := range cs.Buttons {
		f := fmt.Sprintf("buttons[%d]", i)
		bt := button{label: c.tmpl(file, ref, f+".label", b.Label, true), entry: b.Entry, command: b.Command,
			followup: b.Followup, each: b.Each, max: b.Max}
		n := 0
		if b.Call != "" {
			n++
			bt.call = c.tmplNoText(file, ref, f+".call", b.Call)
		}
		if b.URI != "" {
			n++
			bt.uri = c.tmplNoText(file, ref, f+".uri", b.URI)
		}
		for _, s := range []string{b.Entry, b.Command, b.Followup} {
			if s != "" {
				n++
			}
		}
		if n != 1 {
			c.ps.add(file, ref, f, RuleSchema, "a button does one thing: call, uri, entry, command or followup")
		}
		if b.Arg != "" {
			bt.arg = c.tmplNoText(file, ref, f+".arg", b.Arg)
		}
		if b.Each != "" && !sources[b.Each] {
			c.ps.add(file, ref, f+".each", RuleSchema, "unknown source %q", b.Each)
		}
		if n := linelimits.Chars(b.Label); !strings.Contains(b.Label, "{{") && n > linelimits.MaxFlexLabel {
			c.ps.add(file, ref, f+".label", linelimits.RuleLabel, "label %q has %d characters > %d", b.Label, n, linelimits.MaxFlexLabel)
		}
		if b.URI != "" && !strings.HasPrefix(b.URI, "{{") && !strings.HasPrefix(b.URI, "tel:") && !strings.HasPrefix(b.URI, "https://") {
			c.ps.add(file, ref, f+".uri", linelimits.RuleURI, "URI %q: only tel: and https: are allowed", b.URI)
		}
		switch {
		case b.Each == "":
			nButtons++
		case b.Max > 0:
			nButtons += b.Max
		default:
			nButtons += linelimits.MaxCardButtons + 1
		}
		if b.If != nil {
			bt.cond = c.cond(file, ref, f+".if", b.If)
		}
		cd.buttons = append(cd.buttons, bt)
	}
	if nButtons > linelimits.MaxCardButtons {
		c.ps.add(file, ref, "buttons", linelimits.RuleButtons, "up to %d buttons (each: needs max:), found %d", linelimits.MaxCardButtons, nButtons)
	}
	c.p.cards[name] = cd
}

func (c *compiler) command(file string, i int, cs commandSpec) {
	f := fmt.Sprintf("commands[%d]", i)
	if !idPattern.MatchString(cs.ID) {
		c.ps.add(file, "", f+".id", RuleSchema, "command id %q: use a-z, 0-9 and -", cs.ID)
		return
	}
	if !c.own(file, "command", cs.ID) {
		return
	}
	cmd := &command{id: cs.ID, target: c.target(file, "command "+cs.ID, f+".goto", "", cs.Goto, true)}
	if cs.CaseOpen != "" {
		cmd.caseOpen = c.target(file, "command "+cs.ID, f+".case_open", "", cs.CaseOpen, true)
	}
	for _, w := range cs.Words {
		cmd.words = append(cmd.words, normalize(w))
		c.p.strs = append(c.p.strs, textRef{file: file, step: "command " + cs.ID, field: f + ".words", text: w, label: true})
	}
	c.p.commands = append(c.p.commands, cmd)
}

func (c *compiler) entry(file, name string, es entrySpec) {
	switch es.Arg {
	case "", "channel", "place", "crisis":
	default:
		c.ps.add(file, "entry "+name, "arg", RuleSchema, "unknown argument kind %q (channel, place, crisis)", es.Arg)
	}
	c.p.entries[name] = &entry{name: name, arg: es.Arg, target: c.target(file, "entry "+name, "goto", "", es.Goto, true)}
}

func (c *compiler) cond(file, ref, field string, cs *condSpec) *cond {
	forms := 0
	var out *cond
	if cs.Var != "" {
		forms++
		out = &cond{kind: condVar, name: cs.Var}
		ops := 0
		if cs.Eq != nil {
			ops++
			out.op, out.vals = "eq", []string{*cs.Eq}
		}
		if cs.Ne != nil {
			ops++
			out.op, out.vals = "ne", []string{*cs.Ne}
		}
		if cs.In != nil {
			ops++
			out.op, out.vals = "in", cs.In
		}
		if cs.IsSet != nil {
			ops++
			out.op, out.truth = "set", *cs.IsSet
		}
		if cs.Ge != nil {
			ops++
			out.op, out.num = "ge", *cs.Ge
		}
		if ops != 1 {
			c.ps.add(file, ref, field, RuleSchema, "var needs one of eq, ne, in, set, ge")
		}
		if !varName(cs.Var) {
			c.ps.add(file, ref, field, RuleSchema, "variable %q: 1–8 letters a-z", cs.Var)
		}
	}
	if cs.Open != "" {
		forms++
		out = &cond{kind: condOpen, name: cs.Open}
		if cs.Open != "yes" && cs.Open != "no" && cs.Open != "unknown" {
			c.ps.add(file, ref, field, RuleSchema, "open: yes, no or unknown")
		}
	}
	if cs.Has != "" {
		forms++
		out = &cond{kind: condHas, name: cs.Has}
		if !sources[cs.Has] {
			c.ps.add(file, ref, field, RuleSchema, "unknown source %q", cs.Has)
		}
	}
	if cs.Pair != nil {
		forms++
		out = &cond{kind: condPair, vals: cs.Pair}
		if len(cs.Pair) != 2 || !consult.Channel(cs.Pair[0]).Valid() || !consult.Channel(cs.Pair[1]).Valid() {
			c.ps.add(file, ref, field, RuleSchema, "pair: two channel IDs")
		}
	}
	if cs.CaseOpen != nil {
		forms++
		out = &cond{kind: condCaseOpen, truth: *cs.CaseOpen}
	}
	for _, group := range []struct {
		kind condKind
		subs []condSpec
	}{{condAll, cs.All}, {condAny, cs.Any}} {
		if group.subs == nil {
			continue
		}
		forms++
		out = &cond{kind: group.kind}
		for i := range group.subs {
			out.subs = append(out.subs, c.cond(file, ref, fmt.Sprintf("%s[%d]", field, i), &group.subs[i]))
		}
	}
	if cs.Not != nil {
		forms++
		out = &cond{kind: condNot, subs: []*cond{c.cond(file, ref, field+".not", cs.Not)}}
	}
	if forms != 1 {
		c.ps.add(file, ref, field, RuleSchema, "a condition has one form: var, open, has, pair, case_open, all, any or not")
		return &cond{kind: condAll}
	}
	return out
}
