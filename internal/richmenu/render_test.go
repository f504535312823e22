package richmenu

import (
	"bytes"
	"image"
	"image/color"
	"os"
	"testing"
)

func loadShipped(t *testing.T) *Menu {
	t.Helper()
	m, err := Load(os.DirFS("../../flows"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestPNGShipped(t *testing.T) {
	m := loadShipped(t)
	b, err := PNG(m)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) > MaxImageBytes {
		t.Errorf("image of %d bytes > 1 MB", len(b))
	}
	img, format, err := image.Decode(bytes.NewReader(b))
	if err != nil || format != "png" {
		t.Fatalf("decode: %v, format %q", err, format)
	}
	if img.Bounds() != image.Rect(0, 0, 2500, 1686) {
		t.Fatalf("bounds %v", img.Bounds())
	}
	at := func(x, y int) color.RGBA { return color.RGBAModel.Convert(img.At(x, y)).(color.RGBA) }
	if got := at(3, 3); got != m.Background {
		t.Errorf("corner %v, want the background %v", got, m.Background)
	}
	for _, a := range m.Areas {
		l, err := layoutArea(m, &a)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(a.Label, func(t *testing.T) {
			tile := l.tile
			// left of the content, at mid-height: the tile colour
			if got := at(tile.Min.X+padPx/2, (tile.Min.Y+tile.Max.Y)/2); got != a.Color {
				t.Errorf("tile at mid-height: %v, want %v", got, a.Color)
			}
			// the band under the tile is darker
			if got := at((tile.Min.X+tile.Max.X)/2, tile.Max.Y+3); got != shade(a.Color, 0.72) {
				t.Errorf("shadow %v, want %v", got, shade(a.Color, 0.72))
			}
			// the rounded corner leaves the background
			if got := at(tile.Min.X+1, tile.Min.Y+1); got != m.Background {
				t.Errorf("tile corner %v, want the background", got)
			}
			ink := Ink(a.Color)
			label := image.Rect(tile.Min.X, int(l.baseline[0]-emAbove*l.size), tile.Max.X, int(l.baseline[len(l.baseline)-1]+0.12*l.size))
			if share := inkShare(img, label, ink); share < 0.04 || share > 0.5 {
				t.Errorf("label band %v: %.3f of the pixels in ink, want some but not all", label, share)
			}
			icon := image.Rect(int(l.iconX), int(l.iconY), int(l.iconX+l.iconSide), int(l.iconY+l.iconSide))
			if share := inkShare(img, icon, ink); share < 0.15 {
				t.Errorf("icon %v: %.3f of the pixels in ink", icon, share)
			}
			// nothing is drawn between the icon and the label
			gap := image.Rect(tile.Min.X, icon.Max.Y+4, tile.Max.X, label.Min.Y-4)
			if share := inkShare(img, gap, ink); share != 0 {
				t.Errorf("ink between icon and label: %.3f", share)
			}
		})
	}
}

// inkShare is the share of the pixels of r that are (nearly) c.
func inkShare(img image.Image, r image.Rectangle, c color.RGBA) float64 {
	n, k := 0, 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			n++
			p := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			if absDiff(p.R, c.R) < 8 && absDiff(p.G, c.G) < 8 && absDiff(p.B, c.B) < 8 {
				k++
			}
		}
	}
	if n == 0 {
		return 0
	}
	return float64(k) / float64(n)
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

// TestLabelText: the label drawn is the label given: a different label
// of the same length gives a different picture, the same one the same.
func TestLabelText(t *testing.T) {
	m, err := Parse([]byte(validYAML), testCommands)
	if err != nil {
		t.Fatal(err)
	}
	a, err := PNG(m)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := PNG(m)
	if !bytes.Equal(a, b) {
		t.Error("two renders differ")
	}
	m.Areas[2].Label = "やすむ"
	c, _ := PNG(m)
	if bytes.Equal(a, c) {
		t.Error("a different label draws the same image")
	}
}

func TestIconsAndInk(t *testing.T) {
	for _, tt := range []struct {
		tile color.RGBA
		ink  color.RGBA
	}{
		{color.RGBA{0x1D, 0x6F, 0x42, 0xFF}, inkLight},
		{color.RGBA{0xFF, 0xE0, 0x82, 0xFF}, inkDark},
		{color.RGBA{0xFF, 0xFF, 0xFF, 0xFF}, inkDark},
		{color.RGBA{0, 0, 0, 0xFF}, inkLight},
	} {
		if got := Ink(tt.tile); got != tt.ink {
			t.Errorf("Ink(%v) = %v, want %v", tt.tile, got, tt.ink)
		}
	}
	bg := color.RGBA{0x2A, 0x5C, 0xAA, 0xFF}
	for _, name := range Icons {
		img := image.NewRGBA(image.Rect(0, 0, 200, 200))
		drawIcon(img, name, iconBox{20, 20, 160}, inkLight, bg)
		box := image.Rect(20, 20, 180, 180)
		share := inkShare(img, box, inkLight)
		outside := inkShare(img, image.Rect(0, 0, 200, 14), inkLight) + inkShare(img, image.Rect(0, 186, 200, 200), inkLight)
		if share < 0.2 || share > 0.8 || outside != 0 {
			t.Errorf("%s: %.2f of its box in ink, %.2f outside", name, share, outside)
		}
	}
}
