package richmenu

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
)

// Ink colours of labels and icons: whichever contrasts more with the tile.
var (
	inkLight = color.RGBA{0xFF, 0xFF, 0xFF, 0xFF}
	inkDark  = color.RGBA{0x1A, 0x1A, 0x1A, 0xFF}
)

// MaxImageBytes is LINE's limit for a rich menu image.
const MaxImageBytes = 1 << 20

// Render draws the menu: the background, a rounded tile per area with a
// darker band under it (a button), its icon and its label.
func Render(m *Menu) (*image.RGBA, error) {
	img := image.NewRGBA(image.Rect(0, 0, m.Width, m.Height))
	draw.Draw(img, img.Bounds(), image.NewUniform(m.Background), image.Point{}, draw.Src)
	f, err := embeddedFace()
	if err != nil {
		return nil, err
	}
	s := float64(scaleOf(m))
	for i := range m.Areas {
		a := &m.Areas[i]
		l, err := layoutArea(m, a)
		if err != nil {
			return nil, fmt.Errorf("draw areas[%d]: %w", i, err)
		}
		t := l.tile
		sh := int(math.Round(shadowPx * s))
		fill(img, t.Add(image.Pt(0, sh)), shade(a.Color, 0.72), func(p *pen) {
			p.roundRect(float64(t.Min.X), float64(t.Min.Y+sh), float64(t.Max.X), float64(t.Max.Y+sh), radiusPx*s)
		})
		fill(img, t, a.Color, func(p *pen) {
			p.roundRect(float64(t.Min.X), float64(t.Min.Y), float64(t.Max.X), float64(t.Max.Y), radiusPx*s)
		})
		ink := Ink(a.Color)
		if a.Icon != "" {
			drawIcon(img, a.Icon, iconBox{float64(l.iconX), float64(l.iconY), float64(l.iconSide)}, ink, a.Color)
		}
		text := image.Rect(t.Min.X, int(l.baseline[0]-l.size), t.Max.X, int(l.baseline[len(l.lines)-1]+l.size/2))
		fill(img, text, ink, func(p *pen) {
			for j, ln := range l.lines {
				x, y := p.xy(l.lineX[j], l.baseline[j])
				f.text(p.z, ln, x, y, l.size)
			}
		})
	}
	return img, nil
}

// PNG renders the menu and encodes it; it fails if the image is over
// LINE's 1 MB.
func PNG(m *Menu) ([]byte, error) {
	img, err := Render(m)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.DefaultCompression}).Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("encode rich menu image: %w", err)
	}
	if buf.Len() > MaxImageBytes {
		return nil, fmt.Errorf("rich menu image of %d bytes > %d", buf.Len(), MaxImageBytes)
	}
	return buf.Bytes(), nil
}

// Ink is the colour of the label and icon on a tile of colour c: white or
// near-black, whichever has the higher contrast ratio (WCAG 2).
func Ink(c color.RGBA) color.RGBA {
	l := luminance(c)
	if (1.05)/(l+0.05) >= (l+0.05)/(luminance(inkDark)+0.05) {
		return inkLight
	}
	return inkDark
}

// Contrast is the WCAG 2 contrast ratio of two colours (1 to 21).
func Contrast(a, b color.RGBA) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

func luminance(c color.RGBA) float64 {
	lin := func(v uint8) float64 {
		x := float64(v) / 255
		if x <= 0.04045 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// shade darkens c by factor k.
func shade(c color.RGBA, k float64) color.RGBA {
	return color.RGBA{uint8(float64(c.R) * k), uint8(float64(c.G) * k), uint8(float64(c.B) * k), 0xFF}
}
