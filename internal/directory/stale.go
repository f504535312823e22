package directory

import (
	"fmt"
	"time"
)

// Stale returns warnings for coordinators, in file order: entries whose
// facts were checked more than 12 months before now or carry no date
// (unverified), places without a confirmed phone, hours that are unknown,
// and each entry's own check note. `tsunagu flows check` prints them.
func (d *Directory) Stale(now time.Time) []string {
	var out []string
	for _, p := range d.places {
		name := fmt.Sprintf("place %q", p.ID)
		out = append(out, staleness(name, p.Checked, now)...)
		if !p.PhoneConfirmed {
			out = append(out, name+": phone not confirmed: residents are sent to the council's number")
		}
		out = append(out, notes(name, p.Hours, p.Check)...)
	}
	for _, h := range d.hotlines {
		name := fmt.Sprintf("hotline %q", h.ID)
		out = append(out, staleness(name, h.Checked, now)...)
		out = append(out, notes(name, h.Hours, h.Check)...)
	}
	return out
}

func staleness(name string, checked, now time.Time) []string {
	switch {
	case checked.IsZero():
		return []string{name + ": unverified: the source gives no date (checked is empty)"}
	case checked.AddDate(1, 0, 0).Before(now):
		return []string{fmt.Sprintf("%s: checked %s, more than 12 months ago", name, checked.Format(time.DateOnly))}
	}
	return nil
}

func notes(name string, hours Schedule, check string) []string {
	var out []string
	if hours.Unknown {
		out = append(out, name+": opening hours unknown")
	}
	if check != "" {
		out = append(out, name+": to check: "+check)
	}
	return out
}
