package richmenu

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"
	"unicode"

	"golang.org/x/image/vector"
)

//go:generate go run ./gen

// GenerateCommand regenerates the embedded glyph outlines; error messages
// about missing characters name it.
const GenerateCommand = "go generate ./internal/richmenu"

// outlinesGz holds the glyph outlines written by ./gen, gzip-compressed:
//
//	"TSGLYPH1", int16 units per em, ascent, descent (positive), glyph count
//	per glyph: uint32 rune, uint16 advance, uint16 segment count, segments
//	segment: byte op (0 move, 1 line, 2 quadratic, 3 cubic), then 1, 1, 2
//	         or 3 points, each int16 dx, dy from the previous point (y down)
//
// all little-endian, in font units.
//
//go:embed glyphs/outlines.bin.gz
var outlinesGz []byte

const outlinesMagic = "TSGLYPH1"

// point is a position in font units (y down, baseline at 0).
type point struct{ x, y float32 }

// segment is one piece of a glyph outline; n points of p are used.
type segment struct {
	op uint8
	p  [3]point
}

// glyph is one character's outline.
type glyph struct {
	advance float32
	segs    []segment
}

// face is the decoded glyph set.
type face struct {
	upem, ascent, descent float32
	glyphs                map[rune]*glyph
}

var embeddedFace = sync.OnceValues(func() (*face, error) { return decodeFace(outlinesGz) })

// decodeFace reads the outline file.
func decodeFace(gz []byte) (*face, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("read glyphs: %w", err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("read glyphs: %w", err)
	}
	if !bytes.HasPrefix(b, []byte(outlinesMagic)) {
		return nil, errors.New("read glyphs: not a glyph outline file")
	}
	r := bytes.NewReader(b[len(outlinesMagic):])
	var hdr [4]int16
	if err := binary.Read(r, binary.LittleEndian, &hdr); err != nil {
		return nil, fmt.Errorf("read glyphs: header: %w", err)
	}
	f := &face{upem: float32(hdr[0]), ascent: float32(hdr[1]), descent: float32(hdr[2]), glyphs: make(map[rune]*glyph, int(uint16(hdr[3])))}
	for i := 0; i < int(uint16(hdr[3])); i++ {
		var gh struct {
			Rune    uint32
			Advance uint16
			N       uint16
		}
		if err := binary.Read(r, binary.LittleEndian, &gh); err != nil {
			return nil, fmt.Errorf("read glyphs: glyph %d: %w", i, err)
		}
		g := &glyph{advance: float32(gh.Advance), segs: make([]segment, gh.N)}
		var pen point
		for j := range g.segs {
			op, err := r.ReadByte()
			if err != nil || op > 3 {
				return nil, fmt.Errorf("read glyphs: %q segment %d: bad operation", rune(gh.Rune), j)
			}
			g.segs[j].op = op
			for k := 0; k < pointsOf(op); k++ {
				var d [2]int16
				if err := binary.Read(r, binary.LittleEndian, &d); err != nil {
					return nil, fmt.Errorf("read glyphs: %q: %w", rune(gh.Rune), err)
				}
				pen = point{pen.x + float32(d[0]), pen.y + float32(d[1])}
				g.segs[j].p[k] = pen
			}
		}
		f.glyphs[rune(gh.Rune)] = g
	}
	return f, nil
}

func pointsOf(op uint8) int { return [...]int{1, 1, 2, 3}[op] }

// spaceEm is the width of a word space (half- or full-width) in em: labels
// in やさしい日本語 separate words with spaces.
const spaceEm = 0.3

// Missing returns the characters of s that the embedded glyphs cannot draw
// (spaces excepted), each once, in order.
func Missing(s string) ([]rune, error) {
	f, err := embeddedFace()
	if err != nil {
		return nil, err
	}
	var out []rune
	seen := map[rune]bool{}
	for _, r := range s {
		if unicode.IsSpace(r) || f.glyphs[r] != nil || seen[r] {
			continue
		}
		seen[r] = true
		out = append(out, r)
	}
	return out, nil
}

// width is the advance of s at size px (em = size).
func (f *face) width(s string, size float32) float32 {
	var w float32
	for _, r := range s {
		if g := f.glyphs[r]; g != nil {
			w += g.advance / f.upem * size
		} else if unicode.IsSpace(r) {
			w += spaceEm * size
		}
	}
	return w
}

// text adds the outlines of s to z, the baseline starting at (x, y) in z's
// coordinates, at size px. Characters without a glyph are skipped (Validate
// reports them first).
func (f *face) text(z *vector.Rasterizer, s string, x, y, size float32) {
	k := size / f.upem
	for _, r := range s {
		g := f.glyphs[r]
		if g == nil {
			if unicode.IsSpace(r) {
				x += spaceEm * size
			}
			continue
		}
		at := func(p point) (float32, float32) { return x + p.x*k, y + p.y*k }
		open := false
		for _, sg := range g.segs {
			switch sg.op {
			case 0:
				if open {
					z.ClosePath()
				}
				z.MoveTo(at(sg.p[0]))
				open = true
			case 1:
				z.LineTo(at(sg.p[0]))
			case 2:
				ax, ay := at(sg.p[0])
				bx, by := at(sg.p[1])
				z.QuadTo(ax, ay, bx, by)
			case 3:
				ax, ay := at(sg.p[0])
				bx, by := at(sg.p[1])
				cx, cy := at(sg.p[2])
				z.CubeTo(ax, ay, bx, by, cx, cy)
			}
		}
		if open {
			z.ClosePath()
		}
		x += g.advance * k
	}
}
