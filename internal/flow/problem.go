package flow

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one error or warning found in the flows, the directory or a
// rendered message, printed by `tsunagu flows check` as
// "file:step: rule: field: message".
type Problem struct {
	File    string
	Step    string
	Field   string
	Rule    string
	Msg     string
	Warning bool
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Step != "" {
		b.WriteString(":" + p.Step)
	}
	b.WriteString(": " + p.Rule + ": ")
	if p.Field != "" {
		b.WriteString(p.Field + ": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// LoadError lists what made Load refuse the flows.
type LoadError struct {
	Problems []Problem
}

func (e *LoadError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return fmt.Sprintf("load flows: %d problems:\n%s", len(e.Problems), strings.Join(lines, "\n"))
}

// Rules of the graph and schema checks.
const (
	RuleYAML        = "yaml"
	RuleSchema      = "schema"
	RuleDuplicate   = "duplicate"
	RuleUnknownStep = "unknown-step"
	RuleMissing     = "missing-target"
	RuleUnreachable = "unreachable"
	RuleInputLoop   = "loop-without-input"
	RuleTemplate    = "template"
	RuleReference   = "unknown-reference"
	RuleRender      = "render"
	RuleStale       = "stale-entry"
	RuleExplore     = "explore"
)

// problems collects problems while compiling.
type problems []Problem

func (ps *problems) add(file, step, field, rule, format string, args ...any) {
	*ps = append(*ps, Problem{File: file, Step: step, Field: field, Rule: rule, Msg: fmt.Sprintf(format, args...)})
}

func (ps *problems) warn(file, step, field, rule, format string, args ...any) {
	*ps = append(*ps, Problem{File: file, Step: step, Field: field, Rule: rule, Msg: fmt.Sprintf(format, args...), Warning: true})
}

func (ps problems) errors() []Problem {
	var out []Problem
	for _, p := range ps {
		if !p.Warning {
			out = append(out, p)
		}
	}
	return out
}

// SortProblems orders problems by file, step, rule and message, and drops
// exact duplicates.
func SortProblems(ps []Problem) []Problem {
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].String() < ps[j].String() })
	out := ps[:0]
	for i, p := range ps {
		if i > 0 && p == ps[i-1] {
			continue
		}
		out = append(out, p)
	}
	return out
}
