package richmenu

import (
	"fmt"
	"image"
	"image/color"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/n-csw/tsunagu/internal/flow/yasashii"
)

// LINE's limits for rich menus (docs/platform-facts.md).
const (
	MaxLabel       = 20 // action label, characters
	MaxChatBarText = 14
	MaxName        = 300
	MaxAreas       = 20
	MaxURI         = 1000
	maxGrid        = 6
)

// Sizes LINE accepts for the image that tsunagu draws.
var sizes = []image.Point{{2500, 1686}, {2500, 843}}

var hexColor = regexp.MustCompile(`^#[0-9A-Fa-f]{6}$`)

// telURI is tel: followed by a phone number (digits, + first, - between).
var telURI = regexp.MustCompile(`^tel:\+?[0-9][0-9-]*[0-9]$`)

type validator struct {
	known map[string]bool
	ps    []Problem
}

func (v *validator) add(field, rule, format string, args ...any) {
	v.ps = append(v.ps, Problem{Field: field, Rule: rule, Msg: fmt.Sprintf(format, args...)})
}

func (v *validator) menu(s *menuSpec) *Menu {
	m := &Menu{Name: s.Name, ChatBarText: s.ChatBarText, Width: s.Size.Width, Height: s.Size.Height,
		Rows: s.Grid.Rows, Cols: s.Grid.Cols, Background: color.RGBA{0xF4, 0xEF, 0xE6, 0xFF}}
	switch n := utf8.RuneCountInString(s.Name); {
	case n == 0:
		v.add("name", RuleName, "a name is needed (%s…)", NamePrefix)
	case n > MaxName:
		v.add("name", RuleName, "%d characters > %d", n, MaxName)
	case !strings.HasPrefix(s.Name, NamePrefix):
		v.add("name", RuleName, "%q must start with %q: apply replaces the previous menu by its name", s.Name, NamePrefix)
	}
	v.text("chat_bar_text", RuleChatBar, s.ChatBarText, MaxChatBarText)
	if !slices.Contains(sizes, image.Pt(m.Width, m.Height)) {
		v.add("size", RuleSize, "%d×%d: use 2500×1686 or 2500×843", m.Width, m.Height)
		return m
	}
	if s.Background != "" {
		m.Background = v.color("background", s.Background)
	}
	if m.Rows < 1 || m.Rows > maxGrid || m.Cols < 1 || m.Cols > maxGrid {
		v.add("grid", RuleGrid, "%d rows × %d cols: use 1 to %d of each", m.Rows, m.Cols, maxGrid)
		return m
	}
	switch n := len(s.Areas); {
	case n == 0:
		v.add("areas", RuleSchema, "no areas")
	case n > MaxAreas:
		v.add("areas", RuleSchema, "%d areas > %d", n, MaxAreas)
	}
	owner := make([]int, m.Rows*m.Cols) // area index + 1 per cell
	for i, as := range s.Areas {
		a, ok := v.area(m, fmt.Sprintf("areas[%d]", i), as)
		if !ok {
			continue
		}
		f := fmt.Sprintf("areas[%d]", i)
		for r := a.Row; r < a.Row+a.RowSpan; r++ {
			for c := a.Col; c < a.Col+a.ColSpan; c++ {
				if o := owner[r*m.Cols+c]; o != 0 {
					v.add(f, RuleOverlap, "「%s」 covers row %d col %d, already taken by areas[%d] 「%s」", a.Label, r+1, c+1, o-1, s.Areas[o-1].Label)
					continue
				}
				owner[r*m.Cols+c] = i + 1
			}
		}
		m.Areas = append(m.Areas, a)
	}
	if len(v.ps) == 0 {
		for i := range m.Areas {
			if _, err := layoutArea(m, &m.Areas[i]); err != nil {
				v.add(fmt.Sprintf("areas[%d].label", i), RuleFit, "%v", err)
			}
		}
	}
	return m
}

