// Package flowdir adapts *directory.Directory to the conversation's view
// (flow.Directory, flow.CheckDirectory).
package flowdir

import (
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
	"github.com/n-csw/tsunagu/internal/directory"
	"github.com/n-csw/tsunagu/internal/flow"
)

// Wrap returns d as a flow.CheckDirectory.
func Wrap(d *directory.Directory) flow.CheckDirectory { return dir{d} }

type dir struct{ d *directory.Directory }

type schedule struct{ s directory.Schedule }

func (s schedule) Status(t time.Time) flow.Status {
	st := s.s.Status(t)
	return flow.Status{Open: st.Open, Always: st.Always, Unknown: st.Unknown, Until: st.Until, NextOpen: st.NextOpen}
}

func place(p directory.Place) flow.Place {
	return flow.Place{ID: p.ID, Channel: p.Channel, Name: p.Name, Reading: p.Reading, Helps: p.Helps,
		Phone: p.Phone, PhoneConfirmed: p.PhoneConfirmed, Address: p.Address, AddressNote: p.AddressNote,
		HoursText: p.HoursText, Hours: schedule{p.Hours}, Source: p.Source, Checked: p.Checked, Note: p.Note}
}

func hotline(h directory.Hotline) flow.Hotline {
	return flow.Hotline{ID: h.ID, Name: h.Name, Number: h.Number, TelURI: h.TelURI, HoursText: h.HoursText,
		Hours: schedule{h.Hours}, Crises: h.Crises, Channels: h.Channels, Note: h.Note}
}

func places(ps []directory.Place) []flow.Place {
	out := make([]flow.Place, len(ps))
	for i, p := range ps {
		out[i] = place(p)
	}
	return out
}

func hotlines(hs []directory.Hotline) []flow.Hotline {
	out := make([]flow.Hotline, len(hs))
	for i, h := range hs {
		out[i] = hotline(h)
	}
	return out
}

func (w dir) Council() flow.Place                      { return place(w.d.Council()) }
func (w dir) Places(ch consult.Channel) []flow.Place   { return places(w.d.Places(ch)) }
func (w dir) Hotlines(k consult.Crisis) []flow.Hotline { return hotlines(w.d.Hotlines(k)) }
func (w dir) AllHotlines() []flow.Hotline              { return hotlines(w.d.AllHotlines()) }
func (w dir) All() []flow.Place                        { return places(w.d.All()) }
func (w dir) Stale(now time.Time) []string             { return w.d.Stale(now) }
func (w dir) AfterHours(ch consult.Channel, t time.Time) []flow.Hotline {
	return hotlines(w.d.AfterHours(ch, t))
}

func (w dir) Place(id string) (flow.Place, bool) {
	p, ok := w.d.Place(id)
	return place(p), ok
}
