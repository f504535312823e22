package flow

import (
	"fmt"

	"github.com/n-csw/tsunagu/internal/consult"
)

// Notices the engine and the bot use; flows must define them all.
var requiredNotices = []string{
	"group",       // sent once to a group or room: this account is one-to-one
	"followup",    // 「つながれましたか？」 (vars: case)
	"staff-reply", // a staff member's reply (vars: team, text)
	"idle",        // the conversation rested too long and restarts
	"stale",       // a button that no longer does anything
	"other-input", // a sticker, image … : please write or tap
	"use-buttons", // typed text where only buttons are understood
	"case-open",   // a case is open with staff (a follow while it is)
	"error",       // something went wrong in the flows (never expected)
}

// Status phrases the engine renders for "open now".
var requiredStatus = []string{
	"always", "open", "open-no-end", "closed-today", "closed-tomorrow",
	"closed-week", "closed-date", "closed", "unknown",
}

// finish runs the checks that need the whole program.
func (c *compiler) finish() {
	p := c.p
	file := "settings"
	if f, ok := c.owner["settings "]; ok {
		file = f
	} else {
		c.ps.add(p.files[0], "", "settings", RuleMissing, "no settings section")
		return
	}
	if s := p.steps[p.settings.home]; s != nil && s.kind != kindAsk {
		c.ps.add(file, "", "settings.home", RuleSchema, "home %q must be an ask step", s.ref)
	}
	for _, n := range requiredNotices {
		if _, ok := p.notices[n]; !ok {
			c.ps.add(file, "", "notices", RuleMissing, "notice %q is not defined", n)
		}
	}
	for _, n := range requiredStatus {
		if _, ok := p.status[n]; !ok {
			c.ps.add(file, "", "status", RuleMissing, "status phrase %q is not defined", n)
		}
	}
	if len(p.weekdays) == 0 {
		c.ps.add(file, "", "weekdays", RuleMissing, "weekday names are not defined")
	}
	for _, ch := range consult.Channels() {
		if _, ok := p.topics[ch]; !ok {
			c.ps.add(file, "", "topics", RuleMissing, "no topic for channel %q", ch)
		}
	}
	c.checkRefs()
	c.reachable()
	c.inputLoops()
}

// checkRefs checks that cards, entries, commands and follow-up values named
// in messages and buttons exist.
func (c *compiler) checkRefs() {
	p := c.p
	followup := map[string]bool{}
	for _, v := range p.settings.followupValues {
		followup[v] = true
	}
	cmds := map[string]bool{}
	for _, cmd := range p.commands {
		cmds[cmd.id] = true
	}
	checkMsgs := func(file, ref, field string, ms []*msg) {
		for i, m := range ms {
			if m.card != "" && p.cards[m.card] == nil {
				c.ps.add(file, ref, fmt.Sprintf("%s[%d].card", field, i), RuleReference, "unknown card %q", m.card)
			}
		}
	}
	for _, ref := range p.order {
		s := p.steps[ref]
		checkMsgs(s.file, ref, "say", s.say)
	}
	for _, name := range sortedKeys(p.notices) {
		checkMsgs(c.owner["notice "+name], "notice "+name, "notices."+name, p.notices[name])
	}
	for _, name := range sortedKeys(p.cards) {
		cd := p.cards[name]
		file := c.owner["card "+name]
		for i, b := range cd.buttons {
			f := fmt.Sprintf("buttons[%d]", i)
			switch {
			case b.entry != "":
				e := p.entries[b.entry]
				if e == nil {
					c.ps.add(file, "card "+name, f+".entry", RuleReference, "unknown entry %q", b.entry)
				} else if (e.arg == "") != (b.arg == nil) {
					c.ps.add(file, "card "+name, f+".arg", RuleSchema, "entry %q takes %s", b.entry, argText(e.arg))
				}
			case b.command != "" && !cmds[b.command]:
				c.ps.add(file, "card "+name, f+".command", RuleReference, "unknown command %q", b.command)
			case b.followup != "" && !followup[b.followup]:
				c.ps.add(file, "card "+name, f+".followup", RuleReference, "follow-up value %q is not in settings.followup_values", b.followup)
			}
		}
	}
}

func argText(kind string) string {
	if kind == "" {
		return "no arg"
	}
	return "an arg (" + kind + ")"
}

// successors are the steps a step can lead to; input says whether the
// edge waits for the resident.
func (s *step) successors() (now []string, input []string) {
	switch s.kind {
	case kindAsk:
		for _, o := range s.ask.options {
			input = append(input, o.next)
		}
		input = append(input, s.ask.free, s.ask.invalid)
	case kindBranch:
		for _, b := range s.branch {
			now = append(now, b.next)
		}
		now = append(now, s.elseNext)
	default:
		now = append(now, s.next)
	}
	return nonEmpty(now), nonEmpty(input)
}

func nonEmpty(xs []string) []string {
	out := xs[:0]
	for _, x := range xs {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}

// reachable reports steps no entry point leads to.
func (c *compiler) reachable() {
	p := c.p
	st := p.settings
	roots := []string{st.follow, st.home, st.crisis, st.followup}
	for _, cmd := range p.commands {
		roots = append(roots, cmd.target, cmd.caseOpen)
	}
	for _, name := range sortedKeys(p.entries) {
		roots = append(roots, p.entries[name].target)
	}
	seen := map[string]bool{}
	stack := nonEmpty(roots)
	for len(stack) > 0 {
		ref := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[ref] {
			continue
		}
		seen[ref] = true
		now, input := p.steps[ref].successors()
		stack = append(stack, now...)
		stack = append(stack, input...)
	}
	for _, ref := range p.order {
		if !seen[ref] {
			c.ps.add(p.steps[ref].file, ref, "", RuleUnreachable, "no entry point leads to this step")
		}
	}
}

// inputLoops reports cycles that do not pass through a question: the
// engine would run them forever within one turn.
func (c *compiler) inputLoops() {
	p := c.p
	const (
		white = iota
		grey
		black
	)
	color := map[string]int{}
	reported := map[string]bool{}
	var visit func(ref string, path []string)
	visit = func(ref string, path []string) {
		color[ref] = grey
		path = append(path, ref)
		now, _ := p.steps[ref].successors()
		for _, nx := range now {
			switch color[nx] {
			case grey:
				if !reported[nx] {
					reported[nx] = true
					cycle := path
					for i, r := range path {
						if r == nx {
							cycle = path[i:]
							break
						}
					}
					c.ps.add(p.steps[nx].file, nx, "", RuleInputLoop, "steps %v loop without asking the resident", append(cycle, nx))
				}
			case white:
				visit(nx, path)
			}
		}
		color[ref] = black
	}
	for _, ref := range p.order {
		if color[ref] == white {
			visit(ref, nil)
		}
	}
}
