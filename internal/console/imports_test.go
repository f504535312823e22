package console

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImports keeps the console an adapter: it reaches the case service and
// the store through its own interfaces, and imports neither the bot nor any
// other adapter.
func TestImports(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	forbidden := []string{"/internal/bot", "/internal/line", "/internal/store", "/internal/slack", "/internal/linesim",
		"/internal/flow", "/internal/triage", "/internal/outbox"}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range af.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			for _, bad := range forbidden {
				if strings.HasPrefix(path, "github.com/n-csw/tsunagu"+bad) {
					t.Errorf("%s imports %s", f, path)
				}
			}
		}
	}
}
