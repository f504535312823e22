package console

import (
	"fmt"
	"math"
)

// chart is an SVG chart laid out in Go and drawn by the "chart" template:
// rectangles, text and grid lines in a W×H view box. No script, no styles
// inline: colours come from the classes s0, s1, … in console.css.
type chart struct {
	W, H   float64
	Rects  []rect
	Texts  []text
	Grid   []line
	Legend []legendItem
}

type rect struct {
	X, Y, W, H float64
	Class      string
	Title      string
}

type text struct {
	X, Y   float64
	S      string
	Anchor string
	Class  string
}

type line struct{ X1, Y1, X2, Y2 float64 }

type legendItem struct {
	X, Y  float64
	Class string
	Name  string
}

// series is one stacked layer of a column chart.
type series struct {
	Name   string
	Class  string
	Values []float64
}

func r1(v float64) float64 { return math.Round(v*10) / 10 }

// niceMax rounds v up to 1, 2 or 5 times a power of ten (at least 1).
func niceMax(v float64) float64 {
	if v <= 1 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if v <= m*p {
			return m * p
		}
	}
	return 10 * p
}

func fmtValue(v float64) string {
	if v == math.Trunc(v) {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.1f", v)
}

// countScale is the top of an axis of counts: 4, 8, 20, 40, 80, 200 …, so
// that the four grid lines fall on whole numbers.
func countScale(peak float64) float64 { return 4 * niceMax(peak/4) }

// percentScale is the top of an axis of percentages.
func percentScale(float64) float64 { return 100 }

// columns lays out stacked columns, one per label, with a legend on top and
// four grid lines up to scale(the highest stack).
func columns(labels []string, ss []series, scaleOf func(peak float64) float64) chart {
	const w, h, left, right, top, bottom = 720.0, 280.0, 44.0, 8.0, 36.0, 28.0
	c := chart{W: w, H: h}
	totals := make([]float64, len(labels))
	for _, s := range ss {
		for i, v := range s.Values {
			if i < len(totals) {
				totals[i] += v
			}
		}
	}
	peak := 0.0
	for _, t := range totals {
		peak = max(peak, t)
	}
	scale := scaleOf(peak)
	plotH, plotW := h-top-bottom, w-left-right
	y := func(v float64) float64 { return top + plotH - v/scale*plotH }
	for g := 0; g <= 4; g++ {
		v := scale * float64(g) / 4
		c.Grid = append(c.Grid, line{X1: left, Y1: r1(y(v)), X2: w - right, Y2: r1(y(v))})
		c.Texts = append(c.Texts, text{X: left - 6, Y: r1(y(v) + 4), S: fmtValue(v), Anchor: "end", Class: "axis"})
	}
	if len(labels) == 0 {
		return c
	}
	slot := plotW / float64(len(labels))
	bw := math.Min(slot*0.6, 48)
	for i, lab := range labels {
		x := left + slot*float64(i) + (slot-bw)/2
		base := 0.0
		for _, s := range ss {
			if i >= len(s.Values) || s.Values[i] <= 0 {
				continue
			}
			v := s.Values[i]
			c.Rects = append(c.Rects, rect{X: r1(x), Y: r1(y(base + v)), W: r1(bw), H: r1(y(base) - y(base+v)),
				Class: s.Class, Title: fmt.Sprintf("%s %s: %s", lab, s.Name, fmtValue(v))})
			base += v
		}
		c.Texts = append(c.Texts, text{X: r1(x + bw/2), Y: h - 10, S: lab, Anchor: "middle", Class: "axis"})
		if totals[i] > 0 {
			c.Texts = append(c.Texts, text{X: r1(x + bw/2), Y: r1(y(totals[i]) - 4), S: fmtValue(totals[i]), Anchor: "middle", Class: "value"})
		}
	}
	for i, s := range ss {
		c.Legend = append(c.Legend, legendItem{X: left + float64(i)*150, Y: 8, Class: s.Class, Name: s.Name})
	}
	return c
}

// hbars lays out one horizontal bar per label, the value at its end.
func hbars(labels []string, values []float64, class string) chart {
	const w, left, right, row, top = 720.0, 230.0, 60.0, 26.0, 8.0
	c := chart{W: w, H: top*2 + row*float64(len(labels))}
	peak := 0.0
	for _, v := range values {
		peak = max(peak, v)
	}
	scale := niceMax(peak)
	plotW := w - left - right
	for i, lab := range labels {
		y := top + row*float64(i)
		v := 0.0
		if i < len(values) {
			v = values[i]
		}
		bw := v / scale * plotW
		c.Texts = append(c.Texts, text{X: left - 8, Y: r1(y + row*0.65), S: lab, Anchor: "end", Class: "axis"})
		if bw > 0 {
			c.Rects = append(c.Rects, rect{X: left, Y: r1(y + 4), W: r1(bw), H: row - 8, Class: class,
				Title: fmt.Sprintf("%s: %s", lab, fmtValue(v))})
		}
		c.Texts = append(c.Texts, text{X: r1(left + bw + 6), Y: r1(y + row*0.65), S: fmtValue(v), Anchor: "start", Class: "value"})
	}
	return c
}
