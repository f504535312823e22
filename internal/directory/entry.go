package directory

import (
	"fmt"
	"strings"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
)

// place converts and checks one entry of places.
func (py placeYAML) place(c *checker, where string) Place {
	report := func(field, msg string) { c.add(where, field, msg) }
	p := Place{
		ID: py.ID, Name: py.Name, Reading: py.Reading, Helps: py.Helps,
		Address: py.Address, AddressNote: py.AddressNote, HoursText: py.Hours.Text,
		Source: py.Source, SlackChannel: py.SlackChannel, Note: py.Note, Check: py.Check,
	}
	ch, err := consult.ParseChannel(py.Channel)
	switch {
	case py.Channel == "":
		report("channel", "missing")
	case err != nil:
		report("channel", fmt.Sprintf("unknown channel ID %q (see docs/taxonomy.md)", py.Channel))
	}
	p.Channel = ch
	required(report, "name", py.Name)
	required(report, "helps", py.Helps)
	if !kanaOnly(py.Reading) {
		report("reading", fmt.Sprintf("%q is not kana only", py.Reading))
	}
	if py.Phone != "" {
		tel, err := TelURI(py.Phone)
		if err != nil {
			report("phone", err.Error())
		}
		p.Phone, p.PhoneConfirmed, p.TelURI = py.Phone, err == nil, tel
	}
	if py.SlackChannel != "" && !slackPattern.MatchString(py.SlackChannel) {
		report("slack_channel", fmt.Sprintf("%q is neither a channel ID (C0123ABCD) nor #name", py.SlackChannel))
	}
	p.Hours = py.Hours.schedule(report)
	p.Checked = sourced(report, py.Source, py.Checked)
	return p
}

// hotline converts and checks one entry of hotlines.
func (hy hotlineYAML) hotline(c *checker, where string) Hotline {
	report := func(field, msg string) { c.add(where, field, msg) }
	h := Hotline{
		ID: hy.ID, Name: hy.Name, Number: hy.Number, HoursText: hy.Hours.Text,
		Note: hy.Note, Source: hy.Source, Check: hy.Check,
	}
	required(report, "name", hy.Name)
	if hy.Number == "" {
		report("number", "missing")
	} else if tel, err := TelURI(hy.Number); err != nil {
		report("number", err.Error())
	} else {
		h.TelURI = tel
	}
	h.Hours = hy.Hours.schedule(report)
	h.Checked = sourced(report, hy.Source, hy.Checked)
	return h
}

func required(report func(field, msg string), field, value string) {
	if strings.TrimSpace(value) == "" {
		report(field, "missing")
	}
}

// sourced requires a source and parses the checked date.
func sourced(report func(field, msg string), source, checked string) time.Time {
	required(report, "source", source)
	t, err := parseChecked(checked)
	if err != nil {
		report("checked", err.Error())
	}
	return t
}
