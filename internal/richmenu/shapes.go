package richmenu

import (
	"image"
	"image/color"
	"math"
	"sync"

	"golang.org/x/image/vector"
)

// rasterizers are reused: a tile's buffer is a few MB.
var rasterizers = sync.Pool{New: func() any { return &vector.Rasterizer{} }}

// pen adds paths in image coordinates to a rasterizer that covers box.
// Shapes overlapping in the same direction unite; a shape drawn reversed
// inside another cuts a hole.
type pen struct {
	z    *vector.Rasterizer
	box  image.Rectangle
	open bool
	// t, when set, maps the coordinates given to image coordinates; it
	// must be a similarity (rotation, uniform scale, shift) for arcs to
	// stay round.
	t *affine
}

// affine maps (x, y) to (a·x + b·y + c, d·x + e·y + f).
type affine struct{ a, b, c, d, e, f float64 }

// similarity scales by k, turns by angle (radians, clockwise on screen)
// and moves the origin to (x, y).
func similarity(k, angle, x, y float64) *affine {
	cs, sn := k*math.Cos(angle), k*math.Sin(angle)
	return &affine{cs, -sn, x, sn, cs, y}
}

// then is the map that applies t, then u.
func (t *affine) then(u *affine) *affine {
	return &affine{
		u.a*t.a + u.b*t.d, u.a*t.b + u.b*t.e, u.a*t.c + u.b*t.f + u.c,
		u.d*t.a + u.e*t.d, u.d*t.b + u.e*t.e, u.d*t.c + u.e*t.f + u.f,
	}
}

// fill draws what build adds, in c, clipped to box (inside img).
func fill(img *image.RGBA, box image.Rectangle, c color.Color, build func(p *pen)) {
	box = box.Intersect(img.Bounds())
	if box.Empty() {
		return
	}
	z := rasterizers.Get().(*vector.Rasterizer)
	defer rasterizers.Put(z)
	z.Reset(box.Dx(), box.Dy())
	p := &pen{z: z, box: box}
	build(p)
	p.closePath()
	z.Draw(img, box, image.NewUniform(c), image.Point{})
}

func (p *pen) xy(x, y float32) (float32, float32) {
	if t := p.t; t != nil {
		fx, fy := float64(x), float64(y)
		x, y = float32(t.a*fx+t.b*fy+t.c), float32(t.d*fx+t.e*fy+t.f)
	}
	return x - float32(p.box.Min.X), y - float32(p.box.Min.Y)
}

func (p *pen) moveTo(x, y float32) {
	p.closePath()
	p.z.MoveTo(p.xy(x, y))
	p.open = true
}

func (p *pen) lineTo(x, y float32) { p.z.LineTo(p.xy(x, y)) }

func (p *pen) cubeTo(ax, ay, bx, by, cx, cy float32) {
	ax, ay = p.xy(ax, ay)
	bx, by = p.xy(bx, by)
	cx, cy = p.xy(cx, cy)
	p.z.CubeTo(ax, ay, bx, by, cx, cy)
}

func (p *pen) closePath() {
	if p.open {
		p.z.ClosePath()
		p.open = false
	}
}

// arc continues the path with a circular arc from angle a0 to a1 (radians,
// y down: a growing angle turns clockwise on screen), drawing a line to its
// start first.
func (p *pen) arc(cx, cy, r, a0, a1 float64) {
	n := int(math.Ceil(math.Abs(a1-a0) / (math.Pi / 2)))
	n = max(n, 1)
	d := (a1 - a0) / float64(n)
	h := 4.0 / 3 * math.Tan(d/4) * r
	pt := func(a float64) (float64, float64) { return cx + r*math.Cos(a), cy + r*math.Sin(a) }
	x, y := pt(a0)
	if !p.open {
		p.moveTo(float32(x), float32(y))
	} else {
		p.lineTo(float32(x), float32(y))
	}
	for i := 0; i < n; i++ {
		t0, t1 := a0+float64(i)*d, a0+float64(i+1)*d
		x0, y0 := pt(t0)
		x3, y3 := pt(t1)
		p.cubeTo(float32(x0-h*math.Sin(t0)), float32(y0+h*math.Cos(t0)),
			float32(x3+h*math.Sin(t1)), float32(y3-h*math.Cos(t1)), float32(x3), float32(y3))
	}
}

// circle adds a circle, clockwise on screen, or counter-clockwise when
// reversed (a hole).
func (p *pen) circle(cx, cy, r float64, reversed bool) {
	p.closePath()
	if reversed {
		p.arc(cx, cy, r, 2*math.Pi, 0)
	} else {
		p.arc(cx, cy, r, 0, 2*math.Pi)
	}
	p.closePath()
}

// roundRect adds a rectangle with rounded corners, clockwise on screen.
func (p *pen) roundRect(x0, y0, x1, y1, r float64) {
	r = min(r, (x1-x0)/2, (y1-y0)/2)
	p.closePath()
	p.arc(x1-r, y0+r, r, -math.Pi/2, 0)
	p.arc(x1-r, y1-r, r, 0, math.Pi/2)
	p.arc(x0+r, y1-r, r, math.Pi/2, math.Pi)
	p.arc(x0+r, y0+r, r, math.Pi, 3*math.Pi/2)
	p.closePath()
}

// band adds a ring sector with round ends: the stroke, w wide, of the arc
// of radius r from a0 to a1 (a0 < a1).
func (p *pen) band(cx, cy, r, w, a0, a1 float64) {
	h := w / 2
	end := func(a float64) (float64, float64) { return cx + r*math.Cos(a), cy + r*math.Sin(a) }
	p.closePath()
	p.arc(cx, cy, r+h, a0, a1)
	ex, ey := end(a1)
	p.arc(ex, ey, h, a1, a1+math.Pi)
	p.arc(cx, cy, r-h, a1, a0)
	sx, sy := end(a0)
	p.arc(sx, sy, h, a0+math.Pi, a0+2*math.Pi)
	p.closePath()
}

// capsule adds a stroke w wide with round ends from (x0, y0) to (x1, y1).
func (p *pen) capsule(x0, y0, x1, y1, w float64) {
	a := math.Atan2(y1-y0, x1-x0)
	h := w / 2
	p.closePath()
	p.arc(x1, y1, h, a-math.Pi/2, a+math.Pi/2)
	p.arc(x0, y0, h, a+math.Pi/2, a+3*math.Pi/2)
	p.closePath()
}

// polygon adds a closed polygon.
func (p *pen) polygon(pts ...[2]float64) {
	p.closePath()
	for i, q := range pts {
		if i == 0 {
			p.moveTo(float32(q[0]), float32(q[1]))
		} else {
			p.lineTo(float32(q[0]), float32(q[1]))
		}
	}
	p.closePath()
}
