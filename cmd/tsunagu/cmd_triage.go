package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/nlp"
	"github.com/n-csw/tsunagu/internal/triage"
)

func init() {
	register(command{
		name:  "triage",
		usage: "triage [--dict DIR] [--tokens]   (JSON lines {\"id\",\"text\"} or plain lines on stdin)",
		run:   runTriage,
	})
	register(command{
		name:  "eval",
		usage: "eval [--dict DIR] [--json] [--misses] FILE.jsonl",
		run:   runEval,
	})
}

// loadTriager builds the triager from the embedded dict/ or from dir.
func loadTriager(dir string) (*nlp.Analyzer, *triage.Triager, error) {
	if dir == "" {
		an, err := nlp.Shared()
		if err != nil {
			return nil, nil, err
		}
		tr, err := triage.Shared()
		return an, tr, err
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, nil, fmt.Errorf("dict %s: not a directory", dir)
	}
	fsys := os.DirFS(dir)
	an, err := nlp.New(fsys)
	if err != nil {
		return nil, nil, err
	}
	tr, err := triage.New(an, fsys)
	return an, tr, err
}

// triageOut is one output line of `tsunagu triage`.
type triageOut struct {
	ID string `json:"id,omitempty"`
	consult.TriageResult
}

func runTriage(_ context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("triage", flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	dir := fs.String("dict", "", "read lexicons and user dictionary from this directory instead of the embedded dict/")
	tokens := fs.Bool("tokens", false, "print how each line is tokenized instead of triaging it")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return errUsage
	}
	an, tr, err := loadTriager(*dir)
	if err != nil {
		return err
	}
	out := bufio.NewWriter(e.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	sc := bufio.NewScanner(e.Stdin)
	sc.Buffer(make([]byte, 0, 64*1024), 4*1024*1024)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		id, text := "", line
		if strings.HasPrefix(line, "{") {
			var in struct {
				ID   json.RawMessage `json:"id"`
				Text string          `json:"text"`
			}
			if err := json.Unmarshal([]byte(line), &in); err != nil {
				return fmt.Errorf("line %d: %w", n, err)
			}
			id, text = rawID(in.ID), in.Text
		}
		if *tokens {
			writeTokens(out, an, text)
			continue
		}
		if err := enc.Encode(triageOut{ID: id, TriageResult: tr.Triage(text)}); err != nil {
			return err
		}
	}
	return sc.Err()
}

// rawID accepts a string or a number as id.
func rawID(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return strings.TrimSpace(string(raw))
}

func writeTokens(w io.Writer, an *nlp.Analyzer, text string) {
	d := an.Analyze(text)
	var parts []string
	for _, t := range d.Tokens {
		p := fmt.Sprintf("%s[%s/%s %s-%s]", t.Surface, t.Base, t.Key, t.POS, t.POS2)
		if t.User {
			p += "(user)"
		}
		parts = append(parts, p)
	}
	fmt.Fprintln(w, strings.Join(parts, " "))
}

func runEval(_ context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	dir := fs.String("dict", "", "read lexicons and user dictionary from this directory instead of the embedded dict/")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	misses := fs.Bool("misses", false, "list every row the triage got wrong")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
		return errUsage
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	rows, err := triage.ReadRows(f)
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return errors.New("no rows")
	}
	_, tr, err := loadTriager(*dir)
	if err != nil {
		return err
	}
	rep := triage.Evaluate(rows, tr)
	if *asJSON {
		if !*misses {
			rep.Misses = nil
		}
		enc := json.NewEncoder(e.Stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	rep.WriteText(e.Stdout, *misses)
	return nil
}
