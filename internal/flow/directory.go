package flow

import (
	"strings"
	"time"

	"github.com/n-csw/tsunagu/internal/consult"
)

// Directory is what the conversation needs of the channel directory
// (internal/directory, flows/channels.yaml). Its types are the
// conversation's own view of a place and a hotline, so that this package
// does not depend on how the directory is stored; the wiring adapts
// *directory.Directory to it.
type Directory interface {
	// Council is the 社会福祉協議会 itself, the fallback for every channel.
	Council() Place
	// Places of a channel, the main one first.
	Places(ch consult.Channel) []Place
	// Place by ID.
	Place(id string) (Place, bool)
	// Hotlines to call in a crisis of kind k, most important first.
	Hotlines(k consult.Crisis) []Hotline
	// AfterHours are the lines that help with a channel's matters at t,
	// when the channel itself is closed.
	AfterHours(ch consult.Channel, t time.Time) []Hotline
	// AllHotlines lists every hotline (the 電話番号 command shows them).
	AllHotlines() []Hotline
}

// Place is a consultation place of the directory.
type Place struct {
	ID      string
	Channel consult.Channel
	Name    string
	Reading string
	Helps   string
	Phone   string
	// PhoneConfirmed is false when the number could not be sourced: the
	// conversation then gives the council's number instead.
	PhoneConfirmed bool
	Address        string
	AddressNote    string
	HoursText      string
	Hours          Schedule
	Source         string
	Checked        time.Time
	Note           string
}

// Hotline is a phone line for crises and after hours.
type Hotline struct {
	ID        string
	Name      string
	Number    string
	TelURI    string
	HoursText string
	Hours     Schedule
	Crises    []consult.Crisis
	Channels  []consult.Channel
	Note      string
}

// Schedule tells whether a place or line is open at a time.
type Schedule interface {
	Status(t time.Time) Status
}

// Status is the opening state at one time. Until is when an open place
// closes; NextOpen when a closed one opens (zero when not known).
type Status struct {
	Open, Always, Unknown bool
	Until, NextOpen       time.Time
}

// TelURI turns a phone number as written ("042-497-5061", "#7119") into a
// tel: URI that LINE accepts: digits and a leading +, # as %23.
func TelURI(number string) string {
	var b strings.Builder
	for i, r := range number {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= '０' && r <= '９':
			b.WriteRune('0' + (r - '０'))
		case r == '#' || r == '＃':
			b.WriteString("%23")
		case r == '+' && i == 0:
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return "tel:" + b.String()
}
