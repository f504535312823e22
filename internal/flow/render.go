package flow

import (
	"fmt"
	"strings"

	"github.com/n-csw/tsunagu/internal/consult"
)

// view is the data of every template: {{.V.ch}}, {{.Place.Name}},
// {{.Hotline.Number}}, {{.Topic.Label}}, {{.T "key"}}, {{.TopicOf "dv"}}.
type view struct {
	t *turn
	// V holds the session variables (and the vars of a Notice).
	V map[string]string
	// Place is the place shown: the item of an each over places, else the
	// current place (var pl, else the main place of var ch, else the council).
	Place *PlaceView
	// Hotline is the item of an each over hotlines.
	Hotline *HotlineView
	// Council is the 社会福祉協議会.
	Council *PlaceView
	// Topic is what flows/ says about the channel of var ch.
	Topic topic
}

// T renders the text named key (section texts:) with the same data.
func (v view) T(key string) (string, error) {
	tm, ok := v.t.e.p.texts[key]
	if !ok {
		return "", fmt.Errorf("unknown text %q", key)
	}
	return v.t.exec(tm, v)
}

// TopicOf is what flows/ says about channel ch.
func (v view) TopicOf(ch string) topic { return v.t.e.p.topics[consult.Channel(ch)] }

// item is one element of a source (a place or a hotline).
type item struct {
	place   *PlaceView
	hotline *HotlineView
}

func (t *turn) view(it *item) view {
	pc := t.places()
	v := view{t: t, V: t.s.Vars, Place: pc.current, Council: pc.council,
		Topic: t.e.p.topics[consult.Channel(t.v(varChannel))]}
	if it != nil {
		if it.place != nil {
			v.Place = it.place
		}
		v.Hotline = it.hotline
	}
	return v
}

// render executes a template; errors are kept for flows check and give "".
func (t *turn) render(tm *tmpl, it *item, origin string) string {
	if tm == nil {
		return ""
	}
	if tm.t == nil {
		return tm.src
	}
	s, err := t.exec(tm, t.view(it))
	if err != nil {
		t.errs = append(t.errs, fmt.Errorf("%s: %w", origin, err))
		return ""
	}
	return s
}

func (t *turn) exec(tm *tmpl, v view) (string, error) {
	if tm.t == nil {
		return tm.src, nil
	}
	var b strings.Builder
	if err := tm.t.Execute(&b, v); err != nil {
		return "", err
	}
	return strings.TrimSpace(b.String()), nil
}

// say renders messages.
func (t *turn) say(origin string, ms []*msg) {
	for _, m := range ms {
		if m.cond != nil && !t.eval(m.cond) {
			continue
		}
		items := []*item{nil}
		if m.each != "" {
			items = limit(t.items(m.each), m.max)
		}
		for _, it := range items {
			if m.card != "" {
				if out, ok := t.card(t.e.p.cards[m.card], it, origin); ok {
					t.add(out, origin)
				}
				continue
			}
			if s := t.render(m.text, it, origin); s != "" {
				t.add(consult.OutMessage{Text: s}, origin)
			}
		}
	}
}

func limit(items []*item, max int) []*item {
	if max > 0 && len(items) > max {
		return items[:max]
	}
	return items
}

// card renders a card template; empty lines and buttons whose label or
// target renders empty are left out.
func (t *turn) card(cd *card, it *item, origin string) (consult.OutMessage, bool) {
	if cd == nil {
		t.errs = append(t.errs, fmt.Errorf("%s: unknown card", origin))
		return consult.OutMessage{}, false
	}
	o := origin + " card " + cd.name
	c := &consult.Card{Title: t.render(cd.title, it, o), Subtitle: t.render(cd.subtitle, it, o), Tone: cd.tone}
	for _, ln := range cd.lines {
		if ln.cond != nil && !t.eval(ln.cond) {
			continue
		}
		sub := []*item{it}
		if ln.each != "" {
			sub = limit(t.items(ln.each), ln.max)
		}
		for _, x := range sub {
			if s := t.render(ln.text, x, o); s != "" {
				c.Lines = append(c.Lines, s)
			}
		}
	}
	for _, b := range cd.buttons {
		if b.cond != nil && !t.eval(b.cond) {
			continue
		}
		sub := []*item{it}
		if b.each != "" {
			sub = limit(t.items(b.each), b.max)
		}
		for _, x := range sub {
			if a, ok := t.button(b, x, o); ok && len(c.Buttons) < 4 {
				c.Buttons = append(c.Buttons, a)
			}
		}
	}
	if c.Title == "" {
		t.errs = append(t.errs, fmt.Errorf("%s: empty title", o))
		return consult.OutMessage{}, false
	}
	alt := t.render(cd.alt, it, o)
	if alt == "" {
		alt = c.Title
	}
	return consult.OutMessage{Card: c, AltText: alt}, true
}

func (t *turn) button(b button, it *item, origin string) (consult.Action, bool) {
	label := t.render(b.label, it, origin)
	if label == "" {
		return consult.Action{}, false
	}
	a := consult.Action{Label: label}
	switch {
	case b.call != nil:
		a.Kind, a.URI = consult.ActionURI, TelURI(t.render(b.call, it, origin))
		if a.URI == "" {
			return a, false
		}
	case b.uri != nil:
		a.Kind, a.URI = consult.ActionURI, t.render(b.uri, it, origin)
		if !strings.HasPrefix(a.URI, "tel:") && !strings.HasPrefix(a.URI, "https://") {
			if a.URI != "" {
				t.errs = append(t.errs, fmt.Errorf("%s: URI %q is not tel: or https:", origin, a.URI))
			}
			return a, false
		}
	case b.entry != "":
		arg := ""
		if b.arg != nil {
			if arg = t.render(b.arg, it, origin); arg == "" {
				return a, false
			}
		}
		a.Kind, a.Data, a.DisplayText = consult.ActionPostback, postbackEntry(b.entry, arg), label
	case b.command != "":
		a.Kind, a.Data, a.DisplayText = consult.ActionPostback, postbackCommand(b.command), label
	case b.followup != "":
		var id int64
		if _, err := fmt.Sscan(t.v("case"), &id); err != nil || id <= 0 {
			t.errs = append(t.errs, fmt.Errorf("%s: follow-up button without a case ID (var case)", origin))
			return a, false
		}
		a.Kind, a.Data, a.DisplayText = consult.ActionPostback, postbackFollowup(id, b.followup), label
	default:
		return a, false
	}
	return a, true
}

// Hotlines are the crisis lines of var cr, open ones first, at most max
// (0: all), for titles and altText: {{range .Hotlines 4}}{{.Number}}{{end}}.
func (v view) Hotlines(max int) []*HotlineView {
	var out []*HotlineView
	for _, it := range limit(v.t.items("hotlines"), max) {
		out = append(out, it.hotline)
	}
	return out
}

// AfterHours are the lines that help with var ch's matters now.
func (v view) AfterHours(max int) []*HotlineView {
	var out []*HotlineView
	for _, it := range limit(v.t.items("after-hours"), max) {
		out = append(out, it.hotline)
	}
	return out
}

// AllHotlines lists every hotline of the directory.
func (v view) AllHotlines() []*HotlineView {
	var out []*HotlineView
	for _, it := range v.t.items("all-hotlines") {
		out = append(out, it.hotline)
	}
	return out
}
