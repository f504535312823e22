package richmenu

import (
	"errors"
	"image"
	"image/color"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

var testCommands = []string{"help", "phones", "restart", "staff", "stop"}

// validYAML is a small valid menu; the table below breaks it one way at a time.
const validYAML = `richmenu:
  name: tsunagu-test
  chat_bar_text: メニュー
  size: {width: 2500, height: 843}
  grid: {rows: 1, cols: 3}
  areas:
    - {label: そうだんする, icon: chat, color: "#1D6F42", row: 1, col: 1, command: restart}
    - {label: でんわ, icon: phone, color: "#A3461A", row: 1, col: 2, uri: "tel:042-497-5061"}
    - {label: やめる, icon: stop, color: "#5B6168", row: 1, col: 3, command: stop}
`

func TestParseValid(t *testing.T) {
	m, err := Parse([]byte(validYAML), testCommands)
	if err != nil {
		t.Fatal(err)
	}
	type got struct {
		Label, Command, URI, Data string
		Bounds                    image.Rectangle
		Color                     color.RGBA
	}
	var areas []got
	for _, a := range m.Areas {
		areas = append(areas, got{a.Label, a.Command, a.URI, a.PostbackData(), a.Bounds, a.Color})
	}
	want := []got{
		{"そうだんする", "restart", "", "v1:c:restart", image.Rect(0, 0, 833, 843), color.RGBA{0x1D, 0x6F, 0x42, 0xFF}},
		{"でんわ", "", "tel:042-497-5061", "", image.Rect(833, 0, 1666, 843), color.RGBA{0xA3, 0x46, 0x1A, 0xFF}},
		{"やめる", "stop", "", "v1:c:stop", image.Rect(1666, 0, 2500, 843), color.RGBA{0x5B, 0x61, 0x68, 0xFF}},
	}
	if d := cmp.Diff(want, areas); d != "" {
		t.Errorf("areas mismatch (-want +got):\n%s", d)
	}
	if m.Width != 2500 || m.Height != 843 || m.ChatBarText != "メニュー" || m.Background != (color.RGBA{0xF4, 0xEF, 0xE6, 0xFF}) {
		t.Errorf("menu = %+v", m)
	}
}

func TestParseProblems(t *testing.T) {
	tests := []struct {
		name       string
		old, new   string // replaced once in validYAML
		rule       string
		field, msg string // substrings expected in a problem
	}{
		{"unknown field", "  grid:", "  colour: red\n  grid:", RuleSchema, "", "colour"},
		{"no section", "richmenu:", "menu:", RuleSchema, "", "menu"},
		{"name prefix", "tsunagu-test", "main", RuleName, "name", "tsunagu"},
		{"chat bar too long", "chat_bar_text: メニュー", "chat_bar_text: メニューを ひらいて ボタンを えらぶ", RuleChatBar, "chat_bar_text", "> 14"},
		{"chat bar empty", "chat_bar_text: メニュー", "chat_bar_text: ''", RuleChatBar, "chat_bar_text", "empty"},
		{"size", "height: 843", "height: 900", RuleSize, "size", "2500×1686"},
		{"grid", "cols: 3", "cols: 0", RuleGrid, "grid", "cols"},
		{"unknown command", "command: stop", "command: quit", RuleCommand, "areas[2].command", `"quit"`},
		{"command and uri", "command: stop", "command: stop, uri: 'https://example.jp'", RuleSchema, "areas[2]", "either"},
		{"neither command nor uri", ", command: stop", "", RuleSchema, "areas[2]", "either"},
		{"label too long", "label: やめる", "label: " + strings.Repeat("や", 21), RuleLabel, "areas[2].label", "21 characters > 20"},
		{"label empty", "label: やめる", "label: ''", RuleLabel, "areas[2].label", "empty"},
		{"label keigo", "label: やめる", "label: やめさせていただく", RuleYasashii, "areas[2].label", "keigo"},
		{"label hard kanji", "label: やめる", "label: 鬱", RuleYasashii, "areas[2].label", "教育漢字"},
		{"missing glyph", "label: やめる", "label: 〒", RuleGlyph, "areas[2].label", GenerateCommand},
		{"label does not fit", "label: やめる", "label: " + strings.Repeat("あ", 13), RuleFit, "areas[2].label", "fits its tile only"},
		{"outside the grid", "row: 1, col: 3", "row: 2, col: 3", RuleGrid, "areas[2]", "outside"},
		{"span outside", "row: 1, col: 3", "row: 1, col: 3, col_span: 2", RuleGrid, "areas[2]", "outside"},
		{"overlap", "row: 1, col: 3", "row: 1, col: 2", RuleOverlap, "areas[2]", "areas[1]"},
		{"colour", `"#5B6168"`, `red`, RuleColor, "areas[2].color", "#RRGGBB"},
		{"short colour", `"#5B6168"`, `"#5B6"`, RuleColor, "areas[2].color", "#RRGGBB"},
		{"background", "  grid:", "  background: '#12345'\n  grid:", RuleColor, "background", "#RRGGBB"},
		{"icon", "icon: stop", "icon: house", RuleSchema, "areas[2].icon", "house"},
		{"http uri", "tel:042-497-5061", "http://example.jp", RuleURI, "areas[1].uri", "only tel: and https:"},
		{"line uri", "tel:042-497-5061", "line://nv/chat", RuleURI, "areas[1].uri", "only tel: and https:"},
		{"tel with letters", "tel:042-497-5061", "tel:call-us", RuleURI, "areas[1].uri", "digits"},
		{"https without host", "tel:042-497-5061", "https:/path", RuleURI, "areas[1].uri", "https://"},
		{"https not encoded", "tel:042-497-5061", "https://example.jp/そうだん", RuleURI, "areas[1].uri", "percent-encode"},
		{"no areas", validYAML[strings.Index(validYAML, "  areas:"):], "  areas: []\n", RuleSchema, "areas", "no areas"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(validYAML, tt.old) {
				t.Fatalf("%q not in the valid YAML", tt.old)
			}
			src := strings.Replace(validYAML, tt.old, tt.new, 1)
			_, err := Parse([]byte(src), testCommands)
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("Parse = %v, want a *LoadError", err)
			}
			for _, p := range le.Problems {
				if p.Rule == tt.rule && strings.Contains(p.Field, tt.field) && strings.Contains(p.Msg, tt.msg) {
					return
				}
			}
			t.Errorf("no %s problem on %q with %q in:\n%v", tt.rule, tt.field, tt.msg, err)
		})
	}
}

