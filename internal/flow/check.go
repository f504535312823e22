package flow

import (
	"io/fs"
	"regexp"
	"strings"
	"time"

	"github.com/n-csw/tsunagu/internal/flow/yasashii"
)

// CheckDirectory is what `tsunagu flows check` needs of the directory:
// the conversation's view, every place, and the entries to re-confirm.
type CheckDirectory interface {
	Directory
	// All lists every place.
	All() []Place
	// Stale lists entries not checked in the last 12 months, unconfirmed
	// phones and unknown hours, as warnings for coordinators.
	Stale(now time.Time) []string
}

// Report is the outcome of Check: any error fails `tsunagu flows check`.
type Report struct {
	Errors   []Problem
	Warnings []Problem
	// States and Turns count what the exploration of the conversation ran.
	States, Turns int
}

// Check validates the flows of fsys: the graph and references (as Load),
// the やさしい日本語 rules on every literal text, and — with a directory —
// every turn the conversation can produce (LINE limits, rendering, the
// rules again on rendered cards of every place and hotline), plus the
// directory's stale entries as warnings. now dates the stale check.
func Check(fsys fs.FS, d CheckDirectory, now time.Time) Report {
	p, ps := compile(fsys)
	if p != nil {
		ps = append(ps, p.checkTexts()...)
	}
	var r Report
	if p != nil && len(ps.errors()) == 0 && d != nil {
		ex := explore(p, d)
		ps = append(ps, ex.problems...)
		r.States, r.Turns = ex.states, ex.turns
	}
	if d != nil {
		for _, s := range d.Stale(now) {
			ps.warn(DirectoryFile, "", "", RuleStale, "%s", s)
		}
	}
	for _, pr := range SortProblems(ps) {
		if pr.Warning {
			r.Warnings = append(r.Warnings, pr)
		} else {
			r.Errors = append(r.Errors, pr)
		}
	}
	return r
}

var action = regexp.MustCompile(`\{\{.*?\}\}`)

// checkTexts measures every literal text of the YAML; template actions
// count as one Latin letter.
func (p *Program) checkTexts() problems {
	var ps problems
	for _, tr := range p.strs {
		text := action.ReplaceAllString(tr.text, "X")
		kind := yasashii.Message
		if tr.label {
			kind = yasashii.Label
		}
		for _, f := range yasashii.Check(text, kind) {
			ps = append(ps, Problem{File: tr.file, Step: tr.step, Field: tr.field, Rule: f.Rule, Msg: f.Msg, Warning: f.Warning})
		}
	}
	return ps
}

// measureRendered checks rendered texts; official names of the directory
// are masked (they are shown with their reading, and are not written in
// やさしい日本語).
func measureRendered(text string, kind yasashii.Kind, names *strings.Replacer) []yasashii.Finding {
	return yasashii.Check(names.Replace(text), kind)
}
