// Package archtest holds the test that keeps tsunagu's package directions
// (docs: architecture.md): the domain imports nothing internal, pure
// packages do no I/O, adapters do not know each other, and each outside
// SDK has exactly one importer.
package archtest

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/n-csw/tsunagu/"

// imports maps each package directory (relative to the repository root) to
// the imports of its non-test files.
func imports(t *testing.T) map[string]map[string]bool {
	t.Helper()
	root := filepath.Join("..", "..")
	out := map[string]map[string]bool{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		rel = filepath.ToSlash(rel)
		if out[rel] == nil {
			out[rel] = map[string]bool{}
		}
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			out[rel][p] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 10 {
		t.Fatalf("found only %d packages: wrong root?", len(out))
	}
	return out
}

func under(pkg, dir string) bool { return pkg == dir || strings.HasPrefix(pkg, dir+"/") }

func TestPackageDirections(t *testing.T) {
	all := imports(t)
	adapters := []string{"internal/line", "internal/slack", "internal/console", "internal/store/postgres", "internal/store/sqlite", "internal/linesim"}
	pure := []string{"internal/consult", "internal/nlp", "internal/triage", "internal/flow", "internal/directory", "internal/richmenu"}
	io := []string{"net", "net/http", "database/sql", "os/exec", "github.com/jackc/pgx/v5", "modernc.org/sqlite"}
	sdks := map[string]string{
		"github.com/ikawaha/kagome":       "internal/nlp",
		"github.com/line/line-bot-sdk-go": "internal/line",
		"github.com/slack-go/slack":       "internal/slack",
	}
	for pkg, ims := range all {
		for im := range ims {
			internal := strings.HasPrefix(im, module)
			target := strings.TrimPrefix(im, module)
			if under(pkg, "internal/consult") && internal {
				t.Errorf("%s imports %s: the domain package imports nothing internal", pkg, im)
			}
			for _, p := range pure {
				if !under(pkg, p) || strings.HasSuffix(pkg, "/gen") {
					continue
				}
				for _, bad := range io {
					if im == bad || (strings.Contains(bad, ".") && strings.HasPrefix(im, bad+"/")) {
						t.Errorf("%s imports %s: pure packages do no I/O", pkg, im)
					}
				}
				for _, a := range adapters {
					if internal && under(target, a) {
						t.Errorf("%s imports adapter %s", pkg, im)
					}
				}
			}
			for _, a := range adapters {
				if !under(pkg, a) {
					continue
				}
				for _, b := range adapters {
					if a != b && internal && under(target, b) && !(a == "internal/store/postgres" && b == "internal/store/postgres") {
						t.Errorf("adapter %s imports adapter %s", pkg, im)
					}
				}
			}
			if under(pkg, "internal/bot") && internal {
				for _, a := range adapters {
					if under(target, a) {
						t.Errorf("bot imports adapter %s: it owns interfaces instead", im)
					}
				}
			}
			for sdk, owner := range sdks {
				if strings.HasPrefix(im, sdk) && !under(pkg, owner) && !strings.HasPrefix(pkg, "cmd/refbot") {
					t.Errorf("%s imports %s: only %s may", pkg, im, owner)
				}
			}
			if internal && strings.HasPrefix(target, "cmd/") {
				t.Errorf("%s imports %s: nothing imports cmd", pkg, im)
			}
		}
	}
}

// TestNoJapaneseInGo: what residents read lives in flows/ and dict/. The
// packages that build, send or store messages hold no Japanese string at
// all outside tests; the matching and checking packages (triage, yasashii,
// masking) legitimately hold Japanese tokens and are not listed.
func TestNoJapaneseInGo(t *testing.T) {
	root := filepath.Join("..", "..")
	dirs := []string{"internal/bot", "internal/line", "internal/outbox", "internal/config", "internal/metrics",
		"internal/store/postgres", "internal/store/sqlite", "internal/consult", "cmd/tsunagu", "internal/flow"}
	// The flow engine's input normaliser strips Japanese punctuation.
	skip := map[string]bool{"internal/flow/input.go": true}
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(root, dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range files {
			rel, _ := filepath.Rel(root, path)
			if strings.HasSuffix(path, "_test.go") || skip[filepath.ToSlash(rel)] {
				continue
			}
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, lit := range stringLiterals(src) {
				if hasKana(lit) {
					t.Errorf("%s: string literal with kana %q: resident-facing text belongs in flows/ or dict/", rel, lit)
				}
			}
		}
	}
}

func hasKana(s string) bool {
	for _, r := range s {
		if (r >= 0x3041 && r <= 0x309F) || (r >= 0x30A0 && r <= 0x30FF) {
			return true
		}
	}
	return false
}
