// Command gen writes the glyph outlines that internal/richmenu draws rich
// menu labels with, so that the binary needs no system font at run time.
//
// It reads a font collection (by default Noto Sans CJK JP Bold, installed by
// the Debian package fonts-noto-cjk), takes the outlines of every character
// of flows/richmenu.yaml plus a fixed set (ASCII, hiragana, katakana,
// Japanese punctuation, full-width digits and the kanji of 教育漢字 grades 1
// and 2, so that a coordinator can reword labels without regenerating), and
// writes into -out:
//
//	outlines.bin.gz  the outlines (format in internal/richmenu/font.go)
//	chars.txt        the characters covered, for review
//	LICENSE.txt      the font's copyright notice and the SIL OFL 1.1
//
// Run it with `go generate ./internal/richmenu` from the repository root.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// magic starts the outline file; internal/richmenu checks it.
const magic = "TSGLYPH1"

func main() {
	fontPath := flag.String("font", "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", "font collection (or single font) to read")
	face := flag.String("face", "Noto Sans CJK JP Bold", "full name of the face to take from the collection")
	menu := flag.String("menu", "../../flows/richmenu.yaml", "rich menu YAML whose characters must be covered")
	kyoiku := flag.String("kyoiku", "../flow/yasashii/kyoiku.txt", "教育漢字 by grade, one grade per line")
	out := flag.String("out", "glyphs", "output directory")
	flag.Parse()
	if err := run(*fontPath, *face, *menu, *kyoiku, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(fontPath, face, menu, kyoiku, out string) error {
	runes, err := charset(menu, kyoiku)
	if err != nil {
		return err
	}
	f, err := openFace(fontPath, face)
	if err != nil {
		return err
	}
	data, covered, err := encode(f, runes)
	if err != nil {
		return err
	}
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if _, err := zw.Write(data); err != nil {
		return fmt.Errorf("compress: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("compress: %w", err)
	}
	notice, err := licence(f, face)
	if err != nil {
		return err
	}
	files := map[string][]byte{
		"outlines.bin.gz": gz.Bytes(),
		"chars.txt":       charsText(covered, face),
		"LICENSE.txt":     notice,
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(out, name), b, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
	}
	fmt.Printf("gen: %d glyphs of %s, %d bytes (%d compressed) in %s\n", len(covered), face, len(data), gz.Len(), out)
	return nil
}

// charset is every character to cover, sorted.
func charset(menu, kyoiku string) ([]rune, error) {
	set := map[rune]bool{}
	add := func(s string) {
		for _, r := range s {
			if !unicode.IsSpace(r) && !unicode.IsControl(r) {
				set[r] = true
			}
		}
	}
	for r := rune(0x21); r <= 0x7e; r++ { // ASCII
		set[r] = true
	}
	for r := rune(0x3041); r <= 0x3096; r++ { // hiragana
		set[r] = true
	}
	for r := rune(0x30a1); r <= 0x30fe; r++ { // katakana, ・ and ー
		set[r] = true
	}
	for r := rune(0xff10); r <= 0xff19; r++ { // ０-９
		set[r] = true
	}
	add("、。「」『』（）！？〜～々・：＋－")
	b, err := os.ReadFile(kyoiku)
	if err != nil {
		return nil, fmt.Errorf("read 教育漢字: %w", err)
	}
	grade := 0
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		if grade++; grade <= 2 {
			add(line)
		}
	}
	if grade < 2 {
		return nil, fmt.Errorf("%s: expected one line per grade", kyoiku)
	}
	b, err = os.ReadFile(menu)
	if err != nil {
		return nil, fmt.Errorf("read rich menu: %w", err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("parse rich menu: %w", err)
	}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.ScalarNode {
			add(n.Value)
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(&doc)
	runes := make([]rune, 0, len(set))
	for r := range set {
		runes = append(runes, r)
	}
	sort.Slice(runes, func(i, j int) bool { return runes[i] < runes[j] })
	return runes, nil
}

func openFace(path, face string) (*sfnt.Font, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read font (install fonts-noto-cjk or pass -font): %w", err)
	}
	c, err := sfnt.ParseCollection(b)
	if err != nil {
		return nil, fmt.Errorf("parse font %s: %w", path, err)
	}
	var buf sfnt.Buffer
	var names []string
	for i := 0; i < c.NumFonts(); i++ {
		f, err := c.Font(i)
		if err != nil {
			return nil, fmt.Errorf("font %d of %s: %w", i, path, err)
		}
		name, _ := f.Name(&buf, sfnt.NameIDFull)
		if name == face {
			return f, nil
		}
		names = append(names, name)
	}
	return nil, fmt.Errorf("no face %q in %s (it has %s)", face, path, strings.Join(names, ", "))
}

// Segment operations as stored; each is followed by 1, 1, 2 or 3 points.
const (
	opMove = iota
	opLine
	opQuad
	opCube
)

// encode writes the outline file: header, then per glyph the rune, the
// advance, the number of segments and the segments, each point as the
// difference from the previous one in font units (int16, y down).
func encode(f *sfnt.Font, runes []rune) ([]byte, []rune, error) {
	var buf sfnt.Buffer
	upem := int(f.UnitsPerEm())
	ppem := fixed.I(upem)
	m, err := f.Metrics(&buf, ppem, 0)
	if err != nil {
		return nil, nil, fmt.Errorf("metrics: %w", err)
	}
	var body bytes.Buffer
	var covered []rune
	put := func(v any) { _ = binary.Write(&body, binary.LittleEndian, v) }
	for _, r := range runes {
		gi, err := f.GlyphIndex(&buf, r)
		if err != nil || gi == 0 {
			fmt.Fprintf(os.Stderr, "gen: no glyph for %q (U+%04X), skipped\n", r, r)
			continue
		}
		adv, err := f.GlyphAdvance(&buf, gi, ppem, 0)
		if err != nil {
			return nil, nil, fmt.Errorf("advance of %q: %w", r, err)
		}
		segs, err := f.LoadGlyph(&buf, gi, ppem, nil)
		if err != nil {
			return nil, nil, fmt.Errorf("outline of %q: %w", r, err)
		}
		covered = append(covered, r)
		put(uint32(r))
		put(uint16(units(adv)))
		put(uint16(len(segs)))
		var px, py int
		for _, s := range segs {
			n := [...]int{opMove: 1, opLine: 1, opQuad: 2, opCube: 3}[s.Op]
			body.WriteByte(byte(s.Op))
			for _, p := range s.Args[:n] {
				x, y := units(p.X), units(p.Y)
				if x-px < math.MinInt16 || x-px > math.MaxInt16 || y-py < math.MinInt16 || y-py > math.MaxInt16 {
					return nil, nil, errors.New("outline point out of range")
				}
				put(int16(x - px))
				put(int16(y - py))
				px, py = x, y
			}
		}
	}
	var out bytes.Buffer
	out.WriteString(magic)
	_ = binary.Write(&out, binary.LittleEndian, []int16{int16(upem), int16(units(m.Ascent)), int16(units(m.Descent)), int16(len(covered))})
	out.Write(body.Bytes())
	return out.Bytes(), covered, nil
}

// units rounds a 26.6 value loaded at ppem = units per em to font units.
func units(v fixed.Int26_6) int { return int(math.Round(float64(v) / 64)) }

func charsText(covered []rune, face string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# %d characters with outlines from %s; generated by `go generate ./internal/richmenu`.\n", len(covered), face)
	for i, r := range covered {
		b.WriteRune(r)
		if i%50 == 49 || i == len(covered)-1 {
			b.WriteByte('\n')
		}
	}
	return []byte(b.String())
}
