// Package directory is the channel directory of tsunagu: for each
// consultation channel the places residents can call (name, reading, what
// they help with, phone, address, opening hours, source and date of the
// facts, Slack channel for handoffs), and the crisis and out-of-hours lines
// with their hours. It reads flows/channels.yaml, computes "open now" in
// Asia/Tokyo with Japanese national holidays (package holiday) and the New
// Year closing, and says when a place opens next. It does no I/O beyond
// reading the given file system.
package directory

import (
	"fmt"
	"io/fs"
	"slices"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
)

// Directory is the loaded, validated channel directory. It is read-only and
// safe for concurrent use.
type Directory struct {
	places   []Place
	hotlines []Hotline
	council  int
	crises   map[consult.Crisis][]int  // indexes into hotlines, in order
	after    map[consult.Channel][]int // indexes into hotlines, in order
	labels   labelsYAML
}

// Load reads and validates channels.yaml from fsys (flows.FS in
// production). The error lists every problem with its line, entry and field.
func Load(fsys fs.FS) (*Directory, error) {
	data, err := fs.ReadFile(fsys, FileName)
	if err != nil {
		return nil, fmt.Errorf("load directory: %w", err)
	}
	d, err := parse(data)
	if err != nil {
		return nil, fmt.Errorf("load directory: %w", err)
	}
	return d, nil
}

// Council returns the council's main contact (西東京市社会福祉協議会).
func (d *Directory) Council() Place { return d.places[d.council] }

// Places returns the places of a channel, the main one first.
func (d *Directory) Places(ch consult.Channel) []Place {
	var out []Place
	for _, p := range d.places {
		if p.Channel == ch {
			out = append(out, p)
		}
	}
	return out
}

// Place returns the place with the given id.
func (d *Directory) Place(id string) (Place, bool) {
	for _, p := range d.places {
		if p.ID == id {
			return p, true
		}
	}
	return Place{}, false
}

// Hotline returns the line with the given id.
func (d *Directory) Hotline(id string) (Hotline, bool) {
	for _, h := range d.hotlines {
		if h.ID == id {
			return h, true
		}
	}
	return Hotline{}, false
}

// Hotlines returns the lines to show for a crisis kind, most important
// first, whatever the time (check Hours.Status to say which are open).
// NoCrisis has none.
func (d *Directory) Hotlines(k consult.Crisis) []Hotline { return d.pick(d.crises[k]) }

// AfterHours returns the lines that fit the channel's needs and are open at
// t, in the order of channels.yaml (24-hour lines included). Lines whose
// hours are unknown are left out: they cannot be said to be open.
func (d *Directory) AfterHours(ch consult.Channel, t time.Time) []Hotline {
	var out []Hotline
	for _, h := range d.pick(d.after[ch]) {
		if h.Hours.Status(t).Open {
			out = append(out, h)
		}
	}
	return out
}

// All returns every place in file order.
func (d *Directory) All() []Place { return slices.Clone(d.places) }

// AllHotlines returns every line in file order.
func (d *Directory) AllHotlines() []Hotline { return slices.Clone(d.hotlines) }

func (d *Directory) pick(idx []int) []Hotline {
	var out []Hotline
	for _, i := range idx {
		out = append(out, d.hotlines[i])
	}
	return out
}
