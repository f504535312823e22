package directory

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/n-csw/tsunagu/internal/consult"
)

// parse decodes and validates channels.yaml.
func parse(data []byte) (*Directory, error) {
	f, lines, err := decode(data)
	if err != nil {
		return nil, err
	}
	var c checker
	if f.Version != 1 {
		c.add(FileName, "version", fmt.Sprintf("%d is not supported (want 1)", f.Version))
	}
	d := &Directory{council: -1, crises: map[consult.Crisis][]int{}, after: map[consult.Channel][]int{}}
	d.labels = f.Labels.check(&c)
	seen := map[string]string{}
	for i, py := range f.Places {
		where := entryWhere(lines, "places", i, "place", py.ID)
		checkID(&c, where, py.ID, seen)
		d.places = append(d.places, py.place(&c, where))
		if py.ID == f.Council && f.Council != "" {
			d.council = i
		}
	}
	for i, hy := range f.Hotlines {
		where := entryWhere(lines, "hotlines", i, "hotline", hy.ID)
		checkID(&c, where, hy.ID, seen)
		d.hotlines = append(d.hotlines, hy.hotline(&c, where))
	}
	d.checkCouncil(&c, f)
	for _, ch := range consult.Channels() {
		if len(d.Places(ch)) == 0 {
			c.add(FileName, "places", fmt.Sprintf("no place for channel %q", ch))
		}
	}
	d.link(&c, f)
	if err := c.err(); err != nil {
		return nil, err
	}
	return d, nil
}

// checkID requires a unique lower-case id across places and hotlines.
func checkID(c *checker, where, id string, seen map[string]string) {
	switch {
	case id == "":
		c.add(where, "id", "missing")
	case !idPattern.MatchString(id):
		c.add(where, "id", fmt.Sprintf("%q is not lower-case letters, digits and hyphens", id))
	case seen[id] != "":
		c.add(where, "id", fmt.Sprintf("%q is already used at %s", id, seen[id]))
	default:
		seen[id] = where
	}
}

// checkCouncil checks the council entry and gives places without a
// confirmed phone the council's number and the note to ask there.
func (d *Directory) checkCouncil(c *checker, f fileYAML) {
	if d.council < 0 {
		c.add(FileName, "council", fmt.Sprintf("%q is not the id of a place", f.Council))
		return
	}
	council := d.places[d.council]
	if !council.PhoneConfirmed {
		c.add(FileName, "council", "the council's place has no phone")
		return
	}
	if !strings.Contains(f.UnconfirmedNote, council.Phone) {
		c.add(FileName, "unconfirmed_note", fmt.Sprintf("must give the council's number %s", council.Phone))
	}
	for i := range d.places {
		p := &d.places[i]
		if p.PhoneConfirmed {
			continue
		}
		p.Phone, p.TelURI = council.Phone, council.TelURI
		if p.Note == "" {
			p.Note = f.UnconfirmedNote
		} else if !strings.Contains(p.Note, council.Phone) {
			c.add(fmt.Sprintf("%s: place %q", FileName, p.ID), "note",
				fmt.Sprintf("has no phone of its own: the note must give the council's number %s", council.Phone))
		}
	}
}

// link fills the crisis and after-hours lists and each line's Crises and
// Channels.
func (d *Directory) link(c *checker, f fileYAML) {
	index := map[string]int{}
	for i, h := range d.hotlines {
		index[h.ID] = i
	}
	resolve := func(field string, ids []string) []int {
		var out []int
		for _, id := range ids {
			i, ok := index[id]
			if !ok {
				c.add(FileName, field, fmt.Sprintf("%q is not the id of a hotline", id))
				continue
			}
			out = append(out, i)
		}
		return out
	}
	for _, k := range consult.Crises() {
		if len(f.Crises[string(k)]) == 0 {
			c.add(FileName, "crises", fmt.Sprintf("no lines for crisis %q", k))
		}
	}
	for _, key := range slices.Sorted(maps.Keys(f.Crises)) {
		ids := f.Crises[key]
		k := consult.Crisis(key)
		if k == consult.NoCrisis || !k.Valid() {
			c.add(FileName, "crises", fmt.Sprintf("unknown crisis kind %q", key))
			continue
		}
		d.crises[k] = resolve("crises."+key, ids)
		for _, i := range d.crises[k] {
			d.hotlines[i].Crises = append(d.hotlines[i].Crises, k)
		}
	}
	for _, key := range slices.Sorted(maps.Keys(f.AfterHours)) {
		ids := f.AfterHours[key]
		ch, err := consult.ParseChannel(key)
		if err != nil || ch == "" {
			c.add(FileName, "after_hours", fmt.Sprintf("unknown channel %q", key))
			continue
		}
		d.after[ch] = resolve("after_hours."+key, ids)
		for _, i := range d.after[ch] {
			d.hotlines[i].Channels = append(d.hotlines[i].Channels, ch)
		}
	}
	// Keep Crises and Channels in taxonomy order.
	for i := range d.hotlines {
		h := &d.hotlines[i]
		h.Crises = ordered(consult.Crises(), h.Crises)
		h.Channels = ordered(consult.Channels(), h.Channels)
	}
}

func ordered[T comparable](order, set []T) []T {
	var out []T
	for _, v := range order {
		for _, s := range set {
			if s == v {
				out = append(out, v)
				break
			}
		}
	}
	return out
}
