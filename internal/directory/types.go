package directory

import (
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
)

// Place is one consultation desk of the directory (an HSDS "service at
// location"): who it helps, how to call, where it is, when it is open, and
// where the facts come from. Text fields are shown to residents and are
// written in やさしい日本語 in flows/channels.yaml.
type Place struct {
	ID      string
	Channel consult.Channel
	// Name is the official name; Reading is its reading in kana.
	Name, Reading string
	// Helps says what the place helps with.
	Helps string
	// Phone is the number to call as written ("042-438-4023"). When the
	// place's own number is not confirmed, Phone is the council's number,
	// PhoneConfirmed is false and Note tells residents to ask there.
	Phone          string
	PhoneConfirmed bool
	// TelURI is Phone as a tel: URI for a LINE URI action.
	TelURI string
	// Address as written; AddressNote says what residents should know about
	// it (e.g. that the place must be confirmed by phone). Both may be empty.
	Address, AddressNote string
	// HoursText is the opening hours for residents (rule 6 of
	// yasashii-nihongo.md); Hours is the same as a schedule.
	HoursText string
	Hours     Schedule
	// Source is where the facts were read; Checked is when (zero when the
	// source gives no date: the entry is unverified). A date given to the
	// month or year only is the first day of that month or year.
	Source  string
	Checked time.Time
	// SlackChannel receives the place's handoffs; empty means the default
	// channel (SLACK_DEFAULT_CHANNEL).
	SlackChannel string
	// Note is extra text for residents.
	Note string
	// Check is for coordinators: what still has to be confirmed. It is
	// never shown to residents; Stale reports it.
	Check string
}

// Hotline is a crisis or out-of-hours telephone line.
type Hotline struct {
	ID, Name string
	// Number as written ("#7119", "0120-279-338"); TelURI is the tel: URI
	// for it ("tel:%237119", "tel:0120279338").
	Number, TelURI string
	// HoursText is the hours for residents; Hours the same as a schedule.
	HoursText string
	Hours     Schedule
	// Crises are the crisis kinds the line is shown for; Channels the
	// consultation channels it stands in for when they are closed.
	Crises   []consult.Crisis
	Channels []consult.Channel
	// Note is extra text for residents.
	Note string
	// Source, Checked and Check as in Place.
	Source  string
	Checked time.Time
	Check   string
}
