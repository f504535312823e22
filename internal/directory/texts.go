package directory

import "fmt"

// Text is one text of the directory that residents may read.
type Text struct {
	// Where names the entry and field: `place "nodoka": helps`.
	Where string
	Text  string
}

// ResidentTexts lists every text residents may read (what a place helps
// with, notes, address notes, hours, the unconfirmed-phone note), so that
// `tsunagu flows check` can measure them against yasashii-nihongo.md.
// Official names, readings, sources and the coordinators' check notes are
// not included: they are not written in やさしい日本語.
func (d *Directory) ResidentTexts() []Text {
	var out []Text
	add := func(where, field, text string) {
		if text != "" {
			out = append(out, Text{Where: where + ": " + field, Text: text})
		}
	}
	for _, p := range d.places {
		where := fmt.Sprintf("place %q", p.ID)
		add(where, "helps", p.Helps)
		add(where, "address_note", p.AddressNote)
		add(where, "hours.text", p.HoursText)
		add(where, "note", p.Note)
	}
	for _, h := range d.hotlines {
		where := fmt.Sprintf("hotline %q", h.ID)
		add(where, "hours.text", h.HoursText)
		add(where, "note", h.Note)
	}
	return out
}
