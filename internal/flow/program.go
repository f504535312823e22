package flow

import (
	"text/template"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
)

// Program is the validated, compiled content of flows/*.yaml.
type Program struct {
	files    []string
	steps    map[string]*step // by "flow.step"
	order    []string         // step refs in file order
	settings settings
	commands []*command
	entries  map[string]*entry
	cards    map[string]*card
	notices  map[string][]*msg
	texts    map[string]*tmpl
	status   map[string]*tmpl
	weekdays []string
	topics   map[consult.Channel]topic
	// strs are every literal text of the YAML, for the やさしい日本語 check.
	strs []textRef
}

type settings struct {
	follow, home, crisis, followup string
	idle                           time.Duration
	sure, close, unsure            float64
	summary                        *tmpl
	followupValues                 []string
}

type stepKind int

const (
	kindNext stepKind = iota
	kindAsk
	kindTriage
	kindBranch
	kindHandoff
	kindEffect
	kindGoto
	kindReturn
	kindEnd
)

var kindNames = map[stepKind]string{
	kindNext: "next", kindAsk: "ask", kindTriage: "triage", kindBranch: "branch",
	kindHandoff: "handoff", kindEffect: "effect", kindGoto: "goto", kindReturn: "return", kindEnd: "end",
}

type step struct {
	ref, file, flow, id string
	reset               bool
	set                 []setVar
	say                 []*msg
	kind                stepKind
	ask                 *ask
	triageVar           string
	branch              []branchCase
	elseNext            string
	effect              consult.EffectKind
	next                string // next, goto target, or triage/handoff/effect successor
}

type setVar struct {
	key string
	val *tmpl
}

type ask struct {
	text    *tmpl
	options []*option
	free    string
	expect  string
	invalid string
}

type option struct {
	key   string
	label *tmpl
	words []string // normalised
	set   []setVar
	next  string
	cond  *cond
}

type branchCase struct {
	cond *cond
	next string
}

type msg struct {
	text *tmpl
	card string
	each string
	max  int
	cond *cond
}

type card struct {
	name     string
	alt      *tmpl
	title    *tmpl
	subtitle *tmpl
	lines    []line
	buttons  []button
	tone     consult.CardTone
}

type line struct {
	text *tmpl
	each string
	max  int
	cond *cond
}

type button struct {
	label    *tmpl
	call     *tmpl
	uri      *tmpl
	entry    string
	arg      *tmpl
	command  string
	followup string
	each     string
	max      int
	cond     *cond
}

type command struct {
	id       string
	words    []string // normalised
	target   string
	caseOpen string
}

type entry struct {
	name, arg, target string
}

type topic struct {
	Label, About string
}

// tmpl is a text that may hold {{template actions}}.
type tmpl struct {
	src string
	t   *template.Template // nil for a constant text
}

// textRef locates a literal text of the YAML.
type textRef struct {
	file, step, field, text string
	label                   bool
}

type condKind int

const (
	condVar condKind = iota
	condOpen
	condHas
	condPair
	condCaseOpen
	condAll
	condAny
	condNot
)

type cond struct {
	kind  condKind
	name  string // var name, open value, has source
	op    string // eq, ne, in, set, ge
	vals  []string
	num   int
	truth bool
	subs  []*cond
}

// Steps returns the refs ("flow.step") of every step in file order.
func (p *Program) Steps() []string { return append([]string(nil), p.order...) }
