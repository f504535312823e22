package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runTriageCmd(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	e := env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	code := run(context.Background(), e, args)
	return out.String(), errb.String(), code
}

func TestTriageCommand(t *testing.T) {
	in := `{"id":"a","text":"しにたい"}` + "\n" + "母の介護認定をうけたい\n" + `{"id":7,"text":"こんにちは"}` + "\n"
	out, stderr, code := runTriageCmd(t, in, "triage")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines: %s", len(lines), out)
	}
	var got []map[string]any
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		for _, k := range []string{"channel", "urgency", "crisis", "confidence", "candidates", "evidence"} {
			if _, ok := m[k]; !ok {
				t.Errorf("%s: no %q", l, k)
			}
		}
		got = append(got, m)
	}
	if got[0]["id"] != "a" || got[0]["crisis"] != "suicide" || got[0]["urgency"] != "emergency" {
		t.Errorf("line 1: %v", got[0])
	}
	if got[1]["channel"] != "houkatsu" {
		t.Errorf("line 2: %v", got[1])
	}
	if got[2]["id"] != "7" || got[2]["channel"] != "" {
		t.Errorf("line 3: %v", got[2])
	}
}

func TestTriageCommandDictDir(t *testing.T) {
	dir := t.TempDir()
	entries, err := os.ReadDir("../../dict")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tsv") {
			b, err := os.ReadFile(filepath.Join("../../dict", e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			if e.Name() == "channels.tsv" {
				b = append(b, []byte("おそうじ隊\tvolunteer\t3\n")...)
			}
			if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	out, stderr, code := runTriageCmd(t, "おそうじ隊に入りたい\n", "triage", "--dict", dir)
	if code != 0 || !strings.Contains(out, `"channel":"volunteer"`) {
		t.Errorf("exit %d, out %s, err %s", code, out, stderr)
	}
	if _, _, code := runTriageCmd(t, "", "triage", "--dict", filepath.Join(dir, "nope")); code != 1 {
		t.Errorf("missing dict dir: exit %d, want 1", code)
	}
}

func TestEvalCommand(t *testing.T) {
	file := filepath.Join(t.TempDir(), "rows.jsonl")
	rows := `{"id":"1","text":"しにたい","channel":"","crisis":"suicide","urgency":"emergency"}
{"id":"2","text":"母の介護認定をうけたい","channel":"houkatsu","crisis":"","urgency":"normal"}
{"id":"3","text":"こんにちは","channel":"","crisis":"","urgency":"normal"}
{"id":"4","text":"懇談会に出たい","channel":"volunteer","also":["fureai"],"crisis":"","urgency":"normal"}
`
	if err := os.WriteFile(file, []byte(rows), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := runTriageCmd(t, "", "eval", "-json", file)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep struct {
		Accuracy      float64 `json:"accuracy"`
		CrisisRecall  float64 `json:"crisis_recall"`
		UnclearRecall float64 `json:"unclear_recall"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Accuracy != 1 || rep.CrisisRecall != 1 || rep.UnclearRecall != 1 {
		t.Errorf("report %+v\n%s", rep, out)
	}
	out, _, code = runTriageCmd(t, "", "eval", "--misses", file)
	if code != 0 || !strings.Contains(out, "channel accuracy") || !strings.Contains(out, "confusion") {
		t.Errorf("text report: exit %d\n%s", code, out)
	}
	if _, _, code := runTriageCmd(t, "", "eval"); code != 2 {
		t.Errorf("no file: exit %d, want 2", code)
	}
}