// text checks a text the resident sees: length and the やさしい日本語 label rules.
func (v *validator) text(field, rule, s string, max int) {
	n := utf8.RuneCountInString(s)
	switch {
	case strings.TrimSpace(s) == "":
		v.add(field, rule, "empty")
		return
	case n > max:
		v.add(field, rule, "%q has %d characters > %d", s, n, max)
	}
	for _, f := range yasashii.Check(s, yasashii.Label) {
		if !f.Warning {
			v.add(field, RuleYasashii, "%s", f)
		}
	}
}

func (v *validator) area(m *Menu, f string, s areaSpec) (Area, bool) {
	a := Area{Label: s.Label, Icon: s.Icon, Command: s.Command, URI: s.URI,
		Row: s.Row - 1, Col: s.Col - 1, RowSpan: max(s.RowSpan, 1), ColSpan: max(s.ColSpan, 1)}
	v.text(f+".label", RuleLabel, s.Label, MaxLabel)
	if missing, err := Missing(s.Label); err != nil {
		v.add(f+".label", RuleGlyph, "%v", err)
	} else if len(missing) > 0 {
		v.add(f+".label", RuleGlyph, "「%s」: no embedded glyph for %s; run `%s` (it adds every character of %s) and commit internal/richmenu/glyphs",
			s.Label, quoteRunes(missing), GenerateCommand, File)
	}
	if s.Icon != "" && !slices.Contains(Icons, s.Icon) {
		v.add(f+".icon", RuleSchema, "unknown icon %q (%s)", s.Icon, strings.Join(Icons, ", "))
	}
	a.Color = v.color(f+".color", s.Color)
	switch {
	case (s.Command == "") == (s.URI == ""):
		v.add(f, RuleSchema, "give either command or uri")
	case s.Command != "" && !v.known[s.Command]:
		v.add(f+".command", RuleCommand, "no global command %q in the flows (commands: of settings.yaml)", s.Command)
	case s.URI != "":
		v.uri(f+".uri", s.URI)
	}
	if s.RowSpan < 0 || s.ColSpan < 0 || a.Row < 0 || a.Col < 0 || a.Row+a.RowSpan > m.Rows || a.Col+a.ColSpan > m.Cols {
		v.add(f, RuleGrid, "row %d col %d (span %d×%d) is outside the %d×%d grid (rows and cols count from 1)",
			s.Row, s.Col, a.RowSpan, a.ColSpan, m.Rows, m.Cols)
		return a, false
	}
	a.Bounds = image.Rect(a.Col*m.Width/m.Cols, a.Row*m.Height/m.Rows,
		(a.Col+a.ColSpan)*m.Width/m.Cols, (a.Row+a.RowSpan)*m.Height/m.Rows)
	return a, true
}

func (v *validator) color(field, s string) color.RGBA {
	if !hexColor.MatchString(s) {
		v.add(field, RuleColor, "%q: write a colour as #RRGGBB", s)
		return color.RGBA{A: 0xFF}
	}
	n, _ := strconv.ParseUint(s[1:], 16, 32)
	return color.RGBA{uint8(n >> 16), uint8(n >> 8), uint8(n), 0xFF}
}

func (v *validator) uri(field, s string) {
	if len(s) > MaxURI {
		v.add(field, RuleURI, "%d characters > %d", len(s), MaxURI)
		return
	}
	scheme, _, _ := strings.Cut(s, ":")
	switch strings.ToLower(scheme) {
	case "tel":
		if !telURI.MatchString(s) {
			v.add(field, RuleURI, "%q: write tel: and the number, digits and - only (tel:042-497-5061)", s)
		}
	case "https":
		u, err := url.Parse(s)
		if err != nil || u.Host == "" || strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r >= 0x7f }) {
			v.add(field, RuleURI, "%q is not a full https:// address (percent-encode other characters)", s)
		}
	default:
		v.add(field, RuleURI, "%q: only tel: and https: links", s)
	}
}

func quoteRunes(rs []rune) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = fmt.Sprintf("%q (U+%04X)", r, r)
	}
	return strings.Join(parts, ", ")
}
