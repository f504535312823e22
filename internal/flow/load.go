package flow

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
	"go.yaml.in/yaml/v3"
)

// DirectoryFile is the channel directory, read by internal/directory and
// skipped here.
const DirectoryFile = "channels.yaml"

// RichMenuFile is the rich menu, read by internal/richmenu and skipped here.
const RichMenuFile = "richmenu.yaml"

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9-]{0,31}$`)

// Load reads every flow YAML file of fsys (all *.yaml but channels.yaml and
// richmenu.yaml), compiles and validates it. A *LoadError names the file,
// step and field of each problem.
func Load(fsys fs.FS) (*Program, error) {
	p, ps := compile(fsys)
	if errs := ps.errors(); len(errs) > 0 {
		return nil, &LoadError{Problems: SortProblems(errs)}
	}
	return p, nil
}

// compile does the work of Load and returns every problem, warnings too.
func compile(fsys fs.FS) (*Program, problems) {
	var ps problems
	files, err := flowFiles(fsys)
	if err != nil {
		ps.add(".", "", "", RuleYAML, "%v", err)
		return nil, ps
	}
	if len(files) == 0 {
		ps.add(".", "", "", RuleYAML, "no flow files (*.yaml)")
		return nil, ps
	}
	c := &compiler{p: &Program{
		files: files, steps: map[string]*step{}, entries: map[string]*entry{}, cards: map[string]*card{},
		notices: map[string][]*msg{}, texts: map[string]*tmpl{}, status: map[string]*tmpl{},
		topics: map[consult.Channel]topic{},
	}, ps: &ps, owner: map[string]string{}}
	specs := map[string]*fileSpec{}
	for _, f := range files {
		spec, err := parseFile(fsys, f)
		if err != nil {
			rule := RuleYAML
			if strings.Contains(err.Error(), "unmarshal errors") {
				rule = RuleSchema // well-formed YAML, wrong fields or types
			}
			ps.add(f, "", "", rule, "%v", err)
			continue
		}
		specs[f] = spec
	}
	if len(ps) > 0 {
		return nil, ps
	}
	for _, f := range files {
		c.declare(f, specs[f])
	}
	for _, f := range files {
		c.file(f, specs[f])
	}
	c.finish()
	return c.p, ps
}

func flowFiles(fsys fs.FS) ([]string, error) {
	var files []string
	for _, pat := range []string{"*.yaml", "*.yml"} {
		m, err := fs.Glob(fsys, pat)
		if err != nil {
			return nil, fmt.Errorf("list flow files: %w", err)
		}
		for _, f := range m {
			if b := path.Base(f); b != DirectoryFile && b != RichMenuFile {
				files = append(files, f)
			}
		}
	}
	sort.Strings(files)
	return files, nil
}

func parseFile(fsys fs.FS, name string) (*fileSpec, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var spec fileSpec
	if err := dec.Decode(&spec); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("parse: %w", err)
	}
	return &spec, nil
}

// compiler holds the state of one compile.
type compiler struct {
	p     *Program
	ps    *problems
	owner map[string]string // "kind name" → file that defined it
	tn    int               // template counter
}

// declare registers every step ref first, so that targets resolve in any order.
func (c *compiler) declare(file string, spec *fileSpec) {
	names := sortedKeys(spec.Flows)
	for _, fl := range names {
		if !idPattern.MatchString(fl) {
			c.ps.add(file, fl, "flows", RuleSchema, "flow name %q: use a-z, 0-9 and -", fl)
		}
		if !c.own(file, "flow", fl) {
			continue
		}
		for i, ss := range spec.Flows[fl].Steps {
			if !idPattern.MatchString(ss.ID) {
				c.ps.add(file, fl+"."+ss.ID, fmt.Sprintf("steps[%d].id", i), RuleSchema, "step id %q: use a-z, 0-9 and -", ss.ID)
				continue
			}
			ref := fl + "." + ss.ID
			if _, dup := c.p.steps[ref]; dup {
				c.ps.add(file, ref, "id", RuleDuplicate, "step defined twice")
				continue
			}
			c.p.steps[ref] = &step{ref: ref, file: file, flow: fl, id: ss.ID}
			c.p.order = append(c.p.order, ref)
		}
	}
}

// own records that file defines a named thing and reports a duplicate.
func (c *compiler) own(file, kind, name string) bool {
	k := kind + " " + name
	if prev, ok := c.owner[k]; ok {
		c.ps.add(file, "", kind, RuleDuplicate, "%s %q is also defined in %s", kind, name, prev)
		return false
	}
	c.owner[k] = file
	return true
}

func (c *compiler) file(file string, spec *fileSpec) {
	if spec.Settings != nil && c.own(file, "settings", "") {
		c.settings(file, spec.Settings)
	}
	for _, fl := range sortedKeys(spec.Flows) {
		if c.owner["flow "+fl] != file {
			continue
		}
		steps := spec.Flows[fl].Steps
		for i := range steps {
			following := ""
			if i+1 < len(steps) {
				following = fl + "." + steps[i+1].ID
			}
			c.step(file, fl, &steps[i], following)
		}
	}
	for i, cs := range spec.Commands {
		c.command(file, i, cs)
	}
	for _, name := range sortedKeys(spec.Entries) {
		if c.own(file, "entry", name) {
			c.entry(file, name, spec.Entries[name])
		}
	}
	for _, name := range sortedKeys(spec.Cards) {
		if c.own(file, "card", name) {
			c.card(file, name, spec.Cards[name])
		}
	}
	for _, name := range sortedKeys(spec.Notices) {
		if c.own(file, "notice", name) {
			var ms []*msg
			for i, m := range spec.Notices[name] {
				ms = append(ms, c.msg(file, "notice "+name, fmt.Sprintf("notices.%s[%d]", name, i), m))
			}
			c.p.notices[name] = ms
		}
	}
	for _, k := range sortedKeys(spec.Texts) {
		if c.own(file, "text", k) {
			c.p.texts[k] = c.tmpl(file, "", "texts."+k, spec.Texts[k], false)
		}
	}
	for _, k := range sortedKeys(spec.Status) {
		if c.own(file, "status", k) {
			c.p.status[k] = c.tmpl(file, "", "status."+k, spec.Status[k], false)
		}
	}
	if len(spec.Weekdays) > 0 && c.own(file, "weekdays", "") {
		if len(spec.Weekdays) != 7 {
			c.ps.add(file, "", "weekdays", RuleSchema, "7 names from Sunday, got %d", len(spec.Weekdays))
		}
		c.p.weekdays = spec.Weekdays
		for i, w := range spec.Weekdays {
			c.p.strs = append(c.p.strs, textRef{file: file, field: fmt.Sprintf("weekdays[%d]", i), text: w, label: true})
		}
	}
	for _, k := range sortedKeys(spec.Topics) {
		ch := consult.Channel(k)
		if !ch.Valid() {
			c.ps.add(file, "", "topics."+k, RuleSchema, "unknown channel %q (see docs/taxonomy.md)", k)
			continue
		}
		if c.own(file, "topic", k) {
			t := spec.Topics[k]
			c.p.topics[ch] = topic{Label: t.Label, About: t.About}
			c.p.strs = append(c.p.strs, textRef{file: file, field: "topics." + k + ".label", text: t.Label, label: true},
				textRef{file: file, field: "topics." + k + ".about", text: t.About})
		}
	}
}

func (c *compiler) settings(file string, s *settingsSpec) {
	st := &c.p.settings
	st.follow = c.target(file, "settings", "settings.follow", "", s.Follow, true)
	st.home = c.target(file, "settings", "settings.home", "", s.Home, true)
	st.crisis = c.target(file, "settings", "settings.crisis", "", s.Crisis, true)
	st.followup = c.target(file, "settings", "settings.followup", "", s.FollowupStep, true)
	st.sure, st.close, st.unsure = s.Sure, s.Close, s.Unsure
	if s.Sure <= 0 || s.Sure > 1 || s.Close < 0 || s.Close >= 1 || s.Unsure < 0 || s.Unsure > s.Sure {
		c.ps.add(file, "", "settings.sure", RuleSchema, "thresholds need 0 ≤ unsure ≤ sure ≤ 1 and 0 ≤ close < 1")
	}
	d, err := time.ParseDuration(s.Idle)
	if err != nil || d <= 0 {
		c.ps.add(file, "", "settings.idle", RuleSchema, "idle %q: a duration such as 30m", s.Idle)
	}
	st.idle = d
	st.summary = c.tmpl(file, "", "settings.summary", s.Summary, false)
	for _, v := range s.FollowupValues {
		if !idPattern.MatchString(v) {
			c.ps.add(file, "", "settings.followup_values", RuleSchema, "value %q: use a-z, 0-9 and -", v)
		}
	}
	st.followupValues = s.FollowupValues
}

// target resolves a step reference written in flow (or absolute
// "flow.step"); required reports a missing one.
func (c *compiler) target(file, stepRef, field, flow, t string, required bool) string {
	if t == "" {
		if required {
			c.ps.add(file, stepRef, field, RuleMissing, "no target step")
		}
		return ""
	}
	ref := t
	if !strings.Contains(t, ".") {
		if flow == "" {
			c.ps.add(file, stepRef, field, RuleUnknownStep, "%q: write flow.step", t)
			return ""
		}
		ref = flow + "." + t
	}
	if _, ok := c.p.steps[ref]; !ok {
		c.ps.add(file, stepRef, field, RuleUnknownStep, "unknown step %q", t)
		return ""
	}
	return ref
}

var funcs = template.FuncMap{
	"inc": func(s string) string {
		n, _ := strconv.Atoi(s)
		return strconv.Itoa(n + 1)
	},
}

// tmpl compiles a text; label marks button labels and titles for the
// やさしい日本語 check.
func (c *compiler) tmpl(file, stepRef, field, src string, label bool) *tmpl {
	if strings.TrimSpace(src) != "" {
		c.p.strs = append(c.p.strs, textRef{file: file, step: stepRef, field: field, text: src, label: label})
	}
	if !strings.Contains(src, "{{") {
		return &tmpl{src: strings.TrimSpace(src)}
	}
	c.tn++
	t, err := template.New(fmt.Sprintf("%s:%s:%d", file, field, c.tn)).Funcs(funcs).Option("missingkey=zero").Parse(src)
	if err != nil {
		c.ps.add(file, stepRef, field, RuleTemplate, "%v", err)
		return &tmpl{src: src}
	}
	return &tmpl{src: src, t: t}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
