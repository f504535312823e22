package richmenu

import (
	"fmt"
	"image"
	"strings"
)

// Proportions of the drawing, in pixels of a 2500-wide image.
const (
	gapPx      = 24  // between the tiles and around them
	radiusPx   = 44  // tile corners
	shadowPx   = 10  // the darker band under a tile
	padPx      = 40  // inside a tile
	iconMaxPx  = 300 // icon side at most
	labelMaxPx = 116 // label size (em) at most
	// LabelMinPx is the smallest label size accepted, in pixels of a
	// 2500-wide image: about 10 pt on a phone.
	LabelMinPx = 60
)

// Vertical proportions of the glyphs, in em: an ideograph stands between
// 0.88 em above the baseline and 0.12 em below.
const (
	emAbove     = 0.88
	lineSpacing = 1.25
	iconGapEm   = 0.35
	oneLineKeep = 0.85 // a label stays on one line if it keeps this share of the size
)

// tileLayout is where the parts of one tile go.
type tileLayout struct {
	tile     image.Rectangle
	iconSide float32
	iconX    float32 // top left of the icon square
	iconY    float32
	size     float32 // label size (em) in pixels
	lines    []string
	lineX    []float32 // start of each line
	baseline []float32 // baseline of each line
}

func scaleOf(m *Menu) float32 { return float32(m.Width) / 2500 }

// tileRect is the tile of a, inside its cells, without its shadow.
func tileRect(m *Menu, a *Area) image.Rectangle {
	s := scaleOf(m)
	g := gapPx * s
	tw := (float32(m.Width) - g*float32(m.Cols+1)) / float32(m.Cols)
	th := (float32(m.Height) - g*float32(m.Rows+1)) / float32(m.Rows)
	x0 := g + float32(a.Col)*(tw+g)
	y0 := g + float32(a.Row)*(th+g)
	x1 := x0 + float32(a.ColSpan)*tw + float32(a.ColSpan-1)*g
	y1 := y0 + float32(a.RowSpan)*th + float32(a.RowSpan-1)*g - shadowPx*s
	return image.Rect(round(x0), round(y0), round(x1), round(y1))
}

// lineOptions are the ways to set a label: on one line, or on two lines
// broken at one of its spaces.
func lineOptions(label string) [][]string {
	words := strings.Fields(label)
	opts := [][]string{{strings.Join(words, " ")}}
	for i := 1; i < len(words); i++ {
		opts = append(opts, []string{strings.Join(words[:i], " "), strings.Join(words[i:], " ")})
	}
	return opts
}

// layoutArea places icon and label in the tile of a, as large as fits; it
// fails when the label would be smaller than LabelMinPx.
func layoutArea(m *Menu, a *Area) (tileLayout, error) {
	f, err := embeddedFace()
	if err != nil {
		return tileLayout{}, err
	}
	s := scaleOf(m)
	l := tileLayout{tile: tileRect(m, a)}
	availW := float32(l.tile.Dx()) - 2*padPx*s
	availH := float32(l.tile.Dy()) - 2*padPx*s
	base := min(labelMaxPx*s, float32(l.tile.Dy())*0.2)
	fit := func(lines []string) float32 {
		var w float32
		for _, ln := range lines {
			w = max(w, f.width(ln, 1))
		}
		return min(base, availW/w)
	}
	opts := lineOptions(a.Label)
	l.lines, l.size = opts[0], fit(opts[0])
	if l.size < oneLineKeep*base {
		for _, o := range opts[1:] {
			if sz := fit(o); sz > l.size {
				l.lines, l.size = o, sz
			}
		}
	}
	if a.Icon != "" {
		l.iconSide = min(float32(l.tile.Dy())*0.36, float32(l.tile.Dx())*0.42, iconMaxPx*s)
	}
	block := func() float32 {
		h := l.size * (1 + lineSpacing*float32(len(l.lines)-1))
		if l.iconSide > 0 {
			h += l.iconSide + iconGapEm*l.size
		}
		return h
	}
	if b := block(); b > availH {
		k := availH / b
		l.iconSide *= k
		l.size *= k
	}
	if min := LabelMinPx * s; l.size < min {
		return l, fmt.Errorf("「%s」 fits its tile only at %.0f px (< %.0f): shorten it, put a space between words, or span more cells", a.Label, l.size/s, float32(LabelMinPx))
	}
	cx := float32(l.tile.Min.X+l.tile.Max.X) / 2
	y := float32(l.tile.Min.Y) + (float32(l.tile.Dy())-block())/2
	if l.iconSide > 0 {
		l.iconX, l.iconY = cx-l.iconSide/2, y
		y += l.iconSide + iconGapEm*l.size
	}
	for i, ln := range l.lines {
		l.lineX = append(l.lineX, cx-f.width(ln, l.size)/2)
		l.baseline = append(l.baseline, y+emAbove*l.size+float32(i)*lineSpacing*l.size)
	}
	return l, nil
}

func round(v float32) int {
	if v < 0 {
		return int(v - 0.5)
	}
	return int(v + 0.5)
}
