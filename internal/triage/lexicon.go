package triage

import (
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/nlp"
)

// Lexicon files in a dict directory. Each has the columns term, target,
// weight (see the header comment of every file).
var lexiconFiles = []string{"channels.tsv", "crisis.tsv", "urgency.tsv"}

// Other dict files.
const (
	foreignFile   = "foreign.tsv"
	modifiersFile = "modifiers.tsv"
	settingsFile  = "settings.tsv"
	classesFile   = "classes.tsv"
)

// lineOf remembers the first line of every term and target of a lexicon
// file: a second line for the same pair would be silently ignored (the
// first one counts), so a coordinator's edit of it would change nothing.
type lineOf map[[3]string]int

func (seen lineOf) check(file string, r nlp.Record) error {
	if len(r.Fields) < 2 {
		return nil
	}
	k := [3]string{file, r.Fields[0], r.Fields[1]}
	if first, ok := seen[k]; ok {
		return fmt.Errorf("%s:%d: %s → %s is already on line %d: change that line or delete this one", file, r.Line, r.Fields[0], r.Fields[1], first)
	}
	seen[k] = r.Line
	return nil
}

// loadClasses reads classes.tsv: named word lists that a lexicon term can
// use as {name} (so {partner}+{hit} stands for 夫+殴る, 彼氏+叩く …).
func loadClasses(fsys fs.FS) (map[string][]string, error) {
	classes := map[string][]string{}
	recs, err := nlp.ReadTSV(fsys, classesFile, "class", "term")
	if errors.Is(err, fs.ErrNotExist) {
		return classes, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load classes: %w", err)
	}
	for _, r := range recs {
		if r.Fields[0] == "" || r.Fields[1] == "" {
			return nil, fmt.Errorf("load classes: %s:%d: want a class and a term", classesFile, r.Line)
		}
		classes[r.Fields[0]] = append(classes[r.Fields[0]], r.Fields[1])
	}
	return classes, nil
}

// targetKind says what a lexicon entry points to.
type targetKind uint8

const (
	toChannel targetKind = iota
	toCrisis
	toCalm   // looks like a crisis word but is not (死ぬほど, 避難訓練)
	toUrgent // harm or loss within days
)

// entry is one line of a lexicon.
type entry struct {
	term    string // as written in the file
	file    string
	line    int
	kind    targetKind
	channel consult.Channel
	crisis  consult.Crisis
	weight  float64
	parts   int // number of '+'-joined parts that must share a sentence
	// anywhere: the parts are joined with '&' and may stand anywhere in the
	// message (今までありがとう。…猫のごはんは3日分: {farewell}&{pet})
	anywhere bool
}

// parseTarget reads the target column.
func parseTarget(s string) (targetKind, consult.Channel, consult.Crisis, error) {
	switch s {
	case "urgent":
		return toUrgent, "", "", nil
	case "calm", "not-crisis":
		return toCalm, "", "", nil
	}
	if k := consult.Crisis(s); k != consult.NoCrisis && k.Valid() {
		return toCrisis, "", k, nil
	}
	if c := consult.Channel(s); s != "" && c.Valid() {
		return toChannel, c, "", nil
	}
	return 0, "", "", fmt.Errorf("unknown target %q (want a channel ID, a crisis kind, urgent or calm)", s)
}

// parseWeight reads the weight column ("" means 1).
func parseWeight(s string) (float64, error) {
	if s == "" {
		return 1, nil
	}
	w, err := strconv.ParseFloat(s, 64)
	if err != nil || w < 0 || w > 100 {
		return 0, fmt.Errorf("weight %q: want a number from 0 to 100", s)
	}
	return w, nil
}

// loadLexicons reads the lexicon files of fsys and compiles their terms
// into m. A missing file is skipped; at least one must exist.
func loadLexicons(an *nlp.Analyzer, fsys fs.FS, m *matcher) ([]entry, error) {
	classes, err := loadClasses(fsys)
	if err != nil {
		return nil, err
	}
	var entries []entry
	found := 0
	seen := lineOf{}
	for _, name := range lexiconFiles {
		recs, err := nlp.ReadTSV(fsys, name, "term", "target", "weight")
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("load lexicon: %w", err)
		}
		found++
		for _, r := range recs {
			e, err := parseEntry(name, r)
			if err != nil {
				return nil, fmt.Errorf("load lexicon: %w", err)
			}
			if err := seen.check(name, r); err != nil {
				return nil, fmt.Errorf("load lexicon: %w", err)
			}
			id := len(entries)
			parts := splitParts(e.term)
			e.parts = len(parts)
			if strings.Contains(e.term, "&") {
				if strings.Contains(e.term, "+") || e.parts < 2 {
					return nil, fmt.Errorf("load lexicon: %s:%d: a term joins two or more parts with + or with &, not both", name, r.Line)
				}
				e.anywhere = true
			}
			if e.parts > 30 {
				return nil, fmt.Errorf("load lexicon: %s:%d: more than 30 parts", name, r.Line)
			}
			for p, part := range parts {
				alts := []string{part}
				if strings.HasPrefix(part, "{") && strings.HasSuffix(part, "}") {
					if alts = classes[part[1:len(part)-1]]; len(alts) == 0 {
						return nil, fmt.Errorf("load lexicon: %s:%d: unknown class %s (see %s)", name, r.Line, part, classesFile)
					}
				}
				// Only crisis and calm terms are read without particles
				// in kana (bareReading): a channel term so read would
				// outweigh the words it is made of.
				m.bare = e.kind == toCrisis || e.kind == toCalm
				for _, alt := range alts {
					if !m.add(an, alt, id, p) {
						return nil, fmt.Errorf("load lexicon: %s:%d: term %q has no word to match", name, r.Line, alt)
					}
				}
			}
			entries = append(entries, e)
		}
	}
	if found == 0 {
		return nil, fmt.Errorf("load lexicon: none of %v found", lexiconFiles)
	}
	m.bare = false
	// The message signals (signalClasses, collect.go) match their class's
	// words as one entry each.
	for _, sc := range signalClasses {
		id := len(entries)
		for _, alt := range classes[sc.class] {
			if !m.add(an, alt, id, 0) {
				return nil, fmt.Errorf("load classes: {%s}: term %q has no word to match", sc.class, alt)
			}
		}
		entries = append(entries, entry{term: "{" + sc.class + "}", file: classesFile, kind: sc.kind, parts: 1})
	}
	return entries, nil
}

func parseEntry(name string, r nlp.Record) (entry, error) {
	e := entry{term: r.Fields[0], file: name, line: r.Line}
	if e.term == "" {
		return e, fmt.Errorf("%s:%d: empty term", name, r.Line)
	}
	var err error
	if e.kind, e.channel, e.crisis, err = parseTarget(r.Fields[1]); err != nil {
		return e, fmt.Errorf("%s:%d: %w", name, r.Line, err)
	}
	if e.weight, err = parseWeight(r.Fields[2]); err != nil {
		return e, fmt.Errorf("%s:%d: %w", name, r.Line, err)
	}
	return e, nil
}

// splitParts splits a term on '+' (all parts must occur in one sentence)
// or '&' (anywhere in the message).
func splitParts(term string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(term, func(r rune) bool { return r == '+' || r == '&' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
