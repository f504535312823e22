package richmenu

import (
	"image"
	"image/color"
	"math"
)

// icon draws one of Icons in the square of side s at (x, y): the shape in
// ink, details cut out in the tile colour bg.
type iconBox struct {
	x, y, s float64
}

// u and v map unit coordinates of the square to the image.
func (b iconBox) u(t float64) float64 { return b.x + t*b.s }
func (b iconBox) v(t float64) float64 { return b.y + t*b.s }
func (b iconBox) rect() image.Rectangle {
	return image.Rect(int(b.x)-2, int(b.y)-2, int(b.x+b.s)+3, int(b.y+b.s)+3)
}

func drawIcon(img *image.RGBA, name string, b iconBox, ink, bg color.Color) {
	r := b.rect()
	switch name {
	case "chat":
		fill(img, r, ink, func(p *pen) {
			p.roundRect(b.u(0.04), b.v(0.10), b.u(0.96), b.v(0.74), 0.18*b.s)
			p.polygon([2]float64{b.u(0.22), b.v(0.70)}, [2]float64{b.u(0.44), b.v(0.70)}, [2]float64{b.u(0.14), b.v(0.94)})
		})
		fill(img, r, bg, func(p *pen) {
			for _, x := range []float64{0.29, 0.5, 0.71} {
				p.circle(b.u(x), b.v(0.42), 0.07*b.s, false)
			}
		})
	case "person":
		fill(img, r, ink, func(p *pen) {
			p.circle(b.u(0.5), b.v(0.27), 0.21*b.s, false)
			p.moveTo(float32(b.u(0.10)), float32(b.v(0.96)))
			p.cubeTo(float32(b.u(0.10)), float32(b.v(0.68)), float32(b.u(0.28)), float32(b.v(0.55)), float32(b.u(0.5)), float32(b.v(0.55)))
			p.cubeTo(float32(b.u(0.72)), float32(b.v(0.55)), float32(b.u(0.90)), float32(b.v(0.68)), float32(b.u(0.90)), float32(b.v(0.96)))
			p.closePath()
		})
	case "phone":
		fill(img, r, ink, func(p *pen) { phone(p, b) })
	case "question":
		fill(img, r, ink, func(p *pen) { p.circle(b.u(0.5), b.v(0.5), 0.48*b.s, false) })
		drawGlyphCentered(img, '?', b.u(0.5), b.v(0.5), 0.64*b.s, bg)
	case "stop":
		fill(img, r, ink, func(p *pen) { p.circle(b.u(0.5), b.v(0.5), 0.48*b.s, false) })
		fill(img, r, bg, func(p *pen) {
			p.capsule(b.u(0.31), b.v(0.31), b.u(0.69), b.v(0.69), 0.13*b.s)
			p.capsule(b.u(0.69), b.v(0.31), b.u(0.31), b.v(0.69), 0.13*b.s)
		})
	case "restart":
		// An arrow turning back (counter-clockwise) to where it began.
		cx, cy, rr, w := b.u(0.5), b.v(0.57), 0.35*b.s, 0.13*b.s
		a0, a1 := -95*math.Pi/180, 200*math.Pi/180
		fill(img, r, ink, func(p *pen) {
			p.band(cx, cy, rr, w, a0, a1)
			// the head at a0, pointing along the counter-clockwise tangent
			ex, ey := cx+rr*math.Cos(a0), cy+rr*math.Sin(a0)
			tx, ty := math.Sin(a0), -math.Cos(a0) // direction of travel
			nx, ny := -ty, tx
			h, l := 0.19*b.s, 0.22*b.s
			p.polygon([2]float64{ex + tx*l, ey + ty*l}, [2]float64{ex + nx*h - tx*0.02*b.s, ey + ny*h - ty*0.02*b.s}, [2]float64{ex - nx*h - tx*0.02*b.s, ey - ny*h - ty*0.02*b.s})
		})
	}
}

// drawGlyphCentered draws one character with its outline's box centred
// on (cx, cy), its height h.
func drawGlyphCentered(img *image.RGBA, ch rune, cx, cy, h float64, c color.Color) {
	f, err := embeddedFace()
	if err != nil || f.glyphs[ch] == nil {
		return
	}
	g := f.glyphs[ch]
	minX, minY, maxX, maxY := float32(math.MaxFloat32), float32(math.MaxFloat32), float32(-math.MaxFloat32), float32(-math.MaxFloat32)
	for _, sg := range g.segs {
		for _, q := range sg.p[:pointsOf(sg.op)] {
			minX, minY, maxX, maxY = min(minX, q.x), min(minY, q.y), max(maxX, q.x), max(maxY, q.y)
		}
	}
	size := float32(h) / (maxY - minY) * f.upem
	k := size / f.upem
	x := float32(cx) - (minX+maxX)/2*k
	y := float32(cy) - (minY+maxY)/2*k
	box := image.Rect(int(cx-h), int(cy-h), int(cx+h)+1, int(cy+h)+1)
	fill(img, box, c, func(p *pen) {
		bx, by := p.xy(x, y)
		f.text(p.z, string(ch), bx, by, size)
	})
}

// phone draws a handset: drawn lying with its handle arching up and the
// ear and mouth pieces facing down, then turned so that it lies from the
// bottom right to the top left, facing the top right.
func phone(p *pen, b iconBox) {
	deg := math.Pi / 180
	base := similarity(1, 0, 0, -0.08).then(similarity(0.92*b.s, -135*deg, b.u(0.45), b.v(0.55)))
	const r, cy = 0.60, 0.50
	p.t = base
	p.band(0, cy, r, 0.20, -127*deg, -53*deg)
	for _, end := range []struct{ a, out float64 }{{-127 * deg, -1}, {-53 * deg, 1}} {
		ex, ey := r*math.Cos(end.a), cy+r*math.Sin(end.a)
		// inwards (towards the face) and along the handle, outwards
		ex, ey = ex-0.07*math.Cos(end.a)-end.out*0.07*math.Sin(end.a), ey-0.07*math.Sin(end.a)+end.out*0.07*math.Cos(end.a)
		p.t = similarity(1, end.a+90*deg, ex, ey).then(base)
		p.roundRect(-0.19, -0.13, 0.19, 0.13, 0.09)
	}
	p.t = nil
}
