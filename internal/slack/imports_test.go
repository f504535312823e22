package slack

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImports keeps the adapter an adapter: it talks to the use case through
// its own interfaces and imports no other adapter and not the bot.
func TestImports(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	sub, _ := filepath.Glob("slackfake/*.go")
	forbidden := []string{"/internal/bot", "/internal/line", "/internal/store", "/internal/console", "/internal/flow", "/internal/triage"}
	for _, f := range append(files, sub...) {
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
				if strings.Contains(path, "github.com/n-csw/tsunagu"+bad) {
					t.Errorf("%s imports %s", f, path)
				}
			}
		}
	}
}