func TestLoadShipped(t *testing.T) {
	m, err := Load(os.DirFS("../../flows"))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Areas) < 4 || !strings.HasPrefix(m.Name, NamePrefix) {
		t.Fatalf("shipped menu: %d areas, name %q", len(m.Areas), m.Name)
	}
	for _, a := range m.Areas {
		if Contrast(a.Color, Ink(a.Color)) < 4.5 {
			t.Errorf("%s: contrast %.1f < 4.5", a.Label, Contrast(a.Color, Ink(a.Color)))
		}
	}
	// areas do not overlap (Load checks it): if their sizes add up to
	// the image, every pixel is in a tap area, with no dead spots
	area := 0
	for _, a := range m.Areas {
		area += a.Bounds.Dx() * a.Bounds.Dy()
	}
	if area != m.Width*m.Height {
		t.Errorf("tap areas cover %d of %d pixels", area, m.Width*m.Height)
	}
}

func TestCheckAndCommands(t *testing.T) {
	fsys := fstest.MapFS{
		"settings.yaml": {Data: []byte("commands:\n  - {id: stop, words: [やめる], goto: a.b}\n  - {id: restart, goto: a.c}\n")},
		"other.yml":     {Data: []byte("commands:\n  - {id: staff}\nflows: {}\n")},
		"channels.yaml": {Data: []byte("commands:\n  - {id: not-a-command}\n")},
	}
	ids, err := CommandIDs(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"restart", "staff", "stop"}, ids); d != "" {
		t.Errorf("CommandIDs mismatch (-want +got):\n%s", d)
	}
	if ps := Check(fsys); ps != nil {
		t.Errorf("Check without %s = %v, want nil", File, ps)
	}
	fsys[File] = &fstest.MapFile{Data: []byte(validYAML)}
	ps := Check(fsys)
	if len(ps) != 0 {
		t.Fatalf("Check of the valid menu (help, phones missing from the commands is fine) = %v", ps)
	}
	fsys[File] = &fstest.MapFile{Data: []byte(strings.Replace(validYAML, "command: restart", "command: help", 1))}
	ps = Check(fsys)
	if len(ps) != 1 || ps[0].Rule != RuleCommand || !strings.HasPrefix(ps[0].String(), "richmenu.yaml: unknown-command: areas[0].command: ") {
		t.Errorf("Check = %v, want one unknown-command problem", ps)
	}
}
