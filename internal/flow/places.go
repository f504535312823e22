package flow

import (
	"fmt"
	"sort"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
)

// PlaceView is a place as templates see it.
type PlaceView struct {
	ID, Channel, Name, Reading, Helps string
	// Phone is the place's own number, "" when not confirmed.
	Phone string
	// Call is the number to call: the place's, or the council's when the
	// place has no confirmed number.
	Call                            string
	Address, AddressNote, HoursText string
	Note                            string
	// Status is the "open now" phrase (status: section).
	Status string
	// Open is true when open now or always.
	Open bool
	// HoursUnknown is true when the directory does not know the hours (the
	// status phrase already says to ask by phone).
	HoursUnknown bool
	// Topic is what flows/ says about the place's channel.
	Topic topic
	state string // yes, no, unknown
}

// HotlineView is a hotline as templates see it.
type HotlineView struct {
	ID, Name, Number, TelURI, HoursText, Note string
	Status                                    string
	Open                                      bool
	state                                     string
}

// placeCache holds the views of one turn, rebuilt when ch or pl change.
type placeCache struct {
	current, council *PlaceView
	items            map[string][]*item
}

func (t *turn) places() *placeCache {
	if t.cache != nil {
		return t.cache
	}
	d := t.e.d
	pc := &placeCache{items: map[string][]*item{}}
	council := d.Council()
	pc.council = t.placeView(council, council)
	pc.current = pc.council
	if id := t.v(varPlace); id != "" {
		if pl, ok := d.Place(id); ok {
			pc.current = t.placeView(pl, council)
		}
	} else if ch := consult.Channel(t.v(varChannel)); ch.Valid() && ch != "" {
		if ps := d.Places(ch); len(ps) > 0 {
			pc.current = t.placeView(ps[0], council)
		}
	}
	t.cache = pc
	return pc
}

func (t *turn) placeView(p, council Place) *PlaceView {
	v := &PlaceView{ID: p.ID, Channel: string(p.Channel), Name: p.Name, Reading: p.Reading, Helps: p.Helps,
		Address: p.Address, AddressNote: p.AddressNote, HoursText: p.HoursText, Note: p.Note,
		Topic: t.e.p.topics[p.Channel]}
	if p.PhoneConfirmed && p.Phone != "" {
		v.Phone, v.Call = p.Phone, p.Phone
	} else {
		v.Call = council.Phone
	}
	v.Status, v.state = t.status(p.Hours)
	v.Open, v.HoursUnknown = v.state == "yes", v.state == "unknown"
	return v
}

func (t *turn) hotlineView(h Hotline) *HotlineView {
	v := &HotlineView{ID: h.ID, Name: h.Name, Number: h.Number, TelURI: h.TelURI, HoursText: h.HoursText, Note: h.Note}
	if v.TelURI == "" {
		v.TelURI = TelURI(h.Number)
	}
	v.Status, v.state = t.status(h.Hours)
	v.Open = v.state == "yes"
	return v
}

// items returns the elements of a source for each:.
func (t *turn) items(source string) []*item {
	pc := t.places()
	if its, ok := pc.items[source]; ok {
		return its
	}
	d := t.e.d
	council := d.Council()
	ch := consult.Channel(t.v(varChannel))
	var out []*item
	switch source {
	case "places":
		if ch.Valid() && ch != "" {
			for _, p := range d.Places(ch) {
				out = append(out, &item{place: t.placeView(p, council)})
			}
		}
	case "other-places":
		seen := map[string]bool{pc.current.ID: true}
		var ps []Place
		if ch.Valid() && ch != "" {
			ps = append(ps, d.Places(ch)...)
		}
		if ru := consult.Channel(t.v(varRunnerUp)); ru.Valid() && ru != "" && ru != ch {
			if rp := d.Places(ru); len(rp) > 0 {
				ps = append(ps, rp[0])
			}
		}
		for _, p := range ps {
			if !seen[p.ID] {
				seen[p.ID] = true
				out = append(out, &item{place: t.placeView(p, council)})
			}
		}
	case "hotlines":
		if k := consult.Crisis(t.v(varCrisis)); k != consult.NoCrisis && k.Valid() {
			out = t.hotlineItems(d.Hotlines(k), true)
		}
	case "after-hours":
		if ch.Valid() && ch != "" {
			out = t.hotlineItems(d.AfterHours(ch, t.in.Now), false)
		}
	case "all-hotlines":
		out = t.hotlineItems(d.AllHotlines(), false)
	}
	pc.items[source] = out
	return out
}

// hotlineItems makes items of hotlines; openFirst puts the lines open now
// first (then those of unknown hours, then the closed ones), keeping the
// directory's order within each group.
func (t *turn) hotlineItems(hs []Hotline, openFirst bool) []*item {
	out := make([]*item, 0, len(hs))
	for _, h := range hs {
		out = append(out, &item{hotline: t.hotlineView(h)})
	}
	if openFirst {
		rank := map[string]int{"yes": 0, "unknown": 1, "no": 2}
		sort.SliceStable(out, func(i, j int) bool { return rank[out[i].hotline.state] < rank[out[j].hotline.state] })
	}
	return out
}

// statusData is the data of the status: phrases.
type statusData struct {
	Until, At, Weekday string
	Month, Day         int
}

// status renders the "open now" phrase of a schedule and its state
// (yes: open or always, no: closed, unknown).
func (t *turn) status(sch Schedule) (string, string) {
	p := t.e.p
	if sch == nil || t.in.Now.IsZero() {
		return t.phrase("unknown", statusData{}), "unknown"
	}
	st := sch.Status(t.in.Now)
	switch {
	case st.Always:
		return t.phrase("always", statusData{}), "yes"
	case st.Unknown:
		return t.phrase("unknown", statusData{}), "unknown"
	case st.Open && st.Until.IsZero():
		return t.phrase("open-no-end", statusData{}), "yes"
	case st.Open:
		return t.phrase("open", statusData{Until: clock(st.Until)}), "yes"
	case st.NextOpen.IsZero():
		return t.phrase("closed", statusData{}), "no"
	}
	next := st.NextOpen.In(jst)
	d := statusData{At: clock(next), Month: int(next.Month()), Day: next.Day()}
	if len(p.weekdays) == 7 {
		d.Weekday = p.weekdays[next.Weekday()]
	}
	days := dayNumber(next) - dayNumber(t.now)
	switch {
	case days <= 0:
		return t.phrase("closed-today", d), "no"
	case days == 1:
		return t.phrase("closed-tomorrow", d), "no"
	case days < 7:
		return t.phrase("closed-week", d), "no"
	}
	return t.phrase("closed-date", d), "no"
}

func (t *turn) phrase(name string, d statusData) string {
	tm := t.e.p.status[name]
	if tm == nil {
		return ""
	}
	if tm.t == nil {
		return tm.src
	}
	s, err := t.exec(tm, view{t: t, V: map[string]string{
		"until": d.Until, "at": d.At, "weekday": d.Weekday,
		"month": fmt.Sprint(d.Month), "day": fmt.Sprint(d.Day)}})
	if err != nil {
		t.errs = append(t.errs, fmt.Errorf("status %s: %w", name, err))
		return ""
	}
	return s
}

// clock formats a time of day in Japan as 8:30 or 17:00.
func clock(tm time.Time) string {
	tm = tm.In(jst)
	return fmt.Sprintf("%d:%02d", tm.Hour(), tm.Minute())
}

func dayNumber(tm time.Time) int {
	y, m, d := tm.In(jst).Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}
