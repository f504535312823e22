package richmenu

import (
	"fmt"
	"strings"
)

// Problem is one reason the rich menu file is refused, printed as
// "richmenu.yaml: rule: field: message" like the problems of the flows.
type Problem struct {
	Field string
	Rule  string
	Msg   string
}

func (p Problem) String() string {
	s := File + ": " + p.Rule + ": "
	if p.Field != "" {
		s += p.Field + ": "
	}
	return s + p.Msg
}

// LoadError lists every problem of the file.
type LoadError struct {
	Problems []Problem
}

func (e *LoadError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return fmt.Sprintf("load rich menu: %d problems:\n%s", len(e.Problems), strings.Join(lines, "\n"))
}

// Rules, as printed.
const (
	RuleYAML     = "yaml"
	RuleSchema   = "schema"
	RuleCommand  = "unknown-command"
	RuleLabel    = "richmenu-label"
	RuleGlyph    = "missing-glyph"
	RuleFit      = "richmenu-fit"
	RuleGrid     = "richmenu-grid"
	RuleOverlap  = "richmenu-overlap"
	RuleColor    = "richmenu-color"
	RuleURI      = "richmenu-uri"
	RuleSize     = "richmenu-size"
	RuleChatBar  = "richmenu-chat-bar"
	RuleName     = "richmenu-name"
	RuleYasashii = "yasashii"
)
