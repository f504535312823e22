package main

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/n-csw/tsunagu/internal/linesim"
)

func runEnv(vars map[string]string, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(context.Background(), env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return vars[k] }}, args)
	return code, out.String(), errb.String()
}

func TestRichMenuDryRun(t *testing.T) {
	png := filepath.Join(t.TempDir(), "menu.png")
	code, out, errOut := runEnv(nil, "richmenu", "apply", "../../flows", "--dry-run", "--out", png)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var req struct {
		Name  string
		Areas []struct {
			Action map[string]string
		}
	}
	if err := json.Unmarshal([]byte(out), &req); err != nil || req.Name != "tsunagu-main" || len(req.Areas) == 0 {
		t.Fatalf("stdout is not the request: %v\n%s", err, out)
	}
	if a := req.Areas[0].Action; a["type"] != "postback" || !strings.HasPrefix(a["data"], "v1:c:") || a["displayText"] != a["label"] {
		t.Errorf("first action %v", a)
	}
	if !strings.Contains(errOut, "nothing sent to LINE") {
		t.Errorf("stderr: %s", errOut)
	}
	f, err := os.Open(png)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, format, err := image.DecodeConfig(f)
	if err != nil || format != "png" || cfg.Width != 2500 || cfg.Height != 1686 {
		t.Errorf("image: %v %s %dx%d", err, format, cfg.Width, cfg.Height)
	}
}

func TestRichMenuApplyToSimulator(t *testing.T) {
	api := linesim.NewAPI(linesim.Options{AccessToken: "tok", RateLimits: map[string]int{}})
	srv := httptest.NewServer(api.Handler())
	defer srv.Close()
	vars := map[string]string{"LINE_CHANNEL_ACCESS_TOKEN": "tok", "LINE_API_BASE_URL": srv.URL}
	var ids []string
	for i := 0; i < 2; i++ {
		code, out, errOut := runEnv(vars, "richmenu", "apply", "../../flows")
		if code != 0 {
			t.Fatalf("apply %d: exit %d: %s%s", i+1, code, out, errOut)
		}
		ids = append(ids, api.DefaultRichMenu())
		if !strings.Contains(out, ids[i]) || (i == 1) != strings.Contains(out, "deleted the menus it replaces: "+ids[0]) {
			t.Errorf("apply %d output: %s", i+1, out)
		}
	}
	if ms := api.RichMenus(); len(ms) != 1 || ms[0].ID != ids[1] || ids[0] == ids[1] {
		t.Errorf("after two applies: %d menus, default %s, first %s", len(ms), ids[1], ids[0])
	}
	if _, ct, ok := api.RichMenuImage(ids[1]); !ok || ct != "image/png" {
		t.Error("no image uploaded")
	}
	vars["LINE_API_DATA_URL"] = "ftp://x"
	if code, _, errOut := runEnv(vars, "richmenu", "apply", "../../flows"); code != 1 || !strings.Contains(errOut, "LINE_API_DATA_URL") {
		t.Errorf("bad data URL: exit %d %s", code, errOut)
	}
}

func TestRichMenuErrors(t *testing.T) {
	code, _, errOut := runEnv(nil, "richmenu", "apply", "../../flows")
	if code != 1 || !strings.Contains(errOut, "LINE_CHANNEL_ACCESS_TOKEN is not set") {
		t.Errorf("no token: exit %d: %s", code, errOut)
	}
	for _, args := range [][]string{{"richmenu"}, {"richmenu", "show"}, {"richmenu", "apply", "a", "b"}, {"richmenu", "apply", "--colour"}} {
		if code, _, _ := runEnv(nil, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	dir := brokenMenu(t)
	code, _, errOut = runEnv(nil, "richmenu", "apply", "--dry-run", dir)
	if code != 1 || !strings.Contains(errOut, "richmenu.yaml: unknown-command: areas[0].command") || !strings.Contains(errOut, "go generate ./internal/richmenu") {
		t.Errorf("broken menu: exit %d: %s", code, errOut)
	}
}

// brokenMenu is a copy of the shipped flows whose rich menu names an
// unknown command and a character without a glyph.
func brokenMenu(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../../flows")); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "richmenu.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(b), "command: restart", "command: consult", 1)
	s = strings.Replace(s, "label: やめる", "label: やめる〒", 1)
	if err := os.WriteFile(filepath.Join(dir, "richmenu.yaml"), []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestFlowsCheckRichMenu: flows check validates the rich menu too.
func TestFlowsCheckRichMenu(t *testing.T) {
	code, out, _ := runCmd("flows", "check", brokenMenu(t))
	errorsPart, _, _ := strings.Cut(out, "warnings:")
	if code != 1 || !strings.Contains(errorsPart, "richmenu.yaml: unknown-command: areas[0].command: ") || !strings.Contains(errorsPart, "richmenu.yaml: missing-glyph:") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}
