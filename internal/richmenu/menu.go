package richmenu

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// File is the rich menu's file among the flows.
const File = "richmenu.yaml"

// NamePrefix starts the name of every menu tsunagu applies: apply deletes
// the previous default menu when its name has this prefix.
const NamePrefix = "tsunagu"

// Icons that Render can draw.
var Icons = []string{"chat", "person", "phone", "question", "restart", "stop"}

// Menu is a validated rich menu.
type Menu struct {
	Name        string
	ChatBarText string
	Width       int
	Height      int
	Rows, Cols  int
	Background  color.RGBA
	Areas       []Area
}

// Area is one tappable tile of the menu.
type Area struct {
	Label string
	Icon  string // "" or one of Icons
	Color color.RGBA
	// Command is the global command a tap runs; URI is set instead for a
	// tel: or https: link.
	Command string
	URI     string
	// Row, Col (from 0) and the spans place the area on the grid.
	Row, Col, RowSpan, ColSpan int
	// Bounds is the tap area in pixels: the grid cells it covers.
	Bounds image.Rectangle
}

// PostbackData is the postback a tap on a command area sends, "" for a
// link.
func (a Area) PostbackData() string {
	if a.Command == "" {
		return ""
	}
	return "v1:c:" + a.Command
}

// spec mirrors flows/richmenu.yaml.
type spec struct {
	RichMenu *menuSpec `yaml:"richmenu"`
}

type menuSpec struct {
	Name        string `yaml:"name"`
	ChatBarText string `yaml:"chat_bar_text"`
	Size        struct {
		Width  int `yaml:"width"`
		Height int `yaml:"height"`
	} `yaml:"size"`
	Grid struct {
		Rows int `yaml:"rows"`
		Cols int `yaml:"cols"`
	} `yaml:"grid"`
	Background string     `yaml:"background"`
	Areas      []areaSpec `yaml:"areas"`
}

type areaSpec struct {
	Label   string `yaml:"label"`
	Icon    string `yaml:"icon"`
	Color   string `yaml:"color"`
	Row     int    `yaml:"row"`
	Col     int    `yaml:"col"`
	RowSpan int    `yaml:"row_span"`
	ColSpan int    `yaml:"col_span"`
	Command string `yaml:"command"`
	URI     string `yaml:"uri"`
}

// Load reads File of fsys and validates it against the global commands
// defined in the other flow files. A *LoadError lists every problem.
func Load(fsys fs.FS) (*Menu, error) {
	b, err := fs.ReadFile(fsys, File)
	if err != nil {
		return nil, fmt.Errorf("load rich menu: %w", err)
	}
	cmds, err := CommandIDs(fsys)
	if err != nil {
		return nil, fmt.Errorf("load rich menu: %w", err)
	}
	return Parse(b, cmds)
}

// Check validates File of fsys for `tsunagu flows check`: nil when the
// file is valid or absent (a flows directory need not have a rich menu).
func Check(fsys fs.FS) []Problem {
	_, err := Load(fsys)
	var le *LoadError
	switch {
	case err == nil, errors.Is(err, fs.ErrNotExist):
		return nil
	case errors.As(err, &le):
		return le.Problems
	default:
		return []Problem{{Rule: RuleYAML, Msg: err.Error()}}
	}
}

// Parse validates a rich menu file; commands are the IDs of the global
// commands.
func Parse(b []byte, commands []string) (*Menu, error) {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var s spec
	if err := dec.Decode(&s); err != nil && !errors.Is(err, io.EOF) {
		rule := RuleYAML
		if strings.Contains(err.Error(), "unmarshal errors") {
			rule = RuleSchema
		}
		return nil, &LoadError{Problems: []Problem{{Rule: rule, Msg: err.Error()}}}
	}
	if s.RichMenu == nil {
		return nil, &LoadError{Problems: []Problem{{Rule: RuleSchema, Field: "richmenu", Msg: "no richmenu section"}}}
	}
	v := validator{known: map[string]bool{}}
	for _, c := range commands {
		v.known[c] = true
	}
	m := v.menu(s.RichMenu)
	if len(v.ps) > 0 {
		return nil, &LoadError{Problems: v.ps}
	}
	return m, nil
}

// CommandIDs lists the global command IDs defined in the flow files of
// fsys (every *.yaml but the directory and the rich menu), sorted.
func CommandIDs(fsys fs.FS) ([]string, error) {
	var ids []string
	for _, pat := range []string{"*.yaml", "*.yml"} {
		files, err := fs.Glob(fsys, pat)
		if err != nil {
			return nil, fmt.Errorf("list flow files: %w", err)
		}
		for _, f := range files {
			if base := path.Base(f); base == "channels.yaml" || base == File {
				continue
			}
			b, err := fs.ReadFile(fsys, f)
			if err != nil {
				return nil, fmt.Errorf("read %s: %w", f, err)
			}
			var doc struct {
				Commands []struct {
					ID string `yaml:"id"`
				} `yaml:"commands"`
			}
			if yaml.Unmarshal(b, &doc) != nil {
				continue // flows check reports the file itself
			}
			for _, c := range doc.Commands {
				ids = append(ids, c.ID)
			}
		}
	}
	sort.Strings(ids)
	return ids, nil
}
